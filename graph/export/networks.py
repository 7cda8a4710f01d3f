"""Networks as files for Gephi (GEXF, GraphML) and Cytoscape (GraphML, JSON)."""

from __future__ import annotations

import io
import json

from graph.analytics.frames import Tables
from graph.analytics.networks import (
    bipartite_graph,
    coassignment_graph,
    coordination_graph,
    district_graph,
)


def choose(tables: Tables, which: str, *, expand: bool = False):
    if which == "coassignment":
        return coassignment_graph(tables, expand=expand)
    if which == "coordination":
        return coordination_graph(tables, expand=expand)
    if which == "bipartite":
        return bipartite_graph(tables, expand=expand)
    if which == "districts":
        return district_graph(tables)
    raise ValueError(which)


def _clean(graph):
    """GraphML and GEXF take str/int/float/bool attributes only; None becomes ''."""
    out = graph.copy()
    for _, data in out.nodes(data=True):
        for key, value in list(data.items()):
            if value is None:
                data[key] = ""
    for *_, data in out.edges(data=True):
        for key, value in list(data.items()):
            if value is None:
                data[key] = ""
    return out


def network_bytes(
    tables: Tables, which: str, *, expand: bool = False, fmt: str = "graphml"
) -> tuple[bytes, int, int]:
    import networkx as nx

    graph = _clean(choose(tables, which, expand=expand))
    if fmt == "json":
        data = nx.node_link_data(graph, edges="edges")
        payload = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    else:
        buffer = io.BytesIO()
        if fmt == "gexf":
            nx.write_gexf(graph, buffer)
        else:
            nx.write_graphml(graph, buffer)
        payload = buffer.getvalue()
    return payload, graph.number_of_nodes(), graph.number_of_edges()
