"""How fast is fazhi-draft, against the limit of its own stack and against pandoc?

Run by `make bench` (not by the test suite). In one run, on the same content (the 2024
sample, with its 2023 file beside it for the year-on-year check), with several
repetitions and medians, it measures:

- the import floor: a bare `python -c "import docx, jinja2, ruamel.yaml; from pydantic
  import BaseModel"` (for `check`: without docx and jinja2), the least a cold Python
  render can cost;
- a cold `fazhi-draft render` and `fazhi-draft check` of the sample, as ratios to their floors
  (and the very first render on a machine, before the parse cache exists);
- pandoc turning the same report's Markdown preview into .docx with a reference document;
- 100 generated inputs (each with its own last-year file) in one `fazhi-draft render`
  call, -j 1 and -j 2, against 100 pandoc runs, and the batch's peak memory (RSS);
- the work per report inside one process (after imports) at 1x, 4x and 16x the sample's
  text and figures, to show that cost grows linearly;
- PDFs: PDF_BATCH reports turned into PDFs in one call (`fazhi-draft pdf 文件夹`, -j 1 and
  -j 2, and `render 文件夹 --pdf`) against PDF_BATCH single `fazhi-draft pdf x.docx` runs, each
  starting LibreOffice anew (skipped without LibreOffice);
- what each speed-up of our own earns, with and without it: the libyaml read of the inputs
  (input/fastyaml.py; "without" runs as if PyYAML were not installed), the parse and
  template cache (datacache.py; FAZHI_DRAFT_CACHE=off), and building prompt_toolkit's key
  bindings once (questionnaire/questions.py; 100 figure prompts through a pipe, per prompt).

Prints the tables (Markdown, ready for the README) and writes benchmarks/results.json.
Usage: python benchmarks/bench.py [--quick] [--reps N] [--out FILE] [--table] [--only pdf]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PY = sys.executable
FAZHI = [PY, "-m", "fazhi_draft"]
FLOOR_RENDER = "import docx, jinja2, ruamel.yaml; from pydantic import BaseModel"
FLOOR_CHECK = "import ruamel.yaml; from pydantic import BaseModel"
# Two references that say where the floor stops being reachable: the check floor plus the
# first use of pydantic (one model, one field), and plus reading the two sample files the
# way any round-trip reader must (ruamel.yaml, pure Python).
WITH_ONE_MODEL = FLOOR_CHECK + "\nclass A(BaseModel):\n    x: int\nA(x=1)"
WITH_TWO_PARSES = (FLOOR_CHECK + "\nfrom ruamel.yaml import YAML\nfor name in ('2024.yaml', '2023.yaml'):\n"
                   "    YAML().load(open(name, encoding='utf-8').read())")
BATCH = 100
PDF_BATCH = 20
SCALES = (1, 4, 16)
# The command as it runs when PyYAML (libyaml) is not installed: every input read by ruamel.
WITHOUT_LIBYAML = ("import sys, runpy, fazhi_draft.input.fastyaml as f; f.CParser = None; "
                   "sys.argv = ['fazhi-draft', *sys.argv[1:]]; runpy.run_module('fazhi_draft', run_name='__main__')")
PROMPTS = 100
# Answers PROMPTS figure prompts through a pipe; prints the median ms per prompt (the first,
# which pays for the imports, left out). argv[1] "off": without building the key bindings once.
PROMPT_TIMER = """
import statistics, sys, time
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from fazhi_draft.questionnaire import questions as Q
from fazhi_draft.structure import load_spec
if sys.argv[1] == "off":
    from questionary.prompts import confirm
    Q._PATCHED, confirm.YES, confirm.NO = True, "是", "否"  # the set-up, less the key-binding cache
q = Q.figure_question("disputes", load_spec().indicators["reconsideration_received"], default="27")
times = []
with create_pipe_input() as pipe, Q.session(pipe, DummyOutput()):
    pipe.send_text("12\\r" * int(sys.argv[2]))
    Q.ask(q)
    for _ in range(int(sys.argv[2]) - 1):
        t = time.perf_counter()
        Q.ask(q)
        times.append(time.perf_counter() - t)
