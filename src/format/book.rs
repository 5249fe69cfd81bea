//! Books, their renditions and blocks, read in place from the blob.
//!
//! A book stores its text once (see [`wire::BookWire`]); a [`Rendition`] is the same blocks
//! read through one of the three symbol → id maps.

use super::code::{self, Code, Symbols};
use super::elias_fano::{self, EliasFano};
use super::text::{CharTable, Chars, Text};
use super::wire::{self, kind, span, sync, BookWire};
use super::BlockKind;

/// Which form of a book's text to read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Script {
    /// 原文: as written, variant markup resolved to zh-hans.
    Original,
    /// 简体: Simplified Chinese (the default).
    #[default]
    Simplified,
    /// 繁體: Traditional Chinese.
    Traditional,
}

impl Script {
    /// The place of this script's map in [`wire::BookWire::maps`].
    const fn map_index(self) -> usize {
        match self {
            Script::Original => 0,
            Script::Simplified => 1,
            Script::Traditional => 2,
        }
    }
}

/// One book of the library.
#[derive(Clone, Copy, Debug)]
pub struct Book<'a> {
    pub(super) wire: BookWire<'a>,
    pub(super) table: CharTable<'a>,
}

impl<'a> Book<'a> {
    /// The stable key saved positions and bookmarks refer to.
    pub fn key(&self) -> u32 {
        self.wire.key
    }

    /// The book in `script`.
    pub fn rendition(&self, script: Script) -> Rendition<'a> {
        // parse() checked the maps hold three tables of equal length.
        let map_len = self.wire.maps.len() / wire::code::RENDITIONS;
        let at = script.map_index() * map_len;
        Rendition {
            wire: self.wire,
            map: self.wire.maps.get(at..at + map_len).unwrap_or_default(),
            table: self.table,
        }
    }

    /// Bytes of the book's text: the symbols of all three renditions together, titles
    /// included.
    pub fn text_bytes(&self) -> usize {
        self.wire.text.len()
    }

    /// Bytes of the book's code: code lengths, peek table and the three symbol → id maps
    /// (what turns the one text into its three renditions).
    pub fn code_bytes(&self) -> usize {
        let wire = &self.wire;
        wire.code_lengths.len() + wire.peek.len() + wire.maps.len()
    }

    /// Bytes of the book's tables: block starts, block kinds (with the contents), emphasis
    /// spans and sync points.
    pub fn table_bytes(&self) -> usize {
        let wire = &self.wire;
        EliasFano::new(wire.block_starts).bytes()
            + wire.kinds.len()
            + wire.spans.len()
            + EliasFano::new(wire.syncs).bytes()
    }

    /// Characters of the book (title included), which each rendition has as many of.
    pub fn char_count(&self) -> usize {
        let starts = EliasFano::new(self.wire.block_starts);
        starts
            .len()
            .checked_sub(1)
            .and_then(|last| starts.get(last))
            .map_or(0, |count| count as usize)
    }
}

/// A book in one script: title, blocks, emphasis and table of contents.
#[derive(Clone, Copy, Debug)]
pub struct Rendition<'a> {
    wire: BookWire<'a>,
    map: &'a [u8],
    table: CharTable<'a>,
}

