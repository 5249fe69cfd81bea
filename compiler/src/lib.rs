//! Moye's content compiler: turns books (Markdown, EPUB, plain text) and a CJK font into the
//! one library blob that the reader core parses (see `moye::format`).
//!
//! The stages, each in its own module, run in this order:
//! 1. Reading, by the file's kind, into one [`document::Document`] model:
//!    [`clean`] for Markdown (CommonMark, GFM and the MediaWiki-export rules),
//!    [`epub`] for EPUB 2 and 3, [`txt`] for plain-text novels in any Chinese encoding.
//! 2. [`convert`]: the three renditions (原文, 简体, 繁體).
//! 3. [`faces`]: which face draws each character (the main font, the fallback face, or a
//!    replacement box), and [`charset`]: every character used, in code-point order (the ids).
//! 4. [`raster`]: hinted 1-bit glyphs of exactly those characters at each size,
//!    [`forms`]: the Traditional (TC) glyphs of the 繁體 renditions and the positioned marks,
//!    and [`vertical`]: the main face's vertical forms (`vrt2`/`vert`) for 直排.
//! 5. [`blob`]: the postcard blob with header, CRC and the text stored once for the three
//!    renditions, in a canonical [`huffman`] code per book.
//!
//! [`compile`] runs them all; the build script and `moye compile` call it.

pub mod blob;
pub mod charset;
pub mod clean;
pub mod convert;
pub mod document;
pub mod elias_fano;
pub mod epub;
mod error;
pub mod faces;
pub mod forms;
pub mod huffman;
mod library;
pub mod raster;
mod sources;
pub mod txt;
pub mod vertical;

pub use error::CompileError;
pub use library::{compile, compile_with_progress, Options, Output, Progress};

// The wire layout, shared with the core: this is the core's own `src/format/wire.rs` (its own
// module docs describe it; an outer doc here would move the scope its links resolve in).
#[path = "../../src/format/wire.rs"]
pub mod wire;

// The core's block kinds and their codes: this is the core's own `src/format/block.rs`.
#[path = "../../src/format/block.rs"]
pub mod wire_block;
