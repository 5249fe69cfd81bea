//! Character classes and the break rule between two neighbours (TYPOGRAPHY.md R1–R3, R5).
//!
//! Everything here is a pure function of a few characters, so the rules can be read and tested
//! apart from the breaker that applies them. [`boundary`] says what may happen between two
//! adjacent characters; [`quarter_space`] says whether the renderer spaces them by ¼ em;
//! [`Closing`](CharClass::Closing) marks are the ones push-in may compress.
//!
//! A character's class comes from its UAX #14 line-break class ([`LineBreakClass`], from the
//! UCD's `LineBreak.txt`), plus a few characters clreq names that UAX #14 classes otherwise
//! (`·•‧–‐‑－～~-`, the dashes `—―`, the solidus `/／`). What each class may do at each
//! [`Prohibition`] level is in [`super::prohibition`]; in short (✗: forbidden):
//!
//! | UAX #14 class | [`CharClass`] | never starts a line | never ends a line | at Basic | at GbStyle | at Strict |
//! |---|---|---|---|---|---|---|
//! | CL, CP, EX, IS, NS, QU (Pf) | [`Closing`](CharClass::Closing) (full-width, compressible) or [`NoStart`](CharClass::NoStart) | ✗ | | ✗ | ✗ | ✗ |
//! | PO | [`Postfix`](CharClass::Postfix) | ✗ | | ✗ | ✗ | ✗ |
//! | IN | [`Ellipsis`](CharClass::Ellipsis) | ✗ | | – | ✗ | ✗ |
//! | CJ | [`SmallKana`](CharClass::SmallKana) | ✗ | | – | – | ✗ |
//! | OP, QU (Pi) | [`Opening`](CharClass::Opening) | | ✗ | ✗ | ✗ | ✗ |
//! | PR | [`Prefix`](CharClass::Prefix) | | ✗ | ✗ | ✗ | ✗ |
//! | SY, ID `/／` (clreq) | [`Solidus`](CharClass::Solidus) | | ✗ | – | ✗ | ✗ |
//! | B2, AI `—―` (clreq) | [`Dash`](CharClass::Dash) | ✗ single, `——` at Strict | | ✗ | ✗ | ✗ + `——` |
//! | AI, AL, BA, GL, HY, ID `·•‧–‐‑－～~-` (clreq) | [`NoStart`](CharClass::NoStart) | ✗ | | ✗ | ✗ | ✗ |
//! | everything else | [`Han`](CharClass::Han), [`Letter`](CharClass::Letter), [`Digit`](CharClass::Digit), [`Space`](CharClass::Space), [`Other`](CharClass::Other) | | | | | |

use super::line_break::LineBreakClass;
pub use super::prohibition::Prohibition;

/// What a character is, for breaking, spacing and compression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CharClass {
    /// A Han ideograph, kana, hangul or bopomofo: a line may break on either side.
    Han,
    /// A small kana or `ー` (UAX #14 CJ): like [`Han`](Self::Han), but never at a line start
    /// at [`Prohibition::Strict`].
    SmallKana,
    /// A letter of an alphabetic script (Latin, Cyrillic, Greek, …): part of a word.
    Letter,
    /// An ASCII digit: part of a number.
    Digit,
    /// A breaking space (U+0020 or a tab): a line may break after it, and the break consumes it.
    Space,
    /// A full-width mark that never starts a line and whose ink sits in the left half of its
    /// em (GB style, as in Noto Sans CJK SC), so push-in may cut its right half: the UAX #14
    /// CL, CP, EX and IS marks of CJK Symbols and Punctuation (`、。」》〕】`) and of the
    /// full-width forms (`，．！？）］｝`), the full-width NS `：；`, and the closing quotes `’”`.
    Closing,
    /// Any other mark that never starts a line: UAX #14 CL, CP, EX, IS, NS and closing QU
    /// (`,.:;!?)]}»›‼々ゝ・〜`), and clreq's `·•‧–‐‑－～~-`.
    NoStart,
    /// A postfix sign (UAX #14 PO: `%％‰℃℉°′″¢`): never starts a line, and stays with the
    /// number before it.
    Postfix,
    /// A mark that never ends a line: UAX #14 OP and opening QU (`（［｛〔〈《「『【“‘«‹([{`).
    Opening,
    /// A prefix sign (UAX #14 PR: `$＄¥￥£€±№+`): never ends a line, and stays with the
    /// number after it.
    Prefix,
    /// `/` and `／`: never end a line at [`Prohibition::GbStyle`] and stricter
    /// (`人民幣/2,000億`).
    Solidus,
    /// `—` (U+2014) or `―` (U+2015). Two or more make the Chinese dash `——`, one unit.
    Dash,
    /// An ellipsis (UAX #14 IN: `…‥⋯︙`). Two make the Chinese ellipsis `……`, one unit.
    Ellipsis,
    /// Anything else (symbols, full-width letters and digits): breaks like Han, no R5 spacing.
    Other,
}

