//! Whole-UI sessions over the fake library: scripted reading sessions land where expected,
//! restarts resume, every feature is reachable with the four buttons, seeded random presses
//! never break an invariant, and a power cut during the save keeps the old or the new state.

use moye::persist::{Bookmark, RamStorage, Rendition, State, Store, MAX_RECORD_LEN};
use moye::ui::{
    BookmarkRow, Books, Button, Command, Config, FakeBooks, Input, Notice, PageSetup, ReadingView,
    Redraw, Refresh, Screen, Ui, Update, Value, FULL_REFRESH_PRESETS, LINE_SPACING_PRESETS,
};
use moye::Position;

const SIZES: [u8; 3] = [16, 20, 24];
const NEXT: Input = Input::short(Button::Next);
const PREV: Input = Input::short(Button::Prev);
const SELECT: Input = Input::short(Button::Select);
const BACK: Input = Input::short(Button::Back);

fn config() -> Config {
    Config::try_new(&SIZES).unwrap()
}

/// A UI, its library and a clock.
struct Session {
    ui: Ui,
    books: FakeBooks,
    now: u32,
}

impl Session {
    fn new(state: State) -> Session {
        Session::with_config(state, config())
    }

    fn with_config(state: State, config: Config) -> Session {
        let mut books = FakeBooks::sample();
        let ui = Ui::new(state, config, &mut books, 0);
        Session { ui, books, now: 0 }
    }

    fn press(&mut self, input: Input) -> Update {
        self.now = self.now.wrapping_add(250);
        self.ui.handle(input, &mut self.books, self.now)
    }

    fn presses(&mut self, input: Input, times: usize) {
        for _ in 0..times {
            let _ = self.press(input);
        }
    }

    fn apply(&mut self, command: Command) -> Update {
        self.now = self.now.wrapping_add(250);
        self.ui.apply(command, &mut self.books, self.now)
    }

    fn reading(&self) -> ReadingView {
        match self.ui.screen() {
            Screen::Reading(view) => view,
            other => panic!("expected the reading view, got {other:?}"),
        }
    }

    /// Asserts that the page shown holds the saved position.
    fn assert_page_holds_position(&self) {
        let view = self.reading();
        let key = self.books.books()[usize::from(view.book)].key;
        assert_eq!(self.ui.state().position(key), Some(view.position));
        assert_eq!(self.books.page_of(view.position), Some(view.page.unwrap()));
        let start = self.books.page_start(view.page.unwrap()).unwrap();
        assert!(start <= view.position);
        if let Some(next) = self.books.page_start(view.page.unwrap() + 1) {
            assert!(view.position < next);
        }
    }

    /// Highlights the item labelled `label` on the menu or settings screen.
    fn highlight(&mut self, label: &str) {
        for _ in 0..16 {
            let menu = match self.ui.screen() {
                Screen::Menu(menu) | Screen::Settings(menu) => menu,
                other => panic!("expected a menu, got {other:?}"),
            };
            if menu.items[usize::from(menu.selected)].label == label {
                return;
            }
            let _ = self.press(NEXT);
        }
        panic!("no item {label}");
    }

    /// From the reading view, opens the menu entry labelled `label`.
    fn menu(&mut self, label: &str) {
        let _ = self.press(SELECT);
        self.highlight(label);
        let _ = self.press(SELECT);
    }

    /// The value of setting `label`, the settings screen being up.
    fn value(&self, label: &str) -> Value {
        let Screen::Settings(menu) = self.ui.screen() else {
            panic!("expected the settings")
        };
        menu.items
            .iter()
            .find(|item| item.label == label)
            .and_then(|item| item.value)
            .unwrap()
    }

    /// From the reading view: steps setting `label` `times` times and returns to the page.
    fn change_setting(&mut self, label: &str, times: usize) {
        self.menu(moye::ui::strings::SETTINGS);
        self.highlight(label);
        self.presses(SELECT, times);
        let _ = self.press(BACK);
        let _ = self.press(BACK);
    }
}

use moye::ui::strings::{
    BOOKMARKS, CONTENTS, FONT_SIZE, FULL_REFRESH, GO_TO, HANGING, LINE_SPACING, ORIENTATION,
    PROHIBITION, PUNCTUATION, RENDITION, UPRIGHT_DIGITS, WRITING,
};

