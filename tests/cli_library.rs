//! Books from outside the firmware, through the `moye` binary: `moye compile` makes a library
//! blob, every headless command opens one with `--library`, and a bad file is refused with one
//! line naming it and the reason (exit code 1), never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn moye(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_moye"))
        .args(args)
        .output()
        .expect("the moye binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("moye-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("compiler/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Compiles a fixture folder at 16 px into `out`, checking that it succeeds.
fn compile(fixture_name: &str, out: &Path) {
    let output = moye(&[
        "compile",
        &fixture(fixture_name),
        "-o",
        text(out),
        "--sizes",
        "16",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn compile_reports_progress_and_writes_a_library_every_command_reads() {
    let dir = scratch("good");
    let blob = dir.join("library.bin");
    let output = moye(&[
        "compile",
        &fixture("good"),
        "-o",
        text(&blob),
        "--sizes",
        "16",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let progress = stderr(&output);
    // Glyph progress, when the compiler reports it, is at most a line per tenth.
    let (glyphs, lines): (Vec<&str>, Vec<&str>) = progress
        .lines()
        .partition(|line| line.starts_with("moye compile: glyphs "));
    assert!(glyphs.len() <= 10, "{progress}");
    assert_eq!(lines.len(), 3, "{progress}");
    assert!(
        lines[0].ends_with("1-short.md: 《小书》, 4 blocks"),
        "{progress}"
    );
    assert!(
        lines[1].starts_with("moye compile: rasterizing "),
        "{progress}"
    );
    assert!(lines[2].contains("1 book, 16 px"), "{progress}");

    // The file's books follow the two built-in ones.
    let dump = moye(&["dump", "--book", "3", "--library", text(&blob)]);
    assert!(dump.status.success(), "{}", stderr(&dump));
    let json = stdout(&dump);
    assert!(json.contains("\"title\": \"小书\""), "{json}");
    assert!(json.contains("第二段有粗体和链接的文字。"), "{json}");

    let stats = moye(&["stats", "--library", text(&blob)]);
    assert!(stats.status.success(), "{}", stderr(&stats));
    let size = std::fs::metadata(&blob).unwrap().len();
    assert!(
        stdout(&stats).starts_with(&format!("library blob: {size} bytes")),
        "{}",
        stdout(&stats)
    );

    let png = dir.join("page.png");
    let shot = moye(&[
        "screenshot",
        "--book",
        "3",
        "--library",
        text(&blob),
        "-o",
        text(&png),
    ]);
    assert!(shot.status.success(), "{}", stderr(&shot));
    let image = image::open(&png).unwrap();
    assert_eq!((image.width(), image.height()), (300, 400));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn compiling_content_gives_the_built_in_library() {
    let dir = scratch("content");
    let blob = dir.join("library.bin");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    // Default sizes, as the build script's: both read MOYE_FONT_SIZES the same way.
    let output = moye(&["compile", text(&content), "-o", text(&blob)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stats = moye(&["stats"]);
    let external = moye(&["stats", "--library", text(&blob)]);
    assert!(external.status.success(), "{}", stderr(&external));
    assert_eq!(stdout(&stats), stdout(&external));
    // Book 2 of the file is book 4 beside the built-in two: the same pages.
    let dump = moye(&["dump", "--book", "2", "--size", "20"]);
    let external = moye(&[
        "dump",
        "--book",
        "4",
        "--size",
        "20",
        "--library",
        text(&blob),
    ]);
    assert!(external.status.success(), "{}", stderr(&external));
    let renumbered = stdout(&external).replacen("\"book\": 4", "\"book\": 2", 1);
    assert_eq!(stdout(&dump), renumbered);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_content_stops_compile_with_one_line_and_exit_code_1() {
    let dir = scratch("bad-content");
    let blob = dir.join("library.bin");
    let cases = [
        ("empty-file", "empty.md:1: no text"),
        (
            "long-paragraph",
            "long.md:7: this paragraph has 200000 characters",
        ),
    ];
    for (name, expected) in cases {
        let output = moye(&[
            "compile",
            &fixture(name),
            "-o",
            text(&blob),
            "--sizes",
            "16",
        ]);
        assert_eq!(output.status.code(), Some(1), "{name}");
        let errors = stderr(&output);
        let last = errors.lines().last().unwrap_or_default();
        assert!(last.starts_with("moye: "), "{name}: {errors}");
        assert!(last.contains(expected), "{name}: {errors}");
        assert!(!errors.contains("panicked"), "{name}: {errors}");
        assert!(!blob.exists(), "{name}: a blob was written");
    }
    // A character in no face: a warning and a box, or with --strict the error.
    let private_use = dir.join("private-use.md");
    std::fs::write(&private_use, "---\ntitle: 私用\n---\n\n\u{E000}字。\n").unwrap();
    let boxed = moye(&[
        "compile",
        text(&private_use),
        "-o",
        text(&blob),
        "--sizes",
        "16",
    ]);
    assert!(boxed.status.success(), "{}", stderr(&boxed));
    assert!(
        stderr(&boxed).contains("private-use.md:5: character '\u{E000}' (U+E000) is in no font"),
        "{}",
        stderr(&boxed)
    );
    std::fs::remove_file(&blob).unwrap();
    let strict = moye(&["compile", text(&private_use), "-o", text(&blob), "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(
        stderr(&strict).contains("private-use.md:5: character '\u{E000}' (U+E000) has no glyph"),
        "{}",
        stderr(&strict)
    );
    assert!(!blob.exists(), "--strict wrote a blob");
    let missing = moye(&["compile", text(&dir.join("nowhere")), "-o", text(&blob)]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("nowhere"), "{}", stderr(&missing));
    let font = moye(&[
        "compile",
        &fixture("good"),
        "-o",
        text(&blob),
        "--font",
        "no.otf",
    ]);
    assert_eq!(font.status.code(), Some(1));
    assert!(stderr(&font).contains("no.otf"), "{}", stderr(&font));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_library_file_is_refused_by_every_headless_command() {
    let dir = scratch("bad-library");
    let good = dir.join("good.bin");
    compile("good", &good);
    let bytes = std::fs::read(&good).unwrap();
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 0x10;
    let mut other_version = bytes.clone();
    other_version[4] = 99;
    let files: [(&str, Vec<u8>, &str); 6] = [
        (
            "empty.bin",
            Vec::new(),
            "not a library: shorter than its header",
        ),
        (
            "text.bin",
            b"# a Markdown book, not a blob\n".to_vec(),
            "no MOYE signature",
        ),
        (
            "truncated.bin",
            bytes[..bytes.len() - 1].to_vec(),
            "truncated or padded",
        ),
        ("flipped.bin", flipped, "damaged: checksum mismatch"),
        (
            "version.bin",
            other_version,
            "format version 99 is not supported (this Moye reads version",
        ),
        (
            "garbage.bin",
            (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect(),
            "no MOYE signature",
        ),
    ];
    let png = dir.join("page.png");
    for (name, contents, reason) in files {
        let path = dir.join(name);
        std::fs::write(&path, contents).unwrap();
        let commands: [Vec<&str>; 3] = [
            vec!["stats"],
            vec!["dump", "--book", "1"],
            vec!["screenshot", "--book", "1", "-o", text(&png)],
        ];
        for mut args in commands {
            args.extend(["--library", text(&path)]);
            let output = moye(&args);
            assert_eq!(output.status.code(), Some(1), "{args:?}");
            let expected = format!("moye: library {} refused: ", path.display());
            let errors = stderr(&output);
            assert_eq!(errors.lines().count(), 1, "{args:?}: {errors}");
            assert!(errors.starts_with(&expected), "{args:?}: {errors}");
            assert!(errors.contains(reason), "{args:?}: {errors}");
            assert!(stdout(&output).is_empty(), "{args:?}");
        }
    }
    assert!(!png.exists(), "a screenshot was saved from a bad library");
    let missing = moye(&["stats", "--library", text(&dir.join("missing.bin"))]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).starts_with("moye: cannot read library "),
        "{}",
        stderr(&missing)
    );
    // The built-in library is untouched by a refused one.
    assert!(moye(&["dump", "--book", "1"]).status.success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_library_without_the_size_asked_for_says_which_it_has() {
    let dir = scratch("sizes");
    let blob = dir.join("library.bin");
    compile("title-only", &blob);
    // Its one book is book 3, after the two built-in ones.
    let output = moye(&[
        "dump",
        "--book",
        "3",
        "--size",
        "20",
        "--library",
        text(&blob),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("the library has no 20 px font (it has 16 px)"),
        "{}",
        stderr(&output)
    );
    let output = moye(&["dump", "--book", "4", "--library", text(&blob)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no book 4: the library has 3 (1-3)"),
        "{}",
        stderr(&output)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `dump --vertical` gives each page's columns as its lines: the same characters in the same
/// order as the horizontal dump, in columns as long as the text area is tall (pico-epd42's
/// 400 px, where a line is 300 px wide), so the longest holds more characters.
#[test]
fn a_vertical_dump_gives_the_columns_of_the_same_text() {
    let text_of = |args: &[&str]| -> (usize, String) {
        let output = moye(args);
        assert!(output.status.success(), "{}", stderr(&output));
        let json = stdout(&output);
        let lines: Vec<&str> = json
            .split('"')
            .skip(5) // {"book": N, "title": "…", "pages": [[ → past the title
            .step_by(2)
            .collect();
        let longest = lines
            .iter()
            .map(|line| line.trim_start_matches('\u{3000}').chars().count())
            .max()
            .unwrap();
        let text = lines.concat().replace('\u{3000}', "");
        (longest, text)
    };
    let (across, horizontal) = text_of(&["dump", "--book", "2"]);
    let (down, vertical) = text_of(&["dump", "--book", "2", "--vertical"]);
    assert_eq!(vertical, horizontal);
    assert!(down > across, "{across} / {down}");
}
