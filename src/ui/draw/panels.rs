//! The screens that are not lists: go to a percentage, about, sleep, and a board's copying
//! of a memory card's books.

use embedded_graphics::mono_font::MonoTextStyle;
use embedded_graphics::prelude::{Point, Size};
use embedded_graphics::text::{Baseline, Text};
use embedded_graphics::Drawable;

use super::chrome::{fill, label, span, Chrome, Words, OFF, ON};
use crate::layout::{Fonts, TextStyle};
use crate::render::GlyphCanvas;
use crate::ui::about::{AboutLayout, ABOUT_FONT, ABOUT_LINE_PITCH};
use crate::ui::screen::{AboutView, CopyProgress, GoToView};
use crate::ui::strings;

/// Go to (跳转): the percentage large, the page it leads to, and a bar to show where.
pub fn go_to<C: GlyphCanvas>(
    canvas: &mut C,
    chrome: &Chrome<'_, '_>,
    view: &GoToView,
) -> Result<(), C::Error> {
    let top = chrome.heading(canvas, Words::Str(strings::GO_TO), "")?;
    // Before the pages are counted, the percentage (of the characters) alone.
    let page = match (view.page, view.pages) {
        (Some(page), Some(pages)) => label(format_args!(
            "{}{}{} / {}{}{}",
            strings::PAGE_BEFORE,
            page + 1,
            strings::PAGES,
            strings::TOTAL_BEFORE,
            pages,
            strings::PAGES
        )),
        _ => label(format_args!("")),
    };
    gauge(canvas, chrome, top, view.percent, &page)
}

/// A percentage set large two rows under `top`, `caption` two rows under it, and a bar
/// filled as far as the percentage under that.
fn gauge<C: GlyphCanvas>(
    canvas: &mut C,
    chrome: &Chrome<'_, '_>,
    top: i32,
    percent: u8,
    caption: &str,
) -> Result<(), C::Error> {
    let big = TextStyle::Heading2;
    let figure = label(format_args!("{}%", percent.min(100)));
    let baseline = top + 2 * chrome.row_pitch() + i32::from(chrome.fonts.line_box(big).ascent);
    chrome.centred(canvas, big, Words::Str(&figure), baseline)?;
    let baseline = baseline + 2 * chrome.row_pitch();
    chrome.centred(canvas, TextStyle::Body, Words::Str(caption), baseline)?;
    bar(
        canvas,
        chrome.edges(),
        baseline + chrome.row_pitch(),
        percent,
    )
}

/// A bar across `edges` from `top`: an outline, filled as far as `percent`.
fn bar<C: GlyphCanvas>(
    canvas: &mut C,
    (left, right): (i32, i32),
    top: i32,
    percent: u8,
) -> Result<(), C::Error> {
    let width = span(left, right);
    fill(canvas, Point::new(left, top), Size::new(width, 8), ON)?;
    fill(
        canvas,
        Point::new(left + 1, top + 1),
        Size::new(width.saturating_sub(2), 6),
        OFF,
    )?;
    let done = width.saturating_sub(4) * u32::from(percent.min(100)) / 100;
    fill(
        canvas,
        Point::new(left + 2, top + 2),
        Size::new(done, 4),
        ON,
    )
}

/// About (关于): the name and version, then the font's notice and licence, a page at a time.
pub fn about<C: GlyphCanvas>(
    canvas: &mut C,
    chrome: &Chrome<'_, '_>,
    layout: &AboutLayout,
    view: &AboutView,
) -> Result<(), C::Error> {
    // The heading is set in the library's smallest size so that it fits the band the page
    // count reserves, whatever the body size.
    let (left, right) = chrome.edges();
    let small = chrome.fonts.library().fonts().next();
    let baseline = layout.area.top_left.y - 10;
    let name = label(format_args!(
        "{} Moye {} {}",
        strings::APP_NAME,
        strings::VERSION,
        view.version
    ));
    let page = label(format_args!("{}/{}", view.page + 1, view.pages));
    if let Some(font) = small {
        let mut x = left;
        let set = |canvas: &mut C, text: &str, x: &mut i32| -> Result<(), C::Error> {
            for c in text.chars() {
                let Some(glyph) = chrome.fonts.id_of(c).and_then(|id| font.glyph(id)) else {
                    continue;
                };
                canvas.draw_glyph(&glyph, Point::new(*x, baseline))?;
                *x += i32::from(glyph.advance);
            }
            Ok(())
        };
        set(canvas, &name, &mut x)?;
        let width: i32 = page
            .chars()
            .filter_map(|c| chrome.fonts.id_of(c).and_then(|id| font.glyph(id)))
            .map(|g| i32::from(g.advance))
            .sum();
        set(canvas, &page, &mut (right - width))?;
    }
    fill(
        canvas,
        Point::new(left, baseline + 5),
        Size::new(span(left, right), 1),
        ON,
    )?;
    let style = MonoTextStyle::new(&ABOUT_FONT, ON);
    let glyph = i32::try_from(ABOUT_FONT.character_size.width).unwrap_or(6);
    let pitch = i32::try_from(ABOUT_LINE_PITCH).unwrap_or(12);
    for (row, line) in layout.page(view.page).enumerate() {
        let y = layout.area.top_left.y + i32::try_from(row).unwrap_or(0) * pitch;
        // A source line break inside a rewrapped line is a space.
        let mut x = layout.area.top_left.x;
        for piece in line.split('\n') {
            Text::with_baseline(piece, Point::new(x, y), style, Baseline::Top).draw(canvas)?;
            x += (i32::try_from(piece.chars().count()).unwrap_or(0) + 1) * glyph;
        }
    }
    Ok(())
}

/// Sleep: the reader's name and how to wake it, in the middle of a blank panel.
pub fn sleep<C: GlyphCanvas>(canvas: &mut C, chrome: &Chrome<'_, '_>) -> Result<(), C::Error> {
    let middle = i32::try_from(chrome.screen.height).unwrap_or(0) / 2;
    chrome.centred(
        canvas,
        TextStyle::Heading2,
        Words::Str(strings::APP_NAME),
        middle - chrome.row_pitch() / 2,
    )?;
    chrome.centred(
        canvas,
        TextStyle::Body,
        Words::Str(strings::SLEEPING),
        middle + chrome.row_pitch(),
    )?;
    Ok(())
}

/// Copying (复制书籍): which of the card's files, how far, and not to take the card out.
pub fn copying<C: GlyphCanvas>(
    canvas: &mut C,
    chrome: &Chrome<'_, '_>,
    progress: &CopyProgress,
) -> Result<(), C::Error> {
    let top = chrome.heading(canvas, Words::Str(strings::COPYING), "")?;
    let baseline = chrome.row_baseline(top + chrome.row_pitch());
    chrome.centred(
        canvas,
        TextStyle::Body,
        Words::Str(strings::COPYING_FROM_CARD),
        baseline,
    )?;
    let file = label(format_args!(
        "{}{}{}{}{}",
        strings::FILE_BEFORE,
        u16::from(progress.file) + 1,
        strings::FILE_OF,
        progress.files,
        strings::FILES
    ));
    gauge(canvas, chrome, baseline, progress.percent, &file)
}
