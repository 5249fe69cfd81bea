//! The state machine itself: [`Ui`], what it remembers between inputs, and how an input becomes
//! an [`Update`].

use super::books::{Books, PageCount, PageSetup};
use super::reading::locate;
use super::screen::{Notice, Redraw, Update};
use super::settings::{Config, SettingItem};
use super::{Button, Input};
use crate::persist::{BookKey, State, WritingMode};
use crate::Position;

/// A shortcut of the simulator's keyboard (or any extra key a board has). Each goes through the
/// same code as the button presses that reach the same feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    /// The next larger body font size, if there is one (`+`).
    FontLarger,
    /// The next smaller body font size, if there is one (`-`).
    FontSmaller,
    /// The next rendition: 简体 → 繁體 → 原文 → 简体 (`v`).
    NextRendition,
    /// Portrait ↔ landscape (`r`).
    Rotate,
    /// Add or remove the bookmark of the current page (`b`).
    ToggleBookmark,
    /// The table of contents of the open book (`t`); Back returns to the page.
    Contents,
    /// The open book (else the one to reopen) 横排 ↔ 直排 (`w`).
    ToggleWriting,
}

/// The book open in the reading view, laid out at `setup`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct OpenBook {
    /// Index in the library.
    pub(super) index: u16,
    /// Its key.
    pub(super) key: BookKey,
    /// How far the page count at `setup` has got, as last asked.
    pub(super) count: PageCount,
    /// The shown page's number, when known (the count has reached it, or a memo gave it).
    pub(super) page: Option<u16>,
    /// Where the shown page starts: a page start, or before the count has reached the
    /// reader, the start of the line holding the position.
    pub(super) start: Position,
    /// How far into the book the reader's position is, by characters, in percent.
    pub(super) text_percent: u8,
    /// What the book was laid out with.
    pub(super) setup: PageSetup,
    /// Whether a bookmark lies on `page`.
    pub(super) bookmarked: bool,
}

/// Which screen is up, and its own state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum View {
    /// The library, with the highlighted book.
    Library { selected: u16 },
    /// A page of the open book.
    Reading,
    /// The reading menu; its highlight is kept in [`Ui::menu`].
    Menu,
    /// The settings, with the highlighted item.
    Settings { selected: u8 },
    /// The table of contents: highlighted heading, number of headings.
    Contents { selected: u16, len: u16 },
    /// The bookmarks, with the highlighted row.
    Bookmarks { selected: u16 },
    /// Go to a percentage, and the page it leads to (once the pages are counted).
    GoTo { percent: u8, page: Option<u16> },
    /// The about screen: page shown, pages in all.
    About { page: u16, pages: u16 },
}

/// The screen the menu was opened from, where Back on the menu returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Origin {
    Library,
    Reading,
}

/// The menu's own memory, kept while its sub-screens are up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct MenuMemory {
    /// The highlighted entry.
    pub(super) selected: u8,
    /// Where Back goes.
    pub(super) from: Origin,
}

/// The reader's user interface: a state machine driven by button presses and the time, which
/// says after each input what to redraw and how to refresh the panel. See the
/// [module docs](super) for the button grammar and the refresh policy.
#[derive(Clone, Debug)]
pub struct Ui {
    /// What survives a reboot; the reader's position in each book is the source of truth.
    pub(super) state: State,
    pub(super) config: Config,
    pub(super) view: View,
    pub(super) book: Option<OpenBook>,
    /// Books in the library, as last asked.
    pub(super) library_len: u16,
    pub(super) menu: MenuMemory,
    /// Whether Back on a sub-screen (contents, bookmarks, go-to, settings, about) returns to
    /// the menu rather than to the page.
    pub(super) back_to_menu: bool,
    pub(super) notice: Option<Notice>,
    pub(super) asleep: bool,
    /// Page or screen changes shown with a partial refresh since the last full one.
    pub(super) since_full: u8,
    pub(super) last_input_ms: u32,
    /// Whether the state changed during the current input.
    pub(super) changed: bool,
    /// The page (book, setup and start) whose next page was last measured ahead.
    pub(super) read_ahead: Option<(u16, PageSetup, Position)>,
    /// The battery's charge in percent, as the device last reported it (none reported: no
    /// gauge in the status line).
    pub(super) battery: Option<u8>,
}

