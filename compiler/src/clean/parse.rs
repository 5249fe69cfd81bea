//! Block structure: pulldown-cmark (CommonMark with GFM tables, strikethrough, footnotes, task
//! lists, wikilinks and YAML front matter) read into raw blocks, each holding its inline
//! stream. Only structure is decided here; what each block shows is left to the inline passes.
//!
//! Rules:
//! - Paragraphs, headings (level 1–6 as written) and block quotes' paragraphs become blocks; a
//!   quote is read as its paragraphs (the model has no quote style, and a note is a citation).
//! - A list item becomes a block per paragraph; the first carries the item's marker `• ` (or
//!   `□ `/`▣ ` for an open/done task, `3. ` for an ordered item, `3. ▣ ` for an ordered task),
//!   and items nested `n` levels deep start with `n` ideographic spaces (U+3000). The task
//!   boxes are U+25A1 and U+25A3 because the book face, Noto Sans CJK SC, has no ☐ ☑ (U+2610,
//!   U+2611).
//! - A code block gives one meta block per non-empty line (set without indent); a code span
//!   gives its text.
//! - A table gives one block per body row in its reading form (see [`super::table`]).
//! - An HTML block gives its text (see [`super::html`]); a thematic break gives nothing.
//! - A footnote definition's paragraphs are notes, placed by [`super`] at the end of the
//!   section that first refers to them.
//! - Images are marked where they stand (a list item that starts with one is an image
//!   credit, see [`super`]) and never show their alt text.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::html;
use super::inline::{push_text, Inline, LinkTarget};
use super::table::Table;

/// What the source marks a block as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RawKind {
    /// A heading of level 1 to 6.
    Heading(u8),
    /// Body text (also quoted paragraphs and HTML blocks).
    Paragraph,
    /// A paragraph of a list item.
    ListItem,
    /// A line of a code block.
    CodeLine,
    /// A row of a table.
    TableRow,
    /// A paragraph of a footnote definition.
    Footnote,
}

/// One block before its inline passes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawBlock {
    /// What the source marks it as.
    pub kind: RawKind,
    /// The list marker and nesting indent to put before the text (empty outside lists).
    pub prefix: String,
    /// Its inline stream.
    pub inlines: Vec<Inline>,
    /// The source byte the block starts at (its line when it shows no character).
    pub start: usize,
    /// The label of the footnote definition it belongs to.
    pub footnote: Option<String>,
}

/// The parsed source: the YAML front matter's text, if the file opens with one, and blocks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Parsed {
    /// The text between the front matter's `---` lines.
    pub front_matter: Option<String>,
    /// The blocks in source order.
    pub blocks: Vec<RawBlock>,
}

/// The Markdown dialect read: CommonMark plus GFM and MediaWiki-style `[[wikilinks]]`.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_WIKILINKS
}

/// Parses `source` into raw blocks.
pub(crate) fn parse(source: &str) -> Parsed {
    let mut builder = Builder {
        source,
        ..Builder::default()
    };
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        builder.event(event, range);
    }
    builder.close();
    Parsed {
        front_matter: builder.front_matter,
        blocks: builder.blocks,
    }
}

/// An open list: the number of its next item (`None` for bullets).
#[derive(Clone, Copy, Debug)]
struct List {
    next: Option<u64>,
}

/// What is being read that is not a block of its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Context {
    #[default]
    Flow,
    /// Inside an image's alt text, this many images deep.
    Image(usize),
    CodeBlock,
    HtmlBlock,
    FrontMatter,
}

