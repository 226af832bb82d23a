"""fazhi-draft: drafts the annual 法治政府建设年度报告 from a year's figures and points.

Kept import-light on purpose: `fazhi-draft --help` and `check` must not pay for
python-docx or jinja2 (see benchmarks/).
"""

__version__ = "0.1.0"
