//! The reader's saved state in a few sectors of a board's NOR flash.
//!
//! A board names the sectors (the Pico its flash's last two, which `memory.x` keeps the program
//! out of) and hands its flash in as an embedded-storage
//! [`MultiwriteNorFlash`]; [`FlashStorage`] offers exactly those sectors to the core's
//! [`Store`](moye::persist::Store) as a [`Storage`]: sector 0 of the storage is slot A, sector
//! 1 slot B.
//!
//! The [`Storage`] trait programs any byte range with NOR semantics (each byte becomes
//! `old & new`) and reads any range; a flash programs and reads in units of its own
//! ([`WRITE_SIZE`]: 256-byte pages through the RP2040's boot ROM, 4-byte words through
//! esp-storage; [`READ_SIZE`]). So [`FlashStorage`] splits a range at [`CHUNK`]-byte boundaries
//! ([`page_spans`]), widens each piece to the flash's units and fills what the data does not
//! cover with `0xFF`, which leaves those bytes as they are — hence *multiwrite*: the store
//! appends records after earlier ones, so a unit may be programmed again. Reads in units larger
//! than a byte go through the same [`CHUNK`]-byte buffer.
//!
//! [`WRITE_SIZE`]: embedded_storage::nor_flash::NorFlash::WRITE_SIZE
//! [`READ_SIZE`]: embedded_storage::nor_flash::ReadNorFlash::READ_SIZE

use core::fmt;
use core::ops::Range;

use embedded_storage::nor_flash::{MultiwriteNorFlash, NorFlashError};
use moye::persist::Storage;

/// Bytes moved per flash call, and the buffer on the stack that pads them: a 256-byte page
/// (the Pico's program unit). A flash's read and write units must divide it.
pub const CHUNK: usize = 256;

/// Why a [`FlashStorage`] access failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlashError<E> {
    /// The offset, length or sector lies outside the storage sectors.
    OutOfBounds,
    /// The flash itself failed.
    Flash(E),
}

impl<E: NorFlashError> fmt::Display for FlashError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlashError::OutOfBounds => f.write_str("flash storage access out of bounds"),
            FlashError::Flash(error) => write!(f, "flash: {}", error.kind()),
        }
    }
}

/// The part of one [`CHUNK`] that an access of `len` bytes at some offset covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageSpan {
    /// Offset of the chunk (a multiple of [`CHUNK`]).
    pub page: u32,
    /// Where in the chunk the data goes.
    pub within: Range<usize>,
    /// Which bytes of the data go there.
    pub data: Range<usize>,
}

impl PageSpan {
    /// The part of the chunk to hand the flash: [`within`](Self::within) widened to whole
    /// units of `unit` bytes (a divisor of [`CHUNK`]).
    pub fn widened(&self, unit: usize) -> Range<usize> {
        let unit = unit.max(1);
        self.within.start / unit * unit..self.within.end.div_ceil(unit) * unit
    }
}

/// The chunks an access of `len` bytes at `offset` touches, first to last, and which bytes go
/// where; nothing for `len == 0`.
pub fn page_spans(offset: u32, len: usize) -> impl Iterator<Item = PageSpan> {
    let chunk = CHUNK as u32;
    let mut done = 0usize;
    core::iter::from_fn(move || {
        if done >= len {
            return None;
        }
        let at = offset + done as u32;
        let page = at - at % chunk;
        let start = (at - page) as usize;
        let count = (CHUNK - start).min(len - done);
        let span = PageSpan {
            page,
            within: start..start + count,
            data: done..done + count,
        };
        done += count;
        Some(span)
    })
}

/// Sectors of a NOR flash as a [`Storage`] for the core's [`Store`](moye::persist::Store).
#[derive(Debug)]
pub struct FlashStorage<F> {
    flash: F,
    /// Flash offset of the first sector.
    start: u32,
    /// Number of sectors.
    sectors: u32,
}

