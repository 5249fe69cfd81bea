//! Lines and paragraphs recognised by their label: bylines (meta lines), citation and
//! disclaimer notes, and the social-media footer of reposted news.
//!
//! Rules:
//! - A byline is a short line (at most 40 characters, no `。`) of the form `label：name` with a
//!   known label (`发布`, `作者`, `编辑`, `来源` …), optionally wrapped in `**`. Each byline line
//!   becomes its own meta line, also when it sits inside a paragraph (the news article's
//!   `发布：文泓` is followed by the footer on the next line).
//! - A paragraph whose text starts with a citation or disclaimer label and `：` (`新闻链接：`,
//!   `原文链接：`, `免责声明：` …) is a note, label included.
//! - The social-media footer — a prompt line such as `更多资讯，请关注：` and, after it, the lines
//!   that are only a link to a social-media site with an optional `：handle` — is dropped. It
//!   exists for the GNews repost (news article, lines 52-57); a line after the prompt that is
//!   anything else ends the footer and is kept.

use super::inline::Inline;

/// Labels of a byline, in 简 and 繁 forms.
const BYLINE_LABELS: [&str; 30] = [
    "发布",
    "發布",
    "作者",
    "编辑",
    "編輯",
    "责任编辑",
    "責任編輯",
    "责编",
    "責編",
    "整理",
    "整理报道",
    "整理報導",
    "翻译",
    "翻譯",
    "译者",
    "譯者",
    "校对",
    "校對",
    "审核",
    "審核",
    "审校",
    "審校",
    "记者",
    "記者",
    "撰文",
    "撰稿",
    "摄影",
    "攝影",
    "来源",
    "來源",
];

/// Labels that make a paragraph a note: where the text came from, and disclaimers.
const NOTE_LABELS: [&str; 22] = [
    "新闻链接",
    "新聞鏈接",
    "新聞連結",
    "新闻来源",
    "新聞來源",
    "原文链接",
    "原文鏈接",
    "原文連結",
    "原文",
    "资料来源",
    "資料來源",
    "来源",
    "來源",
    "出处",
    "出處",
    "免责声明",
    "免責聲明",
    "声明",
    "聲明",
    "版权声明",
    "版權聲明",
    "Disclaimer",
];

/// Prompts that open a social-media footer (GNews reposts).
const FOLLOW_PROMPTS: [&str; 8] = [
    "更多资讯，请关注",
    "更多資訊，請關注",
    "请关注",
    "請關注",
    "欢迎关注",
    "歡迎關注",
    "关注我们",
    "關注我們",
];

/// Hosts of social-media sites linked from such footers.
const SOCIAL_HOSTS: [&str; 16] = [
    "twitter.com",
    "x.com",
    "gettr.com",
    "youtube.com",
    "youtu.be",
    "discord.gg",
    "discord.com",
    "gtv.org",
    "facebook.com",
    "t.me",
    "telegram.me",
    "instagram.com",
    "weibo.com",
    "truthsocial.com",
    "rumble.com",
    "parler.com",
];

/// `label：rest` split at the first fullwidth or ASCII colon.
fn split_label(text: &str) -> Option<(&str, &str)> {
    let colon = text.find(['：', ':'])?;
    let label = text.get(..colon)?;
    let rest = text.get(colon..)?.trim_start_matches(['：', ':']);
    Some((label.trim(), rest.trim()))
}

/// The text of a source line without surrounding whitespace and bold markers.
fn unwrapped(line: &str) -> &str {
    line.trim_matches(|c: char| c == '*' || c.is_whitespace())
}

/// Whether a source line is a byline such as `发布：文泓`.
pub(crate) fn is_byline(line: &str) -> bool {
    let text = unwrapped(line);
    let short = text.chars().count() <= 40 && !text.contains('。');
    short
        && split_label(text)
            .is_some_and(|(label, rest)| BYLINE_LABELS.contains(&label) && !rest.is_empty())
}

/// Whether cleaned paragraph text is a note such as `新闻链接：…` or `免责声明：…`.
pub(crate) fn is_note(text: &str) -> bool {
    split_label(text).is_some_and(|(label, rest)| NOTE_LABELS.contains(&label) && !rest.is_empty())
}

/// Whether a source line is a prompt opening a social-media footer (`更多资讯，请关注：**`).
pub(crate) fn is_follow_prompt(line: &str) -> bool {
    let text = unwrapped(line);
    text.chars().count() <= 12
        && text.ends_with(['：', ':'])
        && FOLLOW_PROMPTS.iter().any(|prompt| text.starts_with(prompt))
}

