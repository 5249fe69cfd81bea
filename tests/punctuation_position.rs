//! 标点位置 on the built-in library's glyphs: centred marks come from the Traditional face and
//! sit centred, low-left ones from the main face; and push-in's ½-em compression keeps every
//! mark's ink inside the width it keeps, clear of its neighbours, at every size and in both
//! styles (TYPOGRAPHY.md "Punctuation position", R4.1).

use moye::format::{BlockKind, Library};
use moye::glyphs::{FontSet, GlyphForms, PunctuationPosition};
use moye::layout::{
    Fonts, LayoutParams, LineBreaker, LineRecorder, PlacedGlyph, SourceChar, StrSource, TextStyle,
};
use moye::Position;

/// The marks whose position the setting chooses (the wire's list).
const MARKS: [char; 8] = moye::format::wire::forms::PUNCTUATION;

fn every_style() -> [GlyphForms; 4] {
    let (centred, low_left) = (PunctuationPosition::Centred, PunctuationPosition::LowLeft);
    [
        GlyphForms::new(false, low_left),
        GlyphForms::new(false, centred),
        GlyphForms::new(true, centred),
        GlyphForms::new(true, low_left),
    ]
}

/// The ink columns of `glyph` as drawn: from its cell's pen position, shifted.
fn drawn_ink(fonts: &FontSet<'_>, glyph: &PlacedGlyph) -> Option<(i32, i32)> {
    let ch = SourceChar {
        c: glyph.c,
        id: glyph.id,
    };
    let bitmap = fonts.glyph_of(glyph.style, ch)?;
    if bitmap.width == 0 {
        return None;
    }
    let left = i32::from(glyph.x) + i32::from(glyph.ink_shift) + i32::from(bitmap.left);
    Some((left, left + i32::from(bitmap.width)))
}

#[test]
fn centred_marks_are_centred_and_low_left_ones_in_the_left_half_at_every_size() {
    let library = Library::builtin().unwrap();
    for font in library.fonts() {
        let size = font.size();
        let em = i32::from(size);
        let fonts = |punctuation| {
            FontSet::new(library, size)
                .unwrap()
                .with_forms(GlyphForms::new(false, punctuation))
        };
        let (centred, low_left) = (
            fonts(PunctuationPosition::Centred),
            fonts(PunctuationPosition::LowLeft),
        );
        for mark in ['。', '，', '、'] {
            let c = centred.glyph(TextStyle::Body, mark).unwrap();
            let l = low_left.glyph(TextStyle::Body, mark).unwrap();
            assert_eq!((c.advance, l.advance), (size, size), "{mark} at {size} px");
            let (c_left, c_right) = (i32::from(c.left), i32::from(c.left) + i32::from(c.width));
            let (l_left, l_right) = (i32::from(l.left), i32::from(l.left) + i32::from(l.width));
            // Centred: as much blank on either side, give or take a pixel of hinting.
            assert!(
                (c_left - (em - c_right)).abs() <= 1,
                "centred {mark} at {size} px: ink {c_left}..{c_right}"
            );
            // Low-left: all ink in the left half, and lower than the centred mark's.
            assert!(
                l_left >= 0 && l_right <= em / 2 + 1,
                "low-left {mark} at {size} px: ink {l_left}..{l_right}"
            );
            assert!(l.top < c.top, "low-left {mark} at {size} px sits lower");
        }
    }
}

/// The glyph of `c` at `size` px as the font file at `path` (from `fonts/`) rasterizes it.
fn rasterized(path: &str, size: u8, c: char) -> moye_compiler::raster::Bitmap {
    let path = format!("{}/fonts/{path}", env!("CARGO_MANIFEST_DIR"));
    let data = std::fs::read(path).unwrap();
    let face = moye_compiler::raster::Rasterizer::new(&data).unwrap();
    let sized = face.at_size(size).unwrap();
    sized.glyph(c).unwrap()
}

/// Whether the library's `glyph` is `bitmap`.
fn is(glyph: Option<moye::glyphs::Glyph<'_>>, bitmap: &moye_compiler::raster::Bitmap) -> bool {
    glyph.is_some_and(|g| {
        (g.width, g.height, g.left, g.top, g.advance, g.bits)
            == (
                bitmap.width,
                bitmap.height,
                bitmap.left,
                bitmap.top,
                bitmap.advance,
                bitmap.packed().as_slice(),
            )
    })
}

const SC: &str = "NotoSansCJKsc-Regular.otf";
const TC: &str = "NotoSansCJKtc-Regular.otf";

