//! Plain-text books through `moye_compiler::txt::read`: the real novel (tests/books/水浒传.txt,
//! byte for byte as readers have it), the same small book in every encoding and line end, and
//! bad files.

use moye_compiler::document::{BlockKind, Document};
use moye_compiler::txt::{read, TxtErrorKind};

const NOVEL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/books/水浒传.txt");

fn novel_bytes() -> Vec<u8> {
    std::fs::read(NOVEL).expect("tests/books/水浒传.txt is in the repository")
}

/// Han characters: the URO and Extension A, the ones the comparison follows.
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// The value of a Chinese numeral up to the thousands (`一百一十八` → 118), written here
/// apart from the reader's own heading rules.
fn chinese_number(numeral: &str) -> Option<u32> {
    let mut total = 0;
    let mut digit = None;
    for c in numeral.chars() {
        let value = "零一二三四五六七八九".chars().position(|d| d == c);
        match (value, c) {
            (Some(value), _) => digit = Some(value as u32),
            (None, '两') => digit = Some(2),
            (None, '十') => total += digit.take().unwrap_or(1) * 10,
            (None, '百') => total += digit.take()? * 100,
            (None, '千') => total += digit.take()? * 1000,
            _ => return None,
        }
    }
    Some(total + digit.unwrap_or(0))
}

#[test]
fn the_numeral_parser_of_this_test_is_right() {
    assert_eq!(chinese_number("一"), Some(1));
    assert_eq!(chinese_number("十"), Some(10));
    assert_eq!(chinese_number("十二"), Some(12));
    assert_eq!(chinese_number("二十"), Some(20));
    assert_eq!(chinese_number("一百零五"), Some(105));
    assert_eq!(chinese_number("一百一十八"), Some(118));
    assert_eq!(chinese_number("一百二十"), Some(120));
}

#[test]
fn the_novel_has_its_title_author_and_chapters() {
    let document = read(&novel_bytes(), "tests/books/水浒传.txt", None).unwrap();
    assert_eq!(document.title, "水浒传");
    assert_eq!(document.author.as_deref(), Some("施耐庵"));
    let headings: Vec<&str> = document
        .blocks
        .iter()
        .filter(|block| matches!(block.kind, BlockKind::Heading(_)))
        .map(|block| block.text.as_str())
        .collect();
    assert!(headings.len() >= 100, "{} headings", headings.len());
    assert!(headings[0].starts_with("楔子"), "{}", headings[0]);
    let chapters: Vec<&str> = headings
        .iter()
        .copied()
        .filter(|h| h.starts_with('第'))
        .collect();
    assert!(chapters[0].starts_with("第一回"), "{}", chapters[0]);
    // Every chapter, in order: 第一回 … 第一百二十回, each number parsed here.
    let numbers: Vec<u32> = chapters
        .iter()
        .map(|heading| {
            let numeral = heading
                .strip_prefix('第')
                .and_then(|rest| rest.split_once('回'))
                .map(|(numeral, _)| numeral)
                .unwrap_or_default();
            chinese_number(numeral).unwrap_or_else(|| panic!("no chapter number in {heading}"))
        })
        .collect();
    assert_eq!(numbers, (1..=120).collect::<Vec<_>>());
    // Without volumes, chapters are the first level of the contents.
    assert!(document
        .blocks
        .iter()
        .all(|block| block.kind != BlockKind::Heading(3)));
}

#[test]
fn the_novel_keeps_every_han_character_in_order() {
    let bytes = novel_bytes();
    let source = std::str::from_utf8(&bytes).expect("the novel is UTF-8");
    let from_file: String = source.chars().filter(|&c| is_han(c)).collect();
    let document = read(&bytes, "tests/books/水浒传.txt", None).unwrap();
    let mut from_document: String = document.title.chars().filter(|&c| is_han(c)).collect();
    from_document.extend(
        document
            .author
            .iter()
            .flat_map(|a| a.chars())
            .filter(|&c| is_han(c)),
    );
    for block in &document.blocks {
        from_document.extend(block.text.chars().filter(|&c| is_han(c)));
    }
    // 705,855 Han characters, as Python counts them in the file (the same two ranges).
    assert_eq!(from_file.chars().count(), 705_855);
    if from_file != from_document {
        let at = from_file
            .chars()
            .zip(from_document.chars())
            .position(|(a, b)| a != b);
        let around = |text: &str| {
            text.chars()
                .skip(at.unwrap_or(0).saturating_sub(10))
                .take(30)
                .collect::<String>()
        };
        panic!(
            "the Han sequences differ at character {at:?}: {} vs {}",
            around(&from_file),
            around(&from_document)
        );
    }
}

