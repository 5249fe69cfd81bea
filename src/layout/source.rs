//! The text a layout reads: blocks of characters, their kinds and their emphasis.
//!
//! The layout never sees the library blob. The blob reader implements [`Source`] for a book's
//! rendition; tests, benchmarks and the simulator can use [`StrSource`] over string slices.

use crate::format::BlockKind;
use core::iter::Skip;
use core::str::Chars;

/// One character as a [`Source`] yields it: the character, and the id the library's fonts
/// know it by when the source has one, so that its glyph is found without a search.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SourceChar {
    /// The character.
    pub c: char,
    /// Its id in the library the text comes from (see [`crate::format`]), or `None` for text
    /// that is not the library's. A [`Fonts`](super::Fonts) implementation may use it in
    /// place of `c`; [`FontSet`](crate::glyphs::FontSet) checks that it stands for `c`.
    pub id: Option<u16>,
}

impl SourceChar {
    /// `c`, without an id.
    pub const fn new(c: char) -> Self {
        SourceChar { c, id: None }
    }
}

/// The text of one book as the layout reads it: numbered blocks of characters.
///
/// Offsets count Unicode scalar values, as [`Position`](crate::Position) does.
///
/// Seeking may cost O(`from`), since a real source decodes a variable-length byte stream: the
/// line breaker calls [`Source::chars`] once when it starts at a position, goes on to each
/// following block with [`Source::next_block_chars`], and only moves forward (cloning the
/// iterator to look ahead).
pub trait Source {
    /// A forward iterator over a block's characters. Cloning it must be cheap: the breaker
    /// clones it to look a few characters ahead. The breaker skips the characters of each line
    /// it delivers with [`Iterator::nth`], which a source may make cheaper than reading them.
    type Chars<'s>: Iterator<Item = SourceChar> + Clone
    where
        Self: 's;

    /// How many blocks the book has.
    fn block_count(&self) -> u16;

    /// The kind of block `block` (a paragraph for an index out of range).
    fn block_kind(&self, block: u16) -> BlockKind;

    /// How many characters block `block` holds (0 for an index out of range).
    fn block_len(&self, block: u16) -> u16;

    /// How many characters the blocks before block `block` hold, if the source knows without
    /// adding them up (for `block` at the block count, all of them). The default does not.
    fn block_start(&self, block: u16) -> Option<u32> {
        let _ = block;
        None
    }

    /// The characters of block `block` from offset `from` to the block's end; empty if the
    /// block or the offset is out of range.
    fn chars(&self, block: u16, from: u16) -> Self::Chars<'_>;

    /// The characters of block `block` from its start, given `ended`, the characters of
    /// block `block − 1` (or of the empty block before it) read or skipped to their end: a
    /// source whose blocks lie end to end can read on from there instead of seeking. The
    /// default seeks.
    fn next_block_chars<'s>(&'s self, block: u16, ended: Self::Chars<'s>) -> Self::Chars<'s> {
        let _ = ended;
        self.chars(block, 0)
    }

    /// Whether block `block` has any emphasized character: when not, a drawing sink's glyphs
    /// are not asked about one by one. The default says yes.
    fn has_emphasis(&self, block: u16) -> bool {
        let _ = block;
        true
    }

    /// Whether the character at `offset` in block `block` is emphasized (set in bold).
    ///
    /// Called once for each glyph a drawing sink receives, never while only measuring.
    fn is_emphasized(&self, block: u16, offset: u16) -> bool;

    /// How many ids the source's characters have (ids are `0..id_count`); 0, the default, for
    /// a source without ids.
    fn id_count(&self) -> u16 {
        0
    }

    /// The character of id `id`, if there is one.
    fn id_char(&self, id: u16) -> Option<char> {
        let _ = id;
        None
    }

    /// Counting's fast path: reads `chars` on by the ids alone of the characters
    /// [`Iterator::next`] would yield, at most `max` of them, while `take` accepts them, and
    /// stops before the first it refuses (or at the block's end). Returns how many it read,
    /// or `None` for a source that does not read by ids (the default, which reads nothing).
    fn scan_ids<'s>(
        &'s self,
        chars: &mut Self::Chars<'s>,
        max: u16,
        take: impl FnMut(u16) -> bool,
    ) -> Option<u16> {
        let _ = (chars, max, take);
        None
    }
}

/// An emphasized run of characters: offsets `start..end` of block `block`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmphasisSpan {
    /// The block the run is in.
    pub block: u16,
    /// The offset of the run's first character.
    pub start: u16,
    /// The offset just after the run's last character.
    pub end: u16,
}

