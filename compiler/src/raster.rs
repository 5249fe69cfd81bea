//! Hinted 1-bit rasterization of the glyphs the books use.
//!
//! The pipeline for one character at one size:
//!
//! 1. the font's cmap gives the glyph ([`None`] when there is none), and for a vertical form
//!    the face's `vrt2`/`vert` substitution of it (see [`crate::vertical`]);
//! 2. skrifa's automatic hinter, targeting monochrome output, grid-fits the outline at
//!    that size (built once per size in [`Rasterizer::at_size`]);
//! 3. zeno fills the hinted outline into an 8-bit coverage mask;
//! 4. the mask is thresholded to 1 bit ([`INK_THRESHOLD`]), strokes thinner than a pixel that
//!    thresholding lost are put back (dropout control), and the result is trimmed to ink and
//!    packed into the core's glyph layout (see `moye::glyphs`): byte-aligned rows, most
//!    significant bit leftmost, set bit = ink.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use moye_compiler::raster::Rasterizer;
//!
//! let font = std::fs::read("fonts/NotoSansCJKsc-Regular.otf")?;
//! let rasterizer = Rasterizer::new(&font)?;
//! let sized = rasterizer.at_size(16)?;
//! let glyph = sized.glyph('一').ok_or("no glyph for 一")?;
//! assert_eq!(glyph.advance, 16);
//! # Ok(())
//! # }
//! ```

use std::collections::HashMap;
use std::fmt;

use skrifa::{
    charmap::Charmap,
    instance::{LocationRef, Size},
    metrics::{GlyphMetrics, Metrics},
    outline::{
        DrawSettings, Engine, GlyphStyles, HintingInstance, HintingOptions, OutlineGlyphCollection,
        OutlinePen, Target,
    },
    raw::TableProvider,
    FontRef, GlyphId, MetadataProvider,
};
use zeno::{Command, Point};

mod coverage;
mod dropout;
pub mod replacement;

use coverage::Coverage;

/// The smallest pixel size [`Rasterizer::at_size`] accepts.
pub const MIN_PX: u8 = 8;

/// The largest pixel size [`Rasterizer::at_size`] accepts: large enough for headings, small
/// enough that a one-em glyph's metrics fit the core's `u8`/`i8` fields.
pub const MAX_PX: u8 = 96;

/// Coverage (out of 255) at or above which a pixel becomes ink: one half.
///
/// The monochrome autohinter puts the edges of the stems it recognises on pixel boundaries
/// and makes those stems a whole number of pixels thick, so their pixels have a coverage of
/// exactly 0 or 255 and any threshold keeps them. The threshold decides everything else:
/// diagonals and curves (撇, 捺, 点), which no hinter snaps, and the thin horizontals the
/// CJK autohinter leaves alone in dense characters (the top of 日 in 書 at 16 px).
///
/// Half coverage is what a sampling rasterizer such as FreeType's monochrome mode does (a
/// pixel is ink when its centre is inside the outline), so a diagonal keeps the weight it
/// has in the design. Measured over the ~1250 characters of the two books at 16 px, a
/// threshold of 96 adds 10 % ink and 64 adds 21 %: diagonals become two pixels thick and
/// blobs grow where strokes cross (the middle of 關, the 丶 of 永). 160 removes 8 %: diagonals
/// turn into disconnected steps (永, 必). With 128 our glyphs differ from FreeType 2.12's
/// autohinted monochrome rendering of the same font in about 4 % of their ink pixels, and
/// as much without dropout control on either side: the two hinters do not place every stroke
/// identically.
///
/// What thresholding loses, strokes thinner than a pixel whose ink is split between two
/// pixels below the threshold, dropout control puts back (see the `dropout` module).
///
/// No stem darkening: it compensates for anti-aliased stems looking light on screen, while
/// the hinted stems here are solid pixels already; emboldening would merge the strokes that
/// are one pixel apart in dense characters at 16 px.
pub const INK_THRESHOLD: u8 = 128;

