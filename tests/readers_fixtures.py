"""Build each corpus document the ways a report reaches a clerk: .docx, portal .html,
.txt and .pdf (from the .docx, through LibreOffice), at test time, into a temp folder.

The documents are cut out of tests/corpus/source/*.txt by a small hand-written spec per
document (where the body starts and ends, what title and signature it has) and split
into blocks by simple line patterns, independent of the readers under test. Then:

.docx, each as a different office would make it:
  000  Word "Heading 1" with automatic numbering (chineseCounting "%1、" in numbering.xml,
       no number typed); title centred 22 pt, split by a soft line break; U+3000 indents;
       one sentence split over many runs with a tracked insertion and deletion; a table
       of figures; a page header and a "— 1 —" footer; signature right-aligned.
  001  headings as bold Normal text with typed numbers; "(一)标题。正文" run-in, only the
       title bold. No title or signature (the page has none).
  002  typed "一、" in Word "Heading 1"; the (一) paragraphs numbered by Word
       ("（%1）", chineseCounting) in Normal style with bold run-in titles, the second
       list restarted by a startOverride; one paragraph in a text box. No title/date.
  003  a forwarding notice (文号, notice title, signature) then the plan; headings in
       styles named "标题 1/2/3" without outline levels, numbered through the styles
       (chineseCountingThousand "%1、", "（%2）", decimal "%3." never restarting, so the
       items run 1.…37. across sections as in the original).
  004  bold typed headings, "1、标题。正文" run-in with only the title bold; title over
       two centred 22 pt paragraphs.
.html: a portal page with navigation, breadcrumbs, an index block, a sidebar of related
  links (other reports' titles among them), a footer; the title in an <h1> outside the
  article's <div>; &nbsp;/U+3000 indents, <strong> run-in titles, <br> lines in one;
  004 in GBK with charset=gb2312.
.txt: the corpus text itself; 001 with a UTF-8 BOM, 002 in GB18030.
.pdf: all five .docx in one LibreOffice call.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

SOURCE = Path(__file__).parent / "corpus" / "source"
NAMES = ("000_4894d8c68aa1adc9", "001_a4df0450ae7a6c3d", "002_d5e0bc3e77f426e7",
         "003_3956b24273eceae2", "004_cb69d81650a98de4")

_L1 = re.compile(r"^[一二三四五六七八九十]+、")
_L2 = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")
_L3 = re.compile(r"^\d+[.、]")


@dataclass
class Block:
    level: int          # 0 paragraph, 1-3 heading
    label: str          # the typed number ("一、", "(一)", "1、"), "" for a paragraph
    title: str          # heading title ("" for a paragraph)
    body: str           # run-in text after the title, or the paragraph's text

    @property
    def text(self) -> str:
        return self.label + self.title + self.body


@dataclass
class Source:
    name: str
    title: tuple[str, ...]                    # title lines ((): none)
    blocks: list[Block]
    signature: tuple[str, str] | None = None  # organ, date
    notice: list[str] = field(default_factory=list)  # 003: the forwarding notice's lines
    notice_title: str = ""
    notice_signature: tuple[str, str] | None = None
    index: dict[str, str] = field(default_factory=dict)  # the page's index block

    @property
    def text(self) -> str:
        return (SOURCE / f"{self.name}.txt").read_text(encoding="utf-8")


def _blocks(lines: list[str]) -> list[Block]:
    out = []
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        for level, pattern in ((1, _L1), (2, _L2), (3, _L3)):
            m = pattern.match(line)
            if m:
                rest = line[m.end():]
                title, dot, body = rest.partition("。")
                if not body:
                    title, body = rest, ""
                else:
                    title += dot
                out.append(Block(level, m.group(0), title, body))
                break
        else:
            out.append(Block(0, "", "", line))
    return out


def _between(text: str, start: str | None, end: str | None) -> list[str]:
    lines = text.splitlines()
    i = 0 if start is None else next(k for k, ln in enumerate(lines) if ln.strip() == start) + 1
    j = len(lines) if end is None else next(k for k, ln in enumerate(lines) if ln.strip().startswith(end))
    return lines[i:j]


def sources() -> dict[str, Source]:
    text = {n: (SOURCE / f"{n}.txt").read_text(encoding="utf-8") for n in NAMES}
    out = {}
    n = NAMES[0]
    out[n] = Source(n, ("酉阳自治县人民政府2018年度", "法治政府建设工作报告"),
                    _blocks(_between(text[n], "字号:", "扫一扫")),
                    signature=("酉阳自治县人民政府", "2019年2月28日"),
                    index={"索引号": "11500242009146030A/2019-00782", "发布机构": "酉阳县人民政府",
                           "成文日期": "2019-02-28", "发布日期": "2019-03-28"})
    n = NAMES[1]
    out[n] = Source(n, (), _blocks(_between(text[n], None, None)))
    n = NAMES[2]
    out[n] = Source(n, (), _blocks(_between(text[n], None, None)))
    n = NAMES[3]
    # The scraped page shows the issuing organ as spam ("海东市77365体育在线"): the
    # notice is signed by the district government, restored here.
    out[n] = Source(n, ("平安区法治政府建设实施方案",),
                    _blocks(_between(text[n], "平安区法治政府建设实施方案", "打印】")),
                    notice=["各乡镇人民政府、区政府各部门:",
                            "现将《平安区法治政府建设实施方案》印发给你们,请结合实际,认真贯彻执行。"],
                    notice_title="关于印发平安区法治政府建设实施方案的通知",
                    notice_signature=("海东市平安区人民政府", "2017年4月11日"))
    n = NAMES[4]
    out[n] = Source(n, ("商洛市2021年", "法治政府建设工作总结"),
                    _blocks(_between(text[n], "名  称 商洛市2021年法治政府建设工作总结", "扫描打开手机端")),
                    index={"索引号": "szfb/2024-00352", "发布机构": "市政府办", "发布日期": "2022-03-30"})
    return out


# --- .docx -------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _el(tag: str, **attrs: str):
    from lxml import etree

    el = etree.Element(_w(tag))
    for k, v in attrs.items():
        el.set(_w(k), v)
    return el


def _sub(parent, tag: str, **attrs: str):
    el = _el(tag, **attrs)
    parent.append(el)
    return el


def _abstract(numbering, aid: str, levels: list[tuple[str, str, str | None, str | None]]) -> None:
    """levels: (numFmt, lvlText, lvlRestart or None, pStyle or None) for ilvl 0, 1, …"""
    an = _el("abstractNum", abstractNumId=aid)
    _sub(an, "multiLevelType", val="multilevel")
    for ilvl, (fmt, text, restart, pstyle) in enumerate(levels):
        lvl = _sub(an, "lvl", ilvl=str(ilvl))
        _sub(lvl, "start", val="1")
        _sub(lvl, "numFmt", val=fmt)
        if restart is not None:
            _sub(lvl, "lvlRestart", val=restart)
        if pstyle:
            _sub(lvl, "pStyle", val=pstyle)
        _sub(lvl, "suff", val="nothing")
        _sub(lvl, "lvlText", val=text)
    first_num = numbering.find(_w("num"))
    if first_num is not None:
        first_num.addprevious(an)
    else:
        numbering.append(an)


def _num(numbering, nid: str, aid: str, start_override: int | None = None) -> None:
    num = _sub(numbering, "num", numId=nid)
    _sub(num, "abstractNumId", val=aid)
    if start_override is not None:
        ov = _sub(num, "lvlOverride", ilvl="0")
        _sub(ov, "startOverride", val=str(start_override))


def _set_numpr(paragraph, num_id: str, ilvl: int | None = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = _el("numPr")
    if ilvl is not None:
        _sub(numpr, "ilvl", val=str(ilvl))
    _sub(numpr, "numId", val=num_id)
    ppr.insert(0, numpr) if ppr.find(_w("pStyle")) is None else ppr.find(_w("pStyle")).addnext(numpr)


class _Docx:
    def __init__(self):
        import docx
        from docx.shared import Pt

        self.Pt = Pt
        self.doc = docx.Document()
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(16)
        normal.font.name = "仿宋_GB2312"
        self.numbering = self.doc.part.numbering_part.element

    def title(self, lines: tuple[str, ...], *, soft_break: bool = False) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        chunks = [lines] if soft_break else [(ln,) for ln in lines]
        for chunk in chunks:
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for k, line in enumerate(chunk):
                run = p.add_run(line)
                run.font.size = self.Pt(22)
                run.font.name = "方正小标宋简体"
                if k < len(chunk) - 1:
                    run.add_break()

    def centred(self, text: str, size: int = 16) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).font.size = self.Pt(size)

    def para(self, text: str, *, indent: str = "\u3000\u3000", bold_lead: str = "", style=None,
             lead_style: bool = True, split: bool = False):
        p = self.doc.add_paragraph(style=style)
        if indent:
            p.add_run(indent)
        if bold_lead:
            p.add_run(bold_lead).bold = lead_style
        if split:  # one sentence over many runs, as revisions and spell-check leave it
            for k in range(0, len(text), 7):
                p.add_run(text[k:k + 7])
        elif text:
            p.add_run(text)
        return p

    def signature(self, organ: str, date: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        self.doc.add_paragraph()
        for text in (organ, date):
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.add_run(text)

    def save(self, path: Path) -> Path:
        self.doc.save(path)
        return path


def _tracked(paragraph, inserted: str, deleted: str) -> None:
    """Append a tracked insertion (kept) and a tracked deletion (dropped)."""
    ins = _el("ins", id="901", author="审核人", date="2019-02-20T00:00:00Z")
    r = _sub(ins, "r")
    _sub(r, "t").text = inserted
    paragraph._p.append(ins)
    dele = _el("del", id="902", author="审核人", date="2019-02-20T00:00:00Z")
    r = _sub(dele, "r")
    _sub(r, "delText").text = deleted
    paragraph._p.append(dele)


def _text_box(paragraph, text: str) -> None:
    """A DrawingML text box (as Word 2010+ saves it) with a VML fallback holding the same text."""
    from lxml import etree

    xml = f"""<w:r xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
      xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
      xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
      xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
      xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0"
    simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
    <wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
    <wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
    <wp:extent cx="5486400" cy="600000"/><wp:wrapTopAndBottom/><wp:docPr id="77" name="文本框 1"/>
    <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
    <wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5486400" cy="600000"/></a:xfrm>
    <a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
    <wps:txbx><w:txbxContent><w:p><w:r><w:t>{html.escape(text)}</w:t></w:r></w:p></w:txbxContent></wps:txbx>
    <wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:shape style="width:400pt;height:50pt"><v:textbox><w:txbxContent><w:p><w:r>
    <w:t>{html.escape(text)}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
  </mc:AlternateContent></w:r>"""
    paragraph._p.append(etree.fromstring(xml))


def docx_000(src: Source, path: Path) -> Path:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = _Docx()
    _abstract(d.numbering, "90", [("chineseCounting", "%1、", None, None)])
    _num(d.numbering, "90", "90")
    section = d.doc.sections[0]
    section.header.paragraphs[0].text = "酉阳自治县人民政府文件"
    section.footer.paragraphs[0].text = "— 1 —"
    section.footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.title(src.title, soft_break=True)
    tracked = False
    for b in src.blocks:
        if b.level == 1:
            p = d.doc.add_paragraph(b.title + b.body, style="Heading 1")
            _set_numpr(p, "90", 0)
        elif not tracked and "五次" not in b.text and "开展集体学法5次" in b.text:
            head, _, tail = b.text.partition("开展集体学法5次")
            p = d.para(head, split=True)
            _tracked(p, "开展集体学法5次", "开展集体学法若干次")
            p.add_run(tail)
            tracked = True
        else:
            d.para(b.text, split=b.text.startswith("二是统筹推进"))
        if b.text.startswith("二是切实抓好行政复议工作"):
            table = d.doc.add_table(rows=3, cols=2)
            for row, (k, v) in zip(table.rows, (("项目", "数量"), ("化解矛盾纠纷", "5217件"),
                                                ("化解重大疑难纠纷", "185件"))):
                row.cells[0].text, row.cells[1].text = k, v
    d.signature(*src.signature)
    return d.save(path)


def docx_001(src: Source, path: Path) -> Path:
    d = _Docx()
    for b in src.blocks:
        if b.level == 1:
            d.para("", indent="\u3000\u3000", bold_lead=b.text)
        elif b.level in (2, 3):
            d.para(b.body, bold_lead=b.label + b.title)
        else:
            d.para(b.text)
    return d.save(path)


def docx_002(src: Source, path: Path) -> Path:
    d = _Docx()
    _abstract(d.numbering, "91", [("chineseCounting", "（%1）", None, None)])
    _num(d.numbering, "91", "91")
    _num(d.numbering, "92", "91", start_override=1)  # "restart at 1" as Word writes it
    list_id = None
    boxed = False
    for b in src.blocks:
        if b.level == 1:
            d.doc.add_paragraph(b.text, style="Heading 1")
            list_id = "91" if list_id is None else "92"
        elif b.level == 2:
            p = d.para(b.body, indent="", bold_lead=b.title)
            _set_numpr(p, list_id, 0)
        elif not boxed and b.text.startswith("2020年,我区法治政府建设工作虽然"):
            _text_box(d.doc.add_paragraph(), b.text)
            boxed = True
        else:
            d.para(b.text)
    return d.save(path)


def docx_003(src: Source, path: Path) -> Path:
    from docx.enum.text import WD_BREAK

    d = _Docx()
    styles = d.doc.styles
    for k in (1, 2, 3):
        style = styles[f"Heading {k}"]
        style.name = f"标题 {k}"
        ppr = style.element.get_or_add_pPr()
        for lvl in ppr.findall(_w("outlineLvl")):
            ppr.remove(lvl)
    _abstract(d.numbering, "93", [("chineseCountingThousand", "%1、", None, "Heading1"),
                                  ("chineseCounting", "（%2）", None, "Heading2"),
                                  ("decimal", "%3.", "0", "Heading3")])
    _num(d.numbering, "93", "93")
    for k in (1, 2, 3):
        ppr = styles[f"标题 {k}"].element.get_or_add_pPr()
        numpr = _el("numPr")
        _sub(numpr, "ilvl", val=str(k - 1))
        _sub(numpr, "numId", val="93")
        ppr.insert(0, numpr)
    d.centred("平政〔2017〕26号")
    d.title((src.notice_title,))
    for line in src.notice:
        d.para(line, indent="" if line.endswith(":") else "\u3000\u3000")
    d.signature(*src.notice_signature)
    d.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.title(src.title)
    for b in src.blocks:
        if b.level:
            d.doc.add_paragraph(b.title + b.body, style=f"标题 {b.level}")
        else:
            d.para(b.text)
    return d.save(path)


def docx_004(src: Source, path: Path) -> Path:
    d = _Docx()
    d.title(src.title)
    for b in src.blocks:
        if b.level in (1, 2):
            d.para("", bold_lead=b.text)
        elif b.level == 3:
            d.para(b.body, bold_lead=b.label + b.title)
        else:
            d.para(b.text)
    return d.save(path)


DOCX = {NAMES[0]: docx_000, NAMES[1]: docx_001, NAMES[2]: docx_002, NAMES[3]: docx_003,
        NAMES[4]: docx_004}


# --- .html -------------------------------------------------------------------------

_RELATED = ["某某县2019年法治政府建设工作报告", "关于2020年度法治政府建设情况的报告",
            "市人民政府关于印发法治政府建设实施方案的通知"]


def _p(b: Block, strong: bool) -> str:
    e = html.escape
    if b.level and strong:
        inner = f"<strong>{e(b.label + b.title)}</strong>{e(b.body)}"
    else:
        inner = e(b.text)
    return f"<p style=\"text-indent:2em\">&nbsp;&nbsp;\u3000{inner}</p>"


def page(src: Source, *, charset: str = "utf-8", brs: bool = False, strong: bool = True) -> str:
    e = html.escape
    nav = "".join(f"<li><a href=\"/c{i}\">{t}</a></li>" for i, t in
                  enumerate(["首页", "政务公开", "政务服务", "互动交流", "走进本地"]))
    index = ""
    if src.index:
        cells = "".join(f"<tr><td>[ {e(k)} ]</td><td>{e(v)}</td></tr>" for k, v in src.index.items())
        index = f"<table class=\"xxgk\">{cells}</table>"
    parts = []
    if src.notice_title:
        parts.append(f"<p style=\"text-align:center\">平政〔2017〕26号</p>"
                     f"<p style=\"text-align:center\"><b>{e(src.notice_title)}</b></p>")
        parts += [f"<p>{e(line)}</p>" for line in src.notice]
        parts += [f"<p style=\"text-align:right\">{e(t)}</p>" for t in src.notice_signature]
        parts.append(f"<p style=\"text-align:center\"><b>{e(''.join(src.title))}</b></p>")
    if brs:
        parts.append("<div>" + "<br>\n".join("\u3000\u3000" + e(b.text) for b in src.blocks) + "<br></div>")
    else:
        parts += [_p(b, strong) for b in src.blocks]
    if src.signature and not src.index:
        parts += [f"<p style=\"text-align:right\">{e(t)}</p>" for t in src.signature]
    title = "".join(src.title)
    h1 = f"<h1 class=\"article-title\">{e(title)}</h1>" if title and not src.notice_title else ""
    related = "".join(f"<li><a href=\"/r{i}\">{e(t)}</a><span>2021-03-0{i + 1}</span></li>"
                      for i, t in enumerate(_RELATED))
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{e(title or '政府信息公开')}_某某人民政府门户网站</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav li {{ float: left; }}</style></head>
<body>
<div class="header"><div class="logo">某某人民政府门户网站</div>
<ul class="nav">{nav}</ul></div>
<div class="crumb">您当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/fzzf">法治政府建设年度报告</a></div>
<div class="main">
 <div class="left">
  {index}
  {h1}
  <div class="info">发布时间：2022-03-30 来源：本网 浏览次数：1024 【字体：大 中 小】</div>
  <div class="article-content"><div class="TRS_Editor">
   {''.join(parts)}
  </div></div>
  <div class="tools">【打印本页】 【关闭窗口】</div>
 </div>
 <div class="right"><h3>相关链接</h3><ul class="related">{related}</ul>
  <h3>热点专题</h3><ul><li><a href="/z1">优化营商环境专题</a></li><li><a href="/z2">乡村振兴</a></li></ul></div>
</div>
<div class="footer"><p>版权所有：某某人民政府办公室 主办</p><p>网站标识码：5000000000 ICP备00000000号</p>
<p><a href="/map">网站地图</a> | <a href="/contact">联系我们</a></p></div>
</body></html>
"""


