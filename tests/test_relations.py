"""One meaning of every relation: the checker, the questionnaire and the composer agree.

Figure sets are generated for every relation of the spec (holding, broken, and written
the way real reports write figures: 45.2万, 200余, 约600, 近200, 超过7675, 95%以上), then
judged by `check` (a real file, checked in-process) and by what the questionnaire asks
right after a figure is typed; both must find the same relations broken.
"""

from __future__ import annotations

import random
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from fazhi_draft.questionnaire import questions as Q
from fazhi_draft.check import check_file
from fazhi_draft.figures.relations import derive
from fazhi_draft.input.shape import yaml_path
from fazhi_draft.figures.numbers import parse_figure
from fazhi_draft.questionnaire import run_new
from fazhi_draft.questionnaire.relations import parsed_figures, relation_problems
from fazhi_draft.questionnaire.state import SectionState
from fazhi_draft.structure import NotMoreThan, RateOf, SumOf, load_spec

SPEC = load_spec()
TODAY = __import__("datetime").date(2025, 3, 10)
# The rule that reports each kind of broken relation (figures.relations), as check --rules lists them.
REPORTED_BY = {"exceeds-earlier": "FZ201", "parts-exceed": "FZ202", "parts-short": "FZ203",
               "rate-mismatch": "FZ204", "rate-without-base": "FZ205"}
ARITHMETIC = tuple(REPORTED_BY.values())
RELATIONS = [(s.key, n, rel) for s in SPEC.sections for n, rel in enumerate(s.relations)]


