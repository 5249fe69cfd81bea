//! The reader as the board runs it: the core's UI state machine ([`Ui`]) over the built-in
//! library ([`LibraryBooks`]), drawn by the core's screen drawer ([`draw_screen`]) into the
//! packed framebuffer and shown on the panel with the refresh the UI asks for, driven by the
//! two keys ([`TwoKeys`]) and the time, with its state saved to flash through the core's
//! A/B-slot [`Store`].
//!
//! Everything here is generic over the [`Panel`] and the [`Storage`], so the host tests run the
//! whole reader over the real library with a recording panel and a NOR flash model; the
//! firmware plugs in the SSD1683 over SPI and the RP2040's flash.
//!
//! # When the state is written
//!
//! The UI reports a changed state after nearly every page turn. Writing it at once would erase
//! a flash sector per page turn (each sector endures about 100,000 erases, the two slots take
//! turns), and an erase stalls the processor for some 50 ms. So the reader writes once no key
//! has been pressed for [`SAVE_AFTER_IDLE_MS`], and at once when it falls asleep (by the long
//! hold of KEY0 or after the UI's inactivity time). Power lost within those seconds of a page
//! turn loses that page turn's position; nothing else is at risk (see `moye::persist::slots`).

use embedded_graphics::prelude::Size;
use moye::format::Library;
use moye::persist::{Storage, Store, MAX_RECORD_LEN};
use moye::profile::{Profile, PICO_EPD42};
use moye::render::PackedFramebuffer;
use moye::ui::{draw_screen, Config, ConfigError, LibraryBooks, Redraw, Refresh, Ui, Update};
use moye::Position;

use crate::keys::TwoKeys;
use crate::panel::{PanelImage, Rotation};
use crate::ssd1683::{Bus, Ssd1683};

/// The device profile: the Pico-ePaper-4.2, 400 × 300, read in portrait at 16, 20 or 24 px.
pub const PROFILE: Profile = PICO_EPD42;

/// Page starts the open book's index has room for (4 bytes each). The longest built-in book
/// at the smallest size and the tightest line spacing needs far fewer; a host test checks every
/// book, size, rendition and orientation against it.
pub const MAX_PAGES: usize = 1024;

/// Bytes of the framebuffer: the portrait screen, 38 × 400 (a landscape one needs 50 × 300).
pub const FRAMEBUFFER_LEN: usize = PackedFramebuffer::buffer_len(300, 400);

/// The state is written once no key was pressed for this long (milliseconds).
pub const SAVE_AFTER_IDLE_MS: u32 = 5_000;

/// What the reader shows pages on.
pub trait Panel {
    /// What can go wrong.
    type Error;

    /// Shows `image` with `refresh` (or a full refresh, when the panel cannot do a partial
    /// one now); returns the refresh done.
    fn show(&mut self, image: &PanelImage<'_>, refresh: Refresh) -> Result<Refresh, Self::Error>;

    /// Lets the panel sleep until the next [`show`](Panel::show); the image stays.
    fn sleep(&mut self) -> Result<(), Self::Error>;
}

impl<B: Bus> Panel for Ssd1683<B> {
    type Error = B::Error;

    fn show(&mut self, image: &PanelImage<'_>, refresh: Refresh) -> Result<Refresh, B::Error> {
        Ssd1683::show(self, image, refresh)
    }

    fn sleep(&mut self) -> Result<(), B::Error> {
        Ssd1683::sleep(self)
    }
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
    rotation: Rotation,
    panel: P,
    store: Option<Store<S>>,
    record: [u8; MAX_RECORD_LEN],
    keys: TwoKeys,
    /// When the last input that changed the state came, while it is not written yet.
    unsaved_since: Option<u32>,
    faults: Faults,
}

impl<'a, 'buf, P: Panel, S: Storage> Reader<'a, 'buf, P, S> {
    /// Starts the reader at time `now_ms`: loads the saved state from `storage` (the defaults
    /// if there is none or it cannot be read), opens the book read last at its place or the
    /// library, and shows it with a full refresh. `starts` holds the open book's page index
    /// (see [`MAX_PAGES`]), `framebuffer` at least [`FRAMEBUFFER_LEN`] bytes; a portrait
    /// screen goes to the panel turned by `rotation`.
    pub fn start(
        library: Library<'a>,
        starts: &'buf mut [Position],
        framebuffer: &'buf mut [u8],
        rotation: Rotation,
        panel: P,
        storage: S,
        now_ms: u32,
    ) -> Result<Self, ConfigError> {
        let config = Config::try_new(PROFILE.body_sizes)?;
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
        let mut books = LibraryBooks::new(library, PROFILE, starts);
        let ui = Ui::new(state, config, &mut books, now_ms);
        let mut reader = Reader {
            ui,
            books,
            framebuffer,
            rotation,
            panel,
            store,
            record,
            keys: TwoKeys::new(),
            unsaved_since: None,
            faults,
        };
        reader.show(Refresh::Full);
        Ok(reader)
    }

