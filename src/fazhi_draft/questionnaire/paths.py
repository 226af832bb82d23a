"""File names as the questionnaire shows and chooses them.

Paths are shown relative to the working folder and quoted when they hold a space, so a
command it prints can be copied as is; a taken name gets a free one beside it: 2024（1）.yaml.
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


def free_name(path: Path) -> Path:
    """A name beside `path` that is not taken yet (`path` itself after 999 tries)."""
    for n in range(1, 1000):
        cand = path.with_name(f"{path.stem}（{n}）{path.suffix}")
        if not cand.exists():
            return cand
    return path
