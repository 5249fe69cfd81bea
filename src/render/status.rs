//! The status line under (or over) a page: a slot for the book title, `12 / 148`, `8%`, a
//! bookmark icon, the battery's charge where the device reads it, and a thin progress bar,
//! drawn on any [`GlyphCanvas`]: the figures as glyphs ([`super::figures`]), the icon in a
//! u8g2 font.

use embedded_graphics::draw_target::DrawTargetExt;
use embedded_graphics::pixelcolor::BinaryColor;
use embedded_graphics::prelude::{Dimensions, DrawTarget, Drawable, Point, Size};
use embedded_graphics::primitives::Rectangle;
use u8g2_fonts::types::{FontColor, VerticalPosition};
use u8g2_fonts::{fonts, Content, Error as FontError, FontRenderer};

use super::canvas::{glyph_box, DrawTargetCanvas, GlyphCanvas};
use super::figures::{self, Figures};

/// The font the figures are drawn like ([`super::figures`]): 6×10 fixed, 7 px above the
/// baseline and 2 below. Only its metrics are used here.
const DIGITS: FontRenderer = FontRenderer::new::<fonts::u8g2_font_6x10_tr>();
/// Open Iconic's "www" set (306 bytes, against 2.9 KB for the whole set at 1×).
const ICONS: FontRenderer =
    FontRenderer::new::<fonts::u8g2_font_open_iconic_www_1x_t>().with_ignore_unknown_chars(true);
/// The bookmark ribbon in [`ICONS`] (the same bitmap as `0x62` in `open_iconic_all`).
const BOOKMARK: char = 'A';

/// Pixels above the digits' ascent.
const TOP_PAD: u32 = 1;
/// Pixels between the text band and the progress bar.
const BAR_GAP: u32 = 1;
/// Height of the filled part of the progress bar; the track is its bottom row.
const BAR_HEIGHT: u32 = 3;
/// Pixels between the slots of a line.
const SLOT_GAP: u32 = 6;
/// Width of an Open Iconic 1× icon cell.
const ICON_WIDTH: u32 = 8;
/// The battery gauge: a 14 × 7 outline with a 1 × 3 terminal on its right, filled from the
/// left in proportion to the charge (10 px for 100 %, a pixel of air around it inside).
const BATTERY_WIDTH: u32 = 15;
const BATTERY_HEIGHT: u32 = 7;
const BATTERY_CHARGE: u32 = 10;
/// Descent of [`DIGITS`] below the baseline, in pixels.
const DESCENT: u32 = DIGITS.get_descent().unsigned_abs() as u32;

/// A status line over `area`: the title slot on the left, then the bookmark icon (when
/// [`StatusLine::bookmarked`]), `page / page_count` and the percentage on the right, and a
/// progress bar along the bottom.
///
/// Drawing fills `area` with `Off` first, then draws in `On`, clipped to `area`, and returns the title slot
/// ([`StatusLine::label_area`]) for the caller to draw the title into with CJK glyphs,
/// e.g. on [`StatusLine::baseline`]. The slots to the right are sized for the widest
/// values of `page_count` (`148 / 148`, `100%`), so the title slot does not move as the
/// reader turns pages or sets a bookmark, and nothing moves in a partial refresh.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusLine {
    /// Where to draw; at least [`StatusLine::MIN_HEIGHT`] tall (a taller area leaves room
    /// for a CJK title: the text band is everything above the progress bar).
    pub area: Rectangle,
    /// The current page, from 1; `0` when its number is not known yet (a page shown before
    /// the count has reached it): no page number is drawn.
    pub page: u32,
    /// Pages in the book; `0` while they are still being counted: the page number is drawn
    /// alone, without a total.
    pub page_count: u32,
    /// Whether the page carries a bookmark.
    pub bookmarked: bool,
    /// How far into the book the page is by characters, in percent: the figure and bar shown
    /// when the page number or the total is not known.
    pub text_percent: Option<u32>,
    /// The battery's charge in percent (capped at 100), drawn as a gauge left of the bookmark
    /// slot; `None` on a device that does not read it, which leaves the title its room.
    pub battery: Option<u8>,
    /// Whether the line reads right to left, as under a vertically set page whose next page
    /// lies to the left: its slots mirrored (the title on the right, the figures on the
    /// left) and the progress bar filled from the right.
    pub right_to_left: bool,
}

