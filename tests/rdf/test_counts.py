"""Counts in the RDF (SPARQL over the Turtle) equal the parse, and group expansion
is materialised: one derived assignment per member of 各区人民政府, same role."""

from __future__ import annotations

from collections import defaultdict

import pytest

from graph.rdf.namespaces import DG
from tests.rdf.sparql import count, select, values

GROUP = "各区人民政府"
ROLE = {f"{DG}Lead": "lead", f"{DG}Responsible": "responsible"}


def test_items(store, plan):
    assert count(store, "?i a dg:Item") == len(plan.items) == 322


def test_written_assignments(store, plan):
    written = sum(len(item.lead) + len(item.responsible) for item in plan.items)
    assert count(store, "?a a dg:Assignment ; dg:written true") == written
    assert count(store, "?a a dg:Assignment ; dg:derivation dg:AsWritten") == written


def test_lead_by_rule_assignments(store, plan):
    by_rule = sum(len(item.responsible) for item in plan.items if not item.lead)
    assert by_rule > 0
    assert count(store, "?a a dg:Assignment ; dg:derivation dg:ByNoLeadRule") == by_rule
    assert (
        count(
            store,
            "?a dg:derivation dg:ByNoLeadRule ; dg:role dg:Lead ; dg:leadByRule true ;"
            " dg:written false",
        )
        == by_rule
    )


def test_items_lead_by_rule(store, plan):
    assert count(store, "?i a dg:Item ; dg:leadByRule true") == sum(
        1 for item in plan.items if not item.lead
    )


@pytest.mark.parametrize(
    ("predicate", "names"),
    [
        ("dg:leadUnit", lambda item: item.lead),
        ("dg:responsibleUnit", lambda item: item.responsible),
        ("dg:effectiveLeadUnit", lambda item: item.effective_lead),
    ],
)
def test_shortcut_properties(store, plan, predicate, names):
    assert count(store, f"?i a dg:Item ; {predicate} ?u") == sum(
        len(names(item)) for item in plan.items
    )


def test_written_assignments_match_the_parse_one_by_one(store, plan):
    rows = select(
        store,
        """SELECT ?ref ?role ?name WHERE {
            ?a dg:written true ; dg:item ?i ; dg:role ?role ; prov:agent ?u .
            ?i dg:ref ?ref . ?u skos:prefLabel ?name }""",
    )
    in_rdf = sorted((row["ref"], ROLE[row["role"]], row["name"]) for row in rows)
    parsed = sorted(
        (item.ref, role, name)
        for item in plan.items
        for role, names in (("lead", item.lead), ("responsible", item.responsible))
        for name in names
    )
    assert in_rdf == parsed


def test_every_assignment_is_qualified_on_its_item(store):
    assert count(store, "?a a dg:Assignment") == count(
        store, "?i a dg:Item ; prov:qualifiedAssociation ?a . ?a dg:item ?i"
    )


# -- group expansion ---------------------------------------------------------------


@pytest.fixture(scope="module")
def group(store) -> str:
    (iri,) = values(
        store,
        f'SELECT ?g WHERE {{ ?g a dg:Group ; skos:prefLabel ?l FILTER(STR(?l) = "{GROUP}") }}',
        "g",
    )
    return iri


@pytest.fixture(scope="module")
def members(store, group) -> set[str]:
    return values(store, f"SELECT ?m WHERE {{ <{group}> org:hasMember ?m }}", "m")


def test_group_has_its_eighteen_members(store, group, members):
    names = values(
        store, f"SELECT ?n WHERE {{ <{group}> org:hasMember ?m . ?m skos:prefLabel ?n }}", "n"
    )
    assert len(members) == len(names) == 18
    # The 13 district governments and the five bodies the plan's note adds
    # (含开发区、长江新区、风景区管委会,下同).
    assert {"江岸区人民政府", "新洲区人民政府", "东湖高新区管委会", "长江新区管委会"} <= names
    assert {"东湖风景区管委会", "武汉经开区管委会", "临空港开发区管委会"} <= names
    assert count(store, f"?m org:memberOf <{group}>") == 18


def test_items_assigned_to_the_group_match_the_parse(store, plan, group):
    in_rdf = values(
        store,
        f"SELECT ?ref WHERE {{ ?a dg:written true ; prov:agent <{group}> ; dg:item/dg:ref ?ref }}",
        "ref",
    )
    parsed = {item.ref for item in plan.items if GROUP in item.lead + item.responsible}
    assert in_rdf == parsed
    assert "2.201" in parsed and len(parsed) > 100


def test_every_member_is_derived_on_every_group_item_in_the_same_role(store, group, members):
    """For each item and role the group holds (as written or by the no-lead rule),
    the units derived through the group in that role are exactly its members."""
    held = select(
        store,
        f"""SELECT ?item ?role ?rule WHERE {{
            ?a prov:agent <{group}> ; dg:item ?item ; dg:role ?role ; dg:leadByRule ?rule .
            FILTER NOT EXISTS {{ ?a dg:derivedThrough ?any }} }}""",
    )
    derived = defaultdict(set)
    for row in select(
        store,
        f"""SELECT ?item ?role ?rule ?unit WHERE {{
            ?d dg:derivedThrough <{group}> ; dg:item ?item ; dg:role ?role ;
               dg:leadByRule ?rule ; prov:agent ?unit ;
               dg:derivation dg:ByGroupExpansion ; dg:written false }}""",
    ):
        derived[row["item"], row["role"], row["rule"]].add(row["unit"])

    assert held
    assert sorted(derived) == sorted((r["item"], r["role"], r["rule"]) for r in held)
    wrong = {key: units for key, units in derived.items() if units != members}
    assert wrong == {}
    assert count(store, f"?d dg:derivedThrough <{group}>") == 18 * len(held)


def test_group_lead_by_rule_reaches_members_as_lead(store, plan, group):
    """3.1 names no lead; 各区人民政府 is responsible, so by the rule each district leads."""
    item = plan.item("3.1")
    assert item.lead == [] and GROUP in item.responsible
    rows = select(
        store,
        f"""SELECT ?unit WHERE {{
            ?d dg:derivedThrough <{group}> ; dg:item ?i ; dg:role dg:Lead ;
               dg:leadByRule true ; prov:agent ?unit . ?i dg:ref "3.1" }}""",
    )
    assert len(rows) == 18
