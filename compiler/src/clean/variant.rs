//! MediaWiki language-variant markup `-{…}-`: zh.wikipedia stores text in mixed script and
//! marks the places where the variants must differ. Moye resolves it to the zh-hans form and
//! lets the 简/繁 conversion of the whole book do the rest (CONTENT.md, 简体 / 繁體).
//!
//! Rules:
//! - `-{zh-hans:A;zh-hant:B;}-` shows one rule's text: the first present of zh-hans, zh-cn,
//!   zh-sg, zh-my, zh, zh-hant, zh-tw, zh-hk, zh-mo, else the first rule. A `;` ends a rule only
//!   when the next variant code (or the end) follows, so text may hold semicolons.
//! - `-{text}-` without rules shows the text as is (it only protects it from conversion).
//! - Flags before `|`: `H` (add a rule for the page), `T` (set the title) and `-` (remove a
//!   rule) show nothing; other flags (`A`, `R`, `D`, …) show the content like above.
//! - The markup may be escaped by the Markdown converter (`\-{…}-`) and span lines of one
//!   paragraph; the chosen rule's tokens (links, images) are then cleaned like any other text,
//!   so an image-only variant gives nothing.
//! - A `-{` never closed in its block and a stray `}-` are dropped, and the text after them
//!   is kept as written (which form it is cannot be known, so nothing is thrown away).

use std::ops::Range;

use super::inline::Inline;
use super::pairs::{flatten, resolve_pairs, tokens_in};

/// The pass: every `-{…}-` of a block replaced by the tokens of the form it shows.
pub(crate) fn resolve(inlines: Vec<Inline>) -> Vec<Inline> {
    resolve_pairs(inlines, ['-', '{'], ['}', '-'], |content| {
        let (flat, starts) = flatten(&content);
        match choose(&flat, 0..flat.len()) {
            Variant::Hidden => Vec::new(),
            Variant::Show(range) => tokens_in(content, &starts, range),
        }
    })
}

/// What a piece of variant markup shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Variant {
    /// Nothing (a hidden rule).
    Hidden,
    /// The source bytes to show.
    Show(Range<usize>),
}

/// Variant codes in order of preference for the 原文 rendition.
const PREFERENCE: [&str; 9] = [
    "zh-hans", "zh-cn", "zh-sg", "zh-my", "zh", "zh-hant", "zh-tw", "zh-hk", "zh-mo",
];

/// Chooses what the variant markup with content `content` (bytes of `text`) shows.
pub(crate) fn choose(text: &str, content: Range<usize>) -> Variant {
    let Some(body) = text.get(content.clone()) else {
        return Variant::Hidden;
    };
    let mut start = content.start;
    if let Some(bar) = body.find('|') {
        let flags = body.get(..bar).unwrap_or("");
        if is_flag_list(flags) {
            if flags
                .split(';')
                .map(str::trim)
                .any(|f| matches!(f, "H" | "T" | "-"))
            {
                return Variant::Hidden;
            }
            start += bar + 1;
        }
    }
    let rules = rules(text, start..content.end);
    let chosen = PREFERENCE
        .iter()
        .find_map(|code| rules.iter().find(|(c, _)| c == code))
        .or(rules.first());
    match chosen {
        Some((_, range)) => Variant::Show(range.clone()),
        None => Variant::Show(start..content.end),
    }
}

/// `A|`, `H|`, `zh-hans;zh-hant|`: a short list of flags or variant names before `|`.
fn is_flag_list(flags: &str) -> bool {
    !flags.trim().is_empty()
        && flags.len() <= 24
        && flags
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || matches!(b, b'-' | b';' | b' '))
}

/// The rules `code:text;` of the content in `range`, or none if it does not start with one.
fn rules(text: &str, range: Range<usize>) -> Vec<(&str, Range<usize>)> {
    let mut rules = Vec::new();
    let Some(mut next) = code_at(text, skip_space(text, range.start, range.end)) else {
        return rules;
    };
    loop {
        let (code, colon) = next;
        let value_start = colon + 1;
        let mut value_end = range.end;
        let mut following = None;
        let mut search = value_start;
        while let Some(semi) = text
            .get(search..range.end)
            .and_then(|rest| rest.find(';'))
            .map(|at| search + at)
        {
            let after = skip_space(text, semi + 1, range.end);
            if after == range.end {
                value_end = semi;
                break;
            }
            if let Some(found) = code_at(text, after) {
                value_end = semi;
                following = Some(found);
                break;
            }
            search = semi + 1;
        }
        rules.push((code, value_start..value_end));
        match following {
            Some(found) => next = found,
            None => return rules,
        }
    }
}

