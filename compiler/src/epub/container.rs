//! The zip archive: entries read within memory limits, their text decoded, hrefs resolved,
//! and `META-INF/container.xml`'s rootfile (the package document's path).
//!
//! | rule | why |
//! |---|---|
//! | an entry's declared size over [`Limits::entry`] (64 MiB) → [`EntryTooLarge`](EpubErrorKind::EntryTooLarge) | the zip says so before inflating |
//! | an entry that inflates past the limit anyway → the same error, reading stops at the limit | a zip bomb can lie about its size |
//! | all entries read over [`Limits::book`] (256 MiB, refused ones counted) → [`BookTooLarge`](EpubErrorKind::BookTooLarge) | many small bombs |
//! | an entry name not found as written → the same name matched without case | books zipped on Windows |
//! | text with a BOM → UTF-8 or UTF-16 by it; else valid UTF-8 → UTF-8 (whatever it declares: converters copy declarations); else the XML declaration's or `<meta charset>`'s encoding (GBK, Big5 …) by encoding_rs | XHTML allows any of these |
//! | invalid bytes in that encoding → [`BadEncoding`](EpubErrorKind::BadEncoding) at its line | never a silent `�` |
//! | an href: percent-decoded, relative to the referring entry's folder, `.` and `..` resolved, `#fragment` and `?query` cut | EPUB's URL rules |
//! | an href that is absolute (`/x`, `http:…`) or climbs above the archive (`../../x`) → [`OutsideArchive`](EpubErrorKind::OutsideArchive) | the archive is the book |

use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::error::{EpubErrorKind, Fault};
use super::markup::{Token, Tokens};

/// Where `container.xml` lives in every EPUB.
pub(crate) const CONTAINER_PATH: &str = "META-INF/container.xml";

/// How many bytes the reader inflates at most.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Per entry, in bytes.
    pub entry: u64,
    /// All entries read together, in bytes.
    pub book: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            entry: 64 << 20,
            book: 256 << 20,
        }
    }
}

/// An opened EPUB archive.
pub(crate) struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Lowercased entry name → the name as stored, for the case-blind fallback.
    folded: HashMap<String, String>,
    limits: Limits,
    /// Bytes inflated so far.
    inflated: u64,
}

impl<'a> Archive<'a> {
    /// Opens `bytes` as a zip archive.
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Self, Fault> {
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|error| Fault::archive(EpubErrorKind::NotZip(error.to_string())))?;
        let folded = zip
            .file_names()
            .map(|name| (name.to_lowercase(), name.to_string()))
            .collect();
        Ok(Archive {
            zip,
            folded,
            limits,
            inflated: 0,
        })
    }

    /// The name an entry is stored under, if the archive has `path` (ignoring case if need be).
    pub fn find(&self, path: &str) -> Option<String> {
        if self.zip.index_for_name(path).is_some() {
            return Some(path.to_string());
        }
        self.folded.get(&path.to_lowercase()).cloned()
    }

    /// The bytes of the entry at `path`, within the limits.
    pub fn read(&mut self, path: &str) -> Result<Vec<u8>, Fault> {
        let fault = |kind| Fault::entry(path, kind);
        let name = self
            .find(path)
            .ok_or_else(|| fault(EpubErrorKind::MissingEntry(path.to_string())))?;
        let remaining = self.limits.book.saturating_sub(self.inflated);
        let mut file = self
            .zip
            .by_name(&name)
            .map_err(|error| fault(EpubErrorKind::BadEntry(error.to_string())))?;
        let declared = file.size();
        if declared > self.limits.entry {
            return Err(fault(EpubErrorKind::EntryTooLarge(self.limits.entry)));
        }
        if declared > remaining {
            return Err(fault(EpubErrorKind::BookTooLarge(self.limits.book)));
        }
        let cap = self.limits.entry.min(remaining);
        // `declared` is at most the cap here, so this allocation is bounded.
        let mut bytes = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
        (&mut file)
            .take(cap.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|error| fault(EpubErrorKind::BadEntry(error.to_string())))?;
        let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        // Counted even when refused: a book of many bombs whose refusals are ignored (its
        // stylesheets) still runs out of budget after a few.
        self.inflated = self.inflated.saturating_add(read);
        if read > self.limits.entry {
            return Err(fault(EpubErrorKind::EntryTooLarge(self.limits.entry)));
        }
        if read > remaining {
            return Err(fault(EpubErrorKind::BookTooLarge(self.limits.book)));
        }
        Ok(bytes)
    }

    /// The entry at `path` as text (see [`decode_text`]).
    pub fn read_text(&mut self, path: &str) -> Result<String, Fault> {
        let bytes = self.read(path)?;
        decode_text(&bytes).map_err(|(kind, line)| Fault::entry(path, kind).at_line(line))
    }

    /// The package document's path, from `META-INF/container.xml`.
    pub fn rootfile(&mut self) -> Result<String, Fault> {
        if self.find(CONTAINER_PATH).is_none() {
            return Err(Fault::archive(EpubErrorKind::MissingContainer));
        }
        let text = self.read_text(CONTAINER_PATH)?;
        let mut first = None;
        for (token, _) in Tokens::new(&text) {
            let Token::Start(tag) = token else { continue };
            if tag.name != "rootfile" {
                continue;
            }
            let Some(path) = tag.attribute("full-path").filter(|p| !p.trim().is_empty()) else {
                continue;
            };
            let path = resolve("", path).map_err(|kind| Fault::entry(CONTAINER_PATH, kind))?;
            if tag.attribute("media-type") == Some("application/oebps-package+xml") {
                return Ok(path);
            }
            first.get_or_insert(path);
        }
        first.ok_or_else(|| Fault::entry(CONTAINER_PATH, EpubErrorKind::NoRootfile))
    }
}

