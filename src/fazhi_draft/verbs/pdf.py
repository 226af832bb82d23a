"""The `fazhi-draft pdf` verb (and `render --pdf`), PDF export: a .docx in, a PDF laid out by
LibreOffice out.

LibreOffice is the word processor we can run anywhere, so `fazhi-draft pdf` and
`render --pdf` hand the .docx to `soffice --headless --convert-to pdf` with:
- a private, throw-away user profile (-env:UserInstallation), so a LibreOffice the user
  has open, or the first-run dialogue of a new profile, cannot block or change the job;
- on Linux and other fontconfig systems, our fonts.conf (FONTCONFIG_FILE, for this one
  process only), which gives each 公文 font that is not installed a free face of the same
  kind (仿宋_GB2312 -> AR PL SungtiL GB ...) instead of one sans-serif face for all;
- a temporary copy of the .docx adjusted where LibreOffice reads Word's XML differently
  (hanging punctuation, the character grid: `for_libreoffice`);
- a time limit, and the PDF written atomically (never half a file under the real name).
Running LibreOffice is libreoffice.py's job: one process converts a whole batch (several
files or a folder, `pdf` and `render --pdf` alike); a single file is a batch of one.

`font_note` says in one Chinese line which of the document's fonts are not installed
and what the PDF uses instead. Nothing here is imported unless a PDF is asked for.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

from fazhi_draft.environment import Environment
from fazhi_draft.errors import ExitStatus

FONTS_CONF = Path(__file__).with_name("fonts.conf")

# Where LibreOffice lives when it is not on PATH (the Windows and macOS installers do
# not add it). FAZHI_SOFFICE overrides everything.
_KNOWN_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/opt/libreoffice/program/soffice",
    "/usr/lib/libreoffice/program/soffice",
)

INSTALL_HINT = (
    "请安装 LibreOffice 后重试：Windows/macOS 从 https://www.libreoffice.org/download/ 下载安装；"
    "Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk "
    "fonts-arphic-gbsn00lp fonts-arphic-gkai00mp。"
    "装在其他位置时，可用环境变量 FAZHI_SOFFICE 指明 soffice 的完整路径。"
    "也可以直接在 Word/WPS 中打开 .docx，另存为 PDF"
)


@dataclass
class PdfResult:
    output: Path
    notes: list[str] = field(default_factory=list)  # lines for the person (fonts substituted)


def run(args: SimpleNamespace, env: Environment) -> ExitStatus:
    """Convert one Word file and say what was made; several files or a folder: a batch."""
    from fazhi_draft.verbs import is_batch

    if is_batch(args.inputs):
        from fazhi_draft.verbs.batch import pdf_many

        return pdf_many(args.inputs, args.output, force=args.force, jobs=args.jobs, env=env)
    convert_and_say(args.inputs[0], args.output, force=args.force, env=env)
    return ExitStatus.OK


def convert_and_say(docx: Path, output: Path | None, *, force: bool, env: Environment) -> None:
    """convert(), then the font notes (stderr) and the PDF's name, as `pdf` and `render --pdf` say them."""
    result = convert(docx, output, force=force)
    for note in result.notes:
        env.echo(note, err=True)
    env.echo(f"已生成：{result.output}")


def find_soffice() -> Path | None:
    """The LibreOffice program to run, or None if none is found.

    Order: $FAZHI_SOFFICE, `soffice` / `libreoffice` on PATH, the usual install places.
    """
    override = os.environ.get("FAZHI_SOFFICE")
    if override:
        return Path(override) if Path(override).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for place in _KNOWN_PLACES:
        if Path(place).is_file():
            return Path(place)
    return None


def default_pdf(docx: Path) -> Path:
    return Path(docx).with_suffix(".pdf")


def convert(docx: Path, output: Path | None = None, *, force: bool = False,
            timeout: float | None = None) -> PdfResult:
    """Convert `docx` to PDF at `output` (None: beside it, same name, .pdf): a batch of one
    (libreoffice.convert_files; `timeout` None is its default).

    Raises UsageError (exit 2) when LibreOffice is not installed, UserError (exit 1) for
    a missing input, an existing output without `force`, a failed or timed-out conversion.
    """
    from fazhi_draft.verbs.libreoffice import PdfJob, convert_files

    docx = Path(docx)
    out = Path(output) if output is not None else default_pdf(docx)
    (outcome,) = convert_files([PdfJob(docx, out)], force=force, timeout=timeout)
    if outcome.error is not None:
        raise outcome.error
    return PdfResult(output=out, notes=outcome.notes)


