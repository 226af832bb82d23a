"""A cache of work every cold start would otherwise repeat: parsed package YAML and
compiled wording templates, kept in the user's cache folder.

Parsing standard.yaml with ruamel's pure-Python loader costs ~70 ms on each start, more
than everything else `check` does; layout.yaml another ~20 ms; compiling the jinja2
templates ~15 ms. The parsed data (plain dicts, lists, strings, numbers) is stored with
marshal under a name made from the SHA-256 of the file's text and the Python version, so
a changed file, or another Python, misses the cache and is parsed afresh. Validation
(pydantic) still runs on every load: only the YAML parse is skipped. Templates use
jinja2's own bytecode cache, which checks each template's source.

Nothing is ever written inside the installed package. Where the cache lives:
FAZHI_DRAFT_CACHE_DIR if set; else %LOCALAPPDATA%\\fazhi-draft\\Cache on Windows,
~/Library/Caches/fazhi-draft on macOS, $XDG_CACHE_HOME/fazhi-draft or
~/.cache/fazhi-draft elsewhere. FAZHI_DRAFT_CACHE=off turns it off. A cache that cannot
be read or written is ignored without a word: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
_TAG = f"py{sys.version_info[0]}{sys.version_info[1]}-m{marshal.version}"


def cache_dir() -> Path | None:
    """The cache folder (not created here), or None when the cache is turned off."""
    if os.environ.get("FAZHI_DRAFT_CACHE", "").strip().lower() in ("off", "0", "no", "false"):
        return None
    if explicit := os.environ.get("FAZHI_DRAFT_CACHE_DIR"):
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "fazhi-draft" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "fazhi-draft"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fazhi-draft"


def parsed(name: str, text: str, parse: Callable[[str], Any], build: Callable[[Any], T]) -> T:
    """`build(parse(text))`, skipping the parse when this exact text was parsed before.

    `name` only makes the cache file recognisable (e.g. "standard"). `build` (validation)
    always runs; if it fails on cached data, the cache entry is treated as damaged and the
    text parsed again, so an error `build` raises is always about the text itself. Data
    marshal cannot store (dates, custom objects) is used as parsed and not cached.
    """
    folder = cache_dir()
    if folder is None:
        return build(parse(text))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    path = folder / f"{name}-{digest}-{_TAG}.marshal"
    try:
        cached = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    else:
        try:
            return build(cached)
        except Exception:  # noqa: BLE001 - a damaged entry: parse again below
            pass
    data = parse(text)
    result = build(data)  # validate before caching: a bad file is never stored
    try:
        payload = marshal.dumps(data)
    except ValueError:  # a type marshal does not know: just don't cache
        return result
    _write(path, payload)
    return result


def template_cache(directory_name: str = "templates"):  # noqa: ANN201 (jinja2 type, imported lazily)
    """A jinja2 bytecode cache in the cache folder, or None when the cache is off or unusable."""
    folder = cache_dir()
    if folder is None:
        return None
    folder = folder / directory_name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    from jinja2 import FileSystemBytecodeCache

    class _QuietCache(FileSystemBytecodeCache):
        def dump_bytecode(self, bucket) -> None:  # noqa: ANN001
            try:
                super().dump_bytecode(bucket)
            except OSError:  # read-only or vanished cache folder: compile again next time
                pass

    return _QuietCache(str(folder))


def _write(path: Path, payload: bytes) -> None:
    """Write atomically (a parallel batch may write the same entry); ignore failures."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(payload)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