# --- the whole set -----------------------------------------------------------------

def build_all(folder: Path) -> dict[str, dict[str, Path]]:
    """Write every fixture under `folder`: {format: {name: path}} (pdf only if soffice is found)."""
    folder.mkdir(parents=True, exist_ok=True)
    srcs = sources()
    out: dict[str, dict[str, Path]] = {"txt": {}, "docx": {}, "html": {}}
    for n, src in srcs.items():
        data = (SOURCE / f"{n}.txt").read_bytes()
        path = folder / f"{n}.txt"
        if n == NAMES[1]:
            data = b"\xef\xbb\xbf" + data
        elif n == NAMES[2]:
            data = data.decode("utf-8").encode("gb18030")
        path.write_bytes(data)
        out["txt"][n] = path
        out["docx"][n] = DOCX[n](src, folder / f"{n}.docx")
        if n == NAMES[4]:
            html_path = folder / f"{n}.html"
            html_path.write_bytes(page(src, charset="gb2312").encode("gbk"))
        else:
            html_path = folder / f"{n}.htm"
            html_path.write_text(page(src, brs=n == NAMES[2], strong=n != NAMES[0]), encoding="utf-8")
        out["html"][n] = html_path
    pdfs = to_pdf(list(out["docx"].values()), folder / "pdf")
    if pdfs:
        out["pdf"] = {p.stem: p for p in pdfs}
    return out


def soffice() -> str | None:
    from fazhi_draft.verbs.pdf import find_soffice

    found = find_soffice()
    return str(found) if found else None


def to_pdf(docx_files: list[Path], outdir: Path) -> list[Path]:
    """All files converted in ONE LibreOffice run (start-up dominates); [] without LibreOffice."""
    exe = soffice()
    if exe is None:
        return []
    from fazhi_draft.verbs.pdf import conversion_env

    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / "profile"
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir),
           *map(str, docx_files)]
    subprocess.run(cmd, capture_output=True, timeout=300, env=conversion_env(),
                   stdin=subprocess.DEVNULL, start_new_session=os.name == "posix")
    shutil.rmtree(profile, ignore_errors=True)
    return [outdir / f"{p.stem}.pdf" for p in docx_files if (outdir / f"{p.stem}.pdf").is_file()]
