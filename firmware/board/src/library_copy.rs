//! A library file from a memory card, copied once into a region of the board's NOR flash so
//! that the core reads it in place through the flash's memory map, heap-free.
//!
//! The region's first sector holds a header, the rest the file's bytes as they are on the card:
//!
//! | offset | bytes | what |
//! |---|---|---|
//! | 0 | 8 | `MOYECOPY` |
//! | 8 | 4 | [`VERSION`], little-endian |
//! | 12 | 4 | the file's length in bytes |
//! | 16 | 12 | the file's name as the card's directory has it (8.3, space-padded) |
//! | 28 | 4 | its modification time (FAT date in the high half, time in the low) |
//! | 32 | 4 | CRC-32 of bytes 0–31 |
//! | 4096 | length | the library file |
//!
//! A copy ([`LibraryCopy::copy`]) erases the header first, then as many sectors as the file
//! needs, and programs the file; only [`commit`](LibraryCopy::commit), once the caller has
//! checked the copy with [`Library::parse`](moye::format::Library::parse) through the memory map,
//! writes the header. A power cut, a card pulled out or a read error at any point of a copy
//! leaves no header, so nothing half-copied is ever taken for a library: the next start copies
//! again (or, without the card, reads the built-in library alone). A header cut short fails its
//! CRC. [`committed`](LibraryCopy::committed) reads the header back and says which file the
//! region holds, so an unchanged card is not copied again.
//!
//! [`pick`] chooses the file: the card's root holds library files named `*.moye` (their 8.3
//! names end in `.MOY`), and the first by name that fits the region is taken.

use embedded_storage::nor_flash::NorFlash;
use moye::format::wire::crc32;

/// The header's magic.
pub const MAGIC: [u8; 8] = *b"MOYECOPY";

/// The header's layout version.
pub const VERSION: u32 = 1;

/// Bytes of the header, CRC included.
pub const HEADER_LEN: usize = 36;

/// Bytes copied per flash call: a card's block, the buffer on the stack.
pub const CHUNK: usize = 512;

/// The extension of a library file's 8.3 name (`*.moye`, `*.moy`).
pub const EXTENSION: &[u8] = b"MOY";

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

/// Of the files in a card's directory (stamps, with whether each is a directory), the library
/// file to copy: the first by name whose extension is [`EXTENSION`] (any case), that is not a
/// directory, not empty, and no longer than `capacity` bytes.
pub fn pick(
    entries: impl IntoIterator<Item = (FileStamp, bool)>,
    capacity: u32,
) -> Option<FileStamp> {
    entries
        .into_iter()
        .filter(|(stamp, is_dir)| {
            !is_dir
                && stamp.extension().eq_ignore_ascii_case(EXTENSION)
                && stamp.len > 0
                && stamp.len <= capacity
        })
        .map(|(stamp, _)| stamp)
        .min_by(|a, b| a.name.cmp(&b.name))
}

/// Why a copy failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyError<F, S> {
    /// The file is longer than the region holds.
    TooLong,
    /// The file ended before its length (the card changed under the copy).
    Truncated,
    /// Reading the file failed (the card was pulled out, or failed).
    Source(S),
    /// Erasing or programming the flash failed.
    Flash(F),
}

/// A region of NOR flash holding one copied library file; see the [module docs](self).
#[derive(Debug)]
pub struct LibraryCopy<F> {
    flash: F,
    start: u32,
    len: u32,
}

impl<F: NorFlash> LibraryCopy<F> {
    /// The `len` bytes of `flash` from `start`, or `None` unless both are whole sectors, the
    /// region holds the header's sector and one more, it lies within the flash, and the
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

    /// Bytes a library file may have: the region less the header's sector.
    pub fn capacity(&self) -> u32 {
        self.len - F::ERASE_SIZE as u32
    }

    /// Where the file's bytes start, from the region's start.
    pub fn data_offset(&self) -> u32 {
        F::ERASE_SIZE as u32
    }

    /// The file the region holds, if a copy was committed (its header is whole and its CRC
    /// right), or `None`.
    pub fn committed(&mut self) -> Result<Option<FileStamp>, F::Error> {
        let mut header = [0; CHUNK];
        self.flash.read(self.start, &mut header)?;
        Ok(decode(&header).filter(|stamp| stamp.len <= self.capacity()))
    }

    /// Forgets the copy: erases the header (the file's bytes stay until the next copy).
    pub fn forget(&mut self) -> Result<(), F::Error> {
        let sector = F::ERASE_SIZE as u32;
        self.flash.erase(self.start, self.start + sector)
    }

