"""A corpus at scale: building N synthetic plans into a store, adding one, querying it.

For each N (default 1, 10, 100, 1000; ``--sizes``), a corpus of N synthetic plans
(``bench/synth.py``, each about the bundled plan's size) is written once, then, each
step in a fresh process so that its CPU time and peak memory are its own:

* **floor**: pyoxigraph's own ``bulk_load`` of the same corpus as N-Quads (one file,
  written beforehand from the same plans), then ``optimize()`` as our build does;
* **build**: ``dutygraph add MANIFEST --store DIR`` on a new folder (parsing and
  building in worker processes, bulk loading in the main one), and its ratio to the
  floor;
* **rdflib**: ``rdflib.Dataset().parse`` of the N-Quads, at the sizes it can hold
  (``--rdflib-max``, default 10);
* **add one**: ``dutygraph add`` of one more plan to the N-plan store;
* **queries**: every named query on the N-plan store, median of 3 runs each (the
  slowest is reported);
* **load**: corpus-wide ``dutygraph load --store DIR``;
* **analytics** (N ≤ 100): ``load``, ``overlaps`` and ``structure`` on the store.

CPU time is user + system of the step's process and its children (the build's
workers); peak RSS is the largest single process's. Results go to stdout as a table
and, with ``--json FILE``, as JSON. Nothing here runs in the tests.

    python bench/bench_corpus.py --sizes 1 10 100
    python bench/bench_corpus.py --sizes 1000 --work /var/tmp/corpus
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from timing import dutygraph_command  # noqa: E402

QUERY_STEP = """
import json, statistics, sys, time
from graph.store.local import disk_store
from graph.store.library import library
from graph.store.sparql import select
store = disk_store(sys.argv[1])
out = {}
for name, query in sorted(library().items()):
    cpu, wall = [], []
    for _ in range(3):
        c, w = time.process_time(), time.perf_counter()
        select(query, {}, store=store)
        cpu.append(time.process_time() - c); wall.append(time.perf_counter() - w)
    out[name] = [statistics.median(cpu), statistics.median(wall)]
print(json.dumps(out))
"""

NQUADS_STEP = """
import sys
from graph.parse.sources import expand_sources
from graph.rdf.iris import Iris
from graph.rdf.namespaces import DEFAULT_BASE
from graph.store.local import built_plans
iris = Iris(DEFAULT_BASE)
units = {}
with open(sys.argv[2], "wb") as out:
    for built in built_plans(expand_sources([sys.argv[1]]), DEFAULT_BASE):
        graph = f" <{iris.plan_graph(built.slug)}> .\\n".encode()
        for line in built.triples.splitlines():
            out.write(line[:-2] + graph)
        for scope, data in built.units.items():
            units.setdefault(scope, set()).update(data.splitlines())
    for scope, lines in sorted(units.items()):
        graph = f" <{iris.units_graph(scope)}> .\\n".encode()
        for line in sorted(lines):
            out.write(line[:-2] + graph)
