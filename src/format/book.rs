//! Books, their renditions and blocks, read in place from the blob.
//!
//! A book stores its text once (see [`wire::BookWire`]); a [`Rendition`] is the same blocks
//! read through one of the three symbol → id maps.

use super::code::{self, Code};
use super::text::Chars;
use super::text::{CharTable, Text};
use super::wire::{self, block, span, sync, BookWire};
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

    /// Bytes of the book's text: all three renditions together, titles included.
    pub fn text_bytes(&self) -> usize {
        self.wire.text.len()
    }

    /// Bytes of the book's tables: code, peek table, maps, blocks, spans, contents.
    pub fn table_bytes(&self) -> usize {
        let wire = &self.wire;
        [
            wire.code_lengths,
            wire.peek,
            wire.maps,
            wire.blocks,
            wire.spans,
            wire.toc,
        ]
        .iter()
        .map(|table| table.len())
        .sum()
    }

    /// Characters of the book (title included), which each rendition has as many of.
    pub fn char_count(&self) -> usize {
        let rendition = self.rendition(Script::Original);
        usize::from(self.wire.title_chars)
            + rendition
                .blocks()
                .map(|block| usize::from(block.len()))
                .sum::<usize>()
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
    fn code(&self) -> Code<'a> {
        Code {
            lengths: self.wire.code_lengths,
            peek: self.wire.peek,
            long_start: self.wire.long_start,
        }
    }

    fn text(&self, bit_start: u32, len: u16) -> Text<'a> {
        Text {
            code: self.code(),
            bits: self.wire.text,
            bit_start,
            len,
            map: self.map,
            table: self.table,
        }
    }

    /// The title.
    pub fn title(&self) -> Text<'a> {
        self.text(0, self.wire.title_chars)
    }

    /// How many blocks there are.
    pub fn block_count(&self) -> u16 {
        // parse() checked the count fits u16.
        (self.wire.blocks.len() / block::LEN) as u16
    }

    /// Block number `index`.
    pub fn block(&self, index: u16) -> Option<Block<'a>> {
        let at = usize::from(index) * block::LEN;
        let record = self.wire.blocks.get(at..at + block::LEN)?;
        let len = u16_at(record, block::CHARS)?;
        Some(Block {
            index,
            kind: BlockKind::from_code(*record.get(block::KIND)?),
            text: self.text(u32_at(record, block::BIT_START)?, len),
            spans: self.wire.spans,
            syncs: self.wire.syncs,
        })
    }

    /// The blocks in order.
    pub fn blocks(&self) -> impl Iterator<Item = Block<'a>> + '_ {
        (0..self.block_count()).filter_map(|index| self.block(index))
    }

    /// The table of contents: the block indices of the headings, in order.
    pub fn toc(&self) -> impl Iterator<Item = u16> + 'a {
        self.wire
            .toc
            .chunks_exact(wire::TOC_RECORD)
            .filter_map(|entry| u16_at(entry, 0..wire::TOC_RECORD))
    }
}

/// One block: a paragraph, heading, meta line, note or list item.
#[derive(Clone, Copy, Debug)]
pub struct Block<'a> {
    index: u16,
    kind: BlockKind,
    text: Text<'a>,
    /// The book's whole span table: a block finds its own when asked.
    spans: &'a [u8],
    /// The book's whole sync table, likewise.
    syncs: &'a [u8],
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
        self.text.len()
    }

    /// Whether it has no characters.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Its text.
    pub fn text(&self) -> Text<'a> {
        self.text
    }

    /// Its characters from offset `from` on (none if `from` is past its end). Decoding starts
    /// at the block's last [`sync`] point at or before `from`, so it costs fewer than
    /// [`sync::CHARS`] skipped symbols wherever `from` is.
    pub fn chars_from(&self, from: u16) -> Chars<'a> {
        let mut text = self.text;
        let mut skip = from;
        let passed = from / sync::CHARS;
        let syncs = block_records(self.syncs, sync::LEN, sync::BLOCK, self.index);
        let record = passed
            .checked_sub(1)
            .and_then(|k| syncs.get(usize::from(k) * sync::LEN..)?.get(..sync::LEN));
        if let Some(bit) = record.and_then(|record| u32_at(record, sync::BIT)) {
            let done = passed * sync::CHARS;
            text.bit_start = bit;
            text.len = text.len.saturating_sub(done);
            skip -= done;
        }
        let mut chars = text.chars();
        chars.skip_chars(usize::from(skip));
        chars
    }

    /// Its emphasis spans as character ranges `start..end`, in order.
    pub fn emphasis(&self) -> impl Iterator<Item = core::ops::Range<u16>> + 'a {
        let spans = block_records(self.spans, span::LEN, span::BLOCK, self.index);
        spans.chunks_exact(span::LEN).filter_map(|record| {
            let start = u16_at(record, span::START)?;
            Some(start..start.saturating_add(u16_at(record, span::LEN_CHARS)?))
        })
    }

    /// Whether the character at `offset` is emphasised.
    pub fn is_emphasized(&self, offset: u16) -> bool {
        self.emphasis().any(|span| span.contains(&offset))
    }
}

