"""File names as the questionnaire shows them: relative to the working folder, and quoted
when they hold a space, so a command it prints can be copied as is. (The free name beside
a taken one, 2024（1）.yaml, is fazhi_draft.files.free_name's.)
"""

from __future__ import annotations

from pathlib import Path


def shown(path: Path, cwd: Path) -> Path:
    """`path` relative to `cwd` when it lies below it, else as it is."""
    try:
        return path.relative_to(cwd)
    except ValueError:
        return path


def quoted(path: Path | str) -> str:
    text = str(path)
    return f'"{text}"' if any(c.isspace() for c in text) else text
