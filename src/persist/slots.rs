//! Two flash sectors, slot A and slot B, that take turns holding the record, so that a power
//! cut during a save leaves the previous record intact.
//!
//! # On-flash layout
//!
//! Slot A is sector 0 of the [`Storage`], slot B sector 1. A slot holds *entries* one after the
//! other from its first byte, each a 24-byte header followed by a record ([`State::encode`]);
//! the rest of the sector stays erased (`0xFF`). Integers are little-endian.
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 4 | magic `MYST` |
//! | 4 | 2 | slot layout version, 1 ([`LAYOUT_VERSION`]) |
//! | 6 | 2 | payload length in bytes |
//! | 8 | 4 | sequence number |
//! | 12 | 4 | CRC-32/IEEE of the payload |
//! | 16 | 4 | CRC-32/IEEE of bytes 0..16 |
//! | 20 | 4 | commit word `DONE`, written last |
//! | 24 | length | payload: the record |
//!
//! An entry's header is *whole* when its magic, layout version, header CRC and commit word match
//! and its length fits the sector; the entry is *valid* when its payload also matches the
//! payload CRC. Reading a slot walks its whole headers from the start (the next entry begins
//! right after a payload) and stops at the first header that is not whole; the slot's record
//! is its last valid entry. The record of the slot with the newer sequence number (compared
//! modulo 2³², so the counter may wrap) is the stored state; with none it is
//! [`State::default`]. A valid entry whose record cannot be decoded (another format version)
//! also gives the defaults.
//!
//! # Saving, and why a power cut cannot hurt
//!
//! [`Store::save`] writes the slot that does *not* hold the newest record, with the sequence
//! number one past the newest. If everything after that slot's last whole entry is erased and
//! the new entry fits there, the entry is appended; otherwise the sector is erased first and
//! the entry goes to its start. So the two slots still take turns, but a sector is erased only
//! when it is full — a 4 KiB sector holds 85 records of a reader without bookmarks (24 bytes) —
//! which spares the flash (a sector endures some 100 000 erases) and the 50 ms an erase stalls
//! a microcontroller. The entry is written in this order:
//!
//! 1. (when the slot is full or its free space is not clean) erase the sector;
//! 2. program the payload;
//! 3. program header bytes 0..20 (magic to header CRC);
//! 4. program the commit word.
//!
//! The newest slot is never touched, so until step 4 completes it still holds the newest
//! record: a cut anywhere before leaves the new entry's header not whole (erased, unwritten or
//! without its commit word), so the walk stops there, and the target slot's record is older
//! than the newest. The commit word can only read `DONE` once all its bytes were programmed,
//! after everything before it, so once it does the new record is complete and newer. A cut
//! loses at most that last save; the torn entry is cleared by the erase of the slot's next
//! save, since free space that is not erased is never written. The checksums cover what the
//! power-cut model does not: half-programmed bits, decay, garbage.
//!
//! Saving a state equal to the stored one writes nothing.
//!
//! Beyond the model: a cut in the middle of an erase or a program can leave cells that read
//! `0xFF` now and flip later. An entry appended onto such cells may later fail its checks;
//! then that slot's walk stops there, and the other slot's record — at most one save older
//! than the newest, since the slots take turns — loads.

use core::fmt;

use super::record::{State, MAX_RECORD_LEN};
use super::storage::Storage;
use crate::format::wire::{crc32, Crc32};

/// Magic at the start of every slot.
pub const MAGIC: [u8; 4] = *b"MYST";
/// Version of the slot layout described in the module docs.
pub const LAYOUT_VERSION: u16 = 1;
/// Written last: a slot without it was never completed.
pub const COMMIT: [u8; 4] = *b"DONE";
/// Bytes before the payload.
pub const HEADER_LEN: usize = field::PAYLOAD;
/// The smallest sector the store accepts: a header and the longest record.
pub const MIN_SECTOR_SIZE: usize = HEADER_LEN + MAX_RECORD_LEN;

const _: () = assert!(
    MIN_SECTOR_SIZE <= 4096,
    "the record must fit a 4 KiB sector"
);

/// Byte ranges of the slot header.
mod field {
    /// A range of header bytes.
    pub type Field = core::ops::Range<usize>;

    pub const MAGIC: Field = 0..4;
    pub const VERSION: Field = 4..6;
    pub const LENGTH: Field = 6..8;
    pub const SEQUENCE: Field = 8..12;
    pub const PAYLOAD_CRC: Field = 12..16;
    /// The bytes the header CRC covers.
    pub const CHECKED: Field = 0..16;
    pub const HEADER_CRC: Field = 16..20;
    pub const COMMIT: Field = 20..24;
    pub const PAYLOAD: usize = 24;
}

/// One of the two slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    /// Sector 0.
    A,
    /// Sector 1.
    B,
}

impl Slot {
    /// The other slot.
    pub const fn other(self) -> Slot {
        match self {
            Slot::A => Slot::B,
            Slot::B => Slot::A,
        }
    }

    /// The sector the slot occupies.
    pub const fn sector(self) -> usize {
        match self {
            Slot::A => 0,
            Slot::B => 1,
        }
    }
}

