"""Worker processes for per-plan work on a corpus (building plans, keeping their
answers): one rule for when they are worth starting, one way to start them."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor


def worker_count(jobs: int, workers: int | None = None) -> int:
    """How many worker processes ``jobs`` pieces of work get: one per CPU (or
    ``workers``), and none (0: do them in this process) for fewer than three jobs or
    one CPU, where starting processes costs more than it saves."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    return 0 if jobs < 3 or count < 2 else count


def process_pool(count: int) -> ProcessPoolExecutor:
    """A pool of ``count`` processes, forked where the system can (the workers then
    start with this process's imports instead of importing everything again)."""
    import multiprocessing

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    return ProcessPoolExecutor(max_workers=count, mp_context=context)
