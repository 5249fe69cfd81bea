//! What the UI hands the renderer: the current [`Screen`] as plain data, and after every input
//! an [`Update`] saying what to redraw and how the e-paper panel should refresh.

use core::fmt;
use core::ops::Range;

use heapless::Vec;

use super::books::Progress;
use super::strings;
use crate::persist::BookKey;
use crate::Position;

/// The most items a [`MenuView`] holds (the settings menu has ten).
pub const MAX_MENU_ITEMS: usize = 10;

/// The version shown on the about screen.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The body font's copyright notice and licence, shown on the about screen: the text of
/// `fonts/OFL.txt` (Latin, to be drawn with a chrome font).
pub const OFL_TEXT: &str = include_str!("../../fonts/OFL.txt");

/// What the panel shows, for the renderer to draw. Get it with [`Ui::screen`](super::Ui::screen).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The books (书库). Rows come from [`Ui::library_row`](super::Ui::library_row).
    Library(ListView),
    /// A page of the open book, with its status line.
    Reading(ReadingView),
    /// The reading menu (菜单): 目录, 书签, 跳转, 设置, 关于, 书库 (the first three only with a
    /// book open).
    Menu(MenuView),
    /// The settings (设置), each item with its current value.
    Settings(MenuView),
    /// The open book's table of contents (目录). Rows come from
    /// [`Ui::contents_row`](super::Ui::contents_row).
    Contents(ListView),
    /// The open book's bookmarks (书签): row 0 adds or removes the current page's bookmark,
    /// the others are the bookmarks in book order. Rows come from
    /// [`Ui::bookmark_row`](super::Ui::bookmark_row).
    Bookmarks(ListView),
    /// Go to a percentage of the book (跳转).
    GoTo(GoToView),
    /// Version, the font's copyright notice and licence (关于).
    About(AboutView),
    /// The sleep screen (休眠中，按任意键唤醒); any button wakes.
    Sleep,
}

/// A list whose rows the renderer fetches one at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ListView {
    /// The heading label.
    pub title: &'static str,
    /// How many rows there are.
    pub len: u16,
    /// The highlighted row; below `len` unless the list is empty.
    pub selected: u16,
}

impl ListView {
    /// The rows to show when `rows` fit on the panel: the whole screenful holding the selected
    /// row. Lists scroll a screenful at a time, which suits e-paper: the rows shown stay put
    /// while the highlight moves, so only two rows change.
    pub fn window(&self, rows: u16) -> Range<u16> {
        let rows = rows.max(1);
        let start = self.selected - self.selected % rows;
        start..start.saturating_add(rows).min(self.len).max(start)
    }
}

/// The reading view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReadingView {
    /// The book, as an index into the library.
    pub book: u16,
    /// Its key.
    pub key: BookKey,
    /// The page shown, from 0 (the status line shows `page + 1`), once the count has reached
    /// it (or a memo of an earlier count gave it); `None` for a page shown from the line
    /// holding the reader's position before then.
    pub page: Option<u16>,
    /// Pages in the book at the current settings, once counted (or known from a memo).
    pub pages: Option<u16>,
    /// Where the page shown starts.
    pub start: Position,
    /// The reader's position, which the page holds (not always its first character: after a
    /// change of settings the position stays where the reader was).
    pub position: Position,
    /// Whether a bookmark lies on this page.
    pub bookmarked: bool,
    /// How far through the book the page is, in percent: by pages when the page and the
    /// total are known, else by characters.
    pub percent: u8,
}

impl ReadingView {
    /// How far through the book the page is, in percent.
    pub fn percent(&self) -> u8 {
        self.percent
    }
}

/// A menu of fixed items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuView {
    /// The heading label.
    pub title: &'static str,
    /// The items, in order.
    pub items: Vec<MenuItem, MAX_MENU_ITEMS>,
    /// The highlighted item, below `items.len()`.
    pub selected: u8,
}

/// An item of a menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MenuItem {
    /// What the item is called.
    pub label: &'static str,
    /// Its current value, for settings.
    pub value: Option<Value>,
}

/// The value of a setting, as shown next to its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    /// A label from [`strings`]: 简体, 竖屏, 国标, 开, 从不, …
    Label(&'static str),
    /// A font size in pixels.
    Pixels(u8),
    /// A percentage (line spacing).
    Percent(u16),
    /// A number of page turns (the full-refresh interval), shown with 页.
    PageTurns(u8),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Label(label) => f.write_str(label),
            Value::Pixels(px) => write!(f, "{px}"),
            Value::Percent(percent) => write!(f, "{percent}%"),
            Value::PageTurns(turns) => write!(f, "{turns}{}", strings::PAGES),
        }
    }
}

/// The go-to-percentage screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GoToView {
    /// The percentage chosen, 0 to 100: of the pages once they are counted, of the
    /// characters before.
    pub percent: u8,
    /// The page it leads to, from 0, once the pages are counted.
    pub page: Option<u16>,
    /// Pages in the book, once counted.
    pub pages: Option<u16>,
}

/// How far a board has got copying a memory card's library files into its flash, shown
/// before the reader starts ([`draw_copying`](super::draw_copying)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CopyProgress {
    /// The file being copied, from 0, in the order the card's files were picked.
    pub file: u8,
    /// The files picked on the card.
    pub files: u8,
    /// How much of that file is copied, 0 to 100.
    pub percent: u8,
}

/// The about screen, which may take several pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AboutView {
    /// The page shown, from 0.
    pub page: u16,
    /// Pages in all, as [`Books::about_page_count`](super::Books::about_page_count) said.
    pub pages: u16,
    /// The firmware version, [`VERSION`].
    pub version: &'static str,
    /// The font's notice and licence, [`OFL_TEXT`].
    pub licence: &'static str,
}

