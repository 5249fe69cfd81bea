//! The canonical Huffman code of a book's symbols, in the layout of the core's
//! `wire::code`: length-limited code lengths, the codes in rank order, the peek table, and
//! a most-significant-bit-first bit writer.

use crate::wire::code;

/// A canonical code over symbols `0..n`, built from their frequencies.
pub struct Canonical {
    /// For each rank, the symbol it stands for: by code length, then by falling frequency,
    /// then by symbol, so that the result depends on the frequencies alone.
    pub symbols: Vec<usize>,
    /// For each symbol, its rank.
    pub ranks: Vec<u16>,
    /// For each rank, its code length.
    pub lengths: Vec<u8>,
    /// For each rank, its code (the low `lengths[rank]` bits).
    pub codes: Vec<u32>,
    /// Symbols per code length 1..=MAX_LEN.
    pub counts: [u16; code::MAX_LEN],
}

impl Canonical {
    /// The code of `frequencies` (one per symbol, each at least 1), no code longer than
    /// [`code::MAX_LEN`]; `None` with 2^16 symbols or more.
    pub fn new(frequencies: &[u64]) -> Option<Canonical> {
        let n = frequencies.len();
        if n >= 1 << 16 {
            return None;
        }
        let lengths = limited_lengths(frequencies, code::MAX_LEN);
        let mut symbols: Vec<usize> = (0..n).collect();
        symbols.sort_by_key(|&s| (lengths[s], std::cmp::Reverse(frequencies[s]), s));
        let mut ranks = vec![0u16; n];
        for (rank, &symbol) in symbols.iter().enumerate() {
            ranks[symbol] = rank as u16;
        }
        let mut counts = [0u16; code::MAX_LEN];
        for &len in &lengths {
            counts[usize::from(len) - 1] += 1;
        }
        // First code of each length, as the core's decoder walks them.
        let mut next = [0u32; code::MAX_LEN + 1];
        let mut first = 0u32;
        for len in 1..=code::MAX_LEN {
            next[len] = first;
            first = (first + u32::from(counts[len - 1])) << 1;
        }
        let by_rank: Vec<u8> = symbols.iter().map(|&s| lengths[s]).collect();
        let codes = by_rank
            .iter()
            .map(|&len| {
                let code = next[usize::from(len)];
                next[usize::from(len)] += 1;
                code
            })
            .collect();
        Some(Canonical {
            symbols,
            ranks,
            lengths: by_rank,
            codes,
            counts,
        })
    }

    /// The first code of length `PEEK_BITS + 1` and its rank (`BookWire::long_start`).
    pub fn long_start(&self) -> (u32, u32) {
        let (mut first, mut rank) = (0u32, 0u32);
        for &count in &self.counts[..code::PEEK_BITS as usize] {
            rank += u32::from(count);
            first = (first + u32::from(count)) << 1;
        }
        (first, rank)
    }

    /// The lengths table as the blob stores it.
    pub fn counts_bytes(&self) -> Vec<u8> {
        self.counts.iter().flat_map(|c| c.to_le_bytes()).collect()
    }

    /// The peek table as the blob stores it (see `wire::code`).
    pub fn peek_bytes(&self) -> Vec<u8> {
        let peek = code::PEEK_BITS as usize;
        let mut table = vec![0u16; 1 << peek];
        for (rank, (&len, &code)) in self.lengths.iter().zip(&self.codes).enumerate() {
            let len = usize::from(len);
            if len > peek {
                break;
            }
            let start = (code as usize) << (peek - len);
            let entry = ((rank as u16) << code::LEN_BITS) | len as u16;
            table[start..start + (1 << (peek - len))].fill(entry);
        }
        table.iter().flat_map(|e| e.to_le_bytes()).collect()
    }
}

