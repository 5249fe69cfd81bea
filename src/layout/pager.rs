//! Pagination: stacking lines into pages, and the page index.
//!
//! A [`Layout`] is a source, its fonts and the parameters. A page is laid out from its start
//! position alone: lines are stacked from the top, each at its pitch (a heading's first line
//! also takes its space before, except at the page's top), until the next line's bottom would
//! pass the page's height. A heading is never a page's last line: trailing heading lines move
//! to the next page with the body line they introduce. Pages only ever start at a line's start.
//!
//! [`PageCounter`] counts pages one after another, each line broken once and only measured:
//! the line that overflows a page is carried over as the next page's first.
//! [`PageIndex::build`] pages the whole book at once with it into a caller-owned buffer of page starts,
//! so the page count is exact when a book opens; [`PageIndex::page_of`] then finds a position's
//! page by binary search, without laying anything out.

use super::breaker::LineBreaker;
use super::line::{LineInfo, LineSink, PlacedGlyph};
use super::metrics::{Fonts, TextStyle};
use super::params::LayoutParams;
use super::plain::PlainTable;
use super::source::Source;
use crate::Position;
use core::fmt;

/// What can go wrong when paginating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LayoutError {
    /// The page index buffer holds `capacity` page starts, but the book needs `needed` pages.
    TooManyPages {
        /// Page starts the buffer can hold.
        capacity: usize,
        /// Pages the book has at these settings.
        needed: usize,
    },
    /// The measure cannot hold an indented first line's first character (3 body em) or one
    /// heading character.
    MeasureTooNarrow {
        /// The measure asked for, px.
        width: u16,
        /// The narrowest measure that works, px.
        needed: u16,
    },
    /// The page cannot hold the tallest line.
    PageTooShort {
        /// The page height asked for, px.
        height: u16,
        /// The lowest page that works, px.
        needed: u16,
    },
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayoutError::TooManyPages { capacity, needed } => write!(
                f,
                "the page index holds {capacity} pages but the book needs {needed}"
            ),
            LayoutError::MeasureTooNarrow { width, needed } => {
                write!(
                    f,
                    "a {width} px measure is too narrow; at least {needed} px needed"
                )
            }
            LayoutError::PageTooShort { height, needed } => {
                write!(
                    f,
                    "a {height} px page is too short; at least {needed} px needed"
                )
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for LayoutError {}

/// Where a page starts and ends, and what it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PageExtent {
    /// The position of the page's first character.
    pub start: Position,
    /// The next page's start, or the book's end.
    pub end: Position,
    /// How many lines the page holds.
    pub line_count: u16,
    /// The bottom of the page's last line, px from the top (at most the page height, unless
    /// the page is one line taller than the page).
    pub height: u16,
}

/// A book laid out at some settings: source, fonts and parameters.
pub struct Layout<'a, S: Source + ?Sized, F: Fonts + ?Sized> {
    source: &'a S,
    fonts: &'a F,
    params: LayoutParams,
}

impl<S: Source + ?Sized, F: Fonts + ?Sized> Clone for Layout<'_, S, F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: Source + ?Sized, F: Fonts + ?Sized> Copy for Layout<'_, S, F> {}

impl<'a, S: Source + ?Sized, F: Fonts + ?Sized> Layout<'a, S, F> {
    /// A layout of `source` in `fonts` with `params`, if the page can hold a line of every
    /// style.
    pub fn try_new(source: &'a S, fonts: &'a F, params: LayoutParams) -> Result<Self, LayoutError> {
        const STYLES: [TextStyle; 3] = [TextStyle::Body, TextStyle::Heading2, TextStyle::Heading3];
        let em = |style| u16::from(fonts.size(style));
        let needed_width = STYLES
            .iter()
            .map(|&style| em(style))
            .fold(3 * em(TextStyle::Body), u16::max);
        if params.width < needed_width {
            return Err(LayoutError::MeasureTooNarrow {
                width: params.width,
                needed: needed_width,
            });
        }
        let needed_height = STYLES
            .iter()
            .map(|&style| params.line_height(fonts, style))
            .fold(0, u16::max);
        if params.height < needed_height {
            return Err(LayoutError::PageTooShort {
                height: params.height,
                needed: needed_height,
            });
        }
        Ok(Layout {
            source,
            fonts,
            params,
        })
    }