#[test]
fn the_novel_blocks_are_clean_and_start_on_their_lines() {
    let bytes = novel_bytes();
    let source = std::str::from_utf8(&bytes).expect("the novel is UTF-8");
    let lines: Vec<&str> = source.split("\r\n").collect();
    let document = read(&bytes, "tests/books/水浒传.txt", None).unwrap();
    // One block per indented line of text: every paragraph is on a line of its own.
    let paragraphs = document
        .blocks
        .iter()
        .filter(|block| block.kind == BlockKind::Paragraph)
        .count();
    let indented_text_lines = lines
        .iter()
        .filter(|line| line.starts_with([' ', '\t', '\u{3000}']) && !line.trim().is_empty())
        .count();
    assert_eq!(paragraphs, indented_text_lines);
    for block in &document.blocks {
        assert!(!block.text.is_empty());
        assert!(
            !block.text.contains(['\r', '\n', '\t']) && !block.text.starts_with(' '),
            "line {}: {:?}",
            block.line,
            block.text
        );
        assert!(
            !block.text.chars().any(char::is_control),
            "line {}",
            block.line
        );
        let line = lines[block.line - 1].trim_start();
        let first = block.text.chars().next();
        assert_eq!(line.chars().next(), first, "line {}", block.line);
    }
}

/// A small book with a title, volumes, chapters and paragraphs, one per line.
const SMALL_BOOK: &str = concat!(
    "《江湖夜雨》\n\n卷一　出山\n\n第一章　下山\n\n",
    "　　第二天早上，他下山了。\n\n",
    "　　山下有一片林。\n\n第二章　渡河\n\n",
    "　　他渡了河。\n\n卷二\n\n第三章\n\n",
    "　　“好！”他道。\n",
);

fn small_book() -> Document {
    read(SMALL_BOOK.as_bytes(), "books/small.txt", None).unwrap()
}

#[test]
fn volumes_and_chapters_nest() {
    let document = small_book();
    assert_eq!(document.title, "江湖夜雨");
    let seen: Vec<(BlockKind, &str, usize)> = document
        .blocks
        .iter()
        .map(|block| (block.kind, block.text.as_str(), block.line))
        .collect();
    let (h2, h3, p) = (
        BlockKind::Heading(2),
        BlockKind::Heading(3),
        BlockKind::Paragraph,
    );
    assert_eq!(
        seen,
        [
            (h2, "卷一　出山", 3),
            (h3, "第一章　下山", 5),
            (p, "第二天早上，他下山了。", 7),
            (p, "山下有一片林。", 9),
            (h3, "第二章　渡河", 11),
            (p, "他渡了河。", 13),
            (h2, "卷二", 15),
            (h3, "第三章", 17),
            (p, "“好！”他道。", 19),
        ]
    );
}