/// Huffman code lengths of `frequencies`, none longer than `limit` (2^limit must exceed the
/// number of symbols): optimal lengths, then the longest codes moved up as JPEG's Annex K.3
/// does, which keeps the code complete. One symbol gets length 1.
fn limited_lengths(frequencies: &[u64], limit: usize) -> Vec<u8> {
    let n = frequencies.len();
    if n <= 1 {
        return vec![1; n];
    }
    // Huffman's merge over (weight, node); leaves are 0..n, inner nodes follow.
    let mut parent = vec![0usize; 2 * n - 1];
    let mut heap: std::collections::BinaryHeap<std::cmp::Reverse<(u64, usize)>> = frequencies
        .iter()
        .enumerate()
        .map(|(s, &f)| std::cmp::Reverse((f, s)))
        .collect();
    let mut next = n;
    while heap.len() > 1 {
        let std::cmp::Reverse((a, x)) = heap.pop().unwrap_or_default();
        let std::cmp::Reverse((b, y)) = heap.pop().unwrap_or_default();
        parent[x] = next;
        parent[y] = next;
        heap.push(std::cmp::Reverse((a + b, next)));
        next += 1;
    }
    let root = next - 1;
    let mut depth = vec![0usize; 2 * n - 1];
    for node in (0..root).rev() {
        depth[node] = depth[parent[node]] + 1;
    }
    let longest = depth[..n].iter().copied().max().unwrap_or(1);
    let mut count = vec![0usize; longest.max(limit) + 1];
    for &d in &depth[..n] {
        count[d] += 1;
    }
    // Annex K.3: take two codes off the longest length, give one to the length above and
    // split a shorter leaf into two.
    for len in (limit + 1..=longest).rev() {
        while count[len] > 0 {
            let mut j = len - 2;
            while count[j] == 0 {
                j -= 1;
            }
            count[len] -= 2;
            count[len - 1] += 1;
            count[j + 1] += 2;
            count[j] -= 1;
        }
    }
    // The shortest lengths to the most frequent symbols.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&s| (std::cmp::Reverse(frequencies[s]), s));
    let mut lengths = vec![0u8; n];
    let mut symbols = order.into_iter();
    for (len, &c) in count.iter().enumerate().take(limit + 1) {
        for symbol in symbols.by_ref().take(c) {
            lengths[symbol] = len as u8;
        }
    }
    lengths
}

/// Bits, most significant first, into bytes.
#[derive(Default)]
pub struct BitWriter {
    bytes: Vec<u8>,
    bits: u64,
    held: u32,
}

impl BitWriter {
    /// Appends the low `len` bits of `code`.
    pub fn push(&mut self, code: u32, len: u8) {
        self.bits = (self.bits << len) | u64::from(code);
        self.held += u32::from(len);
        while self.held >= 8 {
            self.held -= 8;
            self.bytes.push((self.bits >> self.held) as u8);
        }
        self.bits &= (1 << self.held) - 1;
    }

    /// Bits written so far.
    pub fn bit_len(&self) -> u64 {
        self.bytes.len() as u64 * 8 + u64::from(self.held)
    }

    /// The bytes, the last one padded with zeros.
    pub fn finish(mut self) -> Vec<u8> {
        if self.held > 0 {
            self.bytes.push((self.bits << (8 - self.held)) as u8);
        }
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kraft(lengths: &[u8]) -> f64 {
        lengths.iter().map(|&l| 0.5f64.powi(i32::from(l))).sum()
    }

    #[test]
    fn lengths_are_optimal_when_short_and_complete_when_limited() {
        // Frequencies 1, 1, 2, 4, 8: a chain, lengths 4, 4, 3, 2, 1.
        assert_eq!(limited_lengths(&[1, 1, 2, 4, 8], 20), vec![4, 4, 3, 2, 1]);
        // Fibonacci frequencies make a chain 30 deep; limited to 20 it stays complete.
        let mut fib = vec![1u64, 1];
        while fib.len() < 30 {
            fib.push(fib[fib.len() - 1] + fib[fib.len() - 2]);
        }
        let lengths = limited_lengths(&fib, 20);
        assert!(lengths.iter().all(|&l| (1..=20).contains(&l)));
        assert!((kraft(&lengths) - 1.0).abs() < 1e-12);
        // More frequent never longer.
        for (a, b) in lengths.iter().zip(&lengths[1..]) {
            assert!(a >= b);
        }
    }

    #[test]
    fn canonical_codes_are_prefix_free_and_counted_up() {
        let code = Canonical::new(&[5, 9, 12, 13, 16, 45]).unwrap();
        // Huffman's textbook example: f=45 alone takes one bit.
        assert_eq!(code.lengths[0], 1);
        assert_eq!(code.codes[0], 0);
        assert_eq!(code.symbols[0], 5);
        for a in 0..6 {
            for b in 0..6 {
                let (la, lb) = (code.lengths[a], code.lengths[b]);
                if a != b && la <= lb {
                    assert_ne!(
                        code.codes[b] >> (lb - la),
                        code.codes[a],
                        "{a} prefixes {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn bits_are_written_most_significant_first() {
        let mut writer = BitWriter::default();
        writer.push(0b1, 1);
        writer.push(0b0110, 4);
        writer.push(0b1_1110_0001, 9);
        assert_eq!(writer.bit_len(), 14);
        assert_eq!(writer.finish(), vec![0b1011_0111, 0b1000_0100]);
    }
}
