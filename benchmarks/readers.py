"""How fast are the readers? Reading each corpus document in each format, in process.

Builds the test fixtures (tests/readers_fixtures.py: the five corpus documents as .txt,
.docx, portal .html and, with LibreOffice, .pdf) into a temporary folder, then for each
format: the median time to read one document in process after a warm-up (all five
documents, several repetitions), and a cold run in a new process (`python -c "from
fazhi_draft.readers import read; read(path)"`, imports included). For scale, the same
in-process time of one render of the 2024 sample to .docx (compose + write).

Not run by the test suite. Usage: python benchmarks/readers.py [--reps N]
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()

    from readers_fixtures import NAMES, build_all

    from fazhi_draft.compose.composer import compose
    from fazhi_draft.readers import read
    from fazhi_draft.writers import write
    from fazhi_draft.input.load import load_report

    tmp = Path(tempfile.mkdtemp(prefix="fazhi-bench-readers-"))
    try:
        files = build_all(tmp)
        rows = []
        engines = [("pdf", "pdftotext")] if shutil.which("pdftotext") else []
        try:
            import pdfminer  # noqa: F401
            engines.append(("pdf", "pdfminer"))
        except ImportError:
            pass
        cases = [(fmt, "") for fmt in ("txt", "docx", "html")] + (engines if "pdf" in files else [])
        for fmt, engine in cases:
            paths = [files[fmt][n] for n in NAMES]
            real = shutil.which
            if engine == "pdfminer":
                shutil.which = lambda n: None if n == "pdftotext" else real(n)
            try:
                for p in paths:  # warm-up: imports, caches
                    read(p)
                per_doc = [median_ms(lambda p=p: read(p), args.reps) for p in paths]
            finally:
                shutil.which = real
            cold = None
            if engine != "pdfminer":
                code = f"from fazhi_draft.readers import read; read({str(paths[0])!r})"
                cold = median_ms(lambda: subprocess.run([sys.executable, "-c", code], check=True),
                                 max(3, args.reps // 2))
            label = f".{fmt}" + (f"（{engine}）" if engine else "")
            rows.append((label, statistics.median(per_doc), max(per_doc), cold))

        report = load_report(ROOT / "samples" / "2024.yaml").report
        render = median_ms(lambda: write("docx", compose(report)), args.reps)

        print("| 格式 | 进程内读一份（中位数 ms） | 最慢的一份 ms | 冷启动新进程读一份 ms |")
        print("|---|---:|---:|---:|")
        for label, med, worst, cold in rows:
            print(f"| {label} | {med:.1f} | {worst:.1f} | {'—' if cold is None else f'{cold:.0f}'} |")
        print(f"| 参考：进程内 render 示例 2024 → .docx（compose + write） | {render:.1f} | — | — |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
