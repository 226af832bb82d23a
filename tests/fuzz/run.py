"""`make fuzz`: the property tests' mutated inputs, 10,000 of them and more, against `check`
and `render` in-process (fazhi_draft.cli.main).

Fails (exit 1) on:
  - an internal error: exit 3, "内部错误" in the output, or any exception that is not ours
    to show (a UserError becomes exit 1 inside cli.main; anything else escaping is a bug);
  - `check` reading a file that `render --ignore-errors` then fails on, or the reverse;
  - a single command running over --seconds (5 s): an alarm stops it;
  - memory: the process may address at most --memory MB (RLIMIT_AS; a runaway allocation is
    then a MemoryError, so exit 3), and its peak resident size may grow at most --growth MB
    (256) over what it had after the first example.
Hypothesis shrinks a failure to a small input and prints it. At the end one line says how many
examples ran, how long it took, the slowest single command and the memory peak.

    python tests/fuzz/run.py [--examples 10000] [--seed N] [--seconds 5] [--memory 3072] [--growth 256]
"""

from __future__ import annotations

import argparse
import resource
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for `fuzz.strategies`

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fuzz.strategies import mutated_yaml, run_verbs  # noqa: E402


BATCH = 1000
PRIORS = st.one_of(st.none(), st.none(), st.none(), mutated_yaml())  # a fourth with last year's file mutated too


class TooSlow(BaseException):
    """Raised by the alarm; a BaseException so cli.main's own `except Exception` lets it through."""


def _alarm(signum, frame):  # noqa: ANN001, ARG001
    raise TooSlow


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--memory", type=int, default=3072, help="address space, MB")
    parser.add_argument("--growth", type=int, default=256, help="peak RSS growth allowed, MB")
    args = parser.parse_args()

    limit = args.memory * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGALRM, _alarm)
    stats = {"examples": 0, "commands": 0, "slowest": 0.0, "slowest_argv": "", "base_rss": None}
    folder = Path(tempfile.mkdtemp(prefix="fazhi-fuzz-"))

    def one(text: str, prior: str | None, fmt: str) -> None:
        stats["examples"] += 1
        signal.setitimer(signal.ITIMER_REAL, args.seconds * 3)  # check + render, each timed below
        try:
            runs = run_verbs(folder, text, prior, formats=(fmt,))
        except TooSlow:
            raise AssertionError(f"over {args.seconds * 3:.0f} s for check and render together") from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        for run in runs:
            stats["commands"] += 1
            if run.seconds > stats["slowest"]:
                stats["slowest"], stats["slowest_argv"] = run.seconds, " ".join(run.argv[:1])
            assert run.seconds <= args.seconds, f"{' '.join(run.argv)} took {run.seconds:.1f} s"
        if stats["base_rss"] is None:
            stats["base_rss"] = _rss_mb()
        grown = _rss_mb() - stats["base_rss"]
        assert grown <= args.growth, f"peak memory grew by {grown:.0f} MB (limit {args.growth} MB)"
        if stats["examples"] % 1000 == 0:
            print(f"  {stats['examples']} examples, {time.monotonic() - started:.0f} s, "
                  f"peak RSS {_rss_mb():.0f} MB", flush=True)

    # Batches of BATCH examples, each a fresh hypothesis run with its own seed: hypothesis keeps
    # what it has tried for the whole of a run (about 50 KB an example), which would otherwise
    # be most of the memory growth measured here.
    started = time.monotonic()
    failed = False
    try:
        for k in range(0, args.examples, BATCH):
            batch = seed(args.seed + k)(settings(
                max_examples=min(BATCH, args.examples - k), deadline=None, database=None,
                suppress_health_check=list(HealthCheck), phases=[Phase.generate, Phase.shrink],
            )(given(mutated_yaml(), PRIORS, st.sampled_from(["docx", "docx", "docx", "md"]))(one)))
            batch()
    except Exception as exc:  # noqa: BLE001 - its notes hold hypothesis's shrunk input
        failed = True
        report = "".join(traceback.format_exception(exc))
        print(report if len(report) < 20_000 else report[:10_000] + "\n…\n" + report[-10_000:], file=sys.stderr)
    took = time.monotonic() - started
    print(f"make fuzz: {stats['examples']} examples ({stats['commands']} check/render runs) in {took:.0f} s; "
          f"slowest single run {stats['slowest']:.2f} s ({stats['slowest_argv']}); "
          f"peak RSS {_rss_mb():.0f} MB; {'FAILED' if failed else 'no internal error'}")
    return 1 if failed or stats["examples"] < args.examples else 0


if __name__ == "__main__":
    sys.exit(main())
