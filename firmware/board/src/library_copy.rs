//! Library files from a memory card, copied once into a region of the board's NOR flash so
//! that the core reads them in place through the flash's memory map, heap-free.
//!
//! The region's first sector holds a catalogue of the copies, the rest their bytes as they are
//! on the card, each file from a sector boundary:
//!
//! | offset | bytes | what |
//! |---|---|---|
//! | 0 | 8 | `MOYECOPY` |
//! | 8 | 4 | [`VERSION`], little-endian |
//! | 12 | 4 | how many files the region holds, at most [`MAX_FILES`] |
//! | 16 + 24 i | 24 | file i: its 8.3 name as the card's directory has it (12, space-padded), length, modification time (FAT date in the high half, time in the low), and where its bytes start after the catalogue's sector |
//! | 88 | 4 | CRC-32 of bytes 0–87 |
//! | 4096 … | | the files |
//!
//! [`LibraryCopy::update`] brings the region in line with the card: the files it holds already
//! (the same names, lengths and times, in the same order) are kept where they are and not read
//! again; the others are copied after them one at a time, and each is entered in the catalogue
//! only once the caller has checked it where it lies (with
//! [`Library::parse`](moye::format::Library::parse), through the memory map). The catalogue
//! never lists bytes that are not whole: a power cut, a card pulled out or a read error while a
//! file is copied leaves the files before it listed and it not, and the next start copies it
//! again. A catalogue cut short while it is rewritten fails its CRC, and the next start copies
//! every file again from the card. Without a card the region's files are read as they are.
//!
//! [`Picker`] chooses the files: the card's root holds library files named `*.moye` (their 8.3
//! names end in `.MOY`); the first [`MAX_FILES`] by name are taken, each that fits in the room
//! the ones before it leave.

use embedded_storage::nor_flash::NorFlash;
use moye::format::wire::crc32;

/// The catalogue's magic.
pub const MAGIC: [u8; 8] = *b"MOYECOPY";

/// The catalogue's layout version (1 held one file).
pub const VERSION: u32 = 2;

/// Files the region holds at most: as many libraries as the reader reads beside its built-in
/// one.
pub const MAX_FILES: usize = crate::reader::MAX_EXTRA_LIBRARIES;

/// Bytes of one file's entry in the catalogue.
const ENTRY_LEN: usize = 24;

/// Where the entries start in the catalogue.
const ENTRIES: usize = 16;

/// Bytes of the catalogue before its CRC.
const CRC_AT: usize = ENTRIES + MAX_FILES * ENTRY_LEN;

/// Bytes of the catalogue, CRC included.
pub const HEADER_LEN: usize = CRC_AT + 4;

/// Bytes copied per flash call: a card's block, the buffer on the stack.
pub const CHUNK: usize = 512;

/// The extension of a library file's 8.3 name (`*.moye`, `*.moy`).
pub const EXTENSION: &[u8] = b"MOY";

const _: () = assert!(HEADER_LEN <= CHUNK);

/// What identifies a file on the card: its 8.3 name, length and modification time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    /// The name as the directory entry holds it: 8 bytes of base name and 3 of extension,
    /// space-padded, then a zero.
    pub name: [u8; 12],
    /// Its length in bytes.
    pub len: u32,
    /// Its modification time, FAT date in the high half and time in the low.
    pub modified: u32,
}

impl FileStamp {
    /// The stamp of a file called `base`.`extension` (each cut to its 8.3 length and padded
    /// with spaces).
    pub fn new(base: &[u8], extension: &[u8], len: u32, modified: u32) -> Self {
        let mut name = [b' '; 12];
        if let Some(end) = name.last_mut() {
            *end = 0;
        }
        for (to, from) in name.iter_mut().zip(base.iter().take(8)) {
            *to = *from;
        }
        for (to, from) in name.iter_mut().skip(8).zip(extension.iter().take(3)) {
            *to = *from;
        }
        FileStamp {
            name,
            len,
            modified,
        }
    }

    fn extension(&self) -> &[u8] {
        let extension = self.name.get(8..11).unwrap_or(&[]);
        let end = extension
            .iter()
            .position(|&b| b == b' ')
            .unwrap_or(extension.len());
        extension.get(..end).unwrap_or(&[])
    }
}

