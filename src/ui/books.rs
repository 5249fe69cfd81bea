//! What the UI needs from the library and the layout: the narrow [`Books`] trait.
//!
//! The state machine never lays anything out itself. It asks a [`Books`] implementation to
//! open a book at a [`PageSetup`] (which shows the first page at once and counts the pages in
//! slices afterwards, [`PageCount`]), then converts between pages and [`Position`]s through
//! it. The
//! UI keeps positions, never page numbers, as the source of truth: after any change of the
//! setup it asks again which page holds the reader's position.
//!
//! The firmware and the simulator implement the trait over [`crate::format::Library`] and
//! [`crate::layout`]; [`FakeBooks`](super::FakeBooks) implements it with arithmetic, for tests.

use crate::persist::{
    BookKey, Orientation, PageMemo, Prohibition, PunctuationPosition, Rendition, Settings,
    WritingMode,
};
use crate::render::percent_read;
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
    /// Where the full-width marks sit: the setting, or the rendition's default.
    pub punctuation: PunctuationPosition,
    /// Lines or columns (排版), the book's own setting.
    pub writing: WritingMode,
    /// 縦中横: in columns, numbers of one or two digits upright in one cell.
    pub upright_digits: bool,
}

impl PageSetup {
    /// The setup for `settings`, with the body font `font_size` pixels tall, set
    /// horizontally.
    pub const fn new(settings: &Settings, font_size: u8) -> Self {
        PageSetup {
            font_size,
            rendition: settings.rendition,
            orientation: settings.orientation,
            line_spacing_percent: settings.line_spacing_percent,
            prohibition: settings.prohibition,
            hanging_punctuation: settings.hanging_punctuation,
            punctuation: settings.punctuation_position(),
            writing: WritingMode::Horizontal,
            upright_digits: settings.upright_digits,
        }
    }

    /// The same setup, set `writing`.
    pub const fn written(self, writing: WritingMode) -> Self {
        PageSetup { writing, ..self }
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
    /// How far through the book `page` is, in percent (the status line's figure).
    pub fn percent(&self) -> u8 {
        percent_of(self.page, self.pages)
    }
}

/// How far into a book of `pages` pages the reader of `page` (from 0) is, in percent: the
/// status line's figure ([`percent_read`]), so every screen shows the same number.
pub(super) fn percent_of(page: u16, pages: u16) -> u8 {
    let percent = percent_read(u32::from(page).saturating_add(1), u32::from(pages));
    u8::try_from(percent).unwrap_or(100)
}

/// The first page whose [`percent_of`] is at least `percent`; the last page if none is.
pub(super) fn first_page_from(percent: u8, pages: u16) -> u16 {
    // percent_of(k) ≥ p  ⇔  (k + 1) · 100 ≥ p · pages  ⇔  k + 1 ≥ ⌈p · pages / 100⌉.
    let pages = u32::from(pages);
    let needed = (u32::from(percent) * pages).div_ceil(100);
    clamp_page(needed.max(1) - 1, pages)
}

/// The last page whose [`percent_of`] is at most `percent`; the first page if none is.
pub(super) fn last_page_up_to(percent: u8, pages: u16) -> u16 {
    // percent_of(k) ≤ p  ⇔  (k + 1) · 100 < (p + 1) · pages  ⇔  k + 1 ≤ ⌊((p + 1) · pages − 1) / 100⌋.
    let pages = u32::from(pages);
    let allowed = ((u32::from(percent) + 1) * pages).saturating_sub(1) / 100;
    clamp_page(allowed.saturating_sub(1), pages)
}

/// `page` as a page of a book of `pages` pages: at most the last (0 for an empty book).
fn clamp_page(page: u32, pages: u32) -> u16 {
    u16::try_from(page.min(pages.saturating_sub(1))).unwrap_or(0)
}

/// How far the open book's page count has got.
///
/// A long book is counted in slices after it opens ([`Books::work_ahead`]): until the count
/// reaches the end, only the pages below `known` can be shown by number, and `total` is
/// `None` — unless a memo of an earlier count with the same setup gave it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PageCount {
    /// Pages whose start is known, from the first: pages `0..known` can be shown.
    pub known: u16,
    /// The book's page count (at least 1), once known.
    pub total: Option<u16>,
}

