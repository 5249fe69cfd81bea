//! The library: a checked view of a whole blob.

use super::book::{self, Book};
use super::error::FormatError;
use super::font::{self, Font};
use super::text::CharTable;
use super::wire::{self, header, BookWire, FontWire, LibraryWire};

/// The most fonts (pixel sizes) a library may hold.
pub const MAX_FONTS: usize = 16;
/// The most books a library may hold.
pub const MAX_BOOKS: usize = 1024;

/// Where a character's glyphs come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlyphSource {
    /// The main font.
    Main,
    /// The fallback face, for a character the main font lacks.
    Fallback,
    /// No face has the character: its glyph is a box showing its code point.
    Replacement,
}

/// A parsed library blob.
///
/// [`Library::parse`] checks every length, offset and index of the blob once; afterwards no
/// accessor can panic or read out of bounds, and none copies: every text, glyph and table is
/// borrowed from the blob.
///
/// ```
/// let library = moye::format::Library::builtin().expect("the built-in library is valid");
/// assert_eq!(library.book_count(), 2);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Library<'a> {
    chars: CharTable<'a>,
    fonts: &'a [u8],
    books: &'a [u8],
    glyph_sources: &'a [u8],
    forms: &'a [u8],
    vertical: &'a [u8],
    font_count: u8,
    book_count: u16,
    size: usize,
}

impl<'a> Library<'a> {
    /// Checks `bytes` and returns the library they hold, or why they do not hold one.
    /// Any byte string gives one or the other, never a panic.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, FormatError> {
        let body = check_header(bytes)?;
        let (wire, rest) = postcard::take_from_bytes::<LibraryWire<'a>>(body)
            .map_err(|_| FormatError::Malformed)?;
        if !rest.is_empty() {
            return Err(FormatError::TrailingBytes);
        }
        let chars = check_chars(wire.chars)?;
        let char_count = usize::from(chars.len());
        check_glyph_sources(wire.glyph_sources, char_count)?;
        let record_count = check_forms(wire.forms, char_count)?;
        let record_count = check_vertical(wire.vertical, char_count, record_count)?;

