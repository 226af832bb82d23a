"""What the clerk wrote reaches every format as they meant it: a line break makes a new
paragraph (with its own indent), carried-over text is marked until confirmed, and the
Markdown preview renders bold where the draft is bold. Checked on the files the real
`render` command writes (.docx XML, Markdown through a CommonMark parser, plain text).
"""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree
from markdown_it import MarkdownIt

from conftest import SAMPLES, run_cli
from fazhi_draft.compose.composer import compose
from fazhi_draft.compose.paragraphs import CARRIED_MARK
from fazhi_draft.tree import Heading
from fazhi_draft.input.load import load_report

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
LAST_YEARS = "县委全面依法治县委员会审议通过《桐溪县2024年法治政府建设工作要点》。"

INPUT = f"""\
meta: {{organ: 桐溪县人民政府, kind: county, year: 2025, date: 2026-03-10}}
opening: |
  2025年，我县深入学习贯彻习近平法治思想。
  　　现将有关情况报告如下：
measures:
  leadership:
    points:
      - {{text: "{LAST_YEARS}", carried: true}}
      - title: 健全工作机制
        carried: true
        text: 把年度任务分解到32个责任单位。
        items: [实行季度调度。]
      - 今年新写的要点。
  disputes:
    figures:
      reconsideration_received: 27
      disputes_mediated: 1200
      disputes_resolved: 待补
    points:
      - |
        推进行政复议体制改革。

        全年复议调解和解12件。
      - title: 深化诉源治理
        text: |
          坚持和发展新时代“枫桥经验”。
          在县法院设立诉调对接工作室。
        items:
          - "新建行业性专业性调委会3个。\\n聘请专职调解员12名。"
duty: ["县长带头学法。 \\u3000\\t\\n县长带头讲法治课。"]  # spaces before a break go too
shortcomings: ["基层法治力量不足。\\r\\n执法人员年龄偏大。"]
plans: ["全面实施行政复议法。\\n\\n深化“八五”普法。"]
other: ["无其他需要报告的情况。"]
"""

# Each pair: a line break in the YAML, two paragraphs in the draft.
SPLIT = [("2025年，我县深入学习贯彻习近平法治思想。", "现将有关情况报告如下："),
         ("推进行政复议体制改革。", "全年复议调解和解12件。"),
         ("坚持和发展新时代“枫桥经验”。", "在县法院设立诉调对接工作室。"),
         ("新建行业性专业性调委会3个。", "聘请专职调解员12名。"),
         ("县长带头学法。", "县长带头讲法治课。"),
         ("基层法治力量不足。", "执法人员年龄偏大。"),
         ("全面实施行政复议法。", "深化“八五”普法。")]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict:
    """The input through the real command, once per format."""
    folder = tmp_path_factory.mktemp("marks")
    src = folder / "2025.yaml"
    src.write_text(INPUT, encoding="utf-8")
    out = {"yaml": src}
    for fmt in ("docx", "md", "txt"):
        target = folder / f"2025.{fmt}"
        result = run_cli("render", str(src), "--format", fmt, "-o", str(target), "--ignore-errors")
        assert result.returncode == 0, result.stderr
        out[fmt] = target
        out[f"{fmt}-stdout"] = result.stdout
    return out


def body_paragraphs(docx) -> list[etree._Element]:
    with zipfile.ZipFile(docx) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    return root.findall("w:body/w:p", NS)[1:]  # after the title


def p_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))


def first_line_indent(p: etree._Element, docx) -> int:
    """The first-line indent Word applies, in hundredths of a character (paragraph, then style)."""
    ind = p.find("w:pPr/w:ind", NS)
    if ind is not None and ind.get(f"{{{W}}}firstLineChars") is not None:
        return int(ind.get(f"{{{W}}}firstLineChars"))
    with zipfile.ZipFile(docx) as zf:
        styles = etree.fromstring(zf.read("word/styles.xml"))
    sid = p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val")
    style = styles.find(f"w:style[@w:styleId='{sid}']", NS)
    ind = style.find("w:pPr/w:ind", NS)
    return int(ind.get(f"{{{W}}}firstLineChars")) if ind is not None else 0


