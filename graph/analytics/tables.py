"""The tables every analytic starts from, read from the store with named queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Tables:
    """Assignments, items and targets of the graph, as DataFrames.

    ``assignments`` has one row per item, unit, role and derivation (``written``,
    ``no_lead_rule``, ``group``); ``items`` one row per item; ``targets`` one row per
    quantitative target (empty when the graph has none).
    """

    assignments: Any
    items: Any
    targets: Any
    store: Any = None
    _cache: dict = field(default_factory=dict, repr=False)

    def cached(self, key: tuple, make: Callable[[], Any]) -> Any:
        """Compute something derived from the tables once (networks, views)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def view(self, expand: bool):
        """Assignments as counted: written (and the no-lead rule) only, or with
        group expansion — then enumerated groups give way to their members."""

        def make():
            a = self.assignments
            if expand:
                return a[~a["enumerated"].fillna(False).astype(bool)]
            return a[a["derivation"] != "group"]

        return self.cached(("view", expand), make)


def run_query(query: Any, store: Any) -> tuple[list[str], list[tuple]]:
    """Evaluate a named query with its default parameters on the embedded store.

    Parameters are bound exactly as :func:`graph.sparql.select` binds them (typed
    terms returned by parameter functions); each solution is read as a tuple, by
    position, which is several times faster than reading it variable by variable
    and matters for the assignments table (some 4,000 rows × 15 columns).
    """
    import pyoxigraph as ox

    from graph.sparql import PARAM_FUNCTION, bind, substitute_text

    terms = bind(query, {})
    text = substitute_text(query.text, {name: f"<{PARAM_FUNCTION}{name}>()" for name in terms})
    functions = {
        ox.NamedNode(PARAM_FUNCTION + name): (lambda term=term: term)
        for name, term in terms.items()
    }
    solutions = store.query(text, custom_functions=functions)
    columns = [v.value for v in solutions.variables]
    return columns, [tuple(solution) for solution in solutions]


def to_frame(columns: list[str], rows: list[tuple]):
    """Rows of RDF terms as a DataFrame typed exactly as :func:`graph.sparql.frame`
    types it (Int64, Float64, boolean, string), converting each distinct term once."""
    from decimal import Decimal

    import pandas as pd

    from graph.sparql import to_python

    df = pd.DataFrame(index=pd.RangeIndex(len(rows)))
    by_column = zip(*rows, strict=True) if rows else (() for _ in columns)
    for column, terms in zip(columns, by_column, strict=True):
        memo = {term: to_python(term) for term in set(terms)}
        values = list(map(memo.__getitem__, terms))
        present = [v for v in memo.values() if v is not None]
        if not present:
            df[column] = pd.Series(values, dtype=object)
        elif all(isinstance(v, bool) for v in present):
            df[column] = pd.array(values, dtype="boolean")
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            df[column] = pd.array(values, dtype="Int64")
        elif all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in present):
            df[column] = pd.array(
                [None if v is None else float(v) for v in values], dtype="Float64"
            )
        elif all(isinstance(v, str) for v in present):
            df[column] = pd.array(values, dtype="string")
        else:
            df[column] = pd.Series(values, dtype=object)
    return df


def load_tables(store: Any) -> Tables:
    """Run the table queries once on ``store`` (a pyoxigraph Store)."""
    from graph.queries import library

    queries = library()
    assignments = to_frame(*run_query(queries["assignments"], store))
    items = to_frame(*run_query(queries["items"], store))
    if "targets" in queries:
        targets = to_frame(*run_query(queries["targets"], store))
    else:  # pragma: no cover - before the targets issue
        import pandas as pd

        targets = pd.DataFrame(
            columns=["item", "value", "unit", "comparator", "kind", "counted", "text"]
        )
    return Tables(assignments, items, targets, store)
