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
//! Every character the library uses gets an *id*, in code-point order. [`LibraryWire::chars`]
//! maps id → character ([`CHAR_RECORD`] bytes each) and, being sorted, is also searched the
//! other way; no separate index is stored. (Frequent characters need no small ids: the text is
//! Huffman-coded by symbol.) Glyphs of every font are indexed by the same ids.
//!
//! A book's text is stored once for its three renditions (原文, 简体, 繁體). The compiler's
//! conversions keep every block's and the title's length, so a place (block, offset) is the
//! same character in every rendition; the text is a sequence of *symbols*, each one
//! (原文 id, 简体 id, 繁體 id) triple. Most characters have one triple; a character converted
//! differently in different places (后 → 後 or 后, 发 → 發 or 髮, OpenCC's phrase-level
//! exceptions) simply gives more symbols. The symbols are written in a canonical Huffman
//! [code] per book; a rendition reads a symbol's id in its own flat map.
//!
//! [code]: code
//!
//! ## Fonts
//!
//! [`LibraryWire::fonts`] holds postcard [`FontWire`] records back to back, one per pixel
//! size. A font's `metrics` table has one [`glyph`] record per character id; its bitmaps are
//! 1-bit, trimmed to ink, rows bit-packed (see `crate::glyphs::Glyph`). A glyph record whose
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
//! and a lookup stays one load.
//!
//! ## Vertical glyph forms
//!
//! Set vertically (直排, TYPOGRAPHY.md R6), brackets, quotes, dashes and ellipses turn and
//! 。，、；：！？ move to the upper right of their cell: the main face's `vrt2` substitutions
//! (else `vert`'s), drawn like its other glyphs, for the characters drawn from the main face.
//! The em dash —, which Noto Sans CJK does not substitute, is its main glyph turned a quarter
//! clockwise and centred across the column. [`LibraryWire::vertical`] lists, for the few
//! characters that have one, the glyph record of their vertical form ([`vertical`] entries,
//! in increasing id order); those records follow the Traditional variants in every font. A
//! character whose vertical form is drawn exactly like its main glyph at every size gets no
//! entry; where that holds at some sizes only, its records there are [`glyph::MAIN_FORM`]
//! ones. Every other character stands upright in its cell as it is drawn horizontally, or
//! lies rotated (Latin letters and digits), and a font's [`FontWire::vertical_origin`] says
//! where an upright glyph's cell starts above its baseline.
//!
//! A record holds no offset: bitmaps are stored in record order, each ending where the next
//! begins, and `starts` says where every eighth record's bitmap begins. Finding a glyph's
//! bitmap adds up the sizes of at most seven records before it; an offset in each record (3
//! bytes) would cost 44 KB over 水浒传's three sizes, more than storing identical bitmaps
//! once saved.
//!
//! ## Books
//!
//! [`LibraryWire::books`] holds postcard [`BookWire`] records back to back. A book has one
//! Huffman [code] (code lengths, a peek table, and per rendition a symbol → id map), one
//! bit string of text (the title first, then every block, end to end), where each block
//! starts in characters (a sequence, see [`kind`]), a [`kind`] record for each block that is
//! not a paragraph (the headings among them are the table of contents), a sparse [`span`]
//! table of emphasis spans, and the [`sync`] points (where every 256th character starts in
//! the bits). All of them are shared by the three renditions. The two sequences are
//! [`elias_fano`] coded: with the kinds, 水浒传's 6,825 blocks and 3,296 sync points take
//! 14,670 bytes, 1.5 % of its text, where fixed records (kind, length and bit start of
//! every block, 7 bytes) took 5 %.
//!
//! [code]: code

use serde::{Deserialize, Serialize};

/// The four bytes every blob starts with.
pub const MAGIC: [u8; 4] = *b"MOYE";
/// The format version this code reads and writes. Version 2 added
/// [`LibraryWire::glyph_sources`], version 3 [`LibraryWire::forms`] (the Traditional glyph
/// forms) and glyph records past the ids, version 4 stores a book's text once for its three
/// renditions, Huffman-coded ([`BookWire`]), version 5 numbers characters in code-point
/// order, version 6 bit-packs glyph rows, version 7 drops the offset from glyph records
/// ([`FontWire::starts`]), version 8 replaces a book's block table with Elias–Fano coded
/// block starts and sync points ([`BookWire::block_starts`], [`BookWire::syncs`]), version 9
/// adds the vertical glyph forms ([`LibraryWire::vertical`], [`FontWire::vertical_origin`]),
/// version 10 widens the peek table from 11 to 12 bits ([`code::PEEK_BITS`]).
pub const VERSION: u16 = 10;

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

