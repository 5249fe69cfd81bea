//! Which files a compiler run reads, in which order, and what it refuses before reading.

use std::path::{Path, PathBuf};

use moye_compiler::{compile, CompileError, Options};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("moye-files-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn options(inputs: Vec<PathBuf>) -> Options {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    Options::new(
        inputs,
        root.join("fonts/NotoSansCJKsc-Regular.otf"),
        vec![16],
    )
}

fn book(dir: &Path, name: &str, title: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("---\ntitle: {title}\n---\n\n正文。\n")).unwrap();
    path
}

#[test]
fn files_and_folders_keep_the_order_given() {
    let dir = scratch("order");
    let folder = dir.join("shelf");
    std::fs::create_dir_all(&folder).unwrap();
    book(&folder, "b.md", "乙");
    book(&folder, "a.md", "甲");
    std::fs::write(folder.join("c.txt"), "丁\n\n　　正文。\n").unwrap();
    std::fs::write(folder.join("notes.pdf"), b"%PDF").unwrap();
    let single = book(&dir, "z.md", "丙");
    let mut titles = Vec::new();
    moye_compiler::compile_with_progress(&options(vec![single, folder]), &mut |step| {
        if let moye_compiler::Progress::Book { title, .. } = step {
            titles.push(title.to_owned());
        }
    })
    .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    // The file first, then the folder's books (Markdown and text) by file name; the PDF in
    // the folder is not a book and is passed over.
    assert_eq!(titles, ["丙", "甲", "乙", "丁"]);
}

#[test]
fn a_file_of_another_kind_named_on_its_own_is_refused() {
    let dir = scratch("kind");
    let pdf = dir.join("paper.pdf");
    std::fs::write(&pdf, b"%PDF-1.7").unwrap();
    let error = compile(&options(vec![pdf.clone()])).unwrap_err();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(matches!(error, CompileError::UnknownFormat(_)), "{error}");
    assert_eq!(
        error.to_string(),
        format!(
            "{}: not a kind of book the compiler reads (.md, .epub or .txt)",
            pdf.display()
        )
    );
}

#[test]
fn a_folder_without_books_says_so() {
    let dir = scratch("empty");
    let error = compile(&options(vec![dir.clone()])).unwrap_err();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        error
            .to_string()
            .ends_with("no books (*.md, *.epub or *.txt files) to compile"),
        "{error}"
    );
}

#[test]
fn a_100_mb_text_is_refused_before_it_is_read() {
    let dir = scratch("huge");
    let path = dir.join("huge.md");
    // A sparse file: 100 MB long, no disk used, and never read.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(100 << 20)
        .unwrap();
    let error = compile(&options(vec![path.clone()])).unwrap_err();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(matches!(error, CompileError::TooLarge { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        format!(
            "{}: 100 MiB is more than a book of this kind can be (64 MiB); is it a book?",
            path.display()
        )
    );
}
