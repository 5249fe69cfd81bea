//! The persisted record: reader [`Settings`], the last [`Position`] per book, bookmarks and the
//! last opened book, as one [`State`] encoded with postcard behind a format version.
//!
//! # Wire format
//!
//! A record is the postcard encoding of the tuple `(FORMAT_VERSION: u16, State)`: a varint
//! version, then the fields of [`State`] in declaration order. Enums are varint variant indices,
//! integers are varints, options a byte 0 or 1 and then the value, vectors a varint length and
//! their elements. A record of an earlier version this firmware knows is read as that version
//! wrote it and migrated (version 1 had no punctuation position: it reads as the rendition's
//! default; versions 1 and 2 had no page-count memos: they read without any; versions 1 to 3
//! set every book horizontally). A record of any other version is refused with [`RecordError::UnknownVersion`]
//! before any other byte is read, so a newer firmware may change everything after the version;
//! a record that is cut short, too long or holds impossible values is
//! [`RecordError::Malformed`]. Either way [`State::decode_or_default`] returns the defaults,
//! and nothing panics.

use core::fmt;

use heapless::Vec;
use serde::{Deserialize, Serialize};

pub use crate::glyphs::{PunctuationPosition, WritingMode};
pub use crate::layout::Prohibition;
use crate::position::Position;

/// Identifies a book: a stable hash the library assigns to each book, so a position or bookmark
/// still finds its book after the library is rebuilt with books added or removed.
pub type BookKey = u32;

/// Books whose last position is remembered. Sixteen covers a library that fits a
/// microcontroller's flash several times over; when a seventeenth book is opened the least
/// recently read one forgets its position (see [`State::set_position`]).
pub const MAX_BOOKS: usize = 16;

/// Bookmarks kept over all books: four per book on average, more than a few buttons make
/// pleasant to manage. With [`MAX_BOOKS`] it bounds the record at [`MAX_RECORD_LEN`] bytes, under
/// a third of a 4 KiB sector, and the [`State`] at about 1 KiB of RAM.
pub const MAX_BOOKMARKS: usize = 64;

/// The version written in front of every record; bump it whenever the encoding of [`State`]
/// changes, and keep reading the versions before it ([`State::decode`]). Version 2 added
/// [`Settings::punctuation`]; version 3 added [`State::memos`]; version 4 added
/// [`State::vertical`].
pub const FORMAT_VERSION: u16 = 4;

/// The first version, still read: its settings lack [`Settings::punctuation`].
const VERSION_1: u16 = 1;

/// The second version, still read: it has no [`State::memos`].
const VERSION_2: u16 = 2;

/// The third version, still read: it has no [`State::vertical`].
const VERSION_3: u16 = 3;

/// Longest varint encodings of postcard's integers.
const VARINT_U16: usize = 3;
const VARINT_U32: usize = 5;
/// A position is two `u16` varints; a (book, position) pair adds a `u32` varint.
const BOOK_POSITION: usize = VARINT_U32 + 2 * VARINT_U16;
/// A (book, memo) pair: the key and fingerprint (`u32`), the page count and page (`u16`) and a
/// position.
const BOOK_MEMO: usize = 2 * VARINT_U32 + 2 * VARINT_U16 + 2 * VARINT_U16;
/// Font size, rendition, orientation, line spacing (`u16`), refresh interval, prohibition,
/// hanging punctuation, the punctuation position (an option: a tag byte and the variant) and
/// 縦中横; every enum has fewer than 128 variants, so one byte each.
const SETTINGS: usize = 1 + 1 + 1 + VARINT_U16 + 1 + 1 + 1 + 2 + 1;

/// Vector lengths below 128 take one varint byte.
const _: () = assert!(MAX_BOOKS < 128 && MAX_BOOKMARKS < 128);

/// The varint encoding of [`FORMAT_VERSION`].
const VERSION: usize = if FORMAT_VERSION < 0x80 {
    1
} else if FORMAT_VERSION < 0x4000 {
    2
} else {
    3
};

/// The longest record [`State::encode`] can produce, in bytes.
pub const MAX_RECORD_LEN: usize = VERSION
    + SETTINGS
    + (1 + VARINT_U32)
    + (1 + MAX_BOOKS * BOOK_POSITION)
    + (1 + MAX_BOOKMARKS * BOOK_POSITION)
    + (1 + MAX_BOOKS * BOOK_MEMO)
    + (1 + MAX_BOOKS * VARINT_U32);

/// Which text a book shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Rendition {
    /// 简体: converted to Simplified characters.
    #[default]
    Simplified,
    /// 繁體: converted to Traditional characters.
    Traditional,
    /// 原文: the text as the source has it.
    Original,
}

