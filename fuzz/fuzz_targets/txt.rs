//! The plain-text reader, the encoding detected and forced: see `moye_fuzz::txt`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    moye_fuzz::txt(data);
});
