//! One pixel size of the body font: glyph records and bitmaps, found by character id.

use super::wire::{glyph, FontWire};
use crate::glyphs::Glyph;

/// A font of the library at one pixel size.
#[derive(Clone, Copy, Debug)]
pub struct Font<'a> {
    pub(super) wire: FontWire<'a>,
}

impl<'a> Font<'a> {
    /// The em size in pixels.
    pub fn size(&self) -> u8 {
        self.wire.size
    }

    /// Pixels above the baseline of a line box.
    pub fn ascent(&self) -> u8 {
        self.wire.ascent
    }

    /// Pixels below the baseline of a line box.
    pub fn descent(&self) -> u8 {
        self.wire.descent
    }

    /// Pixels from the baseline up to the top of the cell of a glyph set upright in a
    /// vertical column.
    pub fn vertical_origin(&self) -> u8 {
        self.wire.vertical_origin
    }

    /// The glyph of glyph record `id`, or `None` if this font has none: a character id
    /// gives its main form, [`Library::traditional_record`](super::Library::traditional_record)
    /// of one its Traditional form.
    #[inline]
    pub fn glyph(&self, id: u16) -> Option<Glyph<'a>> {
        let record = record(self.wire.metrics, id)?;
        // Constant indices into a whole record: no bounds to check.
        let advance = record[glyph::ADVANCE];
        let (width, height) = (record[glyph::WIDTH], record[glyph::HEIGHT]);
        let (left, top) = (record[glyph::LEFT], record[glyph::TOP]);
        if advance == 0 || is_main_form(width, height, left) {
            return None;
        }
        let start = self.bitmap_start(usize::from(id))?;
        let len = Glyph::packed_len(width, height);
        Some(Glyph {
            width,
            height,
            left: left as i8,
            top: top as i8,
            advance,
            bits: self.wire.bitmaps.get(start..start + len)?,
        })
    }

    /// The glyph to draw for character `id` whose form is record `record` (`id` itself, or
    /// its Traditional variant): the record's own, or the main glyph where the variant is
    /// drawn like it at this size.
    #[inline]
    pub fn form_glyph(&self, record: u16, id: u16) -> Option<Glyph<'a>> {
        match self.glyph(record) {
            None if record != id => self.glyph(id),
            glyph => glyph,
        }
    }

    /// Where the bitmap of record `index` starts: its group's start, then the bitmaps of the
    /// records before it in the group (at most `GROUP - 1`).
    #[inline]
    fn bitmap_start(&self, index: usize) -> Option<usize> {
        let group = index / glyph::GROUP;
        let first = group * glyph::GROUP;
        let before = self
            .wire
            .metrics
            .get(first * glyph::LEN..index * glyph::LEN)?;
        Some(group_start(self.wire.starts, group)? + bitmap_bytes(before))
    }

    /// The advance of glyph record `id` in pixels (0 if the font has no glyph).
    #[inline]
    pub fn advance(&self, id: u16) -> u8 {
        // The table holds whole records, so this byte is there exactly when the record is.
        let at = usize::from(id) * glyph::LEN + glyph::ADVANCE;
        self.wire.metrics.get(at).copied().unwrap_or(0)
    }

    /// Bytes of glyph records (with their group starts) and bitmaps, for size reports.
    pub fn encoded_len(&self) -> (usize, usize) {
        (
            self.wire.metrics.len() + self.wire.starts.len(),
            self.wire.bitmaps.len(),
        )
    }
}

#[inline]
fn record(metrics: &[u8], id: u16) -> Option<&[u8; glyph::LEN]> {
    let at = usize::from(id) * glyph::LEN;
    metrics.get(at..at + glyph::LEN)?.try_into().ok()
}

/// Whether a record with this ink box and `left` says to draw the character's main glyph.
#[inline]
fn is_main_form(width: u8, height: u8, left: u8) -> bool {
    width == 0 && height == 0 && left as i8 == glyph::MAIN_FORM
}

/// Where the bitmaps of record group `group` start.
#[inline]
fn group_start(starts: &[u8], group: usize) -> Option<usize> {
    let at = group * glyph::START;
    let bytes: [u8; glyph::START] = starts.get(at..at + glyph::START)?.try_into().ok()?;
    usize::try_from(u32::from_le_bytes(bytes)).ok()
}

/// Bytes of the bitmaps of `records`, whole glyph records.
///
/// Stepped through by hand: `chunks_exact(5)` divides the length by 5, a library call of some
/// hundred instructions on a Cortex-M0+, which has no divider (it made a glyph lookup cost
/// about 400 instructions more).
#[inline]
fn bitmap_bytes(records: &[u8]) -> usize {
    let mut bytes = 0;
    let mut rest = records;
    while let Some((record, after)) = rest.split_first_chunk::<{ glyph::LEN }>() {
        bytes += Glyph::packed_len(record[glyph::WIDTH], record[glyph::HEIGHT]);
        rest = after;
    }
    bytes
}

/// Checks that `font` has `record_count` glyph records and a start for each group of them,
/// and that every record's bitmap lies inside its bitmaps.
pub(super) fn check(font: &FontWire<'_>, record_count: usize) -> bool {
    let groups = record_count.div_ceil(glyph::GROUP);
    if font.size == 0
        || font.metrics.len() != record_count * glyph::LEN
        || font.starts.len() != groups * glyph::START
    {
        return false;
    }
    let group_len = glyph::GROUP * glyph::LEN;
    font.metrics
        .chunks(group_len)
        .enumerate()
        .all(|(group, records)| {
            group_start(font.starts, group)
                .and_then(|start| start.checked_add(bitmap_bytes(records)))
                .is_some_and(|end| end <= font.bitmaps.len())
        })
}
