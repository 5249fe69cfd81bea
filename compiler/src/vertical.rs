//! Vertical glyph forms: set in a column (直排, TYPOGRAPHY.md R6), brackets, quotes, dashes
//! and ellipses turn a quarter and 。，、 move to the upper right of their cell. The main face
//! says how with its GSUB `vrt2` feature (or `vert`, which `vrt2` supersedes): a single
//! substitution from the horizontal glyph to a vertical one drawn for the column.
//!
//! [`substitutions`] reads that feature once per face; the rasterizer draws a substituted
//! glyph like any other ([`crate::raster::SizedRasterizer::try_vertical_glyph`]). Only the
//! characters drawn from the main face get one: a fallback glyph or a replacement box has no
//! vertical form there. [`assign`] keeps those that differ from the main glyph at some size,
//! as [`crate::forms::assign`] keeps the Traditional variants; the blob numbers their records
//! on from the last variant ([`crate::wire::LibraryWire::vertical`]).

use std::collections::HashMap;

use skrifa::raw::tables::gsub::{Gsub, SingleSubst, SubstitutionSubtables};
use skrifa::raw::tables::layout::LangSys;
use skrifa::raw::{ReadError, TableProvider};
use skrifa::{FontRef, GlyphId, Tag};

use crate::forms;
use crate::raster::Bitmap;

/// The features that hold vertical forms, preferred first: OpenType's `vrt2` supersedes
/// `vert` (it has all of `vert`'s substitutions), so a face with both is read for `vrt2`.
const FEATURES: [Tag; 2] = [Tag::new(b"vrt2"), Tag::new(b"vert")];

/// The scripts whose default language system is read, preferred first: the library's text is
/// Chinese (`hani`), and `DFLT` is what a face without a `hani` entry applies to it.
const SCRIPTS: [Tag; 2] = [Tag::new(b"hani"), Tag::new(b"DFLT")];

/// Glyph → vertical glyph, from the face's `vrt2` (else `vert`) feature; empty when the face
/// has neither, or its GSUB cannot be read (the text is then set with its horizontal glyphs).
pub fn substitutions(font: &FontRef<'_>) -> HashMap<GlyphId, GlyphId> {
    font.gsub()
        .and_then(|gsub| read_feature(&gsub))
        .unwrap_or_default()
}

/// The substitutions of the first of [`FEATURES`] the default language system of the first
/// of [`SCRIPTS`] the face has lists.
fn read_feature(gsub: &Gsub<'_>) -> Result<HashMap<GlyphId, GlyphId>, ReadError> {
    let Some(lang_sys) = default_lang_sys(gsub)? else {
        return Ok(HashMap::new());
    };
    let features = gsub.feature_list()?;
    let records = features.feature_records();
    let listed: Vec<_> = lang_sys
        .feature_indices()
        .iter()
        .filter_map(|index| records.get(usize::from(index.get())))
        .collect();
    for tag in FEATURES {
        if let Some(record) = listed.iter().find(|r| r.feature_tag() == tag) {
            let feature = record.feature(features.offset_data())?;
            let lookups: Vec<u16> = feature
                .lookup_list_indices()
                .iter()
                .map(|i| i.get())
                .collect();
            return apply_lookups(gsub, &lookups);
        }
    }
    Ok(HashMap::new())
}

/// The default language system of the first of [`SCRIPTS`] the face has.
fn default_lang_sys<'a>(gsub: &Gsub<'a>) -> Result<Option<LangSys<'a>>, ReadError> {
    let scripts = gsub.script_list()?;
    for tag in SCRIPTS {
        let Some(record) = scripts
            .script_records()
            .iter()
            .find(|r| r.script_tag() == tag)
        else {
            continue;
        };
        let script = record.script(scripts.offset_data())?;
        if let Some(lang_sys) = script.default_lang_sys() {
            return lang_sys.map(Some);
        }
    }
    Ok(None)
}

/// What the feature's lookups, applied in order, make of each glyph they touch: a later
/// lookup substitutes the result of an earlier one. Lookups other than single substitutions
/// (type 1, or type 7 wrapping it) change no lone glyph and are skipped.
fn apply_lookups(gsub: &Gsub<'_>, indices: &[u16]) -> Result<HashMap<GlyphId, GlyphId>, ReadError> {
    let lookups = gsub.lookup_list()?.lookups();
    let mut result: HashMap<GlyphId, GlyphId> = HashMap::new();
    for &index in indices {
        let lookup = lookups.get(usize::from(index))?;
        let SubstitutionSubtables::Single(subtables) = lookup.subtables()? else {
            continue;
        };
        let mut step: HashMap<GlyphId, GlyphId> = HashMap::new();
        for subtable in subtables.iter() {
            add_single(&mut step, &subtable?)?;
        }
        for to in result.values_mut() {
            if let Some(&next) = step.get(to) {
                *to = next;
            }
        }
        for (from, to) in step {
            result.entry(from).or_insert(to);
        }
    }
    result.retain(|from, to| from != to);
    Ok(result)
}

