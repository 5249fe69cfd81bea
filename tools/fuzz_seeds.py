#!/usr/bin/env python3
"""Seeds for the `epub` and `txt` fuzz targets, written into WORK/epub and WORK/txt.

    python3 tools/fuzz_seeds.py WORK

tools/fuzz.sh runs this with its scratch folder. The seeds are small real shapes the readers
meet, so that mutations start from inputs that get past the first checks:

epub/  EPUB 3 with a nav document, EPUB 2 with an NCX, a book of malformed XHTML (unclosed and
       stray tags, a missing stylesheet, an image page), and bare chapter, package and nav
       documents (the target also wraps its input as each of these in a valid book).
txt/   the first 64 KiB of tests/books/水浒传.txt as UTF-8, GB18030 and Big5 (characters
       Big5 lacks become `?`), and its first 1,500 characters in those, CRLF, hard-wrapped
       at 30 characters and UTF-16LE with a byte order mark.
"""

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOVEL = ROOT / "tests" / "books" / "水浒传.txt"
TXT_MAX = 64 * 1024

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def package(version, items, spine, toc=""):
    manifest = "\n".join(
        f'<item id="{i}" href="{h}" media-type="{t}"{p}/>' for i, h, t, p in items
    )
    refs = "".join(f'<itemref idref="{i}"/>' for i in spine)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="{version}" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="id">urn:uuid:0</dc:identifier><dc:title>水浒传</dc:title>
<dc:creator>施耐庵</dc:creator><dc:creator>罗贯中</dc:creator><dc:language>zh-CN</dc:language>
</metadata>
<manifest>
{manifest}
</manifest>
<spine{toc}>{refs}</spine>
</package>"""


def page(title, body, head=""):
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>{title}</title>{head}</head>
<body>
{body}
</body></html>"""


XHTML = "application/xhtml+xml"
STYLE = """p { text-indent: 2em; margin: 0 }
.dot, em.k { text-emphasis: filled dot; -webkit-text-emphasis: dot }
.hidden { display: none }
@media print { p { color: black } }"""
LINK = '<link rel="stylesheet" type="text/css" href="../Styles/main.css"/>'

CHAPTER_1 = page(
    "第一回",
    """<h1 id="c1">第一回　张天师祈禳瘟疫　洪太尉误走妖魔</h1>
<p>话说大宋仁宗天子在位，<b>嘉祐三年</b>三月三日五更三点，天子驾坐紫宸殿。</p>
<p class="dot">但见：祥云迷凤阁，瑞气罩龙楼。<ruby>阁<rp>(</rp><rt>gé</rt><rp>)</rp></ruby></p>
<p>当有殿头官喝道：&ldquo;有事出班早奏，无事卷帘退朝。&rdquo;&#x4E2D;&#20013;&nbsp;&amp;</p>
<ul><li>一</li><li>二<ol start="3"><li>三</li></ol></li></ul>
<p>正文<a epub:type="noteref" href="#n1"><sup>1</sup></a>。<span class="hidden">看不见</span></p>
<aside epub:type="footnote" id="n1"><p>注：紫宸殿，宫殿名。</p></aside>
<span epub:type="pagebreak" id="p2" title="2"/>
<blockquote><p>引文。<br/>第二行。</p></blockquote>""",
    LINK,
)

CHAPTER_2 = page(
    "第二回",
    """<h2 id="c2">第二回　王教头私走延安府</h2>
<p style="text-emphasis: dot">九纹龙大闹史家村。</p>
<h3 id="s1">一</h3><pre>诗曰：
千古幽扃一旦开</pre>
<p><img src="../Images/a.png" alt="插图"/><img src="../Images/b.png" alt="b.png"/></p>
<table><tr><td>甲</td><td>乙</td></tr></table>""",
    LINK,
)

NAV = page(
    "目录",
    """<nav epub:type="toc"><ol>
<li><a href="Text/ch1.xhtml#c1">第一回</a></li>
<li><a href="Text/ch2.xhtml#c2">第二回</a><ol><li><a href="Text/ch2.xhtml#s1">一</a></li></ol></li>
</ol></nav>
<nav epub:type="landmarks"><ol><li><a href="Text/ch1.xhtml">正文</a></li></ol></nav>""",
)

NCX = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE ncx PUBLIC "-//NISO//DTD ncx 2005-1//EN" "http://www.daisy.org/z3986/2005/ncx-2005-1.dtd">
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
<head><meta name="dtb:uid" content="urn:uuid:0"/></head>
<docTitle><text>水浒传</text></docTitle>
<navMap>
<navPoint id="n1" playOrder="1"><navLabel><text>第一回</text></navLabel><content src="Text/ch1.xhtml#c1"/>
<navPoint id="n2" playOrder="2"><navLabel><text>一节</text></navLabel><content src="Text/ch1.xhtml#n1"/></navPoint>
</navPoint>
<navPoint id="n3" playOrder="3"><navLabel><text>第二回</text></navLabel><content src="Text/ch2.xhtml"/></navPoint>
</navMap></ncx>"""

MALFORMED = page(
    "乱",
    """<h1>标题<p>段落在标题里</h1>
