//! The document model the cleaner produces: what a reader sees of a source article.

use std::ops::Range;

/// One cleaned book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The book's title (from YAML front matter, or the bold lead term of a wiki article).
    pub title: String,
    /// The blocks in reading order.
    pub blocks: Vec<Block>,
}

/// A paragraph-like unit of text: the reader never joins or splits blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// What kind of block this is, which decides how it is typeset.
    pub kind: BlockKind,
    /// The visible text, markup removed. Never contains a line break.
    pub text: String,
    /// Emphasised (bold) spans, as character ranges (not byte ranges) into `text`, sorted and
    /// not overlapping.
    pub emphasis: Vec<Range<usize>>,
    /// The 1-based line of the source file where the block starts, for error messages.
    pub line: usize,
}

/// The kinds of block of CONTENT.md's document model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// A byline or masthead line: set without indent.
    Meta,
    /// A section heading of level 2 (`##`) or 3 (`###`).
    Heading(u8),
    /// Body text.
    Paragraph,
    /// A citation or disclaimer.
    Note,
    /// An item of a bulleted or numbered list.
    ListItem,
}
