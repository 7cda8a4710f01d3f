"""Analytics on a plan of another issuer: cooperating units are kept, not counted as load."""

from __future__ import annotations

from pathlib import Path

from graph.analytics.frames import load_tables
from graph.analytics.load import unit_load
from graph.parse.plan import parse_plan
from graph.store.local import store_from_plans

GUANGDONG = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "07_guangdong-2021.txt"


def test_cooperating_units_are_assigned_but_carry_no_load():
    tables = load_tables(store_from_plans([parse_plan(GUANGDONG)]))
    rows = tables.assignments[["ref", "unit", "role", "derivation"]].values.tolist()
    assert rows == [
        ["1.1", "各地", "cooperating", "written"],
        ["1.1", "各部门", "cooperating", "written"],
        ["1.1", "省发展改革委", "lead", "written"],
        ["1.2", "省财政厅", "lead", "written"],
    ]
    load = unit_load(tables, expand=False)
    assert load[["unit", "lead", "responsible", "total"]].values.tolist() == [
        ["省发展改革委", 1, 0, 1],
        ["省财政厅", 1, 0, 1],
    ]
