//! [`Reader`]: the real reader behind the simulator's window and key scripts — the core's UI
//! state machine over the library, drawn by the core's screen drawer, with the state kept in
//! a file through the same A/B-slot store the boards use.

use std::path::Path;

use embedded_graphics::pixelcolor::BinaryColor;
use embedded_graphics::prelude::Size;
use embedded_graphics_simulator::SimulatorDisplay;
use moye::format::{Library, Script};
use moye::layout::SparseIndex;
use moye::persist::{self, FileStorage, State, Store, WritingMode, MAX_RECORD_LEN};
use moye::render::DrawTargetCanvas;
use moye::ui::{
    draw_screen, Books, Command, Config, LibraryBooks, Notice, PageSetup, Redraw, Ui, Update,
    WORK_SLICE_CHARS,
};

use crate::app::{Action, App, AppConfig, Refresh, Shortcut};
use crate::profile::Profile;

/// The state file: two 4 KiB sectors, like the two flash sectors a board sets aside.
const SECTOR: usize = 4096;

/// The reader, as the simulator shows it.
pub struct Reader {
    profile: Profile,
    books: LibraryBooks<'static, 'static>,
    ui: Ui,
    store: Option<Store<FileStorage>>,
    record: Vec<u8>,
    /// A save failed; said once on stderr, not on every page turn.
    save_failed: bool,
}

impl Reader {
    /// Opens the reader for `config`: the built-in library and, beside it, the `--library`
    /// file if given and valid (its books numbered after the built-in ones; a bad one is
    /// refused with a notice), the saved state, and the command line's choices of book, page,
    /// size, rendition and orientation on top of it.
    pub fn open(config: &AppConfig) -> Result<Reader, String> {
        let builtin =
            Library::builtin().map_err(|e| format!("the built-in library is damaged: {e}"))?;
        let profile = config.profile;
        // The same fixed-size page index as a board's, whatever the book's length.
        let index: &'static mut SparseIndex = Box::leak(Box::new(SparseIndex::new()));
        let mut books = LibraryBooks::new(builtin, profile, index);
        let mut refused = None;
        if let Some(path) = &config.library {
            match load_library(path) {
                Ok(extra) => {
                    books = books
                        .with(extra)
                        .map_err(|_| String::from("too many libraries"))?
                }
                Err(reason) => refused = Some(reason),
            }
        }
        let mut store = match &config.state_file {
            Some(path) => Some(open_store(path)?),
            None => None,
        };
        let mut record = vec![0; MAX_RECORD_LEN];
        let mut state = match &mut store {
            Some(store) => store
                .load(&mut record)
                .map_err(|e| format!("cannot read the state file: {e:?}"))?,
            None => State::default(),
        };
        let fresh = state == State::default();
        let ui_config = Config::try_new(profile.body_sizes).map_err(|e| format!("{e:?}"))?;
        apply_choices(&mut state, config, &ui_config, fresh, &mut books)?;
        let mut ui = Ui::new(state, ui_config, &mut books, 0);
        if let Some(reason) = refused {
            eprintln!("moye: {reason}; reading the built-in library only");
            ui.show_notice(Notice::BadLibrary);
        }
        let mut reader = Reader {
            profile,
            books,
            ui,
            store,
            record,
            save_failed: false,
        };
        reader.save();
        Ok(reader)
    }

    /// The UI, for tests.
    #[cfg(test)]
    pub fn ui(&self) -> &Ui {
        &self.ui
    }

    /// Saves the state (the store skips unchanged states).
    fn save(&mut self) {
        let Some(store) = &mut self.store else {
            return;
        };
        if let Err(error) = store.save(self.ui.state(), &mut self.record) {
            if !self.save_failed {
                eprintln!("moye: cannot save the reading state: {error:?}");
            }
            self.save_failed = true;
        }
    }

    /// Saves if the update says so and turns it into the window's refresh.
    fn after(&mut self, update: Update) -> Refresh {
        if update.state_changed {
            self.save();
        }
        match (update.redraw, update.refresh) {
            (Redraw::Nothing, _) => Refresh::None,
            (_, moye::ui::Refresh::Partial) => Refresh::Partial,
            (_, moye::ui::Refresh::Full) => Refresh::Full,
        }
    }
}

impl App for Reader {
    fn size(&self) -> Size {
        self.profile.screen(self.ui.setup().orientation)
    }

    fn draw(&mut self, display: &mut SimulatorDisplay<BinaryColor>) {
        let mut canvas = DrawTargetCanvas::new(display);
        // Drawing into a SimulatorDisplay cannot fail.
        let _ = draw_screen(&mut canvas, &self.ui, &mut self.books);
    }