#[test]
fn open_turn_resize_change_rendition_reopen_and_restart() {
    let mut s = Session::new(State::default());
    assert!(matches!(s.ui.screen(), Screen::Library(_)));
    // Open book 1 (the first row is book 0).
    let _ = s.press(NEXT);
    let update = s.press(SELECT);
    assert_eq!(update.refresh, Refresh::Full);
    assert!(update.state_changed);
    assert_eq!(s.reading().book, 1);
    assert_eq!(s.reading().page.unwrap(), 0);

    s.presses(NEXT, 5);
    let view = s.reading();
    assert_eq!(view.page.unwrap(), 5);
    assert_eq!(view.position, s.books.page_start(5).unwrap());
    let saved = view.position;
    s.assert_page_holds_position();

    // A larger font: more pages, the reader on the page holding the same position.
    let pages_at_16 = view.pages.unwrap();
    s.change_setting(FONT_SIZE, 1);
    let view = s.reading();
    assert!(view.pages.unwrap() > pages_at_16);
    assert_eq!(view.position, saved);
    assert_ne!(view.page.unwrap(), 5);
    s.assert_page_holds_position();

    // 繁體: another page count, same position.
    s.change_setting(RENDITION, 1);
    assert_eq!(s.ui.state().settings.rendition, Rendition::Traditional);
    assert_eq!(s.reading().position, saved);
    s.assert_page_holds_position();
    let page = s.reading().page.unwrap();

    // To the library and back into the book: the same page.
    let _ = s.press(BACK);
    assert!(matches!(s.ui.screen(), Screen::Library(list) if list.selected == 1));
    let _ = s.press(SELECT);
    assert_eq!(s.reading().page.unwrap(), page);
    assert_eq!(s.reading().position, saved);

    // Another book and back: still the same page.
    let _ = s.press(BACK);
    let _ = s.press(PREV);
    let _ = s.press(SELECT);
    assert_eq!(s.reading().book, 0);
    s.presses(NEXT, 2);
    let _ = s.press(BACK);
    let _ = s.press(NEXT);
    let _ = s.press(SELECT);
    assert_eq!(s.reading().book, 1);
    assert_eq!(s.reading().page.unwrap(), page);

    // Restart from the saved state: the same book, page and position.
    let restarted = Session::new(s.ui.state().clone());
    let view = restarted.reading();
    assert_eq!(
        (view.book, view.page.unwrap(), view.position),
        (1, page, saved)
    );
    restarted.assert_page_holds_position();
}

#[test]
fn the_writing_mode_is_the_books_own_and_keeps_the_position() {
    use moye::persist::WritingMode;
    let mut s = Session::new(State::default());
    let _ = s.press(NEXT);
    let _ = s.press(SELECT);
    s.presses(NEXT, 7);
    let saved = s.reading().position;
    let horizontal_pages = s.reading().pages.unwrap();
    let key = s.books.books()[1].key;

    // 直排: the book's own setting, saved; the same position on another page grid.
    s.change_setting(WRITING, 1);
    assert_eq!(s.ui.state().writing(key), WritingMode::Vertical);
    assert_eq!(s.ui.setup().writing, WritingMode::Vertical);
    assert_eq!(s.reading().position, saved);
    let vertical_pages = s.reading().pages.unwrap();
    assert_ne!(vertical_pages, horizontal_pages);
    s.assert_page_holds_position();

    // Another book opens horizontally, and the settings show its own mode; the library row of
    // the first counts its pages as it is set, in columns.
    let _ = s.press(BACK);
    let _ = s.press(PREV);
    let _ = s.press(SELECT);
    assert_eq!(s.reading().book, 0);
    assert_eq!(s.ui.setup().writing, WritingMode::Horizontal);
    let row = s.ui.library_row(1, &mut s.books).unwrap();
    assert_eq!(row.progress.unwrap().pages, vertical_pages);
    s.menu(moye::ui::strings::SETTINGS);
    assert_eq!(
        s.value(WRITING),
        Value::Label(moye::ui::strings::HORIZONTAL)
    );
    let _ = s.press(BACK);
    let _ = s.press(BACK);

    // Back to book 1, and after a restart: still vertical, on the page of the position.
    let _ = s.press(BACK);
    let _ = s.press(NEXT);
    let _ = s.press(SELECT);
    assert_eq!(s.ui.setup().writing, WritingMode::Vertical);
    assert_eq!(s.reading().position, saved);
    let restarted = Session::new(s.ui.state().clone());
    assert_eq!(restarted.reading().position, saved);
    assert_eq!(restarted.ui.setup().writing, WritingMode::Vertical);
    restarted.assert_page_holds_position();

    // And back to 横排: the same position.
    s.change_setting(WRITING, 1);
    assert_eq!(s.ui.state().writing(key), WritingMode::Horizontal);
    assert_eq!(s.reading().pages.unwrap(), horizontal_pages);
    assert_eq!(s.reading().position, saved);
    s.assert_page_holds_position();
}

#[test]
fn restart_through_the_flash_store_resumes_on_the_same_page() {
    let mut flash = RamStorage::<8192>::new();
    let mut buf = [0u8; MAX_RECORD_LEN];
    let mut store = Store::new(&mut flash).unwrap();
    let mut s = Session::new(store.load(&mut buf).unwrap());
    let mut saves = 0;
    let bookmark = Input::long(Button::Select);
    let inputs = [SELECT, NEXT, NEXT, NEXT, SELECT, BACK, NEXT, bookmark, NEXT];
    for input in inputs {
        if s.press(input).state_changed {
            store.save(s.ui.state(), &mut buf).unwrap();
            saves += 1;
        }
    }
    assert_eq!(saves, 7);
    let before = s.reading();
    assert_eq!(before.page.unwrap(), 5);

    let mut rebooted = Store::new(&mut flash).unwrap();
    let resumed = Session::new(rebooted.load(&mut buf).unwrap());
    assert_eq!(resumed.reading(), before);
}

