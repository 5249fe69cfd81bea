//! The reader as a board runs it: the core's UI state machine ([`Ui`]) over the built-in
//! library ([`LibraryBooks`]), drawn by the core's screen drawer ([`draw_screen`]) into the
//! packed framebuffer and shown on the panel with the refresh the UI asks for, driven by the
//! board's buttons (decoded into the core's [`Input`]s, by [`TwoKeys`](crate::two_keys::TwoKeys)
//! on the Pico) and the time, with its state saved to flash through the core's A/B-slot
//! [`Store`].
//!
//! Everything here is generic over the [`Panel`] and the [`Storage`], so the host tests run the
//! whole reader over the real library with a recording panel and a NOR flash model; the Pico's
//! firmware plugs in the SSD1683 over SPI and the RP2040's flash, each board its own
//! [`Device`] (profile and portrait rotation).
//!
//! # While the panel refreshes
//!
//! A refresh takes the panel about 0.5 s (partial) or 2 to 4 s (full); the processor does not wait
//! for it. Keys are read all along, and what they do goes through the UI at once; the screen is
//! drawn again only when the panel is free, showing where the reader got to meanwhile (three
//! taps during a refresh turn three pages, then one refresh shows the third). The framebuffer
//! is not touched while a refresh runs: the panel's driver needs the image it showed
//! afterwards ([`Panel::finish`]).
//!
//! # When the state is written
//!
//! The UI reports a changed state after nearly every page turn. The store appends each record
//! to its slot's earlier ones (a page program, about a millisecond) and erases a 4 KiB sector
//! only when it is full: a reader without bookmarks has a 24-byte record, so 85 fit a sector
//! and, the slots taking turns, each sector is erased once per some 170 saves (a test
//! measures it), where it endures some 100,000 erases. The
//! reader writes once no key has been pressed for [`SAVE_AFTER_IDLE_MS`] (so a quick run of
//! page turns is one save), and at once when it falls asleep (by a long Back, or after the UI's
//! inactivity time). Power lost within that second of a page turn loses that page
//! turn's position; nothing else is at risk (see `moye::persist::slots`).

use embedded_graphics::prelude::Size;
use moye::format::Library;
use moye::layout::SparseIndex;
use moye::persist::{Storage, Store, MAX_RECORD_LEN};
use moye::profile::Profile;
use moye::render::PackedFramebuffer;
use moye::ui::{
    draw_screen, Config, ConfigError, Input, LibraryBooks, Notice, Redraw, Refresh, Ui, Update,
    WORK_SLICE_CHARS,
};

use crate::panel::{Panel, PanelImage, Rotation};

/// The device a reader runs on, as far as the reader cares.
#[derive(Clone, Copy, Debug)]
pub struct Device {
    /// The device profile: the panel's native size, the margins, the body sizes offered (the
    /// library blob must carry them).
    pub profile: Profile,
    /// How a portrait screen is turned onto the panel.
    pub rotation: Rotation,
}

/// Characters of page counting done per poll while a book is being counted (the core's
/// slice, ≈ 32 ms of the RP2040): between key presses and while the panel refreshes, so no
/// key waits more than about 50 ms for it.
pub const WORK_SLICE: u32 = WORK_SLICE_CHARS;

/// Bytes of a framebuffer for a panel of native size `panel`, in either orientation: on the
/// Pico-ePaper-4.2 the portrait screen's 38 × 400 (a landscape one needs 50 × 300), on the X4
/// 60 × 800 = 100 × 480.
pub const fn framebuffer_len(panel: Size) -> usize {
    let landscape = PackedFramebuffer::buffer_len(panel.width, panel.height);
    let portrait = PackedFramebuffer::buffer_len(panel.height, panel.width);
    if landscape > portrait {
        landscape
    } else {
        portrait
    }
}

/// The state is written once no key was pressed for this long (milliseconds).
pub const SAVE_AFTER_IDLE_MS: u32 = 1_000;

/// How long a refresh may run before the reader stops waiting for the panel to report it done
/// (a full refresh takes about 4 s, longer in the cold).
pub const REFRESH_TIMEOUT_MS: u32 = 20_000;

/// Libraries read beside the built-in one at most: as many as the core's UI reads at once
/// ([`moye::ui::MAX_LIBRARIES`]) less the built-in one.
pub const MAX_EXTRA_LIBRARIES: usize = moye::ui::MAX_LIBRARIES - 1;

