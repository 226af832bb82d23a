"""The standard report structure: `load_spec()` returns the validated spec.

The data lives in standard.yaml beside this file; model.py says what it may hold.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from fazhi_draft.structure.model import Indicator, Office, Part, RateOf, Section, Spec, SumOf, NotMoreThan

__all__ = ["load_spec", "Spec", "Part", "Section", "Indicator", "Office", "RateOf", "SumOf", "NotMoreThan"]


@lru_cache(maxsize=1)
def load_spec() -> Spec:
    """The standard structure shipped with the package (parsed once per process; the parse
    is cached across runs by the file's hash, see datacache.py; validated every time)."""
    from fazhi_draft.datacache import parsed

    text = resources.files(__package__).joinpath("standard.yaml").read_text(encoding="utf-8")
    return parsed("standard", text, _parse_yaml, Spec.model_validate)


def _parse_yaml(text: str):  # noqa: ANN202
    """The spec's data. libyaml (PyYAML's C parser, a dependency) reads the ~300 indicators
    about six times faster than ruamel's pure-Python safe loader, which is the fallback where
    the C extension is missing; tests/test_spec.py checks both give the same data."""
    try:
        import yaml

        return yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506 (the safe loader)
    except (ImportError, AttributeError):
        pass
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(text)
