//! The list screens: library, contents, bookmarks, and the menus (a menu is a list of fixed
//! rows). One drawer sets them all; each screen only says what a row holds.

use super::chrome::{fill, label, span, Chrome, Label, Words, OFF, ON};
use crate::format::{Block, BlockKind, Library};
use crate::layout::TextStyle;
use crate::render::GlyphCanvas;
use crate::ui::screen::{BookmarkRow, ListView, MenuView};
use crate::ui::{strings, LibraryBooks, Ui};
use embedded_graphics::prelude::{Point, Size};

/// What one row shows: `lead` then `words` from the left, `trail` at the right.
pub struct Row<'a> {
    /// A short label before the text (a page number).
    pub lead: Label,
    /// The row's text.
    pub words: Words<'a>,
    /// Right-aligned: a page number, a value, progress.
    pub trail: Label,
    /// Extra indent of the text, px (sub-headings).
    pub indent: i32,
    /// A bar at the row's left: the open book, the section being read.
    pub marked: bool,
}

impl<'a> Row<'a> {
    /// A row showing `words` only.
    pub fn new(words: Words<'a>) -> Self {
        Row {
            lead: Label::new(),
            words,
            trail: Label::new(),
            indent: 0,
            marked: false,
        }
    }
}

/// Width of the mark bar and the gap after it, px.
const MARK: i32 = 6;

/// Draws the heading of `list` and the screenful of rows holding its highlight; `row_of`
/// gives each row's content.
pub fn draw_list<'a, C: GlyphCanvas>(
    canvas: &mut C,
    chrome: &Chrome<'_, 'a>,
    list: ListView,
    mut row_of: impl FnMut(u16) -> Option<Row<'a>>,
) -> Result<(), C::Error> {
    let aside = match list.len {
        0 => Label::new(),
        len => label(format_args!("{}/{}", list.selected + 1, len)),
    };
    let top = chrome.heading(canvas, Words::Str(list.title), &aside)?;
    let pitch = chrome.row_pitch();
    let (left, right) = chrome.edges();
    for (slot, index) in list.window(chrome.rows_below(top)).enumerate() {
        let Some(row) = row_of(index) else { continue };
        let row_top = top + i32::try_from(slot).unwrap_or(0) * pitch;
        let selected = index == list.selected;
        let ink = if selected {
            fill(
                canvas,
                Point::new(left, row_top),
                Size::new(span(left, right), span(0, pitch)),
                ON,
            )?;
            OFF
        } else {
            ON
        };
        if row.marked {
            let bar = Size::new(3, span(0, pitch - 6));
            fill(canvas, Point::new(left + 1, row_top + 3), bar, ink)?;
        }
        let baseline = chrome.row_baseline(row_top);
        let pad = chrome.em() / 4;
        let trail_width = chrome.width(TextStyle::Body, Words::Str(&row.trail));
        let trail_x = right - pad - trail_width;
        chrome.set(
            canvas,
            TextStyle::Body,
            Words::Str(&row.trail),
            (trail_x, baseline),
            right,
            ink,
        )?;
        let text_right = trail_x - chrome.em() / 2;
        let mut x = left + MARK + row.indent;
        x = chrome.set(
            canvas,
            TextStyle::Body,
            Words::Str(&row.lead),
            (x, baseline),
            text_right,
            ink,
        )?;
        chrome.set(
            canvas,
            TextStyle::Body,
            row.words,
            (x, baseline),
            text_right,
            ink,
        )?;
    }
    Ok(())
}