impl<'a> Rendition<'a> {
    /// The library's id → character table, which the rendition's ids index.
    pub fn char_table(&self) -> CharTable<'a> {
        self.table
    }

    fn code(&self) -> Code<'a> {
        Code {
            lengths: self.wire.code_lengths,
            peek: self.wire.peek,
            long_start: self.wire.long_start,
        }
    }

    /// The `len` characters from character `at` of the book's text (counted from the
    /// title's first): decoded from the sync point before it, so fewer than [`sync::CHARS`]
    /// symbols are skipped. Empty if the sync point is missing.
    fn text_at(&self, at: u32, len: u16) -> Text<'a> {
        let skip = at & (sync::CHARS - 1);
        let sync = EliasFano::new(self.wire.syncs).get(at >> sync::SHIFT);
        // Past the text's end a reader holds nothing: an empty run.
        let bit = sync.unwrap_or(u32::MAX);
        // `skip` is below CHARS, which fits u16.
        let mut symbols = Symbols::new(self.code(), self.wire.text, bit, skip as u16);
        let skipped = symbols.skip(skip as usize).is_some() && sync.is_some();
        symbols.resume(if skipped { len } else { 0 });
        Text {
            symbols,
            map: self.map,
            table: self.table,
        }
    }

    /// The title.
    pub fn title(&self) -> Text<'a> {
        Text {
            symbols: Symbols::new(self.code(), self.wire.text, 0, self.wire.title_chars),
            map: self.map,
            table: self.table,
        }
    }

    /// How many blocks there are.
    pub fn block_count(&self) -> u16 {
        // parse() checked there is one start more than blocks, and that the count fits u16.
        EliasFano::new(self.wire.block_starts)
            .len()
            .saturating_sub(1) as u16
    }

    /// Block number `index`.
    pub fn block(&self, index: u16) -> Option<Block<'a>> {
        let (start, end) = EliasFano::new(self.wire.block_starts).pair(index.into())?;
        Some(Block {
            index,
            kind: self.block_kind(index),
            start,
            len: u16::try_from(end.checked_sub(start)?).ok()?,
            rendition: *self,
        })
    }

    /// How many characters the blocks before block `index` hold (for `index` at the block
    /// count, all of them); `None` past that.
    pub fn block_start(&self, index: u16) -> Option<u32> {
        let start = EliasFano::new(self.wire.block_starts).get(index.into())?;
        // parse() checked the first start is the title's length.
        start.checked_sub(u32::from(self.wire.title_chars))
    }

    /// Characters of the blocks, the title not included.
    pub fn char_count(&self) -> u32 {
        self.block_start(self.block_count()).unwrap_or(0)
    }

    /// The block that holds the character `at` characters into the blocks (the title not
    /// counted), and the character's offset in it: a binary search of the block starts.
    /// `None` if the blocks have no such character.
    pub fn place_of(&self, at: u32) -> Option<(u16, u16)> {
        if at >= self.char_count() {
            return None;
        }
        // The first block that ends past `at`: it starts at or before `at`, so it holds it.
        let (mut low, mut high) = (0u16, self.block_count());
        while low < high {
            let middle = low + (high - low) / 2;
            let end = self.block_start(middle + 1)?;
            if end > at {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        let offset = at.checked_sub(self.block_start(low)?)?;
        Some((low, u16::try_from(offset).ok()?))
    }

    /// How many characters block `index` holds (0 for an index out of range).
    pub fn block_len(&self, index: u16) -> u16 {
        let starts = EliasFano::new(self.wire.block_starts).pair(index.into());
        starts
            .and_then(|(start, end)| u16::try_from(end.checked_sub(start)?).ok())
            .unwrap_or(0)
    }

    /// The kind of block `index` (a paragraph for an index out of range).
    pub fn block_kind(&self, index: u16) -> BlockKind {
        let record = block_records(self.wire.kinds, kind::LEN, kind::BLOCK, index);
        record
            .get(kind::KIND)
            .map_or(BlockKind::Paragraph, |&code| BlockKind::from_code(code))
    }

    /// The blocks in order.
    pub fn blocks(&self) -> impl Iterator<Item = Block<'a>> + '_ {
        (0..self.block_count()).filter_map(|index| self.block(index))
    }

    /// The table of contents: the block indices of the headings, in order.
    pub fn toc(&self) -> impl Iterator<Item = u16> + 'a {
        self.wire
            .kinds
            .chunks_exact(kind::LEN)
            .filter(|record| {
                record
                    .get(kind::KIND)
                    .is_some_and(|&code| BlockKind::from_code(code).is_heading())
            })
            .filter_map(|record| u16_at(record, kind::BLOCK))
    }

    /// The emphasis span records of block `index`.
    fn spans_of(&self, index: u16) -> &'a [u8] {
        block_records(self.wire.spans, span::LEN, span::BLOCK, index)
    }

    /// Whether block `index` has an emphasized character.
    pub fn has_emphasis(&self, index: u16) -> bool {
        !self.spans_of(index).is_empty()
    }

    /// Whether the character at `offset` of block `index` is emphasized: its spans alone,
    /// without finding the block (a drawing sink asks for every glyph).
    pub fn is_emphasized(&self, index: u16, offset: u16) -> bool {
        emphasis(self.spans_of(index)).any(|span| span.contains(&offset))
    }
}

