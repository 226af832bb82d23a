"""The imported report as YAML text, with comments saying where each part came from and what
to review. Written by hand (not by a YAML library's dumper) so that the comments sit where a
clerk reads them: above the part, the section and the point they are about."""

from __future__ import annotations

import json
import re

from fazhi_draft.importer.outline import Entry, PointDraft

# A plain scalar is safe when it starts with no YAML indicator, holds no ": " or " #", and
# cannot be read as another type (a number, a date, true/false/null).
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_OTHER_TYPE = re.compile(r"^(?:[-+]?[0-9][0-9_.:eE+-]*|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|"
                         r"yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|\.inf|\.nan|[-+]?\.inf)$")


def scalar(text: str) -> str:
    """One line of text as a YAML scalar: plain when safe, else double-quoted."""
    if (text and text == text.strip() and text[0] not in _INDICATORS and ": " not in text and " #" not in text
            and not text.endswith(":") and "\n" not in text and "\t" not in text and not _OTHER_TYPE.match(text)
            and all(ch.isprintable() for ch in text)):
        return text
    return json.dumps(text, ensure_ascii=False)


def block(text: str, indent: str) -> list[str]:
    """A text of one or more paragraphs: one line as a scalar; several as a literal block
    (each line a paragraph, as the input reads it)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return [scalar(text)]
    if any(ln != ln.strip() or not ln for ln in lines) or any(not ch.isprintable() for ch in text.replace("\n", "")):
        return [json.dumps(text, ensure_ascii=False)]
    return ["|-", *[indent + ln for ln in lines]]


def comment(indent: str, text: str) -> str:
    return f"{indent}# {text}"


class Writer:
    def __init__(self, standard_titles: dict[str, str] | None = None) -> None:
        self.lines: list[str] = []
        self.standard_titles = standard_titles or {}  # key -> the spec's title (not written again)

    def add(self, line: str) -> None:
        self.lines.append(line)

    def key_text(self, indent: str, key: str, text: str, note: str = "") -> None:
        value = block(text, indent + "  ")
        first = f"{indent}{key}: {value[0]}"
        if note and len(value) == 1:
            first += f"  # {note}"
        elif note:
            self.add(comment(indent, note))
        self.add(first)
        self.lines.extend(value[1:])

    def point(self, indent: str, p: PointDraft) -> None:
        """`- text`, or `- title: … / text: … / items: …`, with a comment above: where, what was recognised."""
        notes = []
        if p.origins:
            notes.append("原文" + "、".join(dict.fromkeys(p.origins)))
        if p.recognised:
            notes.append("自动识别：" + "、".join(p.recognised) + "，请核对")
        notes.extend(p.notes)
        if notes:
            self.add(comment(indent, "；".join(notes)))
        if p.title is None and not p.items:
            value = block(p.text, indent + "  ")
            self.add(f"{indent}- {value[0]}")
            self.lines.extend(value[1:])
            return
        inner = indent + "  "
        first = True
        for key, text in (("title", p.title), ("text", p.text)):
            if text is None:
                continue
            value = block(text, inner + "  ")
            self.add(f"{indent}- {key}: {value[0]}" if first else f"{inner}{key}: {value[0]}")
            self.lines.extend(value[1:])
            first = False
        if p.items:
            self.add(f"{inner}items:")
            for item in p.items:
                self.point(inner + "  ", item)

    def points(self, indent: str, points: list[PointDraft]) -> None:
        self.add(f"{indent}points:")
        for p in points:
            self.point(indent + "  ", p)

    def entry(self, indent: str, e: Entry) -> None:
        self.add(comment(indent, f"原文{e.origin}：{e.heading}"))
        self.add(comment(indent, e.how + ("，请核对" if e.review else "")))
        self.add(f"{indent}{e.key}:")
        inner = indent + "  "
        if e.title is not None and e.title != self.standard_titles.get(e.key):
            self.key_text(inner, "title", e.title)
        if e.like is not None:
            self.add(f"{inner}like: {e.like}")
        for s in e.sections:
            self.entry(inner, s)
        if e.points:
            self.points(inner, e.points)
        if not e.sections and not e.points:
            self.add(comment(inner, "原文这一部分没有正文"))
            self.add(f"{inner}points: []")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"
