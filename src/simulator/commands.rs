//! The subcommands behind the command line.
//!
//! `run` (window or headless key script) works through the [`App`](crate::app::App) trait.
//! `screenshot`, `dump` and `stats` need the reader core directly; until the lead connects
//! them they report that and fail (exit code 1).

use std::fmt;

use crate::app::{self, AppConfig};
use crate::cli::{Args, Command};
use crate::png;
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

fn not_connected(command: &str) -> CommandError {
    CommandError(format!(
        "`moye {command}` is not yet connected to the reader core"
    ))
}

/// `moye screenshot --book N --page K -o FILE.png`: one page as the panel shows it.
///
/// LEAD: lay out `args.book` (from 1) in `args.profile`/`args.orientation` at `args.size` and
/// `args.rendition`, draw page `args.page` (from 1; out of range is an error naming the page
/// count), play `args.keys` if any, then `png::save(&display, output, args.scale.unwrap_or(1),
/// png::MONO)`.
pub fn screenshot(args: &Args) -> Result<(), CommandError> {
    let _ = (args.book, args.page, &args.output);
    Err(not_connected("screenshot"))
}

/// `moye dump --book N`: the core's JSON page export on stdout.
///
/// LEAD: lay out `args.book` as for `screenshot` and print the JSON export.
pub fn dump(args: &Args) -> Result<(), CommandError> {
    let _ = args.book;
    Err(not_connected("dump"))
}

/// `moye stats`: the blob size report (built-in library, or `args.library`).
///
/// LEAD: print `moye::format::Stats::of(&library)`.
pub fn stats(args: &Args) -> Result<(), CommandError> {
    let _ = &args.library;
    Err(not_connected("stats"))
}
