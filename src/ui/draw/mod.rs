//! Drawing what the UI shows: [`draw_screen`] paints the current [`Screen`] of a [`Ui`] over
//! a [`LibraryBooks`] onto any [`GlyphCanvas`] — the packed framebuffer on a board, the
//! simulator's display on the desktop — so both show the same pixels.
//!
//! Labels are set in the library's own glyphs (the compiler gives every character of
//! [`strings`](super::strings) a glyph), at the reader's body size, headings one size up; the
//! reading view is [`render::ReadingView`](crate::render::ReadingView); the licence text on
//! the about screen uses a fixed-width chrome font ([`AboutLayout`]).

mod chrome;
mod lists;
mod panels;

use embedded_graphics::pixelcolor::BinaryColor;

use self::chrome::Chrome;
use super::about::AboutLayout;
use super::{CopyProgress, LibraryBooks, Screen, Ui};
use crate::format::Library;
use crate::glyphs::FontSet;
use crate::persist::Orientation;
use crate::profile::Profile;
use crate::render::{GlyphCanvas, ReadingView};

/// Clears `canvas` and draws `ui`'s current screen, with its notice if one is up.
///
/// The canvas is the screen at the UI's orientation: `books.profile().screen(orientation)`.
/// A screen whose data is missing (a book that is no longer open) is left blank rather than
/// failing; only the canvas's own errors are returned.
pub fn draw_screen<C: GlyphCanvas>(
    canvas: &mut C,
    ui: &Ui,
    books: &mut LibraryBooks<'_, '_>,
) -> Result<(), C::Error> {
    canvas.clear(BinaryColor::Off)?;
    let setup = ui.setup();
    let profile = *books.profile();
    let Some(fonts) = FontSet::new(*books.library(), setup.font_size)
        .or_else(|| FontSet::new(*books.library(), profile.body_sizes.first().copied()?))
    else {
        return Ok(());
    };
    let chrome = Chrome {
        fonts: &fonts,
        screen: profile.screen(setup.orientation),
        margin: i32::from(profile.margin),
    };
    match ui.screen() {
        Screen::Library(list) => lists::library(canvas, &chrome, list, ui, books)?,
        Screen::Reading(view) => {
            let (Some(layout), Some(fonts), Some(end), Some(rendition)) = (
                books.layout(),
                books.open_fonts(),
                books.page_end_from(view.start, view.page),
                books.open_rendition(),
            ) else {
                return Ok(());
            };
            let start = view.start;
            let page = ReadingView {
                layout: &layout,
                fonts,
                start,
                end,
                text_area: profile.text_area(setup.orientation),
                status_area: profile.status_area(setup.orientation),
                title: rendition.title(),
                page: view.page.map_or(0, |page| usize::from(page) + 1),
                page_count: view.pages.map_or(0, usize::from),
                bookmarked: view.bookmarked,
            };
            page.draw_with_battery(canvas, Some(view.percent), ui.battery())?;
        }
        Screen::Menu(menu) | Screen::Settings(menu) => lists::menu(canvas, &chrome, &menu)?,
        Screen::Contents(list) => lists::contents(canvas, &chrome, list, ui, books)?,
        Screen::Bookmarks(list) => lists::bookmarks(canvas, &chrome, list, ui, books)?,
        Screen::GoTo(view) => panels::go_to(canvas, &chrome, &view)?,
        Screen::About(view) => {
            let layout = AboutLayout::new(&profile, setup.orientation);
            panels::about(canvas, &chrome, &layout, &view)?;
        }
        Screen::Sleep => panels::sleep(canvas, &chrome)?,
    }
    if let Some(notice) = ui.notice() {
        chrome.notice(canvas, notice.label())?;
    }
    Ok(())
}

/// Clears `canvas` and draws how far a board has got copying a memory card's library files
/// into its flash ([`CopyProgress`]): shown at start, before the reader and its state exist,
/// so in the profile's portrait screen and its first body size, with `library`'s glyphs.
pub fn draw_copying<C: GlyphCanvas>(
    canvas: &mut C,
    library: Library<'_>,
    profile: &Profile,
    progress: &CopyProgress,
) -> Result<(), C::Error> {
    canvas.clear(BinaryColor::Off)?;
    let Some(fonts) = profile
        .body_sizes
        .first()
        .and_then(|&size| FontSet::new(library, size))
    else {
        return Ok(());
    };
    let chrome = Chrome {
        fonts: &fonts,
        screen: profile.screen(Orientation::Portrait),
        margin: i32::from(profile.margin),
    };
    panels::copying(canvas, &chrome, progress)
}