print(1000 * statistics.median(times))
"""

TARGETS = {
    "render_cold": ("<=", 1.3, "冷启动 render ≤ 1.3 × 导入下限"),
    "check_cold": ("<=", 1.3, "冷启动 check ≤ 1.3 × 导入下限"),
    "batch_vs_pandoc": ("<=", 0.25, "100 份批量 ≤ 0.25 × 100 次 pandoc"),
    "per_report_linear": ("<=", 1.25, "每份报告的工作量随篇幅线性增长（16x/1x 每单位耗时 ≤ 1.25）"),
    "batch_peak_rss_mb": ("<", 150, "批量峰值内存 < 150 MB"),
    "pdf_batch_vs_single": ("<=", 0.3, f"{PDF_BATCH} 份转 PDF ≤ 0.3 × 逐份转换 {PDF_BATCH} 次"),
}


# ---------------------------------------------------------------- measuring
def child_env(cache_dir: Path) -> dict[str, str]:
    """The environment of every timed command: bytecode allowed (as after pip install), our
    parse cache in a folder of this run, no debugging switches."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME", "PYTHONDEVMODE", "FAZHI_DEBUG")}
    env["FAZHI_DRAFT_CACHE_DIR"] = str(cache_dir)
    env["PYTHONIOENCODING"] = "utf-8"
    src = ROOT / "src"
    if src.is_dir() and not _installed():  # running from a checkout without install
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    return env


def _installed() -> bool:
    import importlib.util

    spec = importlib.util.find_spec("fazhi_draft")
    return spec is not None and "site-packages" in str(spec.origin)


def run(cmd: Sequence[str], env: dict[str, str], cwd: Path | None = None, check: bool = True) -> float:
    """Wall time of one command, seconds."""
    t = time.perf_counter()
    proc = subprocess.run(list(cmd), env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False)
    elapsed = time.perf_counter() - t
    if check and proc.returncode != 0:
        raise SystemExit(f"命令失败（{proc.returncode}）：{' '.join(map(str, cmd))}\n"
                         + proc.stderr.decode("utf-8", "replace"))
    return elapsed


def interleaved(cases: dict[str, Callable[[], float]], reps: int, warmup: int = 2) -> dict[str, list[float]]:
    """Run every case `reps` times, round-robin so machine noise hits all alike; seconds."""
    for _ in range(warmup):
        for fn in cases.values():
            fn()
    out: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(reps):
        for name, fn in cases.items():
            out[name].append(fn())
    return out


def med_ms(samples: list[float]) -> float:
    return round(1000 * statistics.median(samples), 1)


class TreeRss:
    """Peak resident memory of a process and all its descendants, summed (Linux /proc),
    sampled every 20 ms; also the largest single process."""

    def __init__(self, pid: int):
        self.pid, self.peak_total, self.peak_single = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
        while not self._stop.is_set():
            sizes = [self._rss(p, page) for p in self._tree()]
            if sizes:
                self.peak_total = max(self.peak_total, sum(sizes))
                self.peak_single = max(self.peak_single, max(sizes))
            self._stop.wait(0.02)

    def _tree(self) -> list[int]:
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                    parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(p for p, pp in parents.items() if pp == pid)
        return tree

    @staticmethod
    def _rss(pid: int, page: int) -> int:
        try:
            return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
        except (OSError, IndexError, ValueError):
            return 0