/// One block: a paragraph, heading, meta line, note or list item.
#[derive(Clone, Copy, Debug)]
pub struct Block<'a> {
    index: u16,
    kind: BlockKind,
    /// Where it starts in the book's text, in characters from the title's first.
    start: u32,
    len: u16,
    rendition: Rendition<'a>,
}

impl<'a> Block<'a> {
    /// What kind of block this is.
    pub fn kind(&self) -> BlockKind {
        self.kind
    }

    /// Its index in the book.
    pub fn index(&self) -> u16 {
        self.index
    }

    /// Its length in characters.
    pub fn len(&self) -> u16 {
        self.len
    }

    /// Whether it has no characters.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Its text (found as [`Block::chars_from`] finds a place).
    pub fn text(&self) -> Text<'a> {
        self.rendition.text_at(self.start, self.len)
    }

    /// Its characters from offset `from` on (none if `from` is past its end). Decoding starts
    /// at the book's last [`sync`] point at or before that place, so it costs fewer than
    /// [`sync::CHARS`] skipped symbols wherever `from` is.
    pub fn chars_from(&self, from: u16) -> Chars<'a> {
        let from = from.min(self.len);
        self.rendition
            .text_at(self.start.saturating_add(u32::from(from)), self.len - from)
            .chars()
    }

    /// Its emphasis spans as character ranges `start..end`, in order.
    pub fn emphasis(&self) -> impl Iterator<Item = core::ops::Range<u16>> + 'a {
        emphasis(self.rendition.spans_of(self.index))
    }

    /// Whether the character at `offset` is emphasised.
    pub fn is_emphasized(&self, offset: u16) -> bool {
        self.rendition.is_emphasized(self.index, offset)
    }
}

/// The character ranges of a block's span records.
fn emphasis(spans: &[u8]) -> impl Iterator<Item = core::ops::Range<u16>> + '_ {
    spans.chunks_exact(span::LEN).filter_map(|record| {
        let start = u16_at(record, span::START)?;
        Some(start..start.saturating_add(u16_at(record, span::LEN_CHARS)?))
    })
}

fn u16_at(record: &[u8], field: core::ops::Range<usize>) -> Option<u16> {
    let bytes = record.get(field)?;
    Some(u16::from_le_bytes([*bytes.first()?, *bytes.get(1)?]))
}