/// Adds one single-substitution subtable's pairs to `step`, where an earlier subtable of the
/// same lookup has not already taken the glyph (the first subtable that covers a glyph is
/// the one applied). Formats 1 (a delta) and 2 (a list); formats 3 and 4, for glyph ids past
/// 65535, do not occur in a CJK face of 65535 glyphs or fewer and are skipped.
fn add_single(
    step: &mut HashMap<GlyphId, GlyphId>,
    subtable: &SingleSubst<'_>,
) -> Result<(), ReadError> {
    match subtable {
        SingleSubst::Format1(table) => {
            // The delta is added modulo 65536, as OpenType says.
            let delta = table.delta_glyph_id() as u16;
            for from in table.coverage()?.iter() {
                let to = (from.to_u32() as u16).wrapping_add(delta);
                step.entry(from).or_insert(GlyphId::from(to));
            }
        }
        SingleSubst::Format2(table) => {
            let targets = table.substitute_glyph_ids();
            for (from, to) in table.coverage()?.iter().zip(targets) {
                step.entry(from).or_insert(GlyphId::from(to.get()));
            }
        }
        _ => {}
    }
    Ok(())
}

/// Which ids keep a vertical form, and each size's vertical glyphs for them.
///
/// `main[size][id]` is the main glyph of every id at each size, `vertical[size][id]` the
/// vertical glyph of the ids the face has a substitution for. An id whose vertical glyph is
/// its main glyph at every size keeps none (drawing the main glyph is the same); one that
/// differs at some size gets a record at every size, `None` where that size draws the main
/// glyph, as the Traditional variants do.
pub fn assign(main: &[Vec<Bitmap>], vertical: &[Vec<Option<Bitmap>>]) -> Vertical {
    let kept = forms::assign(main, vertical);
    let ids = kept
        .records
        .iter()
        .enumerate()
        .filter(|&(id, &record)| usize::from(record) != id)
        .map(|(id, _)| id as u16)
        .collect();
    Vertical {
        ids,
        glyphs: kept.variants,
    }
}

/// Marks that turn in a column but that the face has no vertical substitution for: Noto Sans
/// CJK maps the em dash U+2014, which Chinese sets doubled (——) for a dash, to a proportional
/// glyph (15 px of 16) that neither `vrt2` nor `vert` covers (they turn the full-width
/// horizontal bar U+2015 only), leaving a layout engine to turn it sideways (UAX #50). Its
/// vertical form here is its main glyph turned a quarter ([`quarter_turn`]) and centred across
/// the column ([`centred_across`]).
pub const TURNED: [char; 1] = ['—'];

/// `glyph` turned a quarter clockwise about the centre of its em cell in a column: `em` px
/// square, its top `origin` px above the baseline (the font's vertical origin). A glyph
/// narrower than an em is centred in the cell first, so that a turned dash stands in the
/// middle of its cell's height. Turning a 1-bit bitmap by a right angle moves whole pixels,
/// so the hinted strokes stay crisp. `None` for a glyph wider than an em or whose turned
/// bearings do not fit a glyph record.
pub fn quarter_turn(glyph: &Bitmap, em: u8, origin: u8) -> Option<Bitmap> {
    if glyph.advance > em {
        return None;
    }
    let (em, origin) = (i32::from(em), i32::from(origin));
    let centring = (em - i32::from(glyph.advance)) / 2;
    // Ink rows counted down from the cell's top become columns counted in from its right;
    // ink columns from the cell's left become rows down from its top.
    let below_top = origin - i32::from(glyph.top);
    let left = em - below_top - i32::from(glyph.height);
    let top = origin - (i32::from(glyph.left) + centring);
    let mut turned = Bitmap {
        width: glyph.height,
        height: glyph.width,
        left: i8::try_from(left).ok()?,
        top: i8::try_from(top).ok()?,
        advance: glyph.advance,
        rows: Vec::new(),
    };
    turned.rows = vec![0; turned.stride() * usize::from(turned.height)];
    for y in 0..turned.height {
        for x in 0..turned.width {
            // Clockwise: the new pixel (x, y) is the old one at column y, row height − 1 − x.
            if glyph.pixel(y, glyph.height - 1 - x) {
                let at = usize::from(y) * turned.stride() + usize::from(x) / 8;
                turned.rows[at] |= 0x80 >> (x % 8);
            }
        }
    }
    Some(turned)
}

