//! The output side of inline cleaning: visible characters, the spaces and line breaks between
//! them, and bold spans, each character remembered with the source byte it came from.
//!
//! Rules:
//! - Runs of spaces and tabs become one space; spaces at the start and end of a block go.
//! - A soft line break joins its lines with nothing when the character before or after it is
//!   East Asian wide (CJK ideographs, kana, fullwidth punctuation: `。⏎目前` → `。目前`), and
//!   with one space otherwise (`General⏎Zhandarbek` → `General Zhandarbek`), as CSS Text's
//!   segment-break rule does. Hangul counts as narrow, since Korean separates words by spaces.
//! - Bold spans that touch merge into one: `**11****月**` is one span over `11月`.
//! - An empty pair `（）` or `()` (what a removed template or reference leaves, as in the wiki
//!   lead `**中哈關係**\[1\]\[2\]（），是指`) is removed with the space before it.
//! - Italic and strikethrough show as plain text (the model has bold only); code spans and
//!   link text show as written.

use std::ops::Range;

use super::inline::{Inline, LineIndex};

/// The cleaned text of one block, with what it was made of.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Cleaned {
    /// The visible text.
    pub text: String,
    /// Bold spans, in characters.
    pub emphasis: Vec<Range<usize>>,
    /// The source line of the first visible character (`fallback_line` if none).
    pub line: usize,
    /// Visible non-space characters from ordinary text (outside links and code spans).
    pub plain_chars: usize,
    /// Visible non-space characters from code spans.
    pub code_chars: usize,
    /// Links with visible text.
    pub links: usize,
    /// Of those, links into Wikipedia (converted wikilinks and anchors).
    pub wiki_links: usize,
    /// Whether an image or figure came before any visible character.
    pub starts_with_image: bool,
    /// Footnotes referred to, by label.
    pub footnotes: Vec<String>,
}

/// Builds the text of `inlines` (after all passes), at `fallback_line` if it shows nothing.
pub(crate) fn build(inlines: &[Inline], lines: &LineIndex, fallback_line: usize) -> Cleaned {
    let mut out = TextBuilder::new();
    let mut cleaned = Cleaned::default();
    let mut links: Vec<(bool, usize)> = Vec::new(); // (wiki, length before) of open links
    let mut in_code = false;
    for token in inlines {
        match token {
            Inline::Char(c, origin) => {
                if in_code {
                    cleaned.code_chars += 1;
                    out.push_verbatim(*c, *origin);
                } else {
                    if links.is_empty() {
                        cleaned.plain_chars += 1;
                    }
                    out.push(*c, *origin);
                }
            }
            Inline::Space => out.space(),
            Inline::SoftBreak(_) => out.line_break(),
            Inline::LineEnd => out.space(),
            Inline::Strong(true) => out.open_bold(),
            Inline::Strong(false) => out.close_bold(),
            Inline::BoldToggle => out.toggle_bold(),
            Inline::LinkStart(target) => {
                links.push((super::links::is_wiki_target(target), out.len()));
            }
            Inline::LinkEnd => {
                if let Some((wiki, before)) = links.pop() {
                    if out.len() > before {
                        cleaned.links += 1;
                        cleaned.wiki_links += usize::from(wiki);
                    }
                }
            }
            Inline::Image(_) => {
                if out.is_empty() {
                    cleaned.starts_with_image = true;
                }
            }
            Inline::CodeStart => in_code = true,
            Inline::CodeEnd => in_code = false,
            Inline::Html(..) => {}
            Inline::FootnoteRef(label) => cleaned.footnotes.push(label.clone()),
        }
    }
    let built = out.finish();
    cleaned.line = built
        .origins
        .first()
        .map_or(fallback_line, |&origin| lines.line_of(origin));
    cleaned.text = built.text;
    cleaned.emphasis = built.emphasis;
    cleaned
}

/// Builds the text of one block.
#[derive(Debug, Default)]
pub(crate) struct TextBuilder {
    text: String,
    /// For every character of `text`, the source byte offset it came from.
    origins: Vec<usize>,
    /// Closed bold spans, in characters.
    emphasis: Vec<Range<usize>>,
    /// An open bold span: its first character once one has been pushed.
    bold: Option<Option<usize>>,
    /// How deep CommonMark strong spans nest at this point.
    strong_depth: usize,
    pending_space: bool,
    pending_break: bool,
    /// Whether the character being pushed is code.
    verbatim: bool,
}

/// The finished text of a block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct BuiltText {
    /// The visible text.
    pub text: String,
    /// For every character, the source byte offset it came from.
    pub origins: Vec<usize>,
    /// Bold spans as character ranges, sorted, not overlapping, not empty.
    pub emphasis: Vec<Range<usize>>,
}