impl Ui {
    /// A UI over the saved `state`, for a device described by `config`, at time `now_ms`.
    ///
    /// The book read last (`state.last_book`) is opened again at its saved position, so a
    /// restart resumes on the page the reader left; without one, or when it cannot be opened,
    /// the library is shown. Draw [`screen`](Self::screen) with a full refresh first, and save
    /// [`state`](Self::state) (the store skips the write when nothing changed).
    pub fn new<B: Books>(state: State, config: Config, books: &mut B, now_ms: u32) -> Ui {
        let mut ui = Ui {
            state,
            config,
            view: View::Library { selected: 0 },
            book: None,
            library_len: books.book_count(),
            menu: MenuMemory {
                selected: 0,
                from: Origin::Library,
            },
            back_to_menu: false,
            notice: None,
            asleep: false,
            since_full: 0,
            last_input_ms: now_ms,
            changed: false,
            read_ahead: None,
            battery: None,
        };
        if let Some(index) = ui.state.last_book.and_then(|key| find_book(books, key)) {
            ui.view = View::Library { selected: index };
            if ui.open_book(books, index) {
                ui.view = View::Reading;
            }
        }
        ui.changed = false;
        ui
    }

    /// Handles a button press at time `now_ms` (milliseconds from any origin, wrapping).
    ///
    /// While asleep, any press only wakes the reader.
    pub fn handle<B: Books>(&mut self, input: Input, books: &mut B, now_ms: u32) -> Update {
        self.begin(books, now_ms);
        if self.asleep {
            return self.wake(books);
        }
        let had_notice = self.notice.take().is_some();
        let update = if input == Input::long(Button::Back) {
            self.sleep()
        } else {
            self.dispatch(input, books)
        };
        self.finish(books, update, had_notice)
    }

    /// Runs a keyboard shortcut at time `now_ms`; see [`Command`]. While asleep it only wakes
    /// the reader, like a button.
    pub fn apply<B: Books>(&mut self, command: Command, books: &mut B, now_ms: u32) -> Update {
        self.begin(books, now_ms);
        if self.asleep {
            return self.wake(books);
        }
        let had_notice = self.notice.take().is_some();
        let update = match command {
            Command::FontLarger => self.step_font_size(true),
            Command::FontSmaller => self.step_font_size(false),
            Command::NextRendition => self.cycle_setting(SettingItem::Rendition, true),
            Command::Rotate => self.cycle_setting(SettingItem::Orientation, true),
            Command::ToggleWriting => self.toggle_writing(),
            Command::ToggleBookmark => self.toggle_bookmark(books),
            Command::Contents => self.open_contents(books, false),
        };
        self.finish(books, update, had_notice)
    }

    /// Lets time pass without input: after [`Config::sleep_after_ms`] without a press the
    /// reader falls asleep (the sleep screen, with a full refresh).
    pub fn tick(&mut self, now_ms: u32) -> Update {
        let after = self.config.sleep_after_ms();
        if self.asleep || after == 0 || now_ms.wrapping_sub(self.last_input_ms) < after {
            return Update::NONE;
        }
        self.sleep()
    }

    /// Counts the open book's pages on for a slice of about `budget_chars` characters of layout
    /// ([`WORK_SLICE_CHARS`](super::books::WORK_SLICE_CHARS) keeps a slice under 40 ms of a
    /// Cortex-M0+). Call it between key presses and while the panel refreshes, as long as
    /// [`has_work_ahead`](Self::has_work_ahead) says. The first call after a page is shown
    /// measures the page after it instead ([`Books::read_ahead`]), so that the next turn only
    /// draws. When the count completes, the status line
    /// shows the total ([`Redraw::Status`] on the page) and the count is saved with the
    /// state (`state_changed`), so reopening at the same settings knows it at once.
    pub fn work_ahead<B: Books>(&mut self, books: &mut B, budget_chars: u32) -> Update {
        let Some(book) = self.book else {
            return Update::NONE;
        };
        if book.setup != self.setup() {
            return Update::NONE;
        }
        if let Some(shown) = self.pending_read_ahead() {
            books.read_ahead(book.page, book.start);
            self.read_ahead = Some(shown);
            return Update::NONE;
        }
        if !self.is_counting() {
            return Update::NONE;
        }
        self.changed = false;
        let count = books.work_ahead(budget_chars);
        if let Some(open) = self.book.as_mut() {
            open.count = count;
        }
        let finished = count.total == Some(count.known);
        if !finished {
            return Update::NONE;
        }
        self.save_memo(books);
        let redraw = match (self.view, book.count.total) {
            (View::Reading, None) => Redraw::Status,
            (View::GoTo { .. }, _) => {
                if let View::GoTo { percent, .. } = self.view {
                    self.view = self.go_to_at(percent, None);
                }
                Redraw::Screen
            }
            (View::Contents { .. } | View::Bookmarks { .. }, _) => Redraw::Screen,
            _ => Redraw::Nothing,
        };
        let mut update = Update::partial(redraw);
        update.state_changed = self.changed;
        self.changed = false;
        update
    }

