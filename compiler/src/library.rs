//! The whole compiler run: read the books and the font, clean, convert, rasterize, write.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::blob::{self, BookInput, FontInput};
use crate::charset::{string_literal_chars, Charset, Origin};
use crate::convert::{Converter, Script};
use crate::error::CompileError;
use crate::faces::{self, Face, Faces};
use crate::forms::{self, Form};
use crate::raster::replacement::replacement_box;
use crate::raster::{Bitmap, LineMetrics, RasterError, Rasterizer, SizedRasterizer};
use crate::sources::{book_files, read, read_book};
use crate::vertical;
use crate::wire;

/// What to compile.
#[derive(Clone, Debug)]
pub struct Options {
    /// The books: files (`.md`, `.epub`, `.txt`) and folders, each folder standing for every
    /// book file in it, in file-name order. The library keeps the order given.
    pub inputs: Vec<PathBuf>,
    /// The OpenType font to rasterize.
    pub font: PathBuf,
    /// The Traditional Chinese face (Noto Sans CJK TC) the 繁體 rendition is set in, and the
    /// centred full-width marks are drawn from, or `None` to set everything in `font`.
    pub traditional_font: Option<PathBuf>,
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
            traditional_font: None,
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
    /// The warnings, as [`Progress::Warning`] reported them.
    pub warnings: Vec<String>,
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
    let main_data = read(&options.font)?;
    let raster_error = |font: &PathBuf| {
        let font = font.clone();
        move |error| CompileError::Raster { font, error }
    };
    let main = Rasterizer::new(&main_data).map_err(raster_error(&options.font))?;

