//! A missing glyph never stops a book: a character the main font lacks comes from the fallback
//! face, a converted character without any glyph gives way to its source character, and a
//! character no face has is drawn as a box showing its code point — all counted in `stats`.

use std::path::{Path, PathBuf};

use moye::format::{GlyphSource, Library, Script, Stats};
use moye_compiler::convert::{Converter, Script as To};
use moye_compiler::raster::replacement::replacement_box;
use moye_compiler::Options;

/// 𪚥 (U+2A6A5, Extension B) is not in Noto Sans CJK SC; U+E000 (private use) is in no font;
/// OpenCC simplifies 鳷 to 𫛛 (U+2B6DB, Extension C), which Noto Sans CJK SC lacks.
const TEXT: &str = "「𪚥」字由四个龍组成，\u{E000}是私用区的字，鳷鹊楼在长安。";

fn book_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("moye-missing-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("rare.md"),
        format!("---\ntitle: 缺字\n---\n\n{TEXT}\n"),
    )
    .unwrap();
    dir
}

fn options(dir: &Path, fallback: bool) -> Options {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Options {
        fallback_font: fallback.then(|| root.join("fonts/HanaMinB.ttf.gz")),
        ..Options::new(
            vec![dir.to_path_buf()],
            root.join("fonts/NotoSansCJKsc-Regular.otf"),
            vec![16, 24],
        )
    }
}

fn rendition_text(library: &Library<'_>, script: Script) -> String {
    let book = library.book(0).unwrap();
    let rendition = book.rendition(script);
    rendition
        .blocks()
        .map(|block| block.text().chars().collect::<String>())
        .collect()
}

#[test]
fn opencc_simplifies_the_bird_to_a_character_outside_the_main_font() {
    let converter = Converter::new().unwrap();
    assert_eq!(converter.text("鳷", To::Simplified), "\u{2B6DB}");
}

#[test]
fn with_the_fallback_face_only_the_private_use_character_is_a_box() {
    let dir = book_dir("fallback");
    let output = moye_compiler::compile(&options(&dir, true)).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let library = Library::parse(&output.blob).unwrap();
    let stats = Stats::of(&library);
    // 𪚥 and 𫛛 from the fallback face, U+E000 a box.
    assert_eq!((stats.fallback_chars, stats.replaced_chars), (2, 1));
    assert_eq!(output.warnings.len(), 1, "{:?}", output.warnings);
    assert!(output.warnings[0].contains("'\u{E000}' (U+E000) is in no font"));

    let source_of = |c| library.glyph_source(library.id_of(c).unwrap());
    assert_eq!(source_of('𪚥'), GlyphSource::Fallback);
    assert_eq!(source_of('\u{2B6DB}'), GlyphSource::Fallback);
    assert_eq!(source_of('\u{E000}'), GlyphSource::Replacement);
    assert_eq!(source_of('龍'), GlyphSource::Main);
    // The 简体 rendition keeps OpenCC's 𫛛: a face has it.
    assert!(rendition_text(&library, Script::Simplified).contains('\u{2B6DB}'));

    for size in [16, 24] {
        let font = library.font(size).unwrap();
        // The box is the one the compiler draws for U+E000 at that size.
        let boxed = font.glyph(library.id_of('\u{E000}').unwrap()).unwrap();
        let expected = replacement_box('\u{E000}', size);
        assert_eq!(
            (boxed.width, boxed.height, boxed.advance),
            (expected.width, expected.height, expected.advance)
        );
        assert_eq!(boxed.bits, &expected.packed()[..]);
        // The fallback glyph of 𪚥 has ink, and is not a box.
        let rare = font.glyph(library.id_of('𪚥').unwrap()).unwrap();
        assert!(rare.bits.iter().any(|&b| b != 0));
        assert_ne!(rare.bits, &replacement_box('𪚥', size).packed()[..]);
    }
}

#[test]
fn without_the_fallback_face_the_converted_rendition_keeps_the_source_character() {
    let dir = book_dir("main-only");
    let output = moye_compiler::compile(&options(&dir, false)).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let library = Library::parse(&output.blob).unwrap();
    let simplified = rendition_text(&library, Script::Simplified);
    assert!(simplified.contains("鳷鹊楼"), "{simplified}");
    assert!(library.id_of('\u{2B6DB}').is_none());
    let stats = Stats::of(&library);
    assert_eq!((stats.fallback_chars, stats.replaced_chars), (0, 2));
    // One warning per character: 𫛛 in 简体, then the two boxes.
    assert_eq!(output.warnings.len(), 3, "{:?}", output.warnings);
    assert!(output.warnings[0]
        .contains(": 简体: '\u{2B6DB}' (U+2B6DB) has no glyph; keeping the source character '鳷'"));
    assert!(
        output.warnings[0].contains("rare.md:5: "),
        "{}",
        output.warnings[0]
    );
    let report = stats.to_string();
    assert!(
        report.contains("(0 from the fallback face, 2 drawn as replacement boxes)"),
        "{report}"
    );
}

#[test]
fn strict_refuses_the_converted_character_and_the_box() {
    let dir = book_dir("strict");
    let strict = Options {
        strict: true,
        ..options(&dir, true)
    };
    let error = moye_compiler::compile(&strict).unwrap_err().to_string();
    assert!(
        error.contains("rare.md:5: character '\u{E000}' (U+E000)"),
        "{error}"
    );
    let strict = Options {
        strict: true,
        ..options(&dir, false)
    };
    let error = moye_compiler::compile(&strict).unwrap_err().to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(error.contains("简体: '\u{2B6DB}'"), "{error}");
}
