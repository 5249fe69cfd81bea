//! A third article of either kind comes out clean: made-up articles in the same converter
//! dialects, with other names, other sections and the constructs in other places.

// In a module named `clean` so that `cargo test -p moye-compiler clean` runs these too.
mod clean {
    use moye_compiler::clean::clean;
    use moye_compiler::document::{Block, BlockKind};

    fn shape(blocks: &[Block]) -> Vec<(BlockKind, &str)> {
        blocks.iter().map(|b| (b.kind, b.text.as_str())).collect()
    }

    #[test]
    fn another_converted_wiki_article() {
        let source = r##"**俄哈關係**\[1\]（），是指[俄羅斯](https://zh.wikipedia.org/wiki/俄羅斯 "wikilink")和[哈薩克斯坦](../Page/哈薩克斯坦.md "wikilink")之間的關係\[2\]。

## 歷史

[缩略图](https://zh.wikipedia.org/wiki/File:Map.png "fig:缩略图")兩國的邊界\]\]
兩國邊界長約7500公里\[3\]，是世界上第二長的陸地邊界。-{zh-hans:阿斯塔纳;zh-hant:阿斯塔納;}-是首都。

### 蘇聯時期

\-{zh-hans:[A_-_hans.png](https://zh.wikipedia.org/wiki/File:A_-_hans.png "fig:A_-_hans.png");
zh-tw:[A_-_hant.png](https://zh.wikipedia.org/wiki/File:A_-_hant.png "fig:A_-_hant.png")}-

哈薩克蘇維埃社會主義共和國是[蘇聯](../Page/蘇聯.md "wikilink")的加盟共和國之一（1936年–1991年），
其首都為阿拉木圖\[4\]。

## 參考資料

## 相關條目

  -
  - [俄羅斯外交](https://zh.wikipedia.org/wiki/俄羅斯外交 "wikilink")

## 外部連結

  - [俄羅斯駐哈薩克斯坦大使館](http://www.example.ru/)

{{-}}

[Category:俄羅斯雙邊關係](https://zh.wikipedia.org/wiki/Category:俄羅斯雙邊關係 "wikilink")

1.
2.

3.
4.
"##;
        let document = clean(source, "content/third-wiki.md").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(document.title, "俄哈關係");
        assert_eq!(
        shape(&document.blocks),
        vec![
            (BlockKind::Paragraph, "俄哈關係，是指俄羅斯和哈薩克斯坦之間的關係。"),
            (BlockKind::Heading(2), "歷史"),
            (
                BlockKind::Paragraph,
                "兩國邊界長約7500公里，是世界上第二長的陸地邊界。阿斯塔纳是首都。"
            ),
            (BlockKind::Heading(3), "蘇聯時期"),
            (
                BlockKind::Paragraph,
                "哈薩克蘇維埃社會主義共和國是蘇聯的加盟共和國之一（1936年–1991年），其首都為阿拉木圖。"
            ),
        ]
    );
    }

    #[test]
    fn another_reposted_news_article() {
        let source = r##"---
title: "观察：中亚的水"
date: 2022-02-01
---
`雅典娜农场` [轉載自GNews](https://gnews.org/zh-hans/1/)

#### **作者：某某**

- ![](https://assets.gnews.org/x.jpg)图片来源：网络

**中亚**的河流**2021****年**减少了一半。
Central Asia
News报道了此事。

原文链接：[Water in Central Asia](https://example.com/water)

编辑：某某
更多资讯，请关注：**
**[农场Twitter](https://twitter.com/farm)：farm
[农场GTV](https://gtv.org/user/farm)

免責聲明：本文僅代表作者觀點。

- [Terms of use](https://gnews.org/terms/)
"##;
        let document = clean(source, "content/third-news.md").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(document.title, "观察：中亚的水");
        assert_eq!(
            shape(&document.blocks),
            vec![
                (BlockKind::Meta, "雅典娜农场 轉載自GNews"),
                (BlockKind::Meta, "作者：某某"),
                (
                    BlockKind::Paragraph,
                    "中亚的河流2021年减少了一半。Central Asia News报道了此事。"
                ),
                (BlockKind::Note, "原文链接：Water in Central Asia"),
                (BlockKind::Meta, "编辑：某某"),
                (BlockKind::Note, "免責聲明：本文僅代表作者觀點。"),
            ]
        );
        assert_eq!(document.blocks[2].emphasis, vec![0..2, 5..10]);
    }

    #[test]
    fn plain_markdown_with_a_heading_title() {
        let source = "# 标题\n\n第一段，*斜体*与`代码`。\n\n- 列表项一\n- [列表项二](https://example.com/)\n\n## 小节\n\n> 引文。\n";
        let document = clean(source, "content/plain.md").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(document.title, "标题");
        assert_eq!(
            shape(&document.blocks),
            vec![
                (BlockKind::Paragraph, "第一段，斜体与代码。"),
                (BlockKind::ListItem, "• 列表项一"),
                (BlockKind::ListItem, "• 列表项二"),
                (BlockKind::Heading(2), "小节"),
                (BlockKind::Paragraph, "引文。"),
            ]
        );
    }
}
