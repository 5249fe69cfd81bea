//! The reader over the real library, driven by random buttons with random power cuts, checked
//! against a reference model after every step.
//!
//! The model is deliberately simple: the book open, the font size, the reader's position in each
//! book and the set of bookmarks. It moves by the rules a user would state ("a page turn goes to
//! the next page's start", "a bookmark marks where I am; pressing again on that page removes
//! it", "a size change keeps my place"), asking a second, independent [`LibraryBooks`] where
//! pages start. Every state change is saved through the A/B store onto a RAM flash; a power
//! cut may strike during any save, after which the device "reboots" from the flash. What it
//! finds must be the state before the save or after it, never a mix and never less, and the
//! model follows what was found. `MODEL_TRACE=1` prints every step.

use std::collections::BTreeSet;

use moye::format::Library;
use moye::layout::SparseIndex;
use moye::persist::{BookKey, RamStorage, State, Store, MAX_BOOKMARKS, MAX_RECORD_LEN};
use moye::profile::{Profile, PICO_EPD42};
use moye::ui::{Books, Button, Command, Config, Input, LibraryBooks, PageSetup, Screen, Ui};
use moye::Position;

/// A fixed-seed generator, so a failure replays (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const PROFILE: Profile = PICO_EPD42;

/// What the user expects the reader to remember.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Model {
    /// The open book (index), if any.
    book: Option<u16>,
    /// Index into the profile's sizes.
    size: u8,
    /// The reader's place in each book read.
    positions: Vec<(BookKey, Position)>,
    /// Every bookmark.
    bookmarks: BTreeSet<(BookKey, Position)>,
}

impl Model {
    /// What the user knows of a saved state.
    fn of(state: &State, books: &LibraryBooks<'_, '_>) -> Model {
        let book = state
            .last_book
            .and_then(|key| (0..books.book_count()).find(|&b| books.key(b) == Some(key)));
        Model {
            book,
            size: state.settings.font_size_index,
            positions: state.positions.iter().copied().collect(),
            bookmarks: state
                .bookmarks
                .iter()
                .map(|mark| (mark.book, mark.position))
                .collect(),
        }
    }

    fn position(&self, key: BookKey) -> Position {
        self.positions
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(Position::START, |&(_, p)| p)
    }

    fn set_position(&mut self, key: BookKey, position: Position) {
        self.positions.retain(|(k, _)| *k != key);
        self.positions.push((key, position));
    }
}

/// The model's own view of the layout: a second LibraryBooks, opened at the model's setup.
struct Oracle {
    books: LibraryBooks<'static, 'static>,
}

impl Oracle {
    fn new(library: Library<'static>) -> Oracle {
        let index = Box::leak(Box::new(SparseIndex::new()));
        Oracle {
            books: LibraryBooks::new(library, PROFILE, index),
        }
    }

    /// Opens `book` at size index `size` and returns its page count.
    fn open(&mut self, book: u16, size: u8) -> u16 {
        let settings = moye::persist::Settings {
            font_size_index: size,
            ..Default::default()
        };
        let px = PROFILE.body_sizes[usize::from(size)];
        let count = self
            .books
            .open(book, &PageSetup::new(&settings, px), None)
            .expect("every book opens at every size of the profile");
        count.total.expect("an article is counted as it opens")
    }

    fn page_of(&self, position: Position) -> u16 {
        self.books
            .page_of(position)
            .expect("the position lies in the book")
    }
}

struct Device {
    ui: Ui,
    books: LibraryBooks<'static, 'static>,
    flash: RamStorage<8192>,
    record: Vec<u8>,
    now: u32,
}

impl Device {
    fn boot(library: Library<'static>, flash: RamStorage<8192>) -> (Device, State) {
        let mut flash = flash;
        let mut record = vec![0; MAX_RECORD_LEN];
        let state = Store::new(&mut flash)
            .unwrap()
            .load(&mut record)
            .expect("the RAM flash reads once powered");
        let index = Box::leak(Box::new(SparseIndex::new()));
        let mut books = LibraryBooks::new(library, PROFILE, index);
        let config = Config::try_new(PROFILE.body_sizes).unwrap();
        let ui = Ui::new(state.clone(), config, &mut books, 0);
        let device = Device {
            ui,
            books,
            flash,
            record,
            now: 0,
        };
        (device, state)
    }

    /// The write units the next save takes (an erase and a program, or a program alone).
    fn save_units(&self) -> usize {
        let mut copy = self.flash.clone();
        let before = copy.write_units();
        let mut record = self.record.clone();
        let _ = Store::new(&mut copy)
            .unwrap()
            .save(self.ui.state(), &mut record);
        copy.write_units() - before
    }

    /// Saves the state, with power cut after `cut` write units if given. Whether it finished.
    fn save(&mut self, cut: Option<usize>) -> bool {
        if let Some(units) = cut {
            self.flash.cut_power_after(units);
        }
        let mut store = Store::new(&mut self.flash).unwrap();
        let finished = store.save(self.ui.state(), &mut self.record).is_ok();
        if finished {
            // A cut armed past the end of this save does not carry over to the next.
            self.flash.restore_power();
        }
        finished
    }