#[test]
fn contents_and_heading_jumps() {
    let mut s = Session::new(State::default());
    let _ = s.press(SELECT);
    s.presses(NEXT, 3);
    let page = s.reading().page.unwrap();
    s.menu(CONTENTS);
    let Screen::Contents(list) = s.ui.screen() else {
        panic!()
    };
    assert_eq!(list.len, 5);
    // The highlight starts on the heading of the section being read.
    let current = s.ui.contents_row(list.selected, &s.books).unwrap();
    assert!(current.current && current.page <= Some(page));
    let rows: Vec<_> = (0..list.len)
        .map(|row| s.ui.contents_row(row, &s.books).unwrap())
        .collect();
    assert!(rows.windows(2).all(|pair| pair[0].page <= pair[1].page));
    assert_eq!(rows[3].position, Position::new(18, 0));

    // Go to heading 3.
    s.presses(NEXT, 3 - usize::from(list.selected));
    let update = s.press(SELECT);
    assert_eq!(update.redraw, Redraw::Screen);
    assert_eq!(s.reading().position, Position::new(18, 0));
    assert_eq!(s.reading().page.unwrap(), rows[3].page.unwrap());
    s.assert_page_holds_position();

    // Long Next: the next heading on a later page; long Prev: back to the previous one.
    let _ = s.press(Input::long(Button::Next));
    let next = rows.iter().find(|row| row.page > rows[3].page).unwrap();
    assert_eq!(s.reading().position, next.position);
    let _ = s.press(Input::long(Button::Prev));
    assert_eq!(s.reading().position, Position::new(18, 0));
    // Past the last heading: the last page; before the first: the first page.
    s.presses(Input::long(Button::Next), 4);
    assert_eq!(s.reading().page.unwrap(), s.reading().pages.unwrap() - 1);
    s.presses(Input::long(Button::Prev), 8);
    assert_eq!(s.reading().page.unwrap(), 0);

    // The `t` shortcut opens the contents; Back returns to the page, not the menu.
    let _ = s.apply(Command::Contents);
    assert!(matches!(s.ui.screen(), Screen::Contents(_)));
    let _ = s.press(BACK);
    assert_eq!(s.reading().page.unwrap(), 0);
}

#[test]
fn bookmarks_add_list_jump_and_remove() {
    let mut s = Session::new(State::default());
    let _ = s.press(SELECT);
    s.presses(NEXT, 2);
    // Long Select bookmarks the page.
    let update = s.press(Input::long(Button::Select));
    assert_eq!(update.redraw, Redraw::Status);
    assert!(update.state_changed);
    assert!(s.reading().bookmarked);
    let first = s.reading().position;

    // Through the menu: row 0 of 书签 adds the current page's.
    s.presses(NEXT, 6);
    s.menu(BOOKMARKS);
    assert_eq!(s.ui.bookmark_row(0, &s.books), Some(BookmarkRow::Add));
    let _ = s.press(SELECT);
    assert_eq!(s.ui.bookmark_row(0, &s.books), Some(BookmarkRow::Remove));
    let second = s.ui.reading().unwrap().position;
    let _ = s.press(BACK);
    let _ = s.press(BACK);
    assert!(s.reading().bookmarked);

    // Back to the first page, then the list: the two bookmarks in book order.
    s.presses(PREV, 20);
    s.menu(BOOKMARKS);
    let Screen::Bookmarks(list) = s.ui.screen() else {
        panic!()
    };
    assert_eq!(list.len, 3);
    assert_eq!(
        s.ui.bookmark_row(1, &s.books),
        Some(BookmarkRow::Mark {
            position: first,
            page: Some(2)
        })
    );
    assert_eq!(
        s.ui.bookmark_row(2, &s.books),
        Some(BookmarkRow::Mark {
            position: second,
            page: Some(8)
        })
    );
    // Jump to the second.
    s.presses(NEXT, 2);
    let _ = s.press(SELECT);
    assert_eq!(s.reading().page.unwrap(), 8);
    assert!(s.reading().bookmarked);

    // Remove the first from the list with a long Select.
    s.menu(BOOKMARKS);
    let _ = s.press(NEXT);
    let update = s.press(Input::long(Button::Select));
    assert!(update.state_changed);
    let Screen::Bookmarks(list) = s.ui.screen() else {
        panic!()
    };
    assert_eq!(list.len, 2);
    assert_eq!(list.selected, 1);
    let _ = s.press(BACK);
    let _ = s.press(BACK);
    // Remove the second on its page with the `b` shortcut.
    let update = s.apply(Command::ToggleBookmark);
    assert!(update.state_changed);
    assert!(!s.reading().bookmarked);
    assert!(s.ui.state().bookmarks.is_empty());
}

#[test]
fn bookmarks_full_gives_a_notice() {
    let mut state = State::default();
    for block in 0..64u16 {
        let mark = Bookmark {
            book: 0xFFFF_0000,
            position: Position::new(block, 0),
        };
        state.add_bookmark(mark).unwrap();
    }
    let mut s = Session::new(state);
    let _ = s.press(SELECT);
    let update = s.press(Input::long(Button::Select));
    assert!(!update.state_changed);
    assert_eq!(s.ui.notice(), Some(Notice::BookmarksFull));
    assert!(!s.reading().bookmarked);
    // The next press clears it.
    let _ = s.press(NEXT);
    assert_eq!(s.ui.notice(), None);
}

