"""Every package of src/ ships: pyproject lists packages by name (templates/ is mapped in as
fazhi_draft.templates), so a new folder that is not listed works in the editable install
of a developer and is missing from the wheel a clerk installs."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_folder_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    src = ROOT / "src"
    found = {".".join(p.parent.relative_to(src).parts) for p in src.rglob("__init__.py")}
    assert found - listed == set(), f"packages not in pyproject's [tool.setuptools] packages: {sorted(found - listed)}"
    assert listed - found - {"fazhi_draft.templates"} == set()