/// How the panel is held.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Orientation {
    /// Taller than wide.
    #[default]
    Portrait,
    /// Wider than tall.
    Landscape,
}

/// What the reader chose in the settings menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Settings {
    /// Index into the profile's body font sizes; the UI clamps it to the sizes offered. 0, the
    /// smallest size, exists in every profile.
    pub font_size_index: u8,
    /// Simplified, Traditional or original text.
    pub rendition: Rendition,
    /// Portrait or landscape.
    pub orientation: Orientation,
    /// Line pitch as a percentage of the font size.
    pub line_spacing_percent: u16,
    /// Page turns between full (flashing) refreshes of the e-paper panel.
    pub full_refresh_every: u8,
    /// Line-breaking prohibition level.
    pub prohibition: Prohibition,
    /// Whether closing punctuation may hang into the right margin.
    pub hanging_punctuation: bool,
    /// Where the full-width marks sit (标点位置); `None`: the rendition's default
    /// ([`Settings::punctuation_position`]).
    pub punctuation: Option<PunctuationPosition>,
    /// 縦中横 (version 4): in a book set vertically, numbers of one or two digits stand
    /// upright in one cell instead of lying turned.
    pub upright_digits: bool,
}

impl Settings {
    /// Where the full-width marks sit: as chosen, else centred for 繁體 and low-left for the
    /// other renditions.
    pub const fn punctuation_position(&self) -> PunctuationPosition {
        match self.punctuation {
            Some(position) => position,
            None => {
                PunctuationPosition::default_for(matches!(self.rendition, Rendition::Traditional))
            }
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            font_size_index: 0,
            rendition: Rendition::Simplified,
            orientation: Orientation::Portrait,
            line_spacing_percent: 150,
            full_refresh_every: 8,
            prohibition: Prohibition::GbStyle,
            hanging_punctuation: false,
            punctuation: None,
            upright_digits: false,
        }
    }
}

/// [`Settings`] as versions 2 and 3 wrote them: no 縦中横.
#[derive(Deserialize)]
struct SettingsV3 {
    font_size_index: u8,
    rendition: Rendition,
    orientation: Orientation,
    line_spacing_percent: u16,
    full_refresh_every: u8,
    prohibition: Prohibition,
    hanging_punctuation: bool,
    punctuation: Option<PunctuationPosition>,
}

impl From<SettingsV3> for Settings {
    fn from(s: SettingsV3) -> Settings {
        Settings {
            font_size_index: s.font_size_index,
            rendition: s.rendition,
            orientation: s.orientation,
            line_spacing_percent: s.line_spacing_percent,
            full_refresh_every: s.full_refresh_every,
            prohibition: s.prohibition,
            hanging_punctuation: s.hanging_punctuation,
            punctuation: s.punctuation,
            upright_digits: false,
        }
    }
}

/// [`Settings`] as version 1 wrote them: the fields up to the punctuation position.
#[derive(Deserialize)]
struct SettingsV1 {
    font_size_index: u8,
    rendition: Rendition,
    orientation: Orientation,
    line_spacing_percent: u16,
    full_refresh_every: u8,
    prohibition: Prohibition,
    hanging_punctuation: bool,
}

/// [`State`] as version 1 wrote it.
#[derive(Deserialize)]
struct StateV1 {
    settings: SettingsV1,
    last_book: Option<BookKey>,
    #[serde(with = "heapless_seq")]
    positions: Vec<(BookKey, Position), MAX_BOOKS>,
    #[serde(with = "heapless_seq")]
    bookmarks: Vec<Bookmark, MAX_BOOKMARKS>,
}

// Each old version is migrated into the next one up, adding only what that one added, until
// it is a State.

impl From<StateV1> for StateV2 {
    fn from(old: StateV1) -> StateV2 {
        let s = old.settings;
        StateV2 {
            settings: SettingsV3 {
                font_size_index: s.font_size_index,
                rendition: s.rendition,
                orientation: s.orientation,
                line_spacing_percent: s.line_spacing_percent,
                full_refresh_every: s.full_refresh_every,
                prohibition: s.prohibition,
                hanging_punctuation: s.hanging_punctuation,
                punctuation: None,
            },
            last_book: old.last_book,
            positions: old.positions,
            bookmarks: old.bookmarks,
        }
    }
}

/// [`State`] as version 2 wrote it: no memos.
#[derive(Deserialize)]
struct StateV2 {
    settings: SettingsV3,
    last_book: Option<BookKey>,
    #[serde(with = "heapless_seq")]
    positions: Vec<(BookKey, Position), MAX_BOOKS>,
    #[serde(with = "heapless_seq")]
    bookmarks: Vec<Bookmark, MAX_BOOKMARKS>,
}

