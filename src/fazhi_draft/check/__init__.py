"""`check`: the figures must add up, fit the structure and make sense against last year.

Rules are records in one table (registry.py), grouped by code: FZ0xx the file, FZ1xx
structure and dates, FZ2xx arithmetic (driven by the spec's relations), FZ3xx against last
year, FZ4xx text. Entry points: `check_file` (never raises for a bad input), `check_loaded`
(for render and the questionnaire, which already hold the loaded report) and `fix_file`.
Importing this package stays light: no python-docx, no jinja2.
"""

from __future__ import annotations

from fazhi_draft.check.base import Finding, Level, Rule
from fazhi_draft.check.engine import CheckResult, check_file, check_loaded, fix_file
from fazhi_draft.check.registry import RULES

__all__ = ["CheckResult", "Finding", "Level", "RULES", "Rule", "check_file", "check_loaded", "fix_file"]
