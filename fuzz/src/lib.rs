//! What each fuzz target does with one input, and what it checks beyond "no panic".
//!
//! The targets in `fuzz_targets/` are one line each around these functions, and the stable
//! test `tests/fuzz_regressions.rs` includes this very file to replay every crash the fuzzer
//! ever found (`tests/fuzz_regressions/<target>/`), so a fixed bug stays fixed without nightly.
//!
//! Checksums guard both the library blob and the state slots, so random bytes almost never
//! get past them. Each function therefore runs the input twice: once as it is (the checks
//! must refuse it cleanly), and once with its checksums made true, so that the fuzzer's
//! mutations reach the parsers behind them. The book readers' targets (`clean`, `epub`, `txt`)
//! are in `books.rs`, sharing one check of the documents they give.

use moye::format::wire::{self, crc32};
use moye::format::{Library, Script, Stats};
use moye::glyphs::FontSet;
use moye::layout::{Layout, LayoutParams, PageIndex};
use moye::persist::{RamStorage, State, Store, MAX_RECORD_LEN};
use moye::profile::{Profile, PROFILES};
use moye::render::{PackedFramebuffer, ReadingView};
use moye::Position;

#[path = "books.rs"]
mod books;

pub use books::{check_document, clean_markdown, epub, has_markup_syntax, txt};

/// Pages indexed per rendition; a book needing more is skipped, as the reader would refuse it.
const MAX_PAGES: usize = 2048;

/// `library`: `Library::parse`, then for what it accepts, reading every page of every book at
/// the library's smallest size, as the reader shows it (text and status line), on the panel
/// of one of the profiles, chosen by [`profile_of`] the input.
///
/// Checked beyond no panic: the character index agrees with the character table, every page
/// ends after it starts, and the page index finds each page's start on that page. Returns the
/// pages drawn.
pub fn library(data: &[u8]) -> usize {
    let _ = Library::parse(data);
    let blob = with_true_checksum(data);
    let profile = profile_of(data);
    match Library::parse(&blob) {
        Ok(library) => read_library(library, profile),
        Err(_) => 0,
    }
}

/// The profile a `library` input is read on: chosen by the first byte of the header's CRC
/// field, which the checksummed pass overwrites anyway (pico-epd42 for inputs too short).
pub fn profile_of(data: &[u8]) -> Profile {
    let choice = data.get(wire::header::CRC.start).copied().unwrap_or(0);
    PROFILES[usize::from(choice) % PROFILES.len()]
}

/// `data` with the header's body length and CRC made to match the body, if it has a header.
pub fn with_true_checksum(data: &[u8]) -> Vec<u8> {
    let mut blob = data.to_vec();
    let Some(body) = data.get(wire::header::LEN..) else {
        return blob;
    };
    let length = u32::try_from(body.len()).unwrap_or(u32::MAX).to_le_bytes();
    blob[wire::header::BODY_LEN].copy_from_slice(&length);
    blob[wire::header::CRC].copy_from_slice(&crc32(body).to_le_bytes());
    blob
}

fn read_library(library: Library<'_>, profile: Profile) -> usize {
    let _ = Stats::of(&library).to_string();
    let chars = library.chars();
    for id in 0..chars.len() {
        let c = chars.get(id).expect("every id below len has a character");
        assert_eq!(library.id_of(c), Some(id), "char index disagrees for {c:?}");
    }
    for font in library.fonts() {
        for id in 0..chars.len() {
            if let Some(glyph) = font.glyph(id) {
                let _ = glyph.bits.len();
            }
        }
    }
    let Some(size) = library.fonts().next().map(|font| font.size()) else {
        return 0;
    };
    let fonts = FontSet::new(library, size).expect("the smallest size is in the library");
    let orientation = profile.default_orientation;
    let screen = profile.screen(orientation);
    let text_area = profile.text_area(orientation);
    let params = LayoutParams::new(text_area.size.width as u16, text_area.size.height as u16);
    let mut framebuffer = vec![0u8; PackedFramebuffer::buffer_len(screen.width, screen.height)];
    let mut starts = vec![Position::START; MAX_PAGES];
    let mut drawn = 0;
    for book in library.books() {
        for script in [Script::Original, Script::Simplified, Script::Traditional] {
            let rendition = book.rendition(script);
            for block in rendition.blocks() {
                let _ = block.text().chars().count() + block.emphasis().count();
            }
            let _ = rendition.toc().filter_map(|i| rendition.block(i)).count();
            // A library whose glyphs are too large for this panel is refused by the layout.
            let Ok(layout) = Layout::try_new(&rendition, &fonts, params) else {
                continue;
            };
            let Ok(index) = PageIndex::build(&layout, &mut starts) else {
                continue;
            };
            for page in 0..index.len() {
                let start = index.start_of(page).expect("page below len");
                let end = index.end_of(page).expect("page below len");
                assert!(start < end, "page {page} is empty: {start:?}..{end:?}");
                assert_eq!(
                    index.page_of(start),
                    page,
                    "page {page} starts at {start:?}"
                );
                let view = ReadingView {
                    layout: &layout,
                    fonts: &fonts,
                    start,
                    end,
                    text_area,
                    status_area: profile.status_area(orientation),
                    title: rendition.title(),
                    page: page + 1,
                    page_count: index.len(),
                    bookmarked: page % 2 == 0,
                };
                let mut canvas = PackedFramebuffer::new(&mut framebuffer, screen)
                    .expect("the buffer is the screen's size");
                view.draw_on(&mut canvas)
                    .expect("the packed framebuffer never fails");
                drawn += 1;
            }
        }
    }
    drawn
}

