"""Per-item and per-unit facts the tooltips show, from the analytics tables.

Items are keyed by their *key*: the ref (``2.201``; ``wuhan-2023:2.201`` when the
tables hold several plans), so the items of two plans are never merged because their
refs agree. Every view keys its item nodes this way (``item:KEY``).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.analytics.frames import Tables
from graph.views import style
from graph.views.common import tip
from graph.views.meta import part_title, plan_labels


def _missing(value) -> bool:
    return value is None or str(value) in ("<NA>", "nan", "None", "")


@dataclass(frozen=True)
class Item:
    ref: str
    text: str
    part: int | None
    section: int | None
    section_title: str
    key: str = ""
    plan: str = ""


def item_keys(tables: Tables) -> dict[str, str]:
    """Item IRI → item key: the ref, as the tables give it (with several plans the
    tables cite refs as ``wuhan-2023:2.201``); should two plans' items still share a
    ref, the plan's label goes in front (``2024 2.201``)."""

    def make():
        t = tables.items
        refs = [str(r) for r in t["ref"]]
        if len(set(refs)) == len(refs) or "plan" not in t:
            return {str(item): ref for item, ref in zip(t["item"], refs, strict=True)}
        plans = list(dict.fromkeys(str(p) for p in t["plan"]))
        labels = plan_labels(tables, plans)
        return {
            str(item): f"{labels[str(plan)]} {ref}"
            for item, ref, plan in zip(t["item"], refs, t["plan"], strict=True)
        }

    return tables.cached(("views-item-keys",), make)


def items(tables: Tables) -> dict[str, Item]:
    """Items by key, in plan order."""

    def make():
        t = tables.items
        keys = item_keys(tables)
        plans = t["plan"] if "plan" in t else [""] * len(t)
        return {
            keys[str(iri)]: Item(
                str(ref),
                str(text),
                None if _missing(part) else int(part),
                None if _missing(section) else int(section),
                "" if _missing(title) else str(title),
                keys[str(iri)],
                str(plan),
            )
            for iri, ref, text, part, section, title, plan in zip(
                t["item"].tolist(),
                t["ref"].tolist(),
                t["text"].tolist(),
                t["part"].tolist(),
                t["section"].tolist(),
                t["section_title"].tolist(),
                list(plans),
                strict=True,
            )
        }

    return tables.cached(("views-items",), make)


def keys_of(tables: Tables, frame) -> list[str]:
    """The item key of each row of ``frame`` (an assignments view: its ``item``)."""
    keys = item_keys(tables)
    return [
        keys.get(str(i), str(r))
        for i, r in zip(frame["item"].tolist(), frame["ref"].tolist(), strict=True)
    ]


def columns(tables: Tables, frame, *names: str) -> list[list]:
    """The item keys of ``frame``'s rows, then its columns ``names``, as lists (a
    loop over Python lists is several times quicker than one over pandas arrays)."""
    return [keys_of(tables, frame), *(frame[name].tolist() for name in names)]


def item_units(tables: Tables, expand: bool) -> dict[str, tuple[list[str], list[str]]]:
    """Per item key: (lead units, responsible-not-lead units), sorted. Cooperating
    units are apart (:func:`item_cooperating`), as the load keeps them apart."""

    def make():
        view = tables.view(expand)
        leads: dict[str, set[str]] = {}
        units: dict[str, set[str]] = {}
        for key, unit, role in zip(*columns(tables, view, "unit", "role"), strict=True):
            if role == "cooperating":
                continue
            units.setdefault(key, set()).add(unit)
            if role == "lead":
                leads.setdefault(key, set()).add(unit)
        return {
            key: (sorted(leads.get(key, ())), sorted(members - leads.get(key, set())))
            for key, members in units.items()
        }

    return tables.cached(("views-item-units", expand), make)


def item_cooperating(tables: Tables, expand: bool) -> dict[str, list[str]]:
    """Per item key: the units that only cooperate on it (配合单位), sorted."""

    def make():
        view = tables.view(expand)
        named = item_units(tables, expand)
        out: dict[str, set[str]] = {}
        for key, unit, role in zip(*columns(tables, view, "unit", "role"), strict=True):
            if role == "cooperating":
                out.setdefault(key, set()).add(unit)
        return {
            key: sorted(units - set(sum(named.get(key, ([], [])), [])))
            for key, units in out.items()
        }

    return tables.cached(("views-item-cooperating", expand), make)


