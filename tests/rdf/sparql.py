"""SPARQL over a pyoxigraph store, with the project's prefixes: small helpers for tests."""

from __future__ import annotations

import pyoxigraph as ox

from graph.rdf.namespaces import DCT, DG, FOAF, ORG, PROV, RDFS, SKOS, XSD

PREFIXES = "\n".join(
    f"PREFIX {name}: <{iri}>"
    for name, iri in {
        "dg": DG,
        "dct": DCT,
        "foaf": FOAF,
        "org": ORG,
        "prov": PROV,
        "rdfs": RDFS,
        "skos": SKOS,
        "xsd": XSD,
    }.items()
)


def select(store: ox.Store, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT as plain strings (IRIs and literal values alike)."""
    solutions = store.query(PREFIXES + "\n" + query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{name: row[name].value for name in names if row[name] is not None} for row in solutions]


def count(store: ox.Store, where: str) -> int:
    """``COUNT(*)`` of the solutions of a WHERE clause body."""
    rows = select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    return int(rows[0]["n"])


def values(store: ox.Store, query: str, var: str) -> set[str]:
    """The set of one variable's values over the solutions."""
    return {row[var] for row in select(store, query) if var in row}
