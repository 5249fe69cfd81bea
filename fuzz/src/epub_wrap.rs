//! Small valid EPUBs built in memory around fuzz input, so that the fuzzer's bytes reach the
//! parsers behind the zip archive (random bytes almost never form one).
//!
//! The book: `META-INF/container.xml` → `OEBPS/content.opf`, an EPUB 3 package with a nav
//! document, an NCX, a stylesheet and two chapters in the spine, every file stored (not
//! deflated: inflating is fuzzed on the raw input, and stored entries keep each run fast).
//! Each wrapper puts the input in place of one or two of these files.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const CONTAINER: &str = r#"<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"#;

const PACKAGE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>测试之书</dc:title><dc:creator>佚名</dc:creator><dc:language>zh-CN</dc:language>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
<item id="css" href="style.css" media-type="text/css"/>
<item id="ch1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>
<item id="ch2" href="text/ch2.xhtml" media-type="application/xhtml+xml"/>
</manifest>
<spine toc="ncx"><itemref idref="ch1"/><itemref idref="ch2"/></spine>
</package>"#;

const NAV: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>目录</title></head>
<body><nav epub:type="toc"><ol>
<li><a href="text/ch1.xhtml">第一章</a></li>
<li><a href="text/ch2.xhtml#s2">第二章</a><ol><li><a href="text/ch2.xhtml#s3">一节</a></li></ol></li>
</ol></nav></body></html>"#;

const NCX: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>
<navPoint id="n1"><navLabel><text>第一章</text></navLabel><content src="text/ch1.xhtml"/></navPoint>
<navPoint id="n2"><navLabel><text>第二章</text></navLabel><content src="text/ch2.xhtml#s2"/></navPoint>
</navMap></ncx>"#;

const STYLE: &str = ".em { text-emphasis: dot; } p { text-indent: 2em; }";

const CHAPTER_1: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>第一章</title><link rel="stylesheet" type="text/css" href="../style.css"/></head>
<body><h1>第一章</h1><p>话说天下大势，<b>分久必合</b>，合久必分。</p></body></html>"#;

const CHAPTER_2: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>第二章</title></head>
<body><h2 id="s2">第二章</h2><p class="em">周末七国分争&amp;并入于秦。</p>
<h3 id="s3">一节</h3><p>及秦灭之后，楚、汉分争。</p></body></html>"#;

/// The book's files, in archive order (after `mimetype`).
const FILES: [(&str, &str); 7] = [
    ("META-INF/container.xml", CONTAINER),
    ("OEBPS/content.opf", PACKAGE),
    ("OEBPS/nav.xhtml", NAV),
    ("OEBPS/toc.ncx", NCX),
    ("OEBPS/style.css", STYLE),
    ("OEBPS/text/ch1.xhtml", CHAPTER_1),
    ("OEBPS/text/ch2.xhtml", CHAPTER_2),
];

/// The book with `data` as its first chapter (`OEBPS/text/ch1.xhtml`): the XHTML, inline CSS
/// (`<style>`, `style=`) and entity code.
pub fn as_chapter(data: &[u8]) -> Vec<u8> {
    book_with(&["OEBPS/text/ch1.xhtml"], data)
}

/// The book with `data` as its package document: metadata, manifest and spine.
pub fn as_package(data: &[u8]) -> Vec<u8> {
    book_with(&["OEBPS/content.opf"], data)
}

/// The book with `data` as both its nav document and its NCX (the NCX is read when the nav
/// gives no entries).
pub fn as_toc(data: &[u8]) -> Vec<u8> {
    book_with(&["OEBPS/nav.xhtml", "OEBPS/toc.ncx"], data)
}

/// The book as a zip, the files named in `replaced` holding `data` instead.
fn book_with(replaced: &[&str], data: &[u8]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let mut add = |name: &str, bytes: &[u8]| {
        zip.start_file(name, stored)
            .expect("an in-memory zip takes any entry");
        zip.write_all(bytes)
            .expect("an in-memory zip takes any bytes");
    };
    add("mimetype", b"application/epub+zip");
    for (name, text) in FILES {
        let bytes = if replaced.contains(&name) {
            data
        } else {
            text.as_bytes()
        };
        add(name, bytes);
    }
    zip.finish()
        .expect("an in-memory zip finishes")
        .into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use moye_compiler::document::BlockKind;

    #[test]
    fn the_unchanged_book_reads_as_written() {
        // Replacing a chapter by its own text changes nothing.
        let book = as_chapter(CHAPTER_1.as_bytes());
        let document = moye_compiler::epub::read(&book, "fuzz.epub").unwrap();
        assert_eq!(document.title, "测试之书");
        assert_eq!(document.author.as_deref(), Some("佚名"));
        let shown: Vec<(BlockKind, &str)> = document
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (BlockKind::Heading(2), "第一章"),
                (BlockKind::Paragraph, "话说天下大势，分久必合，合久必分。"),
                (BlockKind::Heading(2), "第二章"),
                (BlockKind::Paragraph, "周末七国分争&并入于秦。"),
                (BlockKind::Heading(3), "一节"),
                (BlockKind::Paragraph, "及秦灭之后，楚、汉分争。"),
            ]
        );
        assert_eq!(document.blocks[1].emphasis, vec![7..11]);
        assert_eq!(
            document.parts,
            ["OEBPS/text/ch1.xhtml", "OEBPS/text/ch2.xhtml"]
        );
    }

    #[test]
    fn each_wrapper_puts_the_input_where_it_says() {
        use moye_compiler::epub::read;
        // The nav's entry for ch1 has no heading to point at there: it is inserted before
        // the chapter's first block, which is the input's.
        let chapter = read(&as_chapter("<p>甲</p>".as_bytes()), "f").unwrap();
        assert_eq!(chapter.blocks[0].text, "第一章");
        assert_eq!(
            (chapter.blocks[1].text.as_str(), chapter.blocks[1].part),
            ("甲", 0)
        );
        // No spine at all: the package's error, named in the package document.
        let error = read(&as_package(b"<package/>"), "f").unwrap_err();
        assert!(
            error.to_string().starts_with("f: OEBPS/content.opf: "),
            "{error}"
        );
        // A nav of one entry at depth 1 for `一节`: the h3 becomes a level-2 heading.
        let nav =
            r#"<nav epub:type="toc"><ol><li><a href="text/ch2.xhtml#s3">一节</a></li></ol></nav>"#;
        let toc = read(&as_toc(nav.as_bytes()), "f").unwrap();
        let section = toc.blocks.iter().find(|b| b.text == "一节").unwrap();
        assert_eq!(section.kind, BlockKind::Heading(2));
        // Unwrapped, it is level 3.
        let plain = read(&as_toc(NAV.as_bytes()), "f").unwrap();
        let section = plain.blocks.iter().find(|b| b.text == "一节").unwrap();
        assert_eq!(section.kind, BlockKind::Heading(3));
    }
}