/// A [`Source`] over borrowed `(kind, text)` pairs, with optional emphasis spans.
///
/// ```
/// use moye::format::BlockKind;
/// use moye::layout::{Source, StrSource};
///
/// let blocks = [(BlockKind::Heading2, "歷史"), (BlockKind::Paragraph, "自從两国於1992年建交後")];
/// let source = StrSource::new(&blocks);
/// assert_eq!(source.block_count(), 2);
/// assert_eq!(source.block_len(1), 13);
/// assert_eq!(source.chars(1, 5).map(|ch| ch.c).collect::<String>(), "1992年建交後");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct StrSource<'a> {
    blocks: &'a [(BlockKind, &'a str)],
    emphasis: &'a [EmphasisSpan],
}

impl<'a> StrSource<'a> {
    /// A source whose blocks are `blocks`, without emphasis.
    pub const fn new(blocks: &'a [(BlockKind, &'a str)]) -> Self {
        StrSource {
            blocks,
            emphasis: &[],
        }
    }

    /// The same source with the runs in `emphasis` emphasized.
    pub const fn with_emphasis(self, emphasis: &'a [EmphasisSpan]) -> Self {
        StrSource {
            blocks: self.blocks,
            emphasis,
        }
    }

    fn text(&self, block: u16) -> &'a str {
        self.blocks
            .get(usize::from(block))
            .map_or("", |(_, text)| *text)
    }
}

/// The characters of a [`StrSource`] block, without ids.
#[derive(Clone, Debug)]
pub struct StrChars<'a> {
    chars: Skip<Chars<'a>>,
}

impl Iterator for StrChars<'_> {
    type Item = SourceChar;

    fn next(&mut self) -> Option<SourceChar> {
        self.chars.next().map(SourceChar::new)
    }

    fn nth(&mut self, n: usize) -> Option<SourceChar> {
        self.chars.nth(n).map(SourceChar::new)
    }
}

impl Source for StrSource<'_> {
    type Chars<'s>
        = StrChars<'s>
    where
        Self: 's;

    fn block_count(&self) -> u16 {
        u16::try_from(self.blocks.len()).unwrap_or(u16::MAX)
    }

    fn block_kind(&self, block: u16) -> BlockKind {
        self.blocks
            .get(usize::from(block))
            .map_or(BlockKind::Paragraph, |(kind, _)| *kind)
    }

    fn block_len(&self, block: u16) -> u16 {
        u16::try_from(self.text(block).chars().count()).unwrap_or(u16::MAX)
    }

    fn chars(&self, block: u16, from: u16) -> Self::Chars<'_> {
        StrChars {
            chars: self.text(block).chars().skip(usize::from(from)),
        }
    }

    fn has_emphasis(&self, block: u16) -> bool {
        self.emphasis.iter().any(|span| span.block == block)
    }

    fn is_emphasized(&self, block: u16, offset: u16) -> bool {
        self.emphasis
            .iter()
            .any(|span| span.block == block && (span.start..span.end).contains(&offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_reads_as_empty() {
        let blocks = [(BlockKind::Meta, "发布：文泓")];
        let source = StrSource::new(&blocks);
        assert_eq!(source.block_kind(0), BlockKind::Meta);
        assert_eq!(source.block_kind(7), BlockKind::Paragraph);
        assert_eq!(source.block_len(7), 0);
        assert_eq!(source.chars(7, 0).count(), 0);
        assert_eq!(source.chars(0, 40).count(), 0);
        assert_eq!(
            source.chars(0, 3).map(|ch| ch.c).collect::<String>(),
            "文泓"
        );
        assert!(source.chars(0, 0).all(|ch| ch.id.is_none()));
    }

    #[test]
    fn emphasis_spans_cover_their_offsets() {
        let blocks = [
            (BlockKind::Paragraph, "11月中旬，哈萨克"),
            (BlockKind::Paragraph, "到2040年"),
        ];
        let spans = [EmphasisSpan {
            block: 1,
            start: 1,
            end: 5,
        }];
        let source = StrSource::new(&blocks).with_emphasis(&spans);
        let marked: Vec<bool> = (0..6).map(|i| source.is_emphasized(1, i)).collect();
        assert_eq!(marked, [false, true, true, true, true, false]);
        assert!(!source.is_emphasized(0, 2));
        assert!(source.has_emphasis(1) && !source.has_emphasis(0));
    }
}