impl PageCount {
    /// A count that is complete: `pages` pages, all known.
    pub const fn complete(pages: u16) -> Self {
        PageCount {
            known: pages,
            total: Some(pages),
        }
    }
}

/// Characters an opening may lay out counting before it returns (≈ 42 ms of a 133 MHz
/// Cortex-M0+ at today's ≈ 5.3 µs a character): a short book (an article, up to about 8,000
/// characters) is counted whole when it opens, and the first page still shows within 100 ms
/// (the rest: the first page's layout and drawing, ≈ 6 ms, and summing the block lengths for
/// the percentage by characters, one read of each block's record).
pub const OPEN_SLICE_CHARS: u32 = 8_000;

/// Characters one [`Ui::work_ahead`](super::Ui::work_ahead) slice may lay out: the longest
/// measured on the M0+ with 水浒传 (qemu/README.md) take 33–42 ms, under the 50 ms a key may
/// wait for it even when the slice overruns by a page (6,000 measured 51 ms when counting
/// cost 460–520 instructions a character; it costs 259–319 since it reads line starts by ids).
pub const WORK_SLICE_CHARS: u32 = 5_000;

/// The library and its layout, as the UI state machine sees them.
///
/// Books are numbered `0..book_count()` in library order. At most one book is *open*: the one
/// the last successful [`open`](Books::open) laid out; the page and heading methods are about
/// it, and the UI assumes the implementation keeps it open until the UI opens another (the
/// library screen's [`progress`](Books::progress) must not close it).
///
/// Pages are counted in slices ([`work_ahead`](Books::work_ahead)); a page whose number is not
/// known yet can still be shown from a start the UI has (a saved position's line, the end of
/// the page shown), so the methods that lay out from a position ([`line_start`],
/// [`page_after`], [`page_before`]) work anywhere in the book at once.
///
/// Methods that look something up return `None` for an index out of range rather than
/// panicking; the UI treats such answers as "nothing there".
///
/// [`line_start`]: Books::line_start
/// [`page_after`]: Books::page_after
/// [`page_before`]: Books::page_before
pub trait Books {
    /// Why a book could not be opened (the page cannot hold a line at this size, …). The UI
    /// shows a notice and does not look inside, so implementations may log it before
    /// returning it.
    type Error;

    /// How many books the library holds.
    fn book_count(&self) -> u16;

    /// The stable key of book `book`, which saved positions and bookmarks refer to.
    fn key(&self, book: u16) -> Option<BookKey>;

    /// Opens book `book` laid out at `setup`, with `memo` (what an earlier count saved with
    /// the state, if any) to start from; counts at most a short slice ([`OPEN_SLICE_CHARS`])
    /// and returns the count so far (`known` at least 1 for a book with text; the UI treats 0
    /// as a failure). The book stays open, at that setup, until the next call.
    fn open(
        &mut self,
        book: u16,
        setup: &PageSetup,
        memo: Option<PageMemo>,
    ) -> Result<PageCount, Self::Error>;

    /// How far the open book's count has got.
    fn count(&self) -> PageCount;

    /// Counts on for about `budget_chars` characters of layout; returns the count so far. Called
    /// between key presses and while the panel refreshes.
    fn work_ahead(&mut self, budget_chars: u32) -> PageCount {
        let _ = budget_chars;
        self.count()
    }

    /// Measures, ahead of the reader, the page after the one shown from `start` (page `page`,
    /// when its number is known), so that turning to it only draws it: one page's layout,
    /// run while the panel refreshes. Called once per page shown, before counting on.
    fn read_ahead(&mut self, page: Option<u16>, start: Position) {
        let _ = (page, start);
    }

