//! [`LibraryBooks`]: the UI's [`Books`] over real library blobs, their fonts and the layout.
//!
//! A device reads its built-in library, and may read more beside it ([`LibraryBooks::with`]: a
//! library file the user supplied, checked by [`Library::parse`]); their books are numbered
//! one after the other, and each book is set in its own library's glyphs.
//!
//! The simulator and the boards both read through this type, so what the UI computes (page
//! counts, the page of a position, headings) is exactly what the renderer draws. It owns no
//! heap memory: the page index of the open book is a [`SparseIndex`] the caller lends
//! ([`LibraryBooks::new`]), of fixed size (≈ 5.7 KiB) whatever the book's length. Opening a
//! book counts a short slice ([`OPEN_SLICE_CHARS`]) and shows the saved page; the count goes
//! on in [`Books::work_ahead`] slices, and a memo saved with the state
//! ([`PageMemo`]: the total and the reader's page, for a fingerprint of the layout) makes
//! reopening at the same settings show the page number and total at once.

use core::cell::Cell;
use core::fmt;

use super::about::AboutLayout;
use super::books::{Books, PageCount, PageSetup, Progress, OPEN_SLICE_CHARS};
use crate::format::{Book, Library, Rendition, Script, Text};
use crate::glyphs::{FontSet, GlyphForms};
use crate::layout::{Layout, LayoutError, LayoutParams, SparseIndex};
use crate::persist::{self, BookKey, PageMemo};
use crate::profile::Profile;
use crate::Position;

/// Library-screen answers kept, so redrawing the list does not paginate every book again.
const PROGRESS_CACHE: usize = 8;

/// Characters the library screen may lay out to count a book that is not open (≈ 42 ms of
/// the M0+): a longer book shows no page numbers there until it is opened and counted.
const LIBRARY_COUNT_CHARS: u32 = 8_000;

/// Changes whenever the layout engine may break lines or pages differently, so that memos
/// of an older engine's counts are ignored.
pub const LAYOUT_VERSION: u32 = 1;

/// Libraries read at once: the built-in one and a few beside it.
pub const MAX_LIBRARIES: usize = 4;

/// Why a book could not be opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenError {
    /// No book has this index.
    NoSuchBook(u16),
    /// The library has no font of this size.
    NoFont(u8),
    /// The layout refused the page (too small for the font).
    Layout(LayoutError),
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::NoSuchBook(book) => write!(f, "the library has no book {book}"),
            OpenError::NoFont(size) => write!(f, "the library has no {size} px font"),
            OpenError::Layout(error) => error.fmt(f),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for OpenError {}

impl From<LayoutError> for OpenError {
    fn from(error: LayoutError) -> Self {
        OpenError::Layout(error)
    }
}

/// The script of the text the reader chose.
pub const fn script_of(rendition: persist::Rendition) -> Script {
    match rendition {
        persist::Rendition::Simplified => Script::Simplified,
        persist::Rendition::Traditional => Script::Traditional,
        persist::Rendition::Original => Script::Original,
    }
}

/// The book open in the reading view: what it was laid out with and how many pages it has.
#[derive(Clone, Debug)]
struct Opened<'a> {
    book: u16,
    setup: PageSetup,
    rendition: Rendition<'a>,
    fonts: FontSet<'a>,
    params: LayoutParams,
    /// Characters in the book, for percentages by characters.
    chars: u32,
    /// The hash a memo of this layout carries.
    fingerprint: u32,
    /// Page ends measured from starts whose page numbers are not known yet.
    ends: Cell<MeasuredEnds>,
}

/// The ends of the last pages measured from a start without a page number (the shown page
/// and, read ahead, the next), so that showing and turning past them measures each once.
#[derive(Clone, Copy, Debug, Default)]
struct MeasuredEnds([Option<(Position, Position)>; 2]);

impl MeasuredEnds {
    fn get(&self, start: Position) -> Option<Position> {
        self.0
            .iter()
            .flatten()
            .find(|(from, _)| *from == start)
            .map(|&(_, end)| end)
    }

    fn note(&mut self, start: Position, end: Position) {
        if self.get(start).is_none() {
            self.0 = [Some((start, end)), self.0[0]];
        }
    }
}

/// A remembered answer of [`Books::progress`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Remembered {
    book: u16,
    setup: PageSetup,
    position: Position,
    progress: Progress,
}

