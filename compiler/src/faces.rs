//! Which face draws each character: the main font, else the fallback face, else a visible
//! replacement box — so that a missing glyph never stops a book (unless `--strict` asks).
//!
//! | the character | is drawn with | and the compiler |
//! |---|---|---|
//! | in the main font (Noto Sans CJK SC) | the main font | says nothing |
//! | not in it, in the fallback face (`fonts/HanaMinB.ttf.gz`: CJK Extensions B–F) | the fallback face, at the same pixel size and baseline | says nothing |
//! | in no face, in a 简体 or 繁體 rendition where the source has another character at the same place | the source character (OpenCC's 鳷 → 𫛛 keeps 鳷) | warns once per character and rendition |
//! | in no face otherwise | [`replacement_box`](crate::raster::replacement::replacement_box): a box with the code point | warns once per character, with where it is first used |
//!
//! With `strict` the last two rows are errors instead (the first such character stops the
//! compiler with its file and line).

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use crate::convert::Script;
use crate::document::Document;
use crate::raster::Rasterizer;

/// The face a character's glyph comes from. The codes are the wire's (`wire::glyph_source`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Face {
    /// The main font.
    Main,
    /// The fallback face.
    Fallback,
    /// No face has it: a replacement box.
    Replacement,
}

/// The faces a library is drawn with.
pub struct Faces<'a> {
    /// The main font.
    pub main: Rasterizer<'a>,
    /// The fallback face, if one was given and is needed.
    pub fallback: Option<Rasterizer<'a>>,
    /// The Traditional face for the 繁體 forms (see [`crate::forms`]), if one was given. It
    /// changes shapes only: which characters are covered is the main and fallback faces' say.
    pub traditional: Option<Rasterizer<'a>>,
}

impl Faces<'_> {
    /// The face that draws `c`.
    pub fn face_of(&self, c: char) -> Face {
        if self.main.has_glyph(c) {
            Face::Main
        } else if self.fallback.as_ref().is_some_and(|f| f.has_glyph(c)) {
            Face::Fallback
        } else {
            Face::Replacement
        }
    }

    /// Whether some face has `c`.
    pub fn covers(&self, c: char) -> bool {
        self.face_of(c) != Face::Replacement
    }
}

/// The most bytes a font file may inflate to: larger than any CJK face (HanaMinB is 30 MB),
/// small enough that a corrupt or hostile `.gz` cannot exhaust memory.
pub const MAX_FONT_BYTES: u64 = 64 << 20;

/// Reads a font file; a `.gz` file is inflated (the fallback face is stored compressed).
pub fn read_font(path: &Path) -> std::io::Result<Vec<u8>> {
    let bytes = std::fs::read(path)?;
    if path.extension().is_none_or(|e| e != "gz") {
        return Ok(bytes);
    }
    let mut inflated = Vec::new();
    flate2::read::GzDecoder::new(bytes.as_slice())
        .take(MAX_FONT_BYTES + 1)
        .read_to_end(&mut inflated)?;
    if inflated.len() as u64 > MAX_FONT_BYTES {
        return Err(std::io::Error::other(format!(
            "inflates to more than {} MiB",
            MAX_FONT_BYTES >> 20
        )));
    }
    Ok(inflated)
}

/// The name of a rendition in messages.
pub fn rendition_name(script: Script) -> &'static str {
    match script {
        Script::Simplified => "简体",
        Script::Traditional => "繁體",
    }
}

/// Where the messages about characters no face covers go, across the books of one compile.
pub struct Uncovered<'w> {
    /// Refuse such a character instead of warning (`--strict`).
    pub strict: bool,
    /// The (character, rendition) pairs already warned about: one warning each.
    pub warned: HashSet<(char, Script)>,
    /// Where warnings go.
    pub warn: &'w mut dyn FnMut(String),
}