/// Why a font or size could not be rasterized.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum RasterError {
    /// The font data is not an OpenType font skrifa can read.
    BadFont(skrifa::raw::ReadError),
    /// The font has neither `glyf` nor `CFF`/`CFF2` outlines.
    NoOutlines,
    /// The font does not map a single character in its cmap.
    NoCharmap,
    /// The requested pixel size is outside [`MIN_PX`]`..=`[`MAX_PX`].
    SizeOutOfRange(u8),
    /// The hinter could not be set up for this size.
    Hinting {
        /// The pixel size.
        px: u8,
        /// What skrifa reported.
        error: skrifa::outline::DrawError,
    },
    /// The glyph's outline could not be drawn.
    Draw {
        /// The character.
        c: char,
        /// The pixel size.
        px: u8,
        /// What skrifa reported.
        error: skrifa::outline::DrawError,
    },
    /// The glyph's ink or metrics do not fit the core's glyph fields (`u8` width, height and
    /// advance, `i8` bearings), or its outline has coordinates that are not finite.
    GlyphTooLarge {
        /// The character.
        c: char,
        /// The pixel size.
        px: u8,
    },
}

impl fmt::Display for RasterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadFont(error) => write!(f, "bad font data: {error}"),
            Self::NoOutlines => write!(f, "bad font data: the font has no glyph outlines"),
            Self::NoCharmap => write!(f, "bad font data: the font maps no characters (cmap)"),
            Self::SizeOutOfRange(px) => write!(
                f,
                "font size {px} px is out of range: sizes from {MIN_PX} to {MAX_PX} px are supported"
            ),
            Self::Hinting { px, error } => {
                write!(f, "cannot set up hinting at {px} px: {error}")
            }
            Self::Draw { c, px, error } => write!(
                f,
                "cannot draw the glyph of {c:?} (U+{:04X}) at {px} px: {error}",
                u32::from(*c)
            ),
            Self::GlyphTooLarge { c, px } => write!(
                f,
                "the glyph of {c:?} (U+{:04X}) at {px} px does not fit a glyph record \
                 (255 px wide or tall, bearings within ±127 px)",
                u32::from(*c)
            ),
        }
    }
}

impl std::error::Error for RasterError {}

/// One rasterized glyph, owned; the core's `moye::glyphs::Glyph` but with byte-aligned rows,
/// which the rasterizer's stages edit a row at a time ([`Bitmap::packed`] gives the library's
/// bit-packed form).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Bitmap {
    /// Ink width in pixels (0 for a glyph without ink).
    pub width: u8,
    /// Ink height in pixels (0 for a glyph without ink).
    pub height: u8,
    /// Pixels from the pen position to the first ink column (may be negative).
    pub left: i8,
    /// Pixels from the baseline up to the first ink row (positive above the baseline).
    pub top: i8,
    /// Pixels the pen moves after this glyph: the hinted advance, rounded.
    pub advance: u8,
    /// `height` rows of `(width + 7) / 8` bytes, most significant bit leftmost, set bit = ink.
    pub rows: Vec<u8>,
}

impl Bitmap {
    /// Bytes per row: `(width + 7) / 8`.
    pub fn stride(&self) -> usize {
        usize::from(self.width).div_ceil(8)
    }

    /// The pixels bit-packed, as the library stores them: pixel `(x, y)` is bit
    /// `y × width + x` from the most significant bit of the first byte, no padding between
    /// rows, the last byte's unused bits clear.
    pub fn packed(&self) -> Vec<u8> {
        let width = usize::from(self.width);
        let mut bits = vec![0u8; (width * usize::from(self.height)).div_ceil(8)];
        for y in 0..self.height {
            for x in 0..self.width {
                if self.pixel(x, y) {
                    let at = usize::from(y) * width + usize::from(x);
                    bits[at / 8] |= 0x80 >> (at % 8);
                }
            }
        }
        bits
    }

