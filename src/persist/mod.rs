//! Settings, reading positions and bookmarks, saved to A/B flash slots.
//!
//! Everything the reader expects to find again after switching the device off lives in one
//! [`State`]: the [`Settings`], the last [`Position`](crate::Position) in each book, the
//! bookmarks and the book to reopen. It is stored as one versioned postcard record in flash,
//! through three layers:
//!
//! - [`storage`]: the [`Storage`] trait, shaped like NOR flash (erase a sector to `0xFF`,
//!   program bytes that can only clear bits, read), with [`RamStorage`], an in-memory model that
//!   can cut power after any byte, and (with the `std` feature) `FileStorage` for the
//!   simulator. Firmware implements the trait over its flash chip.
//! - [`record`]: the [`State`] and its encoding behind a format version; any byte string decodes
//!   to a state or an error, and an unknown version gives the defaults.
//! - [`slots`]: the [`Store`], which writes the record alternately into two sectors with a
//!   sequence number, two CRC-32s ([`crate::format::wire::crc32`]) and a commit word written
//!   last, appending to a sector's earlier records and erasing it only when it is full.
//!
//! A power cut during a save loses at most that save; a corrupt slot falls back to the other
//! one, and with both corrupt the state is the defaults. The on-flash layout and the argument
//! for the write order are in [`slots`].
//!
//! Nothing here allocates: [`Store::load`] and [`Store::save`] encode into a caller-owned
//! buffer of [`MAX_RECORD_LEN`] bytes, and all containers are fixed-capacity.
//!
//! ```
//! use moye::persist::{Bookmark, RamStorage, Store, MAX_RECORD_LEN};
//! use moye::Position;
//!
//! let mut flash = RamStorage::<8192>::new();
//! let mut buf = [0u8; MAX_RECORD_LEN];
//! let mut store = Store::new(&mut flash).unwrap();
//! let mut state = store.load(&mut buf).unwrap();
//! state.last_book = Some(0x5EED_B00C);
//! state.set_position(0x5EED_B00C, Position::new(12, 40));
//! state.add_bookmark(Bookmark { book: 0x5EED_B00C, position: Position::new(3, 0) }).unwrap();
//! store.save(&state, &mut buf).unwrap();
//!
//! // Power cycle: a new store over the same flash finds the same state.
//! let mut store = Store::new(&mut flash).unwrap();
//! assert_eq!(store.load(&mut buf).unwrap().position(0x5EED_B00C), Some(Position::new(12, 40)));
//! ```

#[cfg(feature = "std")]
mod file;
pub mod record;
pub mod slots;
pub mod storage;

#[cfg(feature = "std")]
pub use file::{FileError, FileStorage};
pub use record::{
    BookKey, Bookmark, Orientation, PageMemo, Prohibition, PunctuationPosition, RecordError,
    Rendition, Settings, State, WritingMode, MAX_BOOKMARKS, MAX_BOOKS, MAX_RECORD_LEN,
};
pub use slots::{Saved, Slot, Store, StoreError};
pub use storage::{RamError, RamStorage, Storage};
