//! Block structure: which source lines form a heading, a paragraph or a list item.
//!
//! Rules (CommonMark, reduced to what article converters produce):
//! - Lines that are empty or hold only whitespace (any Unicode space, e.g. the lone ` ` line of
//!   the news article) separate blocks. Every line is trimmed of surrounding whitespace.
//! - `#`…`######` followed by a space is an ATX heading (closing `#`s dropped); a paragraph
//!   underlined with `===` or `---` is a setext heading of level 1 or 2.
//! - `-`, `*`, `+` or `1.`/`1)` followed by a space or the line end starts a list item (also
//!   an empty one, like the wiki's numbered reference stubs and its empty `  -` bullets). Inside a
//!   paragraph only a non-empty bullet or `1.` starts one, as in CommonMark; other lines continue
//!   the paragraph or item they follow (a soft line break).
//! - `> ` quote markers are stripped; the quoted text is read as ordinary lines.
//! - `***`, `---`, `___` alone are thematic breaks and give nothing; `[id]: url` link reference
//!   definitions give nothing (they only navigate).
//! - MediaWiki variant markup `-{…}-` and HTML comments `<!--…-->` may span lines, even blank
//!   ones: while one is open, lines belong to the current block whatever they look like.
//! - Fenced code blocks and tables (`| a |`, `{|`, `|}`) are errors: there is no way to typeset
//!   them, and dropping them would lose text silently.

use super::error::{snippet, CleanErrorKind, Fault};

/// The kind of a block as the source marks it, before its text is cleaned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RawKind {
    /// An ATX or setext heading of level 1 to 6.
    Heading(u8),
    /// Lines of body text.
    Paragraph,
    /// An item of a bulleted or numbered list.
    ListItem,
}

/// One source line of a block, markers stripped and whitespace trimmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SourceLine<'a> {
    /// 1-based line number in the source file.
    pub number: usize,
    /// The line's text.
    pub text: &'a str,
}

/// The lines of one block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawBlock<'a> {
    /// What the source marks the block as.
    pub kind: RawKind,
    /// Its lines, at least one.
    pub lines: Vec<SourceLine<'a>>,
}

/// Splits `lines[start..]` (the source after any front matter) into blocks.
pub(crate) fn split<'a>(lines: &[&'a str], start: usize) -> Result<Vec<RawBlock<'a>>, Fault> {
    let mut blocks: Vec<RawBlock<'a>> = Vec::new();
    // Whether the last block may take more lines (a heading never does).
    let mut current_open = false;
    let mut open = OpenMarkup::default();
    for (index, raw) in lines.iter().enumerate().skip(start) {
        let number = index + 1;
        let mut text = raw.trim();
        if current_open && open.is_open() {
            open.scan(text);
            push_line(&mut blocks, number, text);
            continue;
        }
        while let Some(rest) = text.strip_prefix('>') {
            text = rest.trim_start();
        }
        if text.is_empty() {
            current_open = false;
            continue;
        }
        let fault = |kind: fn(String) -> CleanErrorKind| Fault::new(number, kind(snippet(text, 0)));
        if text.starts_with("```") || text.starts_with("~~~") {
            return Err(fault(CleanErrorKind::UnsupportedCodeBlock));
        }
        if text.starts_with('|') || text.starts_with("{|") {
            return Err(fault(CleanErrorKind::UnsupportedTable));
        }
        let last_is_paragraph =
            current_open && blocks.last().is_some_and(|b| b.kind == RawKind::Paragraph);
        if let Some(level) = setext_level(text).filter(|_| last_is_paragraph) {
            if let Some(block) = blocks.last_mut() {
                block.kind = RawKind::Heading(level);
            }
            current_open = false;
            continue;
        }
        if let Some((level, content)) = atx_heading(text) {
            blocks.push(block(RawKind::Heading(level), number, content));
            current_open = false;
            continue;
        }
        if is_thematic_break(text) || is_reference_definition(text) {
            current_open = false;
            continue;
        }
        open = OpenMarkup::default();
        match list_marker(text) {
            Some(marker) if !last_is_paragraph || marker.interrupts_paragraph() => {
                open.scan(marker.content);
                blocks.push(block(RawKind::ListItem, number, marker.content));
            }
            _ if current_open => {
                open.scan(text);
                push_line(&mut blocks, number, text);
            }
            _ => {
                open.scan(text);
                blocks.push(block(RawKind::Paragraph, number, text));
            }
        }
        current_open = true;
    }
    Ok(blocks)
}