    /// Whether the pixel at column `x`, row `y` of the ink box is ink; `false` outside it.
    pub fn pixel(&self, x: u8, y: u8) -> bool {
        if x >= self.width || y >= self.height {
            return false;
        }
        let index = usize::from(y) * self.stride() + usize::from(x) / 8;
        self.rows
            .get(index)
            .is_some_and(|byte| byte & (0x80 >> (x % 8)) != 0)
    }

    /// The ink box as text, one line per row, `#` for ink and `.` for background.
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        for y in 0..self.height {
            for x in 0..self.width {
                text.push(if self.pixel(x, y) { '#' } else { '.' });
            }
            text.push('\n');
        }
        text
    }
}

/// Pixels above and below the baseline of a line box at one size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineMetrics {
    /// Pixels above the baseline: the font's ascender, scaled and rounded.
    pub ascent: u8,
    /// Pixels below the baseline: the font's descender (as a positive number), scaled and
    /// rounded.
    pub descent: u8,
    /// Pixels from the baseline up to the top of an upright glyph's cell in vertical text:
    /// the face's vertical origin (its `VORG` default, else 0.88 em), scaled and rounded.
    pub vertical_origin: u8,
}

/// The vertical origin in ems: how far above the baseline the top of an upright glyph's cell
/// lies in a column. It is the `VORG` table's default (a CFF face's vertical origin, 880/1000
/// in Noto Sans CJK). A face without `VORG` takes 0.88 em, the top of a CJK face's
/// ideographic em box (Noto's `BASE` `idtp`). Not `vhea`'s ascender: that measures
/// across the column, from its centre line to the em box's right edge (500/1000 in Noto
/// Sans CJK), not down it.
fn vertical_origin_em(font: &FontRef<'_>) -> f32 {
    const EM_BOX_TOP: f32 = 0.88;
    let units_per_em = font
        .head()
        .ok()
        .map(|head| f32::from(head.units_per_em()))
        .filter(|&units| units > 0.0);
    match (font.vorg(), units_per_em) {
        (Ok(vorg), Some(units)) => f32::from(vorg.default_vert_origin_y()) / units,
        _ => EM_BOX_TOP,
    }
}

/// A font ready to be rasterized at any supported size.
pub struct Rasterizer<'a> {
    font: FontRef<'a>,
    charmap: Charmap<'a>,
    outlines: OutlineGlyphCollection<'a>,
    /// The autohinter's script classification of every glyph, computed once per font and
    /// shared by every size.
    styles: GlyphStyles,
    /// Glyph → its vertical form ([`crate::vertical::substitutions`]).
    vertical: HashMap<GlyphId, GlyphId>,
    /// The vertical origin in ems ([`vertical_origin_em`]).
    vertical_origin: f32,
}

impl<'a> Rasterizer<'a> {
    /// Reads the font (an OpenType file with `glyf` or `CFF` outlines, or the first face of
    /// a collection).
    pub fn new(font_data: &'a [u8]) -> Result<Self, RasterError> {
        let font = FontRef::from_index(font_data, 0).map_err(RasterError::BadFont)?;
        let outlines = font.outline_glyphs();
        if outlines.format().is_none() {
            return Err(RasterError::NoOutlines);
        }
        let charmap = font.charmap();
        if charmap.mappings().next().is_none() {
            return Err(RasterError::NoCharmap);
        }
        let styles = GlyphStyles::new(&outlines);
        let vertical = crate::vertical::substitutions(&font);
        let vertical_origin = vertical_origin_em(&font);
        Ok(Self {
            font,
            charmap,
            outlines,
            styles,
            vertical,
            vertical_origin,
        })
    }

