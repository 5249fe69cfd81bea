//! Markdown / MediaWiki cleaning into the document model: what a reader sees of a source
//! article (CONTENT.md). Offline there are no links, images or reference list, so the rule is:
//! keep every word a reader came for, drop what only navigated, and lose nothing silently.
//!
//! The source is read by pulldown-cmark (CommonMark with GFM tables, strikethrough, footnotes,
//! task lists, HTML, `[[wikilinks]]` and YAML front matter); every rule after that is a pass
//! over its output, each in its own module, readable and tested alone:
//! 1. [`parse`]: events into raw blocks — which text forms a heading, paragraph, list item,
//!    code line, table row or footnote — and [`front_matter`]'s `title:`.
//! 2. Inline passes over each block's token stream, in this order: [`html`] (tags dropped, text
//!    kept, `<br>` splits), [`bold`] (the converter's toggling `**`), [`template`] (`{{…}}`),
//!    [`variant`] (`-{…}-` to zh-hans), [`links`] (figures, captions, categories, reference
//!    markers, broken links), then [`text`] (spaces, soft breaks by script, `（）`, bold spans).
//! 3. Block kinds (here, with [`labels`]): see the table below.
//! 4. [`sections`]: empty and navigation-only sections and the trailing site footer dropped;
//!    footnotes placed (here).
//! 5. The title (here): front matter `title:`, else the first `#` heading, else the bold term
//!    that opens the first paragraph (zh.wikipedia bolds the article's subject there), else
//!    the file's stem (`content/foo.md` → `foo`).
//! 6. [`remnant`]: a last check for markup syntax on a page: what is left was written as text
//!    on purpose (escaped), so it is kept, with a [`Warning`] naming its line.
//!
//! | source | becomes |
//! |---|---|
//! | YAML front matter (`---` … `---` opening the file) | its `title:` is the title; the rest is not text. Never closed: read as Markdown text (see [`front_matter`]) |
//! | `##`, `###` heading | [`BlockKind::Heading`] 2, 3 |
//! | `#` heading | the title if there is none yet; a copy of the title: nothing; else level 2 |
//! | `####`–`######` heading that is all bold (`#### **整理报道：文泓**`, the GNews masthead) | [`BlockKind::Meta`] |
//! | any other `####`–`######` heading | level 3, the deepest the model has |
//! | byline line `发布：文泓` (see [`labels`]), also inside a paragraph | [`BlockKind::Meta`] |
//! | paragraph of only code spans and links (`` `墨尔本雅典娜农场` [轉載自GNews](…) ``, the GNews masthead) | [`BlockKind::Meta`] |
//! | paragraph starting `新闻链接：`, `免责声明：` … (see [`labels`]) | [`BlockKind::Note`] |
//! | social-media footer (`更多资讯，请关注：` and the social links after it) | nothing |
//! | other paragraph, also in a block quote or an HTML block | [`BlockKind::Paragraph`] |
//! | list item starting with an image (`- ![](…gm-1.jpg)图片来源：…`, a credit for an image that is not shipped) | nothing |
//! | other list item | [`BlockKind::ListItem`] with its marker: `• 文字`, `2. 文字`, `□ 文字`/`▣ 文字` (open/done task), one U+3000 per nesting level |
//! | code block | one [`BlockKind::Meta`] per non-empty line |
//! | table body row | a [`BlockKind::Paragraph`] `表头：值；表头：值` (see [`table`]) |
//! | footnote definition `[^1]: …` | a [`BlockKind::Note`] at the end of the section of its first reference (unreferenced: at the document's end); the mark `[^1]` itself shows nothing |
//! | hard line break, `<br>` | the block ends; the rest is a block of the same kind |
//! | markup syntax escaped into the text (`\[文字\](网址)`, `\*\*`, `\<b>`) | kept as CommonMark renders it (`[文字](网址)`), with a warning ``file:line: markup-like text `](` kept as written``
//! | thematic break, link reference definition, image, `<script>`, `<style>`, comment | nothing |
//! | a block whose text is empty after cleaning (reference stubs `1.`, `{{-}}`, category links, caption lines, image-only variant blocks) | nothing |
//!
//! Inline, in any block: links show their text; figures, categories and `\[n\]` markers go
//! ([`links`]); variant markup shows zh-hans ([`variant`]); layout templates go, others show
//! their last positional argument ([`template`]); HTML tags go and their text stays, entities
//! are decoded ([`html`]); code spans show their text; bold is kept as emphasis, italic and
//! strikethrough as plain text ([`text`]); bare URLs and ASCII punctuation are text. Bold that
//! wraps a whole heading or meta line is the line's style, not emphasis, and is not kept.
//!
//! Bad input never panics and is read as CommonMark reads it: an unterminated `[abc`, `**`
//! or `` ` `` is literal text (an unmatched `**` run is dropped, see [`bold`]). The only error
//! is a file with no text at all ([`CleanErrorKind::NoText`]), naming the file and line;
//! markup syntax no rule takes apart is kept with a warning ([`Document::warnings`]). Every
//! pass is linear in the size of a block.

