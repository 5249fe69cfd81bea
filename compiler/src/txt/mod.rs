//! Plain-text (`.txt`) books into the document model: the novels readers actually have, in any
//! Chinese encoding, with whatever line ends, indents and wrapping their source gave them.
//!
//! [`read`] runs these stages, each a module with its own rules:
//! 1. [`decode`](mod@decode): the encoding (named, byte order mark, valid UTF-8, else
//!    chardetng's guess), malformed sequences replaced and counted, binary data refused.
//! 2. [`lines`]: CR, LF and CR LF line ends; indents stripped and noted; controls dropped;
//!    spaces inside a line by script.
//! 3. The title (here): see the table below.
//! 4. [`chapters`]: which lines are headings, and their levels.
//! 5. [`paragraphs`]: blank lines and indents start paragraphs; hard-wrapped files are joined.
//!
//! | source | becomes |
//! |---|---|
//! | the first non-blank line, when it has at most 40 characters, is no heading, does not end a sentence (`。！？!?…`) and is unindented or starts with `《` | the title, not a block |
//! | such a line `《X》Y` (`《水浒传》施耐庵`) | title `X`; `Y` (less a leading `作者：`/`作者:`/`著：` and separators) the author, when not empty |
//! | such a line `《X》` or `X` | title `X` |
//! | a title line followed by a line `作者：Y` (or `作者:Y`) | that line is the author, not a block |
//! | no such first line | the title is the file's stem (`books/水浒传.txt` → `水浒传`) |
//! | a heading line (`第一回　…`, `卷一`, `楔子` …, see [`chapters`]) | [`BlockKind::Heading`] 2 or 3 |
//! | other text | [`BlockKind::Paragraph`]s, by [`paragraphs`]' rules |
//!
//! Bad input never panics: a file over [`MAX_BYTES`] (refused before decoding), binary data
//! and a file with no text give a [`TxtError`] naming the file. Everything is linear in the
//! size of the file.
//!
//! [`BlockKind::Heading`]: crate::document::BlockKind::Heading
//! [`BlockKind::Paragraph`]: crate::document::BlockKind::Paragraph

pub mod chapters;
pub mod decode;
mod error;
pub mod lines;
pub mod paragraphs;

pub use decode::{decode, encoding_for_label, Decoded};
pub use error::{TxtError, TxtErrorKind};

use crate::document::Document;
use chapters::{heading_rank, MAX_HEADING_CHARS};
use encoding_rs::Encoding;
use lines::{push_clean, split_lines, SourceLine};

/// The largest file [`read`] and [`decode`](fn@decode) accept: 64 MiB, some twenty times the longest
/// novel. The caller reads the file, so it can check the size first too.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Prefixes of an author line, or of the author after a `《title》`.
const AUTHOR_PREFIXES: [&str; 4] = ["作者：", "作者:", "著：", "著:"];

/// Reads a plain-text novel into a [`Document`]. `file` is used in errors and for the title
/// fallback (the file stem); `forced` is an encoding the user named (`--encoding`), else the
/// encoding is detected.
///
/// ```
/// use moye_compiler::document::BlockKind;
/// use moye_compiler::txt::read;
///
/// let source = "《水浒传》施耐庵\r\n\r\n第一回　王教头私走延安府\r\n\r\n    话说大宋仁宗天子在位。\r\n";
/// let document = read(source.as_bytes(), "books/shz.txt", None).unwrap();
/// assert_eq!(document.title, "水浒传");
/// assert_eq!(document.author.as_deref(), Some("施耐庵"));
/// assert_eq!(document.blocks[0].kind, BlockKind::Heading(2));
/// assert_eq!(document.blocks[1].text, "话说大宋仁宗天子在位。");
/// assert_eq!(document.blocks[1].line, 5);
///
/// let error = read(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "books/cover.txt", None).unwrap_err();
/// assert_eq!(error.to_string(), "books/cover.txt:3: not text: a NUL byte (binary data?)");
/// ```
pub fn read(
    bytes: &[u8],
    file: &str,
    forced: Option<&'static Encoding>,
) -> Result<Document, TxtError> {
    read_limited(bytes, file, forced, MAX_BYTES)
}