impl<F: MultiwriteNorFlash> FlashStorage<F> {
    /// `sectors` erase sectors of `flash` from flash offset `start`, or `None` unless `start` is
    /// sector-aligned, they all lie within the flash, and its read and write units divide
    /// [`CHUNK`].
    pub fn new(flash: F, start: u32, sectors: u32) -> Option<Self> {
        let sector = u32::try_from(F::ERASE_SIZE).ok().filter(|&size| size > 0)?;
        let end = sectors
            .checked_mul(sector)
            .and_then(|len| start.checked_add(len))?;
        let divides = |unit: usize| unit > 0 && CHUNK % unit == 0;
        let fits = start % sector == 0
            && end as usize <= flash.capacity()
            && divides(F::WRITE_SIZE)
            && divides(F::READ_SIZE);
        fits.then_some(FlashStorage {
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

impl<F: MultiwriteNorFlash> Storage for FlashStorage<F> {
    type Error = FlashError<F::Error>;

    fn sector_size(&self) -> usize {
        F::ERASE_SIZE
    }

    fn capacity(&self) -> usize {
        self.sectors as usize * F::ERASE_SIZE
    }

    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), Self::Error> {
        let at = self.locate(offset, buf.len())?;
        if F::READ_SIZE == 1 {
            return self.flash.read(at, buf).map_err(FlashError::Flash);
        }
        let mut chunk = [0; CHUNK];
        for span in page_spans(at, buf.len()) {
            let units = span.widened(F::READ_SIZE);
            let (Some(from), Some(to)) = (chunk.get_mut(units.clone()), buf.get_mut(span.data))
            else {
                return Err(FlashError::OutOfBounds);
            };
            self.flash
                .read(span.page + units.start as u32, from)
                .map_err(FlashError::Flash)?;
            let Some(read) = chunk.get(span.within) else {
                return Err(FlashError::OutOfBounds);
            };
            to.copy_from_slice(read);
        }
        Ok(())
    }

    fn erase(&mut self, sector: usize) -> Result<(), Self::Error> {
        let size = F::ERASE_SIZE as u32;
        let sector = u32::try_from(sector)
            .ok()
            .filter(|&sector| sector < self.sectors)
            .ok_or(FlashError::OutOfBounds)?;
        let from = self.start + sector * size;
        self.flash
            .erase(from, from + size)
            .map_err(FlashError::Flash)
    }

    fn program(&mut self, offset: usize, data: &[u8]) -> Result<(), Self::Error> {
        let at = self.locate(offset, data.len())?;
        let mut chunk = [0xFF; CHUNK];
        for span in page_spans(at, data.len()) {
            chunk.fill(0xFF);
            let units = span.widened(F::WRITE_SIZE);
            let (Some(to), Some(from)) = (chunk.get_mut(span.within), data.get(span.data)) else {
                return Err(FlashError::OutOfBounds);
            };
            to.copy_from_slice(from);
            let Some(write) = chunk.get(units.clone()) else {
                return Err(FlashError::OutOfBounds);
            };
            self.flash
                .write(span.page + units.start as u32, write)
                .map_err(FlashError::Flash)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Chip;
    use moye::persist::{Bookmark, State, Store, MAX_RECORD_LEN};
    use moye::Position;

    /// A 64 KiB chip with the storage in its last two sectors.
    const CHIP: usize = 64 * 1024;
    const START: u32 = (CHIP - 2 * 4096) as u32;

    fn storage() -> FlashStorage<Chip> {
        FlashStorage::new(Chip::new(CHIP), START, 2).unwrap()
    }

    #[test]
    fn the_storage_is_its_sectors_and_nothing_else() {
        let mut storage = storage();
        assert_eq!(storage.capacity(), 8192);
        assert_eq!(storage.sector_size(), 4096);
        storage.erase(0).unwrap();
        storage.erase(1).unwrap();
        assert_eq!(storage.erase(2), Err(FlashError::OutOfBounds));
        let chip = storage.into_inner();
        assert_eq!(chip.erases, vec![START, START + 4096]);
        // The sector before the storage is untouched.
        let before = START as usize - 4096..START as usize;
        assert!(chip.bytes[before].iter().all(|&b| b == 0xA5));
    }

    #[test]
    fn page_spans_split_at_chunk_boundaries() {
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
    fn spans_widen_to_the_flashs_units() {
        let span = PageSpan {
            page: 0,
            within: 5..14,
            data: 0..9,
        };
        assert_eq!(span.widened(1), 5..14);
        assert_eq!(span.widened(4), 4..16);
        assert_eq!(span.widened(256), 0..256);
    }

    #[test]
    fn programs_pad_pages_and_clear_only_bits() {
        let mut storage = storage();
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
            vec![START, START + 0x100, START + 0x200, START]
        );
    }

    #[test]
    fn word_flashes_get_whole_words_for_any_range() {
        // esp-storage's units: 4-byte reads and writes.
        let mut storage = FlashStorage::new(Chip::<4, 4>::new(CHIP), START, 2).unwrap();
        storage.erase(0).unwrap();
        let data: Vec<u8> = (0..300u32).map(|i| (i * 11 + 3) as u8).collect();
        storage.program(0xF1, &data).unwrap();
        storage.program(0x21D, &[0x12, 0x34, 0x56]).unwrap();
        let chip = storage.into_inner();
        // The chunks of 0xF1..0x21D, widened to words: 0xF0..0x100, 0x100..0x200, 0x200..0x220.
        assert_eq!(
            chip.programs,
            vec![START + 0xF0, START + 0x100, START + 0x200, START + 0x21C]
        );
        let mut storage = FlashStorage::new(chip, START, 2).unwrap();
        for (offset, len) in [(0xF1usize, 300usize), (0xF3, 1), (0x1FF, 3), (0x21D, 3)] {
            let mut back = vec![0u8; len];
            storage.read(offset, &mut back).unwrap();
            let expected: Vec<u8> = (offset..offset + len)
                .map(|i| match i {
                    0xF1..0x21D => data[i - 0xF1],
                    0x21D => 0x12,
                    0x21E => 0x34,
                    0x21F => 0x56,
                    _ => 0xFF,
                })
                .collect();
            assert_eq!(back, expected, "{len} bytes at {offset:#x}");
        }
    }

    #[test]
    fn accesses_past_the_storage_are_refused_before_touching_the_flash() {
        let mut storage = storage();
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
        assert!(FlashStorage::new(Chip::<256>::new(CHIP), 0x1000, 2).is_some());
        assert!(FlashStorage::new(Chip::<256>::new(CHIP), 0x1001, 2).is_none());
        assert!(FlashStorage::new(Chip::<256>::new(CHIP), CHIP as u32 - 4096, 2).is_none());
        assert!(FlashStorage::new(Chip::<256>::new(CHIP), 0, u32::MAX).is_none());
        // A program unit that does not divide the chunk cannot be padded.
        assert!(FlashStorage::new(Chip::<512>::new(CHIP), 0, 2).is_none());
        assert!(FlashStorage::new(Chip::<4, 3>::new(CHIP), 0, 2).is_none());
    }

    #[test]
    fn flash_errors_say_what_failed() {
        let error: FlashError<embedded_storage::nor_flash::NorFlashErrorKind> =
            FlashError::Flash(embedded_storage::nor_flash::NorFlashErrorKind::NotAligned);
        assert!(error.to_string().starts_with("flash: "));
        let out: FlashError<core::convert::Infallible> = FlashError::OutOfBounds;
        assert_eq!(out.to_string(), "flash storage access out of bounds");
    }

    fn save_and_reload<F: MultiwriteNorFlash>(flash: F) -> F {
        let mut storage = FlashStorage::new(flash, START, 2).unwrap();
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
        for offset in 0..40 {
            state.set_position(0xB00C, Position::new(9, offset));
            store.save(&state, &mut buf).unwrap();
        }
        // A restart: a new store over the same flash finds the last state.
        let flash = storage.into_inner();
        let mut storage = FlashStorage::new(flash, START, 2).unwrap();
        let mut store = Store::new(&mut storage).unwrap();
        assert_eq!(store.load(&mut buf).unwrap(), state);
        storage.into_inner()
    }

    /// A chip holding the states saved one after the other in `states`.
    fn saved<const W: usize, const R: usize>(states: &[State]) -> Chip<W, R> {
        let mut storage = FlashStorage::new(Chip::<W, R>::new(CHIP), START, 2).unwrap();
        let mut buf = [0u8; MAX_RECORD_LEN];
        let mut store = Store::new(&mut storage).unwrap();
        for state in states {
            store.save(state, &mut buf).unwrap();
        }
        storage.into_inner()
    }

    fn load<const W: usize, const R: usize>(chip: Chip<W, R>) -> (State, Chip<W, R>) {
        let mut storage = FlashStorage::new(chip, START, 2).unwrap();
        let mut buf = [0u8; MAX_RECORD_LEN];
        let state = Store::new(&mut storage).unwrap().load(&mut buf).unwrap();
        (state, storage.into_inner())
    }

    /// Saves `new` over `chip` (holding `old`), cutting the power after every possible number
    /// of write units; after each cut a reboot loads `old` (or `new`, once the save is whole),
    /// and saving again gives `new`. Returns how many cut points were tried.
    fn cut_at_every_unit<const W: usize, const R: usize>(
        chip: &Chip<W, R>,
        old: &State,
        new: &State,
    ) -> usize {
        let mut buf = [0u8; MAX_RECORD_LEN];
        let total = {
            let mut whole = FlashStorage::new(chip.clone(), START, 2).unwrap();
            Store::new(&mut whole).unwrap().save(new, &mut buf).unwrap();
            whole.into_inner().write_units() - chip.write_units()
        };
        for k in 0..=total {
            let mut cut = chip.clone();
            cut.cut_power_after(k);
            let mut storage = FlashStorage::new(cut, START, 2).unwrap();
            let saved = Store::new(&mut storage).unwrap().save(new, &mut buf);
            let mut cut = storage.into_inner();
            cut.restore_power();
            assert_eq!(saved.is_ok(), k == total, "cut after {k} of {total} units");
            let (loaded, cut) = load(cut);
            let expected = if k < total { old } else { new };
            assert_eq!(&loaded, expected, "cut after {k} of {total} units");
            let mut storage = FlashStorage::new(cut, START, 2).unwrap();
            Store::new(&mut storage)
                .unwrap()
                .save(new, &mut buf)
                .unwrap();
            let (again, _) = load(storage.into_inner());
            assert_eq!(&again, new, "saved again after a cut at {k}");
        }
        total + 1
    }

    /// A reader's state with `n` as its place, and a bookmark once `n` is odd.
    fn state(n: u16) -> State {
        let mut state = State {
            last_book: Some(7),
            ..State::default()
        };
        state.set_position(7, Position::new(n, n.wrapping_mul(3)));
        if n % 2 == 1 {
            state
                .add_bookmark(Bookmark {
                    book: 7,
                    position: Position::new(n, 0),
                })
                .unwrap();
        }
        state
    }

    #[test]
    fn a_power_cut_at_any_write_unit_loses_at_most_that_save_in_pages_and_in_words() {
        // The first save (erasing the chip's first contents), saves appended to a slot, and
        // saves that must erase a full slot first.
        let mut tried = 0;
        for before in [0u16, 1, 2, 3, 170, 171] {
            let history: Vec<State> = (0..before).map(state).collect();
            let old = history.last().cloned().unwrap_or_default();
            let new = state(before + 1000);
            tried += cut_at_every_unit(&saved::<256, 1>(&history), &old, &new);
            tried += cut_at_every_unit(&saved::<4, 4>(&history), &old, &new);
        }
        println!("{tried} power cuts, each followed by a reboot and a retry");
        assert!(tried > 100, "{tried} cut points");
    }

    #[test]
    fn the_core_store_saves_and_loads_through_it_in_pages_and_in_words() {
        let chip = save_and_reload(Chip::<256, 1>::new(CHIP));
        assert!(chip.erases.iter().all(|&at| at >= START));
        assert!(chip.programs.iter().all(|&at| at >= START));
        assert!(chip.bytes[..START as usize].iter().all(|&b| b == 0xA5));
        let chip = save_and_reload(Chip::<4, 4>::new(CHIP));
        assert!(chip.programs.iter().all(|&at| at >= START));
        assert!(chip.bytes[..START as usize].iter().all(|&b| b == 0xA5));
    }
}
