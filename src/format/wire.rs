//! The wire layout of the library blob, written once and shared: the core reads it from here
//! and the content compiler (`compiler/src/blob.rs`) includes this very file to write it.
//! It depends on nothing but `core` and serde's derive, so both sides compile it as is.
//!
//! # Layout
//!
//! A blob is a fixed 16-byte [`header`] followed by a body:
//!
//! | bytes  | field                                   |
//! |--------|-----------------------------------------|
//! | 0..4   | magic `MOYE`                            |
//! | 4..6   | format version, u16 little-endian       |
//! | 6..8   | reserved, zero                          |
//! | 8..12  | body length in bytes, u32 LE            |
//! | 12..16 | CRC-32/IEEE of the body, u32 LE         |
//!
//! The body is one postcard-encoded [`LibraryWire`]. Postcard writes a byte string as a varint
//! length and the bytes, so every `&[u8]` field below is read in place, without copying.
//! Inside those byte strings the data is either a table of fixed-size little-endian records
//! (found by index in O(1)), or a run of postcard records one after another (walked in order;
//! used only for the few fonts and books).
//!
//! ## Characters and text
//!
//! Every character the library uses gets an *id*; ids are ranked by how often the character
//! occurs, so the commonest take the smallest ids. [`LibraryWire::chars`] maps id → character
//! ([`CHAR_RECORD`] bytes each), [`LibraryWire::char_index`] lists the ids sorted by character
//! for a binary search the other way. Text is a sequence of ids in the [text code]: ids below
//! [`text::ONE_BYTE_LIMIT`] take one byte, the rest two. Glyphs of every font are indexed by
//! the same ids.
//!
//! ## Fonts
//!
//! [`LibraryWire::fonts`] holds postcard [`FontWire`] records back to back, one per pixel
//! size. A font's `metrics` table has one [`glyph`] record per character id; its bitmaps are
//! 1-bit, trimmed to ink, rows byte-aligned (see `crate::glyphs::Glyph`). A glyph record whose
//! advance is zero means the font has no glyph for that id.
//!
//! ## Traditional glyph forms
//!
//! The 繁體 rendition is set in the Traditional Chinese forms of the face (Noto Sans CJK TC:
//! its component shapes, and its full-width marks [`forms::PUNCTUATION`] centred in the em
//! box, where the main face sets them low-left). [`LibraryWire::forms`] gives, per character
//! id, the glyph record of its Traditional form ([`forms::RECORD`] bytes, u16 LE): the id
//! itself where the id's glyph already is that form (both faces draw it alike at every size,
//! or the character is a Traditional one that only the TC face draws), else a record past the
//! ids.
//! So a font's `metrics` table holds one record per id and then one per Traditional variant,
//! and a lookup stays one load. Identical bitmaps are stored once: records may share them.
//!
//! ## Books
//!
//! [`LibraryWire::books`] holds postcard [`BookWire`] records back to back. A book has three
//! renditions (原文, 简体, 繁體), each a [`RenditionWire`]: an encoded title, a [`block`] table,
//! the encoded text of all blocks end to end, a [`span`] table of emphasis spans and a table
//! of contents (u16 LE block indices of the headings).
//!
//! [text code]: text

use serde::{Deserialize, Serialize};

/// The four bytes every blob starts with.
pub const MAGIC: [u8; 4] = *b"MOYE";
/// The format version this code reads and writes. Version 2 added
/// [`LibraryWire::glyph_sources`], version 3 [`LibraryWire::forms`] (the Traditional glyph
/// forms) and glyph records past the ids.
pub const VERSION: u16 = 3;

/// Byte ranges of the fixed header.
pub mod header {
    /// A field's byte range.
    pub type Field = core::ops::Range<usize>;
    /// The magic, `MOYE`.
    pub const MAGIC: Field = 0..4;
    /// The format version (u16 LE).
    pub const VERSION: Field = 4..6;
    /// Reserved, written as zero.
    pub const RESERVED: Field = 6..8;
    /// The body length (u32 LE).
    pub const BODY_LEN: Field = 8..12;
    /// CRC-32/IEEE of the body (u32 LE).
    pub const CRC: Field = 12..16;
    /// The header's size; the body follows.
    pub const LEN: usize = 16;
}

