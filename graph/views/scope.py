"""What a view shows: the filters, and the analytics tables cut down to them.

Item filters (``part``, ``section``, ``unit``) cut the tables themselves, so every
analytic (load, networks, duplicates) runs unchanged on the smaller plan. Unit
filters (``kind``, ``min_load``) then drop units from the finished network; item
nodes left without any unit drop out with them.

``section`` is ``P.S`` (part P, section S, e.g. ``2.5``) or a bare ``S``: section S
of ``part`` when that is given, else of part 2 (重点工作, the plan's main part).
``unit`` keeps the items that unit is on (in the chosen view: as written, or with
group expansion), with all their units. ``min_load`` is a unit's ``total`` (the
distinct items it is on) within the filtered items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from graph.analytics.frames import Tables
from graph.errors import OptionError
from graph.views.style import KIND_LABELS, chinese_number

DEFAULT_SECTION_PART = 2
_SECTION = re.compile(r"^\s*(?:(\d+)\s*[.．]\s*)?(\d+)\s*$")


@dataclass(frozen=True)
class Filters:
    part: int | None = None
    section: str | None = None
    unit: str | None = None
    kind: str | None = None
    min_load: int = 0
    expand: bool = False

    def describe(self) -> str:
        """The filters in Chinese, for the page's subtitle ('' when none)."""
        bits = []
        if self.part is not None and self.section is None:
            bits.append(f"第{chinese_number(self.part)}部分")
        if self.section is not None:
            part, number = parse_section(self.section, self.part)
            bits.append(f"第{chinese_number(part)}部分第{chinese_number(number)}节")
        if self.unit:
            bits.append(f"单位:{self.unit}")
        if self.kind:
            bits.append(f"单位类型:{KIND_LABELS.get(self.kind, self.kind)}")
        if self.min_load:
            bits.append(f"任务数≥{self.min_load}")
        bits.append("单位集合按成员展开" if self.expand else "按原文分工")
        return ";".join(bits)


def parse_section(section: str, part: int | None = None) -> tuple[int, int]:
    """``"2.5"`` → (2, 5); ``"5"`` → (part or 2, 5)."""
    match = _SECTION.match(str(section))
    if not match:
        raise OptionError(f"section must look like 2.5 or 5, not {section!r}")
    given_part, number = match.groups()
    if given_part is not None:
        p = int(given_part)
        if part is not None and part != p:
            raise OptionError(f"section {section} is not in part {part}")
        return p, int(number)
    return (part if part is not None else DEFAULT_SECTION_PART), int(number)


def _is(value: Any) -> bool:
    return value is not None and str(value) not in ("<NA>", "nan", "None")


def check_kind(kind: str | None) -> None:
    if kind and kind not in KIND_LABELS:
        raise OptionError(f"unknown unit kind {kind!r}; choose from {', '.join(KIND_LABELS)}")


def unit_resolver(tables: Tables) -> Any:
    """The :class:`graph.store.units.UnitResolver` for ``tables``: the units its store
    holds, or (tables without a store) the units it names, with the shipped
    registry's aliases."""
    from graph.store.units import registry_units, store_units

    def make():
        if tables.store is not None:
            # The tables name a unit wuhan:市发改委 where the store holds several
            # jurisdictions (one of them, when scoped to one plan, by its bare name).
            named = {str(u) for u in set(tables.assignments["unit"]) if _is(u)}
            scoped = store_units(tables.store, scoped=True)
            if named <= set(scoped.units):
                return scoped
            return store_units(tables.store)
        return registry_units(str(u) for u in set(tables.assignments["unit"]) if _is(u))

    return tables.cached(("views-unit-resolver",), make)


def resolve_unit(tables: Tables, unit: str) -> str:
    """The short name of the unit ``unit`` names (alias, official or English name,
    Traditional input); an OptionError with the nearest names when none."""
    return unit_resolver(tables).resolve(unit)


def check_unit(tables: Tables, unit: str) -> None:
    """Raise the resolver's usage error when ``unit`` names no unit of ``tables``."""
    resolve_unit(tables, unit)


def scoped(tables: Tables, filters: Filters) -> Tables:
    """``tables`` limited to the filtered items (the same object when none apply)."""
    check_kind(filters.kind)
    if filters.min_load < 0:
        raise OptionError("the minimum load must be 0 or more")
    if filters.part is None and filters.section is None and not filters.unit:
        return tables
    items = tables.items
    keep = items["part"].notna()
    if filters.section is not None:
        part, number = parse_section(filters.section, filters.part)
        keep &= (items["part"] == part) & (items["section"] == number).fillna(False)
        if not keep.any():
            raise OptionError(f"the plan has no section {part}.{number}")
    elif filters.part is not None:
        keep &= items["part"] == filters.part
        if not keep.any():
            parts = sorted({int(p) for p in items["part"] if _is(p)})
            raise OptionError(
                f"the plan has no part {filters.part}; parts are {', '.join(map(str, parts))}"
            )
    chosen = set(items.loc[keep.astype(bool), "item"])
    if filters.unit:
        check_unit(tables, filters.unit)
        view = tables.view(filters.expand)
        mine = set(view.loc[view["unit"] == filters.unit, "item"])
        if not mine:  # an enumerated group once expanded: the items given to it
            a = tables.assignments
            mine = set(a.loc[a["unit"] == filters.unit, "item"])
        chosen &= mine
        if not chosen:
            raise OptionError(f"{filters.unit} is on no item within these filters")
    a = tables.assignments
    kept = items[items["item"].isin(chosen)].reset_index(drop=True)
    t = tables.targets  # its ``item`` column holds refs
    return Tables(
        assignments=a[a["item"].isin(chosen)].reset_index(drop=True),
        items=kept,
        targets=t[t["item"].isin(set(kept["ref"]))].reset_index(drop=True),
        store=tables.store,
        plan=tables.plan,
    )


def unit_loads(tables: Tables, expand: bool):
    """The load table of ``tables`` indexed by unit (cached)."""
    from graph.analytics.load import unit_load

    return tables.cached(
        ("views-load", expand), lambda: unit_load(tables, expand=expand).set_index("unit")
    )


def kept_units(tables: Tables, filters: Filters, expand: bool | None = None) -> set[str]:
    """Units that pass ``kind`` and ``min_load`` (the ``unit`` filter's unit always does)."""
    loads = unit_loads(tables, filters.expand if expand is None else expand)
    keep = loads.index.to_series()
    if filters.kind:
        keep = keep[loads["kind"] == filters.kind]
    if filters.min_load:
        keep = keep[loads.loc[keep.index, "total"] >= filters.min_load]
    out = set(keep)
    if filters.unit and filters.unit in loads.index:
        out.add(filters.unit)
    return out


def with_expand(filters: Filters, expand: bool) -> Filters:
    return replace(filters, expand=expand)
