"""docs/architecture.md stays true when modules move: its table names every module of each
folder in that folder's row, and every module it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "fazhi_draft"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def rows() -> dict[str, str]:
    """Folder name -> its row of the "Who owns what" table."""
    found = {}
    for line in DOC.splitlines():
        m = re.match(r"\| `(\w+)/`", line)
        if m:
            found[m.group(1)] = line
    return found


def test_every_folder_of_the_package_has_its_row():
    folders = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders <= set(rows()), f"folders without a row in docs/architecture.md: {folders - set(rows())}"


def test_each_row_names_every_module_of_its_folder_and_no_other():
    for folder, row in rows().items():
        modules = {p.name for p in (SRC / folder).glob("*.py") if p.name != "__init__.py"}
        named = set(re.findall(r"`(\w+\.py)`", row))
        assert modules - named == set(), f"{folder}/: not described in docs/architecture.md: {modules - named}"
        assert named - modules == set(), f"{folder}/: docs/architecture.md names modules that do not exist: {named - modules}"


def test_top_level_modules_are_named():
    top = {p.name for p in SRC.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    missing = {m for m in top if f"`{m}`" not in DOC}
    assert not missing, f"top-level modules not in docs/architecture.md: {missing}"
