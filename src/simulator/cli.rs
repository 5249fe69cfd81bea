//! The command line of `moye`, parsed by hand: a subcommand (`run` by default) and its options.
//!
//! [`parse`] is pure: it takes the arguments and a way to read environment variables, and
//! gives back what to do or a [`UsageError`] (exit code 2).
//!
//! `moye compile` takes the content compiler's inputs instead of a reader's options; they are
//! checked into a [`CompileArgs`].

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::PathBuf;

use moye::format::Script;

use crate::app::Action;
use crate::keys;
use crate::profile::{self, Orientation, Profile};

/// The full `--help` text.
pub const HELP: &str = "\
moye — 墨页 Moye, the offline Chinese e-reader, on the desktop

USAGE:
    moye [run] [OPTIONS]                   open the simulator window (the default)
    moye [run] --keys \"...\" -o FILE.png    play keys without a window, save the final screen
    moye screenshot --book N [--page K] [OPTIONS] -o FILE.png
                                           save one page as PNG (no display needed)
    moye dump --book N [OPTIONS]           print the book's pages as JSON on stdout
    moye stats [--library FILE]            report the library blob's sizes
    moye compile DIR -o FILE [--font F] [--sizes 16,20,24]
                                           compile a folder of Markdown books (*.md) into a
                                           library blob for --library
    moye help | --help | -h                this text
    moye --version | -V                    the version

OPTIONS:
    --profile P          the device: pico-epd42 (default; 300x400 portrait, sizes 16/20/24),
                         x4 (480x800 portrait, sizes 24/28/32), epd29 (296x128 landscape, 16)
    --orientation O      portrait or landscape (default: the profile's)
    --book N             a book, numbered from 1 in library order (built-in books first)
    --page K             a page of that book, from 1 (screenshot default: 1)
    --size S             body text size in px, one the profile offers (default: its smallest,
                         or the saved setting in the window)
    --rendition R        hans (简体, default), hant (繁體) or original (原文)
    --keys \"K K ...\"     play these keys first: next prev select back, long-next long-prev
                         long-select long-back, larger smaller rendition rotate bookmark
                         contents; repeat a key with *N (next*5); commas or spaces between
    -o, --output FILE    where to save the PNG (screenshot; run without a window)
    --scale N            pixel scale 1-16: the window's (default: the largest that fits) or
                         the PNG's (default 1)
    --state-file FILE    settings, positions and bookmarks (window default:
                         $XDG_DATA_HOME/moye/state.bin or ~/.local/share/moye/state.bin;
                         headless commands use none unless given)
    --library FILE       also read this library blob (made by `moye compile`): its books
                         follow the built-in ones (stats: report on it alone); a damaged or
                         foreign file is refused with the reason

COMPILE OPTIONS:
    -o, --output FILE    where to write the library blob
    --font FILE          the OpenType font to rasterize (default: the Noto Sans CJK SC of the
                         source tree this program was built from)
    --sizes LIST         pixel sizes to rasterize, comma-separated (default: $MOYE_FONT_SIZES,
                         else 16,20,24,28,32; a profile needs its own sizes)

KEYS (window):
    <- PageUp Up         previous page / up          -> PageDown Down Space   next page / down
    Enter                select                      Esc Backspace            back
    hold a key 600 ms, or press it with Shift, for a long press
    + -  body size   v  简体/繁體   r  rotate   b  bookmark   t  contents   q  quit

EXIT STATUS:
    0 success, 1 failure, 2 bad usage
";

/// A subcommand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    /// The window, or a headless key script with `-o`.
    Run,
    /// One page as PNG.
    Screenshot,
    /// The pages as JSON.
    Dump,
    /// Blob size report.
    Stats,
    /// Markdown books into a library blob.
    Compile,
}

