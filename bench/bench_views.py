"""Benchmark: the pictures (``dutygraph viz``, ``chart``, ``report``), against the
code of commit dc1100e measured in the same run.

Run with ``python bench/bench_views.py`` (``--runs N``, ``--process-runs N``,
``--baseline DIR`` for a checkout of the baseline, ``--no-baseline``,
``--no-process``). Two parts:

* **In process, from loaded tables.** The bundled plan is built into an in-memory
  store and its tables loaded once; then each view (``render_view``), each chart
  (``chart_bytes``, PNG) and the whole report (``report_files``: four views, three
  charts, ``index.html``) is rendered from a *fresh* ``Tables`` each run, so no
  layout or table computed in one run helps the next, after one untimed warm-up
  (imports, font discovery). Budgets: each view and each chart ≤ 0.8 s CPU, the
  report ≤ 2 s.
* **Whole processes.** ``dutygraph viz --view …``, ``chart --kind … -o x.png`` and
  ``report -o DIR`` as child processes (CPU from ``RUSAGE_CHILDREN``), with a warm
  graph cache (a private ``DUTYGRAPH_CACHE_DIR``, filled by the warm-up run).
  Budgets: viz and chart ≤ 1.5 s CPU, report ≤ 3 s. The baseline code has no cache:
  its numbers include the parse and build every command paid then.

Each side runs in its own interpreter (``--worker``) with ``PYTHONPATH`` pointing at
its code; the baseline is ``git archive dc1100e`` unpacked into a temporary folder.
Medians of CPU time (``process_time``) and wall time are printed with the ratio of
CPU times, current / baseline. Exit status 1 when a CPU budget is missed.

Measured here (2 cores shared with other jobs, load average 4-5; CPU s, median;
the baseline in parentheses):

    in process   view load 0.12 (0.75)  tasks 0.24 (0.63)  districts 0.06 (0.07)
                 overlaps 0.05 (0.08)   chart load 0.19 (0.21)  districts 0.21 (0.29)
                 sections 0.68 (0.93)   report 1.66 (2.63)
    processes    viz load 1.39 (3.58)   tasks 0.97 (2.49)  districts 0.92 (1.71)
                 overlaps 0.87 (1.81)   chart load 1.27 (2.60)  districts 1.38 (2.38)
                 sections 1.66 (3.28)   report 3.82 (7.02)

A whole process is mostly imports: pandas (0.45 s), matplotlib (0.4 s) for charts,
scipy.optimize (0.4 s) for the load view's Kamada-Kawai layout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import dutygraph_command, median_child_cpu_wall, median_cpu_wall

REPO = Path(__file__).resolve().parents[1]
BASELINE_COMMIT = "dc1100e"
VIEWS = ("load", "tasks", "districts", "overlaps")
CHARTS = ("load", "districts", "sections")
IN_PROCESS_BUDGET = {"view": 0.8, "chart": 0.8, "report": 2.0}
PROCESS_BUDGET = {"viz": 1.5, "chart": 1.5, "report": 3.0}


# --- worker: runs inside the interpreter of one side ---------------------------------


def _load_tables():
    """The bundled plan's tables, with whichever API this side's code has."""
    try:
        from graph.store.local import memory_store
    except ImportError:  # the baseline: one module per concern at the top level
        from graph.store import memory_store
    try:
        from graph.analytics.frames import load_tables
    except ImportError:
        from graph.analytics.tables import load_tables
    return load_tables(memory_store())


def worker(runs: int) -> None:
    """Print {case: [cpu, wall]} for every in-process case, as JSON."""
    from graph.views import render_view
    from graph.views.charts import chart_bytes
    from graph.views.report import report_files

    tables = _load_tables()

    def fresh():
        return type(tables)(tables.assignments, tables.items, tables.targets, tables.store)

    cases = {f"view {v}": (lambda v=v: render_view(fresh(), v)) for v in VIEWS}
    cases |= {f"chart {k}": (lambda k=k: chart_bytes(fresh(), k, "png")) for k in CHARTS}
    cases["report"] = lambda: report_files(fresh(), Path("report"))
    out = {name: list(median_cpu_wall(fn, runs)) for name, fn in cases.items()}
    print(json.dumps(out))


# --- driver ----------------------------------------------------------------------------


def _in_process(root: Path, runs: int) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", "--runs", str(runs)]
    done = subprocess.run(
        command, env=env, cwd=tempfile.gettempdir(), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _process_cases(out: Path) -> dict[str, list[str]]:
    cases = {f"viz {v}": ["viz", "--view", v, "-o", str(out / f"{v}.html")] for v in VIEWS}
    cases |= {f"chart {k}": ["chart", "--kind", k, "-o", str(out / f"{k}.png")] for k in CHARTS}
    cases["report"] = ["report", "-o", str(out / "report")]
    return cases


def _processes(command: list[str], env: dict[str, str], runs: int) -> dict[str, list[float]]:
    """Median CPU and wall of each whole-process case. They run from an empty folder:
    ``python -m graph`` puts the working directory first on ``sys.path``, so from the
    repository the baseline would import the current code."""
    results = {}
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="dutygraph-bench-views-") as folder:
        os.chdir(folder)
        try:
            prefix = ["env", *(f"{k}={v}" for k, v in env.items())]
            for name, args in _process_cases(Path(folder)).items():
                results[name] = list(median_child_cpu_wall([*prefix, *command, *args], runs))
        finally:
            os.chdir(here)
    return results


def _baseline_checkout(folder: Path) -> Path | None:
    """``git archive`` of the baseline commit unpacked into ``folder`` (None if git fails)."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", "--format=tar", BASELINE_COMMIT],
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return folder


