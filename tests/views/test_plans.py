"""Several plans in one store: the views keep each plan's items apart (two plans'
2.1 are two items), offer each plan's parts and sections, and the unit page gives
the load per plan."""

from __future__ import annotations

import pytest

from graph.views import build_view


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory):
    """The bundled plan and a copy of it dated 2024 (the same items, another plan)."""
    from graph.analytics.frames import load_tables
    from graph.data import bundled_plan_path
    from graph.store.local import memory_store

    copy = tmp_path_factory.mktemp("plans") / "wuhan-2024.txt"
    copy.write_text(
        bundled_plan_path().read_text(encoding="utf-8").replace("2023", "2024"), encoding="utf-8"
    )
    return load_tables(memory_store([bundled_plan_path(), copy]))


@pytest.fixture(scope="module")
def tasks_view(two_plans):
    """The tasks view of both plans (its layout is the slow part), built once."""
    return build_view(two_plans, "tasks")


def test_two_plans_items_are_never_merged_by_ref(two_plans, tasks_view):
    from graph.views import facts

    keys = facts.item_keys(two_plans)
    assert len(keys) == len(set(keys.values())) == 644  # 2 × 322, every key its own
    view = tasks_view
    chooser = view.data["scopes"]["list"]
    everything = next(s for s in chooser if s["key"] == "all")
    items = [n for n, *_ in everything["nodes"] if n.startswith("item:")]
    assert len(items) == len(set(items)) == 644
    two = [n for n in items if n.endswith(":2.1") or n.endswith(" 2.1") or n == "item:2.1"]
    assert len(two) == 2  # each plan's 2.1


def test_each_plan_has_its_own_parts_and_sections(tasks_view):
    view = tasks_view
    chooser = view.data["scopes"]["list"]
    sections = [s for s in chooser if s["key"].endswith(":2.1")]
    assert [s["items"] for s in sections] == [25, 25]  # not one section of 50
    assert [s["group"].split()[0] for s in sections] == ["2023", "2024"]
    assert chooser[view.data["scopes"]["initial"]] is sections[0]
    assert len(chooser) == 2 * (1 + 10 + 6 + 21) + 1


def test_unit_page_gives_the_load_per_plan(two_plans):
    profile = build_view(two_plans, "unit", unit="市水务局").data["profile"]
    assert [(p["plan"][:4], p["total"], p["lead"]) for p in profile["by_plan"]] == [
        ("2023", 29, 17),
        ("2024", 29, 17),
    ]
    assert profile["loads"][0][0]["total"] == 58  # both plans' items
    assert len(profile["sections"]["lead"]) == 34