#[test]
fn every_encoding_and_line_end_gives_the_same_book() {
    let expected = small_book();
    let (gb18030, _, _) = encoding_rs::GB18030.encode(SMALL_BOOK);
    let (big5, _, unmappable) = encoding_rs::BIG5.encode(SMALL_BOOK);
    // The small book's characters are all in Big5 too, so one text serves every encoding.
    assert!(!unmappable);
    let utf8_bom = [b"\xEF\xBB\xBF", SMALL_BOOK.as_bytes()].concat();
    let utf16le = utf16(SMALL_BOOK, u16::to_le_bytes, [0xFF, 0xFE]);
    let utf16be = utf16(SMALL_BOOK, u16::to_be_bytes, [0xFE, 0xFF]);
    let crlf = SMALL_BOOK.replace('\n', "\r\n");
    let cr = SMALL_BOOK.replace('\n', "\r");
    let files: [(&str, &[u8]); 7] = [
        ("gb18030", &gb18030),
        ("big5", &big5),
        ("utf-8 bom", &utf8_bom),
        ("utf-16le", &utf16le),
        ("utf-16be", &utf16be),
        ("crlf", crlf.as_bytes()),
        ("cr", cr.as_bytes()),
    ];
    for (name, bytes) in files {
        let document = read(bytes, "books/small.txt", None).unwrap();
        assert_eq!(document, expected, "{name}");
    }
}

fn utf16(text: &str, to_bytes: fn(u16) -> [u8; 2], bom: [u8; 2]) -> Vec<u8> {
    let mut bytes = bom.to_vec();
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&to_bytes(unit));
    }
    bytes
}

#[test]
fn a_forced_encoding_overrides_detection() {
    let (big5, _, _) = encoding_rs::BIG5.encode(SMALL_BOOK);
    let as_big5 = read(&big5, "books/small.txt", Some(encoding_rs::BIG5)).unwrap();
    assert_eq!(as_big5, small_book());
    // The same bytes read as GBK on the user's word give GBK's reading of them, not Big5's.
    let as_gbk = read(&big5, "books/small.txt", Some(encoding_rs::GBK)).unwrap();
    assert_ne!(as_gbk.blocks, small_book().blocks);
    let gbk_text = encoding_rs::GBK.decode_without_bom_handling(&big5).0;
    assert!(gbk_text.contains(as_gbk.blocks[0].text.as_str()));
}

#[test]
fn a_hard_wrapped_book_is_joined_into_its_paragraphs() {
    let source = "The Adventure\n\n\
                  To Sherlock Holmes she is always the woman. I have seldom\n\
                  heard him mention her under any other name. In his eyes she\n\
                  eclipses and predominates the whole of her sex.\n\n\
                  第一回\n\n\
                  话说天下大势，分久必合，合久必分。周末七国分争，并\n\
                  入于秦。及秦灭之后，楚、汉分争，又并入于汉。汉朝自高祖\n\
                  斩白蛇而起义，一统天下。\n";
    let document = read(source.as_bytes(), "books/wrapped.txt", None).unwrap();
    assert_eq!(document.title, "The Adventure");
    let texts: Vec<(&str, usize)> = document
        .blocks
        .iter()
        .map(|block| (block.text.as_str(), block.line))
        .collect();
    assert_eq!(
        texts,
        [
            (
                "To Sherlock Holmes she is always the woman. I have seldom heard him mention \
                 her under any other name. In his eyes she eclipses and predominates the whole \
                 of her sex.",
                3
            ),
            ("第一回", 7),
            (
                "话说天下大势，分久必合，合久必分。周末七国分争，并入于秦。及秦灭之后，楚、汉分争，\
                 又并入于汉。汉朝自高祖斩白蛇而起义，一统天下。",
                9
            ),
        ]
    );
}

#[test]
fn bad_files_are_refused_naming_the_file() {
    let cases: [(&[u8], &str); 4] = [
        (b"\x7fELF\x02\x01\x01\0\0\0\0\0", "books/a.out.txt"),
        (b"", "books/empty.txt"),
        (b" \r\n\t\r\n\xE3\x80\x80\r\n", "books/blank.txt"),
        (b"\xFF\xFE", "books/bom-only.txt"),
    ];
    for (bytes, file) in cases {
        let error = read(bytes, file, None).unwrap_err();
        assert!(error.to_string().starts_with(file), "{error}");
    }
    let binary = read(b"\x7fELF\x02\x01\x01\0\0\0", "a.txt", None).unwrap_err();
    assert_eq!(binary.kind, TxtErrorKind::NulByte { line: 1 });
    let blank = read(b" \r\n\t\r\n", "b.txt", None).unwrap_err();
    assert_eq!(blank.kind, TxtErrorKind::Empty);
}
