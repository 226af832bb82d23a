"""The author's text with its marked figures (【103】, figures/intext.py) printed as the
figures they are: the brackets go, the number stays as written (103, 约600, 95%以上) with the
author's own unit after it; 【待补】 becomes a highlighted 【待补：label】 (a `Pending`), and
【计算】 the rate computed from its counts (or 【待补：label】 while they are not all given)."""

from __future__ import annotations

from fazhi_draft.figures import intext
from fazhi_draft.figures.numbers import format_percent
from fazhi_draft.figures.relations import derived_rate
from fazhi_draft.input.model import figures_by_home
from fazhi_draft.structure import RateOf, Spec
from fazhi_draft.tree import Inline, Pending, Text


class MarkedText:
    """Turns one paragraph of the author's text into runs (`__call__(text, marked)`)."""

    def __init__(self, report, spec: Spec):  # noqa: ANN001
        self.report = report
        self.spec = spec

    def __call__(self, text: str, marked: bool = False) -> tuple[Inline, ...]:
        if not intext.has_markup(text):
            return (Text(text, marked=marked),)
        try:
            segments = intext.parse_text(text, self.spec)
        except intext.MarkupError:  # refused by the loader; a text built in memory prints as written
            return (Text(text, marked=marked),)
        out: list[Inline] = []
        pending = ""
        for n, seg in enumerate(segments):
            if isinstance(seg, str):
                pending += seg
                continue
            shown = self._shown(seg, segments[n + 1] if n + 1 < len(segments) else "")
            if isinstance(shown, str):
                pending += shown
                continue
            if pending:
                out.append(Text(pending, marked=marked))
                pending = ""
            out.append(shown)
        if pending:
            out.append(Text(pending, marked=marked))
        return tuple(out)

    def _shown(self, mark: intext.Mark, after: object) -> str | Pending:
        if mark.compute:
            computed = self._computed(mark.key)
            if computed is None:
                return Pending(mark.label)
            percent = isinstance(after, str) and after[:1] in ("%", "％")
            return computed + ("" if percent else "%")
        if mark.pending:
            return Pending(mark.label)
        return mark.number

    def _computed(self, key: str | None) -> str | None:
        if key is None:
            return None
        for section in self.spec.sections:
            for rel in section.relations:
                if isinstance(rel, RateOf) and rel.rate == key:
                    # the section's counts wherever given: any `figures:` block first, then a text (【103】)
                    given = {**intext.table(self.report, self.spec).of_section(self.spec, section.key),
                             **figures_by_home(self.report, self.spec).get(section.key, {})}
                    fig = derived_rate(rel, given)
                    return format_percent(fig.amount) if fig is not None and fig.amount is not None else None
        return None
