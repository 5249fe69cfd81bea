//! EPUB books the tests write themselves, read back through `moye_compiler::epub::read`.

// Emphasis is a list of ranges; a list of one range is what is meant.
#![allow(clippy::single_range_in_vec_init)]

use std::io::{Cursor, Write};
use std::ops::Range;

use moye_compiler::document::{Block, BlockKind, Document};
use moye_compiler::epub::{read, read_with_limits, EpubErrorKind, Limits};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use BlockKind::{Heading, ListItem, Note, Paragraph};

/// A zip of `files` (path, bytes), `mimetype` first and stored, as EPUB wants.
fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let written = zip
        .start_file("mimetype", stored)
        .and_then(|()| Ok(zip.write_all(b"application/epub+zip")?));
    assert!(written.is_ok(), "{written:?}");
    for (path, bytes) in files {
        let written = zip
            .start_file(*path, deflated)
            .and_then(|()| Ok(zip.write_all(bytes)?));
        assert!(written.is_ok(), "{written:?}");
    }
    match zip.finish() {
        Ok(cursor) => cursor.into_inner(),
        Err(error) => panic!("{error}"),
    }
}

fn container(opf: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
         <rootfiles><rootfile full-path=\"{opf}\" media-type=\"application/oebps-package+xml\"/></rootfiles>\n</container>"
    )
}

/// An XHTML page whose body starts on line 6.
fn page(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">\n\
         <head><title>页</title><link href=\"../Styles/main.css\" rel=\"stylesheet\" type=\"text/css\"/></head>\n\
         <body>\n{body}\n</body></html>"
    )
}

/// (kind, text, emphasis, part, line) of every block.
type Shown<'a> = (BlockKind, &'a str, Vec<Range<usize>>, usize, usize);

fn shown(document: &Document) -> Vec<Shown<'_>> {
    document
        .blocks
        .iter()
        .map(|b: &Block| (b.kind, b.text.as_str(), b.emphasis.clone(), b.part, b.line))
        .collect()
}

fn read_ok(bytes: &[u8], file: &str) -> Document {
    match read(bytes, file) {
        Ok(document) => document,
        Err(error) => panic!("{error}"),
    }
}

fn error_of(bytes: &[u8]) -> String {
    match read(bytes, "books/x.epub") {
        Ok(document) => panic!("read: {document:?}"),
        Err(error) => error.to_string(),
    }
}

const EPUB3_OPF: &str = r##"<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>测试之书</dc:title><dc:creator>张三</dc:creator><dc:creator>李四</dc:creator>
<dc:language>zh-CN</dc:language>
</metadata>
<manifest>
<item id="nav" href="Text/nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="title" href="Text/title.xhtml" media-type="application/xhtml+xml"/>
<item id="c1" href="Text/chapter%201.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="Text/c2.xhtml" media-type="application/xhtml+xml"/>
<item id="css" href="Styles/main.css" media-type="text/css"/>
<item id="map" href="Images/map.jpg" media-type="image/jpeg"/>
</manifest>
<spine>
<itemref idref="nav" linear="no"/>
<itemref idref="title"/>
<itemref idref="c1"/>
<itemref idref="c2"/>
</spine>
</package>"##;

const EPUB3_NAV: &str = r##"<nav epub:type="toc"><h1>目录</h1><ol>
<li><a href="title.xhtml">测试之书</a></li>
<li><a href="chapter%201.xhtml">第一章　起</a><ol><li><a href="chapter%201.xhtml#s1">第一节</a></li></ol></li>
<li><a href="c2.xhtml#c2">第二章</a></li>
</ol></nav>"##;

const EPUB3_CHAPTER_1: &str = r##"<h1>第一章　起</h1>
<p>他说：<span class="dot">这很重要</span>。<img src="../Images/map.jpg" alt="地图"/></p>
<p><ruby>夔<rt>kuí</rt></ruby>是一种神兽<sup><a epub:type="noteref" href="#n1">1</a></sup>。</p>
<div id="s1">
<p>第一节的<em>正文</em>，<img src="../Images/map.jpg" alt=""/>没有标题。</p>
<p class="hidden">隐藏的编辑注</p>
</div>
<aside epub:type="footnote" id="n1"><p>1 夔：传说中的动物。</p></aside>"##;

