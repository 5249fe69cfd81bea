//! Moye (墨页): the reader core of an offline Chinese e-reader.
//!
//! The core is `#![no_std]` and allocates nothing: every buffer belongs to the caller and time
//! is passed in. Data flows one way through one module per stage:
//!
//! - [`format`](mod@format): the library blob written by the build script, checked once by
//!   [`format::Library::parse`] and read zero-copy afterwards.
//! - [`glyphs`]: 1-bit glyph bitmaps and metrics, found by index.
//! - [`layout`]: Chinese line breaking and pagination into page starts.
//! - [`render`]: drawing pages through embedded-graphics, with a packed 1-bit fast path.
//! - [`ui`]: the button-driven state machine.
//! - [`persist`]: settings, positions and bookmarks in A/B flash slots.
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod format;
pub mod glyphs;
pub mod layout;
pub mod persist;
pub mod position;
pub mod profile;
pub mod render;
pub mod ui;

pub use position::Position;
