//! What a text page is drawn onto: [`GlyphCanvas`], with a fast implementation on
//! [`PackedFramebuffer`] and a generic one on any embedded-graphics [`DrawTarget`].

use embedded_graphics::pixelcolor::BinaryColor;
use embedded_graphics::prelude::{Dimensions, DrawTarget, Pixel, Point, Size};
use embedded_graphics::primitives::Rectangle;

use super::PackedFramebuffer;
use crate::glyphs::Glyph;

/// A 1-bit surface that draws [`Glyph`]s: everything a text page needs.
///
/// It is a [`DrawTarget`], so filled rectangles (underline dots, a progress bar, a selection
/// background) go through [`DrawTarget::fill_solid`] and the status line and any
/// embedded-graphics primitive draw onto it too. Errors are the target's own; a
/// [`PackedFramebuffer`] never fails.
///
/// A selection highlight on a surface that cannot be read back: fill the line's box with
/// `On`, then draw its glyphs with [`GlyphCanvas::draw_glyph_in`] and `Off`.
pub trait GlyphCanvas: DrawTarget<Color = BinaryColor> {
    /// Paints `glyph`'s ink pixels in `ink`, with its baseline origin at `pen`; every other
    /// pixel keeps its color. The ink box is [`glyph_box`]; what falls outside the target is
    /// clipped.
    fn draw_glyph_in(
        &mut self,
        glyph: &Glyph<'_>,
        pen: Point,
        ink: BinaryColor,
    ) -> Result<(), Self::Error>;

    /// Paints `glyph` in ink ([`BinaryColor::On`]) at `pen`, like
    /// [`GlyphCanvas::draw_glyph_in`].
    fn draw_glyph(&mut self, glyph: &Glyph<'_>, pen: Point) -> Result<(), Self::Error> {
        self.draw_glyph_in(glyph, pen, BinaryColor::On)
    }

    /// Paints `glyph` in ink turned a quarter clockwise about `pen`, its baseline origin: the
    /// pen moves down instead of right, and what stood above the baseline lies right of it.
    /// For Latin words in a vertical column; pixel by pixel, as they are rare in Chinese text.
    fn draw_glyph_turned(&mut self, glyph: &Glyph<'_>, pen: Point) -> Result<(), Self::Error> {
        self.draw_iter(turned_pixels(*glyph, pen))
    }
}

/// The ink pixels of `glyph` turned a quarter clockwise about `pen`.
///
/// The pixel `x` columns right of the pen and `y` rows below the baseline covers, turned,
/// the pixel `y + 1` columns left of the pen's column and `x` rows below it.
pub fn turned_pixels(
    glyph: Glyph<'_>,
    pen: Point,
) -> impl Iterator<Item = Pixel<BinaryColor>> + '_ {
    let (left, top) = (i32::from(glyph.left), i32::from(glyph.top));
    (0..glyph.height).flat_map(move |row| {
        (0..glyph.width)
            .filter(move |&column| glyph.pixel(column, row))
            .map(move |column| {
                let below = i32::from(row) - top;
                let right = left + i32::from(column);
                Pixel(
                    Point::new(pen.x - below - 1, pen.y + right),
                    BinaryColor::On,
                )
            })
    })
}

impl GlyphCanvas for PackedFramebuffer<'_> {
    fn draw_glyph_in(
        &mut self,
        glyph: &Glyph<'_>,
        pen: Point,
        ink: BinaryColor,
    ) -> Result<(), Self::Error> {
        self.blit_glyph(glyph, pen, ink);
        Ok(())
    }

    fn draw_glyph_turned(&mut self, glyph: &Glyph<'_>, pen: Point) -> Result<(), Self::Error> {
        self.blit_glyph_turned(glyph, pen, BinaryColor::On);
        Ok(())
    }
}

/// The ink box of `glyph` drawn with its baseline origin at `pen`: top-left corner
/// `(pen.x + left, pen.y - top)`, `width` × `height` pixels (saturating at the `i32` limits).
pub fn glyph_box(glyph: &Glyph<'_>, pen: Point) -> Rectangle {
    let x = pen.x.saturating_add(i32::from(glyph.left));
    let y = pen.y.saturating_sub(i32::from(glyph.top));
    let size = Size::new(u32::from(glyph.width), u32::from(glyph.height));
    Rectangle::new(Point::new(x, y), size)
}

/// The ink pixels of a glyph inside a clipping rectangle, row by row: the generic path.
///
/// Reads the glyph with [`Glyph::pixel`] one pixel at a time, so it shares no bit handling
/// with [`PackedFramebuffer::blit_glyph`] and serves as its reference.
#[derive(Clone, Debug)]
pub struct GlyphPixels<'g> {
    glyph: Glyph<'g>,
    ink: BinaryColor,
    /// Ink box top-left corner.
    x0: i64,
    y0: i64,
    /// Visible glyph columns `c0..c1` and rows `..r1`.
    c0: i64,
    c1: i64,
    r1: i64,
    /// Next pixel to look at.
    col: i64,
    row: i64,
}

