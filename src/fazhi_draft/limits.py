"""Limits on what an input may hold: one place, far above any real report.

A real report's YAML is 20-400 KB, a point a few thousand characters, its nesting about
eight levels deep. Files from a district office may still be broken or hostile (a 2 KB
alias bomb expands to gigabytes; a thousand nested brackets overflow the parser's stack),
so each input is measured against these numbers before any work starts, and refused with
one line naming the limit and where it was passed. README ("输入文件的上限") lists them.
"""

from __future__ import annotations

MAX_FILE_BYTES = 4 * 1024 * 1024  # one input file (YAML, --prior, reused_from, progress)
MAX_DOCX_BYTES = 100 * 1024 * 1024  # a .docx given to `fazhi-draft pdf`
MAX_TEXT_CHARS = 20_000  # one text: a point, the opening, any YAML value or key
MAX_TITLE_CHARS = 200  # a title (Word keeps at most 255 characters in the file's properties)
MAX_NAME_CHARS = 100  # a name: organ, self-reference, kind, a figure's label or unit
MAX_DEPTH = 64  # lists and maps inside each other
MAX_EXPANDED_CHARS = 2 * MAX_FILE_BYTES  # the whole file with every *alias written out
MAX_FIGURE_DIGITS = 15  # digits in one figure (the largest real ones have about 10)
MAX_GUESS_CHARS = 64  # a mistyped name longer than this gets no "是不是…" suggestion
MAX_GUESSES = 20  # "是不是…" suggestions per file; the next unknown names are listed without one


class LimitExceeded(Exception):
    """An input passed a limit. `str()` is the Chinese sentence; `line` is 1-based or None.

    Raised where the file name is not known (fastyaml); input/parse.py turns it into a UserError."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def too_deep(line: int | None) -> LimitExceeded:
    return LimitExceeded(f"列表和映射嵌套超过 {MAX_DEPTH} 层（上限），请检查括号是否成对、缩进是否正确", line)


def too_long(chars: int, line: int | None) -> LimitExceeded:
    return LimitExceeded(f"一段文字有 {chars} 个字符，超过上限 {MAX_TEXT_CHARS} 个字符，请分成几条或删去多余内容", line)


def close_matches(word: str, choices: list[str], *, n: int = 1, cutoff: float = 0.6) -> list[str]:
    """difflib.get_close_matches for a "是不是…" suggestion, bounded: difflib's work grows with
    the product of the lengths, so a word (or choice) past MAX_GUESS_CHARS gets no suggestion."""
    if len(word) > MAX_GUESS_CHARS:
        return []
    import difflib

    return difflib.get_close_matches(word, [c for c in choices if len(c) <= MAX_GUESS_CHARS], n=n, cutoff=cutoff)
