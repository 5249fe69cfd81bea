//! Inline cleaning: the text of one block, markup removed.
//!
//! Rules (each construct is cleaned wherever it appears, also inside link text and inside
//! variant markup, since both are cleaned recursively):
//! - Links `[text](target "title")`, `[text][id]`, raw wikilinks `[[target|text]]` and anchor
//!   links give their text only, as is (`[歷史上的中國和](…)` stays `歷史上的中國和`).
//! - Reference markers `\[12\]` and `[12]` (1–4 digits) give nothing; what stands beside them
//!   stays (`（4%）\[71\]。` → `（4%）。`).
//! - Images `![alt](src)` give nothing. Converted wiki figures — links into a file namespace
//!   (`File:`, `Image:`, `文件:` …) or with a `fig:` title — give nothing, and take with them the
//!   caption residue up to the first `\]\]` or `]]` on the same line (zh.wikipedia converters lose
//!   the caption's start and leave `…\]\]`), so neither 缩略图 nor a caption fragment remains and
//!   a paragraph on the caption's next line starts clean.
//! - Category links `[Category:…](…)` give nothing; so do `{{-}}`/`{{clear}}` templates and
//!   HTML comments. `<br>` is a soft line break. Any other template or HTML tag (`<ref>`) is an
//!   error, as is markup left unclosed: dropping it could lose text, keeping it would show
//!   markup.
//! - `**` toggles bold, `*` toggles italic (shown plain: the model only has bold); `****` closes
//!   and reopens, so the spans touch and merge. Underscores are text.
//! - Code spans `` `x` `` give their text plain (the news masthead is one).
//! - Backslash escapes give the character; `\-{` opens variant markup (see [`super::variant`]).
//! - Entities `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;` and numeric ones are decoded.
//! - Empty ASCII parentheses `()` give nothing (like the empty `（）`, see [`super::text`]).
//! - Whatever is left must not contain `[ ] ( ) { } \ * | #` or a backquote, `http`,
//!   `wikilink`, `fig:`, `Category:` or 缩略图; if it does, that is an error at its line.

mod links;
mod spans;

use std::ops::Range;

use super::blocks::SourceLine;
use super::error::{snippet, CleanErrorKind, Fault};
use super::markup::{self, byte};
use super::text::{BuiltText, TextBuilder};

/// How deep links, variants and templates may nest inside each other.
const MAX_DEPTH: usize = 16;

/// Characters that are markup and may never reach the reader.
const FORBIDDEN_CHARS: [char; 11] = ['[', ']', '(', ')', '{', '}', '\\', '*', '|', '#', '`'];

/// Words that only markup leaves behind and that may never reach the reader.
const FORBIDDEN_WORDS: [&str; 5] = ["http", "wikilink", "fig:", "Category:", "缩略图"];

/// The cleaned text of one block, with what it was made of.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Cleaned {
    /// The visible text.
    pub text: String,
    /// Bold spans, in characters.
    pub emphasis: Vec<Range<usize>>,
    /// The source line of the first visible character (of the block's first line if none).
    pub line: usize,
    /// Visible non-space characters from ordinary text (outside links and code spans).
    pub plain_chars: usize,
    /// Visible non-space characters from code spans.
    pub code_chars: usize,
    /// Links with visible text.
    pub links: usize,
    /// Of those, links into Wikipedia (converted wikilinks and anchors).
    pub wiki_links: usize,
    /// Whether an image or figure came before any visible character.
    pub starts_with_image: bool,
}

/// Cleans the text of a block made of `lines`.
pub(crate) fn clean_lines(lines: &[SourceLine<'_>]) -> Result<Cleaned, Fault> {
    let mut source = String::new();
    let mut starts = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            source.push('\n');
        }
        starts.push((source.len(), line.number));
        source.push_str(line.text);
    }
    let mut parser = Parser {
        src: &source,
        starts: &starts,
        out: TextBuilder::new(),
        italic: None,
        depth: 0,
        in_link: false,
        in_code: false,
        cleaned: Cleaned::default(),
    };
    parser.parse(0..source.len())?;
    parser.finish()
}

struct Parser<'a> {
    src: &'a str,
    /// Byte offset and line number of each line of `src`.
    starts: &'a [(usize, usize)],
    out: TextBuilder,
    /// The source offset of an open `*`.
    italic: Option<usize>,
    depth: usize,
    in_link: bool,
    in_code: bool,
    cleaned: Cleaned,
}

