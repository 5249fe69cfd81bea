//! The command line as clap sees it: the derive structs whose doc comments are the help text,
//! and the value parsers that check one value on its own.
//!
//! Checks that need more than one value (a `--size` the `--profile` offers, `--page` needing
//! `--book`) and the environment's defaults are made afterwards, in [`super::parse`]: clap's
//! own `env` support would read the process environment, which the parse must not.

use std::ffi::OsStr;
use std::path::PathBuf;

use clap::builder::{PathBufValueParser, PossibleValue, StringValueParser, TypedValueParser};
use clap::{Arg, Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use moye::format::Script;
use moye::glyphs::PunctuationPosition;

use super::compile::CompileOptions;
use crate::app::Action;
use crate::keys;
use crate::profile::{self, Orientation, Profile, PROFILES};

/// The largest `--scale`.
pub const MAX_SCALE: u32 = 16;

/// Shown after `moye --help`: the window's keys and the exit codes.
const AFTER_HELP: &str = "\
Keys (window):
  <- PageUp Up         previous page / up          -> PageDown Down Space   next page / down
  Enter                select                      Esc Backspace            back
  hold a key 600 ms, or press it with Shift, for a long press
  + -  body size   v  简体/繁體   r  rotate   b  bookmark   t  contents   q  quit

Exit status: 0 success, 1 failure, 2 bad usage";

/// moye — 墨页 Moye, the offline Chinese e-reader, on the desktop
///
/// Without a command, `moye` opens the simulator window (as `moye run`); with `--keys "…" -o
/// FILE.png` it plays the keys without a window and saves the final screen. The other commands
/// need no display.
#[derive(Debug, Parser)]
#[command(name = "moye", version, propagate_version = true, after_long_help = AFTER_HELP)]
pub struct MoyeCli {
    /// The command; `run` when none is given.
    #[command(subcommand)]
    pub command: Option<Sub>,
    /// The reader's options, given before any command (they apply to it).
    #[command(flatten)]
    pub options: ReaderOptions,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Sub {
    /// Open the simulator window (the default), or play --keys without one and save the final
    /// screen with -o FILE.png
    Run(ReaderOptions),
    /// Save one page as PNG: needs --book N and -o FILE.png (no display needed)
    Screenshot(ReaderOptions),
    /// Print a book's pages as JSON on stdout: needs --book N
    Dump(LayoutOptions),
    /// Report the library blob's sizes
    Stats(StatsOptions),
    /// Compile books (.md, .epub, .txt, or folders of them) into a library blob for --library
    Compile(CompileOptions),
    /// Print a shell completion script on stdout
    ///
    /// For example `moye completions bash > ~/.local/share/bash-completion/completions/moye`,
    /// or `moye completions zsh > ~/.zfunc/_moye`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: Shell,
    },
}

/// What lays out a book: the options `dump` takes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Args)]
pub struct LayoutOptions {
    /// The device (default: pico-epd42)
    ///
    /// pico-epd42: 300x400 portrait, sizes 16/20/24; x4: 480x800 portrait, sizes 24/28/32;
    /// epd29: 296x128 landscape, size 16.
    #[arg(long, value_name = "P", value_parser = ProfileParser)]
    pub profile: Option<Profile>,
    /// The orientation (default: the profile's)
    #[arg(long, value_name = "O", value_enum)]
    pub orientation: Option<OrientationName>,
    /// A book, numbered from 1 in library order (built-in books first)
    #[arg(long, value_name = "N", value_parser = book_number, allow_negative_numbers = true)]
    pub book: Option<u16>,
    /// Body text size in px, one the profile offers
    ///
    /// Default: the profile's smallest, or in the window the saved setting.
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    pub size: Option<u8>,
    /// The rendition: hans (简体, the default), hant (繁體) or original (原文)
    ///
    /// Default: hans, or in the window the saved setting.
    #[arg(long, value_name = "R", value_enum)]
    pub rendition: Option<RenditionName>,
    /// Also read this library blob, made by `moye compile`
    ///
    /// Its books follow the built-in ones. A damaged or foreign file is refused with the reason.
    #[arg(long, value_name = "FILE")]
    pub library: Option<PathBuf>,
    /// Set the book vertically (直排): columns top to bottom, right to left
    ///
    /// The window and --keys keep it as the book's own setting (排版 in the settings).
    #[arg(long)]
    pub vertical: bool,
    /// With --vertical, set numbers of one or two digits upright in one cell (縦中横)
    ///
    /// Else they lie turned like Latin words. The window keeps it as a setting (纵中横).
    #[arg(long)]
    pub upright_digits: bool,
}

/// Everything the reader takes: `run`'s and `screenshot`'s options.
#[derive(Clone, Debug, Default, PartialEq, Eq, Args)]
pub struct ReaderOptions {
    /// The options that lay out a book.
    #[command(flatten)]
    pub layout: LayoutOptions,
    /// A page of the book, from 1 (screenshot default: 1); needs --book
    #[arg(long, value_name = "K", value_parser = page_number, allow_negative_numbers = true)]
    pub page: Option<u32>,
    /// Play these keys first, e.g. "next*5 select"
    ///
    /// The keys: next prev select back, long-next long-prev long-select long-back, larger
    /// smaller rendition rotate bookmark contents. Repeat a key with *N (next*5); put commas or
    /// spaces between.
    #[arg(long, value_name = "\"K K ...\"", value_parser = key_script)]
    pub keys: Option<KeyScript>,
    /// Where to save the PNG (screenshot; run without a window)
    #[arg(short, long, value_name = "FILE", value_parser = PathBufValueParser::new().try_map(png_path))]
    pub output: Option<PathBuf>,
    /// Where settings, positions and bookmarks persist
    ///
    /// The window's default is $XDG_DATA_HOME/moye/state.bin, else
    /// ~/.local/share/moye/state.bin; the headless commands keep none unless given one.
    #[arg(long, value_name = "FILE")]
    pub state_file: Option<PathBuf>,
    /// Pixel scale, 1-16
    ///
    /// The window's (default: the largest that fits) or the PNG's (default: 1).
    #[arg(long, value_name = "N", value_parser = scale, allow_negative_numbers = true)]
    pub scale: Option<u32>,
    /// Where 。，、；：！？ sit: centred (居中, Taiwan and Hong Kong) or low-left (靠左下, mainland)
    ///
    /// Default: centred for hant, low-left otherwise, or in the window the saved setting.
    #[arg(long, value_name = "P", value_enum)]
    pub punctuation: Option<PunctuationName>,
}

/// `stats`' one option.
#[derive(Clone, Debug, Default, PartialEq, Eq, Args)]
pub struct StatsOptions {
    /// Report on this library blob instead of the built-in library
    #[arg(long, value_name = "FILE")]
    pub library: Option<PathBuf>,
}

/// `--orientation`'s values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OrientationName {
    // No doc comments: clap would show them as the values' help, and the names say it.
    Portrait,
    Landscape,
}

