"""The tables every analytic starts from: the named queries' answers, typed."""

from __future__ import annotations

import pandas as pd
import pytest

from graph.analytics.tables import load_tables, run_query, to_frame


@pytest.mark.parametrize("name", ["assignments", "items", "targets"])
def test_tables_are_the_named_queries_answers(tables, graph_store, name):
    """load_tables reads solutions by position and converts each distinct term once;
    the frames are exactly what graph.sparql.frame makes of graph.sparql.select."""
    from graph.queries import library
    from graph.sparql import frame, select

    expected = frame(select(library()[name], {}, store=graph_store))
    pd.testing.assert_frame_equal(getattr(tables, name), expected)


def test_empty_answer_keeps_columns(graph_store):
    from graph.queries import library

    query = library()["targets"]
    columns, rows = run_query(query, graph_store)
    empty = to_frame(columns, [])
    assert list(empty.columns) == columns and empty.empty


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
