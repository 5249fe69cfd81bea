//! Books, their renditions and blocks, read in place from the blob.

use super::text::{self, CharTable, Text};
use super::wire::{self, block, span, BookWire, RenditionWire};
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
        let wire = match script {
            Script::Original => self.wire.original,
            Script::Simplified => self.wire.simplified,
            Script::Traditional => self.wire.traditional,
        };
        Rendition {
            wire,
            table: self.table,
        }
    }
}

/// A book in one script: title, blocks, emphasis and table of contents.
#[derive(Clone, Copy, Debug)]
pub struct Rendition<'a> {
    wire: RenditionWire<'a>,
    table: CharTable<'a>,
}

impl<'a> Rendition<'a> {
    /// The title.
    pub fn title(&self) -> Text<'a> {
        Text {
            bytes: self.wire.title,
            table: self.table,
        }
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
        let start = match index.checked_sub(1) {
            Some(previous) => text_end(self.wire.blocks, previous)?,
            None => 0,
        };
        let end = u32_at(record, block::TEXT_END)? as usize;
        let first = usize::from(u16_at(record, block::FIRST_SPAN)?) * span::LEN;
        let spans = usize::from(u16_at(record, block::SPAN_COUNT)?) * span::LEN;
        Some(Block {
            kind: BlockKind::from_code(*record.get(block::KIND)?),
            len: u16_at(record, block::CHARS)?,
            text: Text {
                bytes: self.wire.text.get(start..end)?,
                table: self.table,
            },
            spans: self.wire.spans.get(first..first + spans)?,
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

    /// Bytes of encoded text (blocks and title), for size reports.
    pub fn encoded_text_len(&self) -> usize {
        self.wire.text.len() + self.wire.title.len()
    }
}

/// One block: a paragraph, heading, meta line, note or list item.
#[derive(Clone, Copy, Debug)]
pub struct Block<'a> {
    kind: BlockKind,
    len: u16,
    text: Text<'a>,
    spans: &'a [u8],
}

impl<'a> Block<'a> {
    /// What kind of block this is.
    pub fn kind(&self) -> BlockKind {
        self.kind
    }

    /// Its length in characters.
    pub fn len(&self) -> u16 {
        self.len
    }

    /// Whether it has no characters.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Its text.
    pub fn text(&self) -> Text<'a> {
        self.text
    }

    /// Its emphasis spans as character ranges `start..end`, in order.
    pub fn emphasis(&self) -> impl Iterator<Item = core::ops::Range<u16>> + 'a {
        self.spans.chunks_exact(span::LEN).filter_map(|record| {
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

fn text_end(blocks: &[u8], index: u16) -> Option<usize> {
    let at = usize::from(index) * block::LEN;
    let record = blocks.get(at..at + block::LEN)?;
    Some(u32_at(record, block::TEXT_END)? as usize)
}

/// Checks a rendition against a library of `char_count` characters: every block's text range
/// lies inside the text and decodes to exactly its stated length, spans lie inside their
/// blocks and the span table, and the table of contents points at headings.
pub(super) fn check(rendition: &RenditionWire<'_>, char_count: u16) -> bool {
    let blocks = rendition.blocks;
    if blocks.len() % block::LEN != 0
        || blocks.len() / block::LEN > usize::from(u16::MAX)
        || rendition.spans.len() % span::LEN != 0
        || rendition.toc.len() % wire::TOC_RECORD != 0
        || text::check(rendition.title, char_count).is_none()
    {
        return false;
    }
    let mut start = 0usize;
    for record in blocks.chunks_exact(block::LEN) {
        let (Some(len), Some(end), Some(first), Some(count)) = (
            u16_at(record, block::CHARS),
            u32_at(record, block::TEXT_END),
            u16_at(record, block::FIRST_SPAN),
            u16_at(record, block::SPAN_COUNT),
        ) else {
            return false;
        };
        let end = end as usize;
        let Some(bytes) = rendition.text.get(start..end) else {
            return false;
        };
        if text::check(bytes, char_count) != Some(usize::from(len)) {
            return false;
        }
        let first = usize::from(first) * span::LEN;
        let Some(spans) = rendition
            .spans
            .get(first..first + usize::from(count) * span::LEN)
        else {
            return false;
        };
        let spans_fit = spans.chunks_exact(span::LEN).all(|record| {
            matches!(
                (u16_at(record, span::START), u16_at(record, span::LEN_CHARS)),
                (Some(s), Some(n)) if u32::from(s) + u32::from(n) <= u32::from(len)
            )
        });
        if !spans_fit {
            return false;
        }
        start = end;
    }
    if start != rendition.text.len() {
        return false;
    }
    rendition.toc.chunks_exact(wire::TOC_RECORD).all(|entry| {
        u16_at(entry, 0..wire::TOC_RECORD)
            .and_then(|index| blocks.get(usize::from(index) * block::LEN + block::KIND))
            .is_some_and(|&kind| BlockKind::from_code(kind).is_heading())
    })
}
