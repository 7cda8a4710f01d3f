"""The ``plan`` column of the named queries that return items or per-plan counts
(issue 12), on a store of two plans that share every item ref and every unit: the
bundled plan and a copy of it under another id (``copy-2023``).

A copy has exactly the original's answers, so each query must give every row of the
one-plan answer twice, once with each plan's IRI; the ``plan`` parameter must give
one plan's rows, exactly; and the union is the plans' answers one after the other, in
the order of their IRIs (``…/copy-2023`` before ``…/wuhan-2023``). The column is the
last one: the columns before it are the query's columns as they were (a contract).
The plans' IRIs come from ``graph.rdf.iris``, never from a string written here.
"""

from __future__ import annotations

from datetime import date

import pytest

from graph.parse.sources import parse_sources
from graph.rdf.iris import Iris
from graph.rdf.namespaces import DEFAULT_BASE
from graph.store.library import library
from graph.store.local import store_from_plans
from graph.store.sparql import select

WUHAN, COPY = "wuhan-2023", "copy-2023"
IRI = {slug: Iris(DEFAULT_BASE).plan(slug) for slug in (WUHAN, COPY)}

# The columns each query had before it gained ``plan`` (never renamed or reordered).
BEFORE = {
    "group-items": ("ref", "group", "role", "enumerated", "members", "text"),
    "growth-targets": ("ref", "value", "unit", "comparator", "counted", "text"),
    "item-roles": (
        "ref",
        "people",
        "deadline",
        "deadline_date",
        "cooperating",
        "data_providers",
        "text",
    ),
    "items-per-section": ("part", "part_title", "section", "section_title", "items"),
    "keyword-items": ("ref", "text", "lead", "responsible"),
    "no-lead-items": ("ref", "effective_lead", "text"),
    "party-organ-duties": ("unit", "ref", "role", "text"),
    "soe-duties": ("unit", "ref", "role", "text"),
    "targets": ("item", "value", "unit", "comparator", "kind", "counted", "text"),
    "unit-items": ("ref", "role", "derivation", "via_group", "text"),
    "unit-targets": ("ref", "role", "value", "unit", "comparator", "kind", "counted", "text"),
}

# Each query with its defaults, and with the parameters the pinned answers use; the
# one-plan row counts are those pinned in test_query_answers.py.
CASES = [
    ("group-items", {}, 169),
    ("group-items", {"group": "各新城区人民政府"}, 17),
    ("growth-targets", {}, 6),
    ("items-per-section", {}, 36),
    ("keyword-items", {}, 3),
    ("keyword-items", {"keyword": "充电桩"}, 2),
    ("no-lead-items", {}, 84),
    ("party-organ-duties", {}, 10),
    ("soe-duties", {}, 27),
    ("targets", {}, 210),
    ("targets", {"item": "2.5"}, 2),
    ("targets", {"unit": "市商务局"}, 21),
    ("unit-items", {}, 73),
    ("unit-items", {"unit": "市文明办"}, 2),
    ("unit-items", {"unit": "新洲区人民政府", "expand": "false"}, 8),
    ("unit-targets", {}, 21),
    ("unit-targets", {"unit": "江岸区人民政府", "expand": "true"}, 141),
]


def bundled_twice(change=None):
    """The bundled plan, parsed twice, the second under the id copy-2023 (``change``,
    if given, is applied to both before they are built)."""
    (original,) = parse_sources(None)
    (copy,) = parse_sources(None)
    copy.plan_id = COPY
    for plan in (original, copy):
        if change is not None:
            change(plan)
    assert (original.slug, copy.slug) == (WUHAN, COPY)
    return store_from_plans([original, copy])


@pytest.fixture(scope="module")
def two_plans():
    return bundled_twice()


def records(name: str, params: dict[str, str], store) -> list[dict]:
    return select(library()[name], params, store=store).records()


def with_plan(rows: list[dict], slug: str) -> list[dict]:
    return [{**row, "plan": IRI[slug]} for row in rows]


def test_every_changed_query_ends_with_plan():
    for name, before in BEFORE.items():
        assert library()[name].columns == (*before, "plan"), name