    /// The parameters.
    pub fn params(&self) -> &LayoutParams {
        &self.params
    }

    /// A line breaker from `start`.
    pub fn breaker(&self, start: Position) -> LineBreaker<'a, S, F> {
        LineBreaker::new(self.source, self.fonts, self.params, start)
    }

    /// Builds `plain` for this layout's source and fonts (see [`PlainTable::build`]).
    pub fn build_plain(&self, plain: &mut PlainTable) {
        plain.build(self.source, self.fonts);
    }

    /// The first page's start: the first character of the first non-empty block.
    pub fn start(&self) -> Position {
        self.breaker(Position::START).position()
    }

    /// The book's end: the block just past the last, offset 0.
    pub fn end(&self) -> Position {
        Position::new(self.source.block_count(), 0)
    }

    /// How many characters lie from `from` up to `to` (0 when `to` is not after `from`): what a
    /// page between them cost to lay out, for budgets of counting work.
    pub fn chars_between(&self, from: Position, to: Position) -> u32 {
        if to <= from {
            return 0;
        }
        if to.block == from.block {
            return u32::from(to.offset - from.offset);
        }
        let starts = (
            self.source.block_start(from.block),
            self.source.block_start(to.block),
        );
        let whole: u32 = match starts {
            (Some(from), Some(to)) => to.saturating_sub(from),
            _ => (from.block..to.block)
                .map(|block| u32::from(self.source.block_len(block)))
                .sum(),
        };
        (whole + u32::from(to.offset)).saturating_sub(u32::from(from.offset))
    }

    /// Which lines the page starting at `start` holds, without drawing them.
    pub fn measure_page(&self, start: Position) -> PageExtent {
        PageCounter::new(self, start).next_page()
    }

    /// Lay out the page starting at `start` and deliver its lines, each with its `top`, and
    /// their glyphs to `sink`.
    ///
    /// The page is measured first and then broken again for `sink`, so the sink receives
    /// exactly the lines [`Layout::measure_page`] counts.
    pub fn lay_out_page<K: LineSink + ?Sized>(&self, start: Position, sink: &mut K) -> PageExtent {
        let extent = self.measure_page(start);
        let mut breaker = self.breaker(extent.start);
        let mut placer = PagePlacer {
            sink,
            stack: LineStack::default(),
        };
        for _ in 0..extent.line_count {
            if breaker.break_next(&mut placer).is_none() {
                break;
            }
        }
        extent
    }

    /// Lay out the page from `start` to its known `end` (the next page's start, from a
    /// [`PageIndex`]) in one pass, delivering the same lines as [`Layout::lay_out_page`]
    /// without measuring the page first: what a page turn does.
    pub fn lay_out_page_to<K: LineSink + ?Sized>(
        &self,
        start: Position,
        end: Position,
        sink: &mut K,
    ) {
        let mut breaker = self.breaker(start);
        let mut placer = PagePlacer {
            sink,
            stack: LineStack::default(),
        };
        while breaker.position() < end {
            if breaker.break_next(&mut placer).is_none() {
                break;
            }
        }
    }
}