# --- item 15: a line break is a new paragraph ---------------------------------------

def test_a_line_break_in_a_point_makes_two_indented_paragraphs_in_the_docx(rendered):
    """Issue 12 item 15: no manual line break (w:br) in the body; a newline in the opening,
    a point, a titled point's text, a sub-item, duty/shortcomings/plans gives two w:p,
    each with its own two-character first-line indent."""
    paras = body_paragraphs(rendered["docx"])
    assert not [p_text(p) for p in paras if p.find(".//w:br", NS) is not None]
    texts = [p_text(p) for p in paras]
    for first, second in SPLIT:
        i = next((n for n, t in enumerate(texts) if t.endswith(first)), None)
        assert i is not None, first
        assert texts[i + 1] == second, (first, texts[i + 1])
        for p in (paras[i], paras[i + 1]):
            assert first_line_indent(p, rendered["docx"]) == 200, p_text(p)
    assert "　" not in "".join(texts)  # the typed full-width indent is not kept as text
    assert "" not in texts[:-3]  # a blank line makes no empty paragraph (only the signature's)


def test_a_line_break_is_a_paragraph_in_markdown_and_text(rendered):
    """Issue 12 item 15: the same paragraphs in the Markdown preview and the plain text."""
    html = MarkdownIt("commonmark").render(rendered["md"].read_text(encoding="utf-8"))
    paragraphs = re.findall(r"<p>(.*?)</p>", html)
    plain = [re.sub(r"<[^>]+>", "", p) for p in paragraphs]
    lines = rendered["txt"].read_text(encoding="utf-8").splitlines()
    for first, second in SPLIT:
        i = next(n for n, t in enumerate(plain) if t.endswith(first))
        assert plain[i + 1] == second
        j = next(n for n, t in enumerate(lines) if t.endswith(first))
        assert lines[j + 1] == "\u3000\u3000" + second


# --- item 17: carried points are marked ---------------------------------------------

def test_carried_points_are_highlighted_in_the_docx(rendered):
    """Issue 12 item 17: every paragraph of a point carried over and not confirmed opens
    with 【沿用去年，请核实】 and its text (title and sub-items too) is highlighted; the
    clerk's new text is not."""
    highlighted, plain = [], []
    for p in body_paragraphs(rendered["docx"]):
        for r in p.findall("w:r", NS):
            text = "".join(t.text or "" for t in r.findall("w:t", NS))
            h = r.find("w:rPr/w:highlight", NS)
            (highlighted if h is not None else plain).append(text)
    joined = "".join(highlighted)
    assert CARRIED_MARK + LAST_YEARS in joined  # 《…2024年…工作要点》 cannot go unnoticed
    assert "1.健全工作机制。" in highlighted
    assert CARRIED_MARK + "把年度任务分解到32个责任单位。" in joined
    assert CARRIED_MARK + "实行季度调度。" in joined
    assert "今年新写的要点。" in plain and "今年新写的要点" not in joined
    assert "【待补：调解成功纠纷】" in highlighted  # pending stays highlighted too
    texts = [p_text(p) for p in body_paragraphs(rendered["docx"])]
    assert sum(t.startswith(CARRIED_MARK) for t in texts) == 2  # untitled point, sub-item
    assert sum(CARRIED_MARK in t for t in texts) == 3


def test_carried_points_are_marked_in_markdown_and_text(rendered):
    """Issue 12 item 17: the Markdown preview shows them in <mark> after the marker, the
    plain text shows the marker."""
    html = MarkdownIt("commonmark").render(rendered["md"].read_text(encoding="utf-8"))
    assert f"<p><mark>{CARRIED_MARK}{LAST_YEARS}</mark></p>" in html
    assert f"<p><mark><strong>1.健全工作机制。</strong></mark><mark>{CARRIED_MARK}把年度任务" in html
    txt = rendered["txt"].read_text(encoding="utf-8")
    assert f"\u3000\u3000{CARRIED_MARK}{LAST_YEARS}" in txt
    assert f"1.健全工作机制。{CARRIED_MARK}把年度任务" in txt
    assert "今年新写的要点。" in txt and f"{CARRIED_MARK}今年新写的要点" not in txt


