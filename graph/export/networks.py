"""Networks as files for Gephi (GEXF, GraphML) and Cytoscape (GraphML, JSON)."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

from graph.analytics.frames import Tables
from graph.analytics.networks import (
    bipartite_graph,
    coassignment_graph,
    coordination_graph,
    district_graph,
)
from graph.errors import OptionError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

NETWORKS = ("coassignment", "coordination", "bipartite", "districts")
FORMATS = ("graphml", "gexf", "json")


def choose(tables: Tables, which: str, *, expand: bool = False) -> nx.Graph[str]:
    """The network ``which`` (one of :data:`NETWORKS`) of ``tables``."""
    if which == "coassignment":
        return coassignment_graph(tables, expand=expand)
    if which == "coordination":
        return coordination_graph(tables, expand=expand)
    if which == "bipartite":
        return bipartite_graph(tables, expand=expand)
    if which == "districts":
        return district_graph(tables)
    raise OptionError(f"no network {which!r}; networks: {', '.join(NETWORKS)}")


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
    """The network ``which`` as a file in ``fmt`` (one of :data:`FORMATS`), with its
    node and edge counts."""
    import networkx as nx

    if fmt not in FORMATS:
        raise OptionError(f"no network file format {fmt!r}; formats: {', '.join(FORMATS)}")
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
