//! Font metrics the layout needs: sizes, advances and line boxes, per text style.
//!
//! Widths come from the glyph metrics of the font that will draw them, never from an em guess:
//! what is measured is what is drawn. The glyph store implements [`Fonts`] on the device;
//! [`FixedMetrics`] is a simple stand-in for tests.

use super::source::SourceChar;
use crate::format::BlockKind;

/// The styles text is set in. The metrics provider chooses their sizes; headings are larger
/// than body text, and level 2 is larger than level 3.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TextStyle {
    /// Paragraphs, meta lines, notes and list items.
    #[default]
    Body,
    /// Level-2 section headings.
    Heading2,
    /// Level-3 section headings.
    Heading3,
}

impl TextStyle {
    /// The style a block of kind `kind` is set in.
    pub fn of(kind: BlockKind) -> TextStyle {
        match kind {
            BlockKind::Heading2 => TextStyle::Heading2,
            BlockKind::Heading3 => TextStyle::Heading3,
            _ => TextStyle::Body,
        }
    }

    /// Whether this is a heading style.
    pub fn is_heading(self) -> bool {
        !matches!(self, TextStyle::Body)
    }
}

/// How far a style's glyphs reach above and below the baseline, in px.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LineBox {
    /// Pixels above the baseline.
    pub ascent: u8,
    /// Pixels below the baseline.
    pub descent: u8,
}

impl LineBox {
    /// Ascent plus descent.
    pub fn height(self) -> u16 {
        u16::from(self.ascent) + u16::from(self.descent)
    }
}

/// The metrics of the fonts text is drawn with.
pub trait Fonts {
    /// The em size of `style` in px: the unit of indents, compression and line spacing.
    fn size(&self, style: TextStyle) -> u8;

    /// How far the pen moves after drawing `c` in `style`, in px.
    fn advance(&self, style: TextStyle, c: char) -> u8;

    /// The advance of a character as the source yields it: [`Fonts::advance`] of its
    /// character, unless the fonts can use its id to find the glyph faster.
    fn advance_of(&self, style: TextStyle, ch: SourceChar) -> u8 {
        self.advance(style, ch.c)
    }

    /// How far `style`'s glyphs reach above and below the baseline.
    fn line_box(&self, style: TextStyle) -> LineBox;

    /// Where the ink of `ch` lies across the line, px from its pen position: its first column
    /// and the column after its last. Compression asks it of the marks it shrinks, so that
    /// their ink stays inside what they keep (a centred 。 keeps its ink in the middle of its
    /// ½ em, a low-left one in place). `None` (the default) when the fonts cannot say: the
    /// ink is then taken to lie where compression leaves it, in the mark's left half.
    fn ink_columns(&self, style: TextStyle, ch: SourceChar) -> Option<(i16, i16)> {
        let _ = (style, ch);
        None
    }
}

/// Test metrics: every ASCII character takes ½ em, everything else 1 em, like a CJK font with
/// half-width Latin. Ascent is ⅞ em and descent ⅛ em.
///
/// ```
/// use moye::layout::{FixedMetrics, Fonts, TextStyle};
///
/// let fonts = FixedMetrics::new(16);
/// assert_eq!(fonts.advance(TextStyle::Body, '中'), 16);
/// assert_eq!(fonts.advance(TextStyle::Body, '7'), 8);
/// assert!(fonts.size(TextStyle::Heading2) > fonts.size(TextStyle::Heading3));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FixedMetrics {
    /// Body em in px.
    pub body: u8,
    /// Level-2 heading em in px.
    pub heading2: u8,
    /// Level-3 heading em in px.
    pub heading3: u8,
}

impl FixedMetrics {
    /// Metrics with body em `body`, level-2 headings at 1.5 × and level-3 at 1.25 × that.
    pub const fn new(body: u8) -> Self {
        let body16 = body as u16;
        let heading2 = body16 * 3 / 2;
        let heading3 = body16 * 5 / 4;
        FixedMetrics {
            body,
            heading2: if heading2 > 255 { 255 } else { heading2 as u8 },
            heading3: if heading3 > 255 { 255 } else { heading3 as u8 },
        }
    }
}

impl Fonts for FixedMetrics {
    fn size(&self, style: TextStyle) -> u8 {
        match style {
            TextStyle::Body => self.body,
            TextStyle::Heading2 => self.heading2,
            TextStyle::Heading3 => self.heading3,
        }
    }

    fn advance(&self, style: TextStyle, c: char) -> u8 {
        let em = self.size(style);
        if c.is_ascii() {
            em / 2
        } else {
            em
        }
    }

    fn line_box(&self, style: TextStyle) -> LineBox {
        let em = self.size(style);
        LineBox {
            ascent: em - em / 8,
            descent: em / 8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_follow_block_kinds() {
        assert_eq!(TextStyle::of(BlockKind::Heading2), TextStyle::Heading2);
        assert_eq!(TextStyle::of(BlockKind::Heading3), TextStyle::Heading3);
        assert_eq!(TextStyle::of(BlockKind::Meta), TextStyle::Body);
        assert_eq!(TextStyle::of(BlockKind::Unknown(40)), TextStyle::Body);
        assert!(TextStyle::Heading3.is_heading() && !TextStyle::Body.is_heading());
    }

    #[test]
    fn fixed_metrics_line_box_is_one_em() {
        let fonts = FixedMetrics::new(20);
        assert_eq!(fonts.line_box(TextStyle::Body).height(), 20);
        assert_eq!(fonts.line_box(TextStyle::Heading2).height(), 30);
        assert_eq!(FixedMetrics::new(250).heading2, 255);
    }
}