impl Parser<'_> {
    fn line_of(&self, offset: usize) -> usize {
        let index = self.starts.partition_point(|&(start, _)| start <= offset);
        let (_, first) = self.starts.first().copied().unwrap_or((0, 1));
        self.starts
            .get(index.saturating_sub(1))
            .map_or(first, |&(_, line)| line)
    }

    fn fault(&self, at: usize, kind: fn(String) -> CleanErrorKind) -> Fault {
        Fault::new(self.line_of(at), kind(snippet(self.src, at)))
    }

    fn emit(&mut self, c: char, at: usize) {
        if !c.is_whitespace() {
            if self.in_code {
                self.cleaned.code_chars += 1;
            } else if !self.in_link {
                self.cleaned.plain_chars += 1;
            }
        }
        self.out.push(c, at);
    }

    /// Cleans the source bytes in `range`, which starts and ends on character boundaries.
    fn parse(&mut self, range: Range<usize>) -> Result<(), Fault> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.fault(range.start, CleanErrorKind::NestingTooDeep));
        }
        // The text up to the range's end: no construct may reach past it.
        let text = self.src.get(..range.end).unwrap_or("");
        let mut i = range.start;
        while let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) {
            let next = byte(text, i + 1);
            i = match c {
                '\n' => {
                    self.out.line_break();
                    i + 1
                }
                ' ' | '\t' => {
                    self.out.space();
                    i + 1
                }
                '\\' => self.escape(text, i)?,
                '[' => self.bracket(text, i)?,
                ']' => return Err(self.fault(i, CleanErrorKind::StrayBracket)),
                '!' if next == b'[' => self.image(text, i)?,
                '*' => self.stars(text, i),
                '`' => self.code_span(text, i)?,
                '-' if next == b'{' => self.variant(text, i, 2)?,
                '{' if next == b'{' => self.template(text, i)?,
                '<' => self.angle(text, i)?,
                '&' => self.entity(text, i),
                '(' => self.parenthesis(text, i),
                _ => {
                    self.emit(c, i);
                    i + c.len_utf8()
                }
            };
        }
        self.depth -= 1;
        Ok(())
    }

    fn escape(&mut self, text: &str, i: usize) -> Result<usize, Fault> {
        let Some(next) = text.get(i + 1..).and_then(|rest| rest.chars().next()) else {
            return Ok(i + 1); // a backslash ending the block: a hard break, nothing to show
        };
        match next {
            '[' => markup::reference_marker_len(text, i)
                .map(|len| i + len)
                .ok_or_else(|| self.fault(i, CleanErrorKind::StrayBracket)),
            ']' => Err(self.fault(i, CleanErrorKind::StrayBracket)),
            '-' if byte(text, i + 2) == b'{' => self.variant(text, i, 3),
            '\n' => {
                self.out.line_break();
                Ok(i + 2)
            }
            c if c.is_ascii_punctuation() => {
                self.emit(c, i + 1);
                Ok(i + 2)
            }
            _ => {
                self.emit('\\', i);
                Ok(i + 1)
            }
        }
    }

    fn finish(mut self) -> Result<Cleaned, Fault> {
        if let Some(at) = self.out.open_bold() {
            return Err(self.fault(at, CleanErrorKind::UnterminatedBold));
        }
        if let Some(at) = self.italic {
            return Err(self.fault(at, CleanErrorKind::UnterminatedItalic));
        }
        let built = std::mem::take(&mut self.out).finish();
        if let Some((char_index, found)) = find_remnant(&built.text) {
            let origin = built.origins.get(char_index).copied().unwrap_or(0);
            let context = built
                .text
                .chars()
                .skip(char_index.saturating_sub(8))
                .take(24);
            let kind = CleanErrorKind::MarkupRemnant {
                found,
                context: context.collect(),
            };
            return Err(Fault::new(self.line_of(origin), kind));
        }
        let BuiltText {
            text,
            origins,
            emphasis,
        } = built;
        let line = self.line_of(origins.first().copied().unwrap_or(0));
        Ok(Cleaned {
            text,
            emphasis,
            line,
            ..self.cleaned
        })
    }
}

