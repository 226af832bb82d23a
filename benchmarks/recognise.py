"""How fast is the figure recogniser? Naming every figure of one whole report, in process.

For each corpus document (tests/corpus/source/, as scraped): the median and fastest time of
`recognise_text(text)` (every sentence: find the figures, match the spec's phrases, name the
indicators, resolve conflicts), and of `find_figures` alone over its sentences, after a
warm-up. Also once per process: building the recogniser from the loaded spec (the phrase
trie), and a cold `import fazhi_draft.figures.recognise` in a new process. For scale, the
in-process time of one render of the 2024 sample to .docx (compose + write).

Not run by the test suite. Usage: python benchmarks/recognise.py [--reps N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tests" / "corpus" / "source"


def times_ms(fn, reps: int) -> list[float]:  # noqa: ANN001
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=30)
    args = parser.parse_args()

    from fazhi_draft.compose.composer import compose
    from fazhi_draft.figures.prose import find_figures, sentences
    from fazhi_draft.figures.recognise import Recogniser
    from fazhi_draft.input.load import load_report
    from fazhi_draft.structure import load_spec
    from fazhi_draft.writers import write

    spec = load_spec()
    build = statistics.median(times_ms(lambda: Recogniser(spec), max(5, args.reps // 3)))
    rec = Recogniser(spec)

    print("| 文件 | 字数 | 数字 | 认出指标 | 整份识别 中位数 ms | 最快 ms | 其中只找数字 中位数 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for path in sorted(SOURCES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        parts = [text[s:e] for s, e in sentences(text)]
        results = rec.recognise_text(text)  # warm-up
        whole = times_ms(lambda: rec.recognise_text(text), args.reps)
        finding = times_ms(lambda: [find_figures(p) for p in parts], args.reps)
        named = sum(1 for r in results if r.key)
        print(f"| {path.name} | {len(text)} | {len(results)} | {named} | {statistics.median(whole):.1f} "
              f"| {min(whole):.1f} | {statistics.median(finding):.1f} |")

    code = "import fazhi_draft.figures.recognise"
    cold = statistics.median(times_ms(lambda: subprocess.run([sys.executable, "-c", code], check=True), 5))
    floor = statistics.median(times_ms(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 5))
    report = load_report(ROOT / "samples" / "2024.yaml").report
    render = statistics.median(times_ms(lambda: write("docx", compose(report)), max(5, args.reps // 3)))
    print()
    print(f"建识别器（短语字典树，每个进程一次，规格已载入）：{build:.1f} ms")
    print(f"新进程 import fazhi_draft.figures.recognise：{cold:.0f} ms（空 Python 进程 {floor:.0f} ms）")
    print(f"参考：进程内 render 示例 2024 → .docx（compose + write）：{render:.1f} ms")


if __name__ == "__main__":
    main()
