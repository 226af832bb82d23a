"""Question records generated from the structure spec, and the one function that asks them.

A `Question` is plain data (key, label, unit, kind, hint, default, validator, choices):
the questionnaire builds them from the spec's indicators and never talks to questionary
itself. `ask()` is the only place that turns a record into a questionary prompt, and this
module is the only one that imports questionary (lazily: it costs ~250 ms, and
`fazhi-draft --help` must stay light).

`ask()` uses `unsafe_ask()`: Ctrl-C raises KeyboardInterrupt (questionary's `ask()` would
print an English message and return None, losing the answer), and the caller saves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from fazhi_draft.input.model import check_unit, clean_text, parse_date
from fazhi_draft.figures.numbers import PENDING_WORDS, FigureError, parse_figure
from fazhi_draft.structure import Indicator, Spec

QuestionType = Literal["text", "figure", "lines", "select", "checkbox", "confirm"]
Validator = Callable[[str], "str | None"]  # None when the answer is fine, else the Chinese reason

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")
# Typed at a figure's prompt to leave the figure out this year (Enter alone takes the grey default).
SKIP_WORDS = ("-", "－", "—", "不填")
FIGURE_TIPS = ("回车＝用灰字的数 · 直接输入即替换 · 今年不写这个数：输入 - · 还没拿到的数写 ? 或 待补 · "
               "Tab 把灰字填入后修改 · Ctrl-C 保存进度并退出")
TEXT_TIPS = "回车＝用灰字的内容 · 直接输入即替换 · Tab 把灰字填入后修改"
LINES_TIPS = ("可写多行：第一行单独写小标题（可不写），下面写正文；一条写完连按两次回车；"
              "不再添加就直接回车 · Ctrl-C 保存进度并退出")


@dataclass(frozen=True)
class Choice:
    value: str
    title: str
    checked: bool = False


@dataclass(frozen=True)
class Question:
    """One prompt, as data. `note` follows the label on the prompt line (去年：27);
    `hint` is shown below the input while the question is open.

    For text and figure questions `default` is shown greyed in the empty input: Enter takes
    it, typing replaces it (it is never pre-filled, so typing cannot append to it), Tab puts
    it into the input to be edited. For `lines` (editing a point) it is the text to edit."""

    key: str
    label: str
    type: QuestionType = "text"
    unit: str = ""
    kind: str = ""
    hint: str = ""
    note: str = ""
    default: Any = None
    choices: tuple[Choice, ...] = ()
    validate: Validator | None = field(default=None, compare=False)


# ---------------------------------------------------------------- validators
def figure_validator(whole: bool, percent: bool, unit: str = "", computable: bool = False,
                     growth: bool = False) -> Validator:
    """Empty is fine (the figure is skipped); otherwise parse_figure's Chinese reason (计算
    is fine for a `computable` rate, as in the YAML)."""

    def check(raw: str) -> str | None:
        if not raw.strip() or raw.strip() in SKIP_WORDS:
            return None
        try:
            parse_figure(raw, whole=whole, percent=percent, unit=unit, computable=computable, growth=growth)
        except FigureError as exc:
            return str(exc)
        return None

    return check


def indicator_validator(ind: Indicator, computable: bool = False) -> Validator:
    return figure_validator(ind.whole, ind.kind == "percent", ind.unit, computable, ind.kind == "growth")


def text_validator(required: bool = True) -> Validator:
    def check(raw: str) -> str | None:
        if required and not raw.strip():
            return "不能为空"
        try:
            clean_text(raw)
        except ValueError as exc:
            return str(exc)
        return None

    return check


def validate_year(raw: str) -> str | None:
    text = raw.strip().removesuffix("年度").removesuffix("年").strip()
    try:
        year = int(text)  # int() reads full-width digits too
    except ValueError:
        return "年度应写成四位数字，如 2024"
    return None if 2000 <= year <= 2100 else "年度不在合理范围（2000—2100）"


def parse_year(raw: str) -> int:
    return int(raw.strip().removesuffix("年度").removesuffix("年").strip())


def validate_date(raw: str) -> str | None:
    try:
        value = parse_date(raw.strip())
    except (ValueError, TypeError):
        return "日期应写成 2025-03-10 或 2025年3月10日"
    return None if isinstance(value, dt.date) else "日期应写成 2025-03-10 或 2025年3月10日"


def parse_date_answer(raw: str) -> dt.date:
    """The date an answer names (validated by validate_date first)."""
    value = parse_date(raw.strip())
    assert isinstance(value, dt.date)
    return value


def unit_validator(raw: str) -> str | None:
    """A custom figure's unit: a short word without digits (件、人次、万元、%), or nothing."""
    try:
        check_unit(raw)
    except ValueError as exc:
        return str(exc)
    return None


def normalise_figure(raw: str) -> str:
    """What is stored for a (validated) answer: as typed, with full-width digits and thousands
    commas made plain ("２７" -> "27"); `待补` for pending; '' when left out (- or 不填)."""
    text = raw.strip().translate(_FULLWIDTH).replace(",", "").replace(" ", "")
    if text in SKIP_WORDS:
        return ""
    if text in PENDING_WORDS:
        return "待补"
    return text