/// What [`Store::save`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    /// The state equals the stored one; nothing was written.
    Unchanged,
    /// The state was written to `slot` with sequence number `sequence`.
    Written {
        /// The slot written.
        slot: Slot,
        /// Its new sequence number.
        sequence: u32,
    },
}

/// What can go wrong when loading or saving.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreError<E> {
    /// The storage failed; a save may have been cut short, the stored state is the old one.
    Storage(E),
    /// The storage has fewer than two sectors, or sectors under [`MIN_SECTOR_SIZE`] bytes.
    Geometry,
    /// The caller's buffer is shorter than [`MAX_RECORD_LEN`].
    BufferTooSmall,
    /// The slot just written does not read back valid (worn-out flash?); the old state stands.
    Verify,
}

impl<E: fmt::Display> fmt::Display for StoreError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Storage(e) => write!(f, "storage error: {e}"),
            StoreError::Geometry => f.write_str("storage too small for two record slots"),
            StoreError::BufferTooSmall => f.write_str("buffer too small for a record"),
            StoreError::Verify => f.write_str("record did not read back valid"),
        }
    }
}

#[cfg(feature = "std")]
impl<E: fmt::Debug + fmt::Display> std::error::Error for StoreError<E> {}

/// A valid entry, as found by [`Store::walk`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SlotInfo {
    slot: Slot,
    /// Storage offset of the entry's header.
    offset: usize,
    sequence: u32,
    length: usize,
    payload_crc: u32,
}

/// What a walk through one slot found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SlotScan {
    /// The slot's last valid entry.
    record: Option<SlotInfo>,
    /// Where a new entry may go without an erase: the end of the last whole entry, when
    /// everything from there to the end of the sector is erased.
    free_from: Option<usize>,
}

/// An entry's header, read.
enum Header {
    /// All `0xFF`: no entry starts here (the bytes after it may still not be erased).
    Erased,
    /// Not whole: torn by a power cut, damaged, or not ours.
    Broken,
    /// Whole: the entry's sequence number, payload length and payload CRC.
    Whole {
        sequence: u32,
        length: usize,
        payload_crc: u32,
    },
}

/// What the store knows about the slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Newest {
    /// Not scanned yet, or a write failed part-way.
    Unknown,
    /// Neither slot is valid.
    Empty,
    /// This slot holds the newest record.
    Slot(SlotInfo),
}

/// Whether sequence number `a` comes after `b`, modulo 2³² (serial number arithmetic).
const fn is_newer(a: u32, b: u32) -> bool {
    let ahead = a.wrapping_sub(b);
    ahead != 0 && ahead < 0x8000_0000
}

fn get_field<const L: usize>(header: &[u8], range: field::Field) -> [u8; L] {
    header
        .get(range)
        .and_then(|bytes| <[u8; L]>::try_from(bytes).ok())
        .unwrap_or([0; L])
}

fn put_field(header: &mut [u8], range: field::Field, value: &[u8]) {
    if let Some(bytes) = header.get_mut(range) {
        for (byte, &new) in bytes.iter_mut().zip(value) {
            *byte = new;
        }
    }
}

/// The state, kept in two slots of a [`Storage`] (see the module docs for the layout).
///
/// Both [`load`](Store::load) and [`save`](Store::save) take a caller-owned buffer of at least
/// [`MAX_RECORD_LEN`] bytes; the store itself holds no record.
///
/// ```
/// use moye::persist::{RamStorage, Saved, State, Store, MAX_RECORD_LEN};
///
/// let mut flash = RamStorage::<8192>::new();
/// let mut buf = [0u8; MAX_RECORD_LEN];
/// let mut store = Store::new(&mut flash).unwrap();
/// let mut state = store.load(&mut buf).unwrap(); // blank flash: the defaults
/// state.settings.hanging_punctuation = true;
/// assert!(matches!(store.save(&state, &mut buf), Ok(Saved::Written { .. })));
/// assert_eq!(store.save(&state, &mut buf), Ok(Saved::Unchanged));
///
/// let mut rebooted = Store::new(&mut flash).unwrap();
/// assert_eq!(rebooted.load(&mut buf).unwrap(), state);
/// ```
#[derive(Debug)]
pub struct Store<S: Storage> {
    storage: S,
    newest: Newest,
}

impl<S: Storage> Store<S> {
    /// A store over the first two sectors of `storage`; reads nothing yet.
    pub fn new(storage: S) -> Result<Self, StoreError<S::Error>> {
        let sector = storage.sector_size();
        let two = sector.checked_mul(2).ok_or(StoreError::Geometry)?;
        if sector < MIN_SECTOR_SIZE || storage.capacity() < two {
            return Err(StoreError::Geometry);
        }
        Ok(Store {
            storage,
            newest: Newest::Unknown,
        })
    }

    /// Reads the stored state: the record of the newest valid slot, or the defaults when there
    /// is none or it cannot be decoded. Corruption is not an error; only the storage failing is.
    pub fn load(&mut self, buf: &mut [u8]) -> Result<State, StoreError<S::Error>> {
        if buf.len() < MAX_RECORD_LEN {
            return Err(StoreError::BufferTooSmall);
        }
        self.newest = self.scan()?;
        let Newest::Slot(info) = self.newest else {
            return Ok(State::default());
        };
        // A record longer than this firmware can write belongs to another format version.
        let Some(payload) = buf.get_mut(..info.length) else {
            return Ok(State::default());
        };
        self.read(info.offset + HEADER_LEN, payload)?;
        Ok(State::decode_or_default(payload))
    }

