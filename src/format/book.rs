//! Books, their renditions and blocks, read in place from the blob.
//!
//! A book stores its text once (see [`wire::BookWire`]); a [`Rendition`] is the same blocks
//! read through one of the three symbol → id maps.

use super::code::{self, Code};
use super::text::{CharTable, Text};
use super::wire::{self, block, span, BookWire};
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

    /// Its emphasis spans as character ranges `start..end`, in order.
    pub fn emphasis(&self) -> impl Iterator<Item = core::ops::Range<u16>> + 'a {
        let spans = block_spans(self.spans, self.index);
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

/// The block of span record `index`.
fn span_block(spans: &[u8], index: usize) -> Option<u16> {
    u16_at(spans.get(index * span::LEN..)?, span::BLOCK)
}

/// The span records of block `block`: a binary search of the table, sorted by block.
fn block_spans(spans: &[u8], block: u16) -> &[u8] {
    let count = spans.len() / span::LEN;
    let first_at_or_past = |target: u16| {
        let (mut low, mut high) = (0, count);
        while low < high {
            let middle = low + (high - low) / 2;
            if span_block(spans, middle).is_some_and(|b| b < target) {
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
    spans
        .get(start * span::LEN..end * span::LEN)
        .unwrap_or_default()
}

/// Checks a book against a library of `char_count` characters: a valid code whose maps name
/// existing characters, a title and blocks that decode whole each before the next starts,
/// spans inside their blocks in order, and a table of contents that points at headings.
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
    // The title from bit 0, each block from its start, each ending by the next one's start.
    let runs = core::iter::once(Some((0, book.title_chars))).chain(
        blocks.chunks_exact(block::LEN).map(|record| {
            Some((
                u32_at(record, block::BIT_START)?,
                u16_at(record, block::CHARS)?,
            ))
        }),
    );
    let text_bits = book.text.len() * 8;
    let mut previous: Option<(u32, u16)> = None;
    for run in runs.chain(core::iter::once(Some((u32::MAX, 0)))) {
        let Some((start, len)) = run else {
            return false;
        };
        if let Some((previous_start, previous_len)) = previous {
            let end = (start as usize).min(text_bits);
            if !code::check_run(code, book.text, previous_start, previous_len, end) {
                return false;
            }
        }
        previous = Some((start, len));
    }
    check_spans(book.spans, blocks) && check_toc(book.toc, blocks)
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
