//! The fonts a layout is set in: the library's glyph store at the sizes chosen for body text
//! and headings.

use core::cell::Cell;

use super::forms::GlyphForms;
use super::vertical::{is_common_ideograph, is_upright};
use crate::format::{Font, Library};
use crate::glyphs::Glyph;
use crate::layout::{Fonts, LineBox, SourceChar, TextStyle};

/// The library's fonts for one body size: body text at that size, level-3 headings at the
/// next larger size the library has, level-2 headings at the one after. When the library has
/// no larger size (body at its largest), headings keep the largest size there is.
///
/// Glyphs are stored by id. Text from the library comes with its ids ([`SourceChar`]), which
/// are used as they are once checked against the character table; for other text, a small
/// direct-mapped cache of recent character → id lookups saves the binary search for the
/// characters it repeats.
///
/// Which form of a character is drawn, its main (SC) one or its Traditional (TC) one, is the
/// set's [`GlyphForms`] (the main face's unless [`FontSet::with_forms`] says otherwise). The
/// layout measures through the same set, so what is measured is what is drawn.
#[derive(Clone, Debug)]
pub struct FontSet<'a> {
    library: Library<'a>,
    body: Font<'a>,
    heading3: Font<'a>,
    heading2: Font<'a>,
    forms: GlyphForms,
    recent: [Cell<CacheEntry>; CACHE_SLOTS],
}

/// Slots of the character → id cache (8 bytes each).
const CACHE_SLOTS: usize = 128;

/// A cached lookup: the character (as u32; `u32::MAX` when empty) and its id or `NONE`.
#[derive(Clone, Copy, Debug)]
struct CacheEntry {
    c: u32,
    id: u16,
}

