//! Reading positions: where a reader is in a book, independent of any layout.

use serde::{Deserialize, Serialize};

/// A place in one book: a block (paragraph, heading, …) and a character offset inside it.
///
/// Positions never mention pages, so they survive any re-layout: a font size change, another
/// rendition (简体/繁體/原文), another profile or orientation. Offsets count Unicode scalar
/// values of the block's text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Position {
    /// Index of the block in the book's rendition.
    pub block: u16,
    /// Character offset inside the block.
    pub offset: u16,
}

impl Position {
    /// The first character of the book.
    pub const START: Position = Position {
        block: 0,
        offset: 0,
    };

    /// A position at `offset` characters into block `block`.
    pub const fn new(block: u16, offset: u16) -> Self {
        Position { block, offset }
    }
}
