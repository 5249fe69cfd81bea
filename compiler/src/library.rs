//! The whole compiler run: read the books and the font, clean, convert, rasterize, write.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::blob::{self, BlobError, BookInput, FontInput};
use crate::charset::{string_literal_chars, Charset, Origin};
use crate::clean::{clean, CleanError};
use crate::convert::{ConvertError, Converter, Script};
use crate::document::{Block, BlockKind, Document};
use crate::raster::{RasterError, Rasterizer};
use crate::wire;

/// What to compile.
#[derive(Clone, Debug)]
pub struct Options {
    /// The books: files (`.md`, `.epub`, `.txt`) and folders, each folder standing for every
    /// book file in it, in file-name order. The library keeps the order given.
    pub inputs: Vec<PathBuf>,
    /// The OpenType font to rasterize.
    pub font: PathBuf,
    /// A second face for the characters `font` lacks (see `fonts/README.md`), or `None`.
    pub fallback_font: Option<PathBuf>,
    /// The encoding of plain-text and Markdown books, forced (`None`: detect per file).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Refuse a character that no font has instead of drawing it as a replacement box, and a
    /// converted character without a glyph instead of keeping the source character.
    pub strict: bool,
    /// A Rust source file whose string literals are the UI's labels (their characters get
    /// glyphs too), or `None` for a library without UI strings.
    pub ui_strings: Option<PathBuf>,
    /// The pixel sizes to rasterize every character at.
    pub sizes: Vec<u8>,
}

impl Options {
    /// Books from `inputs` in `font` at `sizes`: no fallback face, no UI strings, encodings
    /// detected, missing glyphs replaced rather than refused.
    pub fn new(inputs: Vec<PathBuf>, font: PathBuf, sizes: Vec<u8>) -> Self {
        Options {
            inputs,
            font,
            fallback_font: None,
            encoding: None,
            strict: false,
            ui_strings: None,
            sizes,
        }
    }
}

/// A compiled library.
#[derive(Debug)]
pub struct Output {
    /// The blob, ready for `moye::format::Library::parse`.
    pub blob: Vec<u8>,
    /// Every file the blob was made from (for the build script's rerun-if-changed).
    pub inputs: Vec<PathBuf>,
}

/// Why a library could not be compiled. `Display` says what to fix, and where.
#[derive(Debug)]
#[non_exhaustive]
pub enum CompileError {
    /// A file or folder could not be read.
    Io {
        /// The path.
        path: PathBuf,
        /// The operating system's error.
        error: std::io::Error,
    },
    /// A book is not UTF-8 text.
    NotUtf8 {
        /// The book's file.
        file: String,
        /// The 1-based line of the first bad byte.
        line: usize,
    },
    /// The content folder holds no `*.md` book.
    NoBooks(PathBuf),
    /// No sizes were asked for.
    NoSizes,
    /// A book's markup could not be cleaned.
    Clean(CleanError),
    /// OpenCC could not be loaded.
    Convert(ConvertError),
    /// The font could not be rasterized.
    Raster(RasterError),
    /// A character the books or the UI use is not in the font.
    MissingGlyph {
        /// The character.
        c: char,
        /// Where it is first used.
        origin: Origin,
        /// The font that lacks it.
        font: PathBuf,
    },
    /// The library does not fit the wire format.
    Blob(BlobError),
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompileError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            CompileError::NotUtf8 { file, line } => {
                write!(f, "{file}:{line}: not UTF-8 text (save the book as UTF-8)")
            }
            CompileError::NoBooks(dir) => {
                write!(f, "{}: no books (*.md files) to compile", dir.display())
            }
            CompileError::NoSizes => write!(f, "no font sizes to rasterize"),
            CompileError::Clean(error) => write!(f, "{error}"),
            CompileError::Convert(error) => write!(f, "{error}"),
            CompileError::Raster(error) => write!(f, "{error}"),
            CompileError::MissingGlyph { c, origin, font } => write!(
                f,
                "{origin}: character '{c}' (U+{:04X}) has no glyph in {}",
                u32::from(*c),
                font.display()
            ),
            CompileError::Blob(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for CompileError {}

fn read(path: &Path) -> Result<Vec<u8>, CompileError> {
    std::fs::read(path).map_err(|error| CompileError::Io {
        path: path.to_path_buf(),
        error,
    })
}

/// The book files of `inputs` in library order: a file as given, a folder as the `*.md` files
/// in it sorted by name.
fn book_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, CompileError> {
    let mut files = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            files.push(input.clone());
            continue;
        }
        let io = |error| CompileError::Io {
            path: input.clone(),
            error,
        };
        let mut found = Vec::new();
        for entry in std::fs::read_dir(input).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path.is_file() && path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
        if found.is_empty() {
            return Err(CompileError::NoBooks(input.clone()));
        }
        found.sort();
        files.extend(found);
    }
    if files.is_empty() {
        return Err(CompileError::NoBooks(PathBuf::new()));
    }
    Ok(files)
}

fn utf8(bytes: Vec<u8>, file: &str) -> Result<String, CompileError> {
    String::from_utf8(bytes).map_err(|error| {
        let bad = error.utf8_error().valid_up_to();
        let line = 1 + error.as_bytes()[..bad]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        CompileError::NotUtf8 {
            file: file.to_string(),
            line,
        }
    })
}

