//! The whole compiler run on small fixture folders: it compiles a good one, and every bad
//! input stops it with a message naming the file and line, never a panic.

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
fn a_character_the_font_lacks_names_character_file_and_line() {
    // U+E000 is a private-use character: no font maps it.
    let message = error_of(
        "missing-glyph",
        &[(
            "book.md",
            "---\ntitle: 书\n---\n\n第一段。\n\n第二段\u{E000}。\n".as_bytes(),
        )],
    );
    assert!(message.contains("book.md:7"), "{message}");
    assert!(message.contains("U+E000"), "{message}");
    assert!(message.contains("has no glyph"), "{message}");
}

#[test]
fn non_utf8_names_file_and_line() {
    let message = error_of(
        "not-utf8",
        &[("latin1.md", b"---\ntitle: x\n---\n\ncaf\xE9\n")],
    );
    assert!(message.contains("latin1.md:5"), "{message}");
    assert!(message.contains("not UTF-8"), "{message}");
}

#[test]
fn an_empty_folder_says_there_are_no_books() {
    let message = error_of("empty-dir", &[("notes.txt", b"not a book")]);
    assert!(message.contains("no books"), "{message}");
}

#[test]
fn bad_markup_names_file_and_line() {
    let message = error_of(
        "bad-markup",
        &[(
            "broken.md",
            // An unterminated `[` is text now; link syntax escaped into the text is not.
            "---\ntitle: 书\n---\n\n正文\\[文字\\](网址)\n".as_bytes(),
        )],
    );
    assert!(message.contains("broken.md:5"), "{message}");
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
