//! A small, tolerant scan of the EPUB's CSS for the two properties the reader honours.
//!
//! | CSS | effect |
//! |---|---|
//! | `display: none` | the element and everything in it are dropped |
//! | `text-emphasis`, `text-emphasis-style`, `-webkit-` forms, any value but `none` | the element's text is emphasis (Chinese books mark emphasis with dots, 着重号) |
//! | the same with `none` / another `display` | switches it off again (a later rule, or the inline style, wins) |
//! | selectors `tag`, `.class`, `tag.class`, `.a.b`, in lists `a, b` | matched against each element |
//! | any other selector (descendants, `#id`, `:pseudo`, `[attr]`), `@font-face`, `@import`, other properties | ignored |
//! | `@media … { … }` | ignored: such rules style for a device (`print`, Kindle's `amzn-kf8` / `amzn-mobi` variants), and hiding text by a guess would lose it |
//! | `/* comments */`, a missing `;` or `}` at the end | tolerated |
//!
//! Stylesheets come from `<link rel="stylesheet" href>` and `<style>` in the order the document
//! names them; the inline `style` attribute wins over both.

use super::markup::Tag;

/// What CSS says about an element, where it says anything.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Effect {
    /// `Some(true)` for `display: none`, `Some(false)` for another `display`.
    pub hidden: Option<bool>,
    /// `Some(true)` for a `text-emphasis` other than `none`, `Some(false)` for `none`.
    pub emphasis: Option<bool>,
}

impl Effect {
    /// `self` overridden by whatever `later` says.
    fn then(self, later: Effect) -> Effect {
        Effect {
            hidden: later.hidden.or(self.hidden),
            emphasis: later.emphasis.or(self.emphasis),
        }
    }

    /// The effect of a declaration block (`display:none; color:red`).
    pub fn of_declarations(declarations: &str) -> Effect {
        let mut effect = Effect::default();
        for declaration in declarations.split(';') {
            let Some((property, value)) = declaration.split_once(':') else {
                continue;
            };
            let property = property.trim().to_ascii_lowercase();
            let value = value.trim().trim_end_matches("!important").trim();
            let value = value.to_ascii_lowercase();
            match property.as_str() {
                "display" => effect.hidden = Some(value == "none"),
                "text-emphasis"
                | "text-emphasis-style"
                | "-webkit-text-emphasis"
                | "-webkit-text-emphasis-style"
                | "-epub-text-emphasis"
                | "-epub-text-emphasis-style" => effect.emphasis = Some(value != "none"),
                _ => {}
            }
        }
        effect
    }
}

/// One rule with a simple selector and an effect worth keeping.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Rule {
    tag: Option<String>,
    classes: Vec<String>,
    effect: Effect,
}

impl Rule {
    fn matches(&self, tag: &Tag) -> bool {
        self.tag.as_ref().is_none_or(|name| *name == tag.name)
            && self
                .classes
                .iter()
                .all(|class| tag.has_word("class", class))
    }
}

/// The rules of the stylesheets read so far.
#[derive(Clone, Debug, Default)]
pub(crate) struct Styles {
    rules: Vec<Rule>,
}

impl Styles {
    /// Adds the rules of one stylesheet, after those already read.
    pub fn add_sheet(&mut self, css: &str) {
        let css = strip_comments(css);
        self.add_rules(&css);
    }

    fn add_rules(&mut self, css: &str) {
        let mut rest = css;
        while let Some(open) = rest.find('{') {
            let prelude = rest.get(..open).unwrap_or_default();
            // An `@import …;` before the rule belongs to no rule.
            let prelude = prelude.rsplit(';').next().unwrap_or_default().trim();
            let after = rest.get(open + 1..).unwrap_or_default();
            let (body, next) = block_body(after);
            if !prelude.starts_with('@') {
                let effect = Effect::of_declarations(body);
                if effect != Effect::default() {
                    self.rules
                        .extend(prelude.split(',').filter_map(simple_selector).map(
                            |(tag, classes)| Rule {
                                tag,
                                classes,
                                effect,
                            },
                        ));
                }
            }
            rest = next;
        }
    }

    /// What the stylesheets and the element's own `style` attribute say about `tag`.
    pub fn effect(&self, tag: &Tag) -> Effect {
        let from_sheets = self
            .rules
            .iter()
            .filter(|rule| rule.matches(tag))
            .fold(Effect::default(), |effect, rule| effect.then(rule.effect));
        match tag.attribute("style") {
            Some(style) => from_sheets.then(Effect::of_declarations(style)),
            None => from_sheets,
        }
    }
}