#[test]
fn go_to_a_percentage() {
    let mut s = Session::new(State::default());
    let _ = s.press(NEXT);
    let _ = s.press(SELECT);
    s.presses(NEXT, 3);
    s.menu(GO_TO);
    let Screen::GoTo(go) = s.ui.screen() else {
        panic!()
    };
    assert_eq!(go.page, Some(3));
    // Selecting at once stays on the page.
    let _ = s.press(SELECT);
    assert_eq!(s.reading().page.unwrap(), 3);
    s.menu(GO_TO);
    s.presses(PREV, 200);
    let Screen::GoTo(go) = s.ui.screen() else {
        panic!()
    };
    // The status line's percentage: page (from 1) / pages, rounded down.
    let shown = |page: u16, pages: u16| u32::from(page + 1) * 100 / u32::from(pages);
    assert_eq!(go.page, Some(0));
    assert_eq!(u32::from(go.percent), shown(0, go.pages.unwrap()));
    // Each press goes to the nearest page whose percentage is at least 10 (long) or 1 higher.
    let presses = [Input::long(Button::Next); 5].into_iter().chain([NEXT]);
    for (press, step) in presses.zip([10, 10, 10, 10, 10, 1]) {
        let Screen::GoTo(before) = s.ui.screen() else {
            panic!()
        };
        let _ = s.press(press);
        let Screen::GoTo(go) = s.ui.screen() else {
            panic!()
        };
        let target = u32::from(before.percent) + step;
        assert_eq!(
            u32::from(go.percent),
            shown(go.page.unwrap(), go.pages.unwrap())
        );
        assert!(u32::from(go.percent) >= target, "{go:?} after {before:?}");
        assert!(
            shown(go.page.unwrap() - 1, go.pages.unwrap()) < target,
            "{go:?} after {before:?}"
        );
    }
    let Screen::GoTo(go) = s.ui.screen() else {
        panic!()
    };
    assert!(go.percent >= 51);
    let _ = s.press(SELECT);
    assert_eq!(s.reading().page.unwrap(), go.page.unwrap());
    assert_eq!(s.reading().percent(), go.percent);
    s.assert_page_holds_position();
    // 100 % is the last page.
    s.menu(GO_TO);
    s.presses(Input::long(Button::Next), 20);
    let _ = s.press(SELECT);
    assert_eq!(s.reading().page.unwrap(), s.reading().pages.unwrap() - 1);
}

#[test]
fn every_setting_cycles_and_wraps() {
    let mut s = Session::new(State::default());
    let _ = s.press(SELECT);
    s.menu(moye::ui::strings::SETTINGS);
    let cycles: [(&str, usize); 10] = [
        (FONT_SIZE, SIZES.len()),
        (RENDITION, 3),
        (ORIENTATION, 2),
        (LINE_SPACING, LINE_SPACING_PRESETS.len()),
        (FULL_REFRESH, FULL_REFRESH_PRESETS.len()),
        (PROHIBITION, 3),
        (HANGING, 2),
        (PUNCTUATION, 3),
        (WRITING, 2),
        (UPRIGHT_DIGITS, 2),
    ];
    let opens = s.books.open_count();
    for (label, length) in cycles {
        s.highlight(label);
        let start = s.value(label);
        let mut seen = vec![start];
        for step in 1..=length {
            let update = s.press(SELECT);
            assert!(update.state_changed);
            assert_eq!(update.redraw, Redraw::Screen);
            let value = s.value(label);
            if step < length {
                assert!(!seen.contains(&value), "{label}: {value:?} twice");
                seen.push(value);
            } else {
                assert_eq!(value, start, "{label} wraps");
            }
        }
        // Long Select steps backwards.
        let _ = s.press(Input::long(Button::Select));
        assert_eq!(s.value(label), *seen.last().unwrap());
        let _ = s.press(SELECT);
        assert_eq!(s.value(label), start);
    }
    assert_eq!(s.value(FONT_SIZE), Value::Pixels(16));
    // Nothing was laid out while the settings were up.
    assert_eq!(s.books.open_count(), opens);
    let expected = State {
        last_book: s.ui.state().last_book,
        positions: s.ui.state().positions.clone(),
        ..State::default()
    };
    assert_eq!(*s.ui.state(), expected);
}

#[test]
fn layout_happens_once_on_leaving_the_settings() {
    let mut s = Session::new(State::default());
    let _ = s.press(SELECT);
    s.presses(NEXT, 4);
    s.menu(moye::ui::strings::SETTINGS);
    let opens = s.books.open_count();
    s.presses(SELECT, 2); // 16 → 20 → 24
    assert_eq!(s.books.open_count(), opens);
    let _ = s.press(BACK); // to the menu: laid out once, quietly
    assert_eq!(s.books.open_count(), opens + 1);
    let update = s.press(BACK);
    assert_eq!(s.books.open_count(), opens + 1);
    assert_eq!(update.redraw, Redraw::Screen);
    let setup = PageSetup::new(&s.ui.state().settings, 24);
    assert_eq!(s.ui.setup(), setup);
    s.assert_page_holds_position();
    // Shortcuts relayout at once, with a full refresh of the page.
    let update = s.apply(Command::FontSmaller);
    assert_eq!(
        (update.redraw, update.refresh),
        (Redraw::Screen, Refresh::Full)
    );
    assert_eq!(s.ui.setup().font_size, 20);
    s.assert_page_holds_position();
    let _ = s.apply(Command::FontLarger);
    let update = s.apply(Command::FontLarger);
    assert_eq!(update, Update::NONE, "no size beyond the largest");
    let _ = s.apply(Command::Rotate);
    let _ = s.apply(Command::NextRendition);
    let settings = s.ui.state().settings;
    assert_eq!(settings.rendition, Rendition::Traditional);
    assert_eq!(settings.orientation, moye::persist::Orientation::Landscape);
    s.assert_page_holds_position();
}

