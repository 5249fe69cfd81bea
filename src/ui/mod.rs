//! The button-driven reader state machine.
//!
//! [`Ui`] is driven only by presses of the four [`Button`]s (short or long, [`Input`]) and the
//! time, passed in as milliseconds. After each input it returns an [`Update`]: what to redraw
//! ([`Redraw`]), how the e-paper panel should refresh ([`Refresh`]) and whether the persistent
//! [`State`](crate::persist::State) changed, so the caller saves it with
//! [`Store::save`](crate::persist::Store::save) (which skips unchanged states). What to draw is
//! [`Ui::screen`], plain data: a [`Screen`] naming labels from [`strings`], book and block
//! indices, page numbers and values; list rows are fetched one at a time with
//! [`Ui::library_row`], [`Ui::contents_row`] and [`Ui::bookmark_row`].
//!
//! The UI lays nothing out. It reaches the library and the layout through the narrow
//! [`Books`] trait ([`books`]): open a book at a [`PageSetup`] (the first page at once, the
//! page count in slices after it), page starts, the page of a position, headings, and progress
//! for the library screen.
//! [`FakeBooks`] implements it with arithmetic for tests. The UI keeps *positions*, never page
//! numbers: the saved position of each book is the truth, and after a change of font size,
//! rendition, orientation or any layout setting the reader is on the page that holds it. A
//! page turn moves the position to the new page's start; a jump to a heading or bookmark moves
//! it to that exact place. The book is laid out again lazily: when the settings changed and a
//! screen other than the settings screen comes up, so stepping through sizes costs nothing.
//!
//! # Books of any length: counting in slices
//!
//! Opening a book counts a short slice of its pages ([`OPEN_SLICE_CHARS`]: an article is
//! counted whole) and shows the saved page; the caller then runs [`Ui::work_ahead`] between
//! key presses and while the panel refreshes ([`WORK_SLICE_CHARS`] a slice) as long as
//! [`Ui::has_work_ahead`] says. Its first call after a page is shown reads ahead instead: it
//! measures the page after the shown one ([`Books::read_ahead`]), so that the next turn only
//! draws and the panel's refresh, not the CPU, sets the pace. Until the count is complete the
//! page shown is honest about what is known:
//!
//! - A page the count has reached (or that follows, by turning, one whose start is known)
//!   has its number: the status line shows `12` without a total, and the percentage by
//!   characters ([`ReadingView::percent`]).
//! - A position the count has not reached (a book reopened deep inside after a change of
//!   settings, a heading, bookmark or percentage jumped to): page breaks depend on every page
//!   before, so its page is not known. The page shown starts at the line holding the
//!   position ([`Books::line_start`]) and carries no number (`ReadingView::page` is `None`):
//!   the status line shows only the percentage by characters. Next lays out from its end,
//!   Prev a page's worth of lines back ([`Books::page_before`]); nothing is skipped either
//!   way. Once the count has reached the position, the next turn snaps onto the counted page
//!   holding it and goes on from there.
//! - The contents and bookmarks list pages only for the positions counted; go-to moves by
//!   percentages of the characters and goes to the line there, until every page is counted.
//!
//! When the count completes, the total is shown ([`Redraw::Status`]) and saved with the state
//! as a [`PageMemo`](crate::persist::PageMemo) (the total and the reader's page, for a
//! fingerprint of the book and every setting the pages depend on): reopening at the same
//! settings shows the page number and the total at once, while the count runs again behind.
//!
//! # Screens and buttons
//!
//! A long press of Back sleeps from any screen; any press wakes, and does nothing else.
//!
//! | screen | Prev / Next | long Prev / Next | Select | long Select | Back |
//! |---|---|---|---|---|---|
//! | 书库 library | move (wraps) | move 10 | open the book | 菜单 menu | back to the book |
//! | reading | turn the page | previous / next heading | 菜单 menu | add/remove bookmark | 书库 |
//! | 菜单 menu | move (wraps) | move 10 | open the entry | open the entry | back |
//! | 目录 contents | move | move 10 | go to the heading | go to the heading | back |
//! | 书签 bookmarks | move | move 10 | row 0: add/remove the page's; a bookmark: go | a bookmark: remove it | back |
//! | 跳转 go to | nearest page ≥ 1 % back / on | ≥ 10 % | go to that page | go to that page | back |
//! | 设置 settings | move | move 10 | next value (wraps) | previous value | back |
//! | 关于 about | turn its pages | turn its pages | back | back | back |
//!
//! The menu holds 目录, 书签, 跳转, 设置, 关于 and 书库 (only 设置, 关于 and 书库 before a book
//! is open); "back" on it returns to the page or the library it was opened from, and on its
//! screens to the menu. The settings are 字号 (the profile's body sizes, from [`Config`]),
//! 字形 (简体 / 繁體 / 原文), 方向 (竖屏 / 横屏), 行距 ([`LINE_SPACING_PRESETS`]), 全刷间隔
//! ([`FULL_REFRESH_PRESETS`]), 禁则 (基本 / 国标 / 严格), 标点悬挂 (开 / 关) and 标点位置
//! (the rendition's default — 居中 for 繁體, 靠左下 otherwise — then 居中 / 靠左下 chosen for
//! every rendition; see [`crate::glyphs::forms`]). Long Next at
//! the last heading goes to the last page, long Prev before the first to the first page. The
//! simulator's shortcuts are [`Command`]s run by [`Ui::apply`] through the same code.
//!
//! The UI starts ([`Ui::new`]) on the page of the book read last, else in the library; a
//! book that cannot be laid out at the settings (a font too large for the panel) leaves the
//! library up with a [`Notice`].
//!
//! # Refresh policy
//!
//! E-paper ghosts after partial refreshes; a full refresh flashes but clears it.
//!
//! - **Full**: opening a book, laying it out again after a settings change (when a screen
//!   showing its pages comes up), falling asleep, waking, and every
//!   `settings.full_refresh_every`-th *counted* change since the last full refresh (0: never).
//! - **Counted, partial otherwise**: page turns and heading jumps ([`Redraw::Page`]), and
//!   changes of screen ([`Redraw::Screen`]): into or out of the menu and its screens, jumps
//!   from the contents, bookmarks or go-to back to the page. A menu over text leaves as much
//!   ghosting as a page turn.
//! - **Partial, not counted**: moves within a list or menu, stepping a setting or the go-to
//!   percentage (small changes on a screen that stays), and the status line alone
//!   ([`Redraw::Status`], bookmark toggled on the page).
//! - Nothing, for presses that change nothing (Prev on the first page).
//!
//! # Example
//!
//! ```
//! use moye::persist::State;
//! use moye::ui::{Button, Config, FakeBooks, Input, Redraw, Screen, Ui};
//!
//! let mut books = FakeBooks::sample();
//! let config = Config::try_new(&[16, 20, 24])?;
//! let mut ui = Ui::new(State::default(), config, &mut books, 0);
//! assert!(matches!(ui.screen(), Screen::Library(_)));
//!
//! let update = ui.handle(Input::short(Button::Select), &mut books, 10); // open the first book
//! assert!(update.state_changed);
//! let update = ui.handle(Input::short(Button::Next), &mut books, 20); // turn a page
//! assert_eq!(update.redraw, Redraw::Page);
//! let Screen::Reading(view) = ui.screen() else { unreachable!() };
//! assert_eq!(view.page, Some(1));
//!
//! // A restart from the saved state resumes on the same page.
//! let state = ui.into_state();
//! let ui = Ui::new(state, Config::try_new(&[16, 20, 24])?, &mut books, 0);
//! assert_eq!(ui.reading().and_then(|view| view.page), Some(1));
//! # Ok::<(), moye::ui::ConfigError>(())
//! ```

