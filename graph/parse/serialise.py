"""The parse command's contract: the plan and its items as plain JSON-ready dicts."""

from __future__ import annotations

from typing import Any

from graph.model import Item, Plan
from graph.read.registry import load_registry

ITEM_COLUMNS = (
    "ref",
    "part",
    "section",
    "theme",
    "number",
    "text",
    "lead",
    "responsible",
    "effective_lead",
    "lead_by_rule",
    "subassignments",
    "line",
    "flags",
)


def plan_dict(plan: Plan) -> dict[str, Any]:
    return {
        "slug": plan.slug,
        "city": plan.city,
        "year": plan.year,
        "doc_number": plan.doc_number,
        "title": plan.title,
        "plan_title": plan.plan_title,
        "issuer": plan.issuer,
        "issued": plan.issued.isoformat() if plan.issued else None,
        "source": plan.source,
        "sha256": plan.sha256,
        "encoding": plan.encoding,
        "no_lead_rule": plan.no_lead_rule,
        "duties": [
            {
                "key": d.key,
                "description": d.description,
                "bearer": d.bearer,
                "report_to": d.report_to,
                "due": [x.isoformat() for x in d.due],
                "recurrence": d.recurrence,
                "line": d.line,
            }
            for d in plan.duties
        ],
        "group_definitions": [
            {"group": g.group, "note": g.note, "line": g.line} for g in plan.group_definitions
        ],
        "parts": [
            {
                "number": part.number,
                "title": part.title,
                "line": part.line,
                "items": len(part.items),
                "sections": [
                    {
                        "number": s.number,
                        "title": s.title,
                        "line": s.line,
                        "items": len(s.items),
                        "themes": [
                            {"title": t.title, "line": t.line, "items": len(t.items)}
                            for t in s.themes
                        ],
                    }
                    for s in part.sections
                ],
            }
            for part in plan.parts
        ],
    }


def item_dict(item: Item) -> dict[str, Any]:
    return {
        "ref": item.ref,
        "part": item.part,
        "section": item.section,
        "section_title": item.section_title,
        "theme": item.theme,
        "number": item.number,
        "text": item.text,
        "lead": list(item.lead),
        "responsible": list(item.responsible),
        "effective_lead": item.effective_lead,
        "lead_by_rule": item.lead_by_rule,
        "subassignments": [
            {
                "text": s.text,
                "lead": list(s.lead),
                "responsible": list(s.responsible),
                "effective_lead": s.effective_lead,
            }
            for s in item.subassignments
        ],
        "mentions": [{"name": m.name, "written": m.written, "note": m.note} for m in item.mentions],
        "clause": item.clause,
        "line": item.line,
        "span": list(item.span),
        "flags": list(item.flags),
    }


def plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "plan": plan_dict(plan),
        "items": [item_dict(i) for i in plan.items],
        "warnings": [n.as_dict() for n in plan.notices],
    }


def report_dict(plan: Plan) -> dict[str, Any]:
    """Coverage: every line's class, items per part and section, units, notices."""
    registry = load_registry()
    units = sorted({name for item in plan.items for name in item.units()})
    kinds: dict[str, int] = {}
    for name in units:
        kind = registry.get(name).kind
        kinds[kind] = kinds.get(kind, 0) + 1
    notices: dict[str, int] = {}
    for n in plan.notices:
        notices[n.kind] = notices.get(n.kind, 0) + 1
    counts = plan.line_counts()
    return {
        "source": plan.source,
        "document": plan.doc_number,
        "plan_title": plan.plan_title,
        "lines": sum(counts.values()),
        "non_blank_lines": sum(v for k, v in counts.items() if k != "blank"),
        "line_classes": dict(sorted(counts.items())),
        "items": len(plan.items),
        "items_per_part": {str(p.number): len(p.items) for p in plan.parts},
        "sections_per_part": {str(p.number): len(p.sections) for p in plan.parts},
        "items_without_named_lead": sum(1 for i in plan.items if i.lead_by_rule),
        "units": len(units),
        "units_per_kind": dict(sorted(kinds.items())),
        "unknown_units": [n for n in units if n not in registry],
        "notices_per_kind": dict(sorted(notices.items())),
        "notices": [n.as_dict() for n in plan.notices],
    }


def report_text(plan: Plan) -> str:
    r = report_dict(plan)
    classes = ", ".join(f"{k} {v}" for k, v in r["line_classes"].items())
    parts = ", ".join(f"part {k}: {v}" for k, v in r["items_per_part"].items())
    sections = ", ".join(f"part {k}: {v}" for k, v in r["sections_per_part"].items())
    kinds = ", ".join(f"{k} {v}" for k, v in r["units_per_kind"].items())
    notices = ", ".join(f"{k} {v}" for k, v in r["notices_per_kind"].items()) or "none"
    lines = [
        f"source     {r['source']}",
        f"document   {r['document']}  {r['plan_title']}",
        f"lines      {r['lines']} ({r['non_blank_lines']} non-blank): {classes}",
        f"items      {r['items']} ({parts})",
        f"sections   {sections}",
        f"no lead    {r['items_without_named_lead']} items name no lead unit (responsible units lead)",
        f"units      {r['units']} named ({kinds}); unknown: {', '.join(r['unknown_units']) or 'none'}",
        f"notices    {len(r['notices'])} ({notices})",
    ]
    lines += [f"  {n['line']}:{n['column']}: {n['kind']}: {n['message']}" for n in r["notices"]]
    return "\n".join(lines) + "\n"
