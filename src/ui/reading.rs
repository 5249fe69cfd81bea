//! The reading view and what acts on the open book: page turns, heading jumps, bookmarks and
//! going to a percentage.

use heapless::Vec;

use super::books::{first_page_from, last_page_up_to, percent_of, Books};
use super::screen::{GoToView, ReadingView, Redraw, Update};
use super::state::{Origin, Ui, View};
use super::{Button, Input, Press};
use crate::persist::{Bookmark, MAX_BOOKMARKS};
use crate::Position;

/// How far a long Prev/Next moves the go-to percentage.
const PERCENT_JUMP: u8 = 10;

/// Where `position` lands in the open book of `pages` pages: the position itself and its page
/// when the book holds it; else the start of its block (a rendition with a shorter block);
/// else the last page's start (a block past the end).
pub(super) fn locate<B: Books>(books: &B, position: Position, pages: u16) -> (Position, u16) {
    let last = pages.saturating_sub(1);
    if let Some(page) = books.page_of(position) {
        return (position, page.min(last));
    }
    let block_start = Position::new(position.block, 0);
    if let Some(page) = books.page_of(block_start) {
        return (block_start, page.min(last));
    }
    let end = books.page_start(last).unwrap_or(Position::START);
    (end, last)
}

/// The page of the open book that shows `position`, as [`locate`] finds it.
pub(super) fn page_holding<B: Books>(books: &B, position: Position, pages: u16) -> u16 {
    locate(books, position, pages).1
}

impl Ui {
    /// Reading: Prev/Next turn the page, long Prev/Next go to the previous/next heading,
    /// Select opens the menu, long Select toggles the bookmark, Back shows the library.
    pub(super) fn on_reading<B: Books>(&mut self, input: Input, books: &mut B) -> Update {
        match (input.button, input.press) {
            (Button::Next, Press::Short) => self.turn(books, true),
            (Button::Prev, Press::Short) => self.turn(books, false),
            (Button::Next, Press::Long) => self.next_heading(books),
            (Button::Prev, Press::Long) => self.previous_heading(books),
            (Button::Select, Press::Short) => self.open_menu(Origin::Reading),
            (Button::Select, Press::Long) => self.toggle_bookmark(books),
            (Button::Back, _) => self.show_library(),
        }
    }

    /// The reading view of the open book, whatever screen is up.
    pub fn reading(&self) -> Option<ReadingView> {
        let book = self.book?;
        Some(ReadingView {
            book: book.index,
            key: book.key,
            page: book.page,
            pages: book.pages,
            position: self.position()?,
            bookmarked: book.bookmarked,
        })
    }

    /// One page on or back; nothing at either end of the book.
    fn turn<B: Books>(&mut self, books: &B, forward: bool) -> Update {
        let Some(book) = self.book else {
            return Update::NONE;
        };
        let target = if forward {
            book.page.saturating_add(1)
        } else {
            book.page.saturating_sub(1)
        };
        if target == book.page || target >= book.pages {
            return Update::NONE;
        }
        match books.page_start(target) {
            Some(start) => self.turn_to(books, start),
            None => Update::NONE,
        }
    }

    /// Moves the reader to `position` in the open book; returns whether the page changed.
    pub(super) fn move_to<B: Books>(&mut self, books: &B, position: Position) -> bool {
        let Some(book) = self.book.as_mut() else {
            return false;
        };
        let (position, page) = locate(books, position, book.pages);
        let moved = page != book.page;
        book.page = page;
        let key = book.key;
        self.remember(key, position);
        self.refresh_bookmarked(books);
        moved
    }

    /// Moves the reader to `position` and redraws the page if it changed (a counted refresh).
    fn turn_to<B: Books>(&mut self, books: &B, position: Position) -> Update {
        if self.move_to(books, position) {
            self.counted(Redraw::Page)
        } else {
            Update::NONE
        }
    }

    /// Heading `index` of the open book and the page holding it.
    pub(super) fn heading_at<B: Books>(&self, books: &B, index: u16) -> Option<(Position, u16)> {
        let pages = self.book?.pages;
        let position = books.heading(index)?;
        Some(locate(books, position, pages))
    }

    /// The index of the heading whose section the shown page lies in: the last one starting
    /// on or before it.
    pub(super) fn current_heading<B: Books>(&self, books: &B) -> Option<u16> {
        let page = self.book?.page;
        (0..books.heading_count())
            .take_while(|&index| {
                self.heading_at(books, index)
                    .is_some_and(|(_, start)| start <= page)
            })
            .last()
    }

    /// The first heading on a later page, or the last page when there is none.
    fn next_heading<B: Books>(&mut self, books: &B) -> Update {
        let Some(book) = self.book else {
            return Update::NONE;
        };
        let next = (0..books.heading_count())
            .filter_map(|index| self.heading_at(books, index))
            .find(|&(_, page)| page > book.page);
        let target = match next {
            Some((position, _)) => Some(position),
            None => books.page_start(book.pages.saturating_sub(1)),
        };
        match target {
            Some(position) => self.turn_to(books, position),
            None => Update::NONE,
        }
    }

    /// The last heading on an earlier page, or the first page when there is none.
    fn previous_heading<B: Books>(&mut self, books: &B) -> Update {
        let Some(book) = self.book else {
            return Update::NONE;
        };
        let previous = (0..books.heading_count())
            .filter_map(|index| self.heading_at(books, index))
            .filter(|&(_, page)| page < book.page)
            .last();
        let target = match previous {
            Some((position, _)) => Some(position),
            None => books.page_start(0),
        };
        match target {
            Some(position) => self.turn_to(books, position),
            None => Update::NONE,
        }
    }

