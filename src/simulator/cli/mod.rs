//! The command line of `moye`, on clap: a command (`run` by default) and its options.
//!
//! [`parse`] is pure: it takes the arguments and a way to read environment variables, and
//! gives back what to do or a [`UsageError`] (exit code 2). clap checks each value alone
//! ([`options`] for the reader, [`compile`] for `moye compile`); this module then checks what
//! needs several (a `--size` the profile offers, `--page` with `--book`) and fills in the
//! defaults that come from the environment.
//!
//! The reader's options may come before the command (`moye --profile x4 dump --book 1`), as
//! they always could: they are merged into the command's own, and refused if it has no such
//! option.

mod compile;
mod options;

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

use clap::builder::StyledStr;
use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use clap_complete::Shell;
use moye::format::Script;
use moye::glyphs::PunctuationPosition;

use crate::app::Action;
use crate::profile::{self, Orientation, Profile};
use options::{KeyScript, LayoutOptions, MoyeCli, ReaderOptions, Sub};

pub use compile::{CompileArgs, DEFAULT_FONT, DEFAULT_TRADITIONAL_FONT};

/// A command that reads books (`compile` and `completions` have their own types).
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
}

impl Command {
    /// The command's name.
    pub const fn name(self) -> &'static str {
        match self {
            Command::Run => "run",
            Command::Screenshot => "screenshot",
            Command::Dump => "dump",
            Command::Stats => "stats",
        }
    }

    /// Whether the reader option `flag` means something to this command.
    fn accepts(self, flag: &str) -> bool {
        match self {
            Command::Run | Command::Screenshot => true,
            Command::Dump => LAYOUT_FLAGS.contains(&flag),
            Command::Stats => flag == "--library",
        }
    }
}

/// The flags of [`LayoutOptions`], the ones `dump` takes.
const LAYOUT_FLAGS: [&str; 6] = [
    "--profile",
    "--orientation",
    "--book",
    "--size",
    "--rendition",
    "--library",
];

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cli {
    /// Print this help text (styled; `ansi()` for a terminal).
    Help(StyledStr),
    /// Print this version line.
    Version(String),
    /// Run a command that reads books.
    Run(Args),
    /// Compile a library.
    Compile(CompileArgs),
    /// Print a completion script for this shell.
    Completions(Shell),
}

/// A command with its options, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args {
    /// The command.
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
    /// Where the full-width marks sit, if given.
    pub punctuation: Option<PunctuationPosition>,
    /// Whether the book is set vertically (直排).
    pub vertical: bool,
    /// Whether one- and two-digit numbers stand upright in vertical text (縦中横).
    pub upright_digits: bool,
}

impl Args {
    /// Whether this opens a window (`run` without `-o`).
    pub fn is_window(&self) -> bool {
        self.command == Command::Run && self.output.is_none()
    }
}

/// A command line that cannot be used: clap's error, with the usage of the command concerned.
#[derive(Debug)]
pub struct UsageError(clap::Error);

impl UsageError {
    /// An error of ours, formatted as clap's with the usage of `command` (the top level's if
    /// `None`).
    fn new(command: Option<&str>, kind: ErrorKind, message: impl fmt::Display) -> Self {
        let mut top = MoyeCli::command();
        top.build();
        let sub = command.and_then(|name| top.find_subcommand(name).cloned());
        UsageError(match sub {
            Some(mut sub) => sub.error(kind, message),
            None => top.error(kind, message),
        })
    }

    /// Prints the error on stderr, in colour on a terminal.
    pub fn print(&self) -> std::io::Result<()> {
        self.0.print()
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The plain text: `render` keeps the styles apart, and Display leaves them out.
        write!(f, "{}", self.0.render())
    }
}

impl std::error::Error for UsageError {}

/// The completion script for `shell`, as `moye completions SHELL` prints it.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut MoyeCli::command(), "moye", &mut script);
    script
}

