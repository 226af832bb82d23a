"""Issue 13 item 4: every regular expression in src/ that sees user text runs in linear time.

Structural, not timed. Every pattern literal passed to the `re` module anywhere in src/ is
found by reading the source (so a new one is checked without being listed), parsed with
Python's own regex parser, and must satisfy two rules that together rule out the
polynomial backtracking seen in the issue (a 60 KB line of "#": 37 s; "2024" and 30,000
spaces: 11 s; 30,000 private-use characters: 11 s):

1. No backtracking into a run. Every unbounded repeat (`*`, `+`, `{n,}`) is possessive
   (`*+`, `++`) or inside an atomic group, or is a repeat of a single character class that
   nothing following it can start with (so giving characters back can never help: the
   repeat is possessive in effect). Lazy repeats (`*?`) are not allowed: `#.*?x` scans to
   the end of the line from every "#".
2. No rescanning from the next start. Unless the pattern is anchored at the start (`^`,
   `\\A`), a search tries it at every position, so a repeat must not be able to run over a
   character the pattern can start with (`#.*?check` from each of 60,000 "#"), unless it
   ends the pattern (a match then succeeds there and the search moves past it).

Character sets are compared on a sample of characters (ASCII, Latin-1, every character
named in a pattern, whitespace, CJK and private-use samples). Patterns that never see user
text are listed in NOT_USER_TEXT with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

try:
    from re import _constants as C
    from re import _parser as P
except ImportError:  # Python < 3.11 has no possessive quantifiers anyway
    pytest.skip("needs Python 3.11", allow_module_level=True)

SRC = Path(__file__).parents[1] / "src" / "fazhi_draft"
RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "split", "sub", "subn"}

# (file, pattern) -> why user text never reaches it.
NOT_USER_TEXT = {
    ("pdf.py", rb"<w:overflowPunct\b([^>]*?)/>"): "our own settings.xml, written by the docx writer",
    ("pdf.py", rb'w:val="([^"]*)"'): "an attribute of the element above",
    ("pdf.py", rb"<w:rFonts\b[^>]*>"): "our own styles.xml (user text is escaped: no '<' in it)",
    ("pdf.py", rb'\bw:(?:ascii|hAnsi|eastAsia)="([^"]+)"'): "attributes of the element above",
    ("pdf.py", rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/\[\]<>()]+)"): "LibreOffice's PDF font dictionaries",
    ("pdf.py", r"\s*\(.*\)\s*$"): "fc-match's output, a font name",
}

# (file, source text of the pattern argument) -> the patterns it can be at run time. A pattern
# built by code is checked in every form the code can build (numbers.py builds the figure
# grammar once and shares it with the JSON Schema).
def _built_figure_patterns() -> list[str]:
    from fazhi_draft.figures import numbers

    return [*(numbers._grammar(whole=w, percent=p, named=True) for w in (True, False) for p in (True, False)),
            numbers._grammar(whole=False, percent=False, named=True, growth=True)]


def _built_pending() -> list[str]:
    from fazhi_draft.figures import numbers

    return [numbers._PENDING]


def _built_percent() -> list[str]:
    from fazhi_draft.figures import numbers

    return [numbers._PERCENT]


def _built_unit() -> list[str]:
    from fazhi_draft.input import model

    return [model.UNIT_PATTERN]


BUILT = {
    ("model.py", "UNIT_PATTERN"): _built_unit,
    ("numbers.py", "_grammar(whole=whole, percent=percent, named=True, growth=growth)"): _built_figure_patterns,
    ("numbers.py", "_PENDING"): _built_pending,
    ("numbers.py", "_PERCENT"): _built_percent,
}

# Local values a pattern is built from, by (file, name): every value the code can give them.
LOCAL_VALUES = {
    ("frame.py", "unit"): list("县区市旗州镇乡"),  # what readers/frame._SELF matches
    ("frame.py", "name"): ["成文日期", "发布日期"],  # the loop in readers/frame.metadata
}


def _from_module_names(path: Path, expr: ast.expr):  # noqa: ANN202
    """A pattern written as an expression of the module's own constants (an f-string of
    character classes, a name), and of the local values listed in LOCAL_VALUES: evaluated
    for each of those values with the module's names; None when it needs other values."""
    import importlib
    import itertools

    module = importlib.import_module("fazhi_draft." + ".".join(path.relative_to(SRC).with_suffix("").parts))
    names = vars(module)
    free = sorted({n.id for n in ast.walk(expr) if isinstance(n, ast.Name) and n.id not in names})
    if any((path.name, n) not in LOCAL_VALUES for n in free):
        return None
    code = compile(ast.Expression(expr), str(path), "eval")
    values = []
    for combo in itertools.product(*(LOCAL_VALUES[(path.name, n)] for n in free)):
        value = eval(code, {**names, **dict(zip(free, combo))})  # noqa: S307
        if not isinstance(value, (str, bytes)):
            return None
        values.append(value)
    return lambda: values


