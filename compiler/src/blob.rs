//! Writing the library blob in the wire layout of `src/format/wire.rs` (included here as
//! [`crate::wire`], so the writer and the core's reader share one definition).

use std::collections::HashMap;
use std::fmt;

use crate::document::{BlockKind, Document};
use crate::raster::{Bitmap, LineMetrics};
use crate::wire::{self, BookWire, FontWire, LibraryWire, RenditionWire};

/// A book ready to be written: its key and its three renditions.
pub struct BookInput {
    /// The source file, for error messages.
    pub file: String,
    /// The stable key saved positions refer to.
    pub key: u32,
    /// 原文.
    pub original: Document,
    /// 简体.
    pub simplified: Document,
    /// 繁體.
    pub traditional: Document,
}

/// One rasterized size: a bitmap for every character id.
pub struct FontInput {
    /// The em size in pixels.
    pub size: u8,
    /// The line box at this size.
    pub metrics: LineMetrics,
    /// `glyphs[id]` is the glyph of the character with that id.
    pub glyphs: Vec<Bitmap>,
    /// The Traditional variants, records `glyphs.len()` onwards (see [`crate::forms`]).
    pub variants: Vec<Bitmap>,
}

/// Why the library does not fit the wire format.
#[derive(Debug, PartialEq, Eq)]
pub enum BlobError {
    /// More distinct characters than the text code can carry.
    TooManyCharacters(usize),
    /// A block longer than a block record can hold.
    BlockTooLong {
        /// Where the block starts.
        file: String,
        /// Its 1-based source line.
        line: usize,
        /// Its length in characters.
        chars: usize,
    },
    /// More blocks (or emphasis spans) in one book than the tables can index.
    BookTooLarge(String),
    /// More glyph bitmap bytes at one size than a glyph record can address.
    FontTooLarge(u8),
}

impl fmt::Display for BlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlobError::TooManyCharacters(n) => write!(
                f,
                "the library uses {n} distinct characters; the format holds at most {}",
                wire::text::ID_LIMIT
            ),
            BlobError::BlockTooLong { file, line, chars } => write!(
                f,
                "{file}:{line}: this paragraph has {chars} characters; a block holds at most {} \
                 (split it with a blank line)",
                u16::MAX
            ),
            BlobError::BookTooLarge(file) => write!(
                f,
                "{file}: more than {} blocks or emphasis spans; split the book",
                u16::MAX
            ),
            BlobError::FontTooLarge(size) => {
                write!(
                    f,
                    "the {size} px glyphs exceed the 16 MiB a font can address"
                )
            }
        }
    }
}

impl std::error::Error for BlobError {}

/// The whole blob: header and postcard body.
///
/// `glyph_sources` lists, in increasing id order, the characters whose glyphs do not come
/// from the main font, with their [`wire::glyph_source`] code. `forms` is empty, or gives
/// per id the record of its Traditional form ([`wire::LibraryWire::forms`]).
pub fn write(
    ranked: &[char],
    fonts: &[FontInput],
    forms: &[u16],
    glyph_sources: &[(u16, u8)],
    books: &[BookInput],
) -> Result<Vec<u8>, BlobError> {
    if ranked.len() > wire::text::ID_LIMIT as usize {
        return Err(BlobError::TooManyCharacters(ranked.len()));
    }
    let ids: HashMap<char, u16> = ranked
        .iter()
        .enumerate()
        .map(|(id, &c)| (c, id as u16))
        .collect();

    let chars: Vec<u8> = ranked
        .iter()
        .flat_map(|&c| u32::from(c).to_le_bytes()[..wire::CHAR_RECORD].to_vec())
        .collect();
    let mut by_char: Vec<u16> = (0..ranked.len() as u16).collect();
    by_char.sort_unstable_by_key(|&id| ranked[usize::from(id)]);
    let char_index: Vec<u8> = by_char.iter().flat_map(|id| id.to_le_bytes()).collect();

    let font_bytes = fonts
        .iter()
        .map(encode_font)
        .collect::<Result<Vec<_>, _>>()?;
    let mut fonts_field = Vec::new();
    for (font, (metrics, bitmaps)) in fonts.iter().zip(&font_bytes) {
        fonts_field.extend(to_postcard(&FontWire {
            size: font.size,
            ascent: font.metrics.ascent,
            descent: font.metrics.descent,
            metrics,
            bitmaps,
        }));
    }

    let renditions = books
        .iter()
        .map(|book| {
            [&book.original, &book.simplified, &book.traditional]
                .map(|document| encode_rendition(document, &book.file, &ids))
        })
        .map(|[original, simplified, traditional]| Ok([original?, simplified?, traditional?]))
        .collect::<Result<Vec<_>, BlobError>>()?;
    let mut books_field = Vec::new();
    for (book, [original, simplified, traditional]) in books.iter().zip(&renditions) {
        books_field.extend(to_postcard(&BookWire {
            key: book.key,
            original: original.wire(),
            simplified: simplified.wire(),
            traditional: traditional.wire(),
        }));
    }

    let glyph_sources: Vec<u8> = glyph_sources
        .iter()
        .flat_map(|&(id, source)| {
            let [low, high] = id.to_le_bytes();
            [low, high, source]
        })
        .collect();
    let body = to_postcard(&LibraryWire {
        chars: &chars,
        char_index: &char_index,
        fonts: &fonts_field,
        books: &books_field,
        glyph_sources: &glyph_sources,
        forms: &forms
            .iter()
            .flat_map(|r| r.to_le_bytes())
            .collect::<Vec<u8>>(),
    });
    let mut blob = Vec::with_capacity(wire::header::LEN + body.len());
    blob.extend_from_slice(&wire::MAGIC);
    blob.extend_from_slice(&wire::VERSION.to_le_bytes());
    blob.extend_from_slice(&[0, 0]);
    blob.extend_from_slice(&(body.len() as u32).to_le_bytes());
    blob.extend_from_slice(&wire::crc32(&body).to_le_bytes());
    blob.extend_from_slice(&body);
    Ok(blob)
}