/// The libraries read beside the built-in one (files the reader brought, such as the X4's
/// copies of the library files on its memory card), as the board found them.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExtraLibraries<'a> {
    /// Checked with [`Library::parse`]: their books follow the built-in ones, in this order.
    pub libraries: [Option<Library<'a>>; MAX_EXTRA_LIBRARIES],
    /// A file that [`Library::parse`] refused: the first screen shows the simulator's refusal
    /// notice ([`Notice::BadLibrary`], 书库文件无效), and the other libraries are read.
    pub refused: bool,
}

impl ExtraLibraries<'static> {
    /// None.
    pub const NONE: ExtraLibraries<'static> = ExtraLibraries {
        libraries: [None; MAX_EXTRA_LIBRARIES],
        refused: false,
    };
}

/// Failures the reader survived, counted (the board has no screen to report them but the
/// panel itself; a debugger reads them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Faults {
    /// Refreshes or sleeps the panel failed.
    pub panel: u32,
    /// Loads or saves of the state that failed, and a storage the store refused.
    pub storage: u32,
}

/// The reader on the board.
pub struct Reader<'a, 'buf, P, S: Storage> {
    ui: Ui,
    books: LibraryBooks<'a, 'buf>,
    framebuffer: &'buf mut [u8],
    device: Device,
    panel: P,
    store: Option<Store<S>>,
    record: [u8; MAX_RECORD_LEN],
    /// The refresh the screen waits for, while the panel is busy.
    pending: Option<Refresh>,
    /// The size of the image in the framebuffer and when its refresh started, until the panel
    /// finished it.
    refreshing: Option<(Size, u32)>,
    /// The sleep screen is shown: the panel sleeps once its refresh is done.
    sleep_due: bool,
    /// The panel was put to sleep and shows nothing new since.
    panel_asleep: bool,
    /// When the last input that changed the state came, while it is not written yet.
    unsaved_since: Option<u32>,
    faults: Faults,
}

impl<'a, 'buf, P: Panel, S: Storage> Reader<'a, 'buf, P, S> {
    /// Starts the reader at time `now_ms`: loads the saved state from `storage` (the defaults
    /// if there is none or it cannot be read), opens the book read last at its place or the
    /// library, and shows it with a full refresh. `index` holds the open book's page index
    /// (the core's [`SparseIndex`], ≈ 5.7 KiB whatever the book's length), `framebuffer` at
    /// least [`framebuffer_len`] of the panel bytes; a portrait screen goes to the panel turned
    /// as `device` says.
    pub fn start(
        library: Library<'a>,
        index: &'buf mut SparseIndex,
        framebuffer: &'buf mut [u8],
        device: Device,
        panel: P,
        storage: S,
        now_ms: u32,
    ) -> Result<Self, ConfigError> {
        let parts = (index, framebuffer, device, panel, storage);
        Self::start_with(library, ExtraLibraries::NONE, parts, now_ms)
    }

    /// Starts the reader as [`start`](Self::start) does, with the books of `extra`'s
    /// libraries after the built-in `library`'s, and its refusal notice up if it has one. `parts` are `start`'s index,
    /// framebuffer, device, panel and storage.
    pub fn start_with(
        library: Library<'a>,
        extra: ExtraLibraries<'a>,
        parts: (&'buf mut SparseIndex, &'buf mut [u8], Device, P, S),
        now_ms: u32,
    ) -> Result<Self, ConfigError> {
        let (index, framebuffer, device, panel, storage) = parts;
        let config = Config::try_new(device.profile.body_sizes)?;
        let mut faults = Faults::default();
        let mut record = [0; MAX_RECORD_LEN];
        let mut store = Store::new(storage).ok();
        let state = match store.as_mut().map(|store| store.load(&mut record)) {
            Some(Ok(state)) => state,
            Some(Err(_)) | None => {
                faults.storage += 1;
                Default::default()
            }
        };
        let mut books = LibraryBooks::new(library, device.profile, index);
        // A fresh reader holds one library, so the others fit; one that did not would be
        // refused.
        let mut refused = extra.refused;
        for library in extra.libraries.into_iter().flatten() {
            refused |= books.push(library).is_err();
        }
        let mut ui = Ui::new(state, config, &mut books, now_ms);
        if refused {
            ui.show_notice(Notice::BadLibrary);
        }
        let mut reader = Reader {
            ui,
            books,
            framebuffer,
            device,
            panel,
            store,
            record,
            pending: Some(Refresh::Full),
            refreshing: None,
            sleep_due: false,
            panel_asleep: false,
            unsaved_since: None,
            faults,
        };
        reader.refresh_panel(now_ms);
        Ok(reader)
    }