def unit_led(tables: Tables, expand: bool) -> dict[str, list[str]]:
    """Per unit: keys of the items it leads, in plan order."""

    def make():
        order = {key: n for n, key in enumerate(items(tables))}
        out: dict[str, list[str]] = {}
        for key, (leads, _) in item_units(tables, expand).items():
            for unit in leads:
                out.setdefault(unit, []).append(key)
        return {u: sorted(keys, key=lambda k: order.get(k, 0)) for u, keys in out.items()}

    return tables.cached(("views-unit-led", expand), make)


def where(tables: Tables, item: Item) -> str:
    """第二部分 重点工作 · (5) 着力提升功能品质…"""
    bits = []
    if item.part is not None:
        bits.append(
            f"第{style.chinese_number(item.part)}部分 {part_title(tables, item.part)}".strip()
        )
    if item.section is not None:
        bits.append(f"({item.section}) {item.section_title}".strip())
    return " · ".join(bits)


def item_tip(tables: Tables, key: str, expand: bool, *, note: str = "") -> dict:
    item = items(tables)[key]
    leads, others = item_units(tables, expand).get(key, ([], []))
    rows = [("牵头单位", "、".join(leads) or "—"), ("责任单位", "、".join(others) or "—")]
    helping = item_cooperating(tables, expand).get(key, [])
    if helping:
        rows.append(("配合单位", "、".join(helping)))
    return tip(
        f"事项 {key}",
        sub=where(tables, item),
        text=item.text,
        rows=rows,
        note=note,
    )


def _load_records(loads) -> dict[str, dict]:
    """The load table (indexed by unit) as plain dicts: a pandas row look-up costs
    more than building the tooltip from it, and every view makes one per unit."""
    columns = list(loads.columns)
    return {
        unit: dict(zip(columns, values, strict=True))
        for unit, values in zip(loads.index, loads.itertuples(index=False, name=None), strict=True)
    }


def unit_tip(tables: Tables, unit: str, expand: bool, loads, *, extra=()) -> dict:
    """Name in Chinese and English, kind, counts and the items it leads."""
    records = tables.cached(
        ("views-load-records", id(loads)), lambda: (loads, _load_records(loads))
    )
    row = records[1].get(unit)
    known = items(tables)
    led = unit_led(tables, expand).get(unit, [])
    rows: list[tuple[str, object]] = []
    sub = ""
    if row is not None:
        sub = "" if _missing(row["unit_en"]) else str(row["unit_en"])
        rows.append(("类型", style.kind_label(row["kind"])))
        rule = int(row["lead_by_rule"])
        rows.append(("牵头", f"{int(row['lead'])}" + (f"(其中按规则 {rule})" if rule else "")))
        rows.append(("责任(非牵头)", int(row["responsible"])))
        rows.append(("合计事项", int(row["total"])))
        if expand or int(row["via_groups"]):
            rows.append(("其中经单位集合", int(row["via_groups"])))
        rows.append(("加权任务量", f"{float(row['weighted']):g}"))
    rows.extend(extra)
    return tip(
        unit,
        sub=sub,
        rows=rows,
        list_title="牵头事项" if led else "",
        entries=[(key, known[key].text) for key in led if key in known],
    )


_STRENGTH = {"written": 0, "no_lead_rule": 1, "group": 2}
_ROLE_RANK = {"lead": 0, "responsible": 1, "cooperating": 2}


def roles(tables: Tables, expand: bool) -> dict[tuple[str, str], tuple[str, str]]:
    """Per (unit, item key): the unit's role (lead wins over responsible, which wins
    over cooperating) and the strongest derivation of that role (written, then the
    no-lead rule, then a group)."""

    def make():
        view = tables.view(expand)
        out: dict[tuple[str, str], tuple[str, str]] = {}
        keys, units, roles_, derivations = columns(tables, view, "unit", "role", "derivation")
        for unit, key, role, derivation in zip(units, keys, roles_, derivations, strict=True):
            new = (role, derivation)
            old = out.get((unit, key))
            if old is None or _rank(new) < _rank(old):
                out[(unit, key)] = new
        return out

    return tables.cached(("views-roles", expand), make)


def _rank(entry: tuple[str, str]) -> tuple[int, int]:
    role, derivation = entry
    return _ROLE_RANK.get(role, 3), _STRENGTH.get(derivation, 3)
