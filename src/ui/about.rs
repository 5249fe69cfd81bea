//! How the about screen's licence text is cut into lines and pages.
//!
//! The licence is Latin text, drawn in a fixed-width chrome font, so wrapping is arithmetic on
//! character counts and needs no glyph metrics: [`LibraryBooks`](super::LibraryBooks) counts
//! the pages with it, and the screen drawer draws the same lines.

use embedded_graphics::mono_font::{iso_8859_1::FONT_6X10, MonoFont};
use embedded_graphics::prelude::{Point, Size};
use embedded_graphics::primitives::Rectangle;

use super::screen::OFL_TEXT;
use crate::persist::Orientation;
use crate::profile::Profile;

/// The chrome font of the licence text (ISO 8859-1, so `©` shows).
pub const ABOUT_FONT: MonoFont<'static> = FONT_6X10;
/// From one licence line to the next, in pixels.
pub const ABOUT_LINE_PITCH: u32 = 12;
/// The band at the top of each about page for its heading (关于, the version, the page).
pub const ABOUT_HEADER: u32 = 28;

/// Where the licence lines go on a device, and how many fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AboutLayout {
    /// The box the lines are drawn in, under the heading band.
    pub area: Rectangle,
    /// Characters per line.
    pub columns: usize,
    /// Lines per page.
    pub rows: usize,
}

impl AboutLayout {
    /// The layout on `profile` held in `orientation`: its text area less the heading band.
    pub fn new(profile: &Profile, orientation: Orientation) -> Self {
        let text = profile.text_area(orientation);
        let height = text.size.height.saturating_sub(ABOUT_HEADER);
        let area = Rectangle::new(
            text.top_left + Point::new(0, ABOUT_HEADER as i32),
            Size::new(text.size.width, height),
        );
        let glyph = ABOUT_FONT.character_size.width + ABOUT_FONT.character_spacing;
        AboutLayout {
            area,
            columns: (text.size.width / glyph.max(1)).max(1) as usize,
            rows: (height / ABOUT_LINE_PITCH).max(1) as usize,
        }
    }

    /// Every line of the licence text.
    pub fn lines(&self) -> WrappedLines<'static> {
        WrappedLines::new(OFL_TEXT, self.columns)
    }

    /// Pages the licence takes, at least 1.
    pub fn page_count(&self) -> u16 {
        let pages = self.lines().count().div_ceil(self.rows).max(1);
        u16::try_from(pages).unwrap_or(u16::MAX)
    }

    /// The lines of page `page`.
    pub fn page(&self, page: u16) -> impl Iterator<Item = &'static str> {
        self.lines()
            .skip(usize::from(page) * self.rows)
            .take(self.rows)
    }
}

/// Plain text wrapped at word boundaries into lines of at most `columns` characters.
///
/// A blank line separates paragraphs and is kept; the line breaks inside a paragraph are
/// spaces (the text is rewrapped), except before a line of dashes, which stays a rule of its
/// own, cut to the width. A word longer than a line is cut. Lines are slices of the text and
/// may hold a `'\n'` where a source line break became a space: draw it as a space.
#[derive(Clone, Debug)]
pub struct WrappedLines<'t> {
    rest: &'t str,
    columns: usize,
    /// A blank line is owed before the next paragraph.
    blank: bool,
}

impl<'t> WrappedLines<'t> {
    /// The lines of `text` at `columns` characters (at least one).
    pub fn new(text: &'t str, columns: usize) -> Self {
        WrappedLines {
            rest: text.trim_end(),
            columns: columns.max(1),
            blank: false,
        }
    }

    /// Skips the whitespace after a line: a paragraph break owes a blank line.
    fn skip_break(&mut self) {
        let trimmed = self.rest.trim_start_matches([' ', '\n']);
        let skipped = self.rest.len() - trimmed.len();
        let gap = self.rest.get(..skipped).unwrap_or("");
        self.blank = gap.matches('\n').count() >= 2 && !trimmed.is_empty();
        self.rest = trimmed;
    }
}

impl<'t> Iterator for WrappedLines<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        if self.blank {
            self.blank = false;
            return Some("");
        }
        if self.rest.is_empty() {
            return None;
        }
        let text = self.rest;
        // A rule of dashes is a line of its own, cut to the width.
        if text.starts_with("--") {
            let line_end = text.find('\n').unwrap_or(text.len());
            let cut = line_end.min(self.columns);
            self.rest = text.get(line_end..).unwrap_or("");
            self.skip_break();
            return text.get(..cut);
        }
        let mut end = text.len();
        let mut last_space = None;
        for (count, (at, c)) in text.char_indices().enumerate() {
            let breaks_here = c == '\n'
                && (text
                    .get(at + 1..)
                    .is_some_and(|next| next.starts_with('\n') || next.starts_with("--")));
            if breaks_here {
                end = at;
                break;
            }
            if count == self.columns {
                // Past the width: end at the last space, or cut a word longer than the line.
                end = if c == ' ' || c == '\n' {
                    at
                } else {
                    last_space.unwrap_or(at)
                };
                break;
            }
            if c == ' ' || c == '\n' {
                last_space = Some(at);
            }
        }
        let line = text
            .get(..end)
            .unwrap_or(text)
            .trim_end_matches([' ', '\n']);
        self.rest = text.get(end..).unwrap_or("");
        self.skip_break();
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{EPD29, PICO_EPD42, X4};

    extern crate std;
    use std::string::String;
    use std::vec::Vec;

    fn wrap(text: &str, columns: usize) -> Vec<String> {
        WrappedLines::new(text, columns)
            .map(|line| line.replace('\n', " "))
            .collect()
    }

    #[test]
    fn paragraphs_rewrap_at_spaces_and_keep_their_blank_lines() {
        let text = "The goals of the\nOpen Font License are\n\nPREAMBLE\n";
        assert_eq!(
            wrap(text, 12),
            [
                "The goals of",
                "the Open",
                "Font License",
                "are",
                "",
                "PREAMBLE"
            ]
        );
    }

    #[test]
    fn long_words_are_cut_and_rules_stay_alone() {
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(
            wrap("SIL LICENSE\n----------\n\nNext", 7),
            ["SIL", "LICENSE", "-------", "", "Next"]
        );
    }

    #[test]
    fn the_licence_fits_each_device_and_loses_no_character() {
        // Every character but spaces and the rule's dashes, in order (narrow panels cut words).
        let ink = |text: &str| -> String {
            text.split_whitespace()
                .filter(|w| !w.starts_with("--"))
                .collect()
        };
        let words = ink(OFL_TEXT);
        for profile in [PICO_EPD42, X4, EPD29] {
            for orientation in [Orientation::Portrait, Orientation::Landscape] {
                let layout = AboutLayout::new(&profile, orientation);
                let lines = wrap(OFL_TEXT, layout.columns);
                assert!(lines.iter().all(|l| l.chars().count() <= layout.columns));
                assert_eq!(
                    ink(&lines.join(" ")),
                    words,
                    "{} {orientation:?}",
                    profile.name
                );
                let pages = usize::from(layout.page_count());
                assert_eq!(pages, lines.len().div_ceil(layout.rows));
                let paged: usize = (0..pages as u16).map(|p| layout.page(p).count()).sum();
                assert_eq!(paged, lines.len());
            }
        }
    }
}
