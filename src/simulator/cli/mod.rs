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

use crate::app::Action;
use crate::profile::{self, Orientation, Profile};
use options::{KeyScript, LayoutOptions, MoyeCli, ReaderOptions, Sub};

pub use compile::CompileArgs;

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
                ErrorKind::DisplayVersion => Ok(Cli::Version(error.render().to_string())),
                _ => Err(UsageError(error)),
            }
        }
    };
    let before = cli.options;
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
    check(command, merge(command, before, own)?, &env).map(Cli::Run)
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
        ("--page", options.page.is_some()),
        ("--keys", options.keys.is_some()),
        ("--output", options.output.is_some()),
        ("--state-file", options.state_file.is_some()),
        ("--scale", options.scale.is_some()),
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
    fn one<T>(command: Command, flag: &str, a: Option<T>, b: Option<T>) -> Result<Option<T>, UsageError> {
        match (a, b) {
            (Some(_), Some(_)) => Err(UsageError::new(
                Some(command.name()),
                ErrorKind::ArgumentConflict,
                format!("{flag} is given twice"),
            )),
            (a, b) => Ok(a.or(b)),
        }
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
        },
        page: one(command, "--page", before.page, after.page)?,
        keys: one(command, "--keys", before.keys, after.keys)?,
        output: one(command, "--output", before.output, after.output)?,
        state_file: one(command, "--state-file", before.state_file, after.state_file)?,
        scale: one(command, "--scale", before.scale, after.scale)?,
    })
}

/// The checks that need more than one option, and the defaults.
fn check<E>(command: Command, options: ReaderOptions, env: &E) -> Result<Args, UsageError>
where
    E: Fn(&str) -> Option<OsString>,
{
    let fail = |kind: ErrorKind, message: String| {
        Err(UsageError::new(Some(command.name()), kind, message))
    };
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
        return fail(ErrorKind::MissingRequiredArgument, "--page needs --book".into());
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
