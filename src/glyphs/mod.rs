//! Glyphs: 1-bit bitmaps trimmed to ink, with the metrics to place them.
//!
//! A glyph's rows are bit-packed: its `width × height` pixels are one run of bits, row after
//! row with no padding between rows, from the most significant bit of its first byte; a set
//! bit is ink. (Byte-aligned rows would waste 1.6 bits a row on average, a quarter of a 20 px
//! font's bitmaps.) Glyphs are
//! found by character id (see [`crate::format`]), never by scanning. A character may have a
//! second, Traditional form (the TC face's shapes, centred marks) and a vertical one (turned
//! brackets and dashes); [`forms`] says which form a [`FontSet`] draws, [`vertical`] how a
//! character stands in a column.

mod fontset;
pub mod forms;
pub mod vertical;

pub use fontset::FontSet;
pub use forms::{GlyphForms, PunctuationPosition};
pub use vertical::WritingMode;

/// One rasterized glyph, borrowed from the library blob.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Glyph<'a> {
    /// Ink width in pixels.
    pub width: u8,
    /// Ink height in pixels.
    pub height: u8,
    /// Pixels from the pen position to the first ink column (may be negative).
    pub left: i8,
    /// Pixels from the baseline up to the first ink row (positive above the baseline).
    pub top: i8,
    /// Pixels the pen moves after this glyph.
    pub advance: u8,
    /// The ink, bit-packed: pixel `(x, y)` is bit `y × width + x` (bit 0 is the most
    /// significant bit of the first byte); `(width × height + 7) / 8` bytes.
    pub bits: &'a [u8],
}

impl<'a> Glyph<'a> {
    /// Bytes of a bit-packed `width × height` glyph: `(width × height + 7) / 8`.
    pub const fn packed_len(width: u8, height: u8) -> usize {
        (width as usize * height as usize).div_ceil(8)
    }

    /// Whether the pixel at column `x`, row `y` (from the ink box's top left) is ink.
    /// Outside the ink box, or past a short `bits`, this is `false`.
    pub fn pixel(&self, x: u8, y: u8) -> bool {
        if x >= self.width || y >= self.height {
            return false;
        }
        let bit = y as usize * self.width as usize + x as usize;
        self.bits
            .get(bit / 8)
            .is_some_and(|byte| byte & (0x80 >> (bit % 8)) != 0)
    }
}
