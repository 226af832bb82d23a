"""The `fazhi-draft pdf` verb (and `render --pdf`), PDF export: a .docx in, a PDF laid out by
LibreOffice out.

LibreOffice is the word processor we can run anywhere, so `fazhi-draft pdf` and
`render --pdf` hand the .docx to `soffice --headless --convert-to pdf` with:
- a private, throw-away user profile (-env:UserInstallation), so a LibreOffice the user
  has open, or the first-run dialogue of a new profile, cannot block or change the job;
- on Linux and other fontconfig systems, our fonts.conf (FONTCONFIG_FILE, for this one
  process only), which gives each 公文 font that is not installed a free face of the same
  kind (仿宋_GB2312 -> AR PL SungtiL GB ...) instead of one sans-serif face for all;
- a time limit, and the PDF written atomically (never half a file under the real name).

`font_note` says in one Chinese line which of the document's fonts are not installed
and what the PDF uses instead. Nothing here is imported unless a PDF is asked for.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

from fazhi_draft.environment import Environment
from fazhi_draft.errors import ExitStatus, UsageError, UserError

FONTS_CONF = Path(__file__).with_name("fonts.conf")
DEFAULT_TIMEOUT = 180.0  # seconds; a first conversion with a fresh profile takes ~5 s here

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
    convert_and_say(args.docx_file, args.output, force=args.force, env=env)
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
            timeout: float = DEFAULT_TIMEOUT) -> PdfResult:
    """Convert `docx` to PDF at `output` (None: beside it, same name, .pdf).

    Raises UsageError (exit 2) when LibreOffice is not installed, UserError (exit 1) for
    a missing input, an existing output without `force`, a failed or timed-out conversion.
    """
    from fazhi_draft.files import atomic_write, check_target, write_error
    from fazhi_draft.limits import MAX_DOCX_BYTES
    from fazhi_draft.input.read import read_input

    docx = Path(docx)
    out = Path(output) if output is not None else default_pdf(docx)
    if not docx.is_file():
        raise UserError("找不到要转换的 Word 文件", file=docx)
    if docx.suffix.lower() not in (".docx", ".doc", ".odt", ".rtf"):
        raise UserError("只能把 Word 文件（.docx）转换为 PDF", file=docx,
                        fix="先用 fazhi-draft render 生成 .docx")
    if out.resolve() == docx.resolve():
        raise UsageError("PDF 输出文件不能与输入文件相同", file=out)
    check_target(out, force=force)  # said now, not after a conversion of several seconds
    soffice = find_soffice()
    if soffice is None:
        override = os.environ.get("FAZHI_SOFFICE")
        what = (f"环境变量 FAZHI_SOFFICE 指向的 {override} 不存在" if override
                else "未找到 LibreOffice（soffice）")
        raise UsageError(f"{what}，无法转换为 PDF", fix=INSTALL_HINT)

    source = read_input(docx, limit=MAX_DOCX_BYTES)
    try:
        data = _convert_in(soffice, docx, source, timeout)
    except OSError as exc:  # the temporary folder: a full or read-only system disk
        raise write_error(Path(tempfile.gettempdir()), exc) from None
    atomic_write(out, data, force=force)
    note = font_note(docx, data)
    return PdfResult(output=out, notes=[note] if note else [])


def _convert_in(soffice: Path, docx: Path, source: bytes, timeout: float) -> bytes:
    """The PDF's bytes, made by LibreOffice in a temporary folder that is then removed."""
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        # An ASCII copy: the output name is derived from the input's, and a Chinese name
        # with spaces is one less thing to go wrong on a Windows command line.
        src = work / f"in{docx.suffix.lower()}"
        src.write_bytes(for_libreoffice(source) if src.suffix == ".docx" else source)
        outdir = work / "out"
        cmd = [str(soffice), f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--headless", "--norestore", "--nolockcheck",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir), str(src)]
        proc = _run(cmd, timeout, soffice)
        made = outdir / "in.pdf"
        if proc.returncode != 0 or not made.is_file() or made.read_bytes()[:5] != b"%PDF-":
            detail = _last_line(proc.stderr) or _last_line(proc.stdout)
            raise UserError(f"LibreOffice 未能把文件转换为 PDF（退出码 {proc.returncode}"
                            f"{'：' + detail if detail else ''}）", file=docx,
                            fix="请确认该文件能在 Word/WPS 或 LibreOffice 中正常打开")
        return made.read_bytes()


_OVERFLOW_PUNCT = re.compile(rb"<w:overflowPunct\b([^>]*?)/>")
_FALSE = (b"0", b"false", b"off")


def for_libreoffice(docx: bytes) -> bytes:
    """The .docx as LibreOffice must be given it to lay it out as Word does.

    LibreOffice reads w:overflowPunct the wrong way round (seen in 7.4; the importer's
    code reads the same in later versions): it sets "allow hanging punctuation" when the
    value is *off* (writerfilter DomainMapper: ParaIsHangingPunctuation = (value == 0)). Our documents say off, as Word needs, so
    without this the PDF hangs a comma in the right margin where Word does not. Only the
    temporary copy is changed; the .docx the person opens in Word is not.
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
            zout.writestr(item, data)
    return out.getvalue()


def _flip_overflow(m: re.Match[bytes]) -> bytes:
    val = re.search(rb'w:val="([^"]*)"', m.group(1))
    off = val is not None and val.group(1).lower() in _FALSE
    return b'<w:overflowPunct w:val="1"/>' if off else b'<w:overflowPunct w:val="0"/>'


def conversion_env() -> dict[str, str]:
    """The environment for soffice and fc-match: this process's, plus FONTCONFIG_FILE
    pointing at our fonts.conf (not on Windows, where LibreOffice does not use fontconfig)."""
    env = dict(os.environ)
    if sys.platform != "win32" and FONTS_CONF.is_file():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env


def _run(cmd: list[str], timeout: float, soffice: Path) -> subprocess.CompletedProcess[str]:
    # Own process group: `soffice` is a script that starts soffice.bin; on a timeout the
    # whole group goes, not just the script.
    popen_args: dict = {"start_new_session": True} if os.name == "posix" else {}
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                errors="replace", env=conversion_env(), **popen_args)
    except OSError as exc:
        raise UsageError(f"无法运行 LibreOffice（{soffice}）：{exc.strerror or exc}",
                         fix=INSTALL_HINT) from None
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise UserError(f"LibreOffice 转换超过 {timeout:.0f} 秒仍未完成，已停止",
                        fix="请关闭卡住的 LibreOffice 窗口后重试") from None
    except BaseException:  # interrupted (Ctrl-C, a batch stopped): LibreOffice, in its own session, goes too
        _kill(proc)
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _kill(proc: subprocess.Popen) -> None:
    if os.name == "posix":
        import signal

        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    else:
        proc.kill()
    proc.communicate()


def _last_line(text: str | None) -> str:
    lines = [ln.strip() for ln in (text or "").splitlines()
             if ln.strip() and "javaldx" not in ln]
    return lines[-1][:200] if lines else ""


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


def font_note(docx: Path, pdf: bytes | None = None) -> str:
    """One Chinese line naming the document's fonts that are not installed and their stand-ins.

    Empty when every font is installed. Uses fontconfig (fc-list/fc-match) where it
    exists; elsewhere (Windows) the Fonts registry and the fonts the PDF embeds.
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
        return _note_fontconfig(wanted)
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
