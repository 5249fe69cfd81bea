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
//! - An empty fullwidth pair `（）` (what a removed template or reference leaves, as in the wiki
//!   lead `**中哈關係**\[1\]\[2\]（），是指`) is removed with the space before it.

use std::ops::Range;

/// Builds the text of one block.
#[derive(Debug, Default)]
pub(crate) struct TextBuilder {
    text: String,
    /// For every character of `text`, the source byte offset it came from.
    origins: Vec<usize>,
    /// Closed bold spans, in characters.
    emphasis: Vec<Range<usize>>,
    /// An open bold span: the source offset of its `**`, and its first character once one has
    /// been pushed.
    bold: Option<(usize, Option<usize>)>,
    pending_space: bool,
    pending_break: bool,
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

    /// Pushes a visible character that came from source byte `origin`.
    pub fn push(&mut self, c: char, origin: usize) {
        if c == '）' && self.text.ends_with('（') {
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
        if let Some((_, start @ None)) = &mut self.bold {
            *start = Some(self.origins.len());
        }
        self.text.push(c);
        self.origins.push(origin);
    }

    /// A `**` at source byte `origin`: opens bold, or closes the open bold.
    pub fn toggle_bold(&mut self, origin: usize) {
        match self.bold.take() {
            None => self.bold = Some((origin, None)),
            Some((_, None)) => {}
            Some((_, Some(start))) => {
                let end = self.len();
                match self.emphasis.last_mut() {
                    Some(last) if last.end == start => last.end = end,
                    _ if start < end => self.emphasis.push(start..end),
                    _ => {}
                }
            }
        }
    }

    /// The source offset of the `**` of a bold span that is still open.
    pub fn open_bold(&self) -> Option<usize> {
        self.bold.map(|(origin, _)| origin)
    }

    /// The finished text. A bold span still open is the caller's error to report, see
    /// [`open_bold`](Self::open_bold).
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
        if let Some((_, Some(start))) = &mut self.bold {
            if *start >= len {
                // The span's first character is gone: it starts again at the next one.
                self.bold = self.bold.map(|(origin, _)| (origin, None));
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
                '*' => builder.toggle_bold(offset),
                _ => builder.push(c, offset),
            }
        }
        assert_eq!(builder.open_bold(), None);
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
