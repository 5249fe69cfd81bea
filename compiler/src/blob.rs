//! Writing the library blob in the wire layout of `src/format/wire.rs` (included here as
//! [`crate::wire`], so the writer and the core's reader share one definition).

use std::collections::HashMap;
use std::fmt;

use crate::document::{BlockKind, Document};
use crate::elias_fano::EliasFano;
use crate::huffman::{BitWriter, Canonical};
use crate::raster::{Bitmap, LineMetrics};
use crate::wire::{self, BookWire, FontWire, LibraryWire};

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
    /// The Traditional variants, records `glyphs.len()` onwards (see [`crate::forms`]);
    /// `None` where this size draws the character's main glyph.
    pub variants: Vec<Option<Bitmap>>,
    /// The vertical forms, records on from the last variant, one per id of `write`'s
    /// `vertical` in that order (see [`crate::vertical`]); `None` where this size draws the
    /// character's main glyph.
    pub vertical: Vec<Option<Bitmap>>,
}

/// Why the library does not fit the wire format.
#[derive(Debug, PartialEq, Eq)]
pub enum BlobError {
    /// More distinct characters than the maps can carry.
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
    /// More glyph bitmap bytes at one size than a font's group starts (u32) can address.
    FontTooLarge(u8),
    /// A rendition whose title or block is not as long as the original's: the text is
    /// stored once for the three renditions, so every place must be the same in all.
    RenditionsDiffer {
        /// The book.
        file: String,
        /// The 1-based source line of the first block that differs (1: the title).
        line: usize,
    },
}

