//! Links, figures, categories and reference markers: what of them a reader sees offline.
//!
//! Rules:
//! - A link shows its text as is (`[歷史上的中國和](…)` stays `歷史上的中國和`); so do
//!   `[[target|text]]` wikilinks and autolinks `<https://…>` (their text is the URL). A bare
//!   URL in a sentence is text.
//! - Converted wiki figures — links into a file namespace (`File:`, `Image:`, `文件:` …) or with
//!   a `fig:` title — give nothing, and take with them the caption residue up to the first
//!   `]]` (also escaped, `\]\]`) on the same line: zh.wikipedia converters lose the caption's
//!   start and leave `…\]\]` (wiki article, lines 9, 55, 73, 107, 115), so neither 缩略图 nor a
//!   caption fragment remains and a paragraph on the caption's next line starts clean. A
//!   complete `[[File:…|…]]` wikilink has no residue.
//! - Category links `[Category:…](…)` and `[[Category:…]]` give nothing.
//! - Reference markers `\[12\]` (the converter's escaped brackets, 1–4 digits) give nothing;
//!   what stands beside them stays (`（4%）\[71\]。` → `（4%）。`). Unescaped `[12]` is text the
//!   author wrote and stays.
//! - A link CommonMark could not read because its target is cut short or broken
//!   (`[断开的链接](https://example.org/a 还有`) shows its text: the `[`, the `](` and the target up
//!   to its `)`, a space or the line's end go, and what follows stays.

use super::inline::{escaped, Inline, LinkTarget};

/// MediaWiki namespaces of uploaded files, as they appear in converted link targets.
const FILE_NAMESPACES: [&str; 9] = [
    "File:", "file:", "Image:", "image:", "Media:", "文件:", "檔案:", "档案:", "图像:",
];

/// Category namespaces.
const CATEGORY_NAMESPACES: [&str; 3] = ["Category:", "分类:", "分類:"];

/// Whether a link is a converted wiki figure: a target in a file namespace, or a `fig:` title.
pub(crate) fn is_figure(target: &LinkTarget) -> bool {
    target.title.starts_with("fig:")
        || FILE_NAMESPACES
            .iter()
            .any(|ns| namespace_is(&target.url, ns))
}

/// Whether `url` names a page in namespace `ns` (`…/wiki/File:x`, `File:x`, `../Page/File:x`).
fn namespace_is(url: &str, ns: &str) -> bool {
    url.starts_with(ns) || url.contains(&format!("/{ns}"))
}

/// Whether a link points inside Wikipedia (converted wikilinks and anchors).
pub(crate) fn is_wiki_target(target: &LinkTarget) -> bool {
    target.title == "wikilink"
        || target.wikilink
        || target.url.starts_with('#')
        || target.url.starts_with("../Page/")
        || target.url.contains("wikipedia.org/wiki/")
}

/// The pass over links: figures (with their caption residue) and category links dropped,
/// every other link kept for [`super::text`] to show its text.
pub(crate) fn clean(inlines: Vec<Inline>) -> Vec<Inline> {
    let residue_end = caption_ends(&inlines);
    let mut out = Vec::with_capacity(inlines.len());
    let mut skip_to: Option<usize> = None;
    let mut depth = 0usize;
    let mut dropping: Option<(usize, bool)> = None; // depth of the dropped link, figure or not
    for (index, token) in inlines.into_iter().enumerate() {
        if skip_to.is_some_and(|end| index <= end) {
            continue;
        }
        skip_to = None;
        match &token {
            Inline::LinkStart(target) => {
                depth += 1;
                if dropping.is_none() {
                    if is_figure(target) {
                        dropping = Some((depth, !target.wikilink));
                        out.push(Inline::Image(0));
                        continue;
                    }
                    if CATEGORY_NAMESPACES
                        .iter()
                        .any(|ns| namespace_is(&target.url, ns))
                    {
                        dropping = Some((depth, false));
                        continue;
                    }
                }
            }
            Inline::LinkEnd => {
                let closing = depth;
                depth = depth.saturating_sub(1);
                if let Some((level, figure)) = dropping {
                    if level == closing {
                        dropping = None;
                        if figure {
                            skip_to = residue_end.get(index).copied().flatten();
                        }
                    }
                    continue;
                }
            }
            _ => {}
        }
        if dropping.is_none() {
            out.push(token);
        }
    }
    drop_category_text_links(out)
}

