//! The workload the QEMU harness runs on the emulated MCU and the host test `tests/qemu_hash.rs`
//! runs again on the host: the same code, included by both (the test with `#[path]`), so the
//! two must print the same [`BookRun`] lines.
//!
//! For each font of the blob, each book of the library and each [`READINGS`] (its 简体
//! rendition in the main face, and its 繁體 rendition in the Traditional forms with centred
//! marks, each set horizontally and vertically), in the `pico-epd42` profile's default orientation (portrait, 300 × 400), the book is
//! read as the reader reads it, with the core's bounded page index ([`SparseIndex`], the same
//! for a 7-page article and a 3,600-page novel):
//!
//! 1. **open** (timed as [`Section::Open`]): `FontSet` at that body size in the reading's forms,
//!    the profile's text area, `Layout::try_new`, the index reset and counted for the first
//!    slice the UI counts at open ([`OPEN_SLICE_CHARS`]), and the first page drawn;
//! 2. **count** (each slice timed as [`Section::Count`]): the index counted on in the slices the
//!    UI counts between keys ([`WORK_SLICE_CHARS`]) until the book's page count is known;
//! 3. **turn every page** (each timed as [`Section::PageTurn`]): the page's start and end from
//!    the index, then the reading view drawn exactly as the simulator does
//!    (`ReadingView::draw_on`: clear, lay out and draw the page's text from its start to the
//!    next page's start, then the status line with the title and page number) into a packed
//!    framebuffer; each page's start position and framebuffer are hashed into one FNV-1a sum.
//!    Then, as the reader does while the panel refreshes, the page after it is read ahead
//!    (timed as [`Section::ReadAhead`]): measured, its end noted in the index, so that the
//!    next turn finds both its start and end there and only draws.
//!
//! The glyph count per page (for the per-glyph figures) is taken afterwards, outside the timed
//! section, by laying the page out again into a counting sink.
//!
//! `FontSet` sets headings in the blob's next larger sizes and the status line's title in its
//! smallest: the page depends on which sizes the blob holds, so the host test compiles the
//! blob the harness carries.

use core::fmt;

use embedded_graphics::prelude::Size;
use moye::format::{Library, Script};
use moye::glyphs::{FontSet, GlyphForms, PunctuationPosition, WritingMode};
use moye::layout::{
    Layout, LayoutError, LayoutParams, LineInfo, LineSink, PlacedGlyph, SparseIndex,
};
use moye::profile::{Orientation, Profile, PICO_EPD42};
use moye::render::{PackedFramebuffer, ReadingView};
use moye::ui::{OPEN_SLICE_CHARS, WORK_SLICE_CHARS};

/// The device profile the workload reads in.
pub const PROFILE: Profile = PICO_EPD42;

/// The orientation it reads in: the profile's default, portrait.
pub const ORIENTATION: Orientation = PROFILE.default_orientation;

/// The screen in [`ORIENTATION`]: 300 × 400 pixels.
pub const PANEL: Size = Size::new(300, 400);

/// Bytes of the packed framebuffer for [`PANEL`]: 38 × 400 = 15,200.
pub const FRAMEBUFFER_LEN: usize = PackedFramebuffer::buffer_len(PANEL.width, PANEL.height);

/// Bytes of the page index, whatever the book's length.
pub const INDEX_BYTES: usize = core::mem::size_of::<SparseIndex>();

/// One way of reading a book: its rendition and the glyph forms it is drawn in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    /// The rendition.
    pub script: Script,
    /// The forms its characters are drawn in.
    pub forms: GlyphForms,
    /// The name the `HASH` line gives it.
    pub name: &'static str,
}

/// The forms 繁體 is drawn in by default: the Traditional ones, with centred marks.
const HANT: GlyphForms = GlyphForms::new(true, PunctuationPosition::Centred);

/// The readings every book is run in: 简体 in the main face, and 繁體 as its readers see it by
/// default, in the Traditional forms with centred marks (glyph records past the ids); then
/// both set vertically (直排: columns, in the vertical forms).
pub const READINGS: [Reading; 4] = [
    Reading {
        script: Script::Simplified,
        forms: GlyphForms::MAIN,
        name: "hans",
    },
    Reading {
        script: Script::Traditional,
        forms: HANT,
        name: "hant",
    },
    Reading {
        script: Script::Simplified,
        forms: GlyphForms::MAIN.written(WritingMode::Vertical),
        name: "hans-vertical",
    },
    Reading {
        script: Script::Traditional,
        forms: HANT.written(WritingMode::Vertical),
        name: "hant-vertical",
    },
];

