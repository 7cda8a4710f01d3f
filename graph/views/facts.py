"""Per-item and per-unit facts the tooltips show, from the analytics tables."""

from __future__ import annotations

from dataclasses import dataclass

from graph.analytics.frames import Tables
from graph.views import style
from graph.views.common import tip
from graph.views.meta import part_title


def _missing(value) -> bool:
    return value is None or str(value) in ("<NA>", "nan", "None", "")


@dataclass(frozen=True)
class Item:
    ref: str
    text: str
    part: int | None
    section: int | None
    section_title: str


def items(tables: Tables) -> dict[str, Item]:
    """Items by ref, in plan order."""

    def make():
        t = tables.items
        return {
            str(ref): Item(
                str(ref),
                str(text),
                None if _missing(part) else int(part),
                None if _missing(section) else int(section),
                "" if _missing(title) else str(title),
            )
            for ref, text, part, section, title in zip(
                t["ref"], t["text"], t["part"], t["section"], t["section_title"], strict=True
            )
        }

    return tables.cached(("views-items",), make)


def item_units(tables: Tables, expand: bool) -> dict[str, tuple[list[str], list[str]]]:
    """Per ref: (lead units, responsible-not-lead units), sorted."""

    def make():
        view = tables.view(expand)
        leads: dict[str, set[str]] = {}
        units: dict[str, set[str]] = {}
        for ref, unit, role in zip(view["ref"], view["unit"], view["role"], strict=True):
            units.setdefault(ref, set()).add(unit)
            if role == "lead":
                leads.setdefault(ref, set()).add(unit)
        return {
            ref: (sorted(leads.get(ref, ())), sorted(members - leads.get(ref, set())))
            for ref, members in units.items()
        }

    return tables.cached(("views-item-units", expand), make)


def unit_led(tables: Tables, expand: bool) -> dict[str, list[str]]:
    """Per unit: refs of the items it leads, in plan order."""

    def make():
        order = {ref: n for n, ref in enumerate(items(tables))}
        out: dict[str, list[str]] = {}
        for ref, (leads, _) in item_units(tables, expand).items():
            for unit in leads:
                out.setdefault(unit, []).append(ref)
        return {u: sorted(refs, key=lambda r: order.get(r, 0)) for u, refs in out.items()}

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


def item_tip(tables: Tables, ref: str, expand: bool, *, note: str = "") -> dict:
    item = items(tables)[ref]
    leads, others = item_units(tables, expand).get(ref, ([], []))
    return tip(
        f"事项 {ref}",
        sub=where(tables, item),
        text=item.text,
        rows=[("牵头单位", "、".join(leads) or "—"), ("责任单位", "、".join(others) or "—")],
        note=note,
    )


def unit_tip(tables: Tables, unit: str, expand: bool, loads, *, extra=()) -> dict:
    """Name in Chinese and English, kind, counts and the items it leads."""
    row = loads.loc[unit] if unit in loads.index else None
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
        entries=[(ref, known[ref].text) for ref in led if ref in known],
    )


_STRENGTH = {"written": 0, "no_lead_rule": 1, "group": 2}


def roles(tables: Tables, expand: bool) -> dict[tuple[str, str], tuple[str, str]]:
    """Per (unit, ref): the unit's role (lead wins) and its strongest derivation."""

    def make():
        view = tables.view(expand)
        out: dict[tuple[str, str], tuple[str, str]] = {}
        for unit, ref, role, derivation in zip(
            view["unit"], view["ref"], view["role"], view["derivation"], strict=True
        ):
            old = out.get((unit, ref))
            new = (role, derivation)
            if old is not None:
                if old[0] == "lead" and role != "lead":
                    continue
                if old[0] == role and _STRENGTH.get(old[1], 3) <= _STRENGTH.get(derivation, 3):
                    continue
            out[(unit, ref)] = new
        return out

    return tables.cached(("views-roles", expand), make)
