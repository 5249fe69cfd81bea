//! The status line's figures (`12 / 148`, `8%`) as [`Glyph`]s of our own, drawn by the
//! framebuffer's row blit like the text.
//!
//! They are the shapes of the 6×10 fixed font (X11 misc-fixed, public domain, as u8g2 carries
//! it in `u8g2_font_6x10_tr`): every character 5 × 7 pixels on a 6-pixel advance, standing on
//! the baseline. Drawn through u8g2, a pixel at a time after decoding the font's run lengths,
//! the fourteen figures of `3000 / 3797` and `79%` cost about 40,000 ARMv6-M instructions a
//! page turn, a tenth of it; as glyphs they cost a fifth of that. A test checks every shape
//! against u8g2's rendering pixel for pixel, so the status line looks as it did.

use core::fmt;

use crate::glyphs::Glyph;

/// Pixels each figure advances the pen.
pub const ADVANCE: u8 = 6;

/// Rows of a figure, from the baseline up.
const HEIGHT: u8 = 7;

/// The figures drawn and their shapes, a row a line, the leftmost pixel first.
const SHAPES: [(char, [&str; HEIGHT as usize]); 12] = [
    (
        '0',
        [
            "..#..", ".#.#.", "#...#", "#...#", "#...#", ".#.#.", "..#..",
        ],
    ),
    (
        '1',
        [
            "..#..", ".##..", "#.#..", "..#..", "..#..", "..#..", "#####",
        ],
    ),
    (
        '2',
        [
            ".###.", "#...#", "....#", "..##.", ".#...", "#....", "#####",
        ],
    ),
    (
        '3',
        [
            "#####", "....#", "...#.", "..##.", "....#", "#...#", ".###.",
        ],
    ),
    (
        '4',
        [
            "...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#.",
        ],
    ),
    (
        '5',
        [
            "#####", "#....", "#.##.", "##..#", "....#", "#...#", ".###.",
        ],
    ),
    (
        '6',
        [
            "..##.", ".#...", "#....", "#.##.", "##..#", "#...#", ".###.",
        ],
    ),
    (
        '7',
        [
            "#####", "....#", "...#.", "...#.", "..#..", ".#...", ".#...",
        ],
    ),
    (
        '8',
        [
            ".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###.",
        ],
    ),
    (
        '9',
        [
            ".###.", "#...#", "#..##", ".##.#", "....#", "...#.", ".##..",
        ],
    ),
    (
        '/',
        [
            "....#", "....#", "...#.", "..#..", ".#...", "#....", "#....",
        ],
    ),
    (
        '%',
        [
            ".#..#", "#.#.#", ".#.#.", "..#..", ".#.#.", "#.#.#", "#..#.",
        ],
    ),
];

/// Each shape's rows as bytes, the leftmost pixel in the most significant bit: a glyph 8
/// columns wide whose last three are blank, so that its rows need no bit packing.
// Evaluated at compile time: an index out of range would fail the build, never a run.
#[allow(clippy::indexing_slicing)]
const BITMAPS: [[u8; HEIGHT as usize]; SHAPES.len()] = {
    let mut bitmaps = [[0u8; HEIGHT as usize]; SHAPES.len()];
    let mut shape = 0;
    while shape < SHAPES.len() {
        let mut row = 0;
        while row < HEIGHT as usize {
            let pixels = SHAPES[shape].1[row].as_bytes();
            let mut column = 0;
            while column < pixels.len() {
                if pixels[column] == b'#' {
                    bitmaps[shape][row] |= 0x80 >> column;
                }
                column += 1;
            }
            row += 1;
        }
        shape += 1;
    }
    bitmaps
};

/// The glyph of figure `c`; `None` for a space (which only advances) or a character the
/// status line never shows.
pub fn glyph(c: char) -> Option<Glyph<'static>> {
    let index = SHAPES.iter().position(|&(shape, _)| shape == c)?;
    let bits = BITMAPS.get(index)?;
    Some(Glyph {
        width: 8,
        height: HEIGHT,
        left: 0,
        top: HEIGHT as i8,
        advance: ADVANCE,
        bits,
    })
}