impl From<StateV2> for StateV3 {
    fn from(old: StateV2) -> StateV3 {
        StateV3 {
            settings: old.settings,
            last_book: old.last_book,
            positions: old.positions,
            bookmarks: old.bookmarks,
            memos: Vec::new(),
        }
    }
}

/// [`State`] as version 3 wrote it: every book horizontal.
#[derive(Deserialize)]
struct StateV3 {
    settings: SettingsV3,
    last_book: Option<BookKey>,
    #[serde(with = "heapless_seq")]
    positions: Vec<(BookKey, Position), MAX_BOOKS>,
    #[serde(with = "heapless_seq")]
    bookmarks: Vec<Bookmark, MAX_BOOKMARKS>,
    #[serde(with = "heapless_seq")]
    memos: Vec<(BookKey, PageMemo), MAX_BOOKS>,
}

impl From<StateV3> for State {
    fn from(old: StateV3) -> State {
        State {
            settings: old.settings.into(),
            last_book: old.last_book,
            positions: old.positions,
            bookmarks: old.bookmarks,
            memos: old.memos,
            vertical: Vec::new(),
        }
    }
}

/// What a finished page count of a book found, saved so that reopening the book with the
/// same layout shows its page numbers and total at once instead of counting again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PageMemo {
    /// A hash of everything the pages depend on (the book, the settings that lay it out, the
    /// panel, the layout engine's version): a memo of any other fingerprint is ignored.
    pub fingerprint: u32,
    /// Pages in the book.
    pub pages: u16,
    /// The reader's page when the memo was saved, from 0 ...
    pub page: u16,
    /// ... and where it starts.
    pub start: Position,
}

/// A place in a book the reader asked to remember.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Bookmark {
    /// The book.
    pub book: BookKey,
    /// Where in it.
    pub position: Position,
}

/// Everything that survives a reboot.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Reader settings.
    pub settings: Settings,
    /// The book to reopen at power-on.
    pub last_book: Option<BookKey>,
    /// The last position in each book, least recently read first.
    #[serde(with = "heapless_seq")]
    pub positions: Vec<(BookKey, Position), MAX_BOOKS>,
    /// Bookmarks in the order they were added.
    #[serde(with = "heapless_seq")]
    pub bookmarks: Vec<Bookmark, MAX_BOOKMARKS>,
    /// The last page count of each book (version 3), least recently saved first.
    #[serde(with = "heapless_seq")]
    pub memos: Vec<(BookKey, PageMemo), MAX_BOOKS>,
    /// The books set vertically (直排, version 4), least recently chosen first; every other
    /// book is set horizontally.
    #[serde(with = "heapless_seq")]
    pub vertical: Vec<BookKey, MAX_BOOKS>,
}

impl State {
    /// Which way `book` is set.
    pub fn writing(&self, book: BookKey) -> WritingMode {
        if self.vertical.contains(&book) {
            WritingMode::Vertical
        } else {
            WritingMode::Horizontal
        }
    }

    /// Sets `book` `writing`; when [`MAX_BOOKS`] other books are set vertically, the least
    /// recently chosen one goes back to horizontal.
    pub fn set_writing(&mut self, book: BookKey, writing: WritingMode) {
        self.vertical.retain(|&key| key != book);
        if writing.is_vertical() {
            if self.vertical.is_full() {
                self.vertical.remove(0);
            }
            // There is room: an entry was just removed or the vector was not full.
            let _ = self.vertical.push(book);
        }
    }

    /// The page-count memo of `book`, if any.
    pub fn memo(&self, book: BookKey) -> Option<PageMemo> {
        self.memos
            .iter()
            .find(|(key, _)| *key == book)
            .map(|&(_, memo)| memo)
    }

    /// Saves `memo` for `book`; when memos of [`MAX_BOOKS`] other books are kept, the least
    /// recently saved one is forgotten.
    pub fn set_memo(&mut self, book: BookKey, memo: PageMemo) {
        if let Some(index) = self.memos.iter().position(|(key, _)| *key == book) {
            self.memos.remove(index);
        } else if self.memos.is_full() {
            self.memos.remove(0);
        }
        // There is room: an entry was just removed or the vector was not full.
        let _ = self.memos.push((book, memo));
    }

    /// The remembered position in `book`, if any.
    pub fn position(&self, book: BookKey) -> Option<Position> {
        self.positions
            .iter()
            .find(|(key, _)| *key == book)
            .map(|&(_, position)| position)
    }

    /// Remembers `position` as the place reached in `book`, making `book` the most recently
    /// read. When positions for [`MAX_BOOKS`] other books are kept, the least recently read one
    /// is forgotten.
    pub fn set_position(&mut self, book: BookKey, position: Position) {
        if let Some(index) = self.positions.iter().position(|(key, _)| *key == book) {
            self.positions.remove(index);
        } else if self.positions.is_full() {
            self.positions.remove(0);
        }
        // There is room: an entry was just removed or the vector was not full.
        let _ = self.positions.push((book, position));
    }

