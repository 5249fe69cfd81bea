//! The workload the QEMU harness runs on the emulated MCU and the host test `tests/qemu_hash.rs`
//! runs again on the host: the same code, included by both (the test with `#[path]`), so the
//! two must print the same [`BookRun`] lines.
//!
//! For each book of the library (its 简体 rendition) and each font of the blob: turn every page
//! of the book, drawing it into a packed framebuffer of the `pico-epd42` portrait panel, and
//! hash each page's start position and framebuffer into one FNV-1a sum.
//!
//! # PLACEHOLDER layout
//!
//! [`turn_page`] is a stand-in for the real pagination and page rendering of
//! [`moye::layout`]: it sets every character of a block on the grid of its advance, wraps
//! naively at the content box's right edge, starts each block on a new line and ends the page
//! when the next line would cross the bottom margin. No line-breaking rules, no indents, no
//! justification. The real flow plugs in here, in this file only:
//!
//! 1. before the page loop of [`run_book`], build the book's page index (`PageIndex::build`
//!    into a caller-owned array of page starts) between `timer.begin(Section::Paginate)` and
//!    `timer.end(Section::Paginate)`, so the harness prints the pagination time apart;
//! 2. replace the body of [`turn_page`] by clearing the framebuffer and laying out and drawing
//!    the page from its start (`Layout::lay_out_page` with a sink that blits into the
//!    framebuffer), taking the next start from the index instead of from the pen.
//!
//! The hash then covers the real page starts and pages, on the MCU and on the host alike.

use core::fmt;

use embedded_graphics::pixelcolor::BinaryColor;
use embedded_graphics::prelude::{Point, Size};
use moye::format::{Font, Library, Rendition, Script};
use moye::render::PackedFramebuffer;
use moye::Position;

/// The `pico-epd42` panel in portrait: 300 × 400 pixels.
pub const PANEL: Size = Size::new(300, 400);

/// Bytes of the packed framebuffer for [`PANEL`]: 38 × 400 = 15,200.
pub const FRAMEBUFFER_LEN: usize = PackedFramebuffer::buffer_len(PANEL.width, PANEL.height);

/// Margin on all four sides of the content box, in pixels (placeholder value).
pub const MARGIN: i32 = 12;

/// The rendition every book is read in.
pub const SCRIPT: Script = Script::Simplified;

/// What a measured section of the workload does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Computing a book's page index when it opens (not done by the placeholder).
    Paginate,
    /// One page turn: layout and rendering of one page into the framebuffer.
    PageTurn,
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
    /// The framebuffer is smaller than [`FRAMEBUFFER_LEN`].
    Framebuffer,
    /// Not even one line of this font fits the content box.
    FontTooLarge(u8),
    /// A page turn made no progress at this position (a layout bug).
    Stuck(Position),
}

impl fmt::Display for WorkloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoBook(index) => write!(f, "no book {index}"),
            Self::Framebuffer => write!(f, "framebuffer smaller than {FRAMEBUFFER_LEN} bytes"),
            Self::FontTooLarge(size) => write!(f, "a {size} px line does not fit the page"),
            Self::Stuck(at) => write!(f, "no progress at block {} offset {}", at.block, at.offset),
        }
    }
}

/// What one book at one size gave: the line both sides print and compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookRun {
    /// Index of the book in the library.
    pub book: u16,
    /// Font size in pixels.
    pub size: u8,
    /// Pages turned.
    pub pages: u32,
    /// Glyphs drawn on all pages (not part of the compared line).
    pub glyphs: u32,
    /// FNV-1a (64-bit) over every page's start (block, offset; little-endian u16s) followed by
    /// its framebuffer bytes, page after page.
    pub hash: u64,
}

