//! Test doubles for the board crates' host tests (feature `testing`, or this crate's tests).
#![allow(missing_docs, clippy::indexing_slicing)]

use embedded_storage::nor_flash::{
    check_erase, check_read, check_write, ErrorType, MultiwriteNorFlash, NorFlash,
    NorFlashErrorKind, ReadNorFlash,
};

/// The flash chips' erase sector, as on the Pico's W25Q16JV and the X4's W25Q128JV.
pub const SECTOR_SIZE: usize = 4096;

/// A NOR flash chip of `size` bytes that reads in units of `READ` bytes and programs in units of
/// `WRITE` bytes (each byte becoming `old & new`), refusing unaligned or out-of-range accesses as
/// the embedded-storage contract allows, and recording the offsets of erases and programs. The
/// defaults are the Pico's boot ROM (256-byte pages, bytewise reads through XIP); esp-storage
/// reads and writes 4-byte words.
#[derive(Clone)]
pub struct Chip<const WRITE: usize = 256, const READ: usize = 1> {
    pub bytes: Vec<u8>,
    pub erases: Vec<u32>,
    pub programs: Vec<u32>,
}

impl<const WRITE: usize, const READ: usize> Chip<WRITE, READ> {
    /// A chip of `size` bytes holding 0xA5 everywhere: neither erased nor ours.
    pub fn new(size: usize) -> Self {
        Chip {
            bytes: vec![0xA5; size],
            erases: Vec::new(),
            programs: Vec::new(),
        }
    }
}

impl<const WRITE: usize, const READ: usize> ErrorType for Chip<WRITE, READ> {
    type Error = NorFlashErrorKind;
}

impl<const WRITE: usize, const READ: usize> ReadNorFlash for Chip<WRITE, READ> {
    const READ_SIZE: usize = READ;

    fn read(&mut self, offset: u32, bytes: &mut [u8]) -> Result<(), Self::Error> {
        check_read(self, offset, bytes.len())?;
        let start = offset as usize;
        bytes.copy_from_slice(&self.bytes[start..start + bytes.len()]);
        Ok(())
    }

    fn capacity(&self) -> usize {
        self.bytes.len()
    }
}

impl<const WRITE: usize, const READ: usize> NorFlash for Chip<WRITE, READ> {
    const WRITE_SIZE: usize = WRITE;
    const ERASE_SIZE: usize = SECTOR_SIZE;

    fn erase(&mut self, from: u32, to: u32) -> Result<(), Self::Error> {
        check_erase(self, from, to)?;
        for sector in (from..to).step_by(SECTOR_SIZE) {
            let start = sector as usize;
            self.bytes[start..start + SECTOR_SIZE].fill(0xFF);
            self.erases.push(sector);
        }
        Ok(())
    }

    fn write(&mut self, offset: u32, bytes: &[u8]) -> Result<(), Self::Error> {
        check_write(self, offset, bytes.len())?;
        let start = offset as usize;
        for (old, new) in self.bytes[start..start + bytes.len()].iter_mut().zip(bytes) {
            *old &= new;
        }
        self.programs.push(offset);
        Ok(())
    }
}

/// Programming a byte again clears only bits, as NOR flash does.
impl<const WRITE: usize, const READ: usize> MultiwriteNorFlash for Chip<WRITE, READ> {}
