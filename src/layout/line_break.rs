//! The UAX #14 line-break classes the prohibition levels are defined by, looked up in a table
//! generated from the Unicode Character Database's `LineBreak.txt` (16.0.0, in `data/`).
//!
//! Only the classes a level refers to are kept (see [`LineBreakClass`]); every other code
//! point is [`LineBreakClass::Other`], and [`super::class`] tells those apart by other means
//! (ideograph ranges, `char::is_alphabetic`). The table, `line_break_table.rs`, is written by
//! this file's test `the_generated_table_is_current` from `data/LineBreak.txt`:
//! `MOYE_WRITE_TABLES=1 cargo test --lib layout::line_break` rewrites it, and the test fails
//! whenever the two disagree, so it can never drift from the data.
//!
//! # Cost
//!
//! Each entry is one `u32`: start code point (21 bits), length − 1 (7 bits), class (4 bits).
//! The three blocks Chinese text draws its punctuation from — General Punctuation
//! (U+2000–U+206F), CJK Symbols and Kana (U+3000–U+30FF), Halfwidth and Fullwidth Forms
//! (U+FF00–U+FFEF) — are expanded at compile time into byte tables (0.6 KiB), so the marks of
//! ordinary text cost one index; anything else is a binary search over the ranges (≈ 9 steps).

mod table {
    include!("line_break_table.rs");
}

/// The UAX #14 classes the prohibition levels refer to; all others are [`Other`](Self::Other).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum LineBreakClass {
    /// Any class not listed here (AL, ID, NU, BA, HY, SY, B2, GL, SP, …).
    Other = 0,
    /// OP, opening punctuation `（「《([{¡¿`: never at a line end.
    OpenPunctuation = 1,
    /// CL, closing punctuation `）」》，。、}`: never at a line start.
    ClosePunctuation = 2,
    /// CP, closing parenthesis and bracket `)]`: never at a line start.
    CloseParenthesis = 3,
    /// QU with General_Category Pi, an opening quotation mark `“‘«‹`.
    QuotationInitial = 4,
    /// QU with General_Category Pf, a closing quotation mark `”’»›`.
    QuotationFinal = 5,
    /// EX, exclamation and interrogation `!?！？`.
    Exclamation = 6,
    /// IS, infix separators `,.:;`.
    InfixSeparator = 7,
    /// NS, nonstarters: iteration marks `々〻ゝヽ`, `‼⁇⁈⁉`, `・：；`, `〜゠`.
    Nonstarter = 8,
    /// IN, inseparable characters: the ellipses `…‥⋯︙`.
    Inseparable = 9,
    /// PO, postfix signs `%％‰℃℉°′″¢`.
    Postfix = 10,
    /// PR, prefix signs `$＄¥￥£€±№+`.
    Prefix = 11,
    /// CJ, conditional Japanese starters: small kana `ぁァっッ` and `ー`.
    ConditionalJapaneseStarter = 12,
}

impl LineBreakClass {
    /// Every class, by its number in the table.
    const ALL: [LineBreakClass; 13] = [
        LineBreakClass::Other,
        LineBreakClass::OpenPunctuation,
        LineBreakClass::ClosePunctuation,
        LineBreakClass::CloseParenthesis,
        LineBreakClass::QuotationInitial,
        LineBreakClass::QuotationFinal,
        LineBreakClass::Exclamation,
        LineBreakClass::InfixSeparator,
        LineBreakClass::Nonstarter,
        LineBreakClass::Inseparable,
        LineBreakClass::Postfix,
        LineBreakClass::Prefix,
        LineBreakClass::ConditionalJapaneseStarter,
    ];

    /// The class numbered `number` in the table (`Other` for a number it never holds).
    const fn from_number(number: u32) -> LineBreakClass {
        let index = number as usize;
        if index < LineBreakClass::ALL.len() {
            // In bounds: checked on the line above.
            #[allow(clippy::indexing_slicing)]
            LineBreakClass::ALL[index]
        } else {
            LineBreakClass::Other
        }
    }

