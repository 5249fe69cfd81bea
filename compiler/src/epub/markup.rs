//! A tolerant tokenizer for the XML and XHTML inside an EPUB, over quick-xml.
//!
//! Chinese EPUBs are often HTML written by hand or by converters, not well-formed XML. The
//! reader is configured so that what a browser reads is read, never refused:
//!
//! | input | read as |
//! |---|---|
//! | an end tag that does not match (`<p>a</div>`), a stray end tag | an end tag; `content` matches it against its own open elements |
//! | `<br>`, `<img …>` without `/>` | a start tag; `content` knows the void elements |
//! | attributes without quotes or without a value (`<p class=a hidden>`) | read as HTML does |
//! | `&nbsp;` and other HTML named references (see `entities`) | their characters |
//! | an unknown named reference `&foo;`, a lone `&` | kept as text |
//! | `<![CDATA[…]]>` | text |
//! | a `<` that cannot open a tag (`1 < 2`, `a <b 和` is a tag but `x <2` and `< y` are not) | text, as HTML reads it (`mend_lone_brackets`) |
//! | comments, processing instructions, the doctype, the XML declaration | nothing |
//! | a syntax error quick-xml reports (an unclosed `<` at the end) | the tokens so far; the rest of the entry, if the reader cannot move past it |
//!
//! Text is not trimmed here: whitespace between inline elements matters (`a <em>b</em>`), and
//! `text` collapses it by the CSS rules. Element and attribute names are lowercased and lose
//! their namespace prefix, except attributes, whose prefix is kept (`epub:type`).

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::entities::named_entity;

/// One token of markup, with the 1-based line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Token {
    /// A start tag, or an empty-element tag (`<br/>`).
    Start(Tag),
    /// An end tag: the local name, lowercased.
    End(String),
    /// Text, references resolved.
    Text(String),
}

/// A start tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Tag {
    /// The local name, lowercased (`p`, `rootfile`, `navpoint`).
    pub name: String,
    /// Attributes in source order: lowercased name with its prefix (`epub:type`), value with
    /// references resolved.
    pub attributes: Vec<(String, String)>,
    /// Whether it was written as an empty element (`<br/>`), so no end tag follows.
    pub empty: bool,
}

impl Tag {
    /// The value of the attribute `name` (lowercase, with its prefix if it has one).
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Whether the space-separated attribute `name` holds `word` (`class`, `epub:type`,
    /// `properties`).
    pub fn has_word(&self, name: &str, word: &str) -> bool {
        self.attribute(name)
            .is_some_and(|value| value.split_ascii_whitespace().any(|w| w == word))
    }
}

/// `source` with every `<` that HTML would read as text escaped as `&lt;`: one not followed by
/// an ASCII letter, `/`, `!` or `?` (`1 <2`, `a < b`). quick-xml would take it for a tag and
/// swallow the text up to the next `>`. Line breaks are kept, so lines stay where they were.
pub(crate) fn mend_lone_brackets(source: &str) -> Cow<'_, str> {
    let opens_markup = |next: Option<&u8>| {
        next.is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'))
    };
    let bytes = source.as_bytes();
    let lone = |i: usize| bytes.get(i) == Some(&b'<') && !opens_markup(bytes.get(i + 1));
    if !(0..bytes.len()).any(lone) {
        return Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len() + 16);
    let mut last = 0;
    for i in (0..bytes.len()).filter(|&i| lone(i)) {
        out.push_str(source.get(last..i).unwrap_or_default());
        out.push_str("&lt;");
        last = i + 1;
    }
    out.push_str(source.get(last..).unwrap_or_default());
    Cow::Owned(out)
}

/// The tokens of a text, each with its line.
pub(crate) struct Tokens<'a> {
    reader: Reader<&'a [u8]>,
    source: &'a str,
    /// Byte offsets where each line after the first starts.
    line_starts: Vec<usize>,
    done: bool,
}

impl<'a> Tokens<'a> {
    /// Tokenizes `source`.
    pub fn new(source: &'a str) -> Self {
        let mut reader = Reader::from_str(source);
        let config = reader.config_mut();
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.allow_dangling_amp = true;
        config.check_comments = false;
        config.expand_empty_elements = false;
        config.trim_text(false);
        let line_starts = source
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        Tokens {
            reader,
            source,
            line_starts,
            done: false,
        }
    }

    /// The 1-based line of byte `offset`.
    fn line_at(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) + 1
    }

    /// The line of the first non-whitespace byte at or after `offset`.
    fn text_line(&self, offset: usize, text: &str) -> usize {
        let leading = text.len() - text.trim_start().len();
        self.line_at(offset + leading)
    }
}

impl Iterator for Tokens<'_> {
    type Item = (Token, usize);

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let start = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(_) => {
                    // Go on after the error if the reader moved past it, else stop: what
                    // came before is kept.
                    let now = usize::try_from(self.reader.buffer_position()).unwrap_or(0);
                    if now <= start || now >= self.source.len() {
                        self.done = true;
                    }
                    continue;
                }
            };
            let mut line = self.line_at(start);
            let token = match event {
                Event::Start(tag) => Token::Start(tag_of(&tag, false)),
                Event::Empty(tag) => Token::Start(tag_of(&tag, true)),
                Event::End(tag) => Token::End(lowercase_local(tag.name().as_ref())),
                Event::Text(text) => {
                    let text = text_of(text.decode());
                    line = self.text_line(start, &text);
                    Token::Text(text)
                }
                Event::CData(text) => Token::Text(text_of(text.decode())),
                Event::GeneralRef(reference) => {
                    let name = text_of(reference.decode());
                    let text = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => named_entity(&name)
                            .map(str::to_string)
                            .unwrap_or_else(|| format!("&{name};")),
                    };
                    Token::Text(text)
                }
                Event::Eof => {
                    self.done = true;
                    continue;
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => continue,
            };
            return Some((token, line));
        }
        None
    }
}

