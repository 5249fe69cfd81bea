//! One XHTML content document → blocks, read as a browser reads HTML.
//!
//! | element | the reader sees |
//! |---|---|
//! | `p`, `div`, `section`, `td`, … (block-level elements) | a block boundary: text directly inside one forms a block, so a `div` makes a block only where it holds text itself |
//! | `h1`, `h2` / `h3`–`h6` | [`BlockKind::Heading`] 2 / 3 (the TOC may set another level, see `mod`) |
//! | `li` | [`BlockKind::ListItem`] with its marker: `• ` in a `ul`, `1. ` … in an `ol` (from `start` / `value`), one U+3000 before it per level of nesting |
//! | `blockquote`; an element of `epub:type` `footnote`, `endnote`, `rearnote` or their plurals (`<aside>`, `<section>`) | [`BlockKind::Note`] blocks where they stand |
//! | other text (`p`, `div`, text directly in `body`) | [`BlockKind::Paragraph`] |
//! | a line break inside `pre` | the same as `br` (the model has no preformatted text) |
//! | `br` | ends the line: the block goes on as a new block of the same kind (the model has no line breaks; a list item's continuation has no marker); in a heading (one TOC entry), a space: U+3000 after a wide character, else ASCII |
//! | `em`, `strong`, `b`, `i`; CSS `text-emphasis` (see `css`) | emphasis; emphasis that covers a whole heading is its style and is dropped |
//! | CSS `display: none` | the element and its content dropped |
//! | `ruby` | the base text, then the annotation in fullwidth parentheses: `<ruby>基<rt>jī</rt></ruby>` → `基（jī）`; `rp` dropped (we write our own parentheses); an empty `rt` adds nothing |
//! | `img alt="…"` | the alt text inline, unless it is blank or only a file name (`fig1.png`) |
//! | `svg` (with its `title`), `script`, `style`, `head`'s `title`, `math`'s `annotation`, `nav` (a TOC page's lists: they only navigate) | nothing (`style` and `<link rel=stylesheet>` are read as CSS) |
//! | a print page number (`epub:type="pagebreak"`, `role="doc-pagebreak"`) | nothing: it only navigated |
//! | `a` (including `epub:type="noteref"` and `<sup><a href="#n1">1</a></sup>`), `span`, `sup`, `sub`, unknown elements | their text |
//! | `id` (or `a name`) | an anchor a TOC `#fragment` can point to: the block that holds it, or the next block |
//!
//! Malformed HTML is mended as browsers do: a `p`, heading or other block-level start tag
//! closes an open `p` (and the inline elements in it); an `li` closes an open `li`, a `dt`/`dd`
//! an open `dt`/`dd`; void elements (`br`, `img`, `hr`, …) never nest; an end tag closes its
//! nearest open element and everything opened after it; a stray end tag is ignored; elements
//! left open end with the document; past 256 open elements, deeper ones are read as if absent
//! (their text stays), which keeps every step bounded. Nothing here is an error.

use std::collections::HashMap;

use super::css::Styles;
use super::markup::{mend_lone_brackets, Tag, Token, Tokens};
use super::text::{covers_all, BlockText, Finished};
use crate::clean::text::is_wide;
use crate::document::{Block, BlockKind};

/// The blocks of one content document and where its anchors are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Content {
    /// The blocks, `part` 0 (the caller sets it).
    pub blocks: Vec<Block>,
    /// `id` → the index of the block it is in or before.
    pub anchors: HashMap<String, usize>,
}

/// Elements that start and end blocks.
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements that never have content or an end tag.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// Elements dropped with their content.
const DROPPED_ELEMENTS: &[&str] = &[
    "annotation",
    "nav",
    "rp",
    "script",
    "style",
    "svg",
    "template",
    "title",
];

/// `epub:type`s whose element's blocks are notes.
const NOTE_TYPES: &[&str] = &[
    "endnote",
    "endnotes",
    "footnote",
    "footnotes",
    "rearnote",
    "rearnotes",
];

/// How deep elements nest at most; deeper ones are read as if absent (browsers limit DOM
/// depth too).
const MAX_DEPTH: usize = 256;

/// Elements whose text is emphasis.
const EMPHASIS_ELEMENTS: &[&str] = &["b", "em", "i", "strong"];