impl From<OrientationName> for Orientation {
    fn from(name: OrientationName) -> Self {
        match name {
            OrientationName::Portrait => Orientation::Portrait,
            OrientationName::Landscape => Orientation::Landscape,
        }
    }
}

/// `--punctuation`'s values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PunctuationName {
    /// 居中, centred in the em box (Taiwan and Hong Kong).
    Centred,
    /// 靠左下, low in the left half (mainland).
    LowLeft,
}

impl From<PunctuationName> for PunctuationPosition {
    fn from(name: PunctuationName) -> Self {
        match name {
            PunctuationName::Centred => PunctuationPosition::Centred,
            PunctuationName::LowLeft => PunctuationPosition::LowLeft,
        }
    }
}

/// `--rendition`'s values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RenditionName {
    /// 简体, simplified characters.
    Hans,
    /// 繁體, traditional characters.
    Hant,
    /// 原文, the source text as written.
    Original,
}

impl From<RenditionName> for Script {
    fn from(name: RenditionName) -> Self {
        match name {
            RenditionName::Hans => Script::Simplified,
            RenditionName::Hant => Script::Traditional,
            RenditionName::Original => Script::Original,
        }
    }
}

/// A parsed `--keys` script (a newtype so clap takes it as one value, not a list).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyScript(pub Vec<Action>);

/// `--profile`: a name from the profile table, offered to shell completion as well.
#[derive(Clone, Copy, Debug)]
struct ProfileParser;

impl TypedValueParser for ProfileParser {
    type Value = Profile;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<Profile, clap::Error> {
        StringValueParser::new()
            .try_map(|name| {
                profile::named(&name).ok_or_else(|| {
                    format!("unknown profile {name}; use one of {}", profile::names())
                })
            })
            .parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            PROFILES.iter().map(|p| PossibleValue::new(p.name)),
        ))
    }
}

/// A whole number from 1 up; `what` says what it counts in the message.
fn from_one<T: std::str::FromStr + PartialOrd + From<u8>>(
    text: &str,
    what: &str,
) -> Result<T, String> {
    match text.parse::<T>() {
        Ok(n) if n >= T::from(1) => Ok(n),
        _ => Err(format!("must be {what}")),
    }
}

fn book_number(text: &str) -> Result<u16, String> {
    from_one(text, "a book number from 1")
}

fn page_number(text: &str) -> Result<u32, String> {
    from_one(text, "a page number from 1")
}

fn scale(text: &str) -> Result<u32, String> {
    let message = format!("must be a whole number from 1 to {MAX_SCALE}");
    match from_one::<u32>(text, "") {
        Ok(n) if n <= MAX_SCALE => Ok(n),
        _ => Err(message),
    }
}

fn key_script(text: &str) -> Result<KeyScript, String> {
    keys::parse_script(text)
        .map(KeyScript)
        .map_err(|e| e.to_string())
}

/// Only PNG outputs must end in `.png`: `moye compile -o` may name its blob anything.
fn png_path(path: PathBuf) -> Result<PathBuf, String> {
    let is_png = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    if is_png {
        Ok(path)
    } else {
        Err(format!("must name a .png file, not {}", path.display()))
    }
}