/// Bytes of one entry of [`LibraryWire::chars`]: the code point, u24 LE.
pub const CHAR_RECORD: usize = 3;
/// Bytes of one entry of [`LibraryWire::char_index`]: an id, u16 LE.
pub const CHAR_INDEX_RECORD: usize = 2;

/// Byte ranges of one record of a font's glyph table.
pub mod glyph {
    /// A field's byte range.
    pub type Field = core::ops::Range<usize>;
    /// Offset of the bitmap in the font's `bitmaps` (u24 LE).
    pub const OFFSET: Field = 0..3;
    /// Ink width in pixels.
    pub const WIDTH: usize = 3;
    /// Ink height in pixels.
    pub const HEIGHT: usize = 4;
    /// Pen position to first ink column (i8).
    pub const LEFT: usize = 5;
    /// Baseline up to the first ink row (i8).
    pub const TOP: usize = 6;
    /// Advance in pixels; zero: no glyph for this id.
    pub const ADVANCE: usize = 7;
    /// The record's size.
    pub const LEN: usize = 8;
}

/// Byte ranges of one record of a rendition's block table.
pub mod block {
    /// A field's byte range.
    pub type Field = core::ops::Range<usize>;
    /// The block kind's code (see `BlockKind::code`).
    pub const KIND: usize = 0;
    /// Reserved, written as zero.
    pub const RESERVED: usize = 1;
    /// Characters in the block (u16 LE).
    pub const CHARS: Field = 2..4;
    /// End of the block's encoded text in the rendition's `text`, exclusive (u32 LE); it
    /// starts where the previous block ends (the first at 0).
    pub const TEXT_END: Field = 4..8;
    /// Index of the block's first emphasis span in the `spans` table (u16 LE).
    pub const FIRST_SPAN: Field = 8..10;
    /// Number of emphasis spans of the block (u16 LE).
    pub const SPAN_COUNT: Field = 10..12;
    /// The record's size.
    pub const LEN: usize = 12;
}

/// Byte ranges of one emphasis span: a character range inside its block.
pub mod span {
    /// A field's byte range.
    pub type Field = core::ops::Range<usize>;
    /// First emphasised character (u16 LE).
    pub const START: Field = 0..2;
    /// Number of emphasised characters (u16 LE).
    pub const LEN_CHARS: Field = 2..4;
    /// The record's size.
    pub const LEN: usize = 4;
}

/// Where a glyph not drawn from the main font comes from: one record of
/// [`LibraryWire::glyph_sources`] is a character id (u16 LE) and one of these codes.
pub mod glyph_source {
    /// A record's size.
    pub const LEN: usize = 3;
    /// Drawn from the fallback face (a character the main font lacks).
    pub const FALLBACK: u8 = 1;
    /// No face has the character: its glyph is a box with the code point.
    pub const REPLACEMENT: u8 = 2;
}

/// The Traditional glyph forms: see [`LibraryWire::forms`].
pub mod forms {
    /// Bytes of one entry: the index of a glyph record, u16 LE.
    pub const RECORD: usize = 2;
    /// The full-width marks whose position in the em box differs between the mainland
    /// style (low-left, the main face) and the Taiwan and Hong Kong style (centred, the
    /// Traditional face): 。，、；：！？ and ．. Brackets and quotes are alike in both.
    pub const PUNCTUATION: [char; 8] = ['。', '，', '、', '；', '：', '！', '？', '．'];
}

/// Bytes of one table-of-contents entry: a heading's block index, u16 LE.
pub const TOC_RECORD: usize = 2;