/// A row of the library screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LibraryRow {
    /// The book, as an index into the library (the renderer fetches its title).
    pub book: u16,
    /// Its key.
    pub key: BookKey,
    /// The page of the saved position (the first page if none) and the page count at the
    /// current settings; `None` when the book cannot be laid out.
    pub progress: Option<Progress>,
    /// Whether the reader has opened the book before (a position is saved).
    pub started: bool,
    /// Whether it is the book open in the reading view.
    pub open: bool,
}

/// A row of the table of contents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContentsRow {
    /// Where the heading starts; its block holds the heading's text.
    pub position: Position,
    /// The page it is on, from 0, once the count has reached it.
    pub page: Option<u16>,
    /// Whether the page shown lies in this heading's section.
    pub current: bool,
}

/// A row of the bookmarks screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BookmarkRow {
    /// 添加书签: bookmark the current page (row 0 when it has none).
    Add,
    /// 删除书签: remove the current page's bookmarks (row 0 when it has some).
    Remove,
    /// A bookmark: Select jumps to it, a long Select removes it.
    Mark {
        /// Where it points.
        position: Position,
        /// The page holding it, from 0, once the count has reached it.
        page: Option<u16>,
    },
}

impl BookmarkRow {
    /// The label of an action row; `None` for a bookmark (drawn with its page and text).
    pub fn label(&self) -> Option<&'static str> {
        match self {
            BookmarkRow::Add => Some(strings::ADD_BOOKMARK),
            BookmarkRow::Remove => Some(strings::REMOVE_BOOKMARK),
            BookmarkRow::Mark { .. } => None,
        }
    }
}

/// A short message shown until the next button press.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Notice {
    /// The bookmark could not be added: all are in use (书签已满).
    BookmarksFull,
    /// The book could not be laid out at these settings (无法打开此书); the library is shown.
    CannotOpen,
    /// A library file from outside the firmware was refused (书库文件无效); the built-in
    /// library is shown instead. Raised by the caller with [`Ui::show_notice`](super::Ui::show_notice).
    BadLibrary,
}

impl Notice {
    /// The message.
    pub fn label(&self) -> &'static str {
        match self {
            Notice::BookmarksFull => strings::BOOKMARKS_FULL,
            Notice::CannotOpen => strings::CANNOT_OPEN,
            Notice::BadLibrary => strings::BAD_LIBRARY,
        }
    }
}

/// What changed on the panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Redraw {
    /// Nothing to draw.
    Nothing,
    /// Only the reading view's status line (bookmark icon, a notice).
    Status,
    /// The reading view's page and status line.
    Page,
    /// The whole screen.
    Screen,
}

/// How the e-paper panel should show the redraw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Refresh {
    /// A fast partial refresh, which leaves some ghosting.
    Partial,
    /// A full, flashing refresh, which clears the ghosting.
    Full,
}

/// What an input did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use]
pub struct Update {
    /// What to redraw from [`Ui::screen`](super::Ui::screen).
    pub redraw: Redraw,
    /// How to refresh the panel (`Partial` when nothing is redrawn).
    pub refresh: Refresh,
    /// Whether the persistent state ([`Ui::state`](super::Ui::state)) changed: save it.
    pub state_changed: bool,
}

impl Update {
    /// Nothing happened.
    pub const NONE: Update = Update {
        redraw: Redraw::Nothing,
        refresh: Refresh::Partial,
        state_changed: false,
    };

    /// Redraw `redraw` with a partial refresh.
    pub const fn partial(redraw: Redraw) -> Update {
        Update {
            redraw,
            refresh: Refresh::Partial,
            state_changed: false,
        }
    }

    /// Redraw `redraw` with a full refresh.
    pub const fn full(redraw: Redraw) -> Update {
        Update {
            redraw,
            refresh: Refresh::Full,
            state_changed: false,
        }
    }

    /// The larger of two updates: what to redraw and how, to show both.
    pub fn max(self, other: Update) -> Update {
        Update {
            redraw: self.redraw.max(other.redraw),
            refresh: self.refresh.max(other.refresh),
            state_changed: self.state_changed || other.state_changed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_scroll_a_screenful_at_a_time() {
        let list = |len, selected| ListView {
            title: strings::LIBRARY,
            len,
            selected,
        };
        assert_eq!(list(0, 0).window(5), 0..0);
        assert_eq!(list(3, 2).window(5), 0..3);
        assert_eq!(list(12, 4).window(5), 0..5);
        assert_eq!(list(12, 5).window(5), 5..10);
        assert_eq!(list(12, 11).window(5), 10..12);
        assert_eq!(list(12, 11).window(0), 11..12);
    }

    #[test]
    fn values_print_with_their_units() {
        extern crate std;
        use std::string::ToString;
        assert_eq!(Value::Pixels(20).to_string(), "20");
        assert_eq!(Value::Percent(150).to_string(), "150%");
        assert_eq!(Value::PageTurns(8).to_string(), "8页");
        assert_eq!(Value::Label(strings::TRADITIONAL).to_string(), "繁體");
    }

    #[test]
    fn updates_combine_to_the_larger() {
        let a = Update::partial(Redraw::Status);
        let b = Update {
            state_changed: true,
            ..Update::full(Redraw::Page)
        };
        assert_eq!(
            a.max(b),
            Update {
                redraw: Redraw::Page,
                refresh: Refresh::Full,
                state_changed: true
            }
        );
        assert_eq!(Update::NONE.max(Update::NONE), Update::NONE);
    }
}
