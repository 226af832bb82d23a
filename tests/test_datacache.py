"""The start-up cache (datacache.py): only ever saves time, never changes a result."""

from __future__ import annotations

import marshal
import os
import stat
import sys

import pytest

from fazhi_draft import datacache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("FAZHI_DRAFT_CACHE_DIR", str(folder))
    monkeypatch.delenv("FAZHI_DRAFT_CACHE", raising=False)
    return folder


class Counting:
    def __init__(self):
        self.calls = 0

    def __call__(self, text: str):
        self.calls += 1
        return {"text": text, "n": [1, 2.5, None, True]}


def test_second_parse_of_same_text_comes_from_cache(cache):
    parse = Counting()
    first = datacache.parsed("standard", "a: 1", parse, dict)
    second = datacache.parsed("standard", "a: 1", parse, dict)
    assert first == second and parse.calls == 1
    assert len(list(cache.glob("standard-*.marshal"))) == 1


def test_changed_text_is_parsed_again(cache):
    parse = Counting()
    datacache.parsed("standard", "a: 1", parse, dict)
    assert datacache.parsed("standard", "a: 2", parse, dict)["text"] == "a: 2"
    assert parse.calls == 2


def test_damaged_entry_is_parsed_again(cache):
    parse = Counting()
    datacache.parsed("standard", "a: 1", parse, dict)
    (entry,) = cache.glob("standard-*.marshal")
    entry.write_bytes(b"\x00garbage")
    assert datacache.parsed("standard", "a: 1", parse, dict)["text"] == "a: 1" and parse.calls == 2
    entry.write_bytes(marshal.dumps(["not", "what", "build", "wants"]))

    def build(data):  # noqa: ANN001, ANN202
        if not isinstance(data, dict):
            raise ValueError("bad")
        return data

    assert datacache.parsed("standard", "a: 1", parse, build)["text"] == "a: 1" and parse.calls == 3


def test_invalid_text_is_not_cached(cache):
    def build(data):  # noqa: ANN001, ANN202
        raise ValueError("spec is wrong")

    with pytest.raises(ValueError):
        datacache.parsed("standard", "a: 1", Counting(), build)
    assert not list(cache.glob("*.marshal"))


def test_off_and_unwritable(cache, monkeypatch, tmp_path):
    monkeypatch.setenv("FAZHI_DRAFT_CACHE", "off")
    parse = Counting()
    datacache.parsed("standard", "a: 1", parse, dict)
    datacache.parsed("standard", "a: 1", parse, dict)
    assert parse.calls == 2 and not cache.exists() and datacache.template_cache() is None
    monkeypatch.delenv("FAZHI_DRAFT_CACHE")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("FAZHI_DRAFT_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    assert datacache.parsed("standard", "a: 1", parse, dict)["text"] == "a: 1"
    assert datacache.template_cache() is None


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_cache_folder(cache):
    cache.mkdir()
    cache.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert datacache.parsed("standard", "a: 1", Counting(), dict)["text"] == "a: 1"
    finally:
        cache.chmod(stat.S_IRWXU)


def test_default_location_is_outside_the_package(monkeypatch, tmp_path):
    monkeypatch.delenv("FAZHI_DRAFT_CACHE_DIR", raising=False)
    monkeypatch.delenv("FAZHI_DRAFT_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = datacache.cache_dir()
    package = os.path.dirname(datacache.__file__)
    assert folder is not None and not str(folder).startswith(package)
    if sys.platform.startswith("linux"):
        assert folder == tmp_path / "fazhi-draft"


def test_spec_and_layout_same_with_and_without_cache(cache, monkeypatch):
    from fazhi_draft.structure import Spec, load_spec
    from fazhi_draft import layout

    load_spec.cache_clear()
    layout._catalogue.cache_clear()
    cold, cold_layout = load_spec(), layout._catalogue()
    assert {p.name.split("-")[0] for p in cache.glob("*.marshal")} == {"standard", "layout"}
    load_spec.cache_clear()
    layout._catalogue.cache_clear()
    warm, warm_layout = load_spec(), layout._catalogue()
    assert isinstance(warm, Spec) and warm == cold and warm_layout == cold_layout
    load_spec.cache_clear()
    layout._catalogue.cache_clear()


def test_compiled_templates_give_the_same_text(cache, sample_2024):
    from fazhi_draft.compose.composer import compose
    from fazhi_draft.compose.wording import environment as _environment
    from fazhi_draft.writers.text import render_text
    from fazhi_draft.input.load import load_report

    report = load_report(sample_2024).report
    _environment.cache_clear()
    first = render_text(compose(report))
    assert list((cache / "templates").glob("__jinja2_*.cache"))
    _environment.cache_clear()
    assert render_text(compose(report)) == first
    _environment.cache_clear()
