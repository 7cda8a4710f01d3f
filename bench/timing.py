"""Shared helpers for the benchmark scripts: medians of repeated runs and the
installed ``dutygraph`` command. Benchmarks print medians and ratios against a
baseline measured in the same run; tests never time anything."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path


def median_time(fn: Callable[[], object], runs: int, warmup: int = 1) -> float:
    """Median wall time of ``fn`` over ``runs`` calls, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_cpu_wall(fn: Callable[[], object], runs: int, warmup: int = 1) -> tuple[float, float]:
    """Medians of CPU time (``process_time``) and wall time of ``fn`` over ``runs`` calls.

    CPU time is what the budgets are about: on a shared machine the wall time of the
    same code can double while its CPU time stays put, so a busy machine can neither
    hide slow code nor fake a regression. Both are reported side by side.
    """
    for _ in range(warmup):
        fn()
    cpu, wall = [], []
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall)


def interleaved(
    cases: Sequence[tuple[Hashable, Callable[[], object]]], rounds: int, warmup: int = 1
) -> dict[Hashable, tuple[float, float]]:
    """Medians of CPU and wall time of each case, run in rounds: every case once per
    round, in the order given, after ``warmup`` untimed rounds.

    On a shared host the machine's speed drifts over seconds; runs of one case in a
    row can all fall in one slow spell. Interleaved, every case sees the same spells,
    so the medians compare cases fairly and vary less from one run of the script to
    the next.
    """
    for _ in range(warmup):
        for _, fn in cases:
            fn()
    cpu: dict[Hashable, list[float]] = {key: [] for key, _ in cases}
    wall: dict[Hashable, list[float]] = {key: [] for key, _ in cases}
    for _ in range(rounds):
        for key, fn in cases:
            c0, w0 = time.process_time(), time.perf_counter()
            fn()
            cpu[key].append(time.process_time() - c0)
            wall[key].append(time.perf_counter() - w0)
    return {key: (statistics.median(cpu[key]), statistics.median(wall[key])) for key in cpu}


def median_child_cpu_wall(command: list[str], runs: int, warmup: int = 1) -> tuple[float, float]:
    """Medians of a subprocess's CPU time (user + system, ``RUSAGE_CHILDREN``) and wall."""
    import resource

    run = run_quietly(command)
    for _ in range(warmup):
        run()
    cpu, wall = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        w0 = time.perf_counter()
        run()
        wall.append(time.perf_counter() - w0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(cpu), statistics.median(wall)


def dutygraph_command() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m graph``."""
    beside = Path(sys.executable).with_name("dutygraph")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("dutygraph")
    return [found] if found else [sys.executable, "-m", "graph"]


def run_quietly(command: list[str]) -> Callable[[], None]:
    """A callable that runs ``command`` with its output discarded (fails loudly)."""

    def run() -> None:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    return run


def instructions_per_call(setup: str, call: str, calls: int = 5) -> int | None:
    """Machine instructions one ``call`` executes, counted by Valgrind's callgrind:
    a fresh interpreter runs ``setup`` and then ``call`` ``calls`` times, and again
    with no calls; the difference over ``calls``. None without ``valgrind``.

    Unlike time, the count does not move with the machine's load or clock, so an
    A/B of two versions of the code is exact on any host (it is about 50 times
    slower to measure). It ignores cache misses and other stalls.
    """
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None

    def collected(n: int) -> int:
        code = f"{setup}\nfor _ in range({n}):\n    {call}\n"
        out = subprocess.run(
            [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null"]
            + [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
        )
        found = re.search(r"Collected : (\d+)", out.stderr)
        if found is None:
            raise RuntimeError(f"no instruction count from valgrind:\n{out.stderr[-2000:]}")
        return int(found.group(1))

    return (collected(calls) - collected(0)) // calls
