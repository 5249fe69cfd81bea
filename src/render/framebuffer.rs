//! A packed 1-bit framebuffer over a caller-owned byte buffer.
//!
//! # Memory layout
//!
//! Row-major, [`PackedFramebuffer::stride`] = `(width + 7) / 8` bytes per row, the most
//! significant bit of a byte is its leftmost pixel. Bits past `width` in a row's last byte are
//! padding: drawing never sets them, [`PackedFramebuffer::clear`] fills them like the rest.
//!
//! # Polarity: panel-native, a set bit is white
//!
//! A **set bit is white paper, a cleared bit is black ink**, and [`BinaryColor::On`] is ink.
//! This is what the SSD1683 (Waveshare 4.2" V2), SSD1677 and SSD1680 controllers expect in
//! their black/white RAM (command `0x24`), and what epd-waveshare stores (its `Color::White`
//! is bit 1 and it maps `BinaryColor::On` to `Black`). So [`PackedFramebuffer::as_bytes`]
//! can be streamed to such a panel as is, without inverting 15 KB on every page turn; a
//! cleared (white) screen is all `0xFF`.

use core::convert::Infallible;
use core::fmt;
use core::ops::{BitAnd, Shl, Shr};

use embedded_graphics::pixelcolor::BinaryColor;
use embedded_graphics::prelude::{DrawTarget, OriginDimensions, Pixel, Point, Size};
use embedded_graphics::primitives::Rectangle;

use crate::glyphs::Glyph;

/// Why a [`PackedFramebuffer`] could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FramebufferError {
    /// The buffer holds fewer bytes than the size needs (see
    /// [`PackedFramebuffer::buffer_len`]).
    BufferTooSmall {
        /// Bytes the size needs.
        needed: usize,
        /// Bytes the buffer has.
        actual: usize,
    },
    /// The width or height does not fit embedded-graphics' `i32` coordinates.
    TooLarge,
}

impl fmt::Display for FramebufferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BufferTooSmall { needed, actual } => {
                write!(f, "framebuffer needs {needed} bytes, buffer has {actual}")
            }
            Self::TooLarge => f.write_str("framebuffer size does not fit i32 coordinates"),
        }
    }
}

impl core::error::Error for FramebufferError {}

/// What a drawing operation does to the bits under its mask.
#[derive(Clone, Copy)]
enum BitOp {
    /// Paint black: clear the bits.
    Ink,
    /// Paint white: set the bits.
    Paper,
    /// Swap black and white.
    Toggle,
}

impl BitOp {
    /// The one place that knows the polarity: `On` is ink, ink is a cleared bit.
    const fn paint(color: BinaryColor) -> Self {
        match color {
            BinaryColor::On => Self::Ink,
            BinaryColor::Off => Self::Paper,
        }
    }

    fn apply(self, byte: &mut u8, mask: u8) {
        match self {
            Self::Ink => *byte &= !mask,
            Self::Paper => *byte |= mask,
            Self::Toggle => *byte ^= mask,
        }
    }
}

/// Bits for the pixels `lo..hi` of a byte (`0 <= lo <= hi <= 8`, pixel 0 = MSB).
fn span_mask(lo: u32, hi: u32) -> u8 {
    let from_lo = 0xFFu8.checked_shr(lo).unwrap_or(0);
    let from_hi = 0xFFu8.checked_shr(hi).unwrap_or(0);
    from_lo & !from_hi
}

/// The widest glyph [`PackedFramebuffer::blit_glyph`] places a whole row at a time: a row
/// read from up to 7 bits into its first byte, or shifted by up to 7 bits onto the
/// framebuffer's, still fits one `u64`.
const WORD_GLYPH_WIDTH: u8 = 56;

/// The widest glyph placed with `u32` words (every body text size).
const U32_GLYPH_WIDTH: u8 = 25;

/// A word that places a glyph row with one read-modify-write: `u32` where the row, read from
/// its bit offset and shifted to the framebuffer's, fits in 32 bits (any glyph up to 25 px
/// wide), else `u64`, which a 32-bit MCU shifts with library calls. As a number, a word's
/// most significant byte is the first in memory.
trait RowWord:
    Copy + BitAnd<Output = Self> + Shl<u32, Output = Self> + Shr<u32, Output = Self>
{
    /// The top `width` bits set: a glyph's columns in a row word.
    fn columns(width: u8) -> Self;

    /// The word's worth of bits of bit-packed `bits` from bit `at` on, in the word's top bits
    /// (zero past the end of `bits`).
    fn from_bits(bits: &[u8], at: usize) -> Self;

    /// Clears (`INK`) or sets the word's set bits in the word's bytes at the start of `dst`,
    /// or in all of `dst` if it is shorter.
    fn paint<const INK: bool>(self, dst: &mut [u8]);
}

