"""Benchmark: the synthetic corpus generator, ``compare``, and duplicate detection.

Run with ``python bench/bench_compare.py`` (about two minutes). It prints medians of
CPU time (``process_time``; ``RUSAGE_CHILDREN`` for subprocesses) next to wall time,
each with a baseline measured in the same run:

* generating 1,000 plans (``bench/synth.py 1000 DIR``, a subprocess, one run: budget
  40 s of CPU, "well under a minute") against 16 plans in-process (per plan: the
  generator must scale linearly) and against writing 1,000 copies of the bundled
  plan's text (the I/O floor);
* ``compare_plans`` on two synthetic years of one issuer, on two issuers, and on the
  bundled plan against itself (budget 1 s of CPU each), against parsing one plan and
  against scoring every pair of items (what candidate blocking saves);
* ``dutygraph compare A B --quiet`` as a command, against ``dutygraph --help``;
* duplicate detection (``overlaps.duplicates``) on the bundled plan, against
  scoring every pair of items with the same formula.

Exit status 1 if a budget is exceeded. Timings are never asserted in the tests.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
import time
from pathlib import Path

from timing import dutygraph_command, median_child_cpu_wall, median_cpu_wall

HERE = Path(__file__).resolve().parent
GENERATE_BUDGET = 40.0  # CPU seconds for 1,000 plans
COMPARE_BUDGET = 1.0  # CPU seconds for one comparison
RUNS = 7


def _line(label: str, cpu: float, wall: float, base: tuple[float, float] | None = None) -> str:
    ratio = f"   ×{cpu / base[0]:.2f} CPU" if base and base[0] else ""
    return f"  {label:<52} {cpu * 1000:9.1f} ms CPU {wall * 1000:9.1f} ms wall{ratio}"


def generation(results: list[str]) -> bool:
    import synth

    from graph.data import bundled_plan_path

    small = median_cpu_wall(lambda: synth.generate_corpus(16, seed=0), 3)
    text = bundled_plan_path().read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:

        def floor() -> None:
            for n in range(1000):
                (Path(folder) / f"{n}.txt").write_text(text, encoding="utf-8")

        io_floor = median_cpu_wall(floor, 3)
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, str(HERE / "synth.py"), "1000", folder, "--seed", "0"]
        big = median_child_cpu_wall(command, 1, warmup=0)
    per_small, per_big = small[0] / 16, big[0] / 1000
    results += [
        "generation",
        _line("16 plans, in process", *small),
        _line("1,000 plans, synth.py as a command", *big, io_floor),
        _line("  baseline: write 1,000 copies of the bundled text", *io_floor),
        f"  per plan: {per_small * 1000:.1f} ms CPU at 16, {per_big * 1000:.1f} ms at 1,000"
        f" (×{per_big / per_small:.2f})",
    ]
    return big[0] <= GENERATE_BUDGET


def comparisons(results: list[str]) -> bool:
    import synth

    from graph.analytics import compare as cmp
    from graph.parse.plan import parse_plan

    ok = True
    corpus = synth.generate_corpus(16, seed=1)
    folder = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    plans = {}
    for plan in corpus.plans:
        (folder / plan.file).write_text(plan.text, encoding="utf-8")
        plans[plan.slug] = parse_plan(folder / plan.file)
    bundled = parse_plan()
    parse = median_cpu_wall(parse_plan, RUNS)
    results.append("compare (in process, two parsed plans)")
    results.append(_line("baseline: parse the bundled plan", *parse))
    for label, a, b in (
        ("two years of one issuer (wuhan-2022 → 2023)", plans["wuhan-2022"], plans["wuhan-2023"]),
        ("two issuers (wuhan-2022 → chengdu-2022)", plans["wuhan-2022"], plans["chengdu-2022"]),
        ("the bundled plan against itself", bundled, bundled),
    ):
        timed = median_cpu_wall(lambda a=a, b=b: cmp.compare_plans(a, b), RUNS)
        sa, sb = cmp._Side.of(a), cmp._Side.of(b)
        pairs = list(itertools.product(range(len(a.items)), range(len(b.items))))
        every = median_cpu_wall(
            lambda sa=sa, sb=sb, pairs=pairs: [cmp._score(sa, sb, i, j) for i, j in pairs], 3
        )
        results.append(_line(label, *timed, parse))
        results.append(_line(f"  baseline: score all {len(pairs):,} pairs", *every))
        ok &= timed[0] <= COMPARE_BUDGET
    a, b = folder / "wuhan-2022.txt", folder / "wuhan-2023.txt"
    command = dutygraph_command()
    whole = median_child_cpu_wall([*command, "compare", str(a), str(b), "--quiet"], 5)
    help_ = median_child_cpu_wall([*command, "--help"], 5)
    results.append(_line("dutygraph compare (two synthetic years, a command)", *whole, help_))
    results.append(_line("  baseline: dutygraph --help", *help_))
    return ok


def duplicates(results: list[str]) -> None:
    from graph.analytics import overlaps
    from graph.analytics.frames import load_tables
    from graph.store.local import memory_store

    tables = load_tables(memory_store())
    refs = list(tables.items["ref"])
    texts = dict(zip(tables.items["ref"], tables.items["text"], strict=True))
    grams = {r: overlaps.bigrams(str(texts[r])) for r in refs}

    def blocked() -> None:
        overlaps._duplicates(tables, 0.55)

    def every_pair() -> None:
        for a, b in itertools.combinations(refs, 2):
            ga, gb = grams[a], grams[b]
            if ga and gb:
                len(ga & gb) / min(len(ga), len(gb))

    timed = median_cpu_wall(blocked, RUNS)
    base = median_cpu_wall(every_pair, RUNS)
    results.append("duplicate detection (bundled plan, min_score 0.55)")
    results.append(_line("prefix filter + figure buckets, scored and described", *timed, base))
    results.append(_line("  baseline: containment of all 51,681 pairs only", *base))


def main() -> int:
    results: list[str] = []
    started = time.perf_counter()
    ok = generation(results)
    ok &= comparisons(results)
    duplicates(results)
    print("\n".join(results))
    print(f"(whole benchmark {time.perf_counter() - started:.0f} s wall)")
    if not ok:
        print("budget exceeded", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
