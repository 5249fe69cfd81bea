//! ELF → UF2 for the RP2040: what the Pico's USB boot loader (BOOTSEL) takes by drag and drop.
//!
//! # UF2
//!
//! A UF2 file is a sequence of 512-byte blocks, each carrying 256 bytes for one flash page
//! (Microsoft's format, <https://github.com/microsoft/uf2>; little-endian words):
//!
//! | offset | field |
//! |---|---|
//! | 0 | magic `0x0A324655` ("UF2\n") |
//! | 4 | magic `0x9E5D5157` |
//! | 8 | flags: `0x2000`, "family ID present" |
//! | 12 | target address (a multiple of 256) |
//! | 16 | payload size: 256 |
//! | 20 | block number, from 0 |
//! | 24 | number of blocks |
//! | 28 | family ID: `0xE48BFF56`, RP2040 |
//! | 32 | 476 data bytes: the page, then zeros |
//! | 508 | magic `0x0AB16F30` |
//!
//! The boot ROM writes each block's page and erases each 4 KiB sector the first time a block
//! lands in it; pages no block names in other sectors keep their contents, which is what lets
//! the firmware's saved state (the last 8 KiB of flash) survive an update.
//!
//! # From the ELF
//!
//! Every loadable segment with bytes in the file goes to its *physical* (load) address: code and
//! read-only data where they run, and the initial values of `.data`, which run from RAM, where
//! the start-up code copies them from. All of it must lie in the RP2040's flash window
//! ([`FLASH_START`]..[`FLASH_END`]); a segment that loads into RAM is refused, since the boot
//! loader would write nothing for it. Bytes of a touched page that no segment covers are zero.

use std::collections::BTreeMap;

/// Where the RP2040 maps its external flash (execute-in-place).
pub const FLASH_START: u32 = 0x1000_0000;
/// The end of the flash window (16 MiB, the most the RP2040 addresses).
pub const FLASH_END: u32 = 0x1100_0000;
/// The RP2040's SRAM (264 KiB, the striped banks and the two small ones).
pub const RAM: std::ops::Range<u32> = 0x2000_0000..0x2004_2000;
/// UF2 family ID of the RP2040.
pub const FAMILY_RP2040: u32 = 0xE48B_FF56;
/// Bytes of flash one block carries.
pub const PAGE: usize = 256;
/// Bytes of one UF2 block.
pub const BLOCK: usize = 512;

const MAGIC_START0: u32 = 0x0A32_4655;
const MAGIC_START1: u32 = 0x9E5D_5157;
const MAGIC_END: u32 = 0x0AB1_6F30;
const FLAG_FAMILY_ID: u32 = 0x2000;

const PT_LOAD: u32 = 1;
const SHT_NOBITS: u32 = 8;
const SHF_ALLOC: u32 = 2;
const EM_ARM: u16 = 40;

/// A 32-bit little-endian ELF file, read just enough for flashing.
struct Elf<'a> {
    bytes: &'a [u8],
}

/// A loadable segment.
struct Segment<'a> {
    load_address: u32,
    data: &'a [u8],
}

/// A section that occupies memory when the program runs.
struct Section {
    address: u32,
    size: u32,
    /// Whether it has bytes in the file (`.bss` has none).
    has_bytes: bool,
}

impl<'a> Elf<'a> {
    fn parse(bytes: &'a [u8]) -> Result<Self, String> {
        if bytes.get(..4) != Some(b"\x7fELF".as_slice()) {
            return Err("not an ELF file".into());
        }
        if bytes.get(4..6) != Some([1u8, 1].as_slice()) {
            return Err("not a 32-bit little-endian ELF file".into());
        }
        let elf = Elf { bytes };
        if elf.u16(18)? != EM_ARM {
            return Err("not an ARM ELF file".into());
        }
        Ok(elf)
    }

    fn u16(&self, at: usize) -> Result<u16, String> {
        let bytes = self.slice(at, 2)?;
        Ok(u16::from_le_bytes([bytes[0], bytes[1]]))
    }

    fn u32(&self, at: usize) -> Result<u32, String> {
        let bytes = self.slice(at, 4)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn slice(&self, at: usize, len: usize) -> Result<&'a [u8], String> {
        at.checked_add(len)
            .and_then(|end| self.bytes.get(at..end))
            .ok_or_else(|| format!("the ELF file ends before byte {}", at.saturating_add(len)))
    }

