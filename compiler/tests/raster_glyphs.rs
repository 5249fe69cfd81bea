//! The rasterizer against the real font: checked-in bitmaps of a few characters, structural
//! checks that do not depend on them, metrics, missing characters and bad input.
//!
//! Expected bitmaps live in `tests/glyphs/<char>-<px>.txt`: a line `left=… top=… advance=…`,
//! then one line per ink row, `#` for ink and `.` for background. Each was checked by eye
//! against the character (see the comment at its test). After a deliberate change to the
//! rasterizer, `MOYE_ACCEPT_GLYPHS=1 cargo test -p moye-compiler --test raster_glyphs`
//! rewrites them; look at every changed file and update the reasoning before committing.

// In a `raster` module so that `cargo test -p moye-compiler raster` runs these too.
mod raster {
    use std::path::PathBuf;

    use moye_compiler::raster::{Bitmap, RasterError, Rasterizer, SizedRasterizer, MAX_PX, MIN_PX};

    const FONT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fonts/NotoSansCJKsc-Regular.otf"
    );

    /// The sizes the device profiles use.
    const SIZES: [u8; 5] = [16, 20, 24, 28, 32];

    fn font() -> Vec<u8> {
        std::fs::read(FONT).unwrap_or_else(|error| panic!("cannot read {FONT}: {error}"))
    }

    fn glyph(sized: &SizedRasterizer<'_>, c: char) -> Bitmap {
        sized
            .glyph(c)
            .unwrap_or_else(|| panic!("no glyph for {c:?} at {} px", sized.px()))
    }

    fn golden_path(c: char, px: u8) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/glyphs")
            .join(format!("{c}-{px}.txt"))
    }

    fn golden_text(bitmap: &Bitmap) -> String {
        format!(
            "left={} top={} advance={}\n{}",
            bitmap.left,
            bitmap.top,
            bitmap.advance,
            bitmap.to_text()
        )
    }

    /// Two blocks of lines next to each other, under their titles, with `>` marking the lines
    /// that differ.
    fn side_by_side(left_title: &str, left: &str, right_title: &str, right: &str) -> String {
        let left: Vec<&str> = left.lines().collect();
        let right: Vec<&str> = right.lines().collect();
        let width = left
            .iter()
            .map(|line| line.chars().count())
            .chain([left_title.chars().count()])
            .max()
            .unwrap_or(0)
            + 4;
        let mut out = format!("  {left_title:width$}{right_title}\n");
        for row in 0..left.len().max(right.len()) {
            let l = left.get(row).copied().unwrap_or("");
            let r = right.get(row).copied().unwrap_or("");
            let mark = if l == r { ' ' } else { '>' };
            out.push_str(&format!("{mark} {l:width$}{r}\n"));
        }
        out
    }

    /// Compares the glyph of `c` at `px` with its checked-in bitmap, printing both on failure.
    fn assert_golden(c: char, px: u8) {
        let data = font();
        let rasterizer = Rasterizer::new(&data).expect("the font loads");
        let sized = rasterizer.at_size(px).expect("the size is supported");
        let actual = golden_text(&glyph(&sized, c));
        let path = golden_path(c, px);
        if std::env::var_os("MOYE_ACCEPT_GLYPHS").is_some() {
            std::fs::write(&path, &actual).expect("can write the expected bitmap");
            return;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
        assert!(
            actual == expected,
            "{c} at {px} px differs from {}:\n{}",
            path.display(),
            side_by_side("expected", &expected, "actual", &actual)
        );
    }

    // 一 at 16 px: one stroke, a single full-ink row 15 px long, 7 px above the baseline (the
    // stroke sits a little above the middle of the em box, as in the design).
    #[test]
    fn yi_16_matches_expected_bitmap() {
        assert_golden('一', 16);
    }

    // 一 at 24 px: the stroke is 1.9 px thick in the design and the hinter makes it exactly two
    // full rows, 22 px long; no grey row above or below turns into a third.
    #[test]
    fn yi_24_matches_expected_bitmap() {
        assert_golden('一', 24);
    }

    // 是 at 16 px, checked stroke by stroke against the design:
    // - rows 0–5: 日, a closed box (columns 2 and 11) with its three horizontals on rows 0, 2
    //   and 5, each separated by background rows;
    // - row 7: the long horizontal, full width, with a blank row 6 between it and 日;
    // - rows 8–13: 疋: its vertical in column 7 from the long horizontal down to the 捺, the
    //   short horizontal going right on row 10, the left 丨/撇 in columns 2–3 sweeping down-left
    //   to columns 0–1, and the 捺 running from column 4 on row 12 to the right edge on row 13.
    #[test]
    fn shi_16_matches_expected_bitmap() {
        assert_golden('是', 16);
    }

    // 是 at 24 px: the same strokes with room to spare. 日 has two-pixel verticals and its three
    // horizontals on rows 0, 3 and 7; two blank rows; the long horizontal on row 10; then 疋
    // with its vertical in column 10, the short horizontal on row 14, the 撇 from column 4
    // down to the bottom-left corner and the 捺 ending in the long bottom-right stroke.
    #[test]
    fn shi_24_matches_expected_bitmap() {
        assert_golden('是', 24);
    }

    // 關 at 16 px, the densest of the three (19 strokes in 14 rows):
    // - 門: its outer verticals in columns 0 and 12 run the full height, the two 日-shaped
    //   halves on top have their horizontals on rows 0, 2 and 4 and their inner verticals in
    //   columns 5 and 7, and the right side ends in the hook on row 13;
    // - inside, 𢇇: the two 幺 on rows 5–9 (their tops in columns 4 and 8, the zigzags below),
    //   the horizontal on row 9 they stand on, and the four legs of 丱 below it, in columns 3,
    //   5, 7 and 9 on rows 10–11, the outer ones bending as they reach the bottom. At this
    //   size the 幺 zigzags cannot all be separated; the shape matches FreeType's autohinted
    //   monochrome rendering of the same font but for a few pixels in rows 8 and 9.
    #[test]
    fn guan_16_matches_expected_bitmap() {
        assert_golden('關', 16);
    }

    // 關 at 24 px: 門 with two-pixel outer verticals and both halves fully closed (horizontals
    // on rows 0, 3 and 6), and the 幺 pair and 丱 legible inside, the hook at the bottom right.
    #[test]
    fn guan_24_matches_expected_bitmap() {
        assert_golden('關', 24);
    }

    /// Runs of ink down column `x`, as (first row, length).
    fn column_runs(bitmap: &Bitmap, x: u8) -> Vec<(u8, u8)> {
        let mut runs: Vec<(u8, u8)> = Vec::new();
        for y in 0..bitmap.height {
            if bitmap.pixel(x, y) {
                match runs.last_mut() {
                    Some((start, length)) if *start + *length == y => *length += 1,
                    _ => runs.push((y, 1)),
                }
            }
        }
        runs
    }

    /// The first row that is ink across at least 90 % of the ink box: the long horizontal
    /// that separates the top component of 是 or 足 from the bottom one.
    fn long_horizontal(bitmap: &Bitmap) -> Option<u8> {
        (0..bitmap.height).find(|&y| {
            let ink = (0..bitmap.width).filter(|&x| bitmap.pixel(x, y)).count();
            ink * 10 >= usize::from(bitmap.width) * 9
        })
    }

    #[test]
    fn yi_has_a_long_stroke_at_every_size() {
        let data = font();
        let rasterizer = Rasterizer::new(&data).expect("the font loads");
        for px in SIZES {
            let sized = rasterizer.at_size(px).expect("the size is supported");
            let yi = glyph(&sized, '一');
            let longest_row = (0..yi.height)
                .map(|y| (0..yi.width).filter(|&x| yi.pixel(x, y)).count())
                .max()
                .unwrap_or(0);
            // The stroke spans about 0.9 em in the design.
            assert!(
                longest_row * 4 >= usize::from(px) * 3,
                "一 at {px} px has no stroke of at least 3/4 em:\n{}",
                yi.to_text()
            );
            // And it is a stroke, not a smear: at most 1 px thick per 12 px of size.
            assert!(
                yi.height >= 1 && u16::from(yi.height) * 12 <= u16::from(px),
                "一 at {px} px is {} rows thick:\n{}",
                yi.height,
                yi.to_text()
            );
        }
    }

    #[test]
    fn shi_keeps_the_three_horizontals_of_its_ri_so_it_is_not_zu() {
        let data = font();
        let rasterizer = Rasterizer::new(&data).expect("the font loads");
        for px in SIZES {
            let sized = rasterizer.at_size(px).expect("the size is supported");
            let shi = glyph(&sized, '是');
            let zu = glyph(&sized, '足');
            let middle = shi.width / 2;
            let split = long_horizontal(&shi).expect("是 has its long horizontal");
            let above: Vec<(u8, u8)> = column_runs(&shi, middle)
                .into_iter()
                .filter(|(start, _)| *start < split)
                .collect();
            // 日: top, middle and bottom strokes, each with background between them.
            assert_eq!(
                above.len(),
                3,
                "是 at {px} px: expected 日's three horizontals above row {split} in column \
                 {middle}, found runs {above:?}:\n{}",
                shi.to_text()
            );
            // 足 has 口 on top: two horizontals. The test can tell the two apart.
            let zu_split = long_horizontal(&zu).unwrap_or(zu.height);
            let zu_above = column_runs(&zu, zu.width / 2)
                .into_iter()
                .filter(|(start, _)| *start < zu_split)
                .count();
            assert_eq!(zu_above, 2, "足 at {px} px:\n{}", zu.to_text());
        }
    }

    #[test]
    fn ideographs_and_full_width_punctuation_are_one_em_wide() {
        let data = font();
        let rasterizer = Rasterizer::new(&data).expect("the font loads");
        for px in SIZES {
            let sized = rasterizer.at_size(px).expect("the size is supported");
            for c in "一是關中國哈薩克斯坦关系，。、：；（）《》「」\u{3000}".chars()
            {
                let bitmap = glyph(&sized, c);
                assert_eq!(bitmap.advance, px, "advance of {c:?} at {px} px");
                // The ink stays inside the em box.
                assert!(
                    bitmap.left >= 0
                        && i16::from(bitmap.left) + i16::from(bitmap.width) <= i16::from(px),
                    "{c:?} at {px} px spills out of its em: left {} width {}",
                    bitmap.left,
                    bitmap.width
                );
            }
        }
    }

    #[test]
    fn characters_the_font_lacks_have_no_glyph() {
        let data = font();
        let rasterizer = Rasterizer::new(&data).expect("the font loads");
        let sized = rasterizer.at_size(16).expect("the size is supported");
        // Private use, and CJK Extension B / G characters, which Noto Sans CJK SC does not cover.
        for c in [
            '\u{E000}',
            '\u{20000}',
            '\u{2A6D6}',
            '\u{30000}',
            '\u{10FFFF}',
        ] {
            assert_eq!(sized.glyph(c), None, "{c:?}");
            assert!(matches!(sized.try_glyph(c), Ok(None)), "{c:?}");
        }
    }

    #[test]
    fn spaces_have_an_advance_and_no_ink() {
        let data = font();
        let rasterizer = Rasterizer::new(&data).expect("the font loads");
        for px in SIZES {
            let sized = rasterizer.at_size(px).expect("the size is supported");
            for (c, min_advance) in [(' ', 1), ('\u{3000}', px)] {
                let space = glyph(&sized, c);
                assert!(space.advance >= min_advance, "{c:?} at {px} px: {space:?}");
                assert_eq!((space.width, space.height), (0, 0), "{c:?} at {px} px");
                assert!(space.rows.is_empty(), "{c:?} at {px} px");
            }
        }
    }

    #[test]
    fn line_metrics_are_the_scaled_ascender_and_descender() {
        let data = font();
        let rasterizer = Rasterizer::new(&data).expect("the font loads");
        // Noto Sans CJK's hhea: ascender 1160, descender -288 per 1000 units.
        for (px, ascent, descent) in [
            (16, 19, 5),
            (20, 23, 6),
            (24, 28, 7),
            (28, 32, 8),
            (32, 37, 9),
        ] {
            let metrics = rasterizer
                .at_size(px)
                .expect("the size is supported")
                .line_metrics();
            assert_eq!(
                (metrics.ascent, metrics.descent),
                (ascent, descent),
                "{px} px"
            );
        }
    }

    /// Every character of the two books.
    fn book_characters() -> Vec<char> {
        let content = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../content");
        let mut chars: Vec<char> = std::fs::read_dir(&content)
            .expect("the content folder exists")
            .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
            .flat_map(|text| text.chars().collect::<Vec<_>>())
            .filter(|c| !c.is_control())
            .collect();
        chars.sort_unstable();
        chars.dedup();
        chars
    }

    #[test]
    fn every_book_glyph_is_trimmed_packed_and_inside_its_line() {
        let data = font();
        let rasterizer = Rasterizer::new(&data).expect("the font loads");
        let chars = book_characters();
        assert!(chars.len() > 1000, "only {} characters", chars.len());
        for px in [16, 24] {
            let sized = rasterizer.at_size(px).expect("the size is supported");
            let line = sized.line_metrics();
            for &c in &chars {
                let bitmap = glyph(&sized, c);
                let (width, height) = (bitmap.width, bitmap.height);
                let stride = usize::from(width).div_ceil(8);
                assert_eq!(bitmap.rows.len(), stride * usize::from(height), "{c:?}");
                if width == 0 || height == 0 {
                    assert_eq!((width, height), (0, 0), "{c:?}");
                    continue;
                }
                // Trimmed to ink: the outer rows and columns each have ink.
                let row_has_ink = |y| (0..width).any(|x| bitmap.pixel(x, y));
                let column_has_ink = |x| (0..height).any(|y| bitmap.pixel(x, y));
                assert!(
                    row_has_ink(0) && row_has_ink(height - 1),
                    "{c:?} at {px} px"
                );
                assert!(
                    column_has_ink(0) && column_has_ink(width - 1),
                    "{c:?} at {px} px"
                );
                // Padding bits after the last column are clear.
                for row in bitmap.rows.chunks(stride) {
                    let last = row.last().copied().unwrap_or(0);
                    let used = (usize::from(width) - 1) % 8 + 1;
                    assert_eq!(
                        last & 0xffu8.checked_shr(used as u32).unwrap_or(0),
                        0,
                        "{c:?} at {px} px: padding bits set"
                    );
                }
                // Inside the line box.
                assert!(
                    i16::from(bitmap.top) <= i16::from(line.ascent)
                        && i16::from(height) - i16::from(bitmap.top) <= i16::from(line.descent),
                    "{c:?} at {px} px leaves the line box: top {} height {height}",
                    bitmap.top
                );
            }
        }
    }

    #[test]
    fn sizes_out_of_range_are_refused() {
        let data = font();
        let rasterizer = Rasterizer::new(&data).expect("the font loads");
        for px in [0, 1, MIN_PX - 1, MAX_PX + 1, u8::MAX] {
            let error = rasterizer.at_size(px).err();
            assert!(
                matches!(error, Some(RasterError::SizeOutOfRange(p)) if p == px),
                "{px} px: {error:?}"
            );
            let message = error.map(|e| e.to_string()).unwrap_or_default();
            assert!(message.contains(&format!("{px} px")), "{message}");
        }
        assert!(rasterizer.at_size(MIN_PX).is_ok() && rasterizer.at_size(MAX_PX).is_ok());
    }

    #[test]
    fn bad_font_data_is_an_error_not_a_panic() {
        for data in [&b""[..], b"not a font", &[0u8; 64][..], b"OTTO\0\x01\0\0"] {
            match Rasterizer::new(data) {
                Err(error) => {
                    let message = error.to_string();
                    assert!(message.starts_with("bad font data"), "{message}");
                }
                Ok(_) => panic!("{data:?} was accepted as a font"),
            }
        }
    }

    #[test]
    fn damaged_font_data_never_panics() {
        let data = font();
        // Cut the font short at various points and scribble over parts of it: every call must
        // return, with glyphs or errors.
        let mut damaged: Vec<Vec<u8>> = [12, 300, 4_000, 100_000, data.len() / 2]
            .iter()
            .map(|&length| data[..length.min(data.len())].to_vec())
            .collect();
        for (start, byte) in [
            (0usize, 0xff),
            (12, 0x00),
            (200, 0x7f),
            (2_000, 0xff),
            (60_000, 0x80),
        ] {
            let mut copy = data.clone();
            for b in copy.iter_mut().skip(start).take(4_000) {
                *b ^= byte;
            }
            damaged.push(copy);
        }
        for data in &damaged {
            let Ok(rasterizer) = Rasterizer::new(data) else {
                continue;
            };
            for px in [MIN_PX, 16, MAX_PX] {
                let Ok(sized) = rasterizer.at_size(px) else {
                    continue;
                };
                let _ = sized.line_metrics();
                for c in ['一', '是', 'A', ' ', '\u{E000}'] {
                    let _ = sized.try_glyph(c);
                }
            }
        }
    }
}
