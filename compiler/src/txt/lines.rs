//! Source lines: line ends, indents, control characters and spaces inside a line.
//!
//! Rules:
//! - A line ends at CR LF, at a lone LF or at a lone CR (old Mac files); all three count as one
//!   line for line numbers.
//! - Indent characters are space, tab, vertical tab, form feed, U+3000 (ideographic space) and
//!   U+00A0 (no-break space, left by web pages' `&nbsp;` indents). A line that starts with one
//!   is *indented*; the indent is stripped (the reader indents paragraphs itself). Trailing
//!   indent characters are trimmed too. A line of indent characters only is a blank line.
//! - C0 and C1 control characters and U+FEFF (a byte order mark inside the text, where files
//!   were joined) are dropped; tab, vertical tab and form feed are spaces.
//! - Inside a line, a run of spaces (space, tab, vertical tab, form feed, no-break space) is
//!   dropped between two East Asian wide characters (`中 文` → `中文`), and between a wide
//!   character and punctuation (`说： “好`); anywhere else it becomes one space (`a  b` →
//!   `a b`, `使用 Rust 编写` keeps its spaces). A chapter heading keeps such a run as one U+3000
//!   instead, the separator the book meant (`第一百二十回  宋公明…` → `第一百二十回　宋公明…`).
//! - U+3000 inside a line is kept as it is.

use crate::clean::text::is_wide;

/// One line of the source, its indent and line end stripped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SourceLine<'a> {
    /// The 1-based line number.
    pub number: usize,
    /// Whether the line starts with an indent character.
    pub indented: bool,
    /// The line without indent and trailing spaces; controls not yet dropped. Empty for a
    /// blank line.
    pub content: &'a str,
}

impl SourceLine<'_> {
    /// Whether the line holds nothing but indent characters (or controls).
    pub fn is_blank(&self) -> bool {
        self.content.chars().all(|c| is_dropped(c) || is_space(c))
    }
}

/// Splits `text` into lines at CR LF, LF and CR.
pub(crate) fn split_lines(text: &str) -> Vec<SourceLine<'_>> {
    let mut lines = Vec::new();
    let mut rest = text;
    let mut number = 1;
    loop {
        let (line, next) = match rest.find(['\r', '\n']) {
            Some(end) => {
                let after = if rest[end..].starts_with("\r\n") {
                    end + 2
                } else {
                    end + 1
                };
                (&rest[..end], Some(&rest[after..]))
            }
            None => (rest, None),
        };
        let trimmed = line.trim_end_matches(is_space);
        let content = trimmed.trim_start_matches(is_space);
        lines.push(SourceLine {
            number,
            indented: content.len() < trimmed.len(),
            content,
        });
        match next {
            // A final line end does not start another line.
            Some(next) if !next.is_empty() => rest = next,
            _ => break,
        }
        number += 1;
    }
    lines
}

/// Appends the visible text of `content` to `out`: controls dropped, runs of spaces dropped
/// or made one `gap` (a space in paragraphs, U+3000 in headings) by the module's rule.
pub(crate) fn push_clean(out: &mut String, content: &str, wide_gap: Option<char>) {
    let mut previous: Option<char> = out.chars().next_back();
    let mut pending_space = false;
    for c in content.chars() {
        if is_dropped(c) {
            continue;
        }
        if is_space(c) && c != '\u{3000}' {
            pending_space = previous.is_some();
            continue;
        }
        if pending_space {
            if let Some(before) = previous {
                match space_between(before, c) {
                    Gap::Space => out.push(' '),
                    Gap::Wide => out.extend(wide_gap),
                }
            }
            pending_space = false;
        }
        out.push(c);
        previous = Some(c);
    }
}

/// What a run of spaces between two characters becomes.
enum Gap {
    /// One ASCII space.
    Space,
    /// Nothing in paragraphs, U+3000 in headings.
    Wide,
}

fn space_between(before: char, after: char) -> Gap {
    let wide_meets_wide_or_punctuation = (is_wide(before) && !after.is_alphanumeric())
        || (is_wide(after) && !before.is_alphanumeric())
        || (is_wide(before) && is_wide(after));
    if wide_meets_wide_or_punctuation {
        Gap::Wide
    } else {
        Gap::Space
    }
}

/// An indent character, also a space inside a line (U+3000 is kept there).
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{b}' | '\u{c}' | '\u{3000}' | '\u{a0}')
}

/// A character that never reaches the text.
fn is_dropped(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\u{b}' | '\u{c}')) || c == '\u{feff}'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(content: &str, gap: Option<char>) -> String {
        let mut out = String::new();
        push_clean(&mut out, content, gap);
        out
    }

    #[test]
    fn cr_lf_and_crlf_end_lines_alike() {
        for text in [
            "a\nb\n\nc\n",
            "a\r\nb\r\n\r\nc\r\n",
            "a\rb\r\rc\r",
            "a\nb\r\n\rc",
        ] {
            let lines = split_lines(text);
            let contents: Vec<_> = lines.iter().map(|l| (l.number, l.content)).collect();
            assert_eq!(
                contents,
                [(1, "a"), (2, "b"), (3, ""), (4, "c")],
                "{text:?}"
            );
        }
    }

    #[test]
    fn indents_are_stripped_and_noted() {
        let lines = split_lines("　　话说\n    \t他道 \u{3000}\n正文\n\u{a0}\u{a0}又\n \t \n");
        let seen: Vec<_> = lines.iter().map(|l| (l.indented, l.content)).collect();
        assert_eq!(
            seen,
            [
                (true, "话说"),
                (true, "他道"),
                (false, "正文"),
                (true, "又"),
                (false, "")
            ]
        );
        assert!(lines[4].is_blank());
        assert!(split_lines("\u{1}\u{feff}")[0].is_blank());
    }

    #[test]
    fn spaces_inside_a_line_follow_the_script() {
        assert_eq!(clean("中  文", None), "中文");
        assert_eq!(clean("a \t b", None), "a b");
        assert_eq!(clean("使用 Rust 编写", None), "使用 Rust 编写");
        assert_eq!(clean("说： “好”", None), "说：“好”");
        assert_eq!(clean("Hello “world”", None), "Hello “world”");
        assert_eq!(clean("甲　乙", None), "甲　乙");
        assert_eq!(
            clean("第一回  王教头 史进", Some('\u{3000}')),
            "第一回　王教头　史进"
        );
    }

    #[test]
    fn controls_are_dropped() {
        assert_eq!(clean("a\u{7}b\u{85}c\u{feff}d\u{1b}", None), "abcd");
        assert_eq!(clean("甲\u{c}乙", None), "甲乙");
    }
}