# ---------------------------------------------------------------- generating figure sets
def written(rng: random.Random, value: int) -> str:
    """A count as a report might write it: exactly, or rounded to 万, or as an estimate."""
    form = rng.choice(["exact"] * 4 + ["wan", "yu", "yue", "jin", "chaoguo", "yishang", "zuoyou"])
    tens = max(value // 10 * 10, 10)
    if form == "wan" and value >= 10_000:
        places = rng.choice([1, 2])
        return f"{(Decimal(value) / 10_000).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)}万"
    if form == "yu" and value >= 20:
        return f"{tens}余"
    if form == "yue":
        return f"约{tens}"
    if form == "jin":
        return f"近{tens + 10}"
    if form == "chaoguo" and value >= 20:
        return f"超过{tens}"
    if form == "yishang" and value >= 20:
        return f"{tens}以上"
    if form == "zuoyou":
        return f"{tens}左右"
    return str(value)


def stated_rate(rng: random.Random, num: int, den: int, *, off: bool) -> str:
    """A rate as a clerk states it: rounded or cut off, 0-2 places; `off`: a wrong one."""
    exact = Decimal(num) * 100 / Decimal(den)
    if off:
        exact = exact + rng.choice([-1, 1]) * Decimal(rng.choice([2, 5, 10]))
        exact = min(max(exact, Decimal(0)), Decimal(100))
    if rng.random() < 0.1:
        return f"{int(exact) // 5 * 5}%以上"
    places = rng.choice([0, 1, 1, 2])
    rounding = rng.choice([ROUND_HALF_UP, ROUND_DOWN])
    return format(exact.quantize(Decimal(1).scaleb(-places), rounding), "f")


def scale(rng: random.Random) -> int:
    return rng.choice([20, 300, 5_000, 80_000, 600_000])


def figure_set(rng: random.Random, rel, case: str) -> dict[str, str]:  # noqa: ANN001
    """The figures of one relation: `case` is holding, broken or approximate."""
    approx = case == "approximate"
    form = (lambda v: written(rng, v)) if approx else str
    if isinstance(rel, NotMoreThan):
        top = scale(rng)
        values = sorted((rng.randint(0, top) for _ in rel.chain), reverse=True)
        if case == "broken":
            i = rng.randrange(1, len(values))
            values[i] = values[i - 1] + rng.randint(1, max(1, top // 10))
        elif approx and rng.random() < 0.5:  # the first exact, the last a rounded 万 figure just above
            values[-1] = values[0] + rng.randint(0, 400)
        return {k: form(v) for k, v in zip(rel.chain, values)}
    if isinstance(rel, SumOf):
        top = scale(rng)
        parts = {k: rng.randint(0, top // len(rel.parts)) for k in rel.parts if rng.random() < 0.85}
        total = sum(parts.values())
        if case == "broken":
            total += rng.choice([-1, 1]) * rng.randint(1, max(1, total // 5 + 1))
            total = max(total, 0)
        return {rel.total: form(total), **{k: form(v) for k, v in parts.items()}}
    assert isinstance(rel, RateOf)
    den = rng.choice([0, 1, 7, 64, 360, 8495, 45_200]) if rng.random() < 0.9 else 0
    num = rng.randint(0, den)
    out = {rel.numerator: form(num), rel.denominator: form(den)}
    if den:
        out[rel.rate] = stated_rate(rng, num, den, off=case == "broken")
    elif rng.random() < 0.7:
        out[rel.rate] = rng.choice(["100", "0", "98.5"])
    return out


# ---------------------------------------------------------------- the two paths
def checker_verdict(tmp_path: Path, sets: dict[str, dict[str, str]]) -> dict[str, set[tuple[str, str]]]:
    """Section -> {(rule, figure)} that `check` reports for the figure sets (one file)."""
    lines = ["meta: {organ: 青山县人民政府, kind: county, year: 2024, date: 2025-03-10}", "measures:"]
    for key, figs in sets.items():
        assert yaml_path(SPEC, key)[0] == "measures"
        lines += [f"  {key}:", "    figures:", *(f'      {k}: "{v}"' for k, v in figs.items())]
    lines += ["duty: [县长带头学法。]", "shortcomings: [力量不足。]", "plans: [推进规范化建设。]"]
    path = tmp_path / "gen.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out: dict[str, set] = {key: set() for key in sets}
    for f in check_file(path, today=TODAY).findings:
        if f.code in ARITHMETIC:
            _, section, _, figure = f.field.split(".")[:4]
            out[section].add((f.code, figure.split("（")[0]))
    return out


def questionnaire_verdict(section_key: str, figs: dict[str, str]) -> set[tuple[str, str]]:
    """{(rule, figure)} the questionnaire questions once every figure has been typed."""
    section = SPEC.section(section_key)
    answers = SectionState(figures={k: Q.normalise_figure(v) for k, v in figs.items()})
    problems = relation_problems(section, parsed_figures(section, answers), set(figs))
    return {(REPORTED_BY[p.broken.kind], p.broken.anchor) for p in problems}


@pytest.mark.parametrize("seed", range(6))
def test_checker_and_questionnaire_agree_on_every_relation(tmp_path, seed):
    """Issue 12 item 7: every relation in the spec, on generated figure sets (holding, broken,
    approximate), is judged the same by `check` and by the questionnaire."""
    rng = random.Random(seed)
    by_section: dict[str, list] = {}
    for key, n, rel in RELATIONS:
        by_section.setdefault(key, []).append(rel)
    judged = {"holding": 0, "broken": 0, "approximate": 0}
    disagreements = []
    for round_ in range(12):
        for case in judged:
            sets = {key: figure_set(rng, rels[round_ % len(rels)], case) for key, rels in by_section.items()}
            checked = checker_verdict(tmp_path, sets)
            for key, figs in sets.items():
                asked = questionnaire_verdict(key, figs)
                judged[case] += 1
                if asked != checked[key]:
                    disagreements.append((key, figs, "check:", sorted(checked[key]), "asked:", sorted(asked)))
    assert not disagreements, disagreements[:5]
    assert all(n >= 12 for n in judged.values())


def test_every_relation_kind_is_exercised_broken_and_holding(tmp_path):
    """The generator reaches every relation both ways (else the agreement test proves little)."""
    rng = random.Random(99)
    for key, n, rel in RELATIONS:
        outcomes = set()
        for _ in range(60):
            case = rng.choice(["holding", "broken", "approximate"])
            figs = figure_set(rng, rel, case)
            outcomes.add(any(b[1] in (getattr(rel, "rate", None), getattr(rel, "total", None), *getattr(rel, "chain", ()))
                             for b in questionnaire_verdict(key, figs)))
        assert outcomes == {True, False}, (key, n)


@pytest.mark.parametrize("handled, online, asked", [
    ("45.2万", "452100", False),   # within 45.15万-45.25万: not "more"
    ("45.2万", "452600", True),
    ("200余", "250", False),       # 200 or more
    ("约600", "900", False),       # either side
    ("近200", "250", True),        # at most 200
])
def test_approximate_figures_mean_the_same_everywhere(tmp_path, handled, online, asked):
    """Issue 12 item 7: 政务服务办件 45.2万 and 网上办件 452100 — the questionnaire asks
    "多于…确定吗？" only where `check` reports FZ201."""
    figs = {"service_cases_handled": handled, "service_cases_online": online}
    assert bool(questionnaire_verdict("functions", figs)) is asked
    assert bool(checker_verdict(tmp_path, {"functions": figs})["functions"]) is asked


def test_questionnaire_prompt_does_not_question_45_2_wan_against_452100(tmp_path, monkeypatch):
    """Issue 12 item 7, at the real prompt: typing 45.2万 then 452100 asks nothing."""
    seen = []
    real = Q.ask
    monkeypatch.setattr(Q, "ask", lambda q: (seen.append(q), real(q))[1])
    section = SPEC.section("functions")
    answers = {"service_cases_handled": "45.2万", "service_cases_online": "452100"}
    keys = ("青山县人民政府\r\r\r\x152025-03-05\r" + "\x1b[B" * [s.key for s in SPEC.sections].index("functions")
            + " \r" + "".join(answers.get(i.key, "") + "\r" for i in section.indicators) + "n\r")
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        run_new(out=__import__("io").StringIO(), pt_input=pipe, pt_output=DummyOutput(), today=TODAY, cwd=tmp_path)
    assert [q.key for q in seen if q.key.endswith(".relation")] == []
    assert any(q.key == "functions.service_cases_online" for q in seen)


def test_derived_rates_are_never_questioned(tmp_path):
    """Issue 12 item 7: a rate the composer derives from the counts, stated as such, is broken
    for neither the checker nor the questionnaire."""
    rng = random.Random(5)
    for key, n, rel in RELATIONS:
        if not isinstance(rel, RateOf):
            continue
        section = SPEC.section(key)
        for _ in range(25):
            den = rng.choice([1, 3, 7, 64, 360, 8495, 45_200, 123_457])
            figs = {rel.numerator: written(rng, rng.randint(0, den)), rel.denominator: written(rng, den)}
            parsed = {k: parse_figure(v, whole=False, percent=False) for k, v in figs.items()}
            derived = derive(section, parsed).get(rel.rate)
            if derived is None:
                continue
            figs[rel.rate] = derived.text
            assert questionnaire_verdict(key, figs) == set(), figs
            assert checker_verdict(tmp_path, {key: figs})[key] == set(), figs