fn block(kind: RawKind, number: usize, text: &str) -> RawBlock<'_> {
    RawBlock {
        kind,
        lines: vec![SourceLine { number, text }],
    }
}

fn push_line<'a>(blocks: &mut [RawBlock<'a>], number: usize, text: &'a str) {
    if let Some(block) = blocks.last_mut() {
        block.lines.push(SourceLine { number, text });
    }
}

/// Markup that may run over several lines: how deep in variant markup, and whether inside an
/// HTML comment, after the lines scanned so far.
#[derive(Clone, Copy, Debug, Default)]
struct OpenMarkup {
    variants: usize,
    comment: bool,
}

impl OpenMarkup {
    fn is_open(&self) -> bool {
        self.variants > 0 || self.comment
    }

    fn scan(&mut self, line: &str) {
        let mut rest = line;
        while !rest.is_empty() {
            if self.comment {
                match rest.find("-->") {
                    Some(end) => {
                        self.comment = false;
                        rest = rest.get(end + 3..).unwrap_or("");
                    }
                    None => return,
                }
            } else if rest.starts_with("<!--") {
                self.comment = true;
                rest = rest.get(4..).unwrap_or("");
            } else if rest.starts_with("-{") {
                self.variants += 1;
                rest = rest.get(2..).unwrap_or("");
            } else if rest.starts_with("}-") {
                self.variants = self.variants.saturating_sub(1);
                rest = rest.get(2..).unwrap_or("");
            } else {
                let skip = rest.chars().next().map_or(1, char::len_utf8);
                rest = rest.get(skip..).unwrap_or("");
            }
        }
    }
}

/// `# Title` … `###### Title`: the level and the text without the closing `#`s.
fn atx_heading(text: &str) -> Option<(u8, &str)> {
    let hashes = text.bytes().take_while(|&b| b == b'#').count();
    let rest = text.get(hashes..)?;
    if !(1..=6).contains(&hashes) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let content = rest.trim();
    let without_closing = content.trim_end_matches('#');
    let content = if without_closing.is_empty() || without_closing.ends_with([' ', '\t']) {
        without_closing.trim_end()
    } else {
        content
    };
    u8::try_from(hashes).ok().map(|level| (level, content))
}

/// A setext underline: `===` gives level 1, `---` level 2.
fn setext_level(text: &str) -> Option<u8> {
    if text.bytes().all(|b| b == b'=') {
        Some(1)
    } else if text.len() >= 2 && text.bytes().all(|b| b == b'-') {
        Some(2)
    } else {
        None
    }
}

fn is_thematic_break(text: &str) -> bool {
    [b'-', b'*', b'_'].iter().any(|&mark| {
        let marks = text.bytes().filter(|&b| b == mark).count();
        marks >= 3 && text.bytes().all(|b| b == mark || b == b' ' || b == b'\t')
    })
}

/// `[id]: target`, a link reference definition.
fn is_reference_definition(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('[') else {
        return false;
    };
    match rest.find(']') {
        Some(close) => {
            let label = rest.get(..close).unwrap_or("");
            let after = rest.get(close + 1..).unwrap_or("");
            !label.is_empty() && !label.contains('[') && after.starts_with(':')
        }
        None => false,
    }
}

/// A list marker at the start of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ListMarker<'a> {
    /// The number of an ordered item, `None` for a bullet.
    number: Option<u64>,
    /// The item's text after the marker, trimmed.
    content: &'a str,
}

impl ListMarker<'_> {
    /// CommonMark: only a non-empty bullet or a list starting at 1 interrupts a paragraph.
    fn interrupts_paragraph(&self) -> bool {
        !self.content.is_empty() && self.number.is_none_or(|n| n == 1)
    }
}

