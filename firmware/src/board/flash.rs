//! The Pico's flash chip through the RP2040's boot-ROM routines (via rp2040-flash).

use core::convert::Infallible;

use moye_pico::storage::{RawFlash, PAGE_SIZE, SECTOR_SIZE, XIP_BASE};

/// The flash chip. Erasing and programming take it out of execute-in-place mode, so they run
/// from RAM with interrupts off (rp2040-flash puts its sequence in RAM); this firmware runs on
/// one core and uses no DMA, which the ROM routines also require.
pub struct PicoFlash;

impl RawFlash for PicoFlash {
    type Error = Infallible;

    fn read(&mut self, offset: u32, buf: &mut [u8]) -> Result<(), Infallible> {
        let start = (XIP_BASE + offset as usize) as *const u8;
        for (i, byte) in buf.iter_mut().enumerate() {
            // SAFETY: `FlashStorage` only passes offsets within the storage sectors, which lie
            // inside the 2 MiB flash mapped at XIP_BASE; after a program or an erase the ROM
            // sequence flushed the XIP cache, so these reads see the new contents.
            *byte = unsafe { core::ptr::read_volatile(start.add(i)) };
        }
        Ok(())
    }

    fn erase_sector(&mut self, offset: u32) -> Result<(), Infallible> {
        cortex_m::interrupt::free(|_| {
            // SAFETY: `offset` is a sector inside the flash, outside the program (memory.x);
            // interrupts are off, core 1 is not running and no DMA reads flash, so nothing
            // executes from flash while XIP is off; boot2 is copied to RAM to restore XIP.
            unsafe { rp2040_flash::flash::flash_range_erase(offset, SECTOR_SIZE, true) }
        });
        Ok(())
    }

    fn program_page(&mut self, offset: u32, page: &[u8; PAGE_SIZE]) -> Result<(), Infallible> {
        cortex_m::interrupt::free(|_| {
            // SAFETY: as for erase_sector; `page` is a RAM buffer (FlashStorage's stack), never
            // flash, which cannot be read while XIP is off.
            unsafe { rp2040_flash::flash::flash_range_program(offset, page, true) }
        });
        Ok(())
    }
}