/// Whether a line (its inline tokens) is only a link to a social-media site, with an optional
/// `：handle` (`[澳大利亚墨尔本雅典娜农场Twitter](https://twitter.com/HimalayaAthena1)：HimalayaAthena`).
pub(crate) fn is_social_link_line(line: &[Inline]) -> bool {
    let mut targets = Vec::new();
    let mut outside = String::new();
    let mut depth = 0usize;
    for token in line {
        match token {
            Inline::LinkStart(target) => {
                depth += 1;
                targets.push(target.url.as_str());
            }
            Inline::LinkEnd => depth = depth.saturating_sub(1),
            Inline::Char(c, _) if depth == 0 => outside.push(*c),
            Inline::Space if depth == 0 => outside.push(' '),
            _ => {}
        }
    }
    let rest = outside.trim_matches(|c: char| c == '*' || c.is_whitespace());
    let handle_ok = rest.is_empty()
        || rest
            .strip_prefix(['：', ':'])
            .is_some_and(|handle| !handle.trim().is_empty() && !handle.trim().contains(' '));
    matches!(targets.as_slice(), [target] if is_social_host(target)) && handle_ok
}

fn is_social_host(target: &str) -> bool {
    let Some((_, after_scheme)) = target.split_once("://") else {
        return false;
    };
    let host = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.strip_prefix("www.").unwrap_or(host);
    SOCIAL_HOSTS
        .iter()
        .any(|social| host == *social || host.ends_with(&format!(".{social}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines() {
        // News line 51, and the masthead text of line 6.
        assert!(is_byline("发布：文泓"));
        assert!(is_byline("**整理报道：文泓**"));
        assert!(is_byline("作者: Someone"));
        assert!(!is_byline("发布："));
        assert!(!is_byline(
            "免责声明：本文内容仅代表作者个人观点，平台不承担任何法律风险。"
        ));
        assert!(!is_byline("发布：这是一句很长的话，它说的是一件事情，而不是一个名字，所以它不是署名行而是正文的一部分内容"));
        assert!(!is_byline("新闻链接：[x](y)"));
    }

    #[test]
    fn notes() {
        // News lines 49 and 61, cleaned.
        assert!(is_note(
            "新闻链接：Ties that bind Kazakhstan to China are starting to unravel – Nikkei Asia"
        ));
        assert!(is_note(
            "免责声明：本文内容仅代表作者个人观点，平台不承担任何法律风险。"
        ));
        assert!(!is_note("免责声明："));
        assert!(!is_note(
            "然而，近十年后，哈萨克斯坦发现将自己与北京紧紧联系在一起的好处和麻烦一样多。"
        ));
        assert!(!is_note("有評論指：哈萨克斯坦作为中亚地区影响力最大的国家"));
    }

    fn link_line(url: &str, text: &str, after: &str) -> Vec<Inline> {
        let target = crate::clean::inline::LinkTarget {
            url: url.into(),
            title: String::new(),
            wikilink: false,
        };
        let mut line = vec![Inline::LinkStart(Box::new(target))];
        line.extend(text.chars().map(|c| Inline::Char(c, 0)));
        line.push(Inline::LinkEnd);
        line.extend(after.chars().map(|c| match c {
            ' ' => Inline::Space,
            c => Inline::Char(c, 0),
        }));
        line
    }

    #[test]
    fn social_footer_lines() {
        // News lines 52-57.
        assert!(is_follow_prompt("更多资讯，请关注：**"));
        assert!(is_follow_prompt("更多资讯，请关注："));
        assert!(!is_follow_prompt(
            "请关注这个问题的后续发展，因为它很重要："
        ));
        for (url, after) in [
            ("https://twitter.com/HimalayaAthena1", "：HimalayaAthena"),
            (
                "https://www.gettr.com/user/himalayaathena",
                "：himalayaathena",
            ),
            ("https://youtube.com/channel/UC-tz4lmA7mG3FzYbylgqjTQ", ""),
            ("https://discord.gg/Nz26pG64XF", ""),
            ("https://www.gtv.org/user/5f72f8f60cd82c6bb6a248a6", ""),
        ] {
            assert!(is_social_link_line(&link_line(url, "农场", after)), "{url}");
        }
        assert!(!is_social_link_line(&link_line(
            "https://rolfoundation.org/",
            "ROL Foundation",
            ""
        )));
        assert!(!is_social_link_line(&link_line(
            "https://box.com/x",
            "box",
            ""
        )));
        assert!(!is_social_link_line(&link_line(
            "https://twitter.com/x",
            "推特",
            "上有人说了很多 话"
        )));
        assert!(!is_social_link_line(&[Inline::Char('正', 0)]));
    }
}