/// Which open elements bound the search for an element to close implicitly.
type ScopeTest = fn(&Open) -> bool;
/// Which element names an implied end tag closes.
type NameTest = fn(&str) -> bool;

/// What an open element means for the text in it.
#[derive(Clone, Debug)]
struct Open {
    name: String,
    /// Whether it adds emphasis (counted in `Builder::emphasis`).
    emphasis: bool,
    /// Whether it is a footnote (`epub:type="footnote"` …): its blocks are notes.
    note: bool,
    /// For an `ol`: the number of its next item.
    next_number: i64,
}

impl Open {
    /// Whether it starts and ends blocks.
    fn is_block(&self) -> bool {
        self.note || is_block(&self.name)
    }
}

fn is_block(name: &str) -> bool {
    BLOCK_ELEMENTS.contains(&name)
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// The kind a block gets from the elements around it: a heading wins, else the innermost
/// list item or note.
fn kind_of(stack: &[Open]) -> BlockKind {
    let mut kind = BlockKind::Paragraph;
    for open in stack.iter().rev() {
        match open.name.as_str() {
            "h1" | "h2" => return BlockKind::Heading(2),
            "h3" | "h4" | "h5" | "h6" => return BlockKind::Heading(3),
            "li" if kind == BlockKind::Paragraph => kind = BlockKind::ListItem,
            "blockquote" if kind == BlockKind::Paragraph => kind = BlockKind::Note,
            _ if open.note && kind == BlockKind::Paragraph => kind = BlockKind::Note,
            _ => {}
        }
    }
    kind
}

/// Reads XHTML into blocks; `stylesheet` gives the CSS text of a `<link href>` as written in
/// the document (the caller resolves and reads it), or `None`.
pub(crate) fn read(source: &str, stylesheet: &mut dyn FnMut(&str) -> Option<String>) -> Content {
    let mut builder = Builder::default();
    let source = mend_lone_brackets(source);
    let mut tokens = Tokens::new(&source);
    while let Some((token, line)) = tokens.next() {
        match token {
            Token::Start(tag) => {
                if tag.name == "link" && tag.has_word("rel", "stylesheet") {
                    if let Some(css) = tag.attribute("href").and_then(&mut *stylesheet) {
                        builder.styles.add_sheet(&css);
                    }
                }
                let effect = builder.styles.effect(&tag);
                if DROPPED_ELEMENTS.contains(&tag.name.as_str())
                    || effect.hidden == Some(true)
                    || is_page_break(&tag)
                {
                    let css = skip(&mut tokens, &tag);
                    if tag.name == "style" {
                        builder.styles.add_sheet(&css);
                    }
                    builder.note_anchor(&tag);
                    continue;
                }
                builder.start(tag, effect.emphasis, line);
            }
            Token::End(name) => builder.end(&name),
            Token::Text(text) => builder.text(&text, line),
        }
    }
    builder.finish()
}

/// Whether an image's alt text is worth reading: not blank, and not just a file name
/// (`iBooksMath1.png`, what converters fill in when the author wrote none).
fn says_something(alt: &str) -> bool {
    let alt = alt.trim();
    let file_name = !alt.contains(char::is_whitespace)
        && alt.rsplit_once('.').is_some_and(|(_, extension)| {
            let extension = extension.to_ascii_lowercase();
            ["bmp", "gif", "jpeg", "jpg", "png", "svg", "webp"].contains(&extension.as_str())
        });
    !alt.is_empty() && !file_name
}

/// Whether `tag` marks where a page of the print edition began (`<span epub:type="pagebreak"
/// title="169">169</span>`): a number that only navigated.
fn is_page_break(tag: &Tag) -> bool {
    tag.has_word("epub:type", "pagebreak") || tag.has_word("role", "doc-pagebreak")
}

/// Skips the content of `tag` (already read); returns its text (a `<style>`'s CSS).
fn skip(tokens: &mut Tokens<'_>, tag: &Tag) -> String {
    let mut text = String::new();
    if tag.empty || VOID_ELEMENTS.contains(&tag.name.as_str()) {
        return text;
    }
    let mut depth = 1usize;
    for (token, _) in tokens.by_ref() {
        match token {
            Token::Start(inner) if inner.name == tag.name && !inner.empty => depth += 1,
            Token::End(name) if name == tag.name => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Token::Text(t) => text.push_str(&t),
            _ => {}
        }
    }
    text
}

/// Builds the blocks of one document from its tokens.
#[derive(Default)]
struct Builder {
    styles: Styles,
    stack: Vec<Open>,
    /// How many open elements add emphasis.
    emphasis: usize,
    /// The block being collected, with its kind and prefix, once it has one.
    current: BlockText,
    current_kind: Option<(BlockKind, String)>,
    /// The marker an `li` puts before its first block.
    marker: Option<String>,
    /// How many `pre` elements are open: their line breaks end lines.
    pre: usize,
    /// The text of an open `rt`, and its line.
    annotation: Option<(String, usize)>,
    content: Content,
}

impl Builder {
    /// Opens `tag`; `css_emphasis` is what the stylesheets say about its emphasis.
    fn start(&mut self, tag: Tag, css_emphasis: Option<bool>, line: usize) {
        let name = tag.name.clone();
        if is_block(&name) {
            self.close_implied(&name);
            self.flush();
        }
        self.note_anchor(&tag);
        match name.as_str() {
            "br" => {
                if matches!(kind_of(&self.stack), BlockKind::Heading(_)) {
                    // An ideographic space after Chinese, where an ASCII one would vanish.
                    // Several line breaks make one space.
                    let space = match self.current.last_char() {
                        Some(c) if c.is_whitespace() => None,
                        Some(c) if is_wide(c) => Some("\u{3000}"),
                        _ => Some(" "),
                    };
                    if let Some(space) = space {
                        self.text(space, line);
                    }
                } else {
                    self.flush();
                }
            }
            "img" => {
                if let Some(alt) = tag.attribute("alt").filter(|alt| says_something(alt)) {
                    self.text(alt, line);
                }
            }
            "rt" => {
                self.close_annotation();
                self.annotation = Some((String::new(), line));
            }
            _ => {}
        }
        // Past the depth limit an element is read as if it were not there (its text stays), so
        // that no step costs more than the limit: the reader stays linear in its input.
        if tag.empty || VOID_ELEMENTS.contains(&name.as_str()) || self.stack.len() >= MAX_DEPTH {
            return;
        }
        let emphasis = css_emphasis.unwrap_or(EMPHASIS_ELEMENTS.contains(&name.as_str()));
        let is_note = NOTE_TYPES
            .iter()
            .any(|word| tag.has_word("epub:type", word));
        self.pre += usize::from(name == "pre");
        if name == "li" {
            self.marker = Some(self.list_marker(&tag));
        }
        self.emphasis += usize::from(emphasis);
        let next_number = tag
            .attribute("start")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        self.stack.push(Open {
            name,
            emphasis,
            note: is_note,
            next_number,
        });
    }

    /// The marker of a new `li`: `• `, or the number of its `ol`, after its nesting indent.
    fn list_marker(&mut self, tag: &Tag) -> String {
        let lists = self
            .stack
            .iter()
            .filter(|o| o.name == "ul" || o.name == "ol")
            .count();
        let indent = "\u{3000}".repeat(lists.saturating_sub(1));
        let list = self
            .stack
            .iter_mut()
            .rev()
            .find(|o| o.name == "ul" || o.name == "ol");
        match list {
            Some(ol) if ol.name == "ol" => {
                if let Some(value) = tag.attribute("value").and_then(|v| v.trim().parse().ok()) {
                    ol.next_number = value;
                }
                let number = ol.next_number;
                ol.next_number = number.saturating_add(1);
                format!("{indent}{number}. ")
            }
            _ => format!("{indent}• "),
        }
    }

    /// Records an `id` (or `a name`) at the current block.
    fn note_anchor(&mut self, tag: &Tag) {
        let at = self.content.blocks.len();
        for key in ["id", "name"] {
            if key == "name" && tag.name != "a" {
                continue;
            }
            if let Some(id) = tag.attribute(key).filter(|id| !id.is_empty()) {
                self.content.anchors.entry(id.to_string()).or_insert(at);
            }
        }
    }

    /// Mends malformed nesting before the block-level element `name` opens: an `li` closes
    /// the open `li` of its list, a `dt`/`dd` the open `dt`/`dd`, and other block elements an
    /// open `p` (a heading also an open heading), with the inline elements opened in them.
    fn close_implied(&mut self, name: &str) {
        let (scope, closes): (ScopeTest, NameTest) = match name {
            "li" => (
                |o| matches!(o.name.as_str(), "li" | "ul" | "ol"),
                |n| n == "li",
            ),
            "dt" | "dd" => (
                |o| matches!(o.name.as_str(), "dt" | "dd" | "dl"),
                |n| n == "dt" || n == "dd",
            ),
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "caption" | "body" | "html" => {
                return
            }
            _ if is_heading(name) => (Open::is_block, |n| n == "p" || is_heading(n)),
            _ => (Open::is_block, |n| n == "p"),
        };
        let innermost = self.stack.iter().rposition(scope);
        if let Some(at) = innermost {
            if self.stack.get(at).is_some_and(|open| closes(&open.name)) {
                self.pop_to(at);
            }
        }
    }

    fn end(&mut self, name: &str) {
        if let Some(at) = self.stack.iter().rposition(|open| open.name == name) {
            self.pop_to(at);
        }
    }

    /// Pops the stack down to (and including) index `at`.
    fn pop_to(&mut self, at: usize) {
        while self.stack.len() > at {
            let Some(open) = self.stack.pop() else { break };
            if open.is_block() {
                self.flush();
            }
            self.emphasis -= usize::from(open.emphasis);
            self.pre -= usize::from(open.name == "pre");
            match open.name.as_str() {
                "rt" | "ruby" => self.close_annotation(),
                "li" => self.marker = None,
                _ => {}
            }
        }
    }

    fn text(&mut self, text: &str, line: usize) {
        if let Some((annotation, _)) = self.annotation.as_mut() {
            annotation.push_str(text);
            return;
        }
        if self.pre > 0 && text.contains('\n') {
            // Each line of preformatted text is a block. `line` is that of the first visible
            // character; the text's own first line is as many lines up as it starts with.
            let leading = text.len() - text.trim_start().len();
            let first = line.saturating_sub(
                text.get(..leading)
                    .unwrap_or_default()
                    .matches('\n')
                    .count(),
            );
            for (i, piece) in text.split('\n').enumerate() {
                if i > 0 {
                    self.flush();
                }
                self.push_text(piece, first + i);
            }
            return;
        }
        self.push_text(text, line);
    }

    fn push_text(&mut self, text: &str, line: usize) {
        let starts_block = !self.current.has_text();
        self.current.push(text, self.emphasis > 0, line);
        if starts_block && self.current.has_text() && self.current_kind.is_none() {
            let kind = kind_of(&self.stack);
            let prefix = match kind {
                BlockKind::ListItem => self.marker.take().unwrap_or_else(|| self.list_indent()),
                _ => String::new(),
            };
            self.current_kind = Some((kind, prefix));
        }
    }

    /// The nesting indent of a list item's continuation block (no marker).
    fn list_indent(&self) -> String {
        let lists = self
            .stack
            .iter()
            .filter(|o| o.name == "ul" || o.name == "ol")
            .count();
        "\u{3000}".repeat(lists.saturating_sub(1))
    }

    /// Ends an open `rt`: its text, if any, goes in parentheses after the base.
    fn close_annotation(&mut self) {
        let Some((annotation, line)) = self.annotation.take() else {
            return;
        };
        let trimmed = annotation.trim();
        if !trimmed.is_empty() {
            self.text(&format!("（{trimmed}）"), line);
        }
    }

    /// Ends the current block.
    fn flush(&mut self) {
        self.close_annotation();
        let text = std::mem::take(&mut self.current);
        let Some((kind, prefix)) = self.current_kind.take() else {
            return;
        };
        let Some(Finished {
            text,
            mut emphasis,
            line,
        }) = text.finish(&prefix)
        else {
            return;
        };
        if matches!(kind, BlockKind::Heading(_)) && covers_all(&emphasis, &text) {
            emphasis.clear();
        }
        self.content.blocks.push(Block {
            kind,
            text,
            emphasis,
            line,
            part: 0,
        });
    }

    fn finish(mut self) -> Content {
        self.pop_to(0);
        self.flush();
        self.content
    }
}

#[cfg(test)]
#[path = "content_tests.rs"]
mod tests;