    /// The table at header offset `offset_at` with `count_at` entries of the size at `size_at`:
    /// the file offset of each entry.
    fn table(
        &self,
        offset_at: usize,
        size_at: usize,
        count_at: usize,
    ) -> Result<Vec<usize>, String> {
        let offset = self.u32(offset_at)? as usize;
        let size = usize::from(self.u16(size_at)?);
        let count = usize::from(self.u16(count_at)?);
        Ok((0..count).map(|i| offset + i * size).collect())
    }

    fn segments(&self) -> Result<Vec<Segment<'a>>, String> {
        let mut segments = Vec::new();
        for at in self.table(28, 42, 44)? {
            if self.u32(at)? != PT_LOAD {
                continue;
            }
            let offset = self.u32(at + 4)? as usize;
            let load_address = self.u32(at + 12)?;
            let file_size = self.u32(at + 16)? as usize;
            if file_size > 0 {
                segments.push(Segment {
                    load_address,
                    data: self.slice(offset, file_size)?,
                });
            }
        }
        Ok(segments)
    }

    fn sections(&self) -> Result<Vec<Section>, String> {
        let mut sections = Vec::new();
        for at in self.table(32, 46, 48)? {
            if self.u32(at + 8)? & SHF_ALLOC == 0 {
                continue;
            }
            sections.push(Section {
                address: self.u32(at + 12)?,
                size: self.u32(at + 20)?,
                has_bytes: self.u32(at + 4)? != SHT_NOBITS,
            });
        }
        Ok(sections)
    }
}

/// A firmware image for the RP2040's flash, page by page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// Flash pages by address, each [`PAGE`] bytes.
    pages: BTreeMap<u32, Vec<u8>>,
    /// Bytes the segments put into flash.
    pub flash_bytes: u32,
    /// One past the highest flash address written.
    pub flash_end: u32,
    /// Bytes of RAM the program's sections occupy before the stack: `.data`, `.bss` and the
    /// like (the stack and anything the program takes at run time come on top).
    pub static_ram: u32,
    /// Of which zero-initialised (`.bss`, no bytes in the image).
    pub zeroed_ram: u32,
}

impl Image {
    /// The image an RP2040 ELF file flashes.
    pub fn from_elf(bytes: &[u8]) -> Result<Image, String> {
        let elf = Elf::parse(bytes)?;
        let mut pages: BTreeMap<u32, Vec<u8>> = BTreeMap::new();
        let (mut flash_bytes, mut flash_end) = (0u32, FLASH_START);
        for segment in elf.segments()? {
            let start = segment.load_address;
            let len = u32::try_from(segment.data.len()).map_err(|_| "segment too large")?;
            let end = start.checked_add(len).ok_or("segment past 4 GiB")?;
            if start < FLASH_START || end > FLASH_END {
                return Err(format!(
                    "a segment loads at {start:#010x}..{end:#010x}, outside flash \
                     ({FLASH_START:#010x}..{FLASH_END:#010x}): the boot loader cannot write it"
                ));
            }
            for (i, &byte) in segment.data.iter().enumerate() {
                let address = start + i as u32;
                let page = address - address % PAGE as u32;
                let bytes = pages.entry(page).or_insert_with(|| vec![0; PAGE]);
                bytes[(address - page) as usize] = byte;
            }
            flash_bytes += len;
            flash_end = flash_end.max(end);
        }
        if pages.is_empty() {
            return Err("the ELF file loads nothing into flash".into());
        }
        let (mut static_ram, mut zeroed_ram) = (0, 0);
        for section in elf.sections()? {
            if RAM.contains(&section.address) {
                static_ram += section.size;
                if !section.has_bytes {
                    zeroed_ram += section.size;
                }
            }
        }
        Ok(Image {
            pages,
            flash_bytes,
            flash_end,
            static_ram,
            zeroed_ram,
        })
    }

