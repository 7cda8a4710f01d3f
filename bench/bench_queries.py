"""Benchmark: every named query on the embedded Oxigraph store, and unit-pairs
against rdflib's own SPARQL engine on the same data.

Run with ``python bench/bench_queries.py`` (one process). It builds the bundled plan
into an in-memory store once, then prints:

* for each named query (default parameters): the median of RUNS runs after one
  warm-up, through ``graph.store.sparql.select`` exactly as ``dutygraph query`` runs it
  (parsing, parameter binding, evaluation, collecting the rows). Budget: 50 ms each.
* the heaviest query, unit-pairs, side by side with rdflib: an rdflib ``Graph``
  parsed from the same N-Triples (the store's dump), running the query text with
  the parameters written in as terms (rdflib has no custom functions, so they are
  substituted with ``graph.store.sparql.substitute_text``). Every rdflib run's answer is
  checked to equal Oxigraph's. Budget: Oxigraph at least 20 times faster.

Exit status 1 if a budget is missed. Timings are never asserted in the tests.
"""

from __future__ import annotations

import statistics
import sys
import time

from timing import median_time

QUERY_BUDGET = 0.050
RATIO_BUDGET = 20.0
RUNS = 20
RDFLIB_RUNS = 2  # rdflib takes seconds a run; each run's answer is checked too
HEAVIEST = "unit-pairs"


def rdflib_rows(graph, text: str) -> list[tuple]:
    """Rows of an rdflib SELECT as tuples of plain values (lexical forms, IRIs)."""
    return [tuple(None if v is None else str(v) for v in row) for row in graph.query(text)]


def oxigraph_rows(result) -> list[tuple]:
    return [tuple(None if t is None else t.value for t in row) for row in result.rows]


def main() -> int:
    import pyoxigraph as ox
    import rdflib

    from graph.store.library import library
    from graph.store.sparql import bind, select, substitute_text
    from graph.store.local import memory_store

    store = memory_store()
    queries = library()
    print(f"store: bundled plan, {len(store)} triples; {len(queries)} named queries")
    print(f"{'query':<22} {'rows':>6} {'median':>10}   budget {QUERY_BUDGET * 1000:.0f} ms")
    ok = True
    medians: dict[str, float] = {}
    for name, query in sorted(queries.items()):
        rows = len(select(query, store=store).rows)
        medians[name] = median_time(lambda q=query: select(q, store=store), RUNS)
        verdict = "ok" if medians[name] < QUERY_BUDGET else "OVER BUDGET"
        ok &= medians[name] < QUERY_BUDGET
        print(f"{name:<22} {rows:>6} {medians[name] * 1000:>7.2f} ms   {verdict}")

    # unit-pairs side by side with rdflib, on the same triples.
    query = queries[HEAVIEST]
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    graph = rdflib.Graph()
    graph.parse(data=data.decode("utf-8"), format="nt")
    terms = bind(query, {})
    text = substitute_text(query.text, {name: str(term) for name, term in terms.items()})
    ours = oxigraph_rows(select(query, store=store))
    rdflib_times = []
    for _ in range(RDFLIB_RUNS):
        start = time.perf_counter()
        theirs = rdflib_rows(graph, text)
        rdflib_times.append(time.perf_counter() - start)
        if theirs != ours:
            print(f"{HEAVIEST}: rdflib and Oxigraph disagree ({len(theirs)} vs {len(ours)} rows)")
            return 1
    rdflib_time = statistics.median(rdflib_times)
    ratio = rdflib_time / medians[HEAVIEST]
    ok &= ratio >= RATIO_BUDGET
    print()
    print(f"{HEAVIEST} on {len(graph)} triples, same answer ({len(ours)} rows):")
    print(f"  Oxigraph (embedded, median of {RUNS})  {medians[HEAVIEST] * 1000:>9.2f} ms")
    print(
        f"  rdflib {rdflib.__version__} (median of {RDFLIB_RUNS})     {rdflib_time * 1000:>9.2f} ms"
    )
    print(
        f"  rdflib / Oxigraph = {ratio:.1f}x   budget >= {RATIO_BUDGET:.0f}x   "
        f"{'ok' if ratio >= RATIO_BUDGET else 'UNDER BUDGET'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
