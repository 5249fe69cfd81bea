//! Paragraphs: which source lines form one block, and hard-wrapped lines joined back.
//!
//! Rules:
//! - A blank line ends a paragraph. An indented line starts one. A heading line (see
//!   [`chapters`](super::chapters)) is a block of its own.
//! - Any other line (unindented, after a text line) continues the paragraph when the file is
//!   *hard-wrapped*, and is a paragraph of its own when the file has one paragraph per line.
//! - A file is hard-wrapped when both hold:
//!   1. at least a third of its non-blank lines would be joined (unindented text lines right
//!      after a text line), so that paragraphs of several lines are the norm: a file with blank
//!      lines or indents between its paragraphs (the real novel: every line indented) has
//!      next to none; and
//!   2. fewer than half of the lines they would be joined to end a sentence (`。！？!?…”’」』"'：:.`):
//!      a line cut at a fixed width ends mid-sentence, a paragraph written on one line ends
//!      with its sentence. This tells a hard-wrapped file from one whose paragraphs are
//!      unindented lines with no blank line between them, which (1) alone would join.
//! - Joining two lines inserts nothing when either side of the join is an East Asian wide
//!   character (`。⏎目前` → `。目前`), and one space otherwise (`General⏎Zhandarbek` →
//!   `General Zhandarbek`): the segment-break rule of the Markdown cleaner.
//! - A block's line is the source line where it starts.

use super::chapters::{heading_rank, level, Rank, MAX_HEADING_CHARS};
use super::lines::{push_clean, SourceLine};
use crate::clean::text::is_wide;
use crate::document::{Block, BlockKind};

/// What one source line is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Class {
    /// Nothing but indent characters.
    Blank,
    /// A heading of `rank`, with its text.
    Heading(Rank, String),
    /// A line of text.
    Text {
        /// Whether the line starts with an indent.
        indented: bool,
    },
}