/// Parses the arguments after the program name. `env` reads an environment variable
/// (`XDG_DATA_HOME`, `HOME`) for the default state file, and `MOYE_FONT_SIZES` and
/// `MOYE_STRICT` for `compile`.
pub fn parse<I, E>(args: I, env: E) -> Result<Cli, UsageError>
where
    I: IntoIterator<Item = OsString>,
    E: Fn(&str) -> Option<OsString>,
{
    let argv = std::iter::once(OsString::from("moye")).chain(args);
    let cli = match MoyeCli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(error) => {
            return match error.kind() {
                ErrorKind::DisplayHelp => Ok(Cli::Help(error.render())),
                // The same line after any command (clap would name the command instead).
                ErrorKind::DisplayVersion => Ok(Cli::Version(format!(
                    "moye {}\n",
                    env!("CARGO_PKG_VERSION")
                ))),
                _ => Err(UsageError(error)),
            };
        }
    };
    let before = cli.options;
    // Messages show the usage of the command given, or the top level's if none was.
    let named = cli.command.is_some();
    let (command, own) = match cli.command {
        None => (Command::Run, ReaderOptions::default()),
        Some(Sub::Run(own)) => (Command::Run, own),
        Some(Sub::Screenshot(own)) => (Command::Screenshot, own),
        Some(Sub::Dump(layout)) => (Command::Dump, with_layout(layout)),
        Some(Sub::Stats(stats)) => (
            Command::Stats,
            with_layout(LayoutOptions {
                library: stats.library,
                ..LayoutOptions::default()
            }),
        ),
        Some(Sub::Compile(options)) => {
            refuse_options_before(&before, "compile")?;
            return compile::check_compile(options, &env).map(Cli::Compile);
        }
        Some(Sub::Completions { shell }) => {
            refuse_options_before(&before, "completions")?;
            return Ok(Cli::Completions(shell));
        }
    };
    for flag in given(&before) {
        if !command.accepts(flag) {
            return Err(UsageError::new(
                Some(command.name()),
                ErrorKind::UnknownArgument,
                format!("{flag} is not an option of `moye {}`", command.name()),
            ));
        }
    }
    let options = merge(command, before, own)?;
    check(command, named.then_some(command.name()), options, &env).map(Cli::Run)
}

fn with_layout(layout: LayoutOptions) -> ReaderOptions {
    ReaderOptions {
        layout,
        ..ReaderOptions::default()
    }
}

/// The flags set in `options`, for messages.
fn given(options: &ReaderOptions) -> Vec<&'static str> {
    let l = &options.layout;
    [
        ("--profile", l.profile.is_some()),
        ("--orientation", l.orientation.is_some()),
        ("--book", l.book.is_some()),
        ("--size", l.size.is_some()),
        ("--rendition", l.rendition.is_some()),
        ("--library", l.library.is_some()),
        ("--vertical", l.vertical),
        ("--upright-digits", l.upright_digits),
        ("--page", options.page.is_some()),
        ("--keys", options.keys.is_some()),
        ("--output", options.output.is_some()),
        ("--state-file", options.state_file.is_some()),
        ("--scale", options.scale.is_some()),
        ("--punctuation", options.punctuation.is_some()),
    ]
    .into_iter()
    .filter_map(|(flag, set)| set.then_some(flag))
    .collect()
}

fn refuse_options_before(before: &ReaderOptions, command: &str) -> Result<(), UsageError> {
    match given(before).first() {
        None => Ok(()),
        Some(flag) => Err(UsageError::new(
            Some(command),
            ErrorKind::UnknownArgument,
            format!("{flag} is not an option of `moye {command}`"),
        )),
    }
}

