//! Lines as the breaker delivers them, and the [`LineSink`] that receives them.
//!
//! One breaker feeds every consumer through [`LineSink`]: the pager measures with
//! [`NullSink`], the renderer draws, and text export collects strings, so what is measured is
//! what is drawn.

use super::metrics::TextStyle;
use crate::Position;

/// One line: where it starts and ends in the text, and how it sits.
///
/// Horizontal values are px from the left edge of the content box; vertical ones px from the
/// top of the page's content box.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LineInfo {
    /// The position of the line's first character.
    pub start: Position,
    /// The position just after the line's last character, in the same block (its `offset` may
    /// be the block's length). Spaces a break consumed lie inside `start..end` but get no glyph.
    pub end: Position,
    /// The style of the whole line.
    pub style: TextStyle,
    /// The first-line indent in px (2 em of a paragraph's first line, else 0).
    pub indent: u16,
    /// The right edge of the line's last glyph. A justified line reaches the measure exactly;
    /// a hanging mark reaches up to ½ em past it.
    pub width: u16,
    /// How many glyphs follow in [`LineSink::glyph`] calls.
    pub glyph_count: u16,
    /// Whether the line starts its block.
    pub first_in_block: bool,
    /// Whether the line ends its block.
    pub last_in_block: bool,
    /// Whether the gaps of the line were widened to reach the right margin.
    pub justified: bool,
    /// Whether the line's last glyph hangs past the right margin.
    pub hanging: bool,
    /// Space above the line when it follows another line on a page (a heading's space before).
    pub space_before: u16,
    /// The line's pitch: the line takes `top..top + height`.
    pub height: u16,
    /// The baseline's distance below `top`.
    pub baseline: u16,
    /// The top of the line on its page; 0 for a line broken outside a page.
    pub top: u16,
}

/// One character placed on a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PlacedGlyph {
    /// The character.
    pub c: char,
    /// Its id in the library, if the source gave one (see [`SourceChar`](super::SourceChar)).
    pub id: Option<u16>,
    /// Its offset in the block.
    pub offset: u16,
    /// The pen position to draw it at, px from the left edge of the content box. It already
    /// includes the indent, R5's ¼ em and the justification gaps; nothing is inserted in the
    /// text for them.
    pub x: i16,
    /// The width it occupies: its advance, or ½ em when push-in compressed it (the blank part
    /// of its em is given up; the glyph itself is drawn unchanged).
    pub width: u8,
    /// Pixels to add to `x` when drawing the glyph: 0, except for a compressed mark whose ink
    /// would reach past the width it keeps (a centred 。), which moves left so that its ink
    /// sits inside `x..x + width` (see [`Fonts::ink_columns`](super::Fonts::ink_columns)).
    pub ink_shift: i8,
    /// The style to draw it in.
    pub style: TextStyle,
    /// Whether it is emphasized.
    pub emphasized: bool,
}

/// Receives lines from the line breaker: first [`LineSink::line`], then one
/// [`LineSink::glyph`] for each of [`LineInfo::glyph_count`] glyphs, left to right.
pub trait LineSink {
    /// A line begins.
    fn line(&mut self, line: &LineInfo);

    /// The next glyph of the current line.
    fn glyph(&mut self, glyph: &PlacedGlyph);

    /// Whether this sink looks at glyphs at all; a sink that only measures says `false` and
    /// the breaker skips placing them.
    fn wants_glyphs(&self) -> bool {
        true
    }
}

/// A sink that discards everything: for measuring.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NullSink;

impl LineSink for NullSink {
    fn line(&mut self, _line: &LineInfo) {}

    fn glyph(&mut self, _glyph: &PlacedGlyph) {}

    fn wants_glyphs(&self) -> bool {
        false
    }
}

impl<K: LineSink + ?Sized> LineSink for &mut K {
    fn line(&mut self, line: &LineInfo) {
        (**self).line(line);
    }

    fn glyph(&mut self, glyph: &PlacedGlyph) {
        (**self).glyph(glyph);
    }

    fn wants_glyphs(&self) -> bool {
        (**self).wants_glyphs()
    }
}

#[cfg(feature = "std")]
pub use export::{LineRecorder, TextExport};

#[cfg(feature = "std")]
mod export {
    use super::{LineInfo, LineSink, PlacedGlyph};
    use std::string::String;
    use std::vec::Vec;

    /// Collects each line as a string, its 2-em indent written as two U+3000 (`std` only).
    ///
    /// Consumed spaces and R5's ¼ em are not in the strings: they are space, not text.
    #[derive(Clone, Debug, Default, PartialEq, Eq)]
    pub struct TextExport {
        /// One string per line, in order.
        pub lines: Vec<String>,
    }

    impl LineSink for TextExport {
        fn line(&mut self, line: &LineInfo) {
            let indent = if line.indent > 0 {
                "\u{3000}\u{3000}"
            } else {
                ""
            };
            self.lines.push(String::from(indent));
        }

        fn glyph(&mut self, glyph: &PlacedGlyph) {
            if let Some(line) = self.lines.last_mut() {
                line.push(glyph.c);
            }
        }
    }

    /// Records every line with its glyphs, for tests and page dumps (`std` only).
    #[derive(Clone, Debug, Default, PartialEq, Eq)]
    pub struct LineRecorder {
        /// Each line and its glyphs, in order.
        pub lines: Vec<(LineInfo, Vec<PlacedGlyph>)>,
    }

    impl LineRecorder {
        /// The text of line `index` (glyphs only, no indent).
        pub fn text(&self, index: usize) -> String {
            self.lines
                .get(index)
                .map(|(_, glyphs)| glyphs.iter().map(|glyph| glyph.c).collect())
                .unwrap_or_default()
        }
    }

    impl LineSink for LineRecorder {
        fn line(&mut self, line: &LineInfo) {
            self.lines.push((*line, Vec::new()));
        }

        fn glyph(&mut self, glyph: &PlacedGlyph) {
            if let Some((_, glyphs)) = self.lines.last_mut() {
                glyphs.push(*glyph);
            }
        }
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;

    fn glyph(c: char, x: i16) -> PlacedGlyph {
        PlacedGlyph {
            c,
            id: None,
            offset: 0,
            x,
            width: 16,
            ink_shift: 0,
            style: TextStyle::Body,
            emphasized: false,
        }
    }

    #[test]
    fn text_export_writes_the_indent_as_ideographic_spaces() {
        let mut export = TextExport::default();
        let first = LineInfo {
            indent: 32,
            ..LineInfo::default()
        };
        export.line(&first);
        export.glyph(&glyph('目', 32));
        export.glyph(&glyph('前', 48));
        export.line(&LineInfo::default());
        export.glyph(&glyph('，', 0));
        assert_eq!(export.lines, ["\u{3000}\u{3000}目前", "，"]);
    }

    #[test]
    fn sinks_pass_through_references() {
        fn feed<K: LineSink>(mut sink: K) -> bool {
            sink.line(&LineInfo::default());
            sink.glyph(&glyph('中', 0));
            sink.wants_glyphs()
        }
        let mut recorder = LineRecorder::default();
        assert!(feed(&mut recorder));
        assert_eq!(recorder.text(0), "中");
        assert!(!feed(NullSink));
    }
}
