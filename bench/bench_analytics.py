"""Benchmark: the full analytics run (every analytics command's computation) on the
bundled plan, in one process, after the graph is built.

Run with ``python bench/bench_analytics.py``. It builds the bundled plan into an
in-memory store once (timed, not budgeted), runs everything once to warm up (imports
of pandas, networkx and scipy; the query parser), then RUNS times on a *fresh*
``Tables`` each run, so nothing computed in one run is reused by the next:

* ``load_tables`` (the named queries assignments, items and targets, as DataFrames);
* ``dutygraph load``: unit_load without and with group expansion, load per section
  and per kind (both ways), per zone, per district;
* ``dutygraph structure``: centrality and communities, both ways;
* ``dutygraph overlaps``: duplicates, co-assignment (both ways), multi-lead,
  shared-target;
* ``dutygraph network``: the four networks, each exported as GraphML (the default);
* ``dutygraph show``: a unit (市水务局) and an item (2.201).

It prints the median of the whole run (budget: under 1 s) and of each part, and two
baselines measured in the same run on the same store, so the numbers can be read
on a slow or busy machine:

* the same load table (lead, responsible, total per unit, written) computed straight
  from the parsed model with plain Python: what the pandas/SPARQL route costs over
  the cheapest possible computation;
* the ``unit-load`` named query alone (``graph.store.sparql.select``), which answers that
  one question inside the store.

Both baselines are first checked to give the analytics' numbers. Exit status 1 if
the budget is missed or the answers disagree. Timings are never asserted in tests.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from timing import median_time

BUDGET = 1.0
RUNS = 7
BASELINE_RUNS = 21


def full_run(store) -> dict[str, float]:
    """Every analytics command's computation on a fresh Tables; seconds per part."""
    from graph.analytics import load, overlaps, profile, structure
    from graph.analytics.frames import load_tables
    from graph.export.networks import network_bytes

    parts: dict[str, float] = {}

    def timed(name: str, fn: Callable[..., object], *args, **kwargs) -> object:
        start = time.perf_counter()
        value = fn(*args, **kwargs)
        parts[name] = parts.get(name, 0.0) + time.perf_counter() - start
        return value

    tables = timed("load_tables", load_tables, store)
    for expand in (False, True):
        timed("load: unit_load ×2", load.unit_load, tables, expand=expand)
        timed("load: per section ×2", load.load_by_section, tables, expand=expand)
        timed("load: per kind ×2", load.load_by_kind, tables, expand=expand)
    timed("load: per zone", load.load_by_zone, tables)
    timed("load: per district", load.district_load, tables)
    for expand in (False, True):
        timed("structure: centrality ×2", structure.centrality, tables, expand=expand)
        timed("structure: communities ×2", structure.community_table, tables, expand=expand)
    timed("overlaps: duplicates", overlaps.duplicates, tables)
    for expand in (False, True):
        timed("overlaps: co-assignment ×2", overlaps.co_assignment, tables, expand=expand)
    timed("overlaps: multi-lead", overlaps.multi_lead, tables)
    timed("overlaps: shared-target", overlaps.shared_targets, tables)
    for which in ("coassignment", "coordination", "bipartite", "districts"):
        timed(f"network: {which}", network_bytes, tables, which, fmt="graphml")
    timed("show: unit 市水务局", profile.show, tables, "市水务局")
    timed("show: item 2.201", profile.show, tables, "2.201")
    return parts


def model_load(plan) -> dict[str, tuple[int, int, int]]:
    """lead, responsible, total per unit, written, from the parsed model in plain Python."""
    lead: dict[str, int] = {}
    total: dict[str, int] = {}
    for item in plan.items:
        leads = set(item.effective_lead)
        for unit in set(item.units()):
            total[unit] = total.get(unit, 0) + 1
            if unit in leads:
                lead[unit] = lead.get(unit, 0) + 1
    return {u: (lead.get(u, 0), n - lead.get(u, 0), n) for u, n in total.items()}


def main() -> int:
    start = time.perf_counter()
    from graph.store.local import memory_store

    store = memory_store()
    built = time.perf_counter() - start

    from graph.analytics.frames import load_tables
    from graph.analytics.load import unit_load
    from graph.parse.plan import parse_plan
    from graph.store.library import library
    from graph.store.sparql import select

    plan = parse_plan()
    query = library()["unit-load"]

    # The answers agree before anything is timed.
    ours = {
        r["unit"]: (r["lead"], r["responsible"], r["total"])
        for r in unit_load(load_tables(store)).to_dict("records")
    }
    theirs = {
        r["unit"]: (r["lead"], r["responsible"], r["total"])
        for r in select(query, {"expand": "false"}, store=store).records()
    }
    plain = model_load(plan)
    if not ours == theirs == plain:
        print("the analytics, the unit-load query and the parsed model disagree on the load")
        return 1

    full_run(store)  # warm-up: imports, query parsing
    runs = []
    for _ in range(RUNS):
        begin = time.perf_counter()
        parts = full_run(store)
        parts["total"] = time.perf_counter() - begin
        runs.append(parts)
    total = statistics.median(r["total"] for r in runs)
    python = median_time(lambda: model_load(plan), BASELINE_RUNS)
    sparql = median_time(lambda: select(query, {"expand": "false"}, store=store), BASELINE_RUNS)

    ok = total < BUDGET
    print(
        f"store: bundled plan, {len(store)} triples, built in {built:.2f} s (not budgeted); "
        f"{len(plan.items)} items, {len(ours)} units"
    )
    print(
        f"full analytics run, fresh Tables (median of {RUNS})  {total * 1000:8.1f} ms"
        f"   budget {BUDGET * 1000:.0f} ms   {'ok' if ok else 'OVER BUDGET'}"
        f"   (min {min(r['total'] for r in runs) * 1000:.1f}, max {max(r['total'] for r in runs) * 1000:.1f})"
    )
    for name in runs[0]:
        if name == "total":
            continue
        median = statistics.median(r[name] for r in runs)
        print(f"  {name:<44} {median * 1000:8.1f} ms  {median / total:6.1%}")
    print("baselines, same store, same answers:")
    print(
        f"  load from the parsed model, plain Python (median of {BASELINE_RUNS})"
        f"  {python * 1000:8.2f} ms   full run / this = {total / python:7.1f}x"
    )
    print(
        f"  unit-load named query alone (median of {BASELINE_RUNS})"
        f"            {sparql * 1000:8.2f} ms   full run / this = {total / sparql:7.1f}x"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