/// The options given before the command and after it, as one set; an option in both is an
/// error, as one given twice after it is (clap's).
fn merge(
    command: Command,
    before: ReaderOptions,
    after: ReaderOptions,
) -> Result<ReaderOptions, UsageError> {
    fn one<T>(
        command: Command,
        flag: &str,
        a: Option<T>,
        b: Option<T>,
    ) -> Result<Option<T>, UsageError> {
        match (a, b) {
            (Some(_), Some(_)) => Err(UsageError::new(
                Some(command.name()),
                ErrorKind::ArgumentConflict,
                format!("{flag} is given twice"),
            )),
            (a, b) => Ok(a.or(b)),
        }
    }
    /// A flag given before or after the command, not both.
    fn switch(command: Command, flag: &str, a: bool, b: bool) -> Result<bool, UsageError> {
        one(command, flag, a.then_some(()), b.then_some(())).map(|given| given.is_some())
    }
    let (a, b) = (before.layout, after.layout);
    Ok(ReaderOptions {
        layout: LayoutOptions {
            profile: one(command, "--profile", a.profile, b.profile)?,
            orientation: one(command, "--orientation", a.orientation, b.orientation)?,
            book: one(command, "--book", a.book, b.book)?,
            size: one(command, "--size", a.size, b.size)?,
            rendition: one(command, "--rendition", a.rendition, b.rendition)?,
            library: one(command, "--library", a.library, b.library)?,
            vertical: switch(command, "--vertical", a.vertical, b.vertical)?,
            upright_digits: switch(
                command,
                "--upright-digits",
                a.upright_digits,
                b.upright_digits,
            )?,
        },
        page: one(command, "--page", before.page, after.page)?,
        keys: one(command, "--keys", before.keys, after.keys)?,
        output: one(command, "--output", before.output, after.output)?,
        state_file: one(command, "--state-file", before.state_file, after.state_file)?,
        scale: one(command, "--scale", before.scale, after.scale)?,
        punctuation: one(
            command,
            "--punctuation",
            before.punctuation,
            after.punctuation,
        )?,
    })
}

