//! The EPUB reader, on the bytes and on small EPUBs built around them: see `moye_fuzz::epub`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    moye_fuzz::epub(data);
});