_OVERFLOW_PUNCT = re.compile(rb"<w:overflowPunct\b([^>]*?)/>")
_FALSE = (b"0", b"false", b"off")
_DOC_GRID = re.compile(rb"<w:docGrid\b[^<>]*+>")
_CHAR_GRIDS = (b'w:type="linesAndChars"', b'w:type="snapToChars"')


def for_libreoffice(docx: bytes) -> bytes:
    """The .docx as LibreOffice must be given it to lay it out as Word does.

    - LibreOffice reads w:overflowPunct the wrong way round (seen in 7.4; the importer's
      code reads the same in later versions): it sets "allow hanging punctuation" when the
      value is *off* (writerfilter DomainMapper: ParaIsHangingPunctuation = (value == 0)).
      Our documents say off, as Word needs, so without this the PDF hangs a comma in the
      right margin where Word does not.
    - A character grid (w:docGrid type linesAndChars or snapToChars) becomes a line grid
      (type lines, same line pitch). Word fits a 16 pt character into a 15.79 pt grid cell by
      adding the (negative) charSpace to its width; LibreOffice gives any character wider
      than its cell two cells (measured with 7.4 on the 2024 sample: 14 characters on most
      lines instead of 28, 27 on paragraphs that opt out of the grid). Our paragraphs reach
      28 characters without the grid (their runs are tightened), so the line grid gives
      LibreOffice the page Word shows.
    Only the temporary copy is changed; the .docx the person opens in Word is not.
    """
    try:
        zin = zipfile.ZipFile(BytesIO(docx))
    except zipfile.BadZipFile:
        return docx
    out = BytesIO()
    with zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.startswith("word/") and item.filename.endswith(".xml"):
                data = _OVERFLOW_PUNCT.sub(_flip_overflow, data)
                data = _DOC_GRID.sub(_line_grid, data)
            zout.writestr(item, data)
    return out.getvalue()


def _flip_overflow(m: re.Match[bytes]) -> bytes:
    val = re.search(rb'w:val="([^"]*)"', m.group(1))
    off = val is not None and val.group(1).lower() in _FALSE
    return b'<w:overflowPunct w:val="1"/>' if off else b'<w:overflowPunct w:val="0"/>'


def _line_grid(m: re.Match[bytes]) -> bytes:
    """A w:docGrid element as a line grid of the same pitch, if it is a character grid."""
    element = m.group(0)
    if not any(kind in element for kind in _CHAR_GRIDS):
        return element
    out = b'<w:docGrid w:type="lines"'
    start = element.find(b'w:linePitch="')
    if start >= 0:
        start += len(b'w:linePitch="')
        out += b' w:linePitch="' + element[start:element.find(b'"', start)] + b'"'
    return out + (b"/>" if element.endswith(b"/>") else b">")


def conversion_env() -> dict[str, str]:
    """The environment for soffice and fc-match: this process's, plus FONTCONFIG_FILE
    pointing at our fonts.conf (not on Windows, where LibreOffice does not use fontconfig)."""
    env = dict(os.environ)
    if sys.platform != "win32" and FONTS_CONF.is_file():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env


# --- which fonts were substituted -------------------------------------------------

_RFONTS = re.compile(rb"<w:rFonts\b[^>]*>")
_FONT_ATTR = re.compile(rb'\bw:(?:ascii|hAnsi|eastAsia)="([^"]+)"')
_BASEFONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/\[\]<>()]+)")


def document_fonts(docx: Path) -> list[str]:
    """The font faces the document's text asks for (styles, body, footers), in first-use order."""
    names: dict[str, None] = {}
    with zipfile.ZipFile(docx) as zf:
        parts = sorted((n for n in zf.namelist()
                        if n.startswith("word/") and n.endswith(".xml")),
                       key=lambda n: (n != "word/styles.xml", n))
        for part in parts:
            for tag in _RFONTS.findall(zf.read(part)):
                for raw in _FONT_ATTR.findall(tag):
                    names.setdefault(_unescape(raw.decode("utf-8", "replace")), None)
    return list(names)


def pdf_fonts(pdf: bytes) -> list[str]:
    """Names of the fonts embedded in a PDF (subset prefixes dropped), in order, no repeats."""
    return list(dict.fromkeys(m.decode("latin-1") for m in _BASEFONT.findall(pdf)))


