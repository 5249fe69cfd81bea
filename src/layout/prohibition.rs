//! The prohibition levels (禁则): what may not start or end a line at each level, defined by
//! UAX #14 line-break classes, CSS Text 3's `line-break` levels and clreq (TYPOGRAPHY.md,
//! "Levels, by the standards", R1–R3).
//!
//! CSS Text 3 §5.2 defines, for Chinese and Japanese text, which breaks its three levels
//! forbid: `strict` forbids every break below; `normal` allows a line to start with a CJ
//! (small kana, `ー`); `loose` also allows one to start with an IN (`…‥`), an iteration mark
//! (`々〻ゝヽ`), a centred mark (`・：；！？‼⁇⁈⁉`), a hyphen (`‐–`) or a wide PO (`％‰℃°`)
//! after an ideograph, and one to end with a wide PR (`￥＄€±№`) before one. Each level here
//! forbids at least what its CSS counterpart forbids — `Basic` ⊇ `loose`, `GbStyle` ⊇
//! `normal`, `Strict` ⊇ `strict` — and clreq's own rules on top.
//!
//! # Never at a line start (R1), by the class of the character after the break
//!
//! | UAX #14 class, or clreq's rule | examples | `Basic` | `GbStyle` | `Strict` | CSS forbids at |
//! |---|---|---|---|---|---|
//! | CL, CP | `，。、）」》)]}` | ✗ | ✗ | ✗ | all levels |
//! | EX, IS | `！？!?,.:;` | ✗ | ✗ | ✗ | all (`！？` from `normal`) |
//! | NS | `々〻ゝヽ‼⁇⁈⁉・：；〜゠` | ✗ | ✗ | ✗ | from `normal` (`〜゠` at `strict` only) |
//! | QU, General_Category Pf | `”’»›` | ✗ | ✗ | ✗ | all (UAX #14 LB19) |
//! | PO | `%％‰℃℉°′″¢` | ✗ | ✗ | ✗ | all (wide ones from `normal`) |
//! | IN | `…‥⋯︙` | – | ✗ | ✗ | from `normal` |
//! | CJ | `ぁァっッゃャー` | – | – | ✗ | `strict` |
//! | clreq R1: `·•‧–‐‑－～~-` | | ✗ | ✗ | ✗ | `‐–` from `normal` |
//! | clreq R1: a single `—` | | ✗ | ✗ | ✗ | never (B2) |
//! | clreq R3: the units `——`, `……` | | – | `……` (IN) | ✗ | `……` from `normal` |
//!
//! # Never at a line end (R2), by the class of the character before the break
//!
//! | UAX #14 class, or clreq's rule | examples | `Basic` | `GbStyle` | `Strict` | CSS forbids at |
//! |---|---|---|---|---|---|
//! | OP; QU, General_Category Pi | `（［《「【“‘«([{` | ✗ | ✗ | ✗ | all levels |
//! | PR | `$＄¥￥£€±№+` | ✗ | ✗ | ✗ | all (wide ones from `normal`) |
//! | clreq (GB style): the solidus `/／` | `人民幣/2,000億` | – | ✗ | ✗ | never (SY) |
//!
//! # Where the sources disagree, and what was chosen
//!
//! - `Basic` keeps clreq's basic set, so it is stricter than `loose`: NS (iteration marks,
//!   `‼`, `・：；`), wide PO and PR, `！？` and the hyphens `‐–` stay off line starts and ends
//!   (TYPOGRAPHY.md R1 lists UAX #14 NS and PO in the basic set). It differs from `loose` only
//!   by being stricter; the one CSS `loose` relaxation it takes is IN.
//! - `GbStyle` takes CSS `normal`'s IN rule over clreq's, which lets `……` start a line below
//!   Strict: the stricter rule wins, so `……` moves down with the character before it from
//!   `GbStyle` on. `〜 ゠` (NS), which `normal` lets start a line, stay off at every level.
//! - `Strict` adds clreq's `——` (B2, which UAX #14 lets start a line) to CSS `strict`.
//! - Inside a URL or identifier (`gnews.org/zh-hans/`), the breaker's URL rule (TYPOGRAPHY.md
//!   "URLs and long Latin runs") may end a line after `/` at every level: R2's GB-style
//!   solidus rule is for a `/` between words or numbers (`人民幣/2,000億`).
//! - UAX #14 forbids breaks on both sides of a quotation mark (QU) and before BA and HY;
//!   Chinese quotation marks have a direction, so opening ones (Pi) follow the OP rule and
//!   closing ones (Pf) the CL rule (as UAX #14 16.0's LB19a does next to East Asian text).
//!   Undirected QU (`"` `'`) and BA other than the hyphens clreq names (spaces, `|`) break
//!   like ideographs: the texts do not use them as quotes.

