//! [`FakeBooks`]: a [`Books`] implementation by arithmetic, to drive the UI in tests and doc
//! examples without fonts or a layout.

use super::books::{Books, PageCount, PageSetup, Progress};
use crate::persist::{BookKey, Orientation, PageMemo, Prohibition, Rendition};
use crate::Position;

/// The panel [`FakeBooks`] pretends to lay out on, portrait, in pixels.
pub const FAKE_PANEL: (u32, u32) = (300, 400);

/// A book of [`FakeBooks`]: a key, the length of each block in characters, and which blocks
/// are headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FakeBook {
    /// The book's key.
    pub key: BookKey,
    /// Characters in each block.
    pub blocks: &'static [u16],
    /// The heading blocks, in order.
    pub headings: &'static [u16],
}

impl FakeBook {
    /// Characters in the book.
    pub fn char_count(&self) -> u32 {
        self.blocks.iter().map(|&len| u32::from(len)).sum()
    }

    /// Whether `position` lies in the book: its block exists and its offset is at most the
    /// block's length.
    pub fn contains(&self, position: Position) -> bool {
        self.blocks
            .get(usize::from(position.block))
            .is_some_and(|&len| position.offset <= len)
    }

    /// The character index of `position` in the whole book, if it lies in the book.
    fn index_of(&self, position: Position) -> Option<u32> {
        if !self.contains(position) {
            return None;
        }
        let before: u32 = self
            .blocks
            .iter()
            .take(usize::from(position.block))
            .map(|&len| u32::from(len))
            .sum();
        Some(before + u32::from(position.offset))
    }

    /// The position of character `index` of the whole book.
    fn position_of(&self, index: u32) -> Option<Position> {
        let mut rest = index;
        for (block, &len) in self.blocks.iter().enumerate() {
            if rest < u32::from(len) {
                return Some(Position::new(
                    u16::try_from(block).ok()?,
                    u16::try_from(rest).ok()?,
                ));
            }
            rest -= u32::from(len);
        }
        None
    }

    /// Pages at `per_page` characters a page.
    fn pages(&self, per_page: u32) -> u16 {
        let pages = self.char_count().div_ceil(per_page.max(1)).max(1);
        u16::try_from(pages).unwrap_or(u16::MAX)
    }
}

/// A library laid out by arithmetic: a page holds as many characters as fit on a
/// [`FAKE_PANEL`] in a square grid of the font size at the line spacing, one column fewer in
/// 繁體 or with strict prohibitions and one more with hanging punctuation, so that every
/// setting changes the page count. A font size leaving fewer than three columns cannot be laid
/// out, like a real layout whose measure is too narrow. A line is a row of the grid.
///
/// Pages are counted at once, unless [`FakeBooks::counting`] makes the count slow: then an
/// opening knows that many pages and each [`Books::work_ahead`] that many more, like a real
/// layout counting a long book in slices.
#[derive(Clone, Debug)]
pub struct FakeBooks {
    books: &'static [FakeBook],
    open: Option<Opened>,
    opens: u32,
    /// Pages counted per slice, if counting is slow.
    per_slice: Option<u16>,
}

/// The open book of [`FakeBooks`].
#[derive(Clone, Copy, Debug)]
struct Opened {
    book: u16,
    per_page: u32,
    columns: u32,
    pages: u16,
    known: u16,
    /// Pages from this one on are known from a memo's anchor.
    anchor: Option<u16>,
    fingerprint: u32,
}

impl FakeBooks {
    /// A library of `books`.
    pub const fn new(books: &'static [FakeBook]) -> Self {
        FakeBooks {
            books,
            open: None,
            opens: 0,
            per_slice: None,
        }
    }

    /// Three sample books: 30 blocks with 5 headings, 12 long blocks with 2, and a short one
    /// without headings.
    pub const fn sample() -> Self {
        FakeBooks::new(&SAMPLE)
    }

    /// The same books, counted `per_slice` pages at a time (at least one).
    pub const fn counting(mut self, per_slice: u16) -> Self {
        self.per_slice = Some(if per_slice == 0 { 1 } else { per_slice });
        self
    }

