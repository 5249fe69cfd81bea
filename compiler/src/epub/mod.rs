//! EPUB 2 and 3 books → the document model: the spine's documents in order, the table of
//! contents as headings, title, author and language from the package document.
//!
//! [`read`] runs these stages, each a module with its own rules:
//! 1. [`container`]: the zip archive within memory limits, `META-INF/container.xml` → the
//!    package document's path, hrefs resolved and kept inside the archive.
//! 2. [`package`]: the OPF's metadata, manifest and spine (the reading order).
//! 3. [`content`] (with [`markup`], [`entities`], [`css`] and [`text`]): each spine document's
//!    XHTML → blocks, read tolerantly, as browsers read HTML.
//! 4. [`toc`]: the EPUB 3 navigation document, else the EPUB 2 NCX → entries.
//! 5. [`headings`]: the entries placed as headings where they point.
//! 6. The title and the book as a whole (here): see the table.
//!
//! | book | the reader sees |
//! |---|---|
//! | `dc:title` | the title; without one, the first heading's text; without a heading, the file stem |
//! | the book's first heading, when its text is the title (ignoring spaces; the title page's `<h1>书名</h1>`, or the heading the title came from) | nothing: the compiler shows the title there itself |
//! | later headings that repeat the title | kept: they are the book's own |
//! | `dc:creator` (several) | the author, joined with `、` |
//! | `dc:language` | the language |
//! | [`Document::parts`] | the spine documents' paths in reading order, each block's `part` its index and `line` the line of its first character in that document |
//! | a spine item of an image type (`image/svg+xml`, `image/jpeg`) | no text (the part is there, without blocks) |
//! | a spine item of another non-XHTML media type | [`EpubErrorKind::UnsupportedMediaType`] |
//! | a spine `idref` the manifest lacks, a spine href outside the archive or to a missing entry | an error naming the OPF line (a book with a hole in its reading order is broken, and skipping would lose text silently) |
//! | the nav document when it is in the spine | its `<nav>` lists are dropped like every `<nav>` (they only navigate); any other text in it stays |
//! | a stylesheet that is missing or unreadable | ignored: CSS only styles |
//! | not a zip, no `container.xml`, no rootfile, no OPF entry, an empty spine | an error saying so |
//! | an entry inflating past 64 MiB, or the book past 256 MiB, even if its size lies | [`EpubErrorKind::EntryTooLarge`], [`EpubErrorKind::BookTooLarge`] |
//!
//! Any bytes give a document or an error, never a panic; every stage is linear in its input.

// The stages are public so that their rules appear in the crate docs; their items are not.
pub mod container;
pub mod content;
pub mod css;
pub mod entities;
mod error;
pub mod headings;
pub mod markup;
pub mod package;
pub mod text;
pub mod toc;

use std::collections::HashMap;

pub use container::Limits;
pub use error::{EpubError, EpubErrorKind};

use crate::document::{BlockKind, Document};
use container::{folder_of, resolve, Archive};
use error::Fault;
use headings::same_text;
use package::Package;
use toc::TocEntry;

/// Reads an EPUB 2 or 3 file into a [`Document`]. `file` is used in errors.
///
/// ```
/// let error = moye_compiler::epub::read(b"plain text", "books/x.epub").unwrap_err();
/// assert!(error.to_string().starts_with("books/x.epub: not a zip archive"));
/// ```
pub fn read(bytes: &[u8], file: &str) -> Result<Document, EpubError> {
    read_with_limits(bytes, file, Limits::default())
}

/// [`read`] with other memory limits.
pub fn read_with_limits(bytes: &[u8], file: &str, limits: Limits) -> Result<Document, EpubError> {
    read_book(bytes, file, limits).map_err(|fault| fault.into_error(file))
}

/// Media types read as XHTML content documents.
const CONTENT_TYPES: &[&str] = &[
    "",
    "application/xhtml+xml",
    "text/html",
    "application/xml",
    "text/xml",
];

