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


def load_tables(store: Any) -> Tables:
    """Run the table queries once on ``store`` (a pyoxigraph Store)."""
    from graph.queries import library
    from graph.sparql import frame, select

    queries = library()
    assignments = frame(select(queries["assignments"], {}, store=store))
    items = frame(select(queries["items"], {}, store=store))
    if "targets" in queries:
        targets = frame(select(queries["targets"], {}, store=store))
    else:  # pragma: no cover - before the targets issue
        import pandas as pd

        targets = pd.DataFrame(
            columns=["item", "value", "unit", "comparator", "kind", "counted", "text"]
        )
    return Tables(assignments, items, targets, store)
