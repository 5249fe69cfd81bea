//! The reader's saved state in the last sectors of the Pico's flash.
//!
//! The Pico's 2 MiB QSPI flash (a Winbond W25Q16JV) holds the program and the library blob
//! from its start; `memory.x` keeps the linker out of its last [`STORAGE_SECTORS`] 4 KiB sectors,
//! from [`STORAGE_OFFSET`] on, and [`FlashStorage`] offers exactly those sectors to the core's
//! [`Store`](moye::persist::Store) as a [`Storage`]: sector 0 of the storage is slot A, sector
//! 1 slot B. Flashing a new UF2 image rewrites only the blocks the image holds, so the saved
//! state survives firmware updates.
//!
//! The chip erases whole 4 KiB sectors and programs whole 256-byte pages, through the RP2040's
//! boot-ROM routines ([`RawFlash`], implemented by the firmware). The [`Storage`] trait programs
//! any byte range with NOR semantics (each byte becomes `old & new`), so [`FlashStorage`] splits
//! a range at page boundaries ([`page_spans`]) and fills the rest of each page with `0xFF`, which
//! leaves those bytes as they are.

use core::fmt;
use core::ops::Range;

use moye::persist::Storage;

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

/// The flash chip in its own units, at flash offsets (not addresses).
pub trait RawFlash {
    /// What can go wrong.
    type Error: fmt::Debug + fmt::Display;

    /// Fills `buf` with the bytes from flash offset `offset` on.
    fn read(&mut self, offset: u32, buf: &mut [u8]) -> Result<(), Self::Error>;

    /// Erases the [`SECTOR_SIZE`]-byte sector starting at `offset` (a multiple of it) to `0xFF`.
    fn erase_sector(&mut self, offset: u32) -> Result<(), Self::Error>;

    /// Programs the [`PAGE_SIZE`]-byte page starting at `offset` (a multiple of it): each byte
    /// becomes `old & new`.
    fn program_page(&mut self, offset: u32, page: &[u8; PAGE_SIZE]) -> Result<(), Self::Error>;
}

/// Why a [`FlashStorage`] access failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlashError<E> {
    /// The offset, length or sector lies outside the storage sectors.
    OutOfBounds,
    /// The flash itself failed.
    Flash(E),
}

impl<E: fmt::Display> fmt::Display for FlashError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlashError::OutOfBounds => f.write_str("flash storage access out of bounds"),
            FlashError::Flash(error) => write!(f, "flash: {error}"),
        }
    }
}

/// The part of one flash page that a program of `len` bytes at some offset covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageSpan {
    /// Offset of the page (a multiple of [`PAGE_SIZE`]).
    pub page: u32,
    /// Where in the page the data goes.
    pub within: Range<usize>,
    /// Which bytes of the data go there.
    pub data: Range<usize>,
}

/// The pages a program of `len` bytes at `offset` touches, first to last, and which bytes go
/// where; nothing for `len == 0`.
pub fn page_spans(offset: u32, len: usize) -> impl Iterator<Item = PageSpan> {
    let page_size = PAGE_SIZE as u32;
    let mut done = 0usize;
    core::iter::from_fn(move || {
        if done >= len {
            return None;
        }
        let at = offset + done as u32;
        let page = at - at % page_size;
        let start = (at - page) as usize;
        let count = (PAGE_SIZE - start).min(len - done);
        let span = PageSpan {
            page,
            within: start..start + count,
            data: done..done + count,
        };
        done += count;
        Some(span)
    })
}

/// Sectors of flash as a [`Storage`] for the core's [`Store`](moye::persist::Store).
#[derive(Debug)]
pub struct FlashStorage<F> {
    flash: F,
    /// Flash offset of the first sector.
    start: u32,
    /// Number of sectors.
    sectors: u32,
}

