//! Where the reader's saved state, and a book copied from the card, live in the X4's flash.
//!
//! The X4's 16 MB flash (a Winbond W25Q128JV) comes with ESP-IDF's 16 MB OTA partition table
//! (`default_16MB.csv` in open-x4-epaper/sample-firmware, the same in CrossPoint's
//! `partitions.csv`; see `firmware/x4/X4.md`), which `partitions.csv` repeats for espflash:
//!
//! | partition | offset | size | Moye |
//! |---|---|---|---|
//! | (boot loader) | 0x0 | | ESP-IDF's, as espflash writes it |
//! | (partition table) | 0x8000 | | the stock table, kept |
//! | nvs | 0x9000 | 0x5000 | unused |
//! | otadata | 0xE000 | 0x2000 | erased when flashing, so app0 boots |
//! | app0 | 0x10000 | 0x640000 | the firmware (≤ 6 MiB, [`APP_SIZE`]) |
//! | app1 | 0x650000 | 0x640000 | unused (the stock firmware may still be there) |
//! | spiffs | 0xC90000 | 0x360000 | the card's library files ([`BOOK_OFFSET`], [`BOOK_LEN`]), then the saved state ([`STORAGE_OFFSET`]) |
//! | coredump | 0xFF0000 | 0x10000 | unused |
//!
//! The data partition `spiffs` is the stock firmware's file system; Moye keeps no file system
//! there, only raw sectors: the saved state in the partition's last [`STORAGE_SECTORS`] 4 KiB
//! sectors, and before them the region the card's library files are copied into and read
//! from through the flash's memory map. Nothing of the firmware image reaches it, so flashing a
//! new Moye keeps both; restoring the stock firmware (or its first start) reformats it.
//!
//! The ESP32-C3 reads flash through its cache in 64 KiB pages: the MMU has 128 entries, one per
//! 64 KiB of the 8 MB data bus window at [`DBUS_BASE`], each naming a 64 KiB page of flash.
//! esp-hal's linker script gives the firmware's read-only data the window's first 4 MiB
//! (`DROM`, 0x3C000020 on, 4 MiB − 32 bytes long); the book is mapped above it, from entry
//! [`BOOK_MMU_ENTRY`], and leaves the last entry free (esp-storage keeps it for its own
//! mappings).
//!
//! The chip erases 4 KiB sectors ([`SECTOR_SIZE`]) and esp-storage programs whole 4-byte words
//! ([`WORD_SIZE`]): those are the `NorFlash` units moye-board's [`FlashStorage`] writes in.

use embedded_storage::nor_flash::MultiwriteNorFlash;
use moye_board::storage::FlashStorage;

/// The X4's flash size in bytes.
pub const FLASH_SIZE: u32 = 16 * 1024 * 1024;

/// The flash chip's erase unit in bytes.
pub const SECTOR_SIZE: u32 = 4096;

/// esp-storage's program unit in bytes (`FlashStorage::WORD_SIZE`).
pub const WORD_SIZE: usize = 4;

/// Where the stock table's app0 starts: the firmware goes there.
pub const APP_OFFSET: u32 = 0x1_0000;

/// The size of the stock table's app0 (and app1): the largest image that fits, 6.25 MiB.
pub const APP_SIZE: u32 = 0x64_0000;

/// The stock table's data partition `spiffs`: where the book and the state go.
pub const DATA_OFFSET: u32 = 0xC9_0000;

/// The size of `spiffs`.
pub const DATA_SIZE: u32 = 0x36_0000;

/// Sectors kept for the saved state: the store's slots A and B.
pub const STORAGE_SECTORS: u32 = 2;

/// The flash offset of the first storage sector: the last [`STORAGE_SECTORS`] of `spiffs`.
pub const STORAGE_OFFSET: u32 = DATA_OFFSET + DATA_SIZE - STORAGE_SECTORS * SECTOR_SIZE;

/// Where a book copied from the card starts in flash: the start of `spiffs`, at a 64 KiB
/// page, as the MMU maps it.
pub const BOOK_OFFSET: u32 = DATA_OFFSET;

