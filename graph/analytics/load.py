"""Load: how many items each unit leads, supports and is on, as written or with
group expansion, and a weighted load.

Counting rules (the CLI's contract):

* ``lead`` – items the unit leads, the no-lead rule applied (where an item names
  no lead, its responsible units lead);
* ``lead_by_rule`` – of those, items it leads only by that rule;
* ``responsible`` – items where it is responsible and not lead;
* ``total`` – distinct items it is on;
* ``via_groups`` – items that reach it only through a group (with expansion);
  ``named`` – ``total - via_groups``, items that name it;
* ``weighted`` – per item, each lead carries 1 and the responsible units (not
  lead) share 1 equally among them; a unit's weighted load is its sum.

With ``expand=False`` only what the plan writes counts and a group is a unit of its
own; with ``expand=True`` an item given to an enumerated group counts for each
member, and the enumerated groups themselves drop out.
"""

from __future__ import annotations

from typing import Any

from graph.analytics.tables import Tables

LOAD_COLUMNS = (
    "unit",
    "unit_en",
    "kind",
    "lead",
    "lead_by_rule",
    "responsible",
    "total",
    "named",
    "via_groups",
    "weighted",
)
SORT_KEYS = ("lead", "responsible", "total", "weighted")


def unit_items(tables: Tables, expand: bool = False):
    """One row per (unit, item) with the unit's role on it and how it got there."""
    view = tables.view(expand)
    grouped = view.assign(
        is_lead=view["role"] == "lead", direct=view["derivation"] != "group"
    ).groupby(["unit", "item"], sort=True)
    per = grouped.agg(
        unit_en=("unit_en", "first"),
        kind=("kind", "first"),
        zone=("zone", "first"),
        ref=("ref", "first"),
        part=("part", "first"),
        section=("section", "first"),
        is_lead=("is_lead", "any"),
        direct=("direct", "any"),
    ).reset_index()
    # Lead only by the rule: every lead assignment of the unit on the item is a rule lead.
    leads = view[view["role"] == "lead"]
    rule_only = leads.groupby(["unit", "item"])["lead_by_rule"].all().rename("lead_by_rule_only")
    per = per.merge(rule_only, on=["unit", "item"], how="left")
    per["lead_by_rule_only"] = per["lead_by_rule_only"].fillna(False).astype(bool)
    return per


def unit_load(
    tables: Tables,
    *,
    expand: bool = False,
    by: str = "total",
    kind: str | None = None,
    top: int | None = None,
):
    """The load leaderboard (columns: :data:`LOAD_COLUMNS`)."""
    import pandas as pd

    if by not in SORT_KEYS:
        raise ValueError(f"by must be one of {', '.join(SORT_KEYS)}")
    per = unit_items(tables, expand)
    responsible_per_item = per[~per["is_lead"]].groupby("item")["unit"].nunique()
    per["share"] = per["item"].map(
        lambda i: 1.0 / responsible_per_item[i] if i in responsible_per_item else 0.0
    )
    per["weight"] = per["is_lead"].map({True: 1.0, False: 0.0}) + (~per["is_lead"]) * per["share"]
    grouped = per.groupby("unit", sort=True)
    frame = pd.DataFrame(
        {
            "unit_en": grouped["unit_en"].first(),
            "kind": grouped["kind"].first(),
            "lead": grouped["is_lead"].sum().astype(int),
            "lead_by_rule": grouped["lead_by_rule_only"].sum().astype(int),
            "total": grouped["item"].nunique().astype(int),
            "named": grouped["direct"].sum().astype(int),
            "weighted": grouped["weight"].sum().round(3),
        }
    ).reset_index()
    frame["responsible"] = frame["total"] - frame["lead"]  # one row per (unit, item)
    frame["via_groups"] = frame["total"] - frame["named"]
    if kind:
        frame = frame[frame["kind"] == kind]
    frame = frame.sort_values(
        [by, "total", "lead", "unit"], ascending=[False, False, False, True], kind="mergesort"
    )
    if top:
        frame = frame.head(top)
    return frame.loc[:, list(LOAD_COLUMNS)].reset_index(drop=True)


def load_by_section(tables: Tables, *, expand: bool = False):
    """Items per unit within each part and section: unit, part, section, lead, responsible, total."""
    per = unit_items(tables, expand)
    per["section"] = per["section"].astype("Int64")
    grouped = per.groupby(["unit", "part", "section"], dropna=False, sort=True)
    out = grouped.agg(
        kind=("kind", "first"), lead=("is_lead", "sum"), total=("item", "nunique")
    ).reset_index()
    out["responsible"] = out["total"] - out["lead"]
    return out.loc[:, ["unit", "kind", "part", "section", "lead", "responsible", "total"]]


def load_by_kind(tables: Tables, *, expand: bool = False):
    """Per unit kind: units, distinct items reached, items led, assignments (unit-items)."""
    per = unit_items(tables, expand)
    grouped = per.groupby("kind", sort=True)
    led = per[per["is_lead"]].groupby("kind")["item"].nunique()
    out = grouped.agg(
        units=("unit", "nunique"), items=("item", "nunique"), unit_items=("item", "size")
    ).reset_index()
    out["lead_items"] = out["kind"].map(led).fillna(0).astype(int)
    out = out.sort_values(["unit_items", "kind"], ascending=[False, True], kind="mergesort")
    return out.loc[:, ["kind", "units", "items", "lead_items", "unit_items"]].reset_index(drop=True)


def load_by_zone(tables: Tables, *, expand: bool = True):
    """中心城区 vs 新城区: districts, distinct items reached, items led, mean load per district."""
    per = unit_items(tables, expand)
    per = per[per["zone"].notna()]
    load = (
        per.groupby(["zone", "unit"])
        .agg(total=("item", "nunique"), lead=("is_lead", "sum"))
        .reset_index()
    )
    out = load.groupby("zone", sort=True).agg(
        districts=("unit", "nunique"), mean_total=("total", "mean"), mean_lead=("lead", "mean")
    )
    items = per.groupby("zone")["item"].nunique()
    out["items"] = items
    out = out.reset_index()
    out["mean_total"] = out["mean_total"].round(2)
    out["mean_lead"] = out["mean_lead"].round(2)
    return out.loc[:, ["zone", "districts", "items", "mean_total", "mean_lead"]]


def district_load(tables: Tables) -> Any:
    """Districts and committees with the items that reach them, named or through groups."""
    frame = unit_load(tables, expand=True)
    districts = frame[frame["kind"].isin(["district_government", "management_committee"])]
    zones = tables.assignments.drop_duplicates("unit").set_index("unit")["zone"]
    districts = districts.assign(zone=districts["unit"].map(zones))
    return districts.loc[
        :, ["unit", "kind", "zone", "named", "via_groups", "total", "lead", "weighted"]
    ].reset_index(drop=True)