/// Byte ranges of one record of a font's glyph table.
pub mod glyph {
    /// Ink width in pixels.
    pub const WIDTH: usize = 0;
    /// Ink height in pixels.
    pub const HEIGHT: usize = 1;
    /// Pen position to first ink column (i8).
    pub const LEFT: usize = 2;
    /// Baseline up to the first ink row (i8).
    pub const TOP: usize = 3;
    /// Advance in pixels; zero: no glyph for this id.
    pub const ADVANCE: usize = 4;
    /// [`LEFT`] of a Traditional variant or vertical form record, with no ink box, that is
    /// drawn as its character's main glyph: the two faces (or forms) draw it alike at this
    /// size, though not at all.
    pub const MAIN_FORM: i8 = i8::MIN;
    /// The record's size.
    pub const LEN: usize = 5;
    /// Records per entry of a font's `starts`: the bitmaps of a group of this many records
    /// follow each other in record order, from where its entry says.
    pub const GROUP: usize = 8;
    /// Bytes of one entry of `starts` (u32 LE).
    pub const START: usize = 4;
}

/// A book's blocks: where each starts, counted in characters of the book's text (the title
/// first, then every block end to end), as an [`EliasFanoWire`] sequence of
/// `blocks + 1` values: block `i` holds the characters from value `i` to value `i + 1`, and
/// the first value is the title's length. Only blocks that are not paragraphs have a [`kind`]
/// record; the table of contents is the heading records among them.
pub mod kind {
    /// A field's byte range.
    pub type Field = core::ops::Range<usize>;
    /// The block's index (u16 LE).
    pub const BLOCK: Field = 0..2;
    /// The block kind's code (see `BlockKind::code`), never that of a paragraph.
    pub const KIND: usize = 2;
    /// The record's size.
    pub const LEN: usize = 3;
}

/// Sync points: where in the text's bits every [`CHARS`](sync::CHARS)-th character starts,
/// as an [`EliasFanoWire`] sequence (value `k` is where character `k × CHARS` starts; value 0
/// is 0). Reading from any place decodes fewer than `CHARS` symbols before it, and no table
/// says where each block starts: a reader going on from one block to the next carries on
/// where the previous one ended.
pub mod sync {
    /// Characters between sync points: a power of two, so that finding the point before a
    /// place is a shift (the Cortex-M0+ has no divider).
    pub const CHARS: u32 = 1 << SHIFT;
    /// `CHARS` as a shift.
    pub const SHIFT: u32 = 8;
}

/// The [`EliasFanoWire`] layout: a non-decreasing sequence of `len` values below 2^32 in
/// about 2 + `low_bits` bits each, any of them found in a few hundred instructions.
///
/// Value `i` is split into its low `low_bits` bits, stored in `lows` at bit `i × low_bits`,
/// and its high part `h`, stored in unary: bit `h + i` of `highs` is set. So `highs` has one
/// set bit per value, and the `i`-th set bit, at position `p`, gives `h = p − i`. `samples`
/// holds the position of set bits 0, [`SAMPLE`](elias_fano::SAMPLE), 2 × `SAMPLE`, … (u32
/// LE each), where finding the `i`-th one starts. Bit `k` of a byte string is bit `k % 8`
/// (least significant first) of byte `k / 8`.
pub mod elias_fano {
    /// Set bits of `highs` per entry of `samples`.
    pub const SAMPLE: u32 = 32;
    /// Bytes of one entry of `samples` (u32 LE).
    pub const SAMPLE_LEN: usize = 4;
    /// The most low bits a sequence may have.
    pub const MAX_LOW_BITS: u8 = 24;
}

/// A non-decreasing sequence of u32 values in Elias–Fano form (postcard): see
/// [`elias_fano`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EliasFanoWire<'a> {
    /// How many values.
    pub len: u32,
    /// Low bits per value, at most [`elias_fano::MAX_LOW_BITS`].
    pub low_bits: u8,
    /// The low bits of every value, `low_bits` each, end to end.
    #[serde(borrow)]
    pub lows: &'a [u8],
    /// The high parts in unary.
    #[serde(borrow)]
    pub highs: &'a [u8],
    /// Where every [`elias_fano::SAMPLE`]-th set bit of `highs` is.
    #[serde(borrow)]
    pub samples: &'a [u8],
}

