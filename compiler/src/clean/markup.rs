//! Recognisers for single pieces of inline markup, as pure functions over the block's source
//! text and byte offsets. They only find where a construct ends and what it holds; the parser
//! in [`super::inline`] decides what the reader sees. Every scan is a single pass over bytes, so
//! a 200,000-character paragraph costs linear time, and every access is checked.
//!
//! Byte-wise scanning is sound on UTF-8: all the delimiters are ASCII, and ASCII bytes never
//! occur inside a multi-byte character.

use std::ops::Range;

/// The byte at `i`, or 0 past the end (0 never occurs in the delimiters looked for).
pub(crate) fn byte(text: &str, i: usize) -> u8 {
    text.as_bytes().get(i).copied().unwrap_or(0)
}

fn starts_at(text: &str, i: usize, pattern: &[u8]) -> bool {
    text.as_bytes()
        .get(i..)
        .is_some_and(|rest| rest.starts_with(pattern))
}

/// Where `pattern` next occurs at or after byte `from`, without crossing a line break when
/// `same_line` is set.
fn find_from(text: &str, from: usize, pattern: &str, same_line: bool) -> Option<usize> {
    let rest = text.get(from..)?;
    let limit = if same_line {
        rest.find('\n').unwrap_or(rest.len())
    } else {
        rest.len()
    };
    rest.get(..limit)?.find(pattern).map(|at| from + at)
}