/// The room for the copied library files and their catalogue: `spiffs` less the state sectors, 3,530,752 bytes.
pub const BOOK_LEN: u32 = STORAGE_OFFSET - BOOK_OFFSET;

/// The size of one MMU page.
pub const MMU_PAGE: u32 = 0x1_0000;

/// Where the data bus window, through which the cache reads flash, starts.
pub const DBUS_BASE: u32 = 0x3C00_0000;

/// The MMU's entries: 128 of 64 KiB, the window's 8 MiB.
pub const MMU_ENTRIES: u32 = 128;

/// The first MMU entry of the book's mapping: the first above esp-hal's 4 MiB of `DROM`.
pub const BOOK_MMU_ENTRY: u32 = 64;

/// The MMU entries the book's mapping takes: its room rounded up to whole pages.
pub const BOOK_MMU_PAGES: u32 = BOOK_LEN.div_ceil(MMU_PAGE);

/// Where the book appears in the address space once mapped.
pub const BOOK_ADDRESS: u32 = DBUS_BASE + BOOK_MMU_ENTRY * MMU_PAGE;

// Checked when the firmware builds: the image budget of issue 12 (6 MiB) fits one app slot;
// the book's mapping ends below the MMU's last entry; each entry names an 8-bit flash page, so
// the book's last page must lie within the 16 MB.
const _: () = assert!(6 * 1024 * 1024 <= APP_SIZE);
const _: () = assert!(BOOK_MMU_ENTRY + BOOK_MMU_PAGES < MMU_ENTRIES - 1);
const _: () = assert!((BOOK_OFFSET + BOOK_LEN - 1) / MMU_PAGE < 256);

