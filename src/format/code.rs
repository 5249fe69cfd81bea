//! A book's canonical Huffman code (see [`wire::code`]): the bit reader and the symbol
//! decoder, heap-free and total.
//!
//! This is the page-turn path: every character the layout reads passes through
//! [`Symbols::next_rank`] once when it is read and once when the breaker skips past it. A
//! symbol costs one refill check, one peek-table load and a shift; only codes longer than
//! [`wire::code::PEEK_BITS`] (a few in a hundred characters) walk the code lengths. Every
//! load is a checked `get`, and a failed one ends the text instead of panicking. The code
//! itself is checked ([`check`], run by `Library::parse`); the text is not decoded at parse
//! (see `book::check`), so bits that are no code end their run early.

use super::wire::{self, code};

/// Bytes of a book's peek table.
const PEEK_BYTES: usize = (1 << code::PEEK_BITS) * code::ENTRY;

/// The code of one book: its lengths and peek table, as the blob stores them.
#[derive(Clone, Copy, Debug)]
pub struct Code<'a> {
    pub(super) lengths: &'a [u8],
    pub(super) peek: &'a [u8],
    /// The first code of length `PEEK_BITS + 1` and its rank.
    pub(super) long_start: (u32, u32),
}

impl Code<'_> {
    /// How many symbols have a code of `len` bits.
    #[inline]
    fn count(&self, len: usize) -> u32 {
        let at = (len - 1) * code::ENTRY;
        match self.lengths.get(at..at + code::ENTRY) {
            Some(&[low, high]) => u32::from(u16::from_le_bytes([low, high])),
            _ => 0,
        }
    }

    /// How many symbols the code has.
    pub(super) fn symbol_count(&self) -> u32 {
        (1..=code::MAX_LEN).map(|len| self.count(len)).sum()
    }
}

/// The symbols of a run of text, by rank: a bit reader over the book's text.
///
/// The reader keeps up to 32 bits in `bits`, the next one the most significant, and refills
/// it a byte at a time; past the end of the text it reads zeros, which a run of a valid blob
/// never reaches (its character count ends it first).
#[derive(Clone, Copy, Debug)]
pub struct Symbols<'a> {
    code: Code<'a>,
    rest: &'a [u8],
    bits: u32,
    held: u32,
    left: u16,
}

impl<'a> Symbols<'a> {
    /// The `len` symbols that start `bit_start` bits into `text`; empty if that is past the
    /// text's end.
    pub(super) fn new(code: Code<'a>, text: &'a [u8], bit_start: u32, len: u16) -> Self {
        let byte = (bit_start / 8) as usize;
        let (rest, left) = match text.get(byte..) {
            Some(rest) => (rest, len),
            None => (&[][..], 0),
        };
        let mut symbols = Symbols {
            code,
            rest,
            bits: 0,
            held: 0,
            left,
        };
        symbols.refill();
        symbols.consume(bit_start % 8);
        symbols
    }

    /// How many symbols are left.
    #[inline]
    pub fn len(&self) -> u16 {
        self.left
    }

    /// Goes on for `len` more symbols from where this run stopped: the text's runs lie end
    /// to end, so after the last symbol of one comes the first of the next.
    #[inline]
    pub(super) fn resume(&mut self, len: u16) {
        self.left = len;
    }

    /// Tops the buffer up to more than 24 bits, so that any code (at most 20) can be read.
    /// Works in locals and stores once: the loop runs once for most symbols.
    #[inline(always)]
    fn refill(&mut self) {
        let (mut bits, mut held, mut rest) = (self.bits, self.held, self.rest);
        if held > 24 {
            return;
        }
        top_up(&mut bits, &mut held, &mut rest);
        self.bits = bits;
        self.held = held;
        self.rest = rest;
    }

    /// Drops the next `n` bits. Every caller passes at most 20 (a code length, or the bits
    /// before a run's start) right after a refill, so `n` is below the bits held and 32.
    #[inline(always)]
    fn consume(&mut self, n: u32) {
        self.bits <<= n & 31;
        self.held = self.held.wrapping_sub(n);
    }

    /// The rank of the next symbol, or `None` at the end of the run (or on bits that are no
    /// code, which only a corrupted text has).
    #[inline]
    pub fn next_rank(&mut self) -> Option<u16> {
        let (rank, len) = self.peek_rank()?;
        self.pass(len);
        Some(rank)
    }