/// Puts the source character back wherever `converted` (a conversion of `original`, block for
/// block) has a character no face covers and the source has another at the same place (the
/// block's length unchanged by the conversion). Warns once per character replaced (with
/// `file:line`), or, when strict, returns that message as an error instead.
pub fn keep_source_where_uncovered(
    original: &Document,
    converted: &mut Document,
    script: Script,
    file: &str,
    faces: &Faces<'_>,
    report: &mut Uncovered<'_>,
) -> Result<(), String> {
    let mut fix = |source: &str, text: &mut String, location: &str| -> Result<(), String> {
        if text.chars().all(|c| faces.covers(c)) {
            return Ok(());
        }
        let source: Vec<char> = source.chars().collect();
        if source.len() != text.chars().count() {
            return Ok(());
        }
        let mut fixed = String::with_capacity(text.len());
        for (c, s) in text.chars().zip(source) {
            if faces.covers(c) || !faces.covers(s) {
                fixed.push(c);
                continue;
            }
            let message = format!(
                "{location}: {}: '{c}' (U+{:04X}) has no glyph; keeping the source character \
                 '{s}' (U+{:04X})",
                rendition_name(script),
                u32::from(c),
                u32::from(s)
            );
            if report.strict {
                return Err(message);
            }
            if report.warned.insert((c, script)) {
                (report.warn)(message);
            }
            fixed.push(s);
        }
        *text = fixed;
        Ok(())
    };
    let title_location = format!("{file}:1");
    fix(&original.title, &mut converted.title, &title_location)?;
    for (source, block) in original.blocks.iter().zip(converted.blocks.iter_mut()) {
        let location = original.location(file, source);
        fix(&source.text, &mut block.text, &location)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, BlockKind};

    const MAIN: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fonts/NotoSansCJKsc-Regular.otf"
    );
    const FALLBACK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fonts/HanaMinB.ttf.gz");

    #[test]
    fn each_character_gets_the_first_face_that_has_it() {
        let main = std::fs::read(MAIN).unwrap();
        let fallback = read_font(Path::new(FALLBACK)).unwrap();
        let faces = Faces {
            main: Rasterizer::new(&main).unwrap(),
            fallback: Some(Rasterizer::new(&fallback).unwrap()),
            traditional: None,
        };
        assert_eq!(faces.face_of('鳷'), Face::Main);
        // 𫛛 (U+2B6DB, CJK Extension C): OpenCC's simplified form of 鳷.
        assert_eq!(faces.face_of('\u{2B6DB}'), Face::Fallback);
        // A private-use character: no face has it.
        assert_eq!(faces.face_of('\u{E000}'), Face::Replacement);
    }

    #[test]
    fn a_converted_character_without_glyph_falls_back_to_the_source() {
        let main = std::fs::read(MAIN).unwrap();
        let faces = Faces {
            main: Rasterizer::new(&main).unwrap(),
            fallback: None,
            traditional: None,
        };
        let original = Document::new(
            "书".into(),
            vec![Block::new(BlockKind::Paragraph, "见鳷鹊楼。".into(), 4)],
        );
        let mut converted = original.clone();
        converted.blocks[0].text = "见\u{2B6DB}鹊楼。".into();
        let mut warnings = Vec::new();
        let mut warn = |w| warnings.push(w);
        let mut report = Uncovered {
            strict: false,
            warned: HashSet::new(),
            warn: &mut warn,
        };
        keep_source_where_uncovered(
            &original,
            &mut converted,
            Script::Simplified,
            "books/a.txt",
            &faces,
            &mut report,
        )
        .unwrap();
        assert_eq!(converted.blocks[0].text, "见鳷鹊楼。");
        assert_eq!(
            warnings,
            [
                "books/a.txt:4: 简体: '\u{2B6DB}' (U+2B6DB) has no glyph; keeping the source \
              character '鳷' (U+9CF7)"
            ]
        );

        let mut converted = original.clone();
        converted.blocks[0].text = "见\u{2B6DB}鹊楼。".into();
        let error = keep_source_where_uncovered(
            &original,
            &mut converted,
            Script::Simplified,
            "books/a.txt",
            &faces,
            &mut Uncovered {
                strict: true,
                warned: HashSet::new(),
                warn: &mut |_| {},
            },
        )
        .unwrap_err();
        assert!(
            error.starts_with("books/a.txt:4: 简体: '\u{2B6DB}'"),
            "{error}"
        );
    }

    #[test]
    fn a_gz_font_that_inflates_too_far_is_refused() {
        let dir = std::env::temp_dir().join(format!("moye-faces-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bomb.ttf.gz");
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..(MAX_FONT_BYTES >> 20) + 1 {
            std::io::Write::write_all(&mut encoder, &zeros).unwrap();
        }
        std::fs::write(&path, encoder.finish().unwrap()).unwrap();
        let error = read_font(&path).unwrap_err();
        assert!(error.to_string().contains("more than 64 MiB"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
