//! The document model the cleaner produces: what a reader sees of a source article.

use std::ops::Range;

/// One cleaned book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The book's title (from YAML front matter, the bold lead term of a wiki article, an
    /// EPUB's metadata, or a plain text's first line).
    pub title: String,
    /// The author, where the source names one (an EPUB's `dc:creator`): shown as a meta line
    /// under the title.
    pub author: Option<String>,
    /// The language the source declares (an EPUB's `dc:language`, e.g. `zh-TW`), if any.
    pub language: Option<String>,
    /// The blocks in reading order.
    pub blocks: Vec<Block>,
    /// The files inside the source that blocks come from, for messages (an EPUB's content
    /// documents, `OEBPS/ch01.xhtml`); empty for a single-file source. See [`Block::part`].
    pub parts: Vec<String>,
    /// What the reader kept but found odd (markup-like text kept as written, say): the
    /// compiler reports each with its place ([`Document::take_warnings`]) and clears them.
    pub warnings: Vec<Warning>,
}

/// Something a reader kept but found odd, and where: [`Document::location_of`] formats the
/// place, so that the reader need not know the file's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The 1-based line of the source (of the part) it is about.
    pub line: usize,
    /// Which of [`Document::parts`] the line is in (0 for a single-file source).
    pub part: usize,
    /// What is odd, without the place (``markup-like text `](` kept as written``).
    pub message: String,
}

impl Document {
    /// A document with a title and blocks, and no author, language or parts.
    pub fn new(title: String, blocks: Vec<Block>) -> Self {
        Document {
            title,
            author: None,
            language: None,
            blocks,
            parts: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Notes a warning about line `line` of part `part`.
    pub fn warn(&mut self, line: usize, part: usize, message: impl Into<String>) {
        self.warnings.push(Warning {
            line,
            part,
            message: message.into(),
        });
    }

    /// The warnings as messages (`file:line: …`, see [`Document::location_of`]), taken out of
    /// the document.
    ///
    /// ```
    /// use moye_compiler::document::Document;
    ///
    /// let mut document = Document::new("书".into(), Vec::new());
    /// document.warn(7, 0, "markup-like text `](` kept as written");
    /// assert_eq!(
    ///     document.take_warnings("books/a.md"),
    ///     ["books/a.md:7: markup-like text `](` kept as written"]
    /// );
    /// assert!(document.warnings.is_empty());
    /// ```
    pub fn take_warnings(&mut self, file: &str) -> Vec<String> {
        let warnings = std::mem::take(&mut self.warnings);
        warnings
            .into_iter()
            .map(|w| format!("{}: {}", self.location_of(file, w.part, w.line), w.message))
            .collect()
    }

    /// Where `block` comes from, for messages: `file:line`, or `file/part:line` for a block of
    /// a file inside the source (`books/x.epub/OEBPS/ch01.xhtml:12`).
    pub fn location(&self, file: &str, block: &Block) -> String {
        self.location_of(file, block.part, block.line)
    }

    /// Line `line` of part `part` of the source, for messages: `file:line`, or
    /// `file/part:line` when the source has parts.
    pub fn location_of(&self, file: &str, part: usize, line: usize) -> String {
        match self.parts.get(part) {
            Some(part) => format!("{file}/{part}:{line}"),
            None => format!("{file}:{line}"),
        }
    }
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
    /// Which of [`Document::parts`] the line is in (0 for a single-file source).
    pub part: usize,
}

impl Block {
    /// A block of `kind` without emphasis, from line `line` of the source's first part.
    pub fn new(kind: BlockKind, text: String, line: usize) -> Self {
        Block {
            kind,
            text,
            emphasis: Vec::new(),
            line,
            part: 0,
        }
    }
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
