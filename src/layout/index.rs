//! [`SparseIndex`]: a page index of fixed size whatever the book's length, counted in slices.
//!
//! Whole-book pagination ([`PageIndex`](super::PageIndex)) keeps every page start, so its RAM
//! grows with the book and the count must be finished before the first page shows. A novel
//! has thousands of pages, and counting them costs seconds of a Cortex-M0+. The sparse index
//! instead
//!
//! - keeps [`KEPT_SLOTS`] page starts: the start of every `stride`-th page, the stride
//!   doubling (every other kept start dropped) each time the slots fill up, so any book fits;
//! - keeps a [`WINDOW_PAGES`]-page *window* of consecutive page starts around the pages last
//!   asked for, so turning pages either way near the reader costs one page measure (which the
//!   reader makes ahead, while the panel refreshes: `Books::read_ahead` asks
//!   [`SparseIndex::end_of`] of the page after the one shown);
//! - counts in slices: [`SparseIndex::step`] measures pages until a budget of characters is
//!   spent and resumes where it stopped, until the book's end — and so its page count — is
//!   known. Laying out costs about the same per character whatever the font size, so a budget
//!   of characters is a budget of time.
//!
//! [`SparseIndex::start_of`] and [`SparseIndex::page_of`] re-lay pages forward from the nearest
//! known start (kept or in the window), so they cost at most `stride` page measures, the same
//! anywhere in the book. Pages beyond the counted part are unknown (`None`): a page break
//! depends on every page before it, so the page holding a position is only known once the
//! count has reached it.
//!
//! The index holds positions only; the [`Layout`] is passed to each call, so the index
//! borrows nothing and can live in a `static` or a caller's buffer. It must always be given
//! the layout it was [`reset`](SparseIndex::reset) with.
//!
//! ```
//! use moye::format::BlockKind;
//! use moye::layout::{FixedMetrics, Layout, LayoutParams, PageIndex, SparseIndex, StrSource};
//! use moye::Position;
//!
//! let text = "一二三四五六七八九十。".repeat(40);
//! let blocks = [(BlockKind::Paragraph, text.as_str())];
//! let (source, fonts) = (StrSource::new(&blocks), FixedMetrics::new(16));
//! let layout = Layout::try_new(&source, &fonts, LayoutParams::new(160, 100)).unwrap();
//!
//! let mut index = SparseIndex::new();
//! index.reset(&layout);
//! while index.total().is_none() {
//!     index.step(&layout, 100); // about a page at a time
//! }
//! let mut all = [Position::START; 64];
//! let whole = PageIndex::build(&layout, &mut all).unwrap();
//! assert_eq!(index.total(), Some(whole.len() as u32));
//! assert_eq!(index.start_of(&layout, 7), whole.start_of(7));
//! assert_eq!(index.page_of(&layout, whole.start_of(7).unwrap()), Some(7));
//! ```

use core::cell::Cell;

use super::metrics::Fonts;
use super::pager::{Layout, PageCounter};
use super::plain::PlainTable;
use super::source::Source;
use crate::Position;

/// Page starts kept over the whole book.
pub const KEPT_SLOTS: usize = 1024;

/// Consecutive page starts kept around the pages last asked for.
pub const WINDOW_PAGES: usize = 32;

/// The most RAM the index may take on any target (issue 11: "page-index RAM ≤ 8 KiB").
pub const MAX_INDEX_BYTES: usize = 8 * 1024;

const _: () = assert!(core::mem::size_of::<SparseIndex>() <= MAX_INDEX_BYTES);
const _: () = assert!(KEPT_SLOTS >= 2 && KEPT_SLOTS % 2 == 0);

/// How far the count has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Count {
    /// Pages whose start is known: every page below this number can be shown.
    pub known: u32,
    /// The book's page count, once the count has reached its end.
    pub total: Option<u32>,
}

/// Consecutive page starts: pages `first .. first + len`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Window {
    first: u32,
    len: u8,
    starts: [Position; WINDOW_PAGES],
}

impl Window {
    const EMPTY: Window = Window {
        first: 0,
        len: 0,
        starts: [Position::START; WINDOW_PAGES],
    };

