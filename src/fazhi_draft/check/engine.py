"""Running the rules: load the file (its errors become findings), find last year's file,
run every rule in the table, drop what the person silenced, sort by line.

Silencing, by code or prefix (FZ3 = every FZ3xx):
  - for one run: `fazhi-draft check --ignore FZ301`;
  - for the file: a top-level block `check: {ignore: [FZ301]}`;
  - for one line: a comment on the line a finding points at, `# check: ignore FZ401`.
Loader errors (FZ001, FZ002) cannot be silenced: nothing could be checked or rendered.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from fazhi_draft.check import registry
from fazhi_draft.check.base import Context, Finding, Hit, Level, Where
from fazhi_draft.check.prior import Change, changes
from fazhi_draft.errors import InputErrors, UserError, shorten
from fazhi_draft.structure import Spec, load_spec
from fazhi_draft.input.load import Loaded, load_report
from fazhi_draft.input.locate import line_of
from fazhi_draft.input.read import read_text
from fazhi_draft.input.write import dump_tree

# Searched from a line's first "#": a comment holds `check: ignore FZ401, FZ3`. Possessive
# quantifiers (*+, ++) and no `.*?` from every "#": a line of 60,000 "#" is read once, not
# 60,000 times (tests/test_regex_linear.py).
_LINE_IGNORE = re.compile(r"check\s*+[:：]\s*+ignore\s++((?:FZ\d++[\s,，、]*+)++)", re.IGNORECASE)


@dataclass
class CheckResult:
    """What `check` found in one file. `changes` is the year-on-year table ([] without a
    prior); `prior_year` is None when no prior was used; `ignored` counts silenced findings."""

    path: Path
    findings: list[Finding]
    changes: list[Change] = field(default_factory=list)
    prior_path: Path | None = None
    prior_year: int | None = None
    ignored: int = 0
    recognised: int | None = None  # a report's prose (check/prose.py): how many indicators' figures were found
    prior_problem: str | None = None  # why last year's file named could not be used (FZ306 says it too)

    def count(self, level: Level) -> int:
        return sum(1 for f in self.findings if f.level is level)

    @property
    def has_errors(self) -> bool:
        return self.count(Level.ERROR) > 0


# ---------------------------------------------------------------- public API
def check_file(path: Path | str, *, prior: Path | str | None = None, ignore: Iterable[str] = (),
               today: dt.date | None = None, spec: Spec | None = None) -> CheckResult:
    """Check one input file. Never raises for a bad input: load errors come back as findings."""
    path = Path(path)
    spec = spec or load_spec()
    try:
        loaded = load_report(path, spec, read_only=True)
    except UserError as exc:
        errors = exc.errors if isinstance(exc, InputErrors) else [exc]
        return CheckResult(path, [_loader_finding(e, path) for e in errors])
    return check_loaded(loaded, prior=prior, ignore=ignore, today=today, spec=spec)


def check_loaded(loaded: Loaded, *, prior: Path | str | None = None, ignore: Iterable[str] = (),
                 today: dt.date | None = None, spec: Spec | None = None) -> CheckResult:
    """Check a report already loaded (as `render` and the questionnaire have it).

    Last year's file is `prior` if given, else the input's `meta.reused_from`, else none.
    """
    ctx = _context(loaded, prior, today, spec)
    own, settings = _file_selectors(ctx)
    found = [*settings, *_run(ctx)]
    skip = _line_ignores(loaded.path) if loaded.path else {}
    selectors = [*ignore, *own]
    kept = [f for f in found if not _silenced(f, selectors, skip)]
    kept.sort(key=lambda f: (f.line is None, f.line or 0, f.code))
    return CheckResult(loaded.path, kept, changes(ctx) if ctx.prior else [], ctx.prior_path,
                       ctx.prior.meta.year if ctx.prior else None, ignored=len(found) - len(kept),
                       prior_problem=ctx.prior_problem or None)


def fix_file(path: Path | str, *, ignore: Iterable[str] = ()) -> tuple[int, Path | None]:
    """Apply the fix of every rule that offers one (Rule.autofix) and is not silenced, to the
    file, keeping comments and order.

    Saves a backup beside the file first (written as atomically as the file itself, under
    a free name: in.yaml.bak, in.yaml（1）.bak, ...). Returns (fields changed, backup path or
    None when nothing needed changing). Raises UserError when the file cannot be loaded,
    WriteError (a UserError) when it cannot be rewritten: then nothing is written.
    """
    from fazhi_draft.files import atomic_write, check_target, write_new  # only --fix writes

    path = Path(path)
    loaded = load_report(path)
    ctx = _context(loaded, None, None, None)
    own, _ = _file_selectors(ctx)
    selectors = [*ignore, *own]
    lines = _line_ignores(path)
    changed = 0
    for rule in registry.RULES.values():
        if rule.autofix is None or any(registry.matches(s, rule.code) for s in selectors):
            continue
        skip = {line for line, codes in lines.items() if any(registry.matches(c, rule.code) for c in codes)}
        changed += rule.autofix(ctx, skip)  # rewrites the strings in loaded.tree
    if not changed:
        return 0, None
    check_target(path, force=True)  # a read-only file is refused before a backup is made
    try:
        original = path.read_bytes()  # the bytes as they were, before anything is written
    except OSError as exc:
        raise UserError(f"无法读取这个文件（{exc.strerror or exc}）", file=path) from None
    backup = write_new(path.with_name(path.name + ".bak"), original)
    try:
        shutil.copystat(path, backup)  # its dates and permissions too, as a copy would have them
    except OSError:
        pass
    atomic_write(path, dump_tree(loaded.tree), force=True)
    return changed, backup


# ---------------------------------------------------------------- inside
def _context(loaded: Loaded, prior: Path | str | None, today: dt.date | None, spec: Spec | None) -> Context:
    ctx = Context(spec=spec or load_spec(), report=loaded.report, tree=loaded.tree, path=loaded.path,
                  today=today or dt.date.today())
    via = "--prior" if prior else "meta.reused_from"
    if prior is None and loaded.report.meta.reused_from:
        prior = Path(loaded.path).parent / loaded.report.meta.reused_from
    if prior is None:
        return ctx
    ctx.prior_path, ctx.prior_via = Path(prior), via
    try:
        ctx.prior = load_report(ctx.prior_path, ctx.spec, read_only=True).report
    except UserError as exc:
        errors = exc.errors if isinstance(exc, InputErrors) else [exc]
        e = errors[0]
        first = UserError(e.message, file=e.file, line=e.line, field=e.field).render()
        more = f"（共 {len(errors)} 处问题）" if len(errors) > 1 else ""
        ctx.prior_problem = first + more
    return ctx


def _run(ctx: Context) -> list[Finding]:
    file = str(ctx.path) if ctx.path else None
    out = []
    for rule in registry.RULES.values():
        if rule.check is not None:
            out.extend(rule.finding(hit, file) for hit in rule.check(ctx))
    return out


def _loader_finding(exc: UserError, path: Path) -> Finding:
    rule = registry.made_by_engine("invalid" if exc.field else "unreadable")
    return Finding(code=rule.code, level=rule.level, file=str(exc.file or path), line=exc.line,
                   field=exc.field or "", message=exc.message, fix=exc.fix or "")


def _file_selectors(ctx: Context) -> tuple[list[str], list[Finding]]:
    """The file's own `check: {ignore: [...]}` codes, and findings for mistakes in it (FZ003)."""
    tree = ctx.tree
    if not isinstance(tree, CommentedMap) or "check" not in tree:
        return [], []
    rule = registry.made_by_engine("settings")
    file = str(ctx.path) if ctx.path else None
    block = tree["check"]

    def bad(node, key, where: str, message: str, fix: str) -> Finding:  # noqa: ANN001
        return rule.finding(Hit(Where(line_of(node, key), where), {"message": message, "fix": fix}), file)

    if not isinstance(block, CommentedMap) or not set(block) <= {"ignore"}:
        return [], [bad(tree, "check", "check", "check 下只能写 ignore（要忽略的规则代码列表）",
                        "例如 check: {ignore: [FZ301]}")]
    codes = block.get("ignore") or []
    if isinstance(codes, str):
        codes = [codes]
    if not isinstance(codes, list):
        return [], [bad(block, "ignore", "check.ignore", "应为规则代码的列表", "例如 ignore: [FZ301, FZ4]")]
    kept, problems, seen = [], [], set()
    for i, code in enumerate(codes):
        if not isinstance(code, (str, int)) or isinstance(code, bool):
            problems.append(bad(codes, i, f"check.ignore[{i + 1}]", "应为一个规则代码", "例如 ignore: [FZ301, FZ4]"))
            continue
        code = str(code).strip()
        if code in seen:  # once is enough (a list of 100,000 codes is judged in one pass)
            continue
        seen.add(code)
        rule_ok = registry.known_selector(code)
        if rule_ok and not all(registry.rule(c).ignorable for c in registry.RULES if registry.matches(code, c)):
            rule_ok = False
            unsilenceable = "、".join(c for c, r in registry.RULES.items() if not r.ignorable)
            msg, fix = f"{code} 不能忽略", f"{unsilenceable} 是读取错误，改正后才能核对和生成"
        elif not rule_ok:
            g = registry.guess(code)
            msg, fix = f"没有规则 {shorten(code)}", (f"是不是 {g}？" if g else "") + "全部规则见 fazhi-draft check --rules"
        if rule_ok:
            kept.append(code)
        else:
            problems.append(bad(codes, i, f"check.ignore[{i + 1}]", msg, fix))
    return kept, problems


def _line_ignores(path: Path) -> dict[int, set[str]]:
    """{line: codes} from `# check: ignore FZ401` comments."""
    try:
        text, _ = read_text(path)
    except UserError:
        return {}
    out = {}
    for n, line in enumerate(text.splitlines(), 1):
        hash_at = line.find("#")
        m = _LINE_IGNORE.search(line, hash_at) if hash_at >= 0 else None
        if m:
            out[n] = set(re.findall(r"FZ\d+", m[1].upper()))
    return out


def _silenced(f: Finding, selectors: list[str], lines: dict[int, set[str]]) -> bool:
    if not registry.rule(f.code).ignorable:
        return False
    if any(registry.matches(s, f.code) for s in selectors):
        return True
    return f.line is not None and any(registry.matches(s, f.code) for s in lines.get(f.line, ()))

