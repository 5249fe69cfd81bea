//! The vertical glyph forms a compiled library carries (直排, TYPOGRAPHY.md R6), read back from
//! the blob through the shared wire layout: which characters get one, that the forms are
//! really turned or moved, and each font's vertical origin.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use moye_compiler::wire::{self, FontWire, LibraryWire};
use moye_compiler::{compile, Options};

// Brackets hold a character: the cleaner drops empty ones as markup remnants.
const MARKS: &str = "「一」『二』（三）《四》〈五〉【六】——……，。、；：！？";
const SIZES: [u8; 3] = [16, 20, 24];

/// A glyph record read back: its ink box, advance and packed bits.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Glyph {
    width: u8,
    height: u8,
    left: i8,
    top: i8,
    advance: u8,
    bits: Vec<u8>,
}

impl Glyph {
    fn is_main_form(&self) -> bool {
        self.width == 0 && self.height == 0 && self.left == wire::glyph::MAIN_FORM
    }
}

/// The library compiled from one book holding the marks, some Han and some Latin, with the TC
/// face as the built-in library has it (so Traditional variants come before the vertical
/// forms); compiled once for all the tests.
fn library() -> &'static [u8] {
    static BLOB: OnceLock<Vec<u8>> = OnceLock::new();
    BLOB.get_or_init(compile_library)
}

fn compile_library() -> Vec<u8> {
    let dir = std::env::temp_dir().join(format!("moye-vertical-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let book = format!("---\ntitle: 直排\n---\n\n{MARKS}中国人永書說，Latin 42。\n");
    std::fs::write(dir.join("a.md"), book).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let options = Options {
        traditional_font: Some(root.join("fonts/NotoSansCJKtc-Regular.otf")),
        ..Options::new(
            vec![dir.clone()],
            root.join("fonts/NotoSansCJKsc-Regular.otf"),
            SIZES.to_vec(),
        )
    };
    let output = compile(&options).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    output.blob
}

/// The parts of a blob these tests read.
struct Library<'a> {
    ids: HashMap<char, u16>,
    wire: LibraryWire<'a>,
    fonts: Vec<FontWire<'a>>,
}

fn parse(blob: &[u8]) -> Library<'_> {
    let (wire, rest) =
        postcard::take_from_bytes::<LibraryWire<'_>>(&blob[wire::header::LEN..]).unwrap();
    assert!(rest.is_empty());
    let ids = wire
        .chars
        .chunks_exact(wire::CHAR_RECORD)
        .enumerate()
        .map(|(id, bytes)| {
            let code = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], 0]);
            (char::from_u32(code).unwrap(), id as u16)
        })
        .collect();
    let mut fonts = Vec::new();
    let mut rest = wire.fonts;
    while !rest.is_empty() {
        let (font, after) = postcard::take_from_bytes::<FontWire<'_>>(rest).unwrap();
        fonts.push(font);
        rest = after;
    }
    Library { ids, wire, fonts }
}