    /// Adds a bookmark; adding one that exists changes nothing. When [`MAX_BOOKMARKS`] are kept
    /// the bookmark is handed back.
    pub fn add_bookmark(&mut self, bookmark: Bookmark) -> Result<(), Bookmark> {
        if self.bookmarks.contains(&bookmark) {
            return Ok(());
        }
        self.bookmarks.push(bookmark)
    }

    /// Removes a bookmark; returns whether it existed.
    pub fn remove_bookmark(&mut self, bookmark: &Bookmark) -> bool {
        let before = self.bookmarks.len();
        self.bookmarks.retain(|kept| kept != bookmark);
        self.bookmarks.len() != before
    }

    /// The bookmarks of `book`, in the order they were added.
    pub fn bookmarks_of(&self, book: BookKey) -> impl Iterator<Item = Position> + '_ {
        self.bookmarks
            .iter()
            .filter(move |mark| mark.book == book)
            .map(|mark| mark.position)
    }

    /// Forgets the position and bookmarks of a book that left the library.
    pub fn forget_book(&mut self, book: BookKey) {
        self.positions.retain(|(key, _)| *key != book);
        self.bookmarks.retain(|mark| mark.book != book);
        self.memos.retain(|(key, _)| *key != book);
        self.vertical.retain(|&key| key != book);
        if self.last_book == Some(book) {
            self.last_book = None;
        }
    }

    /// Encodes the record (version, then state) into `buf` and returns the bytes written. A
    /// buffer of [`MAX_RECORD_LEN`] bytes always suffices.
    pub fn encode<'b>(&self, buf: &'b mut [u8]) -> Result<&'b mut [u8], RecordError> {
        postcard::to_slice(&(FORMAT_VERSION, self), buf).map_err(|_| RecordError::BufferTooSmall)
    }

    /// Decodes a record written by [`encode`](Self::encode), by this firmware or an earlier
    /// one (migrated). Every byte string gives a state or an error, never a panic.
    pub fn decode(record: &[u8]) -> Result<State, RecordError> {
        let (version, rest) =
            postcard::take_from_bytes::<u16>(record).map_err(|_| RecordError::Malformed)?;
        match version {
            FORMAT_VERSION => decode_whole::<State>(rest),
            VERSION_3 => decode_whole::<StateV3>(rest).map(State::from),
            VERSION_2 => decode_whole::<StateV2>(rest).map(|v2| StateV3::from(v2).into()),
            VERSION_1 => {
                decode_whole::<StateV1>(rest).map(|v1| StateV3::from(StateV2::from(v1)).into())
            }
            _ => Err(RecordError::UnknownVersion(version)),
        }
    }

    /// Decodes a record, or gives the defaults when it is of another version or malformed.
    pub fn decode_or_default(record: &[u8]) -> State {
        State::decode(record).unwrap_or_default()
    }
}

/// `bytes` as exactly one `T`, nothing left over.
fn decode_whole<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, RecordError> {
    match postcard::take_from_bytes::<T>(bytes) {
        Ok((value, [])) => Ok(value),
        _ => Err(RecordError::Malformed),
    }
}

