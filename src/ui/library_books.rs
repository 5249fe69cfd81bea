//! [`LibraryBooks`]: the UI's [`Books`] over real library blobs, their fonts and the layout.
//!
//! A device reads its built-in library, and may read more beside it ([`LibraryBooks::with`]: a
//! library file the user supplied, checked by [`Library::parse`]); their books are numbered
//! one after the other, and each book is set in its own library's glyphs.
//!
//! The simulator and the boards both read through this type, so what the UI computes (page
//! counts, the page of a position, headings) is exactly what the renderer draws. It owns no
//! heap memory: the page index of the open book lives in a buffer the caller lends
//! ([`LibraryBooks::new`]), sized for the longest book the device will open.

use core::fmt;

use super::about::AboutLayout;
use super::books::{Books, PageSetup, Progress};
use crate::format::{Book, Library, Rendition, Script, Text};
use crate::glyphs::{FontSet, GlyphForms};
use crate::layout::{Layout, LayoutError, LayoutParams, PageIndex};
use crate::persist::{self, BookKey};
use crate::profile::Profile;
use crate::Position;

/// Library-screen answers kept, so redrawing the list does not paginate every book again.
const PROGRESS_CACHE: usize = 8;

/// Libraries read at once: the built-in one and a few beside it.
pub const MAX_LIBRARIES: usize = 4;

/// Why a book could not be opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenError {
    /// No book has this index.
    NoSuchBook(u16),
    /// The library has no font of this size.
    NoFont(u8),
    /// The layout refused the page (too small for the font) or the page index buffer is too
    /// small for the book.
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
    pages: usize,
    end: Position,
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
/// use moye::ui::{Books, Button, Config, Input, LibraryBooks, Ui};
/// use moye::Position;
///
/// let library = Library::builtin()?;
/// let mut starts = [Position::START; 512];
/// let mut books = LibraryBooks::new(library, PICO_EPD42, &mut starts);
/// let config = Config::try_new(PICO_EPD42.body_sizes)?;
/// let mut ui = Ui::new(State::default(), config, &mut books, 0);
/// let _ = ui.handle(Input::short(Button::Select), &mut books, 10); // open the first book
/// let view = ui.reading().expect("the first book opens");
/// assert!(view.pages > 1);
/// let (start, end) = books.page_bounds(view.page).expect("the page exists");
/// assert!(start < end);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct LibraryBooks<'a, 'buf> {
    /// The device's own library, whose glyphs set the menus; also `libraries[0]`.
    home: Library<'a>,
    /// Every library read, the device's own first.
    libraries: heapless::Vec<Library<'a>, MAX_LIBRARIES>,
    profile: Profile,
    starts: &'buf mut [Position],
    open: Option<Opened<'a>>,
    remembered: [Option<Remembered>; PROGRESS_CACHE],
    /// The slot of `remembered` the next new answer goes to (round robin).
    next_slot: usize,
}

impl<'a, 'buf> LibraryBooks<'a, 'buf> {
    /// The books of `library` on a device of `profile`, with room for `starts.len()` pages in
    /// the open book's page index.
    pub fn new(library: Library<'a>, profile: Profile, starts: &'buf mut [Position]) -> Self {
        let mut libraries = heapless::Vec::new();
        // The first push into an empty vector always fits.
        let _ = libraries.push(library);
        LibraryBooks {
            home: library,
            libraries,
            profile,
            starts,
            open: None,
            remembered: [None; PROGRESS_CACHE],
            next_slot: 0,
        }
    }

    /// The same books with `library`'s after them, or `Err(library)` when
    /// [`MAX_LIBRARIES`] are read already. Closes the open book.
    pub fn with(mut self, library: Library<'a>) -> Result<Self, Library<'a>> {
        self.libraries.push(library)?;
        self.open = None;
        self.remembered = [None; PROGRESS_CACHE];
        Ok(self)
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
    /// book's end).
    pub fn page_bounds(&self, page: u16) -> Option<(Position, Position)> {
        let open = self.open.as_ref()?;
        let starts = self.starts.get(..open.pages)?;
        let page = usize::from(page);
        let start = *starts.get(page)?;
        let end = starts.get(page + 1).copied().unwrap_or(open.end);
        Some((start, end))
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
            .with_forms(GlyphForms::new(traditional, setup.punctuation));
        let area = self.profile.text_area(setup.orientation);
        let params = LayoutParams {
            line_spacing: setup.line_spacing_percent,
            prohibition: setup.prohibition,
            hanging_punctuation: setup.hanging_punctuation,
            ..LayoutParams::new(clamp_u16(area.size.width), clamp_u16(area.size.height))
        };
        Ok((rendition, fonts, params))
    }

    /// Book `book`'s place at `setup`, by laying it out page by page without keeping the
    /// starts: the page count, and the last page starting at or before `position`.
    fn measure(&self, book: u16, setup: &PageSetup, position: Position) -> Option<Progress> {
        let (rendition, fonts, params) = self.prepare(book, setup).ok()?;
        let layout = Layout::try_new(&rendition, &fonts, params).ok()?;
        let end = layout.end();
        let (mut start, mut pages, mut page) = (layout.start(), 0u16, 0u16);
        while start < end {
            if start <= position {
                page = pages;
            }
            pages = pages.checked_add(1)?;
            start = layout.measure_page(start).end;
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

    fn open(&mut self, book: u16, setup: &PageSetup) -> Result<u16, OpenError> {
        if let Some(open) = &self.open {
            if open.book == book && open.setup == *setup {
                return Ok(clamp_u16(open.pages).max(1));
            }
        }
        self.open = None;
        let (rendition, fonts, params) = self.prepare(book, setup)?;
        let layout = Layout::try_new(&rendition, &fonts, params)?;
        let capacity = self.starts.len().min(usize::from(u16::MAX));
        let buffer = self.starts.get_mut(..capacity).unwrap_or_default();
        let index = PageIndex::build(&layout, buffer)?;
        let (pages, end) = (index.len(), layout.end());
        self.open = Some(Opened {
            book,
            setup: *setup,
            rendition,
            fonts,
            params,
            pages,
            end,
        });
        Ok(clamp_u16(pages).max(1))
    }

    fn page_start(&self, page: u16) -> Option<Position> {
        let open = self.open.as_ref()?;
        if open.pages == 0 {
            // A book without text still shows one (empty) page.
            return (page == 0).then_some(Position::START);
        }
        self.page_bounds(page).map(|(start, _)| start)
    }

    fn page_of(&self, position: Position) -> Option<u16> {
        let open = self.open.as_ref()?;
        let block = open.rendition.block(position.block)?;
        if position.offset > block.len() {
            return None;
        }
        let starts = self.starts.get(..open.pages)?;
        let page = starts
            .partition_point(|&start| start <= position)
            .saturating_sub(1);
        Some(clamp_u16(page))
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
            let pages = self.open.as_ref().map_or(1, |open| clamp_u16(open.pages));
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

/// `value` as a `u16`, saturating.
fn clamp_u16<T: TryInto<u16>>(value: T) -> u16 {
    value.try_into().unwrap_or(u16::MAX)
}