/// The library of a device, laid out for its profile, as the UI state machine reads it.
///
/// # Example
///
/// ```
/// use moye::format::Library;
/// use moye::persist::State;
/// use moye::profile::PICO_EPD42;
/// use moye::layout::SparseIndex;
/// use moye::ui::{Books, Button, Config, Input, LibraryBooks, Ui};
///
/// let library = Library::builtin()?;
/// let mut index = SparseIndex::new();
/// let mut books = LibraryBooks::new(library, PICO_EPD42, &mut index);
/// let config = Config::try_new(PICO_EPD42.body_sizes)?;
/// let mut ui = Ui::new(State::default(), config, &mut books, 0);
/// let _ = ui.handle(Input::short(Button::Select), &mut books, 10); // open the first book
/// let view = ui.reading().expect("the first book opens");
/// assert!(view.pages > Some(1), "a short book is counted as it opens");
/// let (start, end) = books.page_bounds(view.page.unwrap()).expect("the page exists");
/// assert!(start < end);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct LibraryBooks<'a, 'buf> {
    /// The device's own library, whose glyphs set the menus; also `libraries[0]`.
    home: Library<'a>,
    /// Every library read, the device's own first.
    libraries: heapless::Vec<Library<'a>, MAX_LIBRARIES>,
    profile: Profile,
    index: &'buf mut SparseIndex,
    open: Option<Opened<'a>>,
    remembered: [Option<Remembered>; PROGRESS_CACHE],
    /// The slot of `remembered` the next new answer goes to (round robin).
    next_slot: usize,
}

impl<'a, 'buf> LibraryBooks<'a, 'buf> {
    /// The books of `library` on a device of `profile`, with `index` for the open book's
    /// pages.
    pub fn new(library: Library<'a>, profile: Profile, index: &'buf mut SparseIndex) -> Self {
        let mut libraries = heapless::Vec::new();
        // The first push into an empty vector always fits.
        let _ = libraries.push(library);
        LibraryBooks {
            home: library,
            libraries,
            profile,
            index,
            open: None,
            remembered: [None; PROGRESS_CACHE],
            next_slot: 0,
        }
    }

    /// The same books with `library`'s after them, or `Err(library)` when
    /// [`MAX_LIBRARIES`] are read already. Closes the open book.
    pub fn with(mut self, library: Library<'a>) -> Result<Self, Library<'a>> {
        self.push(library)?;
        Ok(self)
    }

    /// Adds `library`'s books after the others, or hands it back when [`MAX_LIBRARIES`] are
    /// read already. Closes the open book.
    pub fn push(&mut self, library: Library<'a>) -> Result<(), Library<'a>> {
        self.libraries.push(library)?;
        self.open = None;
        self.remembered = [None; PROGRESS_CACHE];
        Ok(())
    }

    /// The first library, the device's own: its glyphs set the menus.
    pub fn library(&self) -> &Library<'a> {
        &self.home
    }

    /// The library holding book `book`, and the book's index in it.
    pub fn locate(&self, book: u16) -> Option<(Library<'a>, u16)> {
        let mut first = 0u16;
        for library in &self.libraries {
            let count = library.book_count();
            if let Some(index) = book.checked_sub(first).filter(|&i| i < count) {
                return Some((*library, index));
            }
            first = first.checked_add(count)?;
        }
        None
    }

    /// The device it is laid out for.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Book `book` in `rendition`.
    pub fn rendition(&self, book: u16, rendition: persist::Rendition) -> Option<Rendition<'a>> {
        let (library, index) = self.locate(book)?;
        Some(library.book(index)?.rendition(script_of(rendition)))
    }

