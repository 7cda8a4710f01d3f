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

from graph.analytics.frames import Tables

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


_PAIR_COLUMNS = (
    "unit",
    "item",
    "unit_en",
    "kind",
    "zone",
    "ref",
    "part",
    "section",
    "role",
    "derivation",
    "lead_by_rule",
)
# The per-(unit, item) record: the identifying and descriptive columns of a pair,
# then what the unit's assignments on the item add up to.
_UNIT_ITEM_COLUMNS = (*_PAIR_COLUMNS[:8], "is_lead", "direct", "lead_by_rule_only")


def _present(value: Any) -> bool:
    """Not None, pandas' NA or NaN."""
    if value is None or type(value).__name__ == "NAType":
        return False
    return bool(value == value)


def _pair_frame(tables: Tables, expand: bool) -> Any:
    """One row per (unit, item), sorted by both, with the columns of
    :data:`_UNIT_ITEM_COLUMNS`. Computed once per view and cached: treat as read-only.

    ``unit_en`` … ``section``: the first value present among the unit's assignments on
    the item (they are constant per unit or per item); ``is_lead``: any of them is a
    lead; ``direct``: any is not derived through a group; ``lead_by_rule_only``: it
    leads, and every lead assignment it has there comes from the no-lead rule.
    Cooperating assignments are left out: load is lead and responsible.

    Grouped by pandas rather than row by row in Python: a corpus of 1,000 plans has
    some three million assignments.
    """

    def make():
        import pandas as pd

        view = tables.view(expand)
        view = view[(view["role"] != "cooperating").fillna(True).to_numpy(dtype=bool)]
        lead = (view["role"] == "lead").fillna(False).to_numpy(dtype=bool)
        by_rule = view["lead_by_rule"].fillna(False).to_numpy(dtype=bool)
        rows = pd.DataFrame({c: view[c] for c in _PAIR_COLUMNS[:8]})
        rows["is_lead"] = lead
        rows["direct"] = (view["derivation"] != "group").fillna(True).to_numpy(dtype=bool)
        rows["lead_not_by_rule"] = lead & ~by_rule
        grouped = rows.groupby(["unit", "item"], sort=True, dropna=False)
        firsts = grouped[list(_PAIR_COLUMNS[2:8])].first()
        flags = grouped[["is_lead", "direct", "lead_not_by_rule"]].any()
        out = firsts.join(flags).reset_index()
        out["lead_by_rule_only"] = out["is_lead"] & ~out.pop("lead_not_by_rule")
        return out.loc[:, list(_UNIT_ITEM_COLUMNS)]

    return tables.cached(("unit_item_pair_frame", expand), make)


def _pairs(tables: Tables, expand: bool) -> dict[tuple[str, str], list[Any]]:
    """:func:`_pair_frame` as a dict: per (unit, item), in that order, the fields of
    :data:`_UNIT_ITEM_COLUMNS` after the first two. Cached: treat as read-only."""

    def make():
        frame = _pair_frame(tables, expand)
        columns = [frame[c].tolist() for c in _UNIT_ITEM_COLUMNS]
        return {(u, i): list(rest) for u, i, *rest in zip(*columns, strict=True)}

    return tables.cached(("unit_item_pairs", expand), make)


def unit_items(tables: Tables, expand: bool = False):
    """One row per (unit, item) with the unit's role on it and how it got there."""
    return _pair_frame(tables, expand).copy()