/// The records of block `block` in `table`, a table of `len`-byte records sorted by the u16
/// block index at `field`: a binary search.
fn block_records(table: &[u8], len: usize, field: core::ops::Range<usize>, block: u16) -> &[u8] {
    let count = table.len() / len;
    let block_of = |index: usize| u16_at(table.get(index * len..)?, field.clone());
    let first_at_or_past = |target: u16| {
        let (mut low, mut high) = (0, count);
        while low < high {
            let middle = low + (high - low) / 2;
            if block_of(middle).is_some_and(|b| b < target) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    };
    let start = first_at_or_past(block);
    let end = match block.checked_add(1) {
        Some(next) => first_at_or_past(next),
        None => count,
    };
    table.get(start * len..end * len).unwrap_or_default()
}

/// Checks a book against a library of `char_count` characters: a valid code whose maps name
/// existing characters, block starts from the title's end on whose blocks fit u16, sync
/// points from bit 0 on inside the text, one per [`sync::CHARS`] characters, kinds of
/// existing blocks in order, and spans inside their blocks in order.
pub(super) fn check(book: &BookWire<'_>, char_count: u16) -> bool {
    let code = Code {
        lengths: book.code_lengths,
        peek: book.peek,
        long_start: book.long_start,
    };
    let Some(symbols) = code::check(&code) else {
        return false;
    };
    if book.maps.len() != symbols as usize * wire::code::ENTRY * wire::code::RENDITIONS
        || book.kinds.len() % kind::LEN != 0
        || book.spans.len() % span::LEN != 0
        || book.block_starts.len == 0
        || book.block_starts.len - 1 > u32::from(u16::MAX)
    {
        return false;
    }
    let ids_exist = book
        .maps
        .chunks_exact(wire::code::ENTRY)
        .all(|entry| u16_at(entry, 0..2).is_some_and(|id| id < char_count));
    if !ids_exist {
        return false;
    }
    // Blocks: the first starts where the title ends, none is longer than u16 counts.
    let mut previous: Option<u32> = None;
    let starts = elias_fano::check(book.block_starts, |start| {
        let fits = match previous {
            None => start == u32::from(book.title_chars),
            Some(previous) => start - previous <= u32::from(u16::MAX),
        };
        previous = Some(start);
        fits
    });
    let (Some(starts), Some(chars)) = (starts, previous) else {
        return false;
    };
    // The symbols themselves are not decoded here: that would cost a novel's whole text
    // (about 84 M ARMv6-M instructions, 1.3 s of a Cortex-M0+, at every boot), and the
    // decoder is total: a text the CRC let through corrupted reads as other characters or
    // ends early, never out of bounds. Its length must be what the characters' shortest
    // codes need at least, though, and every sync point inside it.
    let shortest = (1..=wire::code::MAX_LEN)
        .find(|&len| u16_at(book.code_lengths, (len - 1) * 2..len * 2).is_some_and(|n| n > 0))
        .unwrap_or(1) as u64;
    let text_bits = book.text.len() as u64 * 8;
    let sync_count = chars.div_ceil(sync::CHARS);
    let mut first = true;
    let syncs_fit = elias_fano::check(book.syncs, |bit| {
        let fits = if first {
            bit == 0
        } else {
            u64::from(bit) < text_bits
        };
        first = false;
        fits
    });
    u64::from(chars) * shortest <= text_bits
        && book.syncs.len == sync_count
        && syncs_fit.is_some()
        && check_kinds(book.kinds, book.block_starts.len - 1)
        && check_spans(book.spans, &starts)
}

/// Kinds of existing blocks, strictly in block order, none of them a paragraph's.
fn check_kinds(kinds: &[u8], blocks: u32) -> bool {
    let mut previous: Option<u16> = None;
    kinds.chunks_exact(kind::LEN).all(|record| {
        let (Some(block), Some(&code)) = (u16_at(record, kind::BLOCK), record.get(kind::KIND))
        else {
            return false;
        };
        let in_order = previous.is_none_or(|previous| previous < block);
        previous = Some(block);
        in_order && u32::from(block) < blocks && BlockKind::from_code(code) != BlockKind::Paragraph
    })
}

/// Spans sorted by (block, start), not overlapping, each inside its block.
fn check_spans(spans: &[u8], starts: &EliasFano<'_>) -> bool {
    let mut previous_end: Option<(u16, u32)> = None;
    spans.chunks_exact(span::LEN).all(|record| {
        let (Some(index), Some(start), Some(len)) = (
            u16_at(record, span::BLOCK),
            u16_at(record, span::START),
            u16_at(record, span::LEN_CHARS),
        ) else {
            return false;
        };
        let Some((block_start, block_end)) = starts.pair(index.into()) else {
            return false;
        };
        let end = u32::from(start) + u32::from(len);
        let in_order = match previous_end {
            Some((block, last_end)) => {
                block < index || (block == index && last_end <= start.into())
            }
            None => true,
        };
        previous_end = Some((index, end));
        in_order && end <= block_end - block_start
    })
}

#[cfg(test)]
mod tests {
    use crate::format::{Library, Script};

    #[test]
    fn block_starts_and_places_agree_with_the_block_lengths() {
        let library = Library::builtin().unwrap();
        for book in library.books() {
            let rendition = book.rendition(Script::Simplified);
            let mut before = 0u32;
            for index in 0..rendition.block_count() {
                assert_eq!(rendition.block_start(index), Some(before), "block {index}");
                let len = rendition.block_len(index);
                for offset in [0, len / 2, len.saturating_sub(1)]
                    .into_iter()
                    .filter(|&o| o < len)
                {
                    let at = before + u32::from(offset);
                    assert_eq!(rendition.place_of(at), Some((index, offset)), "char {at}");
                }
                before += u32::from(len);
            }
            let count = rendition.block_count();
            assert_eq!(rendition.block_start(count), Some(before));
            assert_eq!(rendition.block_start(count + 1), None);
            assert_eq!(rendition.char_count(), before);
            assert_eq!(rendition.place_of(before), None);
            let title = usize::from(rendition.title().len());
            assert_eq!(book.char_count(), title + before as usize);
        }
    }
}
