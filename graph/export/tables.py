"""Portal tables: items, units, assignments and targets as CSV (UTF-8, header row).

Columns are documented in the README (``Exports``); they are a contract, extend them
rather than rename: new columns go at the end. Lists inside a cell are joined with ';'.

``items.csv`` ends with the fields some plans add to lead and responsible units:
``cooperating`` (配合/协同/协办/参与 units, as written), ``people`` (责任领导: persons
or posts, never units), ``deadline`` (完成时限 as written), ``data_providers``
(数据提供单位), ``higher_leads`` (省牵头单位, a body of a higher jurisdiction),
``number_text`` (the item's number as printed) and ``where`` (the row of a table
source). ``assignments.csv`` has ``role = cooperating`` rows for cooperating units;
``units.csv`` ends with ``registered`` (``false`` for a unit the registry does not
know, kept with a kind guessed from its name).

``targets.csv`` has one row per quantitative target of an item (see
:mod:`graph.model.targets` for the vocabularies):

* ``plan`` — the plan's slug (``wuhan-2023``);
* ``item`` — the item's ref (``2.5``);
* ``index`` — the target's position among the item's targets, from 0, in text order;
* ``value`` — the number normalised, as an exact decimal (``1.2万`` → ``12000``,
  ``5000亿元`` → ``500000000000``; percentages as written: ``6.5``);
* ``unit`` — the unit or measure word as written (``家``, ``公里``, ``%``; empty when
  the figure has none);
* ``measure`` — the measure key of ``graph/data/measures.toml`` (``count``,
  ``kilometre``, ``percent`` …): sum values per measure only;
* ``unit_iri`` — the measure's unit IRI (QUDT, or the dutygraph ontology where QUDT
  has none: ``dg:Count``, ``dg:Mu`` …);
* ``comparator`` — ``at_least``, ``about``, ``exactly`` or ``at_most``;
* ``kind`` — ``growth_rate``, ``reduction_rate``, ``share``, ``level``, ``new``,
  ``started``, ``ongoing``, ``completed``, ``improved``, ``activity`` or ``duration``;
* ``counted`` — what is counted (``品牌连锁便利店``);
* ``snippet`` — the exact words the figure was read from (``200家以上``);
* ``text`` — the phrase of the item that states the target (``新增品牌连锁便利店200家``);
* ``iri`` — the target's IRI in the graph (``…/item/2.5/target/0``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from graph.derive.assignments import plan_assignments
from graph.model import Plan
from graph.model.units import Registry
from graph.rdf.iris import Iris, unit_slug

ITEM_COLUMNS = (
    "plan", "ref", "part", "part_title", "section", "section_title", "theme", "number", "text",
    "lead", "responsible", "effective_lead", "lead_by_rule", "subassignments", "line", "flags", "iri",
    "cooperating", "people", "deadline", "data_providers", "higher_leads", "number_text", "where",
)  # fmt: skip
UNIT_COLUMNS = (
    "name", "full_name", "name_en", "kind", "zone", "aliases", "hosted_by", "members", "enumerated",
    "slug", "iri", "registered", "jurisdiction",
)  # fmt: skip
ASSIGNMENT_COLUMNS = (
    "plan", "item", "unit", "role", "derivation", "written", "lead_by_rule", "via_group", "scope",
    "unit_kind", "iri",
)  # fmt: skip
TARGET_TABLE_COLUMNS = (
    "plan", "item", "index", "value", "unit", "measure", "unit_iri", "comparator", "kind",
    "counted", "snippet", "text", "iri",
)  # fmt: skip


def _csv(columns: Sequence[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else _cell(row.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8")


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return str(value)


def item_rows(plans: Sequence[Plan], iris: Iris) -> list[dict]:
    rows = []
    for plan in plans:
        part_titles = {p.number: p.title for p in plan.parts}
        for item in plan.items:
            rows.append(
                {
                    "plan": plan.slug,
                    "ref": item.ref,
                    "part": item.part,
                    "part_title": part_titles.get(item.part, ""),
                    "section": item.section,
                    "section_title": item.section_title,
                    "theme": item.theme,
                    "number": item.number,
                    "text": item.text,
                    "lead": item.lead,
                    "responsible": item.responsible,
                    "effective_lead": item.effective_lead,
                    "lead_by_rule": item.lead_by_rule,
                    "subassignments": len(item.subassignments),
                    "line": item.line,
                    "flags": sorted(set(item.flags)),
                    "iri": iris.item(plan.slug, item.ref),
                    "cooperating": item.cooperating,
                    "people": item.people,
                    "deadline": item.deadline,
                    "data_providers": item.data_providers,
                    "higher_leads": item.higher_leads,
                    "number_text": item.number_text,
                    "where": item.where,
                }
            )
    return rows


def assignment_rows(plans: Sequence[Plan], iris: Iris, registry: Registry) -> list[dict]:
    rows = []
    for plan in plans:
        registry = plan.registry or registry  # each plan's units by its own registry
        for a in plan_assignments(plan, registry):
            unit = registry.get(a.unit)
            via = registry.get(a.via_group) if a.via_group else None
            rows.append(
                {
                    "plan": a.plan,
                    "item": a.item,
                    "unit": a.unit,
                    "role": a.role,
                    "derivation": a.derivation,
                    "written": a.written,
                    "lead_by_rule": a.by_rule,
                    "via_group": a.via_group,
                    "scope": list(a.scope),
                    "unit_kind": unit.kind,
                    "iri": iris.assignment(
                        a.plan, a.item, a.role, unit, by_rule=a.by_rule, via=via
                    ),
                }
            )
    return rows


def unit_rows(
    described: Sequence[tuple[str, str]], iris: Iris, registries: Mapping[str, Registry]
) -> list[dict]:
    """One row per unit described, as (jurisdiction, name) with each jurisdiction's
    registry: two cities' 市发改委 are two rows with two IRIs."""
    rows = []
    for scope, name in sorted(described):
        unit = registries[scope].get(name)
        rows.append(
            {
                "name": unit.name,
                "full_name": unit.full_name,
                "name_en": unit.name_en,
                "kind": unit.kind,
                "zone": unit.zone,
                "aliases": list(unit.aliases),
                "hosted_by": unit.hosted_by,
                "members": list(unit.members),
                "enumerated": unit.enumerated if unit.is_group else None,
                "slug": unit_slug(unit),
                "iri": iris.unit(unit, scope),
                "registered": unit.registered,
                "jurisdiction": scope,
            }
        )
    return rows


