//! A page of a book, drawn from its start position alone.
//!
//! The page is laid out by the same line breaker that paginated the book, through a
//! [`LineSink`] that draws each placed glyph as it arrives: what was measured is what is
//! drawn, and no more than one line of layout is ever held in memory.

use embedded_graphics::draw_target::DrawTarget;
use embedded_graphics::pixelcolor::BinaryColor;
use embedded_graphics::prelude::{Point, Size};
use embedded_graphics::primitives::Rectangle;
use embedded_graphics::Drawable;

use super::canvas::{DrawTargetCanvas, GlyphCanvas};
use crate::glyphs::FontSet;
use crate::layout::{Layout, LineInfo, LineSink, PlacedGlyph, Source, SourceChar};
use crate::Position;

/// One page of a laid-out book: a [`Drawable`] for any binary display, and
/// [`Page::draw_on`] for the packed framebuffer's fast path.
pub struct Page<'l, 'a, S: Source> {
    layout: &'l Layout<'l, S, FontSet<'a>>,
    fonts: &'l FontSet<'a>,
    start: Position,
    end: Option<Position>,
    origin: Point,
}

impl<'l, 'a, S: Source> Page<'l, 'a, S> {
    /// The page of `layout` that starts at `start`, its content box's top left at `origin`.
    /// `fonts` must be the fonts `layout` measures with.
    pub fn new(
        layout: &'l Layout<'l, S, FontSet<'a>>,
        fonts: &'l FontSet<'a>,
        start: Position,
        origin: Point,
    ) -> Self {
        Page {
            layout,
            fonts,
            start,
            end: None,
            origin,
        }
    }

    /// The same page, whose end is known (the next page's start in the book's page index):
    /// it is then laid out in one pass instead of being measured first.
    pub fn until(self, end: Position) -> Self {
        Page {
            end: Some(end),
            ..self
        }
    }

    /// Draws the page onto `canvas` (ink only: clear it first).
    pub fn draw_on<C: GlyphCanvas + ?Sized>(&self, canvas: &mut C) -> Result<(), C::Error> {
        let mut sink = DrawSink {
            canvas,
            fonts: self.fonts,
            origin: self.origin,
            baseline: 0,
            error: None,
        };
        match self.end {
            Some(end) => self.layout.lay_out_page_to(self.start, end, &mut sink),
            None => {
                self.layout.lay_out_page(self.start, &mut sink);
            }
        }
        match sink.error {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

impl<S: Source> Drawable for Page<'_, '_, S> {
    type Color = BinaryColor;
    type Output = ();

    fn draw<D: DrawTarget<Color = BinaryColor>>(&self, target: &mut D) -> Result<(), D::Error> {
        self.draw_on(&mut DrawTargetCanvas::new(target))
    }
}

/// Draws glyphs as the breaker places them; keeps the first drawing error.
struct DrawSink<'c, 'f, C: GlyphCanvas + ?Sized> {
    canvas: &'c mut C,
    fonts: &'c FontSet<'f>,
    origin: Point,
    /// The current line's baseline on the canvas.
    baseline: i32,
    error: Option<C::Error>,
}

impl<C: GlyphCanvas + ?Sized> LineSink for DrawSink<'_, '_, C> {
    fn line(&mut self, line: &LineInfo) {
        self.baseline = self.origin.y + i32::from(line.top) + i32::from(line.baseline);
    }

    fn glyph(&mut self, placed: &PlacedGlyph) {
        if self.error.is_some() {
            return;
        }
        // A compressed centred mark is drawn shifted so its ink stays in the width it keeps.
        let x = i32::from(placed.x) + i32::from(placed.ink_shift);
        let pen = Point::new(self.origin.x + x, self.baseline);
        let ch = SourceChar {
            c: placed.c,
            id: placed.id,
        };
        let mut result = match self.fonts.glyph_of(placed.style, ch) {
            Some(glyph) => self.canvas.draw_glyph(&glyph, pen),
            None => Ok(()),
        };
        if placed.emphasized && result.is_ok() {
            result = self.emphasis_dot(placed, ch, pen);
        }
        if let Err(error) = result {
            self.error = Some(error);
        }
    }
}

impl<C: GlyphCanvas + ?Sized> DrawSink<'_, '_, C> {
    /// The Chinese emphasis mark (着重号): a dot centred under the character, in the space
    /// below the descent that the line pitch leaves.
    fn emphasis_dot(
        &mut self,
        placed: &PlacedGlyph,
        ch: SourceChar,
        pen: Point,
    ) -> Result<(), C::Error> {
        let font = self.fonts.font(placed.style);
        let em = i32::from(font.size());
        let dot = (em / 8).max(2);
        let advance = self
            .fonts
            .glyph_of(placed.style, ch)
            .map_or(em, |glyph| i32::from(glyph.advance));
        let x = pen.x + (advance - dot) / 2;
        let y = pen.y + i32::from(font.descent()) + 1;
        let size = Size::new(dot as u32, dot as u32);
        self.canvas
            .fill_solid(&Rectangle::new(Point::new(x, y), size), BinaryColor::On)
    }
}
