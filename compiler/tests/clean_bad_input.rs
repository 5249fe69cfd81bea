//! Bad input: read as CommonMark reads it, by a documented rule; only a file without text is a
//! `CleanError` naming file and line, markup no rule takes apart is kept with a warning naming
//! its line — never a panic. Ends with a small seeded fuzz over mutations of the real articles and random bytes.

// In a module named `clean` so that `cargo test -p moye-compiler clean` runs these too.
mod clean {
    use moye_compiler::clean::{clean, CleanError, CleanErrorKind};
    use moye_compiler::document::{BlockKind, Document, Warning};

    const FILE: &str = "content/foo.md";
    const FRONT: &str = "---\ntitle: 测试\n---\n";

    fn error_of(source: &str) -> CleanError {
        match clean(source, FILE) {
            Ok(document) => panic!("expected an error, got {document:?}"),
            Err(error) => error,
        }
    }

    fn body_ok(body: &str) -> Document {
        clean(&format!("{FRONT}{body}"), FILE).unwrap_or_else(|e| panic!("{e}"))
    }

    fn texts(document: &Document) -> Vec<&str> {
        document.blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn a_file_without_text_is_the_only_input_refused() {
        for source in [
            "",
            "\n\n",
            " \n\u{3000}\n",
            "\u{feff}",
            "![](https://example.org/a.png)\n",
            "{{-}}\n\n[Category:中哈关系](https://zh.wikipedia.org/wiki/Category:中哈关系)\n",
            "<!-- 只有注释 -->\n\n***\n",
        ] {
            let error = error_of(source);
            assert_eq!(error.kind, CleanErrorKind::NoText, "{source:?}");
            assert_eq!(error.line, 1);
            assert_eq!(
                error.to_string(),
                "content/foo.md:1: no text: the file is empty or holds only markup"
            );
        }
        // A title and nothing else is an empty book, not an error.
        assert!(body_ok("").blocks.is_empty());
    }

    #[test]
    fn a_file_without_a_title_source_is_titled_by_its_name() {
        let document = clean("正文第一段。\n", "books/旅行笔记.md").unwrap();
        assert_eq!(document.title, "旅行笔记");
        assert_eq!(texts(&document), ["正文第一段。"]);
        let document = clean("正文。", FILE).unwrap();
        assert_eq!(document.title, "foo");
    }

    #[test]
    fn an_unclosed_front_matter_is_read_as_text() {
        // Nothing is lost: the `---` is a thematic break and the keys are a paragraph.
        let document = clean("---\ntitle: 标题\n\n正文。\n", FILE).unwrap();
        assert_eq!(document.title, "foo");
        assert_eq!(texts(&document), ["title: 标题", "正文。"]);
    }

    #[test]
    fn unterminated_markup_is_literal_text() {
        let document = body_ok("正文。\n\n\n\n\n\n\n\n[abc\n");
        assert_eq!(texts(&document), ["正文。", "[abc"]);
        assert_eq!(document.blocks[1].line, 12);
        // Wiki line 3 with its first target cut short: the link text stays.
        let document = body_ok("目前，中華人民共和國在哈萨克斯坦[阿斯塔纳設有大使馆](https://zh.wikipedia.org/wiki/阿斯塔纳 \"wikilink\"\n");
        assert_eq!(
            texts(&document),
            ["目前，中華人民共和國在哈萨克斯坦阿斯塔纳設有大使馆"]
        );
        assert_eq!(document.blocks[0].line, 4);
        for (body, text) in [
            ("a\n\n![alt(x)", "![alt(x)"),
            ("然而，*这些\n", "然而，*这些"),
            ("`code", "`code"),
            ("a <!-- b", "a <!-- b"),
            // The variant's forms cannot be told apart: both are kept, the markers go.
            ("-{zh-hans:达尼亚尔", "zh-hans:达尼亚尔"),
            ("{{lang|kk|Қазақстан", "lang|kk|Қазақстан"),
        ] {
            let document = body_ok(body);
            assert_eq!(
                document.blocks.last().map(|b| b.text.as_str()),
                Some(text),
                "{body}"
            );
        }
    }

    #[test]
    fn an_unterminated_bold_keeps_its_text_plain() {
        // News line 21 with its last `**` removed; the line after continues the paragraph.
        let body = "其中一些问题是长期存在的。**11****月中旬，哈萨克当局报告说\n到****2040****年将下降到一个临界点。哈萨克当局正在制定计划";
        let document = body_ok(body);
        assert_eq!(
            texts(&document),
            ["其中一些问题是长期存在的。11月中旬，哈萨克当局报告说到2040年将下降到一个临界点。哈萨克当局正在制定计划"]
        );
        // Every `**` toggles: `11`, `月中旬…到`, `2040` are bold and touch, so they are one span
        // (13 characters before it, 2 + 14 + 4 in it); the bold opened before `年` never closes,
        // so `年…计划` is plain.
        assert_eq!(document.blocks[0].emphasis, vec![13..32]);
    }

    #[test]
    fn brackets_that_are_not_links_are_text() {
        for (body, text) in [
            ("正文]。", "正文]。"),
            ("正文\\]\\]", "正文]]"),
            ("\\[编辑\\]正文", "[编辑]正文"),
            ("[缩略图]正文", "[缩略图]正文"),
            ("文献[3]。", "文献[3]。"),
        ] {
            assert_eq!(texts(&body_ok(body)), [text], "{body}");
        }
    }

    #[test]
    fn prose_characters_are_kept() {
        for (body, text) in [
            ("面积 5 \\* 3", "面积 5 * 3"),
            ("C\\# 语言与 C#", "C# 语言与 C#"),
            ("a | b，A|B", "a | b，A|B"),
            (
                "(见下文)，小行星(35396) 1997 XF11",
                "(见下文)，小行星(35396) 1997 XF11",
            ),
            (
                "见 https://example.org/a_(b)?c=1&d=2 。",
                "见 https://example.org/a_(b)?c=1&d=2 。",
            ),
            ("####### 七级", "####### 七级"),
            ("x < y > z，a*b", "x < y > z，a*b"),
            ("2 * 3 = 6", "2 * 3 = 6"),
        ] {
            assert_eq!(texts(&body_ok(body)), [text], "{body}");
        }
    }

    #[test]
    fn markup_no_rule_takes_apart_is_kept_with_a_warning_at_its_line() {
        // Escaped on purpose, so CommonMark keeps the syntax as text.
        for (body, text, found) in [
            ("正文\\[x\\](y)", "正文[x](y)", "]("),
            ("正文\\*\\*强调\\*\\*", "正文**强调**", "**"),
            ("正文\\<b>粗\\</b>", "正文<b>粗</b>", "<b>"),
        ] {
            let document = body_ok(body);
            assert_eq!(texts(&document), [text], "{body}");
            assert_eq!(
                document.warnings,
                [Warning {
                    line: 4,
                    part: 0,
                    message: format!("markup-like text `{found}` kept as written"),
                }],
                "{body}"
            );
        }
        // The warning names the block's own line, and only that block has one.
        let document = body_ok("正文\n\n\\[x\\](y)");
        assert_eq!(texts(&document), ["正文", "[x](y)"]);
        let lines: Vec<usize> = document.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [6]);
        assert!(body_ok("正文[x](y)").warnings.is_empty());
    }