def test_render_says_how_many_carried_points_are_unconfirmed(rendered, tmp_path):
    """Issue 12 item 17: `render` prints the count of carried points still unconfirmed,
    for one file and in a batch."""
    for fmt in ("docx", "md", "txt"):
        assert "沿用去年、尚未核实的要点 2 条" in rendered[f"{fmt}-stdout"], fmt
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.yaml").write_text(INPUT, encoding="utf-8")
    (folder / "b.yaml").write_text(INPUT, encoding="utf-8")
    result = run_cli("render", str(folder), "-o", str(tmp_path / "out"), "--ignore-errors")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("沿用未核实 2 条") == 2


# --- item 14: the Markdown preview is real CommonMark -------------------------------

def test_markdown_preview_renders_run_in_titles_bold(tmp_path):
    """Issue 12 item 14: run-in headings "**1.标题。**正文" were left as literal ** by a
    CommonMark parser (24 in the 2024 sample); now every run-in title is in <strong>
    and no ** is left, pending placeholders included."""
    doc = compose(load_report(SAMPLES / "2024.yaml").report)
    run_in = [b for b in doc.blocks if isinstance(b, Heading) and b.body]
    assert len(run_in) >= 20
    out = tmp_path / "2024.md"
    result = run_cli("render", str(SAMPLES / "2024.yaml"), "--format", "md", "-o", str(out))
    assert result.returncode == 0, result.stderr
    html = MarkdownIt("commonmark").render(out.read_text(encoding="utf-8"))
    assert "**" not in html
    strong = re.findall(r"<strong>(.*?)</strong>", html)
    for h in run_in:
        label = (h.number + h.title).rstrip("。")
        assert any(label.startswith(s) and len(s) >= len(label) - 2 for s in strong), label


@pytest.mark.parametrize("text", [
    "全年收到申请【待补：收到行政复议申请】件。",
    "【待补：收到行政复议申请】件已审结。",
    "已审结【待补：公共法律服务中心（站、室）】",
])
def test_pending_placeholders_are_bold_anywhere_in_a_sentence(text):
    """Issue 12 item 14 (same cause): a bold placeholder between Chinese characters."""
    from fazhi_draft.tree import Document, Paragraph, Pending, Text
    from fazhi_draft.writers.text import render_markdown

    start = text.index("【")
    end = text.index("】") + 1
    pending = Pending(text[start + len("【待补："):end - 1])
    assert pending.text == text[start:end]
    para = Paragraph(tuple(i for i in (Text(text[:start]), pending, Text(text[end:])) if i.text))
    html = MarkdownIt("commonmark").render(render_markdown(Document("标题", (para,))))
    assert "**" not in html
    (strong,) = re.findall(r"<strong>(.*?)</strong>", html)
    assert "待补：" in strong and strong.strip("【】") == text[start + 1:end - 1]
    assert re.sub(r"<[^>]+>", "", html).endswith(text + "\n")


def test_markdown_keeps_the_clerks_asterisks_and_brackets_literal():
    """Issue 12 item 14: text that looks like markup stays text in the preview."""
    from fazhi_draft.tree import Document, Paragraph, Text
    from fazhi_draft.writers.text import render_markdown

    texts = ["开展*专项*整治，落实[三项制度]和<执法公示>。", "# 不是标题", "- 不是列表", "2024. 不是编号"]
    doc = Document("标题", tuple(Paragraph((Text(t),)) for t in texts))
    html = MarkdownIt("commonmark").render(render_markdown(doc))
    plain = [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p>(.*?)</p>", html)]
    unescaped = [p.replace("&lt;", "<").replace("&gt;", ">") for p in plain]
    assert unescaped == texts