/// `glyph` moved sideways so that its ink is centred across an `em` px cell (to a pixel to the
/// left where the margin is odd): a turned dash stands in the middle of the column, where the
/// face's vertical bar does, though the horizontal dash sits at Latin dash height, 0.3 em up,
/// below the em box's middle (0.38 em).
pub fn centred_across(glyph: Bitmap, em: u8) -> Option<Bitmap> {
    let margin = i32::from(em) - i32::from(glyph.width);
    Some(Bitmap {
        left: i8::try_from(margin / 2).ok()?,
        ..glyph
    })
}

/// What [`assign`] kept.
#[derive(Debug, PartialEq, Eq)]
pub struct Vertical {
    /// The ids with a vertical form, increasing.
    pub ids: Vec<u16>,
    /// Per size (in the order given), the vertical glyph of each of `ids`; `None` where that
    /// size draws the character's main glyph.
    pub glyphs: Vec<Vec<Option<Bitmap>>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use skrifa::MetadataProvider;

    const SC: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fonts/NotoSansCJKsc-Regular.otf"
    );

    #[test]
    fn the_sc_face_turns_brackets_and_moves_the_full_stop_but_not_han() {
        let data = std::fs::read(SC).unwrap();
        let font = FontRef::new(&data).unwrap();
        let map = substitutions(&font);
        let charmap = font.charmap();
        let has = |c: char| map.contains_key(&charmap.map(c).unwrap());
        for c in "「」『』（）《》〈〉【】―…，。、；：！？".chars() {
            assert!(has(c), "{c} has no vertical form");
        }
        // The em dash has none: hence [`TURNED`].
        assert!(!has('—'));
        for c in "中国人永".chars() {
            assert!(!has(c), "{c} has a vertical form");
        }
        let mut ascii: Vec<char> = (' '..='~').filter(|&c| has(c)).collect();
        ascii.sort_unstable();
        eprintln!("{} substitutions; ASCII with one: {ascii:?}", map.len());
    }

    #[test]
    fn a_quarter_turn_takes_a_bar_from_the_cells_foot_to_its_left_side() {
        // A 3 × 1 bar at the foot of the left of an 8 px cell whose top is 7 px up: pen
        // columns 1..4, the row just above the baseline (the cell's rows 6..7 of 8).
        let bar = Bitmap {
            width: 3,
            height: 1,
            left: 1,
            top: 1,
            advance: 8,
            rows: vec![0b1110_0000],
        };
        let turned = quarter_turn(&bar, 8, 7).unwrap();
        // Turned clockwise, the foot becomes the left side: the bar's row (the cell's row 6)
        // becomes the cell's column 8 − 1 − 6 = 1, its columns 1..4 the cell's rows 1..4
        // (from 6 px above the baseline down to 3).
        assert_eq!((turned.width, turned.height), (1, 3));
        assert_eq!((turned.left, turned.top), (1, 6));
        assert_eq!(turned.to_text(), "#\n#\n#\n");
        // A second turn, and two more, bring it back.
        let back = (0..3).fold(turned, |g, _| quarter_turn(&g, 8, 7).unwrap());
        assert_eq!(back, bar);
        // Two px narrower than the cell, it is centred first: one row lower once turned.
        let narrow = quarter_turn(
            &Bitmap {
                advance: 6,
                ..bar.clone()
            },
            8,
            7,
        )
        .unwrap();
        assert_eq!((narrow.left, narrow.top), (1, 5));
        assert_eq!(quarter_turn(&Bitmap { advance: 9, ..bar }, 8, 7), None);
    }

    fn glyph(advance: u8) -> Bitmap {
        Bitmap {
            advance,
            ..Bitmap::default()
        }
    }

    #[test]
    fn an_id_keeps_a_vertical_form_only_where_some_size_differs() {
        // Four ids at two sizes: id 0 has no substitution, id 1 one drawn like its main
        // glyph at both sizes, ids 2 and 3 one that differs at some size.
        let main = vec![
            vec![glyph(1), glyph(2), glyph(3), glyph(4)],
            vec![glyph(5), glyph(6), glyph(7), glyph(8)],
        ];
        let vertical = vec![
            vec![None, Some(glyph(2)), Some(glyph(3)), Some(glyph(9))],
            vec![None, Some(glyph(6)), Some(glyph(10)), Some(glyph(11))],
        ];
        let kept = assign(&main, &vertical);
        assert_eq!(kept.ids, [2, 3]);
        assert_eq!(
            kept.glyphs,
            [
                vec![None, Some(glyph(9))],
                vec![Some(glyph(10)), Some(glyph(11))]
            ]
        );
    }
}