const EMPTY: CacheEntry = CacheEntry { c: u32::MAX, id: 0 };
/// The cached answer "the library has no such character".
const NONE: u16 = u16::MAX;

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
            forms: GlyphForms::MAIN,
            recent: [const { Cell::new(EMPTY) }; CACHE_SLOTS],
        })
    }

    /// The same fonts, drawing each character in the form `forms` chooses. A library without
    /// Traditional forms draws every character in its main form whatever `forms` says.
    pub fn with_forms(self, forms: GlyphForms) -> Self {
        FontSet { forms, ..self }
    }

    /// Which forms the characters are drawn in.
    pub fn forms(&self) -> GlyphForms {
        self.forms
    }

    /// The glyph record `c`, of id `id`, is drawn with in any [`Font`] of the library: in a
    /// column its vertical form's, if it has one; else its Traditional form's where the
    /// forms want that; else the id itself.
    #[inline]
    pub fn record(&self, c: char, id: u16) -> u16 {
        if self.forms.writing.is_vertical() {
            if let Some(record) = self.vertical_form(c, id) {
                return record;
            }
        }
        self.line_record(c, id)
    }

    /// The glyph record `c`, of id `id`, is drawn with in a horizontal line whatever the
    /// writing mode (a title in the status line): its Traditional form's where the forms
    /// want that, else the id itself.
    #[inline]
    pub fn line_record(&self, c: char, id: u16) -> u16 {
        if self.forms.any_traditional() && self.forms.wants_traditional(c) {
            self.library.traditional_record(id)
        } else {
            id
        }
    }

    /// The record of the vertical form of `c` (id `id`), if it takes one.
    #[inline]
    fn vertical_form(&self, c: char, id: u16) -> Option<u16> {
        if is_common_ideograph(c) || self.forms.keeps_centred_mark(c) {
            return None;
        }
        let record = self.library.vertical_record(id);
        (record != id).then_some(record)
    }

    /// How `c` (id `id`) is set in a column: its glyph record, and whether it stands upright
    /// (the upright characters of [`is_upright`], and every character drawn in its vertical
    /// form) or lies turned clockwise. One vertical-form lookup, none for an ideograph.
    #[inline]
    fn in_column(&self, c: char, id: u16) -> (u16, bool) {
        if is_common_ideograph(c) {
            return (self.line_record(c, id), true);
        }
        match self.vertical_form(c, id) {
            Some(record) => (record, true),
            None => (self.line_record(c, id), is_upright(c)),
        }
    }

    /// The glyph of `ch` in `style` as a column sets it, and whether it stands upright (else
    /// it is drawn turned clockwise).
    #[inline]
    pub fn column_glyph(&self, style: TextStyle, ch: SourceChar) -> Option<(Glyph<'a>, bool)> {
        let id = self.id(ch)?;
        let (record, upright) = self.in_column(ch.c, id);
        let glyph = self.font_ref(style).form_glyph(record, id)?;
        Some((glyph, upright))
    }

    /// The id of `c`: from the cache, else by the library's binary search.
    ///
    /// Never inlined: text from the library comes with its ids, and keeping the search out of
    /// line keeps [`FontSet::id`]'s usual path short.
    #[inline(never)]
    pub fn id_of(&self, c: char) -> Option<u16> {
        let code = u32::from(c);
        let slot = self.recent.get(code as usize % CACHE_SLOTS)?;
        let entry = slot.get();
        if entry.c == code {
            return (entry.id != NONE).then_some(entry.id);
        }
        let id = self.library.id_of(c);
        slot.set(CacheEntry {
            c: code,
            id: id.unwrap_or(NONE),
        });
        id
    }

    /// The id of `ch`: the id it came with if that stands for its character in this
    /// library (a few loads), else the id of the character ([`FontSet::id_of`]).
    #[inline]
    pub fn id(&self, ch: SourceChar) -> Option<u16> {
        match ch.id {
            Some(id) if self.library.chars().holds(id, ch.c) => Some(id),
            _ => self.id_of(ch.c),
        }
    }

    /// The library the fonts come from.
    pub fn library(&self) -> &Library<'a> {
        &self.library
    }

    /// The font `style` is set in.
    pub fn font(&self, style: TextStyle) -> Font<'a> {
        *self.font_ref(style)
    }

    /// The font `style` is set in, not copied (a font is 40 bytes on the host).
    #[inline]
    fn font_ref(&self, style: TextStyle) -> &Font<'a> {
        match style {
            TextStyle::Body => &self.body,
            TextStyle::Heading3 => &self.heading3,
            TextStyle::Heading2 => &self.heading2,
        }
    }

    /// The glyph of `c` in `style`, in its form, if the library has one.
    pub fn glyph(&self, style: TextStyle, c: char) -> Option<Glyph<'a>> {
        let id = self.id_of(c)?;
        self.font(style).form_glyph(self.record(c, id), id)
    }

    /// The glyph of `ch` in `style`, in its form, found by its id if it has a valid one.
    #[inline]
    pub fn glyph_of(&self, style: TextStyle, ch: SourceChar) -> Option<Glyph<'a>> {
        let id = self.id(ch)?;
        self.font_ref(style).form_glyph(self.record(ch.c, id), id)
    }
}

