//! The inline stream of one block: pulldown-cmark's inline events flattened into one token per
//! visible character (with the source byte it came from) plus the markup around them. Every
//! MediaWiki-export rule is a pass over a `Vec<Inline>` (see [`super`]), and
//! [`super::text`] turns what is left into the block's text.
//!
//! One token per character keeps the passes simple (a reference marker `\[3\]` is three
//! characters whose source shows the escapes) and linear in the length of a block.

use std::ops::Range;

/// The target of a link, as the source wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LinkTarget {
    /// The destination URL or page (`https://zh.wikipedia.org/wiki/北京`, `../Page/马.md`).
    pub url: String,
    /// The title (`wikilink`, `fig:缩略图`), empty if none.
    pub title: String,
    /// Whether it was written as a `[[wikilink]]`.
    pub wikilink: bool,
}

/// One token of a block's inline content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Inline {
    /// A visible character and the source byte it came from.
    Char(char, usize),
    /// Whitespace between words (collapsed to one space, dropped at the block's ends).
    Space,
    /// A soft line break at a source byte (joined by script, see [`super::text`]).
    SoftBreak(usize),
    /// A hard line break or `<br>`: the block is split here.
    LineEnd,
    /// CommonMark strong emphasis opens (`true`) or closes (`false`).
    Strong(bool),
    /// A `**` read by the converter dialect's rule that every `**` toggles bold
    /// (see [`super::bold`]).
    BoldToggle,
    /// A link opens.
    LinkStart(Box<LinkTarget>),
    /// A link closes.
    LinkEnd,
    /// An image (not shipped), at a source byte.
    Image(usize),
    /// A code span opens.
    CodeStart,
    /// A code span closes.
    CodeEnd,
    /// An inline HTML tag or comment as written, at a source byte (see [`super::html`]).
    Html(String, usize),
    /// A footnote reference `[^label]`.
    FootnoteRef(String),
}

impl Inline {
    /// The character, if this is a visible one.
    pub fn char(&self) -> Option<char> {
        match self {
            Inline::Char(c, _) => Some(*c),
            _ => None,
        }
    }
}

/// Appends the characters of a text event: `text` as pulldown-cmark decoded it, from the
/// source bytes `range`. Where the decoded text is the end of its source (escapes such as `\[`
/// drop a leading backslash) each character gets its own source byte; otherwise (an entity
/// `&amp;`) all get the range's start.
pub(crate) fn push_text(out: &mut Vec<Inline>, source: &str, text: &str, range: Range<usize>) {
    let exact = source.get(range.clone()).is_some_and(|s| s.ends_with(text));
    let base = if exact {
        range.end.saturating_sub(text.len())
    } else {
        range.start
    };
    for (offset, c) in text.char_indices() {
        let origin = if exact { base + offset } else { range.start };
        out.push(match c {
            '\n' => Inline::SoftBreak(origin),
            c if c.is_whitespace() || c.is_control() => Inline::Space,
            c => Inline::Char(c, origin),
        });
    }
}

/// Whether the character at source byte `origin` was written with a backslash before it.
pub(crate) fn escaped(source: &str, origin: usize) -> bool {
    origin > 0 && source.as_bytes().get(origin - 1) == Some(&b'\\')
}

/// Byte offsets of line starts, to turn a source byte into a 1-based line number.
#[derive(Clone, Debug)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `source`'s lines.
    pub fn new(source: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex { starts }
    }

    /// The 1-based line holding source byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_characters_keep_their_own_source_byte() {
        // pulldown-cmark gives `[1` for the source `\[1` at 0..3.
        let source = "\\[1\\]";
        let mut out = Vec::new();
        push_text(&mut out, source, "[1", 1..3);
        assert_eq!(out, vec![Inline::Char('[', 1), Inline::Char('1', 2)]);
        assert!(escaped(source, 1));
        assert!(!escaped(source, 2));
    }

    #[test]
    fn decoded_entities_point_at_their_start() {
        let mut out = Vec::new();
        push_text(&mut out, "a&amp;", "&", 1..6);
        assert_eq!(out, vec![Inline::Char('&', 1)]);
        let mut spaces = Vec::new();
        push_text(&mut spaces, "a\tb\nc", "a\tb\nc", 0..5);
        assert_eq!(spaces[1], Inline::Space);
        assert_eq!(spaces[3], Inline::SoftBreak(3));
    }

    #[test]
    fn lines_are_one_based() {
        let index = LineIndex::new("ab\ncd\n\nef");
        assert_eq!(index.line_of(0), 1);
        assert_eq!(index.line_of(2), 1);
        assert_eq!(index.line_of(3), 2);
        assert_eq!(index.line_of(7), 4);
        assert_eq!(index.line_of(999), 4);
    }
}
