"""Benchmark: parsing the bundled plan, and starting the command line.

Run with ``python bench/bench_parse.py``. It prints medians and, next to each, a
baseline measured in the same run on the same machine, so the numbers can be read
on a slow or a busy box:

* parse, warm, in-process (budget 50 ms) against reading + decoding the file and
  against OpenCC's Traditional-to-Simplified conversion of the whole text alone;
* ``dutygraph --help`` as a subprocess (budget 0.3 s) against a bare
  ``python -c pass``.

Exit status 1 if a budget is exceeded. Timings are never asserted in the tests.
"""

from __future__ import annotations

import sys

from timing import dutygraph_command, median_time, run_quietly

PARSE_BUDGET = 0.050
HELP_BUDGET = 0.300
PARSE_RUNS = 30
HELP_RUNS = 10


def main() -> int:
    from graph.parse.plan import parse_plan
    from graph.read.encoding import decode_bytes
    from graph.read.normalise import to_simplified
    from graph.data import bundled_plan_path

    path = bundled_plan_path()
    text = decode_bytes(path.read_bytes()).text

    parse = median_time(parse_plan, PARSE_RUNS)
    read = median_time(lambda: decode_bytes(path.read_bytes()), PARSE_RUNS)
    opencc = median_time(lambda: to_simplified(text), PARSE_RUNS)

    command = dutygraph_command() + ["--help"]
    help_time = median_time(run_quietly(command), HELP_RUNS, warmup=1)
    python = median_time(run_quietly([sys.executable, "-c", "pass"]), HELP_RUNS, warmup=1)

    def verdict(value: float, budget: float) -> str:
        return "ok" if value < budget else "OVER BUDGET"

    items = len(parse_plan().items)
    print(f"plan: {path.name}, {len(text.splitlines())} lines, {items} items")
    print(
        f"parse (warm, median of {PARSE_RUNS})       {parse * 1000:7.2f} ms"
        f"   budget {PARSE_BUDGET * 1000:.0f} ms   {verdict(parse, PARSE_BUDGET)}"
    )
    print(
        f"  baseline read+decode                {read * 1000:7.2f} ms"
        f"   parse / read+decode = {parse / read:6.1f}x"
    )
    print(
        f"  baseline OpenCC t2s of the text     {opencc * 1000:7.2f} ms"
        f"   parse / OpenCC      = {parse / opencc:6.1f}x"
    )
    print(
        f"dutygraph --help (median of {HELP_RUNS})     {help_time * 1000:7.1f} ms"
        f"   budget {HELP_BUDGET * 1000:.0f} ms  {verdict(help_time, HELP_BUDGET)}"
    )
    print(
        f"  baseline python -c pass             {python * 1000:7.1f} ms"
        f"   --help / python     = {help_time / python:6.1f}x"
    )
    print(f"  command: {' '.join(command)}")
    return 0 if parse < PARSE_BUDGET and help_time < HELP_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