def font_note(docx: Path, pdf: bytes | None = None, memo: dict | None = None) -> str:
    """One Chinese line naming the document's fonts that are not installed and their stand-ins.

    Empty when every font is installed. Uses fontconfig (fc-list/fc-match) where it
    exists; elsewhere (Windows) the Fonts registry and the fonts the PDF embeds. `memo`: a
    dict kept for a batch, so fontconfig is asked once per set of fonts, not once per file.
    """
    try:
        wanted = document_fonts(docx)
    except (OSError, zipfile.BadZipFile, KeyError):
        return ""
    if not wanted:
        return ""
    if sys.platform not in ("win32", "darwin"):
        if not (shutil.which("fc-list") and shutil.which("fc-match")):
            return ""
        if memo is None:
            return _note_fontconfig(wanted)
        key = ("fontconfig", *wanted)
        if key not in memo:
            memo[key] = _note_fontconfig(wanted)
        return memo[key]
    installed = _windows_fonts()
    if installed is None:  # macOS: LibreOffice substitutes through Core Text; not checked
        return ""
    missing = [f for f in wanted if f.casefold() not in installed
               and _WINDOWS_NAMES.get(f, f).casefold() not in installed]
    if not missing:
        return ""
    used = f"（PDF 实际使用：{'、'.join(pdf_fonts(pdf))}）" if pdf else ""
    return (f"字体：本机未安装 {'、'.join(missing)}，PDF 中由 LibreOffice 以近似字体代替"
            f"（Word 文档中的字体不变）{used}。")


def substitutes(faces: list[str]) -> dict[str, str | None]:
    """Face -> what fontconfig (with our fonts.conf) gives instead; None when installed.

    Needs fc-list and fc-match (Linux).
    """
    installed = _fc_families()
    out: dict[str, str | None] = {}
    for face in faces:
        if face.casefold() in installed:
            out[face] = None
            continue
        res = subprocess.run(["fc-match", "-f", "%{family[0]}|%{style[0]}", face],
                             capture_output=True, text=True, encoding="utf-8",
                             errors="replace", env=conversion_env(), check=False)
        family, _, style = res.stdout.partition("|")
        style = style.strip()
        label = family.strip() or "?"
        if style and style.casefold() not in ("regular", "book", "medium", "normal"):
            label += f" {style}"
        out[face] = label
    return out


def _note_fontconfig(wanted: list[str]) -> str:
    subs = {f: s for f, s in substitutes(wanted).items() if s is not None}
    if not subs:
        return ""
    pairs = "，".join(f"{face}→{sub}" for face, sub in subs.items())
    line = f"字体：本机未安装以下字体，PDF 中以近似字体代替（Word 文档中的字体不变）：{pairs}。"
    if not _fc_families(":lang=zh"):
        line += "本机没有任何中文字体，PDF 中的汉字会显示为方框：请安装 fonts-noto-cjk。"
    return line


def _fc_families(pattern: str = "") -> set[str]:
    """Every family name fontconfig knows (all localised names), casefolded.

    Read with the system configuration, not ours: an alias is not an installed font.
    """
    cmd = ["fc-list", *([pattern] if pattern else []), "family"]
    res = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8",
                         errors="replace", check=False)
    names: set[str] = set()
    for line in res.stdout.splitlines():
        for name in line.split(","):
            if name.strip():
                names.add(name.strip().replace("\\-", "-").casefold())
    return names


# The registry lists Chinese fonts under their English names.
_WINDOWS_NAMES = {"宋体": "SimSun", "黑体": "SimHei", "仿宋": "FangSong", "楷体": "KaiTi",
                  "仿宋_GB2312": "FangSong_GB2312", "楷体_GB2312": "KaiTi_GB2312",
                  "微软雅黑": "Microsoft YaHei", "新宋体": "NSimSun"}


def _windows_fonts() -> set[str] | None:
    """Font family names from the Windows Fonts registry keys, casefolded; None off Windows."""
    if sys.platform != "win32":
        return None
    import winreg

    names: set[str] = set()
    key_path = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
    for root in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            with winreg.OpenKey(root, key_path) as key:
                for i in range(winreg.QueryInfoKey(key)[1]):
                    value = winreg.EnumValue(key, i)[0]  # "仿宋 (TrueType)", "SimSun & NSimSun (TrueType)"
                    base = re.sub(r"\s*\(.*\)\s*$", "", value)
                    for part in base.split("&"):
                        names.add(part.strip().casefold())
        except OSError:
            continue
    return names


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))
