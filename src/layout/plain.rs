//! What counting pages knows of a library's characters before it reads the text: which ids
//! are plain — an ideograph or a full-width mark, one em wide in body text — so that the
//! breaker measures the start of a line from the ids alone, without looking each character
//! and its glyph up (`LineBreaker::lead`).
//!
//! Built once per count ([`PlainTable::build`], one glyph lookup per id of the library: about
//! 10 ms of the Cortex-M0+ for a novel's 6,000), kept in the [`SparseIndex`](super::SparseIndex)
//! that counts, 2 bits an id.

use super::class::CharClass;
use super::metrics::{Fonts, TextStyle};
use super::source::{Source, SourceChar};

/// Ids the table covers, from the library's first plain one (ids follow code points, so the
/// Latin ones before the CJK block take none of it): more than a novel's distinct characters
/// (水浒传 has 5,736 over its renditions). Ids past it are never plain, and are measured the
/// long way.
pub const PLAIN_IDS: usize = 6144;

/// What the table says of an id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Plain {
    /// Not plain: measured the long way.
    No,
    /// An ideograph one em wide.
    Han,
    /// A full-width mark of [`CharClass::Closing`], one em wide.
    Closing,
    /// A full-width mark of [`CharClass::Opening`], one em wide.
    Opening,
}

impl Plain {
    /// The class of a plain character.
    #[inline]
    pub(crate) fn class(self) -> CharClass {
        match self {
            Plain::Han => CharClass::Han,
            Plain::Closing => CharClass::Closing,
            Plain::Opening => CharClass::Opening,
            Plain::No => CharClass::Other,
        }
    }

    fn code(self) -> u8 {
        match self {
            Plain::No => PLAIN_NO,
            Plain::Han => PLAIN_HAN,
            Plain::Closing => PLAIN_CLOSING,
            Plain::Opening => 3,
        }
    }

    fn of_code(code: u8) -> Plain {
        match code & 3 {
            1 => Plain::Han,
            2 => Plain::Closing,
            3 => Plain::Opening,
            _ => Plain::No,
        }
    }
}

/// A pair of plain characters as [`PlainTable::pair`] gives it: its boundary in the low two
/// bits ([`PAIR_BREAK`] or [`PAIR_GLUE`]; 0 for a pair the classes do not settle without a
/// ¼ em, or with a character that is not plain), and [`PAIR_COMPRESSES`].
pub(crate) const PAIR_BREAK: u8 = 1;
/// See [`PAIR_BREAK`].
pub(crate) const PAIR_GLUE: u8 = 2;
/// Push-in may take half of the pair's first character.
pub(crate) const PAIR_COMPRESSES: u8 = 4;

/// The 2-bit code of an id that is not plain ([`PlainTable::code`]).
pub(crate) const PLAIN_NO: u8 = 0;
/// The code of a plain ideograph.
pub(crate) const PLAIN_HAN: u8 = 1;
/// The code of a plain closing mark.
pub(crate) const PLAIN_CLOSING: u8 = 2;

/// Which of a library's ids are plain in one layout's body text (2 bits an id, 1.5 KiB).
#[derive(Clone, Debug)]
pub struct PlainTable {
    codes: [u8; PLAIN_IDS / 4],
    /// The id `codes` starts at: the first plain one.
    base: u16,
    /// The body em the table was built for; 0 while it is not built.
    em: u8,
}

/// [`PlainTable::pair`]'s answers, by the two codes (the first [`Plain::No`] at a line's
/// start).
const PAIRS: [u8; 16] = pairs();

const fn pairs() -> [u8; 16] {
    // By `class::settled_by_classes` and `class::pair_compresses_classes` for Han, Closing
    // and Opening (checked against them in the tests).
    const H: u8 = PAIR_BREAK;
    const G: u8 = PAIR_GLUE;
    const C: u8 = PAIR_COMPRESSES;
    [
        // after: No, Han, Closing, Opening
        0,
        H,
        H,
        H, // line start
        0,
        H,
        G,
        H, // Han
        0,
        H,
        G | C,
        H | C, // Closing
        0,
        G,
        0,
        0, // Opening
    ]
}

impl Default for PlainTable {
    fn default() -> Self {
        PlainTable::new()
    }
}

impl PlainTable {
    /// A table that is not built: every id reads as not plain.
    pub const fn new() -> Self {
        PlainTable {
            codes: [0; PLAIN_IDS / 4],
            base: 0,
            em: 0,
        }
    }

    /// Forgets what the table held.
    pub fn clear(&mut self) {
        if self.em != 0 {
            self.codes.fill(0);
            self.base = 0;
            self.em = 0;
        }
    }

    /// Whether the table was built.
    pub fn is_built(&self) -> bool {
        self.em != 0
    }

    /// The body em the table was built for (0 if it was not).
    #[inline]
    pub(crate) fn em(&self) -> u8 {
        self.em
    }