/// Counts pages one after another from a start, as [`Layout::measure_page`] measures each:
/// what [`PageIndex::build`] pages a book with, and what a caller that pages a long book in
/// slices keeps between them (about 100 bytes).
///
/// The line that overflows a page is the next page's first line; the counter carries it over
/// instead of breaking it again, so each line of the book is broken once (heading lines moved
/// to the next page excepted).
///
/// ```
/// use moye::format::BlockKind;
/// use moye::layout::{FixedMetrics, Layout, LayoutParams, PageCounter, StrSource};
///
/// let blocks = [(BlockKind::Heading2, "歷史"), (BlockKind::Paragraph, "751年，唐朝軍隊在怛邏斯敗於阿拉伯帝国。")];
/// let (source, fonts) = (StrSource::new(&blocks), FixedMetrics::new(16));
/// let layout = Layout::try_new(&source, &fonts, LayoutParams::new(160, 100)).unwrap();
/// let mut counter = PageCounter::new(&layout, layout.start());
/// let first = counter.next_page();
/// assert_eq!(first, layout.measure_page(layout.start()));
/// assert_eq!(counter.next_page(), layout.measure_page(first.end));
/// assert_eq!(counter.next_page().line_count, 0); // the book's end
/// ```
pub struct PageCounter<'a, S: Source + ?Sized, F: Fonts + ?Sized> {
    layout: Layout<'a, S, F>,
    breaker: LineBreaker<'a, S, F>,
    /// The line that overflowed the last page: the next page's first.
    carried: Option<LineInfo>,
}

impl<'a, S: Source + ?Sized, F: Fonts + ?Sized> PageCounter<'a, S, F> {
    /// A counter whose first page starts at `start`.
    pub fn new(layout: &Layout<'a, S, F>, start: Position) -> Self {
        PageCounter {
            layout: *layout,
            breaker: layout.breaker(start),
            carried: None,
        }
    }

    /// A counter whose first page starts at `start`, measuring lines with `plain`, the
    /// layout's plain ids (built by [`PlainTable::build`] for its source and fonts): the same
    /// pages, counted faster.
    pub fn with_plain(layout: &Layout<'a, S, F>, start: Position, plain: &'a PlainTable) -> Self {
        PageCounter {
            layout: *layout,
            breaker: layout.breaker(start).counting(plain),
            carried: None,
        }
    }

    /// Where the next page starts (the book's end once every page is counted).
    pub fn position(&self) -> Position {
        self.carried
            .map_or_else(|| self.breaker.position(), |line| line.start)
    }

    fn next_line(&mut self) -> Option<LineInfo> {
        self.carried.take().or_else(|| self.breaker.measure_next())
    }

    /// The next page: the one starting at [`PageCounter::position`]. At the book's end, a
    /// page of no lines that starts and ends there.
    pub fn next_page(&mut self) -> PageExtent {
        let start = self.position();
        let height = u32::from(self.layout.params.height);
        let mut stack = LineStack::default();
        // Where the run of heading lines at the bottom of the page began, and the stack then.
        let mut heading_tail: Option<(Position, LineStack)> = None;
        let end = loop {
            let line_start = self.position();
            let Some(line) = self.next_line() else {
                // The book's end: a heading may close it.
                return stack.extent(start, line_start);
            };
            let before = stack;
            let (_, bottom) = stack.push(&line);
            if before.lines > 0 && bottom > height {
                stack = before;
                self.carried = Some(line);
                break line_start;
            }
            if line.style.is_heading() {
                heading_tail = heading_tail.or(Some((line_start, before)));
            } else {
                heading_tail = None;
            }
        };
        match heading_tail {
            Some((heading_start, before)) if before.lines > 0 => {
                // The heading lines go to the next page, with the line they introduce.
                self.carried = None;
                self.breaker = self.layout.breaker(heading_start);
                before.extent(start, heading_start)
            }
            _ => stack.extent(start, end),
        }
    }
}

/// Lines stacked on a page so far.
#[derive(Clone, Copy, Debug, Default)]
struct LineStack {
    lines: u16,
    bottom: u32,
}

impl LineStack {
    /// Put `line` below the others; returns its top and bottom.
    fn push(&mut self, line: &LineInfo) -> (u32, u32) {
        let top = if self.lines == 0 {
            0
        } else {
            self.bottom + u32::from(line.space_before)
        };
        let bottom = top + u32::from(line.height);
        self.lines = self.lines.saturating_add(1);
        self.bottom = bottom;
        (top, bottom)
    }

