//! Where the reader's saved state lives in the Pico's flash.
//!
//! The Pico's 2 MiB QSPI flash (a Winbond W25Q16JV) holds the program and the library blob
//! from its start; `memory.x` keeps the linker out of its last [`STORAGE_SECTORS`] 4 KiB
//! sectors, from [`STORAGE_OFFSET`] on, and [`storage`] offers exactly those sectors to the
//! reader (moye-board's [`FlashStorage`]). Flashing a new UF2 image rewrites only the blocks
//! the image holds, so the saved state survives firmware updates.
//!
//! The chip erases whole 4 KiB sectors ([`SECTOR_SIZE`]) and programs whole 256-byte pages
//! ([`PAGE_SIZE`]) through the RP2040's boot-ROM routines: those are the firmware's
//! `NorFlash` units (`src/board/flash.rs`).

use embedded_storage::nor_flash::MultiwriteNorFlash;
use moye_board::storage::FlashStorage;

/// Where flash offset 0 appears in the RP2040's address space (execute-in-place, cached).
pub const XIP_BASE: usize = 0x1000_0000;

/// The Pico's flash size in bytes.
pub const FLASH_SIZE: u32 = 2 * 1024 * 1024;

/// The flash chip's erase unit in bytes.
pub const SECTOR_SIZE: u32 = 4096;

/// The flash chip's program unit in bytes, and the alignment the boot ROM requires.
pub const PAGE_SIZE: usize = 256;

/// Sectors kept for the saved state: the store's slots A and B.
pub const STORAGE_SECTORS: u32 = 2;

/// The flash offset of the first storage sector: the last [`STORAGE_SECTORS`] sectors.
pub const STORAGE_OFFSET: u32 = FLASH_SIZE - STORAGE_SECTORS * SECTOR_SIZE;

/// The storage sectors of the Pico's `flash` (`None` only if `flash` is not the 2 MiB chip in
/// 4 KiB sectors).
pub fn storage<F: MultiwriteNorFlash>(flash: F) -> Option<FlashStorage<F>> {
    FlashStorage::new(flash, STORAGE_OFFSET, STORAGE_SECTORS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use moye::persist::Storage;
    use moye_board::testing::Chip;

    #[test]
    fn the_storage_is_the_last_two_sectors_of_the_two_mebibyte_flash() {
        assert_eq!(STORAGE_OFFSET, 0x1F_E000);
        let mut storage = storage(Chip::<PAGE_SIZE>::new(FLASH_SIZE as usize)).unwrap();
        assert_eq!(storage.capacity(), 8192);
        assert_eq!(storage.sector_size(), 4096);
        storage.erase(0).unwrap();
        storage.erase(1).unwrap();
        storage.program(0xF0, &[0x12; 300]).unwrap();
        let chip = storage.into_inner();
        assert_eq!(chip.erases, vec![0x1F_E000, 0x1F_F000]);
        // Whole boot-ROM pages.
        assert_eq!(chip.programs, vec![0x1F_E000, 0x1F_E100, 0x1F_E200]);
        // The sector before the storage is untouched.
        assert!(chip.bytes[0x1F_D000..0x1F_E000].iter().all(|&b| b == 0xA5));
    }

    #[test]
    fn memory_x_keeps_the_linker_out_of_the_storage_sectors() {
        let memory_x = include_str!("../memory.x");
        let line = |name: &str| {
            memory_x
                .lines()
                .find(|line| line.trim_start().starts_with(name))
                .unwrap_or_else(|| panic!("memory.x has no {name} region"))
                .to_owned()
        };
        assert!(line("FLASH ").contains("ORIGIN = 0x10000100, LENGTH = 2048K - 0x100 - 8K"));
        assert!(line("STORAGE ").contains("ORIGIN = 0x101FE000, LENGTH = 8K"));
        assert_eq!(XIP_BASE as u32 + STORAGE_OFFSET, 0x101F_E000);
        assert_eq!(STORAGE_SECTORS * SECTOR_SIZE, 8 * 1024);
        assert_eq!(FLASH_SIZE, 2048 * 1024);
    }
}