// The stages are public so that their rules appear in the crate docs; their items are not.
pub mod bold;
mod error;
pub mod front_matter;
pub mod html;
mod inline;
pub mod labels;
pub mod links;
mod pairs;
pub mod parse;
pub mod remnant;
pub mod sections;
pub mod table;
pub mod template;
pub mod text;
pub mod variant;

pub use error::{CleanError, CleanErrorKind};

use crate::document::{Block, BlockKind, Document, Warning};
use error::Fault;
use inline::{Inline, LineIndex};
use parse::{RawBlock, RawKind};
use sections::Item;
use text::Cleaned;

/// Cleans one source article into a [`Document`].
///
/// `file_name` names the file in error messages (`content/foo.md:12: …`), and its stem is the
/// title of a file that has no other title source.
///
/// ```
/// use moye_compiler::clean::clean;
/// use moye_compiler::document::BlockKind;
///
/// let source = "**中哈關係**\\[1\\]（），是指[哈薩克](https://zh.wikipedia.org/wiki/哈薩克 \"wikilink\")。\n";
/// let document = clean(source, "content/a.md").unwrap();
/// assert_eq!(document.title, "中哈關係");
/// assert_eq!(document.blocks[0].kind, BlockKind::Paragraph);
/// assert_eq!(document.blocks[0].text, "中哈關係，是指哈薩克。");
/// assert_eq!(document.blocks[0].emphasis, vec![0..4]);
///
/// // Not a title source, but a book: the title comes from the file name.
/// let document = clean("小行星(35396) 1997 XF11见 https://example.org 。[abc\n", "content/foo.md").unwrap();
/// assert_eq!(document.title, "foo");
/// assert_eq!(document.blocks[0].text, "小行星(35396) 1997 XF11见 https://example.org 。[abc");
///
/// let error = clean("\n\n", "content/foo.md").unwrap_err();
/// assert_eq!(error.to_string(), "content/foo.md:1: no text: the file is empty or holds only markup");
/// ```
pub fn clean(source: &str, file_name: &str) -> Result<Document, CleanError> {
    clean_source(source, file_name).map_err(|fault| fault.into_error(file_name))
}

/// A title and the line it came from.
struct Title {
    text: String,
    line: usize,
}

/// What the blocks read so far give: the title (if set), kept items and footnote notes.
struct Assembly<'a> {
    source: &'a str,
    lines: LineIndex,
    title: Option<Title>,
    items: Vec<Item>,
    notes: Vec<(String, Block)>,
}

fn clean_source(source: &str, file_name: &str) -> Result<Document, Fault> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let parsed = parse::parse(source);
    let title = parsed
        .front_matter
        .as_deref()
        .and_then(front_matter::title)
        .map(|text| Title { text, line: 1 });
    let mut assembly = Assembly {
        source,
        lines: LineIndex::new(source),
        title,
        items: Vec::new(),
        notes: Vec::new(),
    };
    for raw in parsed.blocks {
        assembly.block(raw);
    }
    let Assembly {
        title,
        items,
        notes,
        ..
    } = assembly;
    let blocks = place_footnotes(sections::arrange(items), notes);
    let title = title
        .or_else(|| lead_term(&blocks))
        .or_else(|| file_stem(file_name).filter(|_| !blocks.is_empty()))
        .ok_or(Fault::new(1, CleanErrorKind::NoText))?;
    let warnings = remnant_warnings(&title, &blocks);
    let mut document = Document::new(title.text, blocks);
    document.warnings = warnings;
    Ok(document)
}

