"""Benchmark: whole ``dutygraph`` processes on the bundled plan, cold and warm.

Run with ``python bench/bench_cli.py [--runs N]`` (default 3). Every graph-reading
command runs N times as a subprocess, twice over:

* cold: ``--no-cache``, so the plan is parsed and built into an in-memory store on
  every run (what every run cost before the cache);
* warm: with the cache of built graphs (``graph.store.cache``) filled by one
  untimed run first, so the run opens the kept store, tables and answer.

For each command it prints the median CPU time of the whole process (user + system,
``RUSAGE_CHILDREN``) and the median wall time, the budget (CPU, warm), and warm/cold,
the ratio against the cold run measured in the same run. Budgets: ``--help`` 0.15 s;
every named query, ``load``, ``overlaps``, ``structure``, ``show REF``, ``targets``
and ``network`` 0.5 s. ``viz``, ``chart`` and ``report`` are shown without a budget.

The cache lives in a temporary folder (``DUTYGRAPH_CACHE_DIR``), never the user's.
Exit status 1 if a budget is missed. Timings are never asserted in the tests.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from timing import dutygraph_command, median_child_cpu_wall

HELP_BUDGET = 0.15
COMMAND_BUDGET = 0.5


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (Chinese takes two)."""
    from graph.export.render import display_width

    return text + " " * max(width - display_width(text), 0)


def named_queries() -> list[str]:
    from graph.store.library import library

    return sorted(library())


def commands(out: Path) -> list[tuple[str, list[str], float | None]]:
    """(label, arguments, CPU budget or None) for every command measured."""
    rows: list[tuple[str, list[str], float | None]] = [
        (f"query {name}", ["query", name], COMMAND_BUDGET) for name in named_queries()
    ]
    rows += [
        ("load", ["load"], COMMAND_BUDGET),
        ("overlaps", ["overlaps"], COMMAND_BUDGET),
        ("structure", ["structure"], COMMAND_BUDGET),
        ("show 2.201", ["show", "2.201"], COMMAND_BUDGET),
        ("show 市水务局", ["show", "市水务局"], COMMAND_BUDGET),
        ("targets", ["targets"], COMMAND_BUDGET),
        ("network", ["network", "-o", str(out / "units.graphml")], COMMAND_BUDGET),
        ("viz --view load", ["viz", "--view", "load", "-o", str(out / "load.html")], None),
        ("chart --kind load", ["chart", "--kind", "load", "-o", str(out / "load.svg")], None),
        ("report", ["report", "-o", str(out / "report")], None),
    ]
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per command and mode")
    args = parser.parse_args()
    runs = args.runs
    dutygraph = dutygraph_command()
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        tmp_path = Path(tmp)
        os.environ["DUTYGRAPH_CACHE_DIR"] = str(tmp_path / "cache")  # inherited by the runs
        out = tmp_path / "out"
        out.mkdir()
        print(f"dutygraph: {' '.join(dutygraph)}; {runs} runs each; CPU = user + system")
        header = (
            f"{'command':<26} {'cold cpu':>9} {'cold wall':>9} {'warm cpu':>9} "
            f"{'warm wall':>9} {'budget':>7} {'warm/cold':>9}"
        )
        print(header)
        print("-" * len(header))
        ok = True
        help_cpu, help_wall = median_child_cpu_wall([*dutygraph, "--help"], runs)
        verdict = "ok" if help_cpu <= HELP_BUDGET else "OVER BUDGET"
        print(
            f"{'--help':<26} {'-':>9} {'-':>9} {help_cpu:>9.3f} {help_wall:>9.3f} "
            f"{HELP_BUDGET:>7.2f} {'-':>9}  {verdict}"
        )
        ok &= help_cpu <= HELP_BUDGET
        for label, arguments, budget in commands(out):
            command = [*dutygraph, *arguments]
            cold_cpu, cold_wall = median_child_cpu_wall([*command, "--no-cache"], runs, warmup=0)
            warm_cpu, warm_wall = median_child_cpu_wall(command, runs, warmup=1)
            within = budget is None or warm_cpu <= budget
            ok &= within
            shown = "-" if budget is None else f"{budget:.2f}"
            verdict = "" if budget is None else ("ok" if within else "OVER BUDGET")
            print(
                f"{pad(label, 26)} {cold_cpu:>9.3f} {cold_wall:>9.3f} {warm_cpu:>9.3f} "
                f"{warm_wall:>9.3f} {shown:>7} {warm_cpu / cold_cpu:>9.2f}  {verdict}"
            )
            sys.stdout.flush()
    print("all within budget" if ok else "some commands are over budget")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