    fn get(&self, page: u32) -> Option<Position> {
        let at = page.checked_sub(self.first)?;
        if at >= u32::from(self.len) {
            return None;
        }
        self.starts.get(usize::try_from(at).ok()?).copied()
    }

    /// The last page held and its start.
    fn last(&self) -> Option<(u32, Position)> {
        let at = usize::from(self.len.checked_sub(1)?);
        Some((self.first + at as u32, *self.starts.get(at)?))
    }

    /// The last page held whose start is at or before `position`.
    fn page_at_or_before(&self, position: Position) -> Option<(u32, Position)> {
        let held = self.starts.get(..usize::from(self.len))?;
        let after = held.partition_point(|&start| start <= position);
        let at = after.checked_sub(1)?;
        Some((self.first + at as u32, *held.get(at)?))
    }

    /// Notes that page `page` starts at `start`: appended when it follows the last page held
    /// (the oldest half dropped when full), else the window starts over at it.
    fn note(&mut self, page: u32, start: Position) {
        if self.get(page).is_some() {
            return;
        }
        let follows = self.len > 0 && page == self.first + u32::from(self.len);
        if !follows {
            *self = Window::EMPTY;
            self.first = page;
        } else if usize::from(self.len) == WINDOW_PAGES {
            let half = WINDOW_PAGES / 2;
            self.starts.copy_within(half.., 0);
            self.first += half as u32;
            self.len -= half as u8;
        }
        if let Some(slot) = self.starts.get_mut(usize::from(self.len)) {
            *slot = start;
            self.len += 1;
        }
    }
}

/// A page index of fixed size (≈ 5.7 KiB) for a book of any length, counted in slices. See
/// the [module docs](self).
#[derive(Clone, Debug)]
pub struct SparseIndex {
    /// `kept[i]` is the start of page `i × stride`, for `i < kept_len`.
    kept: [Position; KEPT_SLOTS],
    kept_len: u16,
    /// A power of two.
    stride: u32,
    /// Pages measured: their starts and ends are known.
    counted: u32,
    /// Where page `counted` starts (the book's end once the count is complete).
    frontier: Position,
    end: Position,
    complete: bool,
    /// The page count an earlier count found, until this one completes.
    memo_total: Option<u32>,
    /// Interior mutability, so that looking pages up (`&self`) can remember what it laid out.
    window: Cell<Window>,
    /// The plain ids of the layout counted, built by the first [`step`](Self::step) after a
    /// reset: the counter measures line starts with them.
    plain: PlainTable,
}

/// The kept page starts of a [`SparseIndex`], borrowed apart from the rest so that a slice
/// of the count keeps starts while its counter reads the index's plain ids.
struct Kept<'a> {
    starts: &'a mut [Position; KEPT_SLOTS],
    len: &'a mut u16,
    stride: &'a mut u32,
}

impl Kept<'_> {
    /// Records that page `page` starts at `start`, if it falls on the stride; halves the kept
    /// starts and doubles the stride when the slots are full.
    fn keep(&mut self, page: u32, start: Position) {
        if page % *self.stride != 0 {
            return;
        }
        if usize::from(*self.len) == KEPT_SLOTS {
            for i in 0..KEPT_SLOTS / 2 {
                if let Some(&kept) = self.starts.get(2 * i) {
                    if let Some(slot) = self.starts.get_mut(i) {
                        *slot = kept;
                    }
                }
            }
            *self.len = (KEPT_SLOTS / 2) as u16;
            *self.stride = self.stride.saturating_mul(2);
            if page % *self.stride != 0 {
                return;
            }
        }
        if let Some(slot) = self.starts.get_mut(usize::from(*self.len)) {
            *slot = start;
            *self.len += 1;
        }
    }
}

impl Default for SparseIndex {
    fn default() -> Self {
        SparseIndex::new()
    }
}

impl SparseIndex {
    /// An index of an empty book; [`reset`](Self::reset) it with a layout before use.
    pub const fn new() -> Self {
        SparseIndex {
            kept: [Position::START; KEPT_SLOTS],
            kept_len: 0,
            stride: 1,
            counted: 0,
            frontier: Position::START,
            end: Position::START,
            complete: true,
            memo_total: None,
            window: Cell::new(Window::EMPTY),
            plain: PlainTable::new(),
        }
    }

