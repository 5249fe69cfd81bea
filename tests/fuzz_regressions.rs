//! The fuzz targets' code on stable Rust: every input the fuzzer ever crashed on
//! (`tests/fuzz_regressions/<target>/`, one file each, named after the bug) replayed through
//! exactly what the target runs, so a fixed bug stays fixed; and the same code on the real
//! inputs the fuzzing is seeded from, so its checks are known to hold on good data.
//!
//! `fuzz/src/lib.rs` is included as a module here; `bash tools/fuzz.sh` runs the targets.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz;

use std::path::{Path, PathBuf};

use moye::persist::{Bookmark, RamStorage, State, Store, MAX_RECORD_LEN};
use moye::Position;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The saved crash inputs of one target (none yet is fine).
fn crashes(target: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/fuzz_regressions").join(target);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.map(|entry| entry.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

fn replay<T>(target: &str, run: fn(&[u8]) -> T) {
    for path in crashes(target) {
        let bytes = std::fs::read(&path).unwrap();
        println!("{target}: {}", path.display());
        run(&bytes);
    }
}

#[test]
fn library_crashes_stay_fixed() {
    replay("library", fuzz::library);
}

#[test]
fn state_crashes_stay_fixed() {
    replay("state", fuzz::state);
}

#[test]
fn clean_crashes_stay_fixed() {
    replay("clean", fuzz::clean_markdown);
}

#[test]
fn epub_crashes_stay_fixed() {
    replay("epub", fuzz::epub);
}

#[test]
fn txt_crashes_stay_fixed() {
    replay("txt", fuzz::txt);
}

#[test]
fn the_library_target_reads_the_built_in_library_and_refuses_its_damage() {
    let blob = std::fs::read(concat!(env!("OUT_DIR"), "/library.bin")).unwrap();
    fuzz::library(&blob);
    assert_eq!(fuzz::with_true_checksum(&blob), blob);
    // Both books in three renditions at 16 px on each profile's panel (the CRC's first byte
    // chooses it; the target makes the CRC true again). On pico-epd42 that was 7 + 30 pages a
    // rendition when this was written, as `moye dump` counts them: every page is drawn.
    let pages: Vec<usize> = (0..3u8)
        .map(|choice| {
            let mut copy = blob.clone();
            copy[moye::format::wire::header::CRC.start] = choice;
            assert_eq!(
                fuzz::profile_of(&copy),
                moye::profile::PROFILES[usize::from(choice)]
            );
            fuzz::library(&copy)
        })
        .collect();
    let [pico, x4, epd29] = pages[..] else {
        unreachable!()
    };
    println!("pages drawn: {pages:?}");
    assert!((90..=150).contains(&pico), "{pages:?}");
    // The larger panel needs fewer pages, the 296×128 one more.
    assert!(0 < x4 && x4 < pico && pico < epd29, "{pages:?}");
    // A damaged copy: the target repairs the checksum and must still not fail.
    let mut damaged = blob.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x55;
    fuzz::library(&damaged);
}

/// A flash image as the reader leaves it after a few saves.
fn saved_flash() -> RamStorage<8192> {
    let mut flash = RamStorage::<8192>::new();
    let mut buf = [0u8; MAX_RECORD_LEN];
    let mut store = Store::new(&mut flash).unwrap();
    let mut state = State::default();
    for page in 0..3u16 {
        state.set_position(7, Position::new(page, 40));
        state
            .add_bookmark(Bookmark {
                book: 7,
                position: Position::new(page, 0),
            })
            .unwrap();
        store.save(&state, &mut buf).unwrap();
    }
    flash
}

#[test]
fn the_state_target_holds_on_saved_states_and_their_records() {
    let flash = saved_flash();
    fuzz::state(flash.as_bytes());
    let record = &flash.as_bytes()[24..];
    let length = usize::from(u16::from_le_bytes([
        flash.as_bytes()[6],
        flash.as_bytes()[7],
    ]));
    assert!(State::decode(&record[..length]).is_ok());
    fuzz::state(&record[..length]);
    fuzz::state(&[]);
}

#[test]
fn make_slot_valid_gives_a_slot_the_store_reads() {
    let mut flash = RamStorage::<8192>::new();
    let state = State {
        last_book: Some(0xB00C),
        ..State::default()
    };
    let mut buf = [0u8; MAX_RECORD_LEN];
    let record = state.encode(&mut buf).unwrap().to_vec();
    let slot = &mut flash.as_mut_bytes()[..4096];
    slot[6..8].copy_from_slice(&(record.len() as u16).to_le_bytes());
    slot[24..24 + record.len()].copy_from_slice(&record);
    fuzz::make_slot_valid(slot);
    let loaded = Store::new(&mut flash).unwrap().load(&mut buf).unwrap();
    assert_eq!(loaded, state);
}

#[test]
fn the_clean_target_holds_on_the_real_articles() {
    for entry in std::fs::read_dir(root().join("content")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        fuzz::clean_markdown(&bytes);
        fuzz::clean_markdown(&bytes[..bytes.len() / 3]);
    }
}

#[test]
fn the_clean_target_allows_kept_markup_only_with_a_warning() {
    // Escaped link syntax: kept as written, with a warning for its line, so the target holds.
    fuzz::clean_markdown("---\ntitle: 书\n---\n\n正文\\[文字\\](网址)\n".as_bytes());
    // Prose characters are not markup.
    fuzz::clean_markdown("小行星(35396) 1997 XF11见 https://example.org 。[abc\n".as_bytes());
    assert!(fuzz::has_markup_syntax("正文[文字](网址)"));
}

#[test]
#[should_panic(expected = "empty block")]
fn check_document_refuses_an_empty_block() {
    use moye_compiler::document::{Block, BlockKind, Document};
    let document = Document::new(
        "书".into(),
        vec![Block::new(BlockKind::Paragraph, String::new(), 1)],
    );
    fuzz::check_document(&document, "x.md");
}

#[test]
#[should_panic(expected = "span")]
fn check_document_refuses_overlapping_emphasis() {
    use moye_compiler::document::{Block, BlockKind, Document};
    let mut block = Block::new(BlockKind::Paragraph, "一二三四".into(), 1);
    block.emphasis = vec![0..2, 1..3];
    fuzz::check_document(&Document::new("书".into(), vec![block]), "x.md");
}

#[test]
#[should_panic(expected = "part 1")]
fn check_document_refuses_a_part_the_document_lacks() {
    use moye_compiler::document::{Block, BlockKind, Document};
    let mut block = Block::new(BlockKind::Paragraph, "文".into(), 1);
    block.part = 1;
    let mut document = Document::new("书".into(), vec![block]);
    document.parts = vec!["OEBPS/a.xhtml".into()];
    fuzz::check_document(&document, "x.epub");
}

/// The books under tests/books/ with one of `extensions`.
fn books(extensions: &[&str]) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join("tests/books"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn the_txt_target_reads_the_real_novels_in_each_encoding() {
    let novels = books(&["txt"]);
    assert!(!novels.is_empty());
    for path in novels {
        let text = std::fs::read_to_string(&path).unwrap();
        // The first 64 KiB (the target's max_len), cut at a character.
        let mut end = text.len().min(64 << 10);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let head = &text[..end];
        // UTF-8: detected, and read under every forced encoding too (as mojibake or U+FFFD).
        assert!(fuzz::txt(head.as_bytes()) >= 1, "{}", path.display());
        // GB18030 and Big5 bytes: detected and forced right, so at least two readings.
        let (gb, _, _) = encoding_rs::GB18030.encode(head);
        assert!(fuzz::txt(&gb) >= 2, "{}", path.display());
        let (big5, _, _) = encoding_rs::BIG5.encode(head);
        assert!(fuzz::txt(&big5) >= 2, "{}", path.display());
    }
}

#[test]
fn the_epub_target_reads_valid_books_four_ways_and_refuses_non_zip_bytes() {
    // Not a zip: the raw reading fails; as a chapter, a package and a TOC it is wrapped in a
    // valid book, where a package document of plain text has no spine.
    assert_eq!(fuzz::epub(b"plain text"), 2);
    // A chapter of XHTML: read as is (an error: not a zip) and in the three wraps; as a
    // package document an XHTML page has no spine either.
    assert_eq!(fuzz::epub("<p>话说<b>天下</b>大势</p>".as_bytes()), 2);
    assert_eq!(fuzz::epub(b""), 2);
}