/// A short line of figures formatted on the stack (`3000 / 3797`, `79%`): room for two
/// `u32`s and the separator, which is more than the status line ever shows.
#[derive(Clone, Copy)]
pub struct Figures {
    bytes: [u8; 24],
    len: usize,
}

impl Figures {
    /// `args` formatted, cut at the buffer's end.
    pub fn new(args: fmt::Arguments<'_>) -> Self {
        let mut figures = Figures {
            bytes: [0; 24],
            len: 0,
        };
        // Writing only fails when the buffer is full, and then what fitted is kept.
        let _ = fmt::Write::write_fmt(&mut figures, args);
        figures
    }

    /// The characters, each one figure or a space.
    pub fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.bytes
            .iter()
            .take(self.len)
            .map(|&byte| char::from(byte))
    }

    /// The pixels the figures advance: [`ADVANCE`] each.
    pub fn width(&self) -> i32 {
        // At most 24 characters: no overflow.
        self.len as i32 * i32::from(ADVANCE)
    }
}

impl fmt::Write for Figures {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let end = self.len + text.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use embedded_graphics::pixelcolor::BinaryColor;
    use embedded_graphics::prelude::*;
    use u8g2_fonts::types::{FontColor, VerticalPosition};
    use u8g2_fonts::{fonts, FontRenderer};

    use super::*;
    use crate::render::framebuffer::tests::ascii;
    use crate::render::{GlyphCanvas, PackedFramebuffer};

    /// `c` drawn at `(x, baseline)` on a 20 × 14 white framebuffer by `draw`, as rows of `#`.
    fn drawn(draw: impl FnOnce(&mut PackedFramebuffer<'_>)) -> std::vec::Vec<std::string::String> {
        let mut buffer = [0u8; PackedFramebuffer::buffer_len(20, 14)];
        let mut fb = PackedFramebuffer::new(&mut buffer, Size::new(20, 14)).unwrap();
        fb.clear(BinaryColor::Off);
        draw(&mut fb);
        ascii(&fb)
    }

    #[test]
    fn every_figure_is_the_6x10_fonts_at_every_bit_offset() {
        let font = FontRenderer::new::<fonts::u8g2_font_6x10_tr>();
        for c in "0123456789/% ".chars() {
            for x in 0..9 {
                let pen = Point::new(x, 10);
                let expected = drawn(|fb| {
                    let color = FontColor::Transparent(BinaryColor::On);
                    font.render(c, pen, VerticalPosition::Baseline, color, fb)
                        .unwrap();
                });
                let ours = drawn(|fb| {
                    if let Some(glyph) = glyph(c) {
                        fb.draw_glyph(&glyph, pen).unwrap();
                    }
                });
                assert_eq!(ours, expected, "{c:?} at x = {x}");
                assert!(expected.iter().any(|row| row.contains('#')) || c == ' ');
            }
            let advance = font
                .get_rendered_dimensions(c, Point::zero(), VerticalPosition::Baseline)
                .unwrap()
                .advance
                .x;
            assert_eq!(advance, i32::from(ADVANCE), "{c:?}");
        }
        assert!(glyph(' ').is_none() && glyph('a').is_none());
    }

    #[test]
    fn figures_format_on_the_stack_and_measure_six_pixels_each() {
        let figures = Figures::new(format_args!("{} / {}", 3000, 3797));
        assert_eq!(
            figures.chars().collect::<std::string::String>(),
            "3000 / 3797"
        );
        assert_eq!(figures.width(), 66);
        let widest = Figures::new(format_args!("{} / {}", u32::MAX, u32::MAX));
        assert_eq!(widest.width(), 23 * 6);
        // Past its room the line is cut, never a panic.
        let cut = Figures::new(format_args!("{}{}{}", u32::MAX, u32::MAX, u32::MAX));
        assert_eq!(cut.width(), 20 * 6);
    }
}