#[test]
fn full_refresh_every_n_page_turns() {
    for every in [1u8, 3, 8] {
        let mut state = State::default();
        state.settings.full_refresh_every = every;
        let mut s = Session::new(state);
        let _ = s.press(Input::short(Button::Next));
        let _ = s.press(Input::short(Button::Next));
        let open = s.press(SELECT); // book 2, short
        assert_eq!(open.refresh, Refresh::Full);
        let _ = s.press(BACK);
        let _ = s.press(PREV);
        // Opening book 1 refreshes fully and restarts the count.
        assert_eq!(s.press(SELECT).refresh, Refresh::Full);
        let mut fulls = Vec::new();
        for turn in 1..=24u32 {
            let update = s.press(NEXT);
            assert_eq!(update.redraw, Redraw::Page);
            assert!(update.state_changed);
            if update.refresh == Refresh::Full {
                fulls.push(turn);
            }
        }
        let expected: Vec<u32> = (1..=24).filter(|t| t % u32::from(every) == 0).collect();
        assert_eq!(fulls, expected, "every {every}");
    }
    // 0: never on page turns.
    let mut state = State::default();
    state.settings.full_refresh_every = 0;
    let mut s = Session::new(state);
    let _ = s.press(SELECT);
    for _ in 0..30 {
        assert_eq!(s.press(NEXT).refresh, Refresh::Partial);
    }
    // The last page: Next changes nothing.
    let mut s = Session::new(State::default());
    let _ = s.press(SELECT);
    s.presses(NEXT, 200);
    assert_eq!(s.press(NEXT), Update::NONE);
    s.presses(PREV, 200);
    assert_eq!(s.press(PREV), Update::NONE);
}

#[test]
fn sleep_after_inactivity_and_wake() {
    let sleepy = config().with_sleep_after(60_000);
    let mut s = Session::with_config(State::default(), sleepy);
    let _ = s.press(SELECT);
    s.presses(NEXT, 2);
    let before = s.reading();
    assert_eq!(s.ui.tick(s.now + 59_999), Update::NONE);
    let update = s.ui.tick(s.now + 60_000);
    assert_eq!(
        (update.redraw, update.refresh),
        (Redraw::Screen, Refresh::Full)
    );
    assert_eq!(s.ui.screen(), Screen::Sleep);
    assert_eq!(s.ui.tick(s.now + 120_000), Update::NONE);
    // Any press wakes and does nothing else.
    s.now += 200_000;
    let update = s.press(NEXT);
    assert_eq!(
        (update.redraw, update.refresh),
        (Redraw::Screen, Refresh::Full)
    );
    assert!(!update.state_changed);
    assert_eq!(s.reading(), before);
    // Long Back sleeps from anywhere; the clock may wrap.
    s.menu(CONTENTS);
    let _ = s.press(Input::long(Button::Back));
    assert!(s.ui.is_asleep());
    let _ = s.press(BACK);
    assert!(matches!(s.ui.screen(), Screen::Contents(_)));
    let mut s = Session::with_config(State::default(), config().with_sleep_after(1000));
    s.now = u32::MAX - 100;
    let _ = s.press(NEXT);
    assert_eq!(s.ui.tick(s.now.wrapping_add(999)), Update::NONE);
    assert_eq!(s.ui.tick(s.now.wrapping_add(1000)).redraw, Redraw::Screen);
    // 0: never.
    let mut s = Session::with_config(State::default(), config().with_sleep_after(0));
    assert_eq!(s.ui.tick(u32::MAX), Update::NONE);
    let _ = s.press(NEXT);
}

#[test]
fn a_font_too_large_closes_the_book_until_the_settings_allow_it() {
    let config = Config::try_new(&[16, 20, 24, 120]).unwrap();
    let mut s = Session::with_config(State::default(), config);
    let _ = s.press(SELECT);
    s.presses(NEXT, 3);
    let saved = s.reading().position;
    // 120 px: three columns do not fit a portrait page.
    s.menu(moye::ui::strings::SETTINGS);
    s.highlight(FONT_SIZE);
    s.presses(SELECT, 3);
    let update = s.press(BACK);
    assert_eq!(
        (update.redraw, update.refresh),
        (Redraw::Screen, Refresh::Full)
    );
    assert_eq!(s.ui.notice(), Some(Notice::CannotOpen));
    let Screen::Library(list) = s.ui.screen() else {
        panic!()
    };
    assert_eq!(list.selected, 0);
    assert_eq!(s.ui.library_row(0, &mut s.books).unwrap().progress, None);
    assert!(s.ui.reading().is_none());
    let _ = s.press(SELECT); // still too large
    assert_eq!(s.ui.notice(), Some(Notice::CannotOpen));
    // The menu without a book: 设置, 关于, 书库. Landscape fits three columns.
    let _ = s.press(Input::long(Button::Select));
    let Screen::Menu(menu) = s.ui.screen() else {
        panic!()
    };
    assert_eq!(menu.items.len(), 3);
    s.highlight(moye::ui::strings::SETTINGS);
    let _ = s.press(SELECT);
    s.highlight(ORIENTATION);
    let _ = s.press(SELECT);
    let _ = s.press(BACK);
    let _ = s.press(BACK);
    assert!(matches!(s.ui.screen(), Screen::Library(_)));
    let _ = s.press(SELECT);
    assert_eq!(s.reading().position, saved);
    s.assert_page_holds_position();
}

