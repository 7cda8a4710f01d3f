"""Shared helpers for the benchmark scripts: medians of repeated runs and the
installed ``dutygraph`` command. Benchmarks print medians and ratios against a
baseline measured in the same run; tests never time anything."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
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
