//! The built-in library blob: it parses, it holds exactly what the content compiler made of
//! content/, every character has a glyph at every size, the text stays compact, and no
//! mutation of it can make the parser panic.

use moye::format::{Block, FormatError, Library, Script};
use moye_compiler::document::Document;

fn library() -> Library<'static> {
    Library::builtin().expect("the built-in library parses")
}

fn block_text(block: &Block<'_>) -> String {
    block.text().chars().collect()
}

const SCRIPTS: [Script; 3] = [Script::Original, Script::Simplified, Script::Traditional];

/// The documents the compiler makes of content/, compiled again here, independently of the
/// build script: (file name, [原文, 简体, 繁體]).
fn source_documents() -> Vec<[Document; 3]> {
    use moye_compiler::convert::{Converter, Script as To};
    let converter = Converter::new().unwrap();
    let mut files: Vec<_> = std::fs::read_dir("content")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let source = std::fs::read_to_string(path).unwrap();
            let original =
                moye_compiler::clean::clean(&source, &path.display().to_string()).unwrap();
            let simplified = converter.document(&original, To::Simplified);
            let traditional = converter.document(&original, To::Traditional);
            [original, simplified, traditional]
        })
        .collect()
}

#[test]
fn blob_round_trips_every_block_of_every_rendition() {
    let library = library();
    let sources = source_documents();
    assert_eq!(usize::from(library.book_count()), sources.len());
    for (book, documents) in library.books().zip(&sources) {
        for (script, document) in SCRIPTS.iter().zip(documents) {
            let rendition = book.rendition(*script);
            assert_eq!(
                rendition.title().chars().collect::<String>(),
                document.title
            );
            // Block 0 is the title, set as the book's first heading.
            let first = rendition.block(0).unwrap();
            assert_eq!(block_text(&first), document.title);
            assert_eq!(
                usize::from(rendition.block_count()),
                document.blocks.len() + 1
            );
            for (block, source) in rendition.blocks().skip(1).zip(&document.blocks) {
                assert_eq!(block_text(&block), source.text);
                assert_eq!(usize::from(block.len()), source.text.chars().count());
                let spans: Vec<_> = block
                    .emphasis()
                    .map(|s| usize::from(s.start)..usize::from(s.end))
                    .collect();
                assert_eq!(spans, source.emphasis);
            }
        }
    }
}

#[test]
fn library_holds_both_books_in_file_name_order_with_contents() {
    let library = library();
    assert_eq!(library.book_count(), 2);
    let titles: Vec<String> = library
        .books()
        .map(|b| b.rendition(Script::Simplified).title().chars().collect())
        .collect();
    assert_eq!(titles, ["深度：哈萨克斯坦与中共国正在渐行渐远", "中哈关系"]);
    let wiki = library.book(1).unwrap().rendition(Script::Traditional);
    assert_eq!(wiki.title().chars().collect::<String>(), "中哈關係");
    let headings: Vec<String> = wiki
        .toc()
        .map(|i| block_text(&wiki.block(i).unwrap()))
        .collect();
    assert_eq!(&headings[..3], ["中哈關係", "歷史", "漢朝至清朝"]);
    assert!(headings.contains(&"水資源爭議".to_string()));
}

#[test]
fn every_character_of_every_rendition_has_a_glyph_at_every_size() {
    let library = library();
    let sizes: Vec<u8> = library.fonts().map(|f| f.size()).collect();
    assert_eq!(sizes, [16, 20, 24, 28, 32]);
    for font in library.fonts() {
        for book in library.books() {
            for script in SCRIPTS {
                let rendition = book.rendition(script);
                let texts = rendition
                    .blocks()
                    .map(|b| b.text())
                    .chain([rendition.title()]);
                for text in texts {
                    for id in text.ids() {
                        let glyph = font.glyph(id);
                        let c = library.chars().get(id).unwrap();
                        assert!(glyph.is_some(), "{c} has no glyph at {} px", font.size());
                    }
                }
            }
        }
    }
}

#[test]
fn ideographs_are_one_em_wide_and_lookups_agree() {
    let library = library();
    for c in ['一', '是', '關', '哈', '，'] {
        let id = library.id_of(c).unwrap();
        assert_eq!(library.chars().get(id), Some(c));
        for font in library.fonts() {
            assert_eq!(font.glyph(id).unwrap().advance, font.size(), "{c}");
        }
    }
    assert_eq!(library.id_of('\u{E000}'), None);
    // Every printable ASCII character is in, for page numbers and Latin text.
    assert!((' '..='~').all(|c| library.id_of(c).is_some()));
    // The UI labels of src/ui/strings.rs are in.
    assert!(moye::ui::strings::SLEEPING
        .chars()
        .all(|c| library.id_of(c).is_some()));
}

