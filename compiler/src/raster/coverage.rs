//! Coverage masks of outlines, and their thresholding into trimmed 1-bit bitmaps.

use zeno::{Command, Mask, Point};

use super::Bitmap;

/// The largest mask side we allocate, in pixels. A glyph record holds at most 255 pixels of
/// ink per side; the mask covers the outline's control points, which may stick out a little
/// further, so allow some slack while refusing absurd outlines from broken fonts.
const MAX_MASK_SIDE: f32 = 1024.0;

/// The farthest a mask may start from the pen position, in pixels: far beyond any glyph
/// record's ±127, near enough that pixel coordinates stay exact in `f32`.
const MAX_ORIGIN: f32 = 65536.0;

/// An 8-bit coverage mask (0 = background, 255 = fully inside the outline).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Coverage {
    /// Column of the mask's first pixel, in pixels right of the pen position.
    pub left: i32,
    /// Row of the mask's first pixel, in pixels *below* the baseline (negative above it).
    pub top: i32,
    pub width: usize,
    pub height: usize,
    /// `height` rows of `width` coverage bytes.
    pub data: Vec<u8>,
}

impl Coverage {
    /// Fills `commands` (pixels, y down, baseline at y = 0) with the non-zero rule.
    ///
    /// `None` when the outline has non-finite coordinates or is absurdly large.
    pub fn render(commands: &[Command]) -> Option<Self> {
        let (min, max) = match bounds(commands) {
            None => return Some(Self::empty()),
            Some(Err(())) => return None,
            Some(Ok(bounds)) => bounds,
        };
        let left = min.x.floor();
        let top = min.y.floor();
        let width = max.x.ceil() - left;
        let height = max.y.ceil() - top;
        let within = |value: f32, limit: f32| (-limit..=limit).contains(&value);
        if !(0.0..=MAX_MASK_SIDE).contains(&width)
            || !(0.0..=MAX_MASK_SIDE).contains(&height)
            || !within(left, MAX_ORIGIN)
            || !within(top, MAX_ORIGIN)
        {
            return None;
        }
        // The sides are whole numbers in 0..=1024 and the origin whole and within ±2^16
        // here, so the casts are exact.
        let (width, height) = (width as usize, height as usize);
        let mut data = vec![0; width * height];
        if width > 0 && height > 0 {
            Mask::new(commands)
                .size(width as u32, height as u32)
                .offset(Point::new(-left, -top))
                .render_into(&mut data, None);
        }
        Some(Self {
            left: left as i32,
            top: top as i32,
            width,
            height,
            data,
        })
    }

    fn empty() -> Self {
        Self {
            left: 0,
            top: 0,
            width: 0,
            height: 0,
            data: Vec::new(),
        }
    }

    /// The pixels with at least `threshold` coverage (at least 1) as ink.
    pub fn threshold(&self, threshold: u8) -> InkGrid {
        let threshold = threshold.max(1);
        InkGrid {
            left: self.left,
            top: self.top,
            width: self.width,
            height: self.height,
            ink: self.data.iter().map(|&value| value >= threshold).collect(),
        }
    }
}

/// A 1-bit image on the same pixel grid as a [`Coverage`] mask.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct InkGrid {
    /// Column of the first pixel, in pixels right of the pen position.
    pub left: i32,
    /// Row of the first pixel, in pixels below the baseline (negative above it).
    pub top: i32,
    pub width: usize,
    pub height: usize,
    /// `height` rows of `width` pixels, `true` = ink.
    ink: Vec<bool>,
}

impl InkGrid {
    fn index(&self, x: i64, y: i64) -> Option<usize> {
        let x = usize::try_from(x).ok().filter(|&x| x < self.width)?;
        let y = usize::try_from(y).ok().filter(|&y| y < self.height)?;
        Some(y * self.width + x)
    }

    /// Whether the pixel at column `x`, row `y` is ink; `false` outside the grid.
    pub fn is_ink_at(&self, x: i64, y: i64) -> bool {
        self.index(x, y)
            .and_then(|index| self.ink.get(index))
            .is_some_and(|&ink| ink)
    }

