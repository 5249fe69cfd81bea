// Emphasis is a list of ranges; a list of one range is what is meant.
#![allow(clippy::single_range_in_vec_init)]

use super::*;
use crate::document::BlockKind::{Heading, ListItem, Note, Paragraph};

/// Reads `body` as a document body, with `css` as its linked stylesheet `s.css`.
fn read_with(body: &str, css: &str) -> Content {
    let source = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n\
         <head><title>不显示</title><link rel=\"stylesheet\" href=\"s.css\" type=\"text/css\"/></head>\n\
         <body>\n{body}</body></html>"
    );
    let mut stylesheet = |href: &str| (href == "s.css").then(|| css.to_string());
    read(&source, &mut stylesheet)
}

fn blocks(body: &str) -> Vec<(BlockKind, String)> {
    read_with(body, "")
        .blocks
        .into_iter()
        .map(|b| (b.kind, b.text))
        .collect()
}

fn b(kind: BlockKind, text: &str) -> (BlockKind, String) {
    (kind, text.to_string())
}

#[test]
fn block_elements_and_kinds() {
    let found = blocks(
        "<h1>第一章</h1><p>正文。</p><div>直接文字<p>段落</p>尾巴</div>\
         <div><div><p>只在p里</p></div></div>\
         <h3>小节</h3><h6>深</h6><blockquote><p>引文</p></blockquote>\
         <aside epub:type=\"footnote\" id=\"n1\"><p>注一</p></aside>",
    );
    assert_eq!(
        found,
        vec![
            b(Heading(2), "第一章"),
            b(Paragraph, "正文。"),
            b(Paragraph, "直接文字"),
            b(Paragraph, "段落"),
            b(Paragraph, "尾巴"),
            b(Paragraph, "只在p里"),
            b(Heading(3), "小节"),
            b(Heading(3), "深"),
            b(Note, "引文"),
            b(Note, "注一"),
        ]
    );
}

#[test]
fn lists_carry_markers_and_nesting() {
    let found = blocks(
        "<ul><li>甲</li><li>乙<ol start=\"3\"><li>丙</li><li value=\"7\">丁</li><li>戊</li></ol>续</li></ul>\
         <ol><li><p>一</p></li><li>二<br/>二续</li></ol>",
    );
    assert_eq!(
        found,
        vec![
            b(ListItem, "• 甲"),
            b(ListItem, "• 乙"),
            b(ListItem, "\u{3000}3. 丙"),
            b(ListItem, "\u{3000}7. 丁"),
            b(ListItem, "\u{3000}8. 戊"),
            b(ListItem, "续"),
            b(ListItem, "1. 一"),
            b(ListItem, "2. 二"),
            b(ListItem, "二续"),
        ]
    );
}

#[test]
fn malformed_html_is_mended_as_browsers_do() {
    let found = blocks(
        "<p>第一段&nbsp;有空格<p>第二段<br>下一行</div></span>\n\
         <p class=x>第三&hellip;&ldquo;段&rdquo;&mdash;&copy;&foo;\n\
         <ul><li>一<li>二</ul><P>大写</P><h2>标题<br/>副题<h3>下<br>",
    );
    assert_eq!(
        found,
        vec![
            b(Paragraph, "第一段\u{A0}有空格"),
            b(Paragraph, "第二段"),
            b(Paragraph, "下一行"),
            b(Paragraph, "第三…“段”—©&foo;"),
            b(ListItem, "• 一"),
            b(ListItem, "• 二"),
            b(Paragraph, "大写"),
            b(Heading(2), "标题\u{3000}副题"),
            b(Heading(3), "下"),
        ]
    );
}

#[test]
fn emphasis_from_tags_and_css() {
    let css = ".dot { text-emphasis: dot; } span.em2 { -webkit-text-emphasis: sesame }";
    let content = read_with(
        "<p>他<em>非常</em>、<strong>很</strong><b>B</b> <i>i</i>好。</p>\
         <p>着<span class=\"dot\">重号</span>与<span class=\"em2\">芝麻</span>和\
         <span style=\"text-emphasis: circle\">内联</span>，<span class=\"dot\" style=\"text-emphasis:none\">否</span></p>\
         <h2><b>全粗标题</b></h2><h2>部分<b>粗</b></h2>",
        css,
    );
    let spans: Vec<(&str, Vec<std::ops::Range<usize>>)> = content
        .blocks
        .iter()
        .map(|b| (b.text.as_str(), b.emphasis.clone()))
        .collect();
    assert_eq!(
        spans,
        vec![
            ("他非常、很B i好。", vec![1..3, 4..6, 7..8]),
            ("着重号与芝麻和内联，否", vec![1..3, 4..6, 7..9]),
            ("全粗标题", vec![]),
            ("部分粗", vec![2..3]),
        ]
    );
}