/// The text code: character ids as one or two bytes.
pub mod text {
    /// Ids below this take one byte, the id itself.
    pub const ONE_BYTE_LIMIT: u16 = 0xC0;
    /// One more than the largest id the code can carry: two-byte codes are
    /// `0xC0 | high 6 bits`, `low 8 bits` of `id - ONE_BYTE_LIMIT`.
    pub const ID_LIMIT: u32 = ONE_BYTE_LIMIT as u32 + (1 << 14);

    /// Appends the code of `id` to `out` through `push`; `None` if `id` is too large.
    pub fn encode(id: u16, mut push: impl FnMut(u8)) -> Option<()> {
        if id < ONE_BYTE_LIMIT {
            push(id as u8);
            return Some(());
        }
        let value = u32::from(id - ONE_BYTE_LIMIT);
        if value >= 1 << 14 {
            return None;
        }
        push(0xC0 | (value >> 8) as u8);
        push(value as u8);
        Some(())
    }

    /// Decodes the first id of `bytes`: the id and the bytes it took, or `None` if `bytes` is
    /// empty or ends inside a code.
    pub fn decode(bytes: &[u8]) -> Option<(u16, usize)> {
        let (&first, rest) = bytes.split_first()?;
        if u16::from(first) < ONE_BYTE_LIMIT {
            return Some((u16::from(first), 1));
        }
        let &second = rest.first()?;
        let value = (u16::from(first & 0x3F) << 8) | u16::from(second);
        Some((ONE_BYTE_LIMIT + value, 2))
    }
}

/// The body of a blob (postcard).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryWire<'a> {
    /// Id → character: [`CHAR_RECORD`] bytes per id, ids ranked by frequency.
    #[serde(borrow)]
    pub chars: &'a [u8],
    /// All ids sorted by their character ([`CHAR_INDEX_RECORD`] bytes each).
    #[serde(borrow)]
    pub char_index: &'a [u8],
    /// [`FontWire`] records back to back, sizes strictly increasing.
    #[serde(borrow)]
    pub fonts: &'a [u8],
    /// [`BookWire`] records back to back, in library order.
    #[serde(borrow)]
    pub books: &'a [u8],
    /// The characters whose glyphs do not come from the main font, as [`glyph_source`]
    /// records in increasing id order (empty when the main font has them all).
    #[serde(borrow)]
    pub glyph_sources: &'a [u8],
    /// Per character id, the glyph record of its Traditional form ([`forms::RECORD`] bytes
    /// each): the id itself where its glyph is the Traditional form, else an index at or past
    /// the number of ids. Empty when the library has no Traditional face.
    #[serde(borrow)]
    pub forms: &'a [u8],
}

/// One pixel size of the body font (postcard).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FontWire<'a> {
    /// The em size in pixels.
    pub size: u8,
    /// Pixels above the baseline of a line box.
    pub ascent: u8,
    /// Pixels below the baseline of a line box.
    pub descent: u8,
    /// One [`glyph`] record per character id, then one per Traditional variant (as many at
    /// every size: the records [`LibraryWire::forms`] points past the ids at).
    #[serde(borrow)]
    pub metrics: &'a [u8],
    /// The glyph bitmaps the records point into.
    #[serde(borrow)]
    pub bitmaps: &'a [u8],
}

/// One book (postcard).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookWire<'a> {
    /// A stable key for saved positions: FNV-1a of the source file's name.
    pub key: u32,
    /// As written, variant markup resolved to zh-hans.
    #[serde(borrow)]
    pub original: RenditionWire<'a>,
    /// Converted to Simplified Chinese.
    #[serde(borrow)]
    pub simplified: RenditionWire<'a>,
    /// Converted to Traditional Chinese.
    #[serde(borrow)]
    pub traditional: RenditionWire<'a>,
}

/// One rendition of a book (postcard).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenditionWire<'a> {
    /// The title in the text code.
    #[serde(borrow)]
    pub title: &'a [u8],
    /// One [`block`] record per block.
    #[serde(borrow)]
    pub blocks: &'a [u8],
    /// The blocks' text in the text code, end to end.
    #[serde(borrow)]
    pub text: &'a [u8],
    /// Emphasis [`span`] records, grouped by block in block order.
    #[serde(borrow)]
    pub spans: &'a [u8],
    /// Block indices of the headings ([`TOC_RECORD`] bytes each), ascending.
    #[serde(borrow)]
    pub toc: &'a [u8],
}