/// Every inline pass, in order (see the module docs).
fn inline_passes(inlines: Vec<Inline>, source: &str) -> Vec<Inline> {
    let inlines = html::strip_inline_tags(inlines);
    let inlines = bold::repair(inlines, source);
    // Templates before variants: in `{{clear}}-{…}-` the `}-` inside `}}-{` is not a close.
    let inlines = template::resolve(inlines);
    let inlines = variant::resolve(inlines);
    let inlines = links::clean(inlines);
    let inlines = links::drop_reference_markers(inlines, source);
    links::drop_broken_link_syntax(inlines, source)
}

/// Splits `inlines` at every token `at` says ends a piece (the token itself goes).
fn split_at(inlines: Vec<Inline>, at: impl Fn(&Inline) -> bool) -> Vec<Vec<Inline>> {
    let mut pieces = vec![Vec::new()];
    for token in inlines {
        if at(&token) {
            pieces.push(Vec::new());
        } else if let Some(piece) = pieces.last_mut() {
            piece.push(token);
        }
    }
    pieces
}

impl Assembly<'_> {
    fn build(&self, inlines: &[Inline], fallback_line: usize) -> Cleaned {
        text::build(inlines, &self.lines, fallback_line)
    }

    fn block(&mut self, raw: RawBlock) {
        let line = self.lines.line_of(raw.start);
        let inlines = inline_passes(raw.inlines, self.source);
        let indent: String = raw
            .prefix
            .chars()
            .take_while(|&c| c == '\u{3000}')
            .collect();
        let pieces = split_at(inlines, |t| matches!(t, Inline::LineEnd));
        for (index, piece) in pieces.into_iter().enumerate() {
            let prefix = if index == 0 { &raw.prefix } else { &indent };
            match raw.kind {
                RawKind::Heading(level) => self.heading(&piece, level, line),
                RawKind::Paragraph => self.paragraph(piece, line),
                RawKind::TableRow => {
                    let cleaned = self.build(&piece, line);
                    self.paragraph_piece(cleaned);
                }
                RawKind::ListItem => self.list_item(&piece, prefix, line),
                RawKind::CodeLine => {
                    let cleaned = self.build(&piece, line);
                    self.push(block(BlockKind::Meta, cleaned));
                }
                RawKind::Footnote => {
                    let cleaned = self.build(&piece, line);
                    if !cleaned.text.is_empty() {
                        let label = raw.footnote.clone().unwrap_or_default();
                        self.notes.push((label, block(BlockKind::Note, cleaned)));
                    }
                }
            }
        }
    }

    fn push(&mut self, block: Block) {
        if !block.text.is_empty() {
            self.items.push(Item::content(block));
        }
    }

    fn heading(&mut self, piece: &[Inline], level: u8, line: usize) {
        let cleaned = self.build(piece, line);
        if cleaned.text.is_empty() {
            return;
        }
        let kind = match level {
            1 => match &self.title {
                None => {
                    let line = cleaned.line;
                    self.title = Some(Title {
                        text: cleaned.text,
                        line,
                    });
                    return;
                }
                Some(title) if title.text == cleaned.text => return,
                Some(_) => BlockKind::Heading(2),
            },
            2 | 3 => BlockKind::Heading(level),
            // Level 4 and deeper all in bold is how the GNews masthead is marked up.
            _ if all_bold(&cleaned) => BlockKind::Meta,
            _ => BlockKind::Heading(3),
        };
        self.push(styled_line(kind, cleaned));
    }

    /// A paragraph, line by line: bylines become meta lines and the social-media footer goes.
    fn paragraph(&mut self, piece: Vec<Inline>, line: usize) {
        let mut kept: Vec<Inline> = Vec::new();
        let mut in_footer = false;
        for source_line in split_at(piece, |t| matches!(t, Inline::SoftBreak(_))) {
            let text = self.build(&source_line, line).text;
            if in_footer && labels::is_social_link_line(&source_line) {
                continue;
            }
            in_footer = false;
            if labels::is_follow_prompt(&text) || labels::is_byline(&text) {
                let cleaned = self.build(&std::mem::take(&mut kept), line);
                self.paragraph_piece(cleaned);
                in_footer = labels::is_follow_prompt(&text);
                if !in_footer {
                    let cleaned = self.build(&source_line, line);
                    self.push(styled_line(BlockKind::Meta, cleaned));
                }
            } else {
                if let Some(origin) = first_origin(&source_line).filter(|_| !kept.is_empty()) {
                    kept.push(Inline::SoftBreak(origin));
                }
                kept.extend(source_line);
            }
        }
        let cleaned = self.build(&kept, line);
        self.paragraph_piece(cleaned);
    }

    fn paragraph_piece(&mut self, cleaned: Cleaned) {
        if cleaned.text.is_empty() {
            return;
        }
        let footnotes = cleaned.footnotes.clone();
        let block = if cleaned.code_chars > 0 && cleaned.plain_chars == 0 {
            styled_line(BlockKind::Meta, cleaned)
        } else if labels::is_note(&cleaned.text) {
            block(BlockKind::Note, cleaned)
        } else {
            block(BlockKind::Paragraph, cleaned)
        };
        let mut item = Item::content(block);
        item.footnotes = footnotes;
        self.items.push(item);
    }

    fn list_item(&mut self, piece: &[Inline], prefix: &str, line: usize) {
        let cleaned = self.build(piece, line);
        if cleaned.text.is_empty() || cleaned.starts_with_image {
            return;
        }
        let link_only = cleaned.links > 0 && cleaned.plain_chars == 0 && cleaned.code_chars == 0;
        let external = cleaned.wiki_links == 0;
        let footnotes = cleaned.footnotes.clone();
        let mut block = block(BlockKind::ListItem, cleaned);
        let shift = prefix.chars().count();
        block.text.insert_str(0, prefix);
        for span in &mut block.emphasis {
            *span = span.start + shift..span.end + shift;
        }
        self.items.push(Item {
            block,
            link_only,
            external,
            footnotes,
        });
    }
}

