//! The panel's RAM image, and how the reader's framebuffer becomes it.
//!
//! The Pico-ePaper-4.2's panel is 400 × 300 pixels, addressed in rows of 400 pixels
//! ([`PANEL_STRIDE`] = 50 bytes, the most significant bit leftmost, a set bit white): exactly the
//! format of the core's [`PackedFramebuffer`](moye::render::PackedFramebuffer) at 400 × 300, so
//! a landscape page is sent as it is. The reader holds the device in portrait by default and
//! draws 300 × 400 (38-byte rows); [`PanelImage`] turns such a framebuffer a quarter turn on
//! the fly, eight panel rows at a time, by transposing 8 × 8-pixel blocks
//! ([`transpose8`]), so no second framebuffer is needed.
//!
//! Which way the quarter turn goes depends on how the device is held; [`Rotation`] offers both.

use embedded_graphics::prelude::Size;

/// The panel's width in pixels (its long side).
pub const PANEL_WIDTH: u32 = 400;
/// The panel's height in pixels.
pub const PANEL_HEIGHT: u32 = 300;
/// Bytes per panel row.
pub const PANEL_STRIDE: usize = PANEL_WIDTH as usize / 8;
/// Bytes of the panel's black/white RAM.
pub const PANEL_BYTES: usize = PANEL_STRIDE * PANEL_HEIGHT as usize;
/// Panel rows produced at a time from a portrait framebuffer.
pub const CHUNK_ROWS: usize = 8;

/// How a portrait (300 × 400) page lies on the landscape panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rotation {
    /// The page's top is along the panel's left edge: the panel turned a quarter clockwise
    /// from landscape.
    Clockwise,
    /// The page's top is along the panel's right edge: the panel turned a quarter
    /// counterclockwise from landscape.
    Counterclockwise,
}

impl Rotation {
    /// The panel pixel showing pixel (`x`, `y`) of a 300 × 400 portrait page.
    pub const fn panel_pixel(self, x: u32, y: u32) -> (u32, u32) {
        match self {
            Rotation::Clockwise => (y, PANEL_HEIGHT - 1 - x),
            Rotation::Counterclockwise => (PANEL_WIDTH - 1 - y, x),
        }
    }
}

/// Transposes an 8 × 8 block of pixels: `rows[k]` holds row `k`, its most significant bit
/// column 0; the result's byte `j` holds column `j`, its most significant bit row 0.
pub fn transpose8(rows: [u8; 8]) -> [u8; 8] {
    // Row 0 in the top byte: bit 63 - (8 × row + column) holds (row, column). Each step swaps
    // the off-diagonal halves of blocks of 2 × 2, then 4 × 4, then 8 × 8 bits.
    let mut x = u64::from_be_bytes(rows);
    let t = (x ^ (x >> 7)) & 0x00AA_00AA_00AA_00AA;
    x ^= t ^ (t << 7);
    let t = (x ^ (x >> 14)) & 0x0000_CCCC_0000_CCCC;
    x ^= t ^ (t << 14);
    let t = (x ^ (x >> 28)) & 0x0000_0000_F0F0_F0F0;
    x ^= t ^ (t << 28);
    x.to_be_bytes()
}

/// A framebuffer the panel can show: the bytes of a 400 × 300 (landscape) or 300 × 400
/// (portrait) packed framebuffer, and for a portrait one the way it is turned.
#[derive(Clone, Copy, Debug)]
pub struct PanelImage<'a> {
    bytes: &'a [u8],
    portrait: Option<Rotation>,
}

impl<'a> PanelImage<'a> {
    /// The image of a packed framebuffer of `size` with the bytes `bytes` (row-major, rows of
    /// `(width + 7) / 8` bytes), a portrait one turned by `rotation`; `None` unless `size` is
    /// 400 × 300 or 300 × 400 and `bytes` holds all of it.
    pub fn new(bytes: &'a [u8], size: Size, rotation: Rotation) -> Option<Self> {
        let stride = size.width.div_ceil(8) as usize;
        let portrait = match (size.width, size.height) {
            (PANEL_WIDTH, PANEL_HEIGHT) => None,
            (PANEL_HEIGHT, PANEL_WIDTH) => Some(rotation),
            _ => return None,
        };
        let bytes = bytes.get(..stride * size.height as usize)?;
        Some(PanelImage { bytes, portrait })
    }

