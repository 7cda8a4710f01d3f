"""Structure: degree, brokers (betweenness), PageRank, Louvain communities."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from graph.analytics.frames import load_tables
from graph.analytics.networks import coassignment_graph, coordination_graph
from graph.analytics.structure import (
    CENTRALITY_COLUMNS,
    brokerage,
    centrality,
    communities,
    community_table,
)


@pytest.mark.parametrize("expand", [False, True])
def test_centrality_columns_and_units(tables, expand):
    frame = centrality(tables, expand=expand)
    assert list(frame.columns) == list(CENTRALITY_COLUMNS)
    graph = coassignment_graph(tables, expand=expand)
    assert sorted(frame["unit"]) == sorted(graph)
    assert len(frame) == (85 if expand else 86)
    for row in frame.to_dict("records"):
        assert row["degree"] == graph.degree(row["unit"])
        assert row["weighted_degree"] == graph.degree(row["unit"], weight="weight")
    assert list(frame["weighted_degree"]) == sorted(frame["weighted_degree"], reverse=True)


def test_development_and_reform_commission_is_the_hub(tables):
    frame = centrality(tables).set_index("unit")
    assert frame["weighted_degree"].idxmax() == "市发改委"
    assert frame["betweenness"].idxmax() == "市发改委"
    assert frame.loc["市发改委", "weighted_degree"] == 323
    assert frame.loc["市发改委", "degree"] == 46


@pytest.mark.parametrize("expand", [False, True])
def test_brokerage_is_networkx_betweenness_with_distance(tables, expand):
    graph = coassignment_graph(tables, expand=expand)
    distance = nx.Graph()
    distance.add_nodes_from(graph)
    distance.add_weighted_edges_from(
        ((a, b, 1.0 / d["weight"]) for a, b, d in graph.edges(data=True)), weight="distance"
    )
    expected = nx.betweenness_centrality(distance, weight="distance", normalized=True)
    ours = brokerage(graph)
    assert ours.keys() == expected.keys()
    for unit, value in expected.items():
        assert ours[unit] == pytest.approx(value, abs=1e-12), unit


def test_brokerage_small_graphs():
    path = nx.Graph()
    path.add_edge("a", "b", weight=1)
    path.add_edge("b", "c", weight=1)
    assert brokerage(path) == {"a": 0.0, "b": 1.0, "c": 0.0}
    pair = nx.Graph()
    pair.add_edge("a", "b", weight=3)
    assert brokerage(pair) == {"a": 0.0, "b": 0.0}
    # Heavier ties are shorter: a–b–c (two strong ties) beats the weak direct a–c.
    triangle = nx.Graph()
    triangle.add_edge("a", "b", weight=4)
    triangle.add_edge("b", "c", weight=4)
    triangle.add_edge("a", "c", weight=1)
    assert brokerage(triangle)["b"] == 1.0


@pytest.mark.parametrize("expand", [False, True])
def test_pagerank_sums_to_one(tables, expand):
    frame = centrality(tables, expand=expand)
    coordination = coordination_graph(tables, expand=expand)
    assert frame["pagerank"].sum() == pytest.approx(1.0, abs=len(coordination) * 5e-5)
    # Units outside the coordination graph (never lead with, or under, another unit) get 0.
    outside = set(frame["unit"]) - set(coordination)
    assert (frame.loc[frame["unit"].isin(outside), "pagerank"] == 0).all()


def test_coordination_equals_the_model(tables, model):
    for expand in (False, True):
        graph = coordination_graph(tables, expand=expand)
        edges = {(a, b): d["weight"] for a, b, d in graph.edges(data=True)}
        assert edges == dict(model.coordination(expand))


@pytest.mark.parametrize("expand", [False, True])
def test_communities_are_deterministic_and_partition_the_units(tables, graph_store, expand):
    first = communities(tables, expand=expand)
    fresh = communities(load_tables(graph_store), expand=expand)
    assert first == fresh
    members = [unit for c in first for unit in c]
    assert sorted(members) == sorted(coassignment_graph(tables, expand=expand))
    assert len(members) == len(set(members))
    assert [len(c) for c in first] == sorted((len(c) for c in first), reverse=True)
    # Another seed may split differently, but still partitions the same units.
    other = communities(tables, expand=expand, seed=7)
    assert sorted(u for c in other for u in c) == sorted(members)


@pytest.mark.parametrize("expand", [False, True])
def test_community_table(tables, graph_store, expand):
    frame = community_table(tables, expand=expand)
    assert list(frame.columns) == ["community", "size", "label", "members"]
    assert frame.equals(community_table(load_tables(graph_store), expand=expand))
    assert list(frame["community"]) == list(range(1, len(frame) + 1))
    assert frame["size"].sum() == len(coassignment_graph(tables, expand=expand))
    section = re.compile(r"^\d\.\(\d+\) .+ \(\d+\)$")
    for row in frame.to_dict("records"):
        labels = row["label"].split("; ")
        assert 1 <= len(labels) <= 3
        assert all(section.match(label) for label in labels), row["label"]
        assert len(row["members"].split("、")) == row["size"]
    # The written graph: 市发改委 and 市经信局 (34 items together) share a community.
    if not expand:
        together = frame[frame["members"].str.contains("市发改委")].iloc[0]["members"]
        assert "市经信局" in together.split("、")
        membership = centrality(tables).set_index("unit")["community"]
        assert membership["市发改委"] == membership["市经信局"]
