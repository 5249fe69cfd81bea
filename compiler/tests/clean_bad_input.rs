//! Bad input: each case is a `CleanError` naming file and line, or a documented rule — never a
//! panic. Ends with a small seeded fuzz over mutations of the real articles and random bytes.

// In a module named `clean` so that `cargo test -p moye-compiler clean` runs these too.
mod clean {
    use moye_compiler::clean::{clean, CleanError, CleanErrorKind};
    use moye_compiler::document::{BlockKind, Document};

    const FILE: &str = "content/foo.md";
    const FRONT: &str = "---\ntitle: 测试\n---\n";

    fn error_of(source: &str) -> CleanError {
        match clean(source, FILE) {
            Ok(document) => panic!("expected an error, got {document:?}"),
            Err(error) => error,
        }
    }

    /// The error for a body placed after a three-line front matter.
    fn body_error(body: &str) -> CleanError {
        error_of(&format!("{FRONT}{body}"))
    }

    fn body_ok(body: &str) -> Document {
        clean(&format!("{FRONT}{body}"), FILE).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn empty_file_has_no_title() {
        for source in ["", "\n\n", " \n\u{3000}\n", "\u{feff}"] {
            let error = error_of(source);
            assert_eq!(error.kind, CleanErrorKind::MissingTitle);
            assert_eq!(error.line, 1);
            assert!(
                error.to_string().starts_with("content/foo.md:1: no title"),
                "{error}"
            );
        }
        // A title and nothing else is an empty book, not an error.
        assert!(body_ok("").blocks.is_empty());
    }

    #[test]
    fn unterminated_link_names_file_and_line() {
        let source = format!("{FRONT}正文。\n\n\n\n\n\n\n\n[abc\n");
        let error = error_of(&source);
        assert_eq!(
            error.to_string(),
            "content/foo.md:12: unterminated link `[abc`"
        );

        // Wiki line 3 with its first target cut short.
        let error = body_error("目前，中華人民共和國在哈萨克斯坦[阿斯塔纳設有大使馆](https://zh.wikipedia.org/wiki/阿斯塔纳 \"wikilink\"\n");
        assert!(
            matches!(error.kind, CleanErrorKind::UnterminatedLinkTarget(_)),
            "{error}"
        );
        assert_eq!(error.line, 4);
        // An image whose `]` never comes.
        let error = body_error("a\n\n![alt(x)");
        assert!(
            matches!(error.kind, CleanErrorKind::UnterminatedLink(_)),
            "{error}"
        );
        assert_eq!(error.line, 6);
    }

    #[test]
    fn unterminated_bold_names_its_opening_line() {
        // News line 21 with its last `**` removed; the line after continues the paragraph.
        let body = "其中一些问题是长期存在的。**11****月中旬，哈萨克当局报告说\n到****2040****年将下降到一个临界点。哈萨克当局正在制定计划";
        let error = body_error(body);
        assert!(
            matches!(error.kind, CleanErrorKind::UnterminatedBold(_)),
            "{error}"
        );
        assert_eq!(error.line, 5, "{error}");
        let error = body_error("然而，*这些\n");
        assert!(
            matches!(error.kind, CleanErrorKind::UnterminatedItalic(_)),
            "{error}"
        );
    }

    #[test]
    fn stray_brackets_are_errors() {
        for body in [
            "正文]。",
            "正文\\]\\]",
            "\\[编辑\\]正文",
            "[缩略图]正文",
            "![图]正文",
        ] {
            let error = body_error(body);
            assert!(
                matches!(error.kind, CleanErrorKind::StrayBracket(_)),
                "{body}: {error}"
            );
            assert_eq!(error.line, 4);
        }
    }

    #[test]
    fn unknown_markup_is_an_error() {
        let error = body_error("正文<ref>出处</ref>。");
        assert_eq!(
            error.kind,
            CleanErrorKind::UnsupportedHtml("<ref>出处</ref>。".into())
        );
        let error = body_error("正文。\n\n|}");
        assert!(
            matches!(error.kind, CleanErrorKind::UnsupportedTable(_)),
            "{error}"
        );
        assert_eq!(error.line, 6);
        let error = body_error("{{lang|kk|Қазақстан}}");
        assert!(
            matches!(error.kind, CleanErrorKind::UnsupportedTemplate(_)),
            "{error}"
        );
        let error = body_error("-{zh-hans:达尼亚尔");
        assert!(
            matches!(error.kind, CleanErrorKind::UnterminatedVariant(_)),
            "{error}"
        );
        let error = body_error("`code");
        assert!(
            matches!(error.kind, CleanErrorKind::UnterminatedCode(_)),
            "{error}"
        );
        let error = body_error("a <!-- b");
        assert!(
            matches!(error.kind, CleanErrorKind::UnterminatedComment(_)),
            "{error}"
        );
        let error = body_error("{{-");
        assert!(
            matches!(error.kind, CleanErrorKind::UnterminatedTemplate(_)),
            "{error}"
        );
        let error = error_of("---\ntitle: x\n");
        assert_eq!(error.kind, CleanErrorKind::UnterminatedFrontMatter);
    }

    #[test]
    fn markup_characters_that_would_reach_the_text_are_errors() {
        for (body, found) in [
            ("面积 5 \\* 3", "*"),
            ("C\\# 语言", "#"),
            ("a | b", "|"),
            ("(见下文)", "("),
            ("见 https://example.org", "http"),
            ("缩略图的说明", "缩略图"),
            ("####### 七级", "#"),
        ] {
            let error = body_error(body);
            match &error.kind {
                CleanErrorKind::MarkupRemnant { found: f, .. } => assert_eq!(f, found, "{body}"),
                other => panic!("{body}: {other:?}"),
            }
            assert_eq!(error.line, 4);
        }
    }

    #[test]
    fn documented_rules_for_harmless_oddities() {
        let document =
            body_ok("正文()。&amp;&#x4E2D;<!-- 注释 -->。<br>下一行\n\n***\n\n[1]: http://x\n");
        assert_eq!(document.blocks.len(), 1);
        assert_eq!(document.blocks[0].text, "正文。&中。下一行");
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
        // Long runs of markup end in an error, quickly (every scan is linear).
        for body in [
            "[".repeat(200_000),
            "-{".repeat(100_000),
            "{{".repeat(100_000),
        ] {
            let error = body_error(&body);
            assert_eq!(error.line, 4);
        }
        let bold = "**粗**".repeat(40_000);
        let document = body_ok(&bold);
        assert_eq!(document.blocks[0].emphasis, vec![0..40_000]);
        let nested = format!("{}x{}", "[".repeat(1000), "](y)".repeat(1000));
        let error = body_error(&nested);
        assert!(
            matches!(error.kind, CleanErrorKind::NestingTooDeep(_)),
            "{error}"
        );
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
                    assert!(!block.text.is_empty() && !block.text.contains('\n'));
                    assert!(!block
                        .text
                        .contains(['[', ']', '(', ')', '{', '}', '\\', '*', '|', '#', '`']));
                    let chars = block.text.chars().count();
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