/// Of the files in a card's directory, offered one by one, the library files to copy: the
/// first [`MAX_FILES`] by name whose extension is [`EXTENSION`] (any case), that are not
/// directories, not empty, and no longer than the region; of those, each that fits in the room
/// the ones before it leave (each file takes whole sectors).
#[derive(Clone, Copy, Debug)]
pub struct Picker {
    capacity: u32,
    sector: u32,
    /// The first files by name so far, in name order.
    best: [Option<FileStamp>; MAX_FILES],
}

impl Picker {
    /// A picker for a region of `capacity` bytes of files in sectors of `sector` bytes.
    pub fn new(capacity: u32, sector: u32) -> Self {
        Picker {
            capacity,
            sector: sector.max(1),
            best: [None; MAX_FILES],
        }
    }

    /// Considers one directory entry.
    pub fn offer(&mut self, stamp: FileStamp, is_dir: bool) {
        let library = !is_dir
            && stamp.extension().eq_ignore_ascii_case(EXTENSION)
            && stamp.len > 0
            && stamp.len <= self.capacity;
        if !library {
            return;
        }
        // Insertion into the sorted few, the last falling off.
        let mut carried = Some(stamp);
        for slot in self.best.iter_mut() {
            match (*slot, carried) {
                (_, None) => break,
                (None, _) => {
                    *slot = carried;
                    carried = None;
                }
                (Some(held), Some(new)) if new.name < held.name => {
                    *slot = Some(new);
                    carried = Some(held);
                }
                _ => {}
            }
        }
    }

    /// The files chosen, in name order.
    pub fn picked(&self) -> Picked {
        let mut picked = Picked::default();
        let mut room = self.capacity;
        for stamp in self.best.iter().flatten() {
            let taken = sectors(stamp.len, self.sector);
            if taken <= room {
                room -= taken;
                picked.push(*stamp);
            }
        }
        picked
    }
}

/// Up to [`MAX_FILES`] things in order: the files a card offers ([`Picked`]) or a region holds
/// ([`Catalogue`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Few<T: Copy> {
    items: [Option<T>; MAX_FILES],
    len: usize,
}

impl<T: Copy> Default for Few<T> {
    fn default() -> Self {
        Few {
            items: [None; MAX_FILES],
            len: 0,
        }
    }
}

impl<T: Copy> Few<T> {
    /// The things, in order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.items.iter().take(self.len).flatten()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds one at the end, if there is room.
    pub fn push(&mut self, item: T) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = Some(item);
            self.len += 1;
        }
    }
}

/// The files [`Picker`] chose from a card, in name order.
pub type Picked = Few<FileStamp>;

/// `len` bytes rounded up to whole sectors of `sector` bytes.
fn sectors(len: u32, sector: u32) -> u32 {
    len.div_ceil(sector).saturating_mul(sector)
}

/// A file the region holds: its stamp, and where its bytes start after the catalogue's sector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Held {
    /// The file on the card it is a copy of.
    pub stamp: FileStamp,
    /// Where its bytes start, from the end of the catalogue's sector (a whole sector).
    pub offset: u32,
}

/// The files a region holds, in the catalogue's order.
pub type Catalogue = Few<Held>;

impl Few<Held> {
    /// The first byte past every file's sectors, from the end of the catalogue's sector.
    fn end(&self, sector: u32) -> u32 {
        self.iter()
            .map(|held| held.offset.saturating_add(sectors(held.stamp.len, sector)))
            .max()
            .unwrap_or(0)
    }

    /// The catalogue's bytes.
    fn encode(&self) -> [u8; HEADER_LEN] {
        let mut header = [0; HEADER_LEN];
        let count = self.len as u32;
        let mut fields: [&[u8]; 3] = [&MAGIC, &VERSION.to_le_bytes(), &count.to_le_bytes()];
        put(&mut header, 0, &mut fields);
        for (i, held) in self.iter().enumerate() {
            let stamp = &held.stamp;
            let mut fields: [&[u8]; 4] = [
                &stamp.name,
                &stamp.len.to_le_bytes(),
                &stamp.modified.to_le_bytes(),
                &held.offset.to_le_bytes(),
            ];
            put(&mut header, ENTRIES + i * ENTRY_LEN, &mut fields);
        }
        let crc = crc32(header.get(..CRC_AT).unwrap_or(&[]));
        put(&mut header, CRC_AT, &mut [&crc.to_le_bytes()]);
        header
    }