impl<F: RawFlash> FlashStorage<F> {
    /// The storage sectors at the end of the flash ([`STORAGE_OFFSET`]).
    pub fn new(flash: F) -> Self {
        FlashStorage {
            flash,
            start: STORAGE_OFFSET,
            sectors: STORAGE_SECTORS,
        }
    }

    /// `sectors` sectors from flash offset `start`, or `None` unless `start` is sector-aligned
    /// and they all lie within the flash.
    pub fn with_region(flash: F, start: u32, sectors: u32) -> Option<Self> {
        let end = sectors
            .checked_mul(SECTOR_SIZE)
            .and_then(|len| start.checked_add(len))?;
        (start % SECTOR_SIZE == 0 && end <= FLASH_SIZE).then_some(FlashStorage {
            flash,
            start,
            sectors,
        })
    }

    /// The flash offset of storage offset `offset` for an access of `len` bytes, if it lies
    /// within the storage.
    fn locate(&self, offset: usize, len: usize) -> Result<u32, FlashError<F::Error>> {
        let end = offset.checked_add(len).ok_or(FlashError::OutOfBounds)?;
        if end > self.capacity() {
            return Err(FlashError::OutOfBounds);
        }
        u32::try_from(offset)
            .ok()
            .and_then(|offset| self.start.checked_add(offset))
            .ok_or(FlashError::OutOfBounds)
    }

    /// Gives the flash back.
    pub fn into_inner(self) -> F {
        self.flash
    }
}

impl<F: RawFlash> Storage for FlashStorage<F> {
    type Error = FlashError<F::Error>;

    fn sector_size(&self) -> usize {
        SECTOR_SIZE as usize
    }