/// Decodes an entry's bytes; on failure the kind and the line of the first bad byte.
pub(crate) fn decode_text(bytes: &[u8]) -> Result<String, (EpubErrorKind, usize)> {
    let (encoding, body) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, bytes.get(bom..).unwrap_or_default()),
        // Valid UTF-8 is UTF-8 whatever the declaration says: converters copy a `gbk`
        // declaration onto text they wrote as UTF-8, and real GBK is almost never valid UTF-8.
        None if std::str::from_utf8(bytes).is_ok() => (encoding_rs::UTF_8, bytes),
        None => (
            declared_encoding(bytes).unwrap_or(encoding_rs::UTF_8),
            bytes,
        ),
    };
    if encoding == encoding_rs::UTF_8 {
        return match std::str::from_utf8(body) {
            Ok(text) => Ok(text.to_string()),
            Err(error) => {
                let before = body.get(..error.valid_up_to()).unwrap_or_default();
                let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
                Err((EpubErrorKind::BadEncoding("invalid UTF-8".into()), line))
            }
        };
    }
    encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .map(|text| text.into_owned())
        .ok_or_else(|| {
            let why = format!("invalid {}", encoding.name());
            (EpubErrorKind::BadEncoding(why), 1)
        })
}

/// The encoding an XML declaration (`encoding="gbk"`) or an HTML `<meta charset=gbk>` /
/// `content="text/html; charset=gbk"` near the start of `bytes` names, if encoding_rs knows it.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = bytes.get(..bytes.len().min(1024))?;
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let label_after = |key: &str| {
        let after = head.split(key).nth(1)?.trim_start().strip_prefix('=')?;
        let after = after.trim_start().trim_start_matches(['"', '\'']);
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(after.len());
        encoding_rs::Encoding::for_label(after.get(..end)?.as_bytes())
    };
    let declared = head
        .strip_prefix("<?xml")
        .and_then(|rest| rest.split("?>").next())
        .filter(|declaration| declaration.contains("encoding"));
    declared
        .and_then(|_| label_after("encoding"))
        .or_else(|| label_after("charset"))
}

/// The folder part of an entry path (`OEBPS/` of `OEBPS/content.opf`; empty at the top).
pub(crate) fn folder_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(slash) => path.get(..=slash).unwrap_or_default(),
        None => "",
    }
}

/// Splits an href into its percent-decoded path part and its fragment (`ch1.xhtml#s2`).
pub(crate) fn split_fragment(href: &str) -> (&str, Option<String>) {
    match href.split_once('#') {
        Some((path, fragment)) if !fragment.is_empty() => (path, Some(percent_decode(fragment))),
        Some((path, _)) => (path, None),
        None => (href, None),
    }
}

