//! The cleaner's error: a source that is not a book at all, and where.

use std::fmt;

/// Why a source article could not be cleaned, with the file and line to fix.
///
/// `Display` gives one line a build script can print as is:
/// `content/foo.md:1: no text: the file is empty or holds only markup`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanError {
    /// The file name the caller passed to [`clean`](super::clean).
    pub file: String,
    /// The 1-based line of the source where the problem starts.
    pub line: usize,
    /// What is wrong.
    pub kind: CleanErrorKind,
}

/// What is wrong with the source.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CleanErrorKind {
    /// Nothing to read: the file is empty, or nothing in it is text (no title source either).
    NoText,
}

impl fmt::Display for CleanErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoText => f.write_str("no text: the file is empty or holds only markup"),
        }
    }
}

impl fmt::Display for CleanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.kind)
    }
}

impl std::error::Error for CleanError {}

/// An error before the file name is attached: the stages below [`clean`](super::clean) return
/// this and `clean` turns it into a [`CleanError`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Fault {
    /// 1-based source line.
    pub line: usize,
    /// What is wrong.
    pub kind: CleanErrorKind,
}

impl Fault {
    /// A fault at `line`.
    pub fn new(line: usize, kind: CleanErrorKind) -> Self {
        Self { line, kind }
    }

    /// Attaches the file name.
    pub fn into_error(self, file: &str) -> CleanError {
        CleanError {
            file: file.to_owned(),
            line: self.line,
            kind: self.kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_problem() {
        let error = Fault::new(1, CleanErrorKind::NoText).into_error("content/foo.md");
        assert_eq!(
            error.to_string(),
            "content/foo.md:1: no text: the file is empty or holds only markup"
        );
    }
}
