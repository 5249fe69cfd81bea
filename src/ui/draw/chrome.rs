//! The pieces every menu-like screen is made of: a heading with a rule, rows of text with a
//! highlighted one, text set in the library's own glyphs (CJK labels and ASCII digits alike),
//! and a boxed notice.

use core::fmt::{self, Write};

use embedded_graphics::pixelcolor::BinaryColor;
use embedded_graphics::prelude::{DrawTarget, Point, Size};
use embedded_graphics::primitives::Rectangle;
use heapless::String;

use crate::format::{Font, Library, Text};
use crate::glyphs::{FontSet, Glyph};
use crate::layout::{Fonts, TextStyle};
use crate::render::GlyphCanvas;
use crate::ui::strings;

/// A short formatted label: a page number, a value, "12/40".
pub type Label = String<32>;

/// `args` formatted into a [`Label`], cut if longer.
pub fn label(args: fmt::Arguments<'_>) -> Label {
    let mut label = Label::new();
    // A label longer than 32 bytes is cut: these are page numbers and values.
    let _ = label.write_fmt(args);
    label
}

/// Something to set in the library's glyphs.
// A row's words live on the stack while it is drawn, and the core has no heap to box the
// library into: the size difference is the price of carrying the library along.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Copy, Debug)]
pub enum Words<'a> {
    /// A label or number.
    Str(&'a str),
    /// Text from a library (a title, a heading, a passage), from its `n`th character, set in
    /// that library's glyphs: a book read beside the built-in library brings its own.
    Text(Text<'a>, u16, Library<'a>),
}

/// The screen's frame: its size and margin, and the fonts labels are set in.
pub struct Chrome<'f, 'a> {
    /// Body size for rows, the next size up for headings.
    pub fonts: &'f FontSet<'a>,
    /// The whole screen.
    pub screen: Size,
    /// The blank border, px.
    pub margin: i32,
}

