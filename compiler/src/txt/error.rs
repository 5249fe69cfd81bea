//! The plain-text reader's error: why a file is not a readable book, and which file.

use std::fmt;

/// Why a plain-text file could not be read, with the file to fix.
///
/// `Display` gives one line a build script can print as is:
/// `books/x.txt:3: not text: a NUL byte (binary data?)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxtError {
    /// The file name the caller passed to [`read`](super::read), or the one set with
    /// [`TxtError::in_file`]; empty when [`decode`](fn@super::decode) was called alone.
    pub file: String,
    /// What is wrong.
    pub kind: TxtErrorKind,
}

/// What is wrong with the file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TxtErrorKind {
    /// The file is larger than the limit ([`MAX_BYTES`](super::MAX_BYTES)); it was refused
    /// before decoding, so memory stays bounded.
    TooLarge {
        /// The file's size in bytes.
        bytes: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// A NUL byte in a file without a UTF-16 byte order mark: binary data, not text.
    NulByte {
        /// The 1-based line (counted by LF bytes) holding the first NUL.
        line: usize,
    },
    /// Too many characters could not be decoded or are control characters: binary data, or
    /// text in an encoding that was named wrongly.
    Undecodable {
        /// Characters that were replaced (U+FFFD) or are control characters.
        bad: usize,
        /// All characters decoded.
        total: usize,
    },
    /// The file holds no text: it is empty or only whitespace.
    Empty,
}

impl TxtError {
    /// An error of `kind` in `file`.
    pub(crate) fn new(file: &str, kind: TxtErrorKind) -> Self {
        TxtError {
            file: file.to_owned(),
            kind,
        }
    }

    /// The same error, naming `file`: for callers of [`decode`](fn@super::decode), which does not
    /// know the file it decodes.
    pub fn in_file(mut self, file: &str) -> Self {
        file.clone_into(&mut self.file);
        self
    }
}

impl fmt::Display for TxtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.file.is_empty() {
            f.write_str(&self.file)?;
            if let TxtErrorKind::NulByte { line } = self.kind {
                write!(f, ":{line}")?;
            }
            f.write_str(": ")?;
        }
        match &self.kind {
            TxtErrorKind::TooLarge { bytes, limit } => write!(
                f,
                "too large for a book: {bytes} bytes, the limit is {limit} bytes"
            ),
            TxtErrorKind::NulByte { .. } => f.write_str("not text: a NUL byte (binary data?)"),
            TxtErrorKind::Undecodable { bad, total } => write!(
                f,
                "not text: {bad} of {total} characters are undecodable or control characters \
                 (binary data, or the wrong --encoding?)"
            ),
            TxtErrorKind::Empty => f.write_str("no text: the file is empty or only whitespace"),
        }
    }
}

impl std::error::Error for TxtError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_file_and_the_line_where_it_has_one() {
        let nul = TxtError::new("books/x.txt", TxtErrorKind::NulByte { line: 3 });
        assert_eq!(
            nul.to_string(),
            "books/x.txt:3: not text: a NUL byte (binary data?)"
        );
        let empty = TxtError::new("a.txt", TxtErrorKind::Empty);
        assert_eq!(
            empty.to_string(),
            "a.txt: no text: the file is empty or only whitespace"
        );
    }

    #[test]
    fn an_error_from_decode_alone_gains_its_file_later() {
        let error = TxtError::new("", TxtErrorKind::TooLarge { bytes: 9, limit: 8 });
        assert!(error.to_string().starts_with("too large"));
        let named = error.in_file("b.md");
        assert_eq!(
            named.to_string(),
            "b.md: too large for a book: 9 bytes, the limit is 8 bytes"
        );
    }
}
