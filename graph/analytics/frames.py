"""The tables every analytic starts from, read from the store with named queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from graph.errors import OptionError
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
    # the one plan of the store these tables are scoped to (only_plan), if any
    plan: str | None = None
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

    def plan_ids(self) -> list[str]:
        """The ids of the plans in the tables (wuhan-2023), sorted."""
        return sorted({plan_id(iri) for iri in self.items["plan"].dropna().unique()})

    def only_plan(self, plan: str | None) -> Tables:
        """The tables of one plan of a corpus (``None``: all of them, unchanged).

        An id the tables do not hold is a usage error listing those they do.
        """
        if not plan:
            return self
        known = self.plan_ids()
        if plan not in known:
            raise OptionError(
                f"no plan {plan!r} in the store (plans: {', '.join(known) or 'none'})"
            )
        prefix = f"{plan}:"

        def keep(frame: pd.DataFrame, ref: str) -> pd.DataFrame:
            out = frame[_plan_ids(frame["plan"]) == plan].reset_index(drop=True)
            if len(known) > 1:  # back to the plan's own refs (2.201)
                out[ref] = out[ref].astype(str).str.removeprefix(prefix).astype("string")
            return out

        targets = keep(self.targets, "item") if "plan" in self.targets else self.targets
        assignments = keep(self.assignments, "ref")
        for column in ("unit", "via_group"):  # one plan's units are one jurisdiction's:
            assignments[column] = _unscoped(assignments[column])  # 市发改委 again
        return Tables(assignments, keep(self.items, "ref"), targets, self.store, plan)

    def item_key(self, cited: str) -> tuple[str | None, str]:
        """``PLAN:REF`` or a bare ``REF`` as (plan id, ref); a bare ref is fine while
        the tables hold one plan, and a usage error listing the plans otherwise."""
        plan, sep, ref = cited.rpartition(":")
        if sep:
            self.only_plan(plan)  # checks the id
            return plan, ref
        known = self.plan_ids()
        if len(known) > 1:
            raise OptionError(
                f"the store holds several plans; cite the item as PLAN:REF ({', '.join(f'{k}:{cited}' for k in known)})"
            )
        return (known[0] if known else None), cited


def _unscoped(names: pd.Series) -> pd.Series:
    """``wuhan:市发改委`` -> ``市发改委`` when every name has the same ``scope:``."""
    present = names.dropna().astype(str)
    scopes = {name.partition(":")[0] for name in present if ":" in name}
    if len(scopes) != 1 or not present.str.contains(":", regex=False).all():
        return names
    return names.str.removeprefix(f"{next(iter(scopes))}:").astype("string")


def _cited(plans: pd.Series, refs: pd.Series) -> pd.Series:
    return (_plan_ids(plans) + ":" + refs.astype(str)).astype("string")


def _plan_ids(plans: pd.Series) -> pd.Series:
    """The plan id of each row's plan IRI, worked out once per plan (a corpus's
    tables have millions of rows and a few hundred plans)."""
    return plans.map({iri: plan_id(iri) for iri in plans.dropna().unique()})


def plan_id(iri: str) -> str:
    """A plan's id from its IRI (``…/plan/wuhan-2023`` -> ``wuhan-2023``)."""
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


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