use serde::{Deserialize, Serialize};

use super::class::CharClass;

/// How strictly line breaking keeps punctuation off line starts and ends (禁则): see the
/// module documentation for each level's exact sets.
///
/// The reader's settings store it (its variant index is its encoding, so the order of the
/// variants must never change).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Prohibition {
    /// clreq's basic rules and CSS `line-break: loose`: no closing, separating or postfix mark
    /// at a line start, no opening or prefix mark at a line end; ellipses may start a line.
    Basic,
    /// The rules of Chinese book typesetting (GB/T 15834, clreq's GB-style level) and CSS
    /// `normal`: `Basic`, and no ellipsis at a line start, no solidus at a line end.
    #[default]
    GbStyle,
    /// `GbStyle` and CSS `strict`: also no small kana or `ー` at a line start, and `——` moves
    /// down with the character before it, at the cost of less even spacing.
    Strict,
}

impl Prohibition {
    /// R1: whether a character of class `after` (followed by one of class `after2`) may not
    /// start a line at this level.
    #[inline]
    pub fn never_starts(self, after: CharClass, after2: Option<CharClass>) -> bool {
        let strict = matches!(self, Prohibition::Strict);
        match after {
            CharClass::Closing | CharClass::NoStart | CharClass::Postfix => true,
            CharClass::Ellipsis => !matches!(self, Prohibition::Basic),
            CharClass::SmallKana => strict,
            // A single `—` is R1 at every level; the Chinese dash `——` only at Strict.
            CharClass::Dash => strict || after2 != Some(CharClass::Dash),
            _ => false,
        }
    }

    /// R2: whether a character of class `before` may not end a line at this level.
    #[inline]
    pub fn never_ends(self, before: CharClass) -> bool {
        match before {
            CharClass::Opening | CharClass::Prefix => true,
            CharClass::Solidus => !matches!(self, Prohibition::Basic),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_level_forbids_at_least_what_the_one_below_forbids() {
        let classes = [
            CharClass::Han,
            CharClass::SmallKana,
            CharClass::Letter,
            CharClass::Digit,
            CharClass::Space,
            CharClass::Closing,
            CharClass::NoStart,
            CharClass::Postfix,
            CharClass::Opening,
            CharClass::Prefix,
            CharClass::Solidus,
            CharClass::Dash,
            CharClass::Ellipsis,
            CharClass::Other,
        ];
        let levels = [
            Prohibition::Basic,
            Prohibition::GbStyle,
            Prohibition::Strict,
        ];
        for pair in levels.windows(2) {
            let (looser, stricter) = (pair[0], pair[1]);
            for class in classes {
                for after2 in classes.map(Some).into_iter().chain([None]) {
                    if looser.never_starts(class, after2) {
                        assert!(stricter.never_starts(class, after2), "{class:?} {after2:?}");
                    }
                }
                if looser.never_ends(class) {
                    assert!(stricter.never_ends(class), "{class:?}");
                }
            }
        }
        // And the levels differ where the table says.
        assert!(!Prohibition::Basic.never_starts(CharClass::Ellipsis, None));
        assert!(Prohibition::GbStyle.never_starts(CharClass::Ellipsis, None));
        assert!(!Prohibition::GbStyle.never_starts(CharClass::SmallKana, None));
        assert!(Prohibition::Strict.never_starts(CharClass::SmallKana, None));
        assert!(!Prohibition::Basic.never_ends(CharClass::Solidus));
        assert!(Prohibition::GbStyle.never_ends(CharClass::Solidus));
    }

    #[test]
    fn the_default_is_gb_style() {
        assert_eq!(Prohibition::default(), Prohibition::GbStyle);
    }
}
