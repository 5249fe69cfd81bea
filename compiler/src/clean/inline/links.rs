//! Links, wikilinks and images: what of them the reader sees (see the rules in [`super`]).

use std::ops::Range;

use super::Parser;
use crate::clean::error::{CleanErrorKind, Fault};
use crate::clean::markup::{self, byte, LinkTail};

impl Parser<'_> {
    pub(super) fn bracket(&mut self, text: &str, i: usize) -> Result<usize, Fault> {
        let after_marker = markup::reference_marker_len(text, i).map(|len| i + len);
        if let Some(end) = after_marker.filter(|&end| !matches!(byte(text, end), b'(' | b'[')) {
            return Ok(end);
        }
        if let Some(close) = markup::wikilink_end(text, i) {
            return self.wikilink(i + 2..close).map(|()| close + 2);
        }
        let close = markup::matching_bracket(text, i)
            .ok_or_else(|| self.fault(i, CleanErrorKind::UnterminatedLink))?;
        let label = i + 1..close;
        match byte(text, close + 1) {
            b'(' => {
                let tail = markup::link_tail(text, close + 1)
                    .ok_or_else(|| self.fault(i, CleanErrorKind::UnterminatedLinkTarget))?;
                self.link(text, label, &tail)
            }
            b'[' => {
                let end = markup::matching_bracket(text, close + 1)
                    .ok_or_else(|| self.fault(i, CleanErrorKind::UnterminatedLink))?;
                self.link_text(label, false)?;
                Ok(end + 1)
            }
            _ => Err(self.fault(i, CleanErrorKind::StrayBracket)),
        }
    }

    /// A link `[label](target "title")`; returns where cleaning goes on.
    fn link(&mut self, text: &str, label: Range<usize>, tail: &LinkTail) -> Result<usize, Fault> {
        let target = text.get(tail.target.clone()).unwrap_or("");
        let title = tail.title.clone().and_then(|t| text.get(t)).unwrap_or("");
        let label_text = text.get(label.clone()).unwrap_or("");
        if markup::is_figure(target, title) {
            self.note_image();
            return Ok(markup::caption_end(text, tail.end).unwrap_or(tail.end));
        }
        if !markup::is_category(label_text, target) {
            self.link_text(label, markup::is_wiki_target(target, title))?;
        }
        Ok(tail.end)
    }

    fn link_text(&mut self, label: Range<usize>, wiki: bool) -> Result<(), Fault> {
        let before = self.out.len();
        let was_in_link = std::mem::replace(&mut self.in_link, true);
        self.parse(label)?;
        self.in_link = was_in_link;
        if self.out.len() > before {
            self.cleaned.links += 1;
            self.cleaned.wiki_links += usize::from(wiki);
        }
        Ok(())
    }

    /// `[[target|text]]` with the content in `inner`.
    fn wikilink(&mut self, inner: Range<usize>) -> Result<(), Fault> {
        let content = self.src.get(inner.clone()).unwrap_or("");
        let target = content.split('|').next().unwrap_or("").trim();
        if markup::is_figure(target, "") {
            self.note_image();
            return Ok(());
        }
        if markup::is_category(target, target) {
            return Ok(());
        }
        let label = match content.rfind('|') {
            Some(bar) if !content.get(bar + 1..).unwrap_or("").trim().is_empty() => {
                inner.start + bar + 1..inner.end
            }
            _ => inner.start..inner.start + content.find('|').unwrap_or(content.len()),
        };
        self.link_text(label, true)
    }

    /// Notes an image or figure (which shows nothing).
    fn note_image(&mut self) {
        if self.out.is_empty() {
            self.cleaned.starts_with_image = true;
        }
    }

    pub(super) fn image(&mut self, text: &str, i: usize) -> Result<usize, Fault> {
        let close = markup::matching_bracket(text, i + 1)
            .ok_or_else(|| self.fault(i + 1, CleanErrorKind::UnterminatedLink))?;
        if byte(text, close + 1) != b'(' {
            return Err(self.fault(i, CleanErrorKind::StrayBracket));
        }
        let tail = markup::link_tail(text, close + 1)
            .ok_or_else(|| self.fault(i, CleanErrorKind::UnterminatedLinkTarget))?;
        self.note_image();
        Ok(tail.end)
    }
}