fn skip_space(text: &str, mut i: usize, end: usize) -> usize {
    while i < end && text.as_bytes().get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// A variant code followed by `:` at byte `at`: the code and the colon's offset.
fn code_at(text: &str, at: usize) -> Option<(&str, usize)> {
    let rest = text.get(at..)?;
    let len = rest
        .bytes()
        .take(12)
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    let code = rest.get(..len)?;
    let is_code = code == "zh" || code.strip_prefix("zh-").is_some_and(|r| !r.is_empty());
    (is_code && rest.as_bytes().get(len) == Some(&b':')).then_some((code, at + len))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `-{content}-` shows, as text.
    fn shows(content: &str) -> Option<&str> {
        match choose(content, 0..content.len()) {
            Variant::Hidden => None,
            Variant::Show(range) => content.get(range),
        }
    }

    #[test]
    fn picks_zh_hans_from_the_wiki_name() {
        // Wiki line 74, inside link text.
        let content =
            "zh-hans:达尼亚尔·肯热塔耶维奇·艾哈迈托夫;zh-hant:達尼亞爾·肯熱塔耶維奇·艾哈邁托夫;";
        assert_eq!(shows(content), Some("达尼亚尔·肯热塔耶维奇·艾哈迈托夫"));
    }

    #[test]
    fn multi_line_image_rules() {
        // Wiki lines 33-35 (content of `\-{…}-`): the zh-hans rule is an image link.
        let content = "zh-hans:[a_-_hans.png](https://x/File:a_-_hans.png \"fig:a_-_hans.png\");\n\
                       zh-hk:[a_-_hant.png](https://x/File:a_-_hant.png \"fig:a_-_hant.png\");\n\
                       zh-tw:[a_-_hant.png](https://x/File:a_-_hant.png \"fig:a_-_hant.png\")";
        assert_eq!(
            shows(content),
            Some("[a_-_hans.png](https://x/File:a_-_hans.png \"fig:a_-_hans.png\")")
        );
    }

    #[test]
    fn preference_and_fallbacks() {
        assert_eq!(shows("zh-tw:臺;zh-cn:台"), Some("台"));
        assert_eq!(shows("zh-hk:甲;zh-tw:乙;"), Some("乙"));
        assert_eq!(shows(" zh-sg:新;zh-hk:港"), Some("新"));
        assert_eq!(shows("zh-hans:a;b;zh-hant:c"), Some("a;b"));
        assert_eq!(shows("不转换的文字"), Some("不转换的文字"));
        assert_eq!(shows("zhong:文"), Some("zhong:文"));
    }

    #[test]
    fn flags() {
        assert_eq!(shows("H|zh-hans:计算机;zh-hant:電腦;"), None);
        assert_eq!(shows("T|标题"), None);
        assert_eq!(shows("-|规则"), None);
        assert_eq!(shows("A|zh-hans:计算机;zh-hant:電腦;"), Some("计算机"));
        assert_eq!(shows("R|原样"), Some("原样"));
        assert_eq!(shows("zh-hans:[a](b \"c|d\")"), Some("[a](b \"c|d\")"));
    }

    #[test]
    fn the_pass_resolves_tokens() {
        let tokens: Vec<Inline> = "甲-{zh-hans:乙;zh-hant:丙;}-丁"
            .chars()
            .map(|c| Inline::Char(c, 0))
            .collect();
        let text: String = resolve(tokens).iter().filter_map(Inline::char).collect();
        assert_eq!(text, "甲乙丁");
    }

    #[test]
    fn out_of_range_content_shows_nothing() {
        assert_eq!(choose("abc", 2..9), Variant::Hidden);
    }
}
