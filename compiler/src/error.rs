//! Why a library could not be compiled.

use std::fmt;
use std::path::PathBuf;

use crate::blob::BlobError;
use crate::charset::Origin;
use crate::clean::CleanError;
use crate::convert::ConvertError;
use crate::epub::EpubError;
use crate::raster::RasterError;
use crate::txt::TxtError;

/// Why a library could not be compiled. `Display` says what to fix, and where.
#[derive(Debug)]
#[non_exhaustive]
pub enum CompileError {
    /// A file or folder could not be read.
    Io {
        /// The path.
        path: PathBuf,
        /// The operating system's error.
        error: std::io::Error,
    },
    /// A book is not UTF-8 text.
    NotUtf8 {
        /// The book's file.
        file: String,
        /// The 1-based line of the first bad byte.
        line: usize,
    },
    /// A folder holds no book, or no book was given.
    NoBooks(PathBuf),
    /// A file named as a book is of a kind the compiler does not read.
    UnknownFormat(PathBuf),
    /// A book file larger than any book of its kind (checked before it is read, so memory
    /// stays bounded).
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The most its kind may have.
        limit: u64,
    },
    /// No sizes were asked for.
    NoSizes,
    /// A book's markup could not be cleaned.
    Clean(CleanError),
    /// A text file is not a book (binary data, or empty).
    Txt(TxtError),
    /// An EPUB file is broken, or not an EPUB.
    Epub(EpubError),
    /// OpenCC could not be loaded.
    Convert(ConvertError),
    /// A font could not be rasterized.
    Raster {
        /// The font file.
        font: PathBuf,
        /// What went wrong.
        error: RasterError,
    },
    /// A character no font has (only with `strict`).
    MissingGlyph {
        /// The character.
        c: char,
        /// Where it is first used.
        origin: Origin,
        /// The font that lacks it.
        font: PathBuf,
    },
    /// A converted character no font has, where the source character would do (only with
    /// `strict`): the message names the place, the rendition and both characters.
    Unconvertible(String),
    /// The library does not fit the wire format.
    Blob(BlobError),
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompileError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            CompileError::NotUtf8 { file, line } => {
                write!(f, "{file}:{line}: not UTF-8 text (save the book as UTF-8)")
            }
            CompileError::NoBooks(dir) if dir.as_os_str().is_empty() => {
                write!(f, "no books to compile")
            }
            CompileError::NoBooks(dir) => write!(
                f,
                "{}: no books (*.md, *.epub or *.txt files) to compile",
                dir.display()
            ),
            CompileError::UnknownFormat(file) => write!(
                f,
                "{}: not a kind of book the compiler reads (.md, .epub or .txt)",
                file.display()
            ),
            CompileError::TooLarge { path, size, limit } => write!(
                f,
                "{}: {} MiB is more than a book of this kind can be ({} MiB); is it a book?",
                path.display(),
                size >> 20,
                limit >> 20
            ),
            CompileError::NoSizes => write!(f, "no font sizes to rasterize"),
            CompileError::Clean(error) => write!(f, "{error}"),
            CompileError::Txt(error) => write!(f, "{error}"),
            CompileError::Epub(error) => write!(f, "{error}"),
            CompileError::Convert(error) => write!(f, "{error}"),
            CompileError::Raster { font, error } => write!(f, "{}: {error}", font.display()),
            CompileError::MissingGlyph { c, origin, font } => write!(
                f,
                "{origin}: character '{c}' (U+{:04X}) has no glyph in {} (--strict)",
                u32::from(*c),
                font.display()
            ),
            CompileError::Unconvertible(message) => write!(f, "{message} (--strict)"),
            CompileError::Blob(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for CompileError {}

impl From<TxtError> for CompileError {
    fn from(error: TxtError) -> Self {
        CompileError::Txt(error)
    }
}