    #[test]
    fn documented_rules_for_harmless_oddities() {
        let document =
            body_ok("正文()。&amp;&#x4E2D;<!-- 注释 -->。<br>下一行\n\n***\n\n[1]: http://x\n");
        assert_eq!(texts(&document), ["正文。&中。", "下一行"]);
        // `{{clear}}`, `-{H|…}-` and an empty bold give nothing.
        assert_eq!(
            body_ok("a{{clear}}-{H|zh-hans:x;zh-hant:y}-b****").blocks[0].text,
            "ab"
        );
    }

    #[test]
    fn a_200000_character_paragraph_is_fine() {
        let long = "中".repeat(200_000);
        let document = body_ok(&format!("{long}\n"));
        assert_eq!(document.blocks[0].text.chars().count(), 200_000);
        // Long runs of markup are text or nothing, quickly (every pass is linear).
        assert_eq!(
            body_ok(&"[".repeat(200_000)).blocks[0].text.chars().count(),
            200_000
        );
        for body in ["-{".repeat(100_000), "{{".repeat(100_000)] {
            assert!(body_ok(&body).blocks.is_empty());
        }
        let bold = "**粗**".repeat(40_000);
        let document = body_ok(&bold);
        assert_eq!(document.blocks[0].emphasis, vec![0..40_000]);
        let nested = format!("{}x{}", "[".repeat(1000), "](y)".repeat(1000));
        check_any(&format!("{FRONT}{nested}"));
        // HTML that makes naive scans quadratic.
        check_any(&format!("{FRONT}文字{}", "<a ".repeat(100_000)));
        check_any(&format!(
            "{FRONT}<div>\n{}\n",
            "<script>x</script>".repeat(20_000)
        ));
        let figures = "[缩略图](File:a.png \"fig:a\")".repeat(20_000);
        check_any(&format!("{FRONT}{figures}"));
    }