    /// The catalogue in `bytes`, if it is whole and every file lies within `capacity` bytes
    /// on sector boundaries, none over another.
    fn decode(bytes: &[u8], capacity: u32, sector: u32) -> Option<Catalogue> {
        let header = bytes.get(..HEADER_LEN)?;
        let word = |at: usize| -> Option<u32> {
            let field: [u8; 4] = header.get(at..at + 4)?.try_into().ok()?;
            Some(u32::from_le_bytes(field))
        };
        if header.get(..8)? != MAGIC
            || word(8)? != VERSION
            || word(CRC_AT)? != crc32(header.get(..CRC_AT)?)
        {
            return None;
        }
        let count = usize::try_from(word(12)?)
            .ok()
            .filter(|&n| n <= MAX_FILES)?;
        let mut catalogue = Catalogue::default();
        for i in 0..count {
            let at = ENTRIES + i * ENTRY_LEN;
            let held = Held {
                stamp: FileStamp {
                    name: header.get(at..at + 12)?.try_into().ok()?,
                    len: word(at + 12)?,
                    modified: word(at + 16)?,
                },
                offset: word(at + 20)?,
            };
            // Files follow one another: each from a sector boundary past the one before.
            let end = held.offset.checked_add(held.stamp.len)?;
            if held.offset % sector != 0 || end > capacity || held.offset < catalogue.end(sector) {
                return None;
            }
            catalogue.push(held);
        }
        Some(catalogue)
    }
}

/// Writes `fields` one after the other into `into` from `at`.
fn put(into: &mut [u8], at: usize, fields: &mut [&[u8]]) {
    let mut at = at;
    for field in fields.iter() {
        for (to, from) in into.iter_mut().skip(at).zip(field.iter()) {
            *to = *from;
        }
        at += field.len();
    }
}

/// What [`LibraryCopy::update`] leaves: the libraries the region holds, checked, in the
/// catalogue's order, and whether a file on the card was refused.
#[derive(Debug)]
pub struct Update<L> {
    /// The checked libraries.
    pub libraries: [Option<L>; MAX_FILES],
    /// A library file on the card was copied but failed its check: it is not held, and the
    /// reader shows the refusal notice.
    pub refused: bool,
    /// Reading the card or writing the flash failed midway (the files before it are held).
    pub failed: bool,
}

impl<L> Default for Update<L> {
    fn default() -> Self {
        Update {
            libraries: [const { None }; MAX_FILES],
            refused: false,
            failed: false,
        }
    }
}

impl<L> Update<L> {
    fn push(&mut self, library: L) {
        if let Some(slot) = self.libraries.iter_mut().find(|slot| slot.is_none()) {
            *slot = Some(library);
        }
    }
}

/// Why copying one file failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyError<F, S> {
    /// The file does not fit in the room left.
    TooLong,
    /// The file ended before its length (the card changed under the copy).
    Truncated,
    /// Reading the file failed (the card was pulled out, or failed).
    Source(S),
    /// Erasing or programming the flash failed.
    Flash(F),
}

/// A region of NOR flash holding the library files copied from a card; see the
/// [module docs](self).
#[derive(Debug)]
pub struct LibraryCopy<F> {
    flash: F,
    start: u32,
    len: u32,
}

impl<F: NorFlash> LibraryCopy<F> {
    /// The `len` bytes of `flash` from `start`, or `None` unless both are whole sectors, the
    /// region holds the catalogue's sector and one more, it lies within the flash, and the
    /// flash's units divide [`CHUNK`] and [`HEADER_LEN`] rounded up to them.
    pub fn new(flash: F, start: u32, len: u32) -> Option<Self> {
        let sector = u32::try_from(F::ERASE_SIZE).ok().filter(|&s| s > 0)?;
        let end = start.checked_add(len)?;
        let divides = |unit: usize| unit > 0 && CHUNK % unit == 0;
        let fits = start % sector == 0
            && len % sector == 0
            && len >= 2 * sector
            && end as usize <= flash.capacity()
            && divides(F::WRITE_SIZE)
            && divides(F::READ_SIZE);
        fits.then_some(LibraryCopy { flash, start, len })
    }

    fn sector() -> u32 {
        F::ERASE_SIZE as u32
    }

    /// Bytes the files may have together: the region less the catalogue's sector.
    pub fn capacity(&self) -> u32 {
        self.len - Self::sector()
    }

    /// Where the files' bytes start, from the region's start.
    pub fn data_offset(&self) -> u32 {
        Self::sector()
    }

