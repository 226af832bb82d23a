"""Plain text: one paragraph a line, as copied out of Word, a web page or a PDF.

Encodings: UTF-8 (with or without BOM), UTF-16 with BOM (Notepad's "Unicode"), and
GB18030, a superset of GBK/GB2312 (Notepad's "ANSI" on a Chinese Windows). UTF-8 is
tried strictly first: GB18030 decodes almost any bytes, UTF-8 almost none by accident.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from .lines import Line, Origin, clean


def decode(data: bytes, path: Path | str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError("无法识别文本文件的编码（既不是 UTF-8，也不是 GBK/GB18030）", file=path,
                    fix="请在记事本中“另存为”，编码选 UTF-8 后再试")


def read_txt(data: bytes, path: Path | str) -> tuple[list[Line], dict[str, str]]:
    text = decode(data, path)
    lines = [Line(clean(raw), Origin("行", n)) for n, raw in enumerate(text.splitlines(), 1)]
    return lines, {}