impl Library<'_> {
    /// Id → record of the vertical form, as the table lists them.
    fn vertical(&self) -> Vec<(u16, u16)> {
        self.wire
            .vertical
            .chunks_exact(wire::vertical::LEN)
            .map(|e| {
                (
                    u16::from_le_bytes([e[0], e[1]]),
                    u16::from_le_bytes([e[2], e[3]]),
                )
            })
            .collect()
    }

    fn vertical_record(&self, c: char) -> Option<u16> {
        let id = self.ids[&c];
        self.vertical()
            .into_iter()
            .find(|&(of, _)| of == id)
            .map(|(_, record)| record)
    }

    /// How many Traditional variant records there are.
    fn variants(&self) -> usize {
        self.wire
            .forms
            .chunks_exact(wire::forms::RECORD)
            .enumerate()
            .filter(|&(id, e)| usize::from(u16::from_le_bytes([e[0], e[1]])) != id)
            .count()
    }

    fn font(&self, size: u8) -> &FontWire<'_> {
        self.fonts.iter().find(|f| f.size == size).unwrap()
    }

    /// Glyph record `record` of the font at `size`, with its bits: its group's start, then
    /// the bitmaps of the records before it in the group.
    fn glyph(&self, size: u8, record: u16) -> Glyph {
        let font = self.font(size);
        let index = usize::from(record);
        let fields = |i: usize| &font.metrics[i * wire::glyph::LEN..(i + 1) * wire::glyph::LEN];
        let packed = |i: usize| {
            let f = fields(i);
            (usize::from(f[wire::glyph::WIDTH]) * usize::from(f[wire::glyph::HEIGHT])).div_ceil(8)
        };
        let group = index / wire::glyph::GROUP;
        let at = group * wire::glyph::START;
        let start = u32::from_le_bytes(font.starts[at..at + 4].try_into().unwrap()) as usize;
        let start = start
            + (group * wire::glyph::GROUP..index)
                .map(packed)
                .sum::<usize>();
        let f = fields(index);
        Glyph {
            width: f[wire::glyph::WIDTH],
            height: f[wire::glyph::HEIGHT],
            left: f[wire::glyph::LEFT] as i8,
            top: f[wire::glyph::TOP] as i8,
            advance: f[wire::glyph::ADVANCE],
            bits: font.bitmaps[start..start + packed(index)].to_vec(),
        }
    }

    /// The vertical glyph of `c` at `size`: its record's own, or its main glyph where the
    /// record says to draw that.
    fn vertical_glyph(&self, size: u8, c: char) -> Glyph {
        let record = self
            .vertical_record(c)
            .unwrap_or_else(|| panic!("{c}: none"));
        let glyph = self.glyph(size, record);
        if glyph.is_main_form() {
            self.glyph(size, self.ids[&c])
        } else {
            glyph
        }
    }
}

#[test]
fn brackets_dashes_ellipses_and_the_marks_get_vertical_forms_han_and_latin_none() {
    let library = parse(library());
    let mut with: Vec<char> = library
        .ids
        .iter()
        .filter(|&(_, id)| library.vertical().iter().any(|(of, _)| of == id))
        .map(|(&c, _)| c)
        .collect();
    with.sort_unstable();
    eprintln!("vertical forms: {}", with.iter().collect::<String>());
    for c in "「」『』（）《》〈〉【】—…，。、；：！？".chars() {
        assert!(with.contains(&c), "{c} has no vertical form: {with:?}");
    }
    for c in "一二中国人永書說Latin42 ".chars() {
        assert!(!with.contains(&c), "{c} has a vertical form");
    }
    // The records follow the ids and the Traditional variants, one after another in id
    // order, as the core checks.
    let first = library.ids.len() + library.variants();
    assert!(library.variants() > 0, "the TC face gives variants");
    for (index, (id, record)) in library.vertical().into_iter().enumerate() {
        assert_eq!(usize::from(record), first + index, "id {id}");
    }
    for font in &library.fonts {
        let records = first + library.vertical().len();
        assert_eq!(font.metrics.len(), records * wire::glyph::LEN);
    }
}

/// The ink box of `glyph` as (width, height).
fn ink_box(glyph: &Glyph) -> (i32, i32) {
    (i32::from(glyph.width), i32::from(glyph.height))
}

#[test]
fn the_vertical_corner_bracket_is_turned_a_quarter_and_the_dash_stands() {
    let library = parse(library());
    for size in SIZES {
        let main = library.glyph(size, library.ids[&'「']);
        let vertical = library.vertical_glyph(size, '「');
        let ((w, h), (vw, vh)) = (ink_box(&main), ink_box(&vertical));
        // 「 is taller than wide; turned, its ink box is about transposed.
        assert!(h > w, "「 at {size} px: {w} × {h}");
        assert!(
            (vw - h).abs() <= 2 && (vh - w).abs() <= 2,
            "vertical 「 at {size} px: {vw} × {vh}, horizontal {w} × {h}"
        );
        for dash in ['—', '…'] {
            let main = ink_box(&library.glyph(size, library.ids[&dash]));
            let (w, h) = ink_box(&library.vertical_glyph(size, dash));
            assert!(main.0 > main.1, "{dash} at {size} px lies: {main:?}");
            assert!(h > w, "vertical {dash} at {size} px: {w} × {h}");
        }
        // The dash stands in the middle of the column.
        let dash = library.vertical_glyph(size, '—');
        let left = i32::from(dash.left);
        let right = i32::from(size) - left - i32::from(dash.width);
        assert!(
            (left - right).abs() <= 1,
            "— at {size} px: {left} | {right}"
        );
    }
}

