//! The subcommands behind the command line.
//!
//! `run` (window or headless key script) works through the [`App`](crate::app::App) trait.
//! `screenshot`, `dump` and `stats` use the reader core directly: the same layout, drawing
//! and export code the device runs. `compile` runs the content compiler, as the build script
//! does for the built-in library.

use std::fmt;

use embedded_graphics_simulator::SimulatorDisplay;
use moye::format::{Book, Library, Rendition, Script, Stats};
use moye::glyphs::{FontSet, GlyphForms, PunctuationPosition, WritingMode};
use moye::layout::{Layout, LayoutParams, PageIndex};
use moye::render::{book_json, DrawTargetCanvas, ReadingView};
use moye::Position;

use crate::app::{self, AppConfig};
use crate::cli::{Args, Command, CompileArgs, DEFAULT_FONT, DEFAULT_TRADITIONAL_FONT};
use crate::png;
use crate::profile;
use crate::progress::{size_list, CompileProgress};
use crate::window::{self, WindowOptions};

/// A subcommand that failed (exit code 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandError(pub String);

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CommandError {}

impl From<String> for CommandError {
    fn from(message: String) -> Self {
        CommandError(message)
    }
}

/// What the app is opened with, from the command line.
pub fn app_config(args: &Args) -> AppConfig {
    AppConfig {
        profile: args.profile,
        orientation: args.orientation,
        book: args.book,
        page: args.page,
        size: args.size,
        rendition: args.rendition,
        punctuation: args.punctuation,
        vertical: args.vertical,
        upright_digits: args.upright_digits,
        state_file: args.state_file.clone(),
        library: args.library.clone(),
    }
}

/// Runs the subcommand `args` asks for.
pub fn execute(args: &Args) -> Result<(), CommandError> {
    match args.command {
        Command::Run if args.is_window() => open_window(args),
        Command::Run => play_headless(args),
        Command::Screenshot => screenshot(args),
        Command::Dump => dump(args),
        Command::Stats => stats(args),
    }
}

/// `moye [run]`: the window.
fn open_window(args: &Args) -> Result<(), CommandError> {
    let app = app::open(&app_config(args))?;
    let options = WindowOptions {
        scale: args.scale,
        keys: args.keys.clone(),
    };
    window::run(app, options).map_err(CommandError)
}

/// `moye [run] --keys "…" -o FILE.png`: plays the keys without a window and saves the final
/// screen in black and white.
fn play_headless(args: &Args) -> Result<(), CommandError> {
    let Some(output) = &args.output else {
        return Err(CommandError("no -o FILE.png to save the screen to".into()));
    };
    let mut app = app::open(&app_config(args))?;
    let mut now = 0;
    app::play(app.as_mut(), &args.keys, &mut now);
    let display = app::render(app.as_mut());
    app.close(now);
    png::save(&display, output, args.scale.unwrap_or(1), png::MONO)
        .map_err(|e| CommandError(e.to_string()))
}

/// The libraries the command reads: the built-in one and, beside it, the `--library` file
/// (checked by `Library::parse`, refused with the reason if bad). Books are numbered through
/// both, the built-in ones first, as the window numbers them.
fn libraries(args: &Args) -> Result<Vec<Library<'static>>, CommandError> {
    let builtin = Library::builtin()
        .map_err(|e| CommandError(format!("the built-in library is damaged: {e}")))?;
    let mut libraries = vec![builtin];
    if let Some(path) = &args.library {
        libraries.push(library_file(path)?);
    }
    Ok(libraries)
}

/// The library file at `path`, checked by `Library::parse`.
fn library_file(path: &std::path::Path) -> Result<Library<'static>, CommandError> {
    let bytes = std::fs::read(path)
        .map_err(|e| CommandError(format!("cannot read library {}: {e}", path.display())))?;
    // The command runs once and exits: the blob lives as long as the process.
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    Library::parse(bytes)
        .map_err(|e| CommandError(format!("library {} refused: {e}", path.display())))
}