impl CharClass {
    /// The class of `c`.
    ///
    /// The layout asks once per character it reads, so the common cases are answered first:
    /// CJK unified ideographs by one range check, ASCII from a table, the CJK and full-width
    /// punctuation blocks from [`LineBreakClass::of`]'s byte tables.
    #[inline]
    pub fn of(c: char) -> CharClass {
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            return CharClass::Han;
        }
        match ASCII_CLASSES.get(c as usize) {
            Some(&class) => class,
            None => CharClass::classify(c),
        }
    }

    /// The class of `c` by the full rules; [`CharClass::of`] is the same, faster.
    fn classify(c: char) -> CharClass {
        // The punctuation of Chinese text is settled by its UAX #14 class; none of the
        // characters `listed` names has a class `by_line_break` settles, so the order of the
        // two does not matter, and this one asks the byte tables first.
        match CharClass::by_line_break(c, LineBreakClass::of(c)) {
            Some(class) => class,
            None => match CharClass::listed(c) {
                Some(class) => class,
                None if is_han(c) => CharClass::Han,
                None if c.is_alphabetic() => CharClass::Letter,
                None => CharClass::Other,
            },
        }
    }

    /// The class of an ASCII character (`c` below 128): [`CharClass::classify`] in a constant.
    const fn of_ascii(c: char) -> CharClass {
        match CharClass::by_line_break(c, LineBreakClass::search(c as u32)) {
            Some(class) => class,
            None => match CharClass::listed(c) {
                Some(class) => class,
                None if c.is_ascii_alphabetic() => CharClass::Letter,
                None => CharClass::Other,
            },
        }
    }

    /// The class of a character the rules name (spaces, digits, dashes, the solidus, and the
    /// marks clreq's R1 lists whose UAX #14 class would not keep them off a line start).
    const fn listed(c: char) -> Option<CharClass> {
        let class = match c {
            ' ' | '\t' => CharClass::Space,
            '0'..='9' => CharClass::Digit,
            // AI, AL, BA, GL, HY and ID in UAX #14; R1 in clreq.
            '·' | '•' | '‧' | '–' | '‐' | '‑' | '－' | '～' | '~' | '-' => {
                CharClass::NoStart
            }
            '/' | '／' => CharClass::Solidus,
            '—' | '―' => CharClass::Dash,
            _ => return None,
        };
        Some(class)
    }

    /// The class UAX #14 class `line_break` gives `c`, if it settles it.
    const fn by_line_break(c: char, line_break: LineBreakClass) -> Option<CharClass> {
        let class = match line_break {
            LineBreakClass::OpenPunctuation | LineBreakClass::QuotationInitial => {
                CharClass::Opening
            }
            LineBreakClass::ClosePunctuation
            | LineBreakClass::CloseParenthesis
            | LineBreakClass::Exclamation
            | LineBreakClass::InfixSeparator
            | LineBreakClass::Nonstarter
            | LineBreakClass::QuotationFinal => {
                if is_compressible(c, line_break) {
                    CharClass::Closing
                } else {
                    CharClass::NoStart
                }
            }
            LineBreakClass::Postfix => CharClass::Postfix,
            LineBreakClass::Prefix => CharClass::Prefix,
            LineBreakClass::Inseparable => CharClass::Ellipsis,
            LineBreakClass::ConditionalJapaneseStarter => CharClass::SmallKana,
            LineBreakClass::Other => return None,
        };
        Some(class)
    }

    /// Whether this class is a letter or a digit: the stuff of words and numbers.
    #[inline]
    pub fn is_alphanumeric(self) -> bool {
        matches!(self, CharClass::Letter | CharClass::Digit)
    }

    /// Whether characters of this class count as the text of a line for the rule "a
    /// paragraph's last line holds at least 2 characters besides punctuation".
    #[inline]
    pub fn is_word_like(self) -> bool {
        matches!(
            self,
            CharClass::Han
                | CharClass::SmallKana
                | CharClass::Letter
                | CharClass::Digit
                | CharClass::Other
        )
    }
}