    /// The title of book `book` in `rendition`.
    pub fn title(&self, book: u16, rendition: persist::Rendition) -> Option<Text<'a>> {
        Some(self.rendition(book, rendition)?.title())
    }

    /// The library of the open book.
    pub fn open_library(&self) -> Option<&Library<'a>> {
        self.open.as_ref().map(|open| open.fonts.library())
    }

    /// The open book's index in the library.
    pub fn open_book(&self) -> Option<u16> {
        self.open.as_ref().map(|open| open.book)
    }

    /// The open book's text, in the rendition it was opened in.
    pub fn open_rendition(&self) -> Option<&Rendition<'a>> {
        self.open.as_ref().map(|open| &open.rendition)
    }

    /// The fonts the open book is set in.
    pub fn open_fonts(&self) -> Option<&FontSet<'a>> {
        self.open.as_ref().map(|open| &open.fonts)
    }

    /// The open book's layout, borrowing its text and fonts from `self`.
    pub fn layout(&self) -> Option<Layout<'_, Rendition<'a>, FontSet<'a>>> {
        let open = self.open.as_ref()?;
        Layout::try_new(&open.rendition, &open.fonts, open.params).ok()
    }

    /// Where page `page` of the open book starts and ends (the next page's start, or the
    /// book's end), when its start is known.
    pub fn page_bounds(&self, page: u16) -> Option<(Position, Position)> {
        let layout = self.layout()?;
        let page = u32::from(page);
        let start = self.index.start_of(&layout, page)?;
        let end = self.index.end_of(&layout, page)?;
        Some((start, end))
    }

    /// Where the page shown from `start` (page `page`, when its number is known) ends.
    pub fn page_end_from(&self, start: Position, page: Option<u16>) -> Option<Position> {
        let layout = self.layout()?;
        let known = page.and_then(|page| {
            let page = u32::from(page);
            (self.index.start_of(&layout, page)? == start)
                .then(|| self.index.end_of(&layout, page))?
        });
        Some(known.unwrap_or_else(|| self.measured_end(&layout, start)))
    }

    /// The end of the page laid out from `start`, measured once and remembered.
    fn measured_end(
        &self,
        layout: &Layout<'_, Rendition<'a>, FontSet<'a>>,
        start: Position,
    ) -> Position {
        let Some(open) = self.open.as_ref() else {
            return layout.measure_page(start).end;
        };
        let mut ends = open.ends.get();
        let end = ends
            .get(start)
            .unwrap_or_else(|| layout.measure_page(start).end);
        ends.note(start, end);
        open.ends.set(ends);
        end
    }

    /// The open book's page index.
    pub fn index(&self) -> &SparseIndex {
        self.index
    }

    /// The rendition, fonts and parameters of book `book` at `setup`.
    fn prepare(
        &self,
        book: u16,
        setup: &PageSetup,
    ) -> Result<(Rendition<'a>, FontSet<'a>, LayoutParams), OpenError> {
        let (library, index) = self.locate(book).ok_or(OpenError::NoSuchBook(book))?;
        let rendition = library
            .book(index)
            .map(|book: Book<'a>| book.rendition(script_of(setup.rendition)))
            .ok_or(OpenError::NoSuchBook(book))?;
        let traditional = setup.rendition == persist::Rendition::Traditional;
        let fonts = FontSet::new(library, setup.font_size)
            .ok_or(OpenError::NoFont(setup.font_size))?
            .with_forms(GlyphForms::new(traditional, setup.punctuation).written(setup.writing));
        let area = self.profile.text_area(setup.orientation);
        let (width, height) = (clamp_u16(area.size.width), clamp_u16(area.size.height));
        let (measure, depth) = setup.writing.layout_box(width, height);
        let params = LayoutParams {
            line_spacing: setup.line_spacing_percent,
            prohibition: setup.prohibition,
            hanging_punctuation: setup.hanging_punctuation,
            upright_digit_pairs: setup.writing.is_vertical() && setup.upright_digits,
            ..LayoutParams::new(measure, depth)
        };
        Ok((rendition, fonts, params))
    }

    /// Book `book`'s place at `setup`, by laying it out page by page without keeping the
    /// starts: the page count, and the last page starting at or before `position`; `None`
    /// for a book longer than [`LIBRARY_COUNT_CHARS`].
    fn measure(&self, book: u16, setup: &PageSetup, position: Position) -> Option<Progress> {
        let (rendition, fonts, params) = self.prepare(book, setup).ok()?;
        let layout = Layout::try_new(&rendition, &fonts, params).ok()?;
        let end = layout.end();
        let (mut start, mut pages, mut page) = (layout.start(), 0u16, 0u16);
        let mut chars = 0u32;
        while start < end {
            if start <= position {
                page = pages;
            }
            pages = pages.checked_add(1)?;
            let next = layout.measure_page(start).end;
            chars = chars.saturating_add(layout.chars_between(start, next));
            if chars > LIBRARY_COUNT_CHARS || next <= start {
                return None;
            }
            start = next;
        }
        Some(Progress {
            page,
            pages: pages.max(1),
        })
    }
}

impl Books for LibraryBooks<'_, '_> {
    type Error = OpenError;

    fn book_count(&self) -> u16 {
        self.libraries.iter().fold(0u16, |count, library| {
            count.saturating_add(library.book_count())
        })
    }

    fn key(&self, book: u16) -> Option<BookKey> {
        let (library, index) = self.locate(book)?;
        Some(library.book(index)?.key())
    }