    /// Saves `state` into the slot not holding the newest record, with the next sequence
    /// number, unless it equals the stored state: appended after the slot's entries if they
    /// leave room, else into the erased sector. On an error the stored state is the old one
    /// or, if the cut came after the commit word, the new one.
    pub fn save(&mut self, state: &State, buf: &mut [u8]) -> Result<Saved, StoreError<S::Error>> {
        if buf.len() < MAX_RECORD_LEN {
            return Err(StoreError::BufferTooSmall);
        }
        if self.newest == Newest::Unknown {
            self.newest = self.scan()?;
        }
        let payload = state.encode(buf).map_err(|_| StoreError::BufferTooSmall)?;
        let (slot, sequence) = match self.newest {
            Newest::Slot(info) => {
                if info.length == payload.len()
                    && info.payload_crc == crc32(payload)
                    && self.payload_equals(info.offset + HEADER_LEN, payload)?
                {
                    return Ok(Saved::Unchanged);
                }
                (info.slot.other(), info.sequence.wrapping_add(1))
            }
            Newest::Unknown | Newest::Empty => (Slot::A, 0),
        };
        let free_from = self.walk(slot)?.free_from;
        let end = self.slot_offset(slot) + self.storage.sector_size();
        let offset = match free_from {
            Some(offset) if offset + HEADER_LEN + payload.len() <= end => offset,
            _ => {
                // The target never holds the newest record, so erasing it leaves `newest` true.
                self.storage
                    .erase(slot.sector())
                    .map_err(StoreError::Storage)?;
                self.slot_offset(slot)
            }
        };
        self.write_entry(slot, offset, sequence, payload)?;
        Ok(Saved::Written { slot, sequence })
    }

    /// The slot holding the newest record and its sequence number, when known (after a load or
    /// a save) and there is one.
    pub fn newest(&self) -> Option<(Slot, u32)> {
        match self.newest {
            Newest::Slot(info) => Some((info.slot, info.sequence)),
            Newest::Unknown | Newest::Empty => None,
        }
    }

    /// The storage.
    pub fn storage(&self) -> &S {
        &self.storage
    }

    /// The storage, for changes behind the store's back; the store rescans before its next save.
    pub fn storage_mut(&mut self) -> &mut S {
        self.newest = Newest::Unknown;
        &mut self.storage
    }

    /// Gives the storage back.
    pub fn into_inner(self) -> S {
        self.storage
    }

    /// Writes an entry into erased bytes of `slot` at `offset`, commit word last, then checks
    /// it reads back.
    fn write_entry(
        &mut self,
        slot: Slot,
        offset: usize,
        sequence: u32,
        payload: &[u8],
    ) -> Result<(), StoreError<S::Error>> {
        let length = u16::try_from(payload.len()).map_err(|_| StoreError::BufferTooSmall)?;
        let payload_crc = crc32(payload);
        let mut header = [0xFF; HEADER_LEN];
        put_field(&mut header, field::MAGIC, &MAGIC);
        put_field(&mut header, field::VERSION, &LAYOUT_VERSION.to_le_bytes());
        put_field(&mut header, field::LENGTH, &length.to_le_bytes());
        put_field(&mut header, field::SEQUENCE, &sequence.to_le_bytes());
        put_field(&mut header, field::PAYLOAD_CRC, &payload_crc.to_le_bytes());
        let header_crc = crc32(header.get(field::CHECKED).unwrap_or_default());
        put_field(&mut header, field::HEADER_CRC, &header_crc.to_le_bytes());

        // Until the commit word is complete the other slot stays the newest.
        self.newest = Newest::Unknown;
        self.program(offset + HEADER_LEN, payload)?;
        self.program(
            offset,
            header.get(..field::COMMIT.start).unwrap_or_default(),
        )?;
        self.program(offset + field::COMMIT.start, &COMMIT)?;

        // The entries before it have whole headers (they led here), so reading it back alone
        // shows the slot's walk will end on it.
        let end = self.slot_offset(slot) + self.storage.sector_size();
        let reads_back = match self.header_at(offset, end)? {
            Header::Whole {
                sequence: stored_sequence,
                length: stored_length,
                payload_crc: stored_crc,
            } => {
                (stored_sequence, stored_length, stored_crc)
                    == (sequence, payload.len(), payload_crc)
                    && self.payload_crc(offset + HEADER_LEN, stored_length)? == payload_crc
            }
            Header::Erased | Header::Broken => false,
        };
        if !reads_back {
            return Err(StoreError::Verify);
        }
        self.newest = Newest::Slot(SlotInfo {
            slot,
            offset,
            sequence,
            length: payload.len(),
            payload_crc,
        });
        Ok(())
    }

