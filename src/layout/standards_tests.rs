//! The prohibition levels against the standards, case by case from the Unicode Character
//! Database: every code point of every UAX #14 class a level refers to, after an ideograph and
//! before one, at each level, must be forbidden or allowed as CSS Text 3 `line-break` and clreq
//! say (the table in [`super::prohibition`]).
//!
//! `LineBreak.txt` is parsed here, by this file's own reader, not through the layout's
//! generated table, so a wrong table or a wrong class mapping fails here. What is tested is
//! the break rule, [`class::boundary`]; whether a font has the glyph is another matter.

use std::collections::BTreeMap;

use super::class::{self, Boundary, Neighbours, Prohibition};

const LINE_BREAK_TXT: &str = include_str!("data/LineBreak.txt");

const LEVELS: [Prohibition; 3] = [
    Prohibition::Basic,
    Prohibition::GbStyle,
    Prohibition::Strict,
];

/// Every code point `LineBreak.txt` lists, with its class and General_Category; QU is told
/// apart as `QU-Pi`, `QU-Pf` and plain `QU`.
fn classes() -> BTreeMap<u32, String> {
    let mut classes = BTreeMap::new();
    for line in LINE_BREAK_TXT.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut parts = line.splitn(2, '#');
        let fields = parts.next().unwrap_or_default();
        let category = parts
            .next()
            .and_then(|comment| comment.split_whitespace().next())
            .unwrap_or_default();
        let mut fields = fields.split(';').map(str::trim);
        let range = fields.next().unwrap();
        let class = fields.next().unwrap();
        let mut bounds = range
            .split("..")
            .map(|b| u32::from_str_radix(b, 16).unwrap());
        let first = bounds.next().unwrap();
        let last = bounds.next().unwrap_or(first);
        let name = match (class, category) {
            ("QU", "Pi" | "Pf") => format!("QU-{category}"),
            _ => class.to_string(),
        };
        for code in first..=last {
            classes.insert(code, name.clone());
        }
    }
    classes
}

/// Whether a line may break between `before` and `after` in the text `中 before after 中`
/// cut down to the three characters around the boundary.
fn may_break(
    before2: Option<char>,
    before: char,
    after: char,
    after2: Option<char>,
    level: Prohibition,
) -> bool {
    class::boundary(Neighbours::of(before2, before, after, after2), level).is_breakable()
}

/// What the standards say: whether a line may start with a character of class `class` right
/// after an ideograph, at `level`.
fn css_allows_start(class: &str, level: Prohibition) -> Option<bool> {
    let allowed = match class {
        "CL" | "CP" | "EX" | "IS" | "NS" | "PO" | "QU-Pf" => false,
        "IN" => level == Prohibition::Basic,
        "CJ" => level != Prohibition::Strict,
        "OP" | "QU-Pi" | "PR" => true,
        _ => return None,
    };
    Some(allowed)
}

/// Whether a line may end with a character of class `class` right before an ideograph.
fn css_allows_end(class: &str) -> Option<bool> {
    match class {
        "OP" | "QU-Pi" | "PR" => Some(false),
        "CL" | "CP" | "EX" | "IS" | "NS" | "PO" | "QU-Pf" | "IN" | "CJ" => Some(true),
        _ => None,
    }
}