/// Byte ranges of one emphasis span: a character range inside a block. The span table lists
/// them sorted by block, then by start.
pub mod span {
    /// A field's byte range.
    pub type Field = core::ops::Range<usize>;
    /// The block's index (u16 LE).
    pub const BLOCK: Field = 0..2;
    /// First emphasised character (u16 LE).
    pub const START: Field = 2..4;
    /// Number of emphasised characters (u16 LE).
    pub const LEN_CHARS: Field = 4..6;
    /// The record's size.
    pub const LEN: usize = 6;
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

/// The vertical glyph forms: see [`LibraryWire::vertical`].
pub mod vertical {
    /// A field's byte range.
    pub type Field = core::ops::Range<usize>;
    /// The character's id (u16 LE).
    pub const ID: Field = 0..2;
    /// The glyph record of its vertical form (u16 LE).
    pub const RECORD: Field = 2..4;
    /// The entry's size.
    pub const LEN: usize = 4;
}

/// The Huffman code of a book's symbols.
///
/// The code is canonical: its code lengths alone define it. [`BookWire::code_lengths`] gives,
/// for each length 1..=[`MAX_LEN`](code::MAX_LEN), how many symbols have a code of that length
/// (u16 LE each). Symbols are numbered by *rank*: in order of code length, and within a length
/// in the order their codes count up. The first code of length 1 is 0, the first of length
/// L + 1 is (first of length L + count of length L) << 1, and codes of one length are
/// consecutive, as in DEFLATE. Bits are read most significant first.
///
/// [`BookWire::peek`] decodes most codes in one lookup: entry `i` (u16 LE) of its
/// 2^[`PEEK_BITS`](code::PEEK_BITS) belongs to the code that the bit string `i` (the next
/// `PEEK_BITS` bits) starts with: `rank << 4 | length` if that code has at most `PEEK_BITS`
/// bits, else 0 (decode bit by bit from the lengths). At most 2^`PEEK_BITS` ≤ 4096 codes fit
/// in `PEEK_BITS` bits, so their ranks fit the entry's 12 bits.
///
/// [`BookWire::maps`] holds three flat tables of one id per rank (u16 LE): the 原文 ids of all
/// symbols, then the 简体 ids, then the 繁體 ids.
pub mod code {
    /// The longest code.
    pub const MAX_LEN: usize = 20;
    /// Bits the peek table looks at.
    pub const PEEK_BITS: u32 = 12;
    /// Bits of a peek entry that hold the code length.
    pub const LEN_BITS: u32 = 4;
    /// Bytes of one entry of the peek table or the maps.
    pub const ENTRY: usize = 2;
    /// The renditions a map is stored for, in order: 原文, 简体, 繁體.
    pub const RENDITIONS: usize = 3;
    /// One more than the largest character id (ids are u16 in the maps; glyph records past
    /// the ids need room too).
    pub const ID_LIMIT: u32 = 1 << 15;
}

/// The body of a blob (postcard).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryWire<'a> {
    /// Id → character: [`CHAR_RECORD`] bytes per id, in strictly increasing code-point order.
    #[serde(borrow)]
    pub chars: &'a [u8],
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
    /// The characters with a vertical form, as [`vertical`] entries in strictly increasing id
    /// order; their records are numbered on from the last Traditional variant, one after
    /// another. Empty when the main face has no vertical forms for the library's characters.
    #[serde(borrow)]
    pub vertical: &'a [u8],
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
    /// Pixels from the baseline up to the top of the cell of a glyph set upright in a
    /// vertical column: the face's vertical origin (its `VORG` default, else the ideographic
    /// em box's top).
    pub vertical_origin: u8,
    /// One [`glyph`] record per character id, then one per Traditional variant, then one per
    /// vertical form (as many at every size: the records [`LibraryWire::forms`] and
    /// [`LibraryWire::vertical`] point past the ids at).
    #[serde(borrow)]
    pub metrics: &'a [u8],
    /// Where in `bitmaps` the bitmap of every [`glyph::GROUP`]-th record starts (records 0,
    /// 8, 16, …; [`glyph::START`] bytes each). Those of the records between follow it, each
    /// where the one before ends.
    #[serde(borrow)]
    pub starts: &'a [u8],
    /// The glyph bitmaps, in record order.
    #[serde(borrow)]
    pub bitmaps: &'a [u8],
}

/// One book (postcard): its text stored once for its three renditions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookWire<'a> {
    /// A stable key for saved positions: FNV-1a of the source file's name.
    pub key: u32,
    /// Symbols per code length 1..=[`code::MAX_LEN`] (u16 LE each).
    #[serde(borrow)]
    pub code_lengths: &'a [u8],
    /// The [`code`] peek table: 2^[`code::PEEK_BITS`] entries, u16 LE.
    #[serde(borrow)]
    pub peek: &'a [u8],
    /// Where decoding a code longer than [`code::PEEK_BITS`] starts: the first code of
    /// length `PEEK_BITS + 1` and its rank (both follow from the lengths; stored so that a
    /// long code is walked from there, not from length 1).
    pub long_start: (u32, u32),
    /// Per rendition (原文, 简体, 繁體), the id of every symbol by rank (u16 LE).
    #[serde(borrow)]
    pub maps: &'a [u8],
    /// Characters of the title, which starts the text at bit 0.
    pub title_chars: u16,
    /// The symbols of the title and of all blocks, end to end.
    #[serde(borrow)]
    pub text: &'a [u8],
    /// Where every block starts, in characters (see [`kind`]).
    #[serde(borrow)]
    pub block_starts: EliasFanoWire<'a>,
    /// A [`kind`] record for every block that is not a paragraph, by block index.
    #[serde(borrow)]
    pub kinds: &'a [u8],
    /// Emphasis [`span`] records, sorted by block and start.
    #[serde(borrow)]
    pub spans: &'a [u8],
    /// Where every [`sync::CHARS`]-th character starts in `text`, in bits.
    #[serde(borrow)]
    pub syncs: EliasFanoWire<'a>,
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
}
