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

/// Where the reader lands for a position: the position kept, the start of the page shown for
/// it, and that page's number when the count has reached it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Place {
    /// The reader's position: the one asked for when the book holds it; else the start of
    /// its block (a rendition with a shorter block); else the last known page's start.
    pub(super) position: Position,
    /// Where the page shown starts: the page holding the position, or — before the count
    /// has reached it — the line holding it.
    pub(super) start: Position,
    /// The page's number, when known.
    pub(super) page: Option<u16>,
}

/// Where `position` lands in the open book; see [`Place`].
pub(super) fn locate<B: Books>(books: &B, position: Position) -> Place {
    let block_start = Position::new(position.block, 0);
    let position = if books.contains(position) {
        position
    } else if books.contains(block_start) {
        block_start
    } else {
        let count = books.count();
        let last = count.total.unwrap_or(count.known).saturating_sub(1);
        let last = books
            .page_start(last)
            .map(|start| (last, start))
            .or_else(|| Some((0, books.page_start(0)?)));
        let (page, start) = last.unwrap_or((0, Position::START));
        return Place {
            position: start,
            start,
            page: Some(page),
        };
    };
    match books.page_of(position) {
        Some(page) => Place {
            position,
            start: books.page_start(page).unwrap_or(position),
            page: Some(page),
        },
        None => Place {
            position,
            start: books.line_start(position).unwrap_or(position),
            page: None,
        },
    }
}

/// The page holding `position`, when its number is known.
pub(super) fn page_holding<B: Books>(books: &B, position: Position) -> Option<u16> {
    let place = locate(books, position);
    place
        .page
        .filter(|_| place.position == position || !books.contains(position))
}

/// The place of page `page`, when its start is known.
fn place_of_page<B: Books>(books: &B, page: u16) -> Option<Place> {
    let start = books.page_start(page)?;
    Some(Place {
        position: start,
        start,
        page: Some(page),
    })
}

