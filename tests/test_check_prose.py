"""`fazhi-draft check 报告.docx`: a finished report's prose checked by the YAML's rules.

The corpus documents are built as an office would have them (tests/readers_fixtures.py:
Word headings or bold text, a portal page with its navigation, the scraped text) and
checked through the command line, as a clerk runs it.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from conftest import run_cli
from readers_fixtures import DOCX, NAMES, SOURCE, page, sources

FIXTURES = Path(__file__).parent / "check_fixtures"
FORMATS = ("txt", "docx", "html")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """(format, corpus name) -> the document, each in a folder of its own."""
    srcs = sources()
    out = {}
    for fmt in FORMATS:
        for n in NAMES:
            folder = tmp_path_factory.mktemp(f"{fmt}{n[:3]}")
            path = folder / f"{n}.{fmt}"
            if fmt == "txt":
                path.write_bytes((SOURCE / f"{n}.txt").read_bytes())
            elif fmt == "docx":
                DOCX[n](srcs[n], path)
            else:
                path.write_text(page(srcs[n]), encoding="utf-8")
            out[fmt, n] = path
    return out


def _check(*args: str, cwd: Path | None = None):
    result = run_cli("check", *map(str, args), cwd=cwd)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def _lines(stdout: str, code: str) -> list[str]:
    return [line for line in stdout.splitlines() if f" {code} " in line]


# ---------------------------------------------------------------- the corpus
@pytest.mark.parametrize("fmt", FORMATS)
def test_corpus_slips_are_reported_naming_the_paragraph_and_quoting_the_sentence(built, fmt):
    """Issue 16 item 4 (and issue 15 item 6): the slips of the published reports, in each
    format: 酉阳 2018's 88 documents cleaned vs 65+13+6 = 84 and 出庭应诉率14.3% for 6 of 36;
    商洛 2021's 13 cases concluded vs 1+6+1+1+3 = 12 outcomes. Each finding names the paragraph
    (or line of a .txt) and quotes the sentence."""
    place = r"第\d+行" if fmt == "txt" else r"第\d+段"
    youyang = _check(built[fmt, NAMES[0]])
    [cleaned] = _lines(youyang.stdout, "FZ203")
    assert re.search(rf"^\S+ {place} 警告 FZ203 清理规范性文件为88件，但各分项相加只有84", cleaned)
    assert "相差4件" in cleaned and "（原文：“" in cleaned and "88件县政府规范性文件进行了全面清理" in cleaned
    [rate] = _lines(youyang.stdout, "FZ204")
    assert re.search(rf"^\S+ {place} 警告 FZ204 \S*出庭应诉率写为14.3%", rate)
    assert "计算应为16.7%" in rate and "负责人出庭应诉率14.3%" in rate.split("原文")[1]
    assert youyang.returncode == 0  # warnings: the draft was published; nothing blocks

    shangluo = _check(built[fmt, NAMES[4]])
    [concluded] = _lines(shangluo.stdout, "FZ203")
    assert re.search(rf"^\S+ {place} 警告 FZ203 审结行政复议案件为13件，但各分项相加只有12", concluded)
    assert "相差1件" in concluded and "现已办结13件" in concluded.split("原文")[1]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", [NAMES[1], NAMES[2]])
def test_corpus_reports_without_slips_get_no_error(built, fmt, name):
    """Issue 16 item 4: 巴楚 2022 and 云城 2020 add up: no error, no arithmetic warning, exit 0."""
    result = _check(built[fmt, name])
    assert result.returncode == 0, result.stdout
    assert " 错误 " not in result.stdout
    assert not re.search(r" FZ2\d\d ", result.stdout), result.stdout
    assert re.search(r"0 个错误.*从正文中认出 \d{2} 项指标的数字", result.stdout.splitlines()[-1])


def test_an_implementation_plan_is_not_checked_as_a_report(built):
    """Issue 16 item 5: 平安区's 实施方案 is no annual report: one message, exit 1."""
    result = _check(built["docx", NAMES[3]])
    assert result.returncode == 1
    [line] = [x for x in result.stdout.splitlines() if " FZ" in x]
    assert "错误 FZ001 这份文件是实施方案" in line and "不是法治政府建设年度报告" in line


def test_json_findings_carry_the_place_and_the_quote(built):
    """Issue 16 item 4: --format json gives the paragraph and the sentence of each finding."""
    result = _check(built["docx", NAMES[4]], "--format", "json")
    [found] = [d for d in json.loads(result.stdout) if d["code"] == "FZ203"]
    assert re.fullmatch(r"第\d+段", found["place"]) and "现已办结13件" in found["quote"]
    assert found["line"] is None and found["level"] == "警告"


