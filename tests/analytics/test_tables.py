"""The tables every analytic starts from: the named queries' answers, typed."""

from __future__ import annotations

import pandas as pd
import pytest

from graph.analytics.frames import assignments_query, load_tables
from graph.store.sparql import Result, frame

LABELLED = """
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?ref ?unit ?role ?derivation ?lead_by_rule ?via_group WHERE {
  ?a dg:item ?i ; prov:agent/skos:prefLabel ?unit ; dg:role/skos:notation ?role ;
     dg:derivation/skos:notation ?derivation ; dg:leadByRule ?lead_by_rule .
  ?i dg:ref ?ref .
  OPTIONAL { ?a dg:derivedThrough/skos:prefLabel ?via_group }
}
"""


@pytest.mark.parametrize("name", ["items", "targets"])
def test_tables_are_the_named_queries_answers(tables, graph_store, name):
    """items and targets are exactly what graph.store.sparql.frame makes of the named queries."""
    from graph.store.library import library
    from graph.store.sparql import select

    expected = frame(select(library()[name], {}, store=graph_store))
    pd.testing.assert_frame_equal(getattr(tables, name), expected)


def test_assignments_equal_a_labelled_query(tables, graph_store):
    """The assignments table (IRIs turned into labels in Python) holds exactly the
    rows a query that reads the labels in SPARQL gives, and no row is lost."""
    rows = {
        (s["ref"].value, s["unit"].value, s["role"].value, s["derivation"].value, s["lead_by_rule"].value == "true",
         s["via_group"].value if s["via_group"] is not None else None)
        for s in graph_store.query(LABELLED, use_default_graph_as_union=True)
    }  # fmt: skip
    a = tables.assignments
    mine = {
        (ref, unit, role, derivation, bool(rule), None if pd.isna(via) else via)
        for ref, unit, role, derivation, rule, via in zip(
            a["ref"],
            a["unit"],
            a["role"],
            a["derivation"],
            a["lead_by_rule"],
            a["via_group"],
            strict=True,
        )
    }
    assert len(a) == len(rows) == len(mine)
    assert mine == rows
    assert a["unit"].notna().all() and a["part"].notna().all() and a["kind"].notna().all()


def test_assignments_in_plan_order(tables):
    order = {ref: n for n, ref in enumerate(tables.items["ref"])}
    positions = [order[r] for r in tables.assignments["ref"]]
    assert positions == sorted(positions)


def test_analytics_query_is_not_in_the_library():
    from graph.store.library import library

    assert "assignments" not in library()
    assert assignments_query().columns == (
        "item",
        "unit_iri",
        "role_iri",
        "derivation_iri",
        "lead_by_rule",
        "via_iri",
    )


def test_empty_answer_keeps_columns():
    empty = frame(Result(["a", "b"], []))
    assert list(empty.columns) == ["a", "b"] and empty.empty


def test_fresh_tables_are_equal(tables, graph_store):
    again = load_tables(graph_store)
    pd.testing.assert_frame_equal(again.assignments, tables.assignments)


def test_table_shapes(tables):
    assert len(tables.items) == 322
    assert tables.items["ref"].is_unique
    assert set(tables.assignments["derivation"]) == {"written", "no_lead_rule", "group"}
    assert set(tables.assignments["role"]) == {"lead", "responsible"}
    assert len(tables.targets) > 0


def test_views(tables):
    written = tables.view(False)
    assert "group" not in set(written["derivation"])
    expanded = tables.view(True)
    assert not expanded["enumerated"].fillna(False).any()
    assert "各区人民政府" in set(written["unit"]) and "各区人民政府" not in set(expanded["unit"])
    assert tables.view(True) is expanded  # cached


def test_fresh_tables_share_nothing(graph_store, tables):
    fresh = load_tables(graph_store)
    assert fresh is not tables and fresh._cache == {}
    pd.testing.assert_frame_equal(fresh.assignments, tables.assignments)
