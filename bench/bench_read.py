"""Benchmark: reading each published form of the bundled plan into a Document.

Run with ``python bench/bench_read.py [RUNS]``. For every form in
``tests/fixtures/forms`` it prints the median CPU time (``time.process_time``, what
the budget is about: it does not move when the machine is busy with something
else) and the median wall time (``time.perf_counter``), warm, in-process, with the
block count read. As a baseline measured in the same run, the plain-text form
(decode and split only) shows what reading costs without any parsing library.

Budgets (CPU): HTML, DOCX, XLSX 0.3 s each, PDF 3 s. Exit status 1 if one is
exceeded. Timings are never asserted in the tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

from timing import median_cpu_wall

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "tests" / "fixtures" / "forms"
RUNS = 7
# (file, CPU budget in seconds or None for a baseline)
CASES = [
    ("wuhan-2023.copy.txt", None),
    ("wuhan-2023.inline.html", 0.3),
    ("wuhan-2023.table.html", 0.3),
    ("wuhan-2023.docx", 0.3),
    ("wuhan-2023.xlsx", 0.3),
    ("wuhan-2023.pdf", 3.0),
]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from graph.read.formats import read_document

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    over = False
    baseline = None
    print(f"read_document on the forms of the bundled plan (median of {runs}, warm)")
    print(f"{'form':<26}{'blocks':>7}{'CPU':>10}{'wall':>10}   budget")
    for name, budget in CASES:
        path = FORMS / name
        data = path.read_bytes()

        def read(path: Path = path, data: bytes = data) -> object:
            return read_document(path, data=data)

        blocks = len(read_document(path, data=data).blocks)
        cpu, wall = median_cpu_wall(read, runs)
        if budget is None:
            baseline = cpu
            verdict = "baseline"
        else:
            verdict = f"{budget:.1f} s   " + ("ok" if cpu <= budget else "OVER BUDGET")
            over = over or cpu > budget
        ratio = f"   {cpu / baseline:6.0f}x text" if baseline and budget is not None else ""
        print(f"{name:<26}{blocks:>7}{cpu * 1000:>8.1f}ms{wall * 1000:>8.1f}ms   {verdict}{ratio}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
