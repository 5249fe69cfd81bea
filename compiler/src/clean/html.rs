//! HTML in Markdown: inline tags (`<sub>`, `<figcaption>`, `<foo>`) and HTML blocks (`<div>`,
//! `<references />`). The reader has no HTML, so only text survives.
//!
//! Rules:
//! - Every tag is dropped and the text between tags is kept (`H<sub>2</sub>O` → `H2O`),
//!   known or not.
//! - `<script>` and `<style>` are dropped with everything up to their closing tag; comments
//!   `<!-- … -->` are dropped.
//! - `<br>` and `<hr>` end a line: the block is split there. In an HTML block the block-level
//!   tags `<p>`, `<div>`, `<li>`, `<tr>`, `<h1>`–`<h6>`, `<figcaption>`, `<blockquote>` do the
//!   same, so each gives its own block.
//! - Entities in HTML blocks are decoded (`&amp;`, `&nbsp;`, `&#20013;`, `&#x4E2D;` and the
//!   common named ones); an unknown named entity is dropped. (In Markdown text pulldown-cmark
//!   decodes all HTML5 entities itself.)

use super::inline::Inline;

/// Tags whose content is never text.
const HIDDEN: [&str; 2] = ["script", "style"];

/// Tags that end a line wherever they are.
const LINE_TAGS: [&str; 2] = ["br", "hr"];

/// Tags that end a line in an HTML block.
const BLOCK_TAGS: [&str; 14] = [
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figcaption",
    "blockquote",
    "section",
    "table",
];

/// A tag as written: its lower-case name and whether it closes (`</p>`).
#[derive(Debug, PartialEq, Eq)]
struct TagName {
    name: String,
    closing: bool,
}

/// The name of the tag `<…>` in `tag`, or `None` for a comment, declaration or non-tag.
fn tag_name(tag: &str) -> Option<TagName> {
    let inner = tag.strip_prefix('<')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let first_is_letter = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    first_is_letter.then_some(TagName { name, closing })
}

/// The inline pass: drops [`Inline::Html`] tags, drops what `<script>`/`<style>` hold, and
/// turns `<br>` into [`Inline::LineEnd`].
pub(crate) fn strip_inline_tags(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    let mut hidden: Option<String> = None;
    for token in inlines {
        let Inline::Html(tag, _) = &token else {
            if hidden.is_none() {
                out.push(token);
            }
            continue;
        };
        let Some(tag) = tag_name(tag) else {
            continue; // a comment or declaration
        };
        match &hidden {
            Some(name) if tag.closing && *name == tag.name => hidden = None,
            Some(_) => {}
            None if HIDDEN.contains(&tag.name.as_str()) && !tag.closing => {
                hidden = Some(tag.name);
            }
            None if LINE_TAGS.contains(&tag.name.as_str()) => out.push(Inline::LineEnd),
            None => {}
        }
    }
    out
}

/// The text of an HTML block `raw` that starts at source byte `start`.
pub(crate) fn block_text(raw: &str, start: usize) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = raw.get(i..).and_then(|rest| rest.chars().next()) {
        let rest = raw.get(i..).unwrap_or("");
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(raw.len(), |end| i + end + 3);
            continue;
        }
        if c == '<' {
            if let (Some(tag), Some(end)) = (tag_name(rest), rest.find('>')) {
                i += end + 1;
                let name = tag.name.as_str();
                if HIDDEN.contains(&name) && !tag.closing {
                    i = hidden_end(raw, i, name);
                } else if LINE_TAGS.contains(&name) || BLOCK_TAGS.contains(&name) {
                    out.push(Inline::LineEnd);
                }
                continue;
            }
        }
        if c == '&' {
            if let Some((decoded, len)) = entity(rest) {
                if let Some(decoded) = decoded {
                    push_char(&mut out, decoded, start + i);
                }
                i += len;
                continue;
            }
        }
        push_char(&mut out, c, start + i);
        i += c.len_utf8();
    }
    out
}