/// A link whose text starts with a category namespace (`[Category:中哈关系](…)`) goes whole.
fn drop_category_text_links(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    let mut link_start: Option<usize> = None;
    for token in inlines {
        match token {
            Inline::LinkStart(_) if link_start.is_none() => {
                link_start = Some(out.len());
                out.push(token);
            }
            Inline::LinkEnd if link_start.is_some() => {
                let start = link_start.take().unwrap_or(out.len());
                let text: String = out
                    .get(start..)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(Inline::char)
                    .take(12)
                    .collect();
                if CATEGORY_NAMESPACES.iter().any(|ns| text.starts_with(ns)) {
                    out.truncate(start);
                } else {
                    out.push(token);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// For each token index, the index of the second `]` of the first `]]` after it on the same
/// line, if any: one backward walk, so a line of many figures stays linear.
fn caption_ends(inlines: &[Inline]) -> Vec<Option<usize>> {
    let mut ends = vec![None; inlines.len()];
    let mut next: Option<usize> = None;
    for index in (0..inlines.len()).rev() {
        if let Some(slot) = ends.get_mut(index) {
            *slot = next;
        }
        match inlines.get(index) {
            Some(Inline::SoftBreak(_) | Inline::LineEnd) => next = None,
            Some(Inline::Char(']', _))
                if inlines.get(index + 1).and_then(Inline::char) == Some(']') =>
            {
                next = Some(index + 1);
            }
            _ => {}
        }
    }
    ends
}

/// The pass over reference markers `\[12\]`: dropped (see the rules above).
pub(crate) fn drop_reference_markers(inlines: Vec<Inline>, source: &str) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    let mut index = 0;
    while let Some(token) = inlines.get(index) {
        if let Some(len) = marker_len(&inlines, index, source) {
            index += len;
            continue;
        }
        out.push(token.clone());
        index += 1;
    }
    out
}

/// The number of tokens of a reference marker starting at `index`.
fn marker_len(inlines: &[Inline], index: usize, source: &str) -> Option<usize> {
    let Some(Inline::Char('[', open)) = inlines.get(index) else {
        return None;
    };
    if !escaped(source, *open) {
        return None;
    }
    let digits = inlines
        .iter()
        .skip(index + 1)
        .take(5)
        .take_while(|t| t.char().is_some_and(|c| c.is_ascii_digit()))
        .count();
    match inlines.get(index + 1 + digits) {
        Some(Inline::Char(']', close)) if (1..=4).contains(&digits) && escaped(source, *close) => {
            Some(digits + 2)
        }
        _ => None,
    }
}

/// The pass over broken links (see the rules above): `[`, `](` and the target dropped.
pub(crate) fn drop_broken_link_syntax(inlines: Vec<Inline>, source: &str) -> Vec<Inline> {
    let plain = |token: Option<&Inline>, c: char| matches!(token, Some(Inline::Char(found, at)) if *found == c && !escaped(source, *at));
    let mut out: Vec<Option<Inline>> = Vec::with_capacity(inlines.len());
    let mut opens: Vec<usize> = Vec::new();
    let mut index = 0;
    while let Some(token) = inlines.get(index) {
        if plain(Some(token), '[') {
            opens.push(out.len());
        } else if plain(Some(token), ']') && plain(inlines.get(index + 1), '(') {
            if let Some(open) = opens.pop() {
                if let Some(slot) = out.get_mut(open) {
                    *slot = None;
                }
            }
            index = broken_target_end(&inlines, index + 2);
            continue;
        }
        out.push(Some(token.clone()));
        index += 1;
    }
    out.into_iter().flatten().collect()
}

/// The token after a broken link's target starting at `index`: the URL up to a space, a
/// line end or its `)`, then a quoted title (`"wikilink"`) and the `)` if they follow.
fn broken_target_end(inlines: &[Inline], mut index: usize) -> usize {
    let is_break = |t: &Inline| matches!(t, Inline::SoftBreak(_) | Inline::LineEnd);
    while let Some(token) = inlines.get(index) {
        match token {
            Inline::Char(')', _) => return index + 1,
            Inline::Space => break,
            t if is_break(t) => return index,
            _ => index += 1,
        }
    }
    let mut after = index;
    while matches!(inlines.get(after), Some(Inline::Space)) {
        after += 1;
    }
    let close = match inlines.get(after).and_then(Inline::char) {
        Some('"') => '"',
        Some('\'') => '\'',
        _ => return index,
    };
    let mut end = after + 1;
    while let Some(token) = inlines.get(end) {
        if is_break(token) {
            return end;
        }
        end += 1;
        if token.char() == Some(close) {
            break;
        }
    }
    while matches!(inlines.get(end), Some(Inline::Space)) {
        end += 1;
    }
    if inlines.get(end).and_then(Inline::char) == Some(')') {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str, from: usize) -> Vec<Inline> {
        text.char_indices()
            .map(|(at, c)| Inline::Char(c, from + at))
            .collect()
    }

    fn link(url: &str, title: &str, text: &str) -> Vec<Inline> {
        let target = LinkTarget {
            url: url.into(),
            title: title.into(),
            wikilink: false,
        };
        let mut out = vec![Inline::LinkStart(Box::new(target))];
        out.extend(chars(text, 0));
        out.push(Inline::LinkEnd);
        out
    }

    fn text(inlines: &[Inline]) -> String {
        inlines.iter().filter_map(Inline::char).collect()
    }

    #[test]
    fn figures_take_their_caption_residue_to_the_line_end() {
        // Wiki lines 73-74.
        let mut stream = link(
            "https://zh.wikipedia.org/wiki/File:Type_056.jpg",
            "fig:缩略图",
            "缩略图",
        );
        stream.extend(chars("，該艦的模型]]", 0));
        stream.push(Inline::SoftBreak(0));
        stream.extend(chars("哈萨克斯坦]]", 0));
        let out = clean(stream);
        assert_eq!(text(&out), "哈萨克斯坦]]");
        assert_eq!(out.first(), Some(&Inline::Image(0)));
        // Without `]]` on its line only the figure goes.
        let mut lone = chars("前", 0);
        lone.extend(link("File:a.png", "", "图"));
        lone.extend(chars("后", 0));
        assert_eq!(text(&clean(lone)), "前后");
    }

    #[test]
    fn categories_go_and_other_links_keep_their_text() {
        let mut stream = link(
            "https://zh.wikipedia.org/wiki/Category:中哈关系",
            "wikilink",
            "Category:中哈关系",
        );
        stream.extend(link("https://example.org/", "", "例子"));
        stream.extend(link("x", "", "分类:某"));
        let out = clean(stream);
        assert_eq!(text(&out), "例子");
        assert!(matches!(out.first(), Some(Inline::LinkStart(_))));
    }

    #[test]
    fn broken_links_show_their_text() {
        let source = "前[断开](https://a/b 还有[x](y";
        let tokens: Vec<Inline> = source
            .char_indices()
            .map(|(at, c)| match c {
                ' ' => Inline::Space,
                c => Inline::Char(c, at),
            })
            .collect();
        assert_eq!(
            text(&drop_broken_link_syntax(tokens, source)),
            "前断开还有x"
        );
        let titled = "[北京](https://zh.wikipedia.org/wiki/北京 \"wikilink\"。后";
        let tokens: Vec<Inline> = titled
            .char_indices()
            .map(|(at, c)| match c {
                ' ' => Inline::Space,
                c => Inline::Char(c, at),
            })
            .collect();
        assert_eq!(text(&drop_broken_link_syntax(tokens, titled)), "北京。后");
        let kept = chars("a](b", 0);
        // Without an opening bracket only the `](` and target go.
        assert_eq!(text(&drop_broken_link_syntax(kept, "a](b")), "a");
    }

    #[test]
    fn only_escaped_numeric_markers_go() {
        let source = "（4%）\\[71\\]。[3]\\[a\\]\\[12345\\]";
        let tokens: Vec<Inline> = source
            .char_indices()
            .filter(|(_, c)| *c != '\\')
            .map(|(at, c)| Inline::Char(c, at))
            .collect();
        assert_eq!(
            text(&drop_reference_markers(tokens, source)),
            "（4%）。[3][a][12345]"
        );
    }
}