#[test]
fn text_of_all_three_renditions_takes_at_most_one_and_a_half_bytes_per_character() {
    // The text is stored once for the three renditions: bytes of each book's text over its
    // characters (counted once: every rendition has as many), titles included.
    let library = library();
    let (mut bytes, mut chars) = (0usize, 0usize);
    for book in library.books() {
        bytes += book.text_bytes();
        let rendition = book.rendition(Script::Traditional);
        let read = rendition.title().chars().count()
            + rendition
                .blocks()
                .map(|b| b.text().chars().count())
                .sum::<usize>();
        assert_eq!(read, book.char_count());
        chars += read;
    }
    let per_char = bytes as f64 / chars as f64;
    assert!(per_char <= 1.5, "{per_char:.3} bytes per character");
}

#[test]
fn no_markup_remnant_in_any_rendition() {
    let library = library();
    for book in library.books() {
        for script in SCRIPTS {
            for block in book.rendition(script).blocks() {
                let text = block_text(&block);
                for bad in [
                    "[",
                    "]",
                    "(",
                    ")",
                    "{",
                    "}",
                    "\\",
                    "*",
                    "|",
                    "#",
                    "`",
                    "http",
                    "wikilink",
                    "fig:",
                    "Category:",
                    "缩略图",
                    "縮略圖",
                ] {
                    assert!(!text.contains(bad), "{bad:?} in {text}");
                }
            }
        }
    }
}

/// Reads everything a parsed library offers, as the reader would.
fn read_everything(library: &Library<'_>) -> usize {
    let mut seen = 0;
    for font in library.fonts() {
        for id in 0..library.chars().len() {
            if let Some(glyph) = font.glyph(id) {
                seen += glyph.bits.len();
            }
        }
    }
    for book in library.books() {
        for script in SCRIPTS {
            let rendition = book.rendition(script);
            seen += rendition.title().chars().count();
            for block in rendition.blocks() {
                seen += block.text().chars().count() + block.emphasis().count();
                seen += usize::from(block.is_emphasized(block.len() / 2));
            }
            seen += rendition.toc().filter_map(|i| rendition.block(i)).count();
        }
    }
    seen
}

/// A small deterministic generator, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Rewrites the header's CRC so a mutated body reaches the structural checks.
fn fix_crc(blob: &mut [u8]) {
    let crc = moye::format::wire::crc32(&blob[16..]);
    blob[12..16].copy_from_slice(&crc.to_le_bytes());
}

#[test]
fn a_flipped_bit_is_caught_by_the_checksum() {
    let original = std::fs::read(concat!(env!("OUT_DIR"), "/library.bin")).unwrap();
    let mut rng = Rng(0x5EED_0001);
    for _ in 0..200 {
        let mut blob = original.clone();
        let at = 16 + rng.below(blob.len() - 16);
        blob[at] ^= 1 << rng.below(8);
        assert_eq!(Library::parse(&blob).err(), Some(FormatError::BadChecksum));
    }
}

#[test]
fn mutated_blobs_with_valid_checksums_never_panic() {
    let original = std::fs::read(concat!(env!("OUT_DIR"), "/library.bin")).unwrap();
    let mut rng = Rng(0x5EED_0002);
    let (mut accepted, mut refused) = (0, 0);
    for round in 0..600 {
        let mut blob = original.clone();
        // Aim half the mutations at the first 12 KiB, where the tables and lengths are.
        let span = if round % 2 == 0 {
            12 * 1024
        } else {
            blob.len() - 16
        };
        for _ in 0..1 + rng.below(4) {
            let at = 16 + rng.below(span);
            match rng.below(3) {
                0 => blob[at] ^= 1 << rng.below(8),
                1 => blob[at] = rng.next() as u8,
                _ => blob[at] = blob[at].wrapping_add(1),
            }
        }
        fix_crc(&mut blob);
        match Library::parse(&blob) {
            Ok(library) => {
                read_everything(&library);
                accepted += 1;
            }
            Err(_) => refused += 1,
        }
    }
    // Both outcomes occur: mutations of glyph pixels are harmless, of lengths are not.
    assert!(
        accepted > 0 && refused > 0,
        "{accepted} accepted, {refused} refused"
    );
}

#[test]
fn every_truncation_is_refused() {
    let original = std::fs::read(concat!(env!("OUT_DIR"), "/library.bin")).unwrap();
    for len in (0..original.len()).step_by(97).chain(0..64) {
        assert!(Library::parse(&original[..len]).is_err(), "length {len}");
    }
    // Truncated bodies with a header that agrees reach the postcard and table checks.
    let mut rng = Rng(0x5EED_0003);
    for _ in 0..500 {
        let len = 16 + rng.below(original.len() - 16);
        let mut blob = original[..len].to_vec();
        blob[8..12].copy_from_slice(&((len - 16) as u32).to_le_bytes());
        fix_crc(&mut blob);
        assert!(Library::parse(&blob).is_err(), "body of {} bytes", len - 16);
    }
}