#[test]
fn display_none_drops_the_element() {
    let css = ".hide { display: none } aside { display: none }";
    let found = read_with(
        "<p>看<span class=\"hide\">不见<b>的</b></span>得见</p>\
         <div class=\"hide\"><p>整段</p><div class=\"hide\">嵌套</div>仍隐</div>\
         <p style=\"display:none\">内联隐藏</p><aside><p>旁注</p></aside>\
         <p class=\"hide\" style=\"display: block\">显示</p>",
        css,
    );
    let texts: Vec<&str> = found.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, vec!["看得见", "显示"]);
}

#[test]
fn ruby_keeps_the_base_and_the_annotation_in_parentheses() {
    let found = blocks(
        "<p><ruby>基<rp>(</rp><rt>jī</rt><rp>)</rp></ruby>础，<ruby>漢<rt>hàn</rt>字<rt>zì</rt></ruby>，\
         <ruby>空<rt></rt></ruby>，<ruby>未<rt>wèi</ruby>闭</p>",
    );
    assert_eq!(
        found,
        vec![b(
            Paragraph,
            "基（jī）础，漢（hàn）字（zì），空，未（wèi）闭"
        )]
    );
}

#[test]
fn images_give_their_alt_text_and_svg_nothing() {
    let found = blocks(
        "<p>图<img src=\"a.png\" alt=\"一只猫\"/>后<img src=\"b.png\" alt=\"  \"/><img src=\"c.png\">完\
         <img src=\"d.png\" alt=\"Fig_1.PNG\"/><img alt=\"图 1.png 的说明\"/></p>\
         <div><img src=\"cover.jpg\"/></div>\
         <svg xmlns=\"http://www.w3.org/2000/svg\"><title>封面</title><text>SVG文字</text></svg>\
         <p>脚注<sup><a epub:type=\"noteref\" href=\"#n1\">1</a></sup>在此<script>alert(1)</script></p>",
    );
    assert_eq!(
        found,
        vec![
            b(Paragraph, "图一只猫后完图 1.png 的说明"),
            b(Paragraph, "脚注1在此")
        ]
    );
}

#[test]
fn anchors_point_at_their_block_or_the_next() {
    let content = read_with(
        "<h2 id=\"c1\">一</h2><p>甲<a id=\"mid\"/>乙</p><div id=\"wrap\">\n<p>丙</p></div>\
         <a name=\"old\"></a><p>丁</p><span id=\"end\"></span>",
        "",
    );
    let at = |id: &str| content.anchors.get(id).copied();
    assert_eq!(at("c1"), Some(0));
    assert_eq!(at("mid"), Some(1));
    assert_eq!(at("wrap"), Some(2));
    assert_eq!(at("old"), Some(3));
    assert_eq!(at("end"), Some(4));
    assert_eq!(content.blocks.len(), 4);
}

#[test]
fn lines_are_where_the_text_starts() {
    // Line 1 is the declaration, 2 <html>, 3 <head>, 4 <body>; the body starts on line 5.
    let content = read_with("<p>一</p>\n<p>\n  二</p>\n\n<p>三<br/>\n四</p>\n", "");
    let lines: Vec<(&str, usize)> = content
        .blocks
        .iter()
        .map(|b| (b.text.as_str(), b.line))
        .collect();
    assert_eq!(lines, vec![("一", 5), ("二", 7), ("三", 9), ("四", 10)]);
}

#[test]
fn whitespace_between_cjk_goes_and_between_words_stays() {
    let found = blocks("<p>　　这是\n  一段 <em>强调</em> 文字，English\n words <b>bold</b>.</p>");
    assert_eq!(
        found,
        vec![b(Paragraph, "这是一段 强调 文字，English words bold.")]
    );
}

#[test]
fn print_page_numbers_are_not_text() {
    let content = read_with(
        "<section id=\"s\"><div><span epub:type=\"pagebreak\" id=\"p9\" title=\"9\">9</span></div>\
         <h2>标题</h2><p>文<span role=\"doc-pagebreak\">10</span>字</p></section>",
        "",
    );
    let texts: Vec<&str> = content.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, vec!["标题", "文字"]);
    assert_eq!(content.anchors.get("s"), Some(&0));
    assert_eq!(content.anchors.get("p9"), Some(&0));
}

#[test]
fn nav_and_head_are_not_text() {
    let found = blocks("<nav epub:type=\"toc\"><h1>目录</h1><ol><li><a href=\"c1.xhtml\">第一章</a></li></ol></nav><p>正文</p>");
    assert_eq!(found, vec![b(Paragraph, "正文")]);
}

#[test]
fn a_line_break_in_a_heading_is_a_space() {
    let found = blocks("<h1>Chapter 1<br/>The Start</h1><h2>第一章<br/><br/>风起</h2>");
    assert_eq!(
        found,
        vec![
            b(Heading(2), "Chapter 1 The Start"),
            b(Heading(2), "第一章\u{3000}风起")
        ]
    );
}