    /// Copies the file of `stamp` into the region, uncommitted: forgets the copy held, erases
    /// the sectors the file needs and programs it, [`CHUNK`] bytes at a time, read with
    /// `read(offset, buffer)` (which fills `buffer` from the file's `offset` and returns how
    /// many bytes it read; fewer than asked only at the file's end). Call
    /// [`commit`](Self::commit) once the copy is checked.
    pub fn copy<S>(
        &mut self,
        stamp: &FileStamp,
        mut read: impl FnMut(u32, &mut [u8]) -> Result<usize, S>,
    ) -> Result<(), CopyError<F::Error, S>> {
        if stamp.len > self.capacity() {
            return Err(CopyError::TooLong);
        }
        self.forget().map_err(CopyError::Flash)?;
        let sector = F::ERASE_SIZE as u32;
        let data = self.start + self.data_offset();
        let end = data + stamp.len.div_ceil(sector) * sector;
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

    /// Writes the header for the copy of `stamp` just made: from now on the region holds it.
    pub fn commit(&mut self, stamp: &FileStamp) -> Result<(), F::Error> {
        let mut header = [0xFF; CHUNK];
        let encoded = encode(stamp);
        for (to, from) in header.iter_mut().zip(encoded) {
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

/// The header of `stamp`'s copy.
fn encode(stamp: &FileStamp) -> [u8; HEADER_LEN] {
    let mut header = [0; HEADER_LEN];
    let fields: [&[u8]; 5] = [
        &MAGIC,
        &VERSION.to_le_bytes(),
        &stamp.len.to_le_bytes(),
        &stamp.name,
        &stamp.modified.to_le_bytes(),
    ];
    let mut at = 0;
    for field in fields {
        for (to, from) in header.iter_mut().skip(at).zip(field) {
            *to = *from;
        }
        at += field.len();
    }
    let crc = crc32(header.get(..32).unwrap_or(&[]));
    for (to, from) in header.iter_mut().skip(32).zip(crc.to_le_bytes()) {
        *to = from;
    }
    header
}

/// The stamp a header holds, if it is whole.
fn decode(bytes: &[u8]) -> Option<FileStamp> {
    let header = bytes.get(..HEADER_LEN)?;
    let word = |at: usize| -> Option<u32> {
        let field: [u8; 4] = header.get(at..at + 4)?.try_into().ok()?;
        Some(u32::from_le_bytes(field))
    };
    if header.get(..8)? != MAGIC || word(8)? != VERSION || word(32)? != crc32(header.get(..32)?) {
        return None;
    }
    Some(FileStamp {
        name: header.get(16..28)?.try_into().ok()?,
        len: word(12)?,
        modified: word(28)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Chip;
    use moye::format::Library;

    const SECTOR: u32 = 4096;
    /// A region of 128 sectors (512 KiB, room for the built-in library) from 1 MiB on, in a
    /// 2 MiB chip of 4-byte words.
    const START: u32 = 0x10_0000;
    const LEN: u32 = 128 * SECTOR;

    type Words = Chip<4>;

    fn region() -> LibraryCopy<Words> {
        LibraryCopy::new(Chip::new(2 * 1024 * 1024), START, LEN).unwrap()
    }

    fn stamp_of(file: &[u8]) -> FileStamp {
        FileStamp::new(b"NOVEL", b"MOY", file.len() as u32, 0x5A21_6C00)
    }

    fn reader(file: &[u8]) -> impl FnMut(u32, &mut [u8]) -> Result<usize, ()> + '_ {
        move |offset, buffer| {
            let from = &file[offset as usize..];
            let n = from.len().min(buffer.len());
            buffer[..n].copy_from_slice(&from[..n]);
            Ok(n)
        }
    }

    /// The copy's bytes in the chip, as the memory map shows them.
    fn mapped(copy: &LibraryCopy<Words>, len: u32) -> &[u8] {
        let data = (START + SECTOR) as usize;
        &copy.flash.bytes[data..data + len as usize]
    }

    #[test]
    fn a_real_library_is_copied_parsed_in_place_and_committed() {
        let file = Library::builtin_blob();
        let stamp = stamp_of(file);
        let mut copy = region();
        assert_eq!(
            copy.committed().unwrap(),
            None,
            "a fresh chip holds no copy"
        );
        copy.copy(&stamp, reader(file)).unwrap();
        assert_eq!(
            copy.committed().unwrap(),
            None,
            "not committed before it is checked"
        );
        let library = Library::parse(mapped(&copy, stamp.len)).unwrap();
        assert_eq!(
            library.book_count(),
            Library::builtin().unwrap().book_count()
        );
        copy.commit(&stamp).unwrap();
        assert_eq!(copy.committed().unwrap(), Some(stamp));
        // Only the sectors the file needs were erased, and nothing outside the region touched.
        let sectors = 1 + stamp.len.div_ceil(SECTOR) as usize;
        let erased: Vec<u32> = (0..sectors as u32).map(|i| START + i * SECTOR).collect();
        assert_eq!(
            copy.flash.erases, erased,
            "the header, then the data's sectors"
        );
        let chip = copy.into_inner();
        assert!(chip.bytes[..START as usize].iter().all(|&b| b == 0xA5));
        let after = START as usize + sectors * SECTOR as usize;
        assert!(chip.bytes[after..].iter().all(|&b| b == 0xA5));
    }

    #[test]
    fn a_damaged_file_is_refused_by_parse_and_never_committed() {
        let mut file = Library::builtin_blob().to_vec();
        let middle = file.len() / 2;
        file[middle] ^= 0x10;
        let stamp = stamp_of(&file);
        let mut copy = region();
        copy.copy(&stamp, reader(&file)).unwrap();
        assert!(Library::parse(mapped(&copy, stamp.len)).is_err());
        copy.forget().unwrap();
        assert_eq!(copy.committed().unwrap(), None);
    }

    #[test]
    fn a_card_failing_or_shrinking_mid_copy_leaves_no_copy() {
        let file = Library::builtin_blob();
        let stamp = stamp_of(file);
        let mut copy = region();
        copy.copy(&stamp, reader(file)).unwrap();
        copy.commit(&stamp).unwrap();
        // A new file; the card fails halfway.
        let mut failing = reader(file);
        let half = stamp.len / 2;
        let result = copy.copy(&stamp, |offset, buffer| {
            if offset >= half {
                Err(())
            } else {
                failing(offset, buffer)
            }
        });
        assert_eq!(result, Err(CopyError::Source(())));
        assert_eq!(copy.committed().unwrap(), None);
        // The file is shorter than its directory entry said.
        let result = copy.copy(&stamp, reader(&file[..file.len() - 1]));
        assert_eq!(result, Err(CopyError::Truncated));
        assert_eq!(copy.committed().unwrap(), None);
        // Too long for the region.
        let long = FileStamp { len: LEN, ..stamp };
        assert_eq!(copy.copy(&long, reader(file)), Err(CopyError::TooLong));
    }

    #[test]
    fn a_power_cut_at_any_write_of_a_copy_leaves_the_copy_uncommitted() {
        // A small file, so that every one of its write units can be cut.
        let file: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 251) as u8).collect();
        let stamp = stamp_of(&file);
        let mut whole = region();
        whole.copy(&stamp, reader(&file)).unwrap();
        whole.commit(&stamp).unwrap();
        let units = whole.flash.write_units();
        for cut in 0..units {
            let mut copy = region();
            copy.flash.cut_power_after(cut);
            let copied = copy.copy(&stamp, reader(&file));
            let committed = copied.is_ok() && copy.commit(&stamp).is_ok();
            copy.flash.restore_power();
            assert!(!committed, "cut after {cut} of {units} units");
            assert_eq!(
                copy.committed().unwrap(),
                None,
                "cut after {cut} of {units} units"
            );
        }
    }

    #[test]
    fn the_header_holds_the_stamp_and_fails_its_crc_when_damaged() {
        let stamp = stamp_of(&[1, 2, 3]);
        let header = encode(&stamp);
        assert_eq!(&header[..8], b"MOYECOPY");
        assert_eq!(&header[16..28], b"NOVEL   MOY\0");
        assert_eq!(decode(&header), Some(stamp));
        for byte in 0..HEADER_LEN {
            let mut damaged = header;
            damaged[byte] ^= 1;
            assert_eq!(decode(&damaged), None, "byte {byte}");
        }
        assert_eq!(decode(&[0xFF; HEADER_LEN]), None, "erased");
    }

    #[test]
    fn the_first_library_file_by_name_that_fits_is_picked() {
        let file = |base: &[u8], ext: &[u8], len| (FileStamp::new(base, ext, len, 0), false);
        let entries = [
            file(b"README", b"TXT", 10),
            file(b"ZHONGHUA", b"MOY", 100),
            file(b"HUGE", b"MOY", 10_000),
            file(b"EMPTY", b"MOY", 0),
            (FileStamp::new(b"ADIR", b"MOY", 0, 0), true),
            file(b"SHUIHU~1", b"moy", 200),
            file(b"MOYE", b"BIN", 50),
        ];
        let picked = pick(entries, 1000).unwrap();
        assert_eq!(&picked.name[..11], b"SHUIHU~1moy");
        assert_eq!(pick(entries.into_iter().take(1), 1000), None);
        assert_eq!(pick([], 1000), None);
    }

    #[test]
    fn a_region_must_be_whole_sectors_within_the_flash() {
        let chip = || Words::new(2 * 1024 * 1024);
        assert!(LibraryCopy::new(chip(), START + 4, LEN).is_none());
        assert!(LibraryCopy::new(chip(), START, LEN + 4).is_none());
        assert!(
            LibraryCopy::new(chip(), START, SECTOR).is_none(),
            "no room past the header"
        );
        assert!(
            LibraryCopy::new(chip(), 0x1F_F000, 2 * SECTOR).is_none(),
            "past the end"
        );
        assert_eq!(region().capacity(), 127 * SECTOR);
    }
}