    /// The rank of the next symbol and the length of its code, without moving past it
    /// ([`pass`](Self::pass) does); `None` at the end of the run (or on bits that are no
    /// code: then the run ends there).
    #[inline]
    pub fn peek_rank(&mut self) -> Option<(u16, u32)> {
        if self.left == 0 {
            return None;
        }
        self.refill();
        let at = (self.bits >> (32 - code::PEEK_BITS)) as usize * code::ENTRY;
        let entry = match (self.code.peek.get(at), self.code.peek.get(at + 1)) {
            (Some(&low), Some(&high)) => u16::from_le_bytes([low, high]),
            _ => 0,
        };
        let len = u32::from(entry) & ((1 << code::LEN_BITS) - 1);
        if len != 0 {
            return Some((entry >> code::LEN_BITS, len));
        }
        self.peek_long_rank()
    }

    /// Moves past the symbol [`peek_rank`](Self::peek_rank) found, whose code is `len` bits.
    #[inline]
    pub fn pass(&mut self, len: u32) {
        self.left = self.left.saturating_sub(1);
        self.consume(len);
    }

    /// A code longer than the peek table covers: walked length by length (canonical
    /// decoding, as zlib's puff does) from length `PEEK_BITS + 1`, with the bits already held.
    #[cold]
    fn peek_long_rank(&mut self) -> Option<(u16, u32)> {
        let (mut first, mut rank) = self.code.long_start;
        for len in code::PEEK_BITS as usize + 1..=code::MAX_LEN {
            let count = self.code.count(len);
            let value = self.bits >> (32 - len as u32);
            let offset = value.wrapping_sub(first);
            if offset < count {
                let rank = u16::try_from(rank + offset).ok();
                if rank.is_none() {
                    self.left = 0;
                }
                return Some((rank?, len as u32));
            }
            rank += count;
            first = (first + count) << 1;
        }
        self.left = 0;
        None
    }

    /// Reads up to `max` symbols while `take` accepts their ranks, and stops before the first
    /// it refuses (or at the run's end, or at bits that are no code); returns how many it read.
    /// The loop keeps the reader in locals (registers on the M0+), as [`skip`](Self::skip)
    /// does, and counts down one number for both `max` and the run's length: counting measures
    /// most of a novel's characters this way.
    #[inline]
    pub fn read_while(&mut self, max: u16, mut take: impl FnMut(u16) -> bool) -> u16 {
        // One length check for the run, so the loop's two loads need none: the peek index is
        // below 2^PEEK_BITS by construction.
        let Ok(peek) = <&[u8; PEEK_BYTES]>::try_from(self.code.peek) else {
            return 0;
        };
        let (mut bits, mut held, mut rest) = (self.bits, self.held, self.rest);
        let todo = max.min(self.left);
        let mut left = todo;
        while left > 0 {
            top_up(&mut bits, &mut held, &mut rest);
            let at = (bits >> (32 - code::PEEK_BITS)) as usize * code::ENTRY;
            let entry = match (peek.get(at), peek.get(at + 1)) {
                (Some(&low), Some(&high)) => u16::from_le_bytes([low, high]),
                _ => 0,
            };
            let mut len = u32::from(entry) & ((1 << code::LEN_BITS) - 1);
            let mut rank = entry >> code::LEN_BITS;
            if len == 0 {
                // A long code: the slow walk, on the reader's own state.
                (self.bits, self.held, self.rest) = (bits, held, rest);
                let Some(long) = self.peek_long_rank() else {
                    // No code: the run ends here.
                    self.left = 0;
                    return todo - left;
                };
                (rank, len) = long;
                (bits, held, rest) = (self.bits, self.held, self.rest);
            }
            if !take(rank) {
                break;
            }
            bits <<= len & 31;
            held = held.wrapping_sub(len);
            left -= 1;
        }
        (self.bits, self.held, self.rest) = (bits, held, rest);
        self.left -= todo - left;
        todo - left
    }

