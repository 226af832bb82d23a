"""Writes the bad inputs in this folder: `python tests/bad_inputs/make.py`.

Each file is one way a received report can be broken or hostile; tests/test_no_internal_error.py
runs every verb on every one (and on tests/check_fixtures) and requires that none ends in an
internal error (exit 3). The files are kept in git so they can be opened and reused; this
script says how each was made. Files whose name starts with `good-` are not bad: they are
long or odd but within the limits, and must check and render.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent

GOOD = """\
meta:
  organ: 桐溪县人民政府
  kind: county
  year: 2024
  date: 2025-03-10
measures:
  disputes:
    figures:
      reconsideration_received: 27
      reconsideration_accepted: 25
      reconsideration_concluded: 20
      reconsideration_corrected: 5
duty:
  - 县长带头学法。
shortcomings:
  - 基层执法力量不足。
plans:
  - 完善行政执法协调监督工作体系。
"""

PRIOR = GOOD.replace("year: 2024", "year: 2023").replace("date: 2025-03-10", "date: 2024-03-10")


def _alias_bomb() -> str:
    parts, prev = ["&a [x, x, x, x, x, x, x, x, x, x]"], "a"
    for name in "bcdefghi":
        parts.append(f"&{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
        prev = name
    return GOOD + "check:\n  ignore: [" + ", ".join(parts) + "]\n"


def _with_meta(line: str) -> str:
    return GOOD.replace("  date: 2025-03-10\n", f"  date: 2025-03-10\n  {line}\n")


def _with_figure(line: str) -> str:
    return GOOD.replace("      reconsideration_corrected: 5\n", f"      reconsideration_corrected: 5\n      {line}\n")


CASES: dict[str, str | bytes] = {
    # issue 13 item 1: alias bomb (expands to 10^9 items)
    "alias-bomb.yaml": _alias_bomb(),
    "alias-bomb-in-points.yaml": _alias_bomb().replace("check:\n  ignore: ", "other: "),
    # item 2: a rule code of 100,000 characters (the file refuses it as too long a text)
    "long-rule-code.yaml": GOOD + "check:\n  ignore: [FZ" + "9" * 100_000 + "]\n",
    "long-rule-code-short-enough.yaml": GOOD + "check:\n  ignore: [FZ" + "9" * 19_000 + "]\n",
    "long-unknown-key.yaml": GOOD.replace("duty:", "x" * 19_000 + ": 1\nduty:"),
    # item 3: reused_from naming what is not a regular file
    "reused-from-dev-zero.yaml": _with_meta("reused_from: /dev/zero"),
    "reused-from-folder.yaml": _with_meta("reused_from: ."),
    "reused-from-nul.yaml": _with_meta('reused_from: "a\\0b.yaml"'),
    "reused-from-long-name.yaml": _with_meta("reused_from: " + "a" * 300 + ".yaml"),
    "reused-from-missing.yaml": _with_meta("reused_from: 没有这个文件.yaml"),
    # item 4: text that made the old regular expressions quadratic
    "good-hash-comment-60k.yaml": GOOD + "#" * 60_000 + "\n",
    "good-year-and-spaces.yaml": GOOD + 'other:\n  - "2024' + " " * 19_000 + 'x"\n',
    "good-private-use.yaml": GOOD + "other:\n  - " + "\ue000" * 19_000 + "\n",
    "date-and-spaces.yaml": GOOD.replace("date: 2025-03-10", 'date: "2025-03-10' + " " * 19_000 + 'x"'),
    # item 5: past the limits
    "deep-brackets.yaml": GOOD.replace("duty:\n  - 县长带头学法。", "duty: " + "[" * 1000 + "]" * 1000),
    "deep-braces.yaml": GOOD + "other: " + "{a: " * 1000 + "b" + "}" * 1000 + "\n",
    "text-too-long.yaml": GOOD.replace("  - 县长带头学法。", "  - " + "法" * 20_001),
    # item 6: passes check but crashed render
    "control-char-in-section-title.yaml": GOOD.replace("  disputes:\n", '  disputes:\n    title: "加强党的领导\\a"\n'),
    "nul-in-section-title.yaml": GOOD.replace("  disputes:\n", '  disputes:\n    title: "加强党的领导\\0"\n'),
    "fffe-in-section-title.yaml": GOOD.replace("  disputes:\n", '  disputes:\n    title: "加强党的领导\\uFFFE"\n'),
    "control-char-in-unit.yaml": _with_figure('hotline: {label: 热线转办, value: 3, unit: "件\\a"}'),
    "control-char-in-label.yaml": _with_figure('hotline: {label: "热线\\x1b[31m", value: 3, unit: 件}'),
    "organ-240-chars.yaml": GOOD.replace("桐溪县人民政府", "桐" * 240),
    "title-260-chars.yaml": _with_meta("title: " + "标" * 260),
    "control-char-in-point-title.yaml": GOOD.replace("  - 县长带头学法。", '  - {title: "学法\\b", text: 县长带头学法。}'),
    "control-char-in-self-ref.yaml": _with_meta('self_ref: "我县\\x7f\\x01"'),
    # item 7: exit 3 on every verb
    "control-char-in-opening.yaml": GOOD + 'opening: "现将有关情况报告如下\\a"\n',
    "surrogate-in-title.yaml": _with_meta('title: "\\ud800"'),
    "surrogate-in-key.yaml": _with_figure('"\\ud800x": 3'),
    "surrogate-in-kind.yaml": GOOD.replace("kind: county", 'kind: "\\udfff"'),
    "surrogate-in-ignore.yaml": GOOD + 'check:\n  ignore: ["FZ\\ud800"]\n',
    "figure-27-digits.yaml": GOOD.replace("reconsideration_received: 27", "reconsideration_received: " + "1" * 27)
    .replace("  date: 2025-03-10\n", "  date: 2025-03-10\n  reused_from: prior-small.yaml\n"),
    "prior-small.yaml": PRIOR.replace("reconsideration_received: 27", "reconsideration_received: 1"),
    "figure-huge-float.yaml": GOOD.replace("reconsideration_received: 27", "reconsideration_received: 1.0e+300"),
    "figure-huge-int.yaml": GOOD.replace("reconsideration_received: 27", "reconsideration_received: " + "9" * 5000),
    "figure-inf.yaml": GOOD.replace("reconsideration_received: 27", "reconsideration_received: .inf"),
    "figure-tiny-decimal-rate.yaml": GOOD.replace("reconsideration_concluded: 20", "reconsideration_concluded: 0.00000000000001")
    .replace("  date: 2025-03-10\n", "  date: 2025-03-10\n  reused_from: prior.yaml\n"),
    "prior.yaml": PRIOR,
    # test_input_errors.py's cases, as files
    "yaml-syntax-error.yaml": GOOD.replace("reconsideration_accepted: 25", "reconsideration_accepted: 25: 26"),
    "text-for-number.yaml": GOOD.replace("reconsideration_accepted: 25", "reconsideration_accepted: 二十五"),
    "negative-count.yaml": GOOD.replace("reconsideration_received: 27", "reconsideration_received: -3"),
    "fraction-count.yaml": GOOD.replace("reconsideration_received: 27", "reconsideration_received: 27.5"),
    "misspelt-key.yaml": GOOD.replace("reconsideration_accepted: 25", "reconsideration_acepted: 25"),
    "figure-in-wrong-section.yaml": GOOD.replace("reconsideration_accepted: 25", "litigation_cases: 25"),
    "missing-year.yaml": GOOD.replace("  year: 2024\n", ""),
    "bad-date.yaml": GOOD.replace("date: 2025-03-10", "date: 三月十日"),
    "impossible-date.yaml": GOOD.replace("date: 2025-03-10", "date: 2025-02-30"),
    "raw-control-char.yaml": GOOD.replace("县长带头学法。", "县长带头\x07学法。"),
    "escaped-control-char.yaml": GOOD.replace("- 县长带头学法。", '- "县长带头\\x07学法。"'),
    "empty.yaml": "",
    "only-a-list.yaml": "- a\n- b\n",
    "tab-indent.yaml": GOOD.replace("  organ:", "\torgan:"),
    "not-utf8-or-gbk.yaml": b"meta:\n  organ: \xff\xfe\xfa\n",
    "binary-garbage.yaml": bytes(range(256)) * 4,
    "meta-is-a-list.yaml": GOOD.replace("meta:\n  organ: 桐溪县人民政府\n  kind: county\n  year: 2024\n  date: 2025-03-10\n",
                                         "meta: [a, b]\n"),
    "complex-key.yaml": GOOD + "? [a, b]\n: c\n",
    "duplicate-key.yaml": GOOD + "duty:\n  - 又一条。\n",
    "not-a-docx.docx": b"PK\x03\x04 this is not a zip file",
}


def main() -> None:
    for name, content in CASES.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