/// Bytes of the simulated flash: the two 4 KiB sectors the store uses.
const FLASH: usize = 8192;
const SECTOR: usize = FLASH / 2;
/// Header bytes before a slot's payload (see `moye::persist::slots`).
const HEADER: usize = 24;

/// `state`: the record decoder on the bytes, then the two-slot store loading a flash that holds
/// them: as they are, and with slot A's checksums and commit word made true (slot B's too if
/// it starts with the slot magic).
///
/// Checked beyond no panic: a decoded state encodes again within [`MAX_RECORD_LEN`] and decodes
/// to itself; whatever the flash held, saving the loaded state works and a fresh store (a
/// reboot) loads exactly that state.
pub fn state(data: &[u8]) {
    if let Ok(state) = State::decode(data) {
        let mut buf = [0u8; MAX_RECORD_LEN];
        let record = state
            .encode(&mut buf)
            .expect("a decoded state fits a record");
        assert_eq!(
            State::decode(record),
            Ok(state),
            "the record does not round-trip"
        );
    }
    let mut flash = RamStorage::<FLASH>::new();
    let image = flash.as_mut_bytes();
    let n = data.len().min(FLASH);
    image[..n].copy_from_slice(&data[..n]);
    load_save_reload(flash.clone());
    let bytes = flash.as_mut_bytes();
    make_slot_valid(&mut bytes[..SECTOR]);
    if bytes[SECTOR..SECTOR + 4] == *b"MYST" {
        make_slot_valid(&mut bytes[SECTOR..]);
    }
    load_save_reload(flash);
}

/// Writes a true header around whatever payload `slot` (one sector) holds, for the length its
/// header states (or the whole sector if that is too long).
pub fn make_slot_valid(slot: &mut [u8]) {
    let stated = usize::from(u16::from_le_bytes([slot[6], slot[7]]));
    let length = stated.min(slot.len() - HEADER);
    let payload_crc = crc32(&slot[HEADER..HEADER + length]);
    slot[0..4].copy_from_slice(b"MYST");
    slot[4..6].copy_from_slice(&1u16.to_le_bytes());
    slot[6..8].copy_from_slice(&(length as u16).to_le_bytes());
    slot[12..16].copy_from_slice(&payload_crc.to_le_bytes());
    let header_crc = crc32(&slot[0..16]);
    slot[16..20].copy_from_slice(&header_crc.to_le_bytes());
    slot[20..24].copy_from_slice(b"DONE");
}

fn load_save_reload(mut flash: RamStorage<FLASH>) {
    let mut buf = [0u8; MAX_RECORD_LEN];
    let mut store = Store::new(&mut flash).expect("two 4 KiB sectors suffice");
    let state = store.load(&mut buf).expect("RAM storage does not fail");
    store
        .save(&state, &mut buf)
        .expect("saving the loaded state works");
    let mut rebooted = Store::new(&mut flash).expect("two 4 KiB sectors suffice");
    let reloaded = rebooted.load(&mut buf).expect("RAM storage does not fail");
    assert_eq!(reloaded, state, "the saved state did not come back");
}
