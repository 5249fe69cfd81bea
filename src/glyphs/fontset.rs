//! The fonts a layout is set in: the library's glyph store at the sizes chosen for body text
//! and headings.

use crate::format::{Font, Library};
use crate::glyphs::Glyph;
use crate::layout::{Fonts, LineBox, TextStyle};

/// The library's fonts for one body size: body text at that size, level-3 headings at the
/// next larger size the library has, level-2 headings at the one after. When the library has
/// no larger size (body at its largest), headings keep the largest size there is.
#[derive(Clone, Copy, Debug)]
pub struct FontSet<'a> {
    library: Library<'a>,
    body: Font<'a>,
    heading3: Font<'a>,
    heading2: Font<'a>,
}

impl<'a> FontSet<'a> {
    /// The fonts for body text of `body_size` px, or `None` if the library lacks that size.
    pub fn new(library: Library<'a>, body_size: u8) -> Option<Self> {
        let body = library.font(body_size)?;
        let larger = |than: Font<'a>| {
            library
                .fonts()
                .find(|font| font.size() > than.size())
                .unwrap_or(than)
        };
        let heading3 = larger(body);
        let heading2 = larger(heading3);
        Some(FontSet {
            library,
            body,
            heading3,
            heading2,
        })
    }

    /// The library the fonts come from.
    pub fn library(&self) -> &Library<'a> {
        &self.library
    }

    /// The font `style` is set in.
    pub fn font(&self, style: TextStyle) -> Font<'a> {
        match style {
            TextStyle::Body => self.body,
            TextStyle::Heading3 => self.heading3,
            TextStyle::Heading2 => self.heading2,
        }
    }

    /// The glyph of `c` in `style`, if the library has one.
    pub fn glyph(&self, style: TextStyle, c: char) -> Option<Glyph<'a>> {
        self.font(style).glyph(self.library.id_of(c)?)
    }
}

impl Fonts for FontSet<'_> {
    fn size(&self, style: TextStyle) -> u8 {
        self.font(style).size()
    }

    fn advance(&self, style: TextStyle, c: char) -> u8 {
        self.library
            .id_of(c)
            .map_or(0, |id| self.font(style).advance(id))
    }

    fn line_box(&self, style: TextStyle) -> LineBox {
        let font = self.font(style);
        LineBox {
            ascent: font.ascent(),
            descent: font.descent(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_set_larger_than_body_while_the_library_has_larger_sizes() {
        let library = Library::builtin().unwrap();
        let fonts = FontSet::new(library, 16).unwrap();
        assert_eq!(fonts.size(TextStyle::Body), 16);
        assert_eq!(fonts.size(TextStyle::Heading3), 20);
        assert_eq!(fonts.size(TextStyle::Heading2), 24);
        let largest = FontSet::new(library, 32).unwrap();
        assert_eq!(largest.size(TextStyle::Heading2), 32);
        assert!(FontSet::new(library, 17).is_none());
    }

    #[test]
    fn widths_come_from_the_glyph_metrics() {
        let library = Library::builtin().unwrap();
        let fonts = FontSet::new(library, 20).unwrap();
        assert_eq!(fonts.advance(TextStyle::Body, '哈'), 20);
        let digit = fonts.advance(TextStyle::Body, '1');
        assert!(
            digit > 0 && digit < 20,
            "a digit is narrower than an ideograph: {digit}"
        );
        assert_eq!(fonts.advance(TextStyle::Body, '\u{E000}'), 0);
        let line_box = fonts.line_box(TextStyle::Body);
        assert!(line_box.height() >= 20);
    }
}
