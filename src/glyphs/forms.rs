//! Which glyph forms text is drawn in: the main (Simplified, SC) face's or the Traditional
//! (TC) face's, and where the full-width marks sit (TYPOGRAPHY.md "Punctuation position").
//!
//! Mainland books set 。，、；：！？ low-left in the em box; Taiwan and Hong Kong set them
//! centred, which is how Noto Sans CJK TC draws them. The library carries, per character,
//! the glyph record of its Traditional form ([`Library::traditional_record`]); a
//! [`GlyphForms`] says which characters take it.
//!
//! [`Library::traditional_record`]: crate::format::Library::traditional_record

use serde::{Deserialize, Serialize};

use super::vertical::WritingMode;

/// Where the positioned full-width marks ([`PUNCTUATION`](crate::format::wire::forms::PUNCTUATION)) sit in the em box
/// (标点位置).
///
/// The reader's settings store it (its variant index is its encoding, so the order of the
/// variants must never change).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PunctuationPosition {
    /// 靠左下: low in the left half, as mainland (GB) books set them; the main face's marks.
    #[default]
    LowLeft,
    /// 居中: centred, as Taiwan and Hong Kong books set them; the Traditional face's marks.
    Centred,
}

impl PunctuationPosition {
    /// What a rendition defaults to: centred for 繁體 (`traditional`), else low-left.
    pub const fn default_for(traditional: bool) -> PunctuationPosition {
        if traditional {
            PunctuationPosition::Centred
        } else {
            PunctuationPosition::LowLeft
        }
    }
}

/// Which characters a [`FontSet`](super::FontSet) draws in their Traditional form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct GlyphForms {
    /// Whether characters take the Traditional face's shapes (the 繁體 rendition).
    pub traditional_shapes: bool,
    /// Where the positioned marks sit; this alone decides their form, in any rendition.
    pub punctuation: PunctuationPosition,
    /// Whether text is set in columns, in the characters' vertical forms
    /// ([`super::vertical`]).
    pub writing: WritingMode,
}

impl GlyphForms {
    /// The main face throughout: Simplified shapes, low-left marks.
    pub const MAIN: GlyphForms = GlyphForms {
        traditional_shapes: false,
        punctuation: PunctuationPosition::LowLeft,
        writing: WritingMode::Horizontal,
    };

    /// The forms of a rendition: Traditional shapes for 繁體 (`traditional`), and the marks
    /// where `punctuation` says.
    pub const fn new(traditional: bool, punctuation: PunctuationPosition) -> GlyphForms {
        GlyphForms {
            traditional_shapes: traditional,
            punctuation,
            writing: WritingMode::Horizontal,
        }
    }

    /// The same forms, for text set `writing`.
    pub const fn written(self, writing: WritingMode) -> GlyphForms {
        GlyphForms { writing, ..self }
    }

    /// Whether `c` keeps its Traditional form in a column rather than take its vertical
    /// one: 。，、． set centred stay centred, as TC books set them in columns too.
    #[inline]
    pub fn keeps_centred_mark(self, c: char) -> bool {
        self.punctuation == PunctuationPosition::Centred && matches!(c, '。' | '，' | '、' | '．')
    }

    /// Whether `c` is drawn in its Traditional form.
    #[inline]
    pub fn wants_traditional(self, c: char) -> bool {
        if is_positioned_mark(c) {
            self.punctuation == PunctuationPosition::Centred
        } else {
            self.traditional_shapes
        }
    }

    /// Whether any character is drawn in its Traditional form (else the lookup is skipped).
    #[inline]
    pub fn any_traditional(self) -> bool {
        self.traditional_shapes || self.punctuation == PunctuationPosition::Centred
    }
}

/// Whether `c` is one of the marks whose position the setting chooses.
#[inline]
pub fn is_positioned_mark(c: char) -> bool {
    // The same set as wire::forms::PUNCTUATION, as a match the compiler turns into compares.
    matches!(c, '。' | '，' | '、' | '；' | '：' | '！' | '？' | '．')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::wire;

    #[test]
    fn the_positioned_marks_are_the_wires() {
        for c in wire::forms::PUNCTUATION {
            assert!(is_positioned_mark(c), "{c}");
        }
        let count = (0..0x11_0000)
            .filter_map(char::from_u32)
            .filter(|&c| is_positioned_mark(c))
            .count();
        assert_eq!(count, wire::forms::PUNCTUATION.len());
    }

    #[test]
    fn marks_follow_the_punctuation_setting_and_the_rest_the_rendition() {
        let centred = PunctuationPosition::Centred;
        let low_left = PunctuationPosition::LowLeft;
        let hant_low_left = GlyphForms::new(true, low_left);
        assert!(hant_low_left.wants_traditional('國'));
        assert!(!hant_low_left.wants_traditional('。'));
        let hans_centred = GlyphForms::new(false, centred);
        assert!(!hans_centred.wants_traditional('国'));
        assert!(hans_centred.wants_traditional('，'));
        // Brackets and quotes are alike in both faces: they go with the shapes.
        assert!(!hans_centred.wants_traditional('」'));
        assert!(!GlyphForms::MAIN.any_traditional());
        assert!(hans_centred.any_traditional() && hant_low_left.any_traditional());
        assert_eq!(PunctuationPosition::default_for(true), centred);
        assert_eq!(PunctuationPosition::default_for(false), low_left);
    }
}