def load_tables(store: Any, kept: dict | None = None) -> Tables:
    """Read the tables once from ``store``: the assignments (IRIs, unordered — the
    largest answer), turned into labels with the units' labels (the ``units`` named
    query's rows without its counts: ``queries/internal/unit-labels.rq``) and the
    ``items`` named query, and sorted in plan order; and the ``targets``.

    ``kept``: the ``items``, ``targets`` and ``assignments`` answers a persisted store
    keeps per plan (graph.store.local.kept_answers), used instead of asking the
    store for them; the units are always read from the store.

    The assignments are read as CSV text (``select_strings``): every column but one is
    an IRI, and parsing the engine's CSV is several times faster than converting some
    20,000 terms one by one, which was most of the time every analytic spent here.
    """
    import numpy as np

    from graph.store.library import library
    from graph.store.sparql import frame, select, select_strings

    queries = library()

    def table(query):
        return frame(select(query, {}, store=store))

    kept = kept or {}
    units = table(internal_query("unit-labels"))
    scopes = units["jurisdiction"].dropna().unique() if "jurisdiction" in units else []
    if len(scopes) > 1:
        # several jurisdictions' 市发改委 are several units: named wuhan:市发改委, as
        # items are cited wuhan-2023:2.201, so no table merges two bodies by name
        units["unit"] = (units["jurisdiction"].fillna("") + ":" + units["unit"]).astype("string")
    items = kept["items"] if "items" in kept else table(queries["items"])
    targets = kept["targets"] if "targets" in kept else table(queries["targets"])
    if items["plan"].nunique() > 1:
        # several plans: an item is PLAN:REF in every table (wuhan-2023:2.201), so no
        # analytic merges two plans' 2.201 into one item
        items["ref"] = _cited(items["plan"], items["ref"])
        if "plan" in targets and len(targets):
            targets["item"] = _cited(targets["plan"], targets["item"])
    if "assignments" in kept:
        # coded (graph.store.answers): labelled below per distinct value; the item
        # as text, as the store's answer gives it, for the merge with the items
        raw = kept["assignments"]
        raw["item"] = raw["item"].astype("string")
    else:
        raw = select_strings(assignments_query(), store=store)
    raw["lead_by_rule"] = _mapped(raw["lead_by_rule"], _BOOLEANS, "boolean")[0]
    names = dict(zip(units["iri"], units["unit"], strict=True))
    # each label with its rank among the column's labels, to sort by below
    sort_keys = [
        ("unit", "unit_iri", names),
        ("role", "role_iri", _ROLES),
        ("derivation", "derivation_iri", _DERIVATIONS),
        ("via_group", "via_iri", names),
    ]
    for label, iri, mapping in sort_keys:
        raw[label], raw[f"_{label}_rank"] = _mapped(raw[iri], mapping)
    placed = items.loc[:, ["plan", "item", "ref", "part", "number", "section"]]
    placed = placed.assign(_order=range(len(placed)))
    described = units.loc[:, ["iri", "unit_en", "kind", "zone", "enumerated"]]
    assignments = raw.merge(placed, on="item", how="left").merge(
        described.rename(columns={"iri": "unit_iri"}), on="unit_iri", how="left"
    )
    # in plan order, then by unit, role, derivation and group, missing first, each
    # tie in the order before (a stable sort): the ranks sort as the labels do, and
    # sorting a few integer columns is several times faster than sorting text
    order = assignments["_order"].to_numpy(dtype="float64", na_value=-1.0)
    ranks = [assignments[f"_{label}_rank"].to_numpy() for label, _, _ in reversed(sort_keys)]
    assignments = assignments.take(np.lexsort((*ranks, order))).reset_index(drop=True)
    return Tables(assignments.loc[:, list(ASSIGNMENT_COLUMNS)], items, targets, store)


def _mapped(
    values: pd.Series, mapping: dict, dtype: Literal["string", "boolean"] = "string"
) -> tuple[Any, Any]:
    """``values.map(mapping)`` as ``dtype`` (a value not in it, or missing: NA),
    looking each distinct value up once: a corpus's assignments repeat a few thousand
    IRIs over millions of rows, which ``Series.map`` would hash row by row. With it,
    each row's rank in the sorted order of the labels (NA: -1, first), which sorts
    the rows as the labels would."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    found = [mapping.get(u) for u in uniques]
    labels = np.array([*found, None], dtype=object)
    rank = {label: n for n, label in enumerate(sorted({f for f in found if f is not None}))}
    ranks = np.array([*(-1 if f is None else rank[f] for f in found), -1], dtype=np.int64)
    return pd.array(labels[codes], dtype=dtype), ranks[codes]


ASSIGNMENT_COLUMNS = (
    "plan", "item", "ref", "part", "number", "section", "unit", "unit_en", "kind", "zone",
    "enumerated", "role", "derivation", "lead_by_rule", "via_group",
)  # fmt: skip
