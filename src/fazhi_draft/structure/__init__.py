"""The standard report structure: `load_spec()` returns the validated spec.

The data lives in standard.yaml beside this file; model.py says what it may hold.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from fazhi_draft.structure.model import Indicator, Part, RateOf, Section, Spec, SumOf, NotMoreThan

__all__ = ["load_spec", "Spec", "Part", "Section", "Indicator", "RateOf", "SumOf", "NotMoreThan"]


@lru_cache(maxsize=1)
def load_spec() -> Spec:
    """The standard structure shipped with the package (read and validated once per process)."""
    from fazhi_draft.datafiles import load_yaml

    text = resources.files(__package__).joinpath("standard.yaml").read_text(encoding="utf-8")
    return Spec.model_validate(load_yaml(text))
