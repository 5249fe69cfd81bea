//! A page of a book, drawn from its start position alone.
//!
//! The page is laid out by the same line breaker that paginated the book, through a
//! [`LineSink`] that draws each placed glyph as it arrives: what was measured is what is
//! drawn, and no more than one line of layout is ever held in memory.
//!
//! Set vertically (the fonts' [`WritingMode`]), the layout's box is the content box turned
//! a quarter: its measure is the box's height and its lines, stacked down from its top, are
//! the columns, laid from the right edge leftwards. A line's `x` is then the distance down
//! its column; upright characters are centred across it, turned ones lie with their
//! baseline down the column, so that a Latin word reads downwards.
//!
//! [`WritingMode`]: crate::glyphs::WritingMode

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
        // In a column, the layout's page height is the box's width.
        let columns_right = self
            .fonts
            .forms()
            .writing
            .is_vertical()
            .then(|| self.origin.x + i32::from(self.layout.params().height));
        let mut sink = DrawSink {
            canvas,
            fonts: self.fonts,
            origin: self.origin,
            columns_right,
            baseline: 0,
            cell_left: 0,
            em: 0,
            cell_origin: 0,
            pair_first: None,
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
    /// Set vertically: the right edge of the content box, where the first column lies.
    columns_right: Option<i32>,
    /// The current line's baseline on the canvas.
    baseline: i32,
    /// The current column's cells: their left edge and their size (the line's em).
    cell_left: i32,
    em: i32,
    /// How far below its cell's top an upright glyph's baseline lies: the font's vertical
    /// origin (every glyph of a line is in the line's style).
    cell_origin: i32,
    /// The first digit of an upright pair (縦中横), drawn with the second.
    pair_first: Option<PlacedGlyph>,
    error: Option<C::Error>,
}

impl<C: GlyphCanvas + ?Sized> LineSink for DrawSink<'_, '_, C> {
    fn line(&mut self, line: &LineInfo) {
        self.baseline = self.origin.y + i32::from(line.top) + i32::from(line.baseline);
        if let Some(right) = self.columns_right {
            // The column takes the line's pitch leftwards from where the one before ended;
            // its cells, one em wide, are centred in it.
            let column_left = right - i32::from(line.top) - i32::from(line.height);
            let font = self.fonts.font(line.style);
            self.em = i32::from(font.size());
            self.cell_origin = i32::from(font.vertical_origin());
            self.cell_left = column_left + (i32::from(line.height) - self.em) / 2;
            self.pair_first = None;
        }
    }

    fn glyph(&mut self, placed: &PlacedGlyph) {
        if self.error.is_some() {
            return;
        }
        if self.columns_right.is_some() {
            return self.column_glyph(placed);
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
    /// Draws a glyph of a column: upright in its cell, its em box's top `placed.x` down the
    /// column, or turned clockwise with its baseline down the column's middle.
    fn column_glyph(&mut self, placed: &PlacedGlyph) {
        // 縦中横: the layout gives an upright number's last digit the cell's em and the first
        // of two digits none (a turned digit keeps its own advance, never 0 or an em).
        if placed.c.is_ascii_digit() {
            if placed.width == 0 {
                self.pair_first = Some(*placed);
                return;
            }
            if i32::from(placed.width) == self.em {
                return self.upright_number(placed);
            }
        }
        let ch = SourceChar {
            c: placed.c,
            id: placed.id,
        };
        let top = self.origin.y + i32::from(placed.x) + i32::from(placed.ink_shift);
        let origin = self.cell_origin;
        let Some((glyph, upright)) = self.fonts.column_glyph(placed.style, ch) else {
            return;
        };
        let mut result = if upright {
            let left = self.cell_left + (self.em - i32::from(glyph.advance)) / 2;
            self.canvas
                .draw_glyph(&glyph, Point::new(left, top + origin))
        } else {
            // Turned, the em box's top (the vertical origin above the baseline) lies to the
            // right: the baseline is that far left of the cell's right edge.
            let baseline = self.cell_left + self.em - origin;
            self.canvas
                .draw_glyph_turned(&glyph, Point::new(baseline, top))
        };
        if placed.emphasized && result.is_ok() {
            // In a column the emphasis dot stands right of the character, centred on it.
            let dot = (self.em / 8).max(2);
            let x = self.cell_left + self.em + 1;
            let y = top + (i32::from(placed.width) - dot) / 2;
            let size = Size::new(dot as u32, dot as u32);
            result = self
                .canvas
                .fill_solid(&Rectangle::new(Point::new(x, y), size), BinaryColor::On);
        }
        if let Err(error) = result {
            self.error = Some(error);
        }
    }

    /// Draws an upright number (縦中横) in the cell `last`, its last digit, takes: its digits
    /// side by side, centred across the column.
    fn upright_number(&mut self, last: &PlacedGlyph) {
        let top = self.origin.y + i32::from(last.x);
        let origin = self.cell_origin;
        let glyph_of = |placed: &PlacedGlyph| {
            let ch = SourceChar {
                c: placed.c,
                id: placed.id,
            };
            self.fonts.glyph_of(placed.style, ch)
        };
        let digits = [
            self.pair_first.take().as_ref().and_then(glyph_of),
            glyph_of(last),
        ];
        let width: i32 = digits.iter().flatten().map(|g| i32::from(g.advance)).sum();
        let mut x = self.cell_left + (self.em - width) / 2;
        for glyph in digits.iter().flatten() {
            if let Err(error) = self.canvas.draw_glyph(glyph, Point::new(x, top + origin)) {
                self.error = Some(error);
                return;
            }
            x += i32::from(glyph.advance);
        }
    }

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