# ---------------------------------------------------------------- bad documents
def _docx(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _bad_documents(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, the words its one message must hold)."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    out = {}

    def put(name: str, data: bytes, words: str) -> None:
        (folder / name).write_bytes(data)
        out[name] = (folder / name, words)

    put("空白.docx", _docx([]), "没有读到文字")
    put("会议通知.docx", _docx(["各单位：", "定于下周三上午九时在三楼会议室召开全体干部职工大会，请准时参加，不得无故缺席。",
                              "县政府办公室"]), "看不出是一份报告")
    put("扫描件.pdf", _scanned_pdf(), "没有文字层")
    put("2023年报告.doc", ole + "WordDocument".encode("utf-16-le") + b"\x00" * 1000, "另存为")
    put("加密.docx", ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1000, "打开密码")
    put("损坏.docx", b"PK\x03\x04" + b"\x13" * 300, "已损坏")
    links = "".join(f"<li><a href='/a{i}'>某某县{2015 + i}年法治政府建设工作报告</a></li>" for i in range(9))
    put("列表页.html", (f"<html><head><meta charset='utf-8'><title>法治政府建设年度报告</title></head><body>"
                      f"<ul>{links}</ul><div class='footer'>版权所有：某某县人民政府办公室</div></body></html>"
                      ).encode("utf-8"), "没有找到报告正文")
    return out


def _scanned_pdf() -> bytes:
    """A one-page PDF with an image and no text (as a scanner makes it)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"]
    stream = b"0.5 g 50 50 100 100 re f"
    objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def test_bad_documents_get_one_chinese_message_each_exit_1_and_nothing_written(tmp_path):
    """Issue 16 item 5 (the checker's half): an empty document, a non-report, a scanned PDF,
    an old .doc, an encrypted and a broken .docx, a portal page without the report: `check`
    says one thing in Chinese for each, exits 1 and writes nothing."""
    bad = _bad_documents(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    for name, (path, words) in bad.items():
        result = _check(path.name, cwd=tmp_path)
        assert result.returncode == 1, (name, result.stdout, result.stderr)
        found = [x for x in result.stdout.splitlines() if " FZ" in x]
        assert len(found) == 1, (name, result.stdout)
        assert f"{name} 错误 FZ001 " in found[0] and words in found[0], (name, found[0])
        assert re.search(r"[\u4e00-\u9fff]", found[0].split("FZ001", 1)[1])
    assert sorted(p.name for p in tmp_path.iterdir()) == before


# ---------------------------------------------------------------- --data
def test_data_compares_a_word_draft_with_its_yaml(tmp_path):
    """Issue 16 item 4: `check 报告.docx --data 2025.yaml`: a figure changed in Word but not in
    the YAML, one added in Word only, one of the YAML's the Word draft no longer states."""
    data = FIXTURES / "FZ5xx.data.yaml"
    same = _check(FIXTURES / "FZ501.report.txt", "--data", data)
    [changed] = _lines(same.stdout, "FZ501")
    assert "Word 稿中收到行政复议申请为29件，FZ5xx.data.yaml 中为27件" in changed
    assert "第10行 measures.disputes.figures.reconsideration_received" in changed
    [added] = _lines(_check(FIXTURES / "FZ502.report.txt", "--data", data).stdout, "FZ502")
    assert "人民调解员1612名" in added and "measures.disputes.figures.mediators" in added
    removed = _lines(_check(FIXTURES / "FZ503.report.txt", "--data", data).stdout, "FZ503")
    assert len(removed) == 2 and all("信访事项" in line for line in removed)
    # the draft made from the YAML, unchanged: nothing to say
    plain = tmp_path / "初稿.txt"
    result = run_cli("render", str(data), "--format", "txt", "-o", str(plain))
    assert result.returncode == 0, result.stdout + result.stderr
    result = _check(plain, "--data", data)
    assert not re.search(r" FZ50\d ", result.stdout), result.stdout


def test_data_is_for_one_report_only(tmp_path):
    """Issue 16 item 4: --data with a YAML input or with several files is a usage error (exit 2)."""
    data = FIXTURES / "FZ5xx.data.yaml"
    result = _check(data, "--data", data)
    assert result.returncode == 2 and "--data" in result.stderr
    result = _check(FIXTURES / "FZ501.report.txt", FIXTURES / "FZ502.report.txt", "--data", data)
    assert result.returncode == 2 and "只能用于单个报告" in result.stderr


# ---------------------------------------------------------------- several files, a folder
def test_a_folder_of_reports_checked_with_two_jobs(built, tmp_path):
    """Issue 16 item 4: a folder of finished reports (.docx, .html) checked with -j 2: each is
    listed with its findings; the plan is refused without stopping the others; a .txt lying
    in the folder (a note) is not taken for a report, and Word's lock file is skipped."""
    folder = tmp_path / "报告"
    folder.mkdir()
    for fmt, n in (("docx", NAMES[0]), ("html", NAMES[1]), ("docx", NAMES[3]), ("docx", NAMES[4])):
        (folder / built[fmt, n].name).write_bytes(built[fmt, n].read_bytes())
    (folder / "说明.txt").write_text("这里放各区县的报告。", encoding="utf-8")
    (folder / "~$0_4894d8c68aa1adc9.docx").write_bytes(b"\x00" * 162)
    result = _check(folder, "-j", "2")
    out = result.stdout
    assert result.returncode == 1  # the plan
    assert re.search(r"000_4894d8c68aa1adc9\.docx 第\d+段 警告 FZ203 清理规范性文件为88件", out)
    assert re.search(r"004_cb69d81650a98de4\.docx 第\d+段 警告 FZ203 审结行政复议案件为13件", out)
    assert "003_3956b24273eceae2.docx 错误 FZ001 这份文件是实施方案" in out
    assert "001_a4df0450ae7a6c3d.html：0 个错误" in out
    assert "说明.txt" not in out and "~$" not in out


def test_zip_named_docx_in_a_folder_does_not_stop_the_batch(built, tmp_path):
    """Issue 16 item 5: a broken .docx among good ones: its message, the others checked."""
    folder = tmp_path / "报告"
    folder.mkdir()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "not a document")
    (folder / "坏的.docx").write_bytes(buf.getvalue())
    (folder / "好的.docx").write_bytes(built["docx", NAMES[2]].read_bytes())
    result = _check(folder)
    assert result.returncode == 1
    assert "坏的.docx 错误 FZ001 " in result.stdout and "好的.docx：0 个错误" in result.stdout