/// The first markup character or word in `text`: its character index and what it is.
pub(crate) fn find_remnant(text: &str) -> Option<(usize, String)> {
    let char_at = FORBIDDEN_CHARS
        .iter()
        .filter_map(|&c| text.find(c).map(|at| (at, c.to_string())));
    let word_at = FORBIDDEN_WORDS
        .iter()
        .filter_map(|&w| text.find(w).map(|at| (at, w.to_owned())));
    let (byte_index, found) = char_at.chain(word_at).min_by_key(|(at, _)| *at)?;
    let char_index = text
        .get(..byte_index)
        .map_or(0, |before| before.chars().count());
    Some((char_index, found))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<SourceLine<'_>> {
        text.lines()
            .enumerate()
            .map(|(index, text)| SourceLine {
                number: index + 10,
                text,
            })
            .collect()
    }

    fn clean_text(text: &str) -> Cleaned {
        clean_lines(&lines(text)).unwrap_or_else(|fault| panic!("{text}: {fault:?}"))
    }

    fn text_of(text: &str) -> String {
        clean_text(text).text
    }

    fn fault_of(text: &str) -> Fault {
        clean_lines(&lines(text)).unwrap_err()
    }

    #[test]
    fn links_keep_text_and_count_as_links() {
        // Wiki line 13 (start).
        let cleaned = clean_text(
            "[汉朝時](https://zh.wikipedia.org/wiki/汉朝 \"wikilink\")，[哈萨克人的先祖之一](https://zh.wikipedia.org/wiki/哈萨克人 \"wikilink\")",
        );
        assert_eq!(cleaned.text, "汉朝時，哈萨克人的先祖之一");
        assert_eq!(
            (cleaned.links, cleaned.wiki_links, cleaned.plain_chars),
            (2, 2, 1)
        );
        assert_eq!(
            text_of("[a](<b c> 'd')[e][ref][[目标|显示]][[目标]]"),
            "ae显示目标"
        );
        assert_eq!(text_of("[x](https://example.org/a_(b))。"), "x。");
        assert_eq!(
            clean_text("[ROL Foundation](https://rolfoundation.org/)").wiki_links,
            0
        );
    }

    #[test]
    fn reference_markers_go() {
        assert_eq!(text_of("（4%）\\[71\\]。"), "（4%）。");
        assert_eq!(
            text_of("全長約1770公里\\[92\\]\\[93\\]\\[94\\]（"),
            "全長約1770公里（"
        );
        assert_eq!(text_of("文[3]。"), "文。");
    }

    #[test]
    fn figures_take_their_caption_residue() {
        // Wiki line 9.
        let line = "[缩略图](https://zh.wikipedia.org/wiki/File:Qianlong_Horse.jpg \"fig:缩略图\")归附清朝，派使者向乾隆帝贡[马](../Page/马.md \"wikilink\")\\]\\]";
        let cleaned = clean_text(line);
        assert_eq!(cleaned.text, "");
        assert!(cleaned.starts_with_image);
        assert_eq!(text_of("前[图](File:a.png)后"), "前后");
        assert_eq!(text_of("前[[File:a.png|thumb|说明]]后"), "前后");
        assert_eq!(text_of("前[[Category:分类]]后"), "前后");
        assert_eq!(
            text_of("![](https://x/gm-1.jpg)图片来源：设计组"),
            "图片来源：设计组"
        );
    }

    #[test]
    fn variants_resolve_inside_links_and_over_lines() {
        let line =
            "[-{zh-hans:达尼亚尔;zh-hant:達尼亞爾;}-在](../Page/达尼亚尔.md \"wikilink\")2007年";
        assert_eq!(text_of(line), "达尼亚尔在2007年");
        assert_eq!(
            text_of("\\-{zh-hans:[a](File:a.png);\nzh-hk:[b](File:b.png)}-"),
            ""
        );
        assert_eq!(text_of("甲-{乙}-丙"), "甲乙丙");
    }

    #[test]
    fn bold_italic_and_code() {
        let cleaned = clean_text("其中。**11****月**说");
        assert_eq!(cleaned.text, "其中。11月说");
        assert_eq!(cleaned.emphasis, vec![3..6]);
        assert_eq!(clean_text("*斜*与***粗斜***").emphasis, vec![2..4]);
        let masthead =
            clean_text("`墨尔本雅典娜农场` [轉載自GNews](https://gnews.org/zh-hans/1828150/)");
        assert_eq!(masthead.text, "墨尔本雅典娜农场 轉載自GNews");
        assert_eq!((masthead.code_chars, masthead.plain_chars), (8, 0));
        assert_eq!(text_of("`` a b ``"), "a b");
    }

    #[test]
    fn faults_carry_the_line() {
        let fault = fault_of("第一行\n第二行[abc");
        assert_eq!(fault.line, 11);
        assert_eq!(fault.kind, CleanErrorKind::UnterminatedLink("[abc".into()));
        let fault = fault_of("**粗\n体");
        assert_eq!(
            fault,
            Fault::new(10, CleanErrorKind::UnterminatedBold("**粗".into()))
        );
        let fault = fault_of("正文\n<ref name=a>");
        assert_eq!(
            fault,
            Fault::new(11, CleanErrorKind::UnsupportedHtml("<ref name=a>".into()))
        );
        let fault = fault_of("甲\n乙 | 丙");
        assert_eq!(fault.line, 11);
        assert!(matches!(fault.kind, CleanErrorKind::MarkupRemnant { .. }));
    }

    #[test]
    fn remnants_are_found_by_character() {
        assert_eq!(find_remnant("中文"), None);
        assert_eq!(find_remnant("中文|"), Some((2, "|".into())));
        assert_eq!(find_remnant("见fig:1与#"), Some((1, "fig:".into())));
    }
}
