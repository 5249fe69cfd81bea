//! Why a byte string is not a library.

use core::fmt;

/// Why [`Library::parse`](super::Library::parse) refused a blob. Every variant names the part
/// that failed, so a bad book file can be reported usefully.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormatError {
    /// Shorter than the 16-byte header.
    TooShort,
    /// The blob does not start with `MOYE`.
    BadMagic,
    /// A format version this reader does not know.
    UnsupportedVersion(u16),
    /// The header's body length disagrees with the bytes present.
    LengthMismatch {
        /// The body length the header states.
        stated: u32,
        /// The bytes after the header.
        actual: usize,
    },
    /// The body's CRC-32 does not match the header: the file is damaged.
    BadChecksum,
    /// The body is not a well-formed postcard library record.
    Malformed,
    /// Bytes left over after the library record.
    TrailingBytes,
    /// The character table is malformed (length, size, a code point, or not in code-point
    /// order).
    BadCharTable,
    /// Font number `n` (from 0) is malformed.
    BadFont(u8),
    /// More fonts than a library may hold.
    TooManyFonts,
    /// Book number `n` (from 0) is malformed.
    BadBook(u16),
    /// More books than a library may hold.
    TooManyBooks,
    /// The glyph-source table is malformed (length, order, an id or a code).
    BadGlyphSources,
    /// The Traditional-form table is malformed (length, or a record out of order).
    BadForms,
    /// The vertical-form table is malformed.
    BadVerticalForms,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::TooShort => write!(f, "not a library: shorter than its header"),
            FormatError::BadMagic => write!(f, "not a library: no MOYE signature"),
            FormatError::UnsupportedVersion(v) => write!(
                f,
                "library format version {v} is not supported (this Moye reads version {}: \
                 compile the books again with `moye compile`)",
                super::wire::VERSION
            ),
            FormatError::LengthMismatch { stated, actual } => write!(
                f,
                "library is truncated or padded: header says {stated} bytes, found {actual}"
            ),
            FormatError::BadChecksum => write!(f, "library is damaged: checksum mismatch"),
            FormatError::Malformed => write!(f, "library record is malformed"),
            FormatError::TrailingBytes => write!(f, "library has trailing bytes"),
            FormatError::BadCharTable => write!(f, "library character table is malformed"),
            FormatError::BadFont(n) => write!(f, "library font {n} is malformed"),
            FormatError::BadGlyphSources => write!(f, "library glyph-source table is malformed"),
            FormatError::BadForms => write!(f, "library Traditional-form table is malformed"),
            FormatError::BadVerticalForms => {
                write!(f, "library vertical-form table is malformed")
            }
            FormatError::TooManyFonts => write!(f, "library has too many fonts"),
            FormatError::BadBook(n) => write!(f, "library book {} is malformed", n + 1),
            FormatError::TooManyBooks => write!(f, "library has too many books"),
        }
    }
}

impl core::error::Error for FormatError {}