/// The place of a page laid out from `start`: numbered when it is a counted page's start.
fn place_from<B: Books>(books: &B, start: Position) -> Place {
    let page = books
        .page_of(start)
        .filter(|&page| books.page_start(page) == Some(start));
    Place {
        position: start,
        start,
        page,
    }
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
        let pages = book.count.total;
        let percent = match (book.page, pages) {
            (Some(page), Some(pages)) => percent_of(page, pages),
            _ => book.text_percent,
        };
        Some(ReadingView {
            book: book.index,
            key: book.key,
            page: book.page,
            pages,
            start: book.start,
            position: self.position()?,
            bookmarked: book.bookmarked,
            percent,
        })
    }

    /// Where the shown page ends: the next page's start; `None` on the book's last page.
    pub(super) fn shown_end<B: Books>(&self, books: &B) -> Option<Position> {
        let book = self.book?;
        book.page
            .and_then(|page| books.page_start(page.checked_add(1)?))
            .or_else(|| books.page_after(book.start))
    }

    /// Whether `position` lies on the shown page.
    pub(super) fn on_shown_page<B: Books>(&self, books: &B, position: Position) -> bool {
        let Some(book) = self.book else {
            return false;
        };
        let first = book.page == Some(0);
        (first || book.start <= position) && self.shown_end(books).is_none_or(|end| position < end)
    }

    /// A page shown before its number was known takes the number once the count reaches
    /// the reader's position: the page holding it, from which the next turn goes on.
    fn snap<B: Books>(&mut self, books: &B) {
        let position = self.position();
        let Some(book) = self.book.as_mut() else {
            return;
        };
        if book.page.is_some() {
            return;
        }
        let Some(page) = position.and_then(|position| books.page_of(position)) else {
            return;
        };
        if let Some(start) = books.page_start(page) {
            book.page = Some(page);
            book.start = start;
        }
    }

    /// One page on or back; nothing at either end of the book.
    fn turn<B: Books>(&mut self, books: &B, forward: bool) -> Update {
        self.snap(books);
        let Some(book) = self.book else {
            return Update::NONE;
        };
        let target = if forward {
            match book.page {
                Some(page) if book.count.total.is_some_and(|pages| page + 1 >= pages) => None,
                Some(page) => place_of_page(books, page + 1).or_else(|| {
                    let start = books.page_after(book.start)?;
                    Some(Place {
                        position: start,
                        start,
                        page: Some(page + 1),
                    })
                }),
                None => books
                    .page_after(book.start)
                    .map(|start| place_from(books, start)),
            }
        } else {
            match book.page {
                Some(0) => None,
                Some(page) => place_of_page(books, page - 1).or_else(|| {
                    let start = books.page_before(book.start)?;
                    Some(place_from(books, start))
                }),
                None => books
                    .page_before(book.start)
                    .map(|start| place_from(books, start)),
            }
        };
        match target {
            Some(place) => self.go(books, place),
            None => Update::NONE,
        }
    }

    /// Moves the reader to `place` in the open book; returns whether the page changed.
    fn place<B: Books>(&mut self, books: &B, place: Place) -> bool {
        let Some(book) = self.book.as_mut() else {
            return false;
        };
        let moved = place.start != book.start || place.page != book.page;
        book.start = place.start;
        book.page = place.page;
        book.text_percent = books.percent_at(place.position);
        let key = book.key;
        self.remember(key, place.position);
        self.save_memo(books);
        self.refresh_bookmarked(books);
        moved
    }

    /// Saves what the count found, with the shown page, once the count is complete.
    pub(super) fn save_memo<B: Books>(&mut self, books: &B) {
        let Some(book) = self.book else {
            return;
        };
        // A page shown before its number was known: the page the next turn snaps to.
        let shown = match book.page {
            Some(page) => Some((page, book.start)),
            None => self
                .position()
                .and_then(|position| books.page_of(position))
                .and_then(|page| Some((page, books.page_start(page)?))),
        };
        let Some((page, start)) = shown else {
            return;
        };
        if let Some(memo) = books.memo(page, start) {
            if self.state.memo(book.key) != Some(memo) {
                self.state.set_memo(book.key, memo);
                self.changed = true;
            }
        }
    }

    /// Moves the reader to `position` in the open book; returns whether the page changed.
    pub(super) fn move_to<B: Books>(&mut self, books: &B, position: Position) -> bool {
        let place = locate(books, position);
        self.place(books, place)
    }

    /// Moves the reader to `place` and redraws the page if it changed (a counted refresh).
    fn go<B: Books>(&mut self, books: &B, place: Place) -> Update {
        if self.place(books, place) {
            self.counted(Redraw::Page)
        } else {
            Update::NONE
        }
    }

    /// Moves the reader to `position` and redraws the page if it changed (a counted refresh).
    fn turn_to<B: Books>(&mut self, books: &B, position: Position) -> Update {
        self.go(books, locate(books, position))
    }

    /// Heading `index` of the open book and the page holding it, when known.
    pub(super) fn heading_at<B: Books>(
        &self,
        books: &B,
        index: u16,
    ) -> Option<(Position, Option<u16>)> {
        self.book?;
        let position = books.heading(index)?;
        Some((position, page_holding(books, position)))
    }

    /// The index of the heading whose section the shown page lies in: the last one starting
    /// before the page's end.
    pub(super) fn current_heading<B: Books>(&self, books: &B) -> Option<u16> {
        self.book?;
        let end = self.shown_end(books);
        (0..books.heading_count())
            .take_while(|&index| {
                books
                    .heading(index)
                    .is_some_and(|start| end.is_none_or(|end| start < end))
            })
            .last()
    }

    /// The first heading on a later page, or the last page when there is none.
    fn next_heading<B: Books>(&mut self, books: &B) -> Update {
        let Some(book) = self.book else {
            return Update::NONE;
        };
        let Some(end) = self.shown_end(books) else {
            return Update::NONE;
        };
        let next = (0..books.heading_count())
            .filter_map(|index| books.heading(index))
            .find(|&start| start >= end);
        if let Some(position) = next {
            return self.turn_to(books, position);
        }
        let last = book
            .count
            .total
            .and_then(|pages| place_of_page(books, pages.checked_sub(1)?));
        match last {
            Some(place) => self.go(books, place),
            None => Update::NONE,
        }
    }

    /// The last heading on an earlier page, or the first page when there is none.
    fn previous_heading<B: Books>(&mut self, books: &B) -> Update {
        let Some(book) = self.book else {
            return Update::NONE;
        };
        let previous = (0..books.heading_count())
            .filter_map(|index| books.heading(index))
            .filter(|&start| start < book.start)
            .last();
        match previous {
            Some(position) => self.turn_to(books, position),
            None => match place_of_page(books, 0) {
                Some(place) => self.go(books, place),
                None => Update::NONE,
            },
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
            .any(|position| self.on_shown_page(books, position));
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
            let on_page: Vec<Position, MAX_BOOKMARKS> = self
                .state
                .bookmarks_of(book.key)
                .filter(|&position| self.on_shown_page(books, position))
                .collect();
            self.state
                .bookmarks
                .retain(|mark| mark.book != book.key || !on_page.contains(&mark.position));
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

    /// The open book's page count, once every page is counted: go-to moves by pages then,
    /// by characters before.
    fn counted_pages(&self) -> Option<u16> {
        let count = self.book?.count;
        count.total.filter(|&pages| pages == count.known)
    }

    /// The go-to view for `percent` of the open book, by pages once they are counted.
    pub(super) fn go_to_at(&self, percent: u8, page: Option<u16>) -> View {
        match (self.counted_pages(), page) {
            (Some(pages), Some(page)) => View::GoTo {
                percent: percent_of(page, pages),
                page: Some(page),
            },
            (Some(pages), None) => {
                let page = first_page_from(percent, pages);
                View::GoTo {
                    percent: percent_of(page, pages),
                    page: Some(page),
                }
            }
            (None, _) => View::GoTo {
                percent: percent.min(100),
                page: None,
            },
        }
    }

    /// Opens the go-to screen at the shown page.
    pub(super) fn open_go_to(&mut self) -> Update {
        let Some(book) = self.book else {
            return Update::NONE;
        };
        self.view = self.go_to_at(book.text_percent, book.page);
        self.counted(Redraw::Screen)
    }

    /// Go to: Prev/Next move to the nearest page whose percentage differs by at least 1 (long:
    /// 10), so the screen always shows the percentage the status line will show there; Select
    /// goes there, Back leaves. Before the pages are counted it moves by percentages of the
    /// book's characters, and Select goes to the line at that percentage.
    pub(super) fn on_go_to<B: Books>(
        &mut self,
        input: Input,
        percent: u8,
        page: Option<u16>,
        books: &B,
    ) -> Update {
        let Some(book) = self.book else {
            return self.leave_sub();
        };
        let step = match input.press {
            Press::Short => 1,
            Press::Long => PERCENT_JUMP,
        };
        if let Button::Select = input.button {
            self.view = View::Reading;
            match page {
                Some(page) if Some(page) != book.page => {
                    if let Some(place) = place_of_page(books, page) {
                        self.place(books, place);
                    }
                }
                Some(_) => {}
                None => {
                    if percent != book.text_percent {
                        self.move_to(books, books.position_at(percent));
                    }
                }
            }
            return self.counted(Redraw::Screen);
        }
        if let Button::Back = input.button {
            return self.leave_sub();
        }
        let forward = input.button == Button::Next;
        let next = match (self.counted_pages(), page) {
            (Some(pages), Some(page)) => {
                let next = if forward {
                    first_page_from(percent.saturating_add(step).min(100), pages)
                } else {
                    last_page_up_to(percent.saturating_sub(step), pages)
                };
                // At either end of the book the press changes nothing.
                if (forward && next <= page) || (!forward && next >= page) {
                    return Update::NONE;
                }
                View::GoTo {
                    percent: percent_of(next, pages),
                    page: Some(next),
                }
            }
            _ => {
                let next = if forward {
                    percent.saturating_add(step).min(100)
                } else {
                    percent.saturating_sub(step)
                };
                if next == percent {
                    return Update::NONE;
                }
                View::GoTo {
                    percent: next,
                    page: None,
                }
            }
        };
        self.view = next;
        Update::partial(Redraw::Screen)
    }

    /// The go-to screen's data.
    pub(super) fn go_to_view(&self, percent: u8, page: Option<u16>) -> Option<GoToView> {
        Some(GoToView {
            percent,
            page,
            pages: page.and(self.counted_pages()),
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
            .open(0, &PageSetup::new(&Settings::default(), 16), None)
            .unwrap()
            .known;
        let inside = Position::new(7, 100);
        let place = locate(&books, inside);
        assert_eq!(
            (place.position, place.page),
            (inside, books.page_of(inside))
        );
        assert_eq!(place.start, books.page_start(place.page.unwrap()).unwrap());
        let past_block = Position::new(7, 301);
        let block_start = Position::new(7, 0);
        let place = locate(&books, past_block);
        assert_eq!(
            (place.position, place.page),
            (block_start, books.page_of(block_start))
        );
        let past_book = Position::new(30, 0);
        let last = books.page_start(pages - 1).unwrap();
        let place = locate(&books, past_book);
        assert_eq!((place.position, place.page), (last, Some(pages - 1)));
    }

    #[test]
    fn before_the_count_a_position_shows_from_its_line_without_a_number() {
        let mut books = FakeBooks::sample().counting(2);
        let setup = PageSetup::new(&Settings::default(), 16);
        books.open(1, &setup, None).unwrap();
        let deep = Position::new(9, 77);
        let place = locate(&books, deep);
        assert_eq!(place.page, None);
        assert_eq!(place.position, deep);
        assert_eq!(Some(place.start), books.line_start(deep));
        assert!(place.start <= deep);
        assert_eq!(page_holding(&books, deep), None);
    }
}