    fn open(
        &mut self,
        book: u16,
        setup: &PageSetup,
        memo: Option<PageMemo>,
    ) -> Result<PageCount, OpenError> {
        if let Some(open) = &self.open {
            if open.book == book && open.setup == *setup {
                return Ok(self.count());
            }
        }
        self.open = None;
        let (rendition, fonts, params) = self.prepare(book, setup)?;
        let layout = Layout::try_new(&rendition, &fonts, params)?;
        let key = self.key(book).unwrap_or(0);
        let fingerprint = fingerprint(key, setup, &params);
        let anchored = memo
            .filter(|memo| memo.fingerprint == fingerprint)
            .is_some_and(|memo| {
                let (page, total) = (u32::from(memo.page), u32::from(memo.pages));
                self.index
                    .reset_with_anchor(&layout, page, memo.start, total)
            });
        if !anchored {
            self.index.reset(&layout);
        }
        self.index.step(&layout, OPEN_SLICE_CHARS);
        let chars = rendition.char_count();
        self.open = Some(Opened {
            book,
            setup: *setup,
            rendition,
            fonts,
            params,
            chars,
            fingerprint,
            ends: Cell::default(),
        });
        Ok(self.count())
    }

    fn count(&self) -> PageCount {
        if self.open.is_none() {
            return PageCount::complete(0);
        }
        let count = self.index.count();
        // A book without text still shows one (empty) page.
        PageCount {
            known: clamp_u16(count.known).max(1),
            total: count.total.map(|total| clamp_u16(total).max(1)),
        }
    }

    fn work_ahead(&mut self, budget_chars: u32) -> PageCount {
        if let Some(open) = self.open.as_ref() {
            if let Ok(layout) = Layout::try_new(&open.rendition, &open.fonts, open.params) {
                self.index.step(&layout, budget_chars);
            }
        }
        self.count()
    }

    fn memo(&self, page: u16, start: Position) -> Option<PageMemo> {
        let open = self.open.as_ref()?;
        if !self.index.is_complete() {
            return None;
        }
        Some(PageMemo {
            fingerprint: open.fingerprint,
            pages: clamp_u16(self.index.total()?),
            page,
            start,
        })
    }

    fn page_start(&self, page: u16) -> Option<Position> {
        let layout = self.layout()?;
        if self.index.total() == Some(0) {
            // A book without text still shows one (empty) page.
            return (page == 0).then_some(Position::START);
        }
        let page = u32::from(page);
        self.index.start_of(&layout, page).or_else(|| {
            // The page after one whose start is known: its end.
            let end = self.index.end_of(&layout, page.checked_sub(1)?)?;
            (end < layout.end()).then_some(end)
        })
    }

    fn page_of(&self, position: Position) -> Option<u16> {
        if !self.contains(position) {
            return None;
        }
        if self.index.total() == Some(0) {
            return Some(0);
        }
        let layout = self.layout()?;
        self.index.page_of(&layout, position).map(clamp_u16)
    }

    fn contains(&self, position: Position) -> bool {
        let Some(open) = self.open.as_ref() else {
            return false;
        };
        open.rendition
            .block(position.block)
            .is_some_and(|block| position.offset <= block.len())
    }

    fn line_start(&self, position: Position) -> Option<Position> {
        if !self.contains(position) {
            return None;
        }
        Some(self.layout()?.line_start(position))
    }

    fn page_after(&self, start: Position) -> Option<Position> {
        let layout = self.layout()?;
        let end = self.measured_end(&layout, start);
        (end > start && end < layout.end()).then_some(end)
    }

    fn read_ahead(&mut self, page: Option<u16>, start: Position) {
        let Some(layout) = self.layout() else {
            return;
        };
        match page {
            // The next page's end is the start of the one after it, noted in the index's
            // window where the turn will look it up.
            Some(page) => {
                let _ = self.index.end_of(&layout, u32::from(page) + 1);
            }
            None => {
                let next = self.measured_end(&layout, start);
                if next < layout.end() {
                    self.measured_end(&layout, next);
                }
            }
        }
    }

    fn page_before(&self, start: Position) -> Option<Position> {
        self.layout()?.page_before(start)
    }

    fn percent_at(&self, position: Position) -> u8 {
        let Some(open) = self.open.as_ref() else {
            return 0;
        };
        let rendition = &open.rendition;
        let before = rendition
            .block_start(position.block)
            .unwrap_or_else(|| rendition.char_count());
        let at = u64::from(before + u32::from(position.offset));
        let percent = at * 100 / u64::from(open.chars.max(1));
        u8::try_from(percent.min(100)).unwrap_or(100)
    }