/// What a measured section of the workload does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Opening a book: fonts, layout, the first slice of the count and the first page drawn.
    Open,
    /// One slice of the page count, as the reader counts between keys.
    Count,
    /// One page turn: layout and rendering of one page into the framebuffer.
    PageTurn,
    /// Reading ahead after a turn, while the panel refreshes: the next page measured, so that
    /// the turn to it only draws (`Ui::work_ahead`'s first call after a page is shown).
    ReadAhead,
}

/// Marks the sections the harness measures. The host test passes [`NoTimer`].
pub trait PageTimer {
    /// `section` starts.
    fn begin(&mut self, section: Section);
    /// `section` is done (for a page turn: the page is in the framebuffer).
    fn end(&mut self, section: Section);
}

/// A [`PageTimer`] that measures nothing.
pub struct NoTimer;

impl PageTimer for NoTimer {
    fn begin(&mut self, _: Section) {}
    fn end(&mut self, _: Section) {}
}

/// Why a book could not be run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkloadError {
    /// The library has no book with this index.
    NoBook(u16),
    /// The library has no font of this size.
    NoFont(u8),
    /// The framebuffer is smaller than [`FRAMEBUFFER_LEN`], or the profile's screen is not
    /// [`PANEL`].
    Framebuffer,
    /// The book could not be laid out at this size.
    Layout(u8, LayoutError),
    /// The index lost a page it had counted (a bug: it must never happen).
    LostPage(u32),
}

impl fmt::Display for WorkloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoBook(index) => write!(f, "no book {index}"),
            Self::NoFont(size) => write!(f, "no {size} px font"),
            Self::Framebuffer => write!(
                f,
                "framebuffer smaller than {FRAMEBUFFER_LEN} bytes or screen not {PANEL:?}"
            ),
            Self::Layout(size, error) => write!(f, "at {size} px: {error}"),
            Self::LostPage(page) => write!(f, "the page index has no start for page {page}"),
        }
    }
}

/// What one book at one size in one reading gave: the line both sides print and compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookRun {
    /// Index of the book in the library.
    pub book: u16,
    /// The reading's name ([`Reading::name`]).
    pub reading: &'static str,
    /// Font size in pixels.
    pub size: u8,
    /// Pages turned.
    pub pages: u32,
    /// Characters of the rendition (not part of the compared line).
    pub chars: u32,
    /// Glyphs of the page text on all pages, status lines not counted (not part of the
    /// compared line).
    pub glyphs: u32,
    /// FNV-1a (64-bit) over every page's start (block, offset; little-endian u16s) followed by
    /// its framebuffer bytes, page after page.
    pub hash: u64,
}

impl fmt::Display for BookRun {
    /// `HASH size=16 book=0 reading=hans pages=123 hash=0123456789abcdef`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HASH size={} book={} reading={} pages={} hash={:016x}",
            self.size, self.book, self.reading, self.pages, self.hash
        )
    }
}

/// 64-bit FNV-1a.
#[derive(Clone, Copy, Debug)]
pub struct Fnv1a(pub u64);