    /// Whether the open book's pages are still being counted.
    pub fn is_counting(&self) -> bool {
        self.book
            .is_some_and(|book| book.count.total != Some(book.count.known))
    }

    /// Whether [`work_ahead`](Self::work_ahead) has something to do: the page after the one
    /// shown is not measured yet, or the pages are still being counted.
    pub fn has_work_ahead(&self) -> bool {
        self.pending_read_ahead().is_some() || self.is_counting()
    }

    /// The page shown, when the page after it has not been measured ahead yet.
    fn pending_read_ahead(&self) -> Option<(u16, PageSetup, Position)> {
        let book = self.book.filter(|_| self.view == View::Reading)?;
        let shown = (book.index, book.setup, book.start);
        (self.read_ahead != Some(shown)).then_some(shown)
    }

    /// What survives a reboot: give it to [`Store::save`](crate::persist::Store::save) after
    /// an [`Update`] whose `state_changed` is set.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The state, giving the UI up.
    pub fn into_state(self) -> State {
        self.state
    }

    /// The device description the UI was made with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// What the books are laid out with now: the settings, with the font size in pixels.
    pub fn setup(&self) -> PageSetup {
        self.setup_of(self.book.map(|book| book.key))
    }

    /// What book `key` (or, for `None`, any book set horizontally) is laid out with: the
    /// settings, and the book's own writing mode.
    pub(super) fn setup_of(&self, key: Option<BookKey>) -> PageSetup {
        let settings = &self.state.settings;
        let writing = key.map_or(WritingMode::Horizontal, |key| self.state.writing(key));
        PageSetup::new(settings, self.config.font_size(settings.font_size_index)).written(writing)
    }

    /// The message to show until the next press, if any.
    pub fn notice(&self) -> Option<Notice> {
        self.notice
    }

    /// Shows `notice` over the current screen until the next press (redraw the screen). For
    /// what only the caller knows, such as a refused library file.
    pub fn show_notice(&mut self, notice: Notice) {
        self.notice = Some(notice);
    }

    /// Whether the sleep screen is up.
    pub fn is_asleep(&self) -> bool {
        self.asleep
    }

    /// Notes the battery's charge in percent (`None`: not known), which the reading view's
    /// status line shows. Reports the status line to redraw when the charge shown changed on
    /// the page that is up, and nothing otherwise (other screens show it once redrawn); not an
    /// input, so the inactivity clock runs on.
    pub fn set_battery(&mut self, percent: Option<u8>) -> Update {
        let percent = percent.map(|percent| percent.min(100));
        if percent == self.battery {
            return Update::NONE;
        }
        self.battery = percent;
        if !self.asleep && matches!(self.view, View::Reading) {
            Update::partial(Redraw::Status)
        } else {
            Update::NONE
        }
    }

    /// The battery's charge as last noted by [`set_battery`](Self::set_battery).
    pub fn battery(&self) -> Option<u8> {
        self.battery
    }

    /// Starts an input: the time, the library's size, and no change yet.
    fn begin<B: Books>(&mut self, books: &B, now_ms: u32) {
        self.last_input_ms = now_ms;
        self.changed = false;
        self.library_len = books.book_count();
        if let View::Library { selected } = &mut self.view {
            *selected = (*selected).min(self.library_len.saturating_sub(1));
        }
    }

    /// Ends an input: lays the open book out again if the settings changed, makes sure a
    /// cleared notice disappears, and reports whether the state changed.
    fn finish<B: Books>(&mut self, books: &mut B, update: Update, had_notice: bool) -> Update {
        let mut update = update;
        if !self.asleep {
            update = update.max(self.ensure_layout(books));
        }
        if had_notice && update.redraw == Redraw::Nothing {
            update = Update::partial(Redraw::Screen);
        }
        update.state_changed = self.changed;
        update
    }

    /// Routes a press to the screen that is up.
    fn dispatch<B: Books>(&mut self, input: Input, books: &mut B) -> Update {
        match self.view {
            View::Library { selected } => self.on_library(input, selected, books),
            View::Reading => self.on_reading(input, books),
            View::Menu => self.on_menu(input, books),
            View::Settings { selected } => self.on_settings(input, selected),
            View::Contents { selected, len } => self.on_contents(input, selected, len, books),
            View::Bookmarks { selected } => self.on_bookmarks(input, selected, books),
            View::GoTo { percent, page } => self.on_go_to(input, percent, page, books),
            View::About { page, pages } => self.on_about(input, page, pages),
        }
    }