#[test]
fn the_traditional_rendition_draws_the_tc_faces_glyphs_and_simplified_text_the_scs() {
    let library = Library::builtin().unwrap();
    let size = 24;
    let hant = FontSet::new(library, size)
        .unwrap()
        .with_forms(GlyphForms::new(true, PunctuationPosition::Centred));
    let hans = FontSet::new(library, size).unwrap();
    // 過 (辶 differs) is a Traditional character: its one glyph is the TC face's, in any forms.
    let guo = '過';
    assert!(is(
        hant.glyph(TextStyle::Body, guo),
        &rasterized(TC, size, guo)
    ));
    assert!(!is(
        hant.glyph(TextStyle::Body, guo),
        &rasterized(SC, size, guo)
    ));
    // 这 is Simplified text's: the SC face's glyph.
    let zhe = '这';
    assert!(is(
        hans.glyph(TextStyle::Body, zhe),
        &rasterized(SC, size, zhe)
    ));
    // A character both scripts write alike but the faces draw otherwise has two records:
    // the SC glyph for 简体, the TC one for 繁體.
    let shared: Vec<char> = (0..library.chars().len())
        .filter(|&id| library.traditional_record(id) != id)
        .filter_map(|id| library.chars().get(id))
        .collect();
    assert_eq!(shared.len(), library.traditional_variant_count());
    let c = *shared.iter().find(|c| !MARKS.contains(c)).unwrap();
    assert!(
        is(hans.glyph(TextStyle::Body, c), &rasterized(SC, size, c)),
        "{c}"
    );
    assert!(
        is(hant.glyph(TextStyle::Body, c), &rasterized(TC, size, c)),
        "{c}"
    );
    // Brackets are alike in both faces, so they keep one record.
    let bracket = library.id_of('」').unwrap();
    assert_eq!(library.traditional_record(bracket), bracket);
    // Every mark present has both forms, whatever the text.
    for mark in MARKS.into_iter().filter(|&m| library.id_of(m).is_some()) {
        let centred = FontSet::new(library, size)
            .unwrap()
            .with_forms(GlyphForms::new(false, PunctuationPosition::Centred));
        assert!(is(
            centred.glyph(TextStyle::Body, mark),
            &rasterized(TC, size, mark)
        ));
        let low_left = FontSet::new(library, size)
            .unwrap()
            .with_forms(GlyphForms::new(true, PunctuationPosition::LowLeft));
        assert!(is(
            low_left.glyph(TextStyle::Body, mark),
            &rasterized(SC, size, mark)
        ));
    }
}

#[test]
fn a_variant_the_faces_draw_alike_at_one_size_draws_the_main_glyph_there() {
    // A character with a Traditional variant record at every size, at a size where the two
    // faces rasterize it alike: that record stores no bitmap and draws the main glyph, which
    // is then the TC face's glyph too.
    let library = Library::builtin().unwrap();
    let mut alike = 0;
    for font in library.fonts() {
        let size = font.size();
        let hant = FontSet::new(library, size)
            .unwrap()
            .with_forms(GlyphForms::new(true, PunctuationPosition::Centred));
        for id in 0..library.chars().len() {
            let record = library.traditional_record(id);
            if record == id || font.glyph(record).is_some() {
                continue;
            }
            alike += 1;
            let c = library.chars().get(id).unwrap();
            assert_eq!(font.advance(record), font.advance(id), "{c} at {size} px");
            assert!(
                is(hant.glyph(TextStyle::Body, c), &rasterized(TC, size, c)),
                "{c} at {size} px"
            );
        }
    }
    assert!(alike > 0, "some variant is drawn alike at some size");
}

/// Lines that end in `mark`, compressed, at `size`: alone at the line end, then as the first
/// of a pair before 」 (and 」 compressed after it), each line exactly as wide as needed.
fn compressed_lines(fonts: &FontSet<'_>, mark: char) -> LineRecorder {
    let em = u16::from(fonts.size(TextStyle::Body));
    let alone = format!("中国中国中国中国中{mark}国中国中");
    let pair = format!("中国中国中国中国中{mark}」国中国中");
    let blocks = [
        (BlockKind::Meta, alone.as_str()),
        (BlockKind::Meta, pair.as_str()),
    ];
    let source = StrSource::new(&blocks);
    let mut lines = LineRecorder::default();
    // 9 ideographs and ½ em for the mark: the first block's line ends compressed; the second
    // holds the pair at 1 em for both (the 」 compressed at the end, the mark before it).
    for (block, width) in [(0, 9 * em + em / 2), (1, 10 * em)] {
        let params = LayoutParams::new(width, 800);
        let mut breaker = LineBreaker::new(&source, fonts, params, Position::new(block, 0));
        breaker.break_next(&mut lines);
    }
    lines
}

#[test]
fn compressed_marks_keep_their_ink_inside_their_half_em_at_every_size_in_both_styles() {
    let library = Library::builtin().unwrap();
    let present: Vec<char> = MARKS
        .into_iter()
        .filter(|&mark| library.id_of(mark).is_some())
        .collect();
    // The books use 。，、；： (！？． only in other books).
    assert!(present.len() >= 5, "the library has the marks: {present:?}");
    let mut checked = 0;
    for font in library.fonts() {
        for forms in every_style() {
            let fonts = FontSet::new(library, font.size())
                .unwrap()
                .with_forms(forms);
            for &mark in &present {
                let lines = compressed_lines(&fonts, mark);
                for (info, glyphs) in &lines.lines {
                    let at = |i: usize| glyphs.get(i).and_then(|g| drawn_ink(&fonts, g));
                    let context = format!("{mark} at {} px, {forms:?}", font.size());
                    let compressed: Vec<usize> = (0..glyphs.len())
                        .filter(|&i| {
                            let g = &glyphs[i];
                            g.width < fonts.advance(TextStyle::Body, g.c)
                        })
                        .collect();
                    assert!(
                        compressed.iter().any(|&i| glyphs[i].c == mark),
                        "{context}: the mark is compressed in {:?}",
                        lines.text(0)
                    );
                    for i in compressed {
                        let g = &glyphs[i];
                        let cell = (i32::from(g.x), i32::from(g.x) + i32::from(g.width));
                        let Some(ink) = at(i) else { continue };
                        assert!(
                            ink.0 >= cell.0 && ink.1 <= cell.1,
                            "{context}: {} ink {ink:?} outside its cell {cell:?}",
                            g.c
                        );
                        if let Some(before) = i.checked_sub(1).and_then(at) {
                            assert!(before.1 <= ink.0, "{context}: touches the one before");
                        }
                        if let Some(after) = at(i + 1) {
                            assert!(ink.1 <= after.0, "{context}: touches the one after");
                        }
                        assert!(ink.1 <= i32::from(info.width), "{context}: past the line");
                        checked += 1;
                    }
                }
            }
        }
    }
    // Five sizes, four styles, each mark alone and in a pair (with its 」).
    assert_eq!(checked, 5 * 4 * present.len() * 3);
}