/// The storage sectors of the X4's `flash` (`None` only if `flash` is not the 16 MB chip in
/// 4 KiB sectors).
pub fn storage<F: MultiwriteNorFlash>(flash: F) -> Option<FlashStorage<F>> {
    FlashStorage::new(flash, STORAGE_OFFSET, STORAGE_SECTORS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use moye::persist::Storage;
    use moye_board::testing::Chip;

    /// The stock table that flashing writes (`partitions.csv`): name, offset, size.
    fn stock() -> Vec<(String, u32, u32)> {
        let hex = |field: &str| u32::from_str_radix(field.trim().trim_start_matches("0x"), 16);
        include_str!("../partitions.csv")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .map(|line| {
                let fields: Vec<&str> = line.split(',').collect();
                let (offset, size) = (hex(fields[3]).unwrap(), hex(fields[4]).unwrap());
                (fields[0].trim().to_owned(), offset, size)
            })
            .collect()
    }

    fn partition(name: &str) -> (u32, u32) {
        let table = stock();
        let (_, offset, size) = table.iter().find(|p| p.0 == name).unwrap();
        (*offset, *size)
    }

    #[test]
    fn the_stock_table_tiles_the_flash_and_moye_uses_app0_and_spiffs() {
        const STOCK_NAMES: [&str; 6] = ["nvs", "otadata", "app0", "app1", "spiffs", "coredump"];
        let stock = stock();
        let names: Vec<&str> = stock.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(names, STOCK_NAMES);
        assert_eq!(partition("nvs"), (0x9000, 0x5000));
        assert_eq!(partition("otadata"), (0xE000, 0x2000));
        // The partitions follow each other to the end of the chip.
        for pair in stock.windows(2) {
            assert_eq!(
                pair[0].1 + pair[0].2,
                pair[1].1,
                "{} → {}",
                pair[0].0,
                pair[1].0
            );
        }
        let last = &stock[stock.len() - 1];
        assert_eq!(last.1 + last.2, FLASH_SIZE);
        assert_eq!(partition("app0"), (APP_OFFSET, APP_SIZE));
        assert_eq!(partition("spiffs"), (DATA_OFFSET, DATA_SIZE));
    }

    #[test]
    fn the_book_and_the_state_share_spiffs_without_overlap() {
        assert_eq!(STORAGE_OFFSET, 0xFE_E000);
        assert_eq!(BOOK_LEN, 3_530_752);
        assert_eq!(BOOK_OFFSET + BOOK_LEN, STORAGE_OFFSET);
        assert_eq!(
            STORAGE_OFFSET + STORAGE_SECTORS * SECTOR_SIZE,
            DATA_OFFSET + DATA_SIZE
        );
        assert_eq!(BOOK_OFFSET % MMU_PAGE, 0, "the MMU maps 64 KiB pages");
        assert_eq!(
            BOOK_LEN % SECTOR_SIZE,
            0,
            "the book is erased in whole sectors"
        );
    }

    #[test]
    fn the_book_is_mapped_above_the_firmware_and_below_the_last_entry() {
        assert_eq!(BOOK_MMU_PAGES, 54);
        // esp-hal's DROM: 0x3C000020, 4 MiB − 32 bytes; the book starts where it ends.
        assert_eq!(BOOK_ADDRESS, 0x3C00_0020 + (4 * 1024 * 1024 - 0x20));
    }

    #[test]
    fn libraries_copied_into_the_book_region_leave_the_state_alone() {
        use moye::format::Library;
        use moye_board::library_copy::{FileStamp, LibraryCopy, Picked};

        let mut chip = Chip::<WORD_SIZE>::new(FLASH_SIZE as usize);
        chip.bytes[STORAGE_OFFSET as usize..].fill(0x5A);
        // What card.rs builds over esp-storage: it must accept the region.
        let mut copy = LibraryCopy::new(chip, BOOK_OFFSET, BOOK_LEN).unwrap();
        assert_eq!(copy.capacity(), 3_526_656);
        let file = Library::builtin_blob();
        let mut card = Picked::default();
        for name in [b"BOOKS", b"MORE_"] {
            card.push(FileStamp::new(name, b"MOY", file.len() as u32, 0));
        }
        let read = |_: usize, offset: u32, buffer: &mut [u8]| {
            let from = &file[offset as usize..];
            let n = from.len().min(buffer.len());
            buffer[..n].copy_from_slice(&from[..n]);
            Ok::<usize, ()>(n)
        };
        // The check as card.rs makes it, through the memory map: here the chip's bytes.
        let check = |chip: &mut Chip<WORD_SIZE>, offset: u32, len: u32| {
            let at = (BOOK_OFFSET + offset) as usize;
            Library::parse(&chip.bytes[at..at + len as usize])
                .ok()
                .map(|library| library.book_count())
        };
        let update = copy.update(Some(&card), read, check);
        assert_eq!(update.libraries.iter().flatten().count(), 2);
        assert_eq!(copy.catalogue().unwrap().len(), 2);
        let chip = copy.into_inner();
        // The memory map shows the first file from the region's second sector.
        let data = (BOOK_OFFSET + SECTOR_SIZE) as usize;
        assert!(Library::parse(&chip.bytes[data..data + file.len()]).is_ok());
        assert!(chip.bytes[STORAGE_OFFSET as usize..]
            .iter()
            .all(|&b| b == 0x5A));
        assert!(chip.bytes[..BOOK_OFFSET as usize]
            .iter()
            .all(|&b| b == 0xA5));
    }

    #[test]
    fn the_storage_is_the_last_two_sectors_of_spiffs_in_words() {
        let mut storage = storage(Chip::<WORD_SIZE>::new(FLASH_SIZE as usize)).unwrap();
        assert_eq!(storage.capacity(), 8192);
        assert_eq!(storage.sector_size(), 4096);
        storage.erase(0).unwrap();
        storage.erase(1).unwrap();
        storage.program(0xF1, &[0x12; 6]).unwrap();
        let chip = storage.into_inner();
        assert_eq!(chip.erases, vec![0xFE_E000, 0xFE_F000]);
        // Whole words: one write of 0xF0..0xF8 covers bytes 0xF1..0xF7.
        assert_eq!(chip.programs, vec![0xFE_E0F0]);
        assert_eq!(
            chip.bytes[0xFE_E0F0..0xFE_E0F8],
            [0xFF, 0x12, 0x12, 0x12, 0x12, 0x12, 0x12, 0xFF]
        );
        // The book's last sector and the coredump partition are untouched.
        assert!(chip.bytes[0xFE_D000..0xFE_E000].iter().all(|&b| b == 0xA5));
        assert!(chip.bytes[0xFF_0000..].iter().all(|&b| b == 0xA5));
    }
}