/// Whether a never-starting mark of UAX #14 class `line_break` is a full-width mark with its
/// ink in the left half (R4.1): the closing marks of CJK Symbols and Punctuation and of the
/// full-width forms (not their iteration marks and wave dash, NS, which are full glyphs), the
/// full-width colon and semicolon, and the closing quotes of General Punctuation, which CJK
/// fonts set full width.
const fn is_compressible(c: char, line_break: LineBreakClass) -> bool {
    let code = c as u32;
    let cjk_symbols = code >= 0x3000 && code <= 0x303F;
    let fullwidth = code >= 0xFF01 && code <= 0xFF60;
    match line_break {
        LineBreakClass::ClosePunctuation
        | LineBreakClass::CloseParenthesis
        | LineBreakClass::Exclamation
        | LineBreakClass::InfixSeparator => cjk_symbols || fullwidth,
        LineBreakClass::Nonstarter => fullwidth,
        LineBreakClass::QuotationFinal => code >= 0x2018 && code <= 0x201F,
        _ => false,
    }
}

/// The classes of the ASCII characters, by code.
const ASCII_CLASSES: [CharClass; 128] = {
    let mut table = [CharClass::Other; 128];
    let mut code = 0u8;
    while code < 128 {
        // In bounds: `code` is below the table's length.
        #[allow(clippy::indexing_slicing)]
        {
            table[code as usize] = CharClass::of_ascii(code as char);
        }
        code += 1;
    }
    table
};

/// A character with its class, worked out once and then passed around together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Classified {
    /// The character.
    pub c: char,
    /// Its class, [`CharClass::of`] `c`.
    pub class: CharClass,
}

impl Classified {
    /// `c` and its class.
    #[inline]
    pub fn of(c: char) -> Self {
        Classified {
            c,
            class: CharClass::of(c),
        }
    }
}

/// Whether `c` is written with Han-like full-width characters (ideographs, kana, hangul,
/// bopomofo), which break anywhere and take ¼ em next to Latin letters and digits.
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3007}'                      // 〇
        | '\u{3040}'..='\u{30FF}'       // hiragana, katakana
        | '\u{3100}'..='\u{312F}'       // bopomofo
        | '\u{3400}'..='\u{4DBF}'       // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'       // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}'       // hangul syllables
        | '\u{F900}'..='\u{FAFF}'       // CJK compatibility ideographs
        | '\u{20000}'..='\u{3FFFF}'     // CJK extensions B and later
    )
}

/// Whether `c` may hang past the right margin when hanging punctuation is on (R4.4).
pub fn is_hangable(c: char) -> bool {
    matches!(c, '、' | '，' | '。')
}

/// A mark that joins the parts of a word or number when it sits between two of them
/// (`3.7`, `2,000`, `12:30`, `U.S`, `don't`, `Jean-Luc`, `1992-2014`).
fn is_joiner(c: char) -> bool {
    matches!(c, '.' | ',' | ':' | '\'' | '’' | '-' | '‐' | '‑')
}

