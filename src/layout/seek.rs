//! Pages from any line: what a reader sees of a part of the book the page count has not
//! reached yet.
//!
//! Page breaks depend on every page before them, but line breaks do not: every block starts a
//! new line, so the lines of a block are the same whatever page they fall on. Before the
//! count reaches the reader's position, the page shown starts at the line holding it
//! ([`Layout::line_start`]), turning on lays a page out from the last one's end
//! ([`Layout::measure_page`]) and turning back stacks a page's worth of the lines before it
//! ([`Layout::page_before`]). Nothing is skipped either way; the page numbers come back
//! once the count has caught up.

use super::line::{LineInfo, NullSink};
use super::metrics::Fonts;
use super::pager::Layout;
use super::source::Source;
use crate::Position;

/// Lines remembered while looking for a page's worth before a start: more than any page holds.
const LINES_BACK: usize = 96;

/// Blocks looked back over at most, for a page before a start (doubling each try).
const MAX_BLOCKS_BACK: u16 = 256;

impl<S: Source + ?Sized, F: Fonts + ?Sized> Layout<'_, S, F> {
    /// The start of the line holding `position`: its block laid out from the block's start.
    /// A position before the first line gives the first line's start.
    pub fn line_start(&self, position: Position) -> Position {
        let mut breaker = self.breaker(Position::new(position.block, 0));
        let mut start = breaker.position();
        if start >= position {
            return if start > position && position < self.start() {
                self.start()
            } else {
                start
            };
        }
        loop {
            if breaker.break_next(&mut NullSink).is_none() {
                return start;
            }
            let next = breaker.position();
            if next > position || next <= start {
                return start;
            }
            start = next;
        }
    }

    /// A start about a page before `start`: the earliest line from which the lines up to
    /// `start` still fit the page height (headings' space before counted); `None` when
    /// `start` is at or before the first line.
    pub fn page_before(&self, start: Position) -> Option<Position> {
        let first = self.start();
        if start <= first {
            return None;
        }
        let mut back: u16 = if start.offset > 0 { 0 } else { 1 };
        loop {
            let from = Position::new(start.block.saturating_sub(back), 0);
            let mut lines = Lines::default();
            let mut breaker = self.breaker(from);
            while breaker.position() < start {
                let line_start = breaker.position();
                let Some(line) = breaker.break_next(&mut NullSink) else {
                    break;
                };
                lines.push(line_start, &line);
                if breaker.position() <= line_start {
                    break;
                }
            }
            let (earliest, filled) = lines.fitting(self.params().height);
            let reached_top = from.block == 0 || back >= MAX_BLOCKS_BACK;
            if filled || reached_top || lines.wrapped {
                return earliest.or(Some(first)).filter(|&s| s < start);
            }
            back = back.saturating_mul(2).max(1);
        }
    }
}

/// The last [`LINES_BACK`] lines before a start: where each begins, how tall it is and the
/// space before it.
struct Lines {
    starts: [Position; LINES_BACK],
    heights: [(u16, u16); LINES_BACK],
    len: usize,
    /// Whether older lines were dropped.
    wrapped: bool,
}

impl Default for Lines {
    fn default() -> Self {
        Lines {
            starts: [Position::START; LINES_BACK],
            heights: [(0, 0); LINES_BACK],
            len: 0,
            wrapped: false,
        }
    }
}

impl Lines {
    fn push(&mut self, start: Position, line: &LineInfo) {
        if self.len == LINES_BACK {
            self.starts.copy_within(1.., 0);
            self.heights.copy_within(1.., 0);
            self.len -= 1;
            self.wrapped = true;
        }
        if let (Some(s), Some(h)) = (
            self.starts.get_mut(self.len),
            self.heights.get_mut(self.len),
        ) {
            *s = start;
            *h = (line.height, line.space_before);
            self.len += 1;
        }
    }

    /// The earliest line from which the lines to the end fit `height`, and whether an even
    /// earlier line would not have fitted (the page is full).
    fn fitting(&self, height: u16) -> (Option<Position>, bool) {
        let mut used = 0u32;
        let mut earliest = None;
        let mut below_space = 0u32;
        for i in (0..self.len).rev() {
            let (Some(&start), Some(&(line_height, space_before))) =
                (self.starts.get(i), self.heights.get(i))
            else {
                break;
            };
            // The line below this one takes its space before only if this one is above it.
            let needed = used + u32::from(line_height) + below_space;
            if earliest.is_some() && needed > u32::from(height) {
                return (earliest, true);
            }
            used = needed;
            below_space = u32::from(space_before);
            earliest = Some(start);
        }
        (earliest, false)
    }
}

#[cfg(test)]
mod tests {
    use crate::format::BlockKind;
    use crate::layout::{FixedMetrics, Layout, LayoutParams, PageIndex, StrSource};
    use crate::Position;

    #[test]
    fn line_starts_are_the_whole_paginations_lines_and_pages_back_cover_the_gap() {
        let texts: Vec<String> = (0..60)
            .map(|i| "风吹草低见牛羊，".repeat(1 + (i * 5) % 11))
            .collect();
        let blocks: Vec<(BlockKind, &str)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let kind = if i % 9 == 0 {
                    BlockKind::Heading2
                } else {
                    BlockKind::Paragraph
                };
                (kind, t.as_str())
            })
            .collect();
        let source = StrSource::new(&blocks);
        let fonts = FixedMetrics::new(16);
        let layout = Layout::try_new(&source, &fonts, LayoutParams::new(160, 120)).unwrap();
        let mut buffer = vec![Position::START; 4096];
        let index = PageIndex::build(&layout, &mut buffer).unwrap();
        // Every page start is a line start, and a position inside a page's first line finds it.
        for &start in index.starts() {
            assert_eq!(layout.line_start(start), start);
            let inside = Position::new(start.block, start.offset + 1);
            assert_eq!(layout.line_start(inside), start, "{start:?}");
        }
        // A page back from any page start ends at or after it: nothing is skipped.
        for &start in index.starts().iter().skip(1) {
            let back = layout.page_before(start).unwrap();
            assert!(back < start);
            assert!(
                layout.measure_page(back).end >= start,
                "{back:?} → {start:?}"
            );
            assert!(back >= layout.start());
        }
        assert_eq!(layout.page_before(layout.start()), None);
    }
}
