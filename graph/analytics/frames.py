"""The tables every analytic starts from, read from the store with named queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graph.rdf.namespaces import DG
from graph.store.library import NamedQuery, internal_query

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyoxigraph as ox


@dataclass
class Tables:
    """Assignments, items and targets of the graph, as DataFrames.

    ``assignments`` has one row per item, unit, role and derivation (``written``,
    ``no_lead_rule``, ``group``); ``items`` one row per item; ``targets`` one row per
    quantitative target (empty when the graph has none).
    """

    assignments: pd.DataFrame
    items: pd.DataFrame
    targets: pd.DataFrame
    store: ox.Store | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    def cached(self, key: tuple, make: Callable[[], Any]) -> Any:
        """Compute something derived from the tables once (networks, views)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def view(self, expand: bool) -> pd.DataFrame:
        """Assignments as counted: written (and the no-lead rule) only, or with
        group expansion — then enumerated groups give way to their members."""

        def make() -> pd.DataFrame:
            a = self.assignments
            if expand:
                return a[~a["enumerated"].fillna(False).astype(bool)]
            return a[a["derivation"] != "group"]

        return self.cached(("view", expand), make)


_ROLES = {DG + "Lead": "lead", DG + "Responsible": "responsible", DG + "Cooperating": "cooperating"}
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_DERIVATIONS = {
    DG + "AsWritten": "written",
    DG + "ByNoLeadRule": "no_lead_rule",
    DG + "ByGroupExpansion": "group",
}


def assignments_query() -> NamedQuery:
    """The analytics' own table query (``queries/internal/assignments.rq``)."""
    return internal_query("assignments")


def load_tables(store: Any) -> Tables:
    """Read the tables once from ``store``: the assignments (IRIs, unordered — the
    largest answer), turned into labels with the ``units`` and ``items`` named
    queries and sorted in plan order; and the ``targets``.

    The assignments are read as CSV text (``select_strings``): every column but one is
    an IRI, and parsing the engine's CSV is several times faster than converting some
    20,000 terms one by one, which was most of the time every analytic spent here.
    """
    from graph.store.library import library
    from graph.store.sparql import frame, select, select_strings

    queries = library()

    def table(query):
        return frame(select(query, {}, store=store))

    units = table(queries["units"])
    items = table(queries["items"])
    targets = table(queries["targets"])
    raw = select_strings(assignments_query(), store=store)
    raw["lead_by_rule"] = raw["lead_by_rule"].map(_BOOLEANS).astype("boolean")
    names = dict(zip(units["iri"], units["unit"], strict=True))
    raw["unit"] = raw["unit_iri"].map(names).astype("string")
    raw["via_group"] = raw["via_iri"].map(names).astype("string")
    raw["role"] = raw["role_iri"].map(_ROLES).astype("string")
    raw["derivation"] = raw["derivation_iri"].map(_DERIVATIONS).astype("string")
    placed = items.loc[:, ["plan", "item", "ref", "part", "number", "section"]]
    placed = placed.assign(_order=range(len(placed)))
    assignments = raw.merge(placed, on="item", how="left").merge(
        units.loc[:, ["unit", "unit_en", "kind", "zone", "enumerated"]], on="unit", how="left"
    )
    assignments = assignments.sort_values(
        ["_order", "unit", "role", "derivation", "via_group"], kind="mergesort", na_position="first"
    ).reset_index(drop=True)
    return Tables(assignments.loc[:, list(ASSIGNMENT_COLUMNS)], items, targets, store)


ASSIGNMENT_COLUMNS = (
    "plan", "item", "ref", "part", "number", "section", "unit", "unit_en", "kind", "zone",
    "enumerated", "role", "derivation", "lead_by_rule", "via_group",
)  # fmt: skip