/// The library: each book's title, and its progress (page / pages) or its length if unread.
pub fn library<C: GlyphCanvas>(
    canvas: &mut C,
    chrome: &Chrome<'_, '_>,
    list: ListView,
    ui: &Ui,
    books: &mut LibraryBooks<'_, '_>,
) -> Result<(), C::Error> {
    let rendition = ui.state().settings.rendition;
    draw_list(canvas, chrome, list, |index| {
        let entry = ui.library_row(index, books)?;
        let title = books.title(entry.book, rendition)?;
        let (library, _) = books.locate(entry.book)?;
        let trail = match entry.progress {
            None => label(format_args!("-")),
            Some(progress) if entry.started => {
                label(format_args!("{}/{}", progress.page + 1, progress.pages))
            }
            Some(progress) => label(format_args!(
                "{}{}{}",
                strings::TOTAL_BEFORE,
                progress.pages,
                strings::PAGES
            )),
        };
        Some(Row {
            trail,
            marked: entry.open,
            ..Row::new(Words::Text(title, 0, library))
        })
    })
}

/// Block `block` of the open book, and the library whose glyphs set it.
fn open_block<'a>(books: &LibraryBooks<'a, '_>, block: u16) -> Option<(Block<'a>, Library<'a>)> {
    Some((
        books.open_rendition()?.block(block)?,
        *books.open_library()?,
    ))
}

/// The table of contents: headings (level 3 indented) with their pages; the section being
/// read is marked.
pub fn contents<C: GlyphCanvas>(
    canvas: &mut C,
    chrome: &Chrome<'_, '_>,
    list: ListView,
    ui: &Ui,
    books: &LibraryBooks<'_, '_>,
) -> Result<(), C::Error> {
    draw_list(canvas, chrome, list, |index| {
        let entry = ui.contents_row(index, books)?;
        let (block, library) = open_block(books, entry.position.block)?;
        let indent = match block.kind() {
            BlockKind::Heading3 => chrome.em(),
            _ => 0,
        };
        Some(Row {
            trail: match entry.page {
                Some(page) => label(format_args!("{}", page + 1)),
                None => label(format_args!("")),
            },
            indent,
            marked: entry.current,
            ..Row::new(Words::Text(block.text(), 0, library))
        })
    })
}

/// The bookmarks: the add/remove action, then each bookmark's page and the text it points at.
pub fn bookmarks<C: GlyphCanvas>(
    canvas: &mut C,
    chrome: &Chrome<'_, '_>,
    list: ListView,
    ui: &Ui,
    books: &LibraryBooks<'_, '_>,
) -> Result<(), C::Error> {
    draw_list(canvas, chrome, list, |index| {
        match ui.bookmark_row(index, books)? {
            BookmarkRow::Mark { position, page } => {
                let (block, library) = open_block(books, position.block)?;
                let lead = match page {
                    Some(page) => label(format_args!(
                        "{}{}{} ",
                        strings::PAGE_BEFORE,
                        page + 1,
                        strings::PAGES
                    )),
                    None => label(format_args!("")),
                };
                Some(Row {
                    lead,
                    ..Row::new(Words::Text(block.text(), position.offset, library))
                })
            }
            action => Some(Row::new(Words::Str(action.label()?))),
        }
    })?;
    if list.len <= 1 {
        // Only the action row: say there are none yet, under it.
        let top = chrome.heading_bottom() + 2 * chrome.row_pitch();
        let (left, right) = chrome.edges();
        let baseline = chrome.row_baseline(top);
        let words = Words::Str(strings::NO_BOOKMARKS);
        chrome.set(
            canvas,
            TextStyle::Body,
            words,
            (left + MARK, baseline),
            right,
            ON,
        )?;
    }
    Ok(())
}

/// A menu, or the settings with each value at the right.
pub fn menu<C: GlyphCanvas>(
    canvas: &mut C,
    chrome: &Chrome<'_, '_>,
    menu: &MenuView,
) -> Result<(), C::Error> {
    let list = ListView {
        title: menu.title,
        len: u16::try_from(menu.items.len()).unwrap_or(0),
        selected: u16::from(menu.selected),
    };
    draw_list(canvas, chrome, list, |index| {
        let item = menu.items.get(usize::from(index))?;
        let trail = match item.value {
            Some(value) => label(format_args!("{value}")),
            None => Label::new(),
        };
        Some(Row {
            trail,
            ..Row::new(Words::Str(item.label))
        })
    })
}
