//! Books from the microSD card: its library files, copied once into the flash's book region
//! and read in place through the flash's memory map.
//!
//! At start, before the reader: the card is woken on the shared SPI bus (80 clocks at 400 kHz
//! with no chip selected, then its SPI-mode start at 400 kHz through embedded-sdmmc, then the
//! bus back at full speed), its FAT root listed, and the library files chosen by moye-board's
//! `library_copy::Picker` (the first three `*.moye` by name, 8.3 names `*.MOY`, that fit the
//! region). [`LibraryCopy::update`] keeps the files the region holds already (by name, length
//! and modification time), copies the others after them, and checks each with
//! [`Library::parse`] where it lies once the region is mapped ([`map_book_region`]); only a
//! library that passes is entered in the region's catalogue. A refused file gives the refusal
//! notice beside the others' books; no card, or an unreadable one, leaves the copies held
//! before (the books stay readable without the card). A failure mid-copy keeps the files
//! copied before it (see moye-board's `library_copy`). The card is read only here; it is sent
//! CMD0 after, which puts it to rest ([`card_idle`]). While files are copied the caller shows
//! how far (moye-board's `CopyScreen`).

use core::cell::RefCell;

use embedded_hal::spi::SpiBus;
use embedded_hal_bus::spi::RefCellDevice;
use embedded_sdmmc::{
    BlockDevice, Directory, Mode, SdCard, TimeSource, Timestamp, VolumeIdx, VolumeManager,
};
use esp_hal::delay::Delay;
use esp_hal::peripherals::FLASH;
use esp_hal::spi::master::{Config as SpiConfig, Spi};
use esp_hal::time::Rate;
use esp_hal::Blocking;
use moye::format::Library;
use moye::ui::CopyProgress;
use moye_board::copy_screen;
use moye_board::library_copy::{FileStamp, LibraryCopy, Picked, Update};
use moye_board::reader::ExtraLibraries;
use moye_x4::card_idle;
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

/// The library in the `len` bytes at `offset` from the region's start, checked, as the memory
/// map shows it (mapped by [`map_book_region`] first).
fn parse_mapped(offset: u32, len: u32) -> Option<Library<'static>> {
    let end = offset.checked_add(len)?;
    if end > BOOK_LEN {
        return None;
    }
    // SAFETY: the region is mapped at BOOK_ADDRESS for its whole length, for good (nothing
    // unmaps it), and nothing writes to a library's bytes once it is checked: later copies
    // go past the files kept.
    let bytes =
        unsafe { core::slice::from_raw_parts((BOOK_ADDRESS + offset) as *const u8, len as usize) };
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

/// Lists the card's root and picks its library files; `None` without a readable card.
fn pick_files<D, T, const DIRS: usize, const FILES: usize, const VOLUMES: usize>(
    root: &Directory<'_, D, T, DIRS, FILES, VOLUMES>,
    region: &LibraryCopy<esp_storage::FlashStorage<'_>>,
) -> Option<Picked>
where
    D: BlockDevice,
    T: TimeSource,
{
    let mut picker = region.picker();
    root.iterate_dir(|entry| {
        let stamp = FileStamp::new(
            entry.name.base_name(),
            entry.name.extension(),
            entry.size,
            packed(&entry.mtime),
        );
        picker.offer(stamp, entry.attributes.is_directory());
    })
    .ok()?;
    Some(picker.picked())
}