#[test]
fn preformatted_lines_are_blocks() {
    let content = read_with("<pre>第一行\n  第二行\n\n第四行</pre><p>后</p>", "");
    let lines: Vec<(&str, usize)> = content
        .blocks
        .iter()
        .map(|b| (b.text.as_str(), b.line))
        .collect();
    assert_eq!(
        lines,
        vec![("第一行", 5), ("第二行", 6), ("第四行", 8), ("后", 8)]
    );
}

#[test]
fn any_bytes_read_without_panic() {
    let samples = [
        "",
        "<",
        "</p></p></li>",
        "<li><li><li>",
        "<ruby><rt><rt></ruby></rt>",
        "<p><b><i></p></b>x",
        "<ol start=\"-99999999999999999999\"><li>x</li></ol>",
        "<br></br><img>",
        "&#0;&#xD800;&#1114112;",
        "<style>.a{display:none",
        "<p class=\"a\">x",
        "<svg><svg></svg>",
    ];
    for sample in samples {
        let _ = read_with(sample, "");
    }
    let deep = "<b>".repeat(10_000) + "深" + &"</b>".repeat(10_000);
    assert_eq!(blocks(&deep), vec![b(Paragraph, "深")]);
    // Past the depth limit elements are read as if absent; blocks still come out.
    let nested = "<div>".repeat(1000) + "<p>甲</p><p>乙</p>" + &"</div>".repeat(1000) + "<p>丙";
    assert_eq!(
        blocks(&nested),
        vec![b(Paragraph, "甲"), b(Paragraph, "乙"), b(Paragraph, "丙")]
    );
}

#[test]
fn what_html_reads_as_text_stays_text() {
    let found = blocks(
        "<p>a < b 和 1 <2 和 c > d</p><p>A&B 公司 &lt; &amp;&amp; &#x27;q&#39;</p>\
         <p>注释<!-- a -- b -->后</p ><br / ><P><FONT SIZE=3>大写</FONT></P>",
    );
    assert_eq!(
        found,
        vec![
            b(Paragraph, "a < b 和 1 <2 和 c > d"),
            b(Paragraph, "A&B 公司 < && 'q'"),
            b(Paragraph, "注释后"),
            b(Paragraph, "大写"),
        ]
    );
}

/// A small deterministic generator (xorshift), so that the random documents are the same on
/// every run.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn random_markup_always_gives_well_formed_blocks() {
    const PIECES: &[&str] = &[
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<li>",
        "</li>",
        "<ul>",
        "</ul>",
        "<ol start=\"9\">",
        "</ol>",
        "<h1>",
        "</h1>",
        "<h4>",
        "<ruby>",
        "<rt>",
        "</rt>",
        "<rp>(</rp>",
        "</ruby>",
        "<b>",
        "</b>",
        "<em>",
        "<span class=\"e\">",
        "<span class=\"h\">",
        "</span>",
        "<br>",
        "<br/>",
        "<img alt=\"图\"/>",
        "<img>",
        "&nbsp;",
        "&mdash;",
        "&#x4E2D;",
        "&bogus;",
        "&",
        "<",
        ">",
        "中",
        "文",
        "。",
        "a",
        " ",
        "  ",
        "\n",
        "\t",
        "\u{3000}",
        "\u{1}",
        "<pre>",
        "</pre>",
        "<blockquote>",
        "<aside epub:type=\"footnote\">",
        "</aside>",
        "<svg>",
        "</svg>",
        "<p id=\"x\">",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<script>",
        "</script>",
        "<td>",
    ];
    let css = ".e { text-emphasis: dot } .h { display: none }";
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let length = random.below(40);
        let body: String = (0..length)
            .map(|_| PIECES[random.below(PIECES.len())])
            .collect();
        let content = read_with(&body, css);
        for block in &content.blocks {
            let chars = block.text.chars().count();
            assert!(chars > 0, "{body:?}");
            assert!(
                !block.text.chars().any(char::is_control),
                "{body:?} → {block:?}"
            );
            // Only a list item starts with a space: its nesting indent.
            let text = match block.kind {
                ListItem => block.text.trim_start_matches('\u{3000}'),
                _ => &block.text,
            };
            assert_eq!(text.trim(), text, "{body:?} → {block:?}");
            assert!(matches!(
                block.kind,
                Heading(2 | 3) | Paragraph | Note | ListItem
            ));
            assert!(block.line >= 5, "{body:?} → {block:?}");
            let mut end = 0;
            for span in &block.emphasis {
                assert!(span.start >= end && span.start < span.end && span.end <= chars);
                end = span.end + 1; // touching spans would have merged
            }
        }
        assert!(content
            .anchors
            .values()
            .all(|&at| at <= content.blocks.len()));
    }
}
