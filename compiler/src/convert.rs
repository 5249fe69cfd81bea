//! The three renditions of a book: 原文 (as written, variant markup already resolved to
//! zh-hans by the cleaner), 简体 and 繁體, converted at build time with OpenCC.
//!
//! zh.wikipedia stores articles in mixed script and converts them per reader; we do the same
//! once, here. OpenCC converts phrase by phrase, so a block is converted whole (phrases may
//! span an emphasis boundary). When that changes the block's character count (a rare phrase
//! conversion), emphasis ranges would no longer line up, so the block is converted again piece
//! by piece, cut at its emphasis boundaries, which keeps every span exact.

use std::fmt;

use ferrous_opencc::{config::BuiltinConfig, OpenCC};

use crate::document::{Block, Document};

/// The script of a rendition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Script {
    /// 简体: Simplified Chinese (OpenCC `t2s`).
    Simplified,
    /// 繁體: Traditional Chinese, OpenCC's standard form (`s2t`).
    Traditional,
}

/// OpenCC could not be set up.
#[derive(Debug)]
pub struct ConvertError(String);

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot load the OpenCC dictionaries: {}", self.0)
    }
}

impl std::error::Error for ConvertError {}

/// Both OpenCC converters, loaded once.
pub struct Converter {
    to_simplified: OpenCC,
    to_traditional: OpenCC,
}

impl Converter {
    /// Loads OpenCC's built-in `t2s` and `s2t` configurations.
    pub fn new() -> Result<Self, ConvertError> {
        let load = |config| OpenCC::from_config(config).map_err(|e| ConvertError(e.to_string()));
        Ok(Converter {
            to_simplified: load(BuiltinConfig::T2s)?,
            to_traditional: load(BuiltinConfig::S2t)?,
        })
    }

    /// `text` in `script`.
    pub fn text(&self, text: &str, script: Script) -> String {
        match script {
            Script::Simplified => self.to_simplified.convert(text),
            Script::Traditional => self.to_traditional.convert(text),
        }
    }

    /// The whole document in `script`, block for block, emphasis kept exact.
    pub fn document(&self, document: &Document, script: Script) -> Document {
        Document {
            title: self.text(&document.title, script),
            blocks: document
                .blocks
                .iter()
                .map(|block| self.block(block, script))
                .collect(),
            author: document.author.clone(),
            language: document.language.clone(),
            parts: document.parts.clone(),
            // Reported once, for the original rendition.
            warnings: Vec::new(),
        }
    }

    fn block(&self, block: &Block, script: Script) -> Block {
        let whole = self.text(&block.text, script);
        if whole.chars().count() == block.text.chars().count() {
            return Block {
                text: whole,
                ..block.clone()
            };
        }
        // Cut at every emphasis boundary and convert the pieces apart.
        let chars: Vec<char> = block.text.chars().collect();
        let mut cuts: Vec<usize> = block
            .emphasis
            .iter()
            .flat_map(|span| [span.start, span.end])
            .chain([0, chars.len()])
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut text = String::new();
        let mut new_offset = vec![0usize; chars.len() + 1];
        for piece in cuts.windows(2) {
            let source: String = chars[piece[0]..piece[1]].iter().collect();
            text.push_str(&self.text(&source, script));
            new_offset[piece[1]] = text.chars().count();
        }
        let emphasis = block
            .emphasis
            .iter()
            .map(|span| new_offset[span.start]..new_offset[span.end])
            .filter(|span| !span.is_empty())
            .collect();
        Block {
            text,
            emphasis,
            ..block.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::BlockKind;

    fn paragraph(text: &str, emphasis: Vec<std::ops::Range<usize>>) -> Block {
        Block {
            kind: BlockKind::Paragraph,
            text: text.into(),
            emphasis,
            line: 7,
            part: 0,
        }
    }

    #[test]
    fn mixed_script_wiki_text_converts_both_ways() {
        let converter = Converter::new().unwrap();
        // From the wiki lead: 關係 (traditional) beside 中华人民共和国 (simplified).
        let mixed = "中哈關係，是指中华人民共和国和哈薩克斯坦共和国之間的雙邊關係";
        assert_eq!(
            converter.text(mixed, Script::Simplified),
            "中哈关系，是指中华人民共和国和哈萨克斯坦共和国之间的双边关系"
        );
        assert_eq!(
            converter.text(mixed, Script::Traditional),
            "中哈關係，是指中華人民共和國和哈薩克斯坦共和國之間的雙邊關係"
        );
    }

    #[test]
    fn ascii_and_punctuation_pass_through() {
        let converter = Converter::new().unwrap();
        let text = "（4%）、3.7亿、人民幣/2,000億、“和平使命-2014”";
        let simplified = converter.text(text, Script::Simplified);
        assert_eq!(simplified, "（4%）、3.7亿、人民币/2,000亿、“和平使命-2014”");
    }

    #[test]
    fn emphasis_survives_conversion_and_blocks_keep_their_line() {
        let converter = Converter::new().unwrap();
        let document = Document::new(
            "中哈關係".into(),
            vec![paragraph(
                "這些挖矿的電力消耗",
                std::iter::once(2..4).collect(),
            )],
        );
        let simplified = converter.document(&document, Script::Simplified);
        assert_eq!(simplified.title, "中哈关系");
        assert_eq!(simplified.blocks[0].text, "这些挖矿的电力消耗");
        assert_eq!(simplified.blocks[0].emphasis, vec![2..4]);
        assert_eq!(simplified.blocks[0].line, 7);
    }
}
