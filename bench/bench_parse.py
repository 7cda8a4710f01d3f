"""Benchmark: parsing the bundled plan, and starting the command line.

Run with ``python bench/bench_parse.py``. It prints medians of CPU time next to wall
time and, for each, a baseline measured in the same run on the same machine, so the
numbers can be read on a slow or a busy box:

* parse, warm, in-process (budget 40 ms of CPU) against reading + decoding the file
  and against OpenCC's Traditional-to-Simplified conversion of the whole text alone;
* ``dutygraph --help`` as a subprocess (budget 0.15 s of CPU) against a bare
  ``python -c pass``.

With ``--instructions`` it also counts the machine instructions of one parse under
Valgrind (when installed): a figure that stays put on a shared host whose speed
moves, for comparing two versions of the code exactly.

Exit status 1 if a budget is exceeded. Timings are never asserted in the tests.
"""

from __future__ import annotations

import sys

from timing import (
    dutygraph_command,
    instructions_per_call,
    median_child_cpu_wall,
    median_cpu_wall,
)

PARSE_BUDGET = 0.040
HELP_BUDGET = 0.150
PARSE_RUNS = 30
HELP_RUNS = 10


def main() -> int:
    from graph.data import bundled_plan_path
    from graph.parse.plan import parse_plan
    from graph.read.encoding import decode_bytes
    from graph.read.normalise import to_simplified

    path = bundled_plan_path()
    text = decode_bytes(path.read_bytes()).text

    parse = median_cpu_wall(parse_plan, PARSE_RUNS)
    read = median_cpu_wall(lambda: decode_bytes(path.read_bytes()), PARSE_RUNS)
    opencc = median_cpu_wall(lambda: to_simplified(text), PARSE_RUNS)

    command = dutygraph_command() + ["--help"]
    help_time = median_child_cpu_wall(command, HELP_RUNS)
    python = median_child_cpu_wall([sys.executable, "-c", "pass"], HELP_RUNS)

    def verdict(value: float, budget: float) -> str:
        return "ok" if value <= budget else "OVER BUDGET"

    def row(label: str, times: tuple[float, float], tail: str = "") -> None:
        print(f"{label:<40} cpu {times[0] * 1000:7.2f} ms  wall {times[1] * 1000:7.2f} ms  {tail}")

    items = len(parse_plan().items)
    print(f"plan: {path.name}, {len(text.splitlines())} lines, {items} items")
    row(
        f"parse (warm, median of {PARSE_RUNS})",
        parse,
        f"budget {PARSE_BUDGET * 1000:.0f} ms cpu  {verdict(parse[0], PARSE_BUDGET)}",
    )
    row("  baseline read+decode", read, f"parse / read+decode = {parse[0] / read[0]:6.1f}x")
    row(
        "  baseline OpenCC t2s of the text",
        opencc,
        f"parse / OpenCC = {parse[0] / opencc[0]:6.1f}x",
    )
    row(
        f"dutygraph --help (median of {HELP_RUNS})",
        help_time,
        f"budget {HELP_BUDGET * 1000:.0f} ms cpu  {verdict(help_time[0], HELP_BUDGET)}",
    )
    row("  baseline python -c pass", python, f"--help / python = {help_time[0] / python[0]:6.1f}x")
    print(f"  command: {' '.join(command)}")
    if "--instructions" in sys.argv[1:]:
        setup = "from graph.parse.plan import parse_plan\nparse_plan()"
        count = instructions_per_call(setup, "parse_plan()")
        if count is None:
            print("instructions per parse: valgrind is not installed")
        else:
            print(f"instructions per parse (callgrind)       {count / 1e6:7.1f} million")
    return 0 if parse[0] <= PARSE_BUDGET and help_time[0] <= HELP_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
