//! Moye's content compiler: turns a folder of Markdown books and a CJK font into the one
//! library blob that the reader core parses (see `moye::format`).
//!
//! The stages, each in its own module, run in this order:
//! 1. [`clean`]: Markdown / MediaWiki markup → [`document::Document`].
//! 2. [`convert`]: the three renditions (原文, 简体, 繁體).
//! 3. [`raster`]: hinted 1-bit glyphs of exactly the characters used.
//! 4. [`blob`]: the postcard blob with header, CRC and compact text.

pub mod clean;
pub mod document;
pub mod raster;
