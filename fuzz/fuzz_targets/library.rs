//! `Library::parse`, and reading every page of what it accepts: see `moye_fuzz::library`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    moye_fuzz::library(data);
});