/// Why a record could not be encoded or decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordError {
    /// The encoding buffer is shorter than the record.
    BufferTooSmall,
    /// The record carries a format version this firmware does not know.
    UnknownVersion(u16),
    /// The record is cut short, has bytes left over or holds impossible values.
    Malformed,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::BufferTooSmall => f.write_str("buffer too small for the record"),
            RecordError::UnknownVersion(v) => write!(f, "unknown record format version {v}"),
            RecordError::Malformed => f.write_str("malformed record"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for RecordError {}

/// Serde for `heapless::Vec` as a sequence, refusing more elements than the capacity (the crate
/// is built without heapless's `serde` feature).
mod heapless_seq {
    use core::{fmt, marker::PhantomData};

    use heapless::Vec;
    use serde::de::{Deserialize, Deserializer, Error, SeqAccess, Visitor};
    use serde::ser::{Serialize, Serializer};

    pub fn serialize<S, T, const N: usize>(
        vec: &Vec<T, N>,
        serializer: S,
    ) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        T: Serialize,
    {
        vec.as_slice().serialize(serializer)
    }

    pub fn deserialize<'de, D, T, const N: usize>(deserializer: D) -> Result<Vec<T, N>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        deserializer.deserialize_seq(SeqVisitor::<T, N>(PhantomData))
    }

    struct SeqVisitor<T, const N: usize>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for SeqVisitor<T, N> {
        type Value = Vec<T, N>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a sequence of at most {N} elements")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut vec = Vec::new();
            while let Some(item) = seq.next_element()? {
                if vec.push(item).is_err() {
                    return Err(A::Error::invalid_length(N.saturating_add(1), &self));
                }
            }
            Ok(vec)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The largest record: every vector full, every integer at its longest varint.
    fn full_state() -> State {
        let mut state = State {
            settings: Settings {
                font_size_index: u8::MAX,
                rendition: Rendition::Original,
                orientation: Orientation::Landscape,
                line_spacing_percent: u16::MAX,
                full_refresh_every: u8::MAX,
                prohibition: Prohibition::Strict,
                hanging_punctuation: true,
                punctuation: Some(PunctuationPosition::Centred),
                upright_digits: true,
            },
            last_book: Some(u32::MAX),
            ..State::default()
        };
        for i in 0..MAX_BOOKS as u32 {
            state.set_position(u32::MAX - i, Position::new(u16::MAX - i as u16, u16::MAX));
        }
        for i in 0..MAX_BOOKMARKS as u32 {
            let mark = Bookmark {
                book: u32::MAX - i % 3,
                position: Position::new(u16::MAX, u16::MAX - i as u16),
            };
            state.add_bookmark(mark).unwrap();
        }
        for i in 0..MAX_BOOKS as u32 {
            let memo = PageMemo {
                fingerprint: u32::MAX - i,
                pages: u16::MAX,
                page: u16::MAX - 1,
                start: Position::new(u16::MAX, u16::MAX - i as u16),
            };
            state.set_memo(u32::MAX - i, memo);
        }
        for i in 0..MAX_BOOKS as u32 {
            state.set_writing(u32::MAX - i, WritingMode::Vertical);
        }
        state
    }

    #[test]
    fn defaults() {
        let settings = Settings::default();
        assert_eq!(settings.rendition, Rendition::Simplified);
        assert_eq!(settings.orientation, Orientation::Portrait);
        assert_eq!(settings.line_spacing_percent, 150);
        assert_eq!(settings.full_refresh_every, 8);
        assert_eq!(settings.prohibition, Prohibition::GbStyle);
        assert!(!settings.hanging_punctuation);
        assert_eq!(settings.punctuation, None);
        assert_eq!(
            settings.punctuation_position(),
            PunctuationPosition::LowLeft
        );
        let hant = Settings {
            rendition: Rendition::Traditional,
            ..settings
        };
        assert_eq!(hant.punctuation_position(), PunctuationPosition::Centred);
        let chosen = Settings {
            punctuation: Some(PunctuationPosition::LowLeft),
            ..hant
        };
        assert_eq!(chosen.punctuation_position(), PunctuationPosition::LowLeft);
    }

    #[test]
    fn default_record_bytes() {
        let mut buf = [0u8; MAX_RECORD_LEN];
        let bytes = State::default().encode(&mut buf).unwrap();
        #[rustfmt::skip]
        let expected = [
            0x04,                                     // format version
            0x00, 0x00, 0x00, 0x96, 0x01, 0x08, 0x01, 0x00, // settings…
            0x00,                                     // …punctuation: None
            0x00,                                     // …no 縦中横
            0x00,                                     // last_book: None
            0x00,                                     // no positions
            0x00,                                     // no bookmarks
            0x00,                                     // no memos
            0x00,                                     // no book set vertically
        ];
        assert_eq!(bytes, &expected);
    }

    #[test]
    fn full_record_round_trips_at_the_maximum_length() {
        let state = full_state();
        let mut buf = [0u8; MAX_RECORD_LEN];
        let bytes = state.encode(&mut buf).unwrap();
        assert_eq!(bytes.len(), MAX_RECORD_LEN);
        assert_eq!(State::decode(bytes), Ok(state.clone()));
        let mut short = [0u8; MAX_RECORD_LEN - 1];
        assert_eq!(state.encode(&mut short), Err(RecordError::BufferTooSmall));
    }

    #[test]
    fn unknown_versions_give_defaults() {
        let mut buf = [0u8; MAX_RECORD_LEN];
        let len = postcard::to_slice(&(5u16, &full_state()), &mut buf)
            .unwrap()
            .len();
        assert_eq!(
            State::decode(&buf[..len]),
            Err(RecordError::UnknownVersion(5))
        );
        assert_eq!(State::decode_or_default(&buf[..len]), State::default());
        // A future format may be anything after its version.
        let future = [0xFF, 0xFF, 0x03, 0xAB];
        assert_eq!(
            State::decode(&future),
            Err(RecordError::UnknownVersion(0xFFFF))
        );
        assert_eq!(State::decode(&[0x00]), Err(RecordError::UnknownVersion(0)));
    }

    #[test]
    fn truncated_or_padded_records_are_malformed() {
        let mut buf = [0u8; MAX_RECORD_LEN + 1];
        let len = full_state().encode(&mut buf).unwrap().len();
        for cut in 0..len {
            assert_eq!(State::decode(&buf[..cut]), Err(RecordError::Malformed));
        }
        assert_eq!(State::decode(&buf[..len + 1]), Err(RecordError::Malformed));
    }

    #[test]
    fn too_many_elements_are_malformed() {
        // Version, default settings, no last book, then 17 positions.
        let mut record = vec![0x03, 0, 0, 0, 0x96, 0x01, 0x08, 0x01, 0x00, 0x00, 0x00, 17];
        for _ in 0..17 {
            record.extend_from_slice(&[1, 0, 0]);
        }
        record.extend_from_slice(&[0, 0]); // no bookmarks, no memos
        assert_eq!(State::decode(&record), Err(RecordError::Malformed));
        // The same with 16 positions is fine.
        record[11] = 16;
        record.drain(12..15);
        assert_eq!(State::decode(&record).unwrap().positions.len(), 16);
    }

    #[test]
    fn a_version_1_record_reads_with_the_renditions_punctuation() {
        // Written by the firmware before version 2, byte for byte: 繁體, landscape, 175 %,
        // every 4 turns, strict, hanging; last book 7; book 7 at (3, 200); one bookmark.
        #[rustfmt::skip]
        let record = [
            0x01,                                     // format version 1
            0x02, 0x01, 0x01, 0xAF, 0x01, 0x04, 0x02, 0x01, // settings, no punctuation
            0x01, 0x07,                               // last_book: Some(7)
            0x01, 0x07, 0x03, 0xC8, 0x01,             // one position
            0x01, 0x07, 0x01, 0x00,                   // one bookmark
        ];
        let state = State::decode(&record).unwrap();
        let settings = state.settings;
        assert_eq!(
            (
                settings.font_size_index,
                settings.rendition,
                settings.orientation
            ),
            (2, Rendition::Traditional, Orientation::Landscape)
        );
        assert_eq!(
            (settings.line_spacing_percent, settings.full_refresh_every),
            (175, 4)
        );
        assert_eq!(settings.prohibition, Prohibition::Strict);
        assert!(settings.hanging_punctuation);
        assert_eq!(settings.punctuation, None);
        assert_eq!(
            settings.punctuation_position(),
            PunctuationPosition::Centred
        );
        assert_eq!(state.last_book, Some(7));
        assert_eq!(state.position(7), Some(Position::new(3, 200)));
        assert!(state.bookmarks_of(7).eq([Position::new(1, 0)]));
        // Saved again, it is a version-4 record that reads back the same.
        let mut buf = [0u8; MAX_RECORD_LEN];
        let bytes = state.encode(&mut buf).unwrap();
        assert_eq!(bytes[0], 0x04);
        assert_eq!(State::decode(bytes), Ok(state));
        // A version-1 record cut short or padded is malformed, as any other.
        assert_eq!(State::decode(&record[..8]), Err(RecordError::Malformed));
        let mut padded = record.to_vec();
        padded.push(0);
        assert_eq!(State::decode(&padded), Err(RecordError::Malformed));
    }

    #[test]
    fn a_version_2_record_reads_without_memos() {
        // Written by the firmware before version 3, byte for byte: default settings but the
        // punctuation chosen centred; last book 7; book 7 at (3, 200); one bookmark.
        #[rustfmt::skip]
        let record = [
            0x02,                                     // format version 2
            0x00, 0x00, 0x00, 0x96, 0x01, 0x08, 0x01, 0x00, // settings…
            0x01, 0x01,                               // …punctuation: Some(Centred)
            0x01, 0x07,                               // last_book: Some(7)
            0x01, 0x07, 0x03, 0xC8, 0x01,             // one position
            0x01, 0x07, 0x01, 0x00,                   // one bookmark
        ];
        let state = State::decode(&record).unwrap();
        assert_eq!(
            state.settings.punctuation,
            Some(PunctuationPosition::Centred)
        );
        assert_eq!(state.last_book, Some(7));
        assert_eq!(state.position(7), Some(Position::new(3, 200)));
        assert!(state.bookmarks_of(7).eq([Position::new(1, 0)]));
        assert!(state.memos.is_empty());
        // Saved again: version 4, the same bytes after the version but for 縦中横 off after
        // the settings, and no memos and no book set vertically at the end.
        let mut buf = [0u8; MAX_RECORD_LEN];
        let bytes = state.encode(&mut buf).unwrap();
        assert_eq!(bytes[0], 0x04);
        let expected = [&record[1..11], &[0x00], &record[11..], &[0x00, 0x00]].concat();
        assert_eq!(&bytes[1..], &expected[..]);
        assert_eq!(State::decode(bytes), Ok(state));
        let mut padded = record.to_vec();
        padded.push(0);
        assert_eq!(State::decode(&padded), Err(RecordError::Malformed));
    }

    #[test]
    fn a_version_3_record_reads_with_every_book_horizontal() {
        // Written by the firmware before version 4, byte for byte: default settings; last
        // book 7 at (3, 200); no bookmarks; a memo of 0xF00D, 12 pages, page 2 at (4, 5).
        #[rustfmt::skip]
        let record = [
            0x03,                                     // format version 3
            0x00, 0x00, 0x00, 0x96, 0x01, 0x08, 0x01, 0x00, // settings…
            0x00,                                     // …punctuation: None
            0x01, 0x07,                               // last_book: Some(7)
            0x01, 0x07, 0x03, 0xC8, 0x01,             // one position
            0x00,                                     // no bookmarks
            0x01, 0x07, 0x8D, 0xE0, 0x03, 0x0C, 0x02, 0x04, 0x05, // one memo
        ];
        let state = State::decode(&record).unwrap();
        assert_eq!(state.position(7), Some(Position::new(3, 200)));
        let memo = state.memo(7).unwrap();
        assert_eq!((memo.fingerprint, memo.pages, memo.page), (0xF00D, 12, 2));
        assert_eq!(state.writing(7), WritingMode::Horizontal);
        assert!(!state.settings.upright_digits);
        let mut buf = [0u8; MAX_RECORD_LEN];
        let bytes = state.encode(&mut buf).unwrap();
        assert_eq!(bytes[0], 0x04);
        let expected = [&record[1..10], &[0x00], &record[10..], &[0x00]].concat();
        assert_eq!(&bytes[1..], &expected[..]);
        assert_eq!(State::decode(bytes), Ok(state));
    }

    #[test]
    fn writing_modes_are_kept_per_book_and_forgotten_with_it() {
        let mut state = State::default();
        assert_eq!(state.writing(3), WritingMode::Horizontal);
        state.set_writing(3, WritingMode::Vertical);
        state.set_writing(3, WritingMode::Vertical);
        assert_eq!(state.vertical.as_slice(), &[3]);
        assert_eq!(state.writing(3), WritingMode::Vertical);
        assert_eq!(state.writing(4), WritingMode::Horizontal);
        for book in 10..10 + MAX_BOOKS as u32 {
            state.set_writing(book, WritingMode::Vertical);
        }
        // The least recently chosen, book 3, went back to horizontal.
        assert_eq!(state.writing(3), WritingMode::Horizontal);
        assert_eq!(state.writing(10), WritingMode::Vertical);
        state.set_writing(10, WritingMode::Horizontal);
        assert_eq!(state.writing(10), WritingMode::Horizontal);
        state.forget_book(11);
        assert_eq!(state.writing(11), WritingMode::Horizontal);
        let mut buf = [0u8; MAX_RECORD_LEN];
        let bytes = state.encode(&mut buf).unwrap();
        assert_eq!(State::decode(bytes), Ok(state));
    }

    #[test]
    fn memos_are_kept_per_book_and_forgotten_with_it() {
        let mut state = State::default();
        let memo = |pages| PageMemo {
            fingerprint: 0xF00D,
            pages,
            page: 2,
            start: Position::new(4, 5),
        };
        for book in 0..MAX_BOOKS as u32 {
            state.set_memo(book, memo(book as u16 + 10));
        }
        state.set_memo(0, memo(99)); // book 0 becomes the most recent
        state.set_memo(100, memo(7)); // evicts book 1
        assert_eq!(state.memos.len(), MAX_BOOKS);
        assert_eq!(state.memo(0), Some(memo(99)));
        assert_eq!(state.memo(1), None);
        assert_eq!(state.memo(100), Some(memo(7)));
        state.forget_book(100);
        assert_eq!(state.memo(100), None);
        // A memo round-trips in a record.
        let mut buf = [0u8; MAX_RECORD_LEN];
        let bytes = state.encode(&mut buf).unwrap();
        assert_eq!(State::decode(bytes), Ok(state));
    }

    #[test]
    fn positions_forget_the_least_recently_read_book() {
        let mut state = State::default();
        for book in 0..MAX_BOOKS as u32 {
            state.set_position(book, Position::new(book as u16, 0));
        }
        state.set_position(0, Position::new(9, 9)); // book 0 becomes the most recent
        state.set_position(100, Position::new(1, 1)); // evicts book 1
        assert_eq!(state.positions.len(), MAX_BOOKS);
        assert_eq!(state.position(0), Some(Position::new(9, 9)));
        assert_eq!(state.position(1), None);
        assert_eq!(state.position(2), Some(Position::new(2, 0)));
        assert_eq!(state.position(100), Some(Position::new(1, 1)));
    }

    #[test]
    fn bookmarks_add_remove_and_hand_back_when_full() {
        let mut state = State::default();
        let mark = |book, block| Bookmark {
            book,
            position: Position::new(block, 0),
        };
        state.add_bookmark(mark(1, 5)).unwrap();
        state.add_bookmark(mark(2, 1)).unwrap();
        state.add_bookmark(mark(1, 2)).unwrap();
        state.add_bookmark(mark(1, 5)).unwrap();
        assert_eq!(state.bookmarks.len(), 3);
        assert!(state
            .bookmarks_of(1)
            .eq([Position::new(5, 0), Position::new(2, 0)]));
        assert!(state.remove_bookmark(&mark(1, 5)));
        assert!(!state.remove_bookmark(&mark(1, 5)));
        for block in 100..100 + (MAX_BOOKMARKS as u16 - 2) {
            state.add_bookmark(mark(3, block)).unwrap();
        }
        assert_eq!(state.add_bookmark(mark(4, 0)), Err(mark(4, 0)));
        state.last_book = Some(3);
        state.set_position(3, Position::START);
        state.forget_book(3);
        assert_eq!(state.bookmarks.len(), 2);
        assert_eq!(state.position(3), None);
        assert_eq!(state.last_book, None);
    }

    fn arb_state() -> impl Strategy<Value = State> {
        let settings = (
            any::<u8>(),
            0..3u8,
            any::<bool>(),
            any::<u16>(),
            any::<u8>(),
            0..3u8,
            any::<bool>(),
            0..3u8,
        )
            .prop_map(
                |(
                    size,
                    rendition,
                    landscape,
                    spacing,
                    refresh,
                    prohibition,
                    hanging,
                    punctuation,
                )| Settings {
                    font_size_index: size,
                    rendition: [
                        Rendition::Simplified,
                        Rendition::Traditional,
                        Rendition::Original,
                    ][rendition as usize],
                    orientation: if landscape {
                        Orientation::Landscape
                    } else {
                        Orientation::Portrait
                    },
                    line_spacing_percent: spacing,
                    full_refresh_every: refresh,
                    prohibition: [
                        Prohibition::Basic,
                        Prohibition::GbStyle,
                        Prohibition::Strict,
                    ][prohibition as usize],
                    hanging_punctuation: hanging,
                    punctuation: [
                        None,
                        Some(PunctuationPosition::LowLeft),
                        Some(PunctuationPosition::Centred),
                    ][punctuation as usize],
                    // Varied with the hanging flag: proptest's tuples stop at twelve.
                    upright_digits: hanging ^ landscape,
                },
            );
        let position = (any::<u16>(), any::<u16>()).prop_map(|(b, o)| Position::new(b, o));
        (
            settings,
            proptest::option::of(any::<u32>()),
            proptest::collection::vec((any::<u32>(), position.clone()), 0..=MAX_BOOKS),
            proptest::collection::vec((any::<u32>(), position.clone()), 0..=MAX_BOOKMARKS),
            proptest::collection::vec(
                (
                    any::<u32>(),
                    any::<u32>(),
                    any::<u16>(),
                    any::<u16>(),
                    position,
                ),
                0..=MAX_BOOKS,
            ),
            proptest::collection::vec(any::<u32>(), 0..=MAX_BOOKS),
        )
            .prop_map(
                |(settings, last_book, positions, bookmarks, memos, vertical)| State {
                    vertical: vertical.into_iter().collect(),
                    settings,
                    last_book,
                    positions: positions.into_iter().collect(),
                    bookmarks: bookmarks
                        .into_iter()
                        .map(|(book, position)| Bookmark { book, position })
                        .collect(),
                    memos: memos
                        .into_iter()
                        .map(|(book, fingerprint, pages, page, start)| {
                            let memo = PageMemo {
                                fingerprint,
                                pages,
                                page,
                                start,
                            };
                            (book, memo)
                        })
                        .collect(),
                },
            )
    }

    proptest! {
        #[test]
        fn any_state_round_trips(state in arb_state()) {
            let mut buf = [0u8; MAX_RECORD_LEN];
            let bytes = state.encode(&mut buf).unwrap();
            prop_assert!(bytes.len() <= MAX_RECORD_LEN);
            prop_assert_eq!(State::decode(bytes), Ok(state));
        }

        #[test]
        fn any_bytes_decode_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..1200)) {
            let _ = State::decode(&bytes);
            let mut versioned = vec![FORMAT_VERSION as u8];
            versioned.extend_from_slice(&bytes);
            let _ = State::decode_or_default(&versioned);
        }
    }
}
