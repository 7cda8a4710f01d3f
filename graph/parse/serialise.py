"""The parse command's contract: the plan and its items as plain JSON-ready dicts.

Keys keep their order and new keys go after the existing ones, so readers of the
JSON and CSV written before a key existed keep working. Fields a plan does not fill
are empty (``[]``, ``""``, ``null``), never left out, so every item has every key.
"""

from __future__ import annotations

from typing import Any

from graph.model import Item, Plan
from graph.model.plan import FIRST_LISTED, NO_RULE, RESPONSIBLE_LEAD
from graph.model.units import Registry

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
    "cooperating",
    "people",
    "deadline",
    "data_providers",
    "higher_leads",
    "number_text",
    "where",
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
        "lead_rule": plan.lead_rule,
        "lead_rule_text": plan.lead_rule_text,
        "format": plan.format,
        "layout": plan.layout,
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
        "cooperating": list(item.cooperating),
        "people": list(item.people),
        "deadline": item.deadline,
        "deadline_date": item.deadline_date.isoformat() if item.deadline_date else None,
        "data_providers": list(item.data_providers),
        "higher_leads": list(item.higher_leads),
        "number_text": item.number_text,
        "where": item.where,
    }


def plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "plan": plan_dict(plan),
        "items": [item_dict(i) for i in plan.items],
        "warnings": [n.as_dict() for n in plan.notices],
    }


def report_dict(plan: Plan, registry: Registry | None = None) -> dict[str, Any]:
    """Coverage: every line's class, items per part and section, units, notices.

    Units are checked against ``registry``, by default the registry of the plan's
    own jurisdiction (Wuhan's for a Wuhan plan, the generic base for a plan of a
    city without one), so "unknown" means unknown *there*.
    """
    from graph.parse.plan import registry_for

    registry = registry or registry_for(plan.lines)
    units = sorted({name for item in plan.items for name in item.all_units() + item.data_providers})
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
        "items_without_named_lead": sum(1 for i in plan.items if not i.lead),
        "units": len(units),
        "units_per_kind": dict(sorted(kinds.items())),
        "unknown_units": [n for n in units if n not in registry],
        "registry_complete": registry.complete,
        "notices_per_kind": dict(sorted(notices.items())),
        "notices": [n.as_dict() for n in plan.notices],
    }


_RULE_WORDS = {
    RESPONSIBLE_LEAD: "responsible units lead",
    FIRST_LISTED: "the first responsible unit leads",
    NO_RULE: "the plan states no rule: no lead is derived",
}


def _rule(plan: Plan) -> str:
    """The plan's no-lead rule; a plan read before ``lead_rule`` was set says it
    with ``no_lead_rule`` alone."""
    if plan.lead_rule:
        return plan.lead_rule
    return RESPONSIBLE_LEAD if plan.no_lead_rule else NO_RULE


def report_text(plan: Plan, registry: Registry | None = None) -> str:
    r = report_dict(plan, registry)
    classes = ", ".join(f"{k} {v}" for k, v in r["line_classes"].items())
    parts = ", ".join(f"part {k}: {v}" for k, v in r["items_per_part"].items())
    sections = ", ".join(f"part {k}: {v}" for k, v in r["sections_per_part"].items())
    kinds = ", ".join(f"{k} {v}" for k, v in r["units_per_kind"].items())
    notices = ", ".join(f"{k} {v}" for k, v in r["notices_per_kind"].items()) or "none"
    rule = _RULE_WORDS.get(_rule(plan), _rule(plan))
    lines = [
        f"source     {r['source']}",
        f"document   {r['document']}  {r['plan_title']}",
        f"lines      {r['lines']} ({r['non_blank_lines']} non-blank): {classes}",
        f"items      {r['items']} ({parts})",
        f"sections   {sections}",
        f"no lead    {r['items_without_named_lead']} items name no lead unit ({rule})",
        f"units      {r['units']} named ({kinds}); "
        f"{'unknown' if r['registry_complete'] else 'unregistered'}: {', '.join(r['unknown_units']) or 'none'}",
        f"notices    {len(r['notices'])} ({notices})",
    ]
    lines += [f"  {n['line']}:{n['column']}: {n['kind']}: {n['message']}" for n in r["notices"]]
    return "\n".join(lines) + "\n"