/// The book's title, set as its first block so that page 1 opens with it, and its author
/// (where the source names one) as a meta line under it.
fn with_title_block(mut document: Document) -> Document {
    let mut front = vec![Block::new(BlockKind::Heading(2), document.title.clone(), 1)];
    if let Some(author) = &document.author {
        front.push(Block::new(BlockKind::Meta, author.clone(), 1));
    }
    document.blocks.splice(0..0, front);
    document
}

/// A step of a compiler run, reported as it happens (for `moye compile`'s progress lines).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress<'a> {
    /// A book was read and cleaned.
    Book {
        /// Its file.
        file: &'a str,
        /// Its title.
        title: &'a str,
        /// Blocks in its original rendition, the title block included.
        blocks: usize,
    },
    /// Rasterization starts: this many characters at these sizes.
    Rasterizing {
        /// Distinct characters of the books and the UI.
        chars: usize,
        /// The pixel sizes.
        sizes: &'a [u8],
    },
    /// Glyphs rasterized so far, of all sizes together.
    Glyphs {
        /// Glyphs done.
        done: usize,
        /// Glyphs in all.
        total: usize,
    },
    /// Something the reader should know that does not stop the book (`file:line: …`): a
    /// character no font has, drawn as a replacement box; a converted character kept in its
    /// source form; undecodable bytes replaced.
    Warning(&'a str),
}

/// Compiles the library described by `options`.
pub fn compile(options: &Options) -> Result<Output, CompileError> {
    compile_with_progress(options, &mut |_| {})
}

/// [`compile`], telling `progress` each step as it happens.
pub fn compile_with_progress(
    options: &Options,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Output, CompileError> {
    if options.sizes.is_empty() {
        return Err(CompileError::NoSizes);
    }
    let converter = Converter::new().map_err(CompileError::Convert)?;
    let mut inputs = options.inputs.clone();
    inputs.push(options.font.clone());
    let mut charset = Charset::new();
    charset.add_printable_ascii(&Origin {
        file: "(printable ASCII)".into(),
        line: 1,
    });

    let mut books = Vec::new();
    for path in book_files(&options.inputs)? {
        let file = path.display().to_string();
        let source = utf8(read(&path)?, &file)?;
        let original = with_title_block(clean(&source, &file).map_err(CompileError::Clean)?);
        let simplified = converter.document(&original, Script::Simplified);
        let traditional = converter.document(&original, Script::Traditional);
        progress(Progress::Book {
            file: &file,
            title: &original.title,
            blocks: original.blocks.len(),
        });
        for document in [&original, &simplified, &traditional] {
            for block in &document.blocks {
                let origin = Origin {
                    file: file.clone(),
                    line: block.line,
                };
                charset.add(&block.text, &origin);
            }
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        books.push(BookInput {
            key: wire::fnv1a(name.unwrap_or_default().as_bytes()),
            file,
            original,
            simplified,
            traditional,
        });
        inputs.push(path);
    }
    if let Some(ui) = &options.ui_strings {
        let file = ui.display().to_string();
        let source = utf8(read(ui)?, &file)?;
        for (c, line) in string_literal_chars(&source) {
            let origin = Origin {
                file: file.clone(),
                line,
            };
            charset.add(c.encode_utf8(&mut [0; 4]), &origin);
        }
        inputs.push(ui.clone());
    }

    let ranked = charset.ranked();
    progress(Progress::Rasterizing {
        chars: ranked.len(),
        sizes: &options.sizes,
    });
    let font_data = read(&options.font)?;
    let fonts = rasterize(&font_data, &options.sizes, &ranked)?;
    if let Some(missing) = fonts.first().and_then(|font| {
        ranked
            .iter()
            .zip(&font.glyphs)
            .find(|(_, glyph)| glyph.is_none())
    }) {
        let c = *missing.0;
        return Err(CompileError::MissingGlyph {
            c,
            origin: charset.origin(c).cloned().unwrap_or(Origin {
                file: "?".into(),
                line: 0,
            }),
            font: options.font.clone(),
        });
    }
    let fonts: Vec<FontInput> = fonts
        .into_iter()
        .map(|font| FontInput {
            size: font.size,
            metrics: font.metrics,
            glyphs: font.glyphs.into_iter().flatten().collect(),
        })
        .collect();
    let blob = blob::write(&ranked, &fonts, &books).map_err(CompileError::Blob)?;
    Ok(Output { blob, inputs })
}

/// One size's glyphs, `None` where the font has none.
struct Rasterized {
    size: u8,
    metrics: crate::raster::LineMetrics,
    glyphs: Vec<Option<crate::raster::Bitmap>>,
}

/// Every character at every size, one thread per size (the sizes are independent).
fn rasterize(font: &[u8], sizes: &[u8], chars: &[char]) -> Result<Vec<Rasterized>, CompileError> {
    let rasterizer = Rasterizer::new(font).map_err(CompileError::Raster)?;
    let mut sizes = sizes.to_vec();
    sizes.sort_unstable();
    sizes.dedup();
    std::thread::scope(|scope| {
        let jobs: Vec<_> = sizes
            .iter()
            .map(|&size| {
                let rasterizer = &rasterizer;
                scope.spawn(move || -> Result<Rasterized, CompileError> {
                    let sized = rasterizer.at_size(size).map_err(CompileError::Raster)?;
                    let glyphs = chars
                        .iter()
                        .map(|&c| sized.try_glyph(c))
                        .collect::<Result<_, _>>()
                        .map_err(CompileError::Raster)?;
                    Ok(Rasterized {
                        size,
                        metrics: sized.line_metrics(),
                        glyphs,
                    })
                })
            })
            .collect();
        jobs.into_iter()
            .map(|job| {
                job.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