/// The body of a `{ … }` block whose `{` has been read, and the text after its `}`; nested
/// blocks are balanced, and a block never closed runs to the end.
fn block_body(after: &str) -> (&str, &str) {
    let mut depth = 0usize;
    for (i, c) in after.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                return (
                    after.get(..i).unwrap_or_default(),
                    after.get(i + 1..).unwrap_or_default(),
                )
            }
            '}' => depth -= 1,
            _ => {}
        }
    }
    (after, "")
}

/// `tag`, `.class`, `tag.class.other` → the tag and classes; `None` for anything else.
fn simple_selector(selector: &str) -> Option<(Option<String>, Vec<String>)> {
    let selector = selector.trim();
    let simple = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '.';
    if selector.is_empty() || !selector.chars().all(simple) {
        return None;
    }
    let mut parts = selector.split('.');
    let tag = parts.next().filter(|t| !t.is_empty() && *t != "*");
    let classes: Vec<String> = parts.map(str::to_string).collect();
    if classes.iter().any(String::is_empty) {
        return None;
    }
    Some((tag.map(str::to_ascii_lowercase), classes))
}

/// `css` without its `/* … */` comments (an unclosed one runs to the end).
fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(rest.get(..start).unwrap_or_default());
        rest = match rest
            .get(start + 2..)
            .and_then(|r| r.find("*/").map(|end| (r, end)))
        {
            Some((r, end)) => r.get(end + 2..).unwrap_or_default(),
            None => "",
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(name: &str, class: &str, style: Option<&str>) -> Tag {
        let mut attributes = vec![("class".to_string(), class.to_string())];
        if let Some(style) = style {
            attributes.push(("style".to_string(), style.to_string()));
        }
        Tag {
            name: name.to_string(),
            attributes,
            empty: false,
        }
    }

    const SHEET: &str = "@charset \"utf-8\"; @import url(a.css);
        /* .gone { display: none } is a comment */
        @font-face { font-family: x; src: url(x.ttf) }
        .dot { -webkit-text-emphasis: dot; text-emphasis: filled dot }
        span.hide, .x .y, div#id { DISPLAY : NONE !important }
        .plain{text-emphasis:none}
        @media amzn-kf8 { .kf { display: none } }
        .after-media { display: none }
        rt { display: none";

    #[test]
    fn simple_selectors_match() {
        let mut styles = Styles::default();
        styles.add_sheet(SHEET);
        let emphasis = Effect {
            hidden: None,
            emphasis: Some(true),
        };
        let hidden = Effect {
            hidden: Some(true),
            emphasis: None,
        };
        assert_eq!(styles.effect(&tag("span", "dot", None)), emphasis);
        assert_eq!(styles.effect(&tag("span", "a hide", None)), hidden);
        assert_eq!(styles.effect(&tag("p", "hide", None)), Effect::default());
        assert_eq!(styles.effect(&tag("p", "y", None)), Effect::default());
        assert_eq!(styles.effect(&tag("p", "gone", None)), Effect::default());
        assert_eq!(styles.effect(&tag("p", "kf", None)), Effect::default());
        assert_eq!(styles.effect(&tag("rt", "", None)), hidden);
        assert_eq!(styles.effect(&tag("p", "after-media", None)), hidden);
        assert_eq!(
            styles.effect(&tag("span", "dot plain", None)).emphasis,
            Some(false)
        );
    }

    #[test]
    fn the_inline_style_wins() {
        let mut styles = Styles::default();
        styles.add_sheet(".hide { display: none }");
        let shown = tag("p", "hide", Some("display:block"));
        assert_eq!(styles.effect(&shown).hidden, Some(false));
        let marked = tag("em", "", Some("color: red; text-emphasis-style: sesame"));
        assert_eq!(styles.effect(&marked).emphasis, Some(true));
        assert_eq!(
            Effect::of_declarations("display:none"),
            Effect {
                hidden: Some(true),
                emphasis: None
            }
        );
    }

    #[test]
    fn broken_css_is_read_without_panic() {
        let mut styles = Styles::default();
        for css in [
            "{",
            "}",
            "a{",
            "/*",
            "@media {",
            "a,,i{display:none}",
            ".{display:none}",
            "ä{x:y}",
        ] {
            styles.add_sheet(css);
        }
        assert_eq!(styles.effect(&tag("b", "", None)), Effect::default());
    }
}
