"""The Python API: ``run_query`` answers as typed DataFrames; the store converts to
and from rdflib."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pyoxigraph as ox
import pytest

from graph import run_query
from graph.store.library import library
from graph.store.local import from_rdflib, to_rdflib


def test_unit_load_frame(store):
    df = run_query("unit-load", store=store)
    assert list(df.columns) == ["unit", "unit_en", "kind", "lead", "responsible", "total"]
    for column in ("lead", "responsible", "total"):
        assert df[column].dtype == "Int64"
    assert pd.api.types.is_string_dtype(df["unit"])
    assert df.iloc[1][["unit", "lead", "responsible", "total"]].tolist() == ["市发改委", 41, 32, 73]
    assert int(df["total"].sum()) > 0


def test_params_may_be_python_values(store):
    expanded = run_query("unit-load", {"expand": True}, store=store)
    assert expanded.iloc[0]["unit"] == "新洲区人民政府"
    pairs = run_query("unit-pairs", {"min": 30}, store=store)
    assert pairs.values.tolist() == [["市发改委", "市经信局", 34]]


def test_dates_iris_and_booleans(store):
    meta = run_query("plan-metadata", store=store)
    row = meta.iloc[0]
    assert isinstance(row["plan"], str) and row["plan"].startswith("https://w3id.org/dutygraph/")
    assert row["issued"] == date(2023, 1, 12) and type(row["issued"]) is date
    assert meta["items"].dtype == "Int64" and meta["year"].dtype == "Int64"
    assert meta["no_lead_rule"].dtype == "boolean" and bool(row["no_lead_rule"]) is True
    duties = run_query("reporting-duties", store=store)
    assert duties["due"].tolist() == [
        date(2023, 2, 10),
        date(2023, 4, 20),
        date(2023, 7, 20),
        date(2023, 10, 20),
    ]
    assert all(type(d) is date for d in duties["due"])
    assert duties["recurrence"].isna().tolist() == [True, False, False, False]


def test_missing_integers_stay_integers(store):
    sections = run_query("items-per-section", store=store)
    assert sections["part"].dtype == "Int64" and sections["section"].dtype == "Int64"
    assert sections["items"].dtype == "Int64"
    assert pd.isna(sections.iloc[0]["section"])
    assert int(sections["items"].sum()) == 322


@pytest.mark.parametrize("name", sorted(library()))
def test_every_frame_follows_the_select(store, name):
    df = run_query(name, store=store)
    assert tuple(df.columns) == library()[name].columns


def test_run_query_builds_the_bundled_plan_by_default():
    df = run_query("reporting-duties")
    assert len(df) == 4


def test_run_query_on_a_store_folder(tmp_path):
    folder = tmp_path / "store"
    first = run_query("plan-metadata", store=folder)
    assert (folder / "dutygraph-store.txt").exists()
    assert first.iloc[0]["items"] == 322


@pytest.fixture(scope="module")
def rdflib_graph(store):
    return to_rdflib(store)


def test_rdflib_round_trip(store, rdflib_graph):
    graph = rdflib_graph
    triples = {(q.subject, q.predicate, q.object) for q in store}  # each plan's graph, merged
    assert len(graph) == len(triples) == len(store)  # no triple is in two graphs
    back = from_rdflib(graph)
    assert len(back) == len(store)
    assert {(q.subject, q.predicate, q.object) for q in back} == triples  # blank-node free
    assert run_query("unit-pairs", {"min": 20}, store=back).equals(
        run_query("unit-pairs", {"min": 20}, store=store)
    )


def test_rdflib_graph_is_queryable(store, rdflib_graph):
    (row,) = rdflib_graph.query(
        "PREFIX dct: <http://purl.org/dc/terms/> SELECT ?id WHERE { ?p dct:identifier ?id ; "
        "a <https://w3id.org/dutygraph/ontology#Plan> }"
    )
    assert str(row[0]) == "武政办〔2023〕1号"
    assert isinstance(store, ox.Store)
