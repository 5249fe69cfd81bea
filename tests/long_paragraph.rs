//! The longest paragraph a block holds, 65,535 characters (one more is a build error naming
//! the file and line: `compiler/tests/bad_content.rs`), compiled and read to its last
//! character: positions count characters in a u16, so this is where an overflow would show.

use std::path::Path;

use moye::format::{Library, Script};
use moye::glyphs::FontSet;
use moye::layout::{Layout, LayoutParams, PageIndex, TextExport};
use moye::profile::PROFILES;
use moye::Position;

/// The most characters a block record holds.
const LONGEST: usize = u16::MAX as usize;

/// A paragraph of `LONGEST` characters mixing Han with punctuation the line breaker must keep
/// off line starts, from a fixed xorshift sequence. (No brackets: the cleaner drops an empty
/// `（）`, which would shorten the text.)
fn paragraph() -> String {
    let pieces: Vec<char> = "中国哈萨克斯坦关系的一是在不了有和人这，。、；：！？"
        .chars()
        .collect();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    (0..LONGEST)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            pieces[(state % pieces.len() as u64) as usize]
        })
        .collect()
}

#[test]
fn a_paragraph_of_65535_characters_reads_to_its_end_on_every_profile() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("moye-long-paragraph-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let text = paragraph();
    std::fs::write(
        dir.join("long.md"),
        format!("---\ntitle: 长\n---\n\n{text}\n"),
    )
    .unwrap();
    let output = moye_compiler::compile(&moye_compiler::Options::new(
        vec![dir.clone()],
        root.join("fonts/NotoSansCJKsc-Regular.otf"),
        vec![16],
    ))
    .unwrap();
    let _ = std::fs::remove_dir_all(&dir);

    let library = Library::parse(&output.blob).unwrap();
    let fonts = FontSet::new(library, 16).unwrap();
    let rendition = library.book(0).unwrap().rendition(Script::Original);
    assert_eq!(rendition.block(1).unwrap().len() as usize, LONGEST);
    let mut starts = vec![Position::START; 1 << 14];
    for profile in PROFILES {
        let area = profile.text_area(profile.default_orientation);
        let params = LayoutParams::new(area.size.width as u16, area.size.height as u16);
        let layout = Layout::try_new(&rendition, &fonts, params).unwrap();
        let index = PageIndex::build(&layout, &mut starts).unwrap();
        let mut read = String::new();
        for page in 0..index.len() {
            let mut export = TextExport::default();
            layout.lay_out_page(index.start_of(page).unwrap(), &mut export);
            for line in export.lines {
                read.push_str(line.trim_start_matches('\u{3000}'));
            }
        }
        // The title block, then every character of the paragraph in order.
        assert_eq!(
            read.strip_prefix("长"),
            Some(text.as_str()),
            "{}",
            profile.name
        );
        let last = index.start_of(index.len() - 1).unwrap();
        assert_eq!(
            index.page_of(Position::new(1, u16::MAX - 1)),
            index.len() - 1
        );
        assert!(last.block == 1, "{}: {last:?}", profile.name);
    }
}