    /// The UAX #14 class of `c`, as far as the levels need it.
    #[inline]
    pub fn of(c: char) -> LineBreakClass {
        let code = c as u32;
        let block = match code {
            0x2000..=0x206F => GENERAL_PUNCTUATION.get((code - 0x2000) as usize),
            0x3000..=0x30FF => CJK_SYMBOLS_AND_KANA.get((code - 0x3000) as usize),
            0xFF00..=0xFFEF => FULLWIDTH_FORMS.get((code - 0xFF00) as usize),
            _ => None,
        };
        match block {
            Some(&class) => class,
            None => LineBreakClass::search(code),
        }
    }

    /// The class of code point `code` by binary search over the generated ranges; what
    /// [`LineBreakClass::of`] answers for the blocks it keeps in byte tables, computed once at
    /// compile time.
    pub const fn search(code: u32) -> LineBreakClass {
        let ranges = &table::RANGES;
        // The first range starting after `code` is at `high`; the one before may hold it.
        let (mut low, mut high) = (0usize, ranges.len());
        while low < high {
            let middle = low + (high - low) / 2;
            // In bounds: low <= middle < high <= len.
            #[allow(clippy::indexing_slicing)]
            let start = ranges[middle] >> 11;
            if start <= code {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        if low == 0 {
            return LineBreakClass::Other;
        }
        // In bounds: 0 < low <= len.
        #[allow(clippy::indexing_slicing)]
        let entry = ranges[low - 1];
        let (start, length) = (entry >> 11, ((entry >> 4) & 0x7F) + 1);
        if code < start + length {
            LineBreakClass::from_number(entry & 0xF)
        } else {
            LineBreakClass::Other
        }
    }
}

/// The classes of `N` code points from `first`, by [`LineBreakClass::search`].
const fn block<const N: usize>(first: u32) -> [LineBreakClass; N] {
    let mut classes = [LineBreakClass::Other; N];
    let mut offset = 0;
    while offset < N {
        // In bounds: offset < N.
        #[allow(clippy::indexing_slicing)]
        {
            classes[offset] = LineBreakClass::search(first + offset as u32);
        }
        offset += 1;
    }
    classes
}

/// U+2000–U+206F: dashes, quotation marks, `…`, `‼`, `‰`.
static GENERAL_PUNCTUATION: [LineBreakClass; 0x70] = block(0x2000);
/// U+3000–U+30FF: `、。「」《》〔〕` and the kana, small kana and iteration marks.
static CJK_SYMBOLS_AND_KANA: [LineBreakClass; 0x100] = block(0x3000);
/// U+FF00–U+FFEF: `，．：；！？（）％＄￥` and the halfwidth forms.
static FULLWIDTH_FORMS: [LineBreakClass; 0xF0] = block(0xFF00);

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;

    const LINE_BREAK_TXT: &str = include_str!("data/LineBreak.txt");
    const TABLE: &str = include_str!("line_break_table.rs");

    /// The generator: `LineBreak.txt` → the ranges of the classes kept, merged where
    /// neighbours share a class, split to at most 128 code points, packed one `u32` each.
    fn generate(data: &str) -> String {
        let mut classes: Vec<(u32, u32, LineBreakClass)> = Vec::new();
        let mut listed: Vec<(u32, u32)> = Vec::new();
        for line in data.lines() {
            let (fields, comment) = line.split_once('#').unwrap_or((line, ""));
            let Some((range, class)) = fields.split_once(';') else {
                continue;
            };
            let (first, last) = match range.trim().split_once("..") {
                Some((a, b)) => (a, b),
                None => (range.trim(), range.trim()),
            };
            let first = u32::from_str_radix(first, 16).unwrap();
            let last = u32::from_str_radix(last, 16).unwrap();
            listed.push((first, last));
            let category = comment.split_whitespace().next().unwrap_or("");
            let kept = match (class.trim(), category) {
                ("OP", _) => LineBreakClass::OpenPunctuation,
                ("CL", _) => LineBreakClass::ClosePunctuation,
                ("CP", _) => LineBreakClass::CloseParenthesis,
                ("QU", "Pi") => LineBreakClass::QuotationInitial,
                ("QU", "Pf") => LineBreakClass::QuotationFinal,
                ("EX", _) => LineBreakClass::Exclamation,
                ("IS", _) => LineBreakClass::InfixSeparator,
                ("NS", _) => LineBreakClass::Nonstarter,
                ("IN", _) => LineBreakClass::Inseparable,
                ("PO", _) => LineBreakClass::Postfix,
                ("PR", _) => LineBreakClass::Prefix,
                ("CJ", _) => LineBreakClass::ConditionalJapaneseStarter,
                _ => continue,
            };
            classes.push((first, last, kept));
        }
        // UAX #14's default: unassigned code points of Currency Symbols are PR.
        for code in 0x20A0..=0x20CF {
            if !listed.iter().any(|&(a, b)| a <= code && code <= b) {
                classes.push((code, code, LineBreakClass::Prefix));
            }
        }
        classes.sort_by_key(|&(first, _, _)| first);
        let mut merged: Vec<(u32, u32, LineBreakClass)> = Vec::new();
        for (first, last, class) in classes {
            match merged.last_mut() {
                Some(previous) if previous.1 + 1 == first && previous.2 == class => {
                    previous.1 = last
                }
                _ => merged.push((first, last, class)),
            }
        }
        let mut entries = Vec::new();
        for (first, last, class) in merged {
            let mut start = first;
            while start <= last {
                let length = (last - start + 1).min(128);
                entries.push(start << 11 | (length - 1) << 4 | class as u32);
                start += length;
            }
        }
        let mut out = String::from(
            "// Generated from data/LineBreak.txt by line_break.rs's test\n\
             // `the_generated_table_is_current`; do not edit. One entry per range of code points:\n\
             // start << 11 | (length - 1) << 4 | LineBreakClass number, sorted by start.\n\n",
        );
        out += &format!("pub(super) static RANGES: [u32; {}] = [\n", entries.len());
        for chunk in entries.chunks(6) {
            let row: Vec<String> = chunk.iter().map(|e| format!("0x{e:08X}")).collect();
            out += &format!("    {},\n", row.join(", "));
        }
        out += "];\n";
        out
    }

    #[test]
    fn the_generated_table_is_current() {
        let generated = generate(LINE_BREAK_TXT);
        if std::env::var_os("MOYE_WRITE_TABLES").is_some() {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/src/layout/line_break_table.rs"
            );
            std::fs::write(path, &generated).unwrap();
        }
        assert!(
            generated == TABLE,
            "line_break_table.rs is stale: rerun with MOYE_WRITE_TABLES=1"
        );
    }

