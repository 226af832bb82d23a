"""The year-on-year attachment (附件) of `render --table`: the key figures, this year against
last year, as a `tree.Attachment` holding a `tree.Table`.

The rows are the checker's (check.prior.key_rows: the very rows, figures and change wording
`check --prior` shows); the verb passes them in, so compose reads no checker: a row is
anything with the fields of `Row`. Which figures are key, and the table's title, are data in
the spec (`key_figures` in structure/standard.yaml). The writers lay the table out; nothing
here knows a font or a border.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from fazhi_draft.compose.titles import title_lines
from fazhi_draft.structure import Spec, load_spec
from fazhi_draft.tree import Attachment, Paragraph, Table, Text

# The columns: 序号, the indicator, its unit, this year, last year, the change.
ALIGN = ("center", "left", "center", "center", "center", "center")
NO_CHANGE = "—"  # the change of an estimate (600余 -> 650余) is not computed


class Row(Protocol):
    """One row as check.prior.Change has it."""

    label: str
    unit: str
    prior_value: str
    current_value: str  # 今年未填 when left out this year
    change: str  # "" when it cannot be computed (an estimate such as 200余): the cell shows —
    derived: bool  # this year's is a rate computed from the counts: the note names its row

    @property
    def left_out(self) -> bool: ...  # given last year, left out this year


def key_figures_attachment(rows: Sequence[Row], *, year: int, prior_year: int, spec: Spec | None = None,
                           title_line: int = 20) -> Attachment:
    """The attachment: title from the spec's key_figures (broken to `title_line` characters,
    as the report's title is), a table of `rows` in their order, and a note on how to read it.

    A figure left out this year is marked (like carried text), so the draft cannot pass for
    finished with a hole in the leader's table."""
    spec = spec or load_spec()
    header = ("序号", "指标", "单位", f"{year}年", f"{prior_year}年", "增减")
    body = tuple(
        (Text(str(n)), Text(r.label), Text("" if r.left_out else r.unit),
         Text(r.current_value, marked=r.left_out), Text(r.prior_value), Text(r.change or NO_CHANGE))
        for n, r in enumerate(rows, 1))
    note = f"注：“增减”为{year}年与{prior_year}年相比，比率的增减以百分点计"
    derived = [str(n) for n, r in enumerate(rows, 1) if r.derived]
    if derived:  # said here, not in the cell, so the figure columns stay narrow
        note += f"；第{'、'.join(derived)}项{year}年的比率报告中未写明，按件数计算"
    if any(not r.change for r in rows):
        note += f"；约数（如“600余”）不计增减，记为“{NO_CHANGE}”"
    title = title_lines(spec.key_figures.title.format(year=year), title_line)
    return Attachment(title=title, blocks=(Table(header=header, rows=body, align=ALIGN),
                                           Paragraph((Text(note + "。"),))))