    /// The books.
    pub fn books(&self) -> &'static [FakeBook] {
        self.books
    }

    /// How many times a book was opened (laid out).
    pub fn open_count(&self) -> u32 {
        self.opens
    }

    /// The open book's index, if any.
    pub fn open_book(&self) -> Option<u16> {
        self.open.map(|open| open.book)
    }

    /// Characters per page at `setup`, or `None` when the page cannot hold a line.
    pub fn chars_per_page(setup: &PageSetup) -> Option<u32> {
        FakeBooks::grid(setup).map(|(columns, rows)| columns * rows)
    }

    /// Columns and rows of the grid at `setup`.
    fn grid(setup: &PageSetup) -> Option<(u32, u32)> {
        let (width, height) = match setup.orientation {
            Orientation::Portrait => FAKE_PANEL,
            Orientation::Landscape => (FAKE_PANEL.1, FAKE_PANEL.0),
        };
        // Columns are the lines of the panel turned a quarter.
        let (width, height) = setup.writing.layout_box(width as u16, height as u16);
        let (width, height) = (u32::from(width), u32::from(height));
        let size = u32::from(setup.font_size).max(1);
        let columns = width / size;
        let pitch = size * u32::from(setup.line_spacing_percent.max(100));
        let rows = height * 100 / pitch;
        if columns < 3 || rows < 1 {
            return None;
        }
        let narrower = u32::from(setup.rendition == Rendition::Traditional)
            + u32::from(setup.prohibition == Prohibition::Strict);
        let columns = columns + u32::from(setup.hanging_punctuation) - narrower;
        Some((columns, rows))
    }

    fn book(&self, book: u16) -> Option<&'static FakeBook> {
        self.books.get(usize::from(book))
    }

    fn opened(&self) -> Option<(&'static FakeBook, Opened)> {
        let open = self.open?;
        Some((self.book(open.book)?, open))
    }

    /// Whether page `page` of the open book is known.
    fn knows(open: &Opened, page: u16) -> bool {
        page < open.pages && (page < open.known || open.anchor.is_some_and(|a| page >= a))
    }
}

impl Opened {
    fn count(&self) -> PageCount {
        let complete = self.known >= self.pages;
        PageCount {
            known: self.known.min(self.pages),
            total: (complete || self.anchor.is_some()).then_some(self.pages),
        }
    }
}

/// Why [`FakeBooks`] could not open a book.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FakeError {
    /// No book has that index.
    NoSuchBook,
    /// The font is too large for the page.
    TooLarge,
}

impl Books for FakeBooks {
    type Error = FakeError;

    fn book_count(&self) -> u16 {
        u16::try_from(self.books.len()).unwrap_or(u16::MAX)
    }

    fn key(&self, book: u16) -> Option<BookKey> {
        Some(self.book(book)?.key)
    }

    fn open(
        &mut self,
        book: u16,
        setup: &PageSetup,
        memo: Option<PageMemo>,
    ) -> Result<PageCount, FakeError> {
        self.opens = self.opens.wrapping_add(1);
        self.open = None;
        let fake = self.book(book).ok_or(FakeError::NoSuchBook)?;
        let (columns, rows) = FakeBooks::grid(setup).ok_or(FakeError::TooLarge)?;
        let per_page = columns * rows;
        let pages = fake.pages(per_page);
        let fingerprint = fake.key ^ per_page.rotate_left(16);
        let anchor = memo
            .filter(|memo| memo.fingerprint == fingerprint && memo.pages == pages)
            .filter(|memo| memo.page < pages)
            .map(|memo| memo.page);
        let open = Opened {
            book,
            per_page,
            columns,
            pages,
            known: self.per_slice.unwrap_or(pages).min(pages),
            anchor,
            fingerprint,
        };
        self.open = Some(open);
        Ok(open.count())
    }

    fn count(&self) -> PageCount {
        self.open
            .map_or(PageCount::complete(0), |open| open.count())
    }

