//! Test doubles shared by the modules' tests.

use crate::storage::{RawFlash, FLASH_SIZE, PAGE_SIZE, SECTOR_SIZE};

/// The Pico's whole flash chip as NOR flash, refusing accesses the boot ROM would get wrong,
/// and recording the offsets of erases and programs.
#[derive(Clone)]
pub struct Chip {
    pub bytes: Vec<u8>,
    pub erases: Vec<u32>,
    pub programs: Vec<u32>,
}

impl Chip {
    /// A chip holding 0xA5 everywhere: neither erased nor ours.
    pub fn new() -> Self {
        Chip {
            bytes: vec![0xA5; FLASH_SIZE as usize],
            erases: Vec::new(),
            programs: Vec::new(),
        }
    }
}

impl RawFlash for Chip {
    type Error = core::convert::Infallible;

    fn read(&mut self, offset: u32, buf: &mut [u8]) -> Result<(), Self::Error> {
        let start = offset as usize;
        buf.copy_from_slice(&self.bytes[start..start + buf.len()]);
        Ok(())
    }

    fn erase_sector(&mut self, offset: u32) -> Result<(), Self::Error> {
        assert_eq!(offset % SECTOR_SIZE, 0, "unaligned erase at {offset:#x}");
        let start = offset as usize;
        self.bytes[start..start + SECTOR_SIZE as usize].fill(0xFF);
        self.erases.push(offset);
        Ok(())
    }

    fn program_page(&mut self, offset: u32, page: &[u8; PAGE_SIZE]) -> Result<(), Self::Error> {
        assert_eq!(
            offset as usize % PAGE_SIZE,
            0,
            "unaligned program at {offset:#x}"
        );
        let start = offset as usize;
        for (old, new) in self.bytes[start..start + PAGE_SIZE].iter_mut().zip(page) {
            *old &= new;
        }
        self.programs.push(offset);
        Ok(())
    }
}