    /// Skips `n` symbols; `None` if the run ends first (then none is left). The loop keeps
    /// the reader in locals (registers on the M0+): the breaker skips every line this way.
    #[inline]
    pub fn skip(&mut self, n: usize) -> Option<()> {
        let Some(left) = usize::from(self.left).checked_sub(n) else {
            // To the run's end, the way a continued run needs the reader to stand.
            self.skip(usize::from(self.left));
            self.left = 0;
            return None;
        };
        let (mut bits, mut held, mut rest) = (self.bits, self.held, self.rest);
        let peek = self.code.peek;
        for _ in 0..n {
            top_up(&mut bits, &mut held, &mut rest);
            let at = (bits >> (32 - code::PEEK_BITS)) as usize * code::ENTRY;
            let len = match peek.get(at) {
                Some(&low) => u32::from(low) & ((1 << code::LEN_BITS) - 1),
                None => 0,
            };
            if len != 0 {
                bits <<= len;
                held -= len;
                continue;
            }
            // A long code: the slow walk, on the reader's own state.
            (self.bits, self.held, self.rest) = (bits, held, rest);
            self.left = 1;
            self.next_rank()?;
            (bits, held, rest) = (self.bits, self.held, self.rest);
        }
        (self.bits, self.held, self.rest) = (bits, held, rest);
        self.left = left as u16;
        Some(())
    }
}

/// Tops a bit reader's buffer (`bits`, `held` of them, the next one the most significant) up
/// from `rest` to more than 24 bits, a byte at a time; past the text's end it reads zeros.
/// On locals, so that the decoding loops keep the reader in registers.
#[inline(always)]
fn top_up(bits: &mut u32, held: &mut u32, rest: &mut &[u8]) {
    while *held <= 24 {
        if let [byte, tail @ ..] = *rest {
            *bits |= u32::from(*byte) << (24 - *held);
            *rest = tail;
        }
        *held += 8;
    }
}

/// Checks a book's code: the lengths are a prefix code (Kraft sum at most 1) over fewer than
/// 2^16 symbols, and the peek table is exactly the one the lengths define. Returns the number
/// of symbols.
pub(super) fn check(code: &Code<'_>) -> Option<u32> {
    if code.lengths.len() != code::MAX_LEN * code::ENTRY || code.peek.len() != PEEK_BYTES {
        return None;
    }
    // Kraft's sum in units of 2^-MAX_LEN.
    let kraft: u64 = (1..=code::MAX_LEN)
        .map(|len| u64::from(code.count(len)) << (code::MAX_LEN - len))
        .sum();
    let symbols = code.symbol_count();
    if kraft > 1 << code::MAX_LEN || symbols >= 1 << 16 {
        return None;
    }
    // Walk the codes in rank order and compare each short one's peek entries.
    let (mut first, mut rank, mut at) = (0u32, 0u32, 0usize);
    let peek_entry = |index: usize| {
        let bytes = code
            .peek
            .get(index * code::ENTRY..(index + 1) * code::ENTRY)?;
        Some(u16::from_le_bytes([*bytes.first()?, *bytes.get(1)?]))
    };
    for len in 1..=code::PEEK_BITS as usize {
        let count = code.count(len);
        let span = 1usize << (code::PEEK_BITS as usize - len);
        for offset in 0..count {
            let expected = ((rank + offset) << code::LEN_BITS) as u16 | len as u16;
            let start = ((first + offset) as usize) << (code::PEEK_BITS as usize - len);
            if start != at || (start..start + span).any(|i| peek_entry(i) != Some(expected)) {
                return None;
            }
            at = start + span;
        }
        rank += count;
        first = (first + count) << 1;
    }
    // Everything past the short codes starts a long code (or no code): entry 0.
    if (at..1 << code::PEEK_BITS).any(|i| peek_entry(i) != Some(0))
        || code.long_start != (first, rank)
    {
        return None;
    }
    Some(symbols)
}

/// Reads the u16 LE entry `index` of a table of [`wire::code::ENTRY`]-byte entries.
#[inline]
pub(super) fn entry(table: &[u8], index: u16) -> Option<u16> {
    let at = usize::from(index) * code::ENTRY;
    match table.get(at..at + code::ENTRY) {
        Some(&[low, high]) => Some(u16::from_le_bytes([low, high])),
        _ => None,
    }
}

const _: () = assert!(wire::code::PEEK_BITS <= 12 && wire::code::MAX_LEN <= 24);

#[cfg(test)]
mod tests {
    extern crate std;
    use std::vec::Vec;

    use super::*;

