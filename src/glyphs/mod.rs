//! Glyphs: 1-bit bitmaps trimmed to ink, with the metrics to place them.
//!
//! A glyph's rows are byte-aligned: each row takes `(width + 7) / 8` bytes, the most
//! significant bit of the first byte is the leftmost pixel, a set bit is ink. Glyphs are
//! found by character id (see [`crate::format`]), never by scanning. A character may have a
//! second, Traditional form (the TC face's shapes, centred marks); [`forms`] says which form a
//! [`FontSet`] draws.

mod fontset;
pub mod forms;

pub use fontset::FontSet;
pub use forms::{GlyphForms, PunctuationPosition};

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
    /// `height` rows of [`Glyph::stride`] bytes each.
    pub rows: &'a [u8],
}

impl<'a> Glyph<'a> {
    /// Bytes per row: `(width + 7) / 8`.
    pub const fn stride(&self) -> usize {
        (self.width as usize).div_ceil(8)
    }

    /// Whether the pixel at column `x`, row `y` (from the ink box's top left) is ink.
    /// Outside the ink box this is `false`.
    pub fn pixel(&self, x: u8, y: u8) -> bool {
        if x >= self.width || y >= self.height {
            return false;
        }
        let index = y as usize * self.stride() + x as usize / 8;
        self.rows
            .get(index)
            .is_some_and(|byte| byte & (0x80 >> (x % 8)) != 0)
    }
}
