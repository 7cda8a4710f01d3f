"""Scoping a query to one plan of a corpus store.

Every plan has its named graph and its jurisdiction's units theirs, so "this
query, on plan X" is the same query with X's graphs as the default graph: no query
text needs a filter, and a bare query keeps seeing the union of every graph.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.errors import OptionError

_VOCABULARY = "graph/ontology"


def _rows(store: ox.Store, name: str, **values: str) -> list[ox.QuerySolution]:
    """An internal query's solutions, its ``$NAME`` parameters bound by the engine
    (here, not through graph.store.sparql, which scopes its queries with this module)."""
    from graph.store.library import internal_query

    solutions = store.query(
        internal_query(name).text,
        substitutions={ox.Variable(k): ox.Literal(v) for k, v in values.items()},
    )
    assert isinstance(solutions, ox.QuerySolutions)
    return list(solutions)


def plans_in(store: ox.Store) -> list[str]:
    """The ids of the plans ``store`` holds, sorted."""
    return [str(row["id"].value) for row in _rows(store, "plan-ids")]


def _units_graph(jurisdiction: str) -> str:
    base, _, scope = jurisdiction.rpartition("/jurisdiction/")
    return f"{base}/graph/units/{scope}"


def plan_graphs(store: ox.Store, plan: str) -> list[ox.NamedNode]:
    """The graphs a query on ``plan`` reads: the plan's, its jurisdiction's units and
    the ontology. An id the store does not hold is a usage error naming those it does."""
    return list(_plan_graphs(store, plan))


_SCOPES: dict[tuple[int, str], tuple[ox.NamedNode, ...]] = {}


def _plan_graphs(store: ox.Store, plan: str) -> tuple[ox.NamedNode, ...]:
    """Looked up once per store and plan (a server answers many queries on one),
    and again when the graph found is gone (the plan was replaced)."""
    key = (id(store), plan)
    found = _SCOPES.get(key)
    if found is None or not store.contains_named_graph(found[0]):
        found = _SCOPES[key] = _lookup(store, plan)
    return found


def _lookup(store: ox.Store, plan: str) -> tuple[ox.NamedNode, ...]:
    rows = _rows(store, "plan-graphs", id=plan)
    if not rows:
        known = ", ".join(plans_in(store)) or "none"
        raise OptionError(f"no plan {plan!r} in the store (plans: {known})")
    graph, jurisdiction = rows[0]["g"], rows[0]["jurisdiction"]
    assert isinstance(graph, ox.NamedNode) and isinstance(jurisdiction, ox.NamedNode)
    graphs = (ox.NamedNode(g) for g in graph_names(graph.value, jurisdiction.value))
    return tuple(g for g in graphs if store.contains_named_graph(g))


def graph_names(graph: str, jurisdiction: str) -> list[str]:
    """The names of the graphs a query on one plan reads, from the name of the
    plan's graph and its jurisdiction's IRI: the plan's, its units', the ontology."""
    base = graph.rpartition("/graph/")[0]
    return [graph, _units_graph(jurisdiction), f"{base}/{_VOCABULARY}"]


def remote_plan_graphs(select_remote, plan: str) -> list[str]:
    """:func:`plan_graphs` for a SPARQL endpoint; ``select_remote(query, params)``
    runs an internal query there (its answer a :class:`graph.store.sparql.Result`)."""
    from graph.store.library import internal_query

    rows = select_remote(internal_query("plan-graphs"), {"id": plan}).rows
    if not rows:
        ids = select_remote(internal_query("plan-ids"), {}).records()
        known = ", ".join(str(r["id"]) for r in ids) or "none"
        raise OptionError(f"no plan {plan!r} at the endpoint (plans: {known})")
    graph, jurisdiction = rows[0][0], rows[0][1]
    return graph_names(graph.value, jurisdiction.value)
