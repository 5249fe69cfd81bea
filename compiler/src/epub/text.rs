//! The text of one block as it is collected from XHTML: characters with an emphasis flag, made
//! into the document model's text and character ranges when the block ends.
//!
//! | in the source | in the block |
//! |---|---|
//! | a run of ASCII whitespace (spaces, tabs, line breaks) | one space |
//! | a run holding a line break between two East Asian wide characters (`。⏎目前`) | nothing, as CSS Text's segment-break rule says (spaces alone stay: `第二章 承`) |
//! | spaces at the start and end, including U+00A0 (`&nbsp;`), U+3000 and the other Unicode spaces | nothing: the reader indents paragraphs itself |
//! | other control characters, soft hyphen, zero-width space/joiners, word joiner, BOM, bidi marks | nothing: invisible, and the model allows no control characters |
//! | emphasised characters | character ranges; touching ranges merge; a collapsed space is emphasised only between two emphasised characters |
//! | a prefix (a list marker `• `, `1. `, its U+3000 nesting indent) | put before the trimmed text, never emphasised |

use std::ops::Range;

use crate::clean::text::is_wide;

/// Collects one block's characters.
#[derive(Debug, Default)]
pub(crate) struct BlockText {
    chars: Vec<(char, bool)>,
    /// The line of the first visible character.
    line: Option<usize>,
}

/// A finished block text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Finished {
    pub text: String,
    pub emphasis: Vec<Range<usize>>,
    pub line: usize,
}

impl BlockText {
    /// Appends `text` from source line `line`, emphasised or not.
    pub fn push(&mut self, text: &str, emphasised: bool, line: usize) {
        if self.line.is_none() && text.chars().any(|c| !is_space(c) && !is_invisible(c)) {
            self.line = Some(line);
        }
        self.chars.extend(text.chars().map(|c| (c, emphasised)));
    }

    /// The last character pushed, if any.
    pub fn last_char(&self) -> Option<char> {
        self.chars.last().map(|&(c, _)| c)
    }

    /// Whether any visible character has been pushed.
    pub fn has_text(&self) -> bool {
        self.line.is_some()
    }

    /// The finished text with `prefix` before it, or `None` if nothing visible is left.
    pub fn finish(self, prefix: &str) -> Option<Finished> {
        let line = self.line?;
        let mut out: Vec<(char, bool)> = Vec::with_capacity(self.chars.len());
        // A whitespace run seen but not yet written: whether its first character was
        // emphasised, and whether it holds a line break.
        let mut space: Option<(bool, bool)> = None;
        for (c, emphasised) in self.chars {
            if is_invisible(c) {
                continue;
            }
            if c.is_ascii_whitespace() {
                let run = space.get_or_insert((emphasised, false));
                run.1 |= c == '\n' || c == '\r';
                continue;
            }
            if let Some((space_emphasised, line_break)) = space.take() {
                match out.last() {
                    Some(&(before, before_emphasised))
                        if !(line_break && is_wide(before) && is_wide(c)) =>
                    {
                        out.push((' ', space_emphasised && before_emphasised && emphasised))
                    }
                    _ => {}
                }
            }
            out.push((c, emphasised));
        }
        while out.last().is_some_and(|&(c, _)| is_space(c)) {
            out.pop();
        }
        let start = out.iter().take_while(|&&(c, _)| is_space(c)).count();
        let kept = out.get(start..).unwrap_or_default();
        if kept.is_empty() {
            return None;
        }
        let offset = prefix.chars().count();
        let mut text = String::with_capacity(prefix.len() + kept.len() * 3);
        text.push_str(prefix);
        let mut emphasis: Vec<Range<usize>> = Vec::new();
        for (i, &(c, emphasised)) in kept.iter().enumerate() {
            text.push(c);
            if !emphasised {
                continue;
            }
            let at = offset + i;
            match emphasis.last_mut() {
                Some(range) if range.end == at => range.end = at + 1,
                _ => emphasis.push(at..at + 1),
            }
        }
        Some(Finished {
            text,
            emphasis,
            line,
        })
    }
}