    let mut warnings = Vec::new();
    let mut books = Vec::new();
    for path in book_files(&options.inputs)? {
        let file = path.display().to_string();
        let mut read_warnings = Vec::new();
        let original = read_book(&path, options, &mut |w| read_warnings.push(w))?;
        for warning in read_warnings {
            progress(Progress::Warning(&warning));
            warnings.push(warning);
        }
        let simplified = converter.document(&original, Script::Simplified);
        let traditional = converter.document(&original, Script::Traditional);
        progress(Progress::Book {
            file: &file,
            title: &original.title,
            blocks: original.blocks.len(),
        });
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
    let ui_source = match &options.ui_strings {
        Some(ui) => {
            inputs.push(ui.clone());
            Some((ui.display().to_string(), utf8_file(ui)?))
        }
        None => None,
    };

    // The fallback face is read only when the main font lacks a character.
    let needs_fallback = books.iter().any(|book| {
        [&book.original, &book.simplified, &book.traditional]
            .iter()
            .any(|document| {
                document
                    .blocks
                    .iter()
                    .any(|b| !b.text.chars().all(|c| main.has_glyph(c)))
            })
    }) || ui_source.as_ref().is_some_and(|(_, source)| {
        string_literal_chars(source)
            .iter()
            .any(|(c, _)| !main.has_glyph(*c))
    });
    let fallback_data = match &options.fallback_font {
        Some(path) if needs_fallback => {
            inputs.push(path.clone());
            Some(faces::read_font(path).map_err(|error| CompileError::Io {
                path: path.clone(),
                error,
            })?)
        }
        _ => None,
    };
    let fallback = match (&fallback_data, &options.fallback_font) {
        (Some(data), Some(path)) => Some(Rasterizer::new(data).map_err(raster_error(path))?),
        _ => None,
    };
    let traditional_data = match &options.traditional_font {
        Some(path) => {
            inputs.push(path.clone());
            Some(read(path)?)
        }
        None => None,
    };
    let traditional = match (&traditional_data, &options.traditional_font) {
        (Some(data), Some(path)) => Some(Rasterizer::new(data).map_err(raster_error(path))?),
        _ => None,
    };
    let faces = Faces {
        main,
        fallback,
        traditional,
    };

    let mut warn = |message: String| {
        progress(Progress::Warning(&message));
        warnings.push(message);
    };
    let mut report = faces::Uncovered {
        strict: options.strict,
        warned: HashSet::new(),
        warn: &mut warn,
    };
    let mut charset = Charset::new();
    charset.add_printable_ascii(&Origin {
        file: "(printable ASCII)".into(),
        line: 1,
    });
    for book in &mut books {
        for (script, converted) in [
            (Script::Simplified, &mut book.simplified),
            (Script::Traditional, &mut book.traditional),
        ] {
            faces::keep_source_where_uncovered(
                &book.original,
                converted,
                script,
                &book.file,
                &faces,
                &mut report,
            )
            .map_err(CompileError::Unconvertible)?;
        }
        for document in [&book.original, &book.simplified, &book.traditional] {
            for block in &document.blocks {
                let (file, line) = match document.parts.get(block.part) {
                    Some(part) => (format!("{}/{part}", book.file), block.line),
                    None => (book.file.clone(), block.line),
                };
                charset.add(&block.text, &Origin { file, line });
            }
        }
    }
    if let Some((file, source)) = &ui_source {
        for (c, line) in string_literal_chars(source) {
            let origin = Origin {
                file: file.clone(),
                line,
            };
            charset.add(c.encode_utf8(&mut [0; 4]), &origin);
        }
    }

    let ordered = charset.ordered();
    let choices: Vec<Face> = ordered.iter().map(|&c| faces.face_of(c)).collect();
    for (&c, _) in ordered
        .iter()
        .zip(&choices)
        .filter(|(_, f)| **f == Face::Replacement)
    {
        let origin = charset.origin(c).cloned().unwrap_or(Origin {
            file: "?".into(),
            line: 0,
        });
        if options.strict {
            return Err(CompileError::MissingGlyph {
                c,
                origin,
                font: options.font.clone(),
            });
        }
        warn(format!(
            "{origin}: character '{c}' (U+{:04X}) is in no font; drawn as a box with its code",
            u32::from(c)
        ));
    }
    progress(Progress::Rasterizing {
        chars: ordered.len(),
        sizes: &options.sizes,
    });
    let plan = match &faces.traditional {
        Some(traditional) => {
            let ui_chars: HashSet<char> = ui_source
                .iter()
                .flat_map(|(_, source)| string_literal_chars(source).into_iter().map(|(c, _)| c))
                .collect();
            forms::plan(&ordered, &choices, &books, &ui_chars, traditional)
        }
        None => vec![Form::Main; ordered.len()],
    };
    let (mut fonts, others) = rasterize(&faces, options, &ordered, &choices, &plan, progress)?;
    let (traditional_glyphs, vertical_glyphs): (TraditionalGlyphs, VerticalGlyphs) =
        others.into_iter().unzip();
    let main_glyphs: Vec<Vec<Bitmap>> = fonts
        .iter_mut()
        .map(|f| std::mem::take(&mut f.glyphs))
        .collect();
    let forms = forms::assign(&main_glyphs, &traditional_glyphs);
    let vertical = vertical::assign(&main_glyphs, &vertical_glyphs);
    for (((font, glyphs), variants), vertical) in fonts
        .iter_mut()
        .zip(main_glyphs)
        .zip(forms.variants)
        .zip(vertical.glyphs)
    {
        font.glyphs = glyphs;
        font.variants = variants;
        font.vertical = vertical;
    }
    let forms = if faces.traditional.is_some() {
        forms.records
    } else {
        Vec::new()
    };
    let sources: Vec<(u16, u8)> = choices
        .iter()
        .enumerate()
        .filter_map(|(id, face)| match face {
            Face::Main => None,
            Face::Fallback => Some((id as u16, wire::glyph_source::FALLBACK)),
            Face::Replacement => Some((id as u16, wire::glyph_source::REPLACEMENT)),
        })
        .collect();
    let blob = blob::write(&ordered, &fonts, &forms, &vertical.ids, &sources, &books)
        .map_err(CompileError::Blob)?;
    Ok(Output {
        blob,
        inputs,
        warnings,
    })
}

fn utf8_file(path: &Path) -> Result<String, CompileError> {
    String::from_utf8(read(path)?).map_err(|_| CompileError::NotUtf8 {
        file: path.display().to_string(),
        line: 1,
    })
}

/// Per size, the Traditional glyph of each id, `None` where it has none of its own.
type TraditionalGlyphs = Vec<Vec<Option<Bitmap>>>;

/// Per size, the vertical glyph of each id, `None` where it has none.
type VerticalGlyphs = Vec<Vec<Option<Bitmap>>>;

/// One size's glyphs besides the main ones: per id, its Traditional glyph and its vertical
/// glyph (`None` where it has none).
type OtherGlyphs = (Vec<Option<Bitmap>>, Vec<Option<Bitmap>>);

/// Every character at every size, one thread per size (the sizes are independent), each glyph
/// from the face `choices` names or the TC face where the `plan` says so, the Traditional
/// glyph of the ids it plans [`Form::Both`] for, and the vertical glyph of the ids drawn from
/// the main face that has one; glyph counts go to `progress` while the threads work.
fn rasterize(
    faces: &Faces<'_>,
    options: &Options,
    chars: &[char],
    choices: &[Face],
    plan: &[Form],
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<(Vec<FontInput>, Vec<OtherGlyphs>), CompileError> {
    let mut sizes = options.sizes.clone();
    sizes.sort_unstable();
    sizes.dedup();
    let done = AtomicUsize::new(0);
    let both = plan.iter().filter(|&&f| f == Form::Both).count();
    let substituted = (0..chars.len())
        .filter(|&id| has_vertical_form(faces, chars[id], choices[id], plan[id]))
        .count();
    let total = sizes.len() * (chars.len() + both + substituted);
    std::thread::scope(|scope| {
        let jobs: Vec<_> = sizes
            .iter()
            .map(|&size| {
                let done = &done;
                scope
                    .spawn(move || rasterize_size(faces, options, size, chars, choices, plan, done))
            })
            .collect();
        while !jobs.iter().all(|job| job.is_finished()) {
            progress(Progress::Glyphs {
                done: done.load(Ordering::Relaxed),
                total,
            });
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        progress(Progress::Glyphs { done: total, total });
        let sized: Vec<_> = jobs
            .into_iter()
            .map(|job| {
                job.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect::<Result<_, _>>()?;
        Ok(sized.into_iter().unzip())
    })
}

/// Whether the main glyph of `c`, drawn from `face` as `form` plans, is the main face's: only
/// such a glyph has a vertical form there (not a fallback glyph, a replacement box or a
/// Traditional-only character's TC glyph, which the main face's forms do not fit).
fn from_main_face(face: Face, form: Form) -> bool {
    face == Face::Main && form != Form::TraditionalOnly
}

/// Whether `c`, drawn from `face` as `form` plans, has a vertical substitution to rasterize:
/// only these are rasterized again.
fn has_vertical_form(faces: &Faces<'_>, c: char, face: Face, form: Form) -> bool {
    from_main_face(face, form) && faces.main.has_vertical_form(c)
}

/// The vertical glyph of `c`, whose main glyph at this size is `glyph`: the face's vertical
/// substitution, or for a mark of [`vertical::TURNED`] its main glyph turned; `None` where
/// it has neither.
fn vertical_glyph(
    main: &SizedRasterizer<'_>,
    c: char,
    glyph: &Bitmap,
    drawn_by_main_face: bool,
) -> Result<Option<Bitmap>, RasterError> {
    if !drawn_by_main_face {
        return Ok(None);
    }
    if let Some(vertical) = main.try_vertical_glyph(c)? {
        return Ok(Some(vertical));
    }
    Ok(if vertical::TURNED.contains(&c) {
        vertical::quarter_turn(glyph, main.px(), main.line_metrics().vertical_origin)
            .and_then(|turned| vertical::centred_across(turned, main.px()))
    } else {
        None
    })
}

/// One size: the main font's metrics, each glyph from its face, the Traditional glyphs
/// of the ids planned [`Form::Both`] and the vertical glyphs of the ids that have one (`None`
/// for the others). An id planned [`Form::TraditionalOnly`] takes its one glyph from the TC
/// face.
fn rasterize_size(
    faces: &Faces<'_>,
    options: &Options,
    size: u8,
    chars: &[char],
    choices: &[Face],
    plan: &[Form],
    done: &AtomicUsize,
) -> Result<(FontInput, OtherGlyphs), CompileError> {
    let error_in = |font: &Option<PathBuf>| {
        let font = font.clone().unwrap_or_default();
        move |error| CompileError::Raster { font, error }
    };
    let (main_error, fallback_error) = (
        error_in(&Some(options.font.clone())),
        error_in(&options.fallback_font),
    );
    let main = faces.main.at_size(size).map_err(main_error.clone())?;
    let fallback = faces
        .fallback
        .as_ref()
        .map(|f| f.at_size(size))
        .transpose()
        .map_err(fallback_error.clone())?;
    let traditional_error = error_in(&options.traditional_font);
    let traditional = faces
        .traditional
        .as_ref()
        .map(|f| f.at_size(size))
        .transpose()
        .map_err(traditional_error.clone())?;
    let mut glyphs: Vec<Bitmap> = Vec::with_capacity(chars.len());
    let mut traditional_glyphs = Vec::with_capacity(chars.len());
    let mut vertical_glyphs = Vec::with_capacity(chars.len());
    for ((&c, &face), &form) in chars.iter().zip(choices).zip(plan) {
        let tc = || match &traditional {
            Some(traditional) => traditional.try_glyph(c).map_err(traditional_error.clone()),
            None => Ok(None),
        };
        let glyph = match (face, &fallback) {
            (Face::Main, _) if form == Form::TraditionalOnly => match tc()? {
                Some(glyph) => Some(glyph),
                None => main.try_glyph(c).map_err(main_error.clone())?,
            },
            (Face::Main, _) => main.try_glyph(c).map_err(main_error.clone())?,
            (Face::Fallback, Some(fallback)) => {
                fallback.try_glyph(c).map_err(fallback_error.clone())?
            }
            _ => None,
        };
        let glyph = glyph.unwrap_or_else(|| replacement_box(c, size));
        done.fetch_add(1, Ordering::Relaxed);
        let traditional_glyph = if form == Form::Both {
            done.fetch_add(1, Ordering::Relaxed);
            tc()?
        } else {
            None
        };
        traditional_glyphs.push(traditional_glyph);
        if has_vertical_form(faces, c, face, form) {
            done.fetch_add(1, Ordering::Relaxed);
        }
        let vertical = vertical_glyph(&main, c, &glyph, from_main_face(face, form));
        vertical_glyphs.push(vertical.map_err(main_error.clone())?);
        glyphs.push(glyph);
    }
    let metrics: LineMetrics = main.line_metrics();
    let font = FontInput {
        size,
        metrics,
        glyphs,
        variants: Vec::new(),
        vertical: Vec::new(),
    };
    Ok((font, (traditional_glyphs, vertical_glyphs)))
}
