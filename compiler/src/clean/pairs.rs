//! Markup written as a pair of two-character markers around content, which may nest and may
//! hold links: MediaWiki variant markup `-{…}-` and templates `{{…}}`. The pass resolves the
//! innermost pair first, in one left-to-right walk, so its cost is linear in the block
//! (times the nesting depth, which is capped).

use super::inline::Inline;

/// How deep pairs are followed; markers nested deeper are dropped and their content kept.
pub(crate) const MAX_DEPTH: usize = 16;

/// Replaces every `open … close` in `inlines` by what `resolve` makes of its content (the
/// innermost first). Markers without their partner are dropped and an unclosed `open`'s
/// content is kept as text, so that nothing is lost.
pub(crate) fn resolve_pairs(
    inlines: Vec<Inline>,
    open: [char; 2],
    close: [char; 2],
    resolve: impl Fn(Vec<Inline>) -> Vec<Inline>,
) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    let mut opens: Vec<usize> = Vec::new();
    let mut ignored = 0usize;
    let mut tokens = inlines.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let first = token.char();
        let second = tokens.peek().and_then(Inline::char);
        if first == Some(open[0]) && second == Some(open[1]) {
            tokens.next();
            if opens.len() < MAX_DEPTH {
                opens.push(out.len());
            } else {
                ignored += 1;
            }
        } else if first == Some(close[0]) && second == Some(close[1]) {
            tokens.next();
            if ignored > 0 {
                ignored -= 1;
            } else if let Some(start) = opens.pop() {
                let content = out.split_off(start);
                out.extend(resolve(content));
            }
        } else {
            out.push(token);
        }
    }
    out
}

/// The content of `inlines` as a string with one character per token (markup tokens as
/// U+FFFC, whitespace as a space), and each token's byte offset in it: lets string rules see
/// the structure of a token run and map what they find back to tokens.
pub(crate) fn flatten(inlines: &[Inline]) -> (String, Vec<usize>) {
    let mut flat = String::with_capacity(inlines.len());
    let mut starts = Vec::with_capacity(inlines.len());
    for token in inlines {
        starts.push(flat.len());
        flat.push(match token {
            Inline::Char(c, _) => *c,
            Inline::Space | Inline::SoftBreak(_) => ' ',
            _ => '\u{fffc}',
        });
    }
    (flat, starts)
}

/// The tokens whose characters lie in the byte range `range` of a [`flatten`]ed string.
pub(crate) fn tokens_in(
    inlines: Vec<Inline>,
    starts: &[usize],
    range: std::ops::Range<usize>,
) -> Vec<Inline> {
    let first = starts.partition_point(|&s| s < range.start);
    let end = starts.partition_point(|&s| s < range.end);
    inlines
        .into_iter()
        .skip(first)
        .take(end.saturating_sub(first))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<Inline> {
        text.chars().map(|c| Inline::Char(c, 0)).collect()
    }

    fn text(inlines: &[Inline]) -> String {
        flatten(inlines).0
    }

    fn upper(content: Vec<Inline>) -> Vec<Inline> {
        content
            .into_iter()
            .map(|t| match t {
                Inline::Char(c, at) => Inline::Char(c.to_ascii_uppercase(), at),
                t => t,
            })
            .collect()
    }

    #[test]
    fn innermost_first_and_unpaired_markers_dropped() {
        assert_eq!(
            text(&resolve_pairs(
                chars("a{{b{{c}}d}}e"),
                ['{', '{'],
                ['}', '}'],
                upper
            )),
            "aBCDe"
        );
        assert_eq!(
            text(&resolve_pairs(chars("a{{b"), ['{', '{'], ['}', '}'], upper)),
            "ab"
        );
        assert_eq!(
            text(&resolve_pairs(chars("a}}b"), ['{', '{'], ['}', '}'], upper)),
            "ab"
        );
    }

    #[test]
    fn deep_nesting_is_capped_and_linear() {
        let deep = "-{".repeat(100_000);
        let out = resolve_pairs(chars(&deep), ['-', '{'], ['}', '-'], |c| c);
        assert!(out.is_empty());
    }

    #[test]
    fn flattened_ranges_map_back_to_tokens() {
        let tokens = vec![Inline::Char('中', 0), Inline::LinkEnd, Inline::Char('a', 0)];
        let (flat, starts) = flatten(&tokens);
        assert_eq!(flat, "中\u{fffc}a");
        let tail = tokens_in(tokens, &starts, 3..flat.len());
        assert_eq!(tail, vec![Inline::LinkEnd, Inline::Char('a', 0)]);
    }
}