    /// What to save so that reopening at the same setup knows the count at once, with page
    /// `page` (starting at `start`) as the reader's page; `None` until the count is complete.
    fn memo(&self, page: u16, start: Position) -> Option<PageMemo> {
        let _ = (page, start);
        None
    }

    /// The position at which page `page` of the open book starts, for a page whose start is
    /// known (below [`PageCount::known`], or next to a page shown).
    fn page_start(&self, page: u16) -> Option<Position>;

    /// The page of the open book that holds `position`; `None` when the position lies outside
    /// the book (its block past the last block, or its offset past the block's end) or past
    /// the pages counted so far.
    fn page_of(&self, position: Position) -> Option<u16>;

    /// Whether `position` lies in the open book.
    fn contains(&self, position: Position) -> bool;

    /// The start of the line holding `position` (a page shown before its number is known
    /// starts there); `None` outside the book.
    fn line_start(&self, position: Position) -> Option<Position>;

    /// Where a page laid out from `start` ends; `None` when it is the book's last.
    fn page_after(&self, start: Position) -> Option<Position>;

    /// A start about a page's worth of lines before `start` (a page back, before the count
    /// has reached it); `None` at the book's first line.
    fn page_before(&self, start: Position) -> Option<Position>;

    /// How far into the open book `position` is, by characters, in percent.
    fn percent_at(&self, position: Position) -> u8;

    /// The first position at least `percent` percent of the open book's characters in.
    fn position_at(&self, percent: u8) -> Position;

    /// How many headings the open book's table of contents lists.
    fn heading_count(&self) -> u16;

    /// Where heading `index` of the open book starts (its block, offset 0), in book order.
    fn heading(&self, index: u16) -> Option<Position>;

    /// The page holding `position` in book `book`, and the book's page count, at `setup`; for
    /// the library screen. May lay a short book out (into scratch space, or from a cache),
    /// but must leave the open book open. `None` when the book cannot be laid out, or is too
    /// long to count here.
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
    fn percentages_are_the_status_lines() {
        // Page 12 of 148 shows "12 / 148  8%".
        assert_eq!(percent_of(11, 148), 8);
        assert_eq!(percent_of(0, 30), 3);
        assert_eq!(percent_of(29, 30), 100);
        assert_eq!(percent_of(99, 30), 100);
        assert_eq!(percent_of(0, 1), 100);
        assert_eq!(percent_of(0, 0), 0);
    }

    #[test]
    fn pages_at_a_percentage_are_the_nearest_on_each_side() {
        for pages in 1..=450u16 {
            let percents: Vec<u8> = (0..pages).map(|page| percent_of(page, pages)).collect();
            for percent in 0..=100u8 {
                let first = percents.iter().position(|&p| p >= percent);
                let last = percents.iter().rposition(|&p| p <= percent);
                let at = |page: Option<usize>, none: u16| page.map_or(none, |p| p as u16);
                assert_eq!(first_page_from(percent, pages), at(first, pages - 1));
                assert_eq!(last_page_up_to(percent, pages), at(last, 0));
            }
            // Any page's percentage leads back to a page showing that percentage.
            for page in 0..pages {
                let percent = percent_of(page, pages);
                assert_eq!(percent_of(first_page_from(percent, pages), pages), percent);
                assert_eq!(percent_of(last_page_up_to(percent, pages), pages), percent);
            }
        }
        assert_eq!(first_page_from(255, 11), 10);
        assert_eq!(first_page_from(100, 0), 0);
        assert_eq!(last_page_up_to(100, 0), 0);
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
        assert_eq!(setup.punctuation, PunctuationPosition::LowLeft);
        let hant = Settings {
            rendition: Rendition::Traditional,
            ..settings
        };
        assert_eq!(
            PageSetup::new(&hant, 20).punctuation,
            PunctuationPosition::Centred
        );
    }
}