def run_with_rss(cmd: Sequence[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(seconds, peak RSS of the process tree in MB, largest single process in MB)."""
    t = time.perf_counter()
    proc = subprocess.Popen(list(cmd), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if Path("/proc/self/statm").exists():
        with TreeRss(proc.pid) as rss:
            _, err = proc.communicate()
        total, single = rss.peak_total / 2**20, rss.peak_single / 2**20
    else:  # no /proc: the largest descendant, as the OS reports it
        _, err = proc.communicate()
        import resource

        kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        total = single = kb / 1024 if sys.platform != "darwin" else kb / 2**20
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"命令失败（{proc.returncode}）：{' '.join(map(str, cmd))}\n" + err.decode("utf-8", "replace"))
    return elapsed, round(total, 1), round(single, 1)


# ---------------------------------------------------------------- content
def _yaml():
    from fazhi_draft.input.parse import round_trip_yaml as round_trip

    return round_trip()


def scaled_input(k: int, organ: str | None = None, reused_from: str | None = "2023.yaml") -> str:
    """The 2024 sample with every point repeated k times and k-1 extra custom figures for
    every figure (new keys, same label, value and unit): k times the text and figures."""
    from fazhi_draft.structure import load_spec

    spec = load_spec()
    y = _yaml()
    data = y.load((SAMPLES / "2024.yaml").read_text(encoding="utf-8"))
    if organ:
        data["meta"]["organ"] = organ
    if reused_from is None:
        data["meta"].pop("reused_from", None)
    else:
        data["meta"]["reused_from"] = reused_from
    indicators = spec.indicators
    for block in _section_blocks(data):
        points = block.get("points")
        if points and k > 1:
            original = list(points)
            for j in range(2, k + 1):
                for p in original:
                    points.append(_variant(p, j))
        figures = block.get("figures")
        if figures and k > 1:
            original = list(figures.items())
            for j in range(2, k + 1):
                for key, value in original:
                    if isinstance(value, dict):
                        label, val, unit = value["label"], value["value"], value.get("unit", "")
                    else:
                        ind = indicators[key]
                        label, val, unit = ind.label, value, ind.unit
                    figures[f"x{j}_{key}"] = _flow({"label": f"{label}（第{j}组）", "value": val, "unit": unit})
    import io

    buf = io.StringIO()
    y.dump(data, buf)
    return buf.getvalue()


def _flow(d: dict):  # noqa: ANN202
    """{label: ..., value: ..., unit: ...} on one line, as a clerk writes a custom figure."""
    from ruamel.yaml.comments import CommentedMap

    m = CommentedMap(d)
    m.fa.set_flow_style()
    return m


def _section_blocks(data) -> list:  # noqa: ANN001
    blocks = list((data.get("measures") or {}).values())
    for key in ("duty", "shortcomings", "plans", "other"):
        if isinstance(data.get(key), dict):
            blocks.append(data[key])
    return [b for b in blocks if isinstance(b, dict)]


def _variant(point, j: int):  # noqa: ANN001, ANN202
    tag = f"（第{j}组）"
    if isinstance(point, str):
        return point.rstrip("。") + tag + "。"
    out = dict(point)
    if out.get("title"):
        out["title"] = out["title"] + tag
    if out.get("text"):
        out["text"] = out["text"].rstrip("。") + tag + "。"
    if out.get("items"):
        out["items"] = [_variant(i, j) for i in out["items"]]
    return out


def make_batch(folder: Path, n: int) -> tuple[Path, Path]:
    """n district inputs (the sample under n organ names), each with its own last-year file
    in prior/, and their Markdown previews for pandoc. Returns (inputs folder, md folder)."""
    from fazhi_draft.compose.composer import compose
    from fazhi_draft.writers.text import render_markdown
    from fazhi_draft.input.load import load_report

    inputs, prior, md = folder / "inputs", folder / "prior", folder / "md"
    for d in (inputs, prior, md):
        d.mkdir(parents=True)
    prior_text = (SAMPLES / "2023.yaml").read_text(encoding="utf-8")
    for i in range(1, n + 1):
        organ = f"桐溪县第{i}区人民政府"
        (prior / f"d{i:03}.yaml").write_text(prior_text.replace("桐溪县人民政府", organ), encoding="utf-8")
        src = inputs / f"d{i:03}.yaml"
        src.write_text(scaled_input(1, organ=organ, reused_from=f"../prior/d{i:03}.yaml"), encoding="utf-8")
        (md / f"d{i:03}.md").write_text(render_markdown(compose(load_report(src).report)), encoding="utf-8")
    return inputs, md


# ---------------------------------------------------------------- the parts
def cold_starts(work: Path, env: dict[str, str], reps: int, pandoc: str | None, ref: Path | None) -> dict:
    sample = work / "sample"
    sample.mkdir()
    for name in ("2023.yaml", "2024.yaml"):
        shutil.copy(SAMPLES / name, sample / name)
    out_docx = work / "cold.docx"
    md = work / "sample.md"
    subprocess.run([*FAZHI, "render", str(sample / "2024.yaml"), "-o", str(md), "--format", "md", "--force"],
                   env=env, check=True, capture_output=True)
    empty = work / "empty-caches"
    counter = iter(range(10**6))

    cases: dict[str, Callable[[], float]] = {
        "python_startup": lambda: run([PY, "-c", "pass"], env),
        "floor_render": lambda: run([PY, "-c", FLOOR_RENDER], env),
        "floor_check": lambda: run([PY, "-c", FLOOR_CHECK], env),
        "floor_check_one_model": lambda: run([PY, "-c", WITH_ONE_MODEL], env),
        "floor_check_two_parses": lambda: run([PY, "-c", WITH_TWO_PARSES], env, cwd=sample),
        "help": lambda: run([*FAZHI, "--help"], env),
        "check_cold": lambda: run([*FAZHI, "check", str(sample / "2024.yaml")], env),
        "render_cold": lambda: run([*FAZHI, "render", str(sample / "2024.yaml"), "-o", str(out_docx), "--force"], env),
        "render_cold_empty_cache": lambda: run(
            [*FAZHI, "render", str(sample / "2024.yaml"), "-o", str(out_docx), "--force"],
            {**env, "FAZHI_DRAFT_CACHE_DIR": str(empty / str(next(counter)))}),
        "check_cold_without_libyaml": lambda: run([PY, "-c", WITHOUT_LIBYAML, "check", str(sample / "2024.yaml")], env),
        "render_cold_without_libyaml": lambda: run(
            [PY, "-c", WITHOUT_LIBYAML, "render", str(sample / "2024.yaml"), "-o", str(out_docx), "--force"], env),
        "check_cold_without_cache": lambda: run([*FAZHI, "check", str(sample / "2024.yaml")],
                                                {**env, "FAZHI_DRAFT_CACHE": "off"}),
        "render_cold_without_cache": lambda: run(
            [*FAZHI, "render", str(sample / "2024.yaml"), "-o", str(out_docx), "--force"],
            {**env, "FAZHI_DRAFT_CACHE": "off"}),
    }
    if pandoc:
        cases["pandoc_one"] = lambda: run([pandoc, str(md), "-o", str(work / "pandoc.docx"),
                                           f"--reference-doc={ref}"], env)
    samples = interleaved(cases, reps)
    return {name: {"median_ms": med_ms(s), "runs": len(s)} for name, s in samples.items()}


def batch(work: Path, env: dict[str, str], reps: int, pandoc: str | None, ref: Path | None) -> dict:
    inputs, md = make_batch(work / "batch", BATCH)
    out = work / "batch-out"
    mds = sorted(md.glob("*.md"))
    result: dict = {}
    for jobs in (1, 2):
        cmd = [*FAZHI, "render", str(inputs), "-o", str(out), "-j", str(jobs)]
        times = []
        for _ in range(reps):
            shutil.rmtree(out, ignore_errors=True)
            times.append(run(cmd, env))
        produced = len(list(out.glob("*.docx")))
        if produced != BATCH:
            raise SystemExit(f"批量只生成了 {produced} 份（应为 {BATCH}）")
        shutil.rmtree(out, ignore_errors=True)
        _, total, single = run_with_rss(cmd, env)  # its own run: sampling /proc costs CPU
        result[f"batch_j{jobs}"] = {"median_ms": med_ms(times), "runs": reps,
                                    "peak_rss_tree_mb": total, "peak_rss_largest_process_mb": single}
    if pandoc:
        pout = work / "pandoc-out"
        pout.mkdir()

        def one_by_one() -> float:
            t = time.perf_counter()
            for m in mds:
                run([pandoc, str(m), "-o", str(pout / (m.stem + ".docx")), f"--reference-doc={ref}"], env)
            return time.perf_counter() - t

        def two_at_a_time() -> float:
            t = time.perf_counter()
            pending = list(mds)
            running: list[subprocess.Popen] = []
            while pending or running:
                while pending and len(running) < 2:
                    m = pending.pop()
                    running.append(subprocess.Popen([pandoc, str(m), "-o", str(pout / (m.stem + ".docx")),
                                                     f"--reference-doc={ref}"], env=env))
                running[0].wait()
                running = [p for p in running if p.poll() is None]
            return time.perf_counter() - t

        result["pandoc_batch_sequential"] = {"median_ms": med_ms([one_by_one() for _ in range(reps)]), "runs": reps}
        result["pandoc_batch_2_parallel"] = {"median_ms": med_ms([two_at_a_time() for _ in range(reps)]), "runs": reps}
    return result


def pdf_batch(work: Path, env: dict[str, str], reps: int) -> dict:
    """PDF_BATCH reports to PDF: in one call (LibreOffice started once per worker) and one by one
    (`fazhi-draft pdf x.docx`, LibreOffice started each time). The one-by-one pass runs once:
    it is PDF_BATCH runs already, and the slowest part of the benchmark."""
    from fazhi_draft.verbs.pdf import find_soffice

    if find_soffice() is None:
        print("未找到 LibreOffice：跳过 PDF 批量的测量。", file=sys.stderr)
        return {}
    inputs, _ = make_batch(work / "pdf", PDF_BATCH)
    docx = work / "pdf" / "docx"
    subprocess.run([*FAZHI, "render", str(inputs), "-o", str(docx)], env=env, check=True, capture_output=True)
    files = sorted(docx.glob("*.docx"))
    out = work / "pdf" / "out"

    def made(n: int = PDF_BATCH) -> None:
        got = len(list(out.glob("*.pdf")))
        if got != n:
            raise SystemExit(f"PDF 只生成了 {got} 份（应为 {n}）")

    def one_call(cmd: list[str]) -> Callable[[], float]:
        def timed() -> float:
            shutil.rmtree(out, ignore_errors=True)
            t = run(cmd, env)
            made()
            return t
        return timed

    cases = {
        "pdf_folder_j1": one_call([*FAZHI, "pdf", str(docx), "-o", str(out)]),
        "pdf_folder_j2": one_call([*FAZHI, "pdf", str(docx), "-o", str(out), "-j", "2"]),
        "render_folder_pdf_j1": one_call([*FAZHI, "render", str(inputs), "-o", str(out), "--pdf"]),
    }
    samples = interleaved(cases, reps, warmup=1)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    singles = [run([*FAZHI, "pdf", str(f), "-o", str(out / (f.stem + ".pdf"))], env) for f in files]
    made()
    result = {name: {"median_ms": med_ms(v), "runs": len(v)} for name, v in samples.items()}
    result["pdf_one_by_one"] = {"median_ms": round(1000 * sum(singles), 1), "runs": 1,
                                "per_file_median_ms": med_ms(singles)}
    result["date"] = dt.date.today().isoformat()
    return result


def per_report(work: Path, reps: int) -> dict:
    """In this process, after imports: load + check, compose + .docx, at 1x/4x/16x."""
    from fazhi_draft.compose.composer import compose
    from fazhi_draft.verbs.render import _check
    from fazhi_draft.writers.docx import render_docx
    from fazhi_draft.layout import load_profile
    from fazhi_draft.input.load import load_report

    folder = work / "scaled"
    folder.mkdir()
    shutil.copy(SAMPLES / "2023.yaml", folder / "2023.yaml")
    profile = load_profile()
    rows = {}
    for k in SCALES:
        path = folder / f"x{k}.yaml"
        path.write_text(scaled_input(k), encoding="utf-8")

        def front(path: Path = path):  # noqa: ANN202
            loaded = load_report(path, read_only=True)  # as render_file reads it
            _check(loaded, ignore_errors=True)
            return loaded

        loaded = front()
        doc = compose(loaded.report)
        paragraphs = len(doc.blocks)
        t_front, t_back, t_compose = [], [], []
        for _ in range(2):  # warm-up
            front()
            render_docx(compose(loaded.report), profile)
        for _ in range(reps):
            t = time.perf_counter()
            front()
            t_front.append(time.perf_counter() - t)
            t = time.perf_counter()
            d = compose(loaded.report)
            t_compose.append(time.perf_counter() - t)
            render_docx(d, profile)
            t_back.append(time.perf_counter() - t)
        rows[f"{k}x"] = {"scale": k, "paragraphs": paragraphs, "yaml_kb": round(path.stat().st_size / 1024, 1),
                         "load_check_ms": med_ms(t_front), "compose_ms": med_ms(t_compose),
                         "compose_docx_ms": med_ms(t_back),
                         "total_ms": round(med_ms(t_front) + med_ms(t_back), 1)}
    base = rows["1x"]
    for row in rows.values():
        k = row["scale"]
        row["total_per_unit_ms"] = round(row["total_ms"] / k, 2)
        row["compose_docx_per_unit_ms"] = round(row["compose_docx_ms"] / k, 2)
        row["per_unit_vs_1x"] = round(row["total_per_unit_ms"] / base["total_per_unit_ms"], 2)
        row["compose_docx_per_unit_vs_1x"] = round(row["compose_docx_per_unit_ms"] / base["compose_docx_per_unit_ms"], 2)
    return rows


def prompts(env: dict[str, str], reps: int) -> dict:
    """Median ms per questionnaire prompt, with and without the key bindings built once
    (each run a fresh process, alternating; the median of the runs' medians)."""
    runs: dict[str, list[float]] = {"prompt_with_binding_cache": [], "prompt_without_binding_cache": []}
    for _ in range(reps):
        for key, switch in (("prompt_with_binding_cache", "on"), ("prompt_without_binding_cache", "off")):
            out = subprocess.run([PY, "-c", PROMPT_TIMER, switch, str(PROMPTS)], env=env, capture_output=True,
                                 text=True, check=True).stdout
            runs[key].append(float(out.split()[-1]) / 1000)
    return {key: {"median_ms": med_ms(v), "runs": len(v), "prompts_per_run": PROMPTS} for key, v in runs.items()}


# ---------------------------------------------------------------- report
def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    pandoc = shutil.which("pandoc")
    pandoc_version = None
    if pandoc:
        pandoc_version = subprocess.run([pandoc, "--version"], capture_output=True, text=True,
                                        check=False).stdout.split("\n")[0]
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "os": f"{platform.system()} {platform.release()}", "pandoc": pandoc_version,
            "date": dt.date.today().isoformat()}


def verdicts(res: dict) -> dict:
    cold, b, pr = res["cold"], res.get("batch", {}), res["per_report"]
    values = {
        "render_cold": cold["render_cold"]["median_ms"] / cold["floor_render"]["median_ms"],
        "check_cold": cold["check_cold"]["median_ms"] / cold["floor_check"]["median_ms"],
        "per_report_linear": pr[f"{SCALES[-1]}x"]["per_unit_vs_1x"],
    }
    if "pandoc_batch_sequential" in b:
        best = min(b["batch_j1"]["median_ms"], b["batch_j2"]["median_ms"])
        values["batch_vs_pandoc"] = best / b["pandoc_batch_sequential"]["median_ms"]
    if "batch_j2" in b:
        values["batch_peak_rss_mb"] = max(b["batch_j1"]["peak_rss_tree_mb"], b["batch_j2"]["peak_rss_tree_mb"])
    p = res.get("pdf") or {}
    if p:
        best = min(p["pdf_folder_j1"]["median_ms"], p["pdf_folder_j2"]["median_ms"])
        values["pdf_batch_vs_single"] = best / p["pdf_one_by_one"]["median_ms"]
    out = {}
    for key, (op, limit, label) in TARGETS.items():
        if key not in values:
            out[key] = {"target": label, "value": None, "met": None}
            continue
        v = round(values[key], 2)
        out[key] = {"target": label, "value": v, "limit": limit, "met": v <= limit if op == "<=" else v < limit}
    return out


def tables(res: dict) -> str:
    c, b, pr, m = res["cold"], res.get("batch", {}), res["per_report"], res["machine"]
    fr, fc = c["floor_render"]["median_ms"], c["floor_check"]["median_ms"]
    pd = c.get("pandoc_one", {}).get("median_ms")

    def ratio(v: float, base: float | None) -> str:
        return f"{v / base:.2f}x" if base else "—"

    head = (f"机器：{m['cpu']}，{m['cores']} 核，Python {m['python']}，{m['os']}，"
            f"{m['pandoc'] or '未装 pandoc'}，{m['date']}。中位数；冷启动各 {c['render_cold']['runs']} 次，"
            f"批量各 {b.get('batch_j1', {}).get('runs', 0)} 次。")
    lines = [head, "",
             "| 测量（冷启动，新进程） | 中位数 ms | 对下限 | 对 pandoc |", "|---|---:|---:|---:|"]
    rows = [("`python -c pass`", c["python_startup"]["median_ms"], None),
            ("导入下限（render）：docx + jinja2 + ruamel.yaml + BaseModel", fr, fr),
            ("导入下限（check）：ruamel.yaml + BaseModel", fc, fc),
            ("参考：check 下限 + 用一次 pydantic（一个单字段模型）", c["floor_check_one_model"]["median_ms"], fc),
            ("参考：check 下限 + ruamel 读两个样例 YAML（2024、2023）", c["floor_check_two_parses"]["median_ms"], fc),
            ("`fazhi-draft --help`", c["help"]["median_ms"], None),
            ("`fazhi-draft check` 样例（含同比）", c["check_cold"]["median_ms"], fc),
            ("`fazhi-draft render` 样例", c["render_cold"]["median_ms"], fr),
            ("`fazhi-draft render` 样例，首次运行（缓存为空）", c["render_cold_empty_cache"]["median_ms"], fr)]
    if pd:
        rows.append(("pandoc：同一报告的 Markdown → .docx（参考文档）", pd, None))
    for label, v, base in rows:
        lines.append(f"| {label} | {v:.1f} | {ratio(v, base) if base else '—'} | {ratio(v, pd)} |")
    if b:
        seq = b.get("pandoc_batch_sequential", {}).get("median_ms")
        lines += ["", f"| 批量 {BATCH} 份（各带去年文件） | 中位数 ms | 每份 ms | 对 {BATCH} 次 pandoc | 峰值 RSS（进程树合计 / 最大单进程） |",
                  "|---|---:|---:|---:|---:|"]
        for key, label in (("batch_j1", "`fazhi-draft render 文件夹 -j 1`"), ("batch_j2", "`fazhi-draft render 文件夹 -j 2`")):
            r = b[key]
            lines.append(f"| {label} | {r['median_ms']:.0f} | {r['median_ms'] / BATCH:.1f} | {ratio(r['median_ms'], seq)} "
                         f"| {r['peak_rss_tree_mb']:.0f} MB / {r['peak_rss_largest_process_mb']:.0f} MB |")
        if seq:
            par = b["pandoc_batch_2_parallel"]["median_ms"]
            lines.append(f"| pandoc {BATCH} 次，逐个运行 | {seq:.0f} | {seq / BATCH:.1f} | 1.00x | — |")
            lines.append(f"| pandoc {BATCH} 次，两个并行 | {par:.0f} | {par / BATCH:.1f} | {ratio(par, seq)} | — |")
    p = res.get("pdf") or {}
    if p:
        one = p["pdf_one_by_one"]["median_ms"]
        when = f"，{p['date']} 测" if p.get("date") and p["date"] != m["date"] else ""
        lines += ["", f"| PDF {PDF_BATCH} 份（LibreOffice{when}） | 中位数 ms | 每份 ms | 对逐份 {PDF_BATCH} 次 |",
                  "|---|---:|---:|---:|"]
        for key, label in (("pdf_folder_j1", "`fazhi-draft pdf 文件夹`（-j 1，LibreOffice 启动 1 次）"),
                           ("pdf_folder_j2", "`fazhi-draft pdf 文件夹 -j 2`（启动 2 次，同时运行）"),
                           ("render_folder_pdf_j1", "`fazhi-draft render 文件夹 --pdf`（含生成 .docx）")):
            r = p[key]
            lines.append(f"| {label} | {r['median_ms']:.0f} | {r['median_ms'] / PDF_BATCH:.0f} | {ratio(r['median_ms'], one)} |")
        lines.append(f"| `fazhi-draft pdf x.docx` 逐份 {PDF_BATCH} 次（每次启动 LibreOffice；每次中位数 "
                     f"{p['pdf_one_by_one']['per_file_median_ms']:.0f} ms） | {one:.0f} | {one / PDF_BATCH:.0f} | 1.00x |")
    lines += ["", "| 篇幅（进程内，导入之后） | 段落 | YAML KB | 读取+核对 ms | 组稿+写 .docx ms | 合计 ms | 每单位 ms | 每单位对 1x |",
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for key, r in pr.items():
        lines.append(f"| {key} | {r['paragraphs']} | {r['yaml_kb']} | {r['load_check_ms']:.1f} | {r['compose_docx_ms']:.1f} "
                     f"| {r['total_ms']:.1f} | {r['total_per_unit_ms']:.2f} | {r['per_unit_vs_1x']:.2f} |")
    if "check_cold_without_libyaml" in c:
        lines += ["", "| 我们自己的提速：有它 / 没有它（冷启动中位数 ms） | 有 | 没有 | 省下 |", "|---|---:|---:|---:|"]
        speedups = [("libyaml 读输入（`input/fastyaml.py`）：`check`", "check_cold", "check_cold_without_libyaml"),
                    ("libyaml 读输入（`input/fastyaml.py`）：`render`", "render_cold", "render_cold_without_libyaml"),
                    ("解析和模板缓存（`datacache.py`）：`check`", "check_cold", "check_cold_without_cache"),
                    ("解析和模板缓存（`datacache.py`）：`render`", "render_cold", "render_cold_without_cache")]
        for label, on, off in speedups:
            a, z = c[on]["median_ms"], c[off]["median_ms"]
            lines.append(f"| {label} | {a:.1f} | {z:.1f} | {z - a:.1f} |")
        q = res.get("prompts")
        if q:
            a, z = q["prompt_with_binding_cache"]["median_ms"], q["prompt_without_binding_cache"]["median_ms"]
            lines.append(f"| 问卷每个问题，按键绑定只建一次（`questions.py`；进程内，{PROMPTS} 问的中位数） "
                         f"| {a:.1f} | {z:.1f} | {z - a:.1f} |")
    lines += ["", "| 目标 | 实测 | 结果 |", "|---|---:|---|"]
    for v in res["verdicts"].values():
        got = "—" if v["value"] is None else (f"{v['value']:.2f}" if v["limit"] < 10 else f"{v['value']:.1f} MB")
        missing = "未测（无 LibreOffice）" if v["target"].startswith(f"{PDF_BATCH} 份转 PDF") else "未测（无 pandoc）"
        met = missing if v["met"] is None else ("达到" if v["met"] else "未达到")
        lines.append(f"| {v['target']} | {got} | {met} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=21, help="repetitions of each cold start (default 21)")
    ap.add_argument("--batch-reps", type=int, default=3, help="repetitions of each batch (default 3)")
    ap.add_argument("--quick", action="store_true", help="few repetitions, for trying the script")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    ap.add_argument("--table", action="store_true", help="only print the tables of the saved --out file again")
    ap.add_argument("--only", choices=["pdf"], help="measure only this part; the rest is kept from the --out file")
    args = ap.parse_args(argv)
    if args.table:
        res = json.loads(args.out.read_text(encoding="utf-8"))
        res["table_markdown"] = tables(res)
        args.out.write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(res["table_markdown"])
        return
    if args.quick:
        args.reps, args.batch_reps = 5, 1
    pandoc = shutil.which("pandoc")
    if not pandoc:
        print("未找到 pandoc：跳过与 pandoc 的对照（单份和 100 份），其余照常测量。", file=sys.stderr)
    res: dict = {"machine": machine()}
    if not _installed() and str(ROOT / "src") not in sys.path:  # a checkout without install
        sys.path.insert(0, str(ROOT / "src"))
    if args.only:  # the other parts (and the machine line) as the --out file has them
        res = json.loads(args.out.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        work = Path(tmp)
        env = child_env(work / "cache")
        os.environ["FAZHI_DRAFT_CACHE_DIR"] = str(work / "cache")  # this process too (content, 1x/4x/16x)
        if args.only == "pdf":
            print(f"PDF {PDF_BATCH} 份……", file=sys.stderr)
            res["pdf"] = pdf_batch(work, env, args.batch_reps)
    if args.only:
        _finish(res, args.out)
        return
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        work = Path(tmp)
        env = child_env(work / "cache")
        os.environ["FAZHI_DRAFT_CACHE_DIR"] = str(work / "cache")  # this process too (content, 1x/4x/16x)
        ref = None
        if pandoc:  # pandoc's own reference document, so pandoc styles its output as it knows how
            ref = work / "reference.docx"
            ref.write_bytes(subprocess.run([pandoc, "--print-default-data-file", "reference.docx"],
                                           capture_output=True, check=True).stdout)
        print("冷启动……", file=sys.stderr)
        res["cold"] = cold_starts(work, env, args.reps, pandoc, ref)
        print(f"批量 {BATCH} 份……", file=sys.stderr)
        res["batch"] = batch(work, env, args.batch_reps, pandoc, ref)
        print("篇幅 1x/4x/16x……", file=sys.stderr)
        res["per_report"] = per_report(work, max(5, args.reps // 2))
        print("问卷的问题……", file=sys.stderr)
        res["prompts"] = prompts(env, max(3, args.reps // 4))
        print(f"PDF {PDF_BATCH} 份……", file=sys.stderr)
        res["pdf"] = pdf_batch(work, env, args.batch_reps)
    _finish(res, args.out)


def _finish(res: dict, out: Path) -> None:
    """Verdicts and tables from `res`; printed, and all of it written to `out`."""
    res["verdicts"] = verdicts(res)
    text = tables(res)
    res["table_markdown"] = text
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(text)
    print(f"\n已写入 {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