/// A sign that belongs to the number after it (`-2014`); the prefix signs (`+5`, `$5`) are
/// [`CharClass::Prefix`].
fn is_sign(c: char) -> bool {
    c == '-'
}

/// A mark that keeps a URL or identifier whole when it sits between two ASCII characters
/// (`example.com/news`, `?id=42&lang=zh`, `foo_bar`): the breaker breaks such a run only when
/// it does not fit the line (see `breaker.rs`, "URLs").
pub fn is_url_mark(c: char) -> bool {
    matches!(c, '/' | '?' | '&' | '=' | '#' | '_' | '@' | '~' | '%' | '+')
}

/// What may happen between two adjacent characters of a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Boundary {
    /// Inside one word, number, `——` or `……`: never a break, never a justification gap,
    /// never R5 spacing.
    Inside,
    /// A break R1 or R2 forbids (a closing run, an opening mark, a space before it): never a
    /// break unless push-out fails, but a justification gap.
    Glue,
    /// Between a number and the Han character after it (`1992年`, `3.7亿`): a legal break, but
    /// avoided when push-in can keep the two together.
    Weak,
    /// A line may break here.
    Break,
    /// After a run of spaces: a line may break here, and the spaces before it vanish.
    AfterSpace,
}

impl Boundary {
    /// Whether a line may end here without breaking a rule.
    pub fn is_breakable(self) -> bool {
        matches!(
            self,
            Boundary::Weak | Boundary::Break | Boundary::AfterSpace
        )
    }
}

/// Two characters on each side of a boundary, classified: the rules need one character of
/// context beyond each neighbour (`2,000`, `——`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Neighbours {
    /// The character before `before`, if any in the block.
    pub before2: Option<Classified>,
    /// The character just before the boundary.
    pub before: Classified,
    /// The character just after the boundary.
    pub after: Classified,
    /// The character after `after`, if any in the block.
    pub after2: Option<Classified>,
}

impl Neighbours {
    /// The neighbours of a boundary given as characters (classified here).
    pub fn of(before2: Option<char>, before: char, after: char, after2: Option<char>) -> Self {
        Neighbours {
            before2: before2.map(Classified::of),
            before: Classified::of(before),
            after: Classified::of(after),
            after2: after2.map(Classified::of),
        }
    }
}

/// The rule between `n.before` and `n.after` at prohibition level `level`.
#[inline]
pub fn boundary(n: Neighbours, level: Prohibition) -> Boundary {
    let (before, after) = (n.before.class, n.after.class);
    // By far the commonest boundary, and one every rule below lets break.
    if before == CharClass::Han && after == CharClass::Han {
        return Boundary::Break;
    }

    // A space never starts a line; a run of spaces stays together so that a break after it
    // consumes all of it.
    if after == CharClass::Space {
        return if before == CharClass::Space {
            Boundary::Inside
        } else {
            Boundary::Glue
        };
    }
    if is_inside(n) {
        return Boundary::Inside;
    }
    if level.never_starts(after, n.after2.map(|c| c.class)) {
        return Boundary::Glue;
    }
    if before == CharClass::Space {
        // `（ 中`: breaking after the space would leave the opening mark at the line end.
        let opening_before_space = n.before2.is_some_and(|c| level.never_ends(c.class));
        return if opening_before_space {
            Boundary::Glue
        } else {
            Boundary::AfterSpace
        };
    }
    if level.never_ends(before) {
        return Boundary::Glue;
    }
    let number_ends = matches!(before, CharClass::Digit | CharClass::Postfix);
    if number_ends && after == CharClass::Han {
        return Boundary::Weak;
    }
    Boundary::Break
}

