//! Traditional glyph forms: the 繁體 rendition is set in Noto Sans CJK TC, whose characters
//! take the component shapes readers in Taiwan and Hong Kong expect and whose full-width marks
//! 。，、；：！？． sit centred in the em box (the SC face sets them low-left).
//!
//! [`plan`] decides, per character, which faces draw it. A character of 繁體 text that 简体
//! text and the UI's labels never show (國, 關, 說: the characters conversion to Simplified
//! replaces) is a Traditional character wherever it appears, so it has one glyph, the TC
//! face's — also where the 原文 rendition, whose sources mix the scripts, shows it. A
//! character that 繁體 text shares with 简体 text or the labels (中, 的), and every positioned
//! mark (the punctuation setting may centre them in any rendition), gets a TC glyph beside
//! its main one. Where that is the main glyph at every size,
//! the character keeps one record ([`wire::LibraryWire::forms`] points at the id itself);
//! otherwise it gets a variant record at every size, numbered in id order past the ids, as the
//! core checks. A variant that differs at one size only stores no bitmap at the others: its
//! record there says to draw the main glyph.

use std::collections::HashSet;

use crate::blob::BookInput;
use crate::document::Document;
use crate::faces::Face;
use crate::raster::{Bitmap, Rasterizer};
use crate::wire;

/// Which faces draw a character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Its main face only (the SC face, the fallback face or a replacement box): 繁體 text does
    /// not show it, or the TC face lacks it.
    Main,
    /// A Traditional character (in 繁體 text, never in 简体 text or a label): its one glyph is
    /// the TC face's.
    TraditionalOnly,
    /// Shared by 繁體 text and 简体 text or a label, or a positioned mark: the main glyph, and
    /// the TC one.
    Both,
}

/// What draws each of the `ordered` characters, given the face `choices` made for them and
/// the characters `elsewhere` (besides the books' 简体 text: the UI's labels) shows.
pub fn plan(
    ordered: &[char],
    choices: &[Face],
    books: &[BookInput],
    elsewhere: &HashSet<char>,
    traditional: &Rasterizer<'_>,
) -> Vec<Form> {
    let mut in_traditional = HashSet::new();
    let mut outside = elsewhere.clone();
    // The compiler gives every library the printable ASCII characters.
    outside.extend(' '..='~');
    for book in books {
        add_chars(&mut in_traditional, &book.traditional);
        add_chars(&mut outside, &book.simplified);
    }
    ordered
        .iter()
        .zip(choices)
        .map(|(&c, &face)| {
            if face != Face::Main || !traditional.has_glyph(c) {
                Form::Main
            } else if wire::forms::PUNCTUATION.contains(&c) {
                Form::Both
            } else if !in_traditional.contains(&c) {
                Form::Main
            } else if outside.contains(&c) {
                Form::Both
            } else {
                Form::TraditionalOnly
            }
        })
        .collect()
}

/// Every character of `document` that is drawn: its title, author line and blocks.
fn add_chars(set: &mut HashSet<char>, document: &Document) {
    set.extend(document.title.chars());
    set.extend(document.author.iter().flat_map(|author| author.chars()));
    for block in &document.blocks {
        set.extend(block.text.chars());
    }
}

/// The Traditional-form table and each size's variant glyphs.
///
/// `main[size][id]` is the main glyph of every id at each size, `traditional[size][id]` the
/// Traditional glyph of the ids that want one. Returns, per id, the record of its Traditional
/// form (the wire's `forms` entries) and, per size, the variant glyphs in record order.
pub fn assign(main: &[Vec<Bitmap>], traditional: &[Vec<Option<Bitmap>>]) -> Forms {
    let ids = main.first().map_or(0, Vec::len);
    let mut records = Vec::with_capacity(ids);
    let mut variants: Vec<Vec<Option<Bitmap>>> = vec![Vec::new(); main.len()];
    let mut next = ids;
    for id in 0..ids {
        let differs = main.iter().zip(traditional).any(|(main, traditional)| {
            matches!(
                (main.get(id), traditional.get(id)),
                (Some(m), Some(Some(t))) if m != t
            )
        });
        if !differs {
            records.push(id as u16);
            continue;
        }
        records.push(next as u16);
        next += 1;
        for ((main, traditional), out) in main.iter().zip(traditional).zip(&mut variants) {
            // A size where both faces draw it alike, or the TC face lacks it, draws the main
            // glyph: its record says so instead of storing the bitmap again.
            out.push(match traditional.get(id) {
                Some(Some(t)) if main.get(id) != Some(t) => Some(t.clone()),
                _ => None,
            });
        }
    }
    Forms { records, variants }
}

