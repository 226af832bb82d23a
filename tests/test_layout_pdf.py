"""The draft as a real word processor lays it out: both samples through `render --pdf`
(LibreOffice), then the PDF read back with poppler's `pdftotext -bbox-layout`.

GB/T 9704-2012 checked on the printed page rather than in the XML: A4 on every page,
22 lines on a full page at a 28.95 pt pitch, at most 28 Chinese characters on a line and
exactly 28 on a full line of plain Chinese, nothing in the margins, "— N —" under the
type area at the right on odd pages and the left on even ones, the title centred on
page 1, the signature and date closing the last page; and every font of the document
given a stand-in of its own kind.

Without LibreOffice or poppler the tests skip and say what to install; under CI (the
CI environment variable set) they fail instead, so CI always counts them as run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import SAMPLES, run_cli

MM = 72 / 25.4  # points per millimetre
PAGE_W, PAGE_H = 11906 / 20, 16838 / 20  # A4 in points, as the .docx states it
LEFT, RIGHT = 1587 / 20, PAGE_W - 1474 / 20  # type area, points from the page's left edge
TOP, BOTTOM = 2098 / 20, PAGE_H - 1984 / 20  # type area, points from the page's top edge
PITCH = 579 / 20  # 28.95 pt: 22 lines fill the 225 mm type area
BODY_PT, NUMBER_PT = 16, 14  # 三号 body, 四号 page numbers
CELL = BODY_PT - 0.25  # one body character after the -0.25 pt tightening
TOL = 1.5  # points: rounding in LibreOffice and in pdftotext's boxes

SAMPLE_YEARS = ("2023", "2024")
APT = ("libreoffice-writer-nogui poppler-utils fonts-noto-cjk "
       "fonts-arphic-gbsn00lp fonts-arphic-gkai00mp")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


# The stand-in faces the expected layout was measured with (see fonts.conf).
FACES = {"Noto Serif CJK SC": "fonts-noto-cjk", "Noto Sans CJK SC": "fonts-noto-cjk",
         "AR PL SungtiL GB": "fonts-arphic-gbsn00lp", "AR PL KaitiM GB": "fonts-arphic-gkai00mp"}


def _missing_tools() -> list[str]:
    from fazhi_draft.verbs.pdf import find_soffice

    missing = [] if find_soffice() else ["LibreOffice (soffice)"]
    missing += [t for t in ("pdftotext", "fc-list", "fc-match") if shutil.which(t) is None]
    if shutil.which("fc-list"):
        have = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
        missing += [f"{face} ({pkg})" for face, pkg in FACES.items() if face not in have]
    return missing


@pytest.fixture(scope="module")
def tools() -> None:
    missing = _missing_tools()
    if missing:
        reason = (f"PDF layout tests need {', '.join(missing)}: "
                  f"apt-get install {APT} (.ci/run does this)")
        if _in_ci():
            pytest.fail(f"CI must run the layout tests, but {reason}", pytrace=False)
        pytest.skip(reason)


# --- reading the PDF ----------------------------------------------------------------

@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:  # CJK has no spaces between words; gaps are autospace
        return "".join(w.text for w in self.words)

    @property
    def spaced(self) -> str:
        return " ".join(w.text for w in self.words)

    x0 = property(lambda self: min(w.x0 for w in self.words))
    x1 = property(lambda self: max(w.x1 for w in self.words))
    y0 = property(lambda self: min(w.y0 for w in self.words))
    y1 = property(lambda self: max(w.y1 for w in self.words))
    height = property(lambda self: self.y1 - self.y0)
    middle = property(lambda self: (self.y0 + self.y1) / 2)


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]  # top to bottom

    @property
    def body(self) -> list[Line]:
        return [ln for ln in self.lines if ln.y1 <= BOTTOM + TOL]

    @property
    def footer(self) -> list[Line]:
        return [ln for ln in self.lines if ln.y0 > BOTTOM]


def read_pages(pdf: Path) -> list[Page]:
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                           check=True).stdout
    root = ET.fromstring(xhtml)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = []
    for n, page in enumerate(root.iterfind(".//h:page", ns), start=1):
        lines = []
        for line in page.iterfind(".//h:line", ns):
            words = tuple(Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                          for w in line.iterfind("h:word", ns))
            if words:
                lines.append(Line(words))
        pages.append(Page(n, float(page.get("width")), float(page.get("height")),
                          tuple(_merge_rows(lines))))
    return pages


def _merge_rows(lines: list[Line]) -> list[Line]:
    """One Line per printed row, top to bottom: pdftotext may cut a row with wide gaps."""
    rows: list[Line] = []
    for line in sorted(lines, key=lambda ln: (ln.y1, ln.x0)):
        if rows and abs(rows[-1].y1 - line.y1) < 2:
            rows[-1] = Line(tuple(sorted(rows[-1].words + line.words, key=lambda w: w.x0)))
        else:
            rows.append(line)
    return rows


def full_width(c: str) -> bool:
    """A character that takes one whole cell: 汉字, full-width punctuation, “ ” — …"""
    return unicodedata.east_asian_width(c) in "WFA"


def is_title(line: Line) -> bool:
    return line.height > BODY_PT * 1.5  # 二号 22 pt against 三号 16 pt


# --- the rendered samples, converted once per module --------------------------------

@dataclass
class Rendered:
    year: str
    pdf: Path
    pages: list[Page]
    title: str
    organ: str
    date: str
    stderr: str


@pytest.fixture(scope="module")
def samples(tools, tmp_path_factory) -> dict[str, Rendered]:
    from fazhi_draft.compose.composer import compose
    from fazhi_draft.input.load import load_report

    out: dict[str, Rendered] = {}
    for year in SAMPLE_YEARS:
        docx = tmp_path_factory.mktemp(f"pdf{year}") / f"桐溪县 {year}年度报告.docx"
        result = run_cli("render", str(SAMPLES / f"{year}.yaml"), "-o", str(docx), "--pdf")
        assert result.returncode == 0, result.stderr
        pdf = docx.with_suffix(".pdf")
        assert f"已生成：{pdf}" in result.stdout
        doc = compose(load_report(SAMPLES / f"{year}.yaml").report)
        out[year] = Rendered(year, pdf, read_pages(pdf), doc.title.replace("\n", ""),
                             doc.signature.organ, doc.signature.date, result.stderr)
    return out


@pytest.fixture(params=SAMPLE_YEARS)
def sample(request, samples) -> Rendered:
    return samples[request.param]


# --- the page -----------------------------------------------------------------------

def test_every_page_is_a4(sample):
    assert len(sample.pages) >= 3
    for page in sample.pages:
        assert (page.width, page.height) == pytest.approx((PAGE_W, PAGE_H), abs=1), page.number


def test_nothing_outside_the_type_area_but_the_page_number(sample):
    for page in sample.pages:
        for line in page.body:
            where = f"page {page.number}: {line.text}"
            assert line.x0 >= LEFT - TOL, where
            assert line.x1 <= RIGHT + TOL, where  # no punctuation hanging in the margin
            assert line.y0 >= TOP - TOL, where
        assert len(page.footer) == 1, [ln.text for ln in page.footer]


def slots(lines: list[Line], first: float) -> list[int]:
    """The 28.95 pt line slot of each line, 0 being the one whose box ends at `first`.

    A line sits within 1.2 pt of its slot: faces differ a little in where their glyph
    boxes end (the 黑体 stand-in sits 0.9 pt lower than the 仿宋 one), the pitch does not.
    """
    out = []
    for line in lines:
        k = round((line.y1 - first) / PITCH)
        assert line.y1 - first == pytest.approx(k * PITCH, abs=1.2), line.text
        out.append(k)
    return out


HEADING_START = re.compile("^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def heading_lines(page: Page) -> int:
    """How many lines the heading opening `page` takes (0: the page opens with no heading):
    its first line is indented, the lines it wraps onto start at the left edge."""
    body = page.body
    if not body or not HEADING_START.match(body[0].text):
        return 0
    n = 1
    while n < len(body) and body[n].x0 <= LEFT + TOL:
        n += 1
    return n


def short_of_22(page: Page, following: Page, *, last: bool = False) -> int:
    """How many lines `page` ends short of 22: none, unless the heading opening the next page
    did not fit below its last line with a line of what follows it (w:keepNext: no heading
    alone at a page's foot), or — before the `last` page — what is kept with the signature
    (the closing line, the last paragraph) did not fit in what was left."""
    short = 22 - len(page.body)
    limit = max(heading_lines(following) + 1, len(following.body) + 1 if last else 0)  # + the blank line before the signature
    assert short == 0 or 0 < short < limit, f"page {page.number}: {len(page.body)} lines"
    return short


def test_a_full_page_has_22_lines_on_the_pitch(sample):
    for page, following in zip(sample.pages[1:-1], sample.pages[2:]):
        body = page.body
        short = short_of_22(page, following, last=following is sample.pages[-1])
        assert slots(body, body[0].y1) == list(range(len(body))), f"page {page.number}"
        assert body[0].y0 == pytest.approx(TOP, abs=PITCH / 2)  # the first line at the top
        assert BOTTOM - PITCH * (short + 1) < body[-1].y1 <= BOTTOM - PITCH * short + TOL  # the last in its pitch


def test_page_one_counts_title_and_blank_line_in_its_22(sample):
    grid = sample.pages[1].body[0].y1  # where slot 0 of a body line ends, from page 2
    page = sample.pages[0]
    title = [ln for ln in page.body if is_title(ln)]
    text = [ln for ln in page.body if not is_title(ln)]
    blank_after_title = 1
    assert len(title) + blank_after_title + len(text) == 22
    assert slots(text, grid) == list(range(len(title) + blank_after_title, 22))


# --- the line ---------------------------------------------------------------------

def test_at_most_28_characters_a_line(sample):
    for page in sample.pages:
        for line in page.body:
            if not is_title(line):
                n = sum(map(full_width, line.text))
                assert n <= 28, f"page {page.number}: {n} in {line.text}"


# Chinese line-breaking rules (禁则): these never start a line, those never end one.
NOT_AT_START = set("，。、；：？！）》」』】〕〉”’…—·％")
NOT_AT_END = set("（《「『【〔〈“‘")


def test_a_full_line_of_plain_chinese_holds_exactly_28(sample):
    full = indented = 0
    for page in sample.pages:
        body = [ln for ln in page.body if not is_title(ln)]
        for line, after in zip(body, body[1:]):
            if not all(map(full_width, line.text)):
                continue  # digits and Latin letters are half a cell wide
            if line.x1 < RIGHT - CELL / 2:
                continue  # a paragraph's last line
            if line.x0 == pytest.approx(LEFT, abs=TOL):
                cells = 28
                full += 1
            elif line.x0 == pytest.approx(LEFT + 2 * CELL, abs=TOL):
                cells = 26  # 首行缩进二字
                indented += 1
            else:
                continue
            if len(line.text) < cells:
                # a shorter, justified line only where the line-breaking rules forced
                # it: the characters that did not fit hold one that may not start (or end)
                # a line
                spill = after.text[: cells - len(line.text) + 1]
                if not full_width(after.text[0]):
                    continue  # a number ("2025年") is not split, and may not fit the cells left
                assert set(spill) & (NOT_AT_START | NOT_AT_END), \
                    f"page {page.number}: {len(line.text)} characters in {line.text}"
            else:
                assert len(line.text) == cells, f"page {page.number}: {line.text}"
    assert full >= 20 and indented >= 3, (full, indented)  # enough lines to mean something


# --- page numbers, title, signature -------------------------------------------------

def test_page_numbers_odd_right_even_left(sample):
    for page in sample.pages:
        (line,) = page.footer
        assert line.spaced == f"— {page.number} —"
        if page.number % 2:
            assert line.x1 == pytest.approx(RIGHT - NUMBER_PT, abs=2), "odd: one character in from the right"
        else:
            assert line.x0 == pytest.approx(LEFT + NUMBER_PT, abs=2), "even: one character in from the left"
        # 一字线 about 7 mm below the type area (GB/T 9704 7.5)
        assert (line.middle - BOTTOM) / MM == pytest.approx(7, abs=1.5)
        dash = line.words[0]
        assert dash.x1 - dash.x0 == pytest.approx(NUMBER_PT, abs=1), "一字线 is one character long"


def test_title_centred_on_page_one(sample):
    title = [ln for ln in sample.pages[0].body if is_title(ln)]
    assert "".join(ln.text for ln in title) == sample.title
    assert title[0].y0 == pytest.approx(TOP, abs=PITCH / 2)
    for line in title:
        assert (line.x0 + line.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=2)
    assert not any(is_title(ln) for page in sample.pages[1:] for ln in page.body)


def test_last_page_ends_with_signature_and_date(sample):
    body = sample.pages[-1].body
    organ, date, last_text = body[-2], body[-1], body[-3]
    assert (organ.text, date.text) == (sample.organ, sample.date)
    assert date.y1 - organ.y1 == pytest.approx(PITCH, abs=0.5)
    assert organ.y1 - last_text.y1 == pytest.approx(2 * PITCH, abs=0.5)  # one blank line
    assert RIGHT - date.x1 == pytest.approx(2 * CELL, abs=2) or RIGHT - organ.x1 == pytest.approx(2 * CELL, abs=2)
    # The date starts two characters right of the organ (GB/T 9704 7.3.5.2) in Word. The
    # writer turns w:autoSpaceDE/DN off on these lines; LibreOffice ignores that and puts
    # 0.2 em around each run of digits, so here the date starts about one character early.
    assert CELL / 2 < date.x0 - organ.x0 <= 2 * CELL + TOL


# --- the signature never stands alone (many layouts, one LibreOffice run) -------------

# Plain full-width text: 26 characters on a paragraph's first line, 28 on the others.
_FILL = "法治政府建设年度报告起草工具测试文字内容"


def _paragraph_of(lines: int) -> str:
    n = 26 + 28 * (lines - 1)
    return (_FILL * (n // len(_FILL) + 1))[:n - 1] + "。"


def convert_all(docx_files: list[Path], outdir: Path) -> None:
    """All files to PDF in ONE soffice run (starting LibreOffice costs more than converting
    a short document), each given to it as `fazhi-draft pdf` would (pdf.for_libreoffice,
    our fonts.conf, a throw-away profile)."""
    from fazhi_draft.verbs.pdf import conversion_env, find_soffice, for_libreoffice

    for f in docx_files:
        f.write_bytes(for_libreoffice(f.read_bytes()))
    profile = outdir / "profile"
    subprocess.run([str(find_soffice()), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
                    "--outdir", str(outdir), *map(str, docx_files)],
                   env=conversion_env(), capture_output=True, check=True, timeout=300)


LAST_PARAGRAPHS = {"one line": 1, "five lines": 5}


@pytest.fixture(scope="module")
def walked(tools, tmp_path_factory) -> dict[tuple[str, int], list[Page]]:
    """Reports whose last body paragraph ends on each of the 22 lines of a page in turn
    (the paragraph before it grows one line at a time), for a one-line and a five-line
    last paragraph: 44 layouts, converted together."""
    from fazhi_draft.tree import Document, Heading, Paragraph, Signature, Text
    from fazhi_draft.writers.docx import render_docx

    folder = tmp_path_factory.mktemp("walk")
    files: dict[tuple[str, int], Path] = {}
    for name, last in LAST_PARAGRAPHS.items():
        for before in range(22):
            blocks = [Paragraph((Text(_paragraph_of(8)),)), Heading(1, "一、", "主要举措和成效")]
            if before:
                blocks.append(Paragraph((Text(_paragraph_of(before)),)))
            blocks.append(Paragraph((Text(_paragraph_of(last)),)))
            doc = Document("测试报告", tuple(blocks), Signature("桐溪县人民政府", "2025年3月5日"))
            files[name, before] = folder / f"{last}-{before:02d}.docx"
            files[name, before].write_bytes(render_docx(doc))
    convert_all(list(files.values()), folder)
    return {key: read_pages(f.with_suffix(".pdf")) for key, f in files.items()}


@pytest.mark.parametrize("name", LAST_PARAGRAPHS)
def test_signature_never_alone_on_the_last_page(walked, name):
    """Issue 12 item 13: wherever the body ends on the page (all 22 line positions), the
    last page holds body text, a blank line, then 署名 and 日期: the .docx keeps the last
    body paragraph, the blank line and the organ with what follows (w:keepNext), so the
    last lines of the body move over with the signature. (LibreOffice moves the whole last
    paragraph; Word, per ECMA-376, at least its last line.)"""
    lone = []
    for before in range(22):
        pages = walked[name, before]
        body = pages[-1].body
        organ, date = body[-2], body[-1]
        assert (organ.text, date.text) == ("桐溪县人民政府", "2025年3月5日"), before
        text = [ln for ln in body[:-2] if not is_title(ln)]
        if not text:
            lone.append(before)
            continue
        assert organ.y1 - text[-1].y1 == pytest.approx(2 * PITCH, abs=0.5), before  # the blank line
        assert date.y1 - organ.y1 == pytest.approx(PITCH, abs=0.5), before
    assert not lone, f"署名和日期独占最后一页 at {len(lone)} of 22 positions: {lone}"
    ends = {len(walked[name, b][0].body) + (len(walked[name, b]) - 1) * 100 for b in range(22)}
    assert len(ends) > 10  # the walk really moved the end of the body down the page


# --- the sealed signature and the font table (one LibreOffice run) -------------------

PROBE_FACE = "AR PL SungtiL GB"  # installed here (the 宋 stand-in), and not a 楷 face


def _rewrite(docx: Path, target: Path, edit) -> Path:
    """A copy of `docx` with edit(part name, bytes) applied to every part."""
    import zipfile

    with zipfile.ZipFile(docx) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, edit(item.filename, zin.read(item)))
    return target


@pytest.fixture(scope="module")
def issue18(tools, tmp_path_factory) -> dict[str, Path]:
    """The 2024 sample rendered with `--layout sealed`; a copy whose font table gives
    楷体_GB2312 the altName PROBE_FACE; and a control copy in which 楷体_GB2312 is renamed
    PROBE_FACE everywhere. All three to PDF in one soffice run."""
    folder = tmp_path_factory.mktemp("issue18")
    sealed = folder / "sealed.docx"
    result = run_cli("render", str(SAMPLES / "2024.yaml"), "-o", str(sealed), "--layout", "sealed")
    assert result.returncode == 0, result.stderr
    kai = "楷体_GB2312".encode()
    alt = re.compile(rb'(<w:font w:name="' + kai + rb'"><w:altName w:val=")[^"]*')

    def probe_alt(name: str, data: bytes) -> bytes:
        if name != "word/fontTable.xml":
            return data
        changed, n = alt.subn(lambda m: m.group(1) + PROBE_FACE.encode(), data)
        assert n == 1, "楷体_GB2312 has no altName to probe"
        return changed

    probe = _rewrite(sealed, folder / "altname.docx", probe_alt)
    control = _rewrite(sealed, folder / "renamed.docx",
                       lambda name, data: data.replace(kai, PROBE_FACE.encode()) if name.endswith(".xml") else data)
    convert_all([sealed, probe, control], folder)
    return {f.stem: f.with_suffix(".pdf") for f in (sealed, probe, control)}


def test_sealed_signature_date_four_in_organ_centred_above(issue18):
    """Issue 18 item 4: GB/T 9704 7.3.5.1 on the printed page (`--layout sealed`): two blank
    lines under the body for the seal, the date four characters from the type area's right
    edge, the organ on the line above centred on the date, the page otherwise as before."""
    from fazhi_draft.compose.composer import compose
    from fazhi_draft.input.load import load_report
    from fazhi_draft.writers.docx import text_width

    sig = compose(load_report(SAMPLES / "2024.yaml").report).signature
    pages = read_pages(issue18["sealed"])
    body = pages[-1].body
    last_text, organ, date = body[-3], body[-2], body[-1]
    assert (organ.text, date.text) == (sig.organ, sig.date)
    assert organ.y1 - last_text.y1 == pytest.approx(3 * PITCH, abs=0.5)  # two blank lines
    assert date.y1 - organ.y1 == pytest.approx(PITCH, abs=0.5)
    assert RIGHT - date.x1 == pytest.approx(4 * CELL, abs=2)  # 右空四字
    middle = lambda line: (line.x0 + line.x1) / 2  # noqa: E731
    # Centred on the date's middle as Word sets it (digits half a character wide) ...
    assert middle(organ) == pytest.approx(RIGHT - (4 + text_width(sig.date) / 2) * CELL, abs=2)
    # ... which LibreOffice, putting 0.2 em around each run of digits (one character more
    # on this date), widens to the left: the middles are half a character apart here.
    assert abs(middle(organ) - middle(date)) < CELL
    for page, following in zip(pages[1:-2], pages[2:-1]):
        short_of_22(page, following)
    # The page before the signature's is full, or short only because the last paragraph went
    # over with the signature (kept with it): they would not have fitted in what is left.
    before = pages[-2].body
    assert len(before) == 22 or 22 - len(before) < len(body) + 2, (len(before), len(body))


def _postscript_name(face: str) -> str:
    from fazhi_draft.verbs.pdf import conversion_env

    return subprocess.run(["fc-match", "-f", "%{postscriptname}", face], capture_output=True, text=True,
                          env=conversion_env(), check=True).stdout.strip()


def test_libreoffice_ignores_altname_so_the_font_note_holds(issue18):
    """Issue 18 item 3: the font table's w:altName is for Word. LibreOffice lays the text out
    by the face's own name through fontconfig (verbs/fonts.conf), so the PDF's font note, which
    names fontconfig's stand-ins, stays true: with 楷体_GB2312's altName pointing at another
    installed face the 楷体 stand-in is still used; the control (the face itself renamed) shows
    the check sees a switch."""
    from fazhi_draft.verbs.pdf import pdf_fonts

    kai = _postscript_name("楷体_GB2312")
    assert kai and kai != _postscript_name(PROBE_FACE)
    assert kai in pdf_fonts(issue18["altname"].read_bytes())
    assert kai in pdf_fonts(issue18["sealed"].read_bytes())
    assert kai not in pdf_fonts(issue18["renamed"].read_bytes())


# --- the README's pictures of the sample -------------------------------------------

DOCS = SAMPLES.parent / "docs"
PAGE_PICTURE_DPI = 80  # as `make pages` makes them
# Strongly different pixels allowed (LibreOffice and poppler render the same PDF to the same
# pixels run after run; one changed digit of the sample already differs in ~18).
STALE_PIXELS = 8


@pytest.mark.parametrize("page", [1, 2])
def test_readme_pictures_show_what_the_code_renders_today(samples, tmp_path, page):
    """Issue 12 item 16: docs/sample-page-N.png is the 2024 sample as it renders now (the
    picture showed an old title break). The page is rendered again the way `make pages`
    does (render --pdf, pdftoppm at 80 dpi) and compared pixel by pixel; a re-flowed line,
    a moved title break, even one changed digit fails. Run `make pages` to refresh."""
    from PIL import Image, ImageChops

    shutil.which("pdftoppm") or pytest.fail("pdftoppm (poppler-utils) is needed")
    fresh = tmp_path / f"page-{page}"
    subprocess.run(["pdftoppm", "-png", "-r", str(PAGE_PICTURE_DPI), "-f", str(page), "-l", str(page),
                    "-singlefile", str(samples["2024"].pdf), str(fresh)], check=True)
    now = Image.open(fresh.with_suffix(".png")).convert("L")
    shown = Image.open(DOCS / f"sample-page-{page}.png").convert("L")
    assert shown.size == now.size, f"docs/sample-page-{page}.png is stale: run `make pages`"
    histogram = ImageChops.difference(now, shown).histogram()
    differ = sum(histogram[64:])
    assert differ <= STALE_PIXELS, (f"docs/sample-page-{page}.png is stale ({differ} of its pixels "
                                    "differ from today's rendering): run `make pages`")


# --- the year-on-year attachment (render --table) ----------------------------------

TABLE_HEADER = "序号指标单位2024年2023年增减"


@pytest.fixture(scope="module")
def tabled(tools, tmp_path_factory) -> Rendered:
    """The 2024 sample with its key-figure table (附件), through LibreOffice once."""
    docx = tmp_path_factory.mktemp("table") / "2024.docx"
    result = run_cli("render", str(SAMPLES / "2024.yaml"), "-o", str(docx), "--table", "--pdf")
    assert result.returncode == 0, result.stderr
    pdf = docx.with_suffix(".pdf")
    return Rendered("2024", pdf, read_pages(pdf), "", "桐溪县人民政府", "2025年3月7日", result.stderr)


def _attachment_page(pages: list[Page]) -> int:
    """Index of the page the attachment starts on: its first line is the label 附件."""
    return next(n for n, page in enumerate(pages) if page.body and page.body[0].text == "附件")


def test_attachment_starts_a_new_page_with_its_label_and_title(tabled):
    """Issue 18 item 2: the 附件 starts a page of its own (GB/T 9704: 附件另面编排), the
    previous page ending with the signature's date; the label 顶格 at the top left of the
    type area, the title centred on the third line."""
    pages = tabled.pages
    at = _attachment_page(pages)
    before = [ln.text for ln in pages[at - 1].body]
    assert before[-1] == tabled.date and before[-2] == tabled.organ
    assert "附件：2024年度法治政府建设主要数据同比情况表" in before
    label, title = pages[at].body[:2]
    assert label.x0 == pytest.approx(LEFT, abs=TOL) and label.y0 < TOP + PITCH
    assert title.text == "2024年度法治政府建设主要数据同比情况表" and is_title(title)
    assert (title.x0 + title.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=TOL)
    assert title.y1 - label.y1 == pytest.approx(2 * PITCH, abs=PITCH / 2)  # line 3
    assert pages[at].body[2].text == TABLE_HEADER


def test_table_header_row_repeats_on_every_page(tabled):
    """Issue 18 item 2: a table longer than the page carries its header row (w:tblHeader) to
    the top of the next page, and its rows stay inside the type area."""
    pages = tabled.pages
    at = _attachment_page(pages)
    rest = pages[at + 1:]
    assert rest, "the 25-row table should run over a page"
    for page in rest:
        assert page.body[0].text == TABLE_HEADER, page.number
        assert all(LEFT - TOL <= ln.x0 and ln.x1 <= RIGHT + TOL for ln in page.body)
    numbers = [int(ln.words[0].text) for page in pages[at:] for ln in page.body
               if ln.words[0].text.isdigit() and not is_title(ln)]  # each row's 序号 cell
    assert numbers == list(range(1, 26))


def test_readme_table_picture_shows_what_the_code_renders_today(tabled, tmp_path):
    """Issue 18 item 2: docs/table-page.png is the attachment's first page as `make pages`
    renders it today (same comparison as the sample pages)."""
    from PIL import Image, ImageChops

    page = _attachment_page(tabled.pages) + 1
    fresh = tmp_path / "table"
    subprocess.run(["pdftoppm", "-png", "-r", str(PAGE_PICTURE_DPI), "-f", str(page), "-l", str(page),
                    "-singlefile", str(tabled.pdf), str(fresh)], check=True)
    now = Image.open(fresh.with_suffix(".png")).convert("L")
    shown = Image.open(DOCS / "table-page.png").convert("L")
    assert shown.size == now.size, "docs/table-page.png is stale: run `make pages`"
    differ = sum(ImageChops.difference(now, shown).histogram()[64:])
    assert differ <= STALE_PIXELS, f"docs/table-page.png is stale ({differ} pixels differ): run `make pages`"


# --- fonts ----------------------------------------------------------------------------

def test_fonts_stand_in_by_kind(samples):
    from fazhi_draft.verbs.pdf import substitutes

    subs = substitutes(["仿宋_GB2312", "楷体_GB2312", "方正小标宋简体", "黑体", "宋体"])
    kind = {  # what the stand-in's name must show, when the real font is not installed
        "仿宋_GB2312": r"Sung|Song|Serif|Ming|Fang",
        "楷体_GB2312": r"Kai",
        "方正小标宋简体": r"(Sung|Song|Serif).*Bold|Bold.*(Sung|Song|Serif)",
        "黑体": r"Sans|Hei",
        "宋体": r"Sung|Song|Serif|Ming",
    }
    for face, sub in subs.items():
        if sub is not None:
            assert re.search(kind[face], sub), f"{face} -> {sub}"
    for rendered in samples.values():
        from fazhi_draft.verbs.pdf import pdf_fonts

        used = pdf_fonts(rendered.pdf.read_bytes())
        assert not [f for f in used if "DejaVu" in f], used  # no Latin-only fallback
        missing = [f for f, s in subs.items() if s]
        if missing:  # the person is told, in one line, what was substituted
            (note,) = [ln for ln in rendered.stderr.splitlines() if ln.startswith("字体：")]
            assert all(f"{f}→{subs[f]}" in note for f in missing), note


# --- the command around the conversion (no LibreOffice needed) ------------------------

def _tiny_docx(path: Path, styles: str = "<w:styles/>") -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/styles.xml", styles)
        zf.writestr("word/document.xml", "<w:document/>")
    return path


def test_without_libreoffice_a_chinese_message_and_exit_2(tmp_path, monkeypatch):
    monkeypatch.setenv("FAZHI_SOFFICE", str(tmp_path / "no-soffice"))
    docx = _tiny_docx(tmp_path / "报告.docx")
    result = run_cli("pdf", str(docx))
    assert result.returncode == 2
    assert "FAZHI_SOFFICE" in result.stderr and "无法转换为 PDF" in result.stderr
    assert "libreoffice-writer-nogui" in result.stderr  # and how to get it
    assert not (tmp_path / "报告.pdf").exists()


def test_render_pdf_only_with_docx(tmp_path):
    result = run_cli("render", str(SAMPLES / "2024.yaml"), "--format", "md",
                     "-o", str(tmp_path / "a.md"), "--pdf")
    assert result.returncode == 2 and "--pdf" in result.stderr
    assert not (tmp_path / "a.md").exists()


def test_existing_pdf_kept_without_force(tmp_path):
    docx = _tiny_docx(tmp_path / "a.docx")
    (tmp_path / "a.pdf").write_bytes(b"old")
    result = run_cli("pdf", str(docx))
    assert result.returncode == 1 and "--force" in result.stderr
    assert (tmp_path / "a.pdf").read_bytes() == b"old"


@pytest.mark.parametrize("before, after", [
    (b'<w:overflowPunct w:val="0"/>', b'<w:overflowPunct w:val="1"/>'),
    (b'<w:overflowPunct w:val="false"/>', b'<w:overflowPunct w:val="1"/>'),
    (b'<w:overflowPunct/>', b'<w:overflowPunct w:val="0"/>'),
    (b'<w:overflowPunct w:val="1"/>', b'<w:overflowPunct w:val="0"/>'),
])
def test_libreoffice_copy_inverts_overflow_punct(tmp_path, before, after):
    import zipfile
    from io import BytesIO

    from fazhi_draft.verbs.pdf import for_libreoffice

    docx = _tiny_docx(tmp_path / "a.docx", "<w:styles><w:pPr>" + before.decode() + "</w:pPr></w:styles>")
    with zipfile.ZipFile(BytesIO(for_libreoffice(docx.read_bytes()))) as zf:
        assert after in zf.read("word/styles.xml")
        assert zf.read("word/document.xml") == b"<w:document/>"


@pytest.mark.parametrize("before, after", [
    (b'<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"/>',
     b'<w:docGrid w:type="lines" w:linePitch="579"/>'),
    (b'<w:docGrid w:charSpace="4096" w:type="snapToChars" w:linePitch="312"/>',
     b'<w:docGrid w:type="lines" w:linePitch="312"/>'),
    (b'<w:docGrid w:type="linesAndChars" w:charSpace="-842"></w:docGrid>', b'<w:docGrid w:type="lines"></w:docGrid>'),
    (b'<w:docGrid w:type="lines" w:linePitch="579"/>', b'<w:docGrid w:type="lines" w:linePitch="579"/>'),
])
def test_libreoffice_copy_has_a_line_grid(tmp_path, before, after):
    """Issue 18 item 3: Word's character grid stays in the .docx; the copy LibreOffice lays out
    gets a line grid, which it handles as Word does (with the character grid it sets most of
    the sample's lines with 14 characters: the 28-character tests above fail without this)."""
    import zipfile
    from io import BytesIO

    from fazhi_draft.verbs.pdf import for_libreoffice

    docx = tmp_path / "a.docx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", b"<w:document><w:body><w:sectPr>" + before + b"</w:sectPr></w:body></w:document>")
    with zipfile.ZipFile(BytesIO(for_libreoffice(docx.read_bytes()))) as zf:
        assert zf.read("word/document.xml") == b"<w:document><w:body><w:sectPr>" + after + b"</w:sectPr></w:body></w:document>"


def test_document_fonts_are_read_from_the_docx(tmp_path):
    from fazhi_draft.verbs.pdf import document_fonts
    from fazhi_draft.verbs.render import render_file

    out = tmp_path / "a.docx"
    render_file(SAMPLES / "2024.yaml", out)
    assert sorted(document_fonts(out)) == sorted(["仿宋_GB2312", "楷体_GB2312", "方正小标宋简体", "黑体", "宋体"])
    render_file(SAMPLES / "2024.yaml", out, variants=("windows-fonts",), force=True)
    assert sorted(document_fonts(out)) == sorted(["仿宋", "楷体", "黑体", "宋体"])


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for soffice")
@pytest.mark.parametrize("script, message", [
    ("sleep 30", "超过 1 秒仍未完成"),
    ("echo 'Error: source file could not be loaded' >&2; exit 1", "source file could not be loaded"),
])
def test_a_failed_or_stuck_conversion_is_reported(tmp_path, monkeypatch, script, message):
    import time

    from fazhi_draft.errors import UserError
    from fazhi_draft.verbs.pdf import convert

    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\n{script}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("FAZHI_SOFFICE", str(fake))
    docx = _tiny_docx(tmp_path / "a.docx")
    start = time.monotonic()
    with pytest.raises(UserError, match=message):
        convert(docx, timeout=1)
    assert time.monotonic() - start < 10  # the stuck one was killed, not waited for
    assert not (tmp_path / "a.pdf").exists()
