//! Writes a non-decreasing sequence in the Elias–Fano form the core reads
//! (`wire::elias_fano`, `src/format/elias_fano.rs`).

use crate::wire::{elias_fano as layout, EliasFanoWire};

/// An encoded sequence, owned until it is borrowed into the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EliasFano {
    len: u32,
    low_bits: u8,
    lows: Vec<u8>,
    highs: Vec<u8>,
    samples: Vec<u8>,
}

impl EliasFano {
    /// Encodes `values`, which must not decrease, with the low bits that make it smallest:
    /// ⌊log2(universe / count)⌋, where the universe is one more than the last value.
    ///
    /// # Panics
    ///
    /// If `values` decreases somewhere or has 2^32 values or more: the caller builds them
    /// in order and checks the counts.
    pub fn new(values: &[u32]) -> EliasFano {
        assert!(
            values.is_sorted(),
            "an Elias–Fano sequence must not decrease"
        );
        let len = u32::try_from(values.len()).expect("fewer than 2^32 values");
        let universe = values.last().map_or(0, |&last| u64::from(last) + 1);
        let low_bits = match universe.checked_div(values.len() as u64) {
            Some(ratio) if ratio > 1 => ratio.ilog2().min(u32::from(layout::MAX_LOW_BITS)) as u8,
            _ => 0,
        };
        let mut lows = vec![0u8; (values.len() * usize::from(low_bits)).div_ceil(8)];
        let mut highs: Vec<u8> = Vec::new();
        let mut samples = Vec::new();
        for (i, &value) in values.iter().enumerate() {
            let low = u64::from(value) & ((1 << low_bits) - 1);
            let at = i * usize::from(low_bits);
            // A value's low bits span at most four bytes (24 bits from any bit of a byte).
            for (k, byte) in (low << (at % 8)).to_le_bytes().iter().take(4).enumerate() {
                if let Some(slot) = lows.get_mut(at / 8 + k) {
                    *slot |= byte;
                }
            }
            let one = (value >> low_bits) as usize + i;
            if highs.len() <= one / 8 {
                highs.resize(one / 8 + 1, 0);
            }
            highs[one / 8] |= 1 << (one % 8);
            if i % layout::SAMPLE as usize == 0 {
                samples.extend((one as u32).to_le_bytes());
            }
        }
        EliasFano {
            len,
            low_bits,
            lows,
            highs,
            samples,
        }
    }

    /// The sequence as the blob stores it.
    pub fn wire(&self) -> EliasFanoWire<'_> {
        EliasFanoWire {
            len: self.len,
            low_bits: self.low_bits,
            lows: &self.lows,
            highs: &self.highs,
            samples: &self.samples,
        }
    }

    /// Bytes it takes.
    pub fn bytes(&self) -> usize {
        self.lows.len() + self.highs.len() + self.samples.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn low_bits_follow_the_average_gap() {
        // 100 values below 100,000: gaps of about 1,000, so 9 low bits (512 ≤ 1,000 < 1,024).
        let values: Vec<u32> = (0..100).map(|i| i * 1_000 + 7).collect();
        let sequence = EliasFano::new(&values);
        assert_eq!(sequence.low_bits, 9);
        assert_eq!(sequence.lows.len(), (100 * 9usize).div_ceil(8));
        // One set bit per value, and the high parts (value >> 9, at most 193) as zeros.
        let ones: u32 = sequence.highs.iter().map(|b| b.count_ones()).sum();
        assert_eq!(ones, 100);
        assert_eq!(
            sequence.highs.len(),
            (99 + (99_007 >> 9) + 1usize).div_ceil(8)
        );
        assert_eq!(sequence.samples.len(), 4 * 4);
        // Equal values and a sequence of zeros need no low bits.
        assert_eq!(EliasFano::new(&[0, 0, 0]).low_bits, 0);
        assert_eq!(EliasFano::new(&[]).bytes(), 0);
    }

    #[test]
    #[should_panic(expected = "must not decrease")]
    fn a_decreasing_sequence_is_a_bug() {
        EliasFano::new(&[3, 2]);
    }
}
