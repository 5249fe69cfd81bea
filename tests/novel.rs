//! A real novel, 水浒传 (tests/books/, about 900,000 characters of UTF-8 with CRLF, tab and
//! space indents and mixed ASCII and full-width punctuation), compiled the way `moye compile`
//! does and read whole on every profile: every Han character of the file appears on the pages
//! in order, and the chapters are the table of contents.

use std::path::Path;
use std::sync::OnceLock;

use moye::format::{Library, Script};
use moye::glyphs::FontSet;
use moye::layout::{Layout, LayoutParams, PageIndex, SparseIndex, TextExport};
use moye::persist::State;
use moye::profile::{PICO_EPD42, PROFILES};
use moye::render::PackedFramebuffer;
use moye::ui::{
    draw_screen, Books, Button, Command, Config, Input, LibraryBooks, Screen, Ui, WORK_SLICE_CHARS,
};
use moye::Position;

const BOOK: &str = "tests/books/水浒传.txt";

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// The Han characters of the file, read straight from its bytes (it is UTF-8).
fn han_of_file() -> String {
    let bytes = std::fs::read(BOOK).unwrap();
    String::from_utf8(bytes)
        .unwrap()
        .chars()
        .filter(|&c| is_han(c))
        .collect()
}

/// The novel's library, compiled once for all the tests of this file.
fn library_blob() -> &'static [u8] {
    static BLOB: OnceLock<Vec<u8>> = OnceLock::new();
    BLOB.get_or_init(compile_blob)
}

fn compile_blob() -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sizes: Vec<u8> = PROFILES
        .iter()
        .map(|p| p.body_sizes[0])
        .chain([16])
        .collect();
    sizes.sort_unstable();
    sizes.dedup();
    let options = moye_compiler::Options {
        ui_strings: Some(root.join("src/ui/strings.rs")),
        fallback_font: Some(root.join("fonts/HanaMinB.ttf.gz")),
        ..moye_compiler::Options::new(
            vec![root.join(BOOK)],
            root.join("fonts/NotoSansCJKsc-Regular.otf"),
            sizes,
        )
    };
    let output = moye_compiler::compile(&options).unwrap_or_else(|e| panic!("{e}"));
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    output.blob
}

/// Every page's text, laid out one page at a time from the page index.
fn read_pages(
    library: &Library<'_>,
    script: Script,
    size: u8,
    width: u16,
    height: u16,
) -> (String, usize) {
    let fonts = FontSet::new(*library, size).unwrap();
    let rendition = library.book(0).unwrap().rendition(script);
    let layout = Layout::try_new(&rendition, &fonts, LayoutParams::new(width, height)).unwrap();
    let mut starts = vec![Position::START; 1 << 15];
    let index = PageIndex::build(&layout, &mut starts).unwrap();
    let mut read = String::new();
    for page in 0..index.len() {
        let mut export = TextExport::default();
        layout.lay_out_page(index.start_of(page).unwrap(), &mut export);
        assert!(!export.lines.is_empty(), "page {page} is empty");
        for line in export.lines {
            read.push_str(&line);
        }
    }
    (read, index.len())
}

