//! Markdown beyond the two seed articles: every CommonMark/GFM construct asserted block by
//! block, and small excerpts in the style of the real files that used to be refused
//! (zh.wikipedia pages exported to Markdown, Jekyll news posts with YAML front matter).

// In a module named `clean` so that `cargo test -p moye-compiler clean` runs these too.
mod clean {
    use moye_compiler::clean::clean;
    use moye_compiler::document::{Block, BlockKind, Document};

    fn cleaned(source: &str) -> Document {
        clean(source, "content/sample.md").unwrap_or_else(|e| panic!("{e}"))
    }

    fn shape(blocks: &[Block]) -> Vec<(BlockKind, &str)> {
        blocks.iter().map(|b| (b.kind, b.text.as_str())).collect()
    }

    const P: BlockKind = BlockKind::Paragraph;
    const LI: BlockKind = BlockKind::ListItem;
    const META: BlockKind = BlockKind::Meta;
    const NOTE: BlockKind = BlockKind::Note;
    const H2: BlockKind = BlockKind::Heading(2);
    const H3: BlockKind = BlockKind::Heading(3);

    /// Every construct once. Line numbers are in the comments of the expected blocks.
    const EVERYTHING: &str = r#"# 测试文档

第一段有**粗体**、*斜体*、~~删除线~~和`代码`，小行星(35396) 1997 XF11，a*b，C#，A|B。
访问 https://example.org/a?b=1 或 <https://example.com/x>。

## 列表

- 一
  - 二
    1. 三
    2. 四
- [ ] 待办
- [x] 完成

3. 第三
4. 第四

## 表格

| 国家 | 首都 |
|------|:----:|
| 中国 | 北京 |
| 哈萨克斯坦 | |

|   | 2020 |
|---|---|
| 人口 | 1900万 |

## 其他

```rust
fn main() {
	println!("你好");
}
```

正文有注释[^1]和另一个[^长]。H<sub>2</sub>O，<figcaption>图说</figcaption>，<foo>未知</foo>。<script>alert(1)</script>后。&amp; &copy; &#x4E2D;

第一行<br>第二行

<div>
块内<b>文字</b>&amp;
</div>

<references />

<script>
var x = 1;
</script>

> 引用的段落。
>
> 第二段。

![替代文字](a.png)图后文字

[^1]: 注一的文字。
[^长]: 注二。

### 下一节

{{lang|kk|Қазақстан}}与{{-}}。[链接](http://x) [abc **未闭合 `也未闭合
"#;

    #[test]
    fn every_construct_block_by_block() {
        let document = cleaned(EVERYTHING);
        assert_eq!(document.title, "测试文档");
        assert_eq!(
            shape(&document.blocks),
            vec![
                // Emphasis: the words; a code span, bare and autolinked URLs: their text.
                (P, "第一段有粗体、斜体、删除线和代码，小行星(35396) 1997 XF11，a*b，C#，A|B。访问 https://example.org/a?b=1 或 https://example.com/x。"),
                (H2, "列表"),
                (LI, "• 一"),
                (LI, "\u{3000}• 二"),
                (LI, "\u{3000}\u{3000}1. 三"),
                (LI, "\u{3000}\u{3000}2. 四"),
                (LI, "□ 待办"),
                (LI, "▣ 完成"),
                (LI, "3. 第三"),
                (LI, "4. 第四"),
                (H2, "表格"),
                // One block per body row; an empty cell is left out.
                (P, "国家：中国；首都：北京"),
                (P, "国家：哈萨克斯坦"),
                // A cell under an empty header gives its value alone.
                (P, "人口；2020：1900万"),
                (H2, "其他"),
                // A code block: one meta line per line, text as written (indent not kept).
                (META, "fn main() {"),
                (META, "println!(\"你好\");"),
                (META, "}"),
                // Footnote marks, tags, script and comments go; entities are decoded.
                (P, "正文有注释和另一个。H2O，图说，未知。后。& © 中"),
                // `<br>` splits the block.
                (P, "第一行"),
                (P, "第二行"),
                // An HTML block gives its text; `<references />` and `<script>` nothing.
                (P, "块内文字&"),
                // A block quote's paragraphs are paragraphs.
                (P, "引用的段落。"),
                (P, "第二段。"),
                // An image goes, alt text included.
                (P, "图后文字"),
                // The footnotes at the end of the section that refers to them.
                (NOTE, "注一的文字。"),
                (NOTE, "注二。"),
                (H3, "下一节"),
                // Templates, and literal text where CommonMark finds no markup.
                (P, "Қазақстан与。链接 [abc 未闭合 `也未闭合"),
            ]
        );
        let lines: Vec<usize> = document.blocks.iter().map(|b| b.line).collect();
        assert_eq!(
            lines,
            vec![
                3, 6, 8, 9, 10, 11, 12, 13, 15, 16, 18, 22, 23, 27, 29, 32, 33, 34, 37, 39, 39, 42,
                51, 53, 55, 57, 58, 60, 62
            ]
        );
        assert_eq!(document.blocks[0].emphasis, vec![4..6]);
    }

    #[test]
    fn bold_in_lists_and_tables_shifts_with_the_marker() {
        let document = cleaned("# 标题\n\n- 有**粗**字\n\n| 名 |\n|---|\n| **值** |\n");
        assert_eq!(
            shape(&document.blocks),
            vec![(LI, "• 有粗字"), (P, "名：值")]
        );
        assert_eq!(document.blocks[0].emphasis, vec![3..4]);
        assert_eq!(document.blocks[1].emphasis, vec![2..3]);
    }

    #[test]
    fn a_table_without_body_rows_gives_its_header_cells() {
        let document = cleaned("# 标题\n\n| 甲 | 乙 |\n|---|---|\n");
        assert_eq!(shape(&document.blocks), vec![(P, "甲；乙")]);
    }

    #[test]
    fn unreferenced_footnotes_go_to_the_end() {
        let document = cleaned("# 标题\n\n正文。\n\n## 节\n\n文字。\n\n[^x]: 没人引用的注。\n");
        assert_eq!(
            shape(&document.blocks),
            vec![
                (P, "正文。"),
                (H2, "节"),
                (P, "文字。"),
                (NOTE, "没人引用的注。")
            ]
        );
    }

    // ---------------------------------------------------------------------------------------------
    // Excerpts in the style of the real files that used to be refused: ASCII parentheses in prose,
    // pipe tables, `<figcaption>`, bare URLs in a sentence.

    #[test]
    fn wiki_export_with_a_designation_and_a_table() {
        let source = r#"**(35396) 1997 XF11**是一颗[阿波罗型小行星](https://zh.wikipedia.org/wiki/阿波罗型小行星 "wikilink")，由[吉姆·斯科蒂](../Page/吉姆·斯科蒂.md "wikilink")于1997年12月6日发现\[1\]。

## 轨道

| 参数 | 数值 |
| --- | --- |
| 半长轴 | 1.442 [AU](https://zh.wikipedia.org/wiki/天文单位 "wikilink") |
| 偏心率 | 0.484 |

1998年曾有报道指(35396) 1997 XF11可能在2028年撞击地球\[2\]，后经计算排除。
"#;
        let document = cleaned(source);
        assert_eq!(document.title, "(35396) 1997 XF11");
        assert_eq!(
            shape(&document.blocks),
            vec![
                (
                    P,
                    "(35396) 1997 XF11是一颗阿波罗型小行星，由吉姆·斯科蒂于1997年12月6日发现。"
                ),
                (H2, "轨道"),
                (P, "参数：半长轴；数值：1.442 AU"),
                (P, "参数：偏心率；数值：0.484"),
                (
                    P,
                    "1998年曾有报道指(35396) 1997 XF11可能在2028年撞击地球，后经计算排除。"
                ),
            ]
        );
        assert_eq!(document.blocks[0].emphasis, vec![0..17]);
        let lines: Vec<usize> = document.blocks.iter().map(|b| b.line).collect();
        assert_eq!(lines, vec![1, 3, 7, 8, 10]);
    }

    #[test]
    fn wiki_export_with_html_templates_and_variants() {
        let source = r#"**二氧化碳**（化学式：CO<sub>2</sub>）是一种-{zh-hans:无色;zh-hant:無色;}-气体\[1\]，英文名{{lang|en|carbon dioxide}}。

## 性质

在标准状况下，其密度约为1.98 kg/m<sup>3</sup>\[2\]。

## 参考文献

<references />

## 外部链接

  - [美国化学会](https://www.acs.org/)
"#;
        let document = cleaned(source);
        assert_eq!(document.title, "二氧化碳");
        assert_eq!(
            shape(&document.blocks),
            vec![
                (
                    P,
                    "二氧化碳（化学式：CO2）是一种无色气体，英文名carbon dioxide。"
                ),
                (H2, "性质"),
                (P, "在标准状况下，其密度约为1.98 kg/m3。"),
            ]
        );
    }

    #[test]
    fn jekyll_post_with_a_figure_and_a_bare_url() {
        let source = r#"---
layout: post
title: "嫦娥五号带回月球样品"
date: 2020-12-17 10:00:00 +0800
categories: [新闻, 航天]
tags: 探月
---

<figure>
  <img src="/assets/img/ce5.jpg" alt="返回器">
  <figcaption>嫦娥五号返回器着陆现场</figcaption>
</figure>

12月17日凌晨，嫦娥五号返回器携带月球样品在内蒙古着陆。详情见 https://www.cnsa.gov.cn/n6758823/index.html 的公告。
"#;
        let document = cleaned(source);
        assert_eq!(document.title, "嫦娥五号带回月球样品");
        assert_eq!(
            shape(&document.blocks),
            vec![
                (P, "嫦娥五号返回器着陆现场"),
                (P, "12月17日凌晨，嫦娥五号返回器携带月球样品在内蒙古着陆。详情见 https://www.cnsa.gov.cn/n6758823/index.html 的公告。"),
            ]
        );
        let lines: Vec<usize> = document.blocks.iter().map(|b| b.line).collect();
        assert_eq!(lines, vec![11, 14]);
    }

    #[test]
    fn jekyll_post_with_a_table_a_caption_and_a_list() {
        let source = r#"---
title: 2023年各地GDP排行
---

据统计局数据（来源：http://www.stats.gov.cn/），各省排名如下：

| 排名 | 省份 | GDP（亿元） |
|:---:|---|---:|
| 1 | 广东 | 135,673 |
| 2 | 江苏 | 128,222 |

<figcaption>表1：2023年GDP前两名</figcaption>

1. 广东连续35年居首；
2. 江苏紧随其后。
"#;
        let document = cleaned(source);
        assert_eq!(document.title, "2023年各地GDP排行");
        assert_eq!(
            shape(&document.blocks),
            vec![
                (
                    P,
                    "据统计局数据（来源：http://www.stats.gov.cn/），各省排名如下："
                ),
                (P, "排名：1；省份：广东；GDP（亿元）：135,673"),
                (P, "排名：2；省份：江苏；GDP（亿元）：128,222"),
                (P, "表1：2023年GDP前两名"),
                (LI, "1. 广东连续35年居首；"),
                (LI, "2. 江苏紧随其后。"),
            ]
        );
    }

    #[test]
    fn wiki_export_with_symbols_in_prose() {
        let source = r#"**C#**是[微软](https://zh.wikipedia.org/wiki/微软 "wikilink")推出的一种编程语言\[1\]，读作“C
sharp”。其语法与[Java](../Page/Java.md "wikilink")相似，常写作`a|b`或A|B的形式。官方网站为https://learn.microsoft.com/dotnet/csharp/\[2\]。
"#;
        let document = cleaned(source);
        assert_eq!(document.title, "C#");
        assert_eq!(
            shape(&document.blocks),
            vec![(P, "C#是微软推出的一种编程语言，读作“C sharp”。其语法与Java相似，常写作a|b或A|B的形式。官方网站为https://learn.microsoft.com/dotnet/csharp/。")]
        );
    }

    #[test]
    fn jekyll_post_with_inline_html_entities_and_a_byline() {
        let source = r#"---
title: '社区通知：停水'
author: 物业
---

**各位业主：**<br>因管道检修，本小区将于6月1日停水。<!-- more -->

<span style="color:red">请提前储水</span>&nbsp;&mdash;&nbsp;物业服务中心

发布：物业办公室
"#;
        let document = cleaned(source);
        assert_eq!(document.title, "社区通知：停水");
        assert_eq!(
            shape(&document.blocks),
            vec![
                (P, "各位业主："),
                (P, "因管道检修，本小区将于6月1日停水。"),
                (P, "请提前储水 — 物业服务中心"),
                (META, "发布：物业办公室"),
            ]
        );
        assert_eq!(document.blocks[0].emphasis, vec![0..5]);
    }
}