    fn extent(self, start: Position, end: Position) -> PageExtent {
        PageExtent {
            start,
            end,
            line_count: self.lines,
            height: u16::try_from(self.bottom).unwrap_or(u16::MAX),
        }
    }
}

/// Gives each line its top on the page before passing it on.
struct PagePlacer<'k, K: LineSink + ?Sized> {
    sink: &'k mut K,
    stack: LineStack,
}

impl<K: LineSink + ?Sized> LineSink for PagePlacer<'_, K> {
    fn line(&mut self, line: &LineInfo) {
        let (top, _) = self.stack.push(line);
        let placed = LineInfo {
            top: u16::try_from(top).unwrap_or(u16::MAX),
            ..*line
        };
        self.sink.line(&placed);
    }

    fn glyph(&mut self, glyph: &PlacedGlyph) {
        self.sink.glyph(glyph);
    }

    fn wants_glyphs(&self) -> bool {
        self.sink.wants_glyphs()
    }
}

/// The start of every page of a book, in a caller-owned buffer.
///
/// ```
/// use moye::format::BlockKind;
/// use moye::layout::{FixedMetrics, Layout, LayoutParams, PageIndex, StrSource};
/// use moye::Position;
///
/// let blocks = [(BlockKind::Heading2, "歷史"), (BlockKind::Paragraph, "751年，唐朝軍隊在怛邏斯敗於阿拉伯帝国。")];
/// let (source, fonts) = (StrSource::new(&blocks), FixedMetrics::new(16));
/// let layout = Layout::try_new(&source, &fonts, LayoutParams::new(160, 100)).unwrap();
/// let mut starts = [Position::START; 8];
/// let index = PageIndex::build(&layout, &mut starts).unwrap();
/// assert_eq!(index.len(), 2);
/// let second = index.start_of(1).unwrap();
/// assert_eq!(index.page_of(second), 1);
/// assert_eq!(index.page_of(Position::new(second.block, second.offset - 1)), 0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageIndex<'buf> {
    starts: &'buf [Position],
    end: Position,
}

impl<'buf> PageIndex<'buf> {
    /// Paginate the whole book into `buffer`. If the buffer is too small, the error says how
    /// many pages the book needs.
    pub fn build<S: Source + ?Sized, F: Fonts + ?Sized>(
        layout: &Layout<'_, S, F>,
        buffer: &'buf mut [Position],
    ) -> Result<Self, LayoutError> {
        let end = layout.end();
        let mut count = 0usize;
        let mut position = layout.start();
        let mut counter = PageCounter::new(layout, position);
        while position < end {
            if let Some(slot) = buffer.get_mut(count) {
                *slot = position;
            }
            count += 1;
            position = counter.next_page().end;
        }
        let buffer: &'buf [Position] = buffer;
        match buffer.get(..count) {
            Some(starts) => Ok(PageIndex { starts, end }),
            None => Err(LayoutError::TooManyPages {
                capacity: buffer.len(),
                needed: count,
            }),
        }
    }

    /// How many pages the book has.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether the book has no pages (no text at all).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Every page's start, in order.
    pub fn starts(&self) -> &'buf [Position] {
        self.starts
    }

    /// Where page `page` starts.
    pub fn start_of(&self, page: usize) -> Option<Position> {
        self.starts.get(page).copied()
    }

    /// Where page `page` ends: the next page's start, or the book's end.
    pub fn end_of(&self, page: usize) -> Option<Position> {
        if page >= self.len() {
            return None;
        }
        Some(self.start_of(page + 1).unwrap_or(self.end))
    }

    /// The page holding `position`: the last page starting at or before it (page 0 for a
    /// position before the first page or in an empty book).
    pub fn page_of(&self, position: Position) -> usize {
        self.starts
            .partition_point(|&start| start <= position)
            .saturating_sub(1)
    }
}