/// Text of a decoded quick-xml value; the source is UTF-8 already, so decoding cannot fail,
/// and an impossible failure reads as nothing rather than a panic.
fn text_of<E>(decoded: Result<Cow<'_, str>, E>) -> String {
    decoded.map(Cow::into_owned).unwrap_or_default()
}

/// The local part of a (possibly prefixed) name, lowercased.
fn lowercase_local(name: &[u8]) -> String {
    let local = match name.iter().rposition(|&b| b == b':') {
        Some(colon) => name.get(colon + 1..).unwrap_or_default(),
        None => name,
    };
    String::from_utf8_lossy(local).to_ascii_lowercase()
}

/// A [`Tag`] from a quick-xml start tag, read with HTML's attribute rules.
fn tag_of(tag: &BytesStart<'_>, empty: bool) -> Tag {
    let attributes = tag
        .html_attributes()
        .filter_map(Result::ok)
        .map(|attribute| {
            let key = String::from_utf8_lossy(attribute.key.as_ref()).to_ascii_lowercase();
            let value = attribute
                .normalized_value_with(XmlVersion::default(), 8, named_entity)
                .map(Cow::into_owned)
                .unwrap_or_else(|_| String::from_utf8_lossy(&attribute.value).into_owned());
            (key, value)
        })
        .collect();
    Tag {
        name: lowercase_local(tag.name().as_ref()),
        attributes,
        empty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(source: &str) -> Vec<(Token, usize)> {
        Tokens::new(source).collect()
    }

    fn text(t: &str) -> Token {
        Token::Text(t.to_string())
    }

    #[test]
    fn names_are_lowercased_local_names_and_attributes_keep_prefixes() {
        let found = tokens("<xhtml:P Class=\"a b\" epub:type='noteref'>x</P>");
        let Token::Start(tag) = &found[0].0 else {
            panic!("{found:?}")
        };
        assert_eq!(tag.name, "p");
        assert_eq!(tag.attribute("class"), Some("a b"));
        assert!(tag.has_word("class", "b"));
        assert!(tag.has_word("epub:type", "noteref"));
        assert!(!tag.empty);
        assert_eq!(found[1].0, text("x"));
        assert_eq!(found[2].0, Token::End("p".into()));
    }

    #[test]
    fn html_leniencies() {
        let found = tokens("<p class=a hidden>x&nbsp;y&mdash;&#x4E2D;&#20013;&foo; & z<br></div>");
        let Token::Start(tag) = &found[0].0 else {
            panic!("{found:?}")
        };
        assert_eq!(tag.attribute("class"), Some("a"));
        assert_eq!(tag.attribute("hidden"), Some(""));
        let joined: String = found
            .iter()
            .filter_map(|(token, _)| match token {
                Token::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(joined, "x\u{A0}y\u{2014}中中&foo; & z");
        assert!(found.contains(&(
            Token::Start(Tag {
                name: "br".into(),
                attributes: vec![],
                empty: false
            }),
            1
        )));
        assert_eq!(found.last().map(|t| &t.0), Some(&Token::End("div".into())));
    }

    #[test]
    fn lines_count_from_one_and_text_starts_at_its_first_visible_character() {
        let found = tokens("<?xml version=\"1.0\"?>\n<!-- c -->\n<p>\n\n  文字</p>");
        assert_eq!(found[0].1, 2, "{found:?}"); // the newline after the declaration
        let p = found
            .iter()
            .position(|(t, _)| matches!(t, Token::Start(tag) if tag.name == "p"))
            .unwrap_or(usize::MAX);
        assert_eq!(found[p].1, 3);
        assert_eq!(found[p + 1].1, 5);
        assert_eq!(found[p + 1].0, text("\n\n  文字"));
    }

    #[test]
    fn attribute_references_resolve() {
        let found = tokens("<img alt=\"&ldquo;图&rdquo; &amp; &#65;\"/>");
        let Token::Start(tag) = &found[0].0 else {
            panic!("{found:?}")
        };
        assert_eq!(tag.attribute("alt"), Some("“图” & A"));
        assert!(tag.empty);
    }

    #[test]
    fn lone_brackets_are_text() {
        assert_eq!(
            mend_lone_brackets("<p>1 <2 和 a < b</p>"),
            "<p>1 &lt;2 和 a &lt; b</p>"
        );
        assert_eq!(mend_lone_brackets("<p>x<\n</p><"), "<p>x&lt;\n</p>&lt;");
        assert!(matches!(
            mend_lone_brackets("<a><!-- --><?pi?></a>"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn broken_input_ends_without_panic() {
        for source in [
            "<p>abc<",
            "<p>abc</",
            "<!-- never",
            "<![CDATA[x",
            "<p a=\"b>c",
            "&",
            "<>",
        ] {
            let _ = tokens(source);
        }
        let found = tokens("<p>abc<");
        assert_eq!(found[1].0, text("abc"));
    }
}
