//! The books of a compiler run: which files, read by their kind into documents.
//!
//! | file | read by |
//! |---|---|
//! | `*.md` | [`crate::clean`]: CommonMark + GFM, with the MediaWiki-export and front-matter rules |
//! | `*.epub` | [`crate::epub`]: EPUB 2 and 3, the spine in order, the nav document or NCX as contents |
//! | `*.txt` | [`crate::txt`]: plain text, paragraphs, chapter headings |
//!
//! Markdown and plain text are decoded alike ([`crate::txt::decode`]): UTF-8, UTF-16 with a
//! byte order mark, GB18030/GBK and Big5 are detected, and `--encoding` forces one. Bytes that
//! do not decode become U+FFFD with a warning; a file that is mostly such bytes, or holds NUL
//! bytes, is not text and is refused.
//!
//! A folder stands for every book file in it, in file-name order; a file named on its own is
//! read whatever its place. The library keeps the order the inputs give.

use std::path::{Path, PathBuf};

use crate::clean::clean;
use crate::document::{Block, BlockKind, Document};
use crate::error::CompileError;
use crate::{epub, txt, Options};

/// The kinds of book file, by extension.
const BOOK_EXTENSIONS: [&str; 3] = ["md", "epub", "txt"];

/// The largest text book (`.md`, `.txt`) read: eight times the longest novels' UTF-8.
pub const MAX_TEXT_BYTES: u64 = 64 << 20;
/// The largest EPUB read (its images are skipped, but they are in the archive).
pub const MAX_EPUB_BYTES: u64 = 256 << 20;

/// Reads a file, naming it in the error.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, CompileError> {
    std::fs::read(path).map_err(|error| CompileError::Io {
        path: path.to_path_buf(),
        error,
    })
}

/// Reads a book file of at most `limit` bytes: a larger one is refused before it is read.
fn read_at_most(path: &Path, limit: u64) -> Result<Vec<u8>, CompileError> {
    use std::io::Read;
    let io = |error| CompileError::Io {
        path: path.to_path_buf(),
        error,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let too_large = |size| CompileError::TooLarge {
        path: path.to_path_buf(),
        size,
        limit,
    };
    if size > limit {
        return Err(too_large(size));
    }
    // The file may grow while it is read: never take more than the limit.
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn is_book(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| BOOK_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The book files of `inputs` in library order: a file as given, a folder as the book files in
/// it sorted by name.
pub(crate) fn book_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, CompileError> {
    let mut files = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            if !is_book(input) && input.exists() {
                return Err(CompileError::UnknownFormat(input.clone()));
            }
            files.push(input.clone());
            continue;
        }
        let io = |error| CompileError::Io {
            path: input.clone(),
            error,
        };
        let mut found = Vec::new();
        for entry in std::fs::read_dir(input).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path.is_file() && is_book(&path) {
                found.push(path);
            }
        }
        if found.is_empty() {
            return Err(CompileError::NoBooks(input.clone()));
        }
        found.sort();
        files.extend(found);
    }
    if files.is_empty() {
        return Err(CompileError::NoBooks(PathBuf::new()));
    }
    Ok(files)
}

/// Reads the book at `path` into its original rendition, the title (and author) set as its
/// first blocks; what the reader should know but does not stop the book goes to `warn`.
pub(crate) fn read_book(
    path: &Path,
    options: &Options,
    warn: &mut dyn FnMut(String),
) -> Result<Document, CompileError> {
    let file = path.display().to_string();
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if extension.eq_ignore_ascii_case("epub") {
        let bytes = read_at_most(path, MAX_EPUB_BYTES)?;
        let document = epub::read(&bytes, &file).map_err(CompileError::Epub)?;
        return Ok(with_title_block(forward_warnings(document, &file, warn)));
    }
    let bytes = read_at_most(path, MAX_TEXT_BYTES)?;
    let decoded = txt::decode(&bytes, options.encoding).map_err(|e| e.in_file(&file))?;
    if decoded.replaced > 0 {
        warn(format!(
            "{file}: {} bytes are not {} and were replaced by U+FFFD (try --encoding)",
            decoded.replaced,
            decoded.encoding.name()
        ));
    }
    let document = if extension.eq_ignore_ascii_case("txt") {
        txt::read_text(&decoded.text, &file)?
    } else {
        clean(&decoded.text, &file).map_err(CompileError::Clean)?
    };
    Ok(with_title_block(forward_warnings(document, &file, warn)))
}

/// The reader's warnings about `document` (see [`Document::warnings`]) told to `warn`, each
/// with its place in `file`; the document keeps none.
fn forward_warnings(mut document: Document, file: &str, warn: &mut dyn FnMut(String)) -> Document {
    for warning in document.take_warnings(file) {
        warn(warning);
    }
    document
}

/// The book's title, set as its first block so that page 1 opens with it, and its author
/// (where the source names one) as a meta line under it.
fn with_title_block(mut document: Document) -> Document {
    let mut front = vec![Block::new(BlockKind::Heading(2), document.title.clone(), 1)];
    if let Some(author) = &document.author {
        front.push(Block::new(BlockKind::Meta, author.clone(), 1));
    }
    document.blocks.splice(0..0, front);
    document
}