/// How far into a book of `page_count` pages the reader of `page` (from 1) is: `page /
/// page_count` in whole percent, rounded down; 100 on the last page, 0 for an empty book.
/// The one definition of a book's percentage: the status line, the library and the go-to
/// screen all show this number.
pub fn percent_read(page: u32, page_count: u32) -> u32 {
    fraction(100, page, page_count)
}

/// `whole × page / page_count`, with `page` capped at `page_count`; 0 when `page_count` is 0.
fn fraction(whole: u32, page: u32, page_count: u32) -> u32 {
    if page_count == 0 {
        return 0;
    }
    let page = u64::from(page.min(page_count));
    let part = u64::from(whole) * page / u64::from(page_count);
    u32::try_from(part).unwrap_or(whole)
}

/// Where each part of a status line goes.
struct Slots {
    label: Rectangle,
    battery_x: i32,
    icon_x: i32,
    pages_right: i32,
    baseline: i32,
}

impl StatusLine {
    /// The smallest height that fits the digits and the progress bar: 14 px.
    pub const MIN_HEIGHT: u32 =
        TOP_PAD + DIGITS.get_ascent().unsigned_abs() as u32 + DESCENT + BAR_GAP + BAR_HEIGHT;

    /// A status line without a bookmark.
    pub const fn new(area: Rectangle, page: u32, page_count: u32) -> Self {
        Self {
            area,
            page,
            page_count,
            bookmarked: false,
            text_percent: None,
            battery: None,
            right_to_left: false,
        }
    }

    /// The same line, reading right to left or not ([`StatusLine::right_to_left`]).
    pub const fn reading_right_to_left(mut self, right_to_left: bool) -> Self {
        self.right_to_left = right_to_left;
        self
    }

    /// Where something `width` wide that lies at `x` in a line read left to right lies in
    /// this line: there, or mirrored across the area.
    fn place(&self, x: i32, width: i32) -> i32 {
        if !self.right_to_left {
            return x;
        }
        let left = self.area.top_left.x;
        let right = left.saturating_add(to_i32(self.area.size.width));
        left.saturating_add(right)
            .saturating_sub(x)
            .saturating_sub(width)
    }

    /// Draws `figures` where, read left to right, they would end at `right`. A figure that
    /// would cross the area's edge is drawn clipped to it, a pixel at a time.
    fn draw_ending_at<C: GlyphCanvas>(
        &self,
        figures: Figures,
        right: i32,
        baseline: i32,
        canvas: &mut C,
    ) -> Result<(), C::Error> {
        let width = figures.width();
        let mut x = self.place(right.saturating_sub(width), width);
        for c in figures.chars() {
            let pen = Point::new(x, baseline);
            x = x.saturating_add(i32::from(figures::ADVANCE));
            let Some(glyph) = figures::glyph(c) else {
                continue;
            };
            let ink = glyph_box(&glyph, pen);
            if self.area.intersection(&ink) == ink {
                canvas.draw_glyph(&glyph, pen)?;
            } else {
                DrawTargetCanvas::new(&mut canvas.clipped(&self.area)).draw_glyph(&glyph, pen)?;
            }
        }
        Ok(())
    }

    /// The same line with the battery gauge at `percent`, or without one (`None`).
    pub const fn with_battery(mut self, percent: Option<u8>) -> Self {
        self.battery = percent;
        self
    }

