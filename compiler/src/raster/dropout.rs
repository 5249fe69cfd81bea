//! Dropout control: ink for strokes thinner than a pixel that thresholding would lose.
//!
//! The autohinter snaps the stems it recognises, but in dense characters it leaves some thin
//! horizontals alone (the top 横折 of 書 and the top of its 日 are about 0.6 px thick at
//! 16 px), and diagonals are never snapped. Such a stroke can spread its ink over two pixels
//! of which neither reaches the coverage threshold, and then it vanishes: without what
//! follows, 473 of the 1252 characters of the two books lose ink at 16 px, 321 at 20 px
//! and 284 at 24 px.
//!
//! Monochrome rasterizers prevent that with dropout control (TrueType's SCANCTRL; FreeType
//! applies it to every outline by default): a span of the outline's inside along a scanline
//! through pixel centres that got no pixel gets one. We do the same on top of the thresholded
//! coverage mask, with the spans computed exactly from the hinted outline, along the
//! vertical scanlines through column centres (rescuing horizontal strokes) and then the
//! horizontal ones through row centres (rescuing vertical strokes and diagonals).

use zeno::{Command, Point};

use super::coverage::InkGrid;

/// The largest distance (pixels) between a curve and the line segments that replace it.
const FLATNESS: f32 = 0.05;

/// Most line segments one curve becomes.
const MAX_CURVE_SEGMENTS: f32 = 64.0;

/// Gives ink to every inside span along a column or row centre of `grid` that has none,
/// unless it is a stub. `commands` is the outline in pixels, y down.
pub(super) fn rescue_dropouts(grid: &mut InkGrid, commands: &[Command]) {
    let lines = flatten(commands);
    if lines.is_empty() {
        return;
    }
    // Vertical scanlines through column centres: thin horizontal strokes. Such a stroke is
    // most often the top of a box or a bar that vertical stems hang from (口, 日, 目, the
    // top of 里 in 量); those stems start on the first pixel whose centre is below the
    // stroke's top edge, which is the lower of the two pixels a thin stroke straddles. Ink
    // there closes the corners (FreeType's default dropout rule picks the same pixel).
    let columns: Vec<Vec<(f32, f32)>> = (0..grid.width)
        .map(|column| {
            let x = grid.left as f32 + column as f32 + 0.5;
            spans(
                lines
                    .iter()
                    .filter_map(|&(a, b)| cross(a.x, a.y, b.x, b.y, x)),
            )
        })
        .collect();
    let rescued = dropouts(&columns, grid.top, Pick::Last, |column, row| {
        grid.is_ink_at(column as i64, row)
    });
    for (column, row) in rescued {
        grid.set_at(column as i64, row);
    }
    // Horizontal scanlines through row centres: thin vertical strokes and diagonals, which
    // get the pixel holding the middle of the span.
    let rows: Vec<Vec<(f32, f32)>> = (0..grid.height)
        .map(|row| {
            let y = grid.top as f32 + row as f32 + 0.5;
            spans(
                lines
                    .iter()
                    .filter_map(|&(a, b)| cross(a.y, a.x, b.y, b.x, y)),
            )
        })
        .collect();
    let rescued = dropouts(&rows, grid.left, Pick::Middle, |row, column| {
        grid.is_ink_at(column, row as i64)
    });
    for (row, column) in rescued {
        grid.set_at(column, row as i64);
    }
}

/// Which pixel a dropout span gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pick {
    /// The one holding the span's end (the larger coordinate).
    Last,
    /// The one holding the span's middle.
    Middle,
}