    /// Makes the pixel at column `x`, row `y` ink; nothing outside the grid.
    pub fn set_at(&mut self, x: i64, y: i64) {
        if let Some(pixel) = self.index(x, y).and_then(|index| self.ink.get_mut(index)) {
            *pixel = true;
        }
    }

    fn is_ink(&self, x: usize, y: usize) -> bool {
        x < self.width && self.ink.get(y * self.width + x).is_some_and(|&ink| ink)
    }

    /// Trims the grid to its ink and packs it with `advance` (pixels, rounded) into a glyph
    /// record.
    ///
    /// `None` when the trimmed ink, its bearings or the advance do not fit the record's fields.
    pub fn to_bitmap(&self, advance: f32) -> Option<Bitmap> {
        let advance = round_to::<u8>(advance)?;
        let ink_rows: Vec<usize> = (0..self.height)
            .filter(|&y| (0..self.width).any(|x| self.is_ink(x, y)))
            .collect();
        let ink_columns: Vec<usize> = (0..self.width)
            .filter(|&x| (0..self.height).any(|y| self.is_ink(x, y)))
            .collect();
        let (Some(&y0), Some(&y1), Some(&x0), Some(&x1)) = (
            ink_rows.first(),
            ink_rows.last(),
            ink_columns.first(),
            ink_columns.last(),
        ) else {
            return Some(Bitmap {
                advance,
                ..Bitmap::default()
            });
        };
        let width = u8::try_from(x1 - x0 + 1).ok()?;
        let height = u8::try_from(y1 - y0 + 1).ok()?;
        let left = i8::try_from(self.left.checked_add(i32::try_from(x0).ok()?)?).ok()?;
        // The first ink row spans y ∈ [top + y0, top + y0 + 1) below the baseline, so it
        // starts -(top + y0) pixels above it.
        let top = i8::try_from(-self.top.checked_add(i32::try_from(y0).ok()?)?).ok()?;
        let stride = usize::from(width).div_ceil(8);
        let mut rows = vec![0u8; stride * usize::from(height)];
        for (row, y) in rows.chunks_exact_mut(stride).zip(y0..=y1) {
            for (bit, x) in (x0..=x1).enumerate() {
                if self.is_ink(x, y) {
                    if let Some(byte) = row.get_mut(bit / 8) {
                        *byte |= 0x80 >> (bit % 8);
                    }
                }
            }
        }
        Some(Bitmap {
            width,
            height,
            left,
            top,
            advance,
            rows,
        })
    }
}

/// Every point of `commands`, control points included.
fn points(commands: &[Command]) -> impl Iterator<Item = Point> + '_ {
    commands.iter().flat_map(|command| {
        let (a, b, c) = match *command {
            Command::MoveTo(p) | Command::LineTo(p) => (Some(p), None, None),
            Command::QuadTo(c, p) => (Some(c), Some(p), None),
            Command::CurveTo(c0, c1, p) => (Some(c0), Some(c1), Some(p)),
            Command::Close => (None, None, None),
        };
        [a, b, c].into_iter().flatten()
    })
}

/// The bounding box of every point of `commands` (a superset of the filled area): `None`
/// for an empty path, `Some(Err(()))` when a coordinate is not finite.
fn bounds(commands: &[Command]) -> Option<Result<(Point, Point), ()>> {
    let first = points(commands).next()?;
    let (mut min, mut max) = (first, first);
    for p in points(commands) {
        if !(p.x.is_finite() && p.y.is_finite()) {
            return Some(Err(()));
        }
        min = Point::new(min.x.min(p.x), min.y.min(p.y));
        max = Point::new(max.x.max(p.x), max.y.max(p.y));
    }
    Some(Ok((min, max)))
}

