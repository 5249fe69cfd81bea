//! Books from the microSD card: its library file, copied once into the flash's book region and
//! read in place through the flash's memory map.
//!
//! At start, before the reader: the card is woken on the shared SPI bus (80 clocks at 400 kHz
//! with no chip selected, then its SPI-mode start at 400 kHz through embedded-sdmmc, then the
//! bus back at full speed), its FAT root listed, and the library file chosen
//! ([`library_copy::pick`]: the first `*.moye`, 8.3 name `*.MOY`, that fits the region). A file
//! the region does not hold already (by name, length and modification time) is copied into it
//! ([`LibraryCopy::copy`]), the region is mapped ([`map_book_region`]), and the copy is checked
//! with [`Library::parse`] where it lies; only a library that passes is committed. A refused file
//! gives the refusal notice; no card, or none with a library file, leaves the copy held before
//! (the books stay readable without the card). Any failure of the card falls back to that, and
//! a failure mid-copy leaves nothing committed (see moye-board's `library_copy`).

use core::cell::RefCell;

use embedded_hal::spi::SpiBus;
use embedded_hal_bus::spi::RefCellDevice;
use embedded_sdmmc::{Mode, SdCard, TimeSource, Timestamp, VolumeIdx, VolumeManager};
use esp_hal::delay::Delay;
use esp_hal::peripherals::FLASH;
use esp_hal::spi::master::{Config as SpiConfig, Spi};
use esp_hal::time::Rate;
use esp_hal::Blocking;
use moye::format::Library;
use moye_board::library_copy::{self, FileStamp, LibraryCopy};
use moye_board::reader::ExtraLibrary;
use moye_x4::flash_map::{BOOK_ADDRESS, BOOK_LEN, BOOK_MMU_PAGES, BOOK_OFFSET, MMU_PAGE};

use super::RawOutput;

/// The card's clock while it starts in SPI mode (the SD specification's at most 400 kHz).
const START_KHZ: u32 = 400;

// The ESP32-C3 ROM's cache and MMU routines (`esp32c3.rom.ld`, through esp-rom-sys; their
// signatures as ESP-IDF declares them in `esp32c3/rom/cache.h`).
extern "C" {
    fn Cache_Suspend_ICache() -> u32;
    fn Cache_Resume_ICache(autoload: u32);
    fn Cache_Dbus_MMU_Set(
        ext_ram: u32,
        vaddr: u32,
        paddr: u32,
        psize: u32,
        num: u32,
        fixed: u32,
    ) -> i32;
    fn Cache_Invalidate_Addr(addr: u32, size: u32);
}

/// `ext_ram` for flash pages (ESP-IDF `MMU_ACCESS_FLASH` on the C3).
const MMU_ACCESS_FLASH: u32 = 0;

/// Maps the book region's flash into the data bus at [`BOOK_ADDRESS`] and drops what the cache
/// held of those addresses, so that reads there see the flash as it is now. Runs from RAM: the
/// cache, through which code in flash is fetched, is suspended while the MMU changes.
#[esp_hal::ram]
fn map_book_region() -> bool {
    // SAFETY: the entries set are above esp-hal's 4 MiB of IROM and DROM (flash_map's tests),
    // so no code or data of the firmware moves; this function and the ROM run without the
    // cache.
    unsafe {
        let autoload = Cache_Suspend_ICache();
        let status = Cache_Dbus_MMU_Set(
            MMU_ACCESS_FLASH,
            BOOK_ADDRESS,
            BOOK_OFFSET,
            MMU_PAGE / 1024,
            BOOK_MMU_PAGES,
            0,
        );
        Cache_Resume_ICache(autoload);
        Cache_Invalidate_Addr(BOOK_ADDRESS, BOOK_MMU_PAGES * MMU_PAGE);
        status == 0
    }
}

/// The library in the region's first `len` bytes after its header, checked, as the memory map
/// shows it.
fn parse_mapped(data_offset: u32, len: u32) -> Option<Library<'static>> {
    if !map_book_region() {
        return None;
    }
    // SAFETY: the region is mapped at BOOK_ADDRESS for its whole length, for good (nothing
    // unmaps it), and nothing writes to it while the firmware runs after this.
    let bytes = unsafe {
        core::slice::from_raw_parts((BOOK_ADDRESS + data_offset) as *const u8, len as usize)
    };
    Library::parse(bytes).ok()
}

/// A clock for a card that is only read: files are never stamped.
struct NoClock;

impl TimeSource for NoClock {
    fn get_timestamp(&self) -> Timestamp {
        Timestamp {
            year_since_1970: 0,
            zero_indexed_month: 0,
            zero_indexed_day: 0,
            hours: 0,
            minutes: 0,
            seconds: 0,
        }
    }
}

/// A directory entry's modification time packed as FAT keeps it (date high, time low).
fn packed(time: &Timestamp) -> u32 {
    let date = (u32::from(time.year_since_1970.saturating_sub(10)) << 9)
        | (u32::from(time.zero_indexed_month + 1) << 5)
        | u32::from(time.zero_indexed_day + 1);
    let clock = (u32::from(time.hours) << 11)
        | (u32::from(time.minutes) << 5)
        | u32::from(time.seconds / 2);
    (date << 16) | clock
}