    /// Finds the newest record of the two slots.
    fn scan(&mut self) -> Result<Newest, StoreError<S::Error>> {
        let a = self.walk(Slot::A)?.record;
        let b = self.walk(Slot::B)?.record;
        Ok(match (a, b) {
            (Some(a), Some(b)) if is_newer(b.sequence, a.sequence) => Newest::Slot(b),
            (Some(a), _) => Newest::Slot(a),
            (None, Some(b)) => Newest::Slot(b),
            (None, None) => Newest::Empty,
        })
    }

    /// Walks the whole entries of `slot` from its start.
    fn walk(&mut self, slot: Slot) -> Result<SlotScan, StoreError<S::Error>> {
        let end = self.slot_offset(slot) + self.storage.sector_size();
        let mut offset = self.slot_offset(slot);
        let mut record = None;
        // Each step moves at least one header on, so the walk ends.
        while offset + HEADER_LEN <= end {
            match self.header_at(offset, end)? {
                Header::Broken => {
                    return Ok(SlotScan {
                        record,
                        free_from: None,
                    })
                }
                Header::Erased => {
                    let erased = self.is_erased(offset, end)?;
                    let free_from = erased.then_some(offset);
                    return Ok(SlotScan { record, free_from });
                }
                Header::Whole {
                    sequence,
                    length,
                    payload_crc,
                } => {
                    // A whole header with a damaged payload is stepped over.
                    if self.payload_crc(offset + HEADER_LEN, length)? == payload_crc {
                        record = Some(SlotInfo {
                            slot,
                            offset,
                            sequence,
                            length,
                            payload_crc,
                        });
                    }
                    offset += HEADER_LEN + length;
                }
            }
        }
        Ok(SlotScan {
            record,
            free_from: None,
        })
    }

    /// Reads the header at `offset` of a slot ending at `end`.
    fn header_at(&mut self, offset: usize, end: usize) -> Result<Header, StoreError<S::Error>> {
        let mut header = [0u8; HEADER_LEN];
        self.read(offset, &mut header)?;
        if header.iter().all(|&byte| byte == 0xFF) {
            return Ok(Header::Erased);
        }
        let length = usize::from(u16::from_le_bytes(get_field(&header, field::LENGTH)));
        let header_crc = crc32(header.get(field::CHECKED).unwrap_or_default());
        let whole = get_field(&header, field::MAGIC) == MAGIC
            && u16::from_le_bytes(get_field(&header, field::VERSION)) == LAYOUT_VERSION
            && u32::from_le_bytes(get_field(&header, field::HEADER_CRC)) == header_crc
            && get_field(&header, field::COMMIT) == COMMIT
            && length <= end.saturating_sub(offset + HEADER_LEN);
        if !whole {
            return Ok(Header::Broken);
        }
        Ok(Header::Whole {
            sequence: u32::from_le_bytes(get_field(&header, field::SEQUENCE)),
            length,
            payload_crc: u32::from_le_bytes(get_field(&header, field::PAYLOAD_CRC)),
        })
    }

    /// The CRC of the `length` bytes at `offset`.
    fn payload_crc(&mut self, offset: usize, length: usize) -> Result<u32, StoreError<S::Error>> {
        let mut crc = Crc32::new();
        self.each_chunk(offset, offset + length, |part| {
            crc.update(part);
            true
        })?;
        Ok(crc.finish())
    }

    /// Whether every byte from `offset` to `end` is erased (`0xFF`).
    fn is_erased(&mut self, offset: usize, end: usize) -> Result<bool, StoreError<S::Error>> {
        self.each_chunk(offset, end, |part| part.iter().all(|&byte| byte == 0xFF))
    }

    /// Reads `offset..end` in small chunks, handing each to `visit` until it says stop; whether
    /// it never did.
    fn each_chunk(
        &mut self,
        mut offset: usize,
        end: usize,
        mut visit: impl FnMut(&[u8]) -> bool,
    ) -> Result<bool, StoreError<S::Error>> {
        let mut chunk = [0u8; 64];
        while offset < end {
            let part = chunk.get_mut(..(end - offset).min(64)).unwrap_or_default();
            if part.is_empty() {
                break;
            }
            self.read(offset, part)?;
            if !visit(part) {
                return Ok(false);
            }
            offset += part.len();
        }
        Ok(true)
    }

    /// Whether the bytes stored at `offset` are `payload`.
    fn payload_equals(
        &mut self,
        mut offset: usize,
        payload: &[u8],
    ) -> Result<bool, StoreError<S::Error>> {
        let mut chunk = [0u8; 64];
        for want in payload.chunks(chunk.len()) {
            let part = chunk.get_mut(..want.len()).unwrap_or_default();
            self.read(offset, part)?;
            if part != want {
                return Ok(false);
            }
            offset += want.len();
        }
        Ok(true)
    }