impl Fonts for FontSet<'_> {
    fn size(&self, style: TextStyle) -> u8 {
        self.font(style).size()
    }

    fn advance(&self, style: TextStyle, c: char) -> u8 {
        self.advance_of(style, SourceChar::new(c))
    }

    /// In a line, the glyph's advance. In a column, an upright character takes one em (the
    /// vertical advance CJK faces give every glyph), a turned one its advance.
    #[inline]
    fn advance_of(&self, style: TextStyle, ch: SourceChar) -> u8 {
        let font = self.font_ref(style);
        let Some(id) = self.id(ch) else {
            return 0;
        };
        if !self.forms.writing.is_vertical() {
            return font.advance(self.line_record(ch.c, id));
        }
        let (record, upright) = self.in_column(ch.c, id);
        match font.advance(record) {
            0 => 0,
            _ if upright => font.size(),
            advance => advance,
        }
    }

    /// Along a line, the glyph's ink columns from its pen position; along a column, for an
    /// upright glyph, its ink rows from the top of its cell.
    fn ink_columns(&self, style: TextStyle, ch: SourceChar) -> Option<(i16, i16)> {
        if !self.forms.writing.is_vertical() {
            let glyph = self.glyph_of(style, ch)?;
            let left = i16::from(glyph.left);
            return Some((left, left + i16::from(glyph.width)));
        }
        let (glyph, upright) = self.column_glyph(style, ch)?;
        let (start, length) = if upright {
            let origin = i16::from(self.font_ref(style).vertical_origin());
            (origin - i16::from(glyph.top), glyph.height)
        } else {
            (i16::from(glyph.left), glyph.width)
        };
        Some((start, start + i16::from(length)))
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
        // The cache answers as the library does, also for a character it has no id for and
        // for characters that share a cache slot.
        for c in [
            '哈',
            '\u{E000}',
            '哈',
            char::from_u32(u32::from('哈') + 128).unwrap(),
        ] {
            assert_eq!(fonts.id_of(c), library.id_of(c), "{c}");
            assert_eq!(fonts.id_of(c), library.id_of(c), "{c} again");
        }
        let line_box = fonts.line_box(TextStyle::Body);
        assert!(line_box.height() >= 20);
    }

    #[test]
    fn in_a_column_marks_take_their_vertical_forms_and_latin_lies_turned() {
        use crate::glyphs::{PunctuationPosition, WritingMode};
        let library = Library::builtin().unwrap();
        let vertical = GlyphForms::MAIN.written(WritingMode::Vertical);
        let fonts = FontSet::new(library, 16).unwrap().with_forms(vertical);
        let lines = FontSet::new(library, 16).unwrap();
        fn column<'a>(fonts: &FontSet<'a>, c: char) -> Option<(Glyph<'a>, bool)> {
            fonts.column_glyph(TextStyle::Body, SourceChar::new(c))
        }
        let line = |c| lines.glyph(TextStyle::Body, c);
        // An ideograph stands as it is drawn in a line; a bracket stands in another form.
        assert_eq!(column(&fonts, '中'), line('中').map(|g| (g, true)));
        let (bracket, upright) = column(&fonts, '「').unwrap();
        assert!(upright && Some(bracket) != line('「'));
        // Latin lies turned, in its line glyph; every upright character advances one em.
        assert_eq!(column(&fonts, 'A'), line('A').map(|g| (g, false)));
        assert_eq!(fonts.advance(TextStyle::Body, '「'), 16);
        assert_eq!(
            fonts.advance(TextStyle::Body, 'A'),
            lines.advance(TextStyle::Body, 'A')
        );
        // Centred marks stay the TC face's centred ones in a column too.
        let centred = FontSet::new(library, 16).unwrap().with_forms(
            GlyphForms::new(false, PunctuationPosition::Centred).written(WritingMode::Vertical),
        );
        let tc = FontSet::new(library, 16)
            .unwrap()
            .with_forms(GlyphForms::new(false, PunctuationPosition::Centred));
        assert_eq!(
            column(&centred, '。').map(|(g, _)| g),
            tc.glyph(TextStyle::Body, '。')
        );
        assert_ne!(column(&fonts, '。').map(|(g, _)| g), line('。'));
    }

    #[test]
    fn an_id_that_comes_with_a_character_is_used_only_if_it_stands_for_it() {
        let library = Library::builtin().unwrap();
        let fonts = FontSet::new(library, 16).unwrap();
        let ha = library.id_of('哈').unwrap();
        let zhong = library.id_of('中').unwrap();
        let with = |c, id| SourceChar { c, id: Some(id) };
        assert_eq!(fonts.id(with('哈', ha)), Some(ha));
        assert_eq!(fonts.id(SourceChar::new('哈')), Some(ha));
        // Another character's id, or one past the table, is not trusted.
        assert_eq!(fonts.id(with('哈', zhong)), Some(ha));
        assert_eq!(fonts.id(with('哈', u16::MAX)), Some(ha));
        assert_eq!(fonts.id(with('\u{E000}', zhong)), None);
        assert_eq!(
            fonts.advance_of(TextStyle::Body, with('1', zhong)),
            fonts.advance(TextStyle::Body, '1')
        );
        let glyph = fonts.glyph_of(TextStyle::Body, with('哈', zhong));
        assert_eq!(glyph, fonts.glyph(TextStyle::Body, '哈'));
        assert!(glyph.is_some());
    }
}