/// The archive path an href in an entry of folder `base` points to (fragment and query cut).
pub(crate) fn resolve(base: &str, href: &str) -> Result<String, EpubErrorKind> {
    let outside = || EpubErrorKind::OutsideArchive(href.to_string());
    let (path, _) = split_fragment(href.trim());
    let path = path.split('?').next().unwrap_or_default();
    let has_scheme = path
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.is_empty() && !scheme.contains('/'));
    if path.starts_with('/') || path.starts_with('\\') || has_scheme {
        return Err(outside());
    }
    let mut parts: Vec<String> = base
        .split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or_else(outside)?;
            }
            _ => parts.push(percent_decode(segment)),
        }
    }
    Ok(parts.join("/"))
}

/// `%20` and the like decoded; a malformed escape, or bytes that are not UTF-8, kept as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(value)) => {
                out.push(value);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_against_the_folder() {
        assert_eq!(
            resolve("OEBPS/", "Text/ch1.xhtml"),
            Ok("OEBPS/Text/ch1.xhtml".into())
        );
        assert_eq!(
            resolve("OEBPS/Text/", "../Styles/a.css"),
            Ok("OEBPS/Styles/a.css".into())
        );
        assert_eq!(
            resolve("OEBPS/", "./a%20b.xhtml#x"),
            Ok("OEBPS/a b.xhtml".into())
        );
        assert_eq!(
            resolve("OEBPS/", "%E7%AB%A0.xhtml"),
            Ok("OEBPS/章.xhtml".into())
        );
        assert_eq!(resolve("", "content.opf"), Ok("content.opf".into()));
        assert_eq!(resolve("A/", "b.xhtml?v=1"), Ok("A/b.xhtml".into()));
        assert_eq!(resolve("A/", "100%.xhtml"), Ok("A/100%.xhtml".into()));
    }

    #[test]
    fn hrefs_outside_the_archive_are_refused() {
        for href in [
            "../../x.xhtml",
            "../x",
            "/etc/passwd",
            "http://a.b/c",
            "file:x",
            "\\x",
        ] {
            assert_eq!(
                resolve("OEBPS/", href)
                    .and_then(|p| resolve("", &p))
                    .map(|_| ()),
                if href == "../x" {
                    Ok(())
                } else {
                    Err(EpubErrorKind::OutsideArchive(href.into()))
                },
                "{href}"
            );
        }
        assert!(resolve("", "../x").is_err());
    }

    #[test]
    fn fragments_split_off() {
        assert_eq!(
            split_fragment("a.xhtml#n%31"),
            ("a.xhtml", Some("n1".to_string()))
        );
        assert_eq!(split_fragment("a.xhtml#"), ("a.xhtml", None));
        assert_eq!(split_fragment("#x"), ("", Some("x".to_string())));
        assert_eq!(folder_of("OEBPS/Text/a.xhtml"), "OEBPS/Text/");
        assert_eq!(folder_of("a.opf"), "");
    }

    #[test]
    fn text_decodes_by_bom_and_declaration() {
        assert_eq!(decode_text("\u{FEFF}中".as_bytes()), Ok("中".to_string()));
        let utf16: Vec<u8> = [0xFF, 0xFE, 0x2D, 0x4E].to_vec();
        assert_eq!(decode_text(&utf16), Ok("中".to_string()));
        // 中文 in GBK is D6 D0 CE C4.
        let mut gbk = b"<?xml version='1.0' encoding='GBK'?><p>".to_vec();
        gbk.extend([0xD6, 0xD0, 0xCE, 0xC4]);
        assert_eq!(
            decode_text(&gbk),
            Ok("<?xml version='1.0' encoding='GBK'?><p>中文".to_string())
        );
        // Valid UTF-8 that declares GBK is UTF-8; GBK declared by <meta charset> is GBK.
        let mislabelled = "<?xml version=\"1.0\" encoding=\"gbk\"?><p>中文</p>";
        assert_eq!(
            decode_text(mislabelled.as_bytes()),
            Ok(mislabelled.to_string())
        );
        let mut meta = b"<html><head><meta charset=\"GBK\"></head><p>".to_vec();
        meta.extend([0xD6, 0xD0, 0xCE, 0xC4]);
        assert!(decode_text(&meta).is_ok_and(|t| t.ends_with("<p>中文")));
        let mut http =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"/>".to_vec();
        http.extend([0xD6, 0xD0]);
        assert!(decode_text(&http).is_ok_and(|t| t.ends_with("/>中")));
        let bad = b"a\nb\n\xFFc";
        assert_eq!(
            decode_text(bad),
            Err((EpubErrorKind::BadEncoding("invalid UTF-8".into()), 3))
        );
    }
}