pub mod about;
pub mod books;
mod draw;
mod fake;
mod input;
mod library_books;
mod lists;
mod menu;
mod reading;
mod screen;
mod settings;
mod state;
pub mod strings;

pub use about::AboutLayout;
pub use books::{Books, PageCount, PageSetup, Progress, OPEN_SLICE_CHARS, WORK_SLICE_CHARS};
pub use draw::{draw_copying, draw_screen};
pub use fake::{FakeBook, FakeBooks, FakeError, FAKE_PANEL};
pub use input::{Button, Input, Press, LONG_PRESS_MS};
pub use library_books::{script_of, LibraryBooks, OpenError, LAYOUT_VERSION, MAX_LIBRARIES};
pub use screen::{
    AboutView, BookmarkRow, ContentsRow, CopyProgress, GoToView, LibraryRow, ListView, MenuItem,
    MenuView, Notice, ReadingView, Redraw, Refresh, Screen, Update, Value, MAX_MENU_ITEMS,
    OFL_TEXT, VERSION,
};
pub use settings::{
    Config, ConfigError, DEFAULT_SLEEP_AFTER_MS, FULL_REFRESH_PRESETS, LINE_SPACING_PRESETS,
    MAX_FONT_SIZES,
};
pub use state::{Command, Ui};
