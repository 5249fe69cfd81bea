//! The cleaner's error: what is wrong with a source article, and where.

use std::fmt;

/// Longest excerpt of the source quoted in an error message, in characters.
const SNIPPET_CHARS: usize = 24;

/// Why a source article could not be cleaned, with the file and line to fix.
///
/// `Display` gives one line a build script can print as is:
/// `content/foo.md:12: unterminated link `[abc``.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanError {
    /// The file name the caller passed to [`clean`](super::clean).
    pub file: String,
    /// The 1-based line of the source where the problem starts.
    pub line: usize,
    /// What is wrong.
    pub kind: CleanErrorKind,
}

/// What is wrong with the source. Fields holding text quote a short excerpt of the source.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CleanErrorKind {
    /// A `---` front matter block that is never closed.
    UnterminatedFrontMatter,
    /// A front matter `title:` that is empty or not a one-line value.
    BadFrontMatterTitle,
    /// No title: no front matter `title:`, no `#` heading and no bold lead term.
    MissingTitle,
    /// A `[` that opens a link whose `]` never comes.
    UnterminatedLink(String),
    /// A link `[text](` whose target is never closed by `)`.
    UnterminatedLinkTarget(String),
    /// A bracket that is neither part of a link nor a reference marker like `\[3\]`.
    StrayBracket(String),
    /// A `**` (bold) that is never closed in its paragraph.
    UnterminatedBold(String),
    /// A single `*` (italic) that is never closed in its paragraph.
    UnterminatedItalic(String),
    /// A backquote code span that is never closed.
    UnterminatedCode(String),
    /// MediaWiki variant markup `-{` without its `}-`.
    UnterminatedVariant(String),
    /// A MediaWiki template `{{` without its `}}`.
    UnterminatedTemplate(String),
    /// An HTML comment `<!--` without its `-->`.
    UnterminatedComment(String),
    /// A MediaWiki template other than the layout-only ones (`{{-}}`, `{{clear}}`).
    UnsupportedTemplate(String),
    /// An HTML tag such as `<ref>`.
    UnsupportedHtml(String),
    /// A Markdown or MediaWiki table (`| a |`, `{|`, `|}`).
    UnsupportedTable(String),
    /// A fenced code block.
    UnsupportedCodeBlock(String),
    /// Markup nested deeper than the cleaner follows.
    NestingTooDeep(String),
    /// Text that would reach the reader with a markup character or word in it.
    MarkupRemnant {
        /// The character or word found.
        found: String,
        /// The text around it.
        context: String,
    },
}

impl fmt::Display for CleanErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnterminatedFrontMatter => {
                f.write_str("front matter opened with `---` is never closed")
            }
            Self::BadFrontMatterTitle => {
                f.write_str("front matter `title:` must be a non-empty one-line value")
            }
            Self::MissingTitle => f.write_str(
                "no title: add front matter `title:`, a `#` heading or a bold lead term",
            ),
            Self::UnterminatedLink(s) => write!(f, "unterminated link `{s}`"),
            Self::UnterminatedLinkTarget(s) => write!(f, "unterminated link target `{s}`"),
            Self::StrayBracket(s) => {
                write!(f, "stray bracket (not a link or a reference marker) `{s}`")
            }
            Self::UnterminatedBold(s) => write!(f, "unterminated bold `{s}`"),
            Self::UnterminatedItalic(s) => write!(f, "unterminated italic `{s}`"),
            Self::UnterminatedCode(s) => write!(f, "unterminated code span `{s}`"),
            Self::UnterminatedVariant(s) => write!(f, "unterminated variant markup `{s}`"),
            Self::UnterminatedTemplate(s) => write!(f, "unterminated template `{s}`"),
            Self::UnterminatedComment(s) => write!(f, "unterminated HTML comment `{s}`"),
            Self::UnsupportedTemplate(s) => write!(
                f,
                "unsupported template `{s}` (only layout templates like `{{{{-}}}}` are dropped)"
            ),
            Self::UnsupportedHtml(s) => write!(f, "unsupported HTML tag `{s}`"),
            Self::UnsupportedTable(s) => write!(f, "tables are not supported `{s}`"),
            Self::UnsupportedCodeBlock(s) => write!(f, "code blocks are not supported `{s}`"),
            Self::NestingTooDeep(s) => write!(f, "markup nested too deeply `{s}`"),
            Self::MarkupRemnant { found, context } => {
                write!(f, "markup `{found}` would be left in the text `{context}`")
            }
        }
    }
}

impl fmt::Display for CleanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.kind)
    }
}

impl std::error::Error for CleanError {}

/// An error before the file name is attached: the stages below [`clean`](super::clean) return
/// this and `clean` turns it into a [`CleanError`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Fault {
    /// 1-based source line.
    pub line: usize,
    /// What is wrong.
    pub kind: CleanErrorKind,
}

impl Fault {
    /// A fault at `line`.
    pub fn new(line: usize, kind: CleanErrorKind) -> Self {
        Self { line, kind }
    }

    /// Attaches the file name.
    pub fn into_error(self, file: &str) -> CleanError {
        CleanError {
            file: file.to_owned(),
            line: self.line,
            kind: self.kind,
        }
    }
}

/// A short excerpt of `text` from byte `start` to the end of its line, at most
/// [`SNIPPET_CHARS`] characters. Never panics: a `start` off a character boundary or past the
/// end gives what is left from the next boundary.
pub(crate) fn snippet(text: &str, start: usize) -> String {
    let mut start = start.min(text.len());
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let rest = text.get(start..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("");
    let mut out: String = line.chars().take(SNIPPET_CHARS).collect();
    if line.chars().nth(SNIPPET_CHARS).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_problem() {
        let error = Fault::new(12, CleanErrorKind::UnterminatedLink("[abc".into()))
            .into_error("content/foo.md");
        assert_eq!(
            error.to_string(),
            "content/foo.md:12: unterminated link `[abc`"
        );
    }

    #[test]
    fn template_message_shows_braces() {
        let kind = CleanErrorKind::UnsupportedTemplate("{{lang}}".into());
        assert!(kind.to_string().contains("`{{-}}`"), "{kind}");
    }

    #[test]
    fn snippet_stops_at_line_end_and_length() {
        assert_eq!(snippet("ab[cd\nef", 2), "[cd");
        let long = "字".repeat(100);
        assert_eq!(snippet(&long, 0).chars().count(), SNIPPET_CHARS + 1);
        assert_eq!(snippet("字", 1), "");
        assert_eq!(snippet("abc", 99), "");
    }
}