/// The book `args.book` (from 1, through every library read), with the library it is in.
fn book(
    args: &Args,
    libraries: &[Library<'static>],
) -> Result<(u16, Library<'static>, Book<'static>), CommandError> {
    let count: u32 = libraries.iter().map(|l| u32::from(l.book_count())).sum();
    let number = args
        .book
        .ok_or_else(|| CommandError("which book? give --book N".into()))?;
    if count == 0 {
        return Err(CommandError("the library has no books".into()));
    }
    let mut index = u32::from(number)
        .checked_sub(1)
        .ok_or_else(|| CommandError("books are numbered from 1".into()))?;
    for library in libraries {
        match u16::try_from(index).ok().and_then(|i| library.book(i)) {
            Some(book) => return Ok((number, *library, book)),
            None => index = index.saturating_sub(u32::from(library.book_count())),
        }
    }
    Err(CommandError(format!(
        "no book {number}: the library has {count} (1-{count})"
    )))
}

/// Lays out `rendition` for the profile, orientation and size of `args`, paginates it, and
/// hands the layout and its page index to `then`.
fn with_layout<T>(
    args: &Args,
    library: Library<'static>,
    rendition: &Rendition<'static>,
    then: impl FnOnce(
        &Layout<'_, Rendition<'static>, FontSet<'static>>,
        &FontSet<'static>,
        &PageIndex<'_>,
    ) -> Result<T, CommandError>,
) -> Result<T, CommandError> {
    let size = args
        .size
        .unwrap_or(profile::default_body_size(&args.profile));
    let traditional = args.rendition.unwrap_or_default() == Script::Traditional;
    let punctuation = args
        .punctuation
        .unwrap_or(PunctuationPosition::default_for(traditional));
    let writing = if args.vertical {
        WritingMode::Vertical
    } else {
        WritingMode::Horizontal
    };
    let forms = GlyphForms::new(traditional, punctuation).written(writing);
    let fonts = FontSet::new(library, size).map(|fonts| fonts.with_forms(forms));
    let fonts = fonts.ok_or_else(|| {
        let sizes: Vec<String> = library.fonts().map(|f| f.size().to_string()).collect();
        CommandError(format!(
            "the library has no {size} px font (it has {} px); choose --size, or compile \
             the library with --sizes",
            sizes.join(", ")
        ))
    })?;
    let area = args.profile.text_area(args.orientation);
    let (measure, depth) = writing.layout_box(area.size.width as u16, area.size.height as u16);
    let params = LayoutParams {
        upright_digit_pairs: args.vertical && args.upright_digits,
        ..LayoutParams::new(measure, depth)
    };
    let layout =
        Layout::try_new(rendition, &fonts, params).map_err(|e| CommandError(e.to_string()))?;
    let mut starts = vec![Position::START; MAX_PAGES];
    let index = PageIndex::build(&layout, &mut starts).map_err(|e| CommandError(e.to_string()))?;
    then(&layout, &fonts, &index)
}

/// More pages than any book of a reader's library needs; the error says if one does.
const MAX_PAGES: usize = 1 << 16;

/// `moye screenshot --book N --page K -o FILE.png`: one page as the panel shows it.
pub fn screenshot(args: &Args) -> Result<(), CommandError> {
    let output = args
        .output
        .as_ref()
        .ok_or_else(|| CommandError("no -o FILE.png to save the page to".into()))?;
    let (_, library, book) = book(args, &libraries(args)?)?;
    let rendition = book.rendition(args.rendition.unwrap_or_default());
    let display = with_layout(args, library, &rendition, |layout, fonts, index| {
        let number = args.page.unwrap_or(1);
        let count = index.len();
        let page = (number as usize)
            .checked_sub(1)
            .filter(|&page| page < count)
            .ok_or_else(|| {
                CommandError(format!(
                    "no page {number}: the book has {count} pages at this size"
                ))
            })?;
        let view = ReadingView {
            layout,
            fonts,
            start: index.start_of(page).unwrap_or(Position::START),
            end: index.end_of(page).unwrap_or(Position::START),
            text_area: args.profile.text_area(args.orientation),
            status_area: args.profile.status_area(args.orientation),
            title: rendition.title(),
            page: page + 1,
            page_count: count,
            bookmarked: false,
        };
        let mut display = SimulatorDisplay::new(args.profile.screen(args.orientation));
        let _ = view.draw_on(&mut DrawTargetCanvas::new(&mut display));
        Ok(display)
    })?;
    png::save(&display, output, args.scale.unwrap_or(1), png::MONO)
        .map_err(|e| CommandError(e.to_string()))
}

/// `moye dump --book N`: the core's JSON page export on stdout.
pub fn dump(args: &Args) -> Result<(), CommandError> {
    let (number, library, book) = book(args, &libraries(args)?)?;
    let rendition = book.rendition(args.rendition.unwrap_or_default());
    let json = with_layout(args, library, &rendition, |layout, _, index| {
        Ok(book_json(
            usize::from(number),
            rendition.title(),
            layout,
            index,
        ))
    })?;
    println!("{json}");
    Ok(())
}

/// `moye stats`: the blob size report of the `--library` file if given, else of the built-in
/// library.
pub fn stats(args: &Args) -> Result<(), CommandError> {
    let library = match &args.library {
        Some(path) => library_file(path)?,
        None => Library::builtin()
            .map_err(|e| CommandError(format!("the built-in library is damaged: {e}")))?,
    };
    println!("{}", Stats::of(&library));
    Ok(())
}

/// UI labels whose characters every library needs glyphs for: this source tree's own.
const UI_STRINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/ui/strings.rs");

/// `moye compile BOOK... -o FILE`: the content compiler on files and folders of books, with
/// progress on stderr (a bar on a terminal, plain lines otherwise). The blob written is read
/// back through `Library::parse` before the command reports success.
pub fn compile(args: &CompileArgs) -> Result<(), CommandError> {
    let started = std::time::Instant::now();
    let options = moye_compiler::Options {
        ui_strings: Some(UI_STRINGS.into()),
        fallback_font: args.fallback_font.resolve(std::path::Path::exists),
        // The TC face is the default SC face's sibling: with another --font, none.
        traditional_font: Some(std::path::PathBuf::from(DEFAULT_TRADITIONAL_FONT))
            .filter(|tc| args.font == std::path::Path::new(DEFAULT_FONT) && tc.exists()),
        encoding: args.encoding,
        strict: args.strict,
        ..moye_compiler::Options::new(args.inputs.clone(), args.font.clone(), args.sizes.clone())
    };
    let mut progress = CompileProgress::on_stderr(&args.font);
    let compiled = moye_compiler::compile_with_progress(&options, &mut |step| progress.step(step));
    let written = compiled
        .map_err(|e| CommandError(e.to_string()))
        .and_then(|output| {
            if let Err(e) = Library::parse(&output.blob) {
                return Err(CommandError(format!(
                    "the compiled library does not read back ({e}): a compiler bug, please report it"
                )));
            }
            std::fs::write(&args.output, &output.blob).map_err(|e| {
                CommandError(format!("cannot write {}: {e}", args.output.display()))
            })?;
            Ok(output.blob.len())
        });
    let bytes = match written {
        Ok(bytes) => bytes,
        Err(error) => {
            progress.abandon();
            return Err(error);
        }
    };
    let books = progress.books();
    progress.finish(&format!(
        "moye compile: wrote {}: {bytes} bytes, {books} book{}, {} px, in {:.1} s",
        args.output.display(),
        if books == 1 { "" } else { "s" },
        size_list(&args.sizes),
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}
