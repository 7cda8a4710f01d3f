"""Networks from the store: counts equal the parsed model; attributes; files that
networkx reads back."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest

from graph.analytics.networks import (
    bipartite_graph,
    coassignment_graph,
    coordination_graph,
    district_graph,
)
from graph.export.networks import network_bytes

DISTRICT_KINDS = ("district_government", "management_committee")


@pytest.mark.parametrize("expand", [False, True])
def test_bipartite_counts_equal_the_model(tables, model, expand):
    graph = bipartite_graph(tables, expand=expand)
    units = set()
    pairs = 0
    for item in model.plan.items:
        _, on = model.item_units(item, expand)
        units |= on
        pairs += len(on)
    kinds = nx.get_node_attributes(graph, "type")
    assert sum(k == "item" for k in kinds.values()) == len(model.plan.items) == 322
    assert sum(k == "unit" for k in kinds.values()) == len(units)
    assert graph.number_of_edges() == pairs
    assert nx.is_bipartite(graph)


def edge(graph, unit, ref):
    return graph.edges[f"unit:{unit}", f"item:{ref}"]


def test_bipartite_edge_attributes(tables):
    written = bipartite_graph(tables)
    # 2.91: 牵头单位:市城建局; 责任单位:各区人民政府.
    assert edge(written, "市城建局", "2.91") == {
        "role": "lead",
        "derivation": "written",
        "via_group": "",
        "written": True,
    }
    assert edge(written, "各区人民政府", "2.91")["role"] == "responsible"
    # 4.31: 责任单位:市城建局 only, so it leads by the no-lead rule (written as
    # responsible): a lead whose derivation is the rule, not a written lead.
    assert edge(written, "市城建局", "4.31") == {
        "role": "lead",
        "derivation": "no_lead_rule",
        "via_group": "",
        "written": True,
    }
    expanded = bipartite_graph(tables, expand=True)
    assert edge(expanded, "新洲区人民政府", "2.201") == {
        "role": "responsible",
        "derivation": "group",
        "via_group": "各区人民政府",
        "written": False,
    }
    # 3.1 names no lead and gives 各区人民政府 as responsible: its members lead by
    # the rule, through the group.
    assert edge(expanded, "汉南区人民政府", "3.1") == {
        "role": "lead",
        "derivation": "group",
        "via_group": "各区人民政府",
        "written": False,
    }
    assert "unit:各区人民政府" not in expanded
    item = written.nodes["item:2.201"]
    assert (item["type"], item["ref"], item["part"], item["section"]) == ("item", "2.201", 2, 9)
    assert item["text"].startswith("推进7个区级养老服务中心建设")
    unit = written.nodes["unit:市水务局"]
    assert (unit["type"], unit["kind"], unit["name_en"]) == (
        "unit",
        "municipal_department",
        "Wuhan Municipal Water Affairs Bureau",
    )
    assert expanded.nodes["unit:新洲区人民政府"]["zone"] == "new"


def test_roles_match_the_assignments(tables, model):
    graph = bipartite_graph(tables)
    for item in model.plan.items:
        leads, units = model.item_units(item, False)
        for unit in units:
            role = edge(graph, unit, item.ref)["role"]
            assert role == ("lead" if unit in leads else "responsible"), (unit, item.ref)


def test_district_graph(tables):
    graph = district_graph(tables)
    units = {n for n, d in graph.nodes(data=True) if d["type"] == "unit"}
    assert len(units) == 18
    assert {graph.nodes[u]["kind"] for u in units} == set(DISTRICT_KINDS)
    # Every edge joins a district or committee to an item; as many as their totals.
    from graph.analytics.load import district_load

    assert graph.number_of_edges() == district_load(tables)["total"].sum()
    assert graph.degree("unit:新洲区人民政府") == 164


def test_coassignment_is_cached_and_weighted(tables, model):
    graph = coassignment_graph(tables)
    assert graph is coassignment_graph(tables)
    assert graph["市发改委"]["市经信局"]["weight"] == 34
    assert graph.number_of_edges() == len(model.pairs(False))
    assert coordination_graph(tables).is_directed()


READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}


@pytest.mark.parametrize("which", ["coassignment", "coordination", "bipartite", "districts"])
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_exports_read_back(tables, which, fmt):
    data, nodes, edges = network_bytes(tables, which, fmt=fmt)
    if fmt == "json":
        back = nx.node_link_graph(json.loads(data), edges="edges")
    else:
        back = READERS[fmt](io.BytesIO(data))
    from graph.export.networks import choose

    graph = choose(tables, which)
    assert (back.number_of_nodes(), back.number_of_edges()) == (nodes, edges)
    assert (nodes, edges) == (graph.number_of_nodes(), graph.number_of_edges())
    assert back.is_directed() == (which == "coordination")
    if which == "coassignment":
        assert back.edges["市发改委", "市经信局"]["weight"] == 34
    if which == "bipartite":
        assert back.edges["unit:市城建局", "item:4.31"]["derivation"] == "no_lead_rule"


def test_export_does_not_change_the_cached_graph(tables):
    before = dict(coassignment_graph(tables).nodes["市发改委"])
    network_bytes(tables, "coassignment", fmt="graphml")
    assert dict(coassignment_graph(tables).nodes["市发改委"]) == before