macro_rules! impl_row_word {
    ($word:ty) => {
        impl RowWord for $word {
            fn columns(width: u8) -> Self {
                Self::MAX
                    .checked_shl(Self::BITS.saturating_sub(u32::from(width)))
                    .unwrap_or(0)
            }

            #[inline]
            fn from_bits(bits: &[u8], at: usize) -> Self {
                const BYTES: usize = core::mem::size_of::<$word>();
                let rest = bits.get(at / 8..).unwrap_or_default();
                let word = match rest.first_chunk::<BYTES>() {
                    Some(bytes) => Self::from_be_bytes(*bytes),
                    // The glyph's last rows, near the end of the bitmaps.
                    // Byte by byte, not through a copy into a zeroed array: that became a
                    // `memcpy` call, 10 % of the rows and a tenth of a blit on a Cortex-M0+.
                    None => {
                        let mut word: Self = 0;
                        for (i, &byte) in rest.iter().enumerate().take(BYTES - 1) {
                            word |= Self::from(byte) << (8 * (BYTES - 1 - i)) as u32;
                        }
                        word
                    }
                };
                word << (at % 8) as u32
            }

            #[inline]
            fn paint<const INK: bool>(self, dst: &mut [u8]) {
                const BYTES: usize = core::mem::size_of::<$word>();
                if let Some(window) = dst.first_chunk_mut::<BYTES>() {
                    // The bits in memory order, so that the framebuffer's bytes are read and
                    // written as a native word, without swapping them.
                    let mask = Self::from_ne_bytes(self.to_be_bytes());
                    let old = Self::from_ne_bytes(*window);
                    let new = if INK { old & !mask } else { old | mask };
                    *window = new.to_ne_bytes();
                    return;
                }
                for (byte, part) in dst.iter_mut().zip(self.to_be_bytes()) {
                    if INK {
                        *byte &= !part;
                    } else {
                        *byte |= part;
                    }
                }
            }
        }
    };
}

impl_row_word!(u16);
impl_row_word!(u32);
impl_row_word!(u64);

/// A 1-bit framebuffer drawn in place in a caller-owned byte buffer.
///
/// It is an embedded-graphics [`DrawTarget`] and has a fast path,
/// [`PackedFramebuffer::blit_glyph`], that places glyph rows a byte at a time. See the
/// module documentation for the memory layout and polarity.
pub struct PackedFramebuffer<'a> {
    bytes: &'a mut [u8],
    width: u32,
    height: u32,
    stride: usize,
}

impl<'a> PackedFramebuffer<'a> {
    /// Bytes needed for `width` × `height` pixels: `(width + 7) / 8 * height`, saturating
    /// (a saturated length is never available, so [`PackedFramebuffer::new`] then fails).
    ///
    /// Usable in constants: `[0u8; PackedFramebuffer::buffer_len(300, 400)]`.
    pub const fn buffer_len(width: u32, height: u32) -> usize {
        (width as usize).div_ceil(8).saturating_mul(height as usize)
    }

    /// A framebuffer of `size` pixels over `buffer`, which keeps its contents.
    ///
    /// Only the first [`PackedFramebuffer::buffer_len`] bytes are used; a longer buffer is
    /// fine, a shorter one is an error.
    pub fn new(buffer: &'a mut [u8], size: Size) -> Result<Self, FramebufferError> {
        if i32::try_from(size.width).is_err() || i32::try_from(size.height).is_err() {
            return Err(FramebufferError::TooLarge);
        }
        let needed = Self::buffer_len(size.width, size.height);
        let actual = buffer.len();
        let bytes = buffer
            .get_mut(..needed)
            .ok_or(FramebufferError::BufferTooSmall { needed, actual })?;
        Ok(Self {
            bytes,
            width: size.width,
            height: size.height,
            stride: (size.width as usize).div_ceil(8),
        })
    }

    /// Width in pixels.
    pub const fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub const fn height(&self) -> u32 {
        self.height
    }

    /// Bytes per row: `(width + 7) / 8`.
    pub const fn stride(&self) -> usize {
        self.stride
    }

