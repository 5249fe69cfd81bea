//! Compiles content/ and fonts/ into the library blob the core includes
//! (`$OUT_DIR/library.bin`). All the work is in the `moye-compiler` crate; this wrapper only
//! chooses the inputs and reports errors without a backtrace.
//!
//! `MOYE_CONTENT` (a folder of books, or one book file) replaces content/: the simulator, the
//! QEMU harness and the firmware then carry those books built in. A relative path is taken from
//! this crate's root (where content/ is), since a build script cannot know the caller's folder.
//! `MOYE_FONT_SIZES` (comma-separated pixel sizes, default `16,20,24,28,32`) lets a board
//! build carry only its profile's sizes. Characters the main font lacks are drawn from the
//! fallback face in fonts/, else as replacement boxes, each reported as a cargo warning;
//! `MOYE_STRICT=1` makes them errors instead.

use std::path::PathBuf;

const DEFAULT_SIZES: &str = "16,20,24,28,32";

fn main() {
    println!("cargo:rerun-if-env-changed=MOYE_CONTENT");
    println!("cargo:rerun-if-env-changed=MOYE_FONT_SIZES");
    println!("cargo:rerun-if-env-changed=MOYE_STRICT");
    println!("cargo:rerun-if-changed=build.rs");
    let sizes = std::env::var("MOYE_FONT_SIZES").unwrap_or_else(|_| DEFAULT_SIZES.into());
    let sizes: Result<Vec<u8>, _> = sizes.split(',').map(|s| s.trim().parse::<u8>()).collect();
    let Ok(sizes) = sizes else {
        fail(&format!(
            "MOYE_FONT_SIZES must be pixel sizes like {DEFAULT_SIZES}"
        ));
    };
    let content = std::env::var_os("MOYE_CONTENT")
        .filter(|path| !path.is_empty())
        .map_or_else(|| PathBuf::from("content"), PathBuf::from);
    if !content.exists() {
        fail(&format!(
            "MOYE_CONTENT: {} does not exist (a relative path is taken from {})",
            content.display(),
            std::env::current_dir().unwrap_or_default().display()
        ));
    }
    // A folder is scanned whole, so a book added to it rebuilds the blob.
    println!("cargo:rerun-if-changed={}", content.display());
    let options = moye_compiler::Options {
        ui_strings: Some("src/ui/strings.rs".into()),
        fallback_font: Some("fonts/HanaMinB.ttf.gz".into()),
        traditional_font: Some("fonts/NotoSansCJKtc-Regular.otf".into()),
        strict: std::env::var("MOYE_STRICT").is_ok_and(|v| v == "1"),
        ..moye_compiler::Options::new(
            vec![content],
            "fonts/NotoSansCJKsc-Regular.otf".into(),
            sizes,
        )
    };
    let output = match moye_compiler::compile(&options) {
        Ok(output) => output,
        Err(error) => fail(&error.to_string()),
    };
    for warning in &output.warnings {
        println!("cargo:warning={warning}");
    }
    for input in &output.inputs {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let path = out_dir.join("library.bin");
    if let Err(error) = std::fs::write(&path, &output.blob) {
        fail(&format!("cannot write {}: {error}", path.display()));
    }
}

/// Stops the build with one clear line instead of a panic backtrace.
fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    println!("cargo:warning={message}");
    std::process::exit(1);
}