fn first_origin(inlines: &[Inline]) -> Option<usize> {
    inlines.iter().find_map(|t| match t {
        Inline::Char(_, at) | Inline::SoftBreak(at) => Some(*at),
        _ => None,
    })
}

fn block(kind: BlockKind, cleaned: Cleaned) -> Block {
    Block {
        kind,
        text: cleaned.text,
        emphasis: cleaned.emphasis,
        line: cleaned.line,
        part: 0,
    }
}

/// Whether one bold span covers the whole text.
fn all_bold(cleaned: &Cleaned) -> bool {
    let chars = cleaned.text.chars().count();
    matches!(cleaned.emphasis.as_slice(), [span] if span.start == 0 && span.end == chars)
}

/// A heading or meta line: bold wrapping all of it is its style, not emphasis.
fn styled_line(kind: BlockKind, mut cleaned: Cleaned) -> Block {
    if all_bold(&cleaned) {
        cleaned.emphasis.clear();
    }
    block(kind, cleaned)
}

/// Puts each footnote's notes after the last block of the section (up to the next heading)
/// that first refers to it; notes never referred to go at the end.
fn place_footnotes(items: Vec<Item>, notes: Vec<(String, Block)>) -> Vec<Block> {
    let mut notes: Vec<Option<(String, Block)>> = notes.into_iter().map(Some).collect();
    let mut blocks = Vec::with_capacity(items.len() + notes.len());
    let mut pending: Vec<String> = Vec::new();
    let flush = |blocks: &mut Vec<Block>,
                 pending: &mut Vec<String>,
                 notes: &mut [Option<(String, Block)>]| {
        for label in pending.drain(..) {
            for slot in notes.iter_mut() {
                if slot.as_ref().is_some_and(|(l, _)| *l == label) {
                    blocks.extend(slot.take().map(|(_, block)| block));
                }
            }
        }
    };
    for item in items {
        if matches!(item.block.kind, BlockKind::Heading(_)) {
            flush(&mut blocks, &mut pending, &mut notes);
        }
        blocks.push(item.block);
        for label in item.footnotes {
            if !pending.contains(&label) {
                pending.push(label);
            }
        }
    }
    flush(&mut blocks, &mut pending, &mut notes);
    blocks.extend(notes.into_iter().flatten().map(|(_, block)| block));
    blocks
}

