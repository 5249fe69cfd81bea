//! The whole compiler run on small fixture folders: it compiles a good one, what is odd but
//! readable with a warning naming the file and line, and every input that is no book stops it
//! with a message saying why, never a panic.

use std::path::{Path, PathBuf};

use moye_compiler::{compile, CompileError, Options};

/// A fresh folder under the system's temp dir holding `files`.
fn fixture(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("moye-compile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, bytes) in files {
        std::fs::write(dir.join(file), bytes).unwrap();
    }
    dir
}

fn options(dir: &Path) -> Options {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    Options::new(
        vec![dir.to_path_buf()],
        root.join("fonts/NotoSansCJKsc-Regular.otf"),
        vec![16],
    )
}

fn error_of(name: &str, files: &[(&str, &[u8])]) -> String {
    let dir = fixture(name, files);
    let error = compile(&options(&dir)).expect_err("the fixture must not compile");
    let message = error.to_string();
    let _ = std::fs::remove_dir_all(&dir);
    message
}

#[test]
fn a_small_book_compiles_to_a_blob_the_core_reads() {
    let dir = fixture(
        "good",
        &[("a.md", "---\ntitle: 小书\n---\n\n第一段。\n".as_bytes())],
    );
    let output = compile(&options(&dir)).unwrap();
    assert_eq!(&output.blob[..4], b"MOYE");
    assert!(output.inputs.iter().any(|p| p.ends_with("a.md")));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_character_the_font_lacks_is_a_warning_naming_character_file_and_line() {
    // U+E000 is a private-use character: no font maps it. It is drawn as a box, with a
    // warning; `--strict` refuses it.
    let files: &[(&str, &[u8])] = &[(
        "book.md",
        "---\ntitle: 书\n---\n\n第一段。\n\n第二段\u{E000}。\n".as_bytes(),
    )];
    let dir = fixture("missing-glyph", files);
    let output = compile(&options(&dir)).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.warnings.len(), 1, "{:?}", output.warnings);
    let warning = &output.warnings[0];
    assert!(warning.contains("book.md:7: "), "{warning}");
    assert!(warning.contains("U+E000"), "{warning}");

    let dir = fixture("missing-glyph-strict", files);
    let mut strict = options(&dir);
    strict.strict = true;
    let message = compile(&strict).unwrap_err().to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(message.contains("book.md:7"), "{message}");
    assert!(message.contains("U+E000"), "{message}");
    assert!(message.contains("has no glyph"), "{message}");
}

#[test]
fn a_latin_1_file_is_decoded_without_a_warning() {
    let dir = fixture(
        "not-utf8",
        &[("latin1.md", b"---\ntitle: x\n---\n\ncaf\xE9\n")],
    );
    let output = compile(&options(&dir)).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
}

#[test]
fn a_folder_without_book_files_says_there_are_no_books() {
    let message = error_of("empty-dir", &[("notes.doc", b"not a book")]);
    assert!(message.contains("no books"), "{message}");
}

#[test]
fn escaped_markup_compiles_with_a_warning_naming_file_and_line() {
    // An unterminated `[` is text; link syntax escaped into the text is kept as written (the
    // author wants it shown), and the compiler says where.
    let dir = fixture(
        "escaped-markup",
        &[(
            "broken.md",
            "---\ntitle: 书\n---\n\n正文\\[文字\\](网址)\n".as_bytes(),
        )],
    );
    let output = compile(&options(&dir)).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    let place = dir.join("broken.md").display().to_string();
    assert_eq!(
        output.warnings,
        [format!("{place}:5: markup-like text `](` kept as written")]
    );
}

#[test]
fn no_sizes_is_an_error() {
    let dir = fixture(
        "no-sizes",
        &[("a.md", "---\ntitle: 小书\n---\n\n第一段。\n".as_bytes())],
    );
    let mut options = options(&dir);
    options.sizes.clear();
    assert!(matches!(compile(&options), Err(CompileError::NoSizes)));
    let _ = std::fs::remove_dir_all(&dir);
}