/// The rule between two characters and whether R5's ¼ em goes there, where their classes
/// alone settle both at every [`Prohibition`] level: Han next to Han, to the full-width
/// closing marks (`，。」`), to opening marks and to other never-starting marks — most of the
/// boundaries of a Chinese text. `None` where [`boundary`] must look at the characters
/// themselves or at their neighbours (words, numbers, URLs, spaces, dashes, ellipses).
///
/// The reader asks this before [`boundary`] and [`quarter_space_between`], which give the
/// same answers the long way round.
#[inline]
pub fn settled_by_classes(before: CharClass, after: CharClass) -> Option<(Boundary, bool)> {
    use CharClass::{Closing, Han, NoStart, Opening};
    // The commonest pair first, by one comparison each.
    if before == Han && after == Han {
        return Some((Boundary::Break, false));
    }
    match (before, after) {
        (Han | Closing | NoStart, Han) | (Han | Closing, Opening) => Some((Boundary::Break, false)),
        (Han | Closing, Closing | NoStart) | (Opening, Han) => Some((Boundary::Glue, false)),
        _ => None,
    }
}

/// R3: whether the boundary lies inside a word, a number, a URL or a `——`/`……` unit.
#[inline]
fn is_inside(n: Neighbours) -> bool {
    let (before, after) = (n.before.class, n.after.class);
    let alphanumeric = |c: Option<Classified>| c.is_some_and(|c| c.class.is_alphanumeric());
    let units = matches!(
        (before, after),
        (CharClass::Dash, CharClass::Dash) | (CharClass::Ellipsis, CharClass::Ellipsis)
    );
    // Latin words and numbers, and words with digits (`G20`).
    let word = before.is_alphanumeric() && after.is_alphanumeric();
    // `2,000`, `3.7`, `don't`: a joiner with a letter or digit on both sides.
    let joined = (before.is_alphanumeric() && is_joiner(n.after.c) && alphanumeric(n.after2))
        || (after.is_alphanumeric() && is_joiner(n.before.c) && alphanumeric(n.before2));
    // `-2014`, `$5`; `68%`, `25℃`.
    let signed = after == CharClass::Digit && (is_sign(n.before.c) || before == CharClass::Prefix);
    let postfixed = before == CharClass::Digit && after == CharClass::Postfix;
    units || word || joined || signed || postfixed || is_inside_url(n)
}

/// Whether the boundary lies inside a URL or identifier: next to a URL mark that has ASCII
/// characters (no space) on both sides, or in the `://` after a scheme. A mark at the edge of
/// an ASCII run keeps its own rules (`人民幣/2,000億`: R2's solidus).
#[inline]
fn is_inside_url(n: Neighbours) -> bool {
    let ascii = |c: Option<Classified>| c.is_some_and(|c| c.c.is_ascii_graphic());
    let (before, after) = (Some(n.before), Some(n.after));
    if !(ascii(before) && ascii(after)) {
        return false;
    }
    let scheme = n.after.c == ':' && n.after2.is_some_and(|c| c.c == '/');
    (is_url_mark(n.before.c) && ascii(n.before2))
        || (is_url_mark(n.after.c) && ascii(n.after2))
        || scheme
}

/// R5: whether the renderer puts ¼ em between `before` and `after` on one line — between Han
/// and a Latin letter, a digit or `%`, and nowhere else (never next to punctuation).
pub fn quarter_space(before: char, after: char) -> bool {
    quarter_space_between(Classified::of(before), Classified::of(after))
}

/// [`quarter_space`] for classified characters.
#[inline]
pub fn quarter_space_between(before: Classified, after: Classified) -> bool {
    let latin = |c: Classified| c.class.is_alphanumeric() || c.c == '%';
    let han = |c: Classified| matches!(c.class, CharClass::Han | CharClass::SmallKana);
    (han(before) && latin(after)) || (latin(before) && han(after))
}

/// R4.1: whether `first` may give up half its width because `second`, a full-width mark, follows
/// it (`。」`, `）。`, `」（`: 1.5 em instead of 2, the later mark keeping its width).
pub fn pair_compresses(first: char, second: char) -> bool {
    pair_compresses_classes(CharClass::of(first), CharClass::of(second))
}

