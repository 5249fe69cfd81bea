//! Text: a run of a book's symbols read in one rendition, as ids or characters.

use super::code::{self, Symbols};
use super::wire;

/// The id → character table of a library.
#[derive(Clone, Copy, Debug)]
pub struct CharTable<'a> {
    pub(super) records: &'a [u8],
}

impl<'a> CharTable<'a> {
    /// How many characters the library uses.
    pub fn len(&self) -> u16 {
        // parse() checked the count is below wire::code::ID_LIMIT, so it fits u16.
        (self.records.len() / wire::CHAR_RECORD) as u16
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Whether id `id` stands for `c`: cheaper than [`CharTable::get`], for checking an id
    /// that came with its character.
    #[inline]
    pub fn holds(&self, id: u16, c: char) -> bool {
        let [low, middle, high, _] = u32::from(c).to_le_bytes();
        matches!(self.record(id), Some(&[a, b, c]) if [a, b, c] == [low, middle, high])
    }

    /// The character with id `id`.
    #[inline]
    pub fn get(&self, id: u16) -> Option<char> {
        let &[low, middle, high] = self.record(id)?;
        char::from_u32(u32::from_le_bytes([low, middle, high, 0]))
    }

    /// The code point record of id `id`, u24 LE.
    #[inline]
    fn record(&self, id: u16) -> Option<&[u8; wire::CHAR_RECORD]> {
        let at = usize::from(id) * wire::CHAR_RECORD;
        self.records
            .get(at..at + wire::CHAR_RECORD)?
            .try_into()
            .ok()
    }
}

/// A run of a book's text (a block's or the title) in one rendition, iterable as ids or
/// characters: a decoder positioned at the run's first symbol.
#[derive(Clone, Copy, Debug)]
pub struct Text<'a> {
    pub(super) symbols: Symbols<'a>,
    /// The rendition's symbol → id map (u16 LE by rank).
    pub(super) map: &'a [u8],
    pub(super) table: CharTable<'a>,
}

impl<'a> Text<'a> {
    /// The character ids, in order.
    pub fn ids(&self) -> Ids<'a> {
        Ids {
            symbols: self.symbols,
            map: self.map,
        }
    }

    /// The characters, in order.
    pub fn chars(&self) -> Chars<'a> {
        Chars {
            ids: self.ids(),
            table: self.table,
        }
    }

    /// Its length in characters.
    pub fn len(&self) -> u16 {
        self.symbols.len()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Iterator over the character ids of a [`Text`].
#[derive(Clone, Debug)]
pub struct Ids<'a> {
    symbols: Symbols<'a>,
    map: &'a [u8],
}

impl Ids<'_> {
    /// Skips `n` ids by their codes alone, without looking them up in the map; `None` if the
    /// text ends first.
    #[inline]
    pub fn skip_ids(&mut self, n: usize) -> Option<()> {
        self.symbols.skip(n)
    }

    /// Reads up to `max` ids while `take` accepts them, and stops before the first it refuses
    /// (or at the text's end, or before a symbol the map has no id for); returns how many it
    /// read.
    #[inline]
    pub fn read_while(&mut self, max: u16, mut take: impl FnMut(u16) -> bool) -> u16 {
        let map = self.map;
        self.symbols
            .read_while(max, |rank| code::entry(map, rank).is_some_and(&mut take))
    }
}

impl Iterator for Ids<'_> {
    type Item = u16;

    #[inline]
    fn next(&mut self) -> Option<u16> {
        code::entry(self.map, self.symbols.next_rank()?)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::from(self.symbols.len());
        (left, Some(left))
    }

    /// Skips by codes alone (see [`Ids::skip_ids`]).
    fn nth(&mut self, n: usize) -> Option<u16> {
        self.skip_ids(n)?;
        self.next()
    }
}

/// Iterator over the characters of a [`Text`], with their ids.
#[derive(Clone, Debug)]
pub struct Chars<'a> {
    ids: Ids<'a>,
    table: CharTable<'a>,
}

impl Chars<'_> {
    /// The next character with its id.
    #[inline(always)]
    pub fn next_with_id(&mut self) -> Option<(char, u16)> {
        let id = self.ids.next()?;
        Some((self.table.get(id)?, id))
    }

    /// Skips `n` characters by their codes alone, without looking them up in the maps or
    /// the table; `None` if the text ends first.
    #[inline]
    pub fn skip_chars(&mut self, n: usize) -> Option<()> {
        self.ids.skip_ids(n)
    }

    /// Reads up to `max` characters by their ids alone, without looking them up in the table,
    /// while `take` accepts the ids; stops before the first it refuses (or at the text's end).
    /// Returns how many it read.
    #[inline]
    pub fn scan_ids(&mut self, max: u16, take: impl FnMut(u16) -> bool) -> u16 {
        self.ids.read_while(max, take)
    }

    /// The `len` characters that follow this run's end in the book's text (the next
    /// block's, read on from this one's last without a seek); the characters left of this
    /// run are skipped.
    pub fn continued(mut self, len: u16) -> Self {
        self.skip_chars(usize::MAX);
        self.ids.symbols.resume(len);
        self
    }
}

impl Iterator for Chars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        self.next_with_id().map(|(c, _)| c)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ids.size_hint()
    }

    /// Skips by codes alone (see [`Chars::skip_chars`]).
    fn nth(&mut self, n: usize) -> Option<char> {
        self.skip_chars(n)?;
        self.next()
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::vec::Vec;

    use crate::format::{Library, Script};

    #[test]
    fn skipping_by_codes_lands_where_reading_does() {
        let library = Library::builtin().unwrap();
        for script in [Script::Original, Script::Simplified, Script::Traditional] {
            let rendition = library.book(1).unwrap().rendition(script);
            let block = rendition.blocks().max_by_key(|block| block.len()).unwrap();
            let all: Vec<char> = block.text().chars().collect();
            assert_eq!(all.len(), usize::from(block.len()));
            for n in 0..=all.len() + 1 {
                assert_eq!(block.text().chars().nth(n), all.get(n).copied(), "nth({n})");
                let mut chars = block.text().chars();
                chars.nth(n / 2);
                assert_eq!(chars.nth(n / 3), all.get(n / 2 + 1 + n / 3).copied());
            }
        }
    }
}