impl Command {
    /// The subcommand's name.
    pub const fn name(self) -> &'static str {
        match self {
            Command::Run => "run",
            Command::Screenshot => "screenshot",
            Command::Dump => "dump",
            Command::Stats => "stats",
            Command::Compile => "compile",
        }
    }

    fn from_name(name: &str) -> Option<Command> {
        match name {
            "run" => Some(Command::Run),
            "screenshot" => Some(Command::Screenshot),
            "dump" => Some(Command::Dump),
            "stats" => Some(Command::Stats),
            "compile" => Some(Command::Compile),
            _ => None,
        }
    }

    /// Whether `option` means something to this subcommand.
    fn accepts(self, option: Opt) -> bool {
        use Opt::*;
        match self {
            Command::Run | Command::Screenshot => !matches!(option, Font | Sizes),
            Command::Dump => matches!(
                option,
                Profile | Orientation | Book | Size | Rendition | Library
            ),
            Command::Stats => matches!(option, Library),
            Command::Compile => matches!(option, Output | Font | Sizes),
        }
    }
}

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cli {
    /// Print [`HELP`].
    Help,
    /// Print the version.
    Version,
    /// Run a subcommand.
    Run(Args),
    /// Compile a library.
    Compile(CompileArgs),
}

/// `moye compile`'s inputs, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileArgs {
    /// The folder of `*.md` books.
    pub content_dir: PathBuf,
    /// Where to write the blob.
    pub output: PathBuf,
    /// The font to rasterize.
    pub font: PathBuf,
    /// The pixel sizes, in the order given.
    pub sizes: Vec<u8>,
}

/// The font `moye compile` uses without `--font`: the one in the source tree this binary was
/// built from (the font is 16 MB, too large to carry inside the program).
pub const DEFAULT_FONT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fonts/NotoSansCJKsc-Regular.otf"
);

/// The sizes `moye compile` rasterizes without `--sizes` or `MOYE_FONT_SIZES`: every size a
/// profile offers, as in the build script.
pub const DEFAULT_SIZES: &str = "16,20,24,28,32";

/// A subcommand with its options, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args {
    /// The subcommand.
    pub command: Command,
    /// The device.
    pub profile: Profile,
    /// Its orientation (the profile's unless given).
    pub orientation: Orientation,
    /// Book number from 1.
    pub book: Option<u16>,
    /// Page number from 1 (`screenshot` fills in 1).
    pub page: Option<u32>,
    /// Body size, one the profile offers.
    pub size: Option<u8>,
    /// Rendition.
    pub rendition: Option<Script>,
    /// Keys to play first.
    pub keys: Vec<Action>,
    /// PNG output path.
    pub output: Option<PathBuf>,
    /// Where state persists: the given file, or in the window the default one; `None`: nowhere.
    pub state_file: Option<PathBuf>,
    /// An external library blob.
    pub library: Option<PathBuf>,
    /// Pixel scale, if given.
    pub scale: Option<u32>,
}

impl Args {
    /// Whether this opens a window (`run` without `-o`).
    pub fn is_window(&self) -> bool {
        self.command == Command::Run && self.output.is_none()
    }
}

/// A command line that cannot be used; the message says why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The largest `--scale`.
pub const MAX_SCALE: u32 = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opt {
    Profile,
    Orientation,
    Book,
    Page,
    Size,
    Rendition,
    Keys,
    Output,
    StateFile,
    Library,
    Scale,
    Font,
    Sizes,
}

const OPTIONS: [(&str, Opt); 13] = [
    ("--profile", Opt::Profile),
    ("--orientation", Opt::Orientation),
    ("--book", Opt::Book),
    ("--page", Opt::Page),
    ("--size", Opt::Size),
    ("--rendition", Opt::Rendition),
    ("--keys", Opt::Keys),
    ("--output", Opt::Output),
    ("--state-file", Opt::StateFile),
    ("--library", Opt::Library),
    ("--scale", Opt::Scale),
    ("--font", Opt::Font),
    ("--sizes", Opt::Sizes),
];

fn flag_name(option: Opt) -> &'static str {
    OPTIONS
        .iter()
        .find(|(_, o)| *o == option)
        .map_or("?", |(name, _)| name)
}

fn usage(message: impl Into<String>) -> UsageError {
    UsageError(message.into())
}