const EPUB3_CHAPTER_2: &str = r##"<h2 id="c2">第二章 承</h2>
<p>第二章第一段<br/>第二行</p>
<ol><li>甲</li><li>乙</li></ol>
<blockquote><p>引用的话</p></blockquote>
<p>作者：<b>张三</b>&nbsp;&nbsp;</p>
<p>内联<span style="-webkit-text-emphasis: dot">着重</span>，<span style="display: none">隐</span>完。</p>"##;

fn epub3() -> Vec<u8> {
    zip_of(&[
        (
            "META-INF/container.xml",
            container("OEBPS/content.opf").as_bytes(),
        ),
        ("OEBPS/content.opf", EPUB3_OPF.as_bytes()),
        ("OEBPS/Text/nav.xhtml", page(EPUB3_NAV).as_bytes()),
        (
            "OEBPS/Text/title.xhtml",
            page("<h1 class=\"title\">测试之书</h1>\n<p class=\"author\">张三</p>").as_bytes(),
        ),
        (
            "OEBPS/Text/chapter 1.xhtml",
            page(EPUB3_CHAPTER_1).as_bytes(),
        ),
        ("OEBPS/Text/c2.xhtml", page(EPUB3_CHAPTER_2).as_bytes()),
        (
            "OEBPS/Styles/main.css",
            b".dot { -webkit-text-emphasis: dot; text-emphasis: dot }\n.hidden { display: none }",
        ),
        ("OEBPS/Images/map.jpg", b"\xFF\xD8\xFF not really a jpeg"),
    ])
}

#[test]
fn an_epub3_book_with_a_nav_document() {
    let document = read_ok(&epub3(), "books/test.epub");
    assert_eq!(document.title, "测试之书");
    assert_eq!(document.author.as_deref(), Some("张三、李四"));
    assert_eq!(document.language.as_deref(), Some("zh-CN"));
    assert_eq!(
        document.parts,
        vec![
            "OEBPS/Text/title.xhtml",
            "OEBPS/Text/chapter 1.xhtml",
            "OEBPS/Text/c2.xhtml",
            "OEBPS/Text/nav.xhtml",
        ]
    );
    // Character offsets checked by hand: 他说：这很重要 → 这 is the 4th character (3..7);
    // 第一节的正文 → 正文 at 4..6; 作者：张三 → 张三 at 3..5; 内联着重 → 着重 at 2..4.
    assert_eq!(
        shown(&document),
        vec![
            // The title page's <h1>测试之书</h1> repeats the title: dropped.
            (Paragraph, "张三", vec![], 0, 7),
            (Heading(2), "第一章\u{3000}起", vec![], 1, 6),
            (Paragraph, "他说：这很重要。地图", vec![3..7], 1, 7),
            (Paragraph, "夔（kuí）是一种神兽1。", vec![], 1, 8),
            (Heading(3), "第一节", vec![], 1, 10),
            (Paragraph, "第一节的正文，没有标题。", vec![4..6], 1, 10),
            (Note, "1 夔：传说中的动物。", vec![], 1, 13),
            (Heading(2), "第二章 承", vec![], 2, 6),
            (Paragraph, "第二章第一段", vec![], 2, 7),
            (Paragraph, "第二行", vec![], 2, 7),
            (ListItem, "1. 甲", vec![], 2, 8),
            (ListItem, "2. 乙", vec![], 2, 8),
            (Note, "引用的话", vec![], 2, 9),
            (Paragraph, "作者：张三", vec![3..5], 2, 10),
            (Paragraph, "内联着重，完。", vec![2..4], 2, 11),
        ]
    );
    let block = &document.blocks[1];
    assert_eq!(
        document.location("books/test.epub", block),
        "books/test.epub/OEBPS/Text/chapter 1.xhtml:6"
    );
}

