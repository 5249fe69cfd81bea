//! Both source articles cleaned whole: block structure, no markup remnant, and every kept
//! paragraph compared sentence for sentence with its source by an independent, simpler
//! reference transformation.

// In a module named `clean` so that `cargo test -p moye-compiler clean` runs these too.
mod clean {
    use moye_compiler::clean::clean;
    use moye_compiler::document::{Block, BlockKind, Document};

    const WIKI_FILE: &str = "content/zh-wikipedia-china-kazakhstan-relations.md";
    const NEWS_FILE: &str = "content/news-kazakhstan-drifting-from-china.md";

    fn read(file: &str) -> String {
        let path = format!("{}/../{file}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn cleaned(file: &str) -> Document {
        clean(&read(file), file).unwrap_or_else(|e| panic!("{e}"))
    }

    fn of_kind(document: &Document, kind: BlockKind) -> Vec<&Block> {
        document.blocks.iter().filter(|b| b.kind == kind).collect()
    }

    fn texts<'a>(blocks: &[&'a Block]) -> Vec<&'a str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    // ---------------------------------------------------------------------------------------------
    // The reference transformation: CONTENT.md's edits done the simple way, by string replacement,
    // knowing exactly which markup these two files use. It shares no code with the cleaner.

    /// Source paragraphs: runs of non-blank lines, with the number of their first line.
    fn source_paragraphs(source: &str) -> Vec<(usize, Vec<&str>)> {
        let mut paragraphs: Vec<(usize, Vec<&str>)> = Vec::new();
        let mut current: Option<(usize, Vec<&str>)> = None;
        for (index, line) in source.lines().enumerate() {
            if line.trim().is_empty() {
                paragraphs.extend(current.take());
            } else {
                current
                    .get_or_insert_with(|| (index + 1, Vec::new()))
                    .1
                    .push(line);
            }
        }
        paragraphs.extend(current);
        paragraphs
    }

    /// Removes every `open…close` whose inside satisfies `inner`, replacing it by `keep(inside)`.
    fn replace_delimited(
        text: &str,
        open: &str,
        close: &str,
        keep: impl Fn(&str) -> Option<String>,
    ) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find(open) {
            let after = &rest[start + open.len()..];
            let Some(end) = after.find(close) else { break };
            match keep(&after[..end]) {
                Some(kept) => {
                    out.push_str(&rest[..start]);
                    out.push_str(&kept);
                    rest = &after[end + close.len()..];
                }
                None => {
                    out.push_str(&rest[..start + open.len()]);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The visible text of source lines according to CONTENT.md.
    fn reference(lines: &[&str]) -> String {
        let mut joined = String::new();
        for line in lines {
            let latin_break = joined
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric())
                && line
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric());
            if latin_break {
                joined.push(' ');
            }
            joined.push_str(line);
        }
        // Reference markers `\[n\]`.
        let text = replace_delimited(&joined, "\\[", "\\]", |inside| {
            inside.chars().all(|c| c.is_ascii_digit()).then(String::new)
        });
        // Variant markup: the zh-hans rule.
        let text = replace_delimited(&text, "-{", "}-", |inside| {
            let hans = inside.strip_prefix("zh-hans:")?;
            Some(hans.split(';').next().unwrap_or("").to_owned())
        });
        // Link targets `](…)`, then the opening brackets.
        let text = replace_delimited(&text, "](", ")", |_| Some(String::new()));
        text.replace('[', "").replace("**", "").replace("（）", "")
    }

    /// The expected paragraphs of a source: each prose paragraph with its first line number.
    fn expected_paragraphs(source: &str, is_prose: impl Fn(&str) -> bool) -> Vec<(usize, String)> {
        source_paragraphs(source)
            .into_iter()
            .filter_map(|(first, lines)| {
                // A broken-figure caption line before the paragraph text is not part of it.
                let skip = usize::from(lines[0].starts_with("[缩略图]("));
                let kept = &lines[skip..];
                let head = kept.first()?;
                is_prose(head).then(|| (first + skip, reference(kept)))
            })
            .collect()
    }

    fn actual_paragraphs(document: &Document) -> Vec<(usize, String)> {
        of_kind(document, BlockKind::Paragraph)
            .into_iter()
            .map(|b| (b.line, b.text.clone()))
            .collect()
    }

    #[test]
    fn reference_transformation_does_what_content_md_says() {
        assert_eq!(
            reference(&[
                "（4%）\\[71\\]。",
                "目前[北京](https://x/北京 \"wikilink\")。"
            ]),
            "（4%）。目前北京。"
        );
        assert_eq!(
            reference(&["（General", "Zhandarbek"]),
            "（General Zhandarbek"
        );
        assert_eq!(
            reference(&["[-{zh-hans:甲;zh-hant:乙;}-在](../Page/x.md \"wikilink\")"]),
            "甲在"
        );
    }

    // ---------------------------------------------------------------------------------------------
    // The wiki article.

    #[test]
    fn wiki_title_and_headings() {
        let document = cleaned(WIKI_FILE);
        assert_eq!(document.title, "中哈關係");
        let headings: Vec<(BlockKind, &str)> = document
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Heading(_)))
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        let h2 = BlockKind::Heading(2);
        let h3 = BlockKind::Heading(3);
        assert_eq!(
            headings,
            vec![
                (h2, "歷史"),
                (h3, "汉朝至清朝"),
                (h3, "現代"),
                (h2, "經贸關係"),
                (h3, "貿易"),
                (h3, "投资和能源"),
                (h3, "其他合作和貸款"),
                (h2, "文化關係"),
                (h3, "文化交流"),
                (h3, "僑民"),
                (h2, "軍事關係"),
                (h2, "評論"),
                (h3, "中華人民共和國"),
                (h3, "哈萨克斯坦共和国"),
                (h3, "其他意見"),
                (h2, "兩國之間的爭議"),
                (h3, "邊界問題"),
                (h3, "水资源爭議"),
            ]
        );
        // Nothing but headings and paragraphs: no meta, notes or list items survive.
        assert!(document
            .blocks
            .iter()
            .all(|b| matches!(b.kind, BlockKind::Heading(_) | BlockKind::Paragraph)));
    }

    #[test]
    fn wiki_paragraphs_match_their_source_sentence_for_sentence() {
        let source = read(WIKI_FILE);
        let expected = expected_paragraphs(&source, |head| {
            !(head.starts_with('#')
                || head.starts_with("  -")
                || head.starts_with("{{")
                || head.starts_with("[Category:")
                || head.starts_with("\\-{")
                || head.chars().next().is_some_and(|c| c.is_ascii_digit()) && head.ends_with('.'))
        });
        assert_eq!(expected.len(), 35);
        assert_eq!(actual_paragraphs(&cleaned(WIKI_FILE)), expected);
    }

    #[test]
    fn wiki_emphasis_is_the_lead_term_only() {
        let document = cleaned(WIKI_FILE);
        let emphasised: Vec<(usize, &Block)> = document
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| !b.emphasis.is_empty())
            .collect();
        assert_eq!(emphasised.len(), 1);
        assert_eq!(emphasised[0].0, 0);
        assert_eq!(emphasised[0].1.emphasis, vec![0..4]);
    }

    // ---------------------------------------------------------------------------------------------
    // The news article.

    #[test]
    fn news_block_structure() {
        let document = cleaned(NEWS_FILE);
        assert_eq!(document.title, "深度：哈萨克斯坦与中共国正在渐行渐远");
        let kinds: Vec<BlockKind> = document.blocks.iter().map(|b| b.kind).collect();
        let mut expected = vec![BlockKind::Meta; 3];
        expected.extend([BlockKind::Paragraph; 18]);
        expected.extend([BlockKind::Note, BlockKind::Meta, BlockKind::Note]);
        assert_eq!(kinds, expected);
        assert_eq!(
            texts(&of_kind(&document, BlockKind::Meta)),
            vec![
                "墨尔本雅典娜农场 轉載自GNews",
                "整理报道：文泓",
                "【雅典娜观察】，和你一起探索世界",
                "发布：文泓",
            ]
        );
        assert_eq!(
            texts(&of_kind(&document, BlockKind::Note)),
            vec![
            "新闻链接：Ties that bind Kazakhstan to China are starting to unravel – Nikkei Asia",
            "免责声明：本文内容仅代表作者个人观点，平台不承担任何法律风险。",
        ]
        );
    }

    #[test]
    fn news_paragraphs_match_their_source_sentence_for_sentence() {
        let source = read(NEWS_FILE);
        let expected = expected_paragraphs(&source, |head| {
            let first = head.chars().next().unwrap_or(' ');
            // Prose starts with a CJK character or bold; the rest is front matter, masthead,
            // list items, the note labels and the byline.
            (!first.is_ascii() || head.starts_with("**"))
                && !["新闻链接：", "发布：", "免责声明：", "title:"]
                    .iter()
                    .any(|label| head.starts_with(label))
        });
        assert_eq!(expected.len(), 18);
        assert_eq!(actual_paragraphs(&cleaned(NEWS_FILE)), expected);
    }

    #[test]
    fn news_emphasis_spans() {
        let document = cleaned(NEWS_FILE);
        let emphasised: Vec<(usize, String)> = document
            .blocks
            .iter()
            .flat_map(|b| {
                b.emphasis.iter().map(move |span| {
                    (
                        b.line,
                        b.text.chars().skip(span.start).take(span.len()).collect(),
                    )
                })
            })
            .collect();
        assert_eq!(
        emphasised,
        vec![
            (21, "11月中旬，哈萨克当局报告说，受到中共国伊犁河一侧消耗水资源的影响，除非采取紧急措施，否则巴尔喀什湖的水位到2040年将下降到一个临界点。".to_owned()),
            (37, "这些挖矿的电力消耗让哈萨克斯坦国家电网无法承受，迫使他们向邻国俄罗斯申请更多的电力，这也造成了与莫斯科的一系列新的紧张关系。但是哈萨克斯坦所希望的技术转让却没有出现".to_owned()),
            (43, "当中共国媒体出现一系列文章，暗示哈萨克斯坦历史上实际是中国的一部分，导致哈萨克社交媒体上一片哗然，中共国驻努尔苏丹大使馆并没有道歉，反而将这一切归咎于西方。".to_owned()),
        ]
    );
    }

    // ---------------------------------------------------------------------------------------------
    // Both.

    #[test]
    fn no_markup_remnant_in_either_article() {
        const FORBIDDEN: [&str; 17] = [
            "[",
            "]",
            "(",
            ")",
            "{",
            "}",
            "\\",
            "*",
            "|",
            "#",
            "`",
            "http",
            "wikilink",
            "fig:",
            "Category:",
            "缩略图",
            "\n",
        ];
        for file in [WIKI_FILE, NEWS_FILE] {
            let document = cleaned(file);
            for text in
                std::iter::once(&document.title).chain(document.blocks.iter().map(|b| &b.text))
            {
                for bad in FORBIDDEN {
                    assert!(!text.contains(bad), "{file}: `{bad}` in {text}");
                }
                assert!(!text.is_empty() && text.trim() == text, "{file}: {text:?}");
            }
        }
    }

    #[test]
    fn ascii_text_is_kept_exactly() {
        let all: String = [WIKI_FILE, NEWS_FILE]
            .iter()
            .flat_map(|file| cleaned(file).blocks)
            .map(|b| b.text)
            .collect();
        for kept in [
            "68%",
            "3.7亿",
            "2,000億",
            "人民幣/2,000億",
            "和平使命-2014",
            "中國-中亞",
            "巴克图－巴克特",
            "——",
            "–",
            "12,000",
            "（General Zhandarbek Zhanzakov）",
        ] {
            assert!(all.contains(kept), "{kept}");
        }
    }

    #[test]
    fn emphasis_spans_are_valid_char_ranges() {
        for file in [WIKI_FILE, NEWS_FILE] {
            for block in cleaned(file).blocks {
                let chars = block.text.chars().count();
                let mut last_end = 0;
                for span in &block.emphasis {
                    assert!(
                        span.start < span.end && span.end <= chars,
                        "{file}:{}",
                        block.line
                    );
                    assert!(span.start >= last_end, "{file}:{}", block.line);
                    last_end = span.end;
                }
            }
        }
    }
}
