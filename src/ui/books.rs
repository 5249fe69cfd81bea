//! What the UI needs from the library and the layout: the narrow [`Books`] trait.
//!
//! The state machine never lays anything out itself. It asks a [`Books`] implementation to
//! open a book at a [`PageSetup`] (which computes the book's whole page index, so the page
//! count is exact at once), then converts between pages and [`Position`]s through it. The
//! UI keeps positions, never page numbers, as the source of truth: after any change of the
//! setup it asks again which page holds the reader's position.
//!
//! The firmware and the simulator implement the trait over [`crate::format::Library`] and
//! [`crate::layout`]; [`FakeBooks`](super::FakeBooks) implements it with arithmetic, for tests.

use crate::persist::{BookKey, Orientation, Prohibition, Rendition, Settings};
use crate::Position;

/// Everything a book's pagination depends on, as the UI asks for it: the reader's
/// [`Settings`] that affect layout, with the font size resolved to pixels from the profile's
/// body sizes.
///
/// Two equal setups must give the same pages; the UI lays a book out again whenever the setup
/// changes, and only then.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PageSetup {
    /// Body font size in pixels, one of the profile's sizes.
    pub font_size: u8,
    /// Which text of the book to read.
    pub rendition: Rendition,
    /// How the panel is held; the implementation knows the panel and its margins.
    pub orientation: Orientation,
    /// Line pitch as a percentage of the font size.
    pub line_spacing_percent: u16,
    /// Line-breaking prohibition level.
    pub prohibition: Prohibition,
    /// Whether closing punctuation may hang into the right margin.
    pub hanging_punctuation: bool,
}

impl PageSetup {
    /// The setup for `settings`, with the body font `font_size` pixels tall.
    pub const fn new(settings: &Settings, font_size: u8) -> Self {
        PageSetup {
            font_size,
            rendition: settings.rendition,
            orientation: settings.orientation,
            line_spacing_percent: settings.line_spacing_percent,
            prohibition: settings.prohibition,
            hanging_punctuation: settings.hanging_punctuation,
        }
    }
}

/// Where a reader is in a book, in pages at some setup.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Progress {
    /// The page holding the position, from 0.
    pub page: u16,
    /// Pages in the book, at least 1.
    pub pages: u16,
}

impl Progress {
    /// How far through the book `page` is, in percent: 0 on the first page, 100 on the last.
    pub fn percent(&self) -> u8 {
        percent_of(self.page, self.pages)
    }
}

/// `page`'s place in a book of `pages` pages, in percent: 0 on the first page, 100 on the
/// last (and 0 in a one-page book).
pub(super) fn percent_of(page: u16, pages: u16) -> u8 {
    let last = u32::from(pages.saturating_sub(1));
    if last == 0 {
        return 0;
    }
    let page = u32::from(page).min(last);
    // Rounded to the nearest percent; at most 100.
    u8::try_from((page * 100 + last / 2) / last).unwrap_or(100)
}

/// The page of a book of `pages` pages at `percent` (0 → the first, 100 → the last), rounded
/// to the nearest.
pub(super) fn page_at_percent(percent: u8, pages: u16) -> u16 {
    let last = u32::from(pages.saturating_sub(1));
    let percent = u32::from(percent.min(100));
    u16::try_from((percent * last + 50) / 100).unwrap_or(0)
}

/// The library and its layout, as the UI state machine sees them.
///
/// Books are numbered `0..book_count()` in library order. At most one book is *open*: the one
/// the last successful [`open`](Books::open) laid out; the page and heading methods are about
/// it, and the UI assumes the implementation keeps it open until the UI opens another (the
/// library screen's [`progress`](Books::progress) must not close it).
///
/// Methods that look something up return `None` for an index out of range rather than
/// panicking; the UI treats such answers as "nothing there".
pub trait Books {
    /// Why a book could not be opened (the page cannot hold a line at this size, the page
    /// index buffer is too small, …). The UI shows a notice and does not look inside, so
    /// implementations may log it before returning it.
    type Error;

    /// How many books the library holds.
    fn book_count(&self) -> u16;

    /// The stable key of book `book`, which saved positions and bookmarks refer to.
    fn key(&self, book: u16) -> Option<BookKey>;

    /// Opens book `book` laid out at `setup`: computes its whole page index and returns the
    /// number of pages (at least 1; the UI treats 0 as a failure). The book stays open, at that
    /// setup, until the next call.
    fn open(&mut self, book: u16, setup: &PageSetup) -> Result<u16, Self::Error>;

    /// The position at which page `page` of the open book starts, for `page` below the page
    /// count.
    fn page_start(&self, page: u16) -> Option<Position>;

    /// The page of the open book that holds `position`, or `None` when the position lies
    /// outside the book (its block past the last block, or its offset past the block's end).
    fn page_of(&self, position: Position) -> Option<u16>;

    /// How many headings the open book's table of contents lists.
    fn heading_count(&self) -> u16;

    /// Where heading `index` of the open book starts (its block, offset 0), in book order.
    fn heading(&self, index: u16) -> Option<Position>;

    /// The page holding `position` in book `book`, and the book's page count, at `setup`; for
    /// the library screen. May lay the book out (into scratch space, or from a cache), but must
    /// leave the open book open. `None` when the book cannot be laid out.
    fn progress(&mut self, book: u16, setup: &PageSetup, position: Position) -> Option<Progress>;

    /// How many pages the about screen (version, the font's copyright notice and the
    /// [`OFL_TEXT`](super::OFL_TEXT)) takes at `setup`. One unless overridden.
    fn about_page_count(&self, setup: &PageSetup) -> u16 {
        let _ = setup;
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_map_first_and_last_pages_to_0_and_100() {
        assert_eq!(percent_of(0, 1), 0);
        assert_eq!(percent_of(0, 0), 0);
        assert_eq!(percent_of(0, 11), 0);
        assert_eq!(percent_of(5, 11), 50);
        assert_eq!(percent_of(10, 11), 100);
        assert_eq!(percent_of(99, 11), 100);
        assert_eq!(page_at_percent(0, 11), 0);
        assert_eq!(page_at_percent(50, 11), 5);
        assert_eq!(page_at_percent(100, 11), 10);
        assert_eq!(page_at_percent(255, 11), 10);
        assert_eq!(page_at_percent(100, 1), 0);
        assert_eq!(page_at_percent(100, 0), 0);
        // Every page survives a round trip through its percentage when pages ≤ 101.
        for pages in 1..=101 {
            for page in 0..pages {
                assert_eq!(page_at_percent(percent_of(page, pages), pages), page);
            }
        }
    }

    #[test]
    fn setup_takes_the_layout_settings() {
        let settings = Settings {
            line_spacing_percent: 175,
            hanging_punctuation: true,
            ..Settings::default()
        };
        let setup = PageSetup::new(&settings, 20);
        assert_eq!(setup.font_size, 20);
        assert_eq!(setup.line_spacing_percent, 175);
        assert!(setup.hanging_punctuation);
    }
}
