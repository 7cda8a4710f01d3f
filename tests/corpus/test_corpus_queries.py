"""The corpus's own named queries: load by plan, units across plans, carried-over
targets, checked against two synthetic years of Wuhan (the generator's truth says
which figures it raised or lowered) and against the single-plan queries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.parse.sources import parse_sources
from graph.store.library import library
from graph.store.local import store_from_plans
from graph.store.sparql import select
from tests.bench.synthetic import corpus

SEED = 7


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("years")
    made = corpus(2, SEED)
    paths = []
    for plan in made.plans:
        path = folder / f"{plan.slug}.txt"
        path.write_text(plan.text, encoding="utf-8")
        paths.append(str(path))
    return made, store_from_plans(parse_sources(paths))


def test_carried_over_targets_find_every_raised_and_lowered_figure(synthetic):
    made, store = synthetic
    rows = select(library()["carried-over-targets"], {}, store=store).records()
    found = {(r["item_a"], r["item_b"], r["value_a"], r["value_b"], r["change"]) for r in rows}
    truth = [t for t in made.changes[0]["targets"] if t["change"] in ("raised", "lowered")]
    assert len(truth) == 35
    missing = [
        t
        for t in truth
        if (t["old"], t["new"], Decimal(t["old_value"]), Decimal(t["new_value"]), t["change"])
        not in found
    ]
    assert missing == []
    assert {r["plan_a"] for r in rows} == {"wuhan-2022"}
    assert {r["plan_b"] for r in rows} == {"wuhan-2023"}


def test_carried_over_targets_of_one_plan_is_empty(graph_store):
    assert select(library()["carried-over-targets"], {}, store=graph_store).rows == []


def test_load_by_plan_is_unit_load_of_each_plan(synthetic):
    _, store = synthetic
    rows = select(library()["load-by-plan"], {}, store=store).records()
    for plan in ("wuhan-2022", "wuhan-2023"):
        mine = [
            (r["unit"], r["lead"], r["responsible"], r["total"]) for r in rows if r["plan"] == plan
        ]
        alone = select(library()["unit-load"], {"plan": plan}, store=store).records()
        assert sorted(mine) == sorted(
            (r["unit"], r["lead"], r["responsible"], r["total"]) for r in alone
        )
        assert {r["year"] for r in rows if r["plan"] == plan} == {plan[-4:]}


def test_load_by_plan_on_the_bundled_plan(graph_store):
    rows = select(library()["load-by-plan"], {}, store=graph_store).records()
    top = [(r["unit"], r["lead"], r["responsible"], r["total"]) for r in rows[:3]]
    assert top == [
        ("各区人民政府", 5, 134, 139),
        ("市发改委", 41, 32, 73),
        ("市经信局", 18, 35, 53),
    ]
    assert {r["jurisdiction"] for r in rows} == {"wuhan"}


def test_units_across_plans_one_node_per_city(synthetic):
    _, store = synthetic
    rows = {
        r["unit"]: r for r in select(library()["units-across-plans"], {}, store=store).records()
    }
    drc = rows["市发改委"]
    assert (drc["jurisdiction"], drc["function"], drc["plans"]) == (
        "wuhan",
        "development-reform",
        2,
    )
    assert (drc["first_year"], drc["last_year"]) == (2022, 2023)


def test_units_across_plans_functions_on_the_bundled_plan(graph_store):
    rows = select(library()["units-across-plans"], {}, store=graph_store).records()
    functions = {r["unit"]: r["function"] for r in rows}
    assert functions["市发改委"] == "development-reform"
    assert functions["市财政局"] == "finance"
    assert functions["江岸区人民政府"] == "district-government"
    assert functions["各区人民政府"] is None  # a group stands for many bodies
    assert all(r["plans"] == 1 and r["first_year"] == r["last_year"] == 2023 for r in rows)