/// [`pair_compresses`] by the two characters' classes.
#[inline]
pub fn pair_compresses_classes(first: CharClass, second: CharClass) -> bool {
    first == CharClass::Closing && matches!(second, CharClass::Closing | CharClass::Opening)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule at each boundary of `text`, as a string of symbols: `=` inside, `+` glue,
    /// `~` weak, `|` break, `_` after a space.
    fn rules(text: &str, level: Prohibition) -> String {
        let chars: Vec<char> = text.chars().collect();
        (1..chars.len())
            .map(|i| {
                let n = Neighbours::of(
                    i.checked_sub(2).map(|j| chars[j]),
                    chars[i - 1],
                    chars[i],
                    chars.get(i + 1).copied(),
                );
                match boundary(n, level) {
                    Boundary::Inside => '=',
                    Boundary::Glue => '+',
                    Boundary::Weak => '~',
                    Boundary::Break => '|',
                    Boundary::AfterSpace => '_',
                }
            })
            .collect()
    }

    #[test]
    fn closing_runs_travel_with_the_character_before() {
        // `（4%）。`: R2 glues `（` to 4; 4% is one number; `）。` are R1.
        assert_eq!(rules("元（4%）。中", Prohibition::GbStyle), "|+=++|");
        assert_eq!(rules("說：「是。」，然", Prohibition::GbStyle), "+|++++|");
    }

    #[test]
    fn numbers_stay_whole_and_prefer_their_unit() {
        assert_eq!(rules("於1992年", Prohibition::GbStyle), "|===~");
        assert_eq!(rules("約3.7亿", Prohibition::GbStyle), "|==~");
        assert_eq!(rules("約12,000節", Prohibition::GbStyle), "|=====~");
        assert_eq!(rules("了68%。", Prohibition::GbStyle), "|==+");
        assert_eq!(rules("使命-2014”", Prohibition::GbStyle), "|+====+");
    }

    #[test]
    fn the_solidus_never_ends_a_line_from_gb_style_on() {
        assert_eq!(rules("幣/2,000億", Prohibition::Basic), "||====~");
        assert_eq!(rules("幣/2,000億", Prohibition::GbStyle), "|+====~");
    }

    #[test]
    fn dashes_and_ellipses_are_units_that_start_lines_only_below_strict() {
        assert_eq!(rules("心——双", Prohibition::GbStyle), "|=|");
        assert_eq!(rules("心——双", Prohibition::Strict), "+=|");
        assert_eq!(rules("等……而", Prohibition::Basic), "|=|");
        // UAX #14 IN: from GB-style on (CSS `normal`), stricter than clreq's Strict-only rule.
        assert_eq!(rules("等……而", Prohibition::GbStyle), "+=|");
        assert_eq!(rules("等……而", Prohibition::Strict), "+=|");
        // A single em dash is R1 at every level.
        assert_eq!(rules("甲—乙", Prohibition::Basic), "+|");
    }

    #[test]
    fn latin_words_break_only_after_spaces() {
        assert_eq!(
            rules("General Zhandarbek", Prohibition::GbStyle),
            "======+_========="
        );
        assert_eq!(rules("don't U.S.", Prohibition::GbStyle), "====+_==+");
        assert_eq!(rules("a  b", Prohibition::GbStyle), "+=_");
        assert_eq!(rules("自GNews", Prohibition::GbStyle), "|====");
    }

    #[test]
    fn an_opening_mark_keeps_the_space_after_it() {
        assert_eq!(rules("（ 中", Prohibition::GbStyle), "++");
    }

    #[test]
    fn quarter_spaces_sit_between_han_and_latin_only() {
        assert!(quarter_space('於', '1'));
        assert!(quarter_space('2', '年'));
        assert!(quarter_space('%', '的'));
        assert!(quarter_space('自', 'G'));
        assert!(!quarter_space('，', 'G'));
        assert!(!quarter_space('命', '-'));
        assert!(!quarter_space('中', '国'));
    }

    #[test]
    fn what_classes_settle_is_what_the_rules_say_whatever_the_neighbours() {
        // Every character of the CJK and full-width punctuation blocks, General Punctuation,
        // ASCII and some Han, each pair whose classes settle the rule, with neighbours from
        // the same sample on both sides (none as well).
        let sample: Vec<char> = (0x20..0x7F)
            .chain(0x2000..0x2070)
            .chain(0x3000..0x3040)
            .chain(0xFF00..0xFF66)
            .chain([0x4E00, 0x4E2D, 0x9F99, 0x3400])
            .filter_map(char::from_u32)
            .collect();
        let context: Vec<Option<char>> = [None, Some('中'), Some('1'), Some('a'), Some(' ')]
            .into_iter()
            .chain(
                ['/', '.', ',', '—', '…', '（', '」', '%', '-', ':']
                    .into_iter()
                    .map(Some),
            )
            .collect();
        let mut settled = 0;
        for &before in &sample {
            for &after in &sample {
                let (b, a) = (Classified::of(before), Classified::of(after));
                let Some((rule, quarter)) = settled_by_classes(b.class, a.class) else {
                    continue;
                };
                settled += 1;
                assert_eq!(quarter, quarter_space_between(b, a), "{before}{after}");
                for &before2 in &context {
                    for &after2 in &context {
                        for level in [
                            Prohibition::Basic,
                            Prohibition::GbStyle,
                            Prohibition::Strict,
                        ] {
                            let n = Neighbours::of(before2, before, after, after2);
                            assert_eq!(
                                boundary(n, level),
                                rule,
                                "{before2:?} {before}{after} {after2:?} {level:?}"
                            );
                        }
                    }
                }
            }
        }
        assert!(settled > 1000, "{settled}");
    }

    #[test]
    fn the_fast_lookup_agrees_with_the_rules_for_every_character() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(CharClass::of(c), CharClass::classify(c), "{c:?}");
        }
        assert_eq!(CharClass::of('a'), CharClass::Letter);
        assert_eq!(CharClass::of('\u{9FFF}'), CharClass::Han);
    }

    #[test]
    fn no_character_clreq_names_has_a_class_the_line_break_rules_settle() {
        // `classify` asks UAX #14 first: a named character with a settling class would
        // silently lose its clreq rule.
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if CharClass::listed(c).is_some() {
                assert_eq!(LineBreakClass::of(c), LineBreakClass::Other, "{c:?}");
            }
        }
    }

    #[test]
    fn the_compressible_marks_are_the_old_list_and_three_more_closing_brackets() {
        // R4.1's list as it was hand-picked, plus `〛〞｠` (UAX #14 CL, full width), which the
        // class rule now finds too (checked with a script over LineBreak.txt).
        let expected: std::collections::BTreeSet<char> =
            "，。、．：；！？）］｝〕〉》」』】〗〙〟’”〛〞｠"
                .chars()
                .collect();
        let found: std::collections::BTreeSet<char> = (0x2000..0x2070)
            .chain(0x3000..0x3100)
            .chain(0xFF00..0xFFF0)
            .filter_map(char::from_u32)
            .filter(|&c| CharClass::of(c) == CharClass::Closing)
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn classes_and_compression() {
        assert_eq!(CharClass::of('中'), CharClass::Han);
        assert_eq!(CharClass::of('Ж'), CharClass::Letter);
        assert_eq!(CharClass::of('」'), CharClass::Closing);
        assert_eq!(CharClass::of('“'), CharClass::Opening);
        assert!(pair_compresses('。', '」'));
        assert!(pair_compresses('）', '。'));
        assert!(pair_compresses('」', '（'));
        assert!(!pair_compresses('（', '「'));
        assert!(!pair_compresses('%', '）'));
        assert!(is_hangable('，') && !is_hangable('」'));
    }
}