/// [`read`] with a size limit of `limit` bytes, so that tests need not write 64 MiB.
pub(crate) fn read_limited(
    bytes: &[u8],
    file: &str,
    forced: Option<&'static Encoding>,
    limit: usize,
) -> Result<Document, TxtError> {
    let decoded = decode::decode_limited(bytes, forced, limit).map_err(|e| e.in_file(file))?;
    read_text(&decoded.text, file)
}

/// Reads already decoded text into a [`Document`]: for a caller that calls [`decode`](fn@decode)
/// itself, to warn about [`Decoded::replaced`] before reading. `file` as for [`read`].
///
/// ```
/// use moye_compiler::txt::{decode, read_text};
///
/// let decoded = decode("序\n　　话说。\n".as_bytes(), None).unwrap();
/// assert_eq!(decoded.replaced, 0);
/// let document = read_text(&decoded.text, "books/a.txt").unwrap();
/// assert_eq!((document.title.as_str(), document.blocks.len()), ("a", 2));
/// ```
pub fn read_text(text: &str, file: &str) -> Result<Document, TxtError> {
    let lines = split_lines(text);
    let mut body = lines.as_slice();
    while let Some((first, rest)) = body.split_first() {
        if !first.is_blank() {
            break;
        }
        body = rest;
    }
    let Some(first) = body.first() else {
        return Err(TxtError::new(file, TxtErrorKind::Empty));
    };
    let (title, mut author) = match title_line(first) {
        Some(found) => {
            body = body.get(1..).unwrap_or_default();
            found
        }
        None => (file_stem(file), None),
    };
    if author.is_none() {
        if let Some((line, rest)) = next_non_blank(body) {
            if let Some(named) = author_line(line) {
                author = Some(named);
                body = rest;
            }
        }
    }
    let mut document = Document::new(title, paragraphs::blocks(body));
    document.author = author;
    Ok(document)
}

/// The title and author of the first non-blank line, when it is a title by the table's rule.
fn title_line(line: &SourceLine<'_>) -> Option<(String, Option<String>)> {
    let mut text = String::new();
    push_clean(&mut text, line.content, Some('\u{3000}'));
    let bracketed = text.starts_with('《');
    let short = text.chars().nth(MAX_HEADING_CHARS).is_none();
    let ends_sentence = text.ends_with(['。', '！', '？', '!', '?', '…']);
    if !short || ends_sentence || heading_rank(&text).is_some() || (line.indented && !bracketed) {
        return None;
    }
    if let Some((inside, rest)) = text
        .strip_prefix('《')
        .and_then(|after| after.split_once('》'))
    {
        let title = inside.trim();
        if !title.is_empty() {
            return Some((title.to_owned(), author_name(rest)));
        }
    }
    Some((text, None))
}

/// The author in the text after a `《title》`: separators and an `作者：` prefix removed.
fn author_name(rest: &str) -> Option<String> {
    let is_separator = |c: char| lines::is_space(c) || "：:—-/／·，,".contains(c);
    let mut name = rest.trim_matches(is_separator);
    for prefix in AUTHOR_PREFIXES {
        if let Some(after) = name.strip_prefix(prefix) {
            name = after.trim_matches(is_separator);
        }
    }
    (!name.is_empty()).then(|| name.to_owned())
}

/// The author named by a line `作者：Y`.
fn author_line(line: &SourceLine<'_>) -> Option<String> {
    let mut text = String::new();
    push_clean(&mut text, line.content, Some('\u{3000}'));
    if text.chars().nth(MAX_HEADING_CHARS).is_some() {
        return None;
    }
    let named = AUTHOR_PREFIXES[..2]
        .iter()
        .find_map(|prefix| text.strip_prefix(prefix))?;
    let name = named.trim_matches(lines::is_space);
    (!name.is_empty()).then(|| name.to_owned())
}

/// The first non-blank line of `lines` and the lines after it.
fn next_non_blank<'l, 'a>(
    lines: &'l [SourceLine<'a>],
) -> Option<(&'l SourceLine<'a>, &'l [SourceLine<'a>])> {
    let at = lines.iter().position(|line| !line.is_blank())?;
    let line = lines.get(at)?;
    Some((line, lines.get(at + 1..).unwrap_or_default()))
}

