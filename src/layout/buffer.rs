//! The line buffer: the characters of the line being built, and the measures push-in and
//! justification judge them by.

use super::breaker::MAX_LINE_GLYPHS;
use super::class::{self, Boundary, CharClass, Classified};

/// Flag bits of a [`Slot`].
pub(super) const QUARTER_BEFORE: u8 = 1;
pub(super) const COMPRESSED: u8 = 2;
/// A digit of a number of one or two digits set upright in one cell (縦中横): the number's
/// last digit takes the cell's em, the first of two none.
pub(super) const UPRIGHT_DIGIT: u8 = 4;

/// One character read into the line buffer.
#[derive(Clone, Copy, Debug)]
pub(super) struct Slot {
    pub(super) c: char,
    /// The character's id in the library, if the source gave one.
    pub(super) id: Option<u16>,
    pub(super) advance: u8,
    pub(super) class: CharClass,
    /// The rule between the previous slot and this one (unused for the first slot).
    pub(super) before: Boundary,
    pub(super) flags: u8,
}

impl Slot {
    #[inline]
    pub(super) fn has(self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    /// The slot's character with its class.
    #[inline]
    pub(super) fn classified(self) -> Classified {
        Classified {
            c: self.c,
            class: self.class,
        }
    }
}

pub(super) type Slots = heapless::Vec<Slot, MAX_LINE_GLYPHS>;

/// The characters of the line being built, with the measures they are judged by.
pub(super) struct LineBuffer {
    pub(super) slots: Slots,
    pub(super) indent: i32,
    pub(super) measure: i32,
    pub(super) em: i32,
    /// The line's first characters, when they were measured but not buffered.
    pub(super) lead: Lead,
}

/// The characters a line starts with when only its end is wanted and they were measured
/// without being buffered (see `LineBreaker::lead`): how many, how wide, and what push-in
/// could take from the pairs of marks among them (the last pair being a lead character and
/// the first slot). None of them can end the line: the slots hold a break after the first.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Lead {
    pub(super) count: usize,
    pub(super) width: i32,
    pub(super) shrink: i32,
}

impl LineBuffer {
    #[inline]
    pub(super) fn slot(&self, index: usize) -> Option<Slot> {
        self.slots.get(index).copied()
    }

    #[inline]
    pub(super) fn quarter(&self) -> i32 {
        self.em / 4
    }

    /// `end` without the spaces before it, which a break there consumes.
    pub(super) fn content_end(&self, end: usize) -> usize {
        let kept = self.slots.get(..end).unwrap_or(&self.slots);
        kept.iter()
            .rposition(|slot| slot.class != CharClass::Space)
            .map_or(0, |last| last + 1)
    }

    /// What push-in may take from `slot`: all but ½ em.
    #[inline]
    pub(super) fn shrink(&self, slot: Slot) -> i32 {
        (i32::from(slot.advance) - self.em / 2).max(0)
    }

    #[inline]
    pub(super) fn width_of(&self, slot: Slot) -> i32 {
        let compressed = if slot.has(COMPRESSED) {
            self.shrink(slot)
        } else {
            0
        };
        i32::from(slot.advance) - compressed
    }

    /// The right edge of slots `..end` as they stand: indent, widths, ¼ em spaces.
    pub(super) fn natural_width(&self, end: usize) -> i32 {
        let slots = self.slots.get(..end).unwrap_or(&self.slots);
        slots
            .iter()
            .fold(self.indent + self.lead.width, |x, &slot| {
                let quarter = if slot.has(QUARTER_BEFORE) {
                    self.quarter()
                } else {
                    0
                };
                x + quarter + self.width_of(slot)
            })
    }

    /// The most push-in could take from a line of slots `..end`.
    pub(super) fn max_shrink(&self, end: usize) -> i32 {
        let end = self.content_end(end);
        let slots = self.slots.get(..end).unwrap_or(&self.slots);
        let pairs: i32 = slots
            .windows(2)
            .filter_map(|pair| match pair {
                [first, second] if class::pair_compresses_classes(first.class, second.class) => {
                    Some(self.shrink(*first))
                }
                _ => None,
            })
            .sum();
        let line_end = slots
            .last()
            .filter(|slot| slot.class == CharClass::Closing)
            .map_or(0, |slot| self.shrink(*slot));
        self.lead.shrink + pairs + line_end
    }

    /// Whether a line of slots `..end` fits the measure, compressing all it may.
    pub(super) fn fits(&self, end: usize) -> bool {
        let end = self.content_end(end);
        self.natural_width(end) - self.max_shrink(end) <= self.measure
    }