/// Whether `emphasis` is one span over all of `text`: then it is the block's style (a heading
/// set in bold), not emphasis.
pub(crate) fn covers_all(emphasis: &[Range<usize>], text: &str) -> bool {
    matches!(emphasis, [only] if only.start == 0 && only.end == text.chars().count())
}

/// Spaces trimmed from a block's ends (ASCII, no-break, ideographic and the Unicode spaces).
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{A0}'
}

/// Characters that show nothing and are dropped.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{202A}'..='\u{202E}'
    ) || (c.is_control() && !c.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    // Emphasis is a list of ranges; a list of one range is what is meant.
    #![allow(clippy::single_range_in_vec_init)]

    use super::*;

    /// Builds from pieces: `(text, emphasised)`, all on line 3.
    fn build(pieces: &[(&str, bool)], prefix: &str) -> Option<Finished> {
        let mut text = BlockText::default();
        for (piece, emphasised) in pieces {
            text.push(piece, *emphasised, 3);
        }
        text.finish(prefix)
    }

    fn plain(pieces: &[&str]) -> String {
        let pieces: Vec<(&str, bool)> = pieces.iter().map(|p| (*p, false)).collect();
        build(&pieces, "").map(|f| f.text).unwrap_or_default()
    }

    #[test]
    fn whitespace_collapses_and_line_breaks_go_between_wide_characters() {
        assert_eq!(plain(&["  General\n\t Zhandarbek  "]), "General Zhandarbek");
        assert_eq!(plain(&["目前。\n    他说"]), "目前。他说");
        assert_eq!(plain(&["目前。  \r\n他说"]), "目前。他说");
        assert_eq!(
            plain(&["中 文 and\nEnglish 词\n中"]),
            "中 文 and English 词中"
        );
        assert_eq!(
            plain(&["\u{A0}\u{A0}\u{3000}\u{3000}第一段\u{A0}"]),
            "第一段"
        );
        assert_eq!(plain(&["10\u{A0}km"]), "10\u{A0}km");
        assert_eq!(plain(&["第一章\u{3000}风起"]), "第一章\u{3000}风起");
        assert_eq!(plain(&["a\u{AD}b\u{200B}c\u{FEFF}d\u{7}e"]), "abcde");
    }

    #[test]
    fn nothing_visible_is_no_block() {
        assert_eq!(
            build(&[(" \n\u{A0}\u{3000}", true), ("\u{200B}", false)], "• "),
            None
        );
        assert!(!{
            let mut t = BlockText::default();
            t.push("  \n", false, 1);
            t.has_text()
        });
    }

    #[test]
    fn emphasis_becomes_character_ranges() {
        let finished = build(
            &[
                ("  他", false),
                ("非常", true),
                ("重要", true),
                ("。 ", false),
            ],
            "",
        );
        assert_eq!(
            finished,
            Some(Finished {
                text: "他非常重要。".into(),
                emphasis: vec![1..5],
                line: 3
            })
        );
        // A space between emphasised words is emphasised; at a span's edge it is not.
        let finished = build(&[("a ", true), ("b", true), (" c", false)], "");
        assert_eq!(
            finished.map(|f| (f.text, f.emphasis)),
            Some(("a b c".into(), vec![0..3]))
        );
        let finished = build(&[("x ", true), ("y", false)], "");
        assert_eq!(finished.map(|f| f.emphasis), Some(vec![0..1]));
    }

    #[test]
    fn a_prefix_shifts_the_ranges() {
        let finished = build(&[("\u{3000}重", true), ("点", false)], "\u{3000}1. ");
        assert_eq!(
            finished.map(|f| (f.text, f.emphasis)),
            Some(("\u{3000}1. 重点".into(), vec![4..5]))
        );
    }

    #[test]
    fn the_line_is_that_of_the_first_visible_character() {
        let mut text = BlockText::default();
        text.push("\n  ", false, 2);
        text.push("字", false, 4);
        assert_eq!(text.finish("").map(|f| f.line), Some(4));
    }
}
