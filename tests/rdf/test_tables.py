"""CSV tables for portals: UTF-8, the documented header row, one row per item,
unit and assignment, and the same rows the RDF has."""

from __future__ import annotations

import csv
import io

import pytest

from graph.export.tables import ASSIGNMENT_COLUMNS, ITEM_COLUMNS, UNIT_COLUMNS
from tests.rdf.sparql import count, values

TABLES = {
    "items.csv": ITEM_COLUMNS,
    "units.csv": UNIT_COLUMNS,
    "assignments.csv": ASSIGNMENT_COLUMNS,
}


@pytest.fixture(scope="module")
def tables(files) -> dict[str, list[list[str]]]:
    return {
        name: list(csv.reader(io.StringIO(files[name].decode("utf-8"), newline="")))
        for name in TABLES
    }


def rows(tables, name: str) -> list[dict[str, str]]:
    header, *body = tables[name]
    return [dict(zip(header, row, strict=True)) for row in body]


@pytest.mark.parametrize("name", list(TABLES))
def test_utf8_with_header(files, tables, name):
    data = files[name]
    assert not data.startswith(b"\xef\xbb\xbf")
    data.decode("utf-8", errors="strict")
    assert tuple(tables[name][0]) == TABLES[name]
    assert all(len(row) == len(TABLES[name]) for row in tables[name])


def test_items(tables, plan, store):
    items = rows(tables, "items.csv")
    assert len(items) == 322
    assert [row["ref"] for row in items] == [item.ref for item in plan.items]
    assert {row["iri"] for row in items} == values(store, "SELECT ?i WHERE { ?i a dg:Item }", "i")
    row = next(row for row in items if row["ref"] == "2.7")
    assert (row["lead"], row["lead_by_rule"]) == ("市经信局", "false")
    assert row["responsible"].split(";")[:2] == ["市发改委", "市商务局"]
    assert next(r for r in items if r["ref"] == "1.3")["effective_lead"] == "市发改委"


def test_assignments(tables, store):
    assignments = rows(tables, "assignments.csv")
    assert len(assignments) == count(store, "?a a dg:Assignment")
    assert sum(row["written"] == "true" for row in assignments) == count(
        store, "?a dg:written true"
    )
    assert {row["iri"] for row in assignments} == values(
        store, "SELECT ?a WHERE { ?a a dg:Assignment }", "a"
    )
    by_derivation = {row["derivation"] for row in assignments}
    assert by_derivation == {"written", "no_lead_rule", "group"}


def test_units(tables, store):
    units = rows(tables, "units.csv")
    assert {row["iri"] for row in units} == values(
        store, "SELECT ?u WHERE { ?u a org:Organization }", "u"
    )
    row = next(row for row in units if row["name"] == "市发改委")
    assert row["slug"] == "development-and-reform-commission"
    assert row["name_en"] == "Wuhan Municipal Development and Reform Commission"
    group = next(row for row in units if row["name"] == "各区人民政府")
    assert len(group["members"].split(";")) == 18
