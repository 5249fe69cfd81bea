//! Pipe tables in a reading form: the page has no columns, so each body row becomes one block.
//!
//! Rules:
//! - A body row reads `表头：值；表头：值` — each cell after its column's header and `：`, the
//!   cells joined by `；`. The header row itself is not repeated.
//! - A cell that shows nothing is left out with its header; a cell under an empty header gives
//!   its value alone (`|   | 2020 |` over `| 人口 | 1900万 |` reads `人口；2020：1900万`).
//! - A table with no body rows gives its header row, cells joined by `；`.
//! - Bold in a cell stays bold; the header's characters are placed at the row's source line,
//!   so each block starts on its own row's line.

use super::inline::Inline;

/// A table being read: its header cells, the row and cell open now.
#[derive(Debug, Default)]
pub(crate) struct Table {
    /// Whether the header row is being read.
    pub in_head: bool,
    /// The header's cells.
    pub head: Vec<Vec<Inline>>,
    /// The cells of the row being read.
    pub row: Vec<Vec<Inline>>,
    /// The tokens of the cell being read.
    pub cell: Vec<Inline>,
    /// The source byte the row being read starts at.
    pub row_start: usize,
    body_rows: usize,
}

impl Table {
    /// Ends the body row being read: its reading form and its source byte.
    pub fn body_row(&mut self) -> (Vec<Inline>, usize) {
        let cells = std::mem::take(&mut self.row);
        self.body_rows += 1;
        let at = self.row_start;
        let mut inlines = Vec::new();
        for (index, cell) in cells.into_iter().enumerate() {
            if !has_text(&cell) {
                continue;
            }
            if !inlines.is_empty() {
                inlines.push(Inline::Char('；', at));
            }
            if let Some(header) = self.head.get(index).filter(|h| has_text(h)) {
                inlines.extend(header.iter().filter_map(|token| match token {
                    Inline::Char(c, _) => Some(Inline::Char(*c, at)),
                    Inline::Space | Inline::SoftBreak(_) => Some(Inline::Space),
                    _ => None,
                }));
                inlines.push(Inline::Char('：', at));
            }
            inlines.extend(cell);
        }
        (inlines, at)
    }

    /// At the table's end: the header row's reading form if there were no body rows.
    pub fn header_only(self) -> Option<(Vec<Inline>, usize)> {
        if self.body_rows > 0 {
            return None;
        }
        let at = self.row_start;
        let mut inlines = Vec::new();
        for cell in self.head.into_iter().filter(|c| has_text(c)) {
            if !inlines.is_empty() {
                inlines.push(Inline::Char('；', at));
            }
            inlines.extend(cell);
        }
        Some((inlines, at))
    }
}

/// Whether a cell shows any character.
fn has_text(cell: &[Inline]) -> bool {
    cell.iter().any(|token| token.char().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, at: usize) -> Vec<Inline> {
        text.chars().map(|c| Inline::Char(c, at)).collect()
    }

    fn text(inlines: &[Inline]) -> String {
        inlines.iter().filter_map(Inline::char).collect()
    }

    #[test]
    fn body_rows_pair_cells_with_headers() {
        let mut table = Table {
            head: vec![cell("国家", 1), cell("首都", 1), Vec::new()],
            row: vec![cell("中国", 30), Vec::new(), cell("亚洲", 30)],
            row_start: 28,
            ..Table::default()
        };
        let (inlines, at) = table.body_row();
        assert_eq!(text(&inlines), "国家：中国；亚洲");
        assert_eq!(at, 28);
        // The header's characters are placed at the row.
        assert_eq!(inlines.first(), Some(&Inline::Char('国', 28)));
        assert_eq!(table.header_only(), None);
    }

    #[test]
    fn a_header_alone_is_joined() {
        let table = Table {
            head: vec![cell("甲", 0), Vec::new(), cell("乙", 0)],
            ..Table::default()
        };
        let (inlines, _) = table.header_only().unwrap();
        assert_eq!(text(&inlines), "甲；乙");
    }
}