    /// A picker for the card's directory, sized to this region.
    pub fn picker(&self) -> Picker {
        Picker::new(self.capacity(), Self::sector())
    }

    /// The files the region holds, from its catalogue; none if the catalogue is not whole.
    pub fn catalogue(&mut self) -> Result<Catalogue, F::Error> {
        let mut header = [0; CHUNK];
        self.flash.read(self.start, &mut header)?;
        Ok(Catalogue::decode(&header, self.capacity(), Self::sector()).unwrap_or_default())
    }

    /// Brings the region in line with the card and checks what it holds.
    ///
    /// `card` is the files [`Picker::picked`] chose from the card, or `None` without a card
    /// (or with one that could not be listed): then the region's files are kept as they are.
    /// `read(i, offset, buffer)` fills `buffer` from byte `offset` of the card's file `i` (in
    /// `card`'s order) and returns how many bytes it read, fewer than asked only at the
    /// file's end. `check(flash, offset, len)` checks the `len` bytes at `offset` from the
    /// region's start (a copied file: a board reads it through the memory map) and returns
    /// its library.
    ///
    /// The files the region holds are kept, in order, while each is on the card, lies right
    /// after the one before and passes `check` (so the region's files stay packed, and the
    /// room [`Picker`] counted on is there); the card's other files are copied after them,
    /// and each that passes `check` is entered in the catalogue (one that does not is left
    /// out, and its room goes to the next). A copy that fails ends the update: the files
    /// before it stay.
    pub fn update<S, L>(
        &mut self,
        card: Option<&Picked>,
        mut read: impl FnMut(usize, u32, &mut [u8]) -> Result<usize, S>,
        mut check: impl FnMut(&mut F, u32, u32) -> Option<L>,
    ) -> Update<L> {
        let mut update = Update::default();
        let held = match self.catalogue() {
            Ok(held) => held,
            Err(_) => {
                update.failed = true;
                Catalogue::default()
            }
        };
        // Kept: the held files, in order, while each is on the card (after the one before),
        // follows the one before without a gap, and passes its check.
        let mut kept = Catalogue::default();
        let mut after = 0;
        for held in held.iter() {
            if let Some(card) = card {
                match card.iter().skip(after).position(|s| *s == held.stamp) {
                    Some(at) => after += at + 1,
                    None => break,
                }
            }
            if held.offset != kept.end(Self::sector()) {
                break;
            }
            let at = self.data_offset() + held.offset;
            match check(&mut self.flash, at, held.stamp.len) {
                Some(library) => update.push(library),
                None => break,
            }
            kept.push(*held);
        }
        // The catalogue lists nothing but what is kept before anything after it is erased.
        if kept != held && self.write_catalogue(&kept).is_err() {
            update.failed = true;
            return update;
        }
        let Some(card) = card else {
            return update;
        };
        for (i, stamp) in card.iter().enumerate() {
            if kept.iter().any(|held| held.stamp == *stamp) {
                continue;
            }
            let offset = kept.end(Self::sector());
            if let Err(error) = self.copy(offset, stamp, |at, buffer| read(i, at, buffer)) {
                // A file too long for what is left is skipped; any other failure ends it.
                if matches!(error, CopyError::TooLong) {
                    continue;
                }
                update.failed = true;
                break;
            }
            let at = self.data_offset() + offset;
            match check(&mut self.flash, at, stamp.len) {
                Some(library) => {
                    let mut listed = kept;
                    listed.push(Held {
                        stamp: *stamp,
                        offset,
                    });
                    if self.write_catalogue(&listed).is_err() {
                        update.failed = true;
                        break;
                    }
                    kept = listed;
                    update.push(library);
                }
                None => update.refused = true,
            }
        }
        update
    }

