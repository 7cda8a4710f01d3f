"""unit-load, unit-items, unit-pairs and district-load on the bundled plan.

Every answer is compared in full with the same count made from the parsed model
(``graph.derive.assignments``), and the headline numbers are written out by hand: they were
checked against the plan text (see the raw-text tests at the end).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import pyoxigraph as ox
import pytest

from graph.store.library import library
from graph.store.sparql import select
from tests.queries.conftest import ref_key, rows, run

# -- expectations from the model ----------------------------------------------------


def expected_load(model, expand: bool) -> list[tuple]:
    """(unit, kind, lead, responsible, total) ordered like the query."""
    on: dict[str, set[str]] = defaultdict(set)
    lead: dict[str, set[str]] = defaultdict(set)
    for a in model.assignments:
        if expand and model.enumerated_group(a.unit):
            continue
        if not expand and a.via_group:
            continue
        on[a.unit].add(a.item)
        if a.role == "lead":
            lead[a.unit].add(a.item)
    out = [
        (u, model.registry.get(u).kind, len(lead[u]), len(on[u]) - len(lead[u]), len(on[u]))
        for u in on
    ]
    return sorted(out, key=lambda r: (-r[4], -r[2], r[0]))


def expected_pairs(model, expand: bool, least: int) -> list[tuple]:
    units: dict[str, set[str]] = defaultdict(set)
    if expand:
        for a in model.assignments:
            if not model.enumerated_group(a.unit):
                units[a.item].add(a.unit)
    else:
        for item in model.plan.items:
            units[item.ref] = set(item.lead) | set(item.responsible)
    shared: Counter = Counter()
    for names in units.values():
        shared.update(combinations(sorted(names), 2))
    out = [(a, b, n) for (a, b), n in shared.items() if n >= least]
    return sorted(out, key=lambda r: (-r[2], r[0], r[1]))


def expected_unit_items(model, unit: str, expand: bool) -> list[tuple]:
    """(ref, role, derivation, via_group) for one canonical unit name."""
    best: dict[str, tuple] = {}
    for a in model.by_unit.get(unit, []):
        if a.via_group and not expand:
            continue
        rank = (a.role == "lead", {"written": 3, "no_lead_rule": 2, "group": 1}[a.derivation])
        via = a.via_group if a.derivation == "group" else None
        if a.item not in best or rank > best[a.item][0]:
            best[a.item] = (rank, a.role, a.derivation, via)
    return [
        (ref, "lead" if best[ref][0][0] else "responsible", best[ref][2], best[ref][3])
        for ref in sorted(best, key=ref_key)
    ]


# -- unit-load ------------------------------------------------------------------------


@pytest.mark.parametrize("expand", [False, True])
def test_unit_load_whole_answer(store, model, expand):
    got = rows(store, "unit-load", "unit", "kind", "lead", "responsible", "total", expand=expand)
    assert got == expected_load(model, expand)


def test_unit_load_top_five_as_written(store):
    got = rows(store, "unit-load", "unit", "lead", "responsible", "total")
    assert got[:5] == [
        ("各区人民政府", 5, 134, 139),
        ("市发改委", 41, 32, 73),
        ("市经信局", 18, 35, 53),
        ("市城建局", 14, 23, 37),
        ("市城管执法委", 21, 15, 36),
    ]


def test_unit_load_top_five_with_groups_expanded(store):
    got = rows(store, "unit-load", "unit", "lead", "responsible", "total", expand=True)
    assert got[:5] == [
        ("新洲区人民政府", 6, 158, 164),
        ("黄陂区人民政府", 6, 157, 163),
        ("蔡甸区人民政府", 6, 156, 162),
        ("江夏区人民政府", 5, 157, 162),
        ("东湖高新区管委会", 9, 149, 158),
    ]
    names = [r[0] for r in got]
    # enumerated groups give way to their members; a group nobody can list stays
    assert "各区人民政府" not in names and "各新城区人民政府" not in names
    assert "市人民政府各部门" in names


def test_unit_load_ndrc_row(store):
    (row,) = [r for r in run(store, "unit-load") if r["unit"] == "市发改委"]
    assert row == {
        "unit": "市发改委",
        "unit_en": "Wuhan Municipal Development and Reform Commission",
        "kind": "municipal_department",
        "lead": 41,  # 40 clauses name it lead or name no lead, + 2.49's sub-assignment
        "responsible": 32,
        "total": 73,
    }


def test_unit_load_lead_counts_the_no_lead_rule(store, model):
    """武汉地铁集团 is named lead nowhere, yet leads 2.94 (责任单位:武汉地铁集团)."""
    assert not any("武汉地铁集团" in item.lead for item in model.plan.items)
    (row,) = [r for r in run(store, "unit-load") if r["unit"] == "武汉地铁集团"]
    assert (row["lead"], row["responsible"], row["total"]) == (1, 2, 3)


def test_unit_load_responsible_means_not_lead(store):
    for row in run(store, "unit-load"):
        assert row["lead"] + row["responsible"] == row["total"], row


def test_unit_load_totals_are_distinct_items(store, model):
    """An item naming a unit twice (lead in one sub-clause, responsible in another)
    counts once; the total over the default graph is the number of distinct items."""
    counted = sum(r["total"] for r in run(store, "unit-load"))
    pairs = {(a.item, a.unit) for a in model.assignments if not a.via_group}
    assert counted == len(pairs)
    assert len(model.plan.items) == 322


# -- unit-items -----------------------------------------------------------------------


def test_unit_items_water_affairs(store, model):
    got = rows(store, "unit-items", "ref", unit="市水务局")
    assert got == [
        ("1.5",), ("2.13",), ("2.14",), ("2.17",), ("2.18",), ("2.19",), ("2.75",),
        ("2.99",), ("2.103",), ("2.104",), ("2.116",), ("2.121",), ("2.124",), ("2.128",),
        ("2.131",), ("2.132",), ("2.135",), ("2.227",), ("2.228",), ("2.229",), ("2.230",),
        ("2.231",), ("4.25",), ("4.26",), ("4.27",), ("4.28",), ("4.39",), ("4.40",), ("4.41",),
    ]  # fmt: skip
    full = rows(store, "unit-items", "ref", "role", "derivation", "via_group", unit="市水务局")
    assert full == expected_unit_items(model, "市水务局", True)
    assert ("2.231", "lead", "written", None) in full  # 牵头单位:市水务局
    assert ("2.75", "lead", "no_lead_rule", None) in full  # 责任单位:市乡村振兴局、市水务局


def test_unit_items_alias_resolves(store):
    """市文明办 is written in brackets after 市委宣传部 (市委宣传部〈市文明办〉)."""
    got = rows(store, "unit-items", "ref", "role", "derivation", "via_group", unit="市文明办")
    assert got == [
        ("2.193", "lead", "written", None),
        ("2.238", "lead", "no_lead_rule", None),
    ]
    assert run(store, "unit-items", unit="市文明办") == run(store, "unit-items", unit="市委宣传部")


def test_unit_items_default_is_ndrc(store, model):
    got = rows(store, "unit-items", "ref", "role", "derivation", "via_group")
    assert got == expected_unit_items(model, "市发改委", True)
    assert len(got) == 73


@pytest.mark.parametrize("expand", [True, False])
def test_unit_items_district_through_groups(store, model, expand):
    got = rows(
        store, "unit-items", "ref", "role", "derivation", "via_group",
        unit="新洲区人民政府", expand=expand,
    )  # fmt: skip
    assert got == expected_unit_items(model, "新洲区人民政府", expand)
    if expand:
        assert len(got) == 164
        assert ("2.100", "responsible", "group", "各区人民政府") in got
        assert ("2.193", "responsible", "group", "各新城区人民政府") in got
    else:
        assert [r[0] for r in got] == [
            "2.7", "2.35", "2.37", "2.70", "2.162", "2.167", "2.194", "2.231",
        ]  # fmt: skip
        assert ("2.37", "lead", "written", None) in got


def test_unit_items_unknown_unit_is_empty(store):
    assert run(store, "unit-items", unit="市不存在局") == []


def test_unit_items_columns_and_text(store, model):
    (first, *_) = run(store, "unit-items", unit="市文明办")
    assert list(first) == ["ref", "role", "derivation", "via_group", "text", "plan"]
    assert first["text"] == model.item("2.193").text


# -- unit-pairs -----------------------------------------------------------------------


@pytest.mark.parametrize(("expand", "least"), [(False, 5), (False, 1), (True, 5)])
def test_unit_pairs_whole_answer(store, model, expand, least):
    got = rows(store, "unit-pairs", "unit_a", "unit_b", "shared", expand=expand, min=least)
    assert got == expected_pairs(model, expand, least)


def test_unit_pairs_top(store):
    got = rows(store, "unit-pairs", "unit_a", "unit_b", "shared")
    assert len(got) == 149
    assert got[:5] == [
        ("市发改委", "市经信局", 34),
        ("各区人民政府", "市城管执法委", 24),
        ("各区人民政府", "市发改委", 21),
        ("各区人民政府", "市经信局", 19),
        ("各区人民政府", "市城建局", 18),
    ]
    assert min(r[2] for r in got) == 5


def test_unit_pairs_expanded_top(store):
    got = rows(store, "unit-pairs", "unit_a", "unit_b", "shared", expand=True)
    assert got[:3] == [
        ("新洲区人民政府", "黄陂区人民政府", 160),
        ("江夏区人民政府", "蔡甸区人民政府", 159),
        ("江夏区人民政府", "黄陂区人民政府", 159),
    ]
    assert not {"各区人民政府", "各新城区人民政府"} & ({r[0] for r in got} | {r[1] for r in got})


def test_unit_pairs_counts_items_not_sub_tasks():
    """A sub-task (dg:SubTask) carries dg:leadUnit as its item does; a pair on one
    item with a sub-task naming both units still shares one item, not two."""
    dg = "https://w3id.org/dutygraph/ontology#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    item, task = ox.NamedNode("urn:x:item"), ox.NamedNode("urn:x:item/subtask/1")
    a, b = ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b")
    tiny = ox.Store()
    for s, p, o in [
        (item, rdf_type, ox.NamedNode(dg + "Item")),
        (task, rdf_type, ox.NamedNode(dg + "SubTask")),
        (item, ox.NamedNode(dg + "leadUnit"), a),
        (item, ox.NamedNode(dg + "responsibleUnit"), b),
        (task, ox.NamedNode(dg + "leadUnit"), a),
        (task, ox.NamedNode(dg + "responsibleUnit"), b),
        (a, label, ox.Literal("A")),
        (b, label, ox.Literal("B")),
    ]:
        tiny.add(ox.Quad(s, p, o))
    result = select(library()["unit-pairs"], {"min": "1"}, store=tiny)
    assert result.records() == [{"unit_a": "A", "unit_b": "B", "shared": 1}]


# -- district-load --------------------------------------------------------------------


def expected_districts(model) -> list[tuple]:
    out = []
    for unit in model.registry.units.values():
        if unit.kind not in ("district_government", "management_committee"):
            continue
        mine = model.by_unit.get(unit.name, [])
        named = {a.item for a in mine if not a.via_group}
        total = {a.item for a in mine}
        lead = {a.item for a in mine if a.role == "lead"}
        out.append(
            (unit.name, unit.kind, unit.zone or None, len(named), len(total) - len(named),
             len(total), len(lead))
        )  # fmt: skip
    return sorted(out, key=lambda r: (-r[5], -r[3], r[0]))


def test_district_load_whole_answer(store, model):
    columns = ("district", "kind", "zone", "named", "through_groups", "total", "lead")
    got = rows(store, "district-load", *columns)
    assert got == expected_districts(model)
    assert len(got) == 18  # 13 district governments + 5 management committees


def test_district_load_hand_checked(store):
    by_name = {r["district"]: r for r in run(store, "district-load")}
    xinzhou = by_name["新洲区人民政府"]
    # named in 8 clauses: 2.7 2.35 2.37 2.70 2.162 2.167 2.194 2.231 (lead in 2.37)
    assert (xinzhou["named"], xinzhou["through_groups"], xinzhou["total"]) == (8, 156, 164)
    assert (xinzhou["zone"], xinzhou["kind"], xinzhou["lead"]) == (
        "new",
        "district_government",
        6,
    )
    # 汉南区 and 东湖风景区 are never named: everything reaches them through groups
    assert by_name["汉南区人民政府"]["named"] == 0
    assert by_name["东湖风景区管委会"]["named"] == 0
    assert by_name["东湖风景区管委会"]["total"] == 139  # = the items of 各区人民政府
    assert by_name["东湖高新区管委会"]["named"] == 19
    assert by_name["东湖高新区管委会"]["zone"] is None
    # new districts also get 各新城区人民政府 (17 items), central ones 各中心城区 (4)
    assert by_name["黄陂区人民政府"]["through_groups"] == 156 == 139 + 17
    assert by_name["江岸区人民政府"]["through_groups"] == 143 == 139 + 4


# -- against the plan text --------------------------------------------------------------


def test_raw_text_xinzhou_clauses(store, clauses, model):
    lines = sorted(n for n, clause in clauses.items() if "新洲" in clause)
    assert lines == [28, 62, 64, 106, 214, 219, 251, 296]
    assert [model.item(r).line for r in ("2.7", "2.35", "2.37", "2.70")] == [28, 62, 64, 106]


def test_raw_text_ndrc(clauses):
    """市發改委 is on 73 unit clauses; it leads in 40 of them (in the first 牽頭單位, or
    the clause names no lead). The 41st lead is 2.49's second sub-clause
    〈牽頭單位:市發改委〉, after a first one naming 市經信局."""
    on = [c for c in clauses.values() if "市發改委" in c]
    leads = [c for c in on if c.startswith("責任單位") or "市發改委" in c.split(";")[0]]
    assert (len(on), len(leads)) == (73, 40)