impl<'g> GlyphPixels<'g> {
    /// The pixels of `glyph` at `pen` (baseline origin) that lie in `clip`, colored `ink`.
    pub fn new(glyph: &Glyph<'g>, pen: Point, ink: BinaryColor, clip: &Rectangle) -> Self {
        let x0 = i64::from(pen.x) + i64::from(glyph.left);
        let y0 = i64::from(pen.y) - i64::from(glyph.top);
        let (width, height) = (i64::from(glyph.width), i64::from(glyph.height));
        let (clip_x, clip_y) = (i64::from(clip.top_left.x), i64::from(clip.top_left.y));
        let clip_w = i64::from(clip.size.width);
        let clip_h = i64::from(clip.size.height);
        let c0 = (clip_x - x0).clamp(0, width);
        let r0 = (clip_y - y0).clamp(0, height);
        Self {
            glyph: *glyph,
            ink,
            x0,
            y0,
            c0,
            c1: (clip_x + clip_w - x0).clamp(c0, width),
            r1: (clip_y + clip_h - y0).clamp(r0, height),
            col: c0,
            row: r0,
        }
    }
}

impl Iterator for GlyphPixels<'_> {
    type Item = Pixel<BinaryColor>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.row < self.r1 {
            if self.col >= self.c1 {
                self.col = self.c0;
                self.row += 1;
                continue;
            }
            let (col, row) = (self.col, self.row);
            self.col += 1;
            // Both fit: they are below the glyph's u8 width and height.
            let (Ok(c), Ok(r)) = (u8::try_from(col), u8::try_from(row)) else {
                continue;
            };
            // Inside the clip rectangle, so inside i32.
            let (Ok(x), Ok(y)) = (i32::try_from(self.x0 + col), i32::try_from(self.y0 + row))
            else {
                continue;
            };
            if self.glyph.pixel(c, r) {
                return Some(Pixel(Point::new(x, y), self.ink));
            }
        }
        None
    }
}

/// A [`GlyphCanvas`] over any binary [`DrawTarget`] (a display driver, a
/// `SimulatorDisplay`, a clipped or translated target): glyphs go through `draw_iter`,
/// everything else is passed on unchanged.
#[derive(Debug)]
pub struct DrawTargetCanvas<'a, D: ?Sized> {
    target: &'a mut D,
}

impl<'a, D: ?Sized> DrawTargetCanvas<'a, D> {
    /// Wraps `target`.
    pub fn new(target: &'a mut D) -> Self {
        Self { target }
    }

    /// The wrapped target.
    pub fn inner(&self) -> &D {
        self.target
    }

    /// The wrapped target, mutably.
    pub fn inner_mut(&mut self) -> &mut D {
        self.target
    }
}

impl<D> Dimensions for DrawTargetCanvas<'_, D>
where
    D: DrawTarget<Color = BinaryColor> + ?Sized,
{
    fn bounding_box(&self) -> Rectangle {
        self.target.bounding_box()
    }
}

impl<D> DrawTarget for DrawTargetCanvas<'_, D>
where
    D: DrawTarget<Color = BinaryColor> + ?Sized,
{
    type Color = BinaryColor;
    type Error = D::Error;

    fn draw_iter<I>(&mut self, pixels: I) -> Result<(), Self::Error>
    where
        I: IntoIterator<Item = Pixel<Self::Color>>,
    {
        self.target.draw_iter(pixels)
    }

    fn fill_contiguous<I>(&mut self, area: &Rectangle, colors: I) -> Result<(), Self::Error>
    where
        I: IntoIterator<Item = Self::Color>,
    {
        self.target.fill_contiguous(area, colors)
    }

    fn fill_solid(&mut self, area: &Rectangle, color: Self::Color) -> Result<(), Self::Error> {
        self.target.fill_solid(area, color)
    }

    fn clear(&mut self, color: Self::Color) -> Result<(), Self::Error> {
        self.target.clear(color)
    }
}