    fn slot_offset(&self, slot: Slot) -> usize {
        slot.sector() * self.storage.sector_size()
    }

    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), StoreError<S::Error>> {
        self.storage.read(offset, buf).map_err(StoreError::Storage)
    }

    fn program(&mut self, offset: usize, data: &[u8]) -> Result<(), StoreError<S::Error>> {
        self.storage
            .program(offset, data)
            .map_err(StoreError::Storage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persist::record::{Bookmark, Rendition};
    use crate::persist::storage::{RamError, RamStorage};
    use crate::Position;
    use proptest::prelude::*;

    type Ram = RamStorage<8192>;
    const SECTOR: usize = 4096;

    impl<S: Storage> Store<S> {
        /// Erases `slot` and writes one entry at its start, whatever the other slot holds.
        fn write_slot(
            &mut self,
            slot: Slot,
            sequence: u32,
            payload: &[u8],
        ) -> Result<(), StoreError<S::Error>> {
            self.storage
                .erase(slot.sector())
                .map_err(StoreError::Storage)?;
            self.write_entry(slot, self.slot_offset(slot), sequence, payload)
        }
    }

    /// A state that differs from the defaults and from `sample(m)` for every `m != n`.
    fn sample(n: u16) -> State {
        let mut state = State::default();
        state.settings.font_size_index = (n % 3) as u8;
        state.settings.rendition = Rendition::Traditional;
        state.last_book = Some(u32::from(n) * 1000 + 1);
        for book in 0..u32::from(n % 20) {
            state.set_position(book, Position::new(n, book as u16));
        }
        for block in 0..(n % 50) {
            let mark = Bookmark {
                book: u32::from(block % 4),
                position: Position::new(block, n),
            };
            state.add_bookmark(mark).unwrap();
        }
        state
    }

    fn load(flash: &mut Ram) -> State {
        let mut buf = [0u8; MAX_RECORD_LEN];
        Store::new(flash).unwrap().load(&mut buf).unwrap()
    }

    fn save(flash: &mut Ram, state: &State) -> Saved {
        let mut buf = [0u8; MAX_RECORD_LEN];
        let mut store = Store::new(flash).unwrap();
        store.save(state, &mut buf).unwrap()
    }

    /// Write units of a complete save of `new` onto `flash`.
    fn units_of_save(flash: &Ram, new: &State) -> usize {
        let mut copy = flash.clone();
        let before = copy.write_units();
        save(&mut copy, new);
        copy.write_units() - before
    }

    /// Saves `new` over `flash` (which holds `old`), cutting power after every possible number
    /// of write units; returns how many cut points were tried.
    fn cut_at_every_unit(flash: &Ram, old: &State, new: &State) -> usize {
        assert_eq!(&load(&mut flash.clone()), old);
        let total = units_of_save(flash, new);
        let mut buf = [0u8; MAX_RECORD_LEN];
        for k in 0..=total {
            let mut cut = flash.clone();
            cut.cut_power_after(k);
            let result = Store::new(&mut cut).unwrap().save(new, &mut buf);
            cut.restore_power();
            if k < total {
                assert_eq!(result, Err(StoreError::Storage(RamError::PowerLost)));
                assert_eq!(&load(&mut cut), old, "cut after {k} of {total} units");
            } else {
                assert!(matches!(result, Ok(Saved::Written { .. })));
                assert_eq!(&load(&mut cut), new);
            }
            // Saving again after the reboot completes the change.
            save(&mut cut, new);
            assert_eq!(&load(&mut cut), new, "retry after a cut at {k}");
        }
        total + 1
    }

    #[test]
    fn round_trip_of_a_full_record() {
        let mut state = State::default();
        for book in 0..crate::persist::MAX_BOOKS as u32 {
            state.set_position(u32::MAX - book, Position::new(u16::MAX, u16::MAX));
        }
        for n in 0..crate::persist::MAX_BOOKMARKS as u16 {
            let mark = Bookmark {
                book: u32::MAX - 1,
                position: Position::new(n, u16::MAX),
            };
            state.add_bookmark(mark).unwrap();
        }
        state.last_book = Some(u32::MAX);
        let mut flash = Ram::new();
        save(&mut flash, &state);
        assert_eq!(load(&mut flash), state);
        // The whole slot: header, the longest payload, erased bytes after it.
        assert_eq!(flash.as_bytes()[..4], MAGIC);
        assert_eq!(flash.as_bytes()[20..24], COMMIT);
        assert!(flash.as_bytes()[MIN_SECTOR_SIZE..]
            .iter()
            .all(|&b| b == 0xFF));
    }

    #[test]
    fn exact_header_bytes() {
        let mut flash = Ram::new();
        save(&mut flash, &State::default());
        let payload = [
            0x04, 0, 0, 0, 0x96, 0x01, 0x08, 0x01, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        let mut header = [0u8; 16];
        header[..4].copy_from_slice(b"MYST");
        header[4..6].copy_from_slice(&1u16.to_le_bytes());
        header[6..8].copy_from_slice(&16u16.to_le_bytes());
        header[8..12].copy_from_slice(&0u32.to_le_bytes());
        header[12..16].copy_from_slice(&crc32(&payload).to_le_bytes());
        let bytes = flash.as_bytes();
        assert_eq!(bytes[..16], header);
        assert_eq!(bytes[16..20], crc32(&header).to_le_bytes());
        assert_eq!(bytes[20..24], *b"DONE");
        assert_eq!(bytes[24..40], payload);
        assert!(bytes[40..].iter().all(|&b| b == 0xFF));
    }

    /// A state of `sample(1)`'s shape whose encoding is as long for every `n` below 15 000.
    fn same_length(n: u16) -> State {
        let mut state = sample(1);
        state.set_position(0, Position::new(1000 + n, 0));
        state
    }

    fn encoded_len(state: &State) -> usize {
        state.encode(&mut [0u8; MAX_RECORD_LEN]).unwrap().len()
    }

    #[test]
    fn power_cut_at_every_byte_of_a_save() {
        let (one, two, three) = (sample(1), sample(49), sample(16));
        let appended = |new: &State| HEADER_LEN + encoded_len(new) + 1;
        // Blank flash: the old state is the defaults; the entry goes to slot A's start.
        let blank = Ram::new();
        let points = cut_at_every_unit(&blank, &State::default(), &one);
        assert_eq!(points, appended(&one));
        // One valid slot (A); the save writes B's start.
        let mut flash = blank.clone();
        save(&mut flash, &one);
        assert_eq!(cut_at_every_unit(&flash, &one, &two), appended(&two));
        // Both slots valid; the save goes after A's entry.
        save(&mut flash, &two);
        assert_eq!(cut_at_every_unit(&flash, &two, &three), appended(&three));
        // The target slot full: the save erases it first.
        let mut n = 0;
        while units_of_save(&flash, &same_length(n)) < SECTOR {
            save(&mut flash, &same_length(n));
            n += 1;
        }
        let (old, new) = (same_length(n - 1), same_length(n));
        assert_eq!(
            cut_at_every_unit(&flash, &old, &new),
            SECTOR + appended(&new)
        );
    }

    #[test]
    fn a_sector_is_erased_only_when_full() {
        let mut flash = Ram::new();
        let entry = HEADER_LEN + encoded_len(&same_length(0));
        let per_sector = SECTOR / entry;
        let saves = 1000;
        let mut erases = 0;
        for n in 0..saves {
            let before = flash.write_units();
            assert!(matches!(
                save(&mut flash, &same_length(n)),
                Saved::Written { .. }
            ));
            erases += usize::from(flash.write_units() - before > SECTOR);
            assert_eq!(load(&mut flash), same_length(n));
        }
        // Each slot takes every other save and is erased on the first save it has no room for
        // (blank flash needs no erase).
        let per_slot = usize::from(saves) / 2;
        assert_eq!(erases, 2 * ((per_slot - 1) / per_sector));
        assert!(per_sector >= 40, "{entry}-byte entries");
    }

    #[test]
    fn a_torn_entry_is_cleared_by_the_slots_next_save() {
        let mut flash = Ram::new();
        save(&mut flash, &sample(1)); // A
        save(&mut flash, &sample(2)); // B

        // A save into A cut half-way through its payload: A's free space is no longer erased.
        let mut buf = [0u8; MAX_RECORD_LEN];
        flash.cut_power_after(HEADER_LEN / 2);
        let cut = Store::new(&mut flash).unwrap().save(&sample(3), &mut buf);
        flash.restore_power();
        assert!(cut.is_err());
        assert_eq!(load(&mut flash), sample(2));
        // The next save into A erases it; the one after appends to B.
        let before = flash.write_units();
        save(&mut flash, &sample(4));
        assert!(flash.write_units() - before > SECTOR);
        assert_eq!(load(&mut flash), sample(4));
        let before = flash.write_units();
        assert_eq!(
            save(&mut flash, &sample(5)),
            Saved::Written {
                slot: Slot::B,
                sequence: 3
            }
        );
        assert!(flash.write_units() - before < SECTOR);
        assert_eq!(load(&mut flash), sample(5));
    }

    #[test]
    fn a_second_cut_while_retrying_still_loses_at_most_the_change() {
        let (old, new) = (sample(7), sample(31));
        let mut appending = Ram::new();
        save(&mut appending, &sample(2));
        save(&mut appending, &old);
        // The same, but slot B's free space not erased: the save erases it first.
        let mut erasing = appending.clone();
        erasing.as_mut_bytes()[2 * SECTOR - 1] = 0;
        let mut buf = [0u8; MAX_RECORD_LEN];
        // Every first cut of the append, every 97th of the erasing save; every 89th second cut.
        for (flash, first_step) in [(&appending, 1), (&erasing, 97)] {
            let total = units_of_save(flash, &new);
            for first in (0..total).step_by(first_step) {
                let mut once = flash.clone();
                once.cut_power_after(first);
                let _ = Store::new(&mut once).unwrap().save(&new, &mut buf);
                once.restore_power();
                let retry_total = units_of_save(&once, &new);
                for second in (0..retry_total).step_by(89) {
                    let mut twice = once.clone();
                    twice.cut_power_after(second);
                    let _ = Store::new(&mut twice).unwrap().save(&new, &mut buf);
                    twice.restore_power();
                    assert_eq!(load(&mut twice), old, "cuts at {first} then {second}");
                }
            }
        }
    }

    #[test]
    fn damage_in_a_slot_of_several_entries_costs_at_most_the_entries_after_it() {
        // A: 1, 3, 5; B: 2, 4.
        let mut flash = Ram::new();
        for n in 1..=5 {
            save(&mut flash, &sample(n));
        }
        let entry = |n: u16| HEADER_LEN + encoded_len(&sample(n));
        let middle = entry(1); // where A's second entry (sample 3) starts
                               // A bad payload in the middle entry: stepped over, the last one still loads.
        let mut bad_payload = flash.clone();
        bad_payload.as_mut_bytes()[middle + HEADER_LEN + 1] ^= 0x04;
        assert_eq!(load(&mut bad_payload), sample(5));
        // A broken middle header hides what follows: slot A's record is then sample 1, and
        // slot B's (sample 4, the save before the last) is the newest left.
        let mut bad_header = flash.clone();
        bad_header.as_mut_bytes()[middle + 9] ^= 0x01;
        assert_eq!(load(&mut bad_header), sample(4));
        // The next save goes to A, which it erases: its free space is not clean.
        let before = bad_header.write_units();
        assert_eq!(
            save(&mut bad_header, &sample(6)),
            Saved::Written {
                slot: Slot::A,
                sequence: 4
            }
        );
        assert!(bad_header.write_units() - before > SECTOR);
        assert_eq!(load(&mut bad_header), sample(6));
        // A whole header whose length runs past the sector's end ends the walk like a broken
        // one: slot A's later entries are ignored, and its next save erases it.
        let mut too_long = flash.clone();
        let at = middle + entry(3) + entry(5);
        let mut header = [0xFFu8; HEADER_LEN];
        header[..4].copy_from_slice(&MAGIC);
        header[4..6].copy_from_slice(&LAYOUT_VERSION.to_le_bytes());
        header[6..8].copy_from_slice(&u16::try_from(SECTOR - at).unwrap().to_le_bytes());
        header[8..12].copy_from_slice(&99u32.to_le_bytes());
        header[12..16].copy_from_slice(&0u32.to_le_bytes());
        let crc = crc32(&header[..16]);
        header[16..20].copy_from_slice(&crc.to_le_bytes());
        header[20..24].copy_from_slice(&COMMIT);
        too_long.as_mut_bytes()[at..at + HEADER_LEN].copy_from_slice(&header);
        assert_eq!(load(&mut too_long), sample(5));
        let mut store = Store::new(&mut too_long).unwrap();
        assert_eq!(store.walk(Slot::A).unwrap().free_from, None);
    }

    #[test]
    fn saves_alternate_slots_and_survive_sequence_wrap_around() {
        let mut flash = Ram::new();
        let mut buf = [0u8; MAX_RECORD_LEN];
        let start = u32::MAX - 3;
        {
            let mut store = Store::new(&mut flash).unwrap();
            let mut payload = [0u8; MAX_RECORD_LEN];
            let len = sample(0).encode(&mut payload).unwrap().len();
            store.write_slot(Slot::B, start, &payload[..len]).unwrap();
        }
        let mut store = Store::new(&mut flash).unwrap();
        assert_eq!(store.load(&mut buf).unwrap(), sample(0));
        assert_eq!(store.newest(), Some((Slot::B, start)));
        let mut expected = (Slot::B, start);
        for n in 1..=8u16 {
            expected = (expected.0.other(), expected.1.wrapping_add(1));
            let saved = store.save(&sample(n), &mut buf).unwrap();
            assert_eq!(
                saved,
                Saved::Written {
                    slot: expected.0,
                    sequence: expected.1
                }
            );
            assert_eq!(store.newest(), Some(expected));
            // A reboot finds the newest state although the counter wrapped past zero.
            let mut rebooted = Store::new(store.storage_mut()).unwrap();
            assert_eq!(rebooted.load(&mut buf).unwrap(), sample(n));
            assert_eq!(rebooted.newest(), Some(expected));
        }
        assert_eq!(expected.1, 4);
    }

    #[test]
    fn sequence_comparison_is_modular() {
        assert!(is_newer(1, 0));
        assert!(is_newer(0, u32::MAX));
        assert!(is_newer(5, u32::MAX - 5));
        assert!(!is_newer(u32::MAX, 0));
        assert!(!is_newer(7, 7));
    }

    #[test]
    fn unchanged_state_writes_nothing() {
        let mut flash = Ram::new();
        let mut buf = [0u8; MAX_RECORD_LEN];
        let mut store = Store::new(&mut flash).unwrap();
        assert!(matches!(
            store.save(&sample(3), &mut buf),
            Ok(Saved::Written { .. })
        ));
        let units = store.storage().write_units();
        assert_eq!(store.save(&sample(3), &mut buf), Ok(Saved::Unchanged));
        // Also after a reboot, and with the defaults on blank flash written once.
        let mut store = Store::new(&mut flash).unwrap();
        assert_eq!(store.save(&sample(3), &mut buf), Ok(Saved::Unchanged));
        assert_eq!(flash.write_units(), units);
    }

    #[test]
    fn a_bit_flip_anywhere_in_a_slot_falls_back_to_the_other() {
        let (older, newer) = (sample(11), sample(12));
        let mut flash = Ram::new();
        save(&mut flash, &older); // slot A
        save(&mut flash, &newer); // slot B
        for (slot, survivor) in [(Slot::A, &newer), (Slot::B, &older)] {
            let start = slot.sector() * SECTOR;
            let len = HEADER_LEN
                + usize::from(u16::from_le_bytes([
                    flash.as_bytes()[start + 6],
                    flash.as_bytes()[start + 7],
                ]));
            for bit in 0..len * 8 {
                let mut flipped = flash.clone();
                flipped.as_mut_bytes()[start + bit / 8] ^= 1 << (bit % 8);
                assert_eq!(&load(&mut flipped), survivor, "{slot:?} bit {bit}");
                // The next save replaces the damaged slot if it was the newest.
                if slot == Slot::B {
                    assert_eq!(
                        save(&mut flipped, &sample(13)),
                        Saved::Written {
                            slot: Slot::B,
                            sequence: 1
                        }
                    );
                    assert_eq!(load(&mut flipped), sample(13));
                }
            }
        }
    }

    #[test]
    fn both_slots_corrupt_gives_defaults() {
        let mut flash = Ram::new();
        save(&mut flash, &sample(4));
        save(&mut flash, &sample(5));
        flash.as_mut_bytes()[40] ^= 0x10;
        flash.as_mut_bytes()[SECTOR + 2] ^= 0x01;
        assert_eq!(load(&mut flash), State::default());
        // Saving starts over in slot A.
        assert_eq!(
            save(&mut flash, &sample(6)),
            Saved::Written {
                slot: Slot::A,
                sequence: 0
            }
        );
        assert_eq!(load(&mut flash), sample(6));
    }

    #[test]
    fn unknown_record_version_gives_defaults_and_is_kept_one_save_longer() {
        let mut flash = Ram::new();
        save(&mut flash, &sample(8)); // slot A, sequence 0
        let mut payload = [0u8; MAX_RECORD_LEN];
        let len = postcard::to_slice(&(5u16, &sample(9)), &mut payload)
            .unwrap()
            .len();
        let mut store = Store::new(&mut flash).unwrap();
        store.write_slot(Slot::B, 1, &payload[..len]).unwrap();
        let mut buf = [0u8; MAX_RECORD_LEN];
        assert_eq!(store.load(&mut buf).unwrap(), State::default());
        assert_eq!(store.newest(), Some((Slot::B, 1)));
        assert_eq!(
            store.save(&sample(10), &mut buf),
            Ok(Saved::Written {
                slot: Slot::A,
                sequence: 2
            })
        );
    }

    #[test]
    fn a_save_that_does_not_read_back_is_an_error_and_the_old_state_stands() {
        /// Flash worn out: programs report success and change nothing.
        struct Worn(Ram);
        impl Storage for Worn {
            type Error = RamError;
            fn sector_size(&self) -> usize {
                self.0.sector_size()
            }
            fn capacity(&self) -> usize {
                self.0.capacity()
            }
            fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), RamError> {
                self.0.read(offset, buf)
            }
            fn erase(&mut self, sector: usize) -> Result<(), RamError> {
                self.0.erase(sector)
            }
            fn program(&mut self, _: usize, _: &[u8]) -> Result<(), RamError> {
                Ok(())
            }
        }
        let mut flash = Ram::new();
        save(&mut flash, &sample(1));
        let mut worn = Worn(flash);
        let mut buf = [0u8; MAX_RECORD_LEN];
        let mut store = Store::new(&mut worn).unwrap();
        assert_eq!(store.save(&sample(2), &mut buf), Err(StoreError::Verify));
        assert_eq!(store.load(&mut buf).unwrap(), sample(1));
    }

    #[test]
    fn geometry_and_buffer_are_checked() {
        let mut one_sector = RamStorage::<4096>::new();
        assert!(matches!(
            Store::new(&mut one_sector),
            Err(StoreError::Geometry)
        ));
        let mut small = RamStorage::<8192>::with_sector_size(512).unwrap();
        assert!(matches!(Store::new(&mut small), Err(StoreError::Geometry)));
        let mut flash = Ram::new();
        let mut store = Store::new(&mut flash).unwrap();
        let mut short = [0u8; MAX_RECORD_LEN - 1];
        assert_eq!(store.load(&mut short), Err(StoreError::BufferTooSmall));
        assert_eq!(
            store.save(&sample(1), &mut short),
            Err(StoreError::BufferTooSmall)
        );
    }

    proptest! {
        #[test]
        fn random_flash_gives_defaults(bytes in proptest::collection::vec(any::<u8>(), 8192)) {
            let mut flash = Ram::new();
            flash.as_mut_bytes().copy_from_slice(&bytes);
            prop_assert_eq!(load(&mut flash), State::default());
            save(&mut flash, &sample(1));
            prop_assert_eq!(load(&mut flash), sample(1));
        }

        #[test]
        fn garbage_payload_behind_a_valid_header_never_panics(
            payload in proptest::collection::vec(any::<u8>(), 0..=MAX_RECORD_LEN + 100),
            version in any::<bool>(),
        ) {
            let mut flash = Ram::new();
            let mut payload = payload;
            if version {
                payload.insert(0, 0x01);
            }
            Store::new(&mut flash).unwrap().write_slot(Slot::A, 0, &payload).unwrap();
            let mut buf = [0u8; MAX_RECORD_LEN];
            let mut store = Store::new(&mut flash).unwrap();
            let state = store.load(&mut buf).unwrap();
            if payload.len() > MAX_RECORD_LEN {
                prop_assert_eq!(state, State::default());
            }
            store.save(&sample(2), &mut buf).unwrap();
            prop_assert_eq!(store.load(&mut buf).unwrap(), sample(2));
        }
    }
}
