//! The panel the reader shows pages on ([`Panel`]), its RAM image, and how the reader's
//! framebuffer becomes it.
//!
//! A panel is addressed in rows along its long side (the native width: 400 pixels on the
//! Pico-ePaper-4.2, 800 on the X4), `width / 8` bytes a row, the most significant bit leftmost,
//! a set bit white: exactly the format of the core's
//! [`PackedFramebuffer`](moye::render::PackedFramebuffer) at the panel's native size, so a
//! landscape page is sent as it is. The reader holds a device in portrait by default and draws
//! `height × width` (300 × 400, 480 × 800); [`PanelImage`] turns such a framebuffer a quarter
//! turn on the fly, eight panel rows at a time, by transposing 8 × 8-pixel blocks
//! ([`transpose8`]), so no second framebuffer is needed.
//!
//! Which way the quarter turn goes depends on how the device is held; [`Rotation`] offers both.

use embedded_graphics::prelude::Size;
use moye::ui::Refresh;

/// Panel rows produced at a time from a portrait framebuffer.
pub const CHUNK_ROWS: usize = 8;

/// The widest panel row a [`PanelImage`] turns, in bytes: the X4's 800 pixels. It sizes the
/// buffer of [`CHUNK_ROWS`] rows on the stack.
pub const MAX_STRIDE: usize = 100;

/// What the reader shows pages on: a panel and its controller's driver.
pub trait Panel {
    /// What can go wrong.
    type Error;