    /// The last slot before `limit` (and after the first) that a line may start with; with
    /// `strong`, not counting the weak break between a number and its unit.
    pub(super) fn last_break(&self, limit: usize, strong: bool) -> Option<usize> {
        (1..limit).rev().find(|&index| {
            self.slot(index).is_some_and(|slot| {
                slot.before.is_breakable() && !(strong && slot.before == Boundary::Weak)
            })
        })
    }

    /// Where a URL or identifier holding slot `overflow`, the first that does not fit, may
    /// break instead of moving down whole (TYPOGRAPHY.md "URLs and long Latin runs"): after the
    /// last `/ . - ? & =` that fits (not inside `//`), never before a mark that may not start a
    /// line; failing that, if the run starts the line (so moving it down gains nothing), before
    /// the last character that fits and may start a line. `None` if the slot is not in such a
    /// run — a run of ASCII characters without spaces with a URL mark ([`class::is_url_mark`])
    /// inside it, not at its edge; a plain word or number keeps R3.
    pub(super) fn url_break(&self, overflow: usize) -> Option<usize> {
        let in_run = |index: usize| {
            self.slot(index)
                .is_some_and(|slot| slot.c.is_ascii_graphic())
        };
        // A closing mark right after the URL (`…/a）`) travels with its last character.
        let mut overflow = overflow;
        while !in_run(overflow)
            && overflow > 0
            && self
                .slot(overflow)
                .is_some_and(|slot| slot.before == Boundary::Glue)
        {
            overflow -= 1;
        }
        if !in_run(overflow) {
            return None;
        }
        let start = (0..overflow)
            .rev()
            .take_while(|&index| in_run(index))
            .last()
            .unwrap_or(overflow);
        let end = (overflow..self.slots.len())
            .take_while(|&index| in_run(index))
            .last()
            .unwrap_or(overflow);
        let run = self.slots.get(start..=end).unwrap_or_default();
        let inner = run.get(1..run.len().saturating_sub(1)).unwrap_or_default();
        if !inner.iter().any(|slot| class::is_url_mark(slot.c)) {
            return None;
        }
        let may_start = |slot: Slot| {
            !matches!(
                slot.class,
                CharClass::Closing | CharClass::NoStart | CharClass::Postfix
            )
        };
        let after_mark = (start + 1..=overflow).rev().find(|&index| {
            match (self.slot(index - 1), self.slot(index)) {
                (Some(before), Some(after)) => {
                    matches!(before.c, '/' | '.' | '-' | '?' | '&' | '=')
                        && !(before.c == '/' && after.c == '/')
                        && may_start(after)
                }
                _ => false,
            }
        });
        if after_mark.is_some() {
            return after_mark;
        }
        if self.last_break(start + 1, false).is_some() {
            return None;
        }
        (start + 1..=overflow)
            .rev()
            .find(|&index| self.slot(index).is_some_and(may_start))
    }

    /// Where a run wider than the whole line breaks: before the last slot up to `overflow`
    /// that R1 and R2 let start a line (inside a word, which R3 then allows), else at
    /// `overflow`, so that a closing mark after a long word still travels with it.
    pub(super) fn forced_break(&self, overflow: usize) -> usize {
        (1..=overflow)
            .rev()
            .find(|&index| {
                self.slot(index)
                    .is_some_and(|slot| slot.before != Boundary::Glue)
            })
            .unwrap_or(overflow)
    }

    /// Compress as little as needed to fit slots `..end`: the line's last mark first, then the
    /// first mark of adjacent pairs from the right. Returns the resulting natural width.
    pub(super) fn push_in(&mut self, end: usize) -> i32 {
        let mut width = self.natural_width(end);
        if width > self.measure {
            if let Some(last) = end.checked_sub(1) {
                width -= self.compress_if(last, |slot, _| slot.class == CharClass::Closing);
            }
        }
        for first in (0..end.saturating_sub(1)).rev() {
            if width <= self.measure {
                break;
            }
            width -= self.compress_if(first, |slot, second| {
                second
                    .is_some_and(|second| class::pair_compresses_classes(slot.class, second.class))
            });
        }
        width
    }

    /// Compress slot `index` if `rule` allows it (given the slot after it) and it has not been
    /// compressed yet; returns the pixels this saved.
    pub(super) fn compress_if(
        &mut self,
        index: usize,
        rule: impl Fn(Slot, Option<Slot>) -> bool,
    ) -> i32 {
        let (Some(slot), next) = (self.slot(index), self.slot(index + 1)) else {
            return 0;
        };
        let saved = self.shrink(slot);
        if slot.has(COMPRESSED) || saved == 0 || !rule(slot, next) {
            return 0;
        }
        if let Some(slot) = self.slots.get_mut(index) {
            slot.flags |= COMPRESSED;
        }
        saved
    }
}