    fn position_at(&self, percent: u8) -> Position {
        let Some(open) = self.open.as_ref() else {
            return Position::START;
        };
        let target = (u64::from(open.chars) * u64::from(percent.min(100))).div_ceil(100);
        // At 100 %, the last character.
        let target = u32::try_from(target)
            .unwrap_or(u32::MAX)
            .min(open.chars.saturating_sub(1));
        open.rendition
            .place_of(target)
            .map_or(Position::START, |(block, offset)| {
                Position::new(block, offset)
            })
    }

    fn heading_count(&self) -> u16 {
        self.open
            .as_ref()
            .map_or(0, |open| clamp_u16(open.rendition.toc().count()))
    }

    fn heading(&self, index: u16) -> Option<Position> {
        let open = self.open.as_ref()?;
        let block = open.rendition.toc().nth(usize::from(index))?;
        Some(Position::new(block, 0))
    }

    fn progress(&mut self, book: u16, setup: &PageSetup, position: Position) -> Option<Progress> {
        if self.open_book() == Some(book) && self.open.as_ref()?.setup == *setup {
            let pages = self.count().total.filter(|_| self.index.is_complete())?;
            let page = self.page_of(position).unwrap_or(0);
            return Some(Progress {
                page,
                pages: pages.max(1),
            });
        }
        let asked = |r: &&Remembered| r.book == book && r.setup == *setup && r.position == position;
        if let Some(known) = self.remembered.iter().flatten().find(asked) {
            return Some(known.progress);
        }
        let progress = self.measure(book, setup, position)?;
        if let Some(slot) = self.remembered.get_mut(self.next_slot) {
            *slot = Some(Remembered {
                book,
                setup: *setup,
                position,
                progress,
            });
        }
        self.next_slot = (self.next_slot + 1) % PROGRESS_CACHE;
        Some(progress)
    }

    fn about_page_count(&self, setup: &PageSetup) -> u16 {
        AboutLayout::new(&self.profile, setup.orientation).page_count()
    }
}

/// The hash of everything book `key`'s pages depend on at `setup` laid out with `params`
/// (FNV-1a): a [`PageMemo`] of another hash is ignored.
fn fingerprint(key: BookKey, setup: &PageSetup, params: &LayoutParams) -> u32 {
    let fields: [u32; 14] = [
        LAYOUT_VERSION,
        key,
        u32::from(setup.font_size),
        setup.rendition as u32,
        setup.orientation as u32,
        u32::from(setup.line_spacing_percent),
        setup.prohibition as u32,
        u32::from(setup.hanging_punctuation),
        setup.punctuation as u32,
        setup.writing as u32,
        u32::from(params.upright_digit_pairs),
        u32::from(params.width),
        u32::from(params.height),
        u32::from(params.line_spacing),
    ];
    fields
        .iter()
        .flat_map(|field| field.to_le_bytes())
        .fold(0x811C_9DC5u32, |hash, byte| {
            (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
        })
}

/// `value` as a `u16`, saturating.
fn clamp_u16<T: TryInto<u16>>(value: T) -> u16 {
    value.try_into().unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persist::Settings;
    use crate::profile::PICO_EPD42;

    #[test]
    fn a_page_without_a_number_is_read_ahead_and_each_end_measured_once() {
        let library = Library::builtin().unwrap();
        let mut index = SparseIndex::new();
        let mut books = LibraryBooks::new(library, PICO_EPD42, &mut index);
        let setup = PageSetup::new(&Settings::default(), PICO_EPD42.body_sizes[0]);
        books.open(1, &setup, None).unwrap();
        let layout = books.layout().unwrap();
        // A start the count knows no number for: the second line of a page.
        let start = layout.line_start(Position::new(3, 40));
        let end = layout.measure_page(start).end;
        let next = layout.measure_page(end).end;
        books.read_ahead(None, start);
        let ends = books.open.as_ref().unwrap().ends.get();
        assert_eq!((ends.get(start), ends.get(end)), (Some(end), Some(next)));
        assert_eq!(books.page_after(start), Some(end));
        assert_eq!(books.page_end_from(end, None), Some(next));
        // A new layout forgets them.
        let larger = PageSetup::new(&Settings::default(), PICO_EPD42.body_sizes[1]);
        books.open(1, &larger, None).unwrap();
        assert_eq!(books.open.as_ref().unwrap().ends.get().get(start), None);
    }
}
