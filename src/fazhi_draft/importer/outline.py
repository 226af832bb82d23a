"""A read report's headings mapped to the input's parts and sections (DESIGN-15 §1).

The reader (readers/) gives a plain document tree: headings with their level, paragraphs.
Here each heading finds its place in the input language:

- a level-1 heading naming a part by the spec's part `aliases` (主要举措, 存在的问题, 下一步打算,
  第一责任人) is that part, under the author's own title; the umbrella part (主要举措和成效)
  holds the level-2 headings as sections;
- any other heading (a thematic top-level part, or a level-2 heading under the umbrella) is a
  standard section when the section `aliases` in the spec name one section clearly and it is
  not taken yet; otherwise it is the author's own section (`title:`), with `like:` the
  standard section it most plausibly is (by its title's words, else by its text's);
- inside a part or section, each paragraph is a point as written; a heading one level below
  (1、标题。正文, or a run-in （一）标题。正文 under a flat part) is a titled point whose text is
  its run-in body and the paragraphs under it; one more level down, the titled point's items.

All the words are data in the spec (structure/standard.yaml): nothing here knows a keyword.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fazhi_draft.structure import Spec
from fazhi_draft.tree import Heading, Paragraph

# The umbrella part and the parts written flat (one section named as the part).
UMBRELLA = "measures"


@dataclass
class PointDraft:
    """One point: the author's text (paragraphs joined by line breaks), its run-in title,
    where it came from, its items. `marks` are filled by marks.py: labels recognised."""

    text: str
    title: str | None = None
    origins: list[str] = field(default_factory=list)
    items: list["PointDraft"] = field(default_factory=list)
    recognised: list[str] = field(default_factory=list)  # "收到行政复议申请 103宗" per figure marked
    notes: list[str] = field(default_factory=list)        # other things to review


@dataclass
class Entry:
    """A part or section of the input: `key` (a standard key or the author's own), the
    author's `title` (None: the standard one), `like` for an own section, the heading it came
    from, its points, and (for the umbrella) its sections."""

    key: str
    title: str | None
    origin: str
    heading: str
    like: str | None = None
    how: str = ""                     # why it was mapped so (a comment in the YAML)
    review: bool = False              # the mapping needs a look
    points: list[PointDraft] = field(default_factory=list)
    sections: list["Entry"] = field(default_factory=list)
    level: int = 1

    @property
    def standard(self) -> bool:
        return self.like is None and not self.key.startswith("own_")


@dataclass
class Outline:
    opening: PointDraft | None
    entries: list[Entry]


@dataclass
class _Node:
    heading: Heading | None
    origin: str
    children: list["_Node | tuple[Paragraph, str]"] = field(default_factory=list)


def _tree(blocks, origins) -> _Node:  # noqa: ANN001 - tree blocks and reader origins
    root = _Node(None, "")
    stack: list[tuple[int, _Node]] = [(0, root)]
    for block, origin in zip(blocks, origins):
        where = str(origin)
        if isinstance(block, Heading):
            while stack[-1][0] >= block.level:
                stack.pop()
            node = _Node(block, where)
            stack[-1][1].children.append(node)
            stack.append((block.level, node))
        else:
            stack[-1][1].children.append((block, where))
    return root


class Mapper:
    """Maps headings to parts and sections by the spec's aliases, keeping each standard key once."""

    def __init__(self, spec: Spec):
        self.spec = spec
        self.used: set[str] = set()
        self.own = 0
        self.part_aliases = [(a, p.key) for p in spec.parts for a in p.aliases]
        umbrella = next(p for p in spec.parts if p.key == UMBRELLA)
        self.section_aliases = [(a, s.key) for s in umbrella.sections for a in s.aliases]
        self.section_titles = {s.key: s.title for s in spec.sections}

    # --- words ------------------------------------------------------------------------
    def part_named(self, title: str) -> str | None:
        """The part a heading names by its aliases (the first named, when two are)."""
        hits = [(title.find(a), -len(a), key) for a, key in self.part_aliases if a in title]
        return min(hits)[2] if hits else None

    def section_scores(self, text: str) -> dict[str, int]:
        """Per standard section: the length of its aliases found in `text` (each counted once)."""
        scores: dict[str, int] = {}
        for alias, key in self.section_aliases:
            if alias in text:
                scores[key] = scores.get(key, 0) + len(alias)
        return scores

    def best_section(self, title: str, body: str = "") -> tuple[str | None, bool, str]:
        """(section, clear, how): the section the title's words name (clear when one wins
        outright), else the one the text's words name most (never clear)."""
        scores = self.section_scores(title)
        if scores:
            ranked = sorted(scores.items(), key=lambda kv: (-kv[1], title.find(self._first_alias(kv[0], title))))
            clear = len(ranked) == 1 or ranked[0][1] > ranked[1][1]
            return ranked[0][0], clear, "标题"
        scores = {k: v for k, v in self.section_scores(body).items()}
        if scores:
            counts = {key: sum(body.count(a) for a, k in self.section_aliases if k == key) for key in scores}
            ranked = sorted(counts.items(), key=lambda kv: -kv[1])
            if ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
                return ranked[0][0], False, "正文"
        return None, False, ""

    def _first_alias(self, key: str, title: str) -> str:
        found = [a for a, k in self.section_aliases if k == key and a in title]
        return min(found, key=title.find) if found else ""

    # --- entries ----------------------------------------------------------------------
    def section_entry(self, node: _Node, level: int, *, container_points: int) -> Entry:
        """A heading as a standard or own section, its children as points."""
        heading = node.heading
        assert heading is not None
        title = heading.title
        body = _all_text(node)
        part = self.part_named(title)
        duty = part == "duty" and "duty" not in self.used
        key, clear, how = ("duty", True, "标题") if duty else self.best_section(title, body)
        if key is not None and clear and key not in self.used:
            self.used.add(key)
            std = self.section_titles[key]
            entry = Entry(key, title, node.origin, heading.number + title, how=f"对应标准小节“{std}”", level=level)
        else:
            self.own += 1
            like = key
            why = ("（该标准小节已用于前文）" if key in self.used else "（标题也像其他小节）" if how == "标题" else
                   "（按正文用词推断）") if like else ""
            how_text = (f"自己命名的小节，算作标准小节“{self.section_titles[like]}”{why}" if like
                        else "自己命名的小节，没有对应的标准小节")
            entry = Entry(f"own_{self.own}", title, node.origin, heading.number + title, like=like, how=how_text,
                          review=True, level=level)
        entry.points = convert_points(node, first_body=heading.body)
        return entry

    def plan(self, doc) -> Outline:  # noqa: ANN001 - readers.ReadDocument
        root = _tree(doc.blocks, doc.origins)
        opening_paras: list[tuple[str, str]] = []
        entries: list[Entry] = []
        for child in root.children:
            if isinstance(child, tuple):
                para, where = child
                opening_paras.append((para.text, where))
                continue
            entries.append(self.part_entry(child))
        opening = None
        if opening_paras:
            opening = PointDraft("\n".join(t for t, _ in opening_paras), origins=[w for _, w in opening_paras])
        return Outline(opening, entries)

    def part_entry(self, node: _Node) -> Entry:
        heading = node.heading
        assert heading is not None
        title = heading.title
        part = self.part_named(title)
        subheadings = [c for c in node.children if isinstance(c, _Node)]
        if part == UMBRELLA and subheadings and UMBRELLA not in self.used:
            self.used.add(UMBRELLA)
            entry = Entry(UMBRELLA, title, node.origin, heading.number + title, how="对应“主要举措和成效”部分，以下各（一）（二）为小节")
            lead = convert_points(_Node(None, "", [c for c in node.children if isinstance(c, tuple)]),
                                  first_body=heading.body)
            for sub in subheadings:
                entry.sections.append(self.section_entry(sub, 2, container_points=0))
            if lead and entry.sections:
                first = entry.sections[0]
                for p in lead:
                    p.notes.append("原文在第一个小节标题之前，已并入第一个小节")
                first.points[:0] = lead
            return entry
        if part is not None and part != UMBRELLA and part not in self.used:
            self.used.add(part)
            std = self.spec.section(part)  # a flat part's one section, titled without a year
            entry = Entry(part, title, node.origin, heading.number + title, how=f"对应“{std.title}”部分")
            entry.points = convert_points(node, first_body=heading.body)
            return entry
        return self.section_entry(node, 1, container_points=0)


def _all_text(node: _Node) -> str:
    out = []
    if node.heading is not None:
        out.append(node.heading.text)
    for c in node.children:
        out.append(c[0].text if isinstance(c, tuple) else _all_text(c))
    return "\n".join(out)


def convert_points(node: _Node, *, first_body=()) -> list[PointDraft]:  # noqa: ANN001
    """The children of a part or section as points: each paragraph a point as written; a
    heading one level down a titled point (its run-in body and the paragraphs under it its
    text), its sub-headings the point's items. A run-in body of the container's own heading
    (（一）标题。正文 made a section) is its first point."""
    points: list[PointDraft] = []
    body = "".join(i.text for i in first_body)
    if body:
        points.append(PointDraft(body, origins=[node.origin]))
    for child in node.children:
        if isinstance(child, tuple):
            para, where = child
            points.append(PointDraft(para.text, origins=[where]))
        else:
            points.append(_titled(child, deep=False))
    return points


def _titled(node: _Node, *, deep: bool) -> PointDraft:
    heading = node.heading
    assert heading is not None
    texts = ["".join(i.text for i in heading.body)] if heading.body else []
    origins = [node.origin]
    items: list[PointDraft] = []
    for child in node.children:
        if isinstance(child, tuple):
            para, where = child
            if items:  # a paragraph after a sub-item belongs to it
                items[-1].text = "\n".join(filter(None, [items[-1].text, para.text]))
                items[-1].origins.append(where)
            else:
                texts.append(para.text)
                origins.append(where)
        elif deep:  # below an item: kept as text, number included
            texts.append(_flatten(child))
            origins.append(child.origin)
        else:
            items.append(_titled(child, deep=True))
    title = heading.title.strip()
    text = "\n".join(t for t in texts if t)
    point = PointDraft(text, title=title, origins=origins, items=items)
    if not text:
        # A heading with nothing of its own under it: the title is its text (a point needs one).
        point.text, point.title = heading.number + title, None
        point.notes.append("原文标题下没有正文，标题作为一条要点")
    return point


def _flatten(node: _Node) -> str:
    lines = [node.heading.text] if node.heading is not None else []
    for c in node.children:
        lines.append(c[0].text if isinstance(c, tuple) else _flatten(c))
    return "\n".join(lines)