    /// Shows the sleep screen.
    pub(super) fn sleep(&mut self) -> Update {
        self.asleep = true;
        self.full(Redraw::Screen)
    }

    /// Leaves the sleep screen for the screen that was up.
    fn wake<B: Books>(&mut self, books: &mut B) -> Update {
        self.asleep = false;
        let _ = self.ensure_layout(books);
        let mut update = self.full(Redraw::Screen);
        update.state_changed = self.changed;
        update
    }

    /// A page or screen change: partial, unless it is the `full_refresh_every`-th since the
    /// last full refresh (never when the interval is 0).
    pub(super) fn counted(&mut self, redraw: Redraw) -> Update {
        let every = self.state.settings.full_refresh_every;
        self.since_full = self.since_full.saturating_add(1);
        if every != 0 && self.since_full >= every {
            self.full(redraw)
        } else {
            Update::partial(redraw)
        }
    }

    /// A full refresh, which restarts the count.
    pub(super) fn full(&mut self, redraw: Redraw) -> Update {
        self.since_full = 0;
        Update::full(redraw)
    }

    /// Opens book `index` at the saved position and makes it the book to reopen. On failure
    /// no book is open and the library is shown with a notice.
    pub(super) fn open_book<B: Books>(&mut self, books: &mut B, index: u16) -> bool {
        let key = books.key(index);
        let setup = self.setup_of(key);
        let opened = key.and_then(|key| {
            let memo = self.state.memo(key);
            Some((key, books.open(index, &setup, memo).ok()?))
        });
        let Some((key, count)) = opened.filter(|&(_, count)| count.known > 0) else {
            self.book = None;
            self.view = View::Library { selected: index };
            self.notice = Some(Notice::CannotOpen);
            return false;
        };
        let saved = self.state.position(key).unwrap_or(Position::START);
        let place = locate(books, saved);
        self.book = Some(OpenBook {
            index,
            key,
            count,
            page: place.page,
            start: place.start,
            text_percent: books.percent_at(place.position),
            setup,
            bookmarked: false,
        });
        if self.state.last_book != Some(key) {
            self.state.last_book = Some(key);
            self.changed = true;
        }
        self.remember(key, place.position);
        self.refresh_bookmarked(books);
        true
    }

    /// Records `position` as the reader's place in `key`, the most recently read book.
    pub(super) fn remember(&mut self, key: BookKey, position: Position) {
        if self.state.positions.last() != Some(&(key, position)) {
            self.state.set_position(key, position);
            self.changed = true;
        }
    }

    /// The reader's position in the open book.
    pub(super) fn position(&self) -> Option<Position> {
        let book = self.book?;
        Some(self.state.position(book.key).unwrap_or(Position::START))
    }

    /// Lays the open book out again when the settings changed since it was laid out (not
    /// while the settings screen is up, so that stepping through values stays quick). The
    /// reader stays on the page holding their position; screens that show pages are
    /// brought up to date and redrawn with a full refresh.
    fn ensure_layout<B: Books>(&mut self, books: &mut B) -> Update {
        let Some(book) = self.book else {
            return Update::NONE;
        };
        if book.setup == self.setup() || matches!(self.view, View::Settings { .. }) {
            return Update::NONE;
        }
        if !self.open_book(books, book.index) {
            return self.full(Redraw::Screen);
        }
        if self.book.is_none() {
            return Update::NONE;
        }
        let bookmark_rows = self.bookmark_row_count();
        match &mut self.view {
            View::Contents { selected, len } => {
                *len = books.heading_count();
                *selected = (*selected).min(len.saturating_sub(1));
            }
            View::Bookmarks { selected } => {
                *selected = (*selected).min(bookmark_rows.saturating_sub(1));
            }
            View::GoTo { percent, .. } => {
                let percent = *percent;
                self.view = self.go_to_at(percent, None);
            }
            View::Reading => {}
            _ => return Update::partial(Redraw::Screen),
        }
        self.full(Redraw::Screen)
    }
}

