"""Before any reader runs: the file exists, is not too large, and is what it claims.

A file is recognised by its first bytes, not only its extension: an old binary Word
file (.doc, .wps) and an encrypted .docx are both OLE containers; a .docx is a zip
(and a zip can be a bomb: its entries' sizes are checked before anything is read); a
WPS file saved as "xxx.doc" may really be a .docx, and Word's "web page" .doc is HTML.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import UserError

MAX_FILE = 50 * 1024 * 1024          # bytes on disk
MAX_UNZIPPED = 200 * 1024 * 1024     # all entries of a .docx, uncompressed
MAX_ENTRY = 100 * 1024 * 1024        # one entry, uncompressed
MAX_RATIO = 200                      # uncompressed / compressed, for entries over 1 MB
MAX_ENTRIES = 10_000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SAVE_AS_DOCX = "请在 Word/WPS 中打开，选“文件 → 另存为”，保存类型选“Word 文档（*.docx）”后再试"


def load(path: Path) -> bytes:
    if not path.exists():
        raise UserError("找不到这个文件", file=path, fix="请检查文件名和所在文件夹")
    if path.is_dir():
        raise UserError("这是一个文件夹，不是文件", file=path)
    size = path.stat().st_size
    if size > MAX_FILE:
        raise UserError(f"文件太大（{size / 1024 / 1024:.0f} MB，超过 {MAX_FILE // 1024 // 1024} MB），"
                        "不像一份报告", file=path, fix="请确认选对了文件；图片很多的文件可先删去图片再试")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件（{exc.strerror or exc}）", file=path,
                        fix="如果文件正在 Word/WPS 中打开，请先关闭再试") from None


def sniff(data: bytes, path: Path | str) -> str:
    """The format to read `data` as ("docx", "txt", "html", "pdf"), or a UserError."""
    from . import reader_for, supported

    suffix = Path(path).suffix.lower()
    claimed = reader_for(path)
    if len(data) > MAX_FILE:
        raise UserError(f"文件太大（超过 {MAX_FILE // 1024 // 1024} MB），不像一份报告", file=path)
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise UserError("这个 Word 文件设置了打开密码（已加密），无法读取", file=path,
                            fix="请在 Word/WPS 中打开，取消密码（“文件 → 信息 → 保护文档”或“文件 → 文档加密”）后另存再试")
        if suffix in (".xls", ".ppt", ".xlsx", ".pptx"):
            raise UserError("这是 Excel 或 PowerPoint 文件，不是报告", file=path)
        raise UserError("这是旧版 Word 文件（.doc/.wps 二进制格式），无法直接读取", file=path,
                        fix=_SAVE_AS_DOCX)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        _check_zip(data, path)
        return "docx"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.lstrip()[:5] == b"{\\rtf":
        raise UserError("这是 RTF 文件，无法直接读取", file=path, fix=_SAVE_AS_DOCX)
    if claimed == "docx":
        raise UserError("文件已损坏或不完整，不是有效的 Word 文件（.docx）", file=path,
                        fix="请在 Word/WPS 中打开确认；打不开的话请找原始文件，能打开的话请另存为 .docx 再试")
    if claimed == "pdf":
        raise UserError("文件已损坏或不完整，不是有效的 PDF 文件", file=path,
                        fix="请重新下载或导出 PDF；也可以改用原始的 Word 文件")
    if suffix in (".doc", ".wps") and _looks_html(data):
        return "html"  # Word's "save as web page" with a .doc name
    if suffix in (".doc", ".wps"):
        raise UserError("这是旧版 Word 文件（.doc），无法直接读取", file=path, fix=_SAVE_AS_DOCX)
    if claimed is None:
        what = f"“{suffix}”文件" if suffix else "没有扩展名的文件"
        raise UserError(f"不能读取{what}", file=path, fix=f"可读取的文件：{supported()}")
    if claimed == "txt" and _looks_html(data):
        return "html"
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError("这不是文本文件（里面是二进制数据）", file=path, fix=f"可读取的文件：{supported()}")
    return claimed


def _looks_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower()


def _check_zip(data: bytes, path: Path | str) -> None:
    """A readable zip holding a Word document, whose entries are not a zip bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise UserError("文件已损坏或不完整，不是有效的 Word 文件（.docx）", file=path,
                        fix="请在 Word/WPS 中打开确认；能打开的话请另存为 .docx 再试") from None
    names = {i.filename for i in infos}
    if len(infos) > MAX_ENTRIES:
        raise _bomb(path)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_ENTRY or total > MAX_UNZIPPED:
            raise _bomb(path)
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _bomb(path)
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        kind = ("Excel 表格" if any(n.startswith("xl/") for n in names) else
                "PowerPoint 演示文稿" if any(n.startswith("ppt/") for n in names) else
                "压缩包")
        raise UserError(f"这是{kind}，不是 Word 文档", file=path, fix="请选报告的 Word 文件（.docx）")


def _bomb(path: Path | str) -> UserError:
    return UserError("文件解压后异常巨大（可能是“压缩炸弹”或损坏的文件），已拒绝读取", file=path,
                     fix="请确认文件来源；正常的报告请在 Word/WPS 中另存为 .docx 再试")
