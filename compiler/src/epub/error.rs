//! The EPUB reader's error: what is wrong with a book, and where in the archive.

use std::fmt;

/// Why an EPUB file could not be read, with the file, the entry inside the archive and the
/// line where that applies.
///
/// `Display` gives one line a build script can print as is:
/// `books/x.epub: OEBPS/ch1.xhtml:12: …` or `books/x.epub: not a zip archive`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EpubError {
    /// The file name the caller passed to [`read`](super::read).
    pub file: String,
    /// The entry inside the archive the problem is in, if it is in one.
    pub entry: Option<String>,
    /// The 1-based line of `entry` where the problem is, if known.
    pub line: Option<usize>,
    /// What is wrong.
    pub kind: EpubErrorKind,
}

/// What is wrong with the book.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EpubErrorKind {
    /// The bytes are not a zip archive (or its central directory is broken).
    NotZip(String),
    /// The archive has no `META-INF/container.xml`.
    MissingContainer,
    /// `container.xml` names no package (OPF) rootfile.
    NoRootfile,
    /// The archive has no entry at a path the book refers to.
    MissingEntry(String),
    /// An entry could not be read (encrypted, an unsupported compression method, corrupt).
    BadEntry(String),
    /// An entry inflates to more than the per-entry limit, in bytes.
    EntryTooLarge(u64),
    /// The entries read together inflate to more than the whole-book limit, in bytes.
    BookTooLarge(u64),
    /// An entry's text is not valid in its encoding.
    BadEncoding(String),
    /// A reference (href) that points outside the archive: `../../x`, `/etc/x`, `http://…`.
    OutsideArchive(String),
    /// A spine `itemref` whose `idref` is not in the manifest.
    UnknownSpineItem(String),
    /// The spine lists no content document.
    EmptySpine,
    /// A spine item of a media type that holds no readable text and is not an image.
    UnsupportedMediaType(String),
    /// XML so broken that even the tolerant reader cannot go on.
    Malformed(String),
}

impl fmt::Display for EpubErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotZip(why) => write!(f, "not a zip archive ({why})"),
            Self::MissingContainer => f.write_str("no META-INF/container.xml: not an EPUB"),
            Self::NoRootfile => f.write_str("container.xml names no package (.opf) rootfile"),
            Self::MissingEntry(path) => write!(f, "the archive has no entry `{path}`"),
            Self::BadEntry(why) => write!(f, "cannot read the entry: {why}"),
            Self::EntryTooLarge(limit) => {
                write!(f, "the entry inflates to more than {limit} bytes")
            }
            Self::BookTooLarge(limit) => {
                write!(f, "the book inflates to more than {limit} bytes in all")
            }
            Self::BadEncoding(why) => write!(f, "bad text encoding: {why}"),
            Self::OutsideArchive(href) => {
                write!(f, "`{href}` points outside the archive")
            }
            Self::UnknownSpineItem(id) => {
                write!(f, "the spine names `{id}`, which the manifest lacks")
            }
            Self::EmptySpine => f.write_str("the spine lists no content document"),
            Self::UnsupportedMediaType(kind) => {
                write!(f, "a spine item of media type `{kind}` cannot be read")
            }
            Self::Malformed(why) => write!(f, "malformed XML: {why}"),
        }
    }
}

impl fmt::Display for EpubError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file)?;
        // Entry names and the names quoted in `kind` come from the book, which may put a line
        // break or a control character in them; escaped, the message stays one printable line.
        let mut book_text = String::new();
        if let Some(entry) = &self.entry {
            book_text = match self.line {
                Some(line) => format!("{entry}:{line}: "),
                None => format!("{entry}: "),
            };
        }
        book_text += &self.kind.to_string();
        for c in book_text.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_debug())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for EpubError {}

/// An error not yet tied to the file: what the reader's stages return.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Fault {
    pub entry: Option<String>,
    pub line: Option<usize>,
    pub kind: EpubErrorKind,
}

impl Fault {
    /// A fault of the archive as a whole.
    pub fn archive(kind: EpubErrorKind) -> Self {
        Fault {
            entry: None,
            line: None,
            kind,
        }
    }

    /// A fault in `entry`.
    pub fn entry(entry: &str, kind: EpubErrorKind) -> Self {
        Fault {
            entry: Some(entry.to_string()),
            line: None,
            kind,
        }
    }

    /// The same fault at `line` of its entry.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// The error naming `file`.
    pub fn into_error(self, file: &str) -> EpubError {
        EpubError {
            file: file.to_string(),
            entry: self.entry,
            line: self.line,
            kind: self.kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_entry_and_line() {
        let error = Fault::entry("OEBPS/ch1.xhtml", EpubErrorKind::Malformed("x".into()))
            .at_line(12)
            .into_error("books/x.epub");
        assert_eq!(
            error.to_string(),
            "books/x.epub: OEBPS/ch1.xhtml:12: malformed XML: x"
        );
        let error = Fault::archive(EpubErrorKind::EmptySpine).into_error("b.epub");
        assert_eq!(
            error.to_string(),
            "b.epub: the spine lists no content document"
        );
        let error = Fault::entry("a.opf", EpubErrorKind::EmptySpine).into_error("b.epub");
        assert_eq!(
            error.to_string(),
            "b.epub: a.opf: the spine lists no content document"
        );
    }

    #[test]
    fn what_the_book_names_is_shown_on_one_line() {
        let id = "&#5; &\n<li>项<li\u{3}0".to_string();
        let error = Fault::entry("OEBPS/a\rb.opf", EpubErrorKind::UnknownSpineItem(id))
            .at_line(4)
            .into_error("b.epub");
        assert_eq!(
            error.to_string(),
            "b.epub: OEBPS/a\\rb.opf:4: the spine names `&#5; &\\n<li>项<li\\u{3}0`, \
             which the manifest lacks"
        );
    }
}
