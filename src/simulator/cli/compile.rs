//! `moye compile BOOK... -o FILE`: the content compiler's inputs on the command line, and
//! their defaults from the environment (`MOYE_FONT_SIZES`, `MOYE_STRICT`) and the source tree.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::error::ErrorKind;
use clap::Args;
use encoding_rs::Encoding;

use super::UsageError;

/// The font `moye compile` uses without `--font`: the one in the source tree this binary was
/// built from (the font is 16 MB, too large to carry inside the program).
pub const DEFAULT_FONT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fonts/NotoSansCJKsc-Regular.otf"
);

/// The Traditional face `moye compile` sets 繁體 renditions and centred marks in when
/// `--font` is not given (the SC face's TC sibling), if the source tree has it.
pub const DEFAULT_TRADITIONAL_FONT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fonts/NotoSansCJKtc-Regular.otf"
);

/// The fallback face `moye compile` uses without `--fallback-font`, if the source tree has it.
pub const DEFAULT_FALLBACK_FONT: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/HanaMinB.ttf.gz");

/// The sizes `moye compile` rasterizes without `--sizes` or `MOYE_FONT_SIZES`: every size a
/// profile offers, as in the build script.
pub const DEFAULT_SIZES: &str = "16,20,24,28,32";

/// Shown after `moye compile --help`.
const AFTER_HELP: &str = "\
Environment:
  MOYE_FONT_SIZES   the default of --sizes (the build script reads it too)
  MOYE_STRICT=1     the default of --strict (0 or unset: off)

Every character gets a glyph from --font, else from --fallback-font; one neither has is drawn
as a replacement box with a warning, or refused with --strict.";

/// Books from `.md`, `.epub` and `.txt` files into a library blob
///
/// The blob is read back before the command reports success; open it with `--library`.
#[derive(Clone, Debug, PartialEq, Eq, Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct CompileOptions {
    /// The books: .md, .epub or .txt files, or folders of them
    ///
    /// The library keeps them in the order given; a folder stands for its book files in
    /// file-name order.
    #[arg(value_name = "BOOK", required = true)]
    pub books: Vec<PathBuf>,
    /// Where to write the library blob
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The OpenType font to rasterize
    ///
    /// Default: the Noto Sans CJK SC of the source tree this program was built from.
    #[arg(long, value_name = "FILE")]
    pub font: Option<PathBuf>,
    /// Pixel sizes to rasterize, comma-separated, e.g. 16,20,24
    ///
    /// Default: $MOYE_FONT_SIZES, else 16,20,24,28,32. A profile needs its own sizes:
    /// pico-epd42 16/20/24, x4 24/28/32, epd29 16.
    #[arg(long, value_name = "LIST", value_parser = size_list)]
    pub sizes: Option<SizeList>,
    /// A second font for the characters --font lacks
    ///
    /// Default: fonts/HanaMinB.ttf.gz of the source tree this program was built from, if it
    /// is there; else none.
    #[arg(long, value_name = "FILE")]
    pub fallback_font: Option<PathBuf>,
    /// The encoding of .txt and .md books, as a WHATWG label
    ///
    /// Such as utf-8, gb18030, gbk, big5 or utf-16le (the labels browsers know). Default:
    /// detected per file.
    #[arg(long, value_name = "LABEL", value_parser = encoding_label)]
    pub encoding: Option<&'static Encoding>,
    /// Refuse a character that no font has
    ///
    /// Without it, such a character is drawn as a replacement box, with a warning. Default:
    /// on if MOYE_STRICT=1.
    #[arg(long)]
    pub strict: bool,
}

/// A parsed `--sizes` list (a newtype so clap takes it as one value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SizeList(pub Vec<u8>);

/// The fallback face asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FallbackFont {
    /// None given: the source tree's, if that file exists.
    SourceTree,
    /// `--fallback-font FILE`: this one (a missing file is the compiler's error to report).
    File(PathBuf),
}

impl FallbackFont {
    /// The face to hand the compiler; `exists` says whether a file is there (kept out of the
    /// parse so that stays pure).
    pub fn resolve(&self, exists: impl Fn(&Path) -> bool) -> Option<PathBuf> {
        match self {
            FallbackFont::File(path) => Some(path.clone()),
            FallbackFont::SourceTree => {
                let path = Path::new(DEFAULT_FALLBACK_FONT);
                exists(path).then(|| path.to_path_buf())
            }
        }
    }
}