    fn press(&mut self, input: Input) -> bool {
        self.now += 300;
        self.ui
            .handle(input, &mut self.books, self.now)
            .state_changed
    }

    fn command(&mut self, command: Command) -> bool {
        self.now += 300;
        self.ui
            .apply(command, &mut self.books, self.now)
            .state_changed
    }
}

/// One thing the user does, and how the model expects it to change what is remembered.
#[derive(Clone, Copy, Debug)]
enum Step {
    Next,
    Prev,
    ToggleBookmark,
    Larger,
    Smaller,
    /// Back to the library, then open book `n`.
    Open(u16),
}

fn random_step(rng: &mut Rng, book_count: u16) -> Step {
    match rng.below(20) {
        0..=7 => Step::Next,
        8..=10 => Step::Prev,
        11..=14 => Step::ToggleBookmark,
        15 => Step::Larger,
        16 => Step::Smaller,
        _ => Step::Open(u16::try_from(rng.below(u64::from(book_count))).unwrap()),
    }
}

/// Plays `step` on the device; returns whether the state changed.
fn play(device: &mut Device, step: Step) -> bool {
    let short = Input::short;
    match step {
        Step::Next => device.press(short(Button::Next)),
        Step::Prev => device.press(short(Button::Prev)),
        // On the page, a long Select; elsewhere it means something else, so not played.
        Step::ToggleBookmark => match device.ui.screen() {
            Screen::Reading(_) => device.press(Input::long(Button::Select)),
            _ => false,
        },
        Step::Larger => device.command(Command::FontLarger),
        Step::Smaller => device.command(Command::FontSmaller),
        Step::Open(book) => {
            let mut changed = false;
            if device.ui.reading().is_some() {
                changed |= device.press(short(Button::Back));
            }
            for _ in 0..8 {
                match device.ui.screen() {
                    Screen::Library(list) if list.selected == book => break,
                    _ => changed |= device.press(short(Button::Next)),
                }
            }
            changed | device.press(short(Button::Select))
        }
    }
}

/// Moves the model by `step`, as the user expects.
fn expect(model: &mut Model, oracle: &mut Oracle, step: Step) {
    let last_size = PROFILE.body_sizes.len() as u8 - 1;
    if let Step::Open(book) = step {
        // Opening a book remembers the place in it, the start if it was never read.
        let key = oracle.books.key(book).unwrap();
        model.set_position(key, model.position(key));
        model.book = Some(book);
        return;
    }
    let Some(book) = model.book else {
        match step {
            Step::Larger => model.size = (model.size + 1).min(last_size),
            Step::Smaller => model.size = model.size.saturating_sub(1),
            _ => {}
        }
        return;
    };
    let key = oracle.books.key(book).unwrap();
    let pages = oracle.open(book, model.size);
    let position = model.position(key);
    let page = oracle.page_of(position);
    match step {
        Step::Next if page + 1 < pages => {
            model.set_position(key, oracle.books.page_start(page + 1).unwrap())
        }
        Step::Prev if page > 0 => {
            model.set_position(key, oracle.books.page_start(page - 1).unwrap())
        }
        Step::ToggleBookmark => {
            let here: Vec<_> = model
                .bookmarks
                .iter()
                .filter(|&&(k, p)| k == key && oracle.page_of(p) == page)
                .copied()
                .collect();
            if here.is_empty() {
                if model.bookmarks.len() < MAX_BOOKMARKS {
                    model.bookmarks.insert((key, position));
                }
            } else {
                for mark in here {
                    model.bookmarks.remove(&mark);
                }
            }
        }
        Step::Larger => model.size = (model.size + 1).min(last_size),
        Step::Smaller => model.size = model.size.saturating_sub(1),
        _ => {}
    }
}

/// The device shows what the model says: the book, the size, the page holding the position,
/// every position and every bookmark.
fn check(device: &Device, model: &Model, oracle: &mut Oracle, step: usize) {
    let state = device.ui.state();
    let found = Model::of(state, &device.books);
    assert_eq!(found.size, model.size, "step {step}: size");
    assert_eq!(found.bookmarks, model.bookmarks, "step {step}: bookmarks");
    let mut positions = found.positions.clone();
    let mut expected = model.positions.clone();
    positions.sort();
    expected.sort();
    assert_eq!(positions, expected, "step {step}: positions");
    let Some(book) = model.book else {
        assert!(device.ui.reading().is_none(), "step {step}: no book open");
        return;
    };
    let view = device.ui.reading().expect("a book is open");
    assert_eq!(view.book, book, "step {step}: book");
    let pages = oracle.open(book, model.size);
    let key = oracle.books.key(book).unwrap();
    assert_eq!(view.pages.unwrap(), pages, "step {step}: page count");
    assert_eq!(
        view.page.unwrap(),
        oracle.page_of(model.position(key)),
        "step {step}: page"
    );
    // The page the device would draw holds the position.
    let (start, end) = device.books.page_bounds(view.page.unwrap()).unwrap();
    let position = model.position(key);
    assert!(
        start <= position && (position < end || view.page.unwrap() + 1 == pages),
        "step {step}: page {} is {start:?}..{end:?}, position {position:?}",
        view.page.unwrap()
    );
}