    /// The same line with `percent` (by characters) to show when the page number or the
    /// total is not known (`page` or `page_count` 0).
    pub const fn with_text_percent(mut self, percent: Option<u32>) -> Self {
        self.text_percent = percent;
        self
    }

    /// Whether both the page number and the total are known.
    const fn counted(&self) -> bool {
        self.page > 0 && self.page_count > 0
    }

    /// The same line, with or without the bookmark icon.
    pub const fn with_bookmark(mut self, bookmarked: bool) -> Self {
        self.bookmarked = bookmarked;
        self
    }

    /// How far into the book the page is: [`percent_read`], or the percentage by characters
    /// when the page or the total is not known.
    pub fn percent(&self) -> u32 {
        match self.text_percent {
            Some(percent) if !self.counted() => percent.min(100),
            _ => percent_read(self.page, self.page_count),
        }
    }

    /// Pixels of the progress bar that are filled: `width × page / page_count` (or by the
    /// percentage by characters).
    pub fn progress_width(&self) -> u32 {
        match self.text_percent {
            Some(percent) if !self.counted() => {
                fraction(self.area.size.width, percent.min(100), 100)
            }
            _ => fraction(self.area.size.width, self.page, self.page_count),
        }
    }

    /// The title slot: the text band left of the icon and page numbers.
    pub fn label_area(&self) -> Rectangle {
        self.slots().label
    }

    /// The baseline of the digits, for the caller to set the title on the same line.
    pub fn baseline(&self) -> i32 {
        self.slots().baseline
    }

    fn slots(&self) -> Slots {
        let top = self.area.top_left.y;
        let left = self.area.top_left.x;
        let right = left.saturating_add(to_i32(self.area.size.width));
        let band = self.area.size.height.saturating_sub(BAR_GAP + BAR_HEIGHT);
        let baseline = top.saturating_add(to_i32(band.saturating_sub(DESCENT)));
        let pages_right = right
            .saturating_sub(Figures::new(format_args!("100%")).width())
            .saturating_sub(to_i32(SLOT_GAP));
        // While counting, room for a five-digit page number alone.
        let pages_width = match self.page_count {
            0 => Figures::new(format_args!("99999")).width(),
            count => Figures::new(format_args!("{count} / {count}")).width(),
        };
        let icon_x = pages_right
            .saturating_sub(pages_width)
            .saturating_sub(to_i32(SLOT_GAP + ICON_WIDTH));
        let battery_x = match self.battery {
            Some(_) => icon_x.saturating_sub(to_i32(SLOT_GAP + BATTERY_WIDTH)),
            None => icon_x,
        };
        let label_right = battery_x.saturating_sub(to_i32(SLOT_GAP));
        let label_width = u32::try_from(label_right.saturating_sub(left)).unwrap_or(0);
        let label_left = self.place(left, to_i32(label_width));
        Slots {
            label: Rectangle::new(Point::new(label_left, top), Size::new(label_width, band)),
            battery_x,
            icon_x,
            pages_right,
            baseline,
        }
    }
}

impl Dimensions for StatusLine {
    fn bounding_box(&self) -> Rectangle {
        self.area
    }
}

impl Drawable for StatusLine {
    type Color = BinaryColor;
    /// The title slot, [`StatusLine::label_area`].
    type Output = Rectangle;

    fn draw<D>(&self, target: &mut D) -> Result<Rectangle, D::Error>
    where
        D: DrawTarget<Color = BinaryColor>,
    {
        self.draw_on(&mut DrawTargetCanvas::new(target))
    }
}

