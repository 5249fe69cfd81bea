//! Bold as article converters write it: every `**` toggles bold, also where CommonMark would
//! not pair it. The news article splits bold at digits, `**11****月中旬…到****2040****年…**`;
//! CommonMark leaves the first `**` and the `****` between `2040` and `年` as literal text
//! (its rule of three), while the converter meant one bold span (CONTENT.md).
//!
//! Rule: a block in which CommonMark left a run of two or more unescaped `*` as text is read
//! the converter's way — each pair of asterisks in such a run, and each strong opening and
//! closing, toggles bold (an odd asterisk left in such a run is an italic marker and goes).
//! Spans that touch then merge into one ([`super::text`]). A bold still open at the block's
//! end gives no emphasis, its text stays. Blocks without such a run keep CommonMark's reading,
//! and a single literal `*` (`a*b`) is always text.

use super::inline::{escaped, Inline};

/// The pass: rewrites the bold of a block when CommonMark left `**` runs as text.
pub(crate) fn repair(inlines: Vec<Inline>, source: &str) -> Vec<Inline> {
    let is_star = |token: &Inline| matches!(token, Inline::Char('*', at) if !escaped(source, *at));
    let has_literal_run = inlines.windows(2).any(|pair| pair.iter().all(is_star));
    if !has_literal_run {
        return inlines;
    }
    let mut out = Vec::with_capacity(inlines.len());
    let mut run = 0usize;
    let flush = |out: &mut Vec<Inline>, run: &mut usize, last: Option<Inline>| {
        match *run {
            0 => {}
            1 => out.extend(last),
            n => out.extend(std::iter::repeat_n(Inline::BoldToggle, n / 2)),
        }
        *run = 0;
    };
    let mut last_star = None;
    for token in inlines {
        if is_star(&token) {
            run += 1;
            last_star = Some(token);
            continue;
        }
        flush(&mut out, &mut run, last_star.take());
        match token {
            Inline::Strong(_) => out.push(Inline::BoldToggle),
            other => out.push(other),
        }
    }
    flush(&mut out, &mut run, last_star.take());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stars(text: &str) -> Vec<Inline> {
        text.char_indices()
            .map(|(at, c)| Inline::Char(c, at))
            .collect()
    }

    #[test]
    fn literal_runs_toggle() {
        let out = repair(stars("a**b****c*"), "a**b****c*");
        let toggles = out.iter().filter(|t| **t == Inline::BoldToggle).count();
        assert_eq!(toggles, 3);
        // The single `*` after `c` is text.
        assert_eq!(out.last(), Some(&Inline::Char('*', 9)));
        // An odd asterisk in a longer run goes.
        let odd = repair(stars("***x"), "***x");
        assert_eq!(odd, vec![Inline::BoldToggle, Inline::Char('x', 3)]);
    }

    #[test]
    fn commonmark_bold_is_kept_without_literal_runs() {
        let input = vec![
            Inline::Strong(true),
            Inline::Char('a', 2),
            Inline::Strong(false),
            Inline::Char('*', 5),
        ];
        assert_eq!(repair(input.clone(), "**a**\\**"), input);
        // Escaped asterisks are not a run.
        let escaped_run = stars("\\*\\*");
        let kept: Vec<Inline> = escaped_run
            .into_iter()
            .filter(|t| t.char() == Some('*'))
            .collect();
        assert_eq!(repair(kept.clone(), "\\*\\*"), kept);
    }
}