#[test]
fn every_code_point_of_each_class_after_and_before_an_ideograph_at_each_level() {
    let mut checked = BTreeMap::<String, usize>::new();
    let mut wrong = Vec::new();
    for (&code, class) in &classes() {
        let Some(c) = char::from_u32(code) else {
            continue;
        };
        for level in LEVELS {
            if let Some(allowed) = css_allows_start(class, level) {
                if may_break(None, '中', c, Some('中'), level) != allowed {
                    wrong.push(format!(
                        "中|{c} U+{code:04X} {class} at {level:?}: expected allowed={allowed}"
                    ));
                }
                *checked.entry(class.clone()).or_default() += 1;
            }
            if let Some(allowed) = css_allows_end(class) {
                if may_break(Some('中'), c, '中', None, level) != allowed {
                    wrong.push(format!(
                        "{c}|中 U+{code:04X} {class} at {level:?}: expected allowed={allowed}"
                    ));
                }
                *checked.entry(class.clone()).or_default() += 1;
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // Every class the levels name was read whole: per class, its code points (counted apart,
    // by a script over LineBreak.txt) × 3 levels × the one or two sides it is tested on.
    let counts = [
        ("CL", 94),
        ("CP", 6),
        ("EX", 40),
        ("IS", 10),
        ("NS", 35),
        ("PO", 38),
        ("PR", 67),
        ("IN", 6),
        ("CJ", 60),
        ("OP", 95),
        ("QU-Pi", 12),
        ("QU-Pf", 10),
    ];
    for (class, code_points) in counts {
        assert_eq!(
            checked.get(class).copied(),
            Some(code_points * 3 * 2),
            "{class}"
        );
    }
}

#[test]
fn the_breaks_css_normal_and_strict_forbid_that_the_hand_picked_sets_allowed() {
    // The cases of the independent suite: after an ideograph, at GbStyle and Strict, no line
    // starts with an ellipsis, an iteration mark, a postfix sign or a doubled `!?`; no line
    // ends with a prefix sign before one; at Strict none starts with a small kana or `ー`.
    for level in [Prohibition::GbStyle, Prohibition::Strict] {
        for c in "…‥⋯︙々〻ゝヽ％‰℃℉°‼⁇⁈⁉".chars() {
            assert!(
                !may_break(None, '字', c, Some('字'), level),
                "字|{c} at {level:?}"
            );
        }
        for c in "€￥＄±№".chars() {
            assert!(
                !may_break(Some('字'), c, '字', None, level),
                "{c}|字 at {level:?}"
            );
            assert!(
                may_break(None, '字', c, Some('字'), level),
                "字|{c} at {level:?}"
            );
        }
    }
    for c in "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶㇰㇱー".chars() {
        assert!(
            !may_break(None, '字', c, Some('字'), Prohibition::Strict),
            "{c}"
        );
        assert!(
            may_break(None, '字', c, Some('字'), Prohibition::GbStyle),
            "{c}"
        );
    }
    // CSS `loose`: ellipses may start a line at Basic.
    assert!(may_break(None, '字', '…', Some('字'), Prohibition::Basic));
}

#[test]
fn the_hyphens_css_names_never_start_a_line_after_an_ideograph() {
    // CSS Text 3 lets `‐` and `–` start a line after an ideograph only at `loose`; clreq's
    // R1 keeps them off at every level.
    for level in LEVELS {
        for c in ['‐', '–'] {
            assert!(
                !may_break(None, '字', c, Some('字'), level),
                "{c} at {level:?}"
            );
        }
    }
}

#[test]
fn clreq_rules_stay_on_top() {
    // R2 GB-style: the solidus; R3: `——` and `……` are units; a single `—` never starts.
    let rule = |text: &str, level| {
        let chars: Vec<char> = text.chars().collect();
        class::boundary(
            Neighbours::of(None, chars[0], chars[1], chars.get(2).copied()),
            level,
        )
    };
    assert_eq!(rule("幣/2", Prohibition::Basic), Boundary::Break);
    assert_eq!(rule("/2,", Prohibition::Basic), Boundary::Break);
    assert_eq!(rule("/2,", Prohibition::GbStyle), Boundary::Glue);
    assert_eq!(rule("——双", Prohibition::Basic), Boundary::Inside);
    assert_eq!(rule("心——", Prohibition::GbStyle), Boundary::Break);
    assert_eq!(rule("心——", Prohibition::Strict), Boundary::Glue);
    assert_eq!(rule("心—双", Prohibition::Basic), Boundary::Glue);
    assert_eq!(rule("……而", Prohibition::Basic), Boundary::Inside);
}
