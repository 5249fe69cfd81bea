//! MediaWiki templates `{{name|arg|…}}` that a converter left in the text.
//!
//! Rules:
//! - Layout templates (`{{-}}`, `{{clear}}`, `{{clr}}`, which end floating images) give nothing.
//! - Any other template shows its last positional argument (`{{lang|kk|Қазақстан}}` →
//!   `Қазақстан`); named arguments (`url=…`) are not text, and a template without a positional
//!   argument (`{{citation needed}}`) gives nothing.
//! - A `{{` never closed in its block and a stray `}}` are dropped; the text after them stays.

use super::inline::Inline;
use super::pairs::{flatten, resolve_pairs, tokens_in};

/// Whether a template only affects layout, so that dropping it loses nothing.
fn is_layout_template(name: &str) -> bool {
    let name = name.trim().to_ascii_lowercase();
    name == "-" || name == "clr" || name.starts_with("clear")
}

/// The pass: every `{{…}}` of a block replaced by what it shows.
pub(crate) fn resolve(inlines: Vec<Inline>) -> Vec<Inline> {
    resolve_pairs(inlines, ['{', '{'], ['}', '}'], |content| {
        let (flat, starts) = flatten(&content);
        let mut parts = Vec::new();
        let mut from = 0;
        for (at, _) in flat.match_indices('|') {
            parts.push(from..at);
            from = at + 1;
        }
        parts.push(from..flat.len());
        let name = parts
            .first()
            .and_then(|r| flat.get(r.clone()))
            .unwrap_or("");
        if is_layout_template(name) {
            return Vec::new();
        }
        let positional = parts.iter().skip(1).rev().find(|range| {
            let arg = flat.get((*range).clone()).unwrap_or("");
            !arg.trim().is_empty() && !is_named(arg)
        });
        match positional {
            Some(range) => tokens_in(content, &starts, range.clone()),
            None => Vec::new(),
        }
    })
}

/// `key=value`: a named argument.
fn is_named(arg: &str) -> bool {
    arg.split_once('=').is_some_and(|(key, _)| {
        let key = key.trim();
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shows(text: &str) -> String {
        let tokens = text.chars().map(|c| Inline::Char(c, 0)).collect();
        resolve(tokens).iter().filter_map(Inline::char).collect()
    }

    #[test]
    fn layout_templates_vanish() {
        assert_eq!(shows("a{{-}}b{{Clear}}c{{clr|left}}"), "abc");
    }

    #[test]
    fn other_templates_show_their_last_positional_argument() {
        assert_eq!(shows("首都{{lang|kk|Қазақстан}}。"), "首都Қазақстан。");
        assert_eq!(shows("x{{cite web|url=http://a|title=b}}y"), "xy");
        assert_eq!(shows("x{{citation needed}}y"), "xy");
        assert_eq!(shows("{{a|{{b|c}}}}"), "c");
        assert_eq!(shows("a{{lang|kk"), "alang|kk");
    }
}