/// What [`assign`] found.
#[derive(Debug, PartialEq, Eq)]
pub struct Forms {
    /// Per id, the glyph record of its Traditional form.
    pub records: Vec<u16>,
    /// Per size (in the order given), the variant glyphs, record `ids + n` being `[n]`;
    /// `None` where that size draws the character's main glyph.
    pub variants: Vec<Vec<Option<Bitmap>>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const SC: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fonts/NotoSansCJKsc-Regular.otf"
    );
    const TC: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fonts/NotoSansCJKtc-Regular.otf"
    );

    /// The columns of `glyph`'s em box (pen position 0, advance) that hold ink.
    fn ink_columns(glyph: &Bitmap) -> (i32, i32) {
        let left = i32::from(glyph.left);
        (left, left + i32::from(glyph.width))
    }

    #[test]
    fn the_tc_full_stop_is_centred_and_the_sc_one_low_left_at_16_px() {
        let (sc, tc) = (std::fs::read(SC).unwrap(), std::fs::read(TC).unwrap());
        let sc = Rasterizer::new(&sc).unwrap();
        let tc = Rasterizer::new(&tc).unwrap();
        let (sc, tc) = (sc.at_size(16).unwrap(), tc.at_size(16).unwrap());
        for mark in ['。', '，', '、'] {
            let (sc_glyph, tc_glyph) = (sc.glyph(mark).unwrap(), tc.glyph(mark).unwrap());
            assert_eq!((sc_glyph.advance, tc_glyph.advance), (16, 16), "{mark}");
            // SC: all ink in the left half, sitting on the baseline (its top near it).
            let (start, end) = ink_columns(&sc_glyph);
            assert!(
                start >= 0 && end <= 8,
                "SC {mark} ink in columns {start}..{end}"
            );
            assert!(
                sc_glyph.top <= 4,
                "SC {mark} sits low: top {}",
                sc_glyph.top
            );
            // TC: ink about the middle column 8, as far from each edge (±1 px of rounding),
            // and raised to the middle of the line.
            let (start, end) = ink_columns(&tc_glyph);
            assert!(
                start < 8 && end > 8,
                "TC {mark} ink in columns {start}..{end}"
            );
            assert!((start - (16 - end)).abs() <= 1, "TC {mark}: {start}..{end}");
            assert!(
                tc_glyph.top >= 6,
                "TC {mark} is raised: top {}",
                tc_glyph.top
            );
        }
    }

    #[test]
    fn brackets_and_quotes_are_alike_in_both_faces() {
        let (sc, tc) = (std::fs::read(SC).unwrap(), std::fs::read(TC).unwrap());
        let sc = Rasterizer::new(&sc).unwrap();
        let tc = Rasterizer::new(&tc).unwrap();
        for size in [16, 24] {
            let (sc, tc) = (sc.at_size(size).unwrap(), tc.at_size(size).unwrap());
            for mark in ['（', '）', '《', '》', '「', '」', '【', '】', '—', '…'] {
                assert_eq!(sc.glyph(mark), tc.glyph(mark), "{mark} at {size} px");
            }
            // The positioned marks are not.
            for mark in wire::forms::PUNCTUATION {
                assert_ne!(sc.glyph(mark), tc.glyph(mark), "{mark} at {size} px");
            }
        }
    }

    #[test]
    fn every_positioned_marks_ink_fits_half_an_em_in_both_faces_at_every_size() {
        // What lets compression keep a centred mark's ink whole: it is no wider than the
        // ½ em the mark keeps (the core then centres it there).
        let (sc, tc) = (std::fs::read(SC).unwrap(), std::fs::read(TC).unwrap());
        for face in [Rasterizer::new(&sc).unwrap(), Rasterizer::new(&tc).unwrap()] {
            for size in [16, 20, 24, 28, 32] {
                let sized = face.at_size(size).unwrap();
                for mark in wire::forms::PUNCTUATION {
                    let glyph = sized.glyph(mark).unwrap();
                    assert!(
                        glyph.width <= size / 2,
                        "{mark} at {size} px: {} px of ink",
                        glyph.width
                    );
                }
            }
        }
    }

    #[test]
    fn traditional_characters_take_the_tc_glyph_alone_and_shared_ones_both() {
        use crate::document::{Block, BlockKind, Document};
        let doc = |title: &str, text: &str| {
            Document::new(
                title.into(),
                vec![Block::new(BlockKind::Paragraph, text.into(), 1)],
            )
        };
        let book = BookInput {
            file: "a.md".into(),
            key: 1,
            original: doc("書", "這是中文，設定。"),
            simplified: doc("书", "这是中文，设定。"),
            traditional: doc("書", "這是中文，設定。"),
        };
        let tc = std::fs::read(TC).unwrap();
        let tc = Rasterizer::new(&tc).unwrap();
        let ordered = ['這', '这', '是', '設', '書', '，', '；', 'A', '鳷'];
        let mut choices = vec![Face::Main; ordered.len()];
        choices[8] = Face::Fallback;
        // A label shows 設: shared, not Traditional-only (是 is shared with 简体 text).
        let labels: HashSet<char> = ['設'].into_iter().collect();
        let plan = plan(&ordered, &choices, &[book], &labels, &tc);
        use Form::{Both, Main, TraditionalOnly};
        assert_eq!(
            plan,
            [
                TraditionalOnly,
                Main,
                Both,
                Both,
                TraditionalOnly,
                Both,
                Both,
                Main,
                Main
            ]
        );
    }

    fn glyph(advance: u8) -> Bitmap {
        Bitmap {
            advance,
            ..Bitmap::default()
        }
    }

    #[test]
    fn a_variant_record_comes_only_where_a_size_differs_in_id_order() {
        // Three ids at two sizes. Id 0 has no Traditional glyph, id 1 the same at both
        // sizes, id 2 differs at the second size only.
        let main = vec![
            vec![glyph(1), glyph(2), glyph(3)],
            vec![glyph(4), glyph(5), glyph(6)],
        ];
        let traditional = vec![
            vec![None, Some(glyph(2)), Some(glyph(3))],
            vec![None, Some(glyph(5)), Some(glyph(9))],
        ];
        let forms = assign(&main, &traditional);
        assert_eq!(forms.records, [0, 1, 3]);
        // At the first size id 2's faces agree: its record there draws the main glyph.
        assert_eq!(forms.variants, [vec![None], vec![Some(glyph(9))]]);
    }
}