    fn work_ahead(&mut self, _budget_chars: u32) -> PageCount {
        let per_slice = self.per_slice.unwrap_or(u16::MAX);
        if let Some(open) = self.open.as_mut() {
            open.known = open.known.saturating_add(per_slice).min(open.pages);
        }
        self.count()
    }

    fn memo(&self, page: u16, start: Position) -> Option<PageMemo> {
        let open = self.open?;
        (open.known >= open.pages).then_some(PageMemo {
            fingerprint: open.fingerprint,
            pages: open.pages,
            page,
            start,
        })
    }

    fn page_start(&self, page: u16) -> Option<Position> {
        let (book, open) = self.opened()?;
        if !FakeBooks::knows(&open, page) {
            return None;
        }
        book.position_of(u32::from(page) * open.per_page)
    }

    fn page_of(&self, position: Position) -> Option<u16> {
        let (book, open) = self.opened()?;
        let page = book.index_of(position)? / open.per_page;
        let page = u16::try_from(page).unwrap_or(u16::MAX).min(open.pages - 1);
        FakeBooks::knows(&open, page).then_some(page)
    }

    fn contains(&self, position: Position) -> bool {
        self.opened()
            .is_some_and(|(book, _)| book.contains(position))
    }

    fn line_start(&self, position: Position) -> Option<Position> {
        let (book, open) = self.opened()?;
        let index = book.index_of(position)?;
        let index = index.min(book.char_count().saturating_sub(1));
        book.position_of(index - index % open.columns)
    }

    fn page_after(&self, start: Position) -> Option<Position> {
        let (book, open) = self.opened()?;
        book.position_of(book.index_of(start)? + open.per_page)
    }

    fn page_before(&self, start: Position) -> Option<Position> {
        let (book, open) = self.opened()?;
        let index = book.index_of(start)?;
        if index == 0 {
            return None;
        }
        book.position_of(index.saturating_sub(open.per_page))
    }

    fn percent_at(&self, position: Position) -> u8 {
        let Some((book, _)) = self.opened() else {
            return 0;
        };
        let index = book.index_of(position).unwrap_or(0);
        let percent = u64::from(index) * 100 / u64::from(book.char_count().max(1));
        u8::try_from(percent).unwrap_or(100)
    }

    fn position_at(&self, percent: u8) -> Position {
        let Some((book, _)) = self.opened() else {
            return Position::START;
        };
        let chars = u64::from(book.char_count());
        let index = (chars * u64::from(percent.min(100))).div_ceil(100);
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        book.position_of(index.min(book.char_count().saturating_sub(1)))
            .unwrap_or(Position::START)
    }

    fn heading_count(&self) -> u16 {
        let count = self.opened().map_or(0, |(book, _)| book.headings.len());
        u16::try_from(count).unwrap_or(u16::MAX)
    }

    fn heading(&self, index: u16) -> Option<Position> {
        let (book, _) = self.opened()?;
        let block = *book.headings.get(usize::from(index))?;
        Some(Position::new(block, 0))
    }

    fn progress(&mut self, book: u16, setup: &PageSetup, position: Position) -> Option<Progress> {
        let fake = self.book(book)?;
        let per_page = FakeBooks::chars_per_page(setup)?;
        let pages = fake.pages(per_page);
        let page = fake.index_of(position).map_or(0, |index| index / per_page);
        let page = u16::try_from(page).unwrap_or(u16::MAX).min(pages - 1);
        Some(Progress { page, pages })
    }

    fn about_page_count(&self, setup: &PageSetup) -> u16 {
        match setup.orientation {
            Orientation::Portrait => 3,
            Orientation::Landscape => 4,
        }
    }
}

