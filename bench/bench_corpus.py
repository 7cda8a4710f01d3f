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
* **add one**: ``dutygraph add`` of one more plan to the N-plan store (then
  ``dutygraph remove`` of it, measured too, so the store is as it was);
* **queries**: every named query on the N-plan store, median of 3 runs each (the
  slowest is reported);
* **load**: corpus-wide ``dutygraph load --store DIR`` on an empty cache, and the
  same command again (its answer kept in the cache, keyed by the store's state);
* **analytics** (N ≤ 100): ``load``, ``overlaps`` and ``structure`` in a row on an
  empty cache (the first reads the tables, the other two reuse them).

Every step runs with a cache folder of its own (``DUTYGRAPH_CACHE_DIR``), so nothing
one step kept is reused by another. With ``--keep`` the corpus, its N-Quads and the
store stay in ``--work`` and a later run reuses them: ``--steps queries load``
measures those steps again without rebuilding.

CPU time is user + system of the step's process and its children (the build's
workers); peak RSS is the largest single process's. Results go to stdout as a table
and, with ``--json FILE``, as JSON. Nothing here runs in the tests.

    python bench/bench_corpus.py --sizes 1 10 100
    python bench/bench_corpus.py --sizes 1000 --work /var/tmp/corpus --keep
    python bench/bench_corpus.py --sizes 1000 --work /var/tmp/corpus --keep --steps queries
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


def measured(command: list[str], cwd: Path | None = None, cache: Path | None = None) -> dict:
    """Run ``command`` in a child process; its CPU (with its children), wall time,
    peak RSS of its largest process and stdout. ``cache``: the cache folder it uses
    (default: a new, empty one, so that nothing kept by an earlier step is reused)."""
    env = dict(os.environ)
    scratch = None if cache else Path(tempfile.mkdtemp(prefix="dutygraph-cache-"))
    env["DUTYGRAPH_CACHE_DIR"] = str(cache or scratch)
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
        [sys.executable, "-c", runner, *command], capture_output=True, text=True, cwd=cwd, env=env
    )
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)
    result = json.loads(done.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result['err']}")
    return result


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


STEPS = ("floor", "build", "rdflib", "add", "queries", "load", "analytics")


