//! Layout parameters, and how each kind of block is set (TYPOGRAPHY.md R5).

use super::class::Prohibition;
use super::metrics::{Fonts, TextStyle};
use crate::format::BlockKind;

/// What a layout is asked to do: the page's content box and the reader's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LayoutParams {
    /// The measure: width of the page's content box in px (margins are the renderer's).
    pub width: u16,
    /// Height of the page's content box in px.
    pub height: u16,
    /// Line pitch as a percentage of the line's em (150 = 1.5 em from one line to the next).
    pub line_spacing: u16,
    /// Space before a heading as a percentage of the heading's em. Dropped at a page's top.
    pub heading_space: u16,
    /// How strictly R1 and R2 keep punctuation off line starts and ends.
    pub prohibition: Prohibition,
    /// Whether a single `、，。` may hang past the right margin (R4.4).
    pub hanging_punctuation: bool,
    /// 縦中横, for vertical text: whether a number of one or two digits stands upright in
    /// one cell, its digits side by side, rather than lying turned like a Latin word.
    pub upright_digit_pairs: bool,
}

impl LayoutParams {
    /// Default line spacing: 1.5 em, as the reader's settings default to.
    pub const DEFAULT_LINE_SPACING: u16 = 150;
    /// Default space before a heading: 1 em of the heading.
    pub const DEFAULT_HEADING_SPACE: u16 = 100;

    /// Parameters for a `width` × `height` px content box, with default settings: 1.5 em line
    /// spacing, 1 em before headings, GB-style prohibitions, no hanging punctuation.
    pub const fn new(width: u16, height: u16) -> Self {
        LayoutParams {
            width,
            height,
            line_spacing: Self::DEFAULT_LINE_SPACING,
            heading_space: Self::DEFAULT_HEADING_SPACE,
            prohibition: Prohibition::GbStyle,
            hanging_punctuation: false,
            upright_digit_pairs: false,
        }
    }

    /// The pitch of a line in `style`: its em times the line spacing, but never less than the
    /// font's line box, so that no glyph reaches out of its line.
    pub fn line_height<F: Fonts + ?Sized>(&self, fonts: &F, style: TextStyle) -> u16 {
        let pitch = u32::from(fonts.size(style)) * u32::from(self.line_spacing) / 100;
        let pitch = u16::try_from(pitch).unwrap_or(u16::MAX);
        pitch.max(fonts.line_box(style).height())
    }

    /// Where the baseline of a line in `style` sits below the line's top: the font's line box
    /// is centred in the line pitch.
    pub fn baseline<F: Fonts + ?Sized>(&self, fonts: &F, style: TextStyle) -> u16 {
        let line_box = fonts.line_box(style);
        let leading = self.line_height(fonts, style) - line_box.height();
        leading / 2 + u16::from(line_box.ascent)
    }

    /// The space before the first line of a block in `style` (headings only), unless that line
    /// tops a page or follows another heading.
    pub fn space_before<F: Fonts + ?Sized>(&self, fonts: &F, style: TextStyle) -> u16 {
        if style.is_heading() {
            let space = u32::from(fonts.size(style)) * u32::from(self.heading_space) / 100;
            u16::try_from(space).unwrap_or(u16::MAX)
        } else {
            0
        }
    }
}

/// How the lines of one kind of block are set.
///
/// Paragraphs: first line indented 2 em, every line but the last justified. Meta lines (bylines,
/// mastheads): not indented, otherwise like paragraphs. Headings: larger, own lines, not
/// indented, not justified, space before. Notes (citations, disclaimers), list items and
/// unknown kinds are set as paragraphs: they are prose, the text carries no bullet and the
/// layout never inserts characters, so the indent is what shows where an item starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BlockSetting {
    /// The text style of every line of the block.
    pub style: TextStyle,
    /// Whether the block's first line is indented 2 em.
    pub indent_first_line: bool,
    /// Whether every line but the last is justified flush to both margins.
    pub justify: bool,
}

impl BlockSetting {
    /// The setting of a block of kind `kind`.
    pub fn of(kind: BlockKind) -> BlockSetting {
        let style = TextStyle::of(kind);
        match kind {
            BlockKind::Heading2 | BlockKind::Heading3 => BlockSetting {
                style,
                indent_first_line: false,
                justify: false,
            },
            BlockKind::Meta => BlockSetting {
                style,
                indent_first_line: false,
                justify: true,
            },
            BlockKind::Paragraph
            | BlockKind::Note
            | BlockKind::ListItem
            | BlockKind::Unknown(_) => BlockSetting {
                style,
                indent_first_line: true,
                justify: true,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::FixedMetrics;

    #[test]
    fn line_heights_follow_the_em_and_spacing() {
        let fonts = FixedMetrics::new(16);
        let params = LayoutParams::new(300, 400);
        assert_eq!(params.line_height(&fonts, TextStyle::Body), 24);
        assert_eq!(params.line_height(&fonts, TextStyle::Heading2), 36);
        assert_eq!(params.baseline(&fonts, TextStyle::Body), 4 + 14);
        assert_eq!(params.space_before(&fonts, TextStyle::Heading3), 20);
        assert_eq!(params.space_before(&fonts, TextStyle::Body), 0);
        // Never tighter than the line box.
        let tight = LayoutParams {
            line_spacing: 50,
            ..params
        };
        assert_eq!(tight.line_height(&fonts, TextStyle::Body), 16);
    }

    #[test]
    fn block_settings() {
        assert!(BlockSetting::of(BlockKind::Paragraph).indent_first_line);
        assert!(!BlockSetting::of(BlockKind::Meta).indent_first_line);
        assert!(!BlockSetting::of(BlockKind::Heading2).justify);
        assert_eq!(
            BlockSetting::of(BlockKind::Heading3).style,
            TextStyle::Heading3
        );
        assert_eq!(
            BlockSetting::of(BlockKind::Note),
            BlockSetting::of(BlockKind::ListItem)
        );
    }
}
