//! The size report of a library: where its bytes go, measured on the blob itself.

use core::fmt;

use super::Library;

/// The most font sizes a report lists.
const MAX_SIZES: usize = super::MAX_FONTS;

/// Bytes of one font size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FontStats {
    /// The em size in pixels.
    pub size: u8,
    /// Glyph records present: one per character, and one per Traditional variant.
    pub glyphs: u16,
    /// Bytes of glyph records and their group starts, the Traditional variants' included.
    pub record_bytes: usize,
    /// Bytes of bit-packed bitmaps, one per record that has a glyph.
    pub bitmap_bytes: usize,
}

/// Where the bytes of a library go.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// The whole blob.
    pub total_bytes: usize,
    /// Books.
    pub books: u16,
    /// Characters of text over all books, titles included, counted once for the three
    /// renditions (which have as many each).
    pub text_chars: usize,
    /// Bytes of encoded text over all books, the three renditions together.
    pub text_bytes: usize,
    /// Bytes of the books' codes: Huffman code lengths, peek tables and symbol maps (what
    /// turns each book's one text into its three renditions).
    pub code_bytes: usize,
    /// Bytes of the books' tables: block starts, block kinds (with the contents), emphasis
    /// spans and sync points.
    pub table_bytes: usize,
    /// Distinct characters (glyphs per size).
    pub distinct_chars: u16,
    /// Characters drawn from the fallback face.
    pub fallback_chars: u16,
    /// Characters no face has, drawn as replacement boxes.
    pub replaced_chars: u16,
    /// Characters whose Traditional (TC) glyph differs from the main one at some size: each
    /// has a variant record at every size.
    pub traditional_variants: usize,
    /// Characters with a vertical form (brackets, marks, dashes set in columns): a record
    /// each at every size, after the Traditional variants.
    pub vertical_forms: usize,
    /// Per font size, smallest first.
    pub fonts: heapless::Vec<FontStats, MAX_SIZES>,
}

impl Stats {
    /// Measures `library`.
    pub fn of(library: &Library<'_>) -> Stats {
        let (fallback_chars, replaced_chars) = library.glyph_source_counts();
        let mut stats = Stats {
            total_bytes: library.size(),
            books: library.book_count(),
            distinct_chars: library.chars().len(),
            fallback_chars,
            replaced_chars,
            traditional_variants: library.traditional_variant_count(),
            vertical_forms: library.vertical_form_count(),
            ..Stats::default()
        };
        for book in library.books() {
            stats.text_bytes += book.text_bytes();
            stats.code_bytes += book.code_bytes();
            stats.table_bytes += book.table_bytes();
            stats.text_chars += book.char_count();
        }
        let records = library
            .chars()
            .len()
            .saturating_add(u16::try_from(stats.traditional_variants).unwrap_or(u16::MAX))
            .saturating_add(u16::try_from(stats.vertical_forms).unwrap_or(u16::MAX));
        for font in library.fonts() {
            let (record_bytes, bitmap_bytes) = font.encoded_len();
            let glyphs = (0..records).filter(|&id| font.advance(id) != 0).count();
            // At most MAX_FONTS fonts pass parse(), so this never overflows.
            let _ = stats.fonts.push(FontStats {
                size: font.size(),
                // At most `records`, a u16.
                glyphs: glyphs as u16,
                record_bytes,
                bitmap_bytes,
            });
        }
        stats
    }

    /// Bytes of text and code per character of the books (the three renditions together).
    pub fn text_bytes_per_char(&self) -> f32 {
        (self.text_bytes + self.code_bytes) as f32 / self.text_chars.max(1) as f32
    }

    /// The books' tables as a share of their text and code, in per cent.
    pub fn table_percent(&self) -> f32 {
        let text = self.text_bytes + self.code_bytes;
        100.0 * self.table_bytes as f32 / text.max(1) as f32
    }
}

impl FontStats {
    /// Bitmap bytes per glyph record.
    pub fn bitmap_bytes_per_glyph(&self) -> f32 {
        self.bitmap_bytes as f32 / f32::from(self.glyphs.max(1))
    }
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const KIB: f32 = 1024.0;
        writeln!(
            f,
            "library blob: {} bytes ({:.1} KiB)",
            self.total_bytes,
            self.total_bytes as f32 / KIB
        )?;
        writeln!(
            f,
            "text: {} book{}, 3 renditions stored once, {} characters in {} bytes and their \
             code (lengths, peek tables, symbol maps) in {} bytes = {:.3} bytes/char",
            self.books,
            if self.books == 1 { "" } else { "s" },
            self.text_chars,
            self.text_bytes,
            self.code_bytes,
            self.text_bytes_per_char()
        )?;
        writeln!(
            f,
            "tables (block starts and kinds, spans, sync points): {} bytes = {:.2} % of the \
             text",
            self.table_bytes,
            self.table_percent()
        )?;
        writeln!(
            f,
            "glyphs: {} distinct characters ({} from the fallback face, {} drawn as replacement \
             boxes)",
            self.distinct_chars, self.fallback_chars, self.replaced_chars
        )?;
        writeln!(
            f,
            "Traditional forms: {} characters drawn otherwise by the TC face, a variant record \
             each at every size",
            self.traditional_variants
        )?;
        writeln!(
            f,
            "vertical forms: {} characters drawn otherwise in columns, a record each at every \
             size",
            self.vertical_forms
        )?;
        writeln!(
            f,
            "  size  glyphs  bitmap bytes  B/glyph  record bytes  total"
        )?;
        let mut glyph_total = 0;
        for font in &self.fonts {
            let total = font.bitmap_bytes + font.record_bytes;
            glyph_total += total;
            writeln!(
                f,
                "  {:>2} px  {:>6}  {:>12}  {:>7.1}  {:>12}  {:>6}",
                font.size,
                font.glyphs,
                font.bitmap_bytes,
                font.bitmap_bytes_per_glyph(),
                font.record_bytes,
                total
            )?;
        }
        let other = self
            .total_bytes
            .saturating_sub(glyph_total + self.text_bytes + self.table_bytes);
        writeln!(f, "  all sizes: {glyph_total} bytes")?;
        write!(f, "other (headers, character table, forms): {other} bytes")
    }
}
