//! The visible replacement for a character that no font has: a box with its code point in
//! hexadecimal inside, the way GNU Unifont and browsers' last-resort fonts show one, so that
//! a reader sees that (and which) a character is missing instead of a silent gap.
//!
//! The box fills the ideographic em box less a pixel of margin; the code point is written in
//! a 3 × 5 pixel hex font in two rows: `4E00` as `4E` over `00`, five or six digits as three
//! over three (`2B6DB` as `02B` over `6DB`). The digits are scaled by a whole factor, one per
//! 16 px of the size.

use super::Bitmap;

/// The 3 × 5 digits `0`–`F`, one row per entry, the three low bits a row (bit 2 leftmost).
const DIGITS: [[u8; 5]; 16] = [
    [0b111, 0b101, 0b101, 0b101, 0b111], // 0
    [0b010, 0b110, 0b010, 0b010, 0b111], // 1
    [0b111, 0b001, 0b111, 0b100, 0b111], // 2
    [0b111, 0b001, 0b111, 0b001, 0b111], // 3
    [0b101, 0b101, 0b111, 0b001, 0b001], // 4
    [0b111, 0b100, 0b111, 0b001, 0b111], // 5
    [0b111, 0b100, 0b111, 0b101, 0b111], // 6
    [0b111, 0b001, 0b010, 0b010, 0b010], // 7
    [0b111, 0b101, 0b111, 0b101, 0b111], // 8
    [0b111, 0b101, 0b111, 0b001, 0b111], // 9
    [0b010, 0b101, 0b111, 0b101, 0b101], // A
    [0b110, 0b101, 0b110, 0b101, 0b110], // B
    [0b011, 0b100, 0b100, 0b100, 0b011], // C
    [0b110, 0b101, 0b101, 0b101, 0b110], // D
    [0b111, 0b100, 0b110, 0b100, 0b111], // E
    [0b111, 0b100, 0b110, 0b100, 0b100], // F
];

/// The replacement glyph of `c` at `px` pixels per em (advance `px`, like an ideograph).
pub fn replacement_box(c: char, px: u8) -> Bitmap {
    let scale = usize::from(px / 16).max(1);
    let width = usize::from(px).saturating_sub(2).max(12);
    let height = width;
    let mut grid = vec![vec![false; width]; height];
    for (y, row) in grid.iter_mut().enumerate() {
        for (x, cell) in row.iter_mut().enumerate() {
            *cell = x == 0 || y == 0 || x + 1 == width || y + 1 == height;
        }
    }
    let code = u32::from(c);
    let digits: Vec<usize> = if code <= 0xFFFF {
        (0..4)
            .rev()
            .map(|i| ((code >> (4 * i)) & 0xF) as usize)
            .collect()
    } else {
        (0..6)
            .rev()
            .map(|i| ((code >> (4 * i)) & 0xF) as usize)
            .collect()
    };
    let per_row = digits.len() / 2;
    let text_width = (per_row * 4 - 1) * scale;
    let text_height = 11 * scale;
    let left = (width.saturating_sub(text_width)) / 2;
    let top = (height.saturating_sub(text_height)) / 2;
    for (i, &digit) in digits.iter().enumerate() {
        let x0 = left + (i % per_row) * 4 * scale;
        let y0 = top + (i / per_row) * 6 * scale;
        for (dy, bits) in DIGITS[digit].iter().enumerate() {
            for dx in 0..3 {
                if bits & (0b100 >> dx) == 0 {
                    continue;
                }
                for (sy, sx) in (0..scale).flat_map(|sy| (0..scale).map(move |sx| (sy, sx))) {
                    if let Some(cell) = grid
                        .get_mut(y0 + dy * scale + sy)
                        .and_then(|row| row.get_mut(x0 + dx * scale + sx))
                    {
                        *cell = true;
                    }
                }
            }
        }
    }
    pack(&grid, px)
}

/// Packs the grid into the core's glyph layout, placed in the ideographic em box (which runs
/// from 0.88 em above the baseline to 0.12 em below, as in Noto Sans CJK).
fn pack(grid: &[Vec<bool>], px: u8) -> Bitmap {
    let height = grid.len();
    let width = grid.first().map_or(0, Vec::len);
    let stride = width.div_ceil(8);
    let mut rows = vec![0u8; stride * height];
    for (y, row) in grid.iter().enumerate() {
        for (x, &ink) in row.iter().enumerate() {
            if ink {
                rows[y * stride + x / 8] |= 0x80 >> (x % 8);
            }
        }
    }
    let em_top = (f32::from(px) * 0.88).round() as i32;
    let left = (i32::from(px) - width as i32) / 2;
    let top = em_top - (i32::from(px) - height as i32) / 2;
    Bitmap {
        width: width as u8,
        height: height as u8,
        left: left.clamp(i32::from(i8::MIN), i32::from(i8::MAX)) as i8,
        top: top.clamp(i32::from(i8::MIN), i32::from(i8::MAX)) as i8,
        advance: px,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bmp_character_shows_four_digits_in_a_box_at_16_px() {
        let glyph = replacement_box('\u{4E00}', 16);
        // Drawn by hand: a 14 × 14 frame, "4E" over "00", each digit 3 × 5, one column apart.
        // Drawn by hand: a 14 × 14 frame; the 7 × 11 text block ("4E" over "00", each digit
        // 3 × 5, a column and a row apart) starts at column 3, row 1.
        let expected = "\
##############
#..#.#.###...#
#..#.#.#.....#
#..###.##....#
#....#.#.....#
#....#.###...#
#............#
#..###.###...#
#..#.#.#.#...#
#..#.#.#.#...#
#..#.#.#.#...#
#..###.###...#
#............#
##############
";
        assert_eq!(glyph.to_text(), expected, "\n{}", glyph.to_text());
        assert_eq!((glyph.advance, glyph.left), (16, 1));
    }

    #[test]
    fn a_supplementary_character_shows_six_digits() {
        let glyph = replacement_box('\u{2B6DB}', 24);
        assert_eq!((glyph.width, glyph.height, glyph.advance), (22, 22, 24));
        // Three digits per row: the first row starts with the 0 of 02B, the second with 6.
        let text = glyph.to_text();
        let rows: Vec<&str> = text.lines().collect();
        // Text block 11 rows high in a 22-row frame: starts at row 5; 11 columns wide from 5.
        assert_eq!(&rows[5][5..16], "###.###.##.", "\n{text}");
        assert_eq!(&rows[11][5..16], "###.##..##.", "\n{text}");
    }

    #[test]
    fn larger_sizes_scale_the_digits() {
        let glyph = replacement_box('A', 32);
        assert_eq!((glyph.width, glyph.height), (30, 30));
        let ink = glyph.rows.iter().map(|b| b.count_ones()).sum::<u32>();
        let small = replacement_box('A', 16);
        let small_ink = small.rows.iter().map(|b| b.count_ones()).sum::<u32>();
        // Digits drawn at twice the scale have four times the ink; the frame about twice.
        assert!(ink > 3 * small_ink, "{ink} vs {small_ink}");
    }
}
