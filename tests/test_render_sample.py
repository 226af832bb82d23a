"""The README's first job, end to end: the sample YAML through the real command to a .docx.

Reads the XML Word would read (via test_docx_writer.Out, which resolves styles the way
Word does): margins, the East Asian face of each heading level and of the body, the PAGE
field in both footers, and the headings numbered in order.
"""

from __future__ import annotations

import re
from io import BytesIO

import docx
import pytest

from conftest import run_cli
from test_docx_writer import NS, Out, w

HEADING_STYLES = {"一级标题": 1, "二级标题": 2}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, request):
    from conftest import SAMPLES

    out = tmp_path_factory.mktemp("render") / "桐溪县 2024年度报告.docx"  # Chinese and a space, as on a desktop
    result = run_cli("render", str(SAMPLES / "2024.yaml"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    return Out(out.read_bytes())


def test_python_docx_reopens_it(rendered):
    d = docx.Document(BytesIO(rendered.data))
    # one title paragraph, broken where the meaning allows (GB/T 9704: 词意完整)
    assert d.paragraphs[0].text == "桐溪县人民政府关于2024年度\n法治政府建设情况的报告"
    assert any("全年共收到行政复议申请" in p.text for p in d.paragraphs)


def test_margins(rendered):
    mar = rendered.sectPr.find("w:pgMar", NS)
    assert [mar.get(w(k)) for k in ("top", "bottom", "left", "right")] == ["2098", "1984", "1587", "1474"]


@pytest.mark.parametrize("prefix, face, bold", [
    ("一、主要举措和成效", "黑体", False),
    ("（一）深入学习贯彻", "楷体_GB2312", False),
    ("2024年，我县", "仿宋_GB2312", False),
])
def test_east_asian_face_per_level(rendered, prefix, face, bold):
    p = rendered.para_with(prefix)
    r = p.find("w:r", NS)
    assert rendered.east_asia(p, r) == face
    assert rendered.bold(p, r) is bold
    assert rendered.size(p, r) == 32  # 三号 16 pt in half-points


def test_run_in_level3_heading_bold_then_body(rendered):
    p = rendered.para_with("1.把学习贯彻")
    runs = p.findall("w:r", NS)
    assert rendered.east_asia(p, runs[0]) == "仿宋_GB2312" and rendered.bold(p, runs[0])
    assert not rendered.bold(p, runs[-1])


def test_title_face(rendered):
    p = rendered.paragraphs[0]
    assert rendered.east_asia(p, p.find("w:r", NS)) == "方正小标宋简体"
    assert rendered.size(p, p.find("w:r", NS)) == 44


@pytest.mark.parametrize("kind", ["default", "even"])
def test_page_field_in_footer(rendered, kind):
    footer = rendered.footer(kind)
    instr = "".join(t.text for t in footer.iter(w("instrText")))
    assert instr.strip() == "PAGE"
    text = "".join(t.text or "" for t in footer.iter(w("t")))
    assert text.startswith("—") and text.endswith("—")


def test_headings_numbered_in_order(rendered):
    seen = {1: [], 2: []}
    for p in rendered.paragraphs:
        style = rendered.pstyle(p)
        name = rendered.by_id[style].find("w:name", NS).get(w("val")) if style else ""
        if name in HEADING_STYLES:
            level = HEADING_STYLES[name]
            seen[level].append(rendered.text(p))
    level1 = [re.match(r"^(.)、", t)[1] for t in seen[1]]
    assert level1 == list("一二三四")  # the 2024 sample has no 其他 part
    level2 = [re.match(r"^（(.+?)）", t)[1] for t in seen[2]]
    assert level2 == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]


def test_signature_and_date_at_the_end(rendered):
    texts = [rendered.text(p) for p in rendered.paragraphs if rendered.text(p).strip()]
    assert texts[-2:] == ["桐溪县人民政府", "2025年3月7日"]


def test_windows_fonts_choice(tmp_path):
    from conftest import SAMPLES

    out = tmp_path / "w.docx"
    assert run_cli("render", str(SAMPLES / "2024.yaml"), "-o", str(out), "--fonts", "windows").returncode == 0
    o = Out(out.read_bytes())
    p = o.para_with("（一）")
    assert o.east_asia(p, p.find("w:r", NS)) == "楷体"
    p = o.para_with("2024年，我县")
    assert o.east_asia(p, p.find("w:r", NS)) == "仿宋"


def test_unknown_layout_variant_is_a_usage_error(tmp_path):
    from conftest import SAMPLES

    result = run_cli("render", str(SAMPLES / "2024.yaml"), "-o", str(tmp_path / "x.docx"), "--layout", "nope")
    assert result.returncode == 2 and "fixed-28pt" in result.stderr and "Traceback" not in result.stderr


def test_run_in_level4_heading_fangsong_not_bold(rendered):
    p = rendered.para_with("（1）做实诉调对接。")
    runs = p.findall("w:r", NS)
    assert rendered.east_asia(p, runs[0]) == "仿宋_GB2312" and not rendered.bold(p, runs[0])
