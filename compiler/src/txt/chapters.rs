//! Chapter headings: which lines go into the table of contents, and at which level.
//!
//! A line is a heading when it has at most [`MAX_HEADING_CHARS`] characters and is one of:
//!
//! | form | examples | rank |
//! |---|---|---|
//! | `第` number `卷` … | `第一卷`, `第3卷 风起` | volume |
//! | `卷` number … | `卷一`, `卷十二　江湖` | volume |
//! | `第` number `回`/`章`/`节`/`節` … | `第一回　王教头私走延安府`, `第12章 …`, `第三节` | chapter |
//! | a front or back matter word, alone or before a separator | `序`, `序言`, `序章`, `自序`, `前言`, `引言`, `楔子`, `引子`, `后记`/`後記`, `尾声`/`尾聲`, `终章`/`終章`, `番外` (also `番外一`, `番外篇`) | matter |
//!
//! A number is a run of Chinese numerals (`一二三四五六七八九十百千万零〇两` and 繁體 `萬兩`,
//! and the financial forms `壹贰貳叁參肆伍陆陸柒捌玖拾佰仟`), ASCII digits or full-width digits.
//!
//! What follows the marker (`回`, `卷` …) decides whether a line that looks like a heading is
//! one: nothing, or a separator (a space, U+3000, `：:、.．·—-`), or else text with no
//! sentence punctuation (`，。！？；,!?;…`) anywhere in the line. So `第二天早上，他…` is not a
//! heading (`天` is no marker), nor is `第一回合，他就输了。` (text after the marker, and
//! commas), while `第一章风起` is. The matter words need nothing or a separator after them:
//! `序幕拉开了` is prose.
//!
//! Levels: when a book has both volumes and chapters, volumes are [`Heading(2)`] and chapters
//! [`Heading(3)`]; otherwise chapters (and volumes) are [`Heading(2)`]. Front and back matter
//! is always [`Heading(2)`]: it belongs to the whole book, not to a volume.
//!
//! [`Heading(2)`]: crate::document::BlockKind::Heading
//! [`Heading(3)`]: crate::document::BlockKind::Heading

/// Longest line, in characters, that can be a heading.
pub const MAX_HEADING_CHARS: usize = 40;

/// Longest number, in characters, in a heading (`一千二百三十四` has seven).
const MAX_NUMBER_CHARS: usize = 12;

/// Front and back matter words, 简 and 繁 where they differ.
const MATTER_WORDS: [&str; 15] = [
    "序", "序言", "序章", "自序", "前言", "引言", "楔子", "引子", "后记", "後記", "尾声", "尾聲",
    "终章", "終章", "番外",
];

/// What kind of heading a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rank {
    /// `第一卷`, `卷一`.
    Volume,
    /// `第一回`, `第12章`, `第三节`.
    Chapter,
    /// `序`, `楔子`, `后记` ….
    Matter,
}

/// The heading level of a heading of `rank` in a book that has volumes and chapters
/// (`both`) or not.
pub(crate) fn level(rank: Rank, both: bool) -> u8 {
    match rank {
        Rank::Chapter if both => 3,
        _ => 2,
    }
}

/// The rank of `line` (a cleaned, trimmed line) when it is a heading.
pub(crate) fn heading_rank(line: &str) -> Option<Rank> {
    if line.chars().nth(MAX_HEADING_CHARS).is_some() {
        return None;
    }
    if let Some(after) = line.strip_prefix('第') {
        let rest = skip_number(after)?;
        let mut chars = rest.chars();
        let rank = match chars.next()? {
            '卷' => Rank::Volume,
            '回' | '章' | '节' | '節' => Rank::Chapter,
            _ => return None,
        };
        return title_fits(chars.as_str(), line).then_some(rank);
    }
    if let Some(after) = line.strip_prefix('卷') {
        let rest = skip_number(after)?;
        return title_fits(rest, line).then_some(Rank::Volume);
    }
    let matter = MATTER_WORDS.iter().any(|word| {
        line.strip_prefix(word).is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with(is_separator)
                || (*word == "番外" && (rest.starts_with('篇') || skip_number(rest).is_some()))
        })
    });
    matter.then_some(Rank::Matter)
}

/// What follows a number, when `text` starts with one.
fn skip_number(text: &str) -> Option<&str> {
    let digits = text.chars().take_while(|&c| is_numeral(c)).count();
    if digits == 0 || digits > MAX_NUMBER_CHARS {
        return None;
    }
    let at = text
        .char_indices()
        .nth(digits)
        .map_or(text.len(), |(at, _)| at);
    text.get(at..)
}

/// Whether `rest`, the text after a heading's marker in `line`, makes `line` a heading.
fn title_fits(rest: &str, line: &str) -> bool {
    rest.is_empty() || rest.starts_with(is_separator) || !line.chars().any(is_sentence_punctuation)
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || "一二三四五六七八九十百千万零〇两萬兩壹贰貳叁參肆伍陆陸柒捌玖拾佰仟".contains(c)
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || "：:、.．·—-".contains(c)
}

fn is_sentence_punctuation(c: char) -> bool {
    "，。！？；,!?;…".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_lines_are_headings() {
        let chapters = [
            "第一回　王教头私走延安府　九纹龙大闹史家村",
            "第一百二十回　宋公明神聚蓼儿洼",
            "第12章 重逢",
            "第１２章",
            "第三节",
            "第三節　再會",
            "第一章风起",
            "第二十回：夜探",
        ];
        for line in chapters {
            assert_eq!(heading_rank(line), Some(Rank::Chapter), "{line}");
        }
        for line in ["卷一", "第一卷", "卷十二　江湖", "第3卷 风起云涌"] {
            assert_eq!(heading_rank(line), Some(Rank::Volume), "{line}");
        }
        let matter = [
            "序",
            "序言",
            "楔子　张天师祈禳瘟疫　洪太尉误走妖魔",
            "引子",
            "后记",
            "後記",
            "尾声",
            "尾聲",
            "番外",
            "番外一　旧事",
            "番外篇",
        ];
        for line in matter {
            assert_eq!(heading_rank(line), Some(Rank::Matter), "{line}");
        }
    }

    #[test]
    fn sentences_are_not_headings() {
        let prose = [
            "第二天早上，他早早起来。",
            "第一回合，他就输了。",
            "第一",
            "第",
            "第一名是他",
            "卷起袖子，走了。",
            "卷帘",
            "序幕拉开了",
            "后记得他说过",
            "番外人",
            "话说第一回",
        ];
        for line in prose {
            assert_eq!(heading_rank(line), None, "{line}");
        }
        let long = format!("第一章　{}", "长".repeat(MAX_HEADING_CHARS));
        assert_eq!(heading_rank(&long), None);
        let just_fits = format!("第一章　{}", "长".repeat(MAX_HEADING_CHARS - 4));
        assert_eq!(heading_rank(&just_fits), Some(Rank::Chapter));
    }

    #[test]
    fn levels_nest_chapters_only_under_volumes() {
        assert_eq!(level(Rank::Chapter, false), 2);
        assert_eq!(level(Rank::Volume, false), 2);
        assert_eq!(level(Rank::Chapter, true), 3);
        assert_eq!(level(Rank::Volume, true), 2);
        assert_eq!(level(Rank::Matter, true), 2);
    }
}
