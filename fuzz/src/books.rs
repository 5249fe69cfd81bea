//! The book readers' targets (`clean`, `epub`, `txt`) and the one check they share,
//! [`check_document`]: whatever a reader accepts is a document the rest of the compiler and the
//! reader core can trust.

use moye_compiler::clean::clean;
use moye_compiler::document::{BlockKind, Document};
use moye_compiler::{epub, txt};

#[path = "epub_wrap.rs"]
mod epub_wrap;

pub use epub_wrap::{as_chapter, as_package, as_toc};

/// Checks what every reader promises of a document it returns, naming `file` in messages:
/// a non-empty one-line title (and author); blocks of non-empty text without line breaks or
/// control characters; emphasis spans inside their block, sorted, not overlapping and not
/// empty; heading levels 2 or 3; source lines from 1; each block's and warning's `part` one
/// of the document's parts (0 when it has none); and warnings that are one line each and name
/// `file` first.
pub fn check_document(document: &Document, file: &str) {
    check_line(&document.title, "title");
    if let Some(author) = &document.author {
        check_line(author, "author");
    }
    let part_ok = |part: usize| {
        if document.parts.is_empty() {
            part == 0
        } else {
            part < document.parts.len()
        }
    };
    for block in &document.blocks {
        check_line(&block.text, "block");
        assert!(block.line >= 1, "line 0 for {:?}", block.text);
        assert!(
            part_ok(block.part),
            "part {} of {:?}",
            block.part,
            document.parts
        );
        let chars = block.text.chars().count();
        let mut last = 0;
        for span in &block.emphasis {
            assert!(
                last <= span.start && span.start < span.end && span.end <= chars,
                "span {span:?} after {last} in {chars} characters: {:?}",
                block.emphasis
            );
            last = span.end;
        }
        if let BlockKind::Heading(level) = block.kind {
            assert!(level == 2 || level == 3, "heading level {level}");
        }
    }
    for warning in &document.warnings {
        assert!(warning.line >= 1, "{warning:?}");
        assert!(part_ok(warning.part), "{warning:?} of {:?}", document.parts);
        check_line(&warning.message, "warning");
    }
    for message in document.clone().take_warnings(file) {
        assert!(message.starts_with(file), "{message}");
        assert!(!message.contains(['\n', '\r']), "{message:?}");
    }
}

/// A title, author, block or message: not empty, one line, no control characters.
fn check_line(text: &str, what: &str) {
    assert!(!text.is_empty(), "empty {what}");
    assert!(!text.chars().any(char::is_control), "{what} {text:?}");
}

/// A reader's error message: one line, starting with the file's name.
fn check_error(message: &str, file: &str) {
    assert!(message.starts_with(file), "{message}");
    assert!(!message.contains(['\n', '\r']), "{message:?}");
}

/// Markup syntax that may not reach a page unless a warning says so, written out here from
/// CONTENT.md apart from the cleaner's own list, so that the two check each other.
const MARKUP_SYNTAX: [&str; 12] = [
    "](",
    "\\[",
    "\\]",
    "**",
    "{{",
    "}}",
    "-{",
    "}-",
    "\"wikilink\"",
    "fig:",
    "Category:",
    "|---|",
];

/// Whether `text` holds markup syntax: one of [`MARKUP_SYNTAX`], or a bare HTML tag (`<b>`,
/// `</p>`: a letter and letters or digits between the angle brackets).
pub fn has_markup_syntax(text: &str) -> bool {
    MARKUP_SYNTAX.iter().any(|s| text.contains(s))
        || text.match_indices('<').any(|(at, _)| {
            let rest = &text[at + 1..];
            let name = rest.strip_prefix('/').unwrap_or(rest);
            let len = name.bytes().take_while(u8::is_ascii_alphanumeric).count();
            name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
                && name.as_bytes().get(len) == Some(&b'>')
        })
}

/// `clean`: the Markdown / MediaWiki cleaner on the bytes as UTF-8 (invalid sequences
/// replaced: the compiler decodes before cleaning).
///
/// Checked beyond no panic: an error names a line of the source and is one line of text; a
/// document passes [`check_document`], and markup syntax is in a block only when a warning
/// names the block's line (in the title, only when there is a warning at all).
pub fn clean_markdown(data: &[u8]) {
    let source = String::from_utf8_lossy(data);
    match clean(&source, "fuzz.md") {
        Err(error) => {
            let lines = source.lines().count().max(1);
            assert!(
                (1..=lines).contains(&error.line),
                "line {} of {lines}",
                error.line
            );
            check_error(&error.to_string(), "fuzz.md:");
        }
        Ok(document) => {
            check_document(&document, "fuzz.md");
            let warned = |line: usize| document.warnings.iter().any(|w| w.line == line);
            assert!(
                !document.warnings.is_empty() || !has_markup_syntax(&document.title),
                "markup in the title {:?} without a warning",
                document.title
            );
            for block in &document.blocks {
                assert!(
                    warned(block.line) || !has_markup_syntax(&block.text),
                    "markup without a warning at line {}: {:?}",
                    block.line,
                    block.text
                );
            }
        }
    }
}

/// `epub`: the EPUB reader on the bytes as a file, and then on three small valid EPUBs built
/// around them (random bytes are almost never a zip): as the one XHTML chapter, as the package
/// document, and as the navigation document and NCX ([`as_chapter`], [`as_package`],
/// [`as_toc`]), so that the XHTML, CSS, entity, OPF and TOC parsers see the fuzzer's bytes.
///
/// Checked beyond no panic: an error is one line starting with the file name; a document
/// passes [`check_document`]. Returns how many of the four readings gave a document.
pub fn epub(data: &[u8]) -> usize {
    let mut read = 0;
    let wrapped = [as_chapter(data), as_package(data), as_toc(data)];
    for bytes in std::iter::once(data).chain(wrapped.iter().map(Vec::as_slice)) {
        match epub::read(bytes, "fuzz.epub") {
            Err(error) => check_error(&error.to_string(), "fuzz.epub"),
            Ok(document) => {
                check_document(&document, "fuzz.epub");
                read += 1;
            }
        }
    }
    read
}

/// `txt`: the plain-text reader on the bytes with the encoding detected, then forced to
/// GB18030 and to Big5 (the two a Chinese novel is most often in besides UTF-8).
///
/// Checked beyond no panic: an error is one line starting with the file name; a document
/// passes [`check_document`]. Returns how many of the three readings gave a document.
pub fn txt(data: &[u8]) -> usize {
    let forced = [
        None,
        txt::encoding_for_label("gb18030"),
        txt::encoding_for_label("big5"),
    ];
    let mut read = 0;
    for encoding in forced {
        match txt::read(data, "fuzz.txt", encoding) {
            Err(error) => check_error(&error.to_string(), "fuzz.txt"),
            Ok(document) => {
                check_document(&document, "fuzz.txt");
                read += 1;
            }
        }
    }
    read
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_syntax_is_told_from_prose() {
        for prose in [
            "a*b",
            "C#",
            "(35396) 1997 XF11",
            "[abc",
            "x < y > z",
            "a<3",
            "{a}",
        ] {
            assert!(!has_markup_syntax(prose), "{prose}");
        }
        for markup in ["[a](b)", "甲**乙", "<b>粗", "文</p>", "{{x", "| a |---|"] {
            assert!(has_markup_syntax(markup), "{markup}");
        }
    }
}