    fn handle(&mut self, action: Action, now_ms: u32) -> Refresh {
        let update = match action {
            Action::Button(input) => self.ui.handle(input, &mut self.books, now_ms),
            Action::Shortcut(shortcut) => {
                let command = match shortcut {
                    Shortcut::Larger => Command::FontLarger,
                    Shortcut::Smaller => Command::FontSmaller,
                    Shortcut::Rendition => Command::NextRendition,
                    Shortcut::Rotate => Command::Rotate,
                    Shortcut::Writing => Command::ToggleWriting,
                    Shortcut::Bookmark => Command::ToggleBookmark,
                    Shortcut::Contents => Command::Contents,
                };
                self.ui.apply(command, &mut self.books, now_ms)
            }
        };
        self.after(update)
    }

    fn tick(&mut self, now_ms: u32) -> Refresh {
        let update = self.ui.tick(now_ms);
        self.after(update)
    }

    fn work_ahead(&mut self) -> Option<Refresh> {
        if !self.ui.has_work_ahead() {
            return None;
        }
        let update = self.ui.work_ahead(&mut self.books, WORK_SLICE_CHARS);
        Some(self.after(update))
    }

    fn title(&self) -> String {
        let Some(view) = self.ui.reading() else {
            return format!("墨页 Moye — {}", self.profile.name);
        };
        let rendition = self.ui.state().settings.rendition;
        let title: String = self
            .books
            .title(view.book, rendition)
            .map(|text| text.chars().collect())
            .unwrap_or_default();
        let page = view
            .page
            .map_or(String::from("…"), |page| (page + 1).to_string());
        match view.pages {
            Some(pages) => format!("墨页 Moye — {title} — {page}/{pages}"),
            None => format!("墨页 Moye — {title} — {page} ({}%)", view.percent),
        }
    }

    fn close(&mut self, _now_ms: u32) {
        self.save();
    }
}

/// The library file at `path`, checked by `Library::parse`, or why it was refused.
fn load_library(path: &Path) -> Result<Library<'static>, String> {
    let bytes =
        std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    // The app lives until the process ends, and so does the blob it reads in place.
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    Library::parse(bytes)
        .map_err(|error| format!("{} is not a valid library: {error}", path.display()))
}

/// The state file's store, creating the file (and its folder) if missing.
fn open_store(path: &Path) -> Result<Store<FileStorage>, String> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    }
    let storage = FileStorage::open(path, SECTOR, 2 * SECTOR)
        .map_err(|e| format!("cannot open the state file {}: {e}", path.display()))?;
    Store::new(storage).map_err(|e| format!("cannot use the state file: {e:?}"))
}