/// The blocks of `lines`: paragraphs and headings at their levels.
pub(crate) fn blocks(lines: &[SourceLine<'_>]) -> Vec<Block> {
    let classes: Vec<Class> = lines.iter().map(classify).collect();
    let has_volumes = classes
        .iter()
        .any(|class| matches!(class, Class::Heading(Rank::Volume, _)));
    let has_chapters = classes
        .iter()
        .any(|class| matches!(class, Class::Heading(Rank::Chapter, _)));
    let both = has_volumes && has_chapters;
    let joins = is_hard_wrapped(lines, &classes);

    let mut blocks = Vec::new();
    let mut paragraph: Option<Block> = None;
    for (line, class) in lines.iter().zip(classes) {
        match class {
            Class::Blank => blocks.extend(paragraph.take()),
            Class::Heading(rank, text) => {
                blocks.extend(paragraph.take());
                let kind = BlockKind::Heading(level(rank, both));
                blocks.push(Block::new(kind, text, line.number));
            }
            Class::Text { indented } => match &mut paragraph {
                Some(open) if joins && !indented => join(&mut open.text, line.content),
                _ => {
                    blocks.extend(paragraph.take());
                    let mut text = String::with_capacity(line.content.len());
                    push_clean(&mut text, line.content, None);
                    paragraph = Some(Block::new(BlockKind::Paragraph, text, line.number));
                }
            },
        }
    }
    blocks.extend(paragraph);
    blocks.retain(|block| !block.text.is_empty());
    blocks
}

fn classify(line: &SourceLine<'_>) -> Class {
    if line.is_blank() {
        return Class::Blank;
    }
    // A heading has at most MAX_HEADING_CHARS characters of at most 4 bytes: longer lines need
    // no cleaning to be ruled out.
    if line.content.len() <= MAX_HEADING_CHARS * 4 {
        let mut text = String::new();
        push_clean(&mut text, line.content, Some('\u{3000}'));
        if let Some(rank) = heading_rank(&text) {
            return Class::Heading(rank, text);
        }
    }
    Class::Text {
        indented: line.indented,
    }
}

/// Whether the file is hard-wrapped, by the module's rule.
fn is_hard_wrapped(lines: &[SourceLine<'_>], classes: &[Class]) -> bool {
    let mut non_blank = 0usize;
    let mut joinable = 0usize;
    let mut after_sentence = 0usize;
    let mut previous: Option<(&SourceLine<'_>, &Class)> = None;
    for (line, class) in lines.iter().zip(classes) {
        if *class != Class::Blank {
            non_blank += 1;
        }
        if let (Class::Text { indented: false }, Some((before, Class::Text { .. }))) =
            (class, previous)
        {
            joinable += 1;
            if ends_sentence(before.content) {
                after_sentence += 1;
            }
        }
        previous = Some((line, class));
    }
    joinable > 0 && joinable * 3 >= non_blank && after_sentence * 2 < joinable
}

fn ends_sentence(content: &str) -> bool {
    content
        .chars()
        .next_back()
        .is_some_and(|c| "。！？!?…”’」』\"'：:.".contains(c))
}

/// Appends the line `content` to the paragraph `text` by the segment-break rule.
fn join(text: &mut String, content: &str) {
    let mut next = String::with_capacity(content.len());
    push_clean(&mut next, content, None);
    if let (Some(before), Some(after)) = (text.chars().next_back(), next.chars().next()) {
        if !is_wide(before) && !is_wide(after) {
            text.push(' ');
        }
    }
    text.push_str(&next);
}

#[cfg(test)]
mod tests {
    use super::super::lines::split_lines;
    use super::*;

    fn texts(source: &str) -> Vec<(BlockKind, String, usize)> {
        blocks(&split_lines(source))
            .into_iter()
            .map(|b| (b.kind, b.text, b.line))
            .collect()
    }

    fn paragraph(text: &str, line: usize) -> (BlockKind, String, usize) {
        (BlockKind::Paragraph, text.to_owned(), line)
    }

    #[test]
    fn hard_wrapped_lines_are_joined_by_script() {
        let source = "It was the best of times, it was the worst\n\
                      of times, it was the age of wisdom.\n\
                      \n\
                      话说天下大势，分久必合，合久\n\
                      必分。周末七国分争，并入于\n\
                      秦。\n\
                      \n\
                      There were a king with a large jaw\n\
                      and a queen with a plain face.\n";
        assert_eq!(
            texts(source),
            [
                paragraph(
                    "It was the best of times, it was the worst of times, it was the age of wisdom.",
                    1
                ),
                paragraph("话说天下大势，分久必合，合久必分。周末七国分争，并入于秦。", 4),
                paragraph("There were a king with a large jaw and a queen with a plain face.", 8),
            ]
        );
    }

    #[test]
    fn an_indented_line_starts_a_paragraph_in_a_wrapped_file() {
        let source = "　　第一段的第一行，没有\n写完的第二行\n　　第二段的第一行也\n没有写完\n";
        assert_eq!(
            texts(source),
            [
                paragraph("第一段的第一行，没有写完的第二行", 1),
                paragraph("第二段的第一行也没有写完", 3),
            ]
        );
    }

    #[test]
    fn one_paragraph_per_line_is_kept() {
        let indented = "　　他来了。\n\n　　她走了。\n\n    \t\t\n\n\t又来了！\n";
        assert_eq!(
            texts(indented),
            [
                paragraph("他来了。", 1),
                paragraph("她走了。", 3),
                paragraph("又来了！", 7),
            ]
        );
        // Unindented, no blank lines: every line ends its sentence, so none is joined.
        let flush = "他来了。\n她走了。\n又来了！\n“好！”\n";
        assert_eq!(texts(flush).len(), 4);
    }

    #[test]
    fn headings_are_blocks_of_their_own_and_nest_under_volumes() {
        let source = "卷一　江湖\n第一章 初见\n正文一\n第二章\n正文二\n第二卷\n第三章\n正文三";
        let kinds: Vec<_> = texts(source).into_iter().map(|(k, t, _)| (k, t)).collect();
        let h = BlockKind::Heading;
        let p = BlockKind::Paragraph;
        assert_eq!(
            kinds,
            [
                (h(2), "卷一　江湖".to_owned()),
                (h(3), "第一章　初见".to_owned()),
                (p, "正文一".to_owned()),
                (h(3), "第二章".to_owned()),
                (p, "正文二".to_owned()),
                (h(2), "第二卷".to_owned()),
                (h(3), "第三章".to_owned()),
                (p, "正文三".to_owned()),
            ]
        );
        let chapters_only = texts("第一章\n正文\n第二章\n正文");
        assert_eq!(chapters_only[2].0, BlockKind::Heading(2));
    }
}