fn to_postcard<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // Serializing plain structs of integers and byte strings into a Vec cannot fail.
    postcard::to_allocvec(value).expect("postcard serializes wire structs")
}

/// A font's glyph table (the ids' records, then the variants') and bitmaps, each distinct
/// bitmap stored once: records with the same rows share them.
fn encode_font(font: &FontInput) -> Result<(Vec<u8>, Vec<u8>), BlobError> {
    let count = font.glyphs.len() + font.variants.len();
    let mut metrics = Vec::with_capacity(count * wire::glyph::LEN);
    let mut bitmaps = Vec::new();
    let mut stored: HashMap<&[u8], u32> = HashMap::new();
    for glyph in font.glyphs.iter().chain(&font.variants) {
        let offset = match stored.get(glyph.rows.as_slice()) {
            Some(&offset) => offset,
            None => {
                let offset = bitmaps.len() as u32;
                bitmaps.extend_from_slice(&glyph.rows);
                stored.insert(&glyph.rows, offset);
                offset
            }
        };
        if offset >= 1 << 24 {
            return Err(BlobError::FontTooLarge(font.size));
        }
        let mut record = [0u8; wire::glyph::LEN];
        record[wire::glyph::OFFSET].copy_from_slice(&offset.to_le_bytes()[..3]);
        record[wire::glyph::WIDTH] = glyph.width;
        record[wire::glyph::HEIGHT] = glyph.height;
        record[wire::glyph::LEFT] = glyph.left as u8;
        record[wire::glyph::TOP] = glyph.top as u8;
        record[wire::glyph::ADVANCE] = glyph.advance;
        metrics.extend_from_slice(&record);
    }
    Ok((metrics, bitmaps))
}

/// A rendition's encoded parts, owned until they are borrowed into a [`RenditionWire`].
struct EncodedRendition {
    title: Vec<u8>,
    blocks: Vec<u8>,
    text: Vec<u8>,
    spans: Vec<u8>,
    toc: Vec<u8>,
}

impl EncodedRendition {
    fn wire(&self) -> RenditionWire<'_> {
        RenditionWire {
            title: &self.title,
            blocks: &self.blocks,
            text: &self.text,
            spans: &self.spans,
            toc: &self.toc,
        }
    }
}

/// Every character of `text` in the text code. The caller collected `ids` from the same
/// documents, so every character has one.
fn encode_text(text: &str, ids: &HashMap<char, u16>, out: &mut Vec<u8>) {
    for c in text.chars() {
        let id = ids[&c];
        // ids come from a list checked against ID_LIMIT, so every id has a code.
        let _ = wire::text::encode(id, |byte| out.push(byte));
    }
}

/// The byte the core stores `kind` under (`src/format/block.rs`, shared like the wire).
fn kind_code(kind: BlockKind) -> u8 {
    use crate::wire_block::BlockKind as Wire;
    match kind {
        BlockKind::Meta => Wire::Meta,
        BlockKind::Heading(2) => Wire::Heading2,
        BlockKind::Heading(_) => Wire::Heading3,
        BlockKind::Paragraph => Wire::Paragraph,
        BlockKind::Note => Wire::Note,
        BlockKind::ListItem => Wire::ListItem,
    }
    .code()
}

fn encode_rendition(
    document: &Document,
    file: &str,
    ids: &HashMap<char, u16>,
) -> Result<EncodedRendition, BlobError> {
    let too_large = || BlobError::BookTooLarge(file.to_string());
    let mut out = EncodedRendition {
        title: Vec::new(),
        blocks: Vec::new(),
        text: Vec::new(),
        spans: Vec::new(),
        toc: Vec::new(),
    };
    encode_text(&document.title, ids, &mut out.title);
    let mut span_count = 0usize;
    for (index, block) in document.blocks.iter().enumerate() {
        let index = u16::try_from(index).map_err(|_| too_large())?;
        let chars = block.text.chars().count();
        let chars = u16::try_from(chars).map_err(|_| BlobError::BlockTooLong {
            file: file.to_string(),
            line: block.line,
            chars,
        })?;
        encode_text(&block.text, ids, &mut out.text);
        let first_span = u16::try_from(span_count).map_err(|_| too_large())?;
        let spans = u16::try_from(block.emphasis.len()).map_err(|_| too_large())?;
        for span in &block.emphasis {
            // Spans lie inside the block, whose length fits u16.
            out.spans.extend((span.start as u16).to_le_bytes());
            out.spans
                .extend(((span.end - span.start) as u16).to_le_bytes());
        }
        span_count += block.emphasis.len();
        let mut record = [0u8; wire::block::LEN];
        record[wire::block::KIND] = kind_code(block.kind);
        record[wire::block::CHARS].copy_from_slice(&chars.to_le_bytes());
        let end = u32::try_from(out.text.len()).map_err(|_| too_large())?;
        record[wire::block::TEXT_END].copy_from_slice(&end.to_le_bytes());
        record[wire::block::FIRST_SPAN].copy_from_slice(&first_span.to_le_bytes());
        record[wire::block::SPAN_COUNT].copy_from_slice(&spans.to_le_bytes());
        out.blocks.extend_from_slice(&record);
        if matches!(block.kind, BlockKind::Heading(_)) {
            out.toc.extend(index.to_le_bytes());
        }
    }
    u16::try_from(span_count).map_err(|_| too_large())?;
    Ok(out)
}
