//! One test per row of CONTENT.md's table: real source lines copied from the two articles as
//! input, and the expected output written from the spec.

// In a module named `clean` so that `cargo test -p moye-compiler clean` runs these too.
mod clean {
    use moye_compiler::clean::clean;
    use moye_compiler::document::{Block, BlockKind, Document};

    /// Front matter giving a title, so that a wiki excerpt without its lead can be cleaned. It
    /// takes three lines: excerpt line `n` is file line `n + 3`.
    const FRONT: &str = "---\ntitle: 测试\n---\n";

    fn clean_excerpt(excerpt: &str) -> Vec<Block> {
        match clean(&format!("{FRONT}{excerpt}"), "content/excerpt.md") {
            Ok(document) => document.blocks,
            Err(error) => panic!("{error}"),
        }
    }

    fn clean_file(source: &str) -> Document {
        match clean(source, "content/excerpt.md") {
            Ok(document) => document,
            Err(error) => panic!("{error}"),
        }
    }

    fn shape(blocks: &[Block]) -> Vec<(BlockKind, &str)> {
        blocks.iter().map(|b| (b.kind, b.text.as_str())).collect()
    }

    fn only_paragraph(excerpt: &str) -> Block {
        let blocks = clean_excerpt(excerpt);
        assert_eq!(blocks.len(), 1, "{:?}", shape(&blocks));
        let block = blocks.into_iter().next().unwrap();
        assert_eq!(block.kind, BlockKind::Paragraph);
        block
    }

    #[test]
    fn links_give_their_text_only() {
        // Wiki line 3: full wikipedia URLs.
        let line = r##"目前，中華人民共和國在哈萨克斯坦[阿斯塔纳設有大使馆](https://zh.wikipedia.org/wiki/阿斯塔纳 "wikilink")\[7\]，哈萨克斯坦驻华大使馆則位於[北京](https://zh.wikipedia.org/wiki/北京 "wikilink")\[8\]。"##;
        let block = only_paragraph(line);
        assert_eq!(
            block.text,
            "目前，中華人民共和國在哈萨克斯坦阿斯塔纳設有大使馆，哈萨克斯坦驻华大使馆則位於北京。"
        );
        assert_eq!(block.line, 4);
        assert!(block.emphasis.is_empty());

        // Wiki line 111: a relative `../Page/` link.
        let line = r##"目前，中國與哈薩克斯坦的邊界設有[非軍事區](../Page/非軍事區.md "wikilink")\[105\]。"##;
        assert_eq!(
            only_paragraph(line).text,
            "目前，中國與哈薩克斯坦的邊界設有非軍事區。"
        );

        // Wiki line 91: an anchor link.
        let line = r##"中国驻哈萨克斯坦大使[乐玉成](../Page/乐玉成.md "wikilink")指出，中哈兩國建交20多年来的发展「迅速又十分平稳」，因為两国关系並没有出现过波折、起伏，两国之間亦没有重大利益分歧和無法化解的矛盾\[86\]（目前中哈兩國並沒有[水资源爭議外的爭議](https://zh.wikipedia.org/wiki/#水资源爭議 "wikilink")\[87\]）。"##;
        assert_eq!(
        only_paragraph(line).text,
        "中国驻哈萨克斯坦大使乐玉成指出，中哈兩國建交20多年来的发展「迅速又十分平稳」，因為两国关系並没有出现过波折、起伏，两国之間亦没有重大利益分歧和無法化解的矛盾（目前中哈兩國並沒有水资源爭議外的爭議）。"
    );
    }

    #[test]
    fn link_text_running_past_the_target_word_is_kept_as_is() {
        // Wiki line 111 again is too plain; line 110 has `《[…](…)》`, line 11 runs past the word.
        let line = r##"有歷史學家指出，中國在[公元前2世紀已對](https://zh.wikipedia.org/wiki/公元前2世紀 "wikilink")[哈薩克斯坦所在地区帶來影響](https://zh.wikipedia.org/wiki/哈薩克斯坦 "wikilink")\[9\]。古代的[哈薩克斯坦已和中國有淵源](https://zh.wikipedia.org/wiki/哈薩克斯坦 "wikilink")，該地對中西文化的交流起了關鍵作用\[10\]。"##;
        assert_eq!(
        only_paragraph(line).text,
        "有歷史學家指出，中國在公元前2世紀已對哈薩克斯坦所在地区帶來影響。古代的哈薩克斯坦已和中國有淵源，該地對中西文化的交流起了關鍵作用。"
    );
    }

