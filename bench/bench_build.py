"""Benchmark: the main job, ``dutygraph build`` on the bundled plan.

Run with ``python bench/bench_build.py``. It prints medians and, next to them,
baselines measured in the same run on the same machine, so the numbers can be read
on a slow or a busy box:

* the whole command, start to finish, as a subprocess writing into a fresh temporary
  folder (budget 2 s) against a bare ``python -c pass`` and ``dutygraph --help``;
* the stages in-process (parse, triples, Turtle, N-Triples, JSON-LD, CSV tables,
  catalogue, atomic write), with their share of the in-process total;
* Turtle from pyoxigraph (what the build uses) against rdflib serialising the same
  triples.

Exit status 1 if the command is over budget. Timings are never asserted in the tests.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from timing import dutygraph_command, median_time, run_quietly

BUILD_BUDGET = 2.0
BUILD_RUNS = 7
STAGE_RUNS = 7
RDFLIB_RUNS = 3


def build_command(scratch: Path) -> Callable[[], None]:
    """``dutygraph build`` into a new folder each run, as a first-time user would."""
    counter = iter(range(1_000_000))

    def run() -> None:
        out = scratch / f"run-{next(counter)}"
        run_quietly(dutygraph_command() + ["build", "--out", str(out)])()
        shutil.rmtree(out)

    return run


def stage_timings(scratch: Path) -> tuple[dict[str, float], dict[str, object]]:
    """Median time of each in-process stage; also the objects the baselines reuse."""
    from graph.export.dataset import prepare_exports, render_catalog
    from graph.export.files import write_all_atomic
    from graph.export.tables import assignments_csv, items_csv, units_csv
    from graph.parse.sources import parse_sources
    from graph.rdf.build import build_graph, sort_triples
    from graph.rdf.catalog import DEFAULT_LICENSE
    from graph.rdf.namespaces import DEFAULT_BASE, prefixes_for
    from graph.rdf.serialise import jsonld, ntriples, turtle
    from graph.read.registry import load_registry

    base = DEFAULT_BASE
    registry = load_registry()
    prefixes = prefixes_for(base)
    plans = parse_sources(None)
    builder = build_graph(plans, base, registry)
    triples = sort_triples(builder.triples)
    exports = prepare_exports(plans, base, registry)
    files, catalog_builder = exports.all(), exports.builder
    out = scratch / "stages"
    out.mkdir()

    def csv_tables() -> None:
        items_csv(plans, builder.iris)
        units_csv(builder.described, builder.iris, registry)
        assignments_csv(plans, builder.iris, registry)

    def catalog() -> None:
        render_catalog(
            plans,
            files,
            catalog_builder,
            registry,
            base=base,
            license_iri=DEFAULT_LICENSE,
            download_url=f"{base}download/",
        )

    stages: dict[str, Callable[[], object]] = {
        "parse": lambda: parse_sources(None),
        "triples (build + sort)": lambda: sort_triples(build_graph(plans, base, registry).triples),
        "serialise Turtle": lambda: turtle(triples, prefixes),
        "serialise N-Triples": lambda: ntriples(triples),
        "serialise JSON-LD": lambda: jsonld(triples, prefixes),
        "CSV tables (items, units, assignments)": csv_tables,
        "catalogue (DCAT)": catalog,
        "write all files atomically": lambda: write_all_atomic(
            {out / name: data for name, data in files.items()}
        ),
    }
    timings = {name: median_time(fn, STAGE_RUNS) for name, fn in stages.items()}
    context = {"triples": triples, "prefixes": prefixes, "files": files, "plans": plans}
    return timings, context


def write_dataset_timing(scratch: Path, plans: object) -> float:
    """Everything after parsing, in-process, as ``write_dataset`` does it."""
    from graph.export.dataset import write_dataset

    counter = iter(range(1_000_000))
    return median_time(
        lambda: write_dataset(plans, scratch / f"dataset-{next(counter)}"), STAGE_RUNS
    )


def turtle_baseline(triples: list, prefixes: dict[str, str]) -> tuple[float, float]:
    """pyoxigraph (ours) and rdflib serialising the same triples to Turtle."""
    import rdflib

    from graph.rdf.serialise import ntriples, turtle

    graph = rdflib.Graph()
    graph.parse(data=ntriples(triples).decode("utf-8"), format="nt")
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace)
    ours = median_time(lambda: turtle(triples, prefixes), STAGE_RUNS)
    theirs = median_time(lambda: graph.serialize(format="turtle"), RDFLIB_RUNS, warmup=0)
    return ours, theirs


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dutygraph-bench-") as tmp:
        scratch = Path(tmp)
        command = median_time(build_command(scratch), BUILD_RUNS)
        python = median_time(run_quietly([sys.executable, "-c", "pass"]), BUILD_RUNS)
        help_time = median_time(run_quietly(dutygraph_command() + ["--help"]), BUILD_RUNS)
        stages, context = stage_timings(scratch)
        after_parse = write_dataset_timing(scratch, context["plans"])
        ours, rdflib_turtle = turtle_baseline(context["triples"], context["prefixes"])

    files = context["files"]
    size = sum(len(data) for data in files.values())
    in_process = stages["parse"] + after_parse
    ok = command < BUILD_BUDGET
    print(
        f"dataset: {len(context['triples'])} triples, {len(files)} files + catalogue, "
        f"{size / 1e6:.1f} MB"
    )
    print(
        f"dutygraph build, subprocess (median of {BUILD_RUNS})  {command * 1000:8.0f} ms"
        f"   budget {BUILD_BUDGET * 1000:.0f} ms   {'ok' if ok else 'OVER BUDGET'}"
    )
    print(
        f"  baseline python -c pass                 {python * 1000:8.0f} ms"
        f"   build / python      = {command / python:6.1f}x"
    )
    print(
        f"  baseline dutygraph --help               {help_time * 1000:8.0f} ms"
        f"   build / --help      = {command / help_time:6.1f}x"
    )
    print(
        f"  in-process parse + write_dataset        {in_process * 1000:8.0f} ms"
        f"   build / in-process  = {command / in_process:6.1f}x"
    )
    print(f"stages in-process (median of {STAGE_RUNS}):")
    for name, seconds in stages.items():
        print(f"  {name:<40} {seconds * 1000:8.1f} ms   {seconds / in_process:6.1%}")
    print("baseline: the same triples to Turtle")
    print(f"  pyoxigraph (ours, sorted, prefixed)     {ours * 1000:8.1f} ms")
    print(
        f"  rdflib Graph.serialize (median of {RDFLIB_RUNS})  {rdflib_turtle * 1000:8.1f} ms"
        f"   rdflib / ours       = {rdflib_turtle / ours:6.1f}x"
    )
    print(f"  command: {' '.join(dutygraph_command())} build --out DIR")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