impl StatusLine {
    /// Draws the line onto `canvas`, as [`Drawable::draw`] does onto any target, and returns
    /// the title slot; on a [`PackedFramebuffer`](super::PackedFramebuffer) the figures go
    /// through its row blit.
    pub fn draw_on<C: GlyphCanvas>(&self, canvas: &mut C) -> Result<Rectangle, C::Error> {
        let slots = self.slots();
        canvas.fill_solid(&self.area, BinaryColor::Off)?;

        let right = self
            .area
            .top_left
            .x
            .saturating_add(to_i32(self.area.size.width));
        let percent = Figures::new(format_args!("{}%", self.percent()));
        self.draw_ending_at(percent, right, slots.baseline, canvas)?;
        let pages = match (self.page, self.page_count) {
            // The page number is not known yet: the percentage alone says where it is.
            (0, _) => None,
            // Counting: the page number, without a made-up total.
            (page, 0) => Some(Figures::new(format_args!("{page}"))),
            (page, count) => Some(Figures::new(format_args!("{page} / {count}"))),
        };
        if let Some(pages) = pages {
            self.draw_ending_at(pages, slots.pages_right, slots.baseline, canvas)?;
        }

        // Nothing lands outside the area, however narrow it is.
        let target = &mut canvas.clipped(&self.area);

        if self.bookmarked {
            // The ribbon's ink sits 2..9 px above its baseline: lift it to the digits' top.
            let x = self.place(slots.icon_x, to_i32(ICON_WIDTH));
            let at = Point::new(x, slots.baseline.saturating_add(1));
            draw_text(&ICONS, BOOKMARK, at, target)?;
        }

        if let Some(percent) = self.battery {
            let x = self.place(slots.battery_x, to_i32(BATTERY_WIDTH));
            draw_battery(percent, x, slots.baseline, target)?;
        }

        let bottom = self
            .area
            .top_left
            .y
            .saturating_add(to_i32(self.area.size.height));
        let bar_top = bottom.saturating_sub(to_i32(BAR_HEIGHT));
        let filled = Size::new(self.progress_width(), BAR_HEIGHT);
        let filled_left = self.place(self.area.top_left.x, to_i32(filled.width));
        target.fill_solid(
            &Rectangle::new(Point::new(filled_left, bar_top), filled),
            BinaryColor::On,
        )?;
        let track = Size::new(self.area.size.width, 1);
        let track_top = Point::new(self.area.top_left.x, bottom.saturating_sub(1));
        target.fill_solid(&Rectangle::new(track_top, track), BinaryColor::On)?;

        Ok(slots.label)
    }
}

/// Draws the battery gauge at `percent` from `left`, its bottom row just above `baseline`, like
/// the digits' ink: the outline, the terminal, and `10 × percent / 100` columns filled inside.
fn draw_battery<D>(percent: u8, left: i32, baseline: i32, target: &mut D) -> Result<(), D::Error>
where
    D: DrawTarget<Color = BinaryColor>,
{
    let top = baseline.saturating_sub(to_i32(BATTERY_HEIGHT));
    let outline = Size::new(BATTERY_WIDTH - 1, BATTERY_HEIGHT);
    let body = Rectangle::new(Point::new(left, top), outline);
    target.fill_solid(&body, BinaryColor::On)?;
    let inside = Rectangle::new(
        Point::new(left + 1, top + 1),
        Size::new(BATTERY_CHARGE + 2, BATTERY_HEIGHT - 2),
    );
    target.fill_solid(&inside, BinaryColor::Off)?;
    let terminal = Rectangle::new(
        Point::new(left + to_i32(BATTERY_WIDTH - 1), top + 2),
        Size::new(1, 3),
    );
    target.fill_solid(&terminal, BinaryColor::On)?;
    let filled = fraction(BATTERY_CHARGE, u32::from(percent), 100);
    let charge = Rectangle::new(
        Point::new(left + 2, top + 2),
        Size::new(filled, BATTERY_HEIGHT - 4),
    );
    target.fill_solid(&charge, BinaryColor::On)
}

