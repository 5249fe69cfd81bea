//! The Markdown / MediaWiki cleaner: see `moye_fuzz::clean_markdown`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| moye_fuzz::clean_markdown(data));