    /// Fills the table for `source`'s ids in `fonts`: an id is plain if its character is an
    /// ideograph or a full-width (not ASCII) mark of [`CharClass::Closing`] or
    /// [`CharClass::Opening`] and its body advance is the body em. A source without ids
    /// leaves it empty (and not built).
    pub fn build<S: Source + ?Sized, F: Fonts + ?Sized>(&mut self, source: &S, fonts: &F) {
        self.clear();
        let em = fonts.size(TextStyle::Body);
        let count = source.id_count();
        if em == 0 || count == 0 {
            return;
        }
        let class_of = |id: u16| {
            let c = source.id_char(id)?;
            let plain = match CharClass::of(c) {
                _ if c.is_ascii() => Plain::No,
                CharClass::Han => Plain::Han,
                CharClass::Closing => Plain::Closing,
                CharClass::Opening => Plain::Opening,
                _ => Plain::No,
            };
            (plain != Plain::No).then_some((c, plain))
        };
        let Some(base) = (0..count).find(|&id| class_of(id).is_some()) else {
            self.em = em;
            return;
        };
        for index in 0..PLAIN_IDS.min(usize::from(count - base)) {
            let id = base + index as u16;
            let Some((c, plain)) = class_of(id) else {
                continue;
            };
            let ch = SourceChar { c, id: Some(id) };
            if fonts.advance_of(TextStyle::Body, ch) != em {
                continue;
            }
            if let Some(at) = self.codes.get_mut(index / 4) {
                *at |= plain.code() << ((index % 4) * 2);
            }
        }
        self.base = base;
        self.em = em;
    }

    /// What the table says of `id`.
    #[cfg(test)]
    pub(crate) fn get(&self, id: u16) -> Plain {
        Plain::of_code(self.code(id))
    }

    /// What the table says of `id`, as its 2-bit code.
    #[inline]
    pub(crate) fn code(&self, id: u16) -> u8 {
        // Ids before the base wrap round to past the table.
        let index = id.wrapping_sub(self.base);
        let code = self.codes.get(usize::from(index / 4)).copied().unwrap_or(0);
        (code >> ((index % 4) * 2)) & 3
    }

    /// The pair of the characters of codes `before` and `after` (see [`PAIR_BREAK`]).
    #[inline]
    pub(crate) fn pair(before: u8, after: u8) -> u8 {
        PAIRS
            .get(usize::from(before & 3) * 4 + usize::from(after & 3))
            .copied()
            .unwrap_or(0)
    }

    /// The plain class of a 2-bit code.
    #[inline]
    pub(crate) fn plain_of(code: u8) -> Plain {
        Plain::of_code(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{Library, Script};
    use crate::glyphs::FontSet;

    #[test]
    fn ideographs_and_full_width_marks_one_em_wide_are_plain() {
        let library = Library::builtin().unwrap();
        let book = library.book(0).unwrap().rendition(Script::Simplified);
        let fonts = FontSet::new(library, 16).unwrap();
        let mut table = PlainTable::new();
        assert!(!table.is_built());
        table.build(&book, &fonts);
        assert!(table.is_built() && table.em() == 16);
        let of = |c: char| table.get(library.id_of(c).unwrap());
        assert_eq!(of('中'), Plain::Han);
        assert_eq!(of('，'), Plain::Closing);
        assert_eq!(of('「'), Plain::Opening);
        // ASCII marks, letters, digits and dashes are not plain.
        for c in ['(', ',', 'a', '1', '—'] {
            if let Some(id) = library.id_of(c) {
                assert_eq!(table.get(id), Plain::No, "{c}");
            }
        }
        // Out of range: not plain.
        assert_eq!(table.get(u16::MAX), Plain::No);
        // Every plain id is exactly as wide as the body em, and of its class.
        for id in 0..library.chars().len() {
            let plain = table.get(id);
            if plain != Plain::No {
                let c = library.chars().get(id).unwrap();
                assert_eq!(CharClass::of(c), plain.class());
                let ch = SourceChar { c, id: Some(id) };
                assert_eq!(fonts.advance_of(TextStyle::Body, ch), 16);
            }
        }
        table.clear();
        assert!(!table.is_built() && table.get(library.id_of('中').unwrap()) == Plain::No);
    }

    #[test]
    fn the_pairs_are_the_classes_rules() {
        use crate::layout::class::{pair_compresses_classes, settled_by_classes};
        use crate::layout::Boundary;
        let all = [Plain::No, Plain::Han, Plain::Closing, Plain::Opening];
        for before in all {
            for after in all {
                let pair = PlainTable::pair(before.code(), after.code());
                let expected = match (before, after) {
                    (_, Plain::No) => 0,
                    (Plain::No, _) => PAIR_BREAK,
                    _ => {
                        let boundary = match settled_by_classes(before.class(), after.class()) {
                            Some((Boundary::Break, false)) => PAIR_BREAK,
                            Some((Boundary::Glue, false)) => PAIR_GLUE,
                            Some(other) => panic!("{before:?} {after:?}: {other:?}"),
                            None => 0,
                        };
                        let compresses = pair_compresses_classes(before.class(), after.class());
                        match boundary {
                            0 => 0,
                            _ if compresses => boundary | PAIR_COMPRESSES,
                            _ => boundary,
                        }
                    }
                };
                assert_eq!(pair, expected, "{before:?} {after:?}");
            }
        }
    }
}