#[test]
fn positions_outside_the_book_are_brought_back_in() {
    let mut state = State::default();
    let key = FakeBooks::sample().books()[0].key;
    state.last_book = Some(key);
    state.set_position(key, Position::new(3, 9999));
    let s = Session::new(state.clone());
    assert_eq!(s.reading().position, Position::new(3, 0));
    s.assert_page_holds_position();
    state.set_position(key, Position::new(9999, 0));
    let s = Session::new(state);
    let view = s.reading();
    assert_eq!(view.page.unwrap(), view.pages.unwrap() - 1);
    s.assert_page_holds_position();
}

#[test]
fn library_rows_show_progress_and_page_counts() {
    let mut s = Session::new(State::default());
    let row = s.ui.library_row(2, &mut s.books).unwrap();
    assert!(!row.started && !row.open);
    assert_eq!(row.progress.unwrap().page, 0);
    assert_eq!(s.ui.library_row(3, &mut s.books), None);
    let _ = s.press(SELECT);
    s.presses(NEXT, 6);
    let _ = s.press(BACK);
    let row = s.ui.library_row(0, &mut s.books).unwrap();
    assert!(row.started && row.open);
    let progress = row.progress.unwrap();
    assert_eq!(progress.page, 6);
    assert_eq!(progress.pages, s.reading_or_pages());
    // Another book open, the first one's progress comes from `Books::progress`.
    let _ = s.press(NEXT);
    let _ = s.press(SELECT);
    let _ = s.press(BACK);
    let row = s.ui.library_row(0, &mut s.books).unwrap();
    assert!(row.started && !row.open);
    assert_eq!(row.progress.unwrap().page, 6);
}

impl Session {
    fn reading_or_pages(&self) -> u16 {
        self.ui.reading().unwrap().pages.unwrap()
    }
}

#[test]
fn about_pages_and_every_menu_entry_come_back() {
    let mut s = Session::new(State::default());
    let _ = s.press(SELECT);
    s.menu(moye::ui::strings::ABOUT);
    let Screen::About(about) = s.ui.screen() else {
        panic!()
    };
    assert_eq!((about.page, about.pages), (0, 3));
    assert!(about.licence.contains("SIL Open Font License"));
    assert_eq!(s.press(PREV), Update::NONE);
    s.presses(NEXT, 5);
    assert!(matches!(s.ui.screen(), Screen::About(a) if a.page == 2));
    let _ = s.press(BACK);
    let Screen::Menu(menu) = s.ui.screen() else {
        panic!()
    };
    assert_eq!(menu.items[usize::from(menu.selected)].label, "关于");
    let labels: Vec<_> = menu.items.iter().map(|item| item.label).collect();
    assert_eq!(labels, ["目录", "书签", "跳转", "设置", "关于", "书库"]);
    // Back from the menu: the page. 书库 from the menu: the library.
    let _ = s.press(BACK);
    assert_eq!(s.reading().page.unwrap(), 0);
    s.menu(moye::ui::strings::LIBRARY);
    assert!(matches!(s.ui.screen(), Screen::Library(_)));
    // The menu from the library returns there.
    let _ = s.press(Input::long(Button::Select));
    assert!(matches!(s.ui.screen(), Screen::Menu(_)));
    let _ = s.press(BACK);
    assert!(matches!(s.ui.screen(), Screen::Library(_)));
    // Back in the library returns to the open book.
    let _ = s.press(BACK);
    assert_eq!(s.reading().page.unwrap(), 0);
}

#[test]
fn menu_moves_are_partial_and_uncounted_and_change_no_state() {
    let mut s = Session::new(State::default());
    let _ = s.press(SELECT);
    let update = s.press(SELECT);
    assert_eq!(update.redraw, Redraw::Screen);
    assert!(!update.state_changed);
    for _ in 0..50 {
        let update = s.press(NEXT);
        assert_eq!(update.refresh, Refresh::Partial);
        assert!(!update.state_changed);
    }
}

/// A xorshift generator, so the random sessions are the same on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Checks what must hold after any input.
fn check_invariants(s: &mut Session) {
    let books = s.books.books();
    for &(key, position) in &s.ui.state().positions {
        if let Some(book) = books.iter().find(|book| book.key == key) {
            assert!(book.contains(position), "{position:?} outside book {key:x}");
        }
    }
    if let Some(view) = s.ui.reading() {
        assert!(books[usize::from(view.book)].contains(view.position));
        assert_eq!(s.books.open_book(), Some(view.book));
        assert!(view.page.unwrap() < view.pages.unwrap());
        if !matches!(s.ui.screen(), Screen::Settings(_) | Screen::Sleep) {
            assert_eq!(s.books.page_of(view.position), Some(view.page.unwrap()));
        }
    }
    match s.ui.screen() {
        Screen::Reading(_) => assert!(s.ui.reading().is_some()),
        Screen::Library(list) => {
            assert_eq!(list.len, 3);
            assert!(list.selected < list.len);
            for row in list.window(2) {
                assert!(s.ui.library_row(row, &mut s.books).is_some());
            }
        }
        Screen::Menu(menu) | Screen::Settings(menu) => {
            assert!(usize::from(menu.selected) < menu.items.len());
        }
        Screen::Contents(list) => {
            assert!(list.selected < list.len || list.len == 0);
            for row in list.window(4) {
                assert!(s.ui.contents_row(row, &s.books).is_some());
            }
        }
        Screen::Bookmarks(list) => {
            assert!(list.selected < list.len);
            for row in list.window(4) {
                assert!(s.ui.bookmark_row(row, &s.books).is_some());
            }
        }
        Screen::GoTo(go) => assert!(go.percent <= 100 && go.page < go.pages),
        Screen::About(about) => assert!(about.page < about.pages),
        Screen::Sleep => assert!(s.ui.is_asleep()),
    }
}