#[test]
fn random_bytes_are_refused_without_panic() {
    let mut rng = Rng(0x5EED_0004);
    for _ in 0..2000 {
        let len = rng.below(4096);
        let mut blob: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if blob.len() >= 16 && rng.below(2) == 0 {
            blob[..4].copy_from_slice(b"MOYE");
            blob[4..6].copy_from_slice(&1u16.to_le_bytes());
            blob[8..12].copy_from_slice(&((len - 16) as u32).to_le_bytes());
            fix_crc(&mut blob);
        }
        if let Ok(library) = Library::parse(&blob) {
            read_everything(&library);
        }
    }
}

#[test]
fn header_errors_name_the_problem() {
    let original = std::fs::read(concat!(env!("OUT_DIR"), "/library.bin")).unwrap();
    assert_eq!(Library::parse(&[]).err(), Some(FormatError::TooShort));
    let mut blob = original.clone();
    blob[0] = b'X';
    assert_eq!(Library::parse(&blob).err(), Some(FormatError::BadMagic));
    let mut blob = original.clone();
    let next = moye::format::wire::VERSION + 1;
    blob[4..6].copy_from_slice(&next.to_le_bytes());
    assert_eq!(
        Library::parse(&blob).err(),
        Some(FormatError::UnsupportedVersion(next))
    );
    let mut blob = original.clone();
    blob.push(0);
    assert!(matches!(
        Library::parse(&blob),
        Err(FormatError::LengthMismatch { .. })
    ));
    assert_eq!(
        FormatError::BadBook(0).to_string(),
        "library book 1 is malformed"
    );
}

#[test]
fn size_report_adds_up_and_meets_the_budgets() {
    let library = library();
    let stats = moye::format::Stats::of(&library);
    let blob = std::fs::read(concat!(env!("OUT_DIR"), "/library.bin")).unwrap();
    assert_eq!(stats.total_bytes, blob.len());
    // Issue 13: both articles, three renditions, five sizes, with the Traditional forms.
    assert!(
        stats.total_bytes <= 720 * 1024,
        "{} bytes",
        stats.total_bytes
    );
    // The symbols alone: the code (its maps, about 4 KB a book) outweighs an article's text.
    assert!(stats.text_bytes as f32 / stats.text_chars as f32 <= 1.5);
    assert_eq!(stats.fonts.len(), 5);
    let variants = stats.traditional_variants;
    assert!(variants > 0, "the 繁體 rendition has forms of its own");
    let vertical = stats.vertical_forms;
    assert!(vertical > 0, "brackets and marks have vertical forms");
    assert_eq!(vertical, library.vertical_form_count());
    for font in &stats.fonts {
        // The ids' records, then the Traditional variants', then the vertical forms'.
        let records = usize::from(stats.distinct_chars) + variants + vertical;
        assert_eq!(usize::from(font.glyphs), records);
        // 5 B a record and a 4 B start per 8 records.
        assert_eq!(font.record_bytes, records * 5 + records.div_ceil(8) * 4);
    }
    // Glyphs are exactly their trimmed ink boxes, bit-packed: no byte beyond the ink box's
    // bits rounded up to a byte. Every record is read: the ids' and, past them, the
    // Traditional variants' and the vertical forms'. Bitmaps are stored in record order, each
    // right after the one before, so together they are the font's bitmaps, byte for byte.
    let record_count = library.chars().len() + variants as u16 + vertical as u16;
    for font in library.fonts() {
        let mut packed = 0usize;
        let mut next: Option<*const u8> = None;
        for glyph in (0..record_count).filter_map(|id| font.glyph(id)) {
            if let Some(next) = next {
                assert_eq!(
                    glyph.bits.as_ptr(),
                    next,
                    "{} px: not where the last one ends",
                    font.size()
                );
            }
            next = Some(glyph.bits.as_ptr_range().end);
            let ink_bits = usize::from(glyph.width) * usize::from(glyph.height);
            assert_eq!(glyph.bits.len(), ink_bits.div_ceil(8));
            packed += glyph.bits.len();
            // Trimmed: the first and last rows and columns hold ink.
            if glyph.width > 0 {
                let (w, h) = (glyph.width, glyph.height);
                assert!((0..w).any(|x| glyph.pixel(x, 0)) && (0..w).any(|x| glyph.pixel(x, h - 1)));
                assert!((0..h).any(|y| glyph.pixel(0, y)) && (0..h).any(|y| glyph.pixel(w - 1, y)));
            }
        }
        let size = stats.fonts.iter().find(|f| f.size == font.size()).unwrap();
        assert_eq!(size.bitmap_bytes, packed);
        // Bit-packed, a 16 px glyph takes about 25 B (byte-aligned rows took about 27).
        if font.size() == 16 {
            let per_glyph = packed as f32 / f32::from(record_count);
            assert!(per_glyph <= 26.0, "{per_glyph} B a glyph");
        }
    }
    let report = stats.to_string();
    assert!(
        report.contains("bytes/char") && report.contains("16 px"),
        "{report}"
    );
    println!("{report}");
}