/// The index of the book whose key is `key`.
fn find_book<B: Books>(books: &B, key: BookKey) -> Option<u16> {
    (0..books.book_count()).find(|&index| books.key(index) == Some(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::{FakeBooks, Refresh, Screen};

    fn ui(state: State, books: &mut FakeBooks) -> Ui {
        let config = Config::try_new(&[16, 20, 24]).unwrap();
        Ui::new(state, config, books, 0)
    }

    #[test]
    fn counted_changes_refresh_fully_every_n_and_full_ones_restart_the_count() {
        let mut books = FakeBooks::sample();
        let mut state = State::default();
        state.settings.full_refresh_every = 3;
        let mut ui = ui(state, &mut books);
        let refreshes: [Refresh; 7] = core::array::from_fn(|_| ui.counted(Redraw::Page).refresh);
        use Refresh::{Full, Partial};
        assert_eq!(
            refreshes,
            [Partial, Partial, Full, Partial, Partial, Full, Partial]
        );
        let _ = ui.full(Redraw::Screen);
        assert_eq!(ui.counted(Redraw::Page).refresh, Partial);
        assert_eq!(ui.counted(Redraw::Page).refresh, Partial);
        assert_eq!(ui.counted(Redraw::Page).refresh, Full);
    }

    #[test]
    fn a_last_book_missing_from_the_library_starts_in_the_library() {
        let mut books = FakeBooks::sample();
        let state = State {
            last_book: Some(0xDEAD),
            ..State::default()
        };
        let ui = ui(state.clone(), &mut books);
        assert!(matches!(ui.screen(), Screen::Library(list) if list.selected == 0));
        assert!(ui.reading().is_none());
        assert_eq!(ui.notice(), None);
        assert_eq!(*ui.state(), state, "nothing is forgotten");
        assert_eq!(books.open_count(), 0);
    }

    #[test]
    fn a_new_battery_charge_redraws_the_status_line_of_a_page_only() {
        let mut books = FakeBooks::sample();
        let mut ui = ui(State::default(), &mut books);
        assert_eq!(ui.battery(), None);
        // In the library the charge is noted, for the next page drawn, and nothing redrawn.
        assert_eq!(ui.set_battery(Some(80)), Update::NONE);
        assert_eq!(ui.battery(), Some(80));
        let _ = ui.handle(Input::short(Button::Select), &mut books, 1);
        assert!(ui.reading().is_some());
        assert_eq!(ui.set_battery(Some(80)), Update::NONE, "unchanged");
        let update = ui.set_battery(Some(79));
        assert_eq!(update, Update::partial(Redraw::Status));
        assert!(!update.state_changed, "the charge is not saved");
        assert_eq!(ui.set_battery(Some(200)), Update::partial(Redraw::Status));
        assert_eq!(ui.battery(), Some(100), "capped");
        assert_eq!(ui.set_battery(None), Update::partial(Redraw::Status));
        // Asleep, the sleep screen stays as it is.
        let _ = ui.handle(Input::long(Button::Back), &mut books, 2);
        assert_eq!(ui.set_battery(Some(50)), Update::NONE);
        // The inactivity clock is not reset by the battery.
        let config = Config::try_new(&[16]).unwrap().with_sleep_after(1000);
        let mut ui = Ui::new(State::default(), config, &mut books, 0);
        let _ = ui.set_battery(Some(10));
        assert!(ui.tick(1000).redraw == Redraw::Screen && ui.is_asleep());
    }

    #[test]
    fn shortcuts_while_asleep_only_wake() {
        let mut books = FakeBooks::sample();
        let mut ui = ui(State::default(), &mut books);
        let _ = ui.handle(Input::short(Button::Select), &mut books, 1);
        let _ = ui.handle(Input::long(Button::Back), &mut books, 2);
        assert!(ui.is_asleep());
        let update = ui.apply(Command::FontLarger, &mut books, 3);
        assert_eq!(update, Update::full(Redraw::Screen));
        assert!(!ui.is_asleep());
        assert_eq!(ui.setup().font_size, 16);
        // Awake, a shortcut does its work.
        let update = ui.apply(Command::FontLarger, &mut books, 4);
        assert!(update.state_changed);
        assert_eq!(ui.setup().font_size, 20);
    }

    #[test]
    fn the_inactivity_clock_restarts_at_every_press() {
        let mut books = FakeBooks::sample();
        let config = Config::try_new(&[16]).unwrap().with_sleep_after(1000);
        let mut ui = Ui::new(State::default(), config, &mut books, 0);
        assert_eq!(ui.tick(999), Update::NONE);
        let _ = ui.handle(Input::short(Button::Next), &mut books, 900);
        assert_eq!(ui.tick(1899), Update::NONE);
        assert_eq!(ui.tick(1900), Update::full(Redraw::Screen));
        assert_eq!(ui.tick(5000), Update::NONE, "already asleep");
    }
}