#[test]
fn random_presses_never_panic_and_keep_every_invariant() {
    let mut rng = XorShift(0x5EED_0FB0_0C5E_ED0F);
    let buttons = [Button::Prev, Button::Next, Button::Select, Button::Back];
    let commands = [
        Command::FontLarger,
        Command::FontSmaller,
        Command::NextRendition,
        Command::Rotate,
        Command::ToggleBookmark,
        Command::Contents,
    ];
    let mut inputs = 0;
    // How often each screen came up, to show the walk reaches every one.
    let mut seen = [0u32; 9];
    for session in 0..1000 {
        // A profile with a size too large for portrait pages, to reach the failure paths.
        let sizes: &[u8] = if session % 2 == 0 {
            &SIZES
        } else {
            &[16, 20, 24, 120]
        };
        let config = Config::try_new(sizes).unwrap().with_sleep_after(5_000);
        let mut s = Session::with_config(State::default(), config.clone());
        for _ in 0..250 {
            let before = s.ui.state().clone();
            let roll = rng.below(100);
            let update = if roll < 4 {
                s.apply(commands[rng.below(6) as usize])
            } else if roll < 6 {
                s.now += 6_000;
                s.ui.tick(s.now)
            } else if roll < 7 {
                // Restart from the saved state.
                let state = s.ui.state().clone();
                s.ui = Ui::new(state, config.clone(), &mut s.books, s.now);
                Update::NONE
            } else {
                // Presses weighted towards the reading buttons, long presses one in five.
                let button = buttons[rng.below(4) as usize];
                let long = rng.below(5) == 0 && !(button == Button::Back && rng.below(4) != 0);
                let input = if long {
                    Input::long(button)
                } else {
                    Input::short(button)
                };
                s.press(input)
            };
            inputs += 1;
            if *s.ui.state() != before {
                assert!(update.state_changed || roll == 6, "an unreported change");
            }
            if update.redraw == Redraw::Nothing {
                assert_eq!(update.refresh, Refresh::Partial);
            }
            check_invariants(&mut s);
            let kind = match s.ui.screen() {
                Screen::Library(_) => 0,
                Screen::Reading(_) => 1,
                Screen::Menu(_) => 2,
                Screen::Settings(_) => 3,
                Screen::Contents(_) => 4,
                Screen::Bookmarks(_) => 5,
                Screen::GoTo(_) => 6,
                Screen::About(_) => 7,
                Screen::Sleep => 8,
            };
            seen[kind] += 1;
        }
    }
    assert_eq!(inputs, 250_000);
    eprintln!("screens seen (library, reading, menu, settings, contents, bookmarks, go-to, about, sleep): {seen:?}");
    assert!(seen.iter().all(|&n| n > 1000), "screens seen: {seen:?}");
}

/// Every cut point of the save after a scripted session leaves the old or the new state.
#[test]
fn a_power_cut_at_every_byte_of_a_save_keeps_the_old_or_the_new_state() {
    let mut s = Session::new(State::default());
    let mut flash = RamStorage::<8192>::new();
    let mut buf = [0u8; MAX_RECORD_LEN];
    // Saved as the reader goes: opening the book (slot A), a page on (B), the bookmark (A,
    // after the first entry).
    let _ = s.press(SELECT);
    let mut save_now = |state: &State| {
        Store::new(&mut flash)
            .unwrap()
            .save(state, &mut buf)
            .unwrap();
    };
    save_now(s.ui.state());
    s.presses(NEXT, 3);
    save_now(s.ui.state());
    let _ = s.press(Input::long(Button::Select));
    let old = s.ui.state().clone();
    save_now(&old);

    // More reading: other pages, a size, a rendition, a second book.
    s.presses(NEXT, 4);
    s.change_setting(FONT_SIZE, 2);
    s.change_setting(RENDITION, 2);
    let _ = s.press(BACK);
    let _ = s.press(NEXT);
    let _ = s.press(SELECT);
    s.presses(NEXT, 2);
    let _ = s.press(Input::long(Button::Select));
    let new = s.ui.state().clone();
    assert_ne!(new, old);

    // The save appends to slot B after its entry; with B's free space not erased (a torn save
    // before), it erases B first.
    assert_eq!(
        flash.as_bytes()[4096..4100],
        *b"MYST",
        "slot B holds an entry"
    );
    let (cuts, old_seen) = cut_everywhere(&flash, &old, &new);
    eprintln!("append: {cuts} cut points tried, {old_seen} left the old state");
    assert_eq!(old_seen, cuts);
    assert!(cuts > 24, "a header alone is 24 units: {cuts}");
    let mut dirty = flash.clone();
    dirty.as_mut_bytes()[8191] = 0;
    let (cuts, old_seen) = cut_everywhere(&dirty, &old, &new);
    eprintln!("erase and append: {cuts} cut points tried, {old_seen} left the old state");
    assert_eq!(old_seen, cuts);
    assert!(cuts > 4096, "the erase alone takes 4096 units: {cuts}");
}

