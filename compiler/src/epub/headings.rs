//! The table of contents placed into the blocks as headings.
//!
//! | TOC entry pointing at … | becomes |
//! |---|---|
//! | a heading (the element of its `#fragment`, or the first block of its document when it has none) | that heading, with its own text, at the entry's level |
//! | a heading that several entries point at (`第一卷` and `第一章` both at `ch1.xhtml`) | the entry whose label is the heading's text (ignoring spaces), else the last (innermost) one, claims it; the entries before it in TOC order become headings before it, those after it headings after it |
//! | a block whose text is the entry's label (ignoring spaces; a chapter title set as `<p class="title">第三章</p>`) | that block, made a heading at the entry's level (whole-block emphasis dropped as its style) |
//! | any other block | a heading with the entry's label, inserted before that block |
//! | a fragment the document lacks | the start of its document |
//! | a document without text (an image page) or a point after its last block | a heading at the end of that document |
//! | a document not in the spine | nothing (it only navigated) |
//! | a label that equals a heading placed at the same point already | nothing more |
//!
//! Level: depth 1 → [`BlockKind::Heading`] 2, deeper → 3. Headings the TOC does not name keep
//! the level `content` gave them (h1/h2 → 2, h3–h6 → 3). Headings come out in spine order,
//! whatever the TOC's order, because they are placed where they point.

use std::collections::{BTreeMap, HashMap};

use super::content::Content;
use super::text::{covers_all, BlockText};
use super::toc::TocEntry;
use crate::document::{Block, BlockKind};

/// The heading level of a TOC depth.
fn level(depth: usize) -> BlockKind {
    BlockKind::Heading(if depth <= 1 { 2 } else { 3 })
}

/// Whether two heading texts are the same but for spaces.
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let squeeze = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{A0}')
            .collect::<String>()
    };
    squeeze(a) == squeeze(b)
}