/// The bold term opening the first paragraph, if the document starts with one.
fn lead_term(blocks: &[Block]) -> Option<Title> {
    let first = blocks.iter().find(|b| b.kind != BlockKind::Meta)?;
    let span = first.emphasis.first()?;
    if first.kind != BlockKind::Paragraph || span.start != 0 {
        return None;
    }
    let text: String = first.text.chars().take(span.end).collect();
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some(Title {
        text,
        line: first.line,
    })
}

/// The title of a file without a title source: its name without folder and extension.
fn file_stem(file_name: &str) -> Option<Title> {
    let stem = std::path::Path::new(file_name)
        .file_stem()?
        .to_string_lossy();
    let text = stem.trim().to_owned();
    (!text.is_empty()).then_some(Title { text, line: 1 })
}

/// The [`remnant`] check over the title and every block: markup syntax that is still there
/// was written as text on purpose (escaped, `\[文字\](网址)`), so it stays as CommonMark
/// renders it, with a warning naming its line and what was found, once per block.
fn remnant_warnings(title: &Title, blocks: &[Block]) -> Vec<Warning> {
    let texts = std::iter::once((title.text.as_str(), title.line))
        .chain(blocks.iter().map(|b| (b.text.as_str(), b.line)));
    texts
        .filter_map(|(text, line)| {
            let (_, found) = remnant::find(text)?;
            Some(Warning {
                line,
                part: 0,
                message: format!("markup-like text `{found}` kept as written"),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: BlockKind, text: &str, footnotes: &[&str]) -> Item {
        let mut item = Item::content(Block::new(kind, text.to_owned(), 1));
        item.footnotes = footnotes.iter().map(|f| (*f).to_owned()).collect();
        item
    }

    fn note(label: &str, text: &str) -> (String, Block) {
        (
            label.to_owned(),
            Block::new(BlockKind::Note, text.to_owned(), 1),
        )
    }

    #[test]
    fn footnotes_close_the_section_of_their_first_reference() {
        let items = vec![
            item(BlockKind::Paragraph, "甲", &["b", "a"]),
            item(BlockKind::Paragraph, "乙", &["a"]),
            item(BlockKind::Heading(3), "节", &[]),
            item(BlockKind::Paragraph, "丙", &["a", "c"]),
        ];
        let notes = vec![
            note("a", "注a"),
            note("b", "注b"),
            note("c", "注c"),
            note("z", "注z"),
        ];
        let texts: Vec<String> = place_footnotes(items, notes)
            .into_iter()
            .map(|b| b.text)
            .collect();
        assert_eq!(texts, ["甲", "乙", "注b", "注a", "节", "丙", "注c", "注z"]);
    }

    #[test]
    fn titles_from_file_stems() {
        assert_eq!(
            file_stem("content/foo.md").map(|t| t.text).as_deref(),
            Some("foo")
        );
        assert_eq!(file_stem("书.md").map(|t| t.text).as_deref(), Some("书"));
        assert!(file_stem("").is_none());
    }

    #[test]
    fn remnants_are_warnings_at_their_block_line() {
        let title = Title {
            text: "题".into(),
            line: 1,
        };
        let blocks = vec![
            Block::new(BlockKind::Paragraph, "正文".into(), 3),
            Block::new(BlockKind::Paragraph, "正文**与](".into(), 7),
        ];
        let warnings = remnant_warnings(&title, &blocks);
        assert_eq!(
            warnings,
            [Warning {
                line: 7,
                part: 0,
                message: "markup-like text `**` kept as written".into()
            }]
        );
        assert!(remnant_warnings(&title, &blocks[..1]).is_empty());
        let marked_title = Title {
            text: "题{{".into(),
            line: 2,
        };
        assert_eq!(remnant_warnings(&marked_title, &[])[0].line, 2);
    }
}
