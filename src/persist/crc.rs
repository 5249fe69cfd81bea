//! CRC-32/IEEE (the checksum of zip, PNG and Ethernet), computed without a table.
//!
//! Parameters: reflected polynomial `0xEDB8_8320`, initial value `0xFFFF_FFFF`, final XOR
//! `0xFFFF_FFFF`; the check value of `b"123456789"` is `0xCBF4_3926`.
//!
//! The bitwise loop costs 8 shifts per byte and no memory. A persisted record is under 1 KiB and
//! is checked once per boot and once per save, so a 1 KiB table in flash would buy nothing
//! noticeable. The library blob has its own CRC code in `format`; the two are meant to be unified.

/// The reflected CRC-32/IEEE polynomial.
const POLY: u32 = 0xEDB8_8320;

/// A CRC-32 computed over several pieces, for data that is read in chunks.
///
/// ```
/// use moye::persist::crc::{crc32, Crc32};
///
/// let mut crc = Crc32::new();
/// crc.update(b"1234");
/// crc.update(b"56789");
/// assert_eq!(crc.finish(), crc32(b"123456789"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Crc32 {
    /// The running register, before the final XOR.
    state: u32,
}

impl Crc32 {
    /// A CRC over no bytes yet.
    pub const fn new() -> Self {
        Crc32 { state: 0xFFFF_FFFF }
    }

    /// Feeds `bytes` into the checksum.
    pub fn update(&mut self, bytes: &[u8]) {
        let mut state = self.state;
        for &byte in bytes {
            state ^= u32::from(byte);
            for _ in 0..8 {
                // Shift one bit out; XOR the polynomial in when that bit was set.
                let mask = (state & 1).wrapping_neg();
                state = (state >> 1) ^ (POLY & mask);
            }
        }
        self.state = state;
    }

    /// The checksum of everything fed so far.
    pub const fn finish(&self) -> u32 {
        self.state ^ 0xFFFF_FFFF
    }
}

impl Default for Crc32 {
    fn default() -> Self {
        Crc32::new()
    }
}

/// The CRC-32/IEEE of `bytes` in one call.
///
/// ```
/// assert_eq!(moye::persist::crc::crc32(b"123456789"), 0xCBF4_3926);
/// ```
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = Crc32::new();
    crc.update(bytes);
    crc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_check_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b"a"), 0xE8B7_BE43);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
        assert_eq!(crc32(&[0u8; 32]), 0x190A_55AD);
        assert_eq!(crc32(&[0xFFu8; 32]), 0xFF6C_AB0B);
    }

    #[test]
    fn chunked_equals_whole() {
        let data: [u8; 200] = core::array::from_fn(|i| (i * 37 % 251) as u8);
        for split in 0..data.len() {
            let (a, b) = data.split_at(split);
            let mut crc = Crc32::new();
            crc.update(a);
            crc.update(b);
            assert_eq!(crc.finish(), crc32(&data));
        }
    }

    #[test]
    fn every_single_bit_flip_changes_the_crc() {
        let mut data: [u8; 64] = core::array::from_fn(|i| i as u8);
        let good = crc32(&data);
        for i in 0..data.len() * 8 {
            data[i / 8] ^= 1 << (i % 8);
            assert_ne!(crc32(&data), good);
            data[i / 8] ^= 1 << (i % 8);
        }
    }
}
