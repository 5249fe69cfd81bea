//! YAML front matter: the `---` block at the top of a Markdown article (news reposts carry
//! one), found by pulldown-cmark's metadata-block option. Only `title:` is read; every other
//! key is ignored, because nothing else in it is text a reader came for.
//!
//! Rules:
//! - Front matter exists only when the file's first line is `---`; it ends at the next line
//!   that is `---` or `...`. A first `---` that is never closed is no front matter: the lines
//!   are read as Markdown text (a thematic break, then paragraphs), so nothing is lost.
//! - `title:` takes a one-line value: plain (a trailing ` # comment` is cut), `"double"` quoted
//!   (`\"` and `\\` unescaped) or `'single'` quoted (`''` unescaped). A block scalar (`|`,
//!   `>`), an empty value or a quote left open gives no title, and the next title source is
//!   used. The first `title:` wins.
//! - A control character in the value (a stray `\0` or BEL) is a space, as in body text: a
//!   title is one line of visible text.

/// The `title:` of the front matter text `yaml` (between the `---` lines), if it has a
/// usable one.
pub(crate) fn title(yaml: &str) -> Option<String> {
    let value = yaml.lines().find_map(|line| line.strip_prefix("title:"))?;
    scalar(value.trim())
}

/// The text of a one-line YAML scalar, or `None` if it is empty or not a one-line form.
fn scalar(value: &str) -> Option<String> {
    let text = if let Some(inner) = value.strip_prefix('"') {
        unescape_double(inner.strip_suffix('"')?)?
    } else if let Some(inner) = value.strip_prefix('\'') {
        inner.strip_suffix('\'')?.replace("''", "'")
    } else if value.starts_with(['|', '>']) {
        return None;
    } else {
        let plain = match value.find(" #") {
            Some(comment) => value.get(..comment).unwrap_or(value),
            None => value,
        };
        plain.trim_end().to_owned()
    };
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// Undoes the escapes of a double-quoted YAML scalar that titles use (`\"`, `\\`); any other
/// escape is refused rather than guessed.
fn unescape_double(inner: &str) -> Option<String> {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                _ => return None,
            },
            '"' => return None,
            _ => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_front_matter_gives_the_title() {
        // Line 2 of the news article.
        assert_eq!(
            title("title: 深度：哈萨克斯坦与中共国正在渐行渐远\n").as_deref(),
            Some("深度：哈萨克斯坦与中共国正在渐行渐远")
        );
        assert_eq!(title("date: 2022\n"), None);
        assert_eq!(
            title("date: 1\ntitle: 甲\ntitle: 乙").as_deref(),
            Some("甲")
        );
    }

    #[test]
    fn quoted_titles_and_comments() {
        assert_eq!(
            title("title: \"a \\\"b\\\" c\"").as_deref(),
            Some("a \"b\" c")
        );
        assert_eq!(title("title: 'it''s'").as_deref(), Some("it's"));
        assert_eq!(title("title: 标题 # note").as_deref(), Some("标题"));
    }

    #[test]
    fn control_characters_in_a_title_are_spaces() {
        // Found by the `clean` fuzz target: NUL bytes in a plain title.
        assert_eq!(title("title: 只有\0\0标题").as_deref(), Some("只有  标题"));
        assert_eq!(title("title: \"\u{7}甲\t\"").as_deref(), Some("甲"));
        assert_eq!(title("title: \u{1}\u{1b}"), None);
    }

    #[test]
    fn unusable_titles_give_none() {
        for bad in ["title:", "title: |", "title: \"open", "title: \"a\\n\""] {
            assert_eq!(title(bad), None, "{bad}");
        }
    }
}
