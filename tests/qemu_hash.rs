//! The host half of the QEMU check: runs the harness' workload (`qemu/src/workload.rs`, the same
//! file the harness compiles) and prints its `HASH …` lines — page counts and a hash of every
//! page start and framebuffer, per size, book and reading (简体, and 繁體 in the Traditional
//! forms). `qemu/run.sh` compares them with the lines the harness prints on the emulated
//! Cortex-M3; with `MOYE_QEMU_HASHES=<file>` they are also written to that file.
//!
//! The harness' blob holds the `pico-epd42` profile's sizes (16, 20, 24 px) and the pages depend
//! on which sizes a blob holds (headings are set in the next larger ones, the status line's title
//! in the smallest), so this test compiles the blob the harness' build script does — the same
//! books (`MOYE_CONTENT`, default content/) at the same sizes (`MOYE_FONT_SIZES`, default the
//! profile's) — and runs the workload over it.

// Shared with the harness: each side uses a part of it (the harness its timer hooks).
#[allow(dead_code)]
#[path = "../qemu/src/workload.rs"]
mod workload;

use std::fmt::Write;

use std::path::Path;

use moye::format::Library;
use workload::{NoTimer, FRAMEBUFFER_LEN, PROFILE};

/// The library blob of `sizes`, compiled as the build script does with `MOYE_FONT_SIZES` and
/// `MOYE_CONTENT`.
fn blob_of(sizes: &[u8]) -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = std::env::var_os("MOYE_CONTENT")
        .filter(|path| !path.is_empty())
        .map_or_else(|| root.join("content"), |path| root.join(path));
    let options = moye_compiler::Options {
        ui_strings: Some(root.join("src/ui/strings.rs")),
        fallback_font: Some(root.join("fonts/HanaMinB.ttf.gz")),
        traditional_font: Some(root.join("fonts/NotoSansCJKtc-Regular.otf")),
        ..moye_compiler::Options::new(
            vec![content],
            root.join("fonts/NotoSansCJKsc-Regular.otf"),
            sizes.to_vec(),
        )
    };
    moye_compiler::compile(&options).unwrap().blob
}

/// The `HASH …` lines of the whole library, in the harness' order.
fn hash_lines(library: &Library<'_>) -> String {
    let mut buffer = vec![0u8; FRAMEBUFFER_LEN];
    let mut lines = String::new();
    workload::run_library(library, &mut buffer, &mut NoTimer, |run, _| {
        assert!(run.pages > 0, "{run}: no pages");
        writeln!(lines, "{run}").unwrap();
    })
    .unwrap();
    lines
}

/// The sizes the harness is built with: `MOYE_FONT_SIZES` as run.sh sets it, else the
/// profile's.
fn sizes() -> Vec<u8> {
    match std::env::var("MOYE_FONT_SIZES") {
        Ok(sizes) => sizes
            .split(',')
            .map(|size| size.trim().parse().expect("MOYE_FONT_SIZES: pixel sizes"))
            .collect(),
        Err(_) => PROFILE.body_sizes.to_vec(),
    }
}

#[test]
fn workload_hashes_for_the_qemu_comparison() {
    let sizes = sizes();
    let blob = blob_of(&sizes);
    let library = Library::parse(&blob).unwrap();
    assert_eq!(usize::from(library.font_count()), sizes.len());
    let lines = hash_lines(&library);
    assert_eq!(
        lines.lines().count(),
        sizes.len() * usize::from(library.book_count()) * workload::READINGS.len()
    );
    print!("{lines}");
    if let Some(path) = std::env::var_os("MOYE_QEMU_HASHES") {
        std::fs::write(&path, &lines).unwrap();
    }
}

#[test]
fn workload_is_deterministic() {
    let library = Library::builtin().unwrap();
    assert_eq!(hash_lines(&library), hash_lines(&library));
}

#[test]
fn hash_is_fnv1a_64() {
    // The published FNV-1a 64 test vectors.
    let mut hash = workload::Fnv1a::new();
    assert_eq!(hash.0, 0xcbf2_9ce4_8422_2325);
    hash.write(b"a");
    assert_eq!(hash.0, 0xaf63_dc4c_8601_ec8c);
    let mut hash = workload::Fnv1a::new();
    hash.write(b"foobar");
    assert_eq!(hash.0, 0x8594_4171_f739_67e8);
}
