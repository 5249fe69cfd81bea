//! The reading menu, the about screen, moving between screens, and the [`Screen`] data the
//! renderer draws.

use super::books::Books;
use super::screen::{AboutView, ListView, MenuItem, MenuView, Redraw, Screen, Update};
use super::screen::{OFL_TEXT, VERSION};
use super::state::{Origin, Ui, View};
use super::{strings, Button, Input, Press};

/// How far a long Prev/Next moves the highlight in a list.
pub(super) const LIST_JUMP: u16 = 10;

/// The highlight after Prev or Next in a list of `len` rows: a short press moves one row,
/// wrapping around the ends; a long press moves [`LIST_JUMP`] rows, stopping at the ends.
pub(super) fn step(selected: u16, len: u16, input: Input) -> u16 {
    let last = len.saturating_sub(1);
    let selected = selected.min(last);
    match (input.button, input.press) {
        (Button::Next, Press::Short) if selected >= last => 0,
        (Button::Next, Press::Short) => selected + 1,
        (Button::Prev, Press::Short) if selected == 0 => last,
        (Button::Prev, Press::Short) => selected - 1,
        (Button::Next, Press::Long) => selected.saturating_add(LIST_JUMP).min(last),
        (Button::Prev, Press::Long) => selected.saturating_sub(LIST_JUMP),
        _ => selected,
    }
}

/// An entry of the reading menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    Contents,
    Bookmarks,
    GoTo,
    Settings,
    About,
    Library,
}

impl Entry {
    fn label(self) -> &'static str {
        match self {
            Entry::Contents => strings::CONTENTS,
            Entry::Bookmarks => strings::BOOKMARKS,
            Entry::GoTo => strings::GO_TO,
            Entry::Settings => strings::SETTINGS,
            Entry::About => strings::ABOUT,
            Entry::Library => strings::LIBRARY,
        }
    }
}

/// The menu with a book open.
const WITH_BOOK: [Entry; 6] = [
    Entry::Contents,
    Entry::Bookmarks,
    Entry::GoTo,
    Entry::Settings,
    Entry::About,
    Entry::Library,
];

/// The menu without one: only what needs no book.
const WITHOUT_BOOK: [Entry; 3] = [Entry::Settings, Entry::About, Entry::Library];

impl Ui {
    /// The menu's entries now.
    fn entries(&self) -> &'static [Entry] {
        if self.book.is_some() {
            &WITH_BOOK
        } else {
            &WITHOUT_BOOK
        }
    }

    /// Opens the reading menu, highlighting its first entry.
    pub(super) fn open_menu(&mut self, from: Origin) -> Update {
        self.menu.selected = 0;
        self.menu.from = from;
        self.view = View::Menu;
        self.counted(Redraw::Screen)
    }

    /// The menu: Prev/Next move, Select opens an entry, Back returns whence it was opened.
    pub(super) fn on_menu<B: Books>(&mut self, input: Input, books: &mut B) -> Update {
        let entries = self.entries();
        let len = entries.len() as u16;
        match input.button {
            Button::Prev | Button::Next => {
                let moved = step(u16::from(self.menu.selected), len, input);
                self.menu.selected = u8::try_from(moved).unwrap_or(0);
                Update::partial(Redraw::Screen)
            }
            Button::Select => {
                let Some(&entry) = entries.get(usize::from(self.menu.selected)) else {
                    return Update::NONE;
                };
                match entry {
                    Entry::Contents => self.open_contents(books, true),
                    Entry::Bookmarks => self.open_bookmarks(),
                    Entry::GoTo => {
                        self.back_to_menu = true;
                        self.open_go_to()
                    }
                    Entry::Settings => {
                        self.back_to_menu = true;
                        self.view = View::Settings { selected: 0 };
                        self.counted(Redraw::Screen)
                    }
                    Entry::About => {
                        self.back_to_menu = true;
                        let pages = books.about_page_count(&self.setup()).max(1);
                        self.view = View::About { page: 0, pages };
                        self.counted(Redraw::Screen)
                    }
                    Entry::Library => self.show_library(),
                }
            }
            Button::Back => match (self.menu.from, self.book) {
                (Origin::Reading, Some(_)) => {
                    self.view = View::Reading;
                    self.counted(Redraw::Screen)
                }
                _ => self.show_library(),
            },
        }
    }

    /// Shows the library, the open book highlighted.
    pub(super) fn show_library(&mut self) -> Update {
        let selected = self.book.map_or(0, |book| book.index);
        self.view = View::Library { selected };
        self.counted(Redraw::Screen)
    }

    /// Leaves a sub-screen: for the menu if it was opened from there, else for the page (or
    /// the library, with no book open).
    pub(super) fn leave_sub(&mut self) -> Update {
        self.view = if self.back_to_menu {
            View::Menu
        } else if self.book.is_some() {
            View::Reading
        } else {
            View::Library { selected: 0 }
        };
        self.counted(Redraw::Screen)
    }

    /// About: Prev/Next turn its pages, Select or Back leaves.
    pub(super) fn on_about(&mut self, input: Input, page: u16, pages: u16) -> Update {
        let next = match input.button {
            Button::Next => page.saturating_add(1).min(pages.saturating_sub(1)),
            Button::Prev => page.saturating_sub(1),
            Button::Select | Button::Back => return self.leave_sub(),
        };
        if next == page {
            return Update::NONE;
        }
        self.view = View::About { page: next, pages };
        Update::partial(Redraw::Screen)
    }

    /// What the panel shows now, for the renderer.
    pub fn screen(&self) -> Screen {
        if self.asleep {
            return Screen::Sleep;
        }
        let library = |selected| {
            Screen::Library(ListView {
                title: strings::LIBRARY,
                len: self.library_len,
                selected,
            })
        };
        match self.view {
            View::Library { selected } => library(selected),
            View::Reading => match self.reading() {
                Some(view) => Screen::Reading(view),
                None => library(0),
            },
            View::Menu => Screen::Menu(MenuView {
                title: strings::MENU,
                items: self
                    .entries()
                    .iter()
                    .map(|entry| MenuItem {
                        label: entry.label(),
                        value: None,
                    })
                    .collect(),
                selected: self.menu.selected,
            }),
            View::Settings { selected } => Screen::Settings(self.settings_view(selected)),
            View::Contents { selected, len } => Screen::Contents(ListView {
                title: strings::CONTENTS,
                len,
                selected,
            }),
            View::Bookmarks { selected } => Screen::Bookmarks(ListView {
                title: strings::BOOKMARKS,
                len: self.bookmark_row_count(),
                selected,
            }),
            View::GoTo { percent, page } => match self.go_to_view(percent, page) {
                Some(view) => Screen::GoTo(view),
                None => library(0),
            },
            View::About { page, pages } => Screen::About(AboutView {
                page,
                pages,
                version: VERSION,
                licence: OFL_TEXT,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_steps_wrap_and_long_steps_stop() {
        let next = Input::short(Button::Next);
        let prev = Input::short(Button::Prev);
        assert_eq!(step(0, 3, next), 1);
        assert_eq!(step(2, 3, next), 0);
        assert_eq!(step(0, 3, prev), 2);
        assert_eq!(step(0, 0, next), 0);
        assert_eq!(step(0, 0, prev), 0);
        assert_eq!(step(5, 30, Input::long(Button::Next)), 15);
        assert_eq!(step(25, 30, Input::long(Button::Next)), 29);
        assert_eq!(step(5, 30, Input::long(Button::Prev)), 0);
        assert_eq!(
            step(9, 3, next),
            0,
            "an out-of-range highlight is clamped first"
        );
    }
}
