//! Block kinds: what a paragraph-like unit of a book is, which decides how it is typeset.

/// The kind of a block, as stored in the blob (one byte, see [`BlockKind::code`]).
///
/// Unknown codes are kept as [`BlockKind::Unknown`] rather than refused, so a newer blob's
/// new kinds still read as text (typeset like paragraphs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// A byline or masthead line, set without indent.
    Meta,
    /// A level-2 section heading.
    Heading2,
    /// A level-3 section heading.
    Heading3,
    /// Body text: first line indented 2 em, justified.
    Paragraph,
    /// A citation or disclaimer.
    Note,
    /// An item of a list.
    ListItem,
    /// A kind this reader does not know; read as a paragraph.
    Unknown(u8),
}

impl BlockKind {
    /// The kind stored under `code`.
    pub const fn from_code(code: u8) -> Self {
        match code {
            0 => BlockKind::Meta,
            1 => BlockKind::Heading2,
            2 => BlockKind::Heading3,
            3 => BlockKind::Paragraph,
            4 => BlockKind::Note,
            5 => BlockKind::ListItem,
            other => BlockKind::Unknown(other),
        }
    }

    /// The byte that stores this kind.
    pub const fn code(self) -> u8 {
        match self {
            BlockKind::Meta => 0,
            BlockKind::Heading2 => 1,
            BlockKind::Heading3 => 2,
            BlockKind::Paragraph => 3,
            BlockKind::Note => 4,
            BlockKind::ListItem => 5,
            BlockKind::Unknown(code) => code,
        }
    }

    /// Whether this is a section heading (of any level).
    pub const fn is_heading(self) -> bool {
        matches!(self, BlockKind::Heading2 | BlockKind::Heading3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_kept() {
        for code in 0..=255u8 {
            assert_eq!(BlockKind::from_code(code).code(), code);
        }
        assert_eq!(BlockKind::from_code(9), BlockKind::Unknown(9));
        assert!(BlockKind::Heading3.is_heading());
        assert!(!BlockKind::Paragraph.is_heading());
    }
}