/// The pixels to set for the dropouts among `scanlines` (the inside spans along each
/// scanline, in pixels), as (scanline, pixel index along it). `origin` is the coordinate of
/// pixel 0's edge along the scanlines; `is_ink(scanline, pixel)` reads the image.
///
/// A span whose pixels have no ink is a dropout. It gets a pixel unless it is a stub that is
/// already drawn: a stroke's tapered tip reaching past the last pixel centre (no inside
/// span overlaps it on one of the neighbouring scanlines) while the stroke it ends has ink
/// on the other side. That is FreeType's default too (dropout control "excluding stubs");
/// without it every pointed stroke end, like the feet of 人, grows by a pixel.
fn dropouts(
    scanlines: &[Vec<(f32, f32)>],
    origin: i32,
    pick: Pick,
    is_ink: impl Fn(usize, i64) -> bool,
) -> Vec<(usize, i64)> {
    let origin = i64::from(origin);
    let first = |start: f32| start.floor() as i64 - origin;
    let last = |end: f32| end.ceil() as i64 - 1 - origin;
    let has_ink = |line: usize, (start, end): (f32, f32)| {
        (first(start)..=last(end)).any(|pixel| is_ink(line, pixel))
    };
    let overlapping = |line: Option<usize>, (start, end): (f32, f32)| {
        line.and_then(|line| Some((line, scanlines.get(line)?)))
            .into_iter()
            .flat_map(|(line, spans)| spans.iter().map(move |&other| (line, other)))
            .filter(move |&(_, other)| other.0 <= end && start <= other.1)
    };
    let mut rescued = Vec::new();
    for (line, spans) in scanlines.iter().enumerate() {
        for &span in spans {
            if has_ink(line, span) {
                continue;
            }
            let neighbours = [line.checked_sub(1), line.checked_add(1)];
            let is_stub = neighbours
                .iter()
                .any(|&other| overlapping(other, span).next().is_none());
            let is_drawn = neighbours
                .iter()
                .any(|&other| overlapping(other, span).any(|(other, span)| has_ink(other, span)));
            if is_stub && is_drawn {
                continue;
            }
            let pixel = match pick {
                Pick::Last => last(span.1),
                Pick::Middle => first((span.0 + span.1) / 2.0),
            };
            rescued.push((line, pixel));
        }
    }
    rescued
}

/// Where the segment from `(u0, v0)` to `(u1, v1)` crosses the line `u = at`, as
/// `(v, winding)`; the segment owns its lower end but not its upper one, so a scanline
/// through a vertex counts it once.
fn cross(u0: f32, v0: f32, u1: f32, v1: f32, at: f32) -> Option<(f32, i32)> {
    let (winding, low, high) = if u0 < u1 {
        (1, (u0, v0), (u1, v1))
    } else if u1 < u0 {
        (-1, (u1, v1), (u0, v0))
    } else {
        return None;
    };
    if !(low.0 <= at && at < high.0) {
        return None;
    }
    let t = (at - low.0) / (high.0 - low.0);
    Some((low.1 + t * (high.1 - low.1), winding))
}

/// The inside spans (non-zero winding) along one scanline, from its crossings.
fn spans(crossings: impl Iterator<Item = (f32, i32)>) -> Vec<(f32, f32)> {
    let mut crossings: Vec<(f32, i32)> = crossings.collect();
    crossings.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut spans = Vec::new();
    let mut winding = 0;
    let mut start = 0.0;
    for &(v, direction) in crossings.iter() {
        let was_inside = winding != 0;
        winding += direction;
        match (was_inside, winding != 0) {
            (false, true) => start = v,
            (true, false) if v > start => spans.push((start, v)),
            _ => {}
        }
    }
    spans
}