def items_csv(plans: Sequence[Plan], iris: Iris) -> bytes:
    return _csv(ITEM_COLUMNS, item_rows(plans, iris))


def assignments_csv(plans: Sequence[Plan], iris: Iris, registry: Registry) -> bytes:
    return _csv(ASSIGNMENT_COLUMNS, assignment_rows(plans, iris, registry))


def units_csv(
    described: Sequence[tuple[str, str]], iris: Iris, registries: Mapping[str, Registry]
) -> bytes:
    return _csv(UNIT_COLUMNS, unit_rows(described, iris, registries))


def target_rows(plans: Sequence[Plan], iris: Iris) -> list[dict]:
    from graph.rdf.targets import decimal_text
    from graph.targets.extract import plan_targets

    rows = []
    for plan in plans:
        for target in plan_targets(plan):
            rows.append(
                {
                    "plan": plan.slug,
                    "item": target.item,
                    "index": target.index,
                    "value": decimal_text(target.value),
                    "unit": target.unit,
                    "measure": target.measure,
                    "unit_iri": target.unit_iri,
                    "comparator": target.comparator,
                    "kind": target.kind,
                    "counted": target.counted,
                    "snippet": target.snippet,
                    "text": target.phrase,
                    "iri": iris.target(plan.slug, target.item, target.index),
                }
            )
    return rows


def targets_csv(plans: Sequence[Plan], iris: Iris) -> bytes:
    return _csv(TARGET_TABLE_COLUMNS, target_rows(plans, iris))