#[test]
fn the_novel_reads_whole_on_every_profile_with_its_chapters_as_contents() {
    let blob = library_blob();
    let library = Library::parse(blob).unwrap();
    assert_eq!(library.book_count(), 1);
    let expected = han_of_file();
    assert!(expected.chars().count() > 700_000);

    for profile in PROFILES {
        let area = profile.text_area(profile.default_orientation);
        let size = profile.body_sizes[0];
        let (read, pages) = read_pages(
            &library,
            Script::Original,
            size,
            area.size.width as u16,
            area.size.height as u16,
        );
        let han: String = read.chars().filter(|&c| is_han(c)).collect();
        // The file's first line, 《水浒传》施耐庵, is the title and author: page 1 opens with
        // them as the title block and the byline.
        assert!(
            han == expected,
            "{}: the pages' Han characters differ from the file's",
            profile.name
        );
        assert!(pages > 1_000, "{}: {pages} pages", profile.name);
    }

    // The converted renditions read whole too: the pages hold every character of the
    // rendition's blocks, in order.
    let profile = PROFILES[0];
    let area = profile.text_area(profile.default_orientation);
    for script in [Script::Simplified, Script::Traditional] {
        let rendition = library.book(0).unwrap().rendition(script);
        let text: String = rendition
            .blocks()
            .flat_map(|b| b.text().chars().collect::<Vec<_>>())
            .filter(|&c| is_han(c))
            .collect();
        let (read, _) = read_pages(
            &library,
            script,
            16,
            area.size.width as u16,
            area.size.height as u16,
        );
        let han: String = read.chars().filter(|&c| is_han(c)).collect();
        assert!(han == text, "{script:?}: pages and blocks differ");
    }

    // The contents: 楔子, then 第一回 to 第一百二十回 in order.
    let rendition = library.book(0).unwrap().rendition(Script::Original);
    let headings: Vec<String> = rendition
        .toc()
        .map(|index| rendition.block(index).unwrap().text().chars().collect())
        .collect();
    // The first heading is the title block.
    assert_eq!(headings[0], "水浒传");
    assert!(headings[1].starts_with("楔子"), "{}", headings[1]);
    assert!(headings[2].starts_with("第一回"), "{}", headings[2]);
    assert!(
        headings[headings.len() - 1].starts_with("第一百二十回"),
        "{:?}",
        headings.last()
    );
    assert_eq!(headings.len(), 1 + 1 + 120, "{:?}", &headings[..5]);
}

/// Every page start of the novel's whole pagination at `size` on pico-epd42, portrait.
fn whole_starts(library: &Library<'_>, size: u8) -> (Vec<Position>, Position) {
    let area = PICO_EPD42.text_area(PICO_EPD42.default_orientation);
    let fonts = FontSet::new(*library, size).unwrap();
    let rendition = library.book(0).unwrap().rendition(Script::Simplified);
    let params = LayoutParams::new(area.size.width as u16, area.size.height as u16);
    let layout = Layout::try_new(&rendition, &fonts, params).unwrap();
    let mut starts = vec![Position::START; 1 << 15];
    let index = PageIndex::build(&layout, &mut starts).unwrap();
    (index.starts().to_vec(), layout.end())
}

#[test]
fn the_sparse_index_counts_the_novel_to_the_whole_paginations_pages() {
    let library = Library::parse(library_blob()).unwrap();
    let (starts, end) = whole_starts(&library, 16);
    assert!(starts.len() > 3_000, "{} pages", starts.len());
    let area = PICO_EPD42.text_area(PICO_EPD42.default_orientation);
    let fonts = FontSet::new(library, 16).unwrap();
    let rendition = library.book(0).unwrap().rendition(Script::Simplified);
    let params = LayoutParams::new(area.size.width as u16, area.size.height as u16);
    let layout = Layout::try_new(&rendition, &fonts, params).unwrap();
    let mut index = SparseIndex::new();
    index.reset(&layout);
    let mut slices = 0;
    while !index.is_complete() {
        index.step(&layout, WORK_SLICE_CHARS);
        slices += 1;
    }
    assert!(slices > 100, "{slices} slices");
    assert_eq!(index.total(), Some(starts.len() as u32));
    // More pages than slots: the stride doubled (1,024 slots, > 2,048 pages).
    assert!(index.stride() >= 4, "stride {}", index.stride());
    for (i, &kept) in index.kept().iter().enumerate() {
        assert_eq!(kept, starts[i * index.stride() as usize]);
    }
    // Reading on through the whole book, page by page, from the index alone.
    for (page, &start) in starts.iter().enumerate() {
        assert_eq!(
            index.start_of(&layout, page as u32),
            Some(start),
            "page {page}"
        );
    }
    assert_eq!(index.end_of(&layout, starts.len() as u32 - 1), Some(end));
    // And anywhere, in a scattered order.
    for k in 0..600usize {
        let page = (k * 7919) % starts.len();
        assert_eq!(index.start_of(&layout, page as u32), Some(starts[page]));
        let inside = Position::new(starts[page].block, starts[page].offset + 1);
        let holder = starts.partition_point(|&s| s <= inside) - 1;
        assert_eq!(index.page_of(&layout, inside), Some(holder as u32));
    }
}