/// The outline as closed polygons of line segments.
fn flatten(commands: &[Command]) -> Vec<(Point, Point)> {
    let mut lines = Vec::new();
    let mut start = Point::ZERO;
    let mut pen = Point::ZERO;
    for command in commands {
        match *command {
            Command::MoveTo(p) => {
                if pen != start {
                    lines.push((pen, start));
                }
                start = p;
                pen = p;
            }
            Command::LineTo(p) => {
                lines.push((pen, p));
                pen = p;
            }
            Command::QuadTo(c, p) => {
                // Degree elevation: the same curve as a cubic.
                let c0 = pen + (c - pen) * (2.0 / 3.0);
                let c1 = p + (c - p) * (2.0 / 3.0);
                cubic(&mut lines, pen, c0, c1, p);
                pen = p;
            }
            Command::CurveTo(c0, c1, p) => {
                cubic(&mut lines, pen, c0, c1, p);
                pen = p;
            }
            Command::Close => {
                if pen != start {
                    lines.push((pen, start));
                }
                pen = start;
            }
        }
    }
    if pen != start {
        lines.push((pen, start));
    }
    lines
}

/// Appends the cubic from `p0` to `p3` as line segments within [`FLATNESS`].
fn cubic(lines: &mut Vec<(Point, Point)>, p0: Point, p1: Point, p2: Point, p3: Point) {
    // A cubic split into n equal steps strays at most 3/4 · max|second difference| / n²
    // from its chords.
    let second_difference = (p0 - p1 * 2.0 + p2)
        .length()
        .max((p1 - p2 * 2.0 + p3).length());
    let steps = (0.75 * second_difference / FLATNESS)
        .sqrt()
        .ceil()
        .clamp(1.0, MAX_CURVE_SEGMENTS);
    // `steps` is a whole number in 1..=64 (NaN clamps to... nothing: guard it).
    let steps = if steps.is_finite() { steps as u32 } else { 1 };
    let mut previous = p0;
    for step in 1..=steps {
        let t = step as f32 / steps as f32;
        let mt = 1.0 - t;
        let point = p0 * (mt * mt * mt)
            + p1 * (3.0 * mt * mt * t)
            + p2 * (3.0 * mt * t * t)
            + p3 * (t * t * t);
        lines.push((previous, point));
        previous = point;
    }
}

#[cfg(test)]
mod tests {
    use super::super::coverage::Coverage;
    use super::*;