    #[test]
    fn the_byte_tables_agree_with_the_search() {
        for code in (0x2000..0x2070).chain(0x3000..0x3100).chain(0xFF00..0xFFF0) {
            let c = char::from_u32(code).unwrap();
            assert_eq!(LineBreakClass::of(c), LineBreakClass::search(code), "{c:?}");
        }
    }

    #[test]
    fn known_classes() {
        // Checked by hand against LineBreak.txt.
        for (c, class) in [
            ('（', LineBreakClass::OpenPunctuation),
            ('，', LineBreakClass::ClosePunctuation),
            (')', LineBreakClass::CloseParenthesis),
            ('“', LineBreakClass::QuotationInitial),
            ('”', LineBreakClass::QuotationFinal),
            ('！', LineBreakClass::Exclamation),
            (';', LineBreakClass::InfixSeparator),
            ('々', LineBreakClass::Nonstarter),
            ('‼', LineBreakClass::Nonstarter),
            ('…', LineBreakClass::Inseparable),
            ('⋯', LineBreakClass::Inseparable),
            ('℉', LineBreakClass::Postfix),
            ('№', LineBreakClass::Prefix),
            ('\u{20C5}', LineBreakClass::Prefix),
            ('ッ', LineBreakClass::ConditionalJapaneseStarter),
            ('ー', LineBreakClass::ConditionalJapaneseStarter),
            ('中', LineBreakClass::Other),
            ('a', LineBreakClass::Other),
            ('"', LineBreakClass::Other),
            ('\u{10FFFF}', LineBreakClass::Other),
        ] {
            assert_eq!(LineBreakClass::of(c), class, "{c:?}");
        }
    }
}