const EPUB2_OPF: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
<dc:title>石头记</dc:title><dc:creator opf:role="aut">曹雪芹</dc:creator><dc:language>zh-TW</dc:language>
</metadata>
<manifest>
<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
<item id="ch01" href="text/ch01.html" media-type="application/xhtml+xml"/>
<item id="ch02" href="text/ch02.html" media-type="application/xhtml+xml"/>
</manifest>
<spine toc="ncx"><itemref idref="ch01"/><itemref idref="ch02"/></spine>
</package>"##;

const EPUB2_NCX: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
<head><meta name="dtb:uid" content="x"/></head><docTitle><text>石头记</text></docTitle>
<navMap>
<navPoint id="v1" playOrder="1"><navLabel><text>第一卷</text></navLabel><content src="text/ch01.html"/>
  <navPoint id="h1" playOrder="2"><navLabel><text>第一回</text></navLabel><content src="text/ch01.html#h1"/></navPoint>
  <navPoint id="h2" playOrder="3"><navLabel><text>第二回</text></navLabel><content src="text/ch02.html"/></navPoint>
</navPoint>
</navMap>
</ncx>"##;

/// Malformed on purpose: no XML declaration, unclosed <p>, <br> without a slash, HTML
/// entities, a stray </div>.
const EPUB2_CHAPTER_1: &str = "<html><head><title>ch01</title></head><body>
<h2 id=\"h1\">第一回　甄士隱夢幻識通靈</h2>
<p>&nbsp;&nbsp;&nbsp;&nbsp;此開卷第一回也。<br>作者自云
<p>曾歷過一番夢幻之後&hellip;&hellip;<b>故</b>曰&ldquo;甄士隱&rdquo;云云。
</div></body></html>";

fn epub2() -> Vec<u8> {
    // Chapter 2 is GBK, as its XML declaration says (encoded here by encoding_rs).
    let chapter_2 = "<?xml version=\"1.0\" encoding=\"gbk\"?>\n<html><body>\n<h3>第二回</h3>\n<p>贾夫人仙逝扬州城</p>\n</body></html>";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(chapter_2);
    assert!(!unmappable);
    zip_of(&[
        ("META-INF/container.xml", container("book.opf").as_bytes()),
        ("book.opf", EPUB2_OPF.as_bytes()),
        ("toc.ncx", EPUB2_NCX.as_bytes()),
        ("text/ch01.html", EPUB2_CHAPTER_1.as_bytes()),
        ("text/ch02.html", &gbk),
    ])
}

#[test]
fn an_epub2_book_with_an_ncx_and_malformed_pages() {
    let document = read_ok(&epub2(), "old.epub");
    assert_eq!(document.title, "石头记");
    assert_eq!(document.author.as_deref(), Some("曹雪芹"));
    assert_eq!(document.language.as_deref(), Some("zh-TW"));
    assert_eq!(document.parts, vec!["text/ch01.html", "text/ch02.html"]);
    // 曾歷過一番夢幻之後……故 → 故 is the 12th character (11..12).
    assert_eq!(
        shown(&document),
        vec![
            // 第一卷 and 第一回 both point at the h2; the innermost entry claims it.
            (Heading(2), "第一卷", vec![], 0, 2),
            (Heading(3), "第一回\u{3000}甄士隱夢幻識通靈", vec![], 0, 2),
            (Paragraph, "此開卷第一回也。", vec![], 0, 3),
            (Paragraph, "作者自云", vec![], 0, 3),
            (
                Paragraph,
                "曾歷過一番夢幻之後……故曰“甄士隱”云云。",
                vec![11..12],
                0,
                4
            ),
            (Heading(3), "第二回", vec![], 1, 3),
            (Paragraph, "贾夫人仙逝扬州城", vec![], 1, 4),
        ]
    );
}

