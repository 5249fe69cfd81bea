//! Encoded text: character ids in the wire's text code, decoded on the fly.

use super::wire::{self, text};

/// The id → character table of a library.
#[derive(Clone, Copy, Debug)]
pub struct CharTable<'a> {
    pub(super) records: &'a [u8],
}

impl<'a> CharTable<'a> {
    /// How many characters the library uses.
    pub fn len(&self) -> u16 {
        // parse() checked the count fits the text code's id range, below u16::MAX.
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

/// A run of encoded text (a block's or a title's), iterable as ids or characters.
#[derive(Clone, Copy, Debug)]
pub struct Text<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) table: CharTable<'a>,
}

impl<'a> Text<'a> {
    /// The character ids, in order.
    pub fn ids(&self) -> Ids<'a> {
        Ids { bytes: self.bytes }
    }

    /// The characters, in order.
    pub fn chars(&self) -> Chars<'a> {
        Chars {
            ids: self.ids(),
            table: self.table,
        }
    }

    /// The encoded size in bytes.
    pub fn encoded_len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// Iterator over the character ids of a [`Text`].
#[derive(Clone, Debug)]
pub struct Ids<'a> {
    bytes: &'a [u8],
}

impl Iterator for Ids<'_> {
    type Item = u16;

    #[inline]
    fn next(&mut self) -> Option<u16> {
        let (id, used) = text::decode(self.bytes)?;
        // `decode` took one byte, or two when the first says so.
        self.bytes = match (used, self.bytes) {
            (1, [_, rest @ ..]) | (_, [_, _, rest @ ..]) => rest,
            _ => &[],
        };
        Some(id)
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
    #[inline]
    pub fn next_with_id(&mut self) -> Option<(char, u16)> {
        let id = self.ids.next()?;
        Some((self.table.get(id)?, id))
    }

    /// Skips `n` characters by their codes alone, without looking them up in the table;
    /// `None` if the text ends first.
    #[inline]
    pub fn skip_chars(&mut self, n: usize) -> Option<()> {
        for _ in 0..n {
            self.ids.next()?;
        }
        Some(())
    }
}

impl Iterator for Chars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        self.next_with_id().map(|(c, _)| c)
    }

    /// Skips by codes alone (see [`Chars::skip_chars`]).
    fn nth(&mut self, n: usize) -> Option<char> {
        self.skip_chars(n)?;
        self.next()
    }
}

/// Checks that `bytes` decodes completely into ids below `limit`; the number of characters.
pub(super) fn check(bytes: &[u8], limit: u16) -> Option<usize> {
    let mut rest = bytes;
    let mut count = 0;
    while !rest.is_empty() {
        let (id, used) = text::decode(rest)?;
        if id >= limit {
            return None;
        }
        rest = rest.get(used..)?;
        count += 1;
    }
    Some(count)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::vec::Vec;

    use crate::format::{Library, Script};

    #[test]
    fn skipping_by_codes_lands_where_reading_does() {
        let library = Library::builtin().unwrap();
        let rendition = library.book(1).unwrap().rendition(Script::Traditional);
        let block = rendition.blocks().max_by_key(|block| block.len()).unwrap();
        let all: Vec<char> = block.text().chars().collect();
        // The text mixes one- and two-byte codes, so a skip that miscounted bytes would drift.
        assert!(
            block.text().encoded_len() > all.len() && block.text().encoded_len() < 2 * all.len()
        );
        for n in 0..=all.len() + 1 {
            assert_eq!(block.text().chars().nth(n), all.get(n).copied(), "nth({n})");
            let mut chars = block.text().chars();
            chars.nth(n / 2);
            assert_eq!(chars.nth(n / 3), all.get(n / 2 + 1 + n / 3).copied());
        }
    }
}