    #[test]
    fn reference_markers_vanish_and_punctuation_stays() {
        // Wiki line 69.
        let line =
            r"根據2014年中的資料，中国有近8000名哈萨克斯坦留学生，哈萨克斯坦亦有中国留学生\[74\]。";
        assert_eq!(
            only_paragraph(line).text,
            "根據2014年中的資料，中国有近8000名哈萨克斯坦留学生，哈萨克斯坦亦有中国留学生。"
        );
        // Wiki line 67: `（4%）\[71\]。` → `（4%）。`, and `68%`.
        let line = r##"自2000年以来，赴哈萨克斯坦的华人明显增多\[69\]；2010年，有研究顯示68%的哈萨克斯坦城市人指他们的城市內有[中国公民](../Page/中國國籍.md "wikilink")，這些受訪者中有56%人認為在他们的城市內的中国人不多，36%則指出有很多\[70\]；多數受访者认为中国公民赴哈萨克斯坦的主要目的是为了寻找工作（57%）和经商（49%），亦有一定数量的受访者认为他們是为了其他目的而赴哈萨克斯坦，如结婚和定居（8%）、获得国籍（6%）和获得财产（4%）\[71\]。哈萨克斯坦有約十万名百多年前從[陕西](https://zh.wikipedia.org/wiki/陕西 "wikilink")[西安逃到該國的](https://zh.wikipedia.org/wiki/西安 "wikilink")[東干人](https://zh.wikipedia.org/wiki/東干人 "wikilink")，他們在中国改革开放后到新疆從事贸易，又从西安引进技术，发展哈萨克经济\[72\]；至於中國的哈薩克人則大多数分佈在新疆北部，亦有一小部份分佈在[甘肃和](https://zh.wikipedia.org/wiki/甘肃 "wikilink")[青海](https://zh.wikipedia.org/wiki/青海 "wikilink")\[73\]。"##;
        assert_eq!(
        only_paragraph(line).text,
        "自2000年以来，赴哈萨克斯坦的华人明显增多；2010年，有研究顯示68%的哈萨克斯坦城市人指他们的城市內有中国公民，這些受訪者中有56%人認為在他们的城市內的中国人不多，36%則指出有很多；多數受访者认为中国公民赴哈萨克斯坦的主要目的是为了寻找工作（57%）和经商（49%），亦有一定数量的受访者认为他們是为了其他目的而赴哈萨克斯坦，如结婚和定居（8%）、获得国籍（6%）和获得财产（4%）。哈萨克斯坦有約十万名百多年前從陕西西安逃到該國的東干人，他們在中国改革开放后到新疆從事贸易，又从西安引进技术，发展哈萨克经济；至於中國的哈薩克人則大多数分佈在新疆北部，亦有一小部份分佈在甘肃和青海。"
    );
    }

    #[test]
    fn numbered_stubs_and_the_empty_references_section_vanish() {
        // Wiki lines 117-121 and 149-155.
        let excerpt = r"兩国就邊界河流法律地位的爭論從1998年持續至今\[108\]。

## 参考文献

1.
2.
3.

4.

5.
";
        assert_eq!(
            shape(&clean_excerpt(excerpt)),
            vec![(
                BlockKind::Paragraph,
                "兩国就邊界河流法律地位的爭論從1998年持續至今。"
            )]
        );
    }