/// A UI over the novel's library and a framebuffer to draw it in, on pico-epd42.
struct Reader {
    ui: Ui,
    books: LibraryBooks<'static, 'static>,
    now: u32,
}

impl Reader {
    fn new(state: State) -> Reader {
        let library = Library::parse(library_blob()).unwrap();
        let index = Box::leak(Box::new(SparseIndex::new()));
        let mut books = LibraryBooks::new(library, PICO_EPD42, index);
        let config = Config::try_new(&[16]).unwrap();
        let ui = Ui::new(state, config, &mut books, 0);
        Reader { ui, books, now: 0 }
    }

    fn press(&mut self, input: Input) {
        self.now += 300;
        let _ = self.ui.handle(input, &mut self.books, self.now);
        self.draw();
    }

    fn draw(&mut self) {
        let mut buffer = vec![0u8; PackedFramebuffer::buffer_len(300, 400)];
        let mut frame = PackedFramebuffer::new(&mut buffer, (300, 400).into()).unwrap();
        draw_screen(&mut frame, &self.ui, &mut self.books).unwrap();
    }

    fn view(&self) -> moye::ui::ReadingView {
        match self.ui.screen() {
            Screen::Reading(view) => view,
            other => panic!("expected the page, got {other:?}"),
        }
    }
}

const NEXT: Input = Input::short(Button::Next);
const PREV: Input = Input::short(Button::Prev);
const SELECT: Input = Input::short(Button::Select);

#[test]
fn the_novel_opens_at_once_reads_jumps_and_bookmarks_before_its_count_then_reopens_with_the_memo() {
    let library = Library::parse(library_blob()).unwrap();
    let (starts, _) = whole_starts(&library, 16);
    let mut reader = Reader::new(State::default());
    reader.press(SELECT); // open the novel
    let view = reader.view();
    assert_eq!(view.page, Some(0));
    assert_eq!(view.pages, None, "the count has only begun");
    assert!(reader.ui.is_counting());
    reader.press(NEXT);
    reader.press(NEXT);
    reader.press(NEXT);
    let view = reader.view();
    assert_eq!((view.page, view.start), (Some(3), starts[3]));

    // 目录 → a chapter deep in the book, long before the count reaches it.
    let _ = reader.ui.apply(Command::Contents, &mut reader.books, 1);
    let Screen::Contents(list) = reader.ui.screen() else {
        panic!("contents")
    };
    assert_eq!(list.len, 122);
    // The list opens at the chapter being read; a hundred rows on.
    let row = reader
        .ui
        .contents_row(list.selected + 100, &reader.books)
        .unwrap();
    assert_eq!(row.page, None, "not counted yet");
    for _ in 0..100 {
        reader.press(NEXT);
    }
    reader.press(SELECT);
    let view = reader.view();
    assert_eq!(view.position, row.position);
    assert_eq!(view.start, row.position, "a chapter starts a line");
    assert_eq!(view.page, None);
    assert!(view.percent > 70, "{}%", view.percent);
    let deep = view.position;
    // Its page is the whole pagination's page holding it, or starts within it.
    let holder = starts.partition_point(|&s| s <= deep) - 1;
    assert!(starts[holder] <= view.start);

    // A bookmark there, then a page on and back: nothing skipped either way.
    reader.press(Input::long(Button::Select));
    assert!(reader.view().bookmarked);
    reader.press(NEXT);
    let on = reader.view();
    assert!(on.start > deep && !on.bookmarked);
    reader.press(PREV);
    let back = reader.view();
    assert!(back.start <= deep, "{:?} after {:?}", back.start, deep);
    assert!(back.bookmarked);

    // Go to 50 % before the count: by characters.
    reader.press(SELECT);
    let Screen::Menu(menu) = reader.ui.screen() else {
        panic!("menu")
    };
    let go_to = menu
        .items
        .iter()
        .position(|item| item.label == moye::ui::strings::GO_TO)
        .unwrap();
    for _ in 0..go_to {
        reader.press(NEXT);
    }
    reader.press(SELECT);
    let Screen::GoTo(go) = reader.ui.screen() else {
        panic!("go to")
    };
    assert_eq!((go.page, go.pages), (None, None));
    while let Screen::GoTo(go) = reader.ui.screen() {
        if go.percent <= 50 {
            break;
        }
        reader.press(PREV);
    }
    reader.press(SELECT);
    let half = reader.view();
    assert_eq!(half.percent, 50);
    assert_eq!(half.page, None);

    // Count in slices, as between keys; the total comes, and the next turn snaps.
    let mut slices = 0;
    while reader.ui.is_counting() {
        let _ = reader.ui.work_ahead(&mut reader.books, WORK_SLICE_CHARS);
        slices += 1;
    }
    assert!(slices > 100);
    let counted = reader.view();
    assert_eq!(counted.pages, Some(starts.len() as u16));
    reader.draw();
    reader.press(NEXT);
    let snapped = reader.view();
    let holder = starts.partition_point(|&s| s <= half.position) - 1;
    assert_eq!(snapped.page, Some(holder as u16 + 1));
    assert_eq!(snapped.start, starts[holder + 1]);
    let state = reader.ui.state().clone();
    let key = reader.books.key(0).unwrap();
    let memo = state.memo(key).expect("the count is saved");
    assert_eq!(memo.pages as usize, starts.len());

    // Reopened with the memo: the page number and total at once, while counting again.
    let mut again = Reader::new(state);
    let view = again.view();
    assert_eq!(view.page, snapped.page);
    assert_eq!(view.pages, Some(starts.len() as u16));
    assert_eq!(view.start, snapped.start);
    assert!(again.ui.is_counting());
    again.press(NEXT);
    assert_eq!(again.view().start, starts[holder + 2]);
    again.press(PREV);
    again.press(PREV);
    assert_eq!(
        again.view().start,
        starts[holder],
        "a page back from the anchor"
    );
}