/// `moye compile`'s inputs, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileArgs {
    /// The books: files and folders, in the order given.
    pub inputs: Vec<PathBuf>,
    /// Where to write the blob.
    pub output: PathBuf,
    /// The font to rasterize.
    pub font: PathBuf,
    /// The face for characters `font` lacks.
    pub fallback_font: FallbackFont,
    /// The encoding forced on text books (`None`: detect).
    pub encoding: Option<&'static Encoding>,
    /// Refuse characters no font has.
    pub strict: bool,
    /// The pixel sizes, in the order given.
    pub sizes: Vec<u8>,
}

/// Fills in `options`' defaults: the source tree's fonts, then `MOYE_FONT_SIZES` and
/// `MOYE_STRICT` read through `env`.
pub fn check_compile<E>(options: CompileOptions, env: &E) -> Result<CompileArgs, UsageError>
where
    E: Fn(&str) -> Option<OsString>,
{
    let invalid =
        |message: &str| UsageError::new(Some("compile"), ErrorKind::InvalidValue, message);
    let sizes = match options.sizes {
        Some(SizeList(sizes)) => sizes,
        None => match env("MOYE_FONT_SIZES") {
            None => size_list(DEFAULT_SIZES).map(|s| s.0).unwrap_or_default(),
            Some(value) => value
                .to_str()
                .and_then(|text| size_list(text).ok())
                .map(|s| s.0)
                .ok_or_else(|| invalid("MOYE_FONT_SIZES must be pixel sizes like 16,20,24"))?,
        },
    };
    let strict = options.strict
        || match env("MOYE_STRICT").as_ref().and_then(|v| v.to_str()) {
            None | Some("" | "0") => false,
            Some("1") => true,
            Some(_) => return Err(invalid("MOYE_STRICT must be 1 (strict) or 0")),
        };
    Ok(CompileArgs {
        inputs: options.books,
        output: options.output,
        font: options.font.unwrap_or_else(|| PathBuf::from(DEFAULT_FONT)),
        fallback_font: options
            .fallback_font
            .map_or(FallbackFont::SourceTree, FallbackFont::File),
        encoding: options.encoding,
        strict,
        sizes,
    })
}

/// `16,20, 24` → `[16, 20, 24]`; every item must be a size from 1 to 255.
fn size_list(text: &str) -> Result<SizeList, String> {
    text.split(',')
        .map(|item| item.trim().parse::<u8>().ok().filter(|&size| size > 0))
        .collect::<Option<Vec<u8>>>()
        .map(SizeList)
        .ok_or_else(|| "must be pixel sizes like 16,20,24".to_string())
}