    /// Starts counting `layout` over: only the first page's start is known. Lays nothing out
    /// but the first line's start.
    pub fn reset<S: Source + ?Sized, F: Fonts + ?Sized>(&mut self, layout: &Layout<'_, S, F>) {
        let start = layout.start();
        self.end = layout.end();
        self.kept_len = 0;
        self.stride = 1;
        self.counted = 0;
        self.frontier = start;
        self.complete = start >= self.end;
        self.memo_total = None;
        self.window.set(Window::EMPTY);
        self.plain.clear();
        if !self.complete {
            self.keep(0, start);
        }
    }

    /// Starts counting `layout` over, with what an earlier count with the same layout found
    /// (a memo saved with the reader's state): page `page` starts at `start`, and the book has
    /// `total` pages. The anchor seeds the window, so the pages from it can be shown and turned
    /// at once with their numbers; the count itself still runs from the first page, and once
    /// it completes its total replaces the memo's.
    ///
    /// Returns whether the anchor was plausible (`start` inside the book, `page < total`, and
    /// page 0 at the book's start); when it is not, the index is as after
    /// [`reset`](Self::reset).
    pub fn reset_with_anchor<S: Source + ?Sized, F: Fonts + ?Sized>(
        &mut self,
        layout: &Layout<'_, S, F>,
        page: u32,
        start: Position,
        total: u32,
    ) -> bool {
        self.reset(layout);
        let plausible = !self.complete
            && page < total
            && start >= self.frontier
            && start < self.end
            && (page == 0) == (start == self.frontier);
        if plausible {
            let mut window = Window::EMPTY;
            window.note(page, start);
            self.window.set(window);
            self.memo_total = Some(total);
        }
        plausible
    }

    /// How far the count has got.
    pub fn count(&self) -> Count {
        Count {
            known: if self.complete {
                self.counted
            } else {
                self.counted + 1
            },
            total: self.total(),
        }
    }

    /// The book's page count, once counted to its end (or as the memo of
    /// [`reset_with_anchor`](Self::reset_with_anchor) says, until then).
    pub fn total(&self) -> Option<u32> {
        if self.complete {
            Some(self.counted)
        } else {
            self.memo_total
        }
    }

    /// Whether the count has reached the book's end.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// The current stride between kept starts (a power of two).
    pub fn stride(&self) -> u32 {
        self.stride
    }

    /// Counts on: measures pages from where the count stopped until `budget_chars` characters
    /// have been laid out (at least one page, unless the count is complete) or the book ends.
    /// Returns the count so far. A page measure is the unit of work, so a slice overruns its
    /// budget by at most one page.
    pub fn step<S: Source + ?Sized, F: Fonts + ?Sized>(
        &mut self,
        layout: &Layout<'_, S, F>,
        budget_chars: u32,
    ) -> Count {
        if self.complete {
            return self.count();
        }
        if !self.plain.is_built() {
            layout.build_plain(&mut self.plain);
        }
        let mut spent = 0u32;
        // One counter for the slice: it reads on from page to page, carrying the line that
        // overflows each page, instead of seeking every page's start again.
        let mut counter = PageCounter::with_plain(layout, self.frontier, &self.plain);
        let mut kept = Kept {
            starts: &mut self.kept,
            len: &mut self.kept_len,
            stride: &mut self.stride,
        };
        while !self.complete && (spent == 0 || spent < budget_chars) {
            let extent = counter.next_page();
            let chars = layout.chars_between(self.frontier, extent.end);
            spent = spent.saturating_add(chars.max(1));
            self.counted += 1;
            // A page that ends where it started would count forever: treat it as the end.
            if extent.end >= self.end || extent.end <= self.frontier {
                self.frontier = self.end;
                self.complete = true;
            } else {
                self.frontier = extent.end;
                kept.keep(self.counted, extent.end);
            }
        }
        self.count()
    }

    /// Records that page `page` starts at `start` (see [`Kept::keep`]).
    fn keep(&mut self, page: u32, start: Position) {
        Kept {
            starts: &mut self.kept,
            len: &mut self.kept_len,
            stride: &mut self.stride,
        }
        .keep(page, start);
    }

