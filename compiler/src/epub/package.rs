//! The package document (OPF): metadata, manifest and spine.
//!
//! | OPF | the reader takes |
//! |---|---|
//! | `dc:title` | the first non-empty one is the title |
//! | `dc:creator` | every non-empty one, in order (joined with `、` by `read`) |
//! | `dc:language` | the first non-empty one |
//! | `manifest/item` | `id` → `href` (relative to the OPF's folder), `media-type`, `properties` |
//! | `item properties="nav"` | the EPUB 3 navigation document |
//! | `spine toc="…"`, else an item of type `application/x-dtbncx+xml` | the EPUB 2 NCX |
//! | `spine/itemref` | the reading order: `linear="yes"` (the default) items first, in spine order, then the `linear="no"` ones (notes, answers, covers) in spine order, so that no text is lost and the main flow is not interrupted |
//! | an `itemref` naming an id already in the spine | read once, where it first appears |
//!
//! Text is whitespace-collapsed; an empty element counts as absent.

use std::collections::HashMap;

use super::markup::{Token, Tokens};

/// A manifest item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Item {
    /// The `href` as written (relative to the OPF's folder, percent-encoded).
    pub href: String,
    /// The `media-type`, lowercased.
    pub media_type: String,
    /// Whether `properties` holds `nav`.
    pub nav: bool,
}

/// A spine entry in reading order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SpineRef {
    /// The manifest id it names.
    pub idref: String,
    /// The OPF line of the `itemref`, for errors.
    pub line: usize,
}

/// What the package document says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Package {
    /// The first `dc:title`.
    pub title: Option<String>,
    /// Every `dc:creator`.
    pub creators: Vec<String>,
    /// The first `dc:language`.
    pub language: Option<String>,
    /// Manifest items by id.
    pub manifest: HashMap<String, Item>,
    /// The reading order (see the module docs for `linear="no"`).
    pub spine: Vec<SpineRef>,
    /// The id of the NCX: the spine's `toc`, else the first item of the NCX media type.
    pub ncx: Option<String>,
}

impl Package {
    /// The id of the EPUB 3 navigation document, if the manifest names one.
    pub fn nav(&self) -> Option<&str> {
        // The manifest is a map; pick the smallest id so the choice does not depend on hashing
        // when a (broken) book marks several items as nav.
        self.manifest
            .iter()
            .filter(|(_, item)| item.nav)
            .map(|(id, _)| id.as_str())
            .min()
    }
}

/// Which metadata element text is being collected for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Title,
    Creator,
    Language,
}

/// Reads a package document.
pub(crate) fn parse(source: &str) -> Package {
    let mut package = Package::default();
    let mut linear = Vec::new();
    let mut auxiliary = Vec::new();
    let mut spine_toc = None;
    let mut field: Option<(Field, String)> = None;
    for (token, line) in Tokens::new(source) {
        match token {
            Token::Start(tag) => match tag.name.as_str() {
                "title" | "creator" | "language" if !tag.empty => {
                    let which = match tag.name.as_str() {
                        "title" => Field::Title,
                        "creator" => Field::Creator,
                        _ => Field::Language,
                    };
                    field = Some((which, String::new()));
                }
                "item" => {
                    let (Some(id), Some(href)) = (tag.attribute("id"), tag.attribute("href"))
                    else {
                        continue;
                    };
                    let item = Item {
                        href: href.to_string(),
                        media_type: tag
                            .attribute("media-type")
                            .unwrap_or_default()
                            .trim()
                            .to_ascii_lowercase(),
                        nav: tag.has_word("properties", "nav"),
                    };
                    package.manifest.entry(id.to_string()).or_insert(item);
                }
                "spine" => spine_toc = tag.attribute("toc").map(str::to_string),
                "itemref" => {
                    let Some(idref) = tag.attribute("idref") else {
                        continue;
                    };
                    let entry = SpineRef {
                        idref: idref.to_string(),
                        line,
                    };
                    if tag.attribute("linear").map(str::trim) == Some("no") {
                        auxiliary.push(entry);
                    } else {
                        linear.push(entry);
                    }
                }
                _ => {}
            },
            Token::Text(text) => {
                if let Some((_, collected)) = field.as_mut() {
                    collected.push_str(&text);
                }
            }
            Token::End(name) => {
                if matches!(name.as_str(), "title" | "creator" | "language") {
                    if let Some((which, text)) = field.take() {
                        store(&mut package, which, &text);
                    }
                }
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    package.spine = linear
        .into_iter()
        .chain(auxiliary)
        .filter(|entry| seen.insert(entry.idref.clone()))
        .collect();
    package.ncx = spine_toc
        .filter(|id| package.manifest.contains_key(id))
        .or_else(|| {
            package
                .manifest
                .iter()
                .filter(|(_, item)| item.media_type == "application/x-dtbncx+xml")
                .map(|(id, _)| id.clone())
                .min()
        });
    package
}

/// Stores a metadata value, whitespace-collapsed; empty values are absent.
fn store(package: &mut Package, which: Field, text: &str) {
    let value = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if value.is_empty() {
        return;
    }
    match which {
        Field::Title => {
            package.title.get_or_insert(value);
        }
        Field::Creator => package.creators.push(value),
        Field::Language => {
            package.language.get_or_insert(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPF: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:title>  </dc:title>
    <dc:title>红楼
      梦</dc:title>
    <dc:title>Second</dc:title>
    <dc:creator id="a">曹雪芹</dc:creator>
    <dc:creator>高鹗</dc:creator>
    <dc:language>zh-CN</dc:language>
    <meta property="dcterms:modified">2020-01-01</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav scripted"/>
    <item id="c1" href="Text/c1.xhtml" media-type="application/xhtml+xml"/>
    <item id="c2" href="Text/c2.xhtml" media-type="Application/XHTML+XML"/>
    <item id="notes" href="Text/notes.xhtml" media-type="application/xhtml+xml"/>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
  </manifest>
  <spine toc="ncx">
    <itemref idref="notes" linear="no"/>
    <itemref idref="c1"/>
    <itemref idref="c2" linear="yes"/>
    <itemref idref="c1"/>
  </spine>
</package>"#;

    #[test]
    fn metadata_manifest_and_spine() {
        let package = parse(OPF);
        assert_eq!(package.title.as_deref(), Some("红楼 梦"));
        assert_eq!(package.creators, vec!["曹雪芹", "高鹗"]);
        assert_eq!(package.language.as_deref(), Some("zh-CN"));
        assert_eq!(package.nav(), Some("nav"));
        assert_eq!(package.ncx.as_deref(), Some("ncx"));
        let c2 = package.manifest.get("c2").cloned();
        assert_eq!(
            c2,
            Some(Item {
                href: "Text/c2.xhtml".into(),
                media_type: "application/xhtml+xml".into(),
                nav: false
            })
        );
        let order: Vec<(&str, usize)> = package
            .spine
            .iter()
            .map(|e| (e.idref.as_str(), e.line))
            .collect();
        // Linear items first, the repeated c1 once, the non-linear notes last.
        assert_eq!(order, vec![("c1", 22), ("c2", 23), ("notes", 21)]);
    }

    #[test]
    fn the_ncx_is_found_by_media_type_without_a_spine_toc() {
        let package = parse(
            "<package><manifest><item id='t' href='a.ncx' media-type='application/x-dtbncx+xml'/>\
             </manifest><spine><itemref idref='x'/></spine></package>",
        );
        assert_eq!(package.ncx.as_deref(), Some("t"));
        assert_eq!(package.nav(), None);
        assert_eq!(package.title, None);
        assert!(package.creators.is_empty());
    }
}
