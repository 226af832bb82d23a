"""Collecting figures from departments (issue 17): one .xlsx form per office (`forms`),
reading the filled forms back into the YAML with their source (`merge`), and who still
owes what (`status`).

Who holds which figure is data: the spec's `offices` (structure/standard.yaml), renamed or
moved by the county's own `offices:` block (offices.py). The input layer is reached only
through adapter.py. openpyxl, rich and python-docx are imported only inside the verbs that
need them.
"""