/// The checks that need more than one option, and the defaults. `named`: the command as
/// given, if it was, for the usage shown with an error.
fn check<E>(
    command: Command,
    named: Option<&str>,
    options: ReaderOptions,
    env: &E,
) -> Result<Args, UsageError>
where
    E: Fn(&str) -> Option<OsString>,
{
    let fail = |kind: ErrorKind, message: String| Err(UsageError::new(named, kind, message));
    let layout = options.layout;
    let profile = layout.profile.unwrap_or_else(profile::default_profile);
    let orientation = layout
        .orientation
        .map_or(profile.default_orientation, Orientation::from);
    if let Some(size) = layout.size {
        if !profile::offers_size(&profile, size) {
            return fail(
                ErrorKind::ValueValidation,
                format!(
                    "--size {size} is not offered by {}; use one of {}",
                    profile.name,
                    profile::size_list(&profile)
                ),
            );
        }
    }
    let book = layout.book;
    let mut page = options.page;
    if page.is_some() && book.is_none() {
        return fail(
            ErrorKind::MissingRequiredArgument,
            "--page needs --book".into(),
        );
    }
    if layout.vertical && book.is_none() {
        return fail(
            ErrorKind::MissingRequiredArgument,
            "--vertical needs --book: it sets that book vertically".into(),
        );
    }
    let output = options.output;
    match command {
        Command::Screenshot if book.is_none() => {
            return fail(
                ErrorKind::MissingRequiredArgument,
                "moye screenshot needs --book N".into(),
            )
        }
        Command::Screenshot if output.is_none() => {
            return fail(
                ErrorKind::MissingRequiredArgument,
                "moye screenshot needs -o FILE.png".into(),
            )
        }
        Command::Screenshot => {
            page.get_or_insert(1);
        }
        Command::Dump if book.is_none() => {
            return fail(
                ErrorKind::MissingRequiredArgument,
                "moye dump needs --book N".into(),
            )
        }
        _ => {}
    }
    let window = command == Command::Run && output.is_none();
    let state_file = match options.state_file {
        Some(path) => Some(path),
        None if window => default_state_file(env),
        None => None,
    };
    Ok(Args {
        command,
        profile,
        orientation,
        book,
        page,
        size: layout.size,
        rendition: layout.rendition.map(Script::from),
        keys: options.keys.map(|KeyScript(keys)| keys).unwrap_or_default(),
        output,
        state_file,
        library: layout.library,
        scale: options.scale,
        punctuation: options.punctuation.map(PunctuationPosition::from),
        vertical: layout.vertical,
        upright_digits: layout.upright_digits,
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
    use moye::profile::{EPD29, PICO_EPD42, PROFILES, X4};
    use moye::ui::{Button, Input};

    pub(super) fn env(name: &str) -> Option<OsString> {
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

    pub(super) fn error(line: &str) -> String {
        match try_parse(line) {
            Err(error) => error.to_string(),
            other => panic!("{line} parsed: {other:?}"),
        }
    }

    fn help(line: &str) -> String {
        match try_parse(line) {
            Ok(Cli::Help(text)) => text.to_string(),
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn the_clap_definitions_are_consistent() {
        // clap's own check: ids, value names, required and conflicting arguments.
        MoyeCli::command().debug_assert();
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
             --library lib.bin --scale 2 --punctuation low-left",
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
        assert_eq!(a.punctuation, Some(PunctuationPosition::LowLeft));
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
        assert_eq!(a.punctuation, None, "the rendition's default");
        let a = args("screenshot --book 2 --rendition hans --punctuation centred -o p.png");
        assert_eq!(a.punctuation, Some(PunctuationPosition::Centred));
        assert!(error("screenshot --book 1 -o p.png --punctuation left").contains("low-left"));
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
        assert!(error("dump --book 1 --page 2").contains("unexpected argument '--page'"));
        assert!(error("dump --book 1 -o x.png").contains("unexpected argument '-o'"));
        // Where the marks sit changes no line: dump has no --punctuation.
        assert!(error("dump --book 1 --punctuation centred").contains("--punctuation"));
        // The usage shown is dump's.
        assert!(error("dump --book 1 --page 2").contains("Usage: moye dump"));
    }

    #[test]
    fn vertical_sets_a_book_in_columns_for_every_headless_command() {
        for line in [
            "dump --book 1 --vertical",
            "screenshot --book 1 --vertical -o p.png",
            "--book 1 --vertical --keys next -o p.png",
            "--vertical run --book 1 --keys next -o p.png",
        ] {
            let a = args(line);
            assert!(a.vertical && !a.upright_digits, "{line}");
        }
        let a = args("dump --book 2 --vertical --upright-digits");
        assert!(a.vertical && a.upright_digits);
        assert!(!args("dump --book 1").vertical);
        // It sets a book: without one it is refused, and it may be given once.
        assert!(error("--vertical").contains("--vertical needs --book"));
        assert!(error("--vertical run --book 1 --vertical").contains("--vertical is given twice"));
    }

    #[test]
    fn stats_takes_only_a_library() {
        let a = args("stats");
        assert_eq!(a.command, Command::Stats);
        assert_eq!(args("stats --library l.bin").library, Some("l.bin".into()));
        assert!(error("stats --book 1").contains("unexpected argument '--book'"));
    }

    #[test]
    fn help_and_version() {
        for line in ["--help", "-h", "help", "--profile x4 -h"] {
            assert!(help(line).starts_with("moye — 墨页"), "{line}");
        }
        assert!(help("screenshot --help").contains("Usage: moye screenshot"));
        let version = format!("moye {}\n", env!("CARGO_PKG_VERSION"));
        for line in ["--version", "-V", "compile -V"] {
            assert_eq!(try_parse(line).ok(), Some(Cli::Version(version.clone())));
        }
        let top = help("--help");
        for word in [
            "screenshot",
            "dump",
            "stats",
            "compile",
            "completions",
            "--state-file",
            "--library",
            "--keys",
            "long-select",
            "contents",
            "Exit status",
        ] {
            assert!(top.contains(word), "{word}");
        }
        // -h is the summary, --help adds the details.
        assert!(!help("-h").contains("long-select"));
    }

    #[test]
    fn help_lists_every_profile_with_its_sizes() {
        // Wrapped to the terminal: compare with the line breaks and indents as single spaces.
        let text = help("--help")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for profile in PROFILES {
            let sizes: Vec<String> = profile.body_sizes.iter().map(u8::to_string).collect();
            let entry = format!("{}: ", profile.name);
            let at = text.find(&entry).unwrap_or_else(|| panic!("{entry}"));
            assert!(
                text[at..].contains(&format!("sizes {}", sizes.join("/")))
                    || text[at..].contains(&format!("size {}", sizes.join("/"))),
                "{}",
                profile.name
            );
        }
        for rendition in ["hans", "hant", "original", "简体", "繁體", "原文"] {
            assert!(text.contains(rendition), "{rendition}");
        }
    }

    #[test]
    fn a_subcommand_may_follow_options() {
        let a = args("--profile x4 dump --book 1");
        assert_eq!((a.command, a.profile), (Command::Dump, X4));
        let a = args("--book 2 -o p.png screenshot --page 3");
        assert_eq!((a.book, a.page), (Some(2), Some(3)));
        assert_eq!(args("--library l.bin stats").library, Some("l.bin".into()));
    }

    #[test]
    fn options_before_a_command_must_be_its_own_and_given_once() {
        let cases = [
            (
                "--page 3 dump --book 1",
                "--page is not an option of `moye dump`",
            ),
            ("--book 1 stats", "--book is not an option of `moye stats`"),
            ("--book 1 dump --book 2", "--book is given twice"),
            (
                "--profile x4 compile b -o l.bin",
                "--profile is not an option of `moye compile`",
            ),
            (
                "--scale 2 completions bash",
                "--scale is not an option of `moye completions`",
            ),
        ];
        for (line, expected) in cases {
            let message = error(line);
            assert!(message.contains(expected), "{line}: {message}");
        }
    }

    #[test]
    fn bad_usage_is_explained() {
        // clap's wording, where it is as clear as ours was.
        let cases = [
            ("frobnicate", "unrecognized subcommand 'frobnicate'"),
            ("--frob", "unexpected argument '--frob'"),
            (
                "--profile kindle",
                "unknown profile kindle; use one of pico-epd42, x4, epd29",
            ),
            ("--profile", "a value is required for '--profile <P>'"),
            ("--orientation up", "[possible values: portrait, landscape]"),
            ("--book 0", "'--book <N>': must be a book number from 1"),
            ("--book x", "'--book <N>': must be a book number from 1"),
            (
                "--book 1 --page -3",
                "'--page <K>': must be a page number from 1",
            ),
            ("--page 3", "--page needs --book"),
            (
                "--size 28",
                "--size 28 is not offered by pico-epd42; use one of 16, 20, 24",
            ),
            ("--profile x4 --size 16", "not offered by x4"),
            ("--rendition zh", "[possible values: hans, hant, original]"),
            ("--keys jump", "unknown key `jump`"),
            (
                "--scale 0",
                "'--scale <N>': must be a whole number from 1 to 16",
            ),
            (
                "--scale 17",
                "'--scale <N>': must be a whole number from 1 to 16",
            ),
            ("-o out.jpg", "must name a .png file, not out.jpg"),
            (
                "--book 1 --book 2",
                "'--book <N>' cannot be used multiple times",
            ),
            ("run dump", "unexpected argument 'dump'"),
        ];
        for (line, expected) in cases {
            let message = error(line);
            assert!(message.contains(expected), "{line}: {message}");
        }
        // Without a command, the usage shown is the top level's.
        assert!(error("--size 28").contains("Usage: moye [OPTIONS] [COMMAND]"));
    }

    #[test]
    fn completion_scripts_name_every_command() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::Elvish,
            Shell::PowerShell,
        ] {
            let script = String::from_utf8(completion_script(shell)).unwrap_or_default();
            for command in [
                "run",
                "screenshot",
                "dump",
                "stats",
                "compile",
                "completions",
            ] {
                assert!(script.contains(command), "{shell}: {command}");
            }
            // Values come from the profile table too.
            assert!(script.contains("pico-epd42"), "{shell}");
        }
        let line = "completions zsh";
        assert_eq!(try_parse(line).ok(), Some(Cli::Completions(Shell::Zsh)));
        assert!(error("completions tcsh").contains("invalid value 'tcsh'"));
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
