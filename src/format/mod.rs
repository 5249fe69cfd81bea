//! The library blob: its wire layout, shared with the build script ([`wire`]), and the
//! zero-copy reader ([`Library`]).
//!
//! [`Library::parse`] checks a blob completely, once. After that every accessor is total:
//! books, renditions, blocks, text and glyphs are read in place, and a failed lookup is a
//! `None`, never a panic. The same code reads the built-in library and untrusted files.

mod block;
mod book;
mod code;
mod elias_fano;
mod error;
mod font;
mod library;
mod stats;
mod text;
pub mod wire;

pub use block::BlockKind;
pub use book::{Block, Book, Rendition, Script};
pub use error::FormatError;
pub use font::Font;
pub use library::{GlyphSource, Library, MAX_BOOKS, MAX_FONTS};
pub use stats::{FontStats, Stats};
pub use text::{CharTable, Chars, Ids, Text};
