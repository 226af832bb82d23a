"""The pipeline's import boundaries (docs/architecture.md): a test fails when one is crossed.

Read from the source with ast (module-level and function-level imports alike, since a
verb imports lazily), so a new module is checked without being listed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "fazhi_draft"

# (importer, imported): neither may import the other's modules. A name is a folder
# (structure, input, …) or a top-level module (cli).
FORBIDDEN = [
    ("writers", "structure"),      # writers know the document tree, not the spec …
    ("writers", "input"),          # … nor the input model
    ("writers", "figures"),        # … nor what an indicator's figure is
    ("readers", "structure"),      # readers give the plain document tree; mapping is import's job
    ("readers", "input"),
    ("check", "compose"),          # checking never depends on wording
    ("check", "writers"),
    ("structure", "cli"),
    ("structure", "input"),        # the spec stands alone; the input model is built from it
    ("structure", "check"),
    ("input", "questionnaire"),
    ("input", "check"),
    ("input", "compose"),
    ("compose", "writers"),        # the composer makes the tree; writers turn it into bytes
    ("compose", "check"),
    ("figures", "input"),          # number forms and relations sit below the input
    ("figures", "check"),
]


def _area(module: str) -> str:
    """fazhi_draft.writers.docx -> writers; fazhi_draft.cli -> cli."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def imports() -> list[tuple[str, str, int, str]]:
    """(importer area, imported area, line, file) for every fazhi_draft import in src/."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        importer = rel.parts[0].removesuffix(".py")
        package = "fazhi_draft." + ".".join(rel.with_suffix("").parts[:-1]) if len(rel.parts) > 1 else "fazhi_draft"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: resolve against the package
                    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    names = [f"{base}.{node.module}" if node.module else base]
                else:
                    names = [node.module or ""]
                if names[0] == "fazhi_draft":  # from fazhi_draft import writers
                    names = [f"fazhi_draft.{a.name}" for a in node.names]
            for name in names:
                if name.startswith("fazhi_draft."):
                    found.append((importer, _area(name), node.lineno, str(rel)))
    return found


ALL = imports()


@pytest.mark.parametrize("importer, imported", FORBIDDEN, ids=[f"{a}->{b}" for a, b in FORBIDDEN])
def test_boundary(importer: str, imported: str):
    crossing = [f"{file}:{line}" for a, b, line, file in ALL if a == importer and b == imported]
    assert not crossing, f"{importer} must not import {imported}: {', '.join(crossing)}"


def test_the_scan_sees_imports():
    """The scan itself works: it sees imports that are allowed (so an empty list is no pass)."""
    pairs = {(a, b) for a, b, _, _ in ALL}
    assert ("compose", "structure") in pairs and ("check", "input") in pairs and ("verbs", "input") in pairs
