"""`check`: the figures must add up, fit the structure and make sense against last year.

Rules are records in one table (registry.py), grouped by code: FZ0xx the file, FZ1xx
structure and dates, FZ2xx arithmetic (driven by the spec's relations), FZ3xx against last
year, FZ4xx text. Entry points (engine.py): `check_file` (never raises for a bad input),
`check_loaded` (for render and the questionnaire, which already hold the loaded report) and
`fix_file`; the rule contract is base.py, the table registry.py.
Importing this package stays light: no python-docx, no jinja2.
"""

from __future__ import annotations

from fazhi_draft.check.base import Level
from fazhi_draft.check.engine import check_file, check_loaded

__all__ = ["Level", "check_file", "check_loaded"]  # what render, batch and the questionnaire use
