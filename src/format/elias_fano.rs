//! Elias–Fano sequences ([`wire::elias_fano`]): a non-decreasing run of u32 values read in
//! place, any value found from the nearest sample by scanning a few bytes. Heap-free and
//! total: [`check`] runs once at parse; after that a malformed sequence reads as `None`s,
//! never a panic.

use super::wire::{elias_fano as layout, EliasFanoWire};

/// `SAMPLE` as a shift: finding a sample is a shift, not a division (the Cortex-M0+ has no
/// divider).
const SAMPLE_SHIFT: u32 = layout::SAMPLE.trailing_zeros();
const _: () = assert!(1 << SAMPLE_SHIFT == layout::SAMPLE);

/// A sequence read in place.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct EliasFano<'a> {
    wire: EliasFanoWire<'a>,
}

impl<'a> EliasFano<'a> {
    pub(super) const fn new(wire: EliasFanoWire<'a>) -> Self {
        EliasFano { wire }
    }

    /// How many values.
    pub(super) fn len(&self) -> u32 {
        self.wire.len
    }

    /// Bytes the sequence takes in the blob (its byte strings).
    pub(super) fn bytes(&self) -> usize {
        self.wire.lows.len() + self.wire.highs.len() + self.wire.samples.len()
    }

    /// Value `i`; `None` past the end.
    pub(super) fn get(&self, i: u32) -> Option<u32> {
        let at = self.select(i)?;
        self.value(i, at)
    }

    /// Values `i` and `i + 1`, found with one search.
    pub(super) fn pair(&self, i: u32) -> Option<(u32, u32)> {
        let at = self.select(i)?;
        let next = self.next_one(at.checked_add(1)?)?;
        Some((self.value(i, at)?, self.value(i.checked_add(1)?, next)?))
    }

    /// Low bits per value (never more than the layout allows, even unchecked).
    fn low_bits(&self) -> u32 {
        u32::from(self.wire.low_bits.min(layout::MAX_LOW_BITS))
    }

    /// Value `i`, whose set bit in `highs` is at `at`. In u32 arithmetic: u64 shifts and
    /// multiplications are library calls on the Cortex-M0+.
    fn value(&self, i: u32, at: u32) -> Option<u32> {
        let high = at.checked_sub(i)?;
        let bits = self.low_bits();
        if high > u32::MAX >> bits {
            return None;
        }
        Some(high << bits | self.low(i))
    }

    /// The low bits of value `i` (0 past the end of `lows`).
    fn low(&self, i: u32) -> u32 {
        let bits = self.low_bits();
        let Some(at) = i.checked_mul(bits).filter(|_| bits > 0) else {
            return 0;
        };
        let byte = (at >> 3) as usize;
        // At most 24 bits from bit 0..8 of the first byte: four bytes hold them.
        let mut window = 0;
        for k in 0..4 {
            let at = byte.checked_add(k);
            let value = at.and_then(|at| self.wire.lows.get(at)).copied();
            window |= u32::from(value.unwrap_or(0)) << (8 * k);
        }
        (window >> (at & 7)) & ((1 << bits) - 1)
    }

    /// Where the `i`-th set bit of `highs` is: from the sample before it, counting set bits a
    /// byte at a time (by table: the Cortex-M0+ has no instruction for it).
    fn select(&self, i: u32) -> Option<u32> {
        if i >= self.wire.len {
            return None;
        }
        let sample = usize::try_from(i >> SAMPLE_SHIFT).ok()? * layout::SAMPLE_LEN;
        let bytes = self.wire.samples.get(sample..sample + layout::SAMPLE_LEN)?;
        let start = u32::from_le_bytes(bytes.try_into().ok()?);
        // The sample is set bit number i rounded down; `rest` more set bits follow it.
        let mut rest = i & (layout::SAMPLE - 1);
        let mut byte = start >> 3;
        let mut bits = self.wire.highs.get(byte as usize)? >> (start & 7) << (start & 7);
        loop {
            let ones = ones(bits);
            if rest < ones {
                return Some(byte << 3 | nth_one(bits, rest));
            }
            rest -= ones;
            byte += 1;
            bits = *self.wire.highs.get(byte as usize)?;
        }
    }

