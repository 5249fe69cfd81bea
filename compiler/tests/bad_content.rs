//! Bad content at build time, one folder per case under `tests/fixtures/`: the whole compiler
//! runs on each, as the build script and `moye compile` run it. Every bad input stops it with
//! one line naming the file and line; the rest are handled by a documented rule, what is odd
//! with a warning naming the file and line. None panics. Markup is read as CommonMark reads
//! it, so odd markup is a rule, not an error.
//!
//! | fixture | outcome |
//! |---|---|
//! | `empty-file` (an empty `empty.md` after a good book) | error: `empty.md:1`, no text |
//! | `not-utf8` (Latin-1 `café` on line 5) | compiles: detected as windows-1252 and decoded |
//! | `escaped-markup` (`\[文字\](网址)` on line 7: link syntax escaped into the text) | compiles: the text kept as CommonMark renders it, `[文字](网址)`, with a warning naming `escaped.md:7` and `](` |
//! | `unknown-markup` (`<ref>` on line 7) | compiles: the tags dropped, `引用` kept |
//! | `unterminated-bold` (`**` opened on line 7, paragraph runs to line 8) | compiles: the `**` dropped, the text plain |
//! | `unterminated-link` (`[` on line 7) | compiles: `[` is text |
//! | `no-title` (no front matter, heading or bold lead) | compiles: titled `游记` after the file |
//! | `missing-glyph` (𪚥 U+2A6A5, CJK Ext. B, not in Noto Sans CJK SC) | compiles: drawn from the fallback face; without one, as a box with a warning naming `rare.md:7` and the character; `--strict`: that error |
//! | `long-paragraph` (200,000 characters on line 7) | error: `long.md:7`, a block holds at most 65,535 characters: split it |
//! | `bom-crlf` (byte-order mark, Windows line ends) | compiles: the BOM is skipped, `\r\n` is a line end |
//! | `title-only` (front matter, no body) | compiles: a book holding only its title |
//! | `good` | compiles |

use std::path::{Path, PathBuf};

use moye_compiler::{compile, CompileError, Options, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn compile_fixture(name: &str) -> Result<Output, CompileError> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    compile(&Options::new(
        vec![fixture(name)],
        root.join("fonts/NotoSansCJKsc-Regular.otf"),
        vec![16],
    ))
}

/// The error a fixture stops the compiler with, checked to be one line that starts with the
/// bad file's path and line.
fn error_of(name: &str, file: &str, line: usize) -> String {
    let message = match compile_fixture(name) {
        Ok(_) => panic!("fixture {name} compiled"),
        Err(error) => error.to_string(),
    };
    assert!(!message.contains('\n'), "not one line: {message}");
    let place = format!("{}:{line}: ", fixture(name).join(file).display());
    assert!(message.starts_with(&place), "{message}\nexpected {place}");
    message
}

#[test]
fn an_empty_file_has_no_text() {
    let message = error_of("empty-file", "empty.md", 1);
    assert!(
        message.ends_with("no text: the file is empty or holds only markup"),
        "{message}"
    );
}

#[test]
fn a_latin_1_file_is_decoded_not_refused() {
    // `café` in ISO-8859-1 on line 5: not UTF-8, detected as windows-1252 (Latin-1's superset).
    let bytes = std::fs::read(fixture("not-utf8").join("latin1.md")).unwrap();
    let decoded = moye_compiler::txt::decode(&bytes, None).unwrap();
    assert_eq!(decoded.encoding, encoding_rs::WINDOWS_1252);
    assert_eq!(decoded.replaced, 0);
    assert!(decoded.text.contains("café"), "{}", decoded.text);
    let output = compile_fixture("not-utf8").unwrap_or_else(|e| panic!("{e}"));
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
}

#[test]
fn escaped_markup_syntax_is_kept_with_a_warning() {
    let output = compile_fixture("escaped-markup").unwrap_or_else(|e| panic!("{e}"));
    let place = fixture("escaped-markup")
        .join("escaped.md")
        .display()
        .to_string();
    assert_eq!(
        output.warnings,
        [format!("{place}:7: markup-like text `](` kept as written")]
    );
    // The author escaped the brackets: the reader sees them as written.
    let (title, texts) = cleaned("escaped-markup", "escaped.md");
    assert_eq!(title, "转义");
    assert_eq!(texts, ["第一段。", "第二段写出了链接语法[文字](网址)。"]);
}