@pytest.mark.parametrize(
    ("name", "params", "count"),
    CASES,
    ids=[f"{n}-{','.join(f'{k}={v}' for k, v in p.items()) or 'defaults'}" for n, p, _ in CASES],
)
def test_each_row_once_per_plan(store, two_plans, name, params, count):
    alone = records(name, params, store)
    assert len(alone) == count
    assert {row["plan"] for row in alone} == {IRI[WUHAN]}
    both = records(name, params, two_plans)
    assert both == with_plan(alone, COPY) + alone
    assert records(name, {**params, "plan": WUHAN}, two_plans) == alone
    assert records(name, {**params, "plan": COPY}, two_plans) == with_plan(alone, COPY)


def test_two_plans_sections_are_not_merged(two_plans):
    """Part 2 section 1 (着力扩大内需…) holds 2.1-2.25, lines 22-48 of the plan: 25
    items in each plan, two rows, not one row of 50; 322 items in each plan."""
    rows = records("items-per-section", {}, two_plans)
    got = [(r["items"], r["plan"]) for r in rows if (r["part"], r["section"]) == (2, 1)]
    assert got == [(25, IRI[COPY]), (25, IRI[WUHAN])]
    assert {r["section_title"] for r in rows if (r["part"], r["section"]) == (2, 1)} == {
        "着力扩大内需,持续增强稳增长内生动力"
    }
    for slug in (WUHAN, COPY):
        assert sum(r["items"] for r in rows if r["plan"] == IRI[slug]) == 322
    assert len(rows) == 72


def test_rows_by_hand(two_plans):
    """充电桩 is in 2.142 and 4.33; 市文明办 leads 2.193 (as written) and 2.238 (by the
    no-lead rule); 2.5 sets 新增品牌连锁便利店200家、智慧商店1000家: in each plan."""
    got = [
        (r["ref"], r["plan"]) for r in records("keyword-items", {"keyword": "充电桩"}, two_plans)
    ]
    assert got == [(ref, IRI[slug]) for slug in (COPY, WUHAN) for ref in ("2.142", "4.33")]
    got = [
        (r["ref"], r["derivation"], r["plan"])
        for r in records("unit-items", {"unit": "市文明办"}, two_plans)
    ]
    assert got == [
        (ref, how, IRI[slug])
        for slug in (COPY, WUHAN)
        for ref, how in (("2.193", "written"), ("2.238", "no_lead_rule"))
    ]
    got = [
        (r["item"], int(r["value"]), r["counted"], r["plan"])
        for r in records("targets", {"item": "2.5"}, two_plans)
    ]
    assert got == [
        ("2.5", value, counted, IRI[slug])
        for slug in (COPY, WUHAN)
        for value, counted in ((200, "品牌连锁便利店"), (1000, "智慧商店"))
    ]


def give_roles(plan) -> None:
    """2.5 names a leader, a deadline and a cooperating unit (the bundled plan names
    none, so item-roles would have no row to show)."""
    item = plan.item("2.5")
    item.people = ["分管副市长"]
    item.deadline = "2023年底前"
    item.deadline_date = date(2023, 12, 31)
    item.cooperating = ["市统计局"]


def test_item_roles_once_per_plan(store):
    assert records("item-roles", {}, store) == []
    with_roles = bundled_twice(give_roles)
    row = {
        "ref": "2.5",
        "people": "分管副市长",
        "deadline": "2023年底前",
        "deadline_date": date(2023, 12, 31),
        "cooperating": "市统计局",
        "data_providers": None,
        "text": "新增品牌连锁便利店200家、智慧商店1000家。",
    }
    both = [{**row, "plan": IRI[COPY]}, {**row, "plan": IRI[WUHAN]}]
    assert records("item-roles", {}, with_roles) == both
    # the cooperating unit, and the lead (市商务局) as well; 市发改委 is not on 2.5
    assert records("item-roles", {"unit": "市统计局"}, with_roles) == both
    assert records("item-roles", {"unit": "市商务局"}, with_roles) == both
    assert records("item-roles", {"unit": "市发改委"}, with_roles) == []
    assert records("item-roles", {"plan": COPY}, with_roles) == both[:1]
    assert records("item-roles", {"unit": "市统计局", "plan": WUHAN}, with_roles) == both[1:]
