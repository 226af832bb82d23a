"""The questionnaire's modules import one way: read from their source, every import counts.

An import only for type hints (under `if TYPE_CHECKING:`) or inside a function counts as
much as one at the top: a reader following it meets the same circle.
"""

from __future__ import annotations

import ast
import graphlib
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = "fazhi_draft.questionnaire"
FOLDER = ROOT / "src" / "fazhi_draft" / "questionnaire"
FACE = "__init__"  # `from fazhi_draft.questionnaire import State` imports the package's face


def _modules() -> dict[str, Path]:
    return {p.stem: p for p in sorted(FOLDER.glob("*.py"))}


def _imported(path: Path, modules: set[str]) -> set[str]:
    """The modules of this package that `path` imports, anywhere in it (FACE for the package)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # from . import x, from .x import y: against this package
                parts = PACKAGE.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], *([base] if base else [])])
            names = []
            for a in node.names:  # `from P import m` imports module m when P.m is one
                full = f"{base}.{a.name}"
                names.append(full if full == PACKAGE or full.removeprefix(PACKAGE + ".") in modules else base)
        else:
            continue
        for name in names:
            if name == PACKAGE:
                out.add(FACE)
            elif name.startswith(PACKAGE + "."):
                out.add(name.removeprefix(PACKAGE + ".").split(".")[0])
    out.discard(path.stem)
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imported(path, set(modules)) for name, path in modules.items()}


def test_no_import_cycle_in_the_questionnaire():
    """Issue 14 item 2: `Flow` and its steps are one unit without a circle: the steps import
    the flow, the run imports the steps, and nothing imports back up."""
    graph = _graph()
    assert "flow" in graph["first_questions"]  # the reader sees the steps' imports of the flow
    try:
        order = list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        raise AssertionError(f"import cycle in questionnaire/: {' -> '.join(exc.args[1])}") from None
    assert set(order) == set(graph)


def test_the_package_docstring_lists_every_module_top_down():
    """Issue 14 item 2: the package docstring names each module once, with its job, from
    the top down: every import between them points further down that list."""
    import fazhi_draft.questionnaire as package

    listed = re.findall(r"^    (\w+) {2,}\S", package.__doc__ or "", flags=re.MULTILINE)
    graph = _graph()
    assert sorted(listed) == sorted(set(graph) - {FACE})  # each module once, none missing
    rank = {name: i for i, name in enumerate(listed)}
    upward = [f"{a} -> {b}" for a, deps in graph.items() if a != FACE for b in deps if rank.get(b, -1) <= rank[a]]
    assert upward == []


def test_only_questions_py_imports_the_prompt_library():
    """A guard issue 14 item 2 keeps: questionary and prompt_toolkit are imported by
    questionnaire/questions.py only (the rest of the questionnaire asks through its records)."""
    found = set()
    for path in (ROOT / "src" / "fazhi_draft").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] in ("questionary", "prompt_toolkit") for n in names):
                found.add(path.relative_to(ROOT).as_posix())
    assert found == {"src/fazhi_draft/questionnaire/questions.py"}
