//! Moye's content compiler: turns a folder of Markdown books and a CJK font into the one
//! library blob that the reader core parses (see `moye::format`).
//!
//! The stages, each in its own module, run in this order:
//! 1. [`clean`]: Markdown / MediaWiki markup → [`document::Document`].
//! 2. [`convert`]: the three renditions (原文, 简体, 繁體).
//! 3. [`charset`]: every character used, ranked by frequency.
//! 4. [`raster`]: hinted 1-bit glyphs of exactly those characters at each size.
//! 5. [`blob`]: the postcard blob with header, CRC and compact text.
//!
//! [`compile`] runs them all; the build script and `moye compile` call it.

pub mod blob;
pub mod charset;
pub mod clean;
pub mod convert;
pub mod document;
pub mod epub;
mod library;
pub mod raster;

pub use library::{compile, compile_with_progress, CompileError, Options, Output, Progress};

// The wire layout, shared with the core: this is the core's own `src/format/wire.rs` (its own
// module docs describe it; an outer doc here would move the scope its links resolve in).
#[path = "../../src/format/wire.rs"]
pub mod wire;

// The core's block kinds and their codes: this is the core's own `src/format/block.rs`.
#[path = "../../src/format/block.rs"]
pub mod wire_block;