    fn capacity(&self) -> usize {
        (self.sectors * SECTOR_SIZE) as usize
    }

    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), Self::Error> {
        let at = self.locate(offset, buf.len())?;
        self.flash.read(at, buf).map_err(FlashError::Flash)
    }

    fn erase(&mut self, sector: usize) -> Result<(), Self::Error> {
        let sector = u32::try_from(sector)
            .ok()
            .filter(|&sector| sector < self.sectors)
            .ok_or(FlashError::OutOfBounds)?;
        self.flash
            .erase_sector(self.start + sector * SECTOR_SIZE)
            .map_err(FlashError::Flash)
    }

    fn program(&mut self, offset: usize, data: &[u8]) -> Result<(), Self::Error> {
        let at = self.locate(offset, data.len())?;
        let mut page = [0xFF; PAGE_SIZE];
        for span in page_spans(at, data.len()) {
            page.fill(0xFF);
            let (Some(to), Some(from)) = (page.get_mut(span.within), data.get(span.data)) else {
                return Err(FlashError::OutOfBounds);
            };
            to.copy_from_slice(from);
            self.flash
                .program_page(span.page, &page)
                .map_err(FlashError::Flash)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Chip;
    use moye::persist::{Bookmark, Store, MAX_RECORD_LEN};
    use moye::Position;

    #[test]
    fn the_storage_is_the_last_two_sectors_of_the_two_mebibyte_flash() {
        assert_eq!(STORAGE_OFFSET, 0x1F_E000);
        let mut storage = FlashStorage::new(Chip::new());
        assert_eq!(storage.capacity(), 8192);
        assert_eq!(storage.sector_size(), 4096);
        storage.erase(0).unwrap();
        storage.erase(1).unwrap();
        assert_eq!(storage.erase(2), Err(FlashError::OutOfBounds));
        let chip = storage.into_inner();
        assert_eq!(chip.erases, vec![0x1F_E000, 0x1F_F000]);
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

    #[test]
    fn page_spans_split_at_page_boundaries() {
        let spans: Vec<PageSpan> = page_spans(0x1F_E0F0, 300).collect();
        assert_eq!(
            spans,
            vec![
                PageSpan {
                    page: 0x1F_E000,
                    within: 0xF0..256,
                    data: 0..16
                },
                PageSpan {
                    page: 0x1F_E100,
                    within: 0..256,
                    data: 16..272
                },
                PageSpan {
                    page: 0x1F_E200,
                    within: 0..28,
                    data: 272..300
                },
            ]
        );
        assert_eq!(page_spans(0x100, 0).count(), 0);
        let exact: Vec<PageSpan> = page_spans(0x200, 256).collect();
        assert_eq!(
            exact,
            vec![PageSpan {
                page: 0x200,
                within: 0..256,
                data: 0..256
            }]
        );
    }

    #[test]
    fn programs_pad_pages_and_clear_only_bits() {
        let mut storage = FlashStorage::new(Chip::new());
        storage.erase(0).unwrap();
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 1) as u8).collect();
        storage.program(0xF0, &data).unwrap();
        // Programming again only clears bits: old & new.
        storage.program(0xF0, &[0x0F]).unwrap();
        let mut back = vec![0u8; 4096];
        storage.read(0, &mut back).unwrap();
        for (i, &byte) in back.iter().enumerate() {
            let expected = match i {
                0xF0 => data[0] & 0x0F,
                0xF1..0x21C => data[i - 0xF0],
                _ => 0xFF,
            };
            assert_eq!(byte, expected, "byte {i:#x}");
        }
        let chip = storage.into_inner();
        assert_eq!(
            chip.programs,
            vec![0x1F_E000, 0x1F_E100, 0x1F_E200, 0x1F_E000]
        );
    }

    #[test]
    fn accesses_past_the_storage_are_refused_before_touching_the_flash() {
        let mut storage = FlashStorage::new(Chip::new());
        let mut buf = [0u8; 16];
        assert_eq!(
            storage.read(8192 - 8, &mut buf),
            Err(FlashError::OutOfBounds)
        );
        assert_eq!(
            storage.read(usize::MAX, &mut buf),
            Err(FlashError::OutOfBounds)
        );
        assert_eq!(storage.program(8190, &[0; 4]), Err(FlashError::OutOfBounds));
        assert!(storage.read(8192 - 16, &mut buf).is_ok());
        assert!(storage.into_inner().programs.is_empty());
    }

    #[test]
    fn regions_must_be_aligned_and_inside_the_flash() {
        assert!(FlashStorage::with_region(Chip::new(), 0x1000, 2).is_some());
        assert!(FlashStorage::with_region(Chip::new(), 0x1001, 2).is_none());
        assert!(FlashStorage::with_region(Chip::new(), FLASH_SIZE - 4096, 2).is_none());
        assert!(FlashStorage::with_region(Chip::new(), 0, u32::MAX).is_none());
    }

    #[test]
    fn the_core_store_saves_and_loads_through_it() {
        let mut storage = FlashStorage::new(Chip::new());
        let mut buf = [0u8; MAX_RECORD_LEN];
        // Fresh flash (here: not even erased) gives the defaults.
        let mut store = Store::new(&mut storage).unwrap();
        let mut state = store.load(&mut buf).unwrap();
        state.last_book = Some(0xB00C);
        state.set_position(0xB00C, Position::new(7, 120));
        state
            .add_bookmark(Bookmark {
                book: 0xB00C,
                position: Position::new(2, 0),
            })
            .unwrap();
        store.save(&state, &mut buf).unwrap();
        state.set_position(0xB00C, Position::new(9, 4));
        store.save(&state, &mut buf).unwrap();
        // A restart: a new store over the same flash finds the last state.
        let chip = storage.into_inner();
        let mut storage = FlashStorage::new(chip);
        let mut store = Store::new(&mut storage).unwrap();
        assert_eq!(store.load(&mut buf).unwrap(), state);
        let chip = storage.into_inner();
        assert!(chip.erases.iter().all(|&at| at >= STORAGE_OFFSET));
        assert!(chip.programs.iter().all(|&at| at >= STORAGE_OFFSET));
        assert!(chip.bytes[..STORAGE_OFFSET as usize]
            .iter()
            .all(|&b| b == 0xA5));
    }
}