fn read_book(bytes: &[u8], file: &str, limits: Limits) -> Result<Document, Fault> {
    let mut archive = Archive::open(bytes, limits)?;
    let opf_path = archive.rootfile()?;
    let opf = archive.read_text(&opf_path)?;
    let package = package::parse(&opf);
    let folder = folder_of(&opf_path);
    if package.spine.is_empty() {
        return Err(Fault::entry(&opf_path, EpubErrorKind::EmptySpine));
    }
    let mut parts = Vec::new();
    let mut contents = Vec::new();
    let mut stylesheets: HashMap<String, Option<String>> = HashMap::new();
    for entry in &package.spine {
        let at_opf = |kind| Fault::entry(&opf_path, kind).at_line(entry.line);
        let item = package
            .manifest
            .get(&entry.idref)
            .ok_or_else(|| at_opf(EpubErrorKind::UnknownSpineItem(entry.idref.clone())))?;
        let path = resolve(folder, &item.href).map_err(at_opf)?;
        if archive.find(&path).is_none() {
            return Err(at_opf(EpubErrorKind::MissingEntry(path)));
        }
        let content = if CONTENT_TYPES.contains(&item.media_type.as_str()) {
            let source = archive.read_text(&path)?;
            let base = folder_of(&path).to_string();
            let mut stylesheet = |href: &str| {
                let css_path = resolve(&base, href).ok()?;
                let cached = stylesheets
                    .entry(css_path.clone())
                    .or_insert_with(|| archive.read_text(&css_path).ok());
                cached.clone()
            };
            content::read(&source, &mut stylesheet)
        } else if item.media_type.starts_with("image/") {
            content::Content::default()
        } else {
            return Err(at_opf(EpubErrorKind::UnsupportedMediaType(
                item.media_type.clone(),
            )));
        };
        parts.push(path);
        contents.push(content);
    }
    let toc = read_toc(&mut archive, &package, &opf_path)?;
    let mut blocks = headings::place(&parts, contents, &toc);
    let first_heading = blocks
        .iter()
        .position(|block| matches!(block.kind, BlockKind::Heading(_)));
    let title = package
        .title
        .as_deref()
        .and_then(one_line)
        .or_else(|| {
            first_heading
                .and_then(|i| blocks.get(i))
                .map(|b| b.text.clone())
        })
        .unwrap_or_else(|| file_stem(file));
    if let Some(i) = first_heading {
        if blocks.get(i).is_some_and(|b| same_text(&b.text, &title)) {
            blocks.remove(i);
        }
    }
    let creators: Vec<String> = package
        .creators
        .iter()
        .filter_map(|c| one_line(c))
        .collect();
    let author = (!creators.is_empty()).then(|| creators.join("、"));
    Ok(Document {
        title,
        author,
        language: package.language.as_deref().and_then(one_line),
        blocks,
        parts,
        warnings: Vec::new(),
    })
}

/// The TOC entries: the nav document's, else (when it has none) the NCX's, else none. A TOC
/// document that is named but missing or outside the archive is an error, like a spine item.
fn read_toc(
    archive: &mut Archive<'_>,
    package: &Package,
    opf_path: &str,
) -> Result<Vec<TocEntry>, Fault> {
    let folder = folder_of(opf_path);
    let locate = |href: &str| resolve(folder, href).map_err(|kind| Fault::entry(opf_path, kind));
    let mut entries = Vec::new();
    if let Some(item) = package.nav().and_then(|id| package.manifest.get(id)) {
        let path = locate(&item.href)?;
        entries = toc::parse_nav(&archive.read_text(&path)?, &path);
    }
    if entries.is_empty() {
        if let Some(item) = package.ncx.as_ref().and_then(|id| package.manifest.get(id)) {
            let path = locate(&item.href)?;
            entries = toc::parse_ncx(&archive.read_text(&path)?, &path);
        }
    }
    Ok(entries)
}

/// Metadata text by the rules of block text (see [`text`]): no control or invisible characters,
/// spaces collapsed and trimmed; `None` if nothing is left.
fn one_line(text: &str) -> Option<String> {
    let mut line = text::BlockText::default();
    line.push(text, false, 1);
    line.finish("").map(|finished| finished.text)
}

/// The file name without folders and extension (`books/红楼梦.epub` → `红楼梦`).
fn file_stem(file: &str) -> String {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_lines_lose_control_characters() {
        assert_eq!(one_line(" 红楼\u{7}梦\u{200B} ").as_deref(), Some("红楼梦"));
        assert_eq!(one_line("\u{3000}\u{FEFF}"), None);
    }

    #[test]
    fn file_stems() {
        assert_eq!(file_stem("books/红楼梦.epub"), "红楼梦");
        assert_eq!(file_stem("C:\\b\\a.b.epub"), "a.b");
        assert_eq!(file_stem(".epub"), ".epub");
        assert_eq!(file_stem("x"), "x");
    }
}
