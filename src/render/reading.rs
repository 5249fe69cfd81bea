//! The reading view: a page's text, and under it the status line with the book's title.

use embedded_graphics::pixelcolor::BinaryColor;
use embedded_graphics::prelude::Point;
use embedded_graphics::primitives::Rectangle;

use super::canvas::GlyphCanvas;
use super::page::Page;
use super::status::StatusLine;
use crate::format::Text;
use crate::glyphs::FontSet;
use crate::layout::{Layout, Source};
use crate::Position;

/// Everything on screen while reading one page.
pub struct ReadingView<'l, 'a, S: Source> {
    /// The book's layout.
    pub layout: &'l Layout<'l, S, FontSet<'a>>,
    /// The fonts the layout measures with.
    pub fonts: &'l FontSet<'a>,
    /// Where the page starts.
    pub start: Position,
    /// Where it ends: the next page's start (or the book's end).
    pub end: Position,
    /// Where the text goes on screen.
    pub text_area: Rectangle,
    /// Where the status line goes.
    pub status_area: Rectangle,
    /// The book's title, for the status line.
    pub title: Text<'a>,
    /// The page number, from 1.
    pub page: usize,
    /// The book's page count.
    pub page_count: usize,
    /// Whether the page holds a bookmark.
    pub bookmarked: bool,
}

impl<S: Source> ReadingView<'_, '_, S> {
    /// Clears `canvas` and draws the view.
    pub fn draw_on<C: GlyphCanvas>(&self, canvas: &mut C) -> Result<(), C::Error> {
        self.draw_counting(canvas, None)
    }

    /// Clears `canvas` and draws the view of a book still being counted: `page` or
    /// `page_count` 0 when not known yet, and `text_percent` (by characters) for the status
    /// line then ([`StatusLine::text_percent`]).
    pub fn draw_counting<C: GlyphCanvas>(
        &self,
        canvas: &mut C,
        text_percent: Option<u8>,
    ) -> Result<(), C::Error> {
        self.draw_with_battery(canvas, text_percent, None)
    }

    /// Clears `canvas` and draws the view as [`draw_counting`](Self::draw_counting) does,
    /// with the battery's charge in the status line ([`StatusLine::battery`]) when `battery`
    /// is known.
    pub fn draw_with_battery<C: GlyphCanvas>(
        &self,
        canvas: &mut C,
        text_percent: Option<u8>,
        battery: Option<u8>,
    ) -> Result<(), C::Error> {
        canvas.clear(BinaryColor::Off)?;
        Page::new(self.layout, self.fonts, self.start, self.text_area.top_left)
            .until(self.end)
            .draw_on(canvas)?;
        let count = u32::try_from(self.page_count).unwrap_or(u32::MAX);
        let page = u32::try_from(self.page).unwrap_or(u32::MAX);
        let status = StatusLine::new(self.status_area, page, count)
            .with_bookmark(self.bookmarked)
            .with_text_percent(text_percent.map(u32::from))
            .with_battery(battery)
            .reading_right_to_left(self.fonts.forms().writing.is_vertical());
        let title_slot = status.draw_on(canvas)?;
        let baseline = status.baseline();
        draw_text_line(canvas, self.fonts, self.title, title_slot, baseline)
    }
}

/// Draws `text` with the library's smallest font, each character in the form `fonts` draws
/// it in along a line (never a vertical form: the status line stays horizontal), on
/// `baseline`, from the left of `slot`,
/// stopping before a glyph would cross the slot's right edge (the title is cut, never
/// squeezed).
pub fn draw_text_line<C: GlyphCanvas + ?Sized>(
    canvas: &mut C,
    fonts: &FontSet<'_>,
    text: Text<'_>,
    slot: Rectangle,
    baseline: i32,
) -> Result<(), C::Error> {
    let Some(font) = fonts.library().fonts().next() else {
        return Ok(());
    };
    let right = slot.top_left.x + slot.size.width as i32;
    let mut x = slot.top_left.x;
    let mut chars = text.chars();
    while let Some((c, id)) = chars.next_with_id() {
        let Some(glyph) = font.form_glyph(fonts.line_record(c, id), id) else {
            continue;
        };
        if x + i32::from(glyph.advance) > right {
            break;
        }
        canvas.draw_glyph(&glyph, Point::new(x, baseline))?;
        x += i32::from(glyph.advance);
    }
    Ok(())
}