    /// Feeds the button presses completed by `now_ms` (none, mostly): runs them through the
    /// UI, lets the UI's inactivity clock run, redraws what changed once the panel is free, and
    /// writes the state when due. Call it every few milliseconds, also while the panel
    /// refreshes. While the open book's pages are still being counted, a poll without a press
    /// counts a slice of them ([`WORK_SLICE`]).
    pub fn poll(&mut self, inputs: impl IntoIterator<Item = Input>, now_ms: u32) {
        let mut pressed = false;
        for input in inputs {
            let update = self.ui.handle(input, &mut self.books, now_ms);
            self.take(update, now_ms);
            pressed = true;
        }
        let update = self.ui.tick(now_ms);
        self.take(update, now_ms);
        if !pressed && self.ui.has_work_ahead() {
            let update = self.ui.work_ahead(&mut self.books, WORK_SLICE);
            self.take(update, now_ms);
        }
        self.refresh_panel(now_ms);
        if let Some(since) = self.unsaved_since {
            if now_ms.wrapping_sub(since) >= SAVE_AFTER_IDLE_MS {
                self.save();
            }
        }
    }

    /// The UI.
    pub fn ui(&self) -> &Ui {
        &self.ui
    }

    /// Whether the sleep screen is up (the firmware may then sample the buttons less often).
    pub fn is_asleep(&self) -> bool {
        self.ui.is_asleep()
    }

    /// Whether the reader sleeps with nothing left to do: the sleep screen is on the panel,
    /// the panel sleeps and the state is written. A board may then cut its own power, or go
    /// into a deep sleep that a button wakes from by restarting the firmware: the reader starts
    /// again where it was.
    pub fn is_dormant(&self) -> bool {
        self.ui.is_asleep()
            && self.panel_asleep
            && self.pending.is_none()
            && self.refreshing.is_none()
            && self.unsaved_since.is_none()
    }

    /// Notes the battery's charge in percent (`None`: not known) at `now_ms`, for the reading
    /// view's status line: a page that is up shows the new charge with a partial refresh.
    pub fn set_battery(&mut self, percent: Option<u8>, now_ms: u32) {
        let update = self.ui.set_battery(percent);
        self.take(update, now_ms);
        self.refresh_panel(now_ms);
    }

    /// The failures survived so far.
    pub fn faults(&self) -> Faults {
        self.faults
    }

    /// Whether a changed state waits to be written.
    pub fn is_unsaved(&self) -> bool {
        self.unsaved_since.is_some()
    }

    /// The panel.
    pub fn panel(&self) -> &P {
        &self.panel
    }

    /// Gives the storage back (none if the store refused it).
    pub fn into_storage(self) -> Option<S> {
        self.store.map(Store::into_inner)
    }

    /// Notes what the UI said after an input or a tick: a state to write, a screen to redraw
    /// (a full refresh asked for wins over a partial one still waiting).
    fn take(&mut self, update: Update, now_ms: u32) {
        if update.state_changed {
            self.unsaved_since = Some(now_ms);
        }
        if update.redraw != Redraw::Nothing {
            self.pending = match (self.pending, update.refresh) {
                (Some(Refresh::Full), _) | (_, Refresh::Full) => Some(Refresh::Full),
                _ => Some(Refresh::Partial),
            };
        }
    }

    /// Once the panel is free: completes its refresh, then shows the screen if it changed, or
    /// puts the panel to sleep after the sleep screen.
    fn refresh_panel(&mut self, now_ms: u32) {
        if let Some((_, started)) = self.refreshing {
            // A busy line that cannot be read counts as done: `finish` then waits for it.
            let busy = self.panel.is_busy().unwrap_or_else(|_| {
                self.faults.panel += 1;
                false
            });
            if !busy {
                self.finish_refresh();
            } else if now_ms.wrapping_sub(started) < REFRESH_TIMEOUT_MS {
                return;
            } else {
                // Waiting longer would stop the buttons: the panel is reset for the next screen.
                self.refreshing = None;
                self.panel.abandon();
                self.faults.panel += 1;
            }
        }
        if let Some(refresh) = self.pending.take() {
            self.panel_asleep = false;
            self.show(refresh, now_ms);
            self.sleep_due = self.ui.is_asleep();
            if self.sleep_due {
                self.save();
            }
        } else if self.sleep_due {
            self.sleep_due = false;
            if self.panel.sleep().is_err() {
                self.faults.panel += 1;
            }
            // A panel that failed to sleep still holds the sleep screen.
            self.panel_asleep = true;
        }
    }

    /// Completes the running refresh with the image it shows, still in the framebuffer.
    fn finish_refresh(&mut self) {
        let Some((size, _)) = self.refreshing.take() else {
            return;
        };
        let finished = PanelImage::new(
            self.framebuffer,
            size,
            self.device.profile.panel,
            self.device.rotation,
        )
        .map(|image| self.panel.finish(&image));
        if !matches!(finished, Some(Ok(()))) {
            self.faults.panel += 1;
        }
    }

