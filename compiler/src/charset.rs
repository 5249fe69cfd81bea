//! The character set of a library: every character any rendition or the UI uses, and where
//! it is first used (so a character the font lacks can be reported by file and line).

use std::collections::HashMap;
use std::fmt;

/// Where a character is used: a file and a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file, as the user would type it (e.g. `content/news.md`).
    pub file: String,
    /// The 1-based line.
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Characters with their first use.
#[derive(Default)]
pub struct Charset {
    uses: HashMap<char, Origin>,
}

impl Charset {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds every character of `text`, used at `origin` (a character seen before keeps its first use).
    pub fn add(&mut self, text: &str, origin: &Origin) {
        for c in text.chars() {
            self.uses.entry(c).or_insert_with(|| origin.clone());
        }
    }

    /// Adds every printable ASCII character once, so page numbers, Latin words in menus and
    /// any later ASCII text always have glyphs.
    pub fn add_printable_ascii(&mut self, origin: &Origin) {
        let ascii: String = (' '..='~').collect();
        self.add(&ascii, origin);
    }

    /// Where `c` is first used, if it is used.
    pub fn origin(&self, c: char) -> Option<&Origin> {
        self.uses.get(&c)
    }

    /// How many distinct characters there are.
    pub fn len(&self) -> usize {
        self.uses.len()
    }

    /// Whether no character was added.
    pub fn is_empty(&self) -> bool {
        self.uses.is_empty()
    }

    /// All characters in code-point order. A character's position in this list is its id in
    /// the blob, whose id → character table is then sorted and serves lookups both ways.
    pub fn ordered(&self) -> Vec<char> {
        let mut chars: Vec<char> = self.uses.keys().copied().collect();
        chars.sort_unstable();
        chars
    }
}

/// The characters inside the string literals of a Rust source file: how the UI's Chinese
/// labels (kept in one file, `src/ui/strings.rs`) reach the glyph set. Comments and code
/// outside literals are ignored; `\` escapes are skipped, not decoded, since labels are
/// written as plain text. Each character is reported with its line.
pub fn string_literal_chars(source: &str) -> Vec<(char, usize)> {
    let mut found = Vec::new();
    let mut line = 1;
    let mut chars = source.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            match c {
                '"' => in_string = false,
                '\\' => {
                    chars.next();
                }
                '\n' => {}
                _ => found.push((c, line)),
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '/' && chars.peek() == Some(&'/') {
            for skipped in chars.by_ref() {
                if skipped == '\n' {
                    line += 1;
                    break;
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_code_point_and_keeps_first_origin() {
        let mut set = Charset::new();
        let first = Origin {
            file: "a.md".into(),
            line: 1,
        };
        let second = Origin {
            file: "b.md".into(),
            line: 9,
        };
        set.add("的的是", &first);
        set.add("是的中", &second);
        // 中 U+4E2D, 是 U+662F, 的 U+7684: code-point order, whatever the counts.
        assert_eq!(set.ordered(), vec!['中', '是', '的']);
        assert_eq!(set.origin('中'), Some(&second));
        assert_eq!(set.origin('是'), Some(&first));
        assert_eq!(set.origin('x'), None);
    }

    #[test]
    fn finds_label_characters_in_string_literals_only() {
        let source = "// 注释 not a label\npub const LIBRARY: &str = \"书库\";\nconst X: &str = \"a\\\"b\";\n";
        let found = string_literal_chars(source);
        assert_eq!(found, vec![('书', 2), ('库', 2), ('a', 3), ('b', 3)]);
    }
}