# ---------------------------------------------------------------- records from the spec
def figure_question(section_key: str, ind: Indicator, *, default: str = "", last: str | None = None,
                    derived: str | None = None, computable: bool = False) -> Question:
    """The question for one indicator: label and unit, last year's value, what it counts; a
    `computable` rate may be answered 计算 (worked out from the counts and printed)."""
    notes = []
    if last is not None:
        notes.append(f"去年：{last}")
    if derived is not None:
        notes.append(f"按今年件数计算为{derived}%")
    return Question(
        key=f"{section_key}.{ind.key}", label=f"{ind.label}（{ind.unit}）", type="figure",
        unit=ind.unit, kind=ind.kind, note="；".join(notes), default=default,
        hint=f"{ind.hint}" + ("；写“计算”即按件数算出后写入报告" if computable else "") + f"\n{_figure_tips(default)}",
        validate=indicator_validator(ind, computable))


def custom_value_question(key: str, label: str, unit: str, *, default: str = "", last: str | None = None) -> Question:
    return Question(key=key, label=f"{label}（{unit}）" if unit else label, type="figure", unit=unit,
                    kind="number", note=f"去年：{last}" if last is not None else "",
                    hint=f"标准结构之外的数字，原样写入报告\n{_figure_tips(default)}", default=default,
                    validate=figure_validator(False, unit in ("%", "％"), unit))


def _figure_tips(default: str) -> str:
    return FIGURE_TIPS if default else "回车＝不填 · 还没拿到的数写 ? 或 待补 · Ctrl-C 保存进度并退出"


def meta_questions(spec: Spec, defaults: dict[str, Any]) -> dict[str, Question]:
    """机关名称, 机关类型, 年度, 成文日期, with the defaults given (last year's or guesses)."""
    kinds = tuple(Choice(k.key, f"{k.label}（文中自称“{k.self_ref}”）") for k in spec.organ_kinds)
    return {
        "organ": Question("meta.organ", "机关名称（署名机关）", hint="如 桐溪县人民政府、桐溪县司法局；也是落款",
                          default=defaults.get("organ") or "", validate=text_validator()),
        "kind": Question("meta.kind", "机关类型", type="select", choices=kinds, default=defaults.get("kind")),
        "year": Question("meta.year", "报告年度", hint="报告的是哪一年的工作，如 2024",
                         default=str(defaults.get("year") or ""), validate=validate_year),
        "date": Question("meta.date", "成文日期", hint="印发日期，如 2025-03-10 或 2025年3月10日",
                         default=str(defaults.get("date") or ""), validate=validate_date),
    }


def sections_question(spec: Spec, checked: set[str], filled_last_year: set[str]) -> Question:
    """Checkbox of every section in spec order; required parts are marked."""
    choices = []
    for part in spec.parts:
        for section in part.sections:
            tags = []
            if part.required and part.flat:
                tags.append("必备")
            if section.key in filled_last_year:
                tags.append("去年填过")
            tag = f"  [{'，'.join(tags)}]" if tags else ""
            title = section.title if part.flat else f"{part.title} › {section.title}"
            choices.append(Choice(section.key, title + tag, section.key in checked))
    return Question("sections", "本年度要填写哪些部分？", type="checkbox", choices=tuple(choices),
                    hint="空格 选中/取消 · ↑↓ 移动 · 回车 确认")


def lines_question(key: str, label: str, *, default: str = "", required: bool = False) -> Question:
    return Question(key, label, type="lines", hint=LINES_TIPS, default=default,
                    validate=text_validator(required))


def text_question(key: str, label: str, *, default: str = "", hint: str = "", required: bool = True) -> Question:
    return Question(key, label, hint=hint, default=default, validate=text_validator(required))


def unit_question(key: str) -> Question:
    return Question(key, "单位（一个词，不写数字；可不填）", hint="如 件、项、名、人次、万元、%；数值在下一步填写",
                    validate=unit_validator)


def select_question(key: str, label: str, choices: list[tuple[str, str]], default: str | None = None) -> Question:
    return Question(key, label, type="select", choices=tuple(Choice(v, t) for v, t in choices),
                    default=default if default is not None else choices[0][0])


def confirm_question(key: str, label: str, default: bool) -> Question:
    return Question(key, label, type="confirm", default=default)