/// Rounds `value` into `T`, or `None` when it is not finite or out of `T`'s range.
fn round_to<T: TryFrom<i64>>(value: f32) -> Option<T> {
    let rounded = value.round();
    if !rounded.is_finite() || rounded.abs() > 1e9 {
        return None;
    }
    T::try_from(rounded as i64).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rectangle from (x0, y0) to (x1, y1), in pixels with y down.
    fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Vec<Command> {
        vec![
            Command::MoveTo(Point::new(x0, y0)),
            Command::LineTo(Point::new(x1, y0)),
            Command::LineTo(Point::new(x1, y1)),
            Command::LineTo(Point::new(x0, y1)),
            Command::Close,
        ]
    }

    fn pack(commands: &[Command], advance: f32) -> Option<Bitmap> {
        Coverage::render(commands)?
            .threshold(128)
            .to_bitmap(advance)
    }

    #[test]
    fn a_pixel_aligned_square_is_solid_ink_with_its_bearings() {
        // Two columns right of the pen, three rows up from the baseline.
        let square = rect(1.0, -3.0, 3.0, 0.0);
        let coverage = Coverage::render(&square).expect("renders");
        assert_eq!((coverage.left, coverage.top), (1, -3));
        assert!(coverage.data.iter().all(|&value| value == 255));
        let bitmap = pack(&square, 5.0).expect("fits");
        let expected = Bitmap {
            width: 2,
            height: 3,
            left: 1,
            top: 3,
            advance: 5,
            rows: vec![0b1100_0000; 3],
        };
        assert_eq!(bitmap, expected);
    }

    #[test]
    fn rows_are_byte_aligned_with_the_leftmost_pixel_in_the_top_bit() {
        let bitmap = pack(&rect(0.0, -2.0, 9.0, -1.0), 9.0).expect("fits");
        assert_eq!((bitmap.width, bitmap.height, bitmap.top), (9, 1, 2));
        assert_eq!(bitmap.rows, [0xff, 0x80]);
        assert_eq!(bitmap.to_text(), "#########\n");
    }

    #[test]
    fn pixels_under_half_covered_are_trimmed_away() {
        // Column 0 and row -5 are a quarter covered, column 3 and row -2 three quarters.
        let bitmap = pack(&rect(0.75, -4.25, 3.75, -1.25), 4.0).expect("fits");
        assert_eq!((bitmap.left, bitmap.width), (1, 3));
        assert_eq!((bitmap.top, bitmap.height), (4, 3));
        assert!(bitmap.rows.iter().all(|&row| row == 0b1110_0000));
    }

    #[test]
    fn ink_left_of_the_pen_and_below_the_baseline_has_negative_bearings() {
        let bitmap = pack(&rect(-2.0, 1.0, -1.0, 3.0), 0.0).expect("fits");
        assert_eq!(
            (bitmap.left, bitmap.top, bitmap.width, bitmap.height),
            (-2, -1, 1, 2)
        );
    }

    #[test]
    fn an_empty_outline_is_an_empty_bitmap_with_its_advance() {
        let bitmap = pack(&[], 4.4).expect("fits");
        assert_eq!(
            bitmap,
            Bitmap {
                advance: 4,
                ..Bitmap::default()
            }
        );
        // A sliver that covers no pixel by half is empty too.
        let sliver = pack(&rect(0.0, -1.0, 8.0, -0.9), 8.0).expect("fits");
        assert_eq!((sliver.width, sliver.height), (0, 0));
    }

    #[test]
    fn outlines_and_metrics_that_do_not_fit_are_refused() {
        // Not finite.
        assert_eq!(Coverage::render(&rect(0.0, 0.0, f32::NAN, 1.0)), None);
        assert_eq!(Coverage::render(&rect(0.0, 0.0, f32::INFINITY, 1.0)), None);
        // Larger than any glyph, or absurdly far away: not even rendered.
        assert_eq!(Coverage::render(&rect(0.0, 0.0, 5000.0, 1.0)), None);
        assert_eq!(Coverage::render(&rect(1e9, 0.0, 1e9 + 64.0, 1.0)), None);
        // Rendered, but wider than 255 px, or too far from the pen, or a bad advance.
        assert_eq!(pack(&rect(0.0, -1.0, 300.0, 0.0), 10.0), None);
        assert_eq!(pack(&rect(200.0, -1.0, 201.0, 0.0), 10.0), None);
        assert_eq!(pack(&rect(0.0, -1.0, 1.0, 0.0), 300.0), None);
        assert_eq!(pack(&rect(0.0, -1.0, 1.0, 0.0), -1.0), None);
        assert_eq!(pack(&rect(0.0, -1.0, 1.0, 0.0), f32::NAN), None);
    }
}