    /// Prepares hinting at `px` pixels per em.
    pub fn at_size(&self, px: u8) -> Result<SizedRasterizer<'_>, RasterError> {
        if !(MIN_PX..=MAX_PX).contains(&px) {
            return Err(RasterError::SizeOutOfRange(px));
        }
        let size = Size::new(f32::from(px));
        let options = HintingOptions {
            engine: Engine::Auto(Some(self.styles.clone())),
            target: Target::Mono,
        };
        let hinting = HintingInstance::new(&self.outlines, size, LocationRef::default(), options)
            .map_err(|error| RasterError::Hinting { px, error })?;
        let metrics = Metrics::new(&self.font, size, LocationRef::default());
        let line_metrics = LineMetrics {
            ascent: clamp_to_u8(metrics.ascent.abs()),
            descent: clamp_to_u8(metrics.descent.abs()),
            vertical_origin: clamp_to_u8(f32::from(px) * self.vertical_origin),
        };
        Ok(SizedRasterizer {
            rasterizer: self,
            px,
            hinting,
            glyph_metrics: self.font.glyph_metrics(size, LocationRef::default()),
            line_metrics,
        })
    }

    /// Whether the font has a glyph for `c`.
    pub fn has_glyph(&self, c: char) -> bool {
        self.glyph_id(c).is_some()
    }

    /// Whether the face has a vertical form for `c` (a `vrt2`/`vert` substitution of its
    /// glyph).
    pub fn has_vertical_form(&self, c: char) -> bool {
        self.vertical_glyph_id(c).is_some()
    }

    /// The glyph the cmap maps `c` to; `None` for none or `.notdef`.
    fn glyph_id(&self, c: char) -> Option<GlyphId> {
        self.charmap.map(c).filter(|gid| *gid != GlyphId::NOTDEF)
    }

    /// The vertical form of `c`'s glyph; `None` where the face has no substitution for it.
    fn vertical_glyph_id(&self, c: char) -> Option<GlyphId> {
        self.vertical.get(&self.glyph_id(c)?).copied()
    }
}

/// A [`Rasterizer`] with its hinting set up for one pixel size.
pub struct SizedRasterizer<'r> {
    rasterizer: &'r Rasterizer<'r>,
    px: u8,
    hinting: HintingInstance,
    glyph_metrics: GlyphMetrics<'r>,
    line_metrics: LineMetrics,
}

impl SizedRasterizer<'_> {
    /// The pixel size.
    pub fn px(&self) -> u8 {
        self.px
    }

    /// The line box at this size.
    pub fn line_metrics(&self) -> LineMetrics {
        self.line_metrics
    }

    /// The hinted 1-bit glyph of `c`, or `None` when the font has no glyph for it.
    ///
    /// `None` also stands for a glyph that cannot be drawn or does not fit a glyph record;
    /// [`SizedRasterizer::try_glyph`] tells these apart.
    pub fn glyph(&self, c: char) -> Option<Bitmap> {
        self.try_glyph(c).ok().flatten()
    }

    /// The hinted 1-bit glyph of `c`: `Ok(None)` when the font has no glyph for it, an error
    /// when its outline cannot be drawn or its bitmap does not fit a glyph record.
    pub fn try_glyph(&self, c: char) -> Result<Option<Bitmap>, RasterError> {
        self.rasterizer
            .glyph_id(c)
            .map(|gid| self.glyph_by_id(c, gid))
            .transpose()
    }

    /// The hinted 1-bit glyph of `c`'s vertical form (see [`crate::vertical`]): `Ok(None)`
    /// when the face has no vertical substitution for `c`'s glyph; drawn as
    /// [`SizedRasterizer::try_glyph`] draws a main glyph.
    pub fn try_vertical_glyph(&self, c: char) -> Result<Option<Bitmap>, RasterError> {
        self.rasterizer
            .vertical_glyph_id(c)
            .map(|gid| self.glyph_by_id(c, gid))
            .transpose()
    }

    /// Glyph `gid` (drawn for `c`, which errors name) hinted, thresholded, with dropout
    /// control: the one way every glyph of the library is drawn.
    fn glyph_by_id(&self, c: char, gid: GlyphId) -> Result<Bitmap, RasterError> {
        let drawn = self.draw(c, gid, DrawSettings::hinted(&self.hinting, false))?;
        drawn
            .to_bitmap(DropoutControl::On)
            .ok_or(RasterError::GlyphTooLarge { c, px: self.px })
    }

    /// The outline of glyph `gid` (for `c`) drawn with `settings`, and its coverage mask.
    fn draw(
        &self,
        c: char,
        gid: GlyphId,
        settings: DrawSettings<'_>,
    ) -> Result<Drawn, RasterError> {
        let outline = self.rasterizer.outlines.get(gid).ok_or(RasterError::Draw {
            c,
            px: self.px,
            error: skrifa::outline::DrawError::GlyphNotFound(gid),
        })?;
        let mut pen = ZenoPen::default();
        let adjusted = outline
            .draw(settings, &mut pen)
            .map_err(|error| RasterError::Draw {
                c,
                px: self.px,
                error,
            })?;
        let advance = adjusted
            .advance_width
            .or_else(|| self.glyph_metrics.advance_width(gid))
            .unwrap_or(0.0);
        let coverage =
            Coverage::render(&pen.commands).ok_or(RasterError::GlyphTooLarge { c, px: self.px })?;
        Ok(Drawn {
            coverage,
            commands: pen.commands,
            advance,
        })
    }
}