/// CRC-32/IEEE (reflected, polynomial 0xEDB88320), as zlib and PNG compute it, of bytes
/// given in any number of pieces. The blob's header and persist's A/B slots both use it.
#[derive(Clone, Copy, Debug)]
pub struct Crc32 {
    state: u32,
}

impl Crc32 {
    /// A CRC over no bytes yet.
    pub const fn new() -> Self {
        Crc32 { state: !0 }
    }

    /// Adds `bytes` to the checksum.
    pub fn update(&mut self, bytes: &[u8]) {
        // A const context cannot use get_mut; `n` stays below 256 by the loop's own bound.
        #[allow(clippy::indexing_slicing)]
        const TABLE: [u32; 256] = {
            let mut table = [0u32; 256];
            let mut n = 0;
            while n < 256 {
                let mut c = n as u32;
                let mut k = 0;
                while k < 8 {
                    c = if c & 1 != 0 {
                        0xEDB8_8320 ^ (c >> 1)
                    } else {
                        c >> 1
                    };
                    k += 1;
                }
                table[n] = c;
                n += 1;
            }
            table
        };
        for &byte in bytes {
            let index = (self.state ^ u32::from(byte)) & 0xFF;
            // The index is masked to 0..=255, so this cannot miss; 0 keeps clippy's rule.
            self.state = TABLE.get(index as usize).copied().unwrap_or(0) ^ (self.state >> 8);
        }
    }

    /// The checksum of all bytes added so far.
    pub const fn finish(&self) -> u32 {
        !self.state
    }
}

impl Default for Crc32 {
    fn default() -> Self {
        Self::new()
    }
}

/// The CRC-32/IEEE of `bytes` in one piece.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = Crc32::new();
    crc.update(bytes);
    crc.finish()
}

/// FNV-1a, 32 bits: the book key of a source file name.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut hash = 0x811C_9DC5u32;
    for &byte in bytes {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        // The CRC-32/IEEE check value of "123456789" (from the CRC catalogue).
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        // In pieces, the same.
        let mut crc = Crc32::new();
        crc.update(b"1234");
        crc.update(b"");
        crc.update(b"56789");
        assert_eq!(crc.finish(), 0xCBF4_3926);
    }

    #[test]
    fn fnv1a_matches_published_vectors() {
        assert_eq!(fnv1a(b""), 0x811C_9DC5);
        assert_eq!(fnv1a(b"a"), 0xE40C_292C);
    }

    #[test]
    fn text_code_uses_one_byte_below_the_limit_and_two_above() {
        let mut out = [0u8; 2];
        let mut encode = |id| {
            let mut n = 0;
            text::encode(id, |b| {
                out[n] = b;
                n += 1;
            })
            .map(|_| (out, n))
        };
        assert_eq!(encode(0), Some(([0, 0], 1)));
        assert_eq!(encode(0xBF), Some(([0xBF, 0], 1)));
        assert_eq!(encode(0xC0), Some(([0xC0, 0x00], 2)));
        assert_eq!(encode(0xC0 + 0x3FFF), Some(([0xFF, 0xFF], 2)));
        assert_eq!(encode(0xC0 + 0x4000), None);
    }

    #[test]
    fn text_code_round_trips_every_id() {
        for id in 0..(text::ID_LIMIT as u16) {
            let mut bytes = [0u8; 2];
            let mut n = 0;
            text::encode(id, |b| {
                bytes[n] = b;
                n += 1;
            })
            .unwrap();
            assert_eq!(text::decode(&bytes[..n]), Some((id, n)));
        }
        assert_eq!(text::decode(&[]), None);
        assert_eq!(text::decode(&[0xC5]), None);
    }
}