    /// Feeds a sample of the keys (`true`: pressed) taken at `now_ms`: runs the presses it
    /// completes through the UI, lets the UI's inactivity clock run, redraws what changed and
    /// writes the state when due. Call it every few milliseconds.
    pub fn poll(&mut self, keys: [bool; 2], now_ms: u32) {
        for input in self.keys.update(keys, now_ms).into_iter().flatten() {
            let update = self.ui.handle(input, &mut self.books, now_ms);
            self.apply(update, now_ms);
        }
        let update = self.ui.tick(now_ms);
        self.apply(update, now_ms);
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

    /// Whether the sleep screen is up (the firmware may then sample the keys less often).
    pub fn is_asleep(&self) -> bool {
        self.ui.is_asleep()
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

    /// Acts on what the UI said after an input or a tick.
    fn apply(&mut self, update: Update, now_ms: u32) {
        if update.state_changed {
            self.unsaved_since = Some(now_ms);
        }
        if update.redraw == Redraw::Nothing {
            return;
        }
        self.show(update.refresh);
        if self.ui.is_asleep() {
            self.save();
            if self.panel.sleep().is_err() {
                self.faults.panel += 1;
            }
        }
    }

    /// Draws the UI's screen and shows it with `refresh`.
    fn show(&mut self, refresh: Refresh) {
        let size: Size = PROFILE.screen(self.ui.setup().orientation);
        let Ok(mut framebuffer) = PackedFramebuffer::new(self.framebuffer, size) else {
            self.faults.panel += 1;
            return;
        };
        // Drawing into a packed framebuffer cannot fail (its error type is `Infallible`).
        let _ = draw_screen(&mut framebuffer, &self.ui, &mut self.books);
        let shown = PanelImage::new(framebuffer.as_bytes(), size, self.rotation)
            .map(|image| self.panel.show(&image, refresh));
        if !matches!(shown, Some(Ok(_))) {
            self.faults.panel += 1;
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
    use crate::keys::{HOLD_MS, LONG_HOLD_MS};
    use crate::storage::FlashStorage;
    use crate::testing::Chip;
    use moye::persist::Orientation;
    use moye::ui::{Books, PageSetup, Screen, LINE_SPACING_PRESETS};

    /// A panel that keeps what it was shown.
    #[derive(Default)]
    struct Recorder {
        shown: Vec<(Refresh, Vec<u8>)>,
        sleeps: usize,
        asleep: bool,
    }

    impl Panel for Recorder {
        type Error = ();

        fn show(&mut self, image: &PanelImage<'_>, refresh: Refresh) -> Result<Refresh, ()> {
            let refresh = if self.asleep { Refresh::Full } else { refresh };
            let mut bytes = Vec::new();
            image.send_rows(|rows| {
                bytes.extend_from_slice(rows);
                Ok::<(), ()>(())
            })?;
            self.shown.push((refresh, bytes));
            self.asleep = false;
            Ok(refresh)
        }

        fn sleep(&mut self) -> Result<(), ()> {
            self.sleeps += 1;
            self.asleep = true;
            Ok(())
        }
    }

    type TestReader = Reader<'static, 'static, Recorder, FlashStorage<Chip>>;

    /// A reader at time 0 over `chip`, with buffers of its own.
    fn start(chip: Chip) -> TestReader {
        let starts = Box::leak(vec![Position::START; MAX_PAGES].into_boxed_slice());
        let framebuffer = Box::leak(vec![0u8; FRAMEBUFFER_LEN].into_boxed_slice());
        Reader::start(
            Library::builtin().unwrap(),
            starts,
            framebuffer,
            Rotation::Clockwise,
            Recorder::default(),
            FlashStorage::new(chip),
            0,
        )
        .unwrap()
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
        let mut reader = start(Chip::new());
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
        assert_eq!((view.book, view.page), (1, 0));
        assert!(view.pages > 10);
        assert_eq!(*refreshes(&reader).last().unwrap(), Refresh::Full);
        let opened = reader.panel().shown.len();
        // Default settings: a full refresh every 8 page turns.
        for _ in 0..9 {
            now = tap(&mut reader, now, KEY1);
        }
        assert_eq!(reader.ui().reading().unwrap().page, 9);
        let turns: Vec<Refresh> = refreshes(&reader)[opened..].to_vec();
        let mut expected = vec![Refresh::Partial; 9];
        expected[7] = Refresh::Full;
        assert_eq!(turns, expected);
        // Each page looks different from the one before.
        let shown = &reader.panel().shown;
        assert!(shown.windows(2).all(|pair| pair[0].1 != pair[1].1));
        now = tap(&mut reader, now, KEY0);
        assert_eq!(reader.ui().reading().unwrap().page, 8);
        assert_eq!(reader.faults(), Faults::default());
        let _ = now;
    }

    #[test]
    fn the_state_is_written_after_a_pause_and_a_restart_resumes_on_the_same_page() {
        let mut reader = start(Chip::new());
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
        assert_eq!(chip.erases.len(), 1, "one save, one sector erased");

        let resumed = start(chip);
        let again = resumed.ui().reading().expect("the book read last reopens");
        assert_eq!(
            (again.book, again.page, again.position),
            (view.book, 3, view.position)
        );
    }

    #[test]
    fn a_long_hold_of_key0_sleeps_saves_at_once_and_any_key_wakes() {
        let mut reader = start(Chip::new());
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
            reader.ui().reading().unwrap().page,
            1,
            "waking turns no page"
        );
        assert_eq!(*refreshes(&reader).last().unwrap(), Refresh::Full);
        let _ = now;
    }

    #[test]
    fn chords_jump_by_headings() {
        let mut reader = start(Chip::new());
        let now = hold(&mut reader, 1000, KEY1);
        // Hold KEY0, press KEY1: long Next, the next heading.
        let mut t = now;
        while t < now + 400 {
            let key1 = (now + 100..now + 200).contains(&t);
            reader.poll([true, key1], t);
            t += 5;
        }
        reader.poll([false, false], t);
        let page = reader.ui().reading().unwrap().page;
        assert!(page > 0, "a heading further on");
    }

    #[test]
    fn a_blank_flash_and_a_corrupt_one_both_start_with_the_defaults() {
        let reader = start(Chip::new());
        assert_eq!(reader.faults(), Faults::default());
        let mut chip = Chip::new();
        let storage = crate::storage::STORAGE_OFFSET as usize;
        chip.bytes[storage..storage + 8192].fill(0x00);
        let reader = start(chip);
        assert!(matches!(reader.ui().screen(), Screen::Library(_)));
    }

    #[test]
    fn the_page_index_holds_every_book_at_every_setup() {
        let library = Library::builtin().unwrap();
        let mut starts = vec![Position::START; MAX_PAGES];
        let mut books = LibraryBooks::new(library, PROFILE, &mut starts);
        let mut most = 0;
        for book in 0..books.book_count() {
            for &font_size in PROFILE.body_sizes {
                for orientation in [Orientation::Portrait, Orientation::Landscape] {
                    for rendition in [
                        moye::persist::Rendition::Simplified,
                        moye::persist::Rendition::Traditional,
                        moye::persist::Rendition::Original,
                    ] {
                        let setup = PageSetup {
                            font_size,
                            rendition,
                            orientation,
                            line_spacing_percent: LINE_SPACING_PRESETS[0],
                            prohibition: Default::default(),
                            hanging_punctuation: false,
                        };
                        let pages = books.open(book, &setup).unwrap();
                        most = most.max(pages);
                    }
                }
            }
        }
        assert!(
            usize::from(most) * 2 <= MAX_PAGES,
            "{most} pages: keep a margin"
        );
        println!(
            "most pages of any book at any setup: {most}; blob: {} bytes, sizes {:?}",
            library.size(),
            library.fonts().map(|font| font.size()).collect::<Vec<_>>()
        );
    }
}