/// Draws `content` in `On` with its baseline at `at`, passing on the target's errors.
///
/// The renderers ignore unknown characters and draw transparently, so the display error is
/// the only one they can return; the tests check that every character used is in the fonts.
fn draw_text<D>(
    font: &FontRenderer,
    content: impl Content,
    at: Point,
    target: &mut D,
) -> Result<(), D::Error>
where
    D: DrawTarget<Color = BinaryColor>,
{
    let color = FontColor::Transparent(BinaryColor::On);
    match font.render(content, at, VerticalPosition::Baseline, color, target) {
        Err(FontError::DisplayError(error)) => Err(error),
        Ok(_) | Err(_) => Ok(()),
    }
}

fn to_i32(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    extern crate std;

    use std::vec::Vec;

    use embedded_graphics::mock_display::MockDisplay;

    use super::*;
    use crate::render::framebuffer::tests::ascii;
    use crate::render::{DrawTargetCanvas, PackedFramebuffer};

    const WIDTH: u32 = 300;

    fn line(page: u32, page_count: u32) -> StatusLine {
        let area = Rectangle::new(Point::zero(), Size::new(WIDTH, StatusLine::MIN_HEIGHT));
        StatusLine::new(area, page, page_count)
    }

    /// Draws `status` into a fresh white framebuffer and returns its rows as `#`/`.`.
    fn draw(status: &StatusLine, height: u32) -> (Rectangle, Vec<std::string::String>) {
        let mut buf = std::vec![0u8; PackedFramebuffer::buffer_len(WIDTH, height)];
        let mut fb = PackedFramebuffer::new(&mut buf, Size::new(WIDTH, height)).unwrap();
        fb.clear(BinaryColor::On);
        let label = status.draw(&mut fb).unwrap();
        (label, ascii(&fb))
    }

    fn ink_in(rows: &[std::string::String], y: usize, xs: core::ops::Range<usize>) -> usize {
        rows[y][xs].matches('#').count()
    }

    #[test]
    fn every_character_drawn_is_in_the_fonts() {
        let strict = FontRenderer::new::<fonts::u8g2_font_6x10_tr>();
        let dims = strict.get_rendered_dimensions(
            "0123456789 /%",
            Point::zero(),
            VerticalPosition::Baseline,
        );
        assert_eq!(dims.unwrap().advance.x, 13 * 6);
        let icons = FontRenderer::new::<fonts::u8g2_font_open_iconic_www_1x_t>();
        assert!(icons
            .get_rendered_dimensions(BOOKMARK, Point::zero(), VerticalPosition::Baseline)
            .is_ok());
        assert_eq!(StatusLine::MIN_HEIGHT, 14);
    }

    #[test]
    fn while_counting_the_page_shows_alone_and_the_percentage_is_by_characters() {
        // The digits are 6 px wide: "100%" takes 24 px at the right, the page slot ends
        // SLOT_GAP before it.
        let pages_right = (WIDTH - 24 - SLOT_GAP) as usize;
        let text_rows = 0..10;
        let ink = |rows: &[std::string::String], xs: core::ops::Range<usize>| -> usize {
            text_rows.clone().map(|y| ink_in(rows, y, xs.clone())).sum()
        };
        // Page 12 of a book still being counted, 37 % of the characters in.
        let counting = line(12, 0).with_text_percent(Some(37));
        assert_eq!(counting.percent(), 37);
        assert_eq!(counting.progress_width(), WIDTH * 37 / 100);
        let (_, rows) = draw(&counting, StatusLine::MIN_HEIGHT);
        assert!(
            ink(&rows, pages_right - 12..pages_right) > 0,
            "the page number"
        );
        assert_eq!(
            ink(&rows, pages_right - 60..pages_right - 12),
            0,
            "no total"
        );
        // The percentage is drawn as a counted line showing 37 % draws it.
        let (_, counted) = draw(&line(37, 100), StatusLine::MIN_HEIGHT);
        for y in text_rows.clone() {
            assert_eq!(
                rows[y][WIDTH as usize - 24..],
                counted[y][WIDTH as usize - 24..]
            );
        }
        assert_eq!(rows[11].matches('#').count(), (WIDTH * 37 / 100) as usize);
        // The page number unknown: no number at all, only the percentage.
        let floating = line(0, 0).with_text_percent(Some(37));
        let (_, rows) = draw(&floating, StatusLine::MIN_HEIGHT);
        assert_eq!(ink(&rows, 0..pages_right), 0);
        assert!(ink(&rows, WIDTH as usize - 24..WIDTH as usize) > 0);
        // Once counted, the pages decide and the percentage by characters is ignored.
        let known = line(12, 148).with_text_percent(Some(37));
        assert_eq!(known.percent(), 8);
    }

    #[test]
    fn percent_and_slots() {
        assert_eq!(line(12, 148).percent(), 8);
        assert_eq!(line(148, 148).percent(), 100);
        assert_eq!(line(400, 148).percent(), 100);
        assert_eq!(line(3, 0).percent(), 0);
        // 300 px: "100%" takes 24, "148 / 148" 54, the icon 8, three gaps of 6.
        let status = line(12, 148);
        assert_eq!(
            status.label_area(),
            Rectangle::new(Point::zero(), Size::new(196, 10))
        );
        assert_eq!(status.baseline(), 8);
        assert_eq!(status.bounding_box(), status.area);
    }

    #[test]
    fn draws_numbers_right_aligned_and_keeps_the_label_blank() {
        let status = line(12, 148);
        let (label, rows) = draw(&status, StatusLine::MIN_HEIGHT);
        assert_eq!(label, status.label_area());
        for row in &rows[..10] {
            assert!(
                !row[..203].contains('#'),
                "ink left of the page numbers: {row}"
            );
        }
        // "12 / 148" is 8 cells ending at x = 270; "8%" is 2 cells ending at x = 300.
        let text: usize = (0..10).map(|y| ink_in(&rows, y, 222..270)).sum();
        assert!(text > 20, "page numbers missing:\n{}", rows.join("\n"));
        assert_eq!(
            (0..10).map(|y| ink_in(&rows, y, 270..288)).sum::<usize>(),
            0
        );
        assert!((0..10).map(|y| ink_in(&rows, y, 288..300)).sum::<usize>() > 10);
        // Digits sit on the baseline: ink in rows 1..=7, none in the pad row or below.
        assert_eq!(ink_in(&rows, 0, 0..300), 0);
        assert!(ink_in(&rows, 7, 222..300) > 0);
        assert_eq!(ink_in(&rows, 8, 0..300) + ink_in(&rows, 9, 0..300), 0);
    }

    #[test]
    fn bookmark_icon_fills_its_slot_only_when_bookmarked() {
        let (_, plain) = draw(&line(12, 148), StatusLine::MIN_HEIGHT);
        let (_, marked) = draw(&line(12, 148).with_bookmark(true), StatusLine::MIN_HEIGHT);
        let icon: Vec<&str> = marked[..10].iter().map(|row| &row[202..210]).collect();
        assert_eq!(
            icon,
            [
                "........", "..####..", "..####..", "..####..", "..####..", "..####..", "..####..",
                "..#..#..", "........", "........",
            ]
        );
        for (y, (a, b)) in plain.iter().zip(&marked).enumerate() {
            assert_eq!(a[..202], b[..202], "row {y}");
            assert_eq!(a[210..], b[210..], "row {y}");
        }
        assert_eq!(
            plain[..10]
                .iter()
                .map(|row| row[202..210].matches('#').count())
                .sum::<usize>(),
            0
        );
    }

    #[test]
    fn the_battery_gauge_shows_the_charge_and_takes_its_room_from_the_title() {
        let plain = line(12, 148);
        let (_, without) = draw(&plain, StatusLine::MIN_HEIGHT);
        let gauge = |percent| {
            let status = line(12, 148).with_battery(Some(percent));
            let (label, rows) = draw(&status, StatusLine::MIN_HEIGHT);
            (label, rows)
        };
        let (label, empty) = gauge(0);
        // The title slot ends 15 px of gauge and a 6 px gap further left.
        assert_eq!(plain.label_area().size.width - label.size.width, 21);
        // Left of the bookmark slot (202..210, a 6 px gap before it): 181..196.
        let cells = |rows: &[std::string::String]| -> Vec<std::string::String> {
            rows[1..8]
                .iter()
                .map(|row| row[181..196].to_owned())
                .collect()
        };
        assert_eq!(
            cells(&empty),
            [
                "##############.",
                "#............#.",
                "#............##",
                "#............##",
                "#............##",
                "#............#.",
                "##############.",
            ]
        );
        let (_, half) = gauge(50);
        assert_eq!(cells(&half)[2], "#.#####......##");
        let (_, full) = gauge(100);
        assert_eq!(cells(&full)[3], "#.##########.##");
        assert_eq!(cells(&full)[1], "#............#.", "air above the charge");
        let (_, over) = gauge(250);
        assert_eq!(cells(&over), cells(&full), "capped at 100 %");
        // Nothing else on the line moves.
        for (y, (a, b)) in without.iter().zip(&half).enumerate() {
            assert_eq!(a[196..], b[196..], "row {y}");
        }
        assert_eq!(
            (0..10).map(|y| ink_in(&without, y, 0..210)).sum::<usize>(),
            0
        );
    }

    #[test]
    fn progress_bar_is_proportional() {
        let height = StatusLine::MIN_HEIGHT;
        for (page, count) in [
            (0, 148),
            (1, 148),
            (12, 148),
            (74, 148),
            (147, 148),
            (148, 148),
            (999, 148),
            (1, 0),
            (1, 1),
            (2, 3),
        ] {
            let status = line(page, count);
            let (_, rows) = draw(&status, height);
            let expected = if count == 0 {
                0
            } else {
                WIDTH as usize * page.min(count) as usize / count as usize
            };
            assert_eq!(status.progress_width() as usize, expected);
            for (y, filled) in rows.iter().enumerate().take(13).skip(11) {
                assert_eq!(
                    filled.matches('#').count(),
                    expected,
                    "{page}/{count} row {y}"
                );
                assert!(
                    !filled[expected..].contains('#'),
                    "{page}/{count}: filled from the left"
                );
            }
            assert_eq!(rows[13], "#".repeat(WIDTH as usize), "track");
            assert_eq!(ink_in(&rows, 10, 0..300), 0, "gap above the bar");
        }
    }

    #[test]
    fn taller_lines_move_the_text_down_and_generic_targets_match() {
        let area = Rectangle::new(Point::new(0, 2), Size::new(64, 24));
        let status = StatusLine::new(area, 3, 9).with_bookmark(true);
        assert_eq!(status.baseline(), 2 + 20 - 2);
        assert_eq!(status.label_area().size.height, 20);
        let mut buf = [0u8; 8 * 30];
        let mut fb = PackedFramebuffer::new(&mut buf, Size::new(64, 30)).unwrap();
        fb.clear(BinaryColor::Off);
        status.draw(&mut fb).unwrap();
        let mut display = MockDisplay::new();
        display.set_allow_overdraw(true);
        let mut canvas = DrawTargetCanvas::new(&mut display);
        canvas
            .fill_solid(
                &Rectangle::new(Point::zero(), Size::new(64, 30)),
                BinaryColor::Off,
            )
            .unwrap();
        status.draw(&mut canvas).unwrap();
        for y in 0..30 {
            for x in 0..64 {
                let p = Point::new(x, y);
                assert_eq!(fb.pixel(p), display.get_pixel(p), "at {p:?}");
            }
        }
        // A 64 px line has no room for a title; the slots still fit inside it.
        assert_eq!(status.label_area().size.width, 0);
    }
}
