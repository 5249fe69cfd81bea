//! A novel through the `moye` binary (issue 11, item 6): 水浒传 compiled by `moye compile`,
//! then read whole by `dump` and drawn far in by `screenshot --page 3000`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BOOK: &str = "tests/books/水浒传.txt";

fn moye(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_moye"))
        .args(args)
        .output()
        .expect("the moye binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

fn path(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Pixels of `png` darker than mid-grey.
fn ink(png: &Path) -> usize {
    image::open(png)
        .unwrap()
        .to_luma8()
        .pixels()
        .filter(|p| p.0[0] < 128)
        .count()
}

#[test]
fn every_headless_command_reads_the_novel_to_its_last_page() {
    let dir: PathBuf = std::env::temp_dir().join(format!("moye-cli-novel-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let blob = dir.join("novel.bin");
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join(BOOK);
    let compiled = moye(&["compile", path(&book), "-o", path(&blob), "--sizes", "16"]);
    assert!(compiled.status.success(), "{}", stderr(&compiled));

    // dump: every page of the book (the built-in two come first), in the rendition as written
    // (原文), each Han character of the file exactly once and in order.
    let library = [
        "--book",
        "3",
        "--library",
        path(&blob),
        "--size",
        "16",
        "--rendition",
        "original",
    ];
    let dump = moye(&[&["dump"][..], &library].concat());
    assert!(dump.status.success(), "{}", stderr(&dump));
    let json = String::from_utf8(dump.stdout).unwrap();
    let (_, pages) = json.split_once("\"pages\": [").unwrap();
    let page_count = pages.lines().filter(|l| l.starts_with("  [")).count();
    let file = std::fs::read_to_string(&book).unwrap();
    let expected: String = file.chars().filter(|&c| is_han(c)).collect();
    let shown: String = pages.chars().filter(|&c| is_han(c)).collect();
    assert!(expected.chars().count() > 700_000);
    assert!(
        shown == expected,
        "the dump's pages are not the book's text in order"
    );
    assert!(
        page_count > 3000,
        "{page_count} pages at 16 px on pico-epd42"
    );

    // screenshot: page 3,000 is drawn, unlike the page before it; one past the last is refused
    // with the count the dump found.
    let shot = |page: usize| {
        let png = dir.join(format!("page-{page}.png"));
        let page = page.to_string();
        let output = moye(
            &[
                &["screenshot", "--page", &page, "-o", path(&png)][..],
                &library,
            ]
            .concat(),
        );
        (output, png)
    };
    let (output, far) = shot(3000);
    assert!(output.status.success(), "{}", stderr(&output));
    let (output, before) = shot(2999);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(ink(&far) > 5_000, "page 3,000 has text");
    assert_ne!(
        std::fs::read(&far).unwrap(),
        std::fs::read(&before).unwrap()
    );
    let (output, _) = shot(page_count + 1);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains(&format!("the book has {page_count} pages")),
        "{}",
        stderr(&output)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