        let mut font_count = 0u8;
        let mut last_size = 0u8;
        for font in records::<FontWire<'a>>(wire.fonts) {
            let bad = FormatError::BadFont(font_count);
            let font = font.map_err(|_| bad)?;
            if font.size <= last_size || !font::check(&font, record_count) {
                return Err(bad);
            }
            last_size = font.size;
            font_count += 1;
            if usize::from(font_count) > MAX_FONTS {
                return Err(FormatError::TooManyFonts);
            }
        }

        let mut book_count = 0u16;
        for book in records::<BookWire<'a>>(wire.books) {
            let bad = FormatError::BadBook(book_count);
            let book = book.map_err(|_| bad)?;
            if !book::check(&book, chars.len()) {
                return Err(bad);
            }
            book_count += 1;
            if usize::from(book_count) > MAX_BOOKS {
                return Err(FormatError::TooManyBooks);
            }
        }

        Ok(Library {
            chars,
            fonts: wire.fonts,
            books: wire.books,
            glyph_sources: wire.glyph_sources,
            forms: wire.forms,
            vertical: wire.vertical,
            font_count,
            book_count,
            size: bytes.len(),
        })
    }

    /// The library compiled into this program from content/ by the build script.
    pub fn builtin() -> Result<Library<'static>, FormatError> {
        Library::parse(BUILTIN)
    }

    /// The bytes of the built-in library, as a library file holds them (for tests that store
    /// or damage a real library).
    pub fn builtin_blob() -> &'static [u8] {
        BUILTIN
    }

    /// The id → character table.
    pub fn chars(&self) -> CharTable<'a> {
        self.chars
    }

    /// The id of character `c`, if the library has it: ids are in code-point order, so the
    /// id → character table is itself sorted (binary search, no scan).
    pub fn id_of(&self, c: char) -> Option<u16> {
        let (mut low, mut high) = (0u16, self.chars.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.chars.get(middle)?.cmp(&c) {
                core::cmp::Ordering::Less => low = middle + 1,
                core::cmp::Ordering::Greater => high = middle,
                core::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }

    /// How many fonts (pixel sizes) there are.
    pub fn font_count(&self) -> u8 {
        self.font_count
    }

    /// The fonts, smallest first.
    pub fn fonts(&self) -> impl Iterator<Item = Font<'a>> + 'a {
        records::<FontWire<'a>>(self.fonts).map_while(|font| Some(Font { wire: font.ok()? }))
    }

    /// The font of exactly `size` pixels.
    pub fn font(&self, size: u8) -> Option<Font<'a>> {
        self.fonts().find(|font| font.size() == size)
    }

    /// How many books there are.
    pub fn book_count(&self) -> u16 {
        self.book_count
    }

    /// The books, in library order.
    pub fn books(&self) -> impl Iterator<Item = Book<'a>> + 'a {
        let table = self.chars;
        records::<BookWire<'a>>(self.books).map_while(move |book| {
            Some(Book {
                wire: book.ok()?,
                table,
            })
        })
    }

    /// Book number `index` (from 0).
    pub fn book(&self, index: u16) -> Option<Book<'a>> {
        self.books().nth(usize::from(index))
    }

    /// Where the glyphs of character `id` come from.
    pub fn glyph_source(&self, id: u16) -> GlyphSource {
        let found = self
            .glyph_source_records()
            .find(|&(record_id, _)| record_id == id);
        match found {
            Some((_, wire::glyph_source::FALLBACK)) => GlyphSource::Fallback,
            Some(_) => GlyphSource::Replacement,
            None => GlyphSource::Main,
        }
    }

    /// The glyph record of the Traditional form of character `id` (the 繁體 face's shapes
    /// and centred full-width marks): `id` itself where its glyph already is that form (the
    /// faces draw it alike, or it is a Traditional character drawn from the TC face alone), or
    /// where the library has no Traditional face. One load, for the page-turn path.
    #[inline]
    pub fn traditional_record(&self, id: u16) -> u16 {
        let at = usize::from(id) * wire::forms::RECORD;
        match self.forms.get(at..at + wire::forms::RECORD) {
            Some(&[low, high]) => u16::from_le_bytes([low, high]),
            _ => id,
        }
    }

    /// The glyph record of the vertical form of character `id` (its `vert` substitution:
    /// turned brackets and dashes, 。，、 in the upper right), or `id` itself where it has
    /// none. A binary search of the few characters that have one.
    pub fn vertical_record(&self, id: u16) -> u16 {
        let entry = |index: usize| {
            let at = index * wire::vertical::LEN;
            let bytes = self.vertical.get(at..at + wire::vertical::LEN)?;
            Some((
                u16_at(bytes, wire::vertical::ID)?,
                u16_at(bytes, wire::vertical::RECORD)?,
            ))
        };
        let (mut low, mut high) = (0, self.vertical.len() / wire::vertical::LEN);
        // Most characters lie outside the few ids the table spans (Latin below it).
        let outside = |index: usize, beyond: fn(u16, u16) -> bool| {
            entry(index).is_none_or(|(entry_id, _)| beyond(id, entry_id))
        };
        if high == 0
            || outside(0, |id, first| id < first)
            || outside(high - 1, |id, last| id > last)
        {
            return id;
        }
        while low < high {
            let middle = low + (high - low) / 2;
            let Some((entry_id, record)) = entry(middle) else {
                return id;
            };
            match entry_id.cmp(&id) {
                core::cmp::Ordering::Less => low = middle + 1,
                core::cmp::Ordering::Greater => high = middle,
                core::cmp::Ordering::Equal => return record,
            }
        }
        id
    }

    /// How many characters have a vertical form.
    pub fn vertical_form_count(&self) -> usize {
        self.vertical.len() / wire::vertical::LEN
    }

    /// How many characters have a Traditional form unlike their main one.
    pub fn traditional_variant_count(&self) -> usize {
        (0..self.chars.len())
            .filter(|&id| self.traditional_record(id) != id)
            .count()
    }

    /// How many characters are drawn from the fallback face and how many as replacement boxes.
    pub fn glyph_source_counts(&self) -> (u16, u16) {
        self.glyph_source_records()
            .fold((0, 0), |(fallback, replaced), (_, source)| {
                if source == wire::glyph_source::FALLBACK {
                    (fallback + 1, replaced)
                } else {
                    (fallback, replaced + 1)
                }
            })
    }

    fn glyph_source_records(&self) -> impl Iterator<Item = (u16, u8)> + 'a {
        self.glyph_sources
            .chunks_exact(wire::glyph_source::LEN)
            .filter_map(|record| match *record {
                [low, high, source] => Some((u16::from_le_bytes([low, high]), source)),
                _ => None,
            })
    }

    /// The blob's size in bytes.
    pub fn size(&self) -> usize {
        self.size
    }
}

static BUILTIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/library.bin"));

/// The body after a valid header.
fn check_header(bytes: &[u8]) -> Result<&[u8], FormatError> {
    let head = bytes.get(..header::LEN).ok_or(FormatError::TooShort)?;
    let body = bytes.get(header::LEN..).ok_or(FormatError::TooShort)?;
    if head.get(header::MAGIC) != Some(&wire::MAGIC[..]) {
        return Err(FormatError::BadMagic);
    }
    let field = |range: core::ops::Range<usize>| {
        head.get(range)
            .map(|b| b.iter().rev().fold(0u32, |n, &x| (n << 8) | u32::from(x)))
            .unwrap_or(0)
    };
    let version = field(header::VERSION) as u16;
    if version != wire::VERSION {
        return Err(FormatError::UnsupportedVersion(version));
    }
    let stated = field(header::BODY_LEN);
    if stated as usize != body.len() {
        return Err(FormatError::LengthMismatch {
            stated,
            actual: body.len(),
        });
    }
    if wire::crc32(body) != field(header::CRC) {
        return Err(FormatError::BadChecksum);
    }
    Ok(body)
}

fn check_chars(records: &[u8]) -> Result<CharTable<'_>, FormatError> {
    let count = records.len() / wire::CHAR_RECORD;
    if records.len() % wire::CHAR_RECORD != 0 || count > wire::code::ID_LIMIT as usize {
        return Err(FormatError::BadCharTable);
    }
    let table = CharTable { records };
    // Every record a character, in strictly increasing order: then the binary search of
    // [`Library::id_of`] is exact.
    let mut previous: Option<char> = None;
    for id in 0..table.len() {
        let c = table.get(id).ok_or(FormatError::BadCharTable)?;
        if previous.is_some_and(|p| p >= c) {
            return Err(FormatError::BadCharTable);
        }
        previous = Some(c);
    }
    Ok(table)
}

/// The glyph-source records must be whole, in increasing id order, name existing ids and
/// carry known codes.
fn check_glyph_sources(records: &[u8], char_count: usize) -> Result<(), FormatError> {
    if records.len() % wire::glyph_source::LEN != 0 {
        return Err(FormatError::BadGlyphSources);
    }
    let mut previous: Option<u16> = None;
    for record in records.chunks_exact(wire::glyph_source::LEN) {
        let [low, high, source] = *record else {
            return Err(FormatError::BadGlyphSources);
        };
        let id = u16::from_le_bytes([low, high]);
        let known = [
            wire::glyph_source::FALLBACK,
            wire::glyph_source::REPLACEMENT,
        ];
        if usize::from(id) >= char_count
            || previous.is_some_and(|p| p >= id)
            || !known.contains(&source)
        {
            return Err(FormatError::BadGlyphSources);
        }
        previous = Some(id);
    }
    Ok(())
}