/// The sample library of [`FakeBooks::sample`].
static SAMPLE: [FakeBook; 3] = [
    FakeBook {
        key: 0xB00C_0001,
        blocks: &[
            9, 120, 96, 240, 180, 12, 60, 300, 150, 88, 201, 10, 130, 75, 190, 260, 44, 99, 8, 170,
            220, 135, 61, 14, 280, 110, 93, 57, 240, 166,
        ],
        headings: &[0, 5, 11, 18, 23],
    },
    FakeBook {
        key: 0xB00C_0002,
        blocks: &[
            11, 1200, 980, 1500, 760, 1320, 9, 1110, 870, 1430, 690, 1250,
        ],
        headings: &[0, 6],
    },
    FakeBook {
        key: 0xB00C_0003,
        blocks: &[40, 230, 150],
        headings: &[],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persist::Settings;

    #[test]
    fn pages_cover_the_book_and_page_of_inverts_page_start() {
        let mut books = FakeBooks::sample();
        let setup = PageSetup::new(&Settings::default(), 16);
        assert_eq!(FakeBooks::chars_per_page(&setup), Some(18 * 16));
        for index in 0..books.book_count() {
            let pages = books.open(index, &setup, None).unwrap().known;
            let book = books.books()[usize::from(index)];
            assert_eq!(u32::from(pages), book.char_count().div_ceil(18 * 16));
            for page in 0..pages {
                let start = books.page_start(page).unwrap();
                assert!(book.contains(start));
                assert_eq!(books.page_of(start), Some(page));
            }
            assert_eq!(books.page_start(pages), None);
            let end = Position::new(book.blocks.len() as u16 - 1, *book.blocks.last().unwrap());
            assert_eq!(books.page_of(end), Some(pages - 1));
            assert_eq!(books.page_of(Position::new(999, 0)), None);
        }
    }

    #[test]
    fn every_setting_changes_the_page_size_and_huge_fonts_fail() {
        let base = PageSetup::new(&Settings::default(), 20);
        let per_page = FakeBooks::chars_per_page(&base).unwrap();
        let variants = [
            PageSetup {
                font_size: 24,
                ..base
            },
            PageSetup {
                rendition: Rendition::Traditional,
                ..base
            },
            PageSetup {
                orientation: Orientation::Landscape,
                ..base
            },
            PageSetup {
                line_spacing_percent: 200,
                ..base
            },
            PageSetup {
                prohibition: Prohibition::Strict,
                ..base
            },
            PageSetup {
                hanging_punctuation: true,
                ..base
            },
        ];
        for setup in variants {
            assert_ne!(
                FakeBooks::chars_per_page(&setup),
                Some(per_page),
                "{setup:?}"
            );
        }
        let huge = PageSetup {
            font_size: 120,
            ..base
        };
        let mut books = FakeBooks::sample();
        assert_eq!(books.open(0, &huge, None), Err(FakeError::TooLarge));
        assert_eq!(books.open_book(), None);
        let wide = PageSetup {
            orientation: Orientation::Landscape,
            ..huge
        };
        assert!(books.open(0, &wide, None).is_ok());
        assert_eq!(books.open(9, &base, None), Err(FakeError::NoSuchBook));
        assert_eq!(books.open_count(), 3);
    }

    #[test]
    fn a_slow_count_knows_more_pages_each_slice_and_a_memo_anchors_at_once() {
        let mut books = FakeBooks::sample().counting(3);
        let setup = PageSetup::new(&Settings::default(), 16);
        let count = books.open(1, &setup, None).unwrap();
        assert_eq!(
            count,
            PageCount {
                known: 3,
                total: None
            }
        );
        assert_eq!(books.page_start(3), None);
        assert!(books
            .page_of(books.page_after(books.page_start(2).unwrap()).unwrap())
            .is_none());
        assert_eq!(books.memo(0, Position::START), None);
        while books.count().total.is_none() {
            books.work_ahead(100);
        }
        let pages = books.count().known;
        let start = books.page_start(20).unwrap();
        let memo = books.memo(20, start).unwrap();
        assert_eq!(memo.pages, pages);
        let count = books.open(1, &setup, Some(memo)).unwrap();
        assert_eq!(count.total, Some(pages));
        assert_eq!(books.page_of(start), Some(20));
        assert_eq!(books.page_start(10), None, "not counted yet");
        let other = PageSetup::new(&Settings::default(), 20);
        assert_eq!(books.open(1, &other, Some(memo)).unwrap().total, None);
    }
}