/// Saves `new` over `flash` (holding `old`) with power cut after 0, 1, 2 … write units until
/// a save completes; each cut must leave the old or the new state, on which the reader resumes
/// on a valid page. Returns the cut points tried and how many left the old state.
fn cut_everywhere(flash: &RamStorage<8192>, old: &State, new: &State) -> (usize, usize) {
    let mut buf = [0u8; MAX_RECORD_LEN];
    let mut cuts = 0;
    let mut old_seen = 0;
    for cut in 0.. {
        let mut trial = flash.clone();
        trial.cut_power_after(cut);
        let finished = Store::new(&mut trial).unwrap().save(new, &mut buf).is_ok();
        trial.restore_power();
        let loaded = Store::new(&mut trial).unwrap().load(&mut buf).unwrap();
        assert!(loaded == *old || loaded == *new, "cut after {cut} units");
        if loaded == *old {
            old_seen += 1;
        }
        // The reader resumes on a valid page either way.
        let mut resumed = Session::new(loaded.clone());
        check_invariants(&mut resumed);
        if finished {
            assert_eq!(loaded, *new);
            break;
        }
        cuts += 1;
    }
    (cuts, old_seen)
}

/// A session over the sample library counted two pages per slice, as a long book is.
fn counting_session(state: State) -> Session {
    let mut books = FakeBooks::sample().counting(2);
    let ui = Ui::new(state, config(), &mut books, 0);
    Session { ui, books, now: 0 }
}

#[test]
fn before_the_count_pages_turn_and_contents_bookmarks_and_go_to_work() {
    let mut s = counting_session(State::default());
    let _ = s.press(NEXT);
    let _ = s.press(SELECT); // book 1: 12 long blocks, 2 headings
    let view = s.reading();
    assert_eq!((view.page, view.pages), (Some(0), None));
    assert!(s.ui.is_counting());
    // Turning on past the counted pages still numbers them: each page's end is the next
    // page's start.
    s.presses(NEXT, 4);
    let view = s.reading();
    assert_eq!(view.page, Some(4));
    let mut counted = FakeBooks::sample();
    counted.open(1, &s.ui.setup(), None).unwrap();
    assert_eq!(view.start, counted.page_start(4).unwrap());

    // The contents: the second heading lies past the counted pages.
    s.menu(CONTENTS);
    let Screen::Contents(list) = s.ui.screen() else {
        panic!()
    };
    let row = s.ui.contents_row(1, &s.books).unwrap();
    assert_eq!(row.page, None, "not counted yet");
    s.presses(NEXT, usize::from(1 - list.selected));
    let _ = s.press(SELECT);
    let view = s.reading();
    assert_eq!(view.position, row.position);
    assert_eq!(view.page, None);
    assert_eq!(Some(view.start), s.books.line_start(row.position));
    assert!(view.percent > 0);

    // A bookmark on this page, listed without a page number.
    let update = s.press(Input::long(Button::Select));
    assert!(update.state_changed);
    assert!(s.reading().bookmarked);
    s.menu(BOOKMARKS);
    assert_eq!(
        s.ui.bookmark_row(1, &s.books),
        Some(BookmarkRow::Mark {
            position: row.position,
            page: None
        })
    );
    let _ = s.press(BACK);
    let _ = s.press(BACK);

    // A page on and back from there: nothing skipped.
    let here = s.reading().start;
    let _ = s.press(NEXT);
    let on = s.reading();
    assert_eq!(Some(on.start), s.books.page_after(here));
    let _ = s.press(PREV);
    let back = s.reading();
    assert!(back.start <= here);
    assert!(back.bookmarked);

    // Go to by characters: 10 % on from here.
    s.menu(GO_TO);
    let Screen::GoTo(go) = s.ui.screen() else {
        panic!()
    };
    assert_eq!((go.page, go.pages), (None, None));
    let _ = s.press(Input::long(Button::Next));
    let Screen::GoTo(further) = s.ui.screen() else {
        panic!()
    };
    assert_eq!(further.percent, go.percent + 10);
    let _ = s.press(SELECT);
    let view = s.reading();
    assert_eq!(view.position, s.books.position_at(further.percent));
    assert_eq!(view.percent, further.percent);

    // The count completes between keys: the total shows, and the next turn snaps onto the
    // page holding the position.
    let mut updates = Vec::new();
    while s.ui.is_counting() {
        updates.push(s.ui.work_ahead(&mut s.books, 100));
    }
    let last = updates.last().unwrap();
    assert_eq!(last.redraw, Redraw::Status);
    assert!(last.state_changed, "the count is saved");
    let pages = s.books.count().total.unwrap();
    assert_eq!(s.reading().pages, Some(pages));
    let holder = s.books.page_of(view.position).unwrap();
    let _ = s.press(NEXT);
    assert_eq!(s.reading().page, Some(holder + 1));

    // Reopened (a restart) with the memo: number and total at once, the count running again.
    let state = s.ui.state().clone();
    let again = counting_session(state);
    let view = again.reading();
    assert_eq!(view.page, Some(holder + 1));
    assert_eq!(view.pages, Some(pages));
    assert!(again.ui.is_counting());
}