    /// Hands the panel RAM image to `send` from the first panel row to the last, in pieces of
    /// whole rows (at most [`CHUNK_ROWS`] rows each), stopping at the first error.
    pub fn send_rows<E>(&self, mut send: impl FnMut(&[u8]) -> Result<(), E>) -> Result<(), E> {
        let Some(rotation) = self.portrait else {
            return send(self.bytes);
        };
        let stride = (PANEL_HEIGHT as usize).div_ceil(8);
        let mut chunk = [[0u8; PANEL_STRIDE]; CHUNK_ROWS];
        for step in 0..stride {
            // Portrait byte column `column` holds page columns 8 × column .. + 8, which become
            // panel rows; the last column is half padding.
            let column = match rotation {
                Rotation::Counterclockwise => step,
                Rotation::Clockwise => stride - 1 - step,
            };
            let valid = (PANEL_HEIGHT as usize - 8 * column).min(8);
            for block in 0..PANEL_STRIDE {
                let mut rows = [0u8; 8];
                for (k, row) in rows.iter_mut().enumerate() {
                    let y = 8 * block + k;
                    *row = self.bytes.get(y * stride + column).copied().unwrap_or(0xFF);
                }
                match rotation {
                    // Panel x = y: row 0 of the block is the byte's leftmost pixel.
                    Rotation::Clockwise => {
                        for (j, byte) in transpose8(rows).into_iter().enumerate() {
                            // Panel rows run against the page columns: column j + 1 is above j.
                            if let Some(line) = chunk.get_mut(CHUNK_ROWS - 1 - j) {
                                if let Some(slot) = line.get_mut(block) {
                                    *slot = byte;
                                }
                            }
                        }
                    }
                    // Panel x = 399 - y: row 7 of the block is the byte's leftmost pixel, and
                    // the block lands mirrored along the row.
                    Rotation::Counterclockwise => {
                        rows.reverse();
                        for (line, byte) in chunk.iter_mut().zip(transpose8(rows)) {
                            if let Some(slot) = line.get_mut(PANEL_STRIDE - 1 - block) {
                                *slot = byte;
                            }
                        }
                    }
                }
            }
            let lines = match rotation {
                Rotation::Counterclockwise => 0..valid,
                Rotation::Clockwise => CHUNK_ROWS - valid..CHUNK_ROWS,
            };
            let bytes = lines.start * PANEL_STRIDE..lines.end * PANEL_STRIDE;
            send(chunk.as_flattened().get(bytes).unwrap_or_default())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic pseudo-random byte stream (xorshift32).
    fn noise(seed: u32, len: usize) -> Vec<u8> {
        let mut state = seed.max(1);
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state as u8
            })
            .collect()
    }

    fn pixel(bytes: &[u8], stride: usize, x: u32, y: u32) -> bool {
        bytes[y as usize * stride + x as usize / 8] & (0x80 >> (x % 8)) != 0
    }

    /// The panel RAM that `image` produces, collected.
    fn collect(image: &PanelImage<'_>) -> Vec<u8> {
        let mut out = Vec::new();
        image
            .send_rows(|bytes| {
                assert_eq!(bytes.len() % PANEL_STRIDE, 0, "whole rows only");
                assert!(bytes.len() <= PANEL_BYTES);
                out.extend_from_slice(bytes);
                Ok::<(), ()>(())
            })
            .unwrap();
        out
    }

    #[test]
    fn transposing_moves_each_bit_from_row_k_column_j_to_row_j_column_k() {
        let rows: [u8; 8] = noise(7, 8).try_into().unwrap();
        let columns = transpose8(rows);
        for (k, row) in rows.iter().enumerate() {
            for (j, column) in columns.iter().enumerate() {
                let before = row & (0x80 >> j) != 0;
                let after = column & (0x80 >> k) != 0;
                assert_eq!(before, after, "row {k} column {j}");
            }
        }
        assert_eq!(transpose8(columns), rows);
        assert_eq!(transpose8([0xFF, 0, 0, 0, 0, 0, 0, 0]), [0x80; 8]);
    }

    #[test]
    fn landscape_pages_go_to_the_panel_unchanged() {
        let bytes = noise(1, PANEL_BYTES);
        let image = PanelImage::new(&bytes, Size::new(400, 300), Rotation::Clockwise).unwrap();
        assert_eq!(collect(&image), bytes);
    }

    #[test]
    fn portrait_pages_turn_a_quarter_either_way_pixel_for_pixel() {
        let stride = 38;
        let bytes = noise(99, stride * 400);
        for rotation in [Rotation::Clockwise, Rotation::Counterclockwise] {
            let image = PanelImage::new(&bytes, Size::new(300, 400), rotation).unwrap();
            let panel = collect(&image);
            assert_eq!(panel.len(), PANEL_BYTES);
            for y in 0..400 {
                for x in 0..300 {
                    let (px, py) = rotation.panel_pixel(x, y);
                    assert_eq!(
                        pixel(&panel, PANEL_STRIDE, px, py),
                        pixel(&bytes, stride, x, y),
                        "{rotation:?}: page ({x}, {y}) → panel ({px}, {py})"
                    );
                }
            }
        }
    }

    #[test]
    fn the_quarter_turns_put_the_pages_top_left_corner_where_documented() {
        // Clockwise: the page's top along the panel's left edge, so its top-left corner at the
        // panel's bottom-left; counterclockwise: at the panel's top-right.
        assert_eq!(Rotation::Clockwise.panel_pixel(0, 0), (0, 299));
        assert_eq!(Rotation::Clockwise.panel_pixel(299, 0), (0, 0));
        assert_eq!(Rotation::Counterclockwise.panel_pixel(0, 0), (399, 0));
        assert_eq!(Rotation::Counterclockwise.panel_pixel(0, 399), (0, 0));
    }

    #[test]
    fn other_sizes_and_short_buffers_are_refused() {
        let bytes = vec![0xFF; PANEL_BYTES + 200];
        assert!(PanelImage::new(&bytes, Size::new(296, 128), Rotation::Clockwise).is_none());
        assert!(PanelImage::new(
            &bytes[..38 * 400 - 1],
            Size::new(300, 400),
            Rotation::Clockwise
        )
        .is_none());
        assert!(
            PanelImage::new(&bytes[..38 * 400], Size::new(300, 400), Rotation::Clockwise).is_some()
        );
    }

    #[test]
    fn errors_stop_the_stream() {
        let bytes = vec![0xFF; 38 * 400];
        let image = PanelImage::new(&bytes, Size::new(300, 400), Rotation::Clockwise).unwrap();
        let mut calls = 0;
        let result = image.send_rows(|_| {
            calls += 1;
            if calls == 3 {
                Err("SPI")
            } else {
                Ok(())
            }
        });
        assert_eq!(result, Err("SPI"));
        assert_eq!(calls, 3);
    }
}
