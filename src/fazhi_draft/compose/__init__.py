"""Compose: the report input and the spec become the document tree.

composer.py does the whole job (`compose(report)`), with one module per part of it:
wording.py (figures into sentences through the jinja2 templates; a pending figure becomes a
`Pending` node), paragraphs.py (the clerk's own text: paragraphs, points as run-in headings,
carried-over text marked), titles.py (the title broken to the layout profile's line) and
numbering.py (the heading labels 一、（一）1.（1）, which `outline` uses too). Nothing is
imported here, so `outline` and `check` can use the numbering without loading jinja2.
"""
