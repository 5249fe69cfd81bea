//! The Pico's flash chip through the RP2040's boot-ROM routines (via rp2040-flash), as an
//! embedded-storage NOR flash: reads straight from the execute-in-place window, erases in
//! 4 KiB sectors, programs in 256-byte pages.

use embedded_storage::nor_flash::{
    check_erase, check_read, check_write, ErrorType, MultiwriteNorFlash, NorFlash,
    NorFlashErrorKind, ReadNorFlash,
};
use moye_pico::flash_map::{FLASH_SIZE, PAGE_SIZE, SECTOR_SIZE, XIP_BASE};

/// The flash chip. Erasing and programming take it out of execute-in-place mode, so they run
/// from RAM with interrupts off (rp2040-flash puts its sequence in RAM); this firmware runs on
/// one core and uses no DMA, which the ROM routines also require.
pub struct PicoFlash;

impl ErrorType for PicoFlash {
    type Error = NorFlashErrorKind;
}

impl ReadNorFlash for PicoFlash {
    const READ_SIZE: usize = 1;

    fn read(&mut self, offset: u32, bytes: &mut [u8]) -> Result<(), NorFlashErrorKind> {
        check_read(self, offset, bytes.len())?;
        let start = (XIP_BASE + offset as usize) as *const u8;
        for (i, byte) in bytes.iter_mut().enumerate() {
            // SAFETY: check_read kept `offset..offset + len` inside the 2 MiB flash mapped at
            // XIP_BASE; after a program or an erase the ROM sequence flushed the XIP cache, so
            // these reads see the new contents.
            *byte = unsafe { core::ptr::read_volatile(start.add(i)) };
        }
        Ok(())
    }

    fn capacity(&self) -> usize {
        FLASH_SIZE as usize
    }
}

impl NorFlash for PicoFlash {
    const WRITE_SIZE: usize = PAGE_SIZE;
    const ERASE_SIZE: usize = SECTOR_SIZE as usize;

    fn erase(&mut self, from: u32, to: u32) -> Result<(), NorFlashErrorKind> {
        check_erase(self, from, to)?;
        cortex_m::interrupt::free(|_| {
            // SAFETY: check_erase kept `from..to` whole sectors inside the flash; the storage
            // offers only sectors outside the program (memory.x). Interrupts are off, core 1 is
            // not running and no DMA reads flash, so nothing executes from flash while XIP is
            // off; boot2 is copied to RAM to restore XIP.
            unsafe { rp2040_flash::flash::flash_range_erase(from, to - from, true) }
        });
        Ok(())
    }

    fn write(&mut self, offset: u32, bytes: &[u8]) -> Result<(), NorFlashErrorKind> {
        check_write(self, offset, bytes.len())?;
        cortex_m::interrupt::free(|_| {
            // SAFETY: as for erase, with whole pages (check_write); `bytes` is a RAM buffer
            // (FlashStorage's on the stack), never flash, which cannot be read while XIP is off.
            unsafe { rp2040_flash::flash::flash_range_program(offset, bytes, true) }
        });
        Ok(())
    }
}

/// The W25Q16JV programs a page again by clearing bits only (each byte becomes `old & new`),
/// which the store's appended records rely on.
impl MultiwriteNorFlash for PicoFlash {}