/// Parses the arguments after the program name. `env` reads an environment variable
/// (`XDG_DATA_HOME`, `HOME`) for the default state file, and `MOYE_FONT_SIZES` for `compile`.
pub fn parse<I, E>(args: I, env: E) -> Result<Cli, UsageError>
where
    I: IntoIterator<Item = OsString>,
    E: Fn(&str) -> Option<OsString>,
{
    let mut command: Option<Command> = None;
    let mut values: Vec<(Opt, OsString)> = Vec::new();
    let mut operands: Vec<OsString> = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let Some(text) = arg.to_str() else {
            return Err(usage(format!(
                "unexpected argument {}",
                arg.to_string_lossy()
            )));
        };
        match text {
            "-h" | "--help" => return Ok(Cli::Help),
            "-V" | "--version" => return Ok(Cli::Version),
            _ => {}
        }
        if text.starts_with('-') && text != "-" {
            let (name, inline) = match text.split_once('=') {
                Some((name, value)) if name.starts_with("--") || name == "-o" => {
                    (name, Some(value))
                }
                _ => (text, None),
            };
            let name = if name == "-o" { "--output" } else { name };
            let Some(&(_, option)) = OPTIONS.iter().find(|(n, _)| *n == name) else {
                return Err(usage(format!("unknown option {text}")));
            };
            let value = match inline {
                Some(value) => OsString::from(value),
                None => args
                    .next()
                    .ok_or_else(|| usage(format!("{name} needs a value")))?,
            };
            if values.iter().any(|(o, _)| *o == option) {
                return Err(usage(format!("{name} is given twice")));
            }
            values.push((option, value));
        } else if command.is_none() {
            if text == "help" {
                return Ok(Cli::Help);
            }
            command = Some(Command::from_name(text).ok_or_else(|| {
                usage(format!(
                    "unknown command {text}; use run, screenshot, dump, stats or compile"
                ))
            })?);
        } else {
            operands.push(arg);
        }
    }
    let command = command.unwrap_or(Command::Run);
    if command == Command::Compile {
        return check_compile(values, operands, env).map(Cli::Compile);
    }
    if let Some(extra) = operands.first() {
        return Err(usage(format!(
            "unexpected argument {}",
            extra.to_string_lossy()
        )));
    }
    check(command, values, env).map(Cli::Run)
}

/// Checks `moye compile DIR -o FILE [--font F] [--sizes LIST]`.
fn check_compile<E>(
    values: Vec<(Opt, OsString)>,
    operands: Vec<OsString>,
    env: E,
) -> Result<CompileArgs, UsageError>
where
    E: Fn(&str) -> Option<OsString>,
{
    if let Some((option, _)) = values
        .iter()
        .find(|(option, _)| !Command::Compile.accepts(*option))
    {
        return Err(usage(format!(
            "{} is not an option of `moye compile`",
            flag_name(*option)
        )));
    }
    let get = |option: Opt| {
        values
            .iter()
            .find(|(o, _)| *o == option)
            .map(|(_, v)| PathBuf::from(v))
    };
    let mut operands = operands.into_iter();
    let content_dir = operands
        .next()
        .map(PathBuf::from)
        .ok_or_else(|| usage("moye compile needs a folder of .md books"))?;
    if let Some(extra) = operands.next() {
        return Err(usage(format!(
            "unexpected argument {}: moye compile takes one folder",
            extra.to_string_lossy()
        )));
    }
    let output = get(Opt::Output).ok_or_else(|| usage("moye compile needs -o FILE"))?;
    let font = get(Opt::Font).unwrap_or_else(|| PathBuf::from(DEFAULT_FONT));
    let sizes = match values.iter().find(|(o, _)| *o == Opt::Sizes) {
        Some((_, value)) => size_list(text_value(Opt::Sizes, value)?)
            .ok_or_else(|| usage("--sizes must be pixel sizes like 16,20,24"))?,
        None => match env("MOYE_FONT_SIZES") {
            None => size_list(DEFAULT_SIZES).unwrap_or_default(),
            Some(value) => value
                .to_str()
                .and_then(size_list)
                .ok_or_else(|| usage("MOYE_FONT_SIZES must be pixel sizes like 16,20,24"))?,
        },
    };
    Ok(CompileArgs {
        content_dir,
        output,
        font,
        sizes,
    })
}

