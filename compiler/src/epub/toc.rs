//! The table of contents: the EPUB 3 navigation document, else the EPUB 2 NCX.
//!
//! | source | entries |
//! |---|---|
//! | nav document: the `<nav epub:type="toc">` (or `role="doc-toc"`; else the first `<nav>`) | each `<a href>` in its `ol`/`li` tree; depth = the number of `ol` it is in |
//! | NCX: `navMap`'s `navPoint`s, nested | `navLabel/text` and `content@src`; depth = the `navPoint` nesting |
//! | an entry without a target (`<span>` heading in a nav `li`), or whose href leaves the archive | none (its children keep their depth) |
//! | `pageList`, `navList`, the nav's `landmarks` and `page-list` | nothing: they only navigate |
//!
//! Labels are whitespace-collapsed; targets are resolved against the TOC document's folder.
//! `mod` then places each entry as a heading (see its rules).

use super::container::{folder_of, resolve, split_fragment};
use super::markup::{mend_lone_brackets, Token, Tokens};

/// One entry of the table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TocEntry {
    /// The archive path it points to.
    pub path: String,
    /// The `#fragment` it points to, if any.
    pub fragment: Option<String>,
    /// Its label.
    pub label: String,
    /// 1 for the top level.
    pub depth: usize,
}