    /// The kept starts, `kept()[i]` being page `i × stride()`'s.
    pub fn kept(&self) -> &[Position] {
        self.kept.get(..usize::from(self.kept_len)).unwrap_or(&[])
    }

    /// The known page nearest at or before `page`, from the kept starts or the window.
    fn base_for_page(&self, page: u32) -> Option<(u32, Position)> {
        let slot = usize::try_from(page / self.stride)
            .unwrap_or(usize::MAX)
            .min(usize::from(self.kept_len).checked_sub(1)?);
        let kept = (slot as u32 * self.stride, *self.kept.get(slot)?);
        let window = self.window.get();
        if let Some(start) = window.get(page) {
            return Some((page, start));
        }
        match window.last() {
            Some(last) if last.0 <= page && last.0 > kept.0 => Some(last),
            _ => Some(kept),
        }
    }

    /// The known page nearest at or before `position`, from the kept starts or the window.
    fn base_for_position(&self, position: Position) -> Option<(u32, Position)> {
        let kept = self.kept();
        let slot = kept
            .partition_point(|&start| start <= position)
            .saturating_sub(1);
        let kept = (slot as u32 * self.stride, *kept.get(slot)?);
        match self.window.get().page_at_or_before(position) {
            Some(near) if near.0 > kept.0 => Some(near),
            _ => Some(kept),
        }
    }

    /// Where page `page` starts, for a page whose start is known: counted ([`Count::known`])
    /// or in the window (a memo's anchor and the pages turned to from it); `None` otherwise.
    /// Re-lays at most `stride − 1` pages forward from the nearest known start.
    pub fn start_of<S: Source + ?Sized, F: Fonts + ?Sized>(
        &self,
        layout: &Layout<'_, S, F>,
        page: u32,
    ) -> Option<Position> {
        if let Some(start) = self.window.get().get(page) {
            return Some(start);
        }
        if page >= self.count().known {
            return None;
        }
        if page == self.counted {
            return Some(self.frontier);
        }
        let (mut at, mut start) = self.base_for_page(page)?;
        let mut window = self.window.get();
        window.note(at, start);
        if at < page {
            // One counter reads on from page to page instead of seeking each page's start
            // again (made only when needed: making it seeks its start, a few thousand
            // instructions).
            let mut counter = PageCounter::new(layout, start);
            while at < page {
                start = counter.next_page().end;
                at += 1;
                window.note(at, start);
            }
        }
        self.window.set(window);
        Some(start)
    }

    /// Where page `page` ends: the next page's start, or the book's end after the last page.
    /// `None` when the page's start is not known.
    pub fn end_of<S: Source + ?Sized, F: Fonts + ?Sized>(
        &self,
        layout: &Layout<'_, S, F>,
        page: u32,
    ) -> Option<Position> {
        if self.complete && page + 1 == self.counted {
            return Some(self.end);
        }
        if let Some(next) = self.start_of(layout, page + 1) {
            return Some(next);
        }
        let start = self.start_of(layout, page)?;
        let end = layout.measure_page(start).end;
        if end >= self.end || end <= start {
            return Some(self.end);
        }
        let mut window = self.window.get();
        window.note(page + 1, end);
        self.window.set(window);
        Some(end)
    }

    /// The page holding `position` (the last page starting at or before it; page 0 before the
    /// first), when the count or the window reaches it; `None` for a position past both, or
    /// in an empty book. Re-lays at most `stride` pages forward from the nearest known start.
    pub fn page_of<S: Source + ?Sized, F: Fonts + ?Sized>(
        &self,
        layout: &Layout<'_, S, F>,
        position: Position,
    ) -> Option<u32> {
        if self.kept_len == 0 {
            return None;
        }
        if !self.complete && position >= self.frontier {
            return self.page_in_window(layout, position);
        }
        if self.complete && position >= self.end {
            return self.counted.checked_sub(1);
        }
        let (mut at, mut start) = self.base_for_position(position)?;
        let mut window = self.window.get();
        window.note(at, start);
        // The last counted page ends at the frontier, past `position`: the loop stops there.
        let last = self.counted.saturating_sub(1);
        while at < last {
            let next = window
                .get(at + 1)
                .unwrap_or_else(|| layout.measure_page(start).end);
            if next > position {
                break;
            }
            at += 1;
            start = next;
            window.note(at, start);
        }
        self.window.set(window);
        Some(at)
    }

