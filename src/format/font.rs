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

    /// The glyph of glyph record `id`, or `None` if this font has none: a character id
    /// gives its main form, [`Library::traditional_record`](super::Library::traditional_record)
    /// of one its Traditional form.
    #[inline]
    pub fn glyph(&self, id: u16) -> Option<Glyph<'a>> {
        let record = record(self.wire.metrics, id)?;
        // Constant indices into a whole record: no bounds to check.
        let advance = record[glyph::ADVANCE];
        if advance == 0 {
            return None;
        }
        let (width, height) = (record[glyph::WIDTH], record[glyph::HEIGHT]);
        let (left, top) = (record[glyph::LEFT], record[glyph::TOP]);
        let start = offset(record)?;
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

    /// The advance of glyph record `id` in pixels (0 if the font has no glyph).
    #[inline]
    pub fn advance(&self, id: u16) -> u8 {
        // The table holds whole records, so this byte is there exactly when the record is.
        let at = usize::from(id) * glyph::LEN + glyph::ADVANCE;
        self.wire.metrics.get(at).copied().unwrap_or(0)
    }

    /// Bytes of glyph records and bitmaps, for size reports.
    pub fn encoded_len(&self) -> (usize, usize) {
        (self.wire.metrics.len(), self.wire.bitmaps.len())
    }
}

#[inline]
fn record(metrics: &[u8], id: u16) -> Option<&[u8; glyph::LEN]> {
    let at = usize::from(id) * glyph::LEN;
    metrics.get(at..at + glyph::LEN)?.try_into().ok()
}

#[inline]
fn offset(record: &[u8]) -> Option<usize> {
    let bytes = record.get(glyph::OFFSET)?;
    Some(
        bytes
            .iter()
            .rev()
            .fold(0usize, |n, &b| (n << 8) | usize::from(b)),
    )
}

/// Checks that `font` has `record_count` glyph records, each inside its bitmaps.
pub(super) fn check(font: &FontWire<'_>, record_count: usize) -> bool {
    if font.size == 0 || font.metrics.len() != record_count * glyph::LEN {
        return false;
    }
    font.metrics.chunks_exact(glyph::LEN).all(|record| {
        let (Some(&width), Some(&height), Some(start)) = (
            record.get(glyph::WIDTH),
            record.get(glyph::HEIGHT),
            offset(record),
        ) else {
            return false;
        };
        start + Glyph::packed_len(width, height) <= font.bitmaps.len()
    })
}