def _exact_sum(terms: list[tuple[float, int]]) -> float:
    """The sum of ``count`` copies of each ``value``, correctly rounded once (what
    ``math.fsum`` of all the copies gives), in integers: every float is a fraction
    over a power of two."""
    ratios = [(value.as_integer_ratio(), count) for value, count in terms]
    scale = max(denominator for (_, denominator), _ in ratios)
    total = sum(
        numerator * (scale // denominator) * count for (numerator, denominator), count in ratios
    )
    return total / scale


def _unit_totals(tables: Tables, expand: bool):
    """The unsorted load table of a view (cached; callers copy it)."""

    def make():
        import pandas as pd

        pairs = _pair_frame(tables, expand)
        # per item, the responsible units (not lead) that share its weight of 1
        sharing = pairs.loc[~pairs["is_lead"], "item"].value_counts()
        shares = pairs["item"].map(sharing).fillna(0).astype("int64").to_numpy(copy=True)
        shares[pairs["is_lead"].to_numpy()] = 0  # a lead carries 1 whole
        grouped = pairs.groupby("unit", sort=True, dropna=False)
        frame = pairs.drop_duplicates("unit").loc[:, ["unit", "unit_en", "kind"]]
        frame = frame.set_index("unit")
        frame["lead"] = grouped["is_lead"].sum().astype("int64")
        frame["lead_by_rule"] = grouped["lead_by_rule_only"].sum().astype("int64")
        frame["total"] = grouped.size().astype("int64")
        frame["named"] = grouped["direct"].sum().astype("int64")
        counted = (
            pd.DataFrame({"unit": pairs["unit"], "shares": shares})
            .groupby(["unit", "shares"], sort=True, dropna=False)
            .size()
        )
        terms: dict[Any, list[tuple[float, int]]] = {}
        for (unit, n), count in zip(counted.index.tolist(), counted.tolist(), strict=True):
            terms.setdefault(unit, []).append((1.0 / n if n else 1.0, count))
        frame = frame.reset_index()
        frame["weighted"] = pd.Series(
            [_exact_sum(terms[unit]) for unit in frame["unit"].tolist()], dtype="Float64"
        ).round(3)
        frame["responsible"] = frame["total"] - frame["lead"]  # one row per (unit, item)
        frame["via_groups"] = frame["total"] - frame["named"]
        return frame.loc[:, list(LOAD_COLUMNS)]

    return tables.cached(("unit_totals", expand), make)


def unit_load(
    tables: Tables,
    *,
    expand: bool = False,
    by: str = "total",
    kind: str | None = None,
    top: int | None = None,
):
    """The load leaderboard (columns: :data:`LOAD_COLUMNS`)."""
    if by not in SORT_KEYS:
        raise ValueError(f"by must be one of {', '.join(SORT_KEYS)}")
    frame = _unit_totals(tables, expand)
    if kind:
        frame = frame[frame["kind"] == kind]
    frame = frame.sort_values(
        [by, "total", "lead", "unit"], ascending=[False, False, False, True], kind="mergesort"
    )
    if top:
        frame = frame.head(top)
    return frame.reset_index(drop=True)


def load_by_section(tables: Tables, *, expand: bool = False):
    """Items per unit within each part and section: unit, part, section, lead, responsible, total."""
    import pandas as pd

    groups: dict[tuple[Any, ...], list[Any]] = {}
    for (unit, _), record in _pairs(tables, expand).items():
        part, section = record[4], record[5]
        key = (unit, part if _present(part) else None, section if _present(section) else None)
        row = groups.get(key)
        if row is None:
            row = groups[key] = [record[1], 0, 0]  # kind, lead, total
        row[1] += record[6]
        row[2] += 1

    def order(key):  # unit, part, section; a missing part or section last
        unit, part, section = key
        return (unit, part is None, part or 0, section is None, section or 0)

    rows = [
        (unit, row[0], part, section, row[1], row[2] - row[1], row[2])
        for (unit, part, section), row in sorted(groups.items(), key=lambda kv: order(kv[0]))
    ]
    out = pd.DataFrame(
        rows, columns=["unit", "kind", "part", "section", "lead", "responsible", "total"]
    )
    for column in ("unit", "kind"):
        out[column] = out[column].astype("string")
    for column in ("part", "section", "lead", "responsible"):
        out[column] = out[column].astype("Int64")
    out["total"] = out["total"].astype("int64")
    return out


def load_by_kind(tables: Tables, *, expand: bool = False):
    """Per unit kind: units, distinct items reached, items led, assignments (unit-items)."""
    import pandas as pd

    kinds: dict[str, tuple[set, set, set, list[int]]] = {}
    for (unit, item), record in _pairs(tables, expand).items():
        entry = kinds.get(record[1])
        if entry is None:
            entry = kinds[record[1]] = (set(), set(), set(), [0])
        units, items, led, count = entry
        units.add(unit)
        items.add(item)
        if record[6]:
            led.add(item)
        count[0] += 1
    rows = sorted(
        (
            (kind, len(units), len(items), len(led), count[0])
            for kind, (units, items, led, count) in kinds.items()
        ),
        key=lambda r: (-r[4], r[0]),
    )
    out = pd.DataFrame(rows, columns=["kind", "units", "items", "lead_items", "unit_items"])
    out["kind"] = out["kind"].astype("string")
    for column in ("units", "items", "lead_items", "unit_items"):
        out[column] = out[column].astype("int64")
    return out


def load_by_zone(tables: Tables, *, expand: bool = True):
    """中心城区 vs 新城区: districts, distinct items reached, items led, mean load per district."""
    import pandas as pd

    zones: dict[str, tuple[dict[str, list[int]], set]] = {}
    for (unit, item), record in _pairs(tables, expand).items():
        zone = record[2]
        if not _present(zone):
            continue
        per_unit, items = zones.setdefault(zone, ({}, set()))
        load = per_unit.setdefault(unit, [0, 0])  # total, lead
        load[0] += 1
        load[1] += record[6]
        items.add(item)
    rows = []
    for zone in sorted(zones):
        per_unit, items = zones[zone]
        totals = [load[0] for load in per_unit.values()]
        leads = [load[1] for load in per_unit.values()]
        rows.append(
            (zone, len(per_unit), len(items), sum(totals) / len(totals), sum(leads) / len(leads))
        )
    out = pd.DataFrame(rows, columns=["zone", "districts", "items", "mean_total", "mean_lead"])
    out["zone"] = out["zone"].astype("string")
    for column in ("districts", "items"):
        out[column] = out[column].astype("int64")
    out["mean_total"] = out["mean_total"].astype("float64").round(2)
    out["mean_lead"] = out["mean_lead"].astype("Float64").round(2)
    return out


def district_load(tables: Tables) -> Any:
    """Districts and committees with the items that reach them, named or through groups."""
    frame = unit_load(tables, expand=True)
    districts = frame[frame["kind"].isin(["district_government", "management_committee"])]
    wanted = set(districts["unit"])
    pairs = _pair_frame(tables, True)
    zones = pairs[pairs["unit"].isin(wanted)].drop_duplicates("unit").set_index("unit")["zone"]
    districts = districts.assign(zone=districts["unit"].map(zones).astype("string"))
    return districts.loc[
        :, ["unit", "kind", "zone", "named", "via_groups", "total", "lead", "weighted"]
    ].reset_index(drop=True)


def load_by_plan(tables: Tables, *, expand: bool = False, by: str = "total"):
    """The load leaderboard of each plan, one after the other: a corpus-wide table per
    unit and plan (year), with the plan's id first (columns: ``plan`` then
    :data:`LOAD_COLUMNS`). Each plan is counted on its own, so a unit's rows across
    a city's plans show how its load moved from year to year."""
    import pandas as pd

    frames = []
    for plan in tables.plan_ids():
        frame = unit_load(tables.only_plan(plan), expand=expand, by=by)
        frames.append(frame.assign(plan=plan))
    if not frames:
        return pd.DataFrame(columns=["plan", *LOAD_COLUMNS])
    out = pd.concat(frames, ignore_index=True)
    return out.loc[:, ["plan", *[c for c in out.columns if c != "plan"]]]