fn u16_at(record: &[u8], field: core::ops::Range<usize>) -> Option<u16> {
    let bytes = record.get(field)?;
    Some(u16::from_le_bytes([*bytes.first()?, *bytes.get(1)?]))
}

fn u32_at(record: &[u8], field: core::ops::Range<usize>) -> Option<u32> {
    let bytes: [u8; 4] = record.get(field)?.try_into().ok()?;
    Some(u32::from_le_bytes(bytes))
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
/// existing characters, a title and blocks in order inside the text, sync points inside their
/// blocks, spans inside their blocks in order, and a table of contents that points at headings.
pub(super) fn check(book: &BookWire<'_>, char_count: u16) -> bool {
    let code = Code {
        lengths: book.code_lengths,
        peek: book.peek,
        long_start: book.long_start,
    };
    let Some(symbols) = code::check(&code) else {
        return false;
    };
    let blocks = book.blocks;
    if book.maps.len() != symbols as usize * wire::code::ENTRY * wire::code::RENDITIONS
        || blocks.len() % block::LEN != 0
        || blocks.len() / block::LEN > usize::from(u16::MAX)
        || book.spans.len() % span::LEN != 0
        || book.toc.len() % wire::TOC_RECORD != 0
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
    // The title from bit 0, each block from its start, each starting by the next one's start
    // and long enough for its characters' shortest codes. The symbols themselves are not
    // decoded here: that would cost a novel's whole text (about 84 M ARMv6-M instructions,
    // 1.3 s of a Cortex-M0+, at every boot), and the decoder is total: a text the CRC let
    // through corrupted reads as other characters or ends early, never out of bounds.
    let shortest = (1..=wire::code::MAX_LEN)
        .find(|&len| u16_at(book.code_lengths, (len - 1) * 2..len * 2).is_some_and(|n| n > 0))
        .unwrap_or(1) as u64;
    let runs = core::iter::once(Some((0, book.title_chars))).chain(
        blocks.chunks_exact(block::LEN).map(|record| {
            Some((
                u32_at(record, block::BIT_START)?,
                u16_at(record, block::CHARS)?,
            ))
        }),
    );
    let text_bits = book.text.len() as u64 * 8;
    let mut previous: Option<(u32, u16)> = None;
    for run in runs.chain(core::iter::once(Some((u32::MAX, 0)))) {
        let Some((start, len)) = run else {
            return false;
        };
        if let Some((previous_start, previous_len)) = previous {
            let end = u64::from(start).min(text_bits);
            let needed = u64::from(previous_len) * shortest;
            if u64::from(previous_start) + needed > end {
                return false;
            }
        }
        previous = Some((start, len));
    }
    check_syncs(book.syncs, blocks, text_bits)
        && check_spans(book.spans, blocks)
        && check_toc(book.toc, blocks)
}

/// Sync points sorted by block, each block with one per [`sync::CHARS`] characters past its
/// first, each inside its block's bits, ascending.
fn check_syncs(syncs: &[u8], blocks: &[u8], text_bits: u64) -> bool {
    if syncs.len() % sync::LEN != 0 {
        return false;
    }
    let mut records = syncs.chunks_exact(sync::LEN);
    let count = blocks.len() / block::LEN;
    let bit_start = |index: usize| {
        blocks
            .get(index * block::LEN..)
            .and_then(|record| u32_at(record, block::BIT_START))
    };
    for index in 0..count {
        let Some(record) = blocks.get(index * block::LEN..) else {
            return false;
        };
        let (Some(start), Some(len)) = (bit_start(index), u16_at(record, block::CHARS)) else {
            return false;
        };
        let end = bit_start(index + 1).map_or(text_bits, u64::from);
        let mut last = u64::from(start);
        for _ in 0..len.saturating_sub(1) / sync::CHARS {
            let Some(sync) = records.next() else {
                return false;
            };
            let (Some(block), Some(bit)) = (u16_at(sync, sync::BLOCK), u32_at(sync, sync::BIT))
            else {
                return false;
            };
            let bit = u64::from(bit);
            if usize::from(block) != index || bit <= last || bit >= end {
                return false;
            }
            last = bit;
        }
    }
    records.next().is_none()
}

/// Spans sorted by (block, start), not overlapping, each inside its block.
fn check_spans(spans: &[u8], blocks: &[u8]) -> bool {
    let mut previous_end: Option<(u16, u32)> = None;
    spans.chunks_exact(span::LEN).all(|record| {
        let (Some(index), Some(start), Some(len)) = (
            u16_at(record, span::BLOCK),
            u16_at(record, span::START),
            u16_at(record, span::LEN_CHARS),
        ) else {
            return false;
        };
        let Some(block_len) = blocks
            .get(usize::from(index) * block::LEN..)
            .and_then(|record| u16_at(record, block::CHARS))
        else {
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
        in_order && end <= u32::from(block_len)
    })
}

fn check_toc(toc: &[u8], blocks: &[u8]) -> bool {
    toc.chunks_exact(wire::TOC_RECORD).all(|entry| {
        u16_at(entry, 0..wire::TOC_RECORD)
            .and_then(|index| blocks.get(usize::from(index) * block::LEN + block::KIND))
            .is_some_and(|&kind| BlockKind::from_code(kind).is_heading())
    })
}