#[test]
fn toc_headings_come_in_spine_order_with_their_levels() {
    for (bytes, expected) in [
        (
            epub3(),
            vec![(2, "第一章\u{3000}起"), (3, "第一节"), (2, "第二章 承")],
        ),
        (
            epub2(),
            vec![
                (2, "第一卷"),
                (3, "第一回\u{3000}甄士隱夢幻識通靈"),
                (3, "第二回"),
            ],
        ),
    ] {
        let document = read_ok(&bytes, "b.epub");
        let headings: Vec<(u8, &str)> = document
            .blocks
            .iter()
            .filter_map(|b| match b.kind {
                Heading(level) => Some((level, b.text.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(headings, expected);
        let parts: Vec<usize> = document.blocks.iter().map(|b| b.part).collect();
        assert!(parts.windows(2).all(|w| w[0] <= w[1]), "{parts:?}");
    }
}

/// A one-chapter book with `opf_metadata` and `body`.
fn small_book(opf_metadata: &str, body: &str) -> Vec<u8> {
    let opf = format!(
        "<package><metadata>{opf_metadata}</metadata><manifest>\
         <item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>\
         <spine><itemref idref=\"a\"/></spine></package>"
    );
    zip_of(&[
        ("META-INF/container.xml", container("OPS/p.opf").as_bytes()),
        ("OPS/p.opf", opf.as_bytes()),
        ("OPS/a.xhtml", page(body).as_bytes()),
    ])
}

#[test]
fn the_title_falls_back_to_the_first_heading_then_the_file_stem() {
    let book = small_book(
        "<dc:creator></dc:creator>",
        "<h1>序章</h1><p>正文</p><h2>序章</h2>",
    );
    let document = read_ok(&book, "books/无名.epub");
    assert_eq!(document.title, "序章");
    assert_eq!(document.author, None);
    assert_eq!(document.language, None);
    let texts: Vec<&str> = document.blocks.iter().map(|b| b.text.as_str()).collect();
    // The heading the title came from goes; a later one with the same text stays.
    assert_eq!(texts, vec!["正文", "序章"]);

    let document = read_ok(&small_book("", "<p>只有正文</p>"), "books/无名.epub");
    assert_eq!(document.title, "无名");
    assert_eq!(document.blocks.len(), 1);
}

#[test]
fn refusals_name_the_file_the_entry_and_the_line() {
    assert!(error_of(b"plain text, no zip").starts_with("books/x.epub: not a zip archive"));
    assert!(error_of(b"PK\x03\x04\x14\x00").starts_with("books/x.epub: not a zip archive"));
    assert_eq!(
        error_of(&zip_of(&[("OEBPS/content.opf", b"<package/>")])),
        "books/x.epub: no META-INF/container.xml: not an EPUB"
    );
    assert_eq!(
        error_of(&zip_of(&[(
            "META-INF/container.xml",
            b"<container><rootfiles/></container>"
        )])),
        "books/x.epub: META-INF/container.xml: container.xml names no package (.opf) rootfile"
    );
    assert_eq!(
        error_of(&zip_of(&[(
            "META-INF/container.xml",
            container("OEBPS/content.opf").as_bytes()
        )])),
        "books/x.epub: OEBPS/content.opf: the archive has no entry `OEBPS/content.opf`"
    );
    let with_spine = |manifest: &str, spine: &str| {
        let opf = format!(
            "<package>\n<manifest>{manifest}</manifest>\n<spine>\n{spine}\n</spine></package>"
        );
        zip_of(&[
            (
                "META-INF/container.xml",
                container("OEBPS/content.opf").as_bytes(),
            ),
            ("OEBPS/content.opf", opf.as_bytes()),
            ("OEBPS/a.xhtml", page("<p>文</p>").as_bytes()),
        ])
    };
    let item = |href: &str| {
        format!("<item id=\"x\" href=\"{href}\" media-type=\"application/xhtml+xml\"/>")
    };
    assert_eq!(
        error_of(&with_spine(&item("a.xhtml"), "")),
        "books/x.epub: OEBPS/content.opf: the spine lists no content document"
    );
    assert_eq!(
        error_of(&with_spine(
            &item("../../etc/passwd"),
            "<itemref idref=\"x\"/>"
        )),
        "books/x.epub: OEBPS/content.opf:4: `../../etc/passwd` points outside the archive"
    );
    assert_eq!(
        error_of(&with_spine(
            &item("/OEBPS/a.xhtml"),
            "<itemref idref=\"x\"/>"
        )),
        "books/x.epub: OEBPS/content.opf:4: `/OEBPS/a.xhtml` points outside the archive"
    );
    assert_eq!(
        error_of(&with_spine(&item("b.xhtml"), "<itemref idref=\"x\"/>")),
        "books/x.epub: OEBPS/content.opf:4: the archive has no entry `OEBPS/b.xhtml`"
    );
    assert_eq!(
        error_of(&with_spine(&item("a.xhtml"), "<itemref idref=\"y\"/>")),
        "books/x.epub: OEBPS/content.opf:4: the spine names `y`, which the manifest lacks"
    );
    // One ../ from OEBPS/ stays inside the archive, and the entry is there.
    let inside = with_spine(&item("../OEBPS/a.xhtml"), "<itemref idref=\"x\"/>");
    assert_eq!(read_ok(&inside, "x.epub").blocks.len(), 1);
}

#[test]
fn bad_bytes_in_a_chapter_name_its_line() {
    let text = page("<p>好</p>\n<p>BAD</p>");
    let body: Vec<u8> = text
        .replace("BAD", "\u{1}")
        .bytes()
        .map(|b| if b == 1 { 0xFF } else { b })
        .collect();
    let book = zip_of(&[
        ("META-INF/container.xml", container("p.opf").as_bytes()),
        ("p.opf", b"<package><manifest><item id='a' href='a.xhtml' media-type='application/xhtml+xml'/></manifest><spine><itemref idref='a'/></spine></package>"),
        ("a.xhtml", &body),
    ]);
    assert_eq!(
        error_of(&book),
        "books/x.epub: a.xhtml:7: bad text encoding: invalid UTF-8"
    );
}

#[test]
fn the_whole_book_limit_counts_every_entry() {
    let limits = Limits {
        entry: 1 << 20,
        book: 600,
    };
    let error = match read_with_limits(&epub3(), "t.epub", limits) {
        Ok(_) => panic!("read within 600 bytes"),
        Err(error) => error,
    };
    assert_eq!(error.kind, EpubErrorKind::BookTooLarge(600));
    assert!(
        error
            .to_string()
            .ends_with("the book inflates to more than 600 bytes in all"),
        "{error}"
    );
    assert!(read_with_limits(
        &epub3(),
        "t.epub",
        Limits {
            entry: 1 << 20,
            book: 1 << 20
        }
    )
    .is_ok());
}

#[test]
fn never_a_panic_on_truncated_or_corrupted_books() {
    let book = epub2();
    for end in (0..book.len()).step_by(book.len() / 97 + 1) {
        let _ = read(&book[..end], "t.epub");
    }
    for at in (0..book.len()).step_by(book.len() / 211 + 1) {
        let mut broken = book.clone();
        broken[at] ^= 0x5A;
        let _ = read(&broken, "t.epub");
    }
}

#[path = "epub/bomb.rs"]
mod bomb;

#[test]
fn the_compiler_reads_an_epub_file_beside_markdown_and_text() {
    let dir = std::env::temp_dir().join(format!("moye-epub-compile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.epub"), epub3()).unwrap();
    std::fs::write(dir.join("b.txt"), "乙书\n\n　　正文。\n").unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let options = moye_compiler::Options::new(
        vec![dir.clone()],
        root.join("fonts/NotoSansCJKsc-Regular.otf"),
        vec![16],
    );
    let mut books = Vec::new();
    let output = moye_compiler::compile_with_progress(&options, &mut |step| {
        if let moye_compiler::Progress::Book { file, title, .. } = step {
            books.push((
                file.rsplit('/').next().unwrap_or("").to_owned(),
                title.to_owned(),
            ));
        }
    });
    // A broken EPUB is refused naming the file, after which nothing is written.
    std::fs::write(dir.join("c.epub"), b"PK\x03\x04 not really").unwrap();
    let broken = moye_compiler::compile(&options).unwrap_err().to_string();
    let _ = std::fs::remove_dir_all(&dir);
    let output = output.unwrap_or_else(|e| panic!("{e}"));
    assert!(output.blob.starts_with(b"MOYE"));
    let expected = read_ok(&epub3(), "a.epub");
    assert_eq!(books[0], ("a.epub".to_owned(), expected.title.clone()));
    assert_eq!(books[1], ("b.txt".to_owned(), "乙书".to_owned()));
    assert!(broken.contains("c.epub: "), "{broken}");
}
