"""How fast is `fazhi-draft check 报告.docx`? (issue 16: checking a finished report's prose)

1. In process, after imports: reading one corpus report (.docx, as an office makes it:
   tests/readers_fixtures.py) and checking its prose (check/prose.py: recognise every
   figure, run the rules), median per report; beside it, one render of the 2024 sample to
   .docx (load + check + compose + write), the time the issue compares with.
   Also `import` + check: the report read, mapped and its figures marked into YAML
   (importer.import_document), then that YAML checked (check_file), as `fazhi-draft import`
   followed by `fazhi-draft check` do.
2. Cold, in a new process as a clerk runs it: `python -m fazhi_draft check 报告.docx`.
3. A folder of 100 reports (the four corpus reports' .docx, 25 copies each under other
   names) checked with `check 文件夹 -j 2`: wall time and reports per second.

Not run by the test suite. Usage: python benchmarks/check_documents.py [--reps N]
Writes benchmarks/check_documents.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def median_ms(fn, reps: int) -> float:
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def wall(cmd: list[str]) -> float:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    t = time.perf_counter()
    subprocess.run(cmd, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()

    from readers_fixtures import DOCX, NAMES, sources

    from fazhi_draft.check.prose import check_document
    from fazhi_draft.importer import import_document
    from fazhi_draft.compose.composer import compose
    from fazhi_draft.check import check_file
    from fazhi_draft.input.load import load_report
    from fazhi_draft.writers import write

    reports = [n for n in NAMES if n != NAMES[3]]  # 003 is an implementation plan, refused
    tmp = Path(tempfile.mkdtemp(prefix="fazhi-bench-check-"))
    try:
        srcs = sources()
        docs = {n: DOCX[n](srcs[n], tmp / f"{n}.docx") for n in reports}
        for path in docs.values():  # warm-up: imports, the recogniser's tables
            check_document(path)
        per_doc = {n[:3]: round(median_ms(lambda p=p: check_document(p), args.reps), 1) for n, p in docs.items()}

        def import_and_check(path: Path, name: str) -> None:
            imported = import_document(path)
            yaml = tmp / f"{name}.yaml"  # the date an import leaves for the clerk, as the clerk adds it
            yaml.write_text(imported.yaml.replace("  # date:", "  date: 2024-03-10  #", 1), encoding="utf-8")
            check_file(yaml)

        for n, p in docs.items():
            import_and_check(p, n[:3])
        per_import = {n[:3]: round(median_ms(lambda p=p, n=n: import_and_check(p, n[:3]), args.reps), 1)
                      for n, p in docs.items()}

        sample = ROOT / "samples" / "2024.yaml"

        def render() -> None:
            check_file(sample)
            write("docx", compose(load_report(sample).report))

        render()
        render_ms = round(median_ms(render, args.reps), 1)

        py = sys.executable
        cold = [wall([py, "-m", "fazhi_draft", "check", str(docs[reports[0]])]) for _ in range(args.reps)]
        cold_render = [wall([py, "-m", "fazhi_draft", "render", str(sample), "-o", str(tmp / "out.docx"), "-f"])
                       for _ in range(args.reps)]

        folder = tmp / "100"
        folder.mkdir()
        for i in range(100):
            n = reports[i % len(reports)]
            shutil.copyfile(docs[n], folder / f"{i:03d}_{n[:3]}.docx")
        batch = [wall([py, "-m", "fazhi_draft", "check", str(folder), "-j", "2"]) for _ in range(3)]
        batch_s = statistics.median(batch)

        res = {
            "in_process_check_one_docx_ms": per_doc,
            "in_process_check_median_ms": statistics.median(per_doc.values()),
            "in_process_import_and_check_one_docx_ms": per_import,
            "in_process_import_and_check_median_ms": statistics.median(per_import.values()),
            "in_process_render_2024_sample_docx_ms": render_ms,
            "cold_check_one_docx_ms": round(statistics.median(cold) * 1000, 1),
            "cold_render_2024_sample_ms": round(statistics.median(cold_render) * 1000, 1),
            "folder_100_docx_j2_s": round(batch_s, 2),
            "folder_100_docx_j2_reports_per_s": round(100 / batch_s, 1),
            "cores": os.cpu_count(),
            "python": sys.version.split()[0],
        }
        (ROOT / "benchmarks" / "check_documents.json").write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n",
                                                                  encoding="utf-8")
        print(json.dumps(res, indent=2, ensure_ascii=False))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