/// A target of the TOC document at `document` resolved, or `None` if it leaves the archive.
/// A bare `#fragment` points into the TOC document itself.
fn target(document: &str, href: &str) -> Option<(String, Option<String>)> {
    let (path, fragment) = split_fragment(href.trim());
    if path.is_empty() {
        return Some((document.to_string(), fragment));
    }
    let path = resolve(folder_of(document), href).ok()?;
    Some((path, fragment))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The entries of an EPUB 3 navigation document at archive path `path`.
pub(crate) fn parse_nav(source: &str, path: &str) -> Vec<TocEntry> {
    let source = mend_lone_brackets(source);
    let tokens: Vec<_> = Tokens::new(&source).map(|(token, _)| token).collect();
    let is_toc = |token: &Token| match token {
        Token::Start(tag) => {
            tag.name == "nav"
                && (tag.has_word("epub:type", "toc") || tag.has_word("role", "doc-toc"))
        }
        _ => false,
    };
    let is_nav = |token: &Token| matches!(token, Token::Start(tag) if tag.name == "nav");
    let Some(start) = tokens
        .iter()
        .position(is_toc)
        .or_else(|| tokens.iter().position(is_nav))
    else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    let mut depth = 0usize;
    let mut nav_depth = 0usize;
    // The open `<a>`: its href and label so far.
    let mut link: Option<(String, String)> = None;
    for token in tokens.iter().skip(start) {
        match token {
            Token::Start(tag) => match tag.name.as_str() {
                "nav" if !tag.empty => nav_depth += 1,
                "ol" | "ul" if !tag.empty => depth += 1,
                "a" if !tag.empty => {
                    link = Some((
                        tag.attribute("href").unwrap_or_default().to_string(),
                        String::new(),
                    ))
                }
                _ => {}
            },
            Token::Text(text) => {
                if let Some((_, label)) = link.as_mut() {
                    label.push_str(text);
                }
            }
            Token::End(name) => match name.as_str() {
                "nav" => {
                    nav_depth = nav_depth.saturating_sub(1);
                    if nav_depth == 0 {
                        break;
                    }
                }
                "ol" | "ul" => depth = depth.saturating_sub(1),
                "a" => {
                    let Some((href, label)) = link.take() else {
                        continue;
                    };
                    let label = collapse(&label);
                    if href.trim().is_empty() || label.is_empty() {
                        continue;
                    }
                    if let Some((path, fragment)) = target(path, &href) {
                        entries.push(TocEntry {
                            path,
                            fragment,
                            label,
                            depth: depth.max(1),
                        });
                    }
                }
                _ => {}
            },
        }
    }
    entries
}

/// A `navPoint` being read.
#[derive(Default)]
struct Point {
    label: String,
    src: Option<String>,
    emitted: bool,
}

/// The entries of an EPUB 2 NCX at archive path `path`.
pub(crate) fn parse_ncx(source: &str, path: &str) -> Vec<TocEntry> {
    let mut entries = Vec::new();
    let mut points: Vec<Point> = Vec::new();
    let mut in_map = false;
    let mut in_label = false;
    let emit = |points: &mut Vec<Point>, entries: &mut Vec<TocEntry>| {
        let depth = points.len();
        let Some(point) = points.last_mut() else {
            return;
        };
        if point.emitted {
            return;
        }
        point.emitted = true;
        let label = collapse(&point.label);
        let Some(src) = point.src.as_deref() else {
            return;
        };
        if label.is_empty() {
            return;
        }
        if let Some((path, fragment)) = target(path, src) {
            entries.push(TocEntry {
                path,
                fragment,
                label,
                depth,
            });
        }
    };
    for (token, _) in Tokens::new(source) {
        match token {
            Token::Start(tag) => match tag.name.as_str() {
                "navmap" if !tag.empty => in_map = true,
                "navpoint" if in_map && !tag.empty => {
                    emit(&mut points, &mut entries);
                    points.push(Point::default());
                }
                "navlabel" if !tag.empty => in_label = true,
                "content" => {
                    if let (Some(point), Some(src)) = (points.last_mut(), tag.attribute("src")) {
                        point.src.get_or_insert_with(|| src.to_string());
                    }
                }
                _ => {}
            },
            Token::Text(text) => {
                if let (true, Some(point)) = (in_label, points.last_mut()) {
                    point.label.push_str(&text);
                }
            }
            Token::End(name) => match name.as_str() {
                "navmap" => in_map = false,
                "navlabel" => in_label = false,
                "navpoint" => {
                    emit(&mut points, &mut entries);
                    points.pop();
                }
                _ => {}
            },
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, fragment: Option<&str>, label: &str, depth: usize) -> TocEntry {
        TocEntry {
            path: path.into(),
            fragment: fragment.map(str::to_string),
            label: label.into(),
            depth,
        }
    }

    #[test]
    fn nav_entries_with_depth() {
        let nav = r##"<html><body>
<nav epub:type="landmarks"><ol><li><a href="Text/c1.xhtml">Start</a></li></ol></nav>
<nav epub:type="toc" id="toc"><h1>目录</h1>
  <ol>
    <li><a href="Text/c1.xhtml">第一卷
       风起</a>
      <ol><li><a href="Text/c1.xhtml#s1">第一章</a></li>
          <li><span>无链接</span><ol><li><a href="../../x.xhtml">外</a></li>
              <li><a href="Text/c2%20b.xhtml">第二章</a></li></ol></li></ol></li>
    <li><a href="#top">本页</a></li>
  </ol>
</nav>
<nav epub:type="page-list"><ol><li><a href="Text/c1.xhtml#p1">1</a></li></ol></nav>
</body></html>"##;
        let entries = parse_nav(nav, "OEBPS/nav.xhtml");
        assert_eq!(
            entries,
            vec![
                entry("OEBPS/Text/c1.xhtml", None, "第一卷 风起", 1),
                entry("OEBPS/Text/c1.xhtml", Some("s1"), "第一章", 2),
                entry("OEBPS/Text/c2 b.xhtml", None, "第二章", 3),
                entry("OEBPS/nav.xhtml", Some("top"), "本页", 1),
            ]
        );
    }

    #[test]
    fn ncx_entries_with_depth() {
        let ncx = r#"<?xml version="1.0"?>
<ncx><docTitle><text>书</text></docTitle>
<navMap>
  <navPoint id="a" playOrder="1"><navLabel><text>第一卷</text></navLabel><content src="Text/v1.xhtml"/>
    <navPoint id="b"><navLabel><text>第一章</text></navLabel><content src="Text/c1.xhtml#c1"/></navPoint>
    <navPoint id="c"><content src="Text/c2.xhtml"/><navLabel><text> 第二章 </text></navLabel></navPoint>
  </navPoint>
  <navPoint id="d"><navLabel><text>后记</text></navLabel><content src="/abs.xhtml"/></navPoint>
</navMap>
<pageList><pageTarget><navLabel><text>1</text></navLabel><content src="Text/c1.xhtml"/></pageTarget></pageList>
</ncx>"#;
        let entries = parse_ncx(ncx, "OEBPS/toc.ncx");
        assert_eq!(
            entries,
            vec![
                entry("OEBPS/Text/v1.xhtml", None, "第一卷", 1),
                entry("OEBPS/Text/c1.xhtml", Some("c1"), "第一章", 2),
                entry("OEBPS/Text/c2.xhtml", None, "第二章", 2),
            ]
        );
    }

    #[test]
    fn a_nav_without_a_toc_type_falls_back_to_the_first_nav() {
        let entries = parse_nav(
            "<nav><ol><li><a href='a.xhtml'>甲</a></li></ol></nav>",
            "a/n.xhtml",
        );
        assert_eq!(entries, vec![entry("a/a.xhtml", None, "甲", 1)]);
        assert!(parse_nav("<p>no nav</p>", "n.xhtml").is_empty());
    }
}