/// The file name without folders and extension: the title of a book that names none.
fn file_stem(file: &str) -> String {
    let path = std::path::Path::new(file);
    let stem = path.file_stem().map(|stem| stem.to_string_lossy());
    match stem {
        Some(stem) if !stem.is_empty() => stem.into_owned(),
        _ => file.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(source: &str) -> Document {
        read(source.as_bytes(), "books/某书.txt", None).unwrap()
    }

    #[test]
    fn the_first_short_line_is_the_title() {
        let document = read_str("《水浒传》施耐庵\n\n　　话说。\n");
        assert_eq!(document.title, "水浒传");
        assert_eq!(document.author.as_deref(), Some("施耐庵"));
        assert_eq!(document.blocks.len(), 1);

        let document = read_str("《红楼梦》作者：曹雪芹\n正文。\n");
        assert_eq!(document.author.as_deref(), Some("曹雪芹"));
        let document = read_str("三国演义\n\n作者：罗贯中\n\n　　话说。\n");
        assert_eq!(document.title, "三国演义");
        assert_eq!(document.author.as_deref(), Some("罗贯中"));
        assert_eq!(document.blocks.len(), 1);
        let document = read_str("《西游记》\n正文。\n");
        assert_eq!((document.title.as_str(), document.author), ("西游记", None));
    }

    #[test]
    fn without_a_title_line_the_file_stem_is_the_title() {
        for source in [
            "第一回　开篇\n　　正文。\n",
            "　　话说天下大势，分久必合。\n",
            "他来了。\n她走了。\n",
            &"长".repeat(41),
        ] {
            let document = read_str(source);
            assert_eq!(document.title, "某书", "{source}");
            assert!(!document.blocks.is_empty());
        }
    }

    #[test]
    fn bad_input_names_the_file() {
        let empty = read(b"", "a/empty.txt", None).unwrap_err();
        assert_eq!(empty, TxtError::new("a/empty.txt", TxtErrorKind::Empty));
        let blank = read(" \r\n\t\u{3000}\n".as_bytes(), "a/blank.txt", None).unwrap_err();
        assert_eq!(blank.kind, TxtErrorKind::Empty);
        let binary = read(b"PK\x03\x04\0\0", "a/book.txt", None).unwrap_err();
        assert!(binary.to_string().starts_with("a/book.txt:1: not text"));
        let large = read_limited("一二三".as_bytes(), "a/big.txt", None, 8).unwrap_err();
        assert_eq!(
            large.to_string(),
            "a/big.txt: too large for a book: 9 bytes, the limit is 8 bytes"
        );
    }

    #[test]
    fn any_bytes_give_a_document_with_clean_blocks_or_an_error() {
        // Pieces that exercise every rule, strung together by a fixed pseudo-random sequence.
        let pieces: [&[u8]; 15] = [
            "第一回　".as_bytes(),
            "卷一".as_bytes(),
            "　　".as_bytes(),
            "话说，".as_bytes(),
            "。".as_bytes(),
            b"word ",
            b"\r\n",
            b"\n",
            b"\r",
            b"\t",
            b"  ",
            b"\xE4\xB8",
            "《书》".as_bytes(),
            "他道：“好！”".as_bytes(),
            b"\x07",
        ];
        let mut state = 0x2545_F491_u32;
        let mut next = move || {
            // xorshift32: any fixed sequence would do.
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as usize
        };
        let mut read_ok = 0;
        for _ in 0..500 {
            let mut bytes = Vec::new();
            for _ in 0..next() % 60 {
                bytes.extend_from_slice(pieces[next() % pieces.len()]);
            }
            let Ok(document) = read(&bytes, "f.txt", None) else {
                continue;
            };
            for block in &document.blocks {
                let text = &block.text;
                assert!(
                    !text.is_empty() && !text.chars().any(char::is_control),
                    "{text:?}"
                );
                assert!(!text.starts_with(' ') && !text.ends_with(' '), "{text:?}");
                assert!(
                    block.line >= 1 && block.line <= 1 + bytes.len(),
                    "{bytes:?}"
                );
            }
            read_ok += 1;
        }
        // Most inputs are text: the assertions above did run.
        assert!(read_ok > 250, "{read_ok} of 500 read");
    }

    #[test]
    fn file_stems_lose_folders_and_extension() {
        assert_eq!(file_stem("books/水浒传.txt"), "水浒传");
        assert_eq!(file_stem("水浒传"), "水浒传");
        assert_eq!(file_stem(""), "");
    }
}
