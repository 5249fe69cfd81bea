//! Chinese line breaking and pagination.
//!
//! The layout turns a book's blocks into lines and the lines into pages, by the rules of
//! `TYPOGRAPHY.md` (clreq, GB/T 15834, JIS X 4051, UAX #14 and KOReader's CJK handling). It
//! reads through two traits, so it knows nothing of the library blob:
//!
//! - [`Source`] ([`source`]): numbered blocks of characters with their
//!   [`BlockKind`](crate::format::BlockKind) and
//!   emphasis. [`StrSource`] implements it over string slices.
//! - [`Fonts`] ([`metrics`]): em sizes, advances and line boxes per [`TextStyle`], taken from the
//!   glyphs that will be drawn. [`FixedMetrics`] is a stand-in for tests.
//!
//! and [`LayoutParams`] ([`params`]): the content box, line spacing, [`Prohibition`] level and
//! hanging punctuation. The stages:
//!
//! - [`line_break`]: each character's UAX #14 line-break class, from a table generated from the
//!   UCD's `LineBreak.txt`; [`prohibition`]: what each [`Prohibition`] level forbids, by those
//!   classes, CSS Text 3 `line-break` and clreq.
//! - [`class`]: what each character is and what may happen between two neighbours — R1 (never
//!   at a line start), R2 (never at a line end), R3 (words, numbers, `——`, `……` unsplit),
//!   R5's ¼ em between Han and Latin, and which marks push-in may compress.
//! - [`breaker`]: the [`LineBreaker`], which yields one line at a time from a [`Checkpoint`]:
//!   push-in, then hanging (if on), then push-out; the pull-down that keeps a paragraph's last
//!   line at two characters or more; compression and justification; then delivery to a
//!   [`LineSink`] ([`line`](mod@line)). The same breaker measures, draws, and exports
//!   text ([`TextExport`]), so what is measured is what is drawn: counting pages takes the
//!   same line ends without compressing, justifying or placing anything, and a [`NullSink`]
//!   is given no glyphs.
//! - [`plain`]: which of a library's ids are plain — ideographs and full-width marks one em
//!   wide — so that counting measures most of a line by ids alone ([`PlainTable`],
//!   [`Source::scan_ids`]) and buffers only its last few characters, for the same line ends.
//! - [`pager`]: a [`Layout`] stacks lines into pages (headings kept with the line after them)
//!   and fills a caller-owned [`PageIndex`] of every page start (whole-book pagination, for
//!   tests and exports); a [`PageCounter`] counts pages one after another, carrying each
//!   page's overflowing line over to the next page instead of breaking it twice; [`index`]:
//!   the reader's [`SparseIndex`], of fixed size whatever the length, counted in slices while
//!   the reader reads.
//!
//! # Positions and pages
//!
//! A page is known by its start [`Position`](crate::Position) only. Every line break depends
//! only on the text from the line's start onwards, so laying a page out again from its start
//! reproduces it exactly; the firmware never holds more than one line of layout in RAM.
//!
//! # Memory
//!
//! Nothing allocates. Measured on thumbv6m-none-eabi (opt-level `s`, over [`StrSource`]):
//!
//! | what | bytes |
//! |---|---|
//! | the line buffer: [`MAX_LINE_GLYPHS`] slots of 12 bytes, on the stack while a line is broken | 1,180 (1,168 before the counting lead's 12) |
//! | [`LineBreaker::break_next`]'s frame, buffer included | 1,352 |
//! | deepest path, [`Layout::lay_out_page`] down to the source's iterator | ≈ 1.9 KiB |
//! | [`LineBreaker`] (references, parameters, position, the source's iterator, the current block's setting, each style's line metrics, the plain table when counting) | 72 (68 before the table's reference) |
//! | [`PageCounter`] (a breaker, the layout and the line carried over to the next page) | 120 (116 before) |
//! | [`Layout`] | 20 |
//! | [`LineInfo`] / [`PlacedGlyph`] | 28 / 16 |
//! | [`PageIndex`] | 12, plus 4 per page in the caller's buffer |
//! | [`SparseIndex`] | ≈ 5.7 KiB whatever the length ([`KEPT_SLOTS`] + [`WINDOW_PAGES`] starts of 4 bytes, and the 1.5 KiB [`PlainTable`] counting reads ids by) |

//! # Example
//!
//! ```
//! use moye::format::BlockKind;
//! use moye::layout::{FixedMetrics, Layout, LayoutParams, PageIndex, StrSource, TextExport};
//! use moye::Position;
//!
//! let blocks = [
//!     (BlockKind::Heading3, "汉朝至清朝"),
//!     (BlockKind::Paragraph, "自從两国於1992年建交後，两国的关系得到了良好且稳定的发展。"),
//! ];
//! let (source, fonts) = (StrSource::new(&blocks), FixedMetrics::new(16));
//! let layout = Layout::try_new(&source, &fonts, LayoutParams::new(16 * 12, 16 * 30)).unwrap();
//! let mut starts = [Position::START; 16];
//! let index = PageIndex::build(&layout, &mut starts).unwrap();
//! assert_eq!(index.len(), 1);
//!
//! let mut text = TextExport::default();
//! layout.lay_out_page(index.starts()[0], &mut text);
//! assert_eq!(
//!     text.lines,
//!     [
//!         "汉朝至清朝",
//!         "\u{3000}\u{3000}自從两国於1992年建",
//!         "交後，两国的关系得到了良",
//!         "好且稳定的发展。",
//!     ]
//! );
//! ```

pub mod breaker;
mod buffer;
pub mod class;
pub mod index;
pub mod line;
pub mod line_break;
pub mod metrics;
pub mod pager;
pub mod params;
pub mod plain;
pub mod prohibition;
mod rendition;
mod seek;
pub mod source;

#[cfg(all(test, feature = "std"))]
mod standards_tests;
#[cfg(all(test, feature = "std"))]
mod tests;

pub use breaker::{Checkpoint, LineBreaker, MAX_LINE_GLYPHS};
pub use class::{Boundary, CharClass, Prohibition};
pub use index::{Count, SparseIndex, KEPT_SLOTS, MAX_INDEX_BYTES, WINDOW_PAGES};
pub use line::{LineInfo, LineSink, NullSink, PlacedGlyph};
#[cfg(feature = "std")]
pub use line::{LineRecorder, TextExport};
pub use metrics::{FixedMetrics, Fonts, LineBox, TextStyle};
pub use pager::{Layout, LayoutError, PageCounter, PageExtent, PageIndex};
pub use params::{BlockSetting, LayoutParams};
pub use plain::{PlainTable, PLAIN_IDS};
pub use rendition::BlockChars;
pub use source::{EmphasisSpan, Source, SourceChar, StrChars, StrSource};