    /// The window's page holding `position`, for a position past the counted pages.
    fn page_in_window<S: Source + ?Sized, F: Fonts + ?Sized>(
        &self,
        layout: &Layout<'_, S, F>,
        position: Position,
    ) -> Option<u32> {
        let window = self.window.get();
        let (page, _) = window.page_at_or_before(position)?;
        if window.get(page + 1).is_some() {
            return Some(page);
        }
        let end = self.end_of(layout, page)?;
        (position < end || end >= self.end).then_some(page)
    }

    /// Page starts held in the window: pages `first .. first + starts.len()`. For tests and
    /// size reports.
    pub fn window(&self) -> (u32, usize) {
        let window = self.window.get();
        (window.first, usize::from(window.len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::BlockKind;
    use crate::layout::{FixedMetrics, LayoutParams, PageIndex, StrSource};

    /// A book of `blocks` paragraphs of varied lengths.
    fn text(blocks: usize) -> Vec<String> {
        (0..blocks)
            .map(|i| "天地玄黄，宇宙洪荒。".repeat(1 + (i * 7) % 13))
            .collect()
    }

    fn whole(layout: &Layout<'_, StrSource<'_>, FixedMetrics>) -> Vec<Position> {
        let mut buffer = vec![Position::START; 1 << 16];
        PageIndex::build(layout, &mut buffer)
            .unwrap()
            .starts()
            .to_vec()
    }

    fn with_layout(blocks: usize, check: impl FnOnce(&Layout<'_, StrSource<'_>, FixedMetrics>)) {
        let texts = text(blocks);
        let blocks: Vec<(BlockKind, &str)> = texts
            .iter()
            .map(|t| (BlockKind::Paragraph, t.as_str()))
            .collect();
        let source = StrSource::new(&blocks);
        let fonts = FixedMetrics::new(16);
        let layout = Layout::try_new(&source, &fonts, LayoutParams::new(160, 96)).unwrap();
        check(&layout);
    }

    fn counted(layout: &Layout<'_, StrSource<'_>, FixedMetrics>, budget: u32) -> SparseIndex {
        let mut index = SparseIndex::new();
        index.reset(layout);
        while index.total().is_none() {
            index.step(layout, budget);
        }
        index
    }

    #[test]
    fn the_index_fits_its_budget() {
        assert!(core::mem::size_of::<SparseIndex>() <= MAX_INDEX_BYTES);
        let plain_ids = crate::layout::PLAIN_IDS / 4;
        assert!(core::mem::size_of::<SparseIndex>() < 4096 + 4 * WINDOW_PAGES + plain_ids + 64);
    }

    #[test]
    fn a_long_book_doubles_the_stride_and_keeps_every_page_findable() {
        with_layout(3000, |layout| {
            let starts = whole(layout);
            assert!(starts.len() > 4 * KEPT_SLOTS, "{} pages", starts.len());
            let index = counted(layout, 70);
            assert_eq!(index.total(), Some(starts.len() as u32));
            assert!(index.stride() >= 4, "stride {}", index.stride());
            assert!(usize::from(index.kept_len) <= KEPT_SLOTS);
            // Every kept start is the whole pagination's start of its page.
            for (i, &kept) in index.kept().iter().enumerate() {
                assert_eq!(kept, starts[i * index.stride() as usize]);
            }
            // Every page, in a scattered order so the window rarely helps.
            let n = starts.len();
            for k in 0..n {
                let page = (k * 7919) % n;
                assert_eq!(index.start_of(layout, page as u32), Some(starts[page]));
                assert_eq!(index.page_of(layout, starts[page]), Some(page as u32));
                let inside = Position::new(starts[page].block, starts[page].offset + 1);
                let holder = starts.partition_point(|&s| s <= inside) - 1;
                assert_eq!(index.page_of(layout, inside), Some(holder as u32));
            }
            assert_eq!(index.start_of(layout, n as u32), None);
            assert_eq!(index.end_of(layout, n as u32 - 1), Some(layout.end()));
            assert_eq!(index.page_of(layout, layout.end()), Some(n as u32 - 1));
        });
    }

    #[test]
    fn counting_in_slices_resumes_where_it_stopped() {
        with_layout(200, |layout| {
            let starts = whole(layout);
            let mut index = SparseIndex::new();
            index.reset(layout);
            assert_eq!(index.count().known, 1);
            assert_eq!(index.start_of(layout, 0), Some(starts[0]));
            let mut slices = 0;
            let mut last_known = 1;
            while index.total().is_none() {
                let count = index.step(layout, 120);
                slices += 1;
                assert!(
                    count.known > last_known || count.total.is_some(),
                    "each slice makes progress"
                );
                last_known = count.known;
                // Every known page is the whole pagination's, while counting goes on.
                let known = count.known.min(starts.len() as u32);
                let page = known - 1;
                assert_eq!(index.start_of(layout, page), Some(starts[page as usize]));
                if count.total.is_none() {
                    assert_eq!(index.start_of(layout, known), None);
                    let beyond = starts.get(known as usize).copied().unwrap_or(layout.end());
                    assert_eq!(index.page_of(layout, beyond), None, "not counted yet");
                }
            }
            assert!(slices > 3, "{slices} slices");
            assert_eq!(index.total(), Some(starts.len() as u32));
        });
    }

    #[test]
    fn the_window_follows_page_turns_both_ways() {
        with_layout(3000, |layout| {
            let starts = whole(layout);
            let index = counted(layout, 1000);
            let stride = index.stride();
            assert!(stride > 1);
            // Turn forward from an odd page, then back: every start is exact and the window
            // holds the pages turned through.
            let from = 3 * stride + 1;
            for page in from..from + 40 {
                assert_eq!(index.start_of(layout, page), Some(starts[page as usize]));
                assert_eq!(index.end_of(layout, page), Some(starts[page as usize + 1]));
            }
            let (first, len) = index.window();
            assert!(first <= from + 40 && from + 40 < first + len as u32);
            for page in (from..from + 40).rev() {
                assert_eq!(index.start_of(layout, page), Some(starts[page as usize]));
            }
        });
    }

    #[test]
    fn an_anchor_is_only_a_hint_and_a_bad_one_is_refused() {
        with_layout(100, |layout| {
            let starts = whole(layout);
            let n = starts.len() as u32;
            let mut index = SparseIndex::new();
            assert!(!index.reset_with_anchor(layout, 3, layout.end(), n));
            assert!(!index.reset_with_anchor(layout, 0, starts[1], n));
            assert!(!index.reset_with_anchor(layout, n, starts[1], n));
            assert_eq!(index.total(), None);
            assert!(index.reset_with_anchor(layout, 9, starts[9], n));
            assert_eq!(index.count().known, 1, "the count starts from page 0");
            assert_eq!(index.total(), Some(n), "the memo's total");
            // The anchored page and those after it are there at once, with their numbers.
            assert_eq!(index.start_of(layout, 9), Some(starts[9]));
            assert_eq!(index.page_of(layout, starts[9]), Some(9));
            for page in 9..20 {
                assert_eq!(index.end_of(layout, page), Some(starts[page as usize + 1]));
            }
            assert_eq!(index.page_of(layout, starts[15]), Some(15));
            // Before it, nothing is known until counted.
            assert_eq!(index.start_of(layout, 8), None);
            assert_eq!(index.page_of(layout, starts[8]), None);
            while !index.is_complete() {
                index.step(layout, 50);
            }
            assert_eq!(index.start_of(layout, 8), Some(starts[8]));
            assert_eq!(index.total(), Some(n));
        });
    }

    #[test]
    fn an_empty_book_has_no_pages() {
        let blocks: [(BlockKind, &str); 0] = [];
        let source = StrSource::new(&blocks);
        let fonts = FixedMetrics::new(16);
        let layout = Layout::try_new(&source, &fonts, LayoutParams::new(160, 96)).unwrap();
        let mut index = SparseIndex::new();
        index.reset(&layout);
        assert_eq!(index.total(), Some(0));
        assert_eq!(index.step(&layout, 10).known, 0);
        assert_eq!(index.start_of(&layout, 0), None);
        assert_eq!(index.page_of(&layout, Position::START), None);
    }
}