/// The byte after the `</name…>` closing a `<script>` or `<style>` whose content starts at
/// `from`, or the end of `raw` if it never closes.
fn hidden_end(raw: &str, from: usize, name: &str) -> usize {
    let rest = raw.get(from..).unwrap_or("");
    for (at, _) in rest.match_indices("</") {
        let candidate = rest.get(at + 2..at + 2 + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name)) {
            let close = from + at;
            return raw
                .get(close..)
                .and_then(|r| r.find('>'))
                .map_or(raw.len(), |gt| close + gt + 1);
        }
    }
    raw.len()
}

fn push_char(out: &mut Vec<Inline>, c: char, origin: usize) {
    out.push(match c {
        '\n' => Inline::SoftBreak(origin),
        c if c.is_whitespace() || c.is_control() => Inline::Space,
        c => Inline::Char(c, origin),
    });
}

/// Common named entities besides the five XML ones.
const NAMED: [(&str, char); 16] = [
    ("nbsp", '\u{a0}'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("hellip", '…'),
    ("middot", '·'),
    ("copy", '©'),
    ("reg", '®'),
    ("times", '×'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("deg", '°'),
    ("yen", '¥'),
];

/// An entity at the start of `text` (`&amp;`, `&#8212;`, `&#x2014;`): the character it stands
/// for (`None` for an unknown name, which is dropped) and its length. `None` if `text` does not
/// start with something shaped like an entity, so the `&` is text.
fn entity(text: &str) -> Option<(Option<char>, usize)> {
    let semi = text
        .get(..12.min(text.len()))
        .and_then(|head| head.find(';'))?;
    let name = text.get(1..semi)?;
    let length = semi + 1;
    if let Some(number) = name.strip_prefix('#') {
        let value = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return Some((char::from_u32(value), length));
    }
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let c = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => NAMED.iter().find(|(n, _)| *n == name).map(|(_, c)| *c),
    };
    Some((c, length))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(inlines: &[Inline]) -> String {
        inlines
            .iter()
            .map(|token| match token {
                Inline::Char(c, _) => *c,
                Inline::LineEnd => '/',
                _ => '_',
            })
            .collect()
    }

    fn html(tag: &str) -> Inline {
        Inline::Html(tag.to_owned(), 0)
    }

    #[test]
    fn inline_tags_go_and_their_text_stays() {
        let stream = vec![
            Inline::Char('H', 0),
            html("<sub>"),
            Inline::Char('2', 0),
            html("</sub>"),
            html("<br/>"),
            html("<script>"),
            Inline::Char('x', 0),
            html("</script>"),
            html("<!-- c -->"),
            html("<foo bar=1>"),
            Inline::Char('O', 0),
        ];
        assert_eq!(text(&strip_inline_tags(stream)), "H2/O");
    }

    #[test]
    fn block_text_splits_at_block_tags_and_decodes_entities() {
        let raw = "<div class=\"a\">\n<p>一&amp;二</p><p>&#x4E09;&nbsp;&bogus;</p>\n<style>p{}</style><!-- x -->\n</div>\n";
        assert_eq!(text(&block_text(raw, 0)), "/_/一&二//三_/__/_");
        assert_eq!(text(&block_text("<references />", 0)), "");
        assert_eq!(text(&block_text("a & b <3", 0)), "a_&_b_<3");
        let origins: Vec<usize> = block_text("<b>中</b>", 10)
            .iter()
            .filter_map(|t| match t {
                Inline::Char(_, at) => Some(*at),
                _ => None,
            })
            .collect();
        assert_eq!(origins, vec![13]);
    }

    #[test]
    fn tag_names() {
        let tag = tag_name("</FigCaption>").unwrap();
        assert_eq!((tag.name.as_str(), tag.closing), ("figcaption", true));
        assert_eq!(tag_name("<!-- x -->"), None);
        assert_eq!(tag_name("< b>"), None);
    }
}
