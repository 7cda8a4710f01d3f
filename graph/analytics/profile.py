"""``show``: a unit's profile or an item with everything known about it."""

from __future__ import annotations

import re
from typing import Any

from graph.analytics.frames import Tables

REF = re.compile(r"^\d+\.\d+$")


def _records(frame) -> list[dict[str, Any]]:
    import pandas as pd

    return [
        {k: (None if pd.isna(v) else v) for k, v in row.items()} for row in frame.to_dict("records")
    ]


def _present(value: Any) -> bool:
    return value is not None and str(value) not in ("<NA>", "nan", "None")


def unit_profile(tables: Tables, name: str, *, partners: int = 10) -> dict[str, Any]:
    """Items a unit leads and supports (written, by rule, through groups), its main
    partners (units it shares most items with) and its targets as lead."""
    from graph.analytics.load import unit_load
    from graph.analytics.networks import coassignment_graph
    from graph.errors import OptionError

    a = tables.assignments
    if name not in set(a["unit"]):
        known = sorted(set(a["unit"]))
        close = [k for k in known if name in k or k in name][:5]
        hint = f"; did you mean {'、'.join(close)}" if close else ""
        raise OptionError(f"no unit named {name!r} in the graph{hint}")
    mine = a[a["unit"] == name]
    texts = dict(zip(tables.items["ref"].tolist(), tables.items["text"].tolist(), strict=True))
    per_ref: dict[str, list[tuple[Any, Any, Any]]] = {}
    for ref, role, derivation, via in zip(
        mine["ref"].tolist(),
        mine["role"].tolist(),
        mine["derivation"].tolist(),
        mine["via_group"].tolist(),
        strict=True,
    ):
        per_ref.setdefault(ref, []).append((role, derivation, via))
    rows = []
    for ref, entries in per_ref.items():
        role = "lead" if any(r == "lead" for r, _, _ in entries) else "responsible"
        rows.append(
            {
                "ref": ref,
                "role": role,
                "how": "、".join(sorted({d for r, d, _ in entries if r == role})),
                "via_group": "、".join(sorted({str(v) for _, _, v in entries if _present(v)})),
                "text": str(texts[ref]),
            }
        )
    order = {ref: n for n, ref in enumerate(tables.items["ref"])}
    rows.sort(key=lambda r: order[r["ref"]])
    expand = any(r["how"] == "group" for r in rows)
    load = unit_load(tables, expand=expand)
    summary = _records(load[load["unit"] == name])
    graph = coassignment_graph(tables, expand=expand)
    top = (
        sorted(
            ((other, d["weight"]) for other, d in graph[name].items()),
            key=lambda kv: (-kv[1], kv[0]),
        )[:partners]
        if name in graph
        else []
    )
    led = {r["ref"] for r in rows if r["role"] == "lead"}
    targets = _records(tables.targets[tables.targets["item"].isin(led)])
    first = mine.iloc[0]
    return {
        "unit": name,
        "name_en": None if str(first["unit_en"]) == "<NA>" else first["unit_en"],
        "kind": first["kind"],
        "load": summary[0] if summary else {},
        "items": rows,
        "partners": [{"unit": u, "shared": w} for u, w in top],
        "targets_as_lead": targets,
    }


def item_profile(tables: Tables, ref: str) -> dict[str, Any]:
    """An item with its written units, the no-lead rule, group expansion, targets and overlaps."""
    from graph.analytics.overlaps import duplicates
    from graph.errors import OptionError

    items = tables.items
    if ref not in set(items["ref"]):
        raise OptionError(f"no item {ref} in the graph (refs look like 2.201)")
    row = _records(items[items["ref"] == ref])[0]
    mine = tables.assignments[tables.assignments["ref"] == ref]
    assignments = _records(
        mine.loc[:, ["unit", "kind", "role", "derivation", "lead_by_rule", "via_group"]]
    )
    dups = duplicates(tables)
    related = dups[(dups["item_a"] == ref) | (dups["item_b"] == ref)]
    return {
        "ref": ref,
        "text": row["text"],
        "part": row["part"],
        "section": row["section"],
        "section_title": row["section_title"],
        "theme": row["theme"],
        "lead_by_rule": row["lead_by_rule"],
        "line": row["line"],
        "written": [a for a in assignments if a["derivation"] == "written"],
        "by_rule": [a for a in assignments if a["derivation"] == "no_lead_rule"],
        "through_groups": [a for a in assignments if a["derivation"] == "group"],
        "targets": _records(tables.targets[tables.targets["item"] == ref]),
        "overlaps": _records(
            related.loc[:, ["item_a", "item_b", "score", "assignments_agree", "difference"]]
        ),
    }


def show(tables: Tables, what: str) -> dict[str, Any]:
    """A profile of ``what``: an item ref (2.201) or a unit's short name."""
    return item_profile(tables, what) if REF.match(what) else unit_profile(tables, what)
