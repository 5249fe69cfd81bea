//! The three renditions of a book: 原文 (as written, variant markup already resolved to
//! zh-hans by the cleaner), 简体 and 繁體, converted at build time with OpenCC.
//!
//! zh.wikipedia stores articles in mixed script and converts them per reader; we do the same
//! once, here. OpenCC converts phrase by phrase, so a block is converted whole (phrases may
//! span an emphasis boundary).
//!
//! Every conversion keeps the length: the blob stores a book's text once, as one symbol per
//! place for the three renditions, so block `b`, offset `o` must be the same place in each
//! (and emphasis ranges stay exact). All of OpenCC's `t2s` and `s2t` entries map a phrase to
//! one of the same length; should a conversion change a block's or the title's length all
//! the same, that text is converted again character by character, a character whose own
//! conversion is not one character keeping its source form.

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

    /// The whole document in `script`, block for block, each as long as its source.
    pub fn document(&self, document: &Document, script: Script) -> Document {
        Document {
            title: self.same_length(&document.title, script),
            blocks: document
                .blocks
                .iter()
                .map(|block| Block {
                    text: self.same_length(&block.text, script),
                    ..block.clone()
                })
                .collect(),
            author: document.author.clone(),
            language: document.language.clone(),
            parts: document.parts.clone(),
            // Reported once, for the original rendition.
            warnings: Vec::new(),
        }
    }

    /// `text` in `script`, exactly as many characters long.
    pub fn same_length(&self, text: &str, script: Script) -> String {
        let whole = self.text(text, script);
        if whole.chars().count() == text.chars().count() {
            return whole;
        }
        text.chars()
            .map(|c| {
                let converted = self.text(c.encode_utf8(&mut [0; 4]), script);
                let mut chars = converted.chars();
                match (chars.next(), chars.next()) {
                    (Some(one), None) => one,
                    _ => c,
                }
            })
            .collect()
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

    #[test]
    fn phrase_conversions_keep_the_length() {
        // Characters converted one way here and another way there (发 → 髮 or 發, 后 → 後 or
        // 后, 乾 kept or → 干), converted whole, keep their length, so `same_length` keeps
        // OpenCC's phrase conversion.
        let converter = Converter::new().unwrap();
        for text in [
            "头发和發財",
            "后来皇后",
            "乾隆乾燥",
            "一個",
            "著作",
            "鬱鬱蔥蔥",
        ] {
            for script in [Script::Simplified, Script::Traditional] {
                let converted = converter.text(text, script);
                assert_eq!(
                    converted.chars().count(),
                    text.chars().count(),
                    "{converted}"
                );
                assert_eq!(converter.same_length(text, script), converted);
            }
        }
    }
}