impl fmt::Display for BookRun {
    /// `HASH size=16 book=0 pages=123 hash=0123456789abcdef`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HASH size={} book={} pages={} hash={:016x}",
            self.size, self.book, self.pages, self.hash
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

/// Turns every page of book `book` at `font`'s size in `buffer` (at least
/// [`FRAMEBUFFER_LEN`] bytes), with `timer` around each page turn.
pub fn run_book(
    library: &Library<'_>,
    book: u16,
    font: Font<'_>,
    buffer: &mut [u8],
    timer: &mut impl PageTimer,
) -> Result<BookRun, WorkloadError> {
    let rendition = library
        .book(book)
        .ok_or(WorkloadError::NoBook(book))?
        .rendition(SCRIPT);
    let mut framebuffer =
        PackedFramebuffer::new(buffer, PANEL).map_err(|_| WorkloadError::Framebuffer)?;
    let mut hash = Fnv1a::new();
    let (mut pages, mut glyphs) = (0u32, 0u32);
    let mut start = Position::START;
    loop {
        timer.begin(Section::PageTurn);
        let page = turn_page(&rendition, font, start, &mut framebuffer);
        timer.end(Section::PageTurn);
        let page = page?;
        hash.write(&start.block.to_le_bytes());
        hash.write(&start.offset.to_le_bytes());
        hash.write(framebuffer.as_bytes());
        pages += 1;
        glyphs += page.glyphs;
        match page.next {
            Some(next) if next > start => start = next,
            Some(_) => return Err(WorkloadError::Stuck(start)),
            None => break,
        }
    }
    Ok(BookRun {
        book,
        size: font.size(),
        pages,
        glyphs,
        hash: hash.0,
    })
}

/// What drawing one page gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    /// The next page's start, or `None` after the book's last page.
    pub next: Option<Position>,
    /// Glyphs drawn.
    pub glyphs: u32,
}

/// PLACEHOLDER for the real layout (see the module docs): clears `framebuffer` and draws the
/// page that starts at `start`.
pub fn turn_page(
    rendition: &Rendition<'_>,
    font: Font<'_>,
    start: Position,
    framebuffer: &mut PackedFramebuffer<'_>,
) -> Result<Page, WorkloadError> {
    framebuffer.clear(BinaryColor::Off);
    let (ascent, descent) = (i32::from(font.ascent()), i32::from(font.descent()));
    let line_height = ascent + descent;
    let (left, right) = (MARGIN, PANEL.width as i32 - MARGIN);
    let bottom = PANEL.height as i32 - MARGIN;
    let mut baseline = MARGIN + ascent;
    if baseline + descent > bottom {
        return Err(WorkloadError::FontTooLarge(font.size()));
    }
    let blocks = rendition.block_count();
    let mut glyphs = 0;
    for index in start.block..blocks {
        let Some(block) = rendition.block(index) else {
            continue;
        };
        let skip = if index == start.block {
            start.offset
        } else {
            0
        };
        let mut x = left;
        for (offset, id) in (0u16..).zip(block.text().ids()).skip(usize::from(skip)) {
            let advance = i32::from(font.advance(id));
            if x + advance > right && x > left {
                x = left;
                baseline += line_height;
                if baseline + descent > bottom {
                    let next = Some(Position::new(index, offset));
                    return Ok(Page { next, glyphs });
                }
            }
            if let Some(glyph) = font.glyph(id) {
                framebuffer.blit_glyph(&glyph, Point::new(x, baseline), BinaryColor::On);
                glyphs += 1;
            }
            x += advance;
        }
        // Each block ends its line; the next one starts a new line, on this page if it fits.
        baseline += line_height;
        if baseline + descent > bottom {
            let next = (index + 1 < blocks).then(|| Position::new(index + 1, 0));
            return Ok(Page { next, glyphs });
        }
    }
    Ok(Page { next: None, glyphs })
}

/// Runs every book at every font of `library`, by size, then by book; after each book,
/// `report` gets its result and the timer.
pub fn run_library<T: PageTimer>(
    library: &Library<'_>,
    buffer: &mut [u8],
    timer: &mut T,
    mut report: impl FnMut(&BookRun, &mut T),
) -> Result<(), WorkloadError> {
    for font in library.fonts() {
        for book in 0..library.book_count() {
            let run = run_book(library, book, font, buffer, timer)?;
            report(&run, timer);
        }
    }
    Ok(())
}