    /// The pixels, `stride × height` bytes, ready to send to the panel.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes
    }

    /// Fills every pixel (and the row padding) with `color`.
    pub fn clear(&mut self, color: BinaryColor) {
        let fill = match BitOp::paint(color) {
            BitOp::Ink => 0x00,
            _ => 0xFF,
        };
        self.bytes.fill(fill);
    }

    /// The color at `point`, or `None` outside the framebuffer.
    pub fn pixel(&self, point: Point) -> Option<BinaryColor> {
        let (x, y) = self.index_of(point)?;
        let byte = self.bytes.get(y * self.stride + x / 8)?;
        let paper = byte & (0x80 >> (x % 8)) != 0;
        Some(if paper {
            BinaryColor::Off
        } else {
            BinaryColor::On
        })
    }

    /// Sets the pixel at `point` to `color`; points outside are ignored.
    pub fn set_pixel(&mut self, point: Point, color: BinaryColor) {
        if let Some((x, y)) = self.index_of(point) {
            if let Some(byte) = self.bytes.get_mut(y * self.stride + x / 8) {
                BitOp::paint(color).apply(byte, 0x80 >> (x % 8));
            }
        }
    }

    /// Swaps black and white inside `area` (clipped), e.g. for a selection highlight drawn
    /// over text that is already there.
    pub fn invert(&mut self, area: &Rectangle) {
        self.apply_area(area, BitOp::Toggle);
    }

    /// The fast path: paints `glyph`'s ink in `ink` with its baseline origin at `pen`,
    /// leaving every other pixel as it was, clipped at all four edges.
    ///
    /// The ink box's top-left corner is `(pen.x + left, pen.y - top)`. Nothing is done per
    /// pixel: a glyph up to 56 px wide whose ink box is all inside (the usual case) lands a
    /// row at a time, as one 32- or 64-bit word read from its bits, shifted, and written back
    /// over the destination bytes with one read-modify-write; one that crosses an edge or is
    /// wider lands a byte at a time, each 8 columns masked to the visible ones and shifted
    /// into one or two destination bytes. Bits missing from a short `bits` slice are no ink,
    /// exactly like [`Glyph::pixel`].
    pub fn blit_glyph(&mut self, glyph: &Glyph<'_>, pen: Point, ink: BinaryColor) {
        let op = BitOp::paint(ink);
        let x0 = i64::from(pen.x) + i64::from(glyph.left);
        let y0 = i64::from(pen.y) - i64::from(glyph.top);
        let (glyph_w, glyph_h) = (i64::from(glyph.width), i64::from(glyph.height));
        let inside = x0 >= 0
            && y0 >= 0
            && x0 + glyph_w <= i64::from(self.width)
            && y0 + glyph_h <= i64::from(self.height);
        if inside && glyph.width <= WORD_GLYPH_WIDTH {
            // The whole ink box is inside, so x0 and y0 are a column and a row.
            let (x, y) = (x0 as usize, y0 as usize);
            let ink = matches!(op, BitOp::Ink);
            if glyph.width > U32_GLYPH_WIDTH {
                match ink {
                    true => self.blit_rows::<u64, true>(glyph, x, y),
                    false => self.blit_rows::<u64, false>(glyph, x, y),
                }
                return;
            }
            // Body text sizes fit a u32, which a 32-bit MCU shifts natively; a row, shifted
            // by `x % 8`, then lands on 1 to 4 bytes.
            match ((x % 8 + usize::from(glyph.width)).div_ceil(8), ink) {
                (1, true) => self.blit_lanes::<1, true>(glyph, x, y),
                (2, true) => self.blit_lanes::<2, true>(glyph, x, y),
                (3, true) => self.blit_lanes::<3, true>(glyph, x, y),
                (4, true) => self.blit_lanes::<4, true>(glyph, x, y),
                (1, false) => self.blit_lanes::<1, false>(glyph, x, y),
                (2, false) => self.blit_lanes::<2, false>(glyph, x, y),
                (3, false) => self.blit_lanes::<3, false>(glyph, x, y),
                (4, false) => self.blit_lanes::<4, false>(glyph, x, y),
                // No columns: nothing to draw.
                _ => {}
            }
            return;
        }
        // Visible glyph columns c0..c1 and rows r0..r1.
        let c0 = (-x0).clamp(0, glyph_w);
        let c1 = (i64::from(self.width) - x0).clamp(0, glyph_w);
        let r0 = (-y0).clamp(0, glyph_h);
        let r1 = (i64::from(self.height) - y0).clamp(0, glyph_h);
        if c0 >= c1 || r0 >= r1 {
            return;
        }
        // Clipped at an edge (or too wide for a word). Column groups first..=last of 8
        // columns each hold the visible columns; mask off the clipped ones.
        let first = c0 / 8;
        let last = (c1 - 1) / 8;
        let first_mask = span_mask((c0 - first * 8) as u32, 8);
        let last_mask = span_mask(0, (c1 - last * 8) as u32);
        // Column group i lands at destination byte base + i (high part) and base + i + 1.
        let base = x0.div_euclid(8);
        let shift = x0.rem_euclid(8) as u32;
        for r in r0..r1 {
            let Some(dst) = self.row_mut((y0 + r) as usize) else {
                continue;
            };
            let row_start = (r * glyph_w) as usize;
            for i in first..=last {
                // The group's 8 columns; past the row's end they are the next row's, which
                // `last_mask` clears.
                let [mut bits, ..] =
                    u16::from_bits(glyph.bits, row_start + 8 * i as usize).to_be_bytes();
                if i == first {
                    bits &= first_mask;
                }
                if i == last {
                    bits &= last_mask;
                }
                if bits == 0 {
                    continue;
                }
                let wide = (u16::from(bits) << 8) >> shift;
                let [high, low] = wide.to_be_bytes();
                // Clipped columns are masked off, so a part that would land outside the row
                // is zero and skipped.
                for (at, part) in [(base + i, high), (base + i + 1, low)] {
                    if part == 0 {
                        continue;
                    }
                    let slot = usize::try_from(at).ok().and_then(|at| dst.get_mut(at));
                    if let Some(slot) = slot {
                        op.apply(slot, part);
                    }
                }
            }
        }
    }

    /// Draws `glyph` with its top row at framebuffer row `y` and its first column at `x`, for
    /// a glyph whose ink box is all inside and whose rows, read from up to 7 bits into a byte
    /// or shifted by `x % 8`, fit a `W`. `INK` clears the glyph's bits (black), otherwise they
    /// are set.
    ///
    /// Per row: the word's worth of bits from the row's first bit is read as a big-endian
    /// word, masked to the glyph's columns and shifted right by `x % 8`; the result lands on
    /// the word's bytes from `x / 8` with one read-modify-write. Those bytes may run past the
    /// row into the next one, where the word is zero, so they are written back unchanged.
    /// Where a word's bytes are not left (a narrow framebuffer's rows, the end of the buffer),
    /// it lands on the bytes up to the next row's start, past which it is zero too.
    fn blit_rows<W: RowWord, const INK: bool>(&mut self, glyph: &Glyph<'_>, x: usize, y: usize) {
        let columns = W::columns(glyph.width);
        let width = usize::from(glyph.width);
        let shift = (x % 8) as u32;
        // From byte `x / 8` of row `y` on; each row's destination runs to the same byte of
        // the next row (or the buffer's end).
        let mut dst = self
            .bytes
            .get_mut(y * self.stride + x / 8..)
            .unwrap_or_default();
        let mut at = 0;
        for _ in 0..glyph.height {
            let len = self.stride.min(dst.len());
            let (here, next) = core::mem::take(&mut dst).split_at_mut(len);
            let bits = (W::from_bits(glyph.bits, at) & columns) >> shift;
            bits.paint::<INK>(here);
            dst = next;
            at += width;
        }
    }

    /// Draws `glyph`, at most [`U32_GLYPH_WIDTH`] columns wide, with its top row at framebuffer
    /// row `y` and its first column at `x`, its ink box all inside, where a row shifted by
    /// `x % 8` lands on exactly `LANES` bytes. `INK` clears the glyph's bits, else they are set.
    ///
    /// A row is read as a big-endian `u32` from its first bit, masked to the glyph's columns
    /// and shifted right by `x % 8`; its top `LANES` bytes change the `LANES` framebuffer bytes
    /// from `x / 8` on, one by one. A Cortex-M0+ cannot load or store a word at an unaligned
    /// address, so this writes only the bytes the row covers (three for a 16 px glyph,
    /// mostly) and never reads the others: about half the instructions per row of writing a
    /// whole word back as [`Self::blit_rows`] does.
    fn blit_lanes<const LANES: usize, const INK: bool>(
        &mut self,
        glyph: &Glyph<'_>,
        x: usize,
        y: usize,
    ) {
        let width = usize::from(glyph.width);
        let shift = (x % 8) as u32;
        // The glyph's columns where they land in a row word.
        let mask = u32::columns(glyph.width) >> shift;
        // The bytes the glyph covers: its rows' LANES bytes each, a stride apart (the first
        // row's from `x / 8` of row `y`); the area between them is left alone.
        let first = y * self.stride + x / 8;
        let rows = usize::from(glyph.height).saturating_sub(1);
        let end = first + rows * self.stride + LANES;
        let Some(area) = self.bytes.get_mut(first..end) else {
            return;
        };
        let mut index = 0;
        let mut at = 0;
        // Stepping by the stride through the area: no row count, no bounds to check again.
        while let Some(dst) = area.get_mut(index..index + LANES) {
            let lanes = ((u32::from_bits(glyph.bits, at) >> shift) & mask).to_be_bytes();
            for (byte, lane) in dst.iter_mut().zip(lanes) {
                if INK {
                    *byte &= !lane;
                } else {
                    *byte |= lane;
                }
            }
            index += self.stride;
            at += width;
        }
    }

    /// Paints `glyph`'s ink in `ink` turned a quarter clockwise about `pen`, its baseline
    /// origin, clipped at all four edges: what [`turned_pixels`] yields, drawn without a
    /// pixel iterator. A glyph row lands as a column, top to bottom: one mask, and the byte
    /// index stepped by the stride from one pixel to the next. For Latin words in vertical
    /// text.
    ///
    /// [`turned_pixels`]: crate::render::turned_pixels
    pub fn blit_glyph_turned(&mut self, glyph: &Glyph<'_>, pen: Point, ink: BinaryColor) {
        let op = BitOp::paint(ink);
        let width = i64::from(glyph.width);
        // Glyph column `c` lands on row `top_row + c`: only the rows on the framebuffer.
        let top_row = i64::from(pen.y) + i64::from(glyph.left);
        let first = (-top_row).clamp(0, width);
        let end = (i64::from(self.height) - top_row).clamp(0, width);
        if first >= end {
            return;
        }
        let first_index = (top_row + first) as usize * self.stride;
        for row in 0..i64::from(glyph.height) {
            // Glyph row `row` lands on column `pen.x + top - row - 1`.
            let x = i64::from(pen.x) + i64::from(glyph.top) - row - 1;
            if x < 0 || x >= i64::from(self.width) {
                continue;
            }
            let x = x as usize;
            let mask = 0x80u8 >> (x % 8);
            let mut index = first_index + x / 8;
            let bits = (row * width + first) as usize..(row * width + end) as usize;
            for bit in bits {
                let is_ink = glyph
                    .bits
                    .get(bit / 8)
                    .is_some_and(|byte| byte & (0x80 >> (bit % 8)) != 0);
                if is_ink {
                    if let Some(byte) = self.bytes.get_mut(index) {
                        op.apply(byte, mask);
                    }
                }
                index += self.stride;
            }
        }
    }

    /// `(x, y)` as indices when `point` is inside.
    fn index_of(&self, point: Point) -> Option<(usize, usize)> {
        let x = u32::try_from(point.x).ok().filter(|&x| x < self.width)?;
        let y = u32::try_from(point.y).ok().filter(|&y| y < self.height)?;
        Some((x as usize, y as usize))
    }

    fn row_mut(&mut self, y: usize) -> Option<&mut [u8]> {
        let start = y.checked_mul(self.stride)?;
        self.bytes.get_mut(start..start.checked_add(self.stride)?)
    }

    /// Applies `op` to every pixel of `area` inside the framebuffer.
    fn apply_area(&mut self, area: &Rectangle, op: BitOp) {
        let clip = |start: i32, len: u32, limit: u32| {
            let start = i64::from(start);
            let lo = start.clamp(0, i64::from(limit));
            let hi = (start + i64::from(len)).clamp(0, i64::from(limit));
            (lo as usize, hi as usize)
        };
        let (x0, x1) = clip(area.top_left.x, area.size.width, self.width);
        let (y0, y1) = clip(area.top_left.y, area.size.height, self.height);
        if x0 >= x1 {
            return;
        }
        let (first, last) = (x0 / 8, (x1 - 1) / 8);
        let first_mask = span_mask((x0 % 8) as u32, 8);
        let last_mask = span_mask(0, (x1 - last * 8) as u32);
        for y in y0..y1 {
            let Some(row) = self.row_mut(y) else {
                continue;
            };
            let span = row.iter_mut().take(last + 1).skip(first);
            for (i, byte) in (first..).zip(span) {
                let mut mask = 0xFF;
                if i == first {
                    mask &= first_mask;
                }
                if i == last {
                    mask &= last_mask;
                }
                op.apply(byte, mask);
            }
        }
    }
}

