//! Markdown / MediaWiki cleaning into the document model: what a reader sees of a source
//! article (CONTENT.md). Offline there are no links, images or reference list, so the rule is:
//! keep every word a reader came for, drop what only navigated, and lose nothing silently.
//!
//! [`clean`] runs these stages, each a module with its own rules:
//! 1. [`front_matter`]: the YAML `title:`.
//! 2. [`blocks`]: which lines form headings, paragraphs and list items.
//! 3. [`labels`]: bylines split off as meta lines, the social-media footer dropped.
//! 4. [`inline`] (with [`markup`], [`variant`] and [`text`]): the visible text of each block —
//!    link text only, reference markers, images, figures, categories and layout templates gone,
//!    variant markup resolved to zh-hans, soft line breaks joined by script, bold spans kept.
//! 5. Block kinds (here): see the table below.
//! 6. [`sections`]: empty and navigation-only sections and the trailing site footer dropped.
//! 7. The title (here): front matter `title:`, else the first `#` heading, else the bold term
//!    that opens the first paragraph (zh.wikipedia bolds the article's subject there).
//!
//! | source block | becomes |
//! |---|---|
//! | `##`, `###` heading | [`BlockKind::Heading`] 2, 3 |
//! | `#` heading | the title if there is none yet; a copy of the title: nothing; else level 2 |
//! | `####`–`######` heading that is all bold (`#### **整理报道：文泓**`, the GNews masthead) | [`BlockKind::Meta`] |
//! | any other `####`–`######` heading | level 3, the deepest the model has |
//! | byline line `发布：文泓` (see [`labels`]) | [`BlockKind::Meta`] |
//! | paragraph of only code spans and links (`` `墨尔本雅典娜农场` [轉載自GNews](…) ``, the GNews masthead) | [`BlockKind::Meta`] |
//! | paragraph starting `新闻链接：`, `免责声明：` … (see [`labels`]) | [`BlockKind::Note`] |
//! | other paragraph | [`BlockKind::Paragraph`] |
//! | list item starting with an image (`- ![](…gm-1.jpg)图片来源：…`, a credit for an image that is not shipped) | nothing |
//! | other list item | [`BlockKind::ListItem`] |
//! | a block whose text is empty after cleaning (reference stubs `1.`, `{{-}}`, category links, caption lines, image-only variant blocks) | nothing |
//!
//! Bold that wraps a whole heading or meta line is the line's style, not emphasis, and is not
//! kept as a span.
//!
//! Bad input never panics. Unclosed markup (link, bold, italic, code span, variant, template,
//! comment), a bracket that is neither a link nor a reference marker, an unknown template or
//! HTML tag (`<ref>`), a table (`|}`), a code block, a front matter without its end, and any
//! markup character or word that would reach the text give a [`CleanError`] naming the file and
//! line. An empty file (or one without text) is an error only for want of a title. Length is
//! no problem: every stage is linear in the size of a block.

// The stages are public so that their rules appear in the crate docs; their items are not.
pub mod blocks;
mod error;
pub mod front_matter;
pub mod inline;
pub mod labels;
pub mod markup;
pub mod sections;
pub mod text;
pub mod variant;

pub use error::{CleanError, CleanErrorKind};

use crate::document::{Block, BlockKind, Document};
use blocks::{RawBlock, RawKind, SourceLine};
use error::Fault;
use inline::Cleaned;
use sections::Item;

/// Cleans one source article into a [`Document`].
///
/// `file_name` is only used in error messages (`content/foo.md:12: …`).
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
/// let error = clean("正文[abc\n", "content/foo.md").unwrap_err();
/// assert_eq!(error.to_string(), "content/foo.md:1: unterminated link `[abc`");
/// ```
pub fn clean(source: &str, file_name: &str) -> Result<Document, CleanError> {
    clean_source(source).map_err(|fault| fault.into_error(file_name))
}

/// A title and the line it came from.
struct Title {
    text: String,
    line: usize,
}

