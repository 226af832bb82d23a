"""The one table of check rules, code -> rule, grouped by prefix.

  FZ0xx  the file itself (made by the engine)      FZ2xx  arithmetic (from the spec's relations)
  FZ1xx  structure and dates                       FZ3xx  against last year
  FZ5xx  a Word draft against its YAML (--data)    FZ4xx  text
Rules marked `prose` also run on a finished report's prose (check/prose.py).
A code is never reused: a rule that is dropped keeps its line here, with a note.
Adding a rule = a record and a function in its group's module + one line here + a fixture.
"""

from __future__ import annotations

from fazhi_draft.check import arithmetic, data, marks, prior, structure, text
from fazhi_draft.check.base import Rule
from fazhi_draft.limits import MAX_GUESS_CHARS, close_matches

RULES: dict[str, Rule] = {r.code: r for r in (
    *structure.RULES,   # FZ001-FZ003, FZ101-FZ106
    *arithmetic.RULES,  # FZ201-FZ208
    *marks.RULES,       # FZ210-FZ212: figures marked in the text (【103】)
    *prior.RULES,       # FZ301-FZ306
    *text.RULES,        # FZ401-FZ405
    *data.RULES,        # FZ501-FZ503
)}


def rule(code: str) -> Rule:
    return RULES[code.upper()]


def made_by_engine(role: str) -> Rule:
    """The rule whose findings the engine makes itself in `role` (Rule.engine_role)."""
    return next(r for r in RULES.values() if r.engine_role == role)


def matches(selector: str, code: str) -> bool:
    """`FZ301` selects FZ301; a prefix such as `FZ3` selects every FZ3xx."""
    return code.startswith(selector.upper())


def known_selector(selector: str) -> bool:
    return any(matches(selector, code) for code in RULES) and selector.upper().startswith("FZ")


def guess(selector: str) -> str | None:
    """The rule code a mistyped one most likely meant (FZ2O4 -> FZ204, FZ021 -> FZ201), or None."""
    code = selector.strip().upper().translate(str.maketrans("OIL", "011"))
    if len(code) > MAX_GUESS_CHARS:  # each guess below costs len(code) squared
        return None
    if code in RULES:
        return code
    swapped = [code[:i] + code[i + 1] + code[i] + code[i + 2:] for i in range(len(code) - 1)]
    found = [c for c in swapped if c in RULES]
    if len(found) == 1:
        return found[0]
    near = close_matches(code, list(RULES), n=2, cutoff=0.8)
    return near[0] if len(near) == 1 else None