/// `16,20, 24` → `[16, 20, 24]`; `None` unless every item is a size from 1 to 255.
fn size_list(text: &str) -> Option<Vec<u8>> {
    text.split(',')
        .map(|item| item.trim().parse::<u8>().ok().filter(|&size| size > 0))
        .collect()
}

fn text_value(option: Opt, value: &OsStr) -> Result<&str, UsageError> {
    value
        .to_str()
        .ok_or_else(|| usage(format!("{} must be text", flag_name(option))))
}

fn number<T: std::str::FromStr + PartialOrd + From<u8>>(
    option: Opt,
    value: &OsStr,
    what: &str,
) -> Result<T, UsageError> {
    let text = text_value(option, value)?;
    match text.parse::<T>() {
        Ok(n) if n >= T::from(1) => Ok(n),
        _ => Err(usage(format!(
            "{} must be {what}, not {text}",
            flag_name(option)
        ))),
    }
}

fn check<E>(command: Command, values: Vec<(Opt, OsString)>, env: E) -> Result<Args, UsageError>
where
    E: Fn(&str) -> Option<OsString>,
{
    for (option, _) in &values {
        if !command.accepts(*option) {
            return Err(usage(format!(
                "{} is not an option of `moye {}`",
                flag_name(*option),
                command.name()
            )));
        }
    }
    let get = |option: Opt| {
        values
            .iter()
            .find(|(o, _)| *o == option)
            .map(|(_, v)| v.as_os_str())
    };

    let profile = match get(Opt::Profile) {
        None => profile::default_profile(),
        Some(value) => {
            let name = text_value(Opt::Profile, value)?;
            profile::named(name).ok_or_else(|| {
                usage(format!(
                    "unknown profile {name}; use one of {}",
                    profile::names()
                ))
            })?
        }
    };
    let orientation = match get(Opt::Orientation) {
        None => profile.default_orientation,
        Some(value) => {
            let name = text_value(Opt::Orientation, value)?;
            profile::parse_orientation(name).ok_or_else(|| {
                usage(format!(
                    "--orientation must be portrait or landscape, not {name}"
                ))
            })?
        }
    };
    let book = get(Opt::Book)
        .map(|v| number::<u16>(Opt::Book, v, "a book number from 1"))
        .transpose()?;
    let mut page = get(Opt::Page)
        .map(|v| number::<u32>(Opt::Page, v, "a page number from 1"))
        .transpose()?;
    let size = match get(Opt::Size) {
        None => None,
        Some(value) => {
            let text = text_value(Opt::Size, value)?;
            match text.parse::<u8>() {
                Ok(size) if profile::offers_size(&profile, size) => Some(size),
                _ => {
                    return Err(usage(format!(
                        "--size {text} is not offered by {}; use one of {}",
                        profile.name,
                        profile::size_list(&profile)
                    )))
                }
            }
        }
    };
    let rendition = match get(Opt::Rendition) {
        None => None,
        Some(value) => Some(match text_value(Opt::Rendition, value)? {
            "hans" => Script::Simplified,
            "hant" => Script::Traditional,
            "original" => Script::Original,
            other => {
                return Err(usage(format!(
                    "--rendition must be hans, hant or original, not {other}"
                )))
            }
        }),
    };
    let keys = match get(Opt::Keys) {
        None => Vec::new(),
        Some(value) => {
            keys::parse_script(text_value(Opt::Keys, value)?).map_err(|e| usage(e.to_string()))?
        }
    };
    let output = get(Opt::Output).map(PathBuf::from);
    let library = get(Opt::Library).map(PathBuf::from);
    let scale = match get(Opt::Scale) {
        None => None,
        Some(value) => {
            let scale = number::<u32>(Opt::Scale, value, "a whole number from 1 to 16")?;
            if scale > MAX_SCALE {
                return Err(usage(format!(
                    "--scale must be a whole number from 1 to {MAX_SCALE}, not {scale}"
                )));
            }
            Some(scale)
        }
    };

    if page.is_some() && book.is_none() {
        return Err(usage("--page needs --book"));
    }
    match command {
        Command::Screenshot => {
            if book.is_none() {
                return Err(usage("moye screenshot needs --book N"));
            }
            if output.is_none() {
                return Err(usage("moye screenshot needs -o FILE.png"));
            }
            page.get_or_insert(1);
        }
        Command::Dump if book.is_none() => return Err(usage("moye dump needs --book N")),
        _ => {}
    }
    if let Some(path) = &output {
        let is_png = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("png"));
        if !is_png {
            return Err(usage(format!(
                "-o must name a .png file, not {}",
                path.display()
            )));
        }
    }
    let explicit_state = get(Opt::StateFile).map(PathBuf::from);
    let window = command == Command::Run && output.is_none();
    let state_file = match explicit_state {
        Some(path) => Some(path),
        None if window => default_state_file(&env),
        None => None,
    };

    Ok(Args {
        command,
        profile,
        orientation,
        book,
        page,
        size,
        rendition,
        keys,
        output,
        state_file,
        library,
        scale,
    })
}

