//! A book's text stored once for its three renditions (issue 11, items 1 and 2), on the real
//! novel 水浒传 compiled by the compiler library: every rendition reads back exactly the
//! compiler's conversion of the text, place for place, and the text, its tables and the
//! whole library blob stay within their budgets.

use std::path::Path;

use moye::format::{Library, Script, Stats};
use moye_compiler::convert::{Converter, Script as To};
use moye_compiler::document::{Block, BlockKind, Document};

const BOOK: &str = "tests/books/水浒传.txt";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The novel's library at `sizes`, compiled as `moye compile` does.
fn compile(sizes: &[u8]) -> Vec<u8> {
    let options = moye_compiler::Options {
        ui_strings: Some(root().join("src/ui/strings.rs")),
        fallback_font: Some(root().join("fonts/HanaMinB.ttf.gz")),
        traditional_font: Some(root().join("fonts/NotoSansCJKtc-Regular.otf")),
        ..moye_compiler::Options::new(
            vec![root().join(BOOK)],
            root().join("fonts/NotoSansCJKsc-Regular.otf"),
            sizes.to_vec(),
        )
    };
    let output = moye_compiler::compile(&options).unwrap_or_else(|e| panic!("{e}"));
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    output.blob
}

/// The novel's three renditions made independently of the blob writer: read, the title and
/// author set as its first blocks (as a compile does), then converted (the compile above
/// warned of no uncovered character, so no character of a conversion was put back to its
/// source form).
fn documents() -> [Document; 3] {
    let bytes = std::fs::read(root().join(BOOK)).unwrap();
    let mut original = moye_compiler::txt::read(&bytes, BOOK, None).unwrap();
    let author = original.author.clone().unwrap();
    let front = [
        Block::new(BlockKind::Heading(2), original.title.clone(), 1),
        Block::new(BlockKind::Meta, author, 1),
    ];
    original.blocks.splice(0..0, front);
    let converter = Converter::new().unwrap();
    let simplified = converter.document(&original, To::Simplified);
    let traditional = converter.document(&original, To::Traditional);
    [original, simplified, traditional]
}

const SCRIPTS: [Script; 3] = [Script::Original, Script::Simplified, Script::Traditional];

/// Every rendition of book 0 of `library` reads exactly `documents`, block for block.
fn assert_reads(library: &Library<'_>, documents: &[Document; 3]) {
    let book = library.book(0).unwrap();
    for (script, document) in SCRIPTS.into_iter().zip(documents) {
        let rendition = book.rendition(script);
        assert_eq!(
            rendition.title().chars().collect::<String>(),
            document.title
        );
        assert_eq!(usize::from(rendition.block_count()), document.blocks.len());
        for (block, source) in rendition.blocks().zip(&document.blocks) {
            let text: String = block.text().chars().collect();
            assert_eq!(text, source.text, "{script:?}, line {}", source.line);
        }
        // Reading from inside a long block starts at its sync points: from every offset
        // around them (and past the end) it reads what the whole block reads from there.
        let mut long = 0;
        for block in rendition.blocks().filter(|block| block.len() > 1100) {
            long += 1;
            let whole: Vec<char> = block.text().chars().collect();
            let len = block.len();
            let offsets = [0, 1, 511, 512, 513, 1023, 1024, 1025, len - 1, len, len + 7];
            for from in offsets {
                let expected: String = whole.iter().skip(usize::from(from)).collect();
                let read: String = block.chars_from(from).collect();
                assert_eq!(
                    read,
                    expected,
                    "{script:?}, block {}, from {from}",
                    block.index()
                );
            }
        }
        assert!(long > 50, "{long} blocks over 1,100 characters");
    }
}

#[test]
fn the_novel_reads_back_each_rendition_and_fits_the_budgets() {
    let blob = compile(&[16, 20]);
    let library = Library::parse(&blob).unwrap();
    let documents = documents();
    // The conversions differ from the original and keep every length: then (block, offset)
    // is one place in all three.
    let [original, simplified, traditional] = &documents;
    assert_ne!(original.blocks, traditional.blocks);
    for (a, (b, c)) in original
        .blocks
        .iter()
        .zip(simplified.blocks.iter().zip(&traditional.blocks))
    {
        let len = a.text.chars().count();
        assert_eq!((b.text.chars().count(), c.text.chars().count()), (len, len));
    }
    assert_reads(&library, &documents);

    let stats = Stats::of(&library);
    println!("{stats}");
    let book = library.book(0).unwrap();
    let chars = book.char_count();
    assert!(chars > 840_000, "{chars} characters");
    // Issue 11 item 1: all three renditions together at most 1.25 bytes per character,
    // counting with the text its code: code lengths, peek table and the three symbol → id
    // maps (the character map that turns one text into three).
    let text = book.text_bytes() + book.code_bytes();
    let per_char = text as f64 / chars as f64;
    // Its tables (block starts and kinds — the contents are the heading kinds —, spans and
    // sync points; the library keeps no character index since its id → character table is
    // sorted): at most 2 % of the text.
    let tables = book.table_bytes();
    let share = 100.0 * tables as f64 / text as f64;
    let rendition = book.rendition(Script::Original);
    let not_paragraphs = rendition
        .blocks()
        .filter(|block| block.kind() != moye::format::BlockKind::Paragraph)
        .count();
    println!(
        "{} blocks, {not_paragraphs} of them no paragraph ({} headings)",
        rendition.block_count(),
        rendition.toc().count()
    );
    println!(
        "text {} B + code {} B = {per_char:.3} B/char; tables {tables} B = {share:.2} %; blob \
         at 16/20 px {} B",
        book.text_bytes(),
        book.code_bytes(),
        blob.len()
    );
    assert!(per_char <= 1.25, "{per_char:.3} bytes per character");
    assert!(share <= 2.0, "tables {share:.2} % of the text");
    // Item 2: the library at 16/20 px takes at most 1.6 MiB (bit-packed glyphs, 5-byte
    // records).
    assert!(
        blob.len() <= 1_677_721,
        "{} bytes at 16/20 px, over 1.6 MiB",
        blob.len()
    );
}

#[test]
fn the_novel_at_three_sizes_fits_two_point_one_megabytes() {
    let blob = compile(&[16, 20, 24]);
    let library = Library::parse(&blob).unwrap();
    println!("{}", Stats::of(&library));
    // Item 2: at 16/20/24 px at most 2.1 MB (10^6 bytes). Byte-aligned glyph rows and 8-byte
    // records with offsets took 2,281,365 B.
    assert!(
        blob.len() <= 2_100_000,
        "{} bytes at 16/20/24 px, over 2.1 MB",
        blob.len()
    );
}