/// `stamp`'s 8.3 name as `BASE.EXT`, for opening it.
fn file_name<'a>(stamp: &FileStamp, out: &'a mut [u8; 12]) -> Option<&'a str> {
    let trim =
        |bytes: &[u8]| -> usize { bytes.iter().position(|&b| b == b' ').unwrap_or(bytes.len()) };
    let base = stamp.name.get(..8)?;
    let ext = stamp.name.get(8..11)?;
    let (base, ext) = (base.get(..trim(base))?, ext.get(..trim(ext))?);
    let len = base.len() + 1 + ext.len();
    out.get_mut(..base.len())?.copy_from_slice(base);
    *out.get_mut(base.len())? = b'.';
    out.get_mut(base.len() + 1..len)?.copy_from_slice(ext);
    core::str::from_utf8(out.get(..len)?).ok()
}

/// What the card gave: the library file it holds, if any, and whether it could be read.
enum Found {
    /// No card, an unreadable one, or no library file on it.
    Nothing,
    /// The library file, copied into the region uncommitted (not held already).
    Copied(FileStamp),
    /// The library file the region already holds.
    Held,
    /// The copy failed midway: nothing is committed.
    Failed,
}

/// Reads the card's library file into `region` (see the module docs). `spi` is the shared bus,
/// idle, with its own configuration `fast` to return to; `card_cs` the card's chip select.
fn from_card(
    spi: &RefCell<Spi<'_, Blocking>>,
    fast: &SpiConfig,
    card_cs: RawOutput,
    region: &mut LibraryCopy<esp_storage::FlashStorage<'_>>,
    held: Option<FileStamp>,
) -> Found {
    let slow = fast.with_frequency(Rate::from_khz(START_KHZ));
    {
        let mut bus = spi.borrow_mut();
        if bus.apply_config(&slow).is_err() || bus.write(&[0xFF; 10]).is_err() {
            return Found::Nothing;
        }
        let _ = bus.flush();
    }
    // The chip select cannot fail (`Infallible`).
    let Ok(device) = RefCellDevice::new(spi, card_cs, Delay::new());
    let volumes = VolumeManager::new(SdCard::new(device, Delay::new()), NoClock);
    // The card starts (in SPI mode, at 400 kHz) when the volume is first read.
    let volume = volumes.open_volume(VolumeIdx(0));
    if spi.borrow_mut().apply_config(fast).is_err() {
        return Found::Nothing;
    }
    let Ok(volume) = volume else {
        return Found::Nothing;
    };
    let Ok(root) = volume.open_root_dir() else {
        return Found::Nothing;
    };
    let capacity = region.capacity();
    let mut best: Option<FileStamp> = None;
    let listed = root.iterate_dir(|entry| {
        let stamp = FileStamp::new(
            entry.name.base_name(),
            entry.name.extension(),
            entry.size,
            packed(&entry.mtime),
        );
        let candidates = best.map(|b| (b, false)).into_iter();
        best = library_copy::pick(
            candidates.chain([(stamp, entry.attributes.is_directory())]),
            capacity,
        );
    });
    let (Ok(()), Some(stamp)) = (listed, best) else {
        return Found::Nothing;
    };
    if held == Some(stamp) {
        return Found::Held;
    }
    let mut name = [0; 12];
    let Some(name) = file_name(&stamp, &mut name) else {
        return Found::Nothing;
    };
    let Ok(file) = root.open_file_in_dir(name, Mode::ReadOnly) else {
        return Found::Nothing;
    };
    let copied = region.copy(&stamp, |_, buffer| file.read(buffer));
    match copied {
        Ok(()) => Found::Copied(stamp),
        Err(_) => Found::Failed,
    }
}

/// The library from the card, or the one copied from it before; see the module docs.
pub fn card_library(
    spi: &RefCell<Spi<'_, Blocking>>,
    fast: &SpiConfig,
    card_cs: RawOutput,
    flash: FLASH<'_>,
) -> ExtraLibrary<'static> {
    let storage = esp_storage::FlashStorage::new(flash);
    let Some(mut region) = LibraryCopy::new(storage, BOOK_OFFSET, BOOK_LEN) else {
        return ExtraLibrary::Absent;
    };
    let held = region.committed().ok().flatten();
    let data = region.data_offset();
    match from_card(spi, fast, card_cs, &mut region, held) {
        Found::Copied(stamp) => match parse_mapped(data, stamp.len) {
            Some(library) => {
                // Uncommitted, the copy is read this once and made again at the next start.
                let _ = region.commit(&stamp);
                ExtraLibrary::Read(library)
            }
            None => {
                let _ = region.forget();
                ExtraLibrary::Refused
            }
        },
        Found::Failed => ExtraLibrary::Absent,
        Found::Held | Found::Nothing => match held {
            None => ExtraLibrary::Absent,
            Some(stamp) => match parse_mapped(data, stamp.len) {
                Some(library) => ExtraLibrary::Read(library),
                None => {
                    // The flash under the copy changed: forget it.
                    let _ = region.forget();
                    ExtraLibrary::Refused
                }
            },
        },
    }
}