/// The card's library files brought into the region (see [`LibraryCopy::update`]); `None` if
/// the card cannot be read as far as its root directory.
fn read_card<D, T, const DIRS: usize, const FILES: usize, const VOLUMES: usize, L>(
    volumes: &VolumeManager<D, T, DIRS, FILES, VOLUMES>,
    spi: &RefCell<Spi<'_, Blocking>>,
    fast: &SpiConfig,
    region: &mut LibraryCopy<esp_storage::FlashStorage<'_>>,
    check: impl FnMut(&mut esp_storage::FlashStorage<'_>, u32, u32) -> Option<L>,
    mut progress: impl FnMut(CopyProgress),
) -> Option<Update<L>>
where
    D: BlockDevice,
    T: TimeSource,
{
    // The card starts (in SPI mode, at 400 kHz) when the volume is first read.
    let volume = volumes.open_volume(VolumeIdx(0));
    spi.borrow_mut().apply_config(fast).ok()?;
    let volume = volume.ok()?;
    let root = volume.open_root_dir().ok()?;
    let picked = pick_files(&root, region)?;
    // One file open at a time, read from its start to its end.
    let mut open = None;
    let read = |i: usize, offset: u32, buffer: &mut [u8]| -> Result<usize, ()> {
        // Only the files copied are read, each from its start to its end.
        if let Some(stamp) = picked.iter().nth(i) {
            progress(copy_screen::progress(i, picked.len(), offset, stamp.len));
        }
        if !matches!(&open, Some((at, _)) if *at == i) {
            // The file before is closed (dropped) first.
            open = None;
            let stamp = picked.iter().nth(i).ok_or(())?;
            let mut name = [0; 12];
            let name = file_name(stamp, &mut name).ok_or(())?;
            let file = root
                .open_file_in_dir(name, Mode::ReadOnly)
                .map_err(|_| ())?;
            open = Some((i, file));
        }
        let (_, file) = open.as_ref().ok_or(())?;
        file.read(buffer).map_err(|_| ())
    };
    Some(region.update(Some(&picked), read, check))
}

/// The libraries from the card, or the ones copied from it before; see the module docs.
/// `spi` is the shared bus, idle, with its own configuration `fast` to return to; `card_cs`
/// the card's chip select; `progress` hears how far each file copied has got.
pub fn card_libraries(
    spi: &RefCell<Spi<'_, Blocking>>,
    fast: &SpiConfig,
    card_cs: RawOutput,
    flash: FLASH<'_>,
    progress: impl FnMut(CopyProgress),
) -> ExtraLibraries<'static> {
    let storage = esp_storage::FlashStorage::new(flash);
    let Some(mut region) = LibraryCopy::new(storage, BOOK_OFFSET, BOOK_LEN) else {
        return ExtraLibraries::NONE;
    };
    // Each check maps the region afresh, dropping what the cache held of it, as a copy may
    // just have changed its bytes; the bytes of a library once checked are not written again
    // (later copies go past it), so the libraries already read stay valid.
    let check = |_: &mut esp_storage::FlashStorage<'_>, offset: u32, len: u32| {
        if !map_book_region() {
            return None;
        }
        parse_mapped(offset, len)
    };
    let slow = fast.with_frequency(Rate::from_khz(START_KHZ));
    let woke = {
        let mut bus = spi.borrow_mut();
        let woke = bus.apply_config(&slow).is_ok() && bus.write(&[0xFF; 10]).is_ok();
        let _ = bus.flush();
        woke
    };
    let no_card = |region: &mut LibraryCopy<_>| {
        let never = |_: usize, _: u32, _: &mut [u8]| Ok::<usize, ()>(0);
        let update = region.update(None, never, check);
        ExtraLibraries {
            libraries: update.libraries,
            refused: update.refused,
        }
    };
    if !woke {
        return no_card(&mut region);
    }
    // The chip select cannot fail (`Infallible`).
    let Ok(device) = RefCellDevice::new(spi, card_cs, Delay::new());
    let volumes = VolumeManager::new(SdCard::new(device, Delay::new()), NoClock);
    let update = read_card(&volumes, spi, fast, &mut region, check, progress);
    // Nothing reads the card again: put it to rest (CMD0), for the whole reading and sleep.
    let (card, _) = volumes.free();
    let _ = card.spi(card_idle::go_idle);
    let Some(update) = update else {
        return no_card(&mut region);
    };
    ExtraLibraries {
        libraries: update.libraries,
        refused: update.refused,
    }
}
