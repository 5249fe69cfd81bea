//! The list screens — library, table of contents, bookmarks — and their rows, which the
//! renderer fetches one at a time for the rows it shows.

use super::books::{Books, Progress};
use super::menu::step;
use super::reading::page_holding;
use super::screen::{BookmarkRow, ContentsRow, LibraryRow, Redraw, Update};
use super::state::{Origin, Ui, View};
use super::{Button, Input, Press};
use crate::persist::Bookmark;
use crate::Position;

impl Ui {
    /// The library: Prev/Next move, Select opens the book, long Select opens the menu, Back
    /// returns to the open book.
    pub(super) fn on_library<B: Books>(
        &mut self,
        input: Input,
        selected: u16,
        books: &mut B,
    ) -> Update {
        match (input.button, input.press) {
            (Button::Prev | Button::Next, _) => {
                self.view = View::Library {
                    selected: step(selected, self.library_len, input),
                };
                Update::partial(Redraw::Screen)
            }
            (Button::Select, Press::Short) => {
                if selected >= self.library_len {
                    return Update::NONE;
                }
                if self.book.is_some_and(|book| book.index == selected) {
                    self.view = View::Reading;
                    return self.counted(Redraw::Screen);
                }
                if self.open_book(books, selected) {
                    self.view = View::Reading;
                    self.full(Redraw::Screen)
                } else {
                    Update::partial(Redraw::Screen)
                }
            }
            (Button::Select, Press::Long) => self.open_menu(Origin::Library),
            (Button::Back, _) => {
                if self.book.is_none() {
                    return Update::NONE;
                }
                self.view = View::Reading;
                self.counted(Redraw::Screen)
            }
        }
    }

    /// Row `row` of the library screen. Its progress may need the book laid out, which the
    /// [`Books`] implementation does or looks up in [`Books::progress`].
    pub fn library_row<B: Books>(&self, row: u16, books: &mut B) -> Option<LibraryRow> {
        if row >= books.book_count() {
            return None;
        }
        let key = books.key(row)?;
        let saved = self.state.position(key);
        // Each book at its own 排版.
        let setup = self.setup_of(Some(key));
        let open = self.book.filter(|book| book.index == row);
        let progress = match open {
            Some(book) if book.setup == setup => match (book.page, book.count.total) {
                (Some(page), Some(pages)) => Some(Progress { page, pages }),
                _ => None,
            },
            _ => books.progress(row, &setup, saved.unwrap_or(Position::START)),
        };
        Some(LibraryRow {
            book: row,
            key,
            progress,
            started: saved.is_some(),
            open: open.is_some(),
        })
    }

    /// Opens the table of contents at the heading of the shown page. Back returns to the menu
    /// when `from_menu`, else to the page.
    pub(super) fn open_contents<B: Books>(&mut self, books: &B, from_menu: bool) -> Update {
        if self.book.is_none() {
            return Update::NONE;
        }
        self.back_to_menu = from_menu;
        self.view = View::Contents {
            selected: self.current_heading(books).unwrap_or(0),
            len: books.heading_count(),
        };
        self.counted(Redraw::Screen)
    }

    /// Contents: Prev/Next move, Select goes to the heading, Back leaves.
    pub(super) fn on_contents<B: Books>(
        &mut self,
        input: Input,
        selected: u16,
        len: u16,
        books: &B,
    ) -> Update {
        match input.button {
            Button::Prev | Button::Next => {
                self.view = View::Contents {
                    selected: step(selected, len, input),
                    len,
                };
                Update::partial(Redraw::Screen)
            }
            Button::Select => match self.heading_at(books, selected) {
                Some((position, _)) => {
                    self.view = View::Reading;
                    self.move_to(books, position);
                    self.counted(Redraw::Screen)
                }
                None => Update::NONE,
            },
            Button::Back => self.leave_sub(),
        }
    }

    /// Row `row` of the table of contents.
    pub fn contents_row<B: Books>(&self, row: u16, books: &B) -> Option<ContentsRow> {
        let (position, page) = self.heading_at(books, row)?;
        Some(ContentsRow {
            position,
            page,
            current: self.current_heading(books) == Some(row),
        })
    }

    /// Opens the bookmarks screen from the menu.
    pub(super) fn open_bookmarks(&mut self) -> Update {
        if self.book.is_none() {
            return Update::NONE;
        }
        self.back_to_menu = true;
        self.view = View::Bookmarks { selected: 0 };
        self.counted(Redraw::Screen)
    }

    /// Bookmarks: Prev/Next move; Select on row 0 adds or removes the shown page's bookmark,
    /// on a bookmark goes there; long Select on a bookmark removes it; Back leaves.
    pub(super) fn on_bookmarks<B: Books>(
        &mut self,
        input: Input,
        selected: u16,
        books: &B,
    ) -> Update {
        let rows = self.bookmark_row_count();
        let (Some(book), Button::Select) = (self.book, input.button) else {
            return match input.button {
                Button::Prev | Button::Next => {
                    self.view = View::Bookmarks {
                        selected: step(selected, rows, input),
                    };
                    Update::partial(Redraw::Screen)
                }
                Button::Back | Button::Select => self.leave_sub(),
            };
        };
        let Some(index) = selected.checked_sub(1) else {
            return self.toggle_bookmark(books);
        };
        let Some(&position) = self.sorted_marks().get(usize::from(index)) else {
            return Update::NONE;
        };
        match input.press {
            Press::Short => {
                self.view = View::Reading;
                self.move_to(books, position);
                self.counted(Redraw::Screen)
            }
            Press::Long => {
                let mark = Bookmark {
                    book: book.key,
                    position,
                };
                self.changed |= self.state.remove_bookmark(&mark);
                self.refresh_bookmarked(books);
                self.after_bookmarks_changed()
            }
        }
    }

    /// Row `row` of the bookmarks screen.
    pub fn bookmark_row<B: Books>(&self, row: u16, books: &B) -> Option<BookmarkRow> {
        let book = self.book?;
        let Some(index) = row.checked_sub(1) else {
            return Some(if book.bookmarked {
                BookmarkRow::Remove
            } else {
                BookmarkRow::Add
            });
        };
        let position = *self.sorted_marks().get(usize::from(index))?;
        Some(BookmarkRow::Mark {
            position,
            page: page_holding(books, position),
        })
    }
}
