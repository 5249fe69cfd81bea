//! Vertical text (直排, TYPOGRAPHY.md R6): which way a book is set, and how each character
//! stands in a column.
//!
//! In a column, Chinese characters, kana, full-width forms and the symbols used among them
//! stand upright in a cell one em tall; Latin letters, digits and the other proportional
//! characters lie turned 90° clockwise, so that a Latin word reads downwards. Brackets,
//! quotes, dashes and ellipses are upright too, in the vertical forms the face provides
//! ([`Library::vertical_record`](crate::format::Library::vertical_record)).

use serde::{Deserialize, Serialize};

/// Which way lines run (排版).
///
/// Its variant index is its encoding in saved state, so the order must never change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WritingMode {
    /// 横排: lines left to right, stacked top to bottom.
    #[default]
    Horizontal,
    /// 直排: columns top to bottom, filled right to left.
    Vertical,
}

impl WritingMode {
    /// Whether lines are columns.
    pub const fn is_vertical(self) -> bool {
        matches!(self, WritingMode::Vertical)
    }

    /// The layout box of a `width` × `height` text area, as (measure, depth): the area itself
    /// for lines; turned a quarter for columns, whose measure is the area's height and which
    /// stack across its width (the renderer lays them from the right).
    pub const fn layout_box(self, width: u16, height: u16) -> (u16, u16) {
        match self {
            WritingMode::Horizontal => (width, height),
            WritingMode::Vertical => (height, width),
        }
    }
}

/// Whether `c` stands upright in a vertical column (else it lies turned clockwise).
///
/// The blocks of Unicode's Vertical_Orientation (UAX #50) whose characters are upright (U, or
/// Tu/Tr with a vertical form in the face) that Chinese text uses, and the Latin-1 signs that
/// are upright among them (§ © ® ° ± ¼ ½ ¾ × ÷). Everything else, Latin, Greek and Cyrillic
/// letters, digits, ASCII punctuation, arrows, is turned.
#[inline]
pub fn is_upright(c: char) -> bool {
    matches!(
        c,
        '\u{3000}'..='\u{9FFF}'
            | '\u{1100}'..='\u{11FF}'
            | '\u{2E80}'..='\u{2FFF}'
            | '\u{A000}'..='\u{A4CF}'
            | '\u{AC00}'..='\u{D7AF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FE10}'..='\u{FE1F}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FF01}'..='\u{FF60}'
            | '\u{FFE0}'..='\u{FFE6}'
            | '\u{20000}'..='\u{3FFFF}'
            | '\u{2100}'..='\u{214F}'
            | '\u{2160}'..='\u{217F}'
            | '\u{2460}'..='\u{24FF}'
            | '\u{25A0}'..='\u{27BF}'
            | '\u{203B}'
            | '\u{2020}'
            | '\u{2021}'
            | '§'
            | '©'
            | '®'
            | '°'
            | '±'
            | '¼'..='¾'
            | '×'
            | '÷'
    )
}

/// Whether `c` is a CJK ideograph of the basic and first extension blocks: never a vertical
/// form, so the vertical-form lookup is skipped for the characters that make up most text.
#[inline]
pub(crate) fn is_common_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_stands_and_latin_lies() {
        for c in "中國あア한，。、「」『』（）《》〈〉【】：；！？％０１ＡＺ※℃①○§×".chars()
        {
            assert!(is_upright(c), "{c} stands upright");
        }
        for c in "AZaz09.,;:!?()[]-–—…‥·'\"/→αЖ".chars() {
            assert!(!is_upright(c), "{c} is turned");
        }
    }

    #[test]
    fn the_fast_path_only_skips_ideographs() {
        assert!(is_common_ideograph('中') && is_common_ideograph('㐀'));
        assert!(!is_common_ideograph('「') && !is_common_ideograph('。'));
        assert!(!is_common_ideograph('—') && !is_common_ideograph('ー'));
    }
}