/// `$XDG_DATA_HOME/moye/state.bin`, else `$HOME/.local/share/moye/state.bin` (relative or empty
/// values are ignored, as the XDG spec says); `None` if neither is known.
pub fn default_state_file<E>(env: &E) -> Option<PathBuf>
where
    E: Fn(&str) -> Option<OsString>,
{
    let absolute = |name: &str| {
        env(name)
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
    };
    let data = absolute("XDG_DATA_HOME")
        .or_else(|| absolute("HOME").map(|home| home.join(".local").join("share")))?;
    Some(data.join("moye").join("state.bin"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use moye::profile::{EPD29, PICO_EPD42, X4};
    use moye::ui::{Button, Input};

    fn env(name: &str) -> Option<OsString> {
        match name {
            "XDG_DATA_HOME" => Some("/data".into()),
            "HOME" => Some("/home/reader".into()),
            _ => None,
        }
    }

    fn try_parse(line: &str) -> Result<Cli, UsageError> {
        parse(line.split_whitespace().map(OsString::from), env)
    }

    fn args(line: &str) -> Args {
        match try_parse(line) {
            Ok(Cli::Run(args)) => args,
            other => panic!("{line}: {other:?}"),
        }
    }

    fn error(line: &str) -> String {
        match try_parse(line) {
            Err(UsageError(message)) => message,
            other => panic!("{line} parsed: {other:?}"),
        }
    }

    #[test]
    fn no_arguments_opens_the_window_with_defaults() {
        let a = args("");
        assert_eq!(a.command, Command::Run);
        assert!(a.is_window());
        assert_eq!(a.profile, PICO_EPD42);
        assert_eq!(a.orientation, Orientation::Portrait);
        assert_eq!(
            (a.book, a.page, a.size, a.rendition),
            (None, None, None, None)
        );
        assert!(a.keys.is_empty());
        assert_eq!(a.output, None);
        assert_eq!(a.state_file, Some(PathBuf::from("/data/moye/state.bin")));
        assert_eq!((&a.library, a.scale), (&None, None));
        assert_eq!(args("run"), a);
    }

    #[test]
    fn run_takes_every_option() {
        let a = args(
            "run --profile x4 --orientation landscape --book 2 --page 7 --size 28 \
             --rendition hant --keys next,long-back --state-file /tmp/s.bin \
             --library lib.bin --scale 2",
        );
        assert_eq!(a.profile, X4);
        assert_eq!(a.orientation, Orientation::Landscape);
        assert_eq!((a.book, a.page, a.size), (Some(2), Some(7), Some(28)));
        assert_eq!(a.rendition, Some(Script::Traditional));
        assert_eq!(
            a.keys,
            vec![
                Action::Button(Input::short(Button::Next)),
                Action::Button(Input::long(Button::Back))
            ]
        );
        assert_eq!(a.state_file, Some(PathBuf::from("/tmp/s.bin")));
        assert_eq!(a.library, Some(PathBuf::from("lib.bin")));
        assert_eq!(a.scale, Some(2));
        assert!(a.is_window());
    }

    #[test]
    fn run_with_output_is_headless_and_keeps_no_state() {
        let a = args("--keys next*3 -o final.png");
        assert_eq!(a.command, Command::Run);
        assert!(!a.is_window());
        assert_eq!(a.keys.len(), 3);
        assert_eq!(a.output, Some(PathBuf::from("final.png")));
        assert_eq!(a.state_file, None);
    }

    #[test]
    fn keys_with_spaces_are_one_value() {
        let cli = parse(
            ["--keys", "next next select", "-o", "x.png"].map(OsString::from),
            env,
        );
        let Ok(Cli::Run(a)) = cli else {
            panic!("{cli:?}")
        };
        assert_eq!(a.keys.len(), 3);
    }

    #[test]
    fn screenshot_needs_book_and_output_and_defaults_to_page_1() {
        let a = args("screenshot --book 1 -o page.png");
        assert_eq!(a.command, Command::Screenshot);
        assert_eq!((a.book, a.page), (Some(1), Some(1)));
        assert_eq!(a.state_file, None);
        let a = args(
            "screenshot --profile epd29 --book 2 --page 5 --size 16 --rendition original \
             -o=p.png --scale 3",
        );
        assert_eq!(a.profile, EPD29);
        assert_eq!(a.orientation, Orientation::Landscape);
        assert_eq!((a.page, a.size, a.scale), (Some(5), Some(16), Some(3)));
        assert_eq!(a.rendition, Some(Script::Original));
        assert_eq!(a.output, Some(PathBuf::from("p.png")));
        assert!(error("screenshot -o p.png").contains("--book"));
        assert!(error("screenshot --book 1").contains("-o"));
    }

    #[test]
    fn dump_takes_book_and_layout_options_only() {
        let a = args("dump --profile x4 --book 1 --size 32 --rendition hans");
        assert_eq!(a.command, Command::Dump);
        assert_eq!((a.book, a.size), (Some(1), Some(32)));
        assert_eq!(a.rendition, Some(Script::Simplified));
        assert!(error("dump").contains("--book"));
        assert!(error("dump --book 1 --page 2").contains("not an option of `moye dump`"));
        assert!(error("dump --book 1 -o x.png").contains("--output"));
    }

    #[test]
    fn stats_takes_only_a_library() {
        let a = args("stats");
        assert_eq!(a.command, Command::Stats);
        assert_eq!(args("stats --library l.bin").library, Some("l.bin".into()));
        assert!(error("stats --book 1").contains("not an option of `moye stats`"));
    }

    fn compile_args(line: &str, env: impl Fn(&str) -> Option<OsString>) -> CompileArgs {
        match parse(line.split_whitespace().map(OsString::from), env) {
            Ok(Cli::Compile(args)) => args,
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn compile_takes_a_folder_an_output_a_font_and_sizes() {
        let a = compile_args("compile books -o lib.bin", env);
        assert_eq!(a.content_dir, PathBuf::from("books"));
        assert_eq!(a.output, PathBuf::from("lib.bin"));
        assert!(a.font.ends_with("fonts/NotoSansCJKsc-Regular.otf"));
        assert!(a.font.is_absolute(), "{}", a.font.display());
        assert_eq!(a.sizes, vec![16, 20, 24, 28, 32]);

        let a = compile_args(
            "compile --font my.otf books --sizes 24,16 --output=out/lib.bin",
            env,
        );
        assert_eq!(a.font, PathBuf::from("my.otf"));
        assert_eq!(a.sizes, vec![24, 16]);
        assert_eq!(a.output, PathBuf::from("out/lib.bin"));
    }

    #[test]
    fn compile_sizes_come_from_the_flag_then_the_environment() {
        let sizes = |n: &str| (n == "MOYE_FONT_SIZES").then(|| OsString::from("20, 24"));
        assert_eq!(
            compile_args("compile b -o l.bin", sizes).sizes,
            vec![20, 24]
        );
        assert_eq!(
            compile_args("compile b -o l.bin --sizes 32", sizes).sizes,
            vec![32]
        );
        let bad = |n: &str| (n == "MOYE_FONT_SIZES").then(|| OsString::from("16;20"));
        let error = parse(["compile", "b", "-o", "l.bin"].map(OsString::from), bad);
        assert_eq!(
            error,
            Err(UsageError(
                "MOYE_FONT_SIZES must be pixel sizes like 16,20,24".into()
            ))
        );
    }

    #[test]
    fn compile_usage_errors_are_explained() {
        let cases = [
            (
                "compile -o l.bin",
                "moye compile needs a folder of .md books",
            ),
            ("compile books", "moye compile needs -o FILE"),
            (
                "compile a b -o l.bin",
                "unexpected argument b: moye compile takes one folder",
            ),
            (
                "compile b -o l.bin --sizes 16,x",
                "--sizes must be pixel sizes",
            ),
            (
                "compile b -o l.bin --sizes 0",
                "--sizes must be pixel sizes",
            ),
            (
                "compile b -o l.bin --sizes 256",
                "--sizes must be pixel sizes",
            ),
            ("compile b -o l.bin --sizes", "--sizes needs a value"),
            (
                "compile b -o l.bin --book 1",
                "--book is not an option of `moye compile`",
            ),
            (
                "compile b -o l.bin --library x.bin",
                "--library is not an option",
            ),
            (
                "screenshot --book 1 -o p.png --font f.otf",
                "--font is not an option",
            ),
            ("stats --sizes 16", "--sizes is not an option"),
        ];
        for (line, expected) in cases {
            let message = error(line);
            assert!(message.contains(expected), "{line}: {message}");
        }
        // The blob may be named anything: only PNG outputs must end in .png.
        assert_eq!(
            compile_args("compile b -o lib", env).output,
            PathBuf::from("lib")
        );
    }

    #[test]
    fn help_and_version() {
        for line in [
            "--help",
            "-h",
            "help",
            "screenshot --help",
            "--profile x4 -h",
        ] {
            assert_eq!(try_parse(line), Ok(Cli::Help), "{line}");
        }
        assert_eq!(try_parse("--version"), Ok(Cli::Version));
        assert_eq!(try_parse("-V"), Ok(Cli::Version));
        for word in [
            "screenshot",
            "dump",
            "stats",
            "compile",
            "--sizes",
            "--font",
            "--state-file",
            "--library",
            "--keys",
        ] {
            assert!(HELP.contains(word), "{word}");
        }
    }

    #[test]
    fn a_subcommand_may_follow_options() {
        let a = args("--profile x4 dump --book 1");
        assert_eq!((a.command, a.profile), (Command::Dump, X4));
    }

    #[test]
    fn bad_usage_is_explained() {
        let cases = [
            ("frobnicate", "unknown command frobnicate"),
            ("--frob", "unknown option --frob"),
            (
                "--profile kindle",
                "unknown profile kindle; use one of pico-epd42, x4, epd29",
            ),
            ("--profile", "--profile needs a value"),
            ("--orientation up", "portrait or landscape"),
            ("--book 0", "--book must be a book number from 1, not 0"),
            ("--book x", "--book must be a book number from 1"),
            ("--book 1 --page -3", "--page must be a page number from 1"),
            ("--page 3", "--page needs --book"),
            (
                "--size 28",
                "--size 28 is not offered by pico-epd42; use one of 16, 20, 24",
            ),
            ("--profile x4 --size 16", "not offered by x4"),
            ("--rendition zh", "hans, hant or original"),
            ("--keys jump", "unknown key `jump`"),
            ("--scale 0", "--scale must be a whole number from 1 to 16"),
            ("--scale 17", "--scale must be a whole number from 1 to 16"),
            ("-o out.jpg", "-o must name a .png file"),
            ("--book 1 --book 2", "--book is given twice"),
            ("run dump", "unexpected argument dump"),
        ];
        for (line, expected) in cases {
            let message = error(line);
            assert!(message.contains(expected), "{line}: {message}");
        }
    }

    #[test]
    fn default_state_file_follows_xdg_then_home() {
        let xdg = |n: &str| (n == "XDG_DATA_HOME").then(|| OsString::from("/x"));
        assert_eq!(
            default_state_file(&xdg),
            Some(PathBuf::from("/x/moye/state.bin"))
        );
        let home = |n: &str| match n {
            "XDG_DATA_HOME" => Some(OsString::from("relative")),
            "HOME" => Some(OsString::from("/home/r")),
            _ => None,
        };
        assert_eq!(
            default_state_file(&home),
            Some(PathBuf::from("/home/r/.local/share/moye/state.bin"))
        );
        assert_eq!(default_state_file(&|_: &str| None), None);
    }
}
