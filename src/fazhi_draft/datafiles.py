"""The package's own YAML files (structure/standard.yaml, layout.yaml), read fast.

libyaml (PyYAML's C parser) reads standard.yaml in ~14 ms and layout.yaml in ~1.4 ms;
ruamel's pure-Python safe loader, used where PyYAML has no libyaml, takes ~70 and ~17 ms.
Both read these files to the same data (tests/test_fastyaml.py compares them): the files
use none of the YAML 1.1 forms (yes/no as booleans, 010 as octal, 1:30 as sexagesimal) in
which PyYAML and ruamel differ. A cache of the parse in the user's folder saved only ~8 ms
more a start and was removed (docs/performance.md).
"""

from __future__ import annotations

from typing import Any


def load_yaml(text: str) -> Any:
    """Plain data (dicts, lists, strings, numbers) from one of the package's YAML files."""
    try:
        from yaml import CSafeLoader, load
    except ImportError:  # PyYAML without libyaml (or without PyYAML): ruamel, as slow as it is
        from ruamel.yaml import YAML

        return YAML(typ="safe").load(text)
    return load(text, Loader=CSafeLoader)