#[test]
fn random_sessions_with_power_cuts_match_the_model() {
    let library = Library::builtin().unwrap();
    let mut rng = Rng(0x6d6f_7965);
    let mut oracle = Oracle::new(library);
    let (mut device, state) = Device::boot(library, RamStorage::new());
    let mut model = Model::of(&state, &device.books);
    let book_count = device.books.book_count();
    let (mut steps, mut saves, mut cuts, mut rolled_back) = (0, 0, 0, 0);

    for step in 0..3_000 {
        let action = random_step(&mut rng, book_count);
        let before = model.clone();
        let saved_before = device.ui.state().clone();
        let changed = play(&mut device, action);
        if std::env::var_os("MODEL_TRACE").is_some() {
            eprintln!("{step}: {action:?} changed={changed}");
        }
        expect(&mut model, &mut oracle, action);
        check(&device, &model, &mut oracle, step);
        steps += 1;
        if !changed {
            continue;
        }
        saves += 1;
        if saves % 50 == 0 {
            // A clean reboot now and then: the flash holds exactly what the reader had.
            assert!(device.save(None));
            let (rebooted, found) = Device::boot(library, device.flash.clone());
            assert_eq!(&found, device.ui.state(), "step {step}: clean reboot");
            assert_eq!(
                rebooted.ui.reading(),
                device.ui.reading(),
                "step {step}: same page"
            );
            device = rebooted;
            continue;
        }
        // One save in eight loses power somewhere in its erase or program.
        let units = device.save_units() as u64;
        let cut = (rng.below(8) == 0 && units > 0).then(|| rng.below(units) as usize);
        if device.save(cut) {
            continue;
        }
        cuts += 1;
        let after = device.ui.state().clone();
        let mut flash = device.flash.clone();
        flash.restore_power();
        let (rebooted, found) = Device::boot(library, flash);
        assert!(
            found == saved_before || found == after,
            "step {step}: a cut save left neither the old nor the new state"
        );
        if found == saved_before {
            rolled_back += 1;
            model = before;
        }
        // The model's open book is the one read last, as the reboot opens it.
        model.book = Model::of(&found, &rebooted.books).book;
        device = rebooted;
        check(&device, &model, &mut oracle, step);
    }
    eprintln!("{steps} steps, {saves} saves, {cuts} power cuts, {rolled_back} rolled back");
    assert!(
        cuts > 20 && rolled_back > 5,
        "cuts {cuts}, rolled back {rolled_back}"
    );
    assert!(!model.bookmarks.is_empty() || saves > 100);
}

/// Any buttons, shortcuts and idle time over the real library, every screen drawn into the
/// board's packed framebuffer after every step: nothing panics, and the reader's position
/// always lies in its book on the page shown.
#[test]
fn random_buttons_over_the_real_library_draw_every_screen() {
    use moye::render::PackedFramebuffer;

    let library = Library::builtin().unwrap();
    let mut rng = Rng(0x00d2_a3ee);
    let buttons = [Button::Prev, Button::Next, Button::Select, Button::Back];
    let commands = [
        Command::FontLarger,
        Command::FontSmaller,
        Command::NextRendition,
        Command::Rotate,
        Command::ToggleBookmark,
        Command::Contents,
    ];
    let (mut device, _) = Device::boot(library, RamStorage::new());
    let mut screens = std::collections::HashSet::new();
    let mut buffer = vec![0u8; 16_000]; // rows padded to whole words: 15,200 bytes either way
    for step in 0..2_000 {
        let roll = rng.below(100);
        if roll < 10 {
            let _ = device.command(commands[rng.below(6) as usize]);
        } else if roll < 12 {
            device.now += 3_600_000;
            let _ = device.ui.tick(device.now);
        } else {
            let button = buttons[rng.below(4) as usize];
            let input = match rng.below(6) {
                0 => Input::long(button),
                _ => Input::short(button),
            };
            let _ = device.press(input);
        }
        let orientation = device.ui.setup().orientation;
        let size = PROFILE.screen(orientation);
        let mut frame = PackedFramebuffer::new(&mut buffer, size).unwrap();
        moye::ui::draw_screen(&mut frame, &device.ui, &mut device.books).unwrap();
        screens.insert(std::mem::discriminant(&device.ui.screen()));
        if let Some(view) = device.ui.reading() {
            let (start, end) = device.books.page_bounds(view.page.unwrap()).unwrap();
            let last = view.page.unwrap() + 1 == view.pages.unwrap();
            assert!(
                start <= view.position && (view.position < end || last),
                "step {step}: position {:?} not on page {}",
                view.position,
                view.page.unwrap()
            );
        }
    }
    assert_eq!(screens.len(), 9, "every screen came up");
}