#[test]
fn the_vertical_full_stop_sits_in_the_upper_right_of_its_cell() {
    let library = parse(library());
    for size in SIZES {
        let origin = i32::from(library.font(size).vertical_origin);
        let half = i32::from(size) / 2;
        // Rows as px above the baseline: the cell runs from `origin` down to origin − size,
        // its middle at origin − half.
        let quarter = |glyph: &Glyph| {
            let (left, top) = (i32::from(glyph.left), i32::from(glyph.top));
            let (right, bottom) = (left + i32::from(glyph.width), top - i32::from(glyph.height));
            (
                left >= half,
                right <= half,
                bottom >= origin - half,
                top <= origin - half,
            )
        };
        let main = library.glyph(size, library.ids[&'。']);
        let (_, in_left, _, in_lower) = quarter(&main);
        assert!(in_left && in_lower, "。 at {size} px: {main:?}");
        let vertical = library.vertical_glyph(size, '。');
        let (in_right, _, in_upper, _) = quarter(&vertical);
        assert!(
            in_right && in_upper,
            "vertical 。 at {size} px (origin {origin}): {vertical:?}"
        );
        assert!(i32::from(vertical.top) <= origin, "inside the cell");
    }
}

#[test]
fn han_has_no_vertical_record_and_the_origin_is_the_vorg_default() {
    let library = parse(library());
    for c in ['中', '永'] {
        assert_eq!(library.vertical_record(c), None, "{c}");
    }
    // Noto Sans CJK SC's VORG default is 880 of its 1000 units: 14.08, 17.6, 21.12 px.
    let origins: Vec<u8> = SIZES
        .iter()
        .map(|&s| library.font(s).vertical_origin)
        .collect();
    assert_eq!(origins, [14, 18, 21]);
}

#[test]
fn every_vertical_record_holds_a_bitmap_or_draws_the_main_glyph_with_its_advance() {
    let library = parse(library());
    let chars: HashMap<u16, char> = library.ids.iter().map(|(&c, &id)| (id, c)).collect();
    for size in SIZES {
        for (id, record) in library.vertical() {
            let (glyph, main) = (library.glyph(size, record), library.glyph(size, id));
            let c = chars[&id];
            if glyph.is_main_form() {
                assert_eq!(glyph.advance, main.advance, "{c} at {size} px");
            } else {
                assert_ne!(glyph, main, "{c} at {size} px: a copy of the main glyph");
                assert!(glyph.advance > 0, "{c} at {size} px");
            }
        }
    }
}

/// The layout gives every character that stands upright in a column one em down the column
/// (the core's `FontSet::advance_of`), from the face's vertical metrics: its `vmtx` gives the
/// CJK characters of the built-in books, and their vertical forms, an advance height of one em.
#[test]
fn upright_characters_advance_one_em_down_a_column() {
    use skrifa::raw::TableProvider;
    use skrifa::MetadataProvider;

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let data = std::fs::read(root.join("fonts/NotoSansCJKsc-Regular.otf")).unwrap();
    let font = skrifa::FontRef::new(&data).unwrap();
    let em = font.head().unwrap().units_per_em();
    let vmtx = font.vmtx().unwrap();
    let charmap = font.charmap();
    let turned = moye_compiler::vertical::substitutions(&font);
    let mut text = String::new();
    for entry in std::fs::read_dir(root.join("content")).unwrap() {
        text += &std::fs::read_to_string(entry.unwrap().path()).unwrap();
    }
    let cjk = |c: &char| matches!(c, '\u{3000}'..='\u{9FFF}' | '\u{FF01}'..='\u{FF60}');
    let mut checked = 0;
    for c in text.chars().filter(cjk) {
        let Some(glyph) = charmap.map(c) else {
            continue;
        };
        for glyph in [Some(glyph), turned.get(&glyph).copied()]
            .into_iter()
            .flatten()
        {
            assert_eq!(vmtx.advance(glyph), Some(em), "{c} (glyph {glyph:?})");
            checked += 1;
        }
    }
    assert!(checked > 5000, "{checked} glyphs checked");
}