#[test]
fn the_page_after_the_shown_one_is_measured_ahead_once_then_the_count_goes_on() {
    let library = Library::parse(library_blob()).unwrap();
    let (starts, _) = whole_starts(&library, 16);
    let mut reader = Reader::new(State::default());
    reader.press(SELECT);
    for _ in 0..3 {
        reader.press(NEXT);
    }
    assert_eq!(reader.view().page, Some(3));
    // Drawing page 3 found its end, page 4's start; page 5's start, page 4's end, is not known
    // until read ahead.
    let window_holds = |reader: &Reader, page: u32| {
        let (first, len) = reader.books.index().window();
        (first..first + len as u32).contains(&page)
    };
    assert!(window_holds(&reader, 4));
    assert!(!window_holds(&reader, 5));
    assert!(reader.ui.has_work_ahead());
    let known = reader.books.count().known;
    let _ = reader.ui.work_ahead(&mut reader.books, WORK_SLICE_CHARS);
    assert!(
        window_holds(&reader, 5),
        "the turn to page 4 will find its end"
    );
    assert_eq!(
        reader.books.count().known,
        known,
        "reading ahead counts nothing"
    );
    let layout = reader.books.layout().unwrap();
    assert_eq!(reader.books.index().start_of(&layout, 5), Some(starts[5]));
    // Once a page: the next slice counts on.
    let _ = reader.ui.work_ahead(&mut reader.books, WORK_SLICE_CHARS);
    assert!(reader.books.count().known > known);
    reader.press(NEXT);
    assert_eq!(reader.view().start, starts[4]);
    assert!(reader.ui.has_work_ahead(), "a new page to read ahead of");

    // Counted whole, the reader still reads ahead of each page it shows, and then rests.
    while reader.ui.is_counting() {
        let _ = reader.ui.work_ahead(&mut reader.books, WORK_SLICE_CHARS);
    }
    reader.press(NEXT);
    assert!(reader.ui.has_work_ahead());
    let _ = reader.ui.work_ahead(&mut reader.books, WORK_SLICE_CHARS);
    assert!(!reader.ui.has_work_ahead());
    reader.press(NEXT);
    assert_eq!(reader.view().start, starts[6]);
}