    /// The image as a UF2 file for the RP2040.
    pub fn to_uf2(&self) -> Vec<u8> {
        let count = self.pages.len() as u32;
        let mut out = Vec::with_capacity(self.pages.len() * BLOCK);
        for (number, (&address, page)) in self.pages.iter().enumerate() {
            let header = [
                MAGIC_START0,
                MAGIC_START1,
                FLAG_FAMILY_ID,
                address,
                PAGE as u32,
                number as u32,
                count,
                FAMILY_RP2040,
            ];
            for word in header {
                out.extend_from_slice(&word.to_le_bytes());
            }
            out.extend_from_slice(page);
            out.resize(out.len() + (BLOCK - 32 - 4 - PAGE), 0);
            out.extend_from_slice(&MAGIC_END.to_le_bytes());
        }
        out
    }
}

/// Reads a UF2 file back into (address, page) pairs, checking every block's magic numbers,
/// family, numbering and size: what a boot loader would accept.
pub fn read_uf2(bytes: &[u8]) -> Result<Vec<(u32, Vec<u8>)>, String> {
    if bytes.is_empty() || bytes.len() % BLOCK != 0 {
        return Err(format!(
            "{} bytes: not a whole number of blocks",
            bytes.len()
        ));
    }
    let count = bytes.len() / BLOCK;
    let mut pages = Vec::with_capacity(count);
    for (number, block) in bytes.chunks_exact(BLOCK).enumerate() {
        let word =
            |i: usize| u32::from_le_bytes([block[i], block[i + 1], block[i + 2], block[i + 3]]);
        let expected = [
            (0, MAGIC_START0, "first magic"),
            (4, MAGIC_START1, "second magic"),
            (8, FLAG_FAMILY_ID, "flags"),
            (16, PAGE as u32, "payload size"),
            (20, number as u32, "block number"),
            (24, count as u32, "block count"),
            (28, FAMILY_RP2040, "family"),
            (508, MAGIC_END, "final magic"),
        ];
        for (at, value, what) in expected {
            if word(at) != value {
                return Err(format!(
                    "block {number}: {what} is {:#010x}, not {value:#010x}",
                    word(at)
                ));
            }
        }
        let address = word(12);
        if address % PAGE as u32 != 0 {
            return Err(format!(
                "block {number}: address {address:#010x} is not page-aligned"
            ));
        }
        pages.push((address, block[32..32 + PAGE].to_vec()));
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal ARM ELF: program headers for `segments` (load address, run address, bytes,
    /// extra zeroed bytes), and one allocated section per segment.
    fn elf(segments: &[(u32, u32, &[u8], u32)]) -> Vec<u8> {
        let phoff = 52;
        let shoff = phoff + 32 * segments.len();
        let data_at = shoff + 40 * segments.len();
        let mut out = vec![0u8; data_at];
        out[..6].copy_from_slice(b"\x7fELF\x01\x01");
        out[18..20].copy_from_slice(&EM_ARM.to_le_bytes());
        out[28..32].copy_from_slice(&(phoff as u32).to_le_bytes());
        out[32..36].copy_from_slice(&(shoff as u32).to_le_bytes());
        out[42..44].copy_from_slice(&32u16.to_le_bytes());
        out[44..46].copy_from_slice(&(segments.len() as u16).to_le_bytes());
        out[46..48].copy_from_slice(&40u16.to_le_bytes());
        out[48..50].copy_from_slice(&(segments.len() as u16).to_le_bytes());
        let mut offset = data_at;
        for (i, &(load, run, bytes, zeroed)) in segments.iter().enumerate() {
            let ph = phoff + 32 * i;
            let words = [
                PT_LOAD,
                offset as u32,
                run,
                load,
                bytes.len() as u32,
                bytes.len() as u32 + zeroed,
            ];
            for (j, word) in words.iter().enumerate() {
                out[ph + 4 * j..ph + 4 * j + 4].copy_from_slice(&word.to_le_bytes());
            }
            let sh = shoff + 40 * i;
            let kind = if bytes.is_empty() { SHT_NOBITS } else { 1 };
            let words = [
                0,
                kind,
                SHF_ALLOC,
                run,
                offset as u32,
                bytes.len() as u32 + zeroed,
            ];
            for (j, word) in words.iter().enumerate() {
                out[sh + 4 * j..sh + 4 * j + 4].copy_from_slice(&word.to_le_bytes());
            }
            offset += bytes.len();
        }
        for &(_, _, bytes, _) in segments {
            out.extend_from_slice(bytes);
        }
        out
    }

    #[test]
    fn segments_land_at_their_load_addresses_page_by_page() {
        let code: Vec<u8> = (0..600u32).map(|i| (i % 251) as u8 + 1).collect();
        let data = [0xAA; 8];
        // Code at the start of flash, .data's initial values right after it in flash (loaded
        // at 0x10000300, run at 0x20000000), .bss in RAM only.
        let file = elf(&[
            (0x1000_0000, 0x1000_0000, &code, 0),
            (0x1000_0300, 0x2000_0000, &data, 0),
            (0x2000_0008, 0x2000_0008, &[], 4096),
        ]);
        let image = Image::from_elf(&file).unwrap();
        assert_eq!(image.flash_bytes, 608);
        assert_eq!(image.flash_end, 0x1000_0308);
        assert_eq!(image.static_ram, 8 + 4096);
        assert_eq!(image.zeroed_ram, 4096);

        let uf2 = image.to_uf2();
        assert_eq!(uf2.len(), 4 * BLOCK, "pages 0x000, 0x100, 0x200, 0x300");
        let pages = read_uf2(&uf2).unwrap();
        let addresses: Vec<u32> = pages.iter().map(|(address, _)| *address).collect();
        assert_eq!(
            addresses,
            [0x1000_0000, 0x1000_0100, 0x1000_0200, 0x1000_0300]
        );
        let mut flash = vec![0xFFu8; 0x400];
        for (address, page) in &pages {
            let at = (address - FLASH_START) as usize;
            flash[at..at + PAGE].copy_from_slice(page);
        }
        assert_eq!(flash[..600], code[..]);
        assert!(
            flash[600..0x300].iter().all(|&b| b == 0),
            "gap in a touched page: zeros"
        );
        assert_eq!(flash[0x300..0x308], data);
        assert!(flash[0x308..].iter().all(|&b| b == 0));
    }

    #[test]
    fn every_block_carries_the_rp2040_family_and_its_number() {
        let code = vec![7u8; 3 * PAGE];
        let image = Image::from_elf(&elf(&[(0x1000_0100, 0x1000_0100, &code, 0)])).unwrap();
        let uf2 = image.to_uf2();
        for (number, block) in uf2.chunks(BLOCK).enumerate() {
            let word = |i: usize| u32::from_le_bytes(block[i..i + 4].try_into().unwrap());
            assert_eq!(word(0), 0x0A32_4655);
            assert_eq!(word(4), 0x9E5D_5157);
            assert_eq!(word(8), 0x2000);
            assert_eq!(word(12), 0x1000_0100 + 256 * number as u32);
            assert_eq!(word(16), 256);
            assert_eq!(word(20), number as u32);
            assert_eq!(word(24), 3);
            assert_eq!(word(28), 0xE48B_FF56);
            assert!(block[32 + 256..508].iter().all(|&b| b == 0));
            assert_eq!(word(508), 0x0AB1_6F30);
        }
    }

    #[test]
    fn what_the_boot_loader_cannot_write_is_refused() {
        let ram_code = elf(&[(0x2000_0000, 0x2000_0000, &[1, 2, 3], 0)]);
        let error = Image::from_elf(&ram_code).unwrap_err();
        assert!(error.contains("outside flash"), "{error}");
        assert!(Image::from_elf(&elf(&[])).unwrap_err().contains("nothing"));
        assert!(Image::from_elf(b"#!/bin/sh")
            .unwrap_err()
            .contains("not an ELF"));
        let mut truncated = elf(&[(0x1000_0000, 0x1000_0000, &[1; 100], 0)]);
        truncated.truncate(truncated.len() - 10);
        assert!(Image::from_elf(&truncated)
            .unwrap_err()
            .contains("ends before"));
    }

    #[test]
    fn damaged_uf2_files_are_refused() {
        let image = Image::from_elf(&elf(&[(0x1000_0000, 0x1000_0000, &[1; 300], 0)])).unwrap();
        let good = image.to_uf2();
        assert!(read_uf2(&good).is_ok());
        let mut bad = good.clone();
        bad[28] ^= 1;
        assert!(read_uf2(&bad).unwrap_err().contains("family"));
        let mut bad = good.clone();
        bad[BLOCK + 20] = 0;
        assert!(read_uf2(&bad).unwrap_err().contains("block number"));
        assert!(read_uf2(&good[..BLOCK + 1]).is_err());
    }
}