/// A WHATWG encoding label (`gbk`, `big5`, `utf-16le`, …), as browsers resolve it.
fn encoding_label(label: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        format!("unknown encoding label {label}; use a WHATWG label such as utf-8, gb18030 or big5")
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::error;
    use super::super::{parse, Cli};
    use super::*;

    fn env(name: &str) -> Option<OsString> {
        super::super::tests::env(name)
    }

    fn try_compile(
        line: &str,
        env: impl Fn(&str) -> Option<OsString>,
    ) -> Result<CompileArgs, String> {
        match parse(line.split_whitespace().map(OsString::from), env) {
            Ok(Cli::Compile(args)) => Ok(args),
            Ok(other) => Err(format!("not a compile: {other:?}")),
            Err(error) => Err(error.to_string()),
        }
    }

    fn compile_args(line: &str, env: impl Fn(&str) -> Option<OsString>) -> CompileArgs {
        try_compile(line, env).unwrap_or_else(|e| panic!("{line}: {e}"))
    }

    #[test]
    fn compile_takes_books_an_output_a_font_and_sizes() {
        let a = compile_args("compile books -o lib.bin", env);
        assert_eq!(a.inputs, [PathBuf::from("books")]);
        assert_eq!(a.output, PathBuf::from("lib.bin"));
        assert!(a.font.ends_with("fonts/NotoSansCJKsc-Regular.otf"));
        assert!(a.font.is_absolute(), "{}", a.font.display());
        assert_eq!(a.sizes, vec![16, 20, 24, 28, 32]);
        assert_eq!(a.fallback_font, FallbackFont::SourceTree);
        assert_eq!((a.encoding, a.strict), (None, false));

        let a = compile_args(
            "compile --font my.otf books --sizes 24,16 --output=out/lib.bin",
            env,
        );
        assert_eq!(a.font, PathBuf::from("my.otf"));
        assert_eq!(a.sizes, vec![24, 16]);
        assert_eq!(a.output, PathBuf::from("out/lib.bin"));
    }

    #[test]
    fn compile_keeps_files_and_folders_in_the_order_given() {
        let a = compile_args("compile z.md shelf a.epub notes.txt -o l.bin", env);
        let expected: Vec<PathBuf> = ["z.md", "shelf", "a.epub", "notes.txt"]
            .map(PathBuf::from)
            .into();
        assert_eq!(a.inputs, expected);
    }

    #[test]
    fn compile_takes_an_encoding_a_fallback_face_and_strict() {
        let a = compile_args(
            "compile b.txt -o l.bin --encoding GBK --fallback-font hana.ttf --strict",
            env,
        );
        assert_eq!(a.encoding, Some(encoding_rs::GBK));
        assert_eq!(a.fallback_font, FallbackFont::File("hana.ttf".into()));
        assert!(a.strict);
        // WHATWG labels, as browsers read them: big5 is Big5, latin1 is windows-1252,
        // gb2312 is read as GBK.
        for (label, encoding) in [
            ("big5", encoding_rs::BIG5),
            ("latin1", encoding_rs::WINDOWS_1252),
            ("gb2312", encoding_rs::GBK),
            ("utf-16le", encoding_rs::UTF_16LE),
        ] {
            let line = format!("compile b.txt -o l.bin --encoding {label}");
            assert_eq!(compile_args(&line, env).encoding, Some(encoding), "{label}");
        }
        let message = error("compile b.txt -o l.bin --encoding klingon");
        assert!(
            message.contains("unknown encoding label klingon"),
            "{message}"
        );
    }

    #[test]
    fn strict_comes_from_the_flag_then_moye_strict() {
        let strict = |value: &'static str| {
            move |n: &str| (n == "MOYE_STRICT").then(|| OsString::from(value))
        };
        assert!(compile_args("compile b -o l.bin", strict("1")).strict);
        assert!(!compile_args("compile b -o l.bin", strict("0")).strict);
        assert!(!compile_args("compile b -o l.bin", strict("")).strict);
        assert!(compile_args("compile b -o l.bin --strict", strict("0")).strict);
        let message = try_compile("compile b -o l.bin", strict("yes")).unwrap_err();
        assert!(message.contains("MOYE_STRICT must be 1"), "{message}");
    }

    #[test]
    fn the_fallback_face_defaults_to_the_source_trees_if_it_is_there() {
        let default = Path::new(DEFAULT_FALLBACK_FONT);
        assert!(default.is_absolute() && default.ends_with("fonts/HanaMinB.ttf.gz"));
        assert_eq!(FallbackFont::SourceTree.resolve(|_| false), None);
        assert_eq!(
            FallbackFont::SourceTree.resolve(|path| path == default),
            Some(default.to_path_buf())
        );
        // A face given is handed on even if missing: the compiler names it in its error.
        let given = FallbackFont::File("nowhere.ttf".into());
        assert_eq!(given.resolve(|_| false), Some(PathBuf::from("nowhere.ttf")));
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
        let message = try_compile("compile b -o l.bin", bad).unwrap_err();
        assert!(
            message.contains("MOYE_FONT_SIZES must be pixel sizes like 16,20,24"),
            "{message}"
        );
    }

    #[test]
    fn compile_usage_errors_are_explained() {
        // clap's wording for what clap checks: required, unknown and valueless arguments.
        let cases = [
            ("compile -o l.bin", "required arguments were not provided"),
            ("compile -o l.bin", "<BOOK>..."),
            ("compile books", "--output <FILE>"),
            (
                "compile b -o l.bin --sizes 16,x",
                "'--sizes <LIST>': must be pixel sizes",
            ),
            ("compile b -o l.bin --sizes 0", "must be pixel sizes"),
            ("compile b -o l.bin --sizes 256", "must be pixel sizes"),
            (
                "compile b -o l.bin --sizes",
                "a value is required for '--sizes <LIST>'",
            ),
            (
                "compile b -o l.bin --book 1",
                "unexpected argument '--book'",
            ),
            (
                "compile b -o l.bin --library x.bin",
                "unexpected argument '--library'",
            ),
            (
                "screenshot --book 1 -o p.png --font f.otf",
                "unexpected argument '--font'",
            ),
            ("stats --sizes 16", "unexpected argument '--sizes'"),
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
    fn compile_help_explains_inputs_encoding_strict_and_the_fallback_face() {
        let help = |line: &str| match parse(line.split_whitespace().map(OsString::from), env) {
            Ok(Cli::Help(text)) => text.to_string(),
            other => panic!("{line}: {other:?}"),
        };
        let text = help("compile --help");
        assert_eq!(help("help compile"), text);
        for word in [
            ".epub",
            ".txt",
            "folder",
            "--encoding",
            "WHATWG",
            "--strict",
            "--fallback-font",
            "HanaMinB",
            "MOYE_STRICT",
            "MOYE_FONT_SIZES",
            "--sizes",
            "--font",
        ] {
            assert!(text.contains(word), "{word}");
        }
    }
}