    /// Starts showing `image` with `refresh` (or a full refresh, when the panel cannot do a
    /// partial one now) and returns the refresh started, without waiting for it.
    fn show(&mut self, image: &PanelImage<'_>, refresh: Refresh) -> Result<Refresh, Self::Error>;

    /// Whether the refresh last started still runs.
    fn is_busy(&mut self) -> Result<bool, Self::Error>;

    /// Waits for the refresh last started and completes it; `shown` is the image it showed.
    fn finish(&mut self, shown: &PanelImage<'_>) -> Result<(), Self::Error>;

    /// Gives up on the refresh last started, which seems never to end, without waiting.
    fn abandon(&mut self);

    /// Lets the panel sleep until the next [`show`](Panel::show) (after its refresh); the
    /// image stays.
    fn sleep(&mut self) -> Result<(), Self::Error>;
}

/// How a portrait page (the panel's height wide) lies on the landscape panel.
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
    /// The pixel of a panel of native size `panel` showing pixel (`x`, `y`) of a portrait page
    /// (`panel.height` × `panel.width`).
    pub const fn panel_pixel(self, panel: Size, x: u32, y: u32) -> (u32, u32) {
        match self {
            Rotation::Clockwise => (y, panel.height - 1 - x),
            Rotation::Counterclockwise => (panel.width - 1 - y, x),
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

/// A framebuffer the panel can show: the bytes of a packed framebuffer at the panel's native
/// (landscape) size or turned (portrait), and for a portrait one the way it is turned.
#[derive(Clone, Copy, Debug)]
pub struct PanelImage<'a> {
    bytes: &'a [u8],
    panel: Size,
    portrait: Option<Rotation>,
}

impl<'a> PanelImage<'a> {
    /// The image on a panel of native size `panel` of a packed framebuffer of `size` with the
    /// bytes `bytes` (row-major, rows of `(width + 7) / 8` bytes), a portrait one turned by
    /// `rotation`; `None` unless `size` is `panel` or `panel` turned, `bytes` holds all of it,
    /// and the panel's width is whole bytes of at most [`MAX_STRIDE`].
    pub fn new(bytes: &'a [u8], size: Size, panel: Size, rotation: Rotation) -> Option<Self> {
        let stride = size.width.div_ceil(8) as usize;
        if panel.width % 8 != 0 || panel.width as usize > 8 * MAX_STRIDE {
            return None;
        }
        let portrait = if size == panel {
            None
        } else if (size.width, size.height) == (panel.height, panel.width) {
            Some(rotation)
        } else {
            return None;
        };
        let bytes = bytes.get(..stride * size.height as usize)?;
        Some(PanelImage {
            bytes,
            panel,
            portrait,
        })
    }

    /// The panel's native size.
    pub fn panel(&self) -> Size {
        self.panel
    }

    /// Hands the panel RAM image to `send` from the first panel row to the last, in pieces of
    /// whole rows (at most [`CHUNK_ROWS`] rows each), stopping at the first error.
    pub fn send_rows<E>(&self, mut send: impl FnMut(&[u8]) -> Result<(), E>) -> Result<(), E> {
        let Some(rotation) = self.portrait else {
            return send(self.bytes);
        };
        let panel_stride = self.panel.width as usize / 8;
        // The portrait page is the panel's height wide.
        let height = self.panel.height as usize;
        let stride = height.div_ceil(8);
        let mut chunk = [0u8; CHUNK_ROWS * MAX_STRIDE];
        for step in 0..stride {
            // Portrait byte column `column` holds page columns 8 × column .. + 8, which become
            // panel rows; the last column may be part padding (300 = 37 × 8 + 4).
            let column = match rotation {
                Rotation::Counterclockwise => step,
                Rotation::Clockwise => stride - 1 - step,
            };
            let valid = (height - 8 * column).min(8);
            for block in 0..panel_stride {
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
                            let line = CHUNK_ROWS - 1 - j;
                            if let Some(slot) = chunk.get_mut(line * panel_stride + block) {
                                *slot = byte;
                            }
                        }
                    }
                    // Panel x = width - 1 - y: row 7 of the block is the byte's leftmost pixel,
                    // and the block lands mirrored along the row.
                    Rotation::Counterclockwise => {
                        rows.reverse();
                        for (line, byte) in transpose8(rows).into_iter().enumerate() {
                            let at = line * panel_stride + panel_stride - 1 - block;
                            if let Some(slot) = chunk.get_mut(at) {
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
            let bytes = lines.start * panel_stride..lines.end * panel_stride;
            send(chunk.get(bytes).unwrap_or_default())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Pico-ePaper-4.2 and the X4.
    const PICO: Size = Size::new(400, 300);
    const X4: Size = Size::new(800, 480);

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
        let stride = image.panel().width as usize / 8;
        let mut out = Vec::new();
        image
            .send_rows(|bytes| {
                assert_eq!(bytes.len() % stride, 0, "whole rows only");
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
        for panel in [PICO, X4] {
            let bytes = noise(1, (panel.width / 8 * panel.height) as usize);
            let image = PanelImage::new(&bytes, panel, panel, Rotation::Clockwise).unwrap();
            assert_eq!(collect(&image), bytes);
        }
    }

    #[test]
    fn portrait_pages_turn_a_quarter_either_way_pixel_for_pixel() {
        for panel in [PICO, X4] {
            // 300 pixels: 38 bytes a row, the last half padding; 480: 60 bytes.
            let stride = panel.height.div_ceil(8) as usize;
            let bytes = noise(99, stride * panel.width as usize);
            let portrait = Size::new(panel.height, panel.width);
            for rotation in [Rotation::Clockwise, Rotation::Counterclockwise] {
                let image = PanelImage::new(&bytes, portrait, panel, rotation).unwrap();
                let shown = collect(&image);
                let panel_stride = panel.width as usize / 8;
                assert_eq!(shown.len(), panel_stride * panel.height as usize);
                for y in 0..portrait.height {
                    for x in 0..portrait.width {
                        let (px, py) = rotation.panel_pixel(panel, x, y);
                        assert_eq!(
                            pixel(&shown, panel_stride, px, py),
                            pixel(&bytes, stride, x, y),
                            "{panel:?} {rotation:?}: page ({x}, {y}) → panel ({px}, {py})"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_quarter_turns_put_the_pages_top_left_corner_where_documented() {
        // Clockwise: the page's top along the panel's left edge, so its top-left corner at the
        // panel's bottom-left; counterclockwise: at the panel's top-right.
        assert_eq!(Rotation::Clockwise.panel_pixel(PICO, 0, 0), (0, 299));
        assert_eq!(Rotation::Clockwise.panel_pixel(PICO, 299, 0), (0, 0));
        assert_eq!(Rotation::Counterclockwise.panel_pixel(PICO, 0, 0), (399, 0));
        assert_eq!(Rotation::Counterclockwise.panel_pixel(PICO, 0, 399), (0, 0));
        assert_eq!(Rotation::Clockwise.panel_pixel(X4, 0, 0), (0, 479));
        assert_eq!(Rotation::Counterclockwise.panel_pixel(X4, 0, 0), (799, 0));
    }

    #[test]
    fn other_sizes_and_short_buffers_are_refused() {
        let bytes = vec![0xFF; 48_000 + 200];
        let refused = |size, panel| PanelImage::new(&bytes, size, panel, Rotation::Clockwise);
        assert!(refused(Size::new(296, 128), PICO).is_none());
        assert!(refused(Size::new(480, 800), PICO).is_none());
        assert!(refused(Size::new(300, 400), X4).is_none());
        // A panel row must be whole bytes, and fit the turning buffer.
        assert!(refused(Size::new(300, 404), Size::new(404, 300)).is_none());
        assert!(refused(Size::new(300, 808), Size::new(808, 300)).is_none());
        let short = &bytes[..38 * 400 - 1];
        assert!(PanelImage::new(short, Size::new(300, 400), PICO, Rotation::Clockwise).is_none());
        let exact = &bytes[..38 * 400];
        assert!(PanelImage::new(exact, Size::new(300, 400), PICO, Rotation::Clockwise).is_some());
        assert!(refused(Size::new(480, 800), X4).is_some());
    }

    #[test]
    fn errors_stop_the_stream() {
        let bytes = vec![0xFF; 38 * 400];
        let image =
            PanelImage::new(&bytes, Size::new(300, 400), PICO, Rotation::Clockwise).unwrap();
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