    /// A small xorshift generator: the fuzz is seeded so that a failure reproduces.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    /// Checks what `clean` promises for any input: no panic, and on success a clean document.
    fn check_any(source: &str) {
        match clean(source, FILE) {
            Err(error) => {
                assert!(
                    error.line >= 1 && error.line <= source.lines().count().max(1),
                    "{error}"
                );
                assert!(error.to_string().starts_with("content/foo.md:"));
            }
            Ok(document) => {
                for block in &document.blocks {
                    let text = &block.text;
                    assert!(
                        !text.is_empty() && !text.chars().any(char::is_control),
                        "{text:?}"
                    );
                    // Markup syntax left in the text is kept as written, but never silently.
                    let warned = document.warnings.iter().any(|w| w.line == block.line);
                    for syntax in MARKUP_SYNTAX {
                        assert!(warned || !text.contains(syntax), "`{syntax}` in {text:?}");
                    }
                    assert!(warned || !has_html_tag(text), "{text:?}");
                    let chars = text.chars().count();
                    let mut last = 0;
                    for span in &block.emphasis {
                        assert!(last <= span.start && span.start < span.end && span.end <= chars);
                        last = span.end;
                    }
                    if let BlockKind::Heading(level) = block.kind {
                        assert!(level == 2 || level == 3);
                    }
                }
            }
        }
    }

    /// Markup syntax that must never reach a page (CONTENT.md), written out here apart from the
    /// cleaner's own list.
    const MARKUP_SYNTAX: [&str; 12] = [
        "](",
        "\\[",
        "\\]",
        "**",
        "{{",
        "}}",
        "-{",
        "}-",
        "\"wikilink\"",
        "fig:",
        "Category:",
        "|---",
    ];

    /// `<b>`, `</p>`, `<br/>`, `<a href="x">`: a `<` and a letter, then `>`, `/>`, or a space and
    /// printable ASCII attributes up to a `>`.
    fn has_html_tag(text: &str) -> bool {
        text.split('<').skip(1).any(|rest| {
            let rest = rest.strip_prefix('/').unwrap_or(rest);
            let name: String = rest
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            let after = &rest[name.len()..];
            let attributes = after.starts_with(' ')
                && after.find('>').is_some_and(|gt| {
                    after[..gt]
                        .chars()
                        .all(|c| c == ' ' || c.is_ascii_graphic())
                });
            name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && (after.starts_with('>') || after.starts_with("/>") || attributes)
        })
    }

    /// Bytes that are markup somewhere, for the random-bytes fuzz.
    const NOISE: &[u8] = b"[]()*`\\-{}|#<>!&;:\n \"'0123456789";

    const PIECES: [&str; 24] = [
        "[", "]", "(", ")", "**", "*", "`", "\\", "\\[", "\\]", "-{", "}-", "{{", "}}", "\n",
        "\n\n", "#", "- ", "1. ", "<", "|", "中", "zh-hans:", "\"",
    ];

    fn mutate(rng: &mut Rng, source: &str) -> String {
        let chars: Vec<char> = source.chars().collect();
        let mut out: Vec<char> = chars.clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(out.len() + 1);
            match rng.below(4) {
                0 => {
                    let piece = PIECES[rng.below(PIECES.len())];
                    out.splice(at..at, piece.chars());
                }
                1 => {
                    let end = (at + rng.below(40)).min(out.len());
                    out.drain(at..end);
                }
                2 => {
                    let from = rng.below(chars.len());
                    let end = (from + rng.below(200)).min(chars.len());
                    out.splice(at..at, chars[from..end].iter().copied());
                }
                _ => out.truncate(at),
            }
        }
        out.into_iter().collect()
    }

    #[test]
    fn fuzz_mutated_articles_never_panic() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../content/");
        let mut rng = Rng(0x6d6f_7965_2d63_6c65);
        for name in [
            "zh-wikipedia-china-kazakhstan-relations.md",
            "news-kazakhstan-drifting-from-china.md",
        ] {
            let source = std::fs::read_to_string(format!("{dir}{name}")).unwrap();
            check_any(&source);
            for _ in 0..150 {
                check_any(&mutate(&mut rng, &source));
            }
        }
    }

    #[test]
    fn fuzz_random_bytes_never_panic() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..3000 {
            let len = rng.below(80);
            let bytes: Vec<u8> = (0..len)
                .map(|_| match rng.below(3) {
                    0 => NOISE[rng.below(NOISE.len())],
                    _ => (rng.next() & 0xff) as u8,
                })
                .collect();
            let text = String::from_utf8_lossy(&bytes);
            check_any(&text);
            check_any(&format!("{FRONT}{text}"));
        }
    }
}