#[derive(Debug, Default)]
struct Builder<'a> {
    source: &'a str,
    blocks: Vec<RawBlock>,
    current: Option<RawBlock>,
    context: Context,
    lists: Vec<List>,
    /// The marker for the next block of the current list item.
    marker: Option<String>,
    footnote: Option<String>,
    front_matter: Option<String>,
    html: Option<(String, usize)>,
    table: Option<Table>,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match self.context {
            Context::Image(depth) => {
                self.context = match event {
                    Event::Start(Tag::Image { .. }) => Context::Image(depth + 1),
                    Event::End(TagEnd::Image) if depth <= 1 => Context::Flow,
                    Event::End(TagEnd::Image) => Context::Image(depth - 1),
                    _ => Context::Image(depth),
                };
                return;
            }
            Context::CodeBlock => return self.code_event(event, range),
            Context::HtmlBlock => return self.html_event(event, range),
            Context::FrontMatter => return self.front_matter_event(event),
            Context::Flow => {}
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                let source = self.source;
                push_text(self.sink(range.start), source, &text, range);
            }
            Event::Code(text) => {
                let source = self.source;
                let sink = self.sink(range.start);
                sink.push(Inline::CodeStart);
                let inner = range.start + 1..range.end.saturating_sub(1);
                push_text(sink, source, &text, inner);
                sink.push(Inline::CodeEnd);
            }
            Event::Html(text) | Event::InlineHtml(text) => {
                self.sink(range.start)
                    .push(Inline::Html(text.into_string(), range.start));
            }
            Event::FootnoteReference(label) => {
                self.sink(range.start)
                    .push(Inline::FootnoteRef(label.into_string()));
            }
            Event::SoftBreak => self.sink(range.start).push(Inline::SoftBreak(range.start)),
            Event::HardBreak => self.sink(range.start).push(Inline::LineEnd),
            Event::Rule => self.close(),
            Event::TaskListMarker(done) => self.task_marker(done),
            Event::InlineMath(text) | Event::DisplayMath(text) => {
                let source = self.source;
                push_text(self.sink(range.start), source, &text, range);
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                let kind = self.flow_kind();
                self.open(kind, range.start);
            }
            Tag::Heading { level, .. } => self.open(RawKind::Heading(level as u8), range.start),
            Tag::CodeBlock(_) => {
                self.close();
                self.context = Context::CodeBlock;
            }
            Tag::HtmlBlock => {
                self.close();
                self.context = Context::HtmlBlock;
                self.html = Some((String::new(), range.start));
            }
            Tag::MetadataBlock(_) => {
                self.close();
                self.context = Context::FrontMatter;
                if range.start == 0 {
                    self.front_matter = Some(String::new());
                }
            }
            Tag::List(first) => {
                self.close();
                self.lists.push(List { next: first });
            }
            Tag::Item => {
                self.close();
                let depth = self.lists.len().saturating_sub(1);
                let mut marker = "\u{3000}".repeat(depth);
                match self.lists.last_mut().and_then(|list| list.next.as_mut()) {
                    Some(number) => {
                        marker.push_str(&format!("{number}. "));
                        *number = number.saturating_add(1);
                    }
                    None => marker.push_str("• "),
                }
                self.marker = Some(marker);
            }
            Tag::FootnoteDefinition(label) => {
                self.close();
                self.footnote = Some(label.into_string());
            }
            Tag::Table(_) => {
                self.close();
                self.table = Some(Table::default());
            }
            Tag::TableHead => self.with_table(|t| t.in_head = true),
            Tag::TableRow => self.with_table(|t| t.row_start = range.start),
            Tag::TableCell => {}
            Tag::Strong => self.sink(range.start).push(Inline::Strong(true)),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let target = LinkTarget {
                    url: dest_url.into_string(),
                    title: title.into_string(),
                    wikilink: matches!(link_type, LinkType::WikiLink { .. }),
                };
                self.sink(range.start)
                    .push(Inline::LinkStart(Box::new(target)));
            }
            Tag::Image { .. } => {
                self.sink(range.start).push(Inline::Image(range.start));
                self.context = Context::Image(1);
            }
            Tag::BlockQuote(_)
            | Tag::Emphasis
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item => self.close(),
            TagEnd::List(_) => {
                self.close();
                self.lists.pop();
            }
            TagEnd::FootnoteDefinition => {
                self.close();
                self.footnote = None;
            }
            TagEnd::Strong => self.sink(0).push(Inline::Strong(false)),
            TagEnd::Link => self.sink(0).push(Inline::LinkEnd),
            TagEnd::TableCell => self.with_table(|t| {
                let cell = std::mem::take(&mut t.cell);
                t.row.push(cell);
            }),
            TagEnd::TableHead => self.with_table(|t| {
                t.head = std::mem::take(&mut t.row);
                t.in_head = false;
            }),
            TagEnd::TableRow => self.table_row(),
            TagEnd::Table => self.table_end(),
            _ => {}
        }
    }

    /// The kind of a paragraph opening here.
    fn flow_kind(&self) -> RawKind {
        if self.footnote.is_some() {
            RawKind::Footnote
        } else if self.lists.is_empty() {
            RawKind::Paragraph
        } else {
            RawKind::ListItem
        }
    }

    fn open(&mut self, kind: RawKind, start: usize) {
        self.close();
        let prefix = if kind == RawKind::ListItem {
            let depth = self.lists.len().saturating_sub(1);
            self.marker
                .take()
                .unwrap_or_else(|| "\u{3000}".repeat(depth))
        } else {
            String::new()
        };
        self.current = Some(RawBlock {
            kind,
            prefix,
            inlines: Vec::new(),
            start,
            footnote: self.footnote.clone(),
        });
    }

    fn close(&mut self) {
        if let Some(block) = self.current.take() {
            self.blocks.push(block);
        }
    }

    /// Where inline content at source byte `at` goes: the open table cell, else the open block
    /// (a tight list item's text opens one).
    fn sink(&mut self, at: usize) -> &mut Vec<Inline> {
        let kind = self.flow_kind();
        if self.table.is_none() && self.current.is_none() {
            self.open(kind, at);
        }
        let footnote = self.footnote.clone();
        match (&mut self.table, &mut self.current) {
            (Some(table), _) => &mut table.cell,
            (None, current) => {
                let block = current.get_or_insert_with(|| RawBlock {
                    kind,
                    prefix: String::new(),
                    inlines: Vec::new(),
                    start: at,
                    footnote,
                });
                &mut block.inlines
            }
        }
    }

    fn task_marker(&mut self, done: bool) {
        let box_mark = if done { "▣ " } else { "□ " };
        // In a loose list the item's paragraph has already taken the marker.
        let open_item = self
            .current
            .as_mut()
            .filter(|b| b.kind == RawKind::ListItem && b.inlines.is_empty())
            .map(|b| &mut b.prefix);
        if let Some(marker) = self.marker.as_mut().or(open_item) {
            match marker.strip_suffix("• ") {
                Some(indent) => *marker = format!("{indent}{box_mark}"),
                None => marker.push_str(box_mark),
            }
        }
    }

    fn with_table(&mut self, f: impl FnOnce(&mut Table)) {
        if let Some(table) = self.table.as_mut() {
            f(table);
        }
    }

    fn table_row(&mut self) {
        if let Some((inlines, start)) = self.table.as_mut().map(Table::body_row) {
            self.push_row(inlines, start);
        }
    }

    fn table_end(&mut self) {
        if let Some((inlines, start)) = self.table.take().and_then(Table::header_only) {
            self.push_row(inlines, start);
        }
    }

    fn push_row(&mut self, inlines: Vec<Inline>, start: usize) {
        self.blocks.push(RawBlock {
            kind: RawKind::TableRow,
            prefix: String::new(),
            inlines,
            start,
            footnote: self.footnote.clone(),
        });
    }

    fn code_event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Text(text) => {
                let mut offset = range.start;
                for line in text.split_inclusive('\n') {
                    let content = line.trim_end_matches(['\n', '\r']);
                    if !content.trim().is_empty() {
                        // Marked as code, so that its text is shown as written.
                        let mut inlines = vec![Inline::CodeStart];
                        push_text(
                            &mut inlines,
                            self.source,
                            content,
                            offset..offset + content.len(),
                        );
                        inlines.push(Inline::CodeEnd);
                        self.blocks.push(RawBlock {
                            kind: RawKind::CodeLine,
                            prefix: String::new(),
                            inlines,
                            start: offset,
                            footnote: self.footnote.clone(),
                        });
                    }
                    offset += line.len();
                }
            }
            Event::End(TagEnd::CodeBlock) => self.context = Context::Flow,
            _ => {}
        }
    }

    fn html_event(&mut self, event: Event<'_>, _range: Range<usize>) {
        match event {
            Event::Html(text) | Event::Text(text) => {
                if let Some((raw, _)) = self.html.as_mut() {
                    raw.push_str(&text);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                self.context = Context::Flow;
                if let Some((raw, start)) = self.html.take() {
                    let inlines = html::block_text(&raw, start);
                    let kind = self.flow_kind();
                    self.open(kind, start);
                    if let Some(block) = self.current.as_mut() {
                        block.inlines = inlines;
                    }
                    self.close();
                }
            }
            _ => {}
        }
    }

    fn front_matter_event(&mut self, event: Event<'_>) {
        match event {
            Event::Text(text) => {
                if let Some(front) = self.front_matter.as_mut() {
                    front.push_str(&text);
                }
            }
            Event::End(TagEnd::MetadataBlock(_)) => self.context = Context::Flow,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kind, prefix and visible characters of each block.
    fn blocks_of(source: &str) -> Vec<(RawKind, String, String)> {
        parse(source)
            .blocks
            .into_iter()
            .map(|b| {
                let text = b.inlines.iter().filter_map(Inline::char).collect();
                (b.kind, b.prefix, text)
            })
            .collect()
    }

    fn block(kind: RawKind, prefix: &str, text: &str) -> (RawKind, String, String) {
        (kind, prefix.to_owned(), text.to_owned())
    }

    #[test]
    fn headings_paragraphs_and_quotes() {
        // News lines 6-8 and a quote.
        let source = "## 歷史\n\n#### **整理报道：文泓**\n\n标题\n===\n\n> 引文\n> 续\n\n***\n";
        assert_eq!(
            blocks_of(source),
            vec![
                block(RawKind::Heading(2), "", "歷史"),
                block(RawKind::Heading(4), "", "整理报道：文泓"),
                block(RawKind::Heading(1), "", "标题"),
                block(RawKind::Paragraph, "", "引文续"),
            ]
        );
    }

    #[test]
    fn list_markers_numbers_tasks_and_nesting() {
        let source = "- 甲\n  - 乙\n\n  续\n- [x] 丙\n\n7. 丁\n8. [ ] 戊\n";
        assert_eq!(
            blocks_of(source),
            vec![
                block(RawKind::ListItem, "• ", "甲"),
                block(RawKind::ListItem, "\u{3000}• ", "乙"),
                // A paragraph of the first item (two spaces in), without a marker.
                block(RawKind::ListItem, "", "续"),
                block(RawKind::ListItem, "▣ ", "丙"),
                block(RawKind::ListItem, "7. ", "丁"),
                block(RawKind::ListItem, "8. □ ", "戊"),
            ]
        );
        // The wiki's empty stubs are items without text.
        assert_eq!(blocks_of("1.\n2.\n"), vec![]);
    }

    #[test]
    fn code_lines_front_matter_and_footnotes() {
        let source = "---\ntitle: 题\n---\n\n```\na()\n\nb\n```\n\n正文[^n]\n\n[^n]: 注。\n";
        let parsed = parse(source);
        assert_eq!(parsed.front_matter.as_deref(), Some("title: 题\n"));
        let kinds: Vec<RawKind> = parsed.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![
                RawKind::CodeLine,
                RawKind::CodeLine,
                RawKind::Paragraph,
                RawKind::Footnote
            ]
        );
        assert_eq!(parsed.blocks[1].start, source.find("b\n").unwrap());
        assert_eq!(parsed.blocks[3].footnote.as_deref(), Some("n"));
        assert!(parsed.blocks[2]
            .inlines
            .contains(&Inline::FootnoteRef("n".into())));
        // A front matter later in the file is not one.
        assert_eq!(parse("正文\n\n---\ntitle: x\n---\n").front_matter, None);
    }

    #[test]
    fn images_never_show_their_alt_text() {
        let parsed = parse("![替代 ![内](b.png) 文字](a.png)后\n");
        let text: String = parsed.blocks[0]
            .inlines
            .iter()
            .filter_map(Inline::char)
            .collect();
        assert_eq!(text, "后");
        assert_eq!(parsed.blocks[0].inlines.first(), Some(&Inline::Image(0)));
    }
}