def _table(title: str, now: dict, base: dict | None, budgets: dict[str, float]) -> bool:
    print(f"\n{title}")
    print(f"{'':16s} {'CPU s':>7s} {'wall s':>7s} {'base CPU':>9s} {'ratio':>6s} {'budget':>7s}")
    ok = True
    for name, (cpu, wall) in now.items():
        budget = budgets[name.split()[0]]
        ok &= cpu <= budget
        if base and name in base:
            b = base[name][0]
            extra = f"{b:9.2f} {cpu / b:6.2f}"
        else:
            extra = f"{'':9s} {'':6s}"
        flag = "" if cpu <= budget else "  over budget"
        print(f"{name:16s} {cpu:7.2f} {wall:7.2f} {extra} {budget:7.1f}{flag}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=5, help="in-process runs per case")
    parser.add_argument("--process-runs", type=int, default=3, help="whole-process runs per case")
    parser.add_argument("--baseline", type=Path, help="a checkout of the baseline commit")
    parser.add_argument("--no-baseline", action="store_true", help="measure the current code only")
    parser.add_argument("--no-process", action="store_true", help="skip the whole-process part")
    args = parser.parse_args()
    if args.worker:
        worker(args.runs)
        return 0

    scratch = Path(tempfile.mkdtemp(prefix="dutygraph-bench-views-base-"))
    try:
        base_root = None
        if not args.no_baseline:
            base_root = args.baseline or _baseline_checkout(scratch)
            if base_root is None:
                print(f"(no baseline: git archive {BASELINE_COMMIT} failed)")
        now = _in_process(REPO, args.runs)
        base = _in_process(base_root, args.runs) if base_root else None
        ok = _table("In process, from loaded tables (median)", now, base, IN_PROCESS_BUDGET)
        if not args.no_process:
            cache = scratch / "cache"
            env = {"DUTYGRAPH_CACHE_DIR": str(cache)}
            now_p = _processes(dutygraph_command(), env, args.process_runs)
            base_p = None
            if base_root:
                base_env = {"PYTHONPATH": str(base_root), "DUTYGRAPH_CACHE_DIR": str(cache)}
                base_p = _processes([sys.executable, "-m", "graph"], base_env, args.process_runs)
            ok &= _table(
                "Whole process, warm cache (median; baseline builds the plan each run)",
                now_p,
                base_p,
                PROCESS_BUDGET,
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