    #[test]
    fn wiki_lead_gives_the_title_and_loses_the_empty_parentheses() {
        // Wiki lines 1-3.
        let source = r##"**中哈關係**\[1\]\[2\]（），是指[歷史上的中國和](https://zh.wikipedia.org/wiki/中國歷史 "wikilink")[哈薩克](https://zh.wikipedia.org/wiki/哈薩克斯坦歷史 "wikilink")、以至[中华人民共和国和](https://zh.wikipedia.org/wiki/中华人民共和国 "wikilink")[哈薩克斯坦共和国之間的雙邊關係](https://zh.wikipedia.org/wiki/哈薩克斯坦共和国 "wikilink")。自從两国於1992年建交後，两国在政治、经济、文化等领域的关系得到了良好且稳定的发展\[3\]。哈萨克斯坦承认中华人民共和国是代表全[中国的唯一合法政府](https://zh.wikipedia.org/wiki/中国 "wikilink")，支持[中国统一](https://zh.wikipedia.org/wiki/一個中國 "wikilink")\[4\]；但哈萨克斯坦曾經有[维吾尔人集会抗議中共被指镇压维吾尔族](https://zh.wikipedia.org/wiki/维吾尔人 "wikilink")，要求[新疆独立](https://zh.wikipedia.org/wiki/新疆独立 "wikilink")\[5\]。[中国共产党](../Page/中国共产党.md "wikilink")和哈萨克斯坦執政黨[祖国之光](../Page/祖国之光.md "wikilink")有良好的合作关系，中方曾表示高度重视两党之间的交流，並希望进一步加强與該黨的合作\[6\]。

目前，中華人民共和國在哈萨克斯坦[阿斯塔纳設有大使馆](https://zh.wikipedia.org/wiki/阿斯塔纳 "wikilink")\[7\]，哈萨克斯坦驻华大使馆則位於[北京](https://zh.wikipedia.org/wiki/北京 "wikilink")\[8\]。
"##;
        let document = clean_file(source);
        assert_eq!(document.title, "中哈關係");
        let lead = &document.blocks[0];
        assert_eq!(lead.kind, BlockKind::Paragraph);
        assert_eq!(
        lead.text,
        "中哈關係，是指歷史上的中國和哈薩克、以至中华人民共和国和哈薩克斯坦共和国之間的雙邊關係。自從两国於1992年建交後，两国在政治、经济、文化等领域的关系得到了良好且稳定的发展。哈萨克斯坦承认中华人民共和国是代表全中国的唯一合法政府，支持中国统一；但哈萨克斯坦曾經有维吾尔人集会抗議中共被指镇压维吾尔族，要求新疆独立。中国共产党和哈萨克斯坦執政黨祖国之光有良好的合作关系，中方曾表示高度重视两党之间的交流，並希望进一步加强與該黨的合作。"
    );
        assert_eq!(lead.emphasis, vec![0..4]);
        assert_eq!(lead.line, 1);
        assert_eq!(document.blocks[1].line, 3);
    }

    #[test]
    fn headings_keep_levels_two_and_three() {
        // Wiki lines 5-11: the caption line 9 leaves nothing.
        let excerpt = r##"## 歷史

### 汉朝至清朝

[缩略图](https://zh.wikipedia.org/wiki/File:Qianlong_Horse.jpg "fig:缩略图")归附清朝，派使者向乾隆帝贡[马](../Page/马.md "wikilink")\]\]

有歷史學家指出，中國在[公元前2世紀已對](https://zh.wikipedia.org/wiki/公元前2世紀 "wikilink")[哈薩克斯坦所在地区帶來影響](https://zh.wikipedia.org/wiki/哈薩克斯坦 "wikilink")\[9\]。古代的[哈薩克斯坦已和中國有淵源](https://zh.wikipedia.org/wiki/哈薩克斯坦 "wikilink")，該地對中西文化的交流起了關鍵作用\[10\]。
"##;
        let blocks = clean_excerpt(excerpt);
        assert_eq!(
        shape(&blocks),
        vec![
            (BlockKind::Heading(2), "歷史"),
            (BlockKind::Heading(3), "汉朝至清朝"),
            (
                BlockKind::Paragraph,
                "有歷史學家指出，中國在公元前2世紀已對哈薩克斯坦所在地区帶來影響。古代的哈薩克斯坦已和中國有淵源，該地對中西文化的交流起了關鍵作用。"
            ),
        ]
    );
        let lines: Vec<usize> = blocks.iter().map(|b| b.line).collect();
        assert_eq!(lines, vec![4, 6, 10]);
    }

    #[test]
    fn broken_figures_leave_nothing() {
        // Wiki lines 113-117 (caption line 115) and line 55 alone.
        let excerpt = r##"### 水资源爭議

[缩略图](https://zh.wikipedia.org/wiki/File:Irtysh_river_basin_map.png "fig:缩略图")流經中國和哈薩克的一些城市\]\]

目前，與中国在水资源方面的爭議的主要中亚国家是哈萨克斯坦\[106\]：跨界水资源利用成为中亚地区对外经济政策的重点，因此河流争端对中哈双方是涉及经济、政治、人文、自然保护等領域的综合问题\[107\]。兩国就邊界河流法律地位的爭論從1998年持續至今\[108\]。

[缩略图](https://zh.wikipedia.org/wiki/File:Silk-Road_course.jpg "fig:缩略图")的一段成為[世界文化遗产](https://zh.wikipedia.org/wiki/世界文化遗产 "wikilink")，圖中可見丝绸之路橫越兩國領土\]\]
"##;
        let blocks = clean_excerpt(excerpt);
        assert_eq!(
        shape(&blocks),
        vec![
            (BlockKind::Heading(3), "水资源爭議"),
            (
                BlockKind::Paragraph,
                "目前，與中国在水资源方面的爭議的主要中亚国家是哈萨克斯坦：跨界水资源利用成为中亚地区对外经济政策的重点，因此河流争端对中哈双方是涉及经济、政治、人文、自然保护等領域的综合问题。兩国就邊界河流法律地位的爭論從1998年持續至今。"
            ),
        ]
    );
    }

    #[test]
    fn caption_line_followed_by_paragraph_text_gives_only_the_paragraph() {
        // Wiki lines 73-74; line 74 also holds variant markup inside link text.
        let excerpt = r##"[缩略图](https://zh.wikipedia.org/wiki/File:Type_056_corvette_in_ShangHai.jpg "fig:缩略图")，該艦的模型曾在哈薩克防務展中亮相\]\]
哈萨克斯坦积极发展与中国、俄罗斯、[美国](../Page/美国.md "wikilink")、[土耳其](../Page/土耳其.md "wikilink")等国的军事合作\[75\]；近年來，中國向哈薩克斯坦提供軍事援助，亦與該國在內的[中亞國家舉行以](https://zh.wikipedia.org/wiki/中亞 "wikilink")[俄語為工作語言的聯合軍事演習](https://zh.wikipedia.org/wiki/俄語 "wikilink")；中國領導層指這些演習旨在打擊「[三股勢力](https://zh.wikipedia.org/wiki/三股勢力 "wikilink")」（暴力恐怖勢力、民族分裂勢力和宗教極端勢力），以維持中亞地區和平、安全和穩定\[76\]。[-{zh-hans:达尼亚尔·肯热塔耶维奇·艾哈迈托夫;zh-hant:達尼亞爾·肯熱塔耶維奇·艾哈邁托夫;}-在](../Page/达尼亚尔·肯热塔耶维奇·艾哈迈托夫.md "wikilink")2007年表示哈薩克斯坦將繼續視中俄兩國為國際軍事合作領域的戰略夥伴\[77\]。
"##;
        let block = only_paragraph(excerpt);
        assert_eq!(
        block.text,
        "哈萨克斯坦积极发展与中国、俄罗斯、美国、土耳其等国的军事合作；近年來，中國向哈薩克斯坦提供軍事援助，亦與該國在內的中亞國家舉行以俄語為工作語言的聯合軍事演習；中國領導層指這些演習旨在打擊「三股勢力」（暴力恐怖勢力、民族分裂勢力和宗教極端勢力），以維持中亞地區和平、安全和穩定。达尼亚尔·肯热塔耶维奇·艾哈迈托夫在2007年表示哈薩克斯坦將繼續視中俄兩國為國際軍事合作領域的戰略夥伴。"
    );
        // The block starts where its text does: the caption's line is not part of it.
        assert_eq!(block.line, 5);
    }

    #[test]
    fn image_only_variant_block_gives_nothing() {
        // Wiki lines 31-37.
        let excerpt = r##"### 貿易

\-{zh-hans:[Chinese-Kazakh_bilateral_trade_-_hans.png](https://zh.wikipedia.org/wiki/File:Chinese-Kazakh_bilateral_trade_-_hans.png "fig:Chinese-Kazakh_bilateral_trade_-_hans.png");
zh-hk:[Chinese-Kazakh_bilateral_trade_-_hant.png](https://zh.wikipedia.org/wiki/File:Chinese-Kazakh_bilateral_trade_-_hant.png "fig:Chinese-Kazakh_bilateral_trade_-_hant.png");
zh-tw:[Chinese-Kazakh_bilateral_trade_-_hant.png](https://zh.wikipedia.org/wiki/File:Chinese-Kazakh_bilateral_trade_-_hant.png "fig:Chinese-Kazakh_bilateral_trade_-_hant.png")}-

中哈两国建交时的雙边贸易總额只有3.7亿[美元](../Page/美元.md "wikilink")，其後在20年间增长了近70倍，两国领导人已确定贸易额在2015年上升到400亿美元的目标\[32\]。2009年，哈萨克斯坦与中国的雙边贸易總额超过了該國与[俄罗斯](../Page/俄罗斯.md "wikilink")的贸易额，中国成为哈萨克斯坦的第二大贸易伙伴\[33\]。2012年，兩國双边贸易總额从2001年的12.9亿美元增长到330亿美元，佔哈萨克斯坦对外贸易总额的三分之一\[34\]，但近年来中哈两国之間的貿易因[人民币](../Page/人民币.md "wikilink")与[坚戈汇率制度改革而面臨危機](../Page/哈萨克斯坦坚戈.md "wikilink")\[35\]。
"##;
        assert_eq!(
        shape(&clean_excerpt(excerpt)),
        vec![
            (BlockKind::Heading(3), "貿易"),
            (
                BlockKind::Paragraph,
                "中哈两国建交时的雙边贸易總额只有3.7亿美元，其後在20年间增长了近70倍，两国领导人已确定贸易额在2015年上升到400亿美元的目标。2009年，哈萨克斯坦与中国的雙边贸易總额超过了該國与俄罗斯的贸易额，中国成为哈萨克斯坦的第二大贸易伙伴。2012年，兩國双边贸易總额从2001年的12.9亿美元增长到330亿美元，佔哈萨克斯坦对外贸易总额的三分之一，但近年来中哈两国之間的貿易因人民币与坚戈汇率制度改革而面臨危機。"
            ),
        ]
    );
    }

    #[test]
    fn clear_template_and_category_links_vanish() {
        // Wiki lines 111 and 143-147.
        let excerpt = r##"目前，中國與哈薩克斯坦的邊界設有[非軍事區](../Page/非軍事區.md "wikilink")\[105\]。

{{-}}

[Category:中哈关系](https://zh.wikipedia.org/wiki/Category:中哈关系 "wikilink")
[Category:哈薩克雙邊關係](https://zh.wikipedia.org/wiki/Category:哈薩克雙邊關係 "wikilink")
[Category:中國與亞洲國家關係](https://zh.wikipedia.org/wiki/Category:中國與亞洲國家關係 "wikilink")
"##;
        assert_eq!(
            shape(&clean_excerpt(excerpt)),
            vec![(
                BlockKind::Paragraph,
                "目前，中國與哈薩克斯坦的邊界設有非軍事區。"
            )]
        );
    }

    #[test]
    fn navigation_only_sections_are_dropped_whole() {
        // Wiki lines 119-143 (the long paragraph 119 replaced by line 111).
        let excerpt = r##"### 水资源爭議

目前，中國與哈薩克斯坦的邊界設有[非軍事區](../Page/非軍事區.md "wikilink")\[105\]。

## 参考文献

## 參見

  -
  - [中国哈萨克族](https://zh.wikipedia.org/wiki/中国哈萨克族 "wikilink")

  -
  - [哈薩克斯坦外交](https://zh.wikipedia.org/wiki/哈薩克斯坦外交 "wikilink")

## 外部链接

  - [中华人民共和国驻哈萨克斯坦共和国大使馆官方網站](http://kz.china-embassy.org/chn/)

  - [中华人民共和国驻哈萨克斯坦共和国大使馆经济商务参赞处](http://kz.mofcom.gov.cn/)

  - [中华人民共和国驻阿拉木图总领事馆](http://almaty.chineseconsulate.org/chn/)

  - [哈萨克斯坦驻华大使馆官方微博](http://www.weibo.com/p/1001063084816551)

  - [哈萨克斯坦驻沪总领馆官方微博](http://www.weibo.com/KZConsulateSH)

{{-}}
"##;
        assert_eq!(
            shape(&clean_excerpt(excerpt)),
            vec![
                (BlockKind::Heading(3), "水资源爭議"),
                (
                    BlockKind::Paragraph,
                    "目前，中國與哈薩克斯坦的邊界設有非軍事區。"
                ),
            ]
        );
    }

    #[test]
    fn soft_line_breaks_join_by_script() {
        // Wiki lines 76-77: Latin words across the break.
        let excerpt = r##"2014年，中國自行研製設計生產的[056型護衛艦模型在哈薩克斯坦防務展中亮相](https://zh.wikipedia.org/wiki/056型護衛艦 "wikilink")，該艦在防務展期間得到了[哈薩克海軍](https://zh.wikipedia.org/wiki/哈薩克海軍 "wikilink")[司令佔達貝克](https://zh.wikipedia.org/wiki/司令 "wikilink")·佔扎科夫（General
Zhandarbek Zhanzakov）的特別關注\[78\]。
"##;
        assert_eq!(
        only_paragraph(excerpt).text,
        "2014年，中國自行研製設計生產的056型護衛艦模型在哈薩克斯坦防務展中亮相，該艦在防務展期間得到了哈薩克海軍司令佔達貝克·佔扎科夫（General Zhandarbek Zhanzakov）的特別關注。"
    );
        // Wiki lines 110-111: `。⏎目前` → `。目前`.
        let excerpt = r##"1996年至2001年期间，中哈两国政府对中哈边界進行实地调查和勘查工作。兩國边界線于2002年5月10日正式生效\[103\]，《[中哈国界管理制度协定](https://zh.wikipedia.org/wiki/中哈国界管理制度协定 "wikilink")》规定，两国應在边界线生效满10年后应对其进行联合检查\[104\]。
目前，中國與哈薩克斯坦的邊界設有[非軍事區](../Page/非軍事區.md "wikilink")\[105\]。
"##;
        assert_eq!(
        only_paragraph(excerpt).text,
        "1996年至2001年期间，中哈两国政府对中哈边界進行实地调查和勘查工作。兩國边界線于2002年5月10日正式生效，《中哈国界管理制度协定》规定，两国應在边界线生效满10年后应对其进行联合检查。目前，中國與哈薩克斯坦的邊界設有非軍事區。"
    );
    }

    #[test]
    fn ascii_that_is_text_is_kept_exactly() {
        // Wiki line 51: `人民幣/2,000億`, `2007年－2008年`.
        let line = r##"中國在[2007年－2008年环球金融危机時曾向哈薩克斯坦提供援助](https://zh.wikipedia.org/wiki/2007年－2008年环球金融危机 "wikilink")，向其提供數十億美元的貸款\[54\]。2013年，中哈兩國達成石油協議後，中國向哈萨克斯坦提供30億美元的貸款，予該國的石油公司開發油田\[55\]。2014年末，[中國人民銀行和](https://zh.wikipedia.org/wiki/中國人民銀行 "wikilink")[哈薩克斯坦國家銀行簽訂有效期為](https://zh.wikipedia.org/wiki/哈薩克斯坦國家銀行 "wikilink")3年的雙邊本幣結算與支付協議，雙邊本幣互換規模為70億元[人民幣](https://zh.wikipedia.org/wiki/人民幣 "wikilink")/2,000億[堅戈](https://zh.wikipedia.org/wiki/堅戈 "wikilink")，兩國經濟活動主體可自由決定使用人民幣或堅戈來進行一般貿易\[56\]。"##;
        assert_eq!(
        only_paragraph(line).text,
        "中國在2007年－2008年环球金融危机時曾向哈薩克斯坦提供援助，向其提供數十億美元的貸款。2013年，中哈兩國達成石油協議後，中國向哈萨克斯坦提供30億美元的貸款，予該國的石油公司開發油田。2014年末，中國人民銀行和哈薩克斯坦國家銀行簽訂有效期為3年的雙邊本幣結算與支付協議，雙邊本幣互換規模為70億元人民幣/2,000億堅戈，兩國經濟活動主體可自由決定使用人民幣或堅戈來進行一般貿易。"
    );
        // Wiki line 45 (start): `中國-中亞` inside link text.
        let line = r##"[中國-中亞天然氣管道](../Page/中國-中亞天然氣管道.md "wikilink")長约1800公里，貫穿哈薩克斯坦和烏茲別克斯坦境內\[45\]。"##;
        assert_eq!(
            only_paragraph(line).text,
            "中國-中亞天然氣管道長约1800公里，貫穿哈薩克斯坦和烏茲別克斯坦境內。"
        );
        // News line 39: `——`.
        let line = "以上情况，确实显示了哈萨克斯坦过度依赖中共国的危险性，尤其当中共国内部的突然变化将对严重依赖的国家产生不稳定的后果。这也很明显地破坏了“一带一路”倡议的核心——双赢的说法。";
        assert_eq!(only_paragraph(line).text, line);
    }

    #[test]
    fn front_matter_title_and_news_masthead() {
        // News lines 1-13.
        let source = r##"---
title: 深度：哈萨克斯坦与中共国正在渐行渐远
---
`墨尔本雅典娜农场` [轉載自GNews](https://gnews.org/zh-hans/1828150/)

#### **整理报道：文泓**

#### **【雅典娜观察】，和你一起探索世界**

- ![](https://assets.gnews.org/wp-content/uploads/2022/01/gm-1.jpg)图片来源：墨尔本雅典娜农场设计组


在2013年，习近平发起中共国旗舰项目“一带一路”倡议时，他选择在哈萨克斯坦首都阿斯塔纳进行，那里与中共国互联互通的概念已发展了多年。
"##;
        let document = clean_file(source);
        assert_eq!(document.title, "深度：哈萨克斯坦与中共国正在渐行渐远");
        assert_eq!(
        shape(&document.blocks),
        vec![
            (BlockKind::Meta, "墨尔本雅典娜农场 轉載自GNews"),
            (BlockKind::Meta, "整理报道：文泓"),
            (BlockKind::Meta, "【雅典娜观察】，和你一起探索世界"),
            (
                BlockKind::Paragraph,
                "在2013年，习近平发起中共国旗舰项目“一带一路”倡议时，他选择在哈萨克斯坦首都阿斯塔纳进行，那里与中共国互联互通的概念已发展了多年。"
            ),
        ]
    );
        let lines: Vec<usize> = document.blocks.iter().map(|b| b.line).collect();
        assert_eq!(lines, vec![4, 6, 8, 13]);
        assert!(document.blocks.iter().all(|b| b.emphasis.is_empty()));
    }

    #[test]
    fn image_credit_list_item_vanishes() {
        // News line 10.
        let excerpt = "- ![](https://assets.gnews.org/wp-content/uploads/2022/01/gm-1.jpg)图片来源：墨尔本雅典娜农场设计组\n";
        assert!(clean_excerpt(excerpt).is_empty());
    }

    #[test]
    fn bold_split_at_digits_is_one_span() {
        // News line 21.
        let line = "其中一些问题是长期存在的。**11****月中旬，哈萨克当局报告说，受到中共国伊犁河一侧消耗水资源的影响，除非采取紧急措施，否则巴尔喀什湖的水位到****2040****年将下降到一个临界点。**哈萨克当局正在制定计划，但其中大部分都涉及要求中共国遏制其水资源的消耗。含水层萎缩并不是一个新问题，但目前它的紧迫性越来越强。";
        let before = "其中一些问题是长期存在的。";
        let bold = "11月中旬，哈萨克当局报告说，受到中共国伊犁河一侧消耗水资源的影响，除非采取紧急措施，否则巴尔喀什湖的水位到2040年将下降到一个临界点。";
        let after = "哈萨克当局正在制定计划，但其中大部分都涉及要求中共国遏制其水资源的消耗。含水层萎缩并不是一个新问题，但目前它的紧迫性越来越强。";
        let block = only_paragraph(line);
        assert_eq!(block.text, format!("{before}{bold}{after}"));
        let start = before.chars().count();
        assert_eq!(block.emphasis, vec![start..start + bold.chars().count()]);

        // News line 37: bold from after `然而，` to before the final `。`.
        let line = "然而，**这些挖矿的电力消耗让哈萨克斯坦国家电网无法承受，迫使他们向邻国俄罗斯申请更多的电力，这也造成了与莫斯科的一系列新的紧张关系。但是哈萨克斯坦所希望的技术转让却没有出现**。";
        let block = only_paragraph(line);
        let bold = "这些挖矿的电力消耗让哈萨克斯坦国家电网无法承受，迫使他们向邻国俄罗斯申请更多的电力，这也造成了与莫斯科的一系列新的紧张关系。但是哈萨克斯坦所希望的技术转让却没有出现";
        assert_eq!(block.text, format!("然而，{bold}。"));
        assert_eq!(block.emphasis, vec![3..3 + bold.chars().count()]);
    }

    #[test]
    fn news_link_and_disclaimer_are_notes_and_footers_vanish() {
        // News lines 49-66.
        let excerpt = r##"新闻链接：[Ties that bind Kazakhstan to China are starting to unravel – Nikkei Asia](https://asia.nikkei.com/Opinion/Ties-that-bind-Kazakhstan-to-China-are-starting-to-unravel)

发布：文泓
更多资讯，请关注：**
**[澳大利亚墨尔本雅典娜农场Twitter](https://twitter.com/HimalayaAthena1)：HimalayaAthena
[澳大利亚墨尔本雅典娜农场Gettr](https://www.gettr.com/user/himalayaathena)：himalayaathena
[澳大利亚墨尔本雅典娜农场YouTube](https://youtube.com/channel/UC-tz4lmA7mG3FzYbylgqjTQ)
[澳大利亚墨尔本雅典娜农场Discord](https://discord.gg/Nz26pG64XF)
[澳大利亚墨尔本雅典娜农场GTV直播1台](https://www.gtv.org/user/5f72f8f60cd82c6bb6a248a6)

 

免责声明：本文内容仅代表作者个人观点，平台不承担任何法律风险。

- [ROL Foundation](https://rolfoundation.org/)
- [ROL Society](https://rolsociety.org/)
- [Terms of use](https://gnews.org/terms-of-use-3/)
- [Privacy Policy](https://gnews.org/privacy-policy/)
"##;
        let blocks = clean_excerpt(excerpt);
        assert_eq!(
            shape(&blocks),
            vec![
            (
                BlockKind::Note,
                "新闻链接：Ties that bind Kazakhstan to China are starting to unravel – Nikkei Asia"
            ),
            (BlockKind::Meta, "发布：文泓"),
            (
                BlockKind::Note,
                "免责声明：本文内容仅代表作者个人观点，平台不承担任何法律风险。"
            ),
        ]
        );
        let lines: Vec<usize> = blocks.iter().map(|b| b.line).collect();
        assert_eq!(lines, vec![4, 6, 16]);
    }
}