/// The `]` that closes the `[` at byte `open`, honouring nesting and backslash escapes.
pub(crate) fn matching_bracket(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 1,
            b'[' => depth += 1,
            b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The length of a reference marker `\[12\]` or `[12]` at byte `at` (1 to 4 digits).
pub(crate) fn reference_marker_len(text: &str, at: usize) -> Option<usize> {
    let escaped = starts_at(text, at, b"\\[");
    let digits_start = at + if escaped { 2 } else { 1 };
    if !escaped && byte(text, at) != b'[' {
        return None;
    }
    let digits = text
        .as_bytes()
        .get(digits_start..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let close = digits_start + digits;
    let close_len = match (escaped, starts_at(text, close, b"\\]"), byte(text, close)) {
        (true, true, _) => 2,
        (false, _, b']') => 1,
        _ => return None,
    };
    ((1..=4).contains(&digits)).then_some(close - at + close_len)
}

/// What follows `[text]` as `(target "title")`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LinkTail {
    /// The link target.
    pub target: Range<usize>,
    /// The title, without its quotes.
    pub title: Option<Range<usize>>,
    /// The byte after the closing `)`.
    pub end: usize,
}

/// Reads `(target "title")` starting at the `(` at byte `open`.
pub(crate) fn link_tail(text: &str, open: usize) -> Option<LinkTail> {
    let skip_space = |mut i: usize| {
        while byte(text, i).is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    if byte(text, open) != b'(' {
        return None;
    }
    let mut i = skip_space(open + 1);
    let target = if byte(text, i) == b'<' {
        let close = find_from(text, i + 1, ">", true)?;
        let target = i + 1..close;
        i = close + 1;
        target
    } else {
        let start = i;
        let mut depth = 0usize;
        loop {
            match byte(text, i) {
                0 => return None,
                b if b.is_ascii_whitespace() => break,
                b'\\' => i += 1,
                b'(' => depth += 1,
                b')' if depth == 0 => break,
                b')' => depth -= 1,
                _ => {}
            }
            i += 1;
        }
        start..i
    };
    i = skip_space(i);
    let mut title = None;
    let closing = match byte(text, i) {
        b'"' => Some(b'"'),
        b'\'' => Some(b'\''),
        b'(' => Some(b')'),
        _ => None,
    };
    if let Some(closing) = closing {
        let start = i + 1;
        i = start;
        while byte(text, i) != closing {
            match byte(text, i) {
                0 => return None,
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
        title = Some(start..i);
        i = skip_space(i + 1);
    }
    (byte(text, i) == b')').then_some(LinkTail {
        target,
        title,
        end: i + 1,
    })
}

/// MediaWiki namespaces of uploaded files, as they appear in converted link targets.
const FILE_NAMESPACES: [&str; 9] = [
    "File:", "file:", "Image:", "image:", "Media:", "文件:", "檔案:", "档案:", "图像:",
];

/// Whether a link is a converted wiki figure: a target in a file namespace, or a `fig:` title.
pub(crate) fn is_figure(target: &str, title: &str) -> bool {
    title.starts_with("fig:") || FILE_NAMESPACES.iter().any(|ns| namespace_is(target, ns))
}

/// Whether a link only files the page in a category (`[Category:…](…)`).
pub(crate) fn is_category(text: &str, target: &str) -> bool {
    ["Category:", "分类:", "分類:"]
        .iter()
        .any(|ns| text.trim_start().starts_with(ns) || namespace_is(target, ns))
}

/// Whether `target` names a page in namespace `ns` (`…/wiki/File:x`, `File:x`, `../Page/File:x`).
fn namespace_is(target: &str, ns: &str) -> bool {
    target.starts_with(ns) || target.contains(&format!("/{ns}"))
}

/// Whether a link points inside Wikipedia (converted wikilinks and anchors) rather than to
/// another site.
pub(crate) fn is_wiki_target(target: &str, title: &str) -> bool {
    title == "wikilink"
        || target.starts_with('#')
        || target.starts_with("../Page/")
        || target.contains("wikipedia.org/wiki/")
}

/// After a figure, the end of its caption residue: the byte after the first `\]\]` or `]]` on
/// the same line (the converter lost the caption's start and kept its end and the closing
/// brackets of `[[File:…|…]]`). This exists for the zh.wikipedia article, lines 9, 55, 73, 107
/// and 115.
pub(crate) fn caption_end(text: &str, from: usize) -> Option<usize> {
    let escaped = find_from(text, from, "\\]\\]", true).map(|at| at + 4);
    let plain = find_from(text, from, "]]", true).map(|at| at + 2);
    match (escaped, plain) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The `]]` closing a raw wikilink `[[…]]` opened at byte `open`, if its content holds no
/// other bracket.
pub(crate) fn wikilink_end(text: &str, open: usize) -> Option<usize> {
    if !starts_at(text, open, b"[[") {
        return None;
    }
    let close = find_from(text, open + 2, "]]", true)?;
    let content = text.get(open + 2..close)?;
    (!content.contains(['[', ']'])).then_some(close)
}

/// For MediaWiki variant markup whose content starts at byte `from` (after `-{` or `\-{`):
/// the content's end and the length of the closing `}-` (or escaped `}\-`).
pub(crate) fn variant_end(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut depth = 1usize;
    let mut i = from;
    while i < text.len() {
        if starts_at(text, i, b"-{") {
            depth += 1;
            i += 2;
        } else if starts_at(text, i, b"}-") || starts_at(text, i, b"}\\-") {
            depth -= 1;
            let close = if byte(text, i + 1) == b'-' { 2 } else { 3 };
            if depth == 0 {
                return Some((i, close));
            }
            i += close;
        } else {
            i += 1;
        }
    }
    None
}

/// The byte after the `}}` closing the template opened by the `{{` at byte `open`.
pub(crate) fn template_end(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < text.len() {
        if starts_at(text, i, b"{{") {
            depth += 1;
            i += 2;
        } else if starts_at(text, i, b"}}") {
            depth = depth.saturating_sub(1);
            i += 2;
            if depth == 0 {
                return Some(i);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Whether a template only affects layout, so that dropping it loses nothing (`{{-}}` and the
/// `{{clear}}` family, which end floating images).
pub(crate) fn is_layout_template(name: &str) -> bool {
    let name = name.trim().to_ascii_lowercase();
    name == "-" || name == "clr" || name.starts_with("clear")
}

/// The byte after the `-->` closing the comment whose `<!--` is at byte `open`.
pub(crate) fn comment_end(text: &str, open: usize) -> Option<usize> {
    find_from(text, open + 4, "-->", false).map(|at| at + 3)
}

/// An HTML entity at byte `at` (`&amp;`, `&nbsp;`, `&#8212;`, `&#x2014;`): its character and
/// length.
pub(crate) fn entity(text: &str, at: usize) -> Option<(char, usize)> {
    let semi = find_from(text, at, ";", true).filter(|&semi| semi - at <= 10)?;
    let name = text.get(at + 1..semi)?;
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let number = name.strip_prefix('#')?;
            let value = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(value)?
        }
    };
    Some((c, semi + 1 - at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_match_with_nesting_and_escapes() {
        assert_eq!(matching_bracket("[a[b]c]d", 0), Some(6));
        assert_eq!(matching_bracket("[a\\]b]", 0), Some(5));
        assert_eq!(matching_bracket("[abc", 0), None);
        assert_eq!(matching_bracket("]", 0), None);
    }

    #[test]
    fn reference_markers() {
        assert_eq!(reference_marker_len("\\[114\\]。", 0), Some(7));
        assert_eq!(reference_marker_len("[3]", 0), Some(3));
        assert_eq!(reference_marker_len("\\[3]", 0), None);
        assert_eq!(reference_marker_len("[12345]", 0), None);
        assert_eq!(reference_marker_len("[]", 0), None);
        assert_eq!(reference_marker_len("[a]", 0), None);
    }

    #[test]
    fn link_tails() {
        let text = "[马](../Page/马.md \"wikilink\")后";
        let tail = link_tail(text, 5).unwrap();
        assert_eq!(text.get(tail.target.clone()), Some("../Page/马.md"));
        assert_eq!(tail.title.and_then(|t| text.get(t)), Some("wikilink"));
        assert_eq!(text.get(tail.end..), Some("后"));
        assert_eq!(link_tail("(a(b)c)", 0).map(|t| t.end), Some(7));
        assert_eq!(link_tail("(<a b>)", 0).map(|t| t.target), Some(2..5));
        assert_eq!(link_tail("(a \"t", 0), None);
        assert_eq!(link_tail("(a", 0), None);
        assert_eq!(link_tail("(a b)", 0), None);
    }

    #[test]
    fn link_classes() {
        assert!(is_figure(
            "https://zh.wikipedia.org/wiki/File:Qianlong_Horse.jpg",
            "fig:缩略图"
        ));
        assert!(is_figure("File:a.png", ""));
        assert!(is_figure("x", "fig:a.png"));
        assert!(!is_figure("https://zh.wikipedia.org/wiki/文化", "wikilink"));
        assert!(is_category(
            "Category:中哈关系",
            "https://zh.wikipedia.org/wiki/Category:中哈关系"
        ));
        assert!(!is_category(
            "中哈关系",
            "https://zh.wikipedia.org/wiki/中哈关系"
        ));
        assert!(is_wiki_target("../Page/马.md", "wikilink"));
        assert!(is_wiki_target(
            "https://zh.wikipedia.org/wiki/#水资源爭議",
            ""
        ));
        assert!(!is_wiki_target("http://kz.mofcom.gov.cn/", ""));
    }

    #[test]
    fn caption_residue_ends_on_its_line() {
        let text = "归附清朝[马](x)\\]\\]\n下一行]]";
        assert_eq!(caption_end(text, 0), Some(text.find('\n').unwrap()));
        assert_eq!(caption_end("说明\n下一行\\]\\]", 0), None);
        assert_eq!(caption_end("a]]b\\]\\]", 0), Some(3));
    }

    #[test]
    fn variants_templates_comments_entities() {
        assert_eq!(variant_end("a;}-后", 0), Some((2, 2)));
        assert_eq!(variant_end("a-{b}-c}\\-", 0), Some((7, 3)));
        assert_eq!(variant_end("a", 0), None);
        assert_eq!(template_end("{{a|{{b}}}}c", 0), Some(11));
        assert_eq!(template_end("{{a", 0), None);
        assert!(is_layout_template("-") && is_layout_template("Clear"));
        assert!(!is_layout_template("lang"));
        assert_eq!(comment_end("<!-- a -->b", 0), Some(10));
        assert_eq!(entity("&amp;", 0), Some(('&', 5)));
        assert_eq!(entity("&#x4E2D;", 0), Some(('中', 8)));
        assert_eq!(entity("&#20013;", 0), Some(('中', 8)));
        assert_eq!(entity("& b;", 0), None);
        assert_eq!(entity("&#xD800;", 0), None);
    }

    #[test]
    fn wikilinks_without_inner_brackets() {
        assert_eq!(wikilink_end("[[a|b]]", 0), Some(5));
        assert_eq!(wikilink_end("[[a](b)]", 0), None);
        assert_eq!(wikilink_end("[a]]", 0), None);
    }
}
