//! The text export: a book's pages as lists of line strings, in JSON (`std` only).
//!
//! The lines come from the same line breaker that draws the pages (through the layout's
//! `TextExport` sink), so what is exported is what is drawn. A paragraph's 2-em indent is
//! written as two U+3000; spaces a line break consumed are not written.

use std::string::String;

use crate::format::Text;
use crate::layout::{Fonts, Layout, PageIndex, Source, TextExport};

/// `{"book": N, "title": "…", "pages": [["line", …], …]}` for the book numbered `book`
/// (from 1, in library order), with every page of `index`.
pub fn book_json<S: Source, F: Fonts>(
    book: usize,
    title: Text<'_>,
    layout: &Layout<'_, S, F>,
    index: &PageIndex<'_>,
) -> String {
    let mut json = format!("{{\"book\": {book}, \"title\": ");
    push_string(&mut json, &title.chars().collect::<String>());
    json.push_str(", \"pages\": [");
    for (number, &start) in index.starts().iter().enumerate() {
        let mut export = TextExport::default();
        layout.lay_out_page(start, &mut export);
        json.push_str(if number == 0 { "\n  [" } else { ",\n  [" });
        for (i, line) in export.lines.iter().enumerate() {
            if i > 0 {
                json.push_str(", ");
            }
            push_string(&mut json, line);
        }
        json.push(']');
    }
    json.push_str("\n]}");
    json
}

/// Appends `text` as a JSON string literal.
fn push_string(json: &mut String, text: &str) {
    json.push('"');
    for c in text.chars() {
        match c {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            '\n' => json.push_str("\\n"),
            c if u32::from(c) < 0x20 => json.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => json.push(c),
        }
    }
    json.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{Library, Script};
    use crate::glyphs::FontSet;
    use crate::layout::LayoutParams;
    use crate::Position;

    #[test]
    fn strings_are_escaped() {
        let mut json = String::new();
        push_string(&mut json, "a\"b\\c\n\u{1}中");
        assert_eq!(json, "\"a\\\"b\\\\c\\n\\u0001中\"");
    }

    #[test]
    fn export_lists_every_page_with_the_indent_as_ideographic_spaces() {
        let library = Library::builtin().unwrap();
        let fonts = FontSet::new(library, 16).unwrap();
        let rendition = library.book(1).unwrap().rendition(Script::Simplified);
        let layout = Layout::try_new(&rendition, &fonts, LayoutParams::new(276, 356)).unwrap();
        let mut buffer = [Position::START; 256];
        let index = PageIndex::build(&layout, &mut buffer).unwrap();
        let json = book_json(2, rendition.title(), &layout, &index);
        assert!(json.starts_with("{\"book\": 2, \"title\": \"中哈关系\", \"pages\": [\n  [\"中哈关系\", \"\u{3000}\u{3000}中哈关系，"), "{}", &json[..200]);
        assert_eq!(json.matches("\n  [").count(), index.len());
        assert!(json.ends_with("]\n]}"));
    }
}