    /// Copies the file of `stamp` to `offset` after the catalogue's sector: erases the sectors
    /// it needs and programs it, [`CHUNK`] bytes at a time, read with `read(offset, buffer)`.
    fn copy<S>(
        &mut self,
        offset: u32,
        stamp: &FileStamp,
        mut read: impl FnMut(u32, &mut [u8]) -> Result<usize, S>,
    ) -> Result<(), CopyError<F::Error, S>> {
        let room = self.capacity().saturating_sub(offset);
        if sectors(stamp.len, Self::sector()) > room {
            return Err(CopyError::TooLong);
        }
        let data = self.start + self.data_offset() + offset;
        let end = data + sectors(stamp.len, Self::sector());
        self.flash.erase(data, end).map_err(CopyError::Flash)?;
        let mut buffer = [0xFF; CHUNK];
        let mut done = 0u32;
        while done < stamp.len {
            let want = (stamp.len - done).min(CHUNK as u32) as usize;
            buffer.fill(0xFF);
            let Some(into) = buffer.get_mut(..want) else {
                return Err(CopyError::TooLong);
            };
            let got = read(done, into).map_err(CopyError::Source)?;
            if got != want {
                return Err(CopyError::Truncated);
            }
            // The last piece padded with 0xFF to whole write units.
            let units = want.div_ceil(F::WRITE_SIZE) * F::WRITE_SIZE;
            let Some(write) = buffer.get(..units) else {
                return Err(CopyError::TooLong);
            };
            self.flash
                .write(data + done, write)
                .map_err(CopyError::Flash)?;
            done += want as u32;
        }
        Ok(())
    }

    /// Replaces the catalogue: erases its sector and writes `catalogue`.
    fn write_catalogue(&mut self, catalogue: &Catalogue) -> Result<(), F::Error> {
        self.flash.erase(self.start, self.start + Self::sector())?;
        if catalogue.is_empty() {
            return Ok(());
        }
        let mut header = [0xFF; CHUNK];
        for (to, from) in header.iter_mut().zip(catalogue.encode()) {
            *to = from;
        }
        let units = HEADER_LEN.div_ceil(F::WRITE_SIZE) * F::WRITE_SIZE;
        self.flash
            .write(self.start, header.get(..units).unwrap_or(&header))
    }

