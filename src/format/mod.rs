//! The library blob: wire layout shared with the build script, and the zero-copy reader.

mod block;

pub use block::BlockKind;