impl fmt::Display for BlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlobError::TooManyCharacters(n) => write!(
                f,
                "the library uses {n} distinct characters; the format holds at most {}",
                wire::code::ID_LIMIT
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
            BlobError::RenditionsDiffer { file, line } => write!(
                f,
                "{file}:{line}: a converted rendition is not as long as the original (the \
                 conversion must keep every block's length)"
            ),
            BlobError::FontTooLarge(size) => {
                write!(
                    f,
                    "the {size} px glyphs exceed the 4 GiB a font can address"
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
/// per id the record of its Traditional form ([`wire::LibraryWire::forms`]). `vertical` lists,
/// increasing, the ids with a vertical form, whose records follow the Traditional variants
/// in that order ([`wire::LibraryWire::vertical`]).
pub fn write(
    ordered: &[char],
    fonts: &[FontInput],
    forms: &[u16],
    vertical: &[u16],
    glyph_sources: &[(u16, u8)],
    books: &[BookInput],
) -> Result<Vec<u8>, BlobError> {
    if ordered.len() > wire::code::ID_LIMIT as usize {
        return Err(BlobError::TooManyCharacters(ordered.len()));
    }
    let ids: HashMap<char, u16> = ordered
        .iter()
        .enumerate()
        .map(|(id, &c)| (c, id as u16))
        .collect();

    let chars: Vec<u8> = ordered
        .iter()
        .flat_map(|&c| u32::from(c).to_le_bytes()[..wire::CHAR_RECORD].to_vec())
        .collect();

    // The character of each Traditional variant record, in record order.
    let mut owners: Vec<(u16, u16)> = (0..)
        .zip(forms.iter().copied())
        .filter(|&(id, record)| record != id)
        .map(|(id, record)| (record, id))
        .collect();
    owners.sort_unstable();
    let mut owners: Vec<u16> = owners.into_iter().map(|(_, id)| id).collect();
    let first_vertical = ordered.len() + owners.len();
    // The vertical records' characters follow the variants', as their records do.
    owners.extend_from_slice(vertical);
    let vertical = vertical_entries(vertical, first_vertical)?;
    let font_bytes = fonts
        .iter()
        .map(|font| encode_font(font, &owners))
        .collect::<Result<Vec<_>, _>>()?;
    let mut fonts_field = Vec::new();
    for (font, encoded) in fonts.iter().zip(&font_bytes) {
        fonts_field.extend(to_postcard(&FontWire {
            size: font.size,
            ascent: font.metrics.ascent,
            descent: font.metrics.descent,
            vertical_origin: font.metrics.vertical_origin,
            metrics: &encoded.metrics,
            starts: &encoded.starts,
            bitmaps: &encoded.bitmaps,
        }));
    }

    let encoded = books
        .iter()
        .map(|book| encode_book(book, &ids))
        .collect::<Result<Vec<_>, BlobError>>()?;
    let mut books_field = Vec::new();
    for (book, encoded) in books.iter().zip(&encoded) {
        books_field.extend(to_postcard(&encoded.wire(book.key)));
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
        fonts: &fonts_field,
        books: &books_field,
        glyph_sources: &glyph_sources,
        forms: &forms
            .iter()
            .flat_map(|r| r.to_le_bytes())
            .collect::<Vec<u8>>(),
        vertical: &vertical,
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

/// The [`wire::vertical`] entries of the `ids` with a vertical form, their records numbered on
/// from `first_record`; every record must fit a u16.
fn vertical_entries(ids: &[u16], first_record: usize) -> Result<Vec<u8>, BlobError> {
    let mut entries = Vec::with_capacity(ids.len() * wire::vertical::LEN);
    for (index, &id) in ids.iter().enumerate() {
        let record = u16::try_from(first_record + index)
            .map_err(|_| BlobError::TooManyCharacters(first_record + ids.len()))?;
        entries.extend(id.to_le_bytes());
        entries.extend(record.to_le_bytes());
    }
    Ok(entries)
}

fn to_postcard<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // Serializing plain structs of integers and byte strings into a Vec cannot fail.
    postcard::to_allocvec(value).expect("postcard serializes wire structs")
}

/// A font's glyph table (the ids' records, then the Traditional variants', then the vertical
/// forms'), its group starts, and the bit-packed bitmaps in record order. `owners` names the
/// character of every record past the ids.
fn encode_font(font: &FontInput, owners: &[u16]) -> Result<EncodedFont, BlobError> {
    let count = font.glyphs.len() + font.variants.len() + font.vertical.len();
    let mut encoded = EncodedFont {
        metrics: Vec::with_capacity(count * wire::glyph::LEN),
        starts: Vec::with_capacity(count.div_ceil(wire::glyph::GROUP) * wire::glyph::START),
        bitmaps: Vec::new(),
    };
    let past_ids =
        font.variants.iter().chain(&font.vertical).zip(owners).map(
            |(variant, &id)| match variant {
                Some(glyph) => Record::Own(glyph),
                None => Record::MainForm {
                    advance: font
                        .glyphs
                        .get(usize::from(id))
                        .map_or(0, |main| main.advance),
                },
            },
        );
    let records = font.glyphs.iter().map(Record::Own).chain(past_ids);
    for (index, record) in records.enumerate() {
        if index % wire::glyph::GROUP == 0 {
            let start = u32::try_from(encoded.bitmaps.len())
                .map_err(|_| BlobError::FontTooLarge(font.size))?;
            encoded.starts.extend_from_slice(&start.to_le_bytes());
        }
        let mut bytes = [0u8; wire::glyph::LEN];
        match record {
            Record::Own(glyph) => {
                encoded.bitmaps.extend_from_slice(&glyph.packed());
                bytes[wire::glyph::WIDTH] = glyph.width;
                bytes[wire::glyph::HEIGHT] = glyph.height;
                bytes[wire::glyph::LEFT] = glyph.left as u8;
                bytes[wire::glyph::TOP] = glyph.top as u8;
                bytes[wire::glyph::ADVANCE] = glyph.advance;
            }
            // No ink box and the marker; the advance is the main glyph's, for layout.
            Record::MainForm { advance } => {
                bytes[wire::glyph::LEFT] = wire::glyph::MAIN_FORM as u8;
                bytes[wire::glyph::ADVANCE] = advance;
            }
        }
        encoded.metrics.extend_from_slice(&bytes);
    }
    Ok(encoded)
}

/// What a glyph record holds: a bitmap of its own, or (a Traditional variant at a size where
/// both faces draw the character alike, a vertical form drawn like the main glyph at this
/// size) the word to draw the character's main glyph.
enum Record<'b> {
    Own(&'b Bitmap),
    MainForm { advance: u8 },
}

/// A font's encoded tables, owned until they are borrowed into a [`FontWire`].
struct EncodedFont {
    metrics: Vec<u8>,
    starts: Vec<u8>,
    bitmaps: Vec<u8>,
}

/// A book's encoded parts, owned until they are borrowed into a [`BookWire`].
struct EncodedBook {
    code_lengths: Vec<u8>,
    peek: Vec<u8>,
    long_start: (u32, u32),
    maps: Vec<u8>,
    title_chars: u16,
    text: Vec<u8>,
    block_starts: EliasFano,
    kinds: Vec<u8>,
    spans: Vec<u8>,
    syncs: EliasFano,
}

impl EncodedBook {
    fn wire(&self, key: u32) -> BookWire<'_> {
        BookWire {
            key,
            code_lengths: &self.code_lengths,
            peek: &self.peek,
            long_start: self.long_start,
            maps: &self.maps,
            title_chars: self.title_chars,
            text: &self.text,
            block_starts: self.block_starts.wire(),
            kinds: &self.kinds,
            spans: &self.spans,
            syncs: self.syncs.wire(),
        }
    }
}

/// A symbol: the (原文, 简体, 繁體) ids of one place of the text.
type Symbol = [u16; 3];

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

/// The title's and every block's symbols, in order, each run with its source line; the
/// renditions must have the same number of characters at every place.
fn runs(book: &BookInput, ids: &HashMap<char, u16>) -> Result<Vec<Vec<Symbol>>, BlobError> {
    let documents = [&book.original, &book.simplified, &book.traditional];
    let differ = |line| BlobError::RenditionsDiffer {
        file: book.file.clone(),
        line,
    };
    if documents
        .iter()
        .any(|d| d.blocks.len() != book.original.blocks.len())
    {
        return Err(differ(1));
    }
    let titles = documents.map(|d| d.title.as_str());
    let mut runs = vec![symbols(titles, ids).ok_or_else(|| differ(1))?];
    for (index, block) in book.original.blocks.iter().enumerate() {
        let texts = documents.map(|d| d.blocks[index].text.as_str());
        runs.push(symbols(texts, ids).ok_or_else(|| differ(block.line))?);
    }
    Ok(runs)
}

/// The symbols of three texts read together; `None` if their lengths differ. The caller
/// collected `ids` from the same documents, so every character has one.
fn symbols(texts: [&str; 3], ids: &HashMap<char, u16>) -> Option<Vec<Symbol>> {
    let [a, b, c] = texts.map(|t| t.chars().map(|ch| ids[&ch]).collect::<Vec<u16>>());
    if a.len() != b.len() || a.len() != c.len() {
        return None;
    }
    Some((0..a.len()).map(|i| [a[i], b[i], c[i]]).collect())
}

/// Emphasis ranges sorted and merged where they overlap or touch, empty ones dropped: the
/// span table's order.
fn merged(spans: &[std::ops::Range<usize>]) -> Vec<std::ops::Range<usize>> {
    let mut sorted: Vec<_> = spans.iter().filter(|s| !s.is_empty()).cloned().collect();
    sorted.sort_by_key(|s| s.start);
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match out.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

fn encode_book(book: &BookInput, ids: &HashMap<char, u16>) -> Result<EncodedBook, BlobError> {
    let file = &book.file;
    let too_large = || BlobError::BookTooLarge(file.to_string());
    let runs = runs(book, ids)?;
    let mut numbers: HashMap<Symbol, usize> = HashMap::new();
    let mut frequencies: Vec<u64> = Vec::new();
    let mut triples: Vec<Symbol> = Vec::new();
    for &symbol in runs.iter().flatten() {
        let number = *numbers.entry(symbol).or_insert_with(|| {
            frequencies.push(0);
            triples.push(symbol);
            triples.len() - 1
        });
        frequencies[number] += 1;
    }
    let code = Canonical::new(&frequencies).ok_or_else(too_large)?;
    let mut maps = Vec::with_capacity(triples.len() * wire::code::ENTRY * 3);
    // 原文, 简体, 繁體: the places of a symbol's triple.
    for rendition in [0, 1, 2] {
        maps.extend(
            code.symbols
                .iter()
                .flat_map(|&symbol| triples[symbol][rendition].to_le_bytes()),
        );
    }

    // The text, and where every CHARS-th character of it starts (the title's first is 0).
    let mut bits = BitWriter::default();
    let mut syncs = Vec::new();
    let mut block_starts = Vec::with_capacity(runs.len());
    let mut chars = 0u32;
    for (index, run) in runs.iter().enumerate() {
        // Run 0 is the title; every other one is a block, which starts here.
        if index > 0 {
            block_starts.push(chars);
        }
        for symbol in run {
            if chars % wire::sync::CHARS == 0 {
                syncs.push(u32::try_from(bits.bit_len()).map_err(|_| too_large())?);
            }
            let rank = usize::from(code.ranks[numbers[symbol]]);
            bits.push(code.codes[rank], code.lengths[rank]);
            chars = chars.checked_add(1).ok_or_else(too_large)?;
        }
    }
    u32::try_from(bits.bit_len()).map_err(|_| too_large())?;
    // And one start past the last block: where the text ends.
    block_starts.push(chars);
    let title_chars = u16::try_from(runs[0].len()).map_err(|_| too_large())?;

    let mut out = EncodedBook {
        code_lengths: code.counts_bytes(),
        peek: code.peek_bytes(),
        long_start: code.long_start(),
        maps,
        title_chars,
        text: bits.finish(),
        block_starts: EliasFano::new(&block_starts),
        kinds: Vec::new(),
        spans: Vec::new(),
        syncs: EliasFano::new(&syncs),
    };
    let document = &book.original;
    u16::try_from(document.blocks.len()).map_err(|_| too_large())?;
    for (index, block) in document.blocks.iter().enumerate() {
        let chars = runs[index + 1].len();
        u16::try_from(chars).map_err(|_| BlobError::BlockTooLong {
            file: file.to_string(),
            line: block.line,
            chars,
        })?;
        // Fits: the block count was checked above.
        let index = index as u16;
        // The renditions keep every place, so the original's emphasis is everyone's.
        for span in merged(&block.emphasis) {
            // Spans lie inside the block, whose length fits u16.
            out.spans.extend(index.to_le_bytes());
            out.spans.extend((span.start as u16).to_le_bytes());
            out.spans
                .extend(((span.end - span.start) as u16).to_le_bytes());
        }
        if block.kind != BlockKind::Paragraph {
            out.kinds.extend(index.to_le_bytes());
            out.kinds.push(kind_code(block.kind));
        }
    }
    Ok(out)
}