<p>没有关闭的段落<b>粗体<i>斜体</b>还在</i>
</div></span><p>多余的结束标签&unknown; &#xFFFFFF; &#0; &
<li>没有列表的项<li>第二项
<div><div><div><p>深</div>
<p style="display:none">藏</p><p style='text-emphasis:"x"'>引号</p>
<script>var a = "<p>不是正文</p>";</script><style>p{text-emphasis:dot}</style>
<svg><title>图题</title></svg><math><annotation>x</annotation></math>
<p>尾""",
    '<link rel="stylesheet" href="../Styles/missing.css"/>',
)


def epub(path, files, deflate=True):
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", CONTAINER, method)
        for name, text in files:
            archive.writestr(name, text, method)


def epubs(out):
    out.mkdir(parents=True, exist_ok=True)
    chapters = [("ch1", "Text/ch1.xhtml", XHTML, ""), ("ch2", "Text/ch2.xhtml", XHTML, "")]
    css = [("css", "Styles/main.css", "text/css", "")]
    texts = [
        ("OEBPS/Text/ch1.xhtml", CHAPTER_1),
        ("OEBPS/Text/ch2.xhtml", CHAPTER_2),
        ("OEBPS/Styles/main.css", STYLE),
    ]
    nav = [("nav", "nav.xhtml", XHTML, ' properties="nav"')]
    opf3 = package("3.0", nav + chapters + css, ["ch1", "ch2"])
    epub(out / "epub3-nav.epub", [("OEBPS/content.opf", opf3), ("OEBPS/nav.xhtml", NAV)] + texts)
    ncx = [("ncx", "toc.ncx", "application/x-dtbncx+xml", "")]
    opf2 = package("2.0", ncx + chapters + css, ["ch1", "ch2"], ' toc="ncx"')
    epub(out / "epub2-ncx.epub", [("OEBPS/content.opf", opf2), ("OEBPS/toc.ncx", NCX)] + texts)
    broken = [
        ("cover", "Images/cover.jpg", "image/jpeg", ""),
        ("bad", "Text/bad.xhtml", XHTML, ""),
    ]
    opf_broken = package("2.0", broken + ncx, ["cover", "bad"], ' toc="ncx"')
    epub(
        out / "malformed-xhtml.epub",
        [
            ("OEBPS/content.opf", opf_broken),
            ("OEBPS/toc.ncx", NCX),
            ("OEBPS/Images/cover.jpg", "\xff\xd8 not really a jpeg"),
            ("OEBPS/Text/bad.xhtml", MALFORMED),
        ],
        deflate=False,
    )
    # Bare documents, for the target's wraps (chapter, package, nav/NCX).
    for name, text in [
        ("chapter.xhtml", CHAPTER_1),
        ("malformed.xhtml", MALFORMED),
        ("package.opf", opf3),
        ("nav.xhtml", NAV),
        ("toc.ncx", NCX),
    ]:
        (out / name).write_text(text, encoding="utf-8")


def hard_wrapped(text, width=30):
    """`text` with every line cut into lines of `width` characters, indents dropped."""
    lines = []
    for line in text.splitlines():
        line = line.strip()
        while len(line) > width:
            lines.append(line[:width])
            line = line[width:]
        lines.append(line)
    return "\n".join(lines)


def texts(out):
    out.mkdir(parents=True, exist_ok=True)
    head = NOVEL.read_bytes()[:TXT_MAX].decode("utf-8", "ignore")
    # The first 64 KiB in the three encodings a Chinese novel comes in ...
    (out / "shuihu-utf8.txt").write_bytes(head.encode("utf-8"))
    (out / "shuihu-gb18030.txt").write_bytes(head.encode("gb18030")[:TXT_MAX])
    (out / "shuihu-big5.txt").write_bytes(head.encode("big5", "replace")[:TXT_MAX])
    # ... and small pieces of each shape: instrumented, a 64 KiB input takes 100-250 ms a run
    # (chardetng's detection most of it), a 4 KiB one some 10 ms, so mutations start small.
    small = head[:1500]
    for name, data in [
        ("utf8", small.encode("utf-8")),
        ("gb18030", small.encode("gb18030")),
        ("big5", small.encode("big5", "replace")),
        ("crlf", small.replace("\n", "\r\n").encode("utf-8")),
        ("wrapped", hard_wrapped(small).encode("utf-8")),
        ("utf16le", b"\xff\xfe" + small.encode("utf-16-le")),
    ]:
        (out / f"small-{name}.txt").write_bytes(data)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: fuzz_seeds.py WORK")
    work = Path(sys.argv[1])
    epubs(work / "epub")
    texts(work / "txt")


if __name__ == "__main__":
    main()