def one_size(
    n: int, work: Path, rdflib_max: int, analytics_max: int, steps: set[str], keep: bool
) -> dict:
    """Every step at size ``n``. With ``keep`` the corpus, its N-Quads and the built
    store stay in ``work/nN`` and are reused by the next run, so that the steps after
    the build can be measured again (``--steps queries load``) without rebuilding."""
    import synth  # bench/synth.py

    folder = work / f"n{n}"
    corpus = folder / "corpus"
    manifest = corpus / "manifest.csv"
    nq = folder / "corpus.nq"
    store = folder / "store"
    row: dict = {"n": n}
    if not (keep and manifest.exists()):
        shutil.rmtree(folder, ignore_errors=True)
        t0 = time.perf_counter()
        synth.write_corpus(n, corpus, seed=1)
        row["generate_wall"] = time.perf_counter() - t0
    if not (keep and nq.exists()):
        measured(python(NQUADS_STEP, str(manifest), str(nq)))
    row["nquads_mb"] = nq.stat().st_size / 1e6
    if "floor" in steps:
        floor = measured(python(FLOOR_STEP, str(folder / "floor"), str(nq)))
        row["quads"] = int(floor["out"])
        row["floor"] = floor
        shutil.rmtree(folder / "floor", ignore_errors=True)
    dutygraph = dutygraph_command()
    if "build" in steps or not (store / "dutygraph-store.txt").exists():
        shutil.rmtree(store, ignore_errors=True)
        row["build"] = measured(
            [*dutygraph, "add", str(manifest), "--store", str(store), "--quiet"]
        )
        if "floor" in row:
            row["build_vs_floor_wall"] = row["build"]["wall"] / row["floor"]["wall"]
            row["build_vs_floor_cpu"] = row["build"]["cpu"] / row["floor"]["cpu"]
    if "rdflib" in steps and n <= rdflib_max:
        row["rdflib"] = measured(python(RDFLIB_STEP, str(nq)))
    if "add" in steps:
        extra = folder / "extra.toml"
        bundled = Path(__file__).resolve().parents[1] / "graph" / "data" / "wuhan-2023.txt"
        extra.write_text(f'[[plan]]\nfile = "{bundled}"\nslug = "extra-2023"\n', "utf-8")
        row["add_one"] = measured([*dutygraph, "add", str(extra), "--store", str(store), "-q"])
        # Put the store back as it was, so that a kept store measures the same again.
        row["remove_one"] = measured([*dutygraph, "remove", "extra-2023", "--store", str(store)])
    if "queries" in steps:
        queries = measured(python(QUERY_STEP, str(store)))
        timings = json.loads(queries["out"])
        slowest = max(timings, key=lambda k: timings[k][1])
        row["queries"] = {
            "slowest": slowest,
            "cpu": timings[slowest][0],
            "wall": timings[slowest][1],
        }
        row["queries_all"] = timings
    if "load" in steps:
        # cold (a new cache), then the same command again (its answer kept)
        cache = Path(tempfile.mkdtemp(prefix="dutygraph-cache-"))
        command = [*dutygraph, "load", "--store", str(store), "--format", "csv"]
        row["load"] = measured(command, cache=cache)
        row["load_warm"] = measured(command, cache=cache)
        shutil.rmtree(cache, ignore_errors=True)
    if "analytics" in steps and n <= analytics_max:
        # the three commands in a row on a new cache: the first reads the tables,
        # the others reuse them (graph.cli.inputs.open_tables)
        cache = Path(tempfile.mkdtemp(prefix="dutygraph-cache-"))
        cpu = wall = 0.0
        for command in (["load"], ["overlaps"], ["structure"]):
            step = measured(
                [*dutygraph, *command, "--store", str(store), "--format", "csv"], cache=cache
            )
            row[f"analytics_{command[0]}"] = {"cpu": step["cpu"], "wall": step["wall"]}
            cpu += step["cpu"]
            wall += step["wall"]
        row["analytics"] = {"cpu": cpu, "wall": wall}
        shutil.rmtree(cache, ignore_errors=True)
    for step in ("floor", "build", "rdflib", "add_one", "remove_one", "load", "load_warm"):
        if step in row:
            row[step].pop("out", None)
            row[step].pop("err", None)
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
    return row


def _pair(step: dict | None, digits: int = 1) -> str:
    return f"{step['cpu']:.{digits}f} / {step['wall']:.{digits}f}" if step else "-"


def report(rows: list[dict]) -> str:
    head = (
        "| N | quads | floor CPU/wall s | build CPU/wall s | build/floor (wall) | peak RSS MB "
        "(build) | rdflib CPU/wall s, RSS MB | add one CPU/wall s | slowest query CPU/wall s "
        "| load CPU/wall s (again) | analytics CPU/wall s |"
    )
    lines = [head, "|" + " --- |" * 11]
    for r in rows:
        rd, build, q = r.get("rdflib"), r.get("build"), r.get("queries")
        ratio = r.get("build_vs_floor_wall")
        cells = [
            str(r["n"]),
            f"{r['quads']:,}" if "quads" in r else "-",
            _pair(r.get("floor")),
            _pair(build),
            f"{ratio:.2f}" if ratio else "-",
            f"{build['rss_mb']:.0f}" if build else "-",
            f"{_pair(rd)}, {rd['rss_mb']:.0f}" if rd else "-",
            _pair(r.get("add_one"), 2),
            f"{_pair(q, 2)} ({q['slowest']})" if q else "-",
            _pair(r.get("load"), 2)
            + (f" ({_pair(r['load_warm'], 2)})" if r.get("load_warm") else ""),
            _pair(r.get("analytics")),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--work", default=None, help="scratch folder (default: a temp folder)")
    parser.add_argument("--rdflib-max", type=int, default=10)
    parser.add_argument("--analytics-max", type=int, default=100)
    parser.add_argument("--json", default=None, help="also write the results here")
    parser.add_argument(
        "--steps", nargs="+", choices=STEPS, default=list(STEPS), help="which steps to measure"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep and reuse the corpus and store in --work"
    )
    args = parser.parse_args()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="dutygraph-corpus-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.sizes:
        rows.append(
            one_size(n, work, args.rdflib_max, args.analytics_max, set(args.steps), args.keep)
        )
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