    /// A complete code of 14 symbols: one of each length 1..=12 and two of length 13, so
    /// ranks below `PEEK_BITS` decode through the peek table and the others are long codes.
    /// Rank r below 13 is r ones and a zero; rank 13 is 13 ones.
    fn chain() -> (Vec<u8>, Vec<u8>) {
        let mut lengths = Vec::new();
        for len in 1..=code::MAX_LEN as u16 {
            let count: u16 = match len {
                1..=12 => 1,
                13 => 2,
                _ => 0,
            };
            lengths.extend(count.to_le_bytes());
        }
        let peek_bits = code::PEEK_BITS as usize;
        let mut peek = std::vec![0u16; 1 << peek_bits];
        for rank in 0..peek_bits {
            let len = rank + 1;
            let value = ((1usize << rank) - 1) << 1;
            let start = value << (peek_bits - len);
            let entry = ((rank as u16) << code::LEN_BITS) | len as u16;
            peek[start..start + (1 << (peek_bits - len))].fill(entry);
        }
        (lengths, peek.iter().flat_map(|e| e.to_le_bytes()).collect())
    }

    /// Packs a string of '0' and '1' into bytes, most significant bit first.
    fn bits(text: &str) -> Vec<u8> {
        let mut bytes = std::vec![0u8; text.len().div_ceil(8)];
        for (i, bit) in text.bytes().enumerate() {
            if bit == b'1' {
                bytes[i / 8] |= 0x80 >> (i % 8);
            }
        }
        bytes
    }

    /// The chain's first long code, `PEEK_BITS` ones and a zero, and its rank, `PEEK_BITS`.
    fn long_start() -> (u32, u32) {
        ((1 << (code::PEEK_BITS + 1)) - 2, code::PEEK_BITS)
    }

    fn codeword(rank: usize) -> std::string::String {
        let mut word: std::string::String = "1".repeat(rank);
        if rank < 13 {
            word.push('0');
        }
        word
    }

    #[test]
    fn short_and_long_codes_decode_from_any_bit() {
        let (lengths, peek) = chain();
        let code = Code {
            lengths: &lengths,
            peek: &peek,
            long_start: long_start(),
        };
        assert_eq!(check(&code), Some(14));
        let ranks = [0usize, 13, 5, 12, 11, 1, 10, 3];
        let text: std::string::String = ranks.iter().map(|&r| codeword(r)).collect();
        let bytes = bits(&text);
        let all = Symbols::new(code, &bytes, 0, ranks.len() as u16);
        let read: Vec<u16> = core::iter::from_fn({
            let mut symbols = all;
            move || symbols.next_rank()
        })
        .collect();
        assert_eq!(read, ranks.map(|r| r as u16));
        // From the second code (one bit in), skipping two, then reading.
        let mut from_second = Symbols::new(code, &bytes, 1, 7);
        assert_eq!(from_second.skip(2), Some(()));
        assert_eq!(from_second.next_rank(), Some(12));
        assert_eq!(from_second.len(), 4);
        // A run ends after its length, whatever bits follow.
        assert_eq!(from_second.skip(4), Some(()));
        assert_eq!(from_second.next_rank(), None);
        // Past the text's end the reader reads zeros (rank 0's code), never out of bounds.
        let mut past = Symbols::new(code, &bytes, 0, 40);
        assert_eq!(past.skip(8), Some(()));
        assert!(core::iter::from_fn(|| past.next_rank()).all(|rank| rank == 0));
    }

    #[test]
    fn a_peek_table_or_start_unlike_the_lengths_is_refused() {
        let (lengths, peek) = chain();
        let good = Code {
            lengths: &lengths,
            peek: &peek,
            long_start: long_start(),
        };
        assert!(check(&good).is_some());
        assert_eq!(
            check(&Code {
                long_start: (0, 11),
                ..good
            }),
            None
        );
        let mut wrong = peek.clone();
        wrong[2 * ((1 << code::PEEK_BITS) - 1)] = 0x11;
        assert_eq!(
            check(&Code {
                peek: &wrong,
                ..good
            }),
            None
        );
        assert_eq!(
            check(&Code {
                peek: &peek[2..],
                ..good
            }),
            None
        );
        // Three codes of length 1: not a prefix code.
        let mut over = lengths.clone();
        over[0] = 3;
        assert_eq!(
            check(&Code {
                lengths: &over,
                ..good
            }),
            None
        );
    }
}