impl<'a> Chrome<'_, 'a> {
    /// The glyphs of `words` in `style`, in order; characters the library lacks are skipped.
    fn glyphs<'w>(
        &'w self,
        style: TextStyle,
        words: Words<'w>,
    ) -> impl Iterator<Item = Glyph<'w>> + 'w
    where
        'a: 'w,
    {
        let mut font: Option<Font<'w>> = Some(self.fonts.font(style));
        let (mut chars, mut ids) = match words {
            Words::Str(s) => (Some(s.chars()), None),
            Words::Text(text, skip, library) => {
                font = library.font(self.fonts.font(style).size());
                (None, Some(text.ids().skip(usize::from(skip))))
            }
        };
        core::iter::from_fn(move || loop {
            let id = match (&mut chars, &mut ids) {
                (Some(chars), _) => self.fonts.id_of(chars.next()?),
                (_, Some(ids)) => Some(ids.next()?),
                _ => return None,
            };
            if let Some(glyph) = id.zip(font).and_then(|(id, font)| font.glyph(id)) {
                return Some(glyph);
            }
        })
    }

    /// How wide `words` are in `style`, px.
    pub fn width(&self, style: TextStyle, words: Words<'_>) -> i32 {
        self.glyphs(style, words)
            .map(|glyph| i32::from(glyph.advance))
            .sum()
    }

    /// Sets `words` in `style` from `x` on `baseline`, in `ink`, never past `right`: text too
    /// long is cut and ends with an ellipsis. Returns where the pen ends.
    pub fn set<C: GlyphCanvas>(
        &self,
        canvas: &mut C,
        style: TextStyle,
        words: Words<'_>,
        (x, baseline): (i32, i32),
        right: i32,
        ink: BinaryColor,
    ) -> Result<i32, C::Error> {
        let fits = x + self.width(style, words) <= right;
        let ellipsis = Words::Str(strings::ELLIPSIS);
        let limit = if fits {
            right
        } else {
            right - self.width(style, ellipsis)
        };
        let mut x = x;
        for glyph in self.glyphs(style, words) {
            let advance = i32::from(glyph.advance);
            if x + advance > limit {
                break;
            }
            canvas.draw_glyph_in(&glyph, Point::new(x, baseline), ink)?;
            x += advance;
        }
        if !fits {
            for glyph in self.glyphs(style, ellipsis) {
                canvas.draw_glyph_in(&glyph, Point::new(x, baseline), ink)?;
                x += i32::from(glyph.advance);
            }
        }
        Ok(x)
    }

    /// Sets `words` in `style` centred between the margins on `baseline`, in ink.
    pub fn centred<C: GlyphCanvas>(
        &self,
        canvas: &mut C,
        style: TextStyle,
        words: Words<'_>,
        baseline: i32,
    ) -> Result<i32, C::Error> {
        let (left, right) = self.edges();
        let x = (left + right - self.width(style, words)) / 2;
        self.set(canvas, style, words, (x, baseline), right, ON)
    }

    /// The left and right edges of the content, inside the margins.
    pub fn edges(&self) -> (i32, i32) {
        let width = i32::try_from(self.screen.width).unwrap_or(i32::MAX);
        (self.margin, width - self.margin)
    }

    /// Draws the heading `title` with `aside` (a count, a page) at its right, and a rule
    /// under both. Returns the y where the content below may start.
    pub fn heading<C: GlyphCanvas>(
        &self,
        canvas: &mut C,
        title: Words<'_>,
        aside: &str,
    ) -> Result<i32, C::Error> {
        let style = TextStyle::Heading3;
        let line = self.fonts.line_box(style);
        let baseline = self.margin + i32::from(line.ascent);
        let (left, right) = self.edges();
        let aside_width = self.width(TextStyle::Body, Words::Str(aside));
        let aside_x = right - aside_width;
        self.set(
            canvas,
            TextStyle::Body,
            Words::Str(aside),
            (aside_x, baseline),
            right,
            ON,
        )?;
        self.set(
            canvas,
            style,
            title,
            (left, baseline),
            aside_x - self.em(),
            ON,
        )?;
        let rule_y = self.heading_bottom() - 4;
        fill(
            canvas,
            Point::new(left, rule_y),
            Size::new(span(left, right), 1),
            ON,
        )?;
        Ok(self.heading_bottom())
    }

    /// Where the content under a [`heading`](Self::heading) starts.
    pub fn heading_bottom(&self) -> i32 {
        let line = self.fonts.line_box(TextStyle::Heading3);
        self.margin + i32::from(line.height()) + 3 + 4
    }

    /// One em of body text, px.
    pub fn em(&self) -> i32 {
        i32::from(self.fonts.size(TextStyle::Body))
    }

    /// From one list row to the next, px: the body line box and some air.
    pub fn row_pitch(&self) -> i32 {
        let line = self.fonts.line_box(TextStyle::Body);
        i32::from(line.height()) + (self.em() / 8).max(2)
    }

    /// The baseline of body text in a row whose top is `top`.
    pub fn row_baseline(&self, top: i32) -> i32 {
        let line = self.fonts.line_box(TextStyle::Body);
        top + (self.row_pitch() - i32::from(line.height())) / 2 + i32::from(line.ascent)
    }

    /// How many rows fit between `top` and the bottom margin.
    pub fn rows_below(&self, top: i32) -> u16 {
        let bottom = i32::try_from(self.screen.height).unwrap_or(i32::MAX) - self.margin;
        let rows = (bottom - top) / self.row_pitch().max(1);
        u16::try_from(rows.max(1)).unwrap_or(u16::MAX)
    }

    /// A boxed message centred on the screen's lower third, drawn over whatever is there.
    pub fn notice<C: GlyphCanvas>(&self, canvas: &mut C, message: &str) -> Result<(), C::Error> {
        let words = Words::Str(message);
        let pad = self.em() / 2;
        let width = self.width(TextStyle::Body, words) + 2 * pad;
        let height = self.row_pitch() + pad;
        let screen_width = i32::try_from(self.screen.width).unwrap_or(i32::MAX);
        let screen_height = i32::try_from(self.screen.height).unwrap_or(i32::MAX);
        let left = (screen_width - width) / 2;
        let top = screen_height * 2 / 3 - height / 2;
        let size = Size::new(span(0, width), span(0, height));
        fill(
            canvas,
            Point::new(left - 2, top - 2),
            size + Size::new(4, 4),
            ON,
        )?;
        fill(canvas, Point::new(left, top), size, OFF)?;
        let baseline = self.row_baseline(top + pad / 2);
        self.set(
            canvas,
            TextStyle::Body,
            words,
            (left + pad, baseline),
            left + width,
            ON,
        )?;
        Ok(())
    }
}

/// Ink.
pub const ON: BinaryColor = BinaryColor::On;
/// Paper.
pub const OFF: BinaryColor = BinaryColor::Off;

/// Fills a `size` box at `top_left` with `color`.
pub fn fill<C: DrawTarget<Color = BinaryColor> + ?Sized>(
    canvas: &mut C,
    top_left: Point,
    size: Size,
    color: BinaryColor,
) -> Result<(), C::Error> {
    canvas.fill_solid(&Rectangle::new(top_left, size), color)
}

/// The width from `left` to `right`, zero if they are crossed.
pub fn span(left: i32, right: i32) -> u32 {
    u32::try_from(right - left).unwrap_or(0)
}
