"""Benchmark: ``dutygraph validate`` on the bundled plan, our SHACL engine against pySHACL.

Run with ``python bench/bench_validate.py`` (pySHACL must be installed: the ``test``
extra). It builds the bundled plan once with ``dutygraph build --out TMP`` and prints
medians of CPU time (what the budget is about) next to wall time:

* the whole command, ``dutygraph validate TMP/dutygraph.ttl``, as a subprocess
  (budget 2 s CPU), next to a bare ``python -c pass``, ``dutygraph --help`` and the
  same validation done the old way, pySHACL in a fresh process (ratio);
* ``validate_file`` in-process (shapes compiled afresh each run), next to pySHACL
  in-process on the same file (ratio), and the engine's stages: loading the data and
  ontology, compiling the shapes, the core constraints, the SPARQL constraints;
* each SPARQL constraint as it runs, then (one run each) as written for those our
  engine rewrites (nested EXISTS) and once per focus node for those it runs in bulk,
  to show what the two strategies buy.

pySHACL takes half a minute a run, so it runs PYSHACL_RUNS times (median of those).
Exit status 1 if the command is over budget. Timings are never asserted in the tests.
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path

from timing import dutygraph_command, median_child_cpu_wall, median_cpu_wall, run_quietly

BUDGET = 2.0
RUNS = 7
STAGE_RUNS = 7
PYSHACL_RUNS = 1

# pySHACL as graph/rdf/validate.py used to run it: data and ontology in one
# Oxigraph-backed rdflib graph, no inference, warnings allowed.
PYSHACL = """
import sys
import pyshacl
import rdflib

def run(path, ontology):
    shapes = rdflib.Graph().parse(ontology + "/shapes.ttl", format="turtle")
    graph = rdflib.Graph(store="Oxigraph")
    graph.parse(path, format="ox-turtle")
    graph.parse(ontology + "/dutygraph.ttl", format="ox-turtle")
    conforms, _, _ = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", inplace=True, allow_warnings=True
    )
    return conforms

if __name__ == "__main__":
    sys.exit(0 if run(sys.argv[1], sys.argv[2]) else 1)
"""


def pyshacl_in_process(path: Path, ontology: Path) -> bool:
    namespace: dict[str, object] = {"__name__": "pyshacl_bench"}
    exec(compile(PYSHACL, "<pyshacl>", "exec"), namespace)
    return bool(namespace["run"](str(path), str(ontology)))  # type: ignore[operator]


def line(label: str, cpu: float, wall: float, note: str = "") -> None:
    print(f"  {label:<50} cpu {cpu:7.3f} s   wall {wall:7.3f} s   {note}")


def main() -> int:
    import pyoxigraph as ox

    from graph.data import ontology_dir
    from graph.rdf.shacl import Shapes
    from graph.rdf.validate import load_store, project_shapes, validate_file

    ontology = ontology_dir()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        run_quietly(dutygraph_command() + ["build", "--out", str(out)])()
        data = out / "dutygraph.ttl"
        report = validate_file(data)
        print(f"bundled plan: {report.triples} triples, conforms: {report.conforms}")
        if not pyshacl_in_process(data, ontology) or not report.conforms:
            print("the bundled plan does not conform (or pySHACL disagrees): fix that first")
            return 1

        print(f"\nwhole process (median of {RUNS}; pySHACL {PYSHACL_RUNS}):")
        bare = median_child_cpu_wall([sys.executable, "-c", "pass"], RUNS)
        line("python -c pass", *bare)
        line("dutygraph --help", *median_child_cpu_wall(dutygraph_command() + ["--help"], RUNS))
        ours = median_child_cpu_wall(dutygraph_command() + ["validate", str(data)], RUNS)
        verdict = "ok" if ours[0] <= BUDGET else "OVER BUDGET"
        line("dutygraph validate dutygraph.ttl", *ours, f"budget {BUDGET:.1f} s: {verdict}")
        line(
            "dutygraph validate (builds the plan in memory)",
            *median_child_cpu_wall(dutygraph_command() + ["validate"], RUNS),
        )
        script = Path(scratch) / "pyshacl_validate.py"
        script.write_text(PYSHACL, encoding="utf-8")
        theirs = median_child_cpu_wall(
            [sys.executable, str(script), str(data), str(ontology)], PYSHACL_RUNS, warmup=0
        )
        line("pySHACL, same file", *theirs, f"ratio cpu {theirs[0] / ours[0]:.0f}x")

        print(f"\nin process (median of {STAGE_RUNS}; pySHACL {PYSHACL_RUNS}):")

        def engine() -> None:
            project_shapes.cache_clear()
            validate_file(data)

        ours_in = median_cpu_wall(engine, STAGE_RUNS)
        line("validate_file (shapes compiled each run)", *ours_in)
        theirs_in = median_cpu_wall(
            lambda: pyshacl_in_process(data, ontology), PYSHACL_RUNS, warmup=0
        )
        line("pySHACL", *theirs_in, f"ratio cpu {theirs_in[0] / ours_in[0]:.0f}x")

        def loaded() -> ox.Store:
            store = load_store(data)
            store.load(path=ontology / "dutygraph.ttl", format=ox.RdfFormat.TURTLE)
            return store

        shapes = project_shapes()
        store = loaded()
        core = dataclasses.replace(
            shapes,
            node_shapes=tuple(dataclasses.replace(s, sparql=()) for s in shapes.node_shapes),
        )
        print("  stages:")
        line("  load data and ontology", *median_cpu_wall(loaded, STAGE_RUNS))
        line(
            "  compile shapes.ttl",
            *median_cpu_wall(lambda: Shapes.load(ontology / "shapes.ttl"), STAGE_RUNS),
        )
        line("  core constraints", *median_cpu_wall(lambda: core.validate(store), STAGE_RUNS))
        for node_shape in shapes.node_shapes:
            for c in node_shape.sparql:
                alone = dataclasses.replace(
                    shapes,
                    node_shapes=(dataclasses.replace(node_shape, properties=(), sparql=(c,)),),
                )
                label = f"  {node_shape.node.value.rsplit('#')[-1]}: {(c.message or '')[:32]}"
                as_run = median_cpu_wall(lambda a=alone: a.validate(store), STAGE_RUNS)
                note = "in bulk" if c.batch else "per focus node"
                prefixes = c.query[: c.query.index("SELECT")]
                if c.query != prefixes + c.select.lstrip():
                    written = dataclasses.replace(c, query=prefixes + c.select.lstrip())
                    slow = dataclasses.replace(
                        alone,
                        node_shapes=(dataclasses.replace(alone.node_shapes[0], sparql=(written,)),),
                    )
                    as_written = median_cpu_wall(lambda s=slow: s.validate(store), 1, warmup=0)
                    note += f"; as written {as_written[0]:.3f} s ({as_written[0] / as_run[0]:.0f}x)"
                if c.batch:
                    one_by_one = dataclasses.replace(
                        alone,
                        node_shapes=(
                            dataclasses.replace(
                                alone.node_shapes[0], sparql=(dataclasses.replace(c, batch=False),)
                            ),
                        ),
                    )
                    per_node = median_cpu_wall(lambda s=one_by_one: s.validate(store), 1, warmup=0)
                    note += f"; per focus node {per_node[0]:.3f} s"
                line(label, *as_run, note)
    return 0 if ours[0] <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