fn list_marker(text: &str) -> Option<ListMarker<'_>> {
    let (number, rest) = if let Some(rest) = text.strip_prefix(['-', '*', '+']) {
        (None, rest)
    } else {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        let number = text.get(..digits)?.parse().ok()?;
        let rest = text.get(digits..)?.strip_prefix(['.', ')'])?;
        (Some(number), rest)
    };
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some(ListMarker {
        number,
        content: rest.trim(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks_of(text: &str) -> Vec<(RawKind, Vec<(usize, &str)>)> {
        let lines: Vec<&str> = text.lines().collect();
        split(&lines, 0)
            .unwrap()
            .into_iter()
            .map(|b| (b.kind, b.lines.iter().map(|l| (l.number, l.text)).collect()))
            .collect()
    }

    fn split_error(text: &str) -> Fault {
        let lines: Vec<&str> = text.lines().collect();
        split(&lines, 0).unwrap_err()
    }

    #[test]
    fn headings_of_both_kinds() {
        // Wiki lines 5 and 7, and the news masthead heading (line 6).
        let source = "## 歷史\n\n### 汉朝至清朝\n\n#### **整理报道：文泓**\n\n# Closed #\n";
        assert_eq!(
            blocks_of(source),
            vec![
                (RawKind::Heading(2), vec![(1, "歷史")]),
                (RawKind::Heading(3), vec![(3, "汉朝至清朝")]),
                (RawKind::Heading(4), vec![(5, "**整理报道：文泓**")]),
                (RawKind::Heading(1), vec![(7, "Closed")]),
            ]
        );
        assert_eq!(
            blocks_of("标题\n===\n小节\n---"),
            vec![
                (RawKind::Heading(1), vec![(1, "标题")]),
                (RawKind::Heading(2), vec![(3, "小节")]),
            ]
        );
        assert_eq!(blocks_of("#hashtag")[0].0, RawKind::Paragraph);
    }

    #[test]
    fn soft_breaks_keep_lines_in_one_paragraph() {
        // Wiki lines 73-74: a caption line followed by paragraph text, no blank line.
        let source = "[缩略图](x \"fig:缩略图\")，該艦\\]\\]\n哈萨克斯坦积极发展\n\n下一段";
        let blocks = blocks_of(source);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].1.len(), 2);
        assert_eq!(blocks[1], (RawKind::Paragraph, vec![(4, "下一段")]));
    }

    #[test]
    fn whitespace_only_lines_separate_blocks() {
        // News lines 57-61: a line holding one space between blank lines.
        let blocks = blocks_of("a\n\n \n\n免责声明：x\n\u{3000}\nb");
        assert_eq!(blocks.len(), 3);
    }

    #[test]
    fn list_items_including_empty_stubs() {
        // The wiki's 參見 bullets (lines 125-126) and reference stubs (lines 149-151).
        let source = "  -\n  - [中国哈萨克族](x)\n\n1.\n2.\n3.\n";
        let blocks = blocks_of(source);
        let kinds: Vec<RawKind> = blocks.iter().map(|b| b.0).collect();
        assert_eq!(kinds, vec![RawKind::ListItem; 5]);
        assert_eq!(blocks[0].1, vec![(1, "")]);
        assert_eq!(blocks[1].1, vec![(2, "[中国哈萨克族](x)")]);
        assert_eq!(blocks[4].1, vec![(6, "")]);
    }

    #[test]
    fn only_some_markers_interrupt_a_paragraph() {
        let blocks = blocks_of("正文\n2. 不是列表\n- 是列表\n续行");
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].1, vec![(1, "正文"), (2, "2. 不是列表")]);
        assert_eq!(blocks[1].1, vec![(3, "是列表"), (4, "续行")]);
        assert_eq!(blocks_of("**粗体**开头")[0].0, RawKind::Paragraph);
        assert_eq!(blocks_of("-{zh-hans:x;}-")[0].0, RawKind::Paragraph);
    }

    #[test]
    fn variant_markup_holds_lines_together_across_blank_lines() {
        // Wiki lines 33-35, with a blank line added inside.
        let source = "\\-{zh-hans:[a](x);\n\nzh-hk:[b](y)}-\n\n后文";
        let blocks = blocks_of(source);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].1.len(), 3);
        let comment = blocks_of("<!-- a\n\n# b -->\n\nc");
        assert_eq!(comment.len(), 2);
        assert_eq!(comment[0].0, RawKind::Paragraph);
    }

    #[test]
    fn breaks_definitions_and_quotes() {
        let blocks = blocks_of("a\n\n***\n\n[1]: http://x\n\n> 引文\n> 续");
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[1].1, vec![(7, "引文"), (8, "续")]);
    }

    #[test]
    fn tables_and_code_blocks_are_errors() {
        let fault = split_error("正文\n\n{| class=\"wikitable\"\n|}");
        assert_eq!(fault.line, 3);
        assert!(matches!(fault.kind, CleanErrorKind::UnsupportedTable(_)));
        assert_eq!(split_error("|}").line, 1);
        assert_eq!(split_error("| a | b |").line, 1);
        let fault = split_error("a\n\n```\ncode\n```");
        assert!(matches!(
            fault.kind,
            CleanErrorKind::UnsupportedCodeBlock(_)
        ));
    }
}