    /// Gives the flash back.
    pub fn into_inner(self) -> F {
        self.flash
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Chip;
    use moye::format::Library;

    const SECTOR: u32 = 4096;
    /// A region of 256 sectors (1 MiB, room for the built-in library twice) from 1 MiB on, in
    /// a 4 MiB chip of 4-byte words.
    const START: u32 = 0x10_0000;
    const LEN: u32 = 256 * SECTOR;

    type Words = Chip<4>;
    type Files<'a> = [(&'a [u8], &'a [u8])];

    fn region() -> LibraryCopy<Words> {
        LibraryCopy::new(Chip::new(4 * 1024 * 1024), START, LEN).unwrap()
    }

    fn stamp(base: &[u8], file: &[u8]) -> FileStamp {
        FileStamp::new(base, b"MOY", file.len() as u32, 0x5A21_6C00)
    }

    /// A card holding `files` (name, bytes), in that order.
    fn card(files: &Files<'_>) -> Picked {
        let mut picked = Picked::default();
        for (base, file) in files {
            picked.push(stamp(base, file));
        }
        picked
    }

    fn reader<'f>(
        files: &'f Files<'f>,
    ) -> impl FnMut(usize, u32, &mut [u8]) -> Result<usize, ()> + 'f {
        move |i, offset, buffer| {
            let from = &files[i].1[offset as usize..];
            let n = from.len().min(buffer.len());
            buffer[..n].copy_from_slice(&from[..n]);
            Ok(n)
        }
    }

    /// A board's check: the library where the copy lies, parsed (its book count stands for
    /// it, as a `Library` would borrow the chip).
    fn parse(flash: &mut Words, offset: u32, len: u32) -> Option<u16> {
        let at = (START + offset) as usize;
        let library = Library::parse(&flash.bytes[at..at + len as usize]).ok()?;
        Some(library.book_count())
    }

    /// Updates `copy` from the card `files` (`None`: no card).
    fn update(copy: &mut LibraryCopy<Words>, files: Option<&Files<'_>>) -> Update<u16> {
        let picked = files.map(card);
        copy.update(picked.as_ref(), reader(files.unwrap_or(&[])), parse)
    }

    fn books_of(update: &Update<u16>) -> Vec<u16> {
        update.libraries.iter().flatten().copied().collect()
    }

    /// The region's files: base name and offset.
    fn held(copy: &mut LibraryCopy<Words>) -> Vec<(String, u32)> {
        let catalogue = copy.catalogue().unwrap();
        catalogue
            .iter()
            .map(|held| {
                let name = String::from_utf8_lossy(&held.stamp.name[..8]);
                (name.trim_end().to_string(), held.offset)
            })
            .collect()
    }

    fn sectors_of(file: &[u8]) -> u32 {
        (file.len() as u32).div_ceil(SECTOR) * SECTOR
    }

    #[test]
    fn real_libraries_are_copied_checked_in_place_and_listed_packed() {
        let builtin = Library::builtin_blob();
        let books = Library::builtin().unwrap().book_count();
        let mut copy = region();
        assert!(
            copy.catalogue().unwrap().is_empty(),
            "a fresh chip holds none"
        );
        let files: [(&[u8], &[u8]); 2] = [(b"NOVEL", builtin), (b"POEMS", builtin)];
        let done = update(&mut copy, Some(&files));
        assert_eq!(books_of(&done), [books, books]);
        assert!(!done.refused && !done.failed);
        let second = sectors_of(builtin);
        assert_eq!(
            held(&mut copy),
            [("NOVEL".into(), 0), ("POEMS".into(), second)]
        );
        // Nothing outside the region touched.
        let chip = copy.into_inner();
        assert!(chip.bytes[..START as usize].iter().all(|&b| b == 0xA5));
        assert!(chip.bytes[(START + LEN) as usize..]
            .iter()
            .all(|&b| b == 0xA5));
    }

    #[test]
    fn an_unchanged_card_is_not_read_again_and_without_a_card_the_copies_are_read() {
        let builtin = Library::builtin_blob();
        let books = Library::builtin().unwrap().book_count();
        let files: [(&[u8], &[u8]); 2] = [(b"NOVEL", builtin), (b"POEMS", builtin)];
        let mut copy = region();
        update(&mut copy, Some(&files));
        let written = (copy.flash.erases.len(), copy.flash.programs.len());
        let never_read = |_: usize, _: u32, _: &mut [u8]| -> Result<usize, ()> {
            panic!("a file the region holds is read again")
        };
        let again = copy.update(Some(&card(&files)), never_read, parse);
        assert_eq!(books_of(&again), [books, books]);
        let without = copy.update(None, never_read, parse);
        assert_eq!(books_of(&without), [books, books]);
        assert!(!without.refused && !without.failed);
        let now = (copy.flash.erases.len(), copy.flash.programs.len());
        assert_eq!(now, written, "nothing written");
    }

    #[test]
    fn files_added_changed_or_removed_are_copied_or_dropped_and_the_rest_kept() {
        let builtin = Library::builtin_blob();
        let mut copy = region();
        let only_a: [(&[u8], &[u8]); 1] = [(b"A", builtin)];
        update(&mut copy, Some(&only_a));
        let erased_before = copy.flash.erases.len();
        // B added: A stays where it is, its sectors untouched; B goes after it.
        let both: [(&[u8], &[u8]); 2] = [(b"A", builtin), (b"B", builtin)];
        assert_eq!(books_of(&update(&mut copy, Some(&both))).len(), 2);
        let b_start = START + SECTOR + sectors_of(builtin);
        let erased = &copy.flash.erases[erased_before..];
        assert!(
            erased.iter().all(|&at| at == START || at >= b_start),
            "{erased:x?}"
        );
        assert_eq!(
            held(&mut copy),
            [("A".into(), 0), ("B".into(), sectors_of(builtin))]
        );
        // A removed from the card: A is dropped, and B copied again to the front.
        let only_b: [(&[u8], &[u8]); 1] = [(b"B", builtin)];
        assert_eq!(books_of(&update(&mut copy, Some(&only_b))).len(), 1);
        assert_eq!(held(&mut copy), [("B".into(), 0)]);
        // B changed (another time on the card): copied again.
        let mut newer = Picked::default();
        newer.push(FileStamp {
            modified: 0x5A22_0000,
            ..stamp(b"B", builtin)
        });
        let programs = copy.flash.programs.len();
        let done = copy.update(Some(&newer), reader(&only_b), parse);
        assert_eq!(books_of(&done).len(), 1);
        assert!(copy.flash.programs.len() > programs + 1, "copied again");
        let catalogue = copy.catalogue().unwrap();
        assert_eq!(catalogue.iter().next().unwrap().stamp.modified, 0x5A22_0000);
    }

    #[test]
    fn a_damaged_file_is_refused_and_the_others_listed() {
        let builtin = Library::builtin_blob();
        let mut damaged = builtin.to_vec();
        let middle = damaged.len() / 2;
        damaged[middle] ^= 0x10;
        let files: [(&[u8], &[u8]); 3] = [(b"A", builtin), (b"BAD", &damaged), (b"C", builtin)];
        let mut copy = region();
        let done = update(&mut copy, Some(&files));
        assert!(done.refused && !done.failed);
        assert_eq!(books_of(&done).len(), 2);
        // C took the room the damaged file was refused in.
        let packed = [("A".into(), 0), ("C".into(), sectors_of(builtin))];
        assert_eq!(held(&mut copy), packed);
        // At the next start A and C are kept; the damaged file is tried and refused again.
        let again = update(&mut copy, Some(&files));
        assert!(again.refused);
        assert_eq!(books_of(&again).len(), 2);
        assert_eq!(held(&mut copy), packed);
    }

    #[test]
    fn a_copy_whose_bytes_changed_in_flash_is_dropped_without_a_card() {
        let builtin = Library::builtin_blob();
        let mut copy = region();
        let both: [(&[u8], &[u8]); 2] = [(b"A", builtin), (b"B", builtin)];
        update(&mut copy, Some(&both));
        let b_byte = (START + SECTOR + sectors_of(builtin)) as usize + builtin.len() / 2;
        copy.flash.bytes[b_byte] ^= 0x40;
        let done = update(&mut copy, None);
        assert_eq!(books_of(&done).len(), 1);
        assert_eq!(held(&mut copy), [("A".into(), 0)]);
    }

    #[test]
    fn a_card_failing_or_shrinking_mid_copy_keeps_the_files_before() {
        let builtin = Library::builtin_blob();
        let files: [(&[u8], &[u8]); 2] = [(b"A", builtin), (b"B", builtin)];
        let mut copy = region();
        // The card fails halfway through B.
        let half = builtin.len() as u32 / 2;
        let mut good = reader(&files);
        let failing = |i: usize, offset: u32, buffer: &mut [u8]| {
            if i == 1 && offset >= half {
                Err(())
            } else {
                good(i, offset, buffer)
            }
        };
        let done = copy.update(Some(&card(&files)), failing, parse);
        assert!(done.failed);
        assert_eq!(books_of(&done).len(), 1);
        assert_eq!(held(&mut copy), [("A".into(), 0)]);
        // B is shorter on the card than its directory entry says: not listed.
        let short: [(&[u8], &[u8]); 2] = [(b"A", builtin), (b"B", &builtin[..builtin.len() - 1])];
        let done = copy.update(Some(&card(&files)), reader(&short), parse);
        assert!(done.failed);
        assert_eq!(held(&mut copy), [("A".into(), 0)]);
    }

    #[test]
    fn a_power_cut_at_any_write_of_an_update_lists_only_whole_files() {
        // Small files, so that each of the update's write units can be cut; the check takes a
        // file for a library when its bytes are one of the three files'.
        let a: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 251) as u8).collect();
        let b: Vec<u8> = (0..5000u32).map(|i| (i * 11 % 241) as u8).collect();
        let c: Vec<u8> = (0..700u32).map(|i| (i * 13 % 239) as u8).collect();
        let contents = |name: u8| match name {
            b'A' => &a,
            b'B' => &b,
            _ => &c,
        };
        let whole = |flash: &mut Words, offset: u32, len: u32| {
            let at = (START + offset) as usize;
            let bytes = &flash.bytes[at..at + len as usize];
            [&a, &b, &c]
                .iter()
                .any(|file| file[..] == *bytes)
                .then_some(0u16)
        };
        let before: [(&[u8], &[u8]); 2] = [(b"A", &a), (b"C", &c)];
        let after: [(&[u8], &[u8]); 3] = [(b"A", &a), (b"B", &b), (b"C", &c)];
        let mut base = region();
        base.update(Some(&card(&before)), reader(&before), whole);
        let mut full = LibraryCopy::new(base.flash.clone(), START, LEN).unwrap();
        let units_before = full.flash.write_units();
        full.update(Some(&card(&after)), reader(&after), whole);
        let units = full.flash.write_units() - units_before;
        assert_eq!(full.catalogue().unwrap().len(), 3);
        for cut in 0..units {
            let mut copy = LibraryCopy::new(base.flash.clone(), START, LEN).unwrap();
            copy.flash.cut_power_after(cut);
            copy.update(Some(&card(&after)), reader(&after), whole);
            copy.flash.restore_power();
            // Every file listed is whole, and is the file its name says.
            let catalogue = copy.catalogue().unwrap();
            for held in catalogue.iter() {
                let at = (START + SECTOR + held.offset) as usize;
                let file = contents(held.stamp.name[0]);
                assert_eq!(
                    &copy.flash.bytes[at..at + file.len()],
                    &file[..],
                    "cut after {cut} of {units} units"
                );
            }
            // The next start, with the card, ends with all three.
            copy.update(Some(&card(&after)), reader(&after), whole);
            assert_eq!(copy.catalogue().unwrap().len(), 3, "cut after {cut}");
        }
    }

    #[test]
    fn the_catalogue_holds_its_files_and_fails_its_crc_when_damaged() {
        let mut catalogue = Catalogue::default();
        catalogue.push(Held {
            stamp: stamp(b"NOVEL", &[1, 2, 3]),
            offset: 0,
        });
        catalogue.push(Held {
            stamp: stamp(b"POEMS", &[4; 5000]),
            offset: SECTOR,
        });
        let header = catalogue.encode();
        assert_eq!(&header[..8], b"MOYECOPY");
        assert_eq!(&header[12..16], &2u32.to_le_bytes());
        assert_eq!(&header[16..28], b"NOVEL   MOY\0");
        assert_eq!(&header[40..52], b"POEMS   MOY\0");
        assert_eq!(&header[60..64], &SECTOR.to_le_bytes());
        let capacity = LEN - SECTOR;
        let decode = |bytes: &[u8], capacity| Catalogue::decode(bytes, capacity, SECTOR);
        assert_eq!(decode(&header, capacity), Some(catalogue));
        for byte in 0..HEADER_LEN {
            let mut damaged = header;
            damaged[byte] ^= 1;
            assert_eq!(decode(&damaged, capacity), None, "byte {byte}");
        }
        assert_eq!(decode(&[0xFF; HEADER_LEN], capacity), None, "erased");
        // Files over one another, or past the region, make no catalogue.
        let mut overlapping = Catalogue::default();
        for (name, len, offset) in [(b"A", 5000, 0), (b"B", 10, SECTOR)] {
            overlapping.push(Held {
                stamp: stamp(name, &vec![0; len]),
                offset,
            });
        }
        assert_eq!(decode(&overlapping.encode(), capacity), None);
        assert_eq!(decode(&catalogue.encode(), 4000), None);
    }

    #[test]
    fn the_first_library_files_by_name_that_fit_are_picked() {
        let file = |base: &[u8], ext: &[u8], len| FileStamp::new(base, ext, len, 0);
        let mut picker = Picker::new(10 * SECTOR, SECTOR);
        for (stamp, is_dir) in [
            (file(b"README", b"TXT", 10), false),
            (file(b"ZHONGHUA", b"MOY", 100), false),
            (file(b"HUGE", b"MOY", 11 * SECTOR), false),
            (file(b"EMPTY", b"MOY", 0), false),
            (file(b"ADIR", b"MOY", 0), true),
            (file(b"SHUIHU~1", b"moy", 8 * SECTOR), false),
            (file(b"BOOKS", b"MOY", 2 * SECTOR + 1), false),
            (file(b"MOYE", b"BIN", 50), false),
            (file(b"POEMS", b"MOY", 1), false),
        ] {
            picker.offer(stamp, is_dir);
        }
        // The first three library files by name: BOOKS (3 sectors), POEMS (1), SHUIHU~1 (8,
        // more than the 6 left); ZHONGHUA comes after them, HUGE is larger than the region.
        let picked: Vec<Vec<u8>> = picker
            .picked()
            .iter()
            .map(|stamp| stamp.name[..11].to_vec())
            .collect();
        assert_eq!(picked, [b"BOOKS   MOY".to_vec(), b"POEMS   MOY".to_vec()]);
        assert!(Picker::new(SECTOR, SECTOR).picked().is_empty());
    }

    #[test]
    fn a_region_must_be_whole_sectors_within_the_flash() {
        let chip = || Words::new(2 * 1024 * 1024);
        assert!(LibraryCopy::new(chip(), START + 4, LEN).is_none());
        assert!(LibraryCopy::new(chip(), START, LEN + 4).is_none());
        assert!(
            LibraryCopy::new(chip(), START, SECTOR).is_none(),
            "no room past the catalogue"
        );
        assert!(
            LibraryCopy::new(chip(), 0x1F_F000, 2 * SECTOR).is_none(),
            "past the end"
        );
        assert_eq!(region().capacity(), 255 * SECTOR);
    }
}
