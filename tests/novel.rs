//! A real novel, 水浒传 (tests/books/, about 900,000 characters of UTF-8 with CRLF, tab and
//! space indents and mixed ASCII and full-width punctuation), compiled the way `moye compile`
//! does and read whole on every profile: every Han character of the file appears on the pages
//! in order, and the chapters are the table of contents.

use std::path::Path;

use moye::format::{Library, Script};
use moye::glyphs::FontSet;
use moye::layout::{Layout, LayoutParams, PageIndex, TextExport};
use moye::profile::PROFILES;
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

fn library_blob() -> Vec<u8> {
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
    let library = Library::parse(&blob).unwrap();
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
