//! YAML front matter: the `---` block at the top of a Markdown article (news reposts carry
//! one). Only `title:` is read; every other key is ignored, because nothing else in it is text a
//! reader came for.
//!
//! Rules:
//! - Front matter exists only when the very first line is `---`; it ends at the next line that
//!   is `---` or `...`. A first `---` that is never closed is an error (it would otherwise swallow
//!   the article silently).
//! - `title:` takes a one-line value: plain (a trailing ` # comment` is cut), `"double"` quoted
//!   (`\"` and `\\` unescaped) or `'single'` quoted (`''` unescaped). Block scalars (`|`, `>`)
//!   and empty values are errors. The first `title:` wins.

use super::error::{CleanErrorKind, Fault};

/// What the front matter gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FrontMatter {
    /// The `title:` value, if there was one.
    pub title: Option<String>,
    /// Index into the source lines of the first line after the front matter (0 without one).
    pub body_start: usize,
}

/// Reads the front matter at the top of `lines` (the source split into lines).
pub(crate) fn parse(lines: &[&str]) -> Result<FrontMatter, Fault> {
    let opens = lines.first().is_some_and(|line| line.trim_end() == "---");
    if !opens {
        return Ok(FrontMatter {
            title: None,
            body_start: 0,
        });
    }
    let close = lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, line)| matches!(line.trim_end(), "---" | "..."))
        .map(|(index, _)| index)
        .ok_or(Fault::new(1, CleanErrorKind::UnterminatedFrontMatter))?;
    let mut title = None;
    for (index, line) in lines.iter().enumerate().take(close).skip(1) {
        let Some(value) = line.strip_prefix("title:") else {
            continue;
        };
        if title.is_none() {
            let bad = Fault::new(index + 1, CleanErrorKind::BadFrontMatterTitle);
            title = Some(scalar(value.trim()).ok_or(bad)?);
        }
    }
    Ok(FrontMatter {
        title,
        body_start: close + 1,
    })
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

    fn parse_text(text: &str) -> Result<FrontMatter, Fault> {
        let lines: Vec<&str> = text.lines().collect();
        parse(&lines)
    }

    #[test]
    fn news_front_matter_gives_the_title() {
        // The first three lines of the news article.
        let source = "---\ntitle: 深度：哈萨克斯坦与中共国正在渐行渐远\n---\n`墨尔本雅典娜农场`";
        let front = parse_text(source).unwrap();
        assert_eq!(
            front.title.as_deref(),
            Some("深度：哈萨克斯坦与中共国正在渐行渐远")
        );
        assert_eq!(front.body_start, 3);
    }

    #[test]
    fn no_front_matter_without_a_first_dash_line() {
        let front = parse_text("**中哈關係**\n---\n").unwrap();
        assert_eq!(
            front,
            FrontMatter {
                title: None,
                body_start: 0
            }
        );
        assert_eq!(parse_text("").unwrap().body_start, 0);
    }

    #[test]
    fn quoted_titles_and_comments() {
        let double = parse_text("---\ntitle: \"a \\\"b\\\" c\"\n---").unwrap();
        assert_eq!(double.title.as_deref(), Some("a \"b\" c"));
        let single = parse_text("---\ntitle: 'it''s'\n...\n").unwrap();
        assert_eq!(single.title.as_deref(), Some("it's"));
        let comment = parse_text("---\ntitle: 标题 # note\n---").unwrap();
        assert_eq!(comment.title.as_deref(), Some("标题"));
        let other_keys = parse_text("---\ndate: 2022\n---\n").unwrap();
        assert_eq!(other_keys.title, None);
    }

    #[test]
    fn unterminated_front_matter_is_an_error_at_line_one() {
        let fault = parse_text("---\ntitle: x\n正文").unwrap_err();
        assert_eq!(
            fault,
            Fault::new(1, CleanErrorKind::UnterminatedFrontMatter)
        );
    }

    #[test]
    fn bad_titles_are_errors_at_their_line() {
        for bad in ["title:", "title: |", "title: \"open", "title: \"a\\n\""] {
            let fault = parse_text(&format!("---\nx: y\n{bad}\n---\n")).unwrap_err();
            assert_eq!(
                fault,
                Fault::new(3, CleanErrorKind::BadFrontMatterTitle),
                "{bad}"
            );
        }
    }
}
