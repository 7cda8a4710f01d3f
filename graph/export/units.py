"""A plan's units as rows, and a registry skeleton (TOML) for the units it does not know.

A plan of a city without a registry is read with its units kept as written and
flagged unregistered. The skeleton is the first step to a registry of that city:
every unregistered name once, its guessed kind, the items it appears in, and the
fields to fill in (official name, English name, slug, aliases).
"""

from __future__ import annotations

import json
from typing import Any

from graph.model import Plan
from graph.model.units import Registry


def _units_by_role(plan: Plan) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    written: dict[str, list[str]] = {}
    for item in plan.items:
        for mention in item.mentions:
            forms = written.setdefault(mention.name, [])
            if mention.written not in forms:
                forms.append(mention.written)
        for role, names in (
            ("lead", item.lead),
            ("responsible", item.responsible),
            ("cooperating", item.cooperating),
        ):
            for name in names:
                entry = found.setdefault(
                    name, {"lead": 0, "responsible": 0, "cooperating": 0, "items": []}
                )
                entry[role] += 1
                if item.ref not in entry["items"]:
                    entry["items"].append(item.ref)
    for name, entry in found.items():
        entry["written"] = written.get(name, [name])
    return found


def unit_rows(plan: Plan, registry: Registry) -> list[dict[str, Any]]:
    """One row per unit the plan names (in order of first appearance)."""
    rows = []
    for name, entry in _units_by_role(plan).items():
        unit = registry.get(name)
        rows.append(
            {
                "name": name,
                "written": entry["written"],
                "registered": name in registry.units,
                "kind": unit.kind,
                "lead": entry["lead"],
                "responsible": entry["responsible"],
                "cooperating": entry["cooperating"],
                "items": entry["items"],
            }
        )
    return rows


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def registry_skeleton(plan: Plan, registry: Registry) -> str:
    """TOML for the units ``registry`` does not know, ready to fill in and pass back."""
    lines = [
        f"# Unit registry skeleton for {plan.source} ({plan.issuer or plan.title or plan.slug}).",
        "# Written by `dutygraph units --suggest`: every unit the plan names that the",
        "# registry does not know, with its kind guessed from its name. Check the kinds,",
        "# fill in full_name, name_en and slug, add aliases, then read the plan with it.",
        "complete = false",
        f"jurisdiction = {_toml(plan.issuer.removesuffix('办公厅').removesuffix('办公室') if plan.issuer else '')}",
    ]
    for name, entry in _units_by_role(plan).items():
        if name in registry.units:
            continue
        unit = registry.get(name)
        table = "group" if unit.kind == "group" else "unit"
        lines += ["", f"[[{table}]]", f"name = {_toml(name)}"]
        if table == "unit":
            lines += [
                f"kind = {_toml(unit.kind)}  # guessed from the name",
                'full_name = ""',
                'name_en = ""',
                'slug = ""',
            ]
        else:
            lines.append("enumerated = false  # list members = [...] and set true if known")
        others = [w for w in entry["written"] if w != name]
        lines.append(f"aliases = [{', '.join(_toml(w) for w in others)}]")
        lines.append(
            f"# items: {', '.join(entry['items'][:12])}{' …' if len(entry['items']) > 12 else ''}"
        )
    return "\n".join(lines) + "\n"