impl<D> GlyphCanvas for DrawTargetCanvas<'_, D>
where
    D: DrawTarget<Color = BinaryColor> + ?Sized,
{
    fn draw_glyph_in(
        &mut self,
        glyph: &Glyph<'_>,
        pen: Point,
        ink: BinaryColor,
    ) -> Result<(), Self::Error> {
        let clip = self.target.bounding_box();
        self.target
            .draw_iter(GlyphPixels::new(glyph, pen, ink, &clip))
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use std::vec::Vec;

    use embedded_graphics::mock_display::MockDisplay;
    use embedded_graphics::prelude::OriginDimensions;
    use proptest::prelude::*;

    use super::*;
    use crate::render::framebuffer::tests::{ascii, glyph_bytes};

    const GLYPH: [&str; 3] = ["#..#", ".##.", "####"];

    fn small(bytes: &[u8]) -> Glyph<'_> {
        Glyph {
            width: 4,
            height: 3,
            left: -1,
            top: 3,
            advance: 4,
            bits: bytes,
        }
    }

    #[test]
    fn generic_path_draws_mock_display_patterns() {
        let bytes = glyph_bytes(&GLYPH);
        let mut display = MockDisplay::new();
        let mut canvas = DrawTargetCanvas::new(&mut display);
        // Ink box at (1, 0), clipped on the left at (-2, 4) and on the right at (62, 61).
        canvas.draw_glyph(&small(&bytes), Point::new(2, 3)).unwrap();
        canvas
            .draw_glyph(&small(&bytes), Point::new(-1, 7))
            .unwrap();
        canvas
            .draw_glyph(&small(&bytes), Point::new(63, 64))
            .unwrap();
        canvas
            .draw_glyph(&small(&bytes), Point::new(i32::MIN, i32::MAX))
            .unwrap();
        let mut rows = [""; 64];
        rows[..7].copy_from_slice(&[" #  #", "  ## ", " ####", "", " #", "#", "##"]);
        rows[61..].copy_from_slice(&[
            "                                                              # ",
            "                                                               #",
            "                                                              ##",
        ]);
        let padded: Vec<std::string::String> =
            rows.iter().map(|row| std::format!("{row:<64}")).collect();
        let expected: Vec<&str> = padded.iter().map(|row| row.as_str()).collect();
        display.assert_pattern(&expected);
    }

    #[test]
    fn inverted_glyph_on_a_filled_box() {
        let bytes = glyph_bytes(&GLYPH);
        let mut display = MockDisplay::new();
        display.set_allow_overdraw(true);
        let mut canvas = DrawTargetCanvas::new(&mut display);
        let line = Rectangle::new(Point::new(0, 0), Size::new(6, 3));
        canvas.fill_solid(&line, BinaryColor::On).unwrap();
        canvas
            .draw_glyph_in(&small(&bytes), Point::new(2, 3), BinaryColor::Off)
            .unwrap();
        display.assert_pattern(&["#.##.#", "##..##", "#....#"]);
    }

    #[test]
    fn glyph_box_follows_the_bearings() {
        let bytes = glyph_bytes(&GLYPH);
        let expected = Rectangle::new(Point::new(9, 17), Size::new(4, 3));
        assert_eq!(glyph_box(&small(&bytes), Point::new(10, 20)), expected);
    }

    /// A random glyph: size, bearings and bytes (sometimes a few bytes short).
    fn arb_glyph() -> impl Strategy<Value = (u8, u8, i8, i8, Vec<u8>)> {
        (0u8..=40, 0u8..=40, -12i8..=12, -12i8..=45, 0usize..3).prop_flat_map(
            |(width, height, left, top, short)| {
                let len = Glyph::packed_len(width, height);
                let len = len.saturating_sub(short * usize::from(short == 2));
                proptest::collection::vec(any::<u8>(), len)
                    .prop_map(move |rows| (width, height, left, top, rows))
            },
        )
    }

    fn color(on: bool) -> BinaryColor {
        if on {
            BinaryColor::On
        } else {
            BinaryColor::Off
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The fast path and the generic path leave identical bytes.
        #[test]
        fn fast_and_generic_paths_agree(
            width in 1u32..=70,
            height in 1u32..=50,
            background in proptest::collection::vec(any::<u8>(), 9 * 50),
            glyphs in proptest::collection::vec(
                (arb_glyph(), -60i32..=130, -60i32..=110, any::<bool>()),
                1..6,
            ),
        ) {
            let size = Size::new(width, height);
            let len = PackedFramebuffer::buffer_len(width, height);
            let mut fast_buf = background[..len].to_vec();
            let mut slow_buf = fast_buf.clone();
            let mut fast = PackedFramebuffer::new(&mut fast_buf, size).unwrap();
            let mut slow_fb = PackedFramebuffer::new(&mut slow_buf, size).unwrap();
            let mut slow = DrawTargetCanvas::new(&mut slow_fb);
            prop_assert_eq!(slow.bounding_box().size, fast.size());
            for ((w, h, left, top, rows), x, y, ink) in &glyphs {
                let glyph = Glyph { width: *w, height: *h, left: *left, top: *top, advance: 0, bits: rows };
                let pen = Point::new(*x, *y);
                fast.draw_glyph_in(&glyph, pen, color(*ink)).unwrap();
                slow.draw_glyph_in(&glyph, pen, color(*ink)).unwrap();
            }
            let slow_fb = slow.inner();
            prop_assert_eq!(fast.as_bytes(), slow_fb.as_bytes(), "\nfast:\n{}\ngeneric:\n{}\n",
                ascii(&fast).join("\n"), ascii(slow_fb).join("\n"));
        }
    }
}