    /// Draws the UI's screen and starts showing it with `refresh`.
    fn show(&mut self, refresh: Refresh, now_ms: u32) {
        let size: Size = self.device.profile.screen(self.ui.setup().orientation);
        let Ok(mut framebuffer) = PackedFramebuffer::new(self.framebuffer, size) else {
            self.faults.panel += 1;
            return;
        };
        // Drawing into a packed framebuffer cannot fail (its error type is `Infallible`).
        let _ = draw_screen(&mut framebuffer, &self.ui, &mut self.books);
        let shown = PanelImage::new(
            framebuffer.as_bytes(),
            size,
            self.device.profile.panel,
            self.device.rotation,
        )
        .map(|image| self.panel.show(&image, refresh));
        match shown {
            Some(Ok(_)) => self.refreshing = Some((size, now_ms)),
            _ => self.faults.panel += 1,
        }
    }

    /// Writes the state (the store skips a state equal to the stored one).
    fn save(&mut self) {
        self.unsaved_since = None;
        let Some(store) = &mut self.store else {
            return;
        };
        if store.save(self.ui.state(), &mut self.record).is_err() {
            self.faults.storage += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::FlashStorage;
    use crate::testing::{Chip, Recorder};
    use crate::two_keys::{TwoKeys, HOLD_MS, LONG_HOLD_MS};
    use core::ops::{Deref, DerefMut};
    use moye::persist::{Orientation, WritingMode};
    use moye::profile::PICO_EPD42;
    use moye::ui::{Books, PageSetup, Screen, LINE_SPACING_PRESETS};

    /// The Pico, held in portrait.
    const PROFILE: Profile = PICO_EPD42;
    const DEVICE: Device = Device {
        profile: PROFILE,
        rotation: Rotation::Clockwise,
    };

    /// A 64 KiB flash chip, the storage in its last two sectors.
    const CHIP: usize = 64 * 1024;
    const STORAGE_OFFSET: usize = CHIP - 8192;

    fn chip() -> Chip {
        Chip::new(CHIP)
    }

    /// The reader with the Pico's two keys, as its firmware drives it.
    struct TestReader {
        reader: Reader<'static, 'static, Recorder, FlashStorage<Chip>>,
        keys: TwoKeys,
    }

    impl TestReader {
        /// Feeds a sample of the two keys (`true`: pressed) taken at `now_ms`.
        fn poll(&mut self, keys: [bool; 2], now_ms: u32) {
            let inputs = self.keys.update(keys, now_ms);
            self.reader.poll(inputs.into_iter().flatten(), now_ms);
        }

        fn into_storage(self) -> Option<FlashStorage<Chip>> {
            self.reader.into_storage()
        }
    }

    impl Deref for TestReader {
        type Target = Reader<'static, 'static, Recorder, FlashStorage<Chip>>;
        fn deref(&self) -> &Self::Target {
            &self.reader
        }
    }

    impl DerefMut for TestReader {
        fn deref_mut(&mut self) -> &mut Self::Target {
            &mut self.reader
        }
    }

    /// A reader at time 0 over `chip`, with buffers of its own, and a panel done at once.
    fn start(chip: Chip) -> TestReader {
        start_with(chip, Recorder::default())
    }

    /// A reader at time 0 over `chip` and `panel`.
    fn start_with(chip: Chip, panel: Recorder) -> TestReader {
        let index = Box::leak(Box::new(SparseIndex::new()));
        let len = framebuffer_len(PROFILE.panel);
        let framebuffer = Box::leak(vec![0u8; len].into_boxed_slice());
        let reader = Reader::start(
            Library::builtin().unwrap(),
            index,
            framebuffer,
            DEVICE,
            panel,
            FlashStorage::new(chip, STORAGE_OFFSET as u32, 2).unwrap(),
            0,
        )
        .unwrap();
        TestReader {
            reader,
            keys: TwoKeys::new(),
        }
    }

    /// A reader at time 0 over a fresh chip, with `extra` beside the built-in library.
    fn start_extra(extra: ExtraLibraries<'static>) -> TestReader {
        let index = Box::leak(Box::new(SparseIndex::new()));
        let framebuffer = Box::leak(vec![0u8; framebuffer_len(PROFILE.panel)].into_boxed_slice());
        let storage = FlashStorage::new(chip(), STORAGE_OFFSET as u32, 2).unwrap();
        let parts = (
            index,
            &mut framebuffer[..],
            DEVICE,
            Recorder::default(),
            storage,
        );
        let reader = Reader::start_with(Library::builtin().unwrap(), extra, parts, 0).unwrap();
        TestReader {
            reader,
            keys: TwoKeys::new(),
        }
    }

    #[test]
    fn libraries_read_beside_the_built_in_one_add_their_books_and_a_refused_one_a_notice() {
        let builtin = Library::builtin().unwrap();
        let count = |reader: &TestReader| match reader.ui().screen() {
            Screen::Library(list) => list.len,
            _ => unreachable!("starts in the library"),
        };
        let plain = start_extra(ExtraLibraries::NONE);
        let books = count(&plain);
        assert_eq!(books, builtin.book_count());
        assert_eq!(plain.ui().notice(), None);

        // The same blob, parsed again, stands for a card's libraries: their books follow, the
        // first library's, then the second's.
        let extra = Library::parse(Library::builtin_blob()).unwrap();
        let two = ExtraLibraries {
            libraries: [Some(extra), Some(extra), None],
            refused: false,
        };
        let mut read = start_extra(two);
        assert_eq!(count(&read), 3 * books);
        assert_eq!(read.ui().notice(), None);
        // The second card library's first book opens: Next past the others, then Select.
        let mut now = 1000;
        for _ in 0..2 * books {
            now = tap(&mut read, now, KEY1);
        }
        hold(&mut read, now, KEY1);
        assert_eq!(read.ui().reading().unwrap().book, 2 * books);

        let refused = start_extra(ExtraLibraries {
            refused: true,
            ..ExtraLibraries::NONE
        });
        assert_eq!(count(&refused), books, "the built-in library alone");
        assert_eq!(refused.ui().notice(), Some(Notice::BadLibrary));
        // The notice is on the first screen: it differs from the plain start's.
        assert!(refused.panel().shown[0].1 != plain.panel().shown[0].1);
        // A refused file beside a good one: the good one's books, and the notice.
        let beside = start_extra(ExtraLibraries {
            libraries: [Some(extra), None, None],
            refused: true,
        });
        assert_eq!(count(&beside), 2 * books);
        assert_eq!(beside.ui().notice(), Some(Notice::BadLibrary));
    }

    #[test]
    fn the_framebuffer_holds_either_orientation() {
        assert_eq!(framebuffer_len(PICO_EPD42.panel), 38 * 400);
        assert_eq!(framebuffer_len(moye::profile::X4.panel), 48_000);
    }

    /// Drives the keys like a hand: `gesture` is (key 0, key 1) held for `ms` milliseconds,
    /// sampled every 5 ms, then both released for 100 ms. Returns the time after.
    fn press(reader: &mut TestReader, now: u32, keys: [bool; 2], ms: u32) -> u32 {
        let mut t = now;
        while t < now + ms {
            reader.poll(keys, t);
            t += 5;
        }
        while t < now + ms + 100 {
            reader.poll([false, false], t);
            t += 5;
        }
        t
    }

    const KEY0: [bool; 2] = [true, false];
    const KEY1: [bool; 2] = [false, true];

    /// Polls with no key pressed until the panel has shown every screen and finished its
    /// refresh. Returns the time after.
    fn until_shown(reader: &mut TestReader, mut now: u32) -> u32 {
        while reader.panel().running || reader.pending.is_some() {
            reader.poll([false, false], now);
            now += 5;
        }
        now
    }

    fn tap(reader: &mut TestReader, now: u32, keys: [bool; 2]) -> u32 {
        press(reader, now, keys, 100)
    }

    fn hold(reader: &mut TestReader, now: u32, keys: [bool; 2]) -> u32 {
        press(reader, now, keys, HOLD_MS + 200)
    }

    fn refreshes(reader: &TestReader) -> Vec<Refresh> {
        reader
            .panel()
            .shown
            .iter()
            .map(|(refresh, _)| *refresh)
            .collect()
    }

    #[test]
    fn it_starts_in_the_library_opens_a_book_and_turns_pages_with_the_refreshes_asked() {
        let mut reader = start(chip());
        assert!(matches!(reader.ui().screen(), Screen::Library(_)));
        assert_eq!(refreshes(&reader), [Refresh::Full]);
        let library = reader.panel().shown[0].1.clone();
        assert_eq!(library.len(), 15_000);
        assert!(
            library.iter().any(|&b| b != 0xFF),
            "the library list is drawn"
        );

        let mut now = tap(&mut reader, 1000, KEY1); // Next: the second book, the longer one
        assert_eq!(refreshes(&reader), [Refresh::Full, Refresh::Partial]);
        now = hold(&mut reader, now, KEY1); // Select: open it
        let view = reader.ui().reading().expect("a book is open");
        assert_eq!((view.book, view.page), (1, Some(0)));
        assert!(view.pages > Some(10));
        assert_eq!(*refreshes(&reader).last().unwrap(), Refresh::Full);
        let opened = reader.panel().shown.len();
        // Default settings: a full refresh every 8 page turns.
        for _ in 0..9 {
            now = tap(&mut reader, now, KEY1);
        }
        assert_eq!(reader.ui().reading().unwrap().page.unwrap(), 9);
        let turns: Vec<Refresh> = refreshes(&reader)[opened..].to_vec();
        let mut expected = vec![Refresh::Partial; 9];
        expected[7] = Refresh::Full;
        assert_eq!(turns, expected);
        // Each page looks different from the one before.
        let shown = &reader.panel().shown;
        assert!(shown.windows(2).all(|pair| pair[0].1 != pair[1].1));
        now = tap(&mut reader, now, KEY0);
        assert_eq!(reader.ui().reading().unwrap().page.unwrap(), 8);
        assert_eq!(reader.faults(), Faults::default());
        let _ = now;
    }

    #[test]
    fn taps_during_a_refresh_all_count_and_one_refresh_shows_where_they_led() {
        // A partial refresh of 100 polls (0.5 s); taps every 0.2 s.
        let slow = Recorder {
            busy_polls: 100,
            ..Recorder::default()
        };
        let mut reader = start_with(chip(), slow);
        let mut now = 1000;
        // Let the first (full) refresh end, then open the second book.
        now = until_shown(&mut reader, now);
        now = hold(&mut reader, now, KEY1);
        now = until_shown(&mut reader, now);
        let opened = reader.panel().shown.len();
        for _ in 0..3 {
            now = tap(&mut reader, now, KEY1);
        }
        assert_eq!(
            reader.ui().reading().unwrap().page.unwrap(),
            3,
            "no tap was lost"
        );
        now = until_shown(&mut reader, now);
        // The first tap's refresh started at once; the other two waited for it and were shown
        // by one refresh.
        let shown = &reader.panel().shown;
        assert_eq!(shown.len(), opened + 2);
        // The same three taps on a panel done at once: the same page at the end.
        let mut quick = start(chip());
        let mut t = hold(&mut quick, 1000, KEY1);
        for _ in 0..3 {
            t = tap(&mut quick, t, KEY1);
        }
        let quick_shown = &quick.panel().shown;
        assert!(
            shown[opened].1 == quick_shown[quick_shown.len() - 3].1,
            "page 1"
        );
        assert!(
            shown[opened + 1].1 == quick_shown[quick_shown.len() - 1].1,
            "page 3"
        );
        // Each refresh was finished with the image it showed, before the next was drawn.
        let finished = &reader.panel().finished;
        assert_eq!(finished.len(), shown.len());
        assert!(finished
            .iter()
            .zip(shown)
            .all(|(done, (_, image))| done == image));
        // Falling asleep: the state is written at once, the panel sleeps after its refresh.
        now = press(&mut reader, now, KEY0, LONG_HOLD_MS + 100);
        assert!(reader.is_asleep() && !reader.is_unsaved());
        assert_eq!((reader.panel().sleeps, reader.panel().running), (0, true));
        assert!(!reader.is_dormant(), "the sleep screen is still refreshing");
        until_shown(&mut reader, now);
        assert_eq!(reader.panel().sleeps, 1);
        assert!(reader.is_dormant());
        assert_eq!(reader.panel().finished.len(), reader.panel().shown.len());
        assert_eq!(reader.faults(), Faults::default());
    }

    #[test]
    fn a_new_battery_charge_redraws_the_status_line_with_a_partial_refresh() {
        let mut reader = start(chip());
        let mut now = hold(&mut reader, 1000, KEY1);
        assert!(!reader.is_dormant());
        // The opened book's place is written after a pause.
        for _ in 0..(SAVE_AFTER_IDLE_MS + 100) / 5 {
            reader.poll([false, false], now);
            now += 5;
        }
        assert!(!reader.is_unsaved());
        let opened = reader.panel().shown.len();
        reader.set_battery(Some(100), now);
        reader.set_battery(Some(100), now + 5);
        reader.set_battery(Some(20), now + 10);
        let shown = &reader.panel().shown;
        assert_eq!(shown.len(), opened + 2, "one refresh per change");
        assert!(shown[opened..]
            .iter()
            .all(|(refresh, _)| *refresh == Refresh::Partial));
        // Only the status line changed: the portrait page's rows y are the panel's columns
        // (clockwise), so its bytes changed only in the columns of the status line's rows (the
        // title, cut shorter by the gauge, in the smallest body size rising above them).
        let page = &shown[opened - 1].1;
        let (full, low) = (&shown[opened].1, &shown[opened + 1].1);
        assert!(page != full && full != low);
        let status = PROFILE.status_area(Orientation::Portrait);
        let title = usize::from(PROFILE.body_sizes[0]);
        let top = status.top_left.y as usize;
        let rows = top - title..top + status.size.height as usize;
        let columns = rows.start / 8..rows.end.div_ceil(8);
        let stride = PROFILE.panel.width as usize / 8;
        for (i, (a, b)) in page.iter().zip(full).enumerate() {
            assert!(
                a == b || columns.contains(&(i % stride)),
                "byte {i} changed"
            );
        }
        assert_eq!(reader.ui().battery(), Some(20));
        assert!(!reader.is_unsaved(), "the charge is not state");
    }

    #[test]
    fn a_refresh_that_never_ends_is_given_up_after_the_timeout() {
        let stuck = Recorder {
            busy_polls: usize::MAX,
            ..Recorder::default()
        };
        let mut reader = start_with(chip(), stuck);
        // Open the book while the first refresh hangs: the UI moves on at once.
        let mut now = hold(&mut reader, 1000, KEY1);
        assert!(reader.ui().reading().is_some());
        assert_eq!(reader.panel().shown.len(), 1, "waiting for the panel");
        while now < REFRESH_TIMEOUT_MS + 100 {
            reader.poll([false, false], now);
            now += 5;
        }
        // Given up once, and the book shown with the panel's next refresh.
        assert_eq!(reader.panel().abandoned, 1);
        assert_eq!(reader.panel().shown.len(), 2);
        assert_eq!(reader.faults().panel, 1);
    }

    #[test]
    fn a_turn_of_the_device_during_a_refresh_finishes_it_at_its_own_size() {
        let slow = Recorder {
            busy_polls: 50,
            ..Recorder::default()
        };
        let mut reader = start_with(chip(), slow);
        let mut now = hold(&mut reader, 1000, KEY1);
        now = until_shown(&mut reader, now);
        // Portrait page shown; the reader then turns the device while it refreshes.
        now = tap(&mut reader, now, KEY1);
        assert!(reader.panel().running);
        let portrait = reader.panel().shown.last().unwrap().1.clone();
        let inner = &mut reader.reader;
        let update = inner
            .ui
            .apply(moye::ui::Command::Rotate, &mut inner.books, now);
        inner.take(update, now);
        until_shown(&mut reader, now);
        let panel = reader.panel();
        let (refresh, landscape) = panel.shown.last().unwrap();
        assert_eq!(*refresh, Refresh::Full, "a turn refreshes fully");
        assert!(*landscape != portrait);
        // The portrait refresh was finished with the portrait image, not the landscape one.
        let n = panel.finished.len();
        assert!(panel.finished[n - 2] == portrait && panel.finished[n - 1] == *landscape);
        assert_eq!(reader.ui().setup().orientation, Orientation::Landscape);
    }

    #[test]
    fn the_state_is_written_after_a_pause_and_a_restart_resumes_on_the_same_page() {
        let mut reader = start(chip());
        let mut now = hold(&mut reader, 1000, KEY1);
        for _ in 0..3 {
            now = tap(&mut reader, now, KEY1);
        }
        assert!(reader.is_unsaved());
        // Nothing written while the reader keeps turning pages…
        let written = |reader: TestReader| reader.into_storage().unwrap().into_inner();
        let mut idle = now;
        while idle < now + SAVE_AFTER_IDLE_MS - 200 {
            reader.poll([false, false], idle);
            idle += 5;
        }
        assert!(reader.is_unsaved());
        // …and written once it rests.
        while idle < now + SAVE_AFTER_IDLE_MS + 100 {
            reader.poll([false, false], idle);
            idle += 5;
        }
        assert!(!reader.is_unsaved());
        let view = reader.ui().reading().unwrap();
        let chip = written(reader);
        // The test chip starts neither erased nor ours: the first save erases slot A.
        assert_eq!(chip.erases.len(), 1, "one save, one sector erased");

        let resumed = start(chip);
        let again = resumed.ui().reading().expect("the book read last reopens");
        assert_eq!(
            (again.book, again.page, again.position),
            (view.book, Some(3), view.position)
        );
    }

    #[test]
    fn reading_page_by_page_saves_every_page_and_seldom_erases() {
        let mut reader = start(chip());
        let mut now = hold(&mut reader, 1000, KEY1);
        let turns: usize = 300;
        for turn in 0..turns {
            // On and back, so that every turn changes the place.
            now = tap(&mut reader, now, if turn % 2 == 0 { KEY1 } else { KEY0 });
            assert!(reader.is_unsaved());
            for _ in 0..(SAVE_AFTER_IDLE_MS + 100) / 5 {
                reader.poll([false, false], now);
                now += 5;
            }
            assert!(!reader.is_unsaved());
        }
        let page = reader.ui().reading().unwrap().page.unwrap();
        let chip = reader.into_storage().unwrap().into_inner();
        // The slots take turns; each holds as many records as fit its 4 KiB.
        let storage = STORAGE_OFFSET;
        let record = u16::from_le_bytes([chip.bytes[storage + 6], chip.bytes[storage + 7]]);
        let per_sector = 4096 / (24 + usize::from(record));
        println!(
            "{turns} saves, {} erases; records of {record} bytes, {per_sector} per sector",
            chip.erases.len()
        );
        assert!(per_sector >= 60, "{record}-byte records");
        // Each slot: one erase of the chip's first contents, then one per full sector.
        let per_slot = turns.div_ceil(2) + 1;
        assert!(chip.erases.len() <= 2 * (1 + per_slot / per_sector));
        assert_eq!(start(chip).ui().reading().unwrap().page.unwrap(), page);
    }

    #[test]
    fn a_long_hold_of_key0_sleeps_saves_at_once_and_any_key_wakes() {
        let mut reader = start(chip());
        let mut now = hold(&mut reader, 1000, KEY1);
        now = tap(&mut reader, now, KEY1);
        now = press(&mut reader, now, KEY0, LONG_HOLD_MS + 300);
        assert!(reader.is_asleep());
        assert_eq!(reader.panel().sleeps, 1);
        assert!(!reader.is_unsaved(), "saved on falling asleep");
        assert_eq!(*refreshes(&reader).last().unwrap(), Refresh::Full);
        now = tap(&mut reader, now, KEY1);
        assert!(!reader.is_asleep());
        assert_eq!(
            reader.ui().reading().unwrap().page.unwrap(),
            1,
            "waking turns no page"
        );
        assert_eq!(*refreshes(&reader).last().unwrap(), Refresh::Full);
        let _ = now;
    }

    #[test]
    fn chords_jump_by_headings() {
        let mut reader = start(chip());
        let now = hold(&mut reader, 1000, KEY1);
        // Hold KEY0, press KEY1: long Next, the next heading.
        let mut t = now;
        while t < now + 400 {
            let key1 = (now + 100..now + 200).contains(&t);
            reader.poll([true, key1], t);
            t += 5;
        }
        reader.poll([false, false], t);
        let page = reader.ui().reading().unwrap().page.unwrap();
        assert!(page > 0, "a heading further on");
    }

    #[test]
    fn a_blank_flash_and_a_corrupt_one_both_start_with_the_defaults() {
        let reader = start(chip());
        assert_eq!(reader.faults(), Faults::default());
        let mut chip = chip();
        let storage = STORAGE_OFFSET;
        chip.bytes[storage..storage + 8192].fill(0x00);
        let reader = start(chip);
        assert!(matches!(reader.ui().screen(), Screen::Library(_)));
    }

    #[test]
    fn every_book_is_counted_at_every_setup() {
        let library = Library::builtin().unwrap();
        let mut index = SparseIndex::new();
        let mut books = LibraryBooks::new(library, PROFILE, &mut index);
        let mut most = 0;
        for book in 0..books.book_count() {
            for &font_size in PROFILE.body_sizes {
                for orientation in [Orientation::Portrait, Orientation::Landscape] {
                    for rendition in [
                        moye::persist::Rendition::Simplified,
                        moye::persist::Rendition::Traditional,
                        moye::persist::Rendition::Original,
                    ] {
                        for writing in [WritingMode::Horizontal, WritingMode::Vertical] {
                            let setup = PageSetup {
                                font_size,
                                rendition,
                                orientation,
                                line_spacing_percent: LINE_SPACING_PRESETS[0],
                                prohibition: Default::default(),
                                hanging_punctuation: false,
                                punctuation: Default::default(),
                                writing,
                                upright_digits: writing.is_vertical(),
                            };
                            let mut count = books.open(book, &setup, None).unwrap();
                            while count.total != Some(count.known) {
                                count = books.work_ahead(WORK_SLICE);
                            }
                            most = most.max(count.known);
                        }
                    }
                }
            }
        }
        assert!(most > 1);
        println!(
            "most pages of any book at any setup: {most}; blob: {} bytes, sizes {:?}",
            library.size(),
            library.fonts().map(|font| font.size()).collect::<Vec<_>>()
        );
    }
}
