"""Roles beyond lead and responsible, and the plan's lead rule, in every output.

Two hand-made plans: ``sample-2024`` names cooperating units (one of them a group,
one unregistered), people, deadlines (one with a date), a data provider and a
higher-level lead, under the rule "the first responsible unit listed leads";
``plain-2024`` states no rule, so an item without a named lead has none. The
expected triples, rows and keys are written out by hand. The bundled plan names
none of these, and its outputs must not change: the last tests check that.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import SH

from graph.data import ontology_dir
from graph.derive.assignments import plan_assignments
from graph.export.tables import (
    ITEM_COLUMNS,
    UNIT_COLUMNS,
    assignments_csv,
    items_csv,
    units_csv,
)
from graph.model import Item, Part, Plan
from graph.model.plan import FIRST_LISTED, NO_RULE, RESPONSIBLE_LEAD
from graph.parse import serialise
from graph.rdf.build import build_graph, plan_triples
from graph.rdf.iris import Iris
from graph.rdf.namespaces import DG, ORG, PROV, RDF, XSD
from graph.rdf.serialise import ntriples
from graph.rdf.validate import validate_graph
from graph.read.registry import load_registry
from graph.store.library import library
from graph.store.sparql import select
from tests.rdf.conftest import BASE
from tests.rdf.sparql import count, values

GROUP = "各区人民政府"
UNREGISTERED = "市未登记中心"
SAMPLE = f"{BASE}plan/sample-2024"
PLAIN = f"{BASE}plan/plain-2024"
ZH = "zh-hans"  # as pyoxigraph normalises zh-Hans


def sample_plan() -> Plan:
    """First-listed rule; 1.1 names every new field, 1.2 names no lead."""
    items = [
        Item(
            ref="1.1",
            part=1,
            number=1,
            text="推进示例重点工作。",
            line=2,
            lead=["市发改委"],
            responsible=["市经信局"],
            cooperating=["市统计局", GROUP],
            # A post that names a unit is still a post, never that unit.
            people=["市委常委、常务副市长", "市发改委主任"],
            deadline="2024年6月底前",
            deadline_date=date(2024, 6, 30),
            data_providers=["市统计局"],
            higher_leads=["省发改委"],
            number_text="（一）",
            lead_rule=FIRST_LISTED,
            where="sample.xlsx:sheet 1:row 2",
        ),
        Item(
            ref="1.2",
            part=1,
            number=2,
            text="完善示例保障机制。",
            line=3,
            responsible=["市财政局", "市税务局"],
            cooperating=[UNREGISTERED],
            people=["分管副市长"],
            deadline="长期坚持",
            number_text="（二）",
            flags=["unregistered"],
            lead_rule=FIRST_LISTED,
            where="sample.xlsx:sheet 1:row 3",
        ),
    ]
    return Plan(
        city="示例市",
        city_slug="sample",
        jurisdiction="testcity",  # both sample plans are one city's: one set of units
        plan_id="sample-2024",
        year=2024,
        doc_number="示政办〔2024〕1号",
        title="示例市人民政府办公厅关于印发示例市2024年政府工作报告目标任务责任分解方案的通知",
        plan_title="示例市2024年政府工作报告目标任务责任分解方案",
        source="sample.xlsx",
        lead_rule=FIRST_LISTED,
        lead_rule_text="未明确牵头单位的,列第一位的责任单位为牵头单位。",
        format="xlsx",
        layout="columns",
        parts=[Part(number=1, title="重点工作", line=1, items=["1.1", "1.2"])],
        items=items,
    )


def plain_plan() -> Plan:
    """No rule: 1.1 names no lead and gets none."""
    items = [
        Item(
            ref="1.1",
            part=1,
            number=1,
            text="办好示例民生实事。",
            line=2,
            responsible=["市民政局", "市卫健委"],
            lead_rule=NO_RULE,
        ),
        Item(
            ref="1.2",
            part=1,
            number=2,
            text="提升示例教育质量。",
            line=3,
            lead=["市教育局"],
            responsible=["市民政局"],
            lead_rule=NO_RULE,
        ),
    ]
    return Plan(
        city="示例市",
        city_slug="plain",
        jurisdiction="testcity",
        plan_id="plain-2024",
        year=2024,
        doc_number="示政办〔2024〕2号",
        title="示例市人民政府办公厅关于印发示例方案的通知",
        plan_title="示例方案",
        source="plain.txt",
        lead_rule=NO_RULE,
        parts=[Part(number=1, title="民生实事", line=1, items=["1.1", "1.2"])],
        items=items,
    )


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    return [sample_plan(), plain_plan()]


@pytest.fixture(scope="module")
def builder(plans, registry):
    return build_graph(plans, BASE, registry)


@pytest.fixture(scope="module")
def triples(plans, registry) -> list[ox.Triple]:
    return plan_triples(plans, BASE, registry)


@pytest.fixture(scope="module")
def small_store(triples) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


@pytest.fixture(scope="module")
def graph(triples) -> rdflib.Graph:
    return rdflib.Graph().parse(data=ntriples(triples).decode("utf-8"), format="nt")


def unit(registry, name: str) -> str:
    return Iris(BASE).unit(registry.get(name), "testcity")


def about(triples, subject: str, predicates: set[str] | None = None) -> set[tuple[str, object]]:
    """(predicate, object) pairs of ``subject``; literals as (value, language or datatype)."""

    def term(o):
        if isinstance(o, ox.Literal):
            return (o.value, o.language or o.datatype.value)
        return o.value

    return {
        (t.predicate.value, term(t.object))
        for t in triples
        if t.subject.value == subject and (predicates is None or t.predicate.value in predicates)
    }


NEW_ITEM_PREDICATES = {
    DG + name
    for name in (
        "cooperatingUnit",
        "dataProvider",
        "responsibleLeader",
        "higherLevelLead",
        "deadlineText",
        "deadline",
        "sourceLocation",
    )
}


# -- triples ---------------------------------------------------------------------------


def test_item_with_every_new_field(triples, registry):
    assert about(triples, f"{SAMPLE}/item/1.1", NEW_ITEM_PREDICATES) == {
        (DG + "cooperatingUnit", unit(registry, "市统计局")),
        (DG + "cooperatingUnit", unit(registry, GROUP)),
        (DG + "dataProvider", unit(registry, "市统计局")),
        (DG + "responsibleLeader", ("市委常委、常务副市长", ZH)),
        (DG + "responsibleLeader", ("市发改委主任", ZH)),
        (DG + "higherLevelLead", ("省发改委", ZH)),
        (DG + "deadlineText", ("2024年6月底前", ZH)),
        (DG + "deadline", ("2024-06-30", XSD + "date")),
        (DG + "sourceLocation", ("sample.xlsx:sheet 1:row 2", XSD + "string")),
    }


def test_deadline_without_a_date_and_an_unregistered_unit(triples, registry):
    item = f"{SAMPLE}/item/1.2"
    assert about(triples, item, NEW_ITEM_PREDICATES | {DG + "flag"}) == {
        (DG + "cooperatingUnit", f"{BASE}unit/testcity/{UNREGISTERED}"),
        (DG + "responsibleLeader", ("分管副市长", ZH)),
        (DG + "deadlineText", ("长期坚持", ZH)),
        (DG + "sourceLocation", ("sample.xlsx:sheet 1:row 3", XSD + "string")),
        (DG + "flag", ("unregistered", XSD + "string")),
    }


def test_unregistered_unit_is_kept_and_flagged(triples, registry):
    """Kept under its written name, its kind guessed from the name (…中心: a
    department), and flagged."""
    assert UNREGISTERED not in registry
    assert about(triples, f"{BASE}unit/testcity/{UNREGISTERED}") == {
        (RDF + "type", ORG + "Organization"),
        (RDF + "type", ORG + "OrganizationalUnit"),
        (DG + "flag", ("unregistered", XSD + "string")),
        ("http://www.w3.org/2000/01/rdf-schema#label", (UNREGISTERED, ZH)),
        ("http://www.w3.org/2004/02/skos/core#prefLabel", (UNREGISTERED, ZH)),
        (ORG + "classification", "https://w3id.org/dutygraph/kind/municipal_department"),
        (DG + "jurisdiction", f"{BASE}jurisdiction/testcity"),
    }
    # Registered units carry no flag.
    assert (DG + "flag", ("unregistered", XSD + "string")) not in about(
        triples, unit(registry, "市统计局")
    )


def test_cooperating_assignment_as_written(triples, registry):
    node = f"{SAMPLE}/item/1.1/assignment/cooperating/statistics-bureau"
    assert about(triples, node) == {
        (RDF + "type", DG + "Assignment"),
        (DG + "item", f"{SAMPLE}/item/1.1"),
        (PROV + "agent", unit(registry, "市统计局")),
        (DG + "role", DG + "Cooperating"),
        (DG + "derivation", DG + "AsWritten"),
        (DG + "written", ("true", XSD + "boolean")),
        (DG + "leadByRule", ("false", XSD + "boolean")),
    }
    assert (PROV + "qualifiedAssociation", node) in about(triples, f"{SAMPLE}/item/1.1")


def test_a_cooperating_group_reaches_its_members_as_cooperating(small_store, registry):
    members = registry.expand(GROUP)
    assert len(members) == 18
    derived = values(
        small_store,
        f"""SELECT ?unit WHERE {{
            ?a dg:item <{SAMPLE}/item/1.1> ; dg:role dg:Cooperating ; prov:agent ?unit ;
               dg:derivation dg:ByGroupExpansion ; dg:derivedThrough <{unit(registry, GROUP)}> ;
               dg:written false ; dg:leadByRule false }}""",
        "unit",
    )
    assert derived == {unit(registry, m) for m in members}


def test_first_listed_rule_derives_exactly_the_first_responsible_unit(triples, registry):
    item = f"{SAMPLE}/item/1.2"
    assert about(triples, item, {DG + "effectiveLeadUnit", DG + "leadByRule"}) == {
        (DG + "effectiveLeadUnit", unit(registry, "市财政局")),
        (DG + "leadByRule", ("true", XSD + "boolean")),
    }
    by_rule = [a for a in plan_assignments(sample_plan(), registry) if a.by_rule]
    assert [(a.item, a.unit, a.role, a.derivation) for a in by_rule] == [
        ("1.2", "市财政局", "lead", "no_lead_rule")
    ]
    node = f"{SAMPLE}/item/1.2/assignment/lead/finance-bureau/rule"
    assert (DG + "derivation", DG + "ByNoLeadRule") in about(triples, node)
    assert (
        about(
            triples,
            f"{SAMPLE}/item/1.2/assignment/lead/tax-service-of-the-state-taxation-administration/rule",
        )
        == set()
    )


def test_no_rule_derives_nothing(triples, small_store, registry):
    item = f"{PLAIN}/item/1.1"
    assert about(triples, item, {DG + "effectiveLeadUnit", DG + "leadByRule"}) == {
        (DG + "leadByRule", ("false", XSD + "boolean")),
    }
    assert [a for a in plan_assignments(plain_plan(), registry) if not a.written] == []
    assert count(small_store, f"?a dg:derivation dg:ByNoLeadRule ; dg:item/dg:plan <{PLAIN}>") == 0
    # The item that names its lead keeps it.
    assert about(triples, f"{PLAIN}/item/1.2", {DG + "effectiveLeadUnit"}) == {
        (DG + "effectiveLeadUnit", unit(registry, "市教育局"))
    }


def test_plan_lead_rule(triples):
    rule = {DG + "leadRule", DG + "leadRuleText", DG + "noLeadRule"}
    assert about(triples, SAMPLE, rule) == {
        (DG + "leadRule", DG + "FirstListedLeads"),
        (DG + "leadRuleText", ("未明确牵头单位的,列第一位的责任单位为牵头单位。", ZH)),
        (DG + "noLeadRule", ("false", XSD + "boolean")),
    }
    assert about(triples, PLAIN, rule) == {(DG + "noLeadRule", ("false", XSD + "boolean"))}


def test_responsible_lead_rule_is_written_unless_no_lead_rule_says_it(registry):
    """Wuhan's rule is stated by dg:noLeadRule true alone (its data stays as it was);
    a plan whose rule was read without that flag gets dg:leadRule."""
    plan = dataclasses.replace(
        plain_plan(),
        lead_rule=RESPONSIBLE_LEAD,
        lead_rule_text="无牵头单位的,责任单位即为牵头单位。",
    )
    rule = {DG + "leadRule", DG + "leadRuleText", DG + "noLeadRule"}
    assert about(plan_triples([plan], BASE, registry), PLAIN, rule) == {
        (DG + "leadRule", DG + "ResponsibleUnitsLead"),
        (DG + "leadRuleText", ("无牵头单位的,责任单位即为牵头单位。", ZH)),
        (DG + "noLeadRule", ("false", XSD + "boolean")),
    }
    flagged = dataclasses.replace(plan, no_lead_rule=True)
    assert about(plan_triples([flagged], BASE, registry), PLAIN, rule) == {
        (DG + "noLeadRule", ("true", XSD + "boolean"))
    }


def test_people_and_higher_leads_never_become_units(builder, small_store, triples):
    words = {"市委常委、常务副市长", "市发改委主任", "分管副市长", "省发改委"}
    assert words.isdisjoint(builder.described) and words.isdisjoint(builder.units_used)
    labels = values(
        small_store, "SELECT ?name WHERE { ?u a org:Organization ; skos:prefLabel ?name }", "name"
    )
    assert len(labels) == 10 + 18 and words.isdisjoint(labels)
    agents = values(
        small_store, "SELECT ?name WHERE { ?a prov:agent/skos:prefLabel ?name }", "name"
    )
    assert agents == labels
    # The words appear only as the literals of their own properties.
    objects = {
        (t.predicate.value, t.object.value)
        for t in triples
        if isinstance(t.object, ox.Literal) and t.object.value in words
    }
    assert objects == {
        (DG + "responsibleLeader", "市委常委、常务副市长"),
        (DG + "responsibleLeader", "市发改委主任"),
        (DG + "responsibleLeader", "分管副市长"),
        (DG + "higherLevelLead", "省发改委"),
    }


def test_units_described(builder, registry):
    named = {"市发改委", "市经信局", "市统计局", GROUP, "市财政局", "市税务局", UNREGISTERED}
    named |= {"市民政局", "市卫健委", "市教育局"}
    assert set(builder.described) == {("testcity", n) for n in named | set(registry.expand(GROUP))}


def test_graph_conforms_to_the_shapes(graph):
    report = validate_graph(graph)
    assert report.conforms, report.text()


def _person_as_unit(graph: rdflib.Graph, registry) -> tuple[str, str, str]:
    focus = f"{SAMPLE}/item/1.1"
    graph.add((URIRef(focus), URIRef(DG + "responsibleLeader"), URIRef(unit(registry, "市发改委"))))
    return focus, DG + "responsibleLeader", "person or post written as text"


def _lead_without_rule(graph: rdflib.Graph, registry) -> tuple[str, str, str]:
    focus = f"{PLAIN}/item/1.1"
    graph.add((URIRef(focus), URIRef(DG + "effectiveLeadUnit"), URIRef(unit(registry, "市民政局"))))
    return focus, "", "states no lead rule"


def _second_first_listed(graph: rdflib.Graph, registry) -> tuple[str, str, str]:
    focus = f"{SAMPLE}/item/1.2"
    graph.add((URIRef(focus), URIRef(DG + "effectiveLeadUnit"), URIRef(unit(registry, "市税务局"))))
    return focus, "", "first responsible unit"


def _cooperating_without_assignment(graph: rdflib.Graph, registry) -> tuple[str, str, str]:
    focus = f"{SAMPLE}/item/1.1"
    node = URIRef(f"{SAMPLE}/item/1.1/assignment/cooperating/statistics-bureau")
    for triple in list(graph.triples((node, None, None))) + list(graph.triples((None, None, node))):
        graph.remove(triple)
    return focus, "", "cooperating unit has a written dg:Assignment"


def _two_deadline_dates(graph: rdflib.Graph, registry) -> tuple[str, str, str]:
    focus = f"{SAMPLE}/item/1.1"
    graph.add(
        (URIRef(focus), URIRef(DG + "deadline"), Literal("2024-12-31", datatype=rdflib.XSD.date))
    )
    return focus, DG + "deadline", "at most one deadline date"


def _other_unit_flag(graph: rdflib.Graph, registry) -> tuple[str, str, str]:
    focus = f"{BASE}unit/testcity/{UNREGISTERED}"
    graph.add((URIRef(focus), URIRef(DG + "flag"), Literal("renamed")))
    return focus, DG + "flag", "only flag is unregistered"


BREAKS = {
    "a person as a unit": _person_as_unit,
    "a lead derived without a rule": _lead_without_rule,
    "two leads by the first-listed rule": _second_first_listed,
    "a cooperating unit without its assignment": _cooperating_without_assignment,
    "two deadline dates": _two_deadline_dates,
    "a unit flag other than unregistered": _other_unit_flag,
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_broken_role_graphs_do_not_conform(graph, registry, name):
    broken = rdflib.Graph()
    for triple in graph:
        broken.add(triple)
    focus, path, message = BREAKS[name](broken, registry)
    report = validate_graph(broken)
    assert not report.conforms
    found = [v for v in report.violations if v.focus == focus and message in v.message]
    assert found, report.text()
    assert {v.path for v in found} == {path}, report.text()
    assert {v.focus for v in report.violations} == {focus}, report.text()


def _pyshacl_results(graph: rdflib.Graph) -> list[tuple[str, str]]:
    """(focus, path) of every result pySHACL, the reference engine, reports."""
    data = rdflib.Graph(store="Oxigraph")
    for triple in graph:
        data.add(triple)
    data.parse(ontology_dir() / "dutygraph.ttl", format="ox-turtle")
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True
    )
    return sorted(
        (str(results.value(r, SH.focusNode)), str(results.value(r, SH.resultPath) or ""))
        for r in results.subjects(rdflib.RDF.type, SH.ValidationResult)
    )


@pytest.mark.parametrize("name", ["none", *BREAKS])
def test_the_new_shapes_mean_the_same_to_pyshacl(graph, registry, name):
    """The bundled plan has none of these properties, so the reference comparison on
    it cannot see the new constraints: compare here, clean and broken."""
    broken = rdflib.Graph()
    for triple in graph:
        broken.add(triple)
    if name != "none":
        BREAKS[name](broken, registry)
    ours = sorted((v.focus, v.path) for v in validate_graph(broken).violations)
    assert ours == _pyshacl_results(broken)
    assert bool(ours) == (name != "none")


# -- tables ----------------------------------------------------------------------------


def table(data: bytes) -> list[dict[str, str]]:
    header, *body = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    return [dict(zip(header, row, strict=True)) for row in body]


NEW_ITEM_COLUMNS = (
    "cooperating", "people", "deadline", "data_providers", "higher_leads", "number_text", "where",
)  # fmt: skip


def test_item_columns_extend_the_old_ones():
    assert ITEM_COLUMNS[-8:] == ("iri", *NEW_ITEM_COLUMNS)
    assert UNIT_COLUMNS[-3:] == ("iri", "registered", "jurisdiction")


def test_items_csv(plans):
    rows = {(r["plan"], r["ref"]): r for r in table(items_csv(plans, Iris(BASE)))}
    assert list(rows) == [
        ("sample-2024", "1.1"),
        ("sample-2024", "1.2"),
        ("plain-2024", "1.1"),
        ("plain-2024", "1.2"),
    ]
    new = {key: {c: row[c] for c in NEW_ITEM_COLUMNS} for key, row in rows.items()}
    assert new == {
        ("sample-2024", "1.1"): {
            "cooperating": "市统计局;各区人民政府",
            "people": "市委常委、常务副市长;市发改委主任",
            "deadline": "2024年6月底前",
            "data_providers": "市统计局",
            "higher_leads": "省发改委",
            "number_text": "（一）",
            "where": "sample.xlsx:sheet 1:row 2",
        },
        ("sample-2024", "1.2"): {
            "cooperating": UNREGISTERED,
            "people": "分管副市长",
            "deadline": "长期坚持",
            "data_providers": "",
            "higher_leads": "",
            "number_text": "（二）",
            "where": "sample.xlsx:sheet 1:row 3",
        },
        ("plain-2024", "1.1"): dict.fromkeys(NEW_ITEM_COLUMNS, ""),
        ("plain-2024", "1.2"): dict.fromkeys(NEW_ITEM_COLUMNS, ""),
    }
    lead = {key: (row["effective_lead"], row["lead_by_rule"]) for key, row in rows.items()}
    assert lead == {
        ("sample-2024", "1.1"): ("市发改委", "false"),
        ("sample-2024", "1.2"): ("市财政局", "true"),
        ("plain-2024", "1.1"): ("", "false"),
        ("plain-2024", "1.2"): ("市教育局", "false"),
    }
    assert rows["sample-2024", "1.2"]["flags"] == "unregistered"


def test_assignments_csv(plans, registry):
    rows = table(assignments_csv(plans, Iris(BASE), registry))
    key = ("plan", "item", "unit", "role", "derivation", "written", "lead_by_rule", "via_group")
    written = [tuple(r[k] for k in key) for r in rows if r["derivation"] != "group"]
    assert written == [
        ("sample-2024", "1.1", "市发改委", "lead", "written", "true", "false", ""),
        ("sample-2024", "1.1", "市经信局", "responsible", "written", "true", "false", ""),
        ("sample-2024", "1.1", "市统计局", "cooperating", "written", "true", "false", ""),
        ("sample-2024", "1.1", GROUP, "cooperating", "written", "true", "false", ""),
        ("sample-2024", "1.2", "市财政局", "responsible", "written", "true", "false", ""),
        ("sample-2024", "1.2", "市税务局", "responsible", "written", "true", "false", ""),
        ("sample-2024", "1.2", UNREGISTERED, "cooperating", "written", "true", "false", ""),
        ("sample-2024", "1.2", "市财政局", "lead", "no_lead_rule", "false", "true", ""),
        ("plain-2024", "1.1", "市民政局", "responsible", "written", "true", "false", ""),
        ("plain-2024", "1.1", "市卫健委", "responsible", "written", "true", "false", ""),
        ("plain-2024", "1.2", "市教育局", "lead", "written", "true", "false", ""),
        ("plain-2024", "1.2", "市民政局", "responsible", "written", "true", "false", ""),
    ]
    grouped = [r for r in rows if r["derivation"] == "group"]
    assert {(r["item"], r["role"], r["via_group"], r["written"]) for r in grouped} == {
        ("1.1", "cooperating", GROUP, "false")
    }
    assert sorted(r["unit"] for r in grouped) == sorted(registry.expand(GROUP))
    row = next(r for r in rows if r["unit"] == UNREGISTERED)
    assert (row["unit_kind"], row["iri"]) == (
        "municipal_department",
        f"{SAMPLE}/item/1.2/assignment/cooperating/{UNREGISTERED}",
    )


def test_units_csv(builder, registry):
    rows = table(units_csv(builder.described, Iris(BASE), {"testcity": registry}))
    registered = {r["name"]: r["registered"] for r in rows}
    assert registered.pop(UNREGISTERED) == "false"
    assert next(r["kind"] for r in rows if r["name"] == UNREGISTERED) == "municipal_department"
    assert set(registered.values()) == {"true"} and len(registered) == 9 + 18


# -- parse JSON ------------------------------------------------------------------------


def test_parse_json_item_keys_and_values():
    item = serialise.item_dict(sample_plan().items[0])
    assert list(item) == [
        "ref", "part", "section", "section_title", "theme", "number", "text", "lead",
        "responsible", "effective_lead", "lead_by_rule", "subassignments", "mentions", "clause",
        "line", "span", "flags", "cooperating", "people", "deadline", "deadline_date",
        "data_providers", "higher_leads", "number_text", "where",
    ]  # fmt: skip
    assert {k: item[k] for k in list(item)[-8:]} == {
        "cooperating": ["市统计局", GROUP],
        "people": ["市委常委、常务副市长", "市发改委主任"],
        "deadline": "2024年6月底前",
        "deadline_date": "2024-06-30",
        "data_providers": ["市统计局"],
        "higher_leads": ["省发改委"],
        "number_text": "（一）",
        "where": "sample.xlsx:sheet 1:row 2",
    }
    second = serialise.item_dict(sample_plan().items[1])
    assert (second["deadline"], second["deadline_date"]) == ("长期坚持", None)
    assert (second["effective_lead"], second["lead_by_rule"]) == (["市财政局"], True)
    assert serialise.ITEM_COLUMNS[-7:] == NEW_ITEM_COLUMNS
    assert set(serialise.ITEM_COLUMNS) <= set(item)


def test_parse_json_plan_keys_and_values():
    plan = serialise.plan_dict(sample_plan())
    assert list(plan)[-4:] == ["lead_rule", "lead_rule_text", "format", "layout"]
    assert list(plan)[:13] == [
        "slug", "city", "year", "doc_number", "title", "plan_title", "issuer", "issued",
        "source", "sha256", "encoding", "no_lead_rule", "duties",
    ]  # fmt: skip
    assert {k: plan[k] for k in list(plan)[-4:]} == {
        "lead_rule": "first_listed",
        "lead_rule_text": "未明确牵头单位的,列第一位的责任单位为牵头单位。",
        "format": "xlsx",
        "layout": "columns",
    }
    assert serialise.plan_dict(plain_plan())["lead_rule"] == ""


def test_parse_report_counts_every_role_unit_and_says_the_rule():
    # checked against Wuhan's registry, the one the sample plan's units come from
    text = serialise.report_text(sample_plan(), load_registry())
    assert "no lead    1 items name no lead unit (the first responsible unit leads)" in text
    assert f"unknown: {UNREGISTERED}" in text
    plain = serialise.report_text(plain_plan())
    assert (
        "no lead    1 items name no lead unit (the plan states no rule: no lead is derived)"
        in plain
    )


# -- queries ---------------------------------------------------------------------------


def rows_of(name: str, params: dict[str, str], store: ox.Store) -> list[tuple]:
    result = select(library()[name], params, store=store)
    return [tuple(row.values()) for row in result.records()]


def test_item_roles_query(small_store):
    sample = Iris(BASE).plan(sample_plan().slug)  # the plan column: 1.1 and 1.2's plan
    everything = [
        (
            "1.1",
            "市发改委主任;市委常委、常务副市长",
            "2024年6月底前",
            date(2024, 6, 30),
            "各区人民政府;市统计局",
            "市统计局",
            "推进示例重点工作。",
            sample,
        ),
        ("1.2", "分管副市长", "长期坚持", None, UNREGISTERED, None, "完善示例保障机制。", sample),
    ]
    assert rows_of("item-roles", {}, small_store) == everything
    assert rows_of("item-roles", {"unit": "市统计局"}, small_store) == everything[:1]
    assert rows_of("item-roles", {"unit": "江岸区人民政府"}, small_store) == everything[:1]
    assert rows_of("item-roles", {"unit": "市税务局"}, small_store) == everything[1:]
    assert rows_of("item-roles", {"unit": "市民政局"}, small_store) == []


def test_unit_items_lists_cooperating_rows(small_store):
    sample = Iris(BASE).plan(sample_plan().slug)  # the plan column
    assert rows_of("unit-items", {"unit": "市统计局"}, small_store) == [
        ("1.1", "cooperating", "written", None, "推进示例重点工作。", sample)
    ]
    assert rows_of("unit-items", {"unit": "江岸区人民政府"}, small_store) == [
        ("1.1", "cooperating", "group", GROUP, "推进示例重点工作。", sample)
    ]
    # A unit both responsible and lead by the rule shows its strongest role.
    assert rows_of("unit-items", {"unit": "市财政局"}, small_store) == [
        ("1.2", "lead", "no_lead_rule", None, "完善示例保障机制。", sample)
    ]


# -- the bundled plan is unchanged -----------------------------------------------------


def test_bundled_plan_names_no_new_role(store, files, plan):
    for predicate in sorted(NEW_ITEM_PREDICATES | {DG + "leadRule", DG + "leadRuleText"}):
        assert count(store, f"?s <{predicate}> ?o") == 0, predicate
    assert count(store, "?a dg:role dg:Cooperating") == 0
    assert count(store, '?u a org:Organization ; dg:flag "unregistered"') == 0
    items = table(files["items.csv"])
    assert len(items) == 322
    empty = [c for c in NEW_ITEM_COLUMNS if c != "number_text"]
    assert {tuple(row[c] for c in empty) for row in items} == {("",) * 6}
    # Every plan prints numbers: the column has them, the graph does not repeat them.
    assert [row["number_text"] for row in items] == [item.number_text for item in plan.items]
    assert items[0]["number_text"] == "(一)" and items[5]["number_text"] == "1."
    assert {row["registered"] for row in table(files["units.csv"])} == {"true"}


def test_bundled_plan_triples_do_not_change_when_its_rule_is_set(plan, registry):
    """Once the parser sets Wuhan's lead_rule, dg:noLeadRule still states it alone."""
    cut = dataclasses.replace(
        plan, items=[plan.item(ref) for ref in ("1.3", "2.7", "2.201", "3.1")]
    )
    ruled = dataclasses.replace(
        cut, lead_rule=RESPONSIBLE_LEAD, lead_rule_text="无牵头单位的,责任单位即为牵头单位。"
    )
    assert cut.no_lead_rule is True
    assert plan_triples([ruled], BASE, registry) == plan_triples([cut], BASE, registry)