impl TextBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of characters pushed so far.
    pub fn len(&self) -> usize {
        self.origins.len()
    }

    /// Whether no visible character has been pushed yet.
    pub fn is_empty(&self) -> bool {
        self.origins.is_empty()
    }

    /// A space or tab in the source.
    pub fn space(&mut self) {
        self.pending_space = true;
    }

    /// A line break in the source.
    pub fn line_break(&mut self) {
        self.pending_break = true;
    }

    /// Pushes a character of code, which no text rule changes.
    pub fn push_verbatim(&mut self, c: char, origin: usize) {
        self.verbatim = true;
        self.push(c, origin);
        self.verbatim = false;
    }

    /// Pushes a visible character that came from source byte `origin`.
    pub fn push(&mut self, c: char, origin: usize) {
        let empty_pair = !self.verbatim
            && ((c == '）' && self.text.ends_with('（')) || (c == ')' && self.text.ends_with('(')));
        if empty_pair {
            self.remove_last_char();
            // What separated the pair from the text before it survives; what was inside goes.
            let spaced = self.text.ends_with(' ');
            if spaced {
                self.remove_last_char();
            }
            self.pending_space = spaced;
            self.pending_break = false;
            return;
        }
        if let Some(last) = self.text.chars().next_back() {
            if self.pending_space || (self.pending_break && !(is_wide(last) || is_wide(c))) {
                self.text.push(' ');
                self.origins.push(origin);
            }
        }
        self.pending_space = false;
        self.pending_break = false;
        if let Some(start @ None) = &mut self.bold {
            *start = Some(self.origins.len());
        }
        self.text.push(c);
        self.origins.push(origin);
    }

    /// A `**` read as a toggle: opens bold, or closes the open bold.
    pub fn toggle_bold(&mut self) {
        match self.bold.take() {
            None => self.bold = Some(None),
            Some(None) => {}
            Some(Some(start)) => {
                let end = self.len();
                match self.emphasis.last_mut() {
                    Some(last) if last.end == start => last.end = end,
                    _ if start < end => self.emphasis.push(start..end),
                    _ => {}
                }
            }
        }
    }

    /// CommonMark strong emphasis opens (nested ones are one span).
    pub fn open_bold(&mut self) {
        self.strong_depth += 1;
        if self.strong_depth == 1 && self.bold.is_none() {
            self.toggle_bold();
        }
    }

    /// CommonMark strong emphasis closes.
    pub fn close_bold(&mut self) {
        self.strong_depth = self.strong_depth.saturating_sub(1);
        if self.strong_depth == 0 && self.bold.is_some() {
            self.toggle_bold();
        }
    }

    /// The finished text. A bold span still open gives no emphasis.
    pub fn finish(self) -> BuiltText {
        BuiltText {
            text: self.text,
            origins: self.origins,
            emphasis: self.emphasis,
        }
    }

    fn remove_last_char(&mut self) {
        self.text.pop();
        self.origins.pop();
        let len = self.origins.len();
        for span in &mut self.emphasis {
            span.end = span.end.min(len);
        }
        self.emphasis.retain(|span| span.start < span.end);
        if let Some(Some(start)) = self.bold {
            if start >= len {
                // The span's first character is gone: it starts again at the next one.
                self.bold = Some(None);
            }
        }
    }
}

/// Whether `c` is East Asian wide or fullwidth (and not Hangul), for the line-break rule.
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{312F}'
        | '\u{3190}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A000}'..='\u{A4CF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE10}'..='\u{FE1F}'
        | '\u{FE30}'..='\u{FE6F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(steps: &str) -> BuiltText {
        // A tiny script: `_` space, `/` line break, `*` bold toggle, anything else a character.
        let mut builder = TextBuilder::new();
        for (offset, c) in steps.char_indices() {
            match c {
                '_' => builder.space(),
                '/' => builder.line_break(),
                '*' => builder.toggle_bold(),
                _ => builder.push(c, offset),
            }
        }
        builder.finish()
    }

    #[test]
    fn soft_breaks_follow_the_script() {
        assert_eq!(build("。/目前").text, "。目前");
        assert_eq!(build("General/Zhandarbek").text, "General Zhandarbek");
        assert_eq!(build("（General/Zhandarbek").text, "（General Zhandarbek");
        assert_eq!(build("在/2014年").text, "在2014年");
        assert_eq!(build("2014/年").text, "2014年");
        assert_eq!(build("한국/어").text, "한국 어");
    }

    #[test]
    fn spaces_collapse_and_trim() {
        assert_eq!(build("__a___b__").text, "a b");
        assert_eq!(build("/_a_/").text, "a");
        assert_eq!(build("中_/文").text, "中 文");
    }

    #[test]
    fn touching_bold_spans_merge() {
        // `**11****月中旬**` from the news article, line 21.
        let built = build("*11**月中旬*说");
        assert_eq!(built.text, "11月中旬说");
        assert_eq!(built.emphasis, vec![0..5]);
        let apart = build("*a*_*b*");
        assert_eq!(apart.emphasis, vec![0..1, 2..3]);
        assert_eq!(build("**a").emphasis, vec![]);
    }

    #[test]
    fn empty_fullwidth_parentheses_go() {
        assert_eq!(build("中哈關係（），是指").text, "中哈關係，是指");
        assert_eq!(build("a_（）_b").text, "a b");
        assert_eq!(build("中哈關係（_），是指").text, "中哈關係，是指");
        assert_eq!(build("中哈關係（/），是指").text, "中哈關係，是指");
        assert_eq!(build("（4%）。").text, "（4%）。");
        assert_eq!(build("正文(_)。(35396)").text, "正文。(35396)");
        let bold = build("*a（*）b");
        assert_eq!(bold.text, "ab");
        assert_eq!(bold.emphasis, vec![0..1]);
        let reopened = build("a*（）b*");
        assert_eq!(reopened.text, "ab");
        assert_eq!(reopened.emphasis, vec![1..2]);
    }

    #[test]
    fn origins_follow_characters() {
        let built = build("ab_c");
        assert_eq!(built.origins, vec![0, 1, 3, 3]);
    }

    #[test]
    fn width_classes() {
        for c in ['中', '。', '，', '“', '（', 'あ', '𠀀'] {
            assert_eq!(is_wide(c), c != '“', "{c}");
        }
        for c in ['a', '1', '%', '–', '한'] {
            assert!(!is_wide(c), "{c}");
        }
    }
}