/// The Traditional-form table must be empty or hold one entry per id, each the id itself or
/// a record past the ids, no two ids sharing one. Returns how many glyph records every font
/// must then hold: the ids and the variant records up to the highest one named.
fn check_forms(forms: &[u8], char_count: usize) -> Result<usize, FormatError> {
    if forms.is_empty() {
        return Ok(char_count);
    }
    if forms.len() != char_count * wire::forms::RECORD {
        return Err(FormatError::BadForms);
    }
    let mut records = char_count;
    for (id, entry) in forms.chunks_exact(wire::forms::RECORD).enumerate() {
        let [low, high] = *entry else {
            return Err(FormatError::BadForms);
        };
        let record = usize::from(u16::from_le_bytes([low, high]));
        if record == id {
            continue;
        }
        // Variant records are numbered in id order, each one past the last: then every
        // record up to the highest is named exactly once, and the fonts' tables can be
        // checked by their length alone.
        if record != records {
            return Err(FormatError::BadForms);
        }
        records += 1;
    }
    Ok(records)
}

/// The vertical-form table must hold whole entries in strictly increasing order of existing
/// ids, whose records are numbered on from `records` (the glyph records before them), one
/// after another. Returns how many glyph records every font must then hold.
fn check_vertical(entries: &[u8], char_count: usize, records: usize) -> Result<usize, FormatError> {
    if entries.len() % wire::vertical::LEN != 0 {
        return Err(FormatError::BadVerticalForms);
    }
    let mut previous: Option<u16> = None;
    let mut next = records;
    for entry in entries.chunks_exact(wire::vertical::LEN) {
        let id = u16_at(entry, wire::vertical::ID).ok_or(FormatError::BadVerticalForms)?;
        let record = u16_at(entry, wire::vertical::RECORD).ok_or(FormatError::BadVerticalForms)?;
        if usize::from(id) >= char_count
            || previous.is_some_and(|p| p >= id)
            || usize::from(record) != next
        {
            return Err(FormatError::BadVerticalForms);
        }
        previous = Some(id);
        next += 1;
    }
    Ok(next)
}

/// The u16 LE at `field` of `bytes`.
fn u16_at(bytes: &[u8], field: core::ops::Range<usize>) -> Option<u16> {
    let pair: [u8; 2] = bytes.get(field)?.try_into().ok()?;
    Some(u16::from_le_bytes(pair))
}