/// One glyph outline drawn at one size.
struct Drawn {
    /// Its coverage mask.
    coverage: Coverage,
    /// The outline, in pixels with y down and the pen position at the origin.
    commands: Vec<Command>,
    /// The advance in pixels.
    advance: f32,
}

/// Whether to give ink to strokes thinner than a pixel that thresholding loses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DropoutControl {
    On,
    /// Only for tests that show what dropout control does.
    #[cfg_attr(not(test), allow(dead_code))]
    Off,
}

impl Drawn {
    /// Thresholds the coverage at [`INK_THRESHOLD`], rescues dropouts and packs the result;
    /// `None` when it does not fit a glyph record.
    fn to_bitmap(&self, dropout_control: DropoutControl) -> Option<Bitmap> {
        let mut grid = self.coverage.threshold(INK_THRESHOLD);
        if dropout_control == DropoutControl::On {
            dropout::rescue_dropouts(&mut grid, &self.commands);
        }
        grid.to_bitmap(self.advance)
    }
}

/// Collects skrifa's outline (y up, in pixels) as zeno path commands (y down).
#[derive(Default)]
struct ZenoPen {
    commands: Vec<Command>,
}

fn flip(x: f32, y: f32) -> Point {
    Point::new(x, -y)
}

impl OutlinePen for ZenoPen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.commands.push(Command::MoveTo(flip(x, y)));
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.commands.push(Command::LineTo(flip(x, y)));
    }

    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.commands
            .push(Command::QuadTo(flip(cx0, cy0), flip(x, y)));
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.commands
            .push(Command::CurveTo(flip(cx0, cy0), flip(cx1, cy1), flip(x, y)));
    }

    fn close(&mut self) {
        self.commands.push(Command::Close);
    }
}