    /// Where the first set bit of `highs` at or after bit `from` is.
    fn next_one(&self, from: u32) -> Option<u32> {
        let mut byte = from >> 3;
        let mut bits = self.wire.highs.get(byte as usize)? >> (from & 7) << (from & 7);
        while bits == 0 {
            byte += 1;
            bits = *self.wire.highs.get(byte as usize)?;
        }
        Some(byte << 3 | nth_one(bits, 0))
    }
}

/// Set bits of every byte.
// Evaluated at compile time: an index out of bounds would fail the build, not a reader.
#[allow(clippy::indexing_slicing)]
const ONES: [u8; 256] = {
    let mut ones = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        ones[byte] = (byte as u8).count_ones() as u8;
        byte += 1;
    }
    ones
};

/// How many bits of `byte` are set.
#[inline]
fn ones(byte: u8) -> u32 {
    // Never `None`: the table has an entry for every byte.
    ONES.get(usize::from(byte))
        .map_or(0, |&ones| u32::from(ones))
}

/// Where the `n`-th set bit of `bits` is (from 0, least significant first); `bits` has more
/// than `n`.
fn nth_one(bits: u8, mut n: u32) -> u32 {
    let mut at = 0;
    while at < 7 {
        if bits >> at & 1 == 1 {
            if n == 0 {
                break;
            }
            n -= 1;
        }
        at += 1;
    }
    at
}

