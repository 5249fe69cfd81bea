//! The host half of the QEMU check: runs the harness' workload (`qemu/src/workload.rs`, the same
//! file the harness compiles) over the built-in library and prints its `HASH …` lines — page
//! counts and a hash of every page start and framebuffer, per size and book. `qemu/run.sh`
//! compares them with the lines the harness prints on the emulated Cortex-M3; with
//! `MOYE_QEMU_HASHES=<file>` they are also written to that file.

// Shared with the harness: each side uses a part of it (the harness its timer hooks).
#[allow(dead_code)]
#[path = "../qemu/src/workload.rs"]
mod workload;

use std::fmt::Write;

use moye::format::Library;
use workload::{NoTimer, FRAMEBUFFER_LEN};

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

#[test]
fn workload_hashes_for_the_qemu_comparison() {
    let library = Library::builtin().unwrap();
    let lines = hash_lines(&library);
    let runs = usize::from(library.font_count()) * usize::from(library.book_count());
    assert_eq!(lines.lines().count(), runs);
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
