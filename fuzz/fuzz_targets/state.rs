//! The persisted-state decoder and the two-slot store: see `moye_fuzz::state`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| moye_fuzz::state(data));