/// Rounds a non-negative pixel measure into a `u8`, saturating.
fn clamp_to_u8(value: f32) -> u8 {
    // `as` saturates and maps NaN to 0.
    value.round() as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    const FONT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fonts/NotoSansCJKsc-Regular.otf"
    );

    fn font() -> Vec<u8> {
        std::fs::read(FONT).unwrap_or_else(|error| panic!("cannot read {FONT}: {error}"))
    }

    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    enum Hinting {
        Hinted,
        Unhinted,
    }

    #[test]
    fn packed_bits_run_on_across_rows() {
        // Rows `#.#..`, `.#..#`, `##...`: 15 bits, written out by hand.
        let bitmap = Bitmap {
            width: 5,
            height: 3,
            rows: vec![0b1010_0000, 0b0100_1000, 0b1100_0000],
            ..Bitmap::default()
        };
        assert_eq!(bitmap.packed(), [0b1010_0010, 0b0111_0000]);
        assert!(Bitmap::default().packed().is_empty());
    }

    /// `c` drawn at the rasterizer's size, hinted (as [`SizedRasterizer::glyph`] does) or not.
    fn draw(sized: &SizedRasterizer<'_>, c: char, hinting: Hinting) -> Drawn {
        let gid = sized
            .rasterizer
            .glyph_id(c)
            .expect("the font has the glyph");
        let settings = match hinting {
            Hinting::Hinted => DrawSettings::hinted(&sized.hinting, false),
            Hinting::Unhinted => {
                DrawSettings::unhinted(Size::new(f32::from(sized.px)), LocationRef::default())
            }
        };
        sized.draw(c, gid, settings).expect("the glyph draws")
    }

    fn bitmap(drawn: &Drawn, dropout_control: DropoutControl) -> Bitmap {
        drawn.to_bitmap(dropout_control).expect("the glyph fits")
    }

    /// The coverage values down the middle column of the mask.
    fn middle_column(coverage: &Coverage) -> Vec<u8> {
        let x = coverage.width / 2;
        (0..coverage.height)
            .filter_map(|y| coverage.data.get(y * coverage.width + x).copied())
            .collect()
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

    // The hinter puts both edges of 一's stroke on pixel boundaries, so the pixels down its
    // middle are either fully inside or fully outside: nothing for the threshold to decide.
    // Unhinted, the stroke's edges fall inside pixels at every one of these sizes, and
    // which grey pixels pass the threshold is luck (see the next test).
    #[test]
    fn hinted_yi_is_crisp_where_unhinted_yi_is_grey() {
        let data = font();
        let rasterizer = Rasterizer::new(&data).expect("the font loads");
        for px in [16, 20, 24, 28, 32] {
            let sized = rasterizer.at_size(px).expect("the size is supported");
            let hinted = middle_column(&draw(&sized, '一', Hinting::Hinted).coverage);
            assert!(
                hinted.iter().all(|&value| value == 0 || value == 255),
                "hinted 一 at {px} px has grey pixels: {hinted:?}"
            );
            assert!(hinted.contains(&255), "hinted 一 at {px} px: {hinted:?}");
            let unhinted = middle_column(&draw(&sized, '一', Hinting::Unhinted).coverage);
            assert!(
                unhinted.iter().any(|&value| value > 0 && value < 255),
                "unhinted 一 at {px} px is crisp too: {unhinted:?}"
            );
        }
    }

    // Hinted, 一 is one pixel thick up to 21 px and two from 22 px: it never gets thinner as
    // the size grows. Unhinted, the same threshold makes it 2 px at 18 px, 1 px at 19, 2 at
    // 20 and 21, 1 again at 22, 3 at 27 and 2 at 28, as its edges fall across pixels.
    // (For this font, a regular weight whose 一 is 1.3 px thick at 16 px, the unhinted
    // stroke does not vanish at any of these sizes: what hinting buys is its weight.)
    #[test]
    fn hinted_yi_thickens_steadily_while_unhinted_yi_jumps() {
        let data = font();
        let rasterizer = Rasterizer::new(&data).expect("the font loads");
        let mut hinted = Vec::new();
        let mut unhinted = Vec::new();
        for px in 12..=32 {
            let sized = rasterizer.at_size(px).expect("the size is supported");
            let thickness =
                |hinting| bitmap(&draw(&sized, '一', hinting), DropoutControl::On).height;
            hinted.push((px, thickness(Hinting::Hinted)));
            unhinted.push((px, thickness(Hinting::Unhinted)));
        }
        assert!(
            hinted.windows(2).all(|pair| pair[0].1 <= pair[1].1),
            "hinted 一 thins out as the size grows: {hinted:?}"
        );
        assert!(
            hinted
                .iter()
                .all(|&(px, rows)| rows == if px < 22 { 1 } else { 2 }),
            "{hinted:?}"
        );
        assert!(
            unhinted.windows(2).any(|pair| pair[0].1 > pair[1].1),
            "unhinted 一 thickens steadily too: {unhinted:?}"
        );
        assert!(
            unhinted.contains(&(20, 2)) && unhinted.contains(&(22, 1)),
            "{unhinted:?}"
        );
    }

    // 三 at 16 px: hinted, its three strokes are one pixel each with background between them;
    // unhinted, the middle stroke straddles two rows and both pass the threshold, so it is
    // twice as heavy as the others.
    #[test]
    fn hinted_san_has_three_equal_strokes() {
        let data = font();
        let rasterizer = Rasterizer::new(&data).expect("the font loads");
        let sized = rasterizer.at_size(16).expect("the size is supported");
        let hinted = bitmap(&draw(&sized, '三', Hinting::Hinted), DropoutControl::On);
        let runs = column_runs(&hinted, hinted.width / 2);
        assert_eq!(runs.len(), 3, "{runs:?}\n{}", hinted.to_text());
        assert!(
            runs.iter().all(|&(_, length)| length == 1),
            "{runs:?}\n{}",
            hinted.to_text()
        );
        let unhinted = bitmap(&draw(&sized, '三', Hinting::Unhinted), DropoutControl::On);
        let runs = column_runs(&unhinted, unhinted.width / 2);
        assert!(
            runs.iter().any(|&(_, length)| length == 2),
            "{runs:?}\n{}",
            unhinted.to_text()
        );
    }

    // 書 at 16 px: the hinter leaves its top 横折 and the top of its 日 about 0.6 px thick
    // and straddling two rows, so thresholding alone loses them: 日 opens at the top and the
    // top stroke is gone. Dropout control puts both back.
    #[test]
    fn dropout_control_keeps_the_thin_strokes_of_shu() {
        let data = font();
        let rasterizer = Rasterizer::new(&data).expect("the font loads");
        let sized = rasterizer.at_size(16).expect("the size is supported");
        let drawn = draw(&sized, '書', Hinting::Hinted);
        let long_run_rows = |bitmap: &Bitmap| -> Vec<u8> {
            (0..bitmap.height)
                .filter(|&y| {
                    let mut longest = 0;
                    let mut run = 0;
                    for x in 0..bitmap.width {
                        run = if bitmap.pixel(x, y) { run + 1 } else { 0 };
                        longest = longest.max(run);
                    }
                    longest >= 8
                })
                .collect()
        };
        let with = bitmap(&drawn, DropoutControl::On);
        let without = bitmap(&drawn, DropoutControl::Off);
        // 聿: 横折, three horizontals and the long one; 日: top, middle, bottom.
        assert_eq!(
            long_run_rows(&with),
            [1, 2, 4, 6, 8, 10, 11, 13],
            "\n{}",
            with.to_text()
        );
        assert_eq!(
            long_run_rows(&without),
            [2, 4, 6, 8, 11, 13],
            "\n{}",
            without.to_text()
        );
    }

    // Dropout control must not lengthen tapered stroke ends: the feet of 人 reach a little
    // past the last pixel centre, and without the stub rule each grew by a pixel.
    #[test]
    fn dropout_control_leaves_the_feet_of_ren_alone() {
        let data = font();
        let rasterizer = Rasterizer::new(&data).expect("the font loads");
        for px in [16, 20, 24, 28, 32] {
            let sized = rasterizer.at_size(px).expect("the size is supported");
            let drawn = draw(&sized, '人', Hinting::Hinted);
            assert_eq!(
                bitmap(&drawn, DropoutControl::On),
                bitmap(&drawn, DropoutControl::Off),
                "{px} px"
            );
        }
    }

    #[test]
    fn errors_say_what_went_wrong() {
        let error = RasterError::SizeOutOfRange(7).to_string();
        assert_eq!(
            error,
            "font size 7 px is out of range: sizes from 8 to 96 px are supported"
        );
        let error = RasterError::GlyphTooLarge { c: '一', px: 96 }.to_string();
        assert!(
            error.starts_with("the glyph of '一' (U+4E00) at 96 px does not fit"),
            "{error}"
        );
        assert!(Rasterizer::new(b"")
            .err()
            .is_some_and(|e| e.to_string().starts_with("bad font data")));
    }
}
