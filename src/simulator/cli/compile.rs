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

The library keeps the books in the order given; a folder stands for its book files in
file-name order. Every character gets a glyph from --font, else from --fallback-font; one
neither has is drawn as a replacement box with a warning, or refused with --strict.";

/// Books from `.md`, `.epub` and `.txt` files into a library blob
///
/// The blob is read back before the command reports success; open it with `--library`.
#[derive(Clone, Debug, PartialEq, Eq, Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct CompileOptions {
    /// The books: .md, .epub or .txt files, or folders of them, in library order
    #[arg(value_name = "BOOK", required = true)]
    pub books: Vec<PathBuf>,
    /// Where to write the library blob
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The OpenType font to rasterize (default: the Noto Sans CJK SC of the source tree this
    /// program was built from)
    #[arg(long, value_name = "FILE")]
    pub font: Option<PathBuf>,
    /// Pixel sizes to rasterize, comma-separated (default: $MOYE_FONT_SIZES, else
    /// 16,20,24,28,32; a profile needs its own sizes)
    #[arg(long, value_name = "LIST", value_parser = size_list)]
    pub sizes: Option<SizeList>,
    /// A second font (.ttf, .otf, or gzipped) for the characters --font lacks (default:
    /// fonts/HanaMinB.ttf.gz of the source tree, if it is there; else none)
    #[arg(long, value_name = "FILE")]
    pub fallback_font: Option<PathBuf>,
    /// The encoding of .txt and .md books, a WHATWG label such as utf-8, gb18030, gbk, big5
    /// or utf-16le (default: detected per file)
    #[arg(long, value_name = "LABEL", value_parser = encoding_label)]
    pub encoding: Option<&'static Encoding>,
    /// Refuse a character that no font has instead of drawing a replacement box (default:
    /// on if MOYE_STRICT=1)
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
    let invalid = |message: &str| UsageError::new(Some("compile"), ErrorKind::InvalidValue, message);
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
        .ok_or_else(|| "--sizes must be pixel sizes like 16,20,24".to_string())
}

/// A WHATWG encoding label (`gbk`, `big5`, `utf-16le`, …), as browsers resolve it.
fn encoding_label(label: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        format!("unknown encoding label {label}; use a WHATWG label such as utf-8, gb18030 or big5")
    })
}