    /// Works out whether a bookmark lies on the shown page.
    pub(super) fn refresh_bookmarked<B: Books>(&mut self, books: &B) {
        let Some(book) = self.book else {
            return;
        };
        let bookmarked = self
            .state
            .bookmarks_of(book.key)
            .any(|position| page_holding(books, position, book.pages) == book.page);
        if let Some(open) = self.book.as_mut() {
            open.bookmarked = bookmarked;
        }
    }

    /// Removes the bookmarks of the shown page, or, when it has none, bookmarks the reader's
    /// position (or says that all bookmarks are in use).
    pub(super) fn toggle_bookmark<B: Books>(&mut self, books: &B) -> Update {
        let (Some(book), Some(position)) = (self.book, self.position()) else {
            return Update::NONE;
        };
        if book.bookmarked {
            self.state.bookmarks.retain(|mark| {
                mark.book != book.key || page_holding(books, mark.position, book.pages) != book.page
            });
            self.changed = true;
        } else {
            let mark = Bookmark {
                book: book.key,
                position,
            };
            match self.state.add_bookmark(mark) {
                Ok(()) => self.changed = true,
                Err(_) => self.notice = Some(super::Notice::BookmarksFull),
            }
        }
        self.refresh_bookmarked(books);
        self.after_bookmarks_changed()
    }

    /// What to redraw after the bookmarks changed: the status line on the page, the list on
    /// the bookmarks screen (with its highlight kept in range).
    pub(super) fn after_bookmarks_changed(&mut self) -> Update {
        let rows = self.bookmark_row_count();
        match &mut self.view {
            View::Reading => Update::partial(Redraw::Status),
            View::Bookmarks { selected } => {
                *selected = (*selected).min(rows.saturating_sub(1));
                Update::partial(Redraw::Screen)
            }
            _ => Update::NONE,
        }
    }

    /// The open book's bookmarks in book order.
    pub(super) fn sorted_marks(&self) -> Vec<Position, MAX_BOOKMARKS> {
        let mut marks: Vec<Position, MAX_BOOKMARKS> = match self.book {
            Some(book) => self.state.bookmarks_of(book.key).collect(),
            None => Vec::new(),
        };
        marks.sort_unstable();
        marks
    }

    /// Rows of the bookmarks screen: the add/remove row and one per bookmark.
    pub(super) fn bookmark_row_count(&self) -> u16 {
        let marks = match self.book {
            Some(book) => self.state.bookmarks_of(book.key).count(),
            None => 0,
        };
        u16::try_from(marks).unwrap_or(u16::MAX).saturating_add(1)
    }

    /// Opens the go-to screen at the shown page.
    pub(super) fn open_go_to(&mut self) -> Update {
        let Some(book) = self.book else {
            return Update::NONE;
        };
        self.view = View::GoTo {
            percent: percent_of(book.page, book.pages),
            page: book.page,
        };
        self.counted(Redraw::Screen)
    }

    /// Go to: Prev/Next move to the nearest page whose percentage differs by at least 1 (long:
    /// 10), so the screen always shows the percentage the status line will show there; Select
    /// goes there, Back leaves.
    pub(super) fn on_go_to<B: Books>(
        &mut self,
        input: Input,
        percent: u8,
        page: u16,
        books: &B,
    ) -> Update {
        let Some(book) = self.book else {
            return self.leave_sub();
        };
        let step = match input.press {
            Press::Short => 1,
            Press::Long => PERCENT_JUMP,
        };
        let next = match input.button {
            Button::Next => first_page_from(percent.saturating_add(step).min(100), book.pages),
            Button::Prev => last_page_up_to(percent.saturating_sub(step), book.pages),
            Button::Select => {
                self.view = View::Reading;
                if page != book.page {
                    if let Some(start) = books.page_start(page) {
                        self.move_to(books, start);
                    }
                }
                return self.counted(Redraw::Screen);
            }
            Button::Back => return self.leave_sub(),
        };
        // At either end of the book the press changes nothing.
        let moves_on = match input.button {
            Button::Next => next > page,
            _ => next < page,
        };
        if !moves_on {
            return Update::NONE;
        }
        self.view = View::GoTo {
            percent: percent_of(next, book.pages),
            page: next,
        };
        Update::partial(Redraw::Screen)
    }

    /// The go-to screen's data.
    pub(super) fn go_to_view(&self, percent: u8, page: u16) -> Option<GoToView> {
        Some(GoToView {
            percent,
            page,
            pages: self.book?.pages,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persist::Settings;
    use crate::ui::{FakeBooks, PageSetup};

    #[test]
    fn locate_falls_back_to_the_block_start_then_the_last_page() {
        let mut books = FakeBooks::sample();
        let pages = books
            .open(0, &PageSetup::new(&Settings::default(), 16))
            .unwrap();
        let inside = Position::new(7, 100);
        assert_eq!(
            locate(&books, inside, pages),
            (inside, books.page_of(inside).unwrap())
        );
        let past_block = Position::new(7, 301);
        let block_start = Position::new(7, 0);
        assert_eq!(
            locate(&books, past_block, pages),
            (block_start, books.page_of(block_start).unwrap())
        );
        let past_book = Position::new(30, 0);
        let last = books.page_start(pages - 1).unwrap();
        assert_eq!(locate(&books, past_book, pages), (last, pages - 1));
        // A page count lower than the books' answer clamps the page.
        assert_eq!(locate(&books, past_book, 1).1, 0);
    }
}