/// The texts of the blocks `clean` makes of a fixture's file, and its title.
fn cleaned(name: &str, file: &str) -> (String, Vec<String>) {
    let path = fixture(name).join(file);
    let source = std::fs::read_to_string(&path).unwrap();
    let document = moye_compiler::clean::clean(&source, &path.display().to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    let texts = document.blocks.into_iter().map(|b| b.text).collect();
    (document.title, texts)
}

#[test]
fn odd_markup_is_read_by_its_rule() {
    let (_, texts) = cleaned("unknown-markup", "ref.md");
    assert_eq!(texts, ["第一段。", "哈萨克斯坦是中亚国家引用。"]);
    let (_, texts) = cleaned("unterminated-bold", "bold.md");
    assert_eq!(
        texts,
        ["第一段。", "第二段没有结束的粗体，下一行还在同一段。"]
    );
    let (_, texts) = cleaned("unterminated-link", "link.md");
    assert_eq!(texts, ["第一段。", "第二段[没有结束的链接"]);
    let (title, texts) = cleaned("no-title", "游记.md");
    assert_eq!(title, "游记");
    assert_eq!(texts, ["第一段没有标题来源，书名取自文件名。"]);
}

#[test]
fn a_character_the_font_lacks_never_stops_the_book() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let main = root.join("fonts/NotoSansCJKsc-Regular.otf");
    let place = format!("{}:7: ", fixture("missing-glyph").join("rare.md").display());
    let options = Options::new(vec![fixture("missing-glyph")], main, vec![16]);

    // Without a fallback face: a replacement box, and one warning naming file, line and
    // character.
    let output = compile(&options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        output.warnings,
        [format!(
            "{place}character '𪚥' (U+2A6A5) is in no font; drawn as a box with its code"
        )]
    );

    // With the fallback face, which has CJK Extension B: no warning.
    let with_fallback = Options {
        fallback_font: Some(root.join("fonts/HanaMinB.ttf.gz")),
        ..options.clone()
    };
    let output = compile(&with_fallback).unwrap_or_else(|e| panic!("{e}"));
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);

    // --strict refuses what would be a box.
    let strict = Options {
        strict: true,
        ..options
    };
    let message = compile(&strict).unwrap_err().to_string();
    assert!(!message.contains('\n'), "not one line: {message}");
    assert!(message.starts_with(&place), "{message}");
    assert!(
        message.contains("character '𪚥' (U+2A6A5) has no glyph in ")
            && message.ends_with("NotoSansCJKsc-Regular.otf (--strict)"),
        "{message}"
    );
}

#[test]
fn a_200000_character_paragraph_must_be_split() {
    let message = error_of("long-paragraph", "long.md", 7);
    assert!(
        message.ends_with(
            "this paragraph has 200000 characters; a block holds at most 65535 \
             (split it with a blank line)"
        ),
        "{message}"
    );
}

#[test]
fn good_fixtures_compile() {
    for name in [
        "good",
        "bom-crlf",
        "title-only",
        "unknown-markup",
        "unterminated-bold",
        "unterminated-link",
        "no-title",
        "escaped-markup",
    ] {
        let output = compile_fixture(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(output.blob.get(..4), Some(&b"MOYE"[..]), "{name}");
    }
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_read_as_plain_lines() {
    let source = std::fs::read_to_string(fixture("bom-crlf").join("windows.md")).unwrap();
    let document = moye_compiler::clean::clean(&source, "windows.md").unwrap();
    assert_eq!(document.title, "换行");
    let texts: Vec<&str> = document.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["第一段，第二行。"]);
}

#[test]
fn every_fixture_is_covered_here() {
    let mut names: Vec<String> = std::fs::read_dir(fixture(""))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let source = include_str!("bad_content.rs");
    for name in &names {
        assert!(
            source.contains(&format!("\"{name}\"")),
            "fixture {name} has no test"
        );
    }
}