    fn polygon(points: &[(f32, f32)]) -> Vec<Command> {
        let mut commands: Vec<Command> = points
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| {
                if i == 0 {
                    Command::MoveTo(Point::new(x, y))
                } else {
                    Command::LineTo(Point::new(x, y))
                }
            })
            .collect();
        commands.push(Command::Close);
        commands
    }

    /// The outline thresholded at half coverage, before and after dropout control, as text.
    fn before_and_after(commands: &[Command]) -> (String, String) {
        let coverage = Coverage::render(commands).expect("renders");
        let mut grid = coverage.threshold(128);
        let before = grid.to_bitmap(0.0).expect("fits").to_text();
        rescue_dropouts(&mut grid, commands);
        let after = grid.to_bitmap(0.0).expect("fits").to_text();
        (before, after)
    }

    #[test]
    fn a_thin_horizontal_stroke_between_pixel_centres_gets_the_lower_row() {
        // 0.7 px thick between the centres of rows 2 and 3: 40 % and 30 % coverage.
        let bar = polygon(&[(0.0, 2.6), (6.0, 2.6), (6.0, 3.3), (0.0, 3.3)]);
        let (before, after) = before_and_after(&bar);
        assert_eq!(before, "");
        assert_eq!(after, "######\n");
        let coverage = Coverage::render(&bar).expect("renders");
        let mut grid = coverage.threshold(128);
        rescue_dropouts(&mut grid, &bar);
        // The grid starts at row 2.
        assert_eq!(grid.top, 2);
        assert!((0..6).all(|x| grid.is_ink_at(x, 1) && !grid.is_ink_at(x, 0)));
    }

    #[test]
    fn a_thin_vertical_stroke_gets_the_column_holding_its_middle() {
        let bar = polygon(&[(2.6, 0.0), (3.3, 0.0), (3.3, 5.0), (2.6, 5.0)]);
        let coverage = Coverage::render(&bar).expect("renders");
        let mut grid = coverage.threshold(128);
        rescue_dropouts(&mut grid, &bar);
        // The grid starts at column 2.
        assert_eq!(grid.left, 2);
        assert!((0..5).all(|y| grid.is_ink_at(0, y) && !grid.is_ink_at(1, y)));
    }

    #[test]
    fn a_thin_diagonal_between_pixel_centres_stays_connected() {
        // A 0.6 px wide stroke at 45 degrees that runs midway between the pixel centres:
        // every pixel it crosses is under half covered.
        let stroke = polygon(&[(0.08, 0.0), (0.92, 0.0), (8.92, 8.0), (8.08, 8.0)]);
        let (before, after) = before_and_after(&stroke);
        assert_eq!(before, "");
        let lines: Vec<&str> = after.lines().collect();
        assert_eq!(lines.len(), 8, "{after}");
        // Each row's ink touches the previous row's, diagonally at least.
        let ink = |line: &str| -> Vec<usize> { line.match_indices('#').map(|(i, _)| i).collect() };
        for pair in lines.windows(2) {
            let (above, below) = (ink(pair[0]), ink(pair[1]));
            assert!(
                below
                    .iter()
                    .any(|&x| above.iter().any(|&a| a.abs_diff(x) <= 1)),
                "{after}"
            );
        }
    }

    #[test]
    fn a_tapered_stroke_end_is_not_lengthened() {
        // A two-pixel stem whose end tapers to a point 0.7 px below its last full row: the
        // scanline through the next row's centre cuts a sliver off the tip.
        let stem = polygon(&[(1.0, 0.0), (3.0, 0.0), (3.0, 4.0), (2.0, 4.7), (1.0, 4.0)]);
        let (before, after) = before_and_after(&stem);
        assert_eq!(before, "##\n##\n##\n##\n");
        assert_eq!(after, before);
    }

    #[test]
    fn a_lone_speck_thinner_than_a_pixel_still_shows() {
        // It crosses the scanline through the centres of column 1, but no pixel centre.
        let speck = polygon(&[(1.3, 1.6), (1.7, 1.6), (1.7, 1.9), (1.3, 1.9)]);
        let (before, after) = before_and_after(&speck);
        assert_eq!((before.as_str(), after.as_str()), ("", "#\n"));
    }

    #[test]
    fn spans_follow_the_non_zero_rule() {
        // Two overlapping contours in the same direction are one inside span.
        let same = spans([(0.0, 1), (1.0, 1), (2.0, -1), (3.0, -1)].into_iter());
        assert_eq!(same, [(0.0, 3.0)]);
        // A counter-wound contour inside another is a hole.
        let hole = spans([(3.0, -1), (0.0, 1), (2.0, 1), (1.0, -1)].into_iter());
        assert_eq!(hole, [(0.0, 1.0), (2.0, 3.0)]);
    }

    #[test]
    fn curves_are_flattened_within_tolerance() {
        // A quarter circle of radius 10 as a cubic (control distance 0.5523 r).
        let k = 5.523;
        let arc = [
            Command::MoveTo(Point::new(10.0, 0.0)),
            Command::CurveTo(
                Point::new(10.0, k),
                Point::new(k, 10.0),
                Point::new(0.0, 10.0),
            ),
        ];
        let lines = flatten(&arc);
        // Every segment ends on the circle (to the cubic's own accuracy) and the
        // closing line runs back to the start.
        for &(_, end) in &lines[..lines.len() - 1] {
            assert!((end.length() - 10.0).abs() < 0.03, "{end:?}");
        }
        for &(start, end) in &lines[..lines.len() - 1] {
            let middle = (start + end) * 0.5;
            assert!(10.0 - middle.length() <= FLATNESS + 0.03, "{middle:?}");
        }
        assert_eq!(
            lines.last(),
            Some(&(Point::new(0.0, 10.0), Point::new(10.0, 0.0)))
        );
    }
}
