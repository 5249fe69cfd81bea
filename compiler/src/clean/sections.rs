//! Sections: which headings and list items only navigate, and so are not shipped.
//!
//! Rules:
//! - A heading whose section (up to the next heading of the same or a higher level) keeps no
//!   block is dropped: the wiki's empty `## 参考文献`, whose 114 numbered stubs are empty.
//! - A section titled as navigation (參見, 外部链接, See also, …) that holds nothing but
//!   headings and link-only list items is dropped whole. Such a section that also holds prose
//!   is kept, so that no text is lost silently.
//! - Link-only list items at the very end of the document whose links all leave Wikipedia are a
//!   site footer and are dropped (the GNews footer: ROL Foundation, Terms of use, Privacy
//!   Policy). Link-only items that point into Wikipedia are content (a list of names) unless
//!   their section is navigation.

use crate::document::{Block, BlockKind};

/// Section titles that announce navigation, in 简 and 繁 forms and in English.
const NAVIGATION_TITLES: [&str; 27] = [
    "參見",
    "参见",
    "參看",
    "参看",
    "相關條目",
    "相关条目",
    "外部链接",
    "外部連結",
    "外部鏈接",
    "外部連接",
    "外部链结",
    "延伸阅读",
    "延伸閱讀",
    "参考文献",
    "參考文獻",
    "参考资料",
    "參考資料",
    "注释",
    "註釋",
    "脚注",
    "腳註",
    "See also",
    "External links",
    "References",
    "Further reading",
    "Notes",
    "Bibliography",
];

/// A cleaned block and whether it only navigates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Item {
    /// The block as it will be shipped.
    pub block: Block,
    /// A list item whose visible text all comes from links.
    pub link_only: bool,
    /// Whether all those links leave Wikipedia.
    pub external: bool,
    /// The footnotes the block refers to, by label.
    pub footnotes: Vec<String>,
}

impl Item {
    /// A block that is not a link-only list item.
    pub fn content(block: Block) -> Self {
        Self {
            block,
            link_only: false,
            external: false,
            footnotes: Vec::new(),
        }
    }
}

/// Drops the navigation-only sections and the trailing site footer, and returns the rest.
pub(crate) fn arrange(mut items: Vec<Item>) -> Vec<Item> {
    while items
        .last()
        .is_some_and(|item| item.link_only && item.external)
    {
        items.pop();
    }
    let mut keep = vec![true; items.len()];
    for start in (0..items.len()).rev() {
        let Some(level) = heading_level(&items, start) else {
            continue;
        };
        let end = (start + 1..items.len())
            .find(|&j| heading_level(&items, j).is_some_and(|l| l <= level))
            .unwrap_or(items.len());
        let kept: Vec<usize> = (start + 1..end)
            .filter(|&j| keep.get(j).copied().unwrap_or(false))
            .collect();
        let navigation_only = kept.iter().all(|&j| {
            heading_level(&items, j).is_some() || items.get(j).is_some_and(|i| i.link_only)
        });
        let title = items.get(start).map_or("", |item| item.block.text.as_str());
        let drop_all = kept.is_empty() || (is_navigation_title(title) && navigation_only);
        if drop_all {
            for j in std::iter::once(start).chain(kept) {
                if let Some(flag) = keep.get_mut(j) {
                    *flag = false;
                }
            }
        }
    }
    items
        .into_iter()
        .zip(keep)
        .filter_map(|(item, keep)| keep.then_some(item))
        .collect()
}

fn heading_level(items: &[Item], index: usize) -> Option<u8> {
    match items.get(index)?.block.kind {
        BlockKind::Heading(level) => Some(level),
        _ => None,
    }
}

fn is_navigation_title(title: &str) -> bool {
    NAVIGATION_TITLES
        .iter()
        .any(|nav| title.trim().eq_ignore_ascii_case(nav))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(kind: BlockKind, text: &str) -> Block {
        Block {
            kind,
            text: text.to_owned(),
            emphasis: Vec::new(),
            line: 1,
            part: 0,
        }
    }

    fn heading(level: u8, text: &str) -> Item {
        Item::content(block(BlockKind::Heading(level), text))
    }

    fn paragraph(text: &str) -> Item {
        Item::content(block(BlockKind::Paragraph, text))
    }

    fn link_item(text: &str, external: bool) -> Item {
        Item {
            block: block(BlockKind::ListItem, text),
            link_only: true,
            external,
            footnotes: Vec::new(),
        }
    }

    fn texts(items: &[Item]) -> Vec<&str> {
        items.iter().map(|i| i.block.text.as_str()).collect()
    }

    #[test]
    fn wiki_tail_sections_go() {
        // The end of the wiki article (lines 113-141), reduced.
        let items = vec![
            heading(3, "水资源爭議"),
            paragraph("目前，與中国在水资源方面的爭議"),
            heading(2, "参考文献"),
            heading(2, "參見"),
            link_item("中国哈萨克族", false),
            link_item("哈薩克斯坦外交", false),
            heading(2, "外部链接"),
            link_item("中华人民共和国驻哈萨克斯坦共和国大使馆官方網站", true),
        ];
        assert_eq!(
            texts(&arrange(items)),
            vec!["水资源爭議", "目前，與中国在水资源方面的爭議"]
        );
    }

    #[test]
    fn trailing_site_footer_goes() {
        // The end of the news article (lines 61-66).
        let items = vec![
            paragraph("免责声明：本文内容仅代表作者个人观点，平台不承担任何法律风险。"),
            link_item("ROL Foundation", true),
            link_item("Privacy Policy", true),
        ];
        assert_eq!(arrange(items).len(), 1);
    }

    #[test]
    fn content_is_never_dropped_with_navigation() {
        let items = vec![
            heading(2, "參見"),
            paragraph("另见下列条目，它们讲述了更多历史。"),
            link_item("中国哈萨克族", false),
            heading(2, "成员国"),
            link_item("中国", false),
            link_item("俄罗斯", false),
        ];
        assert_eq!(arrange(items.clone()).len(), items.len());
    }

    #[test]
    fn empty_subsections_go_but_their_parents_stay_when_full() {
        let items = vec![
            heading(2, "歷史"),
            heading(3, "空"),
            heading(3, "汉朝至清朝"),
            paragraph("有歷史學家指出"),
            heading(2, "空的"),
        ];
        assert_eq!(
            texts(&arrange(items)),
            vec!["歷史", "汉朝至清朝", "有歷史學家指出"]
        );
    }
}