/// Postcard records back to back until the bytes run out.
fn records<'a, T: serde::Deserialize<'a>>(
    mut bytes: &'a [u8],
) -> impl Iterator<Item = Result<T, postcard::Error>> + 'a {
    core::iter::from_fn(move || {
        if bytes.is_empty() {
            return None;
        }
        match postcard::take_from_bytes::<T>(bytes) {
            Ok((record, rest)) => {
                bytes = rest;
                Some(Ok(record))
            }
            Err(error) => {
                bytes = &[];
                Some(Err(error))
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A forms table of `records`, one per id, u16 LE.
    fn table(records: &[u16]) -> std::vec::Vec<u8> {
        records.iter().flat_map(|r| r.to_le_bytes()).collect()
    }

    #[test]
    fn a_char_table_must_be_in_strictly_increasing_code_point_order() {
        let record = |c: char| u32::from(c).to_le_bytes()[..wire::CHAR_RECORD].to_vec();
        let table = |chars: &[char]| {
            chars
                .iter()
                .flat_map(|&c| record(c))
                .collect::<std::vec::Vec<u8>>()
        };
        assert!(check_chars(&table(&['A', '中', '是'])).is_ok());
        assert_eq!(
            check_chars(&table(&['中', 'A'])).err(),
            Some(FormatError::BadCharTable)
        );
        assert_eq!(
            check_chars(&table(&['中', '中'])).err(),
            Some(FormatError::BadCharTable)
        );
        // A surrogate is no character.
        assert_eq!(
            check_chars(&[0x00, 0xD8, 0x00]).err(),
            Some(FormatError::BadCharTable)
        );
    }

    #[test]
    fn every_character_of_the_built_in_library_is_found_by_its_id() {
        let library = Library::builtin().unwrap();
        let chars = library.chars();
        for id in 0..chars.len() {
            let c = chars.get(id).unwrap();
            assert_eq!(library.id_of(c), Some(id), "{c}");
        }
        // Between and beyond the characters: not found.
        assert_eq!(library.id_of('\u{10FFFF}'), None);
        assert_eq!(library.id_of('\u{0}'), None);
    }

    #[test]
    fn the_built_in_library_turns_brackets_and_moves_the_full_stop_but_not_han() {
        let library = Library::builtin().unwrap();
        let id = |c| library.id_of(c).unwrap();
        for c in ['「', '。'] {
            assert_ne!(library.vertical_record(id(c)), id(c), "{c}");
        }
        // 中 has none: its record is its id, as for any id without one.
        assert_eq!(library.vertical_record(id('中')), id('中'));
        assert!(library.vertical_form_count() >= 2);
    }

    #[test]
    fn a_vertical_table_names_its_records_on_from_the_variants_in_id_order() {
        // (id, record) entries.
        let entries = |pairs: &[(u16, u16)]| -> std::vec::Vec<u8> {
            let flat: std::vec::Vec<u16> = pairs.iter().flat_map(|&(id, r)| [id, r]).collect();
            table(&flat)
        };
        assert_eq!(check_vertical(&[], 4, 6), Ok(6));
        // Ids 1 and 3 have vertical forms, records 6 and 7 after 4 ids and 2 variants.
        assert_eq!(check_vertical(&entries(&[(1, 6), (3, 7)]), 4, 6), Ok(8));
        let bad = Err(FormatError::BadVerticalForms);
        // Out of id order, a record skipped or reused, an id the library lacks, a torn entry.
        assert_eq!(check_vertical(&entries(&[(3, 6), (1, 7)]), 4, 6), bad);
        assert_eq!(check_vertical(&entries(&[(1, 6), (3, 8)]), 4, 6), bad);
        assert_eq!(check_vertical(&entries(&[(1, 5), (3, 6)]), 4, 6), bad);
        assert_eq!(check_vertical(&entries(&[(1, 6), (4, 7)]), 4, 6), bad);
        assert_eq!(check_vertical(&entries(&[(1, 6)])[..3], 4, 6), bad);
    }

    #[test]
    fn a_forms_table_names_each_variant_once_in_id_order_past_the_ids() {
        // No table: one record per id.
        assert_eq!(check_forms(&[], 3), Ok(3));
        // Ids 0 and 2 are their own form; id 1's variant is record 4, id 3's record 5.
        assert_eq!(check_forms(&table(&[0, 4, 2, 5]), 4), Ok(6));
        let bad = Err(FormatError::BadForms);
        // A variant out of order, skipping a record, or pointing at another id.
        assert_eq!(check_forms(&table(&[0, 5, 2, 4]), 4), bad);
        assert_eq!(check_forms(&table(&[0, 5, 2, 3]), 4), bad);
        assert_eq!(check_forms(&table(&[1, 1, 2]), 3), bad);
        // One entry too few or a byte too many.
        assert_eq!(check_forms(&table(&[0, 1]), 3), bad);
        let mut odd = table(&[0, 1, 2]);
        odd.push(0);
        assert_eq!(check_forms(&odd, 3), bad);
    }

    #[test]
    fn the_built_in_library_maps_every_id_to_itself_or_its_own_variant() {
        let library = Library::builtin().unwrap();
        let ids = library.chars().len();
        let mut next = ids;
        for id in 0..ids {
            let record = library.traditional_record(id);
            if record != id {
                assert_eq!(record, next, "variants in id order");
                next += 1;
            }
        }
        assert_eq!(usize::from(next - ids), library.traditional_variant_count());
        // An id past the table is its own record.
        assert_eq!(library.traditional_record(u16::MAX), u16::MAX);
    }
}