"""

FLOOR_STEP = """
import sys
import pyoxigraph as ox
store = ox.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)
store.flush()
store.optimize()
print(len(store))
"""

RDFLIB_STEP = """
import sys
import rdflib
dataset = rdflib.Dataset()
dataset.parse(sys.argv[1], format="nquads")
print(len(dataset))
"""


def measured(command: list[str], cwd: Path | None = None) -> dict:
    """Run ``command`` in a child process; its CPU (with its children), wall time,
    peak RSS of its largest process and stdout."""
    runner = (
        "import json, resource, subprocess, sys, time\n"
        "w = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "w = time.perf_counter() - w\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'rc': p.returncode, 'wall': w, 'cpu': u.ru_utime + u.ru_stime,"
        " 'rss_mb': u.ru_maxrss / 1024, 'out': p.stdout, 'err': p.stderr[-2000:]}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", runner, *command], capture_output=True, text=True, cwd=cwd
    )
    result = json.loads(done.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result['err']}")
    return result


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def one_size(n: int, work: Path, rdflib_max: int, analytics_max: int) -> dict:
    import synth  # bench/synth.py

    folder = work / f"n{n}"
    shutil.rmtree(folder, ignore_errors=True)
    corpus = folder / "corpus"
    t0 = time.perf_counter()
    synth.write_corpus(n, corpus, seed=1)
    row: dict = {"n": n, "generate_wall": time.perf_counter() - t0}
    manifest = corpus / "manifest.csv"
    nq = folder / "corpus.nq"
    measured(python(NQUADS_STEP, str(manifest), str(nq)))
    row["nquads_mb"] = nq.stat().st_size / 1e6
    floor = measured(python(FLOOR_STEP, str(folder / "floor"), str(nq)))
    row["quads"] = int(floor["out"])
    row["floor"] = floor
    shutil.rmtree(folder / "floor", ignore_errors=True)
    store = folder / "store"
    dutygraph = dutygraph_command()
    row["build"] = measured([*dutygraph, "add", str(manifest), "--store", str(store), "--quiet"])
    row["build_vs_floor_wall"] = row["build"]["wall"] / floor["wall"]
    row["build_vs_floor_cpu"] = row["build"]["cpu"] / floor["cpu"]
    if n <= rdflib_max:
        row["rdflib"] = measured(python(RDFLIB_STEP, str(nq)))
    extra = folder / "extra.toml"
    bundled = Path(__file__).resolve().parents[1] / "graph" / "data" / "wuhan-2023.txt"
    extra.write_text(f'[[plan]]\nfile = "{bundled}"\nslug = "extra-2023"\n', encoding="utf-8")
    row["add_one"] = measured([*dutygraph, "add", str(extra), "--store", str(store), "--quiet"])
    queries = measured(python(QUERY_STEP, str(store)))
    timings = json.loads(queries["out"])
    slowest = max(timings, key=lambda k: timings[k][1])
    row["queries"] = {"slowest": slowest, "cpu": timings[slowest][0], "wall": timings[slowest][1]}
    row["queries_all"] = timings
    row["load"] = measured([*dutygraph, "load", "--store", str(store), "--format", "csv"])
    if n <= analytics_max:
        cpu = wall = 0.0
        for command in (["load"], ["overlaps"], ["structure"]):
            step = measured([*dutygraph, *command, "--store", str(store), "--format", "csv"])
            cpu += step["cpu"]
            wall += step["wall"]
        row["analytics"] = {"cpu": cpu, "wall": wall}
    for step in ("floor", "build", "rdflib", "add_one", "load"):
        if step in row:
            row[step].pop("out", None)
            row[step].pop("err", None)
    shutil.rmtree(folder, ignore_errors=True)
    return row


def report(rows: list[dict]) -> str:
    head = (
        "| N | quads | floor CPU/wall s | build CPU/wall s | build/floor (wall) | peak RSS MB "
        "(build) | rdflib CPU/wall s, RSS MB | add one CPU/wall s | slowest query CPU/wall s "
        "| load CPU/wall s | analytics CPU/wall s |"
    )
    lines = [head, "|" + " --- |" * 11]
    for r in rows:
        rd = r.get("rdflib")
        an = r.get("analytics")
        rdflib_cell = f"{rd['cpu']:.1f} / {rd['wall']:.1f}, {rd['rss_mb']:.0f}" if rd else "-"
        analytics_cell = f"{an['cpu']:.1f} / {an['wall']:.1f}" if an else "-"
        lines.append(
            f"| {r['n']} | {r['quads']:,} | {r['floor']['cpu']:.1f} / {r['floor']['wall']:.1f} "
            f"| {r['build']['cpu']:.1f} / {r['build']['wall']:.1f} | {r['build_vs_floor_wall']:.2f} "
            f"| {r['build']['rss_mb']:.0f} "
            f"| {rdflib_cell} "
            f"| {r['add_one']['cpu']:.2f} / {r['add_one']['wall']:.2f} "
            f"| {r['queries']['cpu']:.2f} / {r['queries']['wall']:.2f} ({r['queries']['slowest']}) "
            f"| {r['load']['cpu']:.2f} / {r['load']['wall']:.2f} "
            f"| {analytics_cell} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--work", default=None, help="scratch folder (default: a temp folder)")
    parser.add_argument("--rdflib-max", type=int, default=10)
    parser.add_argument("--analytics-max", type=int, default=100)
    parser.add_argument("--json", default=None, help="also write the results here")
    args = parser.parse_args()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="dutygraph-corpus-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.sizes:
        rows.append(one_size(n, work, args.rdflib_max, args.analytics_max))
        print(report(rows[-1:]), end="", flush=True)
        if args.json:
            Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print()
    print(report(rows), end="")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {os.cpu_count()} CPUs; peak RSS of this script {own:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
