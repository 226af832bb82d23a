"""Compose: the report input and the spec become the document tree.

composer.py does the whole job (`compose(report)`: wording from the jinja2 templates, the
clerk's points, headings numbered); numbering.py gives the heading labels 一、（一）1.（1）,
which `outline` uses too. Nothing is imported here, so `outline` and `check` can use the
numbering without loading jinja2.
"""
