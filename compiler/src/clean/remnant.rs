//! The last check: no markup *syntax* reaches a page (CONTENT.md). It is markup-aware — the
//! characters alone are prose (`a*b`, `C#`, `A|B`, `(35396) 1997 XF11`, a URL in a sentence) —
//! and looks only for what markup leaves: link syntax `](`, escaped brackets `\[` `\]`, a
//! `**` emphasis marker, templates `{{` `}}`, variant markup `-{` `}-`, `"wikilink"`, `fig:`,
//! `Category:`, a table's delimiter row `|---|`, and HTML tags (`<b>`, `</p>`, `<br/>`).
//! Every pass before it removes these, so a hit means a construct no rule takes apart.

/// Markup sequences that never occur in prose.
const SEQUENCES: [&str; 14] = [
    "](",
    "\\[",
    "\\]",
    "**",
    "{{",
    "}}",
    "-{",
    "}-",
    "\"wikilink\"",
    "fig:",
    "Category:",
    "|---",
    "---|",
    "|:--",
];

/// The first markup remnant in `text`: its character index and what it is.
pub(crate) fn find(text: &str) -> Option<(usize, String)> {
    let sequence = SEQUENCES
        .iter()
        .filter_map(|&s| text.find(s).map(|at| (at, s.to_owned())));
    let tag = html_tag(text);
    let (byte_index, found) = sequence.chain(tag).min_by_key(|(at, _)| *at)?;
    let char_index = text
        .get(..byte_index)
        .map_or(0, |before| before.chars().count());
    Some((char_index, found))
}

/// The first HTML tag in `text`: `<` or `</`, an ASCII letter, name characters, then `>`, `/>`
/// or a space and printable ASCII attributes up to a `>`.
fn html_tag(text: &str) -> Option<(usize, String)> {
    text.match_indices('<').find_map(|(at, _)| {
        let rest = text.get(at + 1..)?;
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let name_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        let starts_with_letter = rest.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
        let after = rest.get(name_len..)?;
        let closes = after.starts_with('>') || after.starts_with("/>") || attributes(after);
        (starts_with_letter && closes).then(|| {
            let end = text
                .get(at..)
                .and_then(|t| t.find('>'))
                .map_or(text.len(), |gt| at + gt + 1);
            (at, text.get(at..end).unwrap_or("<").to_owned())
        })
    })
}

/// Whether `after` (what follows a tag name) is a space and printable ASCII attributes up to a
/// `>`, within [`MAX_ATTRIBUTES`] characters, so that the scan stays linear.
fn attributes(after: &str) -> bool {
    if !after.starts_with(' ') {
        return false;
    }
    for c in after.chars().take(MAX_ATTRIBUTES) {
        match c {
            '>' => return true,
            c if c == ' ' || c.is_ascii_graphic() => {}
            _ => return false,
        }
    }
    false
}

/// How far a tag's attributes are looked at.
const MAX_ATTRIBUTES: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_characters_are_not_markup() {
        for prose in [
            "a*b",
            "C#",
            "A|B",
            "(35396) 1997 XF11",
            "见 https://example.org/a?b=1&c=2 。",
            "x < y > z",
            "若 x <y 且 z> w",
            "a<3",
            "[abc",
            "1 - 2",
            "{a}",
        ] {
            assert_eq!(find(prose), None, "{prose}");
        }
    }

    #[test]
    fn markup_is_found_with_its_position() {
        assert_eq!(find("中文](x)"), Some((2, "](".into())));
        assert_eq!(find("甲**乙"), Some((1, "**".into())));
        assert_eq!(find("a<b>c"), Some((1, "<b>".into())));
        assert_eq!(find("a</p>"), Some((1, "</p>".into())));
        assert_eq!(find("<br/>"), Some((0, "<br/>".into())));
        assert_eq!(find("<a href=x>"), Some((0, "<a href=x>".into())));
        assert_eq!(find("| a |---|"), Some((4, "|---".into())));
        assert_eq!(find("-{zh-hans:a}-"), Some((0, "-{".into())));
    }
}