/// The blocks of all parts in order, `part` set, with the TOC placed as headings.
/// `parts` are the documents' paths, `contents` their content in the same order.
pub(crate) fn place(parts: &[String], contents: Vec<Content>, toc: &[TocEntry]) -> Vec<Block> {
    let mut index_of: HashMap<&str, usize> = HashMap::new();
    for (i, path) in parts.iter().enumerate() {
        index_of.entry(path.as_str()).or_insert(i);
    }
    // (part, block index) → the entries pointing there, in TOC order.
    let mut targets: BTreeMap<(usize, usize), Vec<&TocEntry>> = BTreeMap::new();
    for entry in toc {
        let Some(&part) = index_of.get(entry.path.as_str()) else {
            continue;
        };
        let Some(content) = contents.get(part) else {
            continue;
        };
        let at = entry
            .fragment
            .as_ref()
            .and_then(|fragment| content.anchors.get(fragment).copied())
            .unwrap_or(0)
            .min(content.blocks.len());
        targets.entry((part, at)).or_default().push(entry);
    }
    let mut out = Vec::new();
    for (part, content) in contents.into_iter().enumerate() {
        let count = content.blocks.len();
        let mut blocks = content.blocks.into_iter();
        for at in 0..=count {
            let block = blocks.next();
            let entries = targets.remove(&(part, at)).unwrap_or_default();
            let line = block.as_ref().map_or(1, |b| b.line);
            let heading = |entry: &TocEntry| {
                let mut text = BlockText::default();
                text.push(&entry.label, false, line);
                text.finish("").map(|finished| Block {
                    kind: level(entry.depth),
                    text: finished.text,
                    emphasis: Vec::new(),
                    line,
                    part,
                })
            };
            // The texts of the headings placed at this point, so that none repeats.
            let mut placed: Vec<String> = Vec::new();
            let push = |out: &mut Vec<Block>, placed: &mut Vec<String>, block: Block| {
                if !placed.iter().any(|text| same_text(text, &block.text)) {
                    placed.push(block.text.clone());
                    out.push(block);
                }
            };
            let claimer = block.as_ref().and_then(|block| {
                let named = entries
                    .iter()
                    .position(|e| same_text(&e.label, &block.text));
                let is_heading = matches!(block.kind, BlockKind::Heading(_));
                named.or_else(|| is_heading.then(|| entries.len().checked_sub(1)).flatten())
            });
            match (block, claimer) {
                (Some(mut block), Some(claimer)) => {
                    let (before, rest) = entries.split_at(claimer);
                    for entry in before {
                        if let Some(heading) = heading(entry) {
                            push(&mut out, &mut placed, heading);
                        }
                    }
                    if let Some(entry) = rest.first() {
                        block.kind = level(entry.depth);
                    }
                    // A paragraph made a heading: bold over all of it was its style.
                    if covers_all(&block.emphasis, &block.text) {
                        block.emphasis.clear();
                    }
                    block.part = part;
                    // The claimed heading is pushed even if an earlier label repeats it.
                    placed.push(block.text.clone());
                    out.push(block);
                    for entry in rest.iter().skip(1) {
                        if let Some(heading) = heading(entry) {
                            push(&mut out, &mut placed, heading);
                        }
                    }
                }
                (block, _) => {
                    for entry in &entries {
                        if let Some(heading) = heading(entry) {
                            push(&mut out, &mut placed, heading);
                        }
                    }
                    if let Some(mut block) = block {
                        block.part = part;
                        out.push(block);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(kind: BlockKind, text: &str, line: usize) -> Block {
        Block::new(kind, text.to_string(), line)
    }

    fn entry(path: &str, fragment: Option<&str>, label: &str, depth: usize) -> TocEntry {
        TocEntry {
            path: path.into(),
            fragment: fragment.map(str::to_string),
            label: label.into(),
            depth,
        }
    }

    fn shown(blocks: &[Block]) -> Vec<(BlockKind, &str, usize, usize)> {
        blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str(), b.part, b.line))
            .collect()
    }

    #[test]
    fn entries_claim_headings_or_insert_them() {
        use BlockKind::{Heading, Paragraph};
        let parts = vec![
            "a.xhtml".to_string(),
            "img.xhtml".to_string(),
            "b.xhtml".to_string(),
        ];
        let a = Content {
            blocks: vec![
                block(Heading(2), "第一章", 2),
                block(Paragraph, "甲", 3),
                block(Paragraph, "乙", 5),
            ],
            anchors: [("s2".to_string(), 2)].into_iter().collect(),
        };
        let b = Content {
            blocks: vec![block(Heading(3), "第 二 章", 4), block(Paragraph, "丙", 6)],
            anchors: HashMap::new(),
        };
        // Out of spine order on purpose, with a duplicate and an entry outside the spine.
        let toc = vec![
            entry("b.xhtml", None, "第一卷", 1),
            entry("b.xhtml", Some("missing"), "第二章", 2),
            entry("a.xhtml", None, "第一章", 1),
            entry("a.xhtml", Some("s2"), "第一节", 2),
            entry("a.xhtml", Some("s2"), "第一节", 2),
            entry("img.xhtml", None, "插图", 1),
            entry("nowhere.xhtml", None, "无", 1),
        ];
        let blocks = place(&parts, vec![a, Content::default(), b], &toc);
        assert_eq!(
            shown(&blocks),
            vec![
                (Heading(2), "第一章", 0, 2),
                (Paragraph, "甲", 0, 3),
                (Heading(3), "第一节", 0, 5),
                (Paragraph, "乙", 0, 5),
                (Heading(2), "插图", 1, 1),
                (Heading(2), "第一卷", 2, 4),
                (Heading(3), "第 二 章", 2, 4),
                (Paragraph, "丙", 2, 6),
            ]
        );
    }

    #[test]
    fn an_unmatched_heading_is_claimed_by_the_innermost_entry() {
        use BlockKind::{Heading, Paragraph};
        let parts = vec!["a.xhtml".to_string()];
        let a = Content {
            blocks: vec![block(Heading(2), "风起", 1), block(Paragraph, "文", 2)],
            anchors: HashMap::new(),
        };
        let toc = vec![
            entry("a.xhtml", None, "上卷", 1),
            entry("a.xhtml", None, "第一回", 2),
            entry("a.xhtml", None, "风起", 3),
            entry("a.xhtml", None, "后记", 1),
        ];
        let blocks = place(&parts, vec![a.clone()], &toc);
        assert_eq!(
            shown(&blocks),
            vec![
                (Heading(2), "上卷", 0, 1),
                (Heading(3), "第一回", 0, 1),
                (Heading(3), "风起", 0, 1),
                (Heading(2), "后记", 0, 1),
                (Paragraph, "文", 0, 2),
            ]
        );
        let blocks = place(&parts, vec![a], &[entry("a.xhtml", None, "第一回", 1)]);
        assert_eq!(shown(&blocks)[0], (Heading(2), "风起", 0, 1));
    }

    #[test]
    fn a_paragraph_holding_the_label_becomes_the_heading() {
        use BlockKind::{Heading, Paragraph};
        let mut title = block(Paragraph, "第三章", 1);
        title.emphasis.push(0..3);
        let content = Content {
            blocks: vec![title, block(Paragraph, "第三章开头", 2)],
            anchors: HashMap::new(),
        };
        let toc = [
            entry("a.xhtml", None, "第 三 章", 2),
            entry("a.xhtml", None, "卷", 1),
        ];
        let blocks = place(&["a.xhtml".to_string()], vec![content], &toc);
        assert_eq!(
            shown(&blocks),
            vec![
                (Heading(3), "第三章", 0, 1),
                (Heading(2), "卷", 0, 1),
                (Paragraph, "第三章开头", 0, 2),
            ]
        );
        assert!(blocks[0].emphasis.is_empty());
    }
}
