//! The fuzz targets' code on stable Rust: every input the fuzzer ever crashed on
//! (`tests/fuzz_regressions/<target>/`, one file each, named after the bug) replayed through
//! exactly what the target runs, so a fixed bug stays fixed; and the same code on the real
//! inputs the fuzzing is seeded from, so its checks are known to hold on good data.
//!
//! `fuzz/src/lib.rs` is included as a module here; `bash tools/fuzz.sh` runs the targets.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz;

use std::path::{Path, PathBuf};

use moye::persist::{Bookmark, RamStorage, State, Store, MAX_RECORD_LEN};
use moye::Position;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The saved crash inputs of one target (none yet is fine).
fn crashes(target: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/fuzz_regressions").join(target);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.map(|entry| entry.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

fn replay<T>(target: &str, run: fn(&[u8]) -> T) {
    for path in crashes(target) {
        let bytes = std::fs::read(&path).unwrap();
        println!("{target}: {}", path.display());
        run(&bytes);
    }
}

#[test]
fn library_crashes_stay_fixed() {
    replay("library", fuzz::library);
}

#[test]
fn state_crashes_stay_fixed() {
    replay("state", fuzz::state);
}

#[test]
fn clean_crashes_stay_fixed() {
    replay("clean", fuzz::clean_markdown);
}

#[test]
fn the_library_target_reads_the_built_in_library_and_refuses_its_damage() {
    let blob = std::fs::read(concat!(env!("OUT_DIR"), "/library.bin")).unwrap();
    fuzz::library(&blob);
    assert_eq!(fuzz::with_true_checksum(&blob), blob);
    // Both books in three renditions at 16 px on each profile's panel (the CRC's first byte
    // chooses it; the target makes the CRC true again). On pico-epd42 that was 7 + 30 pages a
    // rendition when this was written, as `moye dump` counts them: every page is drawn.
    let pages: Vec<usize> = (0..3u8)
        .map(|choice| {
            let mut copy = blob.clone();
            copy[moye::format::wire::header::CRC.start] = choice;
            assert_eq!(
                fuzz::profile_of(&copy),
                moye::profile::PROFILES[usize::from(choice)]
            );
            fuzz::library(&copy)
        })
        .collect();
    let [pico, x4, epd29] = pages[..] else {
        unreachable!()
    };
    println!("pages drawn: {pages:?}");
    assert!((90..=150).contains(&pico), "{pages:?}");
    // The larger panel needs fewer pages, the 296×128 one more.
    assert!(0 < x4 && x4 < pico && pico < epd29, "{pages:?}");
    // A damaged copy: the target repairs the checksum and must still not fail.
    let mut damaged = blob.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x55;
    fuzz::library(&damaged);
}

/// A flash image as the reader leaves it after a few saves.
fn saved_flash() -> RamStorage<8192> {
    let mut flash = RamStorage::<8192>::new();
    let mut buf = [0u8; MAX_RECORD_LEN];
    let mut store = Store::new(&mut flash).unwrap();
    let mut state = State::default();
    for page in 0..3u16 {
        state.set_position(7, Position::new(page, 40));
        state
            .add_bookmark(Bookmark {
                book: 7,
                position: Position::new(page, 0),
            })
            .unwrap();
        store.save(&state, &mut buf).unwrap();
    }
    flash
}

#[test]
fn the_state_target_holds_on_saved_states_and_their_records() {
    let flash = saved_flash();
    fuzz::state(flash.as_bytes());
    let record = &flash.as_bytes()[24..];
    let length = usize::from(u16::from_le_bytes([
        flash.as_bytes()[6],
        flash.as_bytes()[7],
    ]));
    assert!(State::decode(&record[..length]).is_ok());
    fuzz::state(&record[..length]);
    fuzz::state(&[]);
}

#[test]
fn make_slot_valid_gives_a_slot_the_store_reads() {
    let mut flash = RamStorage::<8192>::new();
    let state = State {
        last_book: Some(0xB00C),
        ..State::default()
    };
    let mut buf = [0u8; MAX_RECORD_LEN];
    let record = state.encode(&mut buf).unwrap().to_vec();
    let slot = &mut flash.as_mut_bytes()[..4096];
    slot[6..8].copy_from_slice(&(record.len() as u16).to_le_bytes());
    slot[24..24 + record.len()].copy_from_slice(&record);
    fuzz::make_slot_valid(slot);
    let loaded = Store::new(&mut flash).unwrap().load(&mut buf).unwrap();
    assert_eq!(loaded, state);
}

#[test]
fn the_clean_target_holds_on_the_real_articles() {
    for entry in std::fs::read_dir(root().join("content")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        fuzz::clean_markdown(&bytes);
        fuzz::clean_markdown(&bytes[..bytes.len() / 3]);
    }
}