# ---------------------------------------------------------------- asking
def ask(q: Question) -> Any:
    """Ask one question in the terminal (or the current prompt_toolkit app session).

    Returns the answer: str for text/figure/lines (stripped; '' means skipped), the chosen
    value for select, a list of values for checkbox, a bool for confirm. Ctrl-C raises
    KeyboardInterrupt and Ctrl-D EOFError; the caller saves progress.
    """
    import questionary
    from prompt_toolkit.key_binding import KeyBindings

    _set_up_questionary()
    validate = _for_questionary(q.validate)
    toolbar = q.hint or None
    if q.type in ("text", "figure"):
        default = str(q.default or "")
        if default and q.type == "text":
            toolbar = f"{q.hint}\n{TEXT_TIPS}" if q.hint else TEXT_TIPS
        answer = questionary.text(q.label, default="", validate=validate,
                                  instruction=f"（{q.note}）›" if q.note else "›", bottom_toolbar=toolbar,
                                  placeholder=[("fg:ansibrightblack", default)] if default else None,
                                  key_bindings=_default_bindings(KeyBindings, default) if default else None,
                                  ).unsafe_ask()
        return (answer or "").strip()
    if q.type == "lines":
        answer = questionary.text(q.label, default=q.default or "", validate=validate, multiline=True,
                                  instruction=(q.note + "\n" if q.note else "\n") + "›",
                                  bottom_toolbar=toolbar, key_bindings=_lines_bindings(KeyBindings)
                                  ).unsafe_ask()
        return (answer or "").strip()
    if q.type == "select":
        choices = [questionary.Choice(title=c.title, value=c.value) for c in q.choices]
        default = next((c for c in choices if c.value == q.default), None)
        few = len(choices) <= 36
        return questionary.select(q.label, choices=choices, default=default, use_shortcuts=few,
                                  use_jk_keys=not few, instruction=q.note or "（↑↓ 或数字键选择，回车确认）"
                                  ).unsafe_ask()
    if q.type == "checkbox":
        choices = [questionary.Choice(title=c.title, value=c.value, checked=c.checked) for c in q.choices]
        question = questionary.checkbox(q.label, choices=choices,
                                        instruction=q.note or "（空格 选中/取消，↑↓ 移动，a 全选/全不选，回车确认）")
        # questionary would leave "done (4 selections)" in English on screen: erase the finished
        # prompt instead; the caller prints what was chosen, in Chinese.
        question.application.erase_when_done = True
        return question.unsafe_ask()
    if q.type == "confirm":
        return questionary.confirm(q.label, default=bool(q.default),
                                   instruction="（Y/n）" if q.default else "（y/N）").unsafe_ask()
    raise ValueError(q.type)


def _for_questionary(check: Validator | None) -> Callable[[str], "bool | str"] | None:
    """questionary wants True or the message to show; our validators return None or the reason."""
    if check is None:
        return None

    def validate(text: str) -> bool | str:
        reason = check(text)
        return True if reason is None else reason

    return validate


def _default_bindings(KeyBindings, default: str):  # noqa: ANN001, ANN202, N803
    """Enter in an empty input takes the grey default (and shows it as the answer); Tab puts
    it into the input to be edited."""
    kb = KeyBindings()

    @kb.add("enter")
    def _enter(event) -> None:  # noqa: ANN001
        buf = event.current_buffer
        if not buf.text.strip():
            buf.text = default
            buf.cursor_position = len(default)
        buf.validate_and_handle()

    @kb.add("tab")
    def _tab(event) -> None:  # noqa: ANN001
        buf = event.current_buffer
        if not buf.text:
            buf.insert_text(default)

    return kb


def _lines_bindings(KeyBindings):  # noqa: ANN001, ANN202, N803
    """Enter on an empty line (or in an empty box) submits; otherwise it starts a new line.

    So a point is finished with two Enters, and a bare Enter means "no more points".
    Esc then Enter (questionary's own way) still submits too.
    """
    kb = KeyBindings()

    @kb.add("enter")
    def _enter(event) -> None:  # noqa: ANN001
        buf = event.current_buffer
        doc = buf.document
        if not buf.text.strip() or (doc.is_cursor_at_the_end and not doc.current_line.strip()):
            buf.text = buf.text.rstrip()
            buf.validate_and_handle()
        else:
            buf.insert_text("\n")

    return kb


_PATCHED = False


def _set_up_questionary() -> None:
    """Set up questionary once per process.

    - questionary prints Yes/No after a confirm; say 是/否 (module constants read at call time).
    - prompt_toolkit rebuilds its ~500 default key bindings for every prompt (~6 ms of the
      ~12 ms a prompt costs here, more on an old office PC); build them once. The bindings
      hold no per-application state (handlers act on `event.app`). `make bench` measures
      it with and without; numbers in docs/performance.md.
    """
    global _PATCHED
    if _PATCHED:
        return
    from functools import lru_cache

    from questionary.prompts import confirm

    confirm.YES, confirm.NO = "是", "否"
    try:
        from prompt_toolkit.application import application as pt_app

        for name in ("load_key_bindings", "load_page_navigation_bindings"):
            fn = getattr(pt_app, name, None)
            if callable(fn) and not hasattr(fn, "cache_info"):
                setattr(pt_app, name, lru_cache(maxsize=1)(fn))
    except ImportError:  # a future prompt_toolkit moved things: only slower
        pass
    _PATCHED = True


@contextmanager
def session(input=None, output=None) -> Iterator[None]:  # noqa: A002, ANN001
    """Run prompts on the given prompt_toolkit input/output (tests: a pipe and DummyOutput).

    With neither given, the real terminal is used.
    """
    if input is None and output is None:
        yield
        return
    from prompt_toolkit.application import create_app_session

    with create_app_session(input=input, output=output):
        yield