ANCHORED = 1 << 30  # our own mark: tried at one start only (re.match, re.fullmatch)
REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT}
LEAVES = {C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY, C.CATEGORY}
ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}


def patterns_in_src() -> list[tuple[str, int, str | bytes, int]]:
    """(file, line, pattern, flags) for every literal pattern given to the re module in src/.

    A pattern given straight to re.match or re.fullmatch is tried at one start only: it is
    marked anchored with the ANCHORED flag below."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in RE_FUNCTIONS and node.args):
                continue
            first = node.args[0]
            built = BUILT.get((path.name, ast.unparse(first)))
            if not isinstance(first, ast.Constant) and built is None:
                built = _from_module_names(path, first)
            assert isinstance(first, ast.Constant) or built, \
                f"{path.name}:{node.lineno}: a pattern built at run time from local values: list how it is built in BUILT"
            flags = 0
            flag_args = [kw.value for kw in node.keywords if kw.arg == "flags"]
            if node.func.attr == "compile" and len(node.args) > 1:
                flag_args.append(node.args[1])
            for arg in flag_args:
                flags |= eval(compile(ast.Expression(arg), "<flags>", "eval"), {"re": re})  # noqa: S307
            if node.func.attr in ("match", "fullmatch"):
                flags |= ANCHORED
            for pattern in built() if built else [first.value]:
                found.append((str(path.relative_to(SRC)), node.lineno, pattern, flags))
    return found


ALL = patterns_in_src()


# ---------------------------------------------------------------- characters
def _universe(pattern: str | bytes) -> list[str | bytes]:
    chars = {chr(c) for c in range(256)}
    text = pattern.decode("latin-1") if isinstance(pattern, bytes) else pattern
    chars |= set(text)
    chars |= set("\u3000\u2028\u2029\u0085\u00a0\u200b\ufeff年月日中文，、。“”—–－～至到以来前后") | {"\ue000", "\ue001", "\ue100"}
    chars |= {chr(c) for c in range(0x2000, 0x200b)}
    if isinstance(pattern, bytes):
        return sorted({c.encode("latin-1") for c in chars if ord(c) < 256})
    return sorted(chars)


class Analysis:
    """One pattern, parsed; `problems` lists each rule it breaks."""

    def __init__(self, pattern: str | bytes, flags: int):
        self.anchored = bool(flags & ANCHORED)
        flags &= ~ANCHORED
        self.pattern, self.flags = pattern, flags
        self.parsed = P.parse(pattern, flags)
        self.flags = self.parsed.state.flags
        self.universe = _universe(pattern)
        self.problems: list[str] = []
        self.repeats: list[tuple[frozenset, bool]] = []  # (chars a repeat's leaves match, trailing)
        self._leaf_cache: dict = {}

    # a leaf (one-character item) -> the characters of the universe it matches
    def leaf_chars(self, item) -> frozenset:
        key = repr(item)
        if key not in self._leaf_cache:
            sub = P.SubPattern(self.parsed.state, [item])
            from re import _compiler

            rx = _compiler.compile(sub, self.flags)
            self._leaf_cache[key] = frozenset(c for c in self.universe if rx.fullmatch(c))
        return self._leaf_cache[key]

    def first(self, items: list) -> tuple[frozenset, bool]:
        """Characters `items` can start with, and whether it can match the empty string."""
        chars: set = set()
        for op, av in items:
            c, nullable = self.first_of(op, av)
            chars |= c
            if not nullable:
                return frozenset(chars), False
        return frozenset(chars), True

    def first_of(self, op, av) -> tuple[frozenset, bool]:
        if op in LEAVES:
            return self.leaf_chars((op, av)), False
        if op in ZERO_WIDTH:
            return frozenset(), True
        if op is C.SUBPATTERN:
            return self.first(list(av[-1]))
        if op is C.ATOMIC_GROUP:
            return self.first(list(av))
        if op is C.BRANCH:
            chars, nullable = set(), False
            for alt in av[1]:
                c, n = self.first(list(alt))
                chars |= c
                nullable |= n
            return frozenset(chars), nullable
        if op in REPEATS:
            lo, _hi, body = av
            c, n = self.first(list(body))
            return c, n or lo == 0
        if op is C.GROUPREF:
            return frozenset(self.universe), True
        raise AssertionError(f"unknown regex item {op}")

    def leaves(self, items: list) -> frozenset:
        """Every character any leaf inside `items` can match."""
        chars: set = set()
        for op, av in items:
            if op in LEAVES:
                chars |= self.leaf_chars((op, av))
            elif op is C.SUBPATTERN:
                chars |= self.leaves(list(av[-1]))
            elif op is C.ATOMIC_GROUP:
                chars |= self.leaves(list(av))
            elif op is C.BRANCH:
                for alt in av[1]:
                    chars |= self.leaves(list(alt))
            elif op in REPEATS:
                chars |= self.leaves(list(av[2]))
        return frozenset(chars)

    def walk(self, items: list, after: tuple[frozenset, bool], atomic: bool, top: bool) -> None:
        """Check each repeat in `items`; `after` is what may follow `items` (chars, may end)."""
        for i, (op, av) in enumerate(items):
            rest_chars, rest_nullable = self.first(items[i + 1:])
            follow = (rest_chars | (after[0] if rest_nullable else frozenset()), rest_nullable and after[1])
            if op is C.SUBPATTERN:
                self.walk(list(av[-1]), follow, atomic, top and follow[1])
            elif op is C.ATOMIC_GROUP:
                self.walk(list(av), follow, True, top and follow[1])
            elif op is C.BRANCH:
                for alt in av[1]:
                    self.walk(list(alt), follow, atomic, top and follow[1])
            elif op in (C.ASSERT, C.ASSERT_NOT):
                self.walk(list(av[1]), (frozenset(), True), atomic, False)
            elif op in REPEATS:
                lo, hi, body = av
                body = list(body)
                unbounded = hi == C.MAXREPEAT
                body_first, _ = self.first(body)
                inner_follow = (follow[0] | body_first, follow[1])
                self.walk(body, inner_follow, atomic or op is C.POSSESSIVE_REPEAT, False)
                if not unbounded:
                    continue
                trailing = follow[1] and top
                self.repeats.append((self.leaves(body), trailing))
                if op is C.MIN_REPEAT:
                    self.problems.append(f"lazy repeat {self._show(op, av)}: rescans at every extension; "
                                         "use a possessive repeat of a class that stops where it should")
                elif op is C.MAX_REPEAT and not atomic:
                    single = len(body) == 1 and body[0][0] in LEAVES
                    clash = self.leaves(body) & follow[0] if single else None
                    if not single:
                        self.problems.append(f"greedy repeat of a group {self._show(op, av)}: make it possessive (*+, ++)")
                    elif clash:
                        self.problems.append(f"greedy repeat {self._show(op, av)} can give back {_few(clash)}, "
                                             "which what follows can take: make it possessive (*+, ++)")

    def run(self) -> list[str]:
        items = list(self.parsed)
        self.walk(items, (frozenset(), True), False, True)
        anchored = self.anchored or (items and items[0][0] is C.AT
                                     and items[0][1] in (C.AT_BEGINNING, C.AT_BEGINNING_STRING))
        if not anchored:
            starts, _ = self.first(items)
            for chars, trailing in self.repeats:
                overlap = chars & starts
                if overlap and not trailing:
                    self.problems.append(f"a repeat can run over {_few(overlap)}, where the pattern can also start: "
                                         "a search rescans that run from each of them")
        return self.problems

    @staticmethod
    def _show(op, av) -> str:
        return f"{op}{av[:2]}"


def _few(chars: frozenset) -> str:
    return " ".join(repr(c) for c in sorted(chars)[:5]) + (" …" if len(chars) > 5 else "")


def problems(pattern: str | bytes, flags: int = 0) -> list[str]:
    return Analysis(pattern, flags).run()


# ---------------------------------------------------------------- the tests
@pytest.mark.parametrize("where, line, pattern, flags", ALL, ids=[f"{w}:{n}" for w, n, _, _ in ALL])
def test_pattern_is_linear(where: str, line: int, pattern, flags: int):
    """Issue 13 item 4: this pattern cannot backtrack polynomially on any input."""
    if (Path(where).name, pattern) in NOT_USER_TEXT:
        pytest.skip(NOT_USER_TEXT[(Path(where).name, pattern)])
    assert problems(pattern, flags) == [], f"{where}:{line} {pattern!r}"


def test_every_pattern_is_found():
    """The source scan sees the patterns the issue names (and so would see a new one)."""
    files = {w for w, *_ in ALL}
    assert {"check/engine.py", "check/text.py", "compose/paragraphs.py", "input/model.py", "figures/numbers.py"} <= files
    assert len(ALL) >= 20
    assert all((f, p) in {(Path(w).name, q) for w, _, q, _ in ALL} for f, p in NOT_USER_TEXT), "stale exemption"


@pytest.mark.parametrize("old", [
    r"#.*?check\s*[:：]\s*ignore\s+((?:FZ\d+[\s,，、]*)+)",  # the line-ignore comment: 60 KB of "#" took 37 s
    r"(?<!\d)(?P<a>(?:19|20)\d{2})(?:\s*年?\s*[—–\-－~～至到]+\s*(?P<b>(?:19|20)\d{2}))?\s*年(?P<tail>以来|以前|之前)?",
    "\ue000(.*?)\ue001",  # the pending-figure mark: 30,000 private-use characters took 11 s
    r"^\s*(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?\s*$",  # a date and many spaces
    r"\n\s*\n",
])
def test_the_old_patterns_are_caught(old: str):
    """Issue 13 item 4: the rules reject each pattern the issue timed (and two more found)."""
    assert problems(old, re.IGNORECASE if "check" in old else 0)


@pytest.mark.parametrize("fine", [r"^\d+(?:\.\d+)?$", r"FZ\d+", r"[\s,，、]+", r"xa*+b", r"^\s*+x", r"\ue000[^\ue000]*+\ue001"])
def test_linear_patterns_pass(fine: str):
    assert problems(fine) == []


@pytest.mark.parametrize("slow", [r"\d+\.", r"a*+b", r"(?:ab)+c", r"\s*\s*x"])
def test_searches_that_rescan_are_caught(slow: str):
    """`re.search(r"a*+b", "a" * n)` tries every start and runs to the end from each: n squared."""
    assert problems(slow)