impl fmt::Debug for PackedFramebuffer<'_> {
    /// The size only: the pixels would be kilobytes of noise.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PackedFramebuffer")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("stride", &self.stride)
            .finish_non_exhaustive()
    }
}

impl OriginDimensions for PackedFramebuffer<'_> {
    fn size(&self) -> Size {
        Size::new(self.width, self.height)
    }
}

impl DrawTarget for PackedFramebuffer<'_> {
    type Color = BinaryColor;
    type Error = Infallible;

    fn draw_iter<I>(&mut self, pixels: I) -> Result<(), Self::Error>
    where
        I: IntoIterator<Item = Pixel<Self::Color>>,
    {
        for Pixel(point, color) in pixels {
            self.set_pixel(point, color);
        }
        Ok(())
    }

    fn fill_solid(&mut self, area: &Rectangle, color: Self::Color) -> Result<(), Self::Error> {
        self.apply_area(area, BitOp::paint(color));
        Ok(())
    }

    fn clear(&mut self, color: Self::Color) -> Result<(), Self::Error> {
        PackedFramebuffer::clear(self, color);
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    extern crate std;

    use std::string::String;
    use std::vec::Vec;

    use super::*;

    /// Packs `#`/`.` rows into glyph bytes (MSB first, bit-packed rows).
    pub(crate) fn glyph_bytes(rows: &[&str]) -> Vec<u8> {
        let width = rows.first().map_or(0, |row| row.len());
        let mut bytes = std::vec![0u8; (width * rows.len()).div_ceil(8)];
        for (y, row) in rows.iter().enumerate() {
            for (x, c) in row.chars().enumerate() {
                let bit = y * width + x;
                if c == '#' {
                    bytes[bit / 8] |= 0x80 >> (bit % 8);
                }
            }
        }
        bytes
    }

    fn glyph<'a>(rows: &[&str], bytes: &'a [u8], left: i8, top: i8) -> Glyph<'a> {
        Glyph {
            width: rows[0].len() as u8,
            height: rows.len() as u8,
            left,
            top,
            advance: rows[0].len() as u8,
            bits: bytes,
        }
    }

    /// The framebuffer as MockDisplay-style rows: `#` is ink (`On`), `.` is paper.
    pub(crate) fn ascii(fb: &PackedFramebuffer<'_>) -> Vec<String> {
        (0..fb.height() as i32)
            .map(|y| {
                (0..fb.width() as i32)
                    .map(|x| match fb.pixel(Point::new(x, y)) {
                        Some(BinaryColor::On) => '#',
                        _ => '.',
                    })
                    .collect()
            })
            .collect()
    }

    #[track_caller]
    fn assert_pattern(fb: &PackedFramebuffer<'_>, expected: &[&str]) {
        let actual = ascii(fb);
        assert_eq!(actual, expected, "\nactual:\n{}\n", actual.join("\n"));
    }

    #[test]
    fn new_checks_the_buffer_length() {
        let mut short = [0u8; 13];
        let err = PackedFramebuffer::new(&mut short, Size::new(10, 7)).unwrap_err();
        assert_eq!(
            err,
            FramebufferError::BufferTooSmall {
                needed: 14,
                actual: 13
            }
        );
        let mut long = [0u8; 20];
        let fb = PackedFramebuffer::new(&mut long, Size::new(10, 7)).unwrap();
        assert_eq!((fb.width(), fb.height(), fb.stride()), (10, 7, 2));
        assert_eq!(fb.as_bytes().len(), 14);
        assert_eq!(fb.size(), Size::new(10, 7));
        let huge = PackedFramebuffer::new(&mut long, Size::new(u32::MAX, 1));
        assert_eq!(huge.unwrap_err(), FramebufferError::TooLarge);
        assert_eq!(PackedFramebuffer::buffer_len(300, 400), 38 * 400);
    }

    #[test]
    fn set_bits_are_white_paper() {
        let mut buf = [0u8; 4];
        let mut fb = PackedFramebuffer::new(&mut buf, Size::new(16, 2)).unwrap();
        fb.clear(BinaryColor::Off);
        assert_eq!(fb.as_bytes(), &[0xFF; 4]);
        fb.set_pixel(Point::new(0, 0), BinaryColor::On);
        fb.set_pixel(Point::new(15, 1), BinaryColor::On);
        fb.set_pixel(Point::new(-1, 0), BinaryColor::On);
        fb.set_pixel(Point::new(16, 0), BinaryColor::On);
        assert_eq!(fb.as_bytes(), &[0x7F, 0xFF, 0xFF, 0xFE]);
        assert_eq!(fb.pixel(Point::new(0, 0)), Some(BinaryColor::On));
        assert_eq!(fb.pixel(Point::new(1, 0)), Some(BinaryColor::Off));
        assert_eq!(fb.pixel(Point::new(0, 2)), None);
        DrawTarget::clear(&mut fb, BinaryColor::On).unwrap();
        assert_eq!(fb.as_bytes(), &[0x00; 4]);
    }

    #[test]
    fn fill_solid_masks_partial_bytes_and_clips() {
        let mut buf = [0u8; 8];
        let mut fb = PackedFramebuffer::new(&mut buf, Size::new(12, 4)).unwrap();
        fb.clear(BinaryColor::Off);
        let area = Rectangle::new(Point::new(3, 1), Size::new(7, 2));
        fb.fill_solid(&area, BinaryColor::On).unwrap();
        let corner = Rectangle::new(Point::new(-2, -1), Size::new(4, 2));
        fb.fill_solid(&corner, BinaryColor::On).unwrap();
        let edge = Rectangle::new(Point::new(10, 3), Size::new(9, 9));
        fb.fill_solid(&edge, BinaryColor::On).unwrap();
        let far = Rectangle::new(Point::new(i32::MAX - 1, i32::MIN), Size::new(u32::MAX, 9));
        fb.fill_solid(&far, BinaryColor::On).unwrap();
        assert_pattern(
            &fb,
            &[
                "##..........",
                "...#######..",
                "...#######..",
                "..........##",
            ],
        );
        // Padding bits past column 12 stay as they were.
        assert_eq!(fb.as_bytes()[7] & 0x0F, 0x0F);
        fb.fill_solid(
            &Rectangle::new(Point::new(0, 1), Size::new(12, 1)),
            BinaryColor::Off,
        )
        .unwrap();
        fb.invert(&Rectangle::new(Point::new(7, 0), Size::new(4, 4)));
        assert_pattern(
            &fb,
            &[
                "##.....####.",
                ".......####.",
                "...####...#.",
                ".......###.#",
            ],
        );
    }

    const WIDE: [&str; 2] = ["#..#.##..#", ".########."];

    #[test]
    fn glyph_lands_at_every_bit_offset() {
        let bytes = glyph_bytes(&WIDE);
        let g = glyph(&WIDE, &bytes, 0, 2);
        for x in 0..=20 {
            let mut buf = [0u8; 8];
            let mut fb = PackedFramebuffer::new(&mut buf, Size::new(30, 2)).unwrap();
            fb.clear(BinaryColor::Off);
            fb.blit_glyph(&g, Point::new(x, 2), BinaryColor::On);
            let pad = |row: &str| {
                std::format!(
                    "{}{}{}",
                    ".".repeat(x as usize),
                    row,
                    ".".repeat(20 - x as usize)
                )
            };
            let expected = [pad(WIDE[0]), pad(WIDE[1])];
            assert_eq!(ascii(&fb), expected, "x = {x}");
            assert_eq!(fb.as_bytes()[3] & 0b11, 0b11, "padding kept at x = {x}");
        }
    }

    /// A small xorshift generator: reproducible noise for glyphs and backgrounds.
    struct Noise(u32);

    impl Noise {
        fn bytes(&mut self, len: usize) -> Vec<u8> {
            (0..len)
                .map(|_| {
                    self.0 ^= self.0 << 13;
                    self.0 ^= self.0 >> 17;
                    self.0 ^= self.0 << 5;
                    self.0.to_le_bytes()[1]
                })
                .collect()
        }
    }

    /// Blits `g` with its ink box at `(x, y)` on a noise background `margin` px wider than
    /// the glyph's right edge and 3 rows taller than the glyph, and compares every byte with
    /// the same glyph drawn pixel by pixel through [`Glyph::pixel`] and `set_pixel`.
    fn assert_blit_matches_pixels(
        g: &Glyph<'_>,
        (x, y): (i32, i32),
        margin: i32,
        noise: &mut Noise,
    ) {
        let width = u32::try_from(x + i32::from(g.width) + margin).unwrap();
        let size = Size::new(width, u32::from(g.height) + 3);
        let background = noise.bytes(PackedFramebuffer::buffer_len(size.width, size.height));
        for ink in [BinaryColor::On, BinaryColor::Off] {
            let (mut fast_buf, mut slow_buf) = (background.clone(), background.clone());
            let mut fast = PackedFramebuffer::new(&mut fast_buf, size).unwrap();
            let mut slow = PackedFramebuffer::new(&mut slow_buf, size).unwrap();
            fast.blit_glyph(g, Point::new(x, y), ink);
            for r in 0..g.height {
                for c in 0..g.width {
                    if g.pixel(c, r) {
                        slow.set_pixel(Point::new(x + i32::from(c), y + i32::from(r)), ink);
                    }
                }
            }
            assert_eq!(
                fast.as_bytes(),
                slow.as_bytes(),
                "width {}, {} bytes, at ({x}, {y}), margin {margin}, {ink:?}\n\
                 fast:\n{}\nreference:\n{}",
                g.width,
                g.bits.len(),
                ascii(&fast).join("\n"),
                ascii(&slow).join("\n"),
            );
        }
    }

    #[test]
    fn a_turned_glyph_lands_as_its_pixels_turned_at_every_offset_and_edge() {
        let mut noise = Noise(0x2545_F491);
        let size = Size::new(21, 19);
        for (width, height) in [(1u8, 1u8), (5, 3), (9, 12), (13, 7)] {
            let bytes = noise.bytes(Glyph::packed_len(width, height));
            for (left, top) in [(0i8, 0i8), (1, 9), (-2, 4)] {
                let g = Glyph {
                    width,
                    height,
                    left,
                    top,
                    advance: width,
                    bits: &bytes,
                };
                // Inside, and across each edge.
                for pen in [(10, 4), (-3, 5), (18, 6), (10, -6), (10, 15), (0, 0)] {
                    let pen = Point::new(pen.0, pen.1);
                    let background = noise.bytes(PackedFramebuffer::buffer_len(21, 19));
                    for ink in [BinaryColor::On, BinaryColor::Off] {
                        let (mut fast_buf, mut slow_buf) = (background.clone(), background.clone());
                        let mut fast = PackedFramebuffer::new(&mut fast_buf, size).unwrap();
                        let mut slow = PackedFramebuffer::new(&mut slow_buf, size).unwrap();
                        fast.blit_glyph_turned(&g, pen, ink);
                        for Pixel(point, _) in crate::render::canvas::turned_pixels(g, pen) {
                            slow.set_pixel(point, ink);
                        }
                        assert_eq!(
                            fast.as_bytes(),
                            slow.as_bytes(),
                            "{width}x{height} ({left}, {top}) at {pen:?}, {ink:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn turned_pixels_turn_clockwise() {
        // An L: a column down the left and a foot to the right, 3 wide and 3 tall, its top
        // 3 px above the baseline. Turned clockwise about the pen (10, 10) it is a Γ: the
        // column lies along the top, from the pen rightwards, and the foot hangs down from
        // its left end.
        let bytes = glyph_bytes(&["#..", "#..", "###"]);
        let g = glyph(&["#..", "#..", "###"], &bytes, 0, 3);
        let mut points: Vec<(i32, i32)> =
            crate::render::canvas::turned_pixels(g, Point::new(10, 10))
                .map(|Pixel(p, _)| (p.x, p.y))
                .collect();
        points.sort_unstable();
        // The column's top (row 0) lands rightmost, at x 12; the foot runs down from (10, 10).
        assert_eq!(points, [(10, 10), (10, 11), (10, 12), (11, 10), (12, 10)]);
    }

    #[test]
    fn inside_glyph_lands_whole_rows_at_every_bit_offset() {
        let mut noise = Noise(0x9E37_79B9);
        // Row strides 1 to 7, each with a full last byte and with padding bits, as a u32 or
        // a u64 word (25 + 7 bits is the widest u32); wider ones go a byte at a time.
        let widths = [
            1u8, 5, 8, 9, 13, 16, 17, 23, 24, 25, 26, 31, 32, 33, 40, 47, 56, 57, 64,
        ];
        for width in widths {
            let height = 5;
            // Random bits everywhere, the padding bits past the last pixel included, and
            // bytes past the glyph's (the next glyph's, in a font).
            let bytes = noise.bytes(Glyph::packed_len(width, height) + 8);
            // Followed by more bytes, ending with the glyph's last byte, and one byte short.
            let len = Glyph::packed_len(width, height);
            for bits in [&bytes[..], &bytes[..len], &bytes[..len - 1]] {
                let g = Glyph {
                    width,
                    height,
                    left: 0,
                    top: 0,
                    advance: width,
                    bits,
                };
                for shift in 0..8 {
                    // In the first or second destination byte; flush with the right edge or
                    // 17 px short of it; at the top or on the last rows (the buffer's end).
                    for x in [shift, 8 + shift] {
                        for margin in [0, 17] {
                            for y in [0, 3] {
                                assert_blit_matches_pixels(&g, (x, y), margin, &mut noise);
                            }
                        }
                    }
                }
            }
        }
    }

    const SMALL: [&str; 3] = ["#..#", ".##.", "####"];

    /// Blits `SMALL` with its ink box's top-left corner at `(x, y)` on a 12×6 framebuffer.
    fn blit_small(x: i32, y: i32, ink: BinaryColor, background: BinaryColor) -> Vec<String> {
        let bytes = glyph_bytes(&SMALL);
        // Bearings: box at (pen.x - 1, pen.y - 3).
        let g = glyph(&SMALL, &bytes, -1, 3);
        let mut buf = [0u8; 12];
        let mut fb = PackedFramebuffer::new(&mut buf, Size::new(12, 6)).unwrap();
        fb.clear(background);
        fb.blit_glyph(
            &g,
            Point::new(x.saturating_add(1), y.saturating_add(3)),
            ink,
        );
        ascii(&fb)
    }

    #[test]
    fn glyph_clips_at_every_edge() {
        let cases: [((i32, i32), [&str; 6]); 6] = [
            (
                (4, 1),
                [
                    "............",
                    "....#..#....",
                    ".....##.....",
                    "....####....",
                    "............",
                    "............",
                ],
            ),
            (
                (-2, 0),
                [
                    ".#..........",
                    "#...........",
                    "##..........",
                    "............",
                    "............",
                    "............",
                ],
            ),
            (
                (10, 2),
                [
                    "............",
                    "............",
                    "..........#.",
                    "...........#",
                    "..........##",
                    "............",
                ],
            ),
            (
                (5, -1),
                [
                    "......##....",
                    ".....####...",
                    "............",
                    "............",
                    "............",
                    "............",
                ],
            ),
            (
                (0, 4),
                [
                    "............",
                    "............",
                    "............",
                    "............",
                    "#..#........",
                    ".##.........",
                ],
            ),
            (
                (-3, -2),
                [
                    "#...........",
                    "............",
                    "............",
                    "............",
                    "............",
                    "............",
                ],
            ),
        ];
        for ((x, y), expected) in cases {
            assert_eq!(
                blit_small(x, y, BinaryColor::On, BinaryColor::Off),
                expected,
                "at ({x}, {y})"
            );
        }
        let blank = ["............"; 6];
        for (x, y) in [
            (-4, 0),
            (12, 0),
            (0, -3),
            (0, 6),
            (i32::MIN, 0),
            (0, i32::MAX),
            (i32::MAX, i32::MIN),
        ] {
            assert_eq!(
                blit_small(x, y, BinaryColor::On, BinaryColor::Off),
                blank,
                "at ({x}, {y})"
            );
        }
    }

    #[test]
    fn paper_ink_draws_white_on_black() {
        let expected = [
            "#.##.#######",
            "##..########",
            "#....#######",
            "############",
            "############",
            "############",
        ];
        assert_eq!(
            blit_small(1, 0, BinaryColor::Off, BinaryColor::On),
            expected
        );
    }

    #[test]
    fn missing_bytes_and_padding_bits_are_no_ink() {
        // Five pixels wide, two rows: ten bits, of which only the first byte is there.
        let bytes = [0xFF];
        let g = Glyph {
            width: 5,
            height: 2,
            left: 0,
            top: 0,
            advance: 5,
            bits: &bytes,
        };
        // Three pixels wide, one row: the last five bits of the byte are padding.
        let padded = Glyph {
            width: 3,
            height: 1,
            ..g
        };
        let mut buf = [0u8; 6];
        let mut fb = PackedFramebuffer::new(&mut buf, Size::new(12, 3)).unwrap();
        fb.clear(BinaryColor::Off);
        fb.blit_glyph(&g, Point::new(6, 0), BinaryColor::On);
        fb.blit_glyph(&padded, Point::new(1, 2), BinaryColor::On);
        assert_pattern(&fb, &["......#####.", "......###...", ".###........"]);
    }

    #[test]
    fn draw_iter_ignores_pixels_outside() {
        let mut buf = [0u8; 2];
        let mut fb = PackedFramebuffer::new(&mut buf, Size::new(3, 2)).unwrap();
        fb.clear(BinaryColor::Off);
        let points = [(-1, 0), (0, -1), (3, 0), (0, 2), (2, 1), (0, 0)];
        fb.draw_iter(points.map(|(x, y)| Pixel(Point::new(x, y), BinaryColor::On)))
            .unwrap();
        assert_pattern(&fb, &["#..", "..#"]);
        let message = std::format!("{}", FramebufferError::TooLarge);
        assert_eq!(message, "framebuffer size does not fit i32 coordinates");
    }
}