/// Puts the command line's choices into `state`: size, rendition, orientation (the profile's
/// own orientation only for a fresh state, so a saved rotation survives), and a book and page
/// to open, which become the book read last at that page's start.
fn apply_choices(
    state: &mut State,
    config: &AppConfig,
    ui_config: &Config,
    fresh: bool,
    books: &mut LibraryBooks<'static, 'static>,
) -> Result<(), String> {
    let settings = &mut state.settings;
    if let Some(size) = config.size {
        let index = config.profile.body_sizes.iter().position(|&s| s == size);
        settings.font_size_index = index
            .and_then(|i| u8::try_from(i).ok())
            .ok_or_else(|| format!("{} offers no {size} px size", config.profile.name))?;
    }
    if let Some(script) = config.rendition {
        settings.rendition = match script {
            Script::Simplified => persist::Rendition::Simplified,
            Script::Traditional => persist::Rendition::Traditional,
            Script::Original => persist::Rendition::Original,
        };
    }
    if let Some(position) = config.punctuation {
        settings.punctuation = Some(position);
    }
    if config.upright_digits {
        settings.upright_digits = true;
    }
    if fresh || config.orientation != config.profile.default_orientation {
        settings.orientation = config.orientation;
    }
    let Some(number) = config.book else {
        return Ok(());
    };
    let count = books.book_count();
    let index = number
        .checked_sub(1)
        .filter(|&index| index < count)
        .ok_or_else(|| format!("no book {number}: the library has {count} (1-{count})"))?;
    let key = books
        .key(index)
        .ok_or_else(|| format!("no book {number}"))?;
    state.last_book = Some(key);
    if config.vertical {
        state.set_writing(key, WritingMode::Vertical);
    }
    if let Some(page) = config.page {
        let size = ui_config.font_size(state.settings.font_size_index);
        let setup = PageSetup::new(&state.settings, size).written(state.writing(key));
        books
            .open(index, &setup, state.memo(key))
            .map_err(|e| e.to_string())?;
        let wanted = page.checked_sub(1).and_then(|p| u16::try_from(p).ok());
        // Count as far as the page asked for (the whole book if it has fewer pages).
        let mut count = books.count();
        while wanted.is_some_and(|p| p >= count.known) && count.total != Some(count.known) {
            count = books.work_ahead(WORK_SLICE_CHARS);
        }
        let start = wanted.and_then(|p| books.page_start(p)).ok_or_else(|| {
            let pages = count.total.unwrap_or(count.known);
            format!("no page {page}: the book has {pages} pages at this size")
        })?;
        state.set_position(key, start);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{play, render};
    use crate::keys::parse_script;
    use embedded_graphics::prelude::*;
    use moye::profile::PICO_EPD42;
    use moye::ui::Screen;
    use std::path::PathBuf;

    fn config(state_file: Option<PathBuf>) -> AppConfig {
        AppConfig {
            profile: PICO_EPD42,
            orientation: PICO_EPD42.default_orientation,
            book: None,
            page: None,
            size: None,
            rendition: None,
            punctuation: None,
            vertical: false,
            upright_digits: false,
            state_file,
            library: None,
        }
    }

    /// A state file path of its own for each test, removed first.
    fn state_file(name: &str) -> PathBuf {
        let path = std::env::temp_dir().join(format!("moye-reader-{name}-{}", std::process::id()));
        let _ = std::fs::remove_file(&path);
        path
    }

    fn keys(reader: &mut Reader, script: &str, now: &mut u32) -> Refresh {
        play(reader, &parse_script(script).unwrap(), now)
    }

    fn ink(reader: &mut Reader) -> usize {
        let display = render(reader);
        display
            .bounding_box()
            .points()
            .filter(|&p| display.get_pixel(p) == BinaryColor::On)
            .count()
    }

    #[test]
    fn a_closed_reader_resumes_on_the_same_page() {
        let path = state_file("resume");
        let mut reader = Reader::open(&config(Some(path.clone()))).unwrap();
        assert!(matches!(reader.ui().screen(), Screen::Library(_)));
        let mut now = 0;
        keys(&mut reader, "next select next*5", &mut now);
        let view = reader.ui().reading().unwrap();
        assert_eq!((view.book, view.page), (1, Some(5)));
        let position = view.position;
        reader.close(now);
        drop(reader);

        let reopened = Reader::open(&config(Some(path.clone()))).unwrap();
        let view = reopened.ui().reading().expect("the book read last is open");
        assert_eq!(
            (view.book, view.page, view.position),
            (1, Some(5), position)
        );
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn the_command_line_opens_a_book_at_a_page_and_size() {
        let config = AppConfig {
            book: Some(2),
            page: Some(7),
            size: Some(20),
            rendition: Some(Script::Traditional),
            ..config(None)
        };
        let mut reader = Reader::open(&config).unwrap();
        let view = reader.ui().reading().unwrap();
        assert_eq!((view.book, view.page), (1, Some(6)));
        assert_eq!(reader.ui().setup().font_size, 20);
        assert_eq!(reader.title(), {
            let title: String = reader
                .books
                .title(1, persist::Rendition::Traditional)
                .unwrap()
                .chars()
                .collect();
            format!("墨页 Moye — {title} — 7/{}", view.pages.unwrap())
        });
        assert!(ink(&mut reader) > 5_000, "a page of text");
        // 繁體 sets its marks centred unless the command line says otherwise.
        use moye::glyphs::PunctuationPosition::{Centred, LowLeft};
        assert_eq!(reader.ui().setup().punctuation, Centred);
        let low_left = Reader::open(&AppConfig {
            punctuation: Some(LowLeft),
            ..config.clone()
        })
        .unwrap();
        assert_eq!(low_left.ui().setup().punctuation, LowLeft);
        assert_eq!(low_left.ui().state().settings.punctuation, Some(LowLeft));

        let no_book = AppConfig {
            book: Some(9),
            ..config.clone()
        };
        let error = Reader::open(&no_book).err().unwrap();
        assert!(error.contains("no book 9"), "{error}");
        let no_page = AppConfig {
            page: Some(9999),
            ..config
        };
        let error = Reader::open(&no_page).err().unwrap();
        assert!(error.contains("no page 9999"), "{error}");
    }

    #[test]
    fn a_bad_library_file_leaves_the_built_in_one_readable() {
        let path = state_file("bad-library");
        std::fs::write(&path, b"MOYE but not a library").unwrap();
        let bad = AppConfig {
            library: Some(path.clone()),
            ..config(None)
        };
        let mut reader = Reader::open(&bad).unwrap();
        assert_eq!(reader.ui().notice(), Some(Notice::BadLibrary));
        assert_eq!(
            reader.books.book_count(),
            Library::builtin().unwrap().book_count()
        );
        let mut plain = Reader::open(&config(None)).unwrap();
        assert_ne!(render(&mut reader), render(&mut plain), "the notice shows");
        // Any key clears the notice; the library is still there, the same as ever.
        let (mut now, mut plain_now) = (0, 0);
        assert_eq!(keys(&mut reader, "next", &mut now), Refresh::Partial);
        keys(&mut plain, "next", &mut plain_now);
        assert_eq!(reader.ui().notice(), None);
        assert_eq!(render(&mut reader), render(&mut plain));
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn shortcuts_change_size_rendition_and_orientation_and_keep_the_place() {
        let mut reader = Reader::open(&AppConfig {
            book: Some(2),
            page: Some(12),
            ..config(None)
        })
        .unwrap();
        let before = reader.ui().reading().unwrap();
        let mut now = 0;
        assert_eq!(keys(&mut reader, "larger", &mut now), Refresh::Full);
        let larger = reader.ui().reading().unwrap();
        assert_eq!(reader.ui().setup().font_size, 20);
        assert_eq!(larger.position, before.position);
        assert!(larger.pages > before.pages);
        // The page shown holds the position the reader was at.
        let (start, end) = reader.books.page_bounds(larger.page.unwrap()).unwrap();
        assert!(start <= before.position && before.position < end);

        keys(&mut reader, "rotate rendition", &mut now);
        assert_eq!(reader.size(), Size::new(400, 300));
        assert_eq!(
            reader.ui().state().settings.rendition,
            persist::Rendition::Traditional
        );
        let turned = reader.ui().reading().unwrap();
        let (start, end) = reader.books.page_bounds(turned.page.unwrap()).unwrap();
        assert!(start <= before.position && before.position < end);
        assert_eq!(render(&mut reader).size(), Size::new(400, 300));
    }

    /// A library of one book compiled the way `moye compile` does, in a file of its own.
    fn library_file(name: &str, title: &str) -> PathBuf {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = std::env::temp_dir().join(format!("moye-lib-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = format!("---\ntitle: {title}\n---\n\n猫在窗台上睡觉，阳光照在它的背上。\n");
        std::fs::write(dir.join("cat.md"), text).unwrap();
        let output = moye_compiler::compile(&moye_compiler::Options {
            ui_strings: Some(root.join("src/ui/strings.rs")),
            ..moye_compiler::Options::new(
                vec![dir.clone()],
                root.join("fonts/NotoSansCJKsc-Regular.otf"),
                vec![16, 20, 24],
            )
        })
        .unwrap();
        let path = dir.join("library.bin");
        std::fs::write(&path, output.blob).unwrap();
        path
    }

    #[test]
    fn a_library_file_is_read_beside_the_built_in_one() {
        let builtin = Library::builtin().unwrap();
        // Its title has a character the built-in library has no glyph for.
        assert_eq!(builtin.id_of('猫'), None);
        let path = library_file("beside", "猫的故事");
        let mut reader = Reader::open(&AppConfig {
            library: Some(path.clone()),
            ..config(None)
        })
        .unwrap();
        assert_eq!(reader.ui().notice(), None);
        let count = builtin.book_count();
        assert_eq!(reader.books.book_count(), count + 1);
        let title = reader
            .books
            .title(count, persist::Rendition::Simplified)
            .unwrap();
        assert_eq!(title.chars().collect::<String>(), "猫的故事");

        // The library screen lists it last.
        let mut now = 0;
        keys(&mut reader, "prev", &mut now);
        let Screen::Library(list) = reader.ui().screen() else {
            panic!("the library is up")
        };
        assert_eq!(list.selected, count);

        // Select opens it; the page shows the title and the text.
        keys(&mut reader, "select", &mut now);
        let view = reader.ui().reading().unwrap();
        assert_eq!(
            (view.book, view.page, view.pages),
            (count, Some(0), Some(1))
        );
        let (library, index) = reader.books.locate(count).unwrap();
        assert_eq!(index, 0);
        assert!(library.id_of('猫').is_some());
        assert!(ink(&mut reader) > 500);
        assert_eq!(reader.title(), "墨页 Moye — 猫的故事 — 1/1");
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }
}