fn clean_source(source: &str) -> Result<Document, Fault> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let lines: Vec<&str> = source.lines().collect();
    let front = front_matter::parse(&lines)?;
    let mut title = front.title.map(|text| Title { text, line: 1 });
    let mut items = Vec::new();
    for raw in blocks::split(&lines, front.body_start)? {
        match raw.kind {
            RawKind::Heading(level) => heading(&raw, level, &mut title, &mut items)?,
            RawKind::Paragraph => paragraph(&raw, &mut items)?,
            RawKind::ListItem => list_item(&raw, &mut items)?,
        }
    }
    let blocks = sections::arrange(items);
    let title = match title {
        Some(title) => title,
        None => lead_term(&blocks).ok_or(Fault::new(1, CleanErrorKind::MissingTitle))?,
    };
    if let Some((_, found)) = inline::find_remnant(&title.text) {
        let context = title.text.clone();
        let kind = CleanErrorKind::MarkupRemnant { found, context };
        return Err(Fault::new(title.line, kind));
    }
    Ok(Document::new(title.text, blocks))
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

fn heading(
    raw: &RawBlock<'_>,
    level: u8,
    title: &mut Option<Title>,
    items: &mut Vec<Item>,
) -> Result<(), Fault> {
    let cleaned = inline::clean_lines(&raw.lines)?;
    if cleaned.text.is_empty() {
        return Ok(());
    }
    let kind = match level {
        1 => match title {
            None => {
                let line = cleaned.line;
                *title = Some(Title {
                    text: cleaned.text,
                    line,
                });
                return Ok(());
            }
            Some(title) if title.text == cleaned.text => return Ok(()),
            Some(_) => BlockKind::Heading(2),
        },
        2 | 3 => BlockKind::Heading(level),
        // Level 4 and deeper all in bold is how the GNews masthead is marked up.
        _ if all_bold(&cleaned) => BlockKind::Meta,
        _ => BlockKind::Heading(3),
    };
    items.push(Item::content(styled_line(kind, cleaned)));
    Ok(())
}

fn paragraph(raw: &RawBlock<'_>, items: &mut Vec<Item>) -> Result<(), Fault> {
    let mut piece: Vec<SourceLine<'_>> = Vec::new();
    let mut in_footer = false;
    for line in &raw.lines {
        if in_footer && labels::is_social_link_line(line.text) {
            continue;
        }
        in_footer = false;
        if labels::is_follow_prompt(line.text) {
            paragraph_piece(&std::mem::take(&mut piece), items)?;
            in_footer = true;
        } else if labels::is_byline(line.text) {
            paragraph_piece(&std::mem::take(&mut piece), items)?;
            let cleaned = inline::clean_lines(std::slice::from_ref(line))?;
            if !cleaned.text.is_empty() {
                items.push(Item::content(styled_line(BlockKind::Meta, cleaned)));
            }
        } else {
            piece.push(*line);
        }
    }
    paragraph_piece(&piece, items)
}

fn paragraph_piece(lines: &[SourceLine<'_>], items: &mut Vec<Item>) -> Result<(), Fault> {
    if lines.is_empty() {
        return Ok(());
    }
    let cleaned = inline::clean_lines(lines)?;
    if cleaned.text.is_empty() {
        return Ok(());
    }
    let item = if cleaned.code_chars > 0 && cleaned.plain_chars == 0 {
        Item::content(styled_line(BlockKind::Meta, cleaned))
    } else if labels::is_note(&cleaned.text) {
        Item::content(block(BlockKind::Note, cleaned))
    } else {
        Item::content(block(BlockKind::Paragraph, cleaned))
    };
    items.push(item);
    Ok(())
}

fn list_item(raw: &RawBlock<'_>, items: &mut Vec<Item>) -> Result<(), Fault> {
    let cleaned = inline::clean_lines(&raw.lines)?;
    if cleaned.text.is_empty() || cleaned.starts_with_image {
        return Ok(());
    }
    let link_only = cleaned.links > 0 && cleaned.plain_chars == 0 && cleaned.code_chars == 0;
    let external = cleaned.wiki_links == 0;
    items.push(Item {
        block: block(BlockKind::ListItem, cleaned),
        link_only,
        external,
    });
    Ok(())
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