impl Fnv1a {
    /// The FNV-1a offset basis.
    pub const fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    /// Feeds `bytes`.
    pub fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

impl Default for Fnv1a {
    fn default() -> Self {
        Self::new()
    }
}

/// Opens book `book` at body size `size` in `reading`, counts its pages and turns every page
/// in `buffer` (at least [`FRAMEBUFFER_LEN`] bytes), with `timer` around the opening, each slice
/// of the count and each page turn.
pub fn run_book(
    library: &Library<'_>,
    book: u16,
    size: u8,
    reading: Reading,
    buffer: &mut [u8],
    timer: &mut impl PageTimer,
) -> Result<BookRun, WorkloadError> {
    let rendition = library
        .book(book)
        .ok_or(WorkloadError::NoBook(book))?
        .rendition(reading.script);
    let screen = PROFILE.screen(ORIENTATION);
    if screen != PANEL {
        return Err(WorkloadError::Framebuffer);
    }
    let mut framebuffer =
        PackedFramebuffer::new(buffer, screen).map_err(|_| WorkloadError::Framebuffer)?;
    let area = PROFILE.text_area(ORIENTATION);
    let mut index = SparseIndex::new();

    timer.begin(Section::Open);
    let fonts = FontSet::new(*library, size)
        .map(|fonts| fonts.with_forms(reading.forms))
        .ok_or(WorkloadError::NoFont(size))?;
    let (measure, depth) =
        (reading.forms.writing).layout_box(area.size.width as u16, area.size.height as u16);
    let params = LayoutParams::new(measure, depth);
    let layout = Layout::try_new(&rendition, &fonts, params)
        .map_err(|error| WorkloadError::Layout(size, error))?;
    index.reset(&layout);
    index.step(&layout, OPEN_SLICE_CHARS);
    let view = |page: u32, page_count: u32, index: &SparseIndex| {
        let start = index.start_of(&layout, page)?;
        let end = index.end_of(&layout, page)?;
        Some(ReadingView {
            layout: &layout,
            fonts: &fonts,
            start,
            end,
            text_area: area,
            status_area: PROFILE.status_area(ORIENTATION),
            title: rendition.title(),
            page: page as usize + 1,
            page_count: page_count as usize,
            bookmarked: false,
        })
    };
    let first = view(0, index.total().unwrap_or(0), &index).ok_or(WorkloadError::LostPage(0))?;
    draw(&first, &mut framebuffer);
    timer.end(Section::Open);

    let page_count = loop {
        if let Some(total) = index.total() {
            break total;
        }
        timer.begin(Section::Count);
        index.step(&layout, WORK_SLICE_CHARS);
        timer.end(Section::Count);
    };

    let mut hash = Fnv1a::new();
    let mut glyphs = 0u32;
    for page in 0..page_count {
        timer.begin(Section::PageTurn);
        let view = view(page, page_count, &index);
        if let Some(view) = &view {
            draw(view, &mut framebuffer);
        }
        timer.end(Section::PageTurn);
        let view = view.ok_or(WorkloadError::LostPage(page))?;
        hash.write(&view.start.block.to_le_bytes());
        hash.write(&view.start.offset.to_le_bytes());
        hash.write(framebuffer.as_bytes());
        let mut counter = GlyphCounter(0);
        layout.lay_out_page_to(view.start, view.end, &mut counter);
        glyphs += counter.0;
        timer.begin(Section::ReadAhead);
        let _ = index.end_of(&layout, page + 1);
        timer.end(Section::ReadAhead);
    }
    let chars = (0..rendition.block_count())
        .filter_map(|block| rendition.block(block))
        .map(|block| u32::from(block.len()))
        .sum();
    Ok(BookRun {
        book,
        reading: reading.name,
        size,
        pages: page_count,
        chars,
        glyphs,
        hash: hash.0,
    })
}

/// Draws `view` into `framebuffer`, which cannot fail (its error type is `Infallible`).
fn draw<S: moye::layout::Source>(
    view: &ReadingView<'_, '_, S>,
    framebuffer: &mut PackedFramebuffer<'_>,
) {
    match view.draw_on(framebuffer) {
        Ok(()) => {}
        Err(never) => match never {},
    }
}

/// A [`LineSink`] that counts the glyphs laid out.
struct GlyphCounter(u32);

impl LineSink for GlyphCounter {
    fn line(&mut self, _: &LineInfo) {}

    fn glyph(&mut self, _: &PlacedGlyph) {
        self.0 += 1;
    }
}

/// Runs every book at every font size of `library` (as body size) in every reading, by size,
/// then by book, then by reading;
/// after each book, `report` gets its result and the timer.
pub fn run_library<T: PageTimer>(
    library: &Library<'_>,
    buffer: &mut [u8],
    timer: &mut T,
    mut report: impl FnMut(&BookRun, &mut T),
) -> Result<(), WorkloadError> {
    for font in library.fonts() {
        for book in 0..library.book_count() {
            for reading in READINGS {
                let run = run_book(library, book, font.size(), reading, buffer, timer)?;
                report(&run, timer);
            }
        }
    }
    Ok(())
}