/// Checks a sequence, and gives each value to `each` (which may refuse it): the byte strings
/// have exactly the sizes `len` and `low_bits` call for, `highs` has `len` set bits and no
/// byte past the last one, every sample says where its set bit is, and every value fits u32
/// and is at least the one before. `None` if anything is wrong.
pub(super) fn check<'a>(
    wire: EliasFanoWire<'a>,
    mut each: impl FnMut(u32) -> bool,
) -> Option<EliasFano<'a>> {
    let len = u64::from(wire.len);
    let low_bytes = (len * u64::from(wire.low_bits)).div_ceil(8);
    let samples = len.div_ceil(u64::from(layout::SAMPLE)) * layout::SAMPLE_LEN as u64;
    if wire.low_bits > layout::MAX_LOW_BITS
        || wire.lows.len() as u64 != low_bytes
        || wire.samples.len() as u64 != samples
        || wire.highs.last().is_some_and(|&last| last == 0)
    {
        return None;
    }
    let ones: u64 = wire.highs.iter().map(|&b| u64::from(ones(b))).sum();
    if ones != len {
        return None;
    }
    let sequence = EliasFano::new(wire);
    let mut previous = 0;
    let mut at = 0;
    for index in 0..wire.len {
        let one = sequence.next_one(at)?;
        if index & (layout::SAMPLE - 1) == 0 {
            let sample = (index >> SAMPLE_SHIFT) as usize * layout::SAMPLE_LEN;
            let bytes = wire.samples.get(sample..sample + layout::SAMPLE_LEN)?;
            if u32::from_le_bytes(bytes.try_into().ok()?) != one {
                return None;
            }
        }
        let value = sequence.value(index, one)?;
        if value < previous || !each(value) {
            return None;
        }
        previous = value;
        at = one.checked_add(1)?;
    }
    Some(sequence)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::vec::Vec;

    use super::*;

    /// The sequence of `values` with `low_bits` low bits, built here from the layout's
    /// definition (the compiler's writer is tested against the core's reader elsewhere).
    struct Built {
        len: u32,
        low_bits: u8,
        lows: Vec<u8>,
        highs: Vec<u8>,
        samples: Vec<u8>,
    }

    impl Built {
        fn new(values: &[u32], low_bits: u8) -> Built {
            let mut lows = vec![0u8; (values.len() * usize::from(low_bits)).div_ceil(8)];
            let mut highs = Vec::new();
            let mut samples = Vec::new();
            for (i, &value) in values.iter().enumerate() {
                for bit in 0..usize::from(low_bits) {
                    if value >> bit & 1 == 1 {
                        let at = i * usize::from(low_bits) + bit;
                        lows[at / 8] |= 1 << (at % 8);
                    }
                }
                let at = (value as usize >> low_bits) + i;
                if highs.len() <= at / 8 {
                    highs.resize(at / 8 + 1, 0);
                }
                highs[at / 8] |= 1 << (at % 8);
                if i % layout::SAMPLE as usize == 0 {
                    samples.extend((at as u32).to_le_bytes());
                }
            }
            Built {
                len: values.len() as u32,
                low_bits,
                lows,
                highs,
                samples,
            }
        }

        fn wire(&self) -> EliasFanoWire<'_> {
            EliasFanoWire {
                len: self.len,
                low_bits: self.low_bits,
                lows: &self.lows,
                highs: &self.highs,
                samples: &self.samples,
            }
        }
    }

    #[test]
    fn every_value_reads_back_by_index_in_pairs_and_in_order() {
        // Gaps of every kind: repeats, small steps, a long jump, across several samples.
        let mut values = Vec::new();
        let mut value = 3u32;
        for i in 0..300u32 {
            value += [0, 1, 7, 130, 2, 0, 4099][(i % 7) as usize];
            values.push(value);
        }
        values.push(value + 1_000_000);
        for low_bits in [0, 1, 5, 8, 13, 24] {
            let built = Built::new(&values, low_bits);
            let mut seen = Vec::new();
            let sequence = check(built.wire(), |v| {
                seen.push(v);
                true
            })
            .unwrap_or_else(|| panic!("low bits {low_bits}"));
            assert_eq!(seen, values);
            for (i, &expected) in values.iter().enumerate() {
                assert_eq!(sequence.get(i as u32), Some(expected), "value {i}");
            }
            for i in 0..values.len() - 1 {
                assert_eq!(sequence.pair(i as u32), Some((values[i], values[i + 1])));
            }
            assert_eq!(sequence.get(values.len() as u32), None);
            assert_eq!(sequence.pair(values.len() as u32 - 1), None);
        }
    }

    #[test]
    fn values_up_to_the_largest_u32_read_back() {
        let values = [0, 5, 1 << 31, u32::MAX - 1, u32::MAX];
        let built = Built::new(&values, 24);
        let sequence = check(built.wire(), |_| true).unwrap();
        for (i, &expected) in values.iter().enumerate() {
            assert_eq!(sequence.get(i as u32), Some(expected));
        }
    }

    #[test]
    fn a_malformed_sequence_is_refused() {
        let values: Vec<u32> = (0..70).map(|i| i * 37).collect();
        let built = Built::new(&values, 5);
        assert!(check(built.wire(), |_| true).is_some());
        assert!(
            check(built.wire(), |v| v < 37 * 60).is_none(),
            "refused by the caller"
        );
        let mut wire = built.wire();
        wire.len += 1;
        assert!(check(wire, |_| true).is_none(), "a value too many");
        let mut wire = built.wire();
        wire.low_bits = 4;
        assert!(check(wire, |_| true).is_none(), "lows of another size");
        let mut wire = built.wire();
        wire.low_bits = 25;
        assert!(check(wire, |_| true).is_none(), "too many low bits");
        let mut samples = built.samples.clone();
        samples[4] ^= 1;
        let wire = EliasFanoWire {
            samples: &samples,
            ..built.wire()
        };
        assert!(check(wire, |_| true).is_none(), "a sample that is off");
        let mut highs = built.highs.clone();
        highs.push(0);
        let wire = EliasFanoWire {
            highs: &highs,
            ..built.wire()
        };
        assert!(
            check(wire, |_| true).is_none(),
            "a byte past the last value"
        );
        // Two values with the same high part and decreasing low bits: 10, 12 made 31, 12.
        let built = Built::new(&[10, 12, 40], 5);
        assert!(check(built.wire(), |_| true).is_some());
        let mut lows = built.lows.clone();
        lows[0] |= 0x1f;
        let wire = EliasFanoWire {
            lows: &lows,
            ..built.wire()
        };
        assert!(
            check(wire, |_| true).is_none(),
            "a value below the one before"
        );
    }

    #[test]
    fn no_bytes_make_it_panic() {
        // Lookups on sequences that were never checked stay total.
        let junk = [0xffu8, 0x00, 0x81, 0x7f, 0x01];
        for len in [0, 1, 5, 40, u32::MAX] {
            for low_bits in [0, 3, 24, 200] {
                let wire = EliasFanoWire {
                    len,
                    low_bits,
                    lows: &junk[..2],
                    highs: &junk,
                    samples: &junk[1..],
                };
                let sequence = EliasFano::new(wire);
                for i in [0, 1, 31, 32, 33, len.wrapping_sub(1), len] {
                    let _ = (sequence.get(i), sequence.pair(i));
                }
                let _ = check(wire, |_| true);
            }
        }
    }
}
