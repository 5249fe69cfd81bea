//! Emphasis, code spans, variant markup, templates, HTML and entities (see the rules in
//! [`super`]).

use super::Parser;
use crate::clean::error::{CleanErrorKind, Fault};
use crate::clean::markup::{self, byte};
use crate::clean::variant::{self, Variant};

impl Parser<'_> {
    pub(super) fn stars(&mut self, text: &str, i: usize) -> usize {
        let run = text
            .as_bytes()
            .get(i..)
            .map_or(0, |rest| rest.iter().take_while(|&&b| b == b'*').count());
        for _ in 0..run / 2 {
            self.out.toggle_bold(i);
        }
        if run % 2 == 1 {
            self.italic = match self.italic {
                Some(_) => None,
                None => Some(i),
            };
        }
        i + run
    }

    pub(super) fn code_span(&mut self, text: &str, i: usize) -> Result<usize, Fault> {
        let bytes = text.as_bytes();
        let run_at = |at: usize| {
            bytes
                .get(at..)
                .map_or(0, |rest| rest.iter().take_while(|&&b| b == b'`').count())
        };
        let run = run_at(i);
        let mut at = i + run;
        let close = loop {
            let found = text
                .get(at..)
                .and_then(|rest| rest.find('`'))
                .map(|offset| at + offset)
                .ok_or_else(|| self.fault(i, CleanErrorKind::UnterminatedCode))?;
            let found_run = run_at(found);
            if found_run == run {
                break found;
            }
            at = found + found_run;
        };
        let mut content = i + run..close;
        let inner = text.get(content.clone()).unwrap_or("");
        if inner.len() >= 2
            && inner.starts_with(' ')
            && inner.ends_with(' ')
            && !inner.trim().is_empty()
        {
            content = content.start + 1..content.end - 1;
        }
        self.in_code = true;
        for (offset, c) in text.get(content.clone()).unwrap_or("").char_indices() {
            match c {
                '\n' | ' ' | '\t' => self.out.space(),
                _ => self.emit(c, content.start + offset),
            }
        }
        self.in_code = false;
        Ok(close + run)
    }

    pub(super) fn variant(&mut self, text: &str, i: usize, opener: usize) -> Result<usize, Fault> {
        let (end, close) = markup::variant_end(text, i + opener)
            .ok_or_else(|| self.fault(i, CleanErrorKind::UnterminatedVariant))?;
        if let Variant::Show(range) = variant::choose(text, i + opener..end) {
            self.parse(range)?;
        }
        Ok(end + close)
    }

    pub(super) fn template(&mut self, text: &str, i: usize) -> Result<usize, Fault> {
        let end = markup::template_end(text, i)
            .ok_or_else(|| self.fault(i, CleanErrorKind::UnterminatedTemplate))?;
        let inner = text.get(i + 2..end.saturating_sub(2)).unwrap_or("");
        let name = inner.split('|').next().unwrap_or("");
        if markup::is_layout_template(name) {
            Ok(end)
        } else {
            Err(self.fault(i, CleanErrorKind::UnsupportedTemplate))
        }
    }

    pub(super) fn angle(&mut self, text: &str, i: usize) -> Result<usize, Fault> {
        if text.get(i..).is_some_and(|rest| rest.starts_with("<!--")) {
            return markup::comment_end(text, i)
                .ok_or_else(|| self.fault(i, CleanErrorKind::UnterminatedComment));
        }
        let next = byte(text, i + 1);
        if !(next.is_ascii_alphabetic() || next == b'/') {
            self.emit('<', i);
            return Ok(i + 1);
        }
        let tag_end = text.get(i..).and_then(|rest| rest.find(['>', '\n']));
        let tag = tag_end
            .and_then(|end| text.get(i + 1..i + end))
            .unwrap_or("");
        let name = tag.trim_end_matches('/').trim().to_ascii_lowercase();
        match tag_end {
            Some(end) if name == "br" => {
                self.out.line_break();
                Ok(i + end + 1)
            }
            _ => Err(self.fault(i, CleanErrorKind::UnsupportedHtml)),
        }
    }

    pub(super) fn entity(&mut self, text: &str, i: usize) -> usize {
        match markup::entity(text, i) {
            Some((' ', len)) => {
                self.out.space();
                i + len
            }
            Some((c, len)) => {
                self.emit(c, i);
                i + len
            }
            None => {
                self.emit('&', i);
                i + 1
            }
        }
    }

    /// `(` — empty ASCII parentheses are skipped, any other `(` is text (and will be reported).
    pub(super) fn parenthesis(&mut self, text: &str, i: usize) -> usize {
        let mut j = i + 1;
        while matches!(byte(text, j), b' ' | b'\t') {
            j += 1;
        }
        if byte(text, j) == b')' {
            return j + 1;
        }
        self.emit('(', i);
        i + 1
    }
}
