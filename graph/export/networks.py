"""Networks as files for Gephi (GEXF, GraphML), Cytoscape (GraphML) and Cytoscape.js
(``cytoscape``: its ``elements`` JSON), and networkx's own node-link JSON (``json``).

Every node carries what an analyst colours and sizes by: ``type`` (unit or item),
``kind`` (the unit's kind; ``item`` for items), ``role`` (a unit's main role: ``lead``
when it leads at least as many items as it supports, else ``responsible``; items
``item``) and its load in the network's count (``lead``, ``lead_by_rule``,
``responsible``, ``total``, ``via_groups``, ``weighted``; zero for items). Every edge
carries ``role`` (``lead``, ``responsible`` or ``cooperating`` for a unit's edge to an
item; ``shared`` between co-assigned units; ``leads`` from a lead to a responsible
unit), ``kind`` (the kinds at its ends) and ``load`` (the items it stands for).

Files are deterministic: the same plan gives the same bytes on any day (networkx
stamps GEXF files with today's date; that stamp is left out).
"""

from __future__ import annotations

import io
import json
import re
from typing import TYPE_CHECKING, Any

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
FORMATS = ("graphml", "gexf", "json", "cytoscape")
LOAD_FIELDS = ("lead", "lead_by_rule", "responsible", "total", "via_groups", "weighted")
_GEXF_DATE = re.compile(rb'\s+lastmodifieddate="[^"]*"')


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


def annotated(tables: Tables, which: str, *, expand: bool = False) -> nx.Graph[str]:
    """The network with load, kind and role on every node and edge (a copy; GraphML
    and GEXF take str, int, float and bool values only, so None becomes '')."""
    from graph.analytics.load import unit_load

    counted = True if which == "districts" else expand
    graph = choose(tables, which, expand=expand).copy()
    loads = unit_load(tables, expand=counted).set_index("unit")
    for node, data in graph.nodes(data=True):
        is_item = data.get("type") == "item"
        unit = None if is_item else str(data.get("label", node))
        data.setdefault("type", "unit")
        data["kind"] = "item" if is_item else str(data.get("kind") or "unknown")
        row = loads.loc[unit] if unit is not None and unit in loads.index else None
        for name in LOAD_FIELDS:
            if name == "weighted":
                data[name] = 0.0 if row is None else float(row[name])
            else:
                data[name] = 0 if row is None else int(row[name])
        if is_item:
            data["role"] = "item"
        else:
            data["role"] = (
                "lead" if data["lead"] and data["lead"] >= data["responsible"] else "responsible"
            )
    for a, b, data in graph.edges(data=True):
        ends = sorted(str(graph.nodes[n]["kind"]) for n in (a, b))
        data["kind"] = "–".join(ends)
        if "role" in data:  # a unit's edge to an item
            data["load"] = 1
        elif graph.is_directed():
            data["role"] = "leads"
            data["load"] = int(data.get("weight", 1))
        else:
            data["role"] = "shared"
            data["load"] = int(data.get("weight", 1))
    return _clean(graph)


def _clean(graph):
    """GraphML and GEXF take str/int/float/bool attributes only; None becomes ''."""
    for _, data in graph.nodes(data=True):
        for key, value in list(data.items()):
            if value is None:
                data[key] = ""
    for *_, data in graph.edges(data=True):
        for key, value in list(data.items()):
            if value is None:
                data[key] = ""
    return graph


def cytoscape_json(graph) -> dict[str, Any]:
    """Cytoscape.js's elements JSON (``cytoscape({elements: data.elements})``; the
    ``.cyjs`` Cytoscape desktop imports): every node's ``data`` has ``id`` and
    ``label`` and the node's attributes, every edge's ``id``, ``source``, ``target``."""
    nodes = []
    for node, data in graph.nodes(data=True):
        entry = {"id": str(node), "label": str(data.get("label", node))}
        entry.update({k: v for k, v in data.items() if k not in ("id", "label")})
        nodes.append({"data": entry})
    edges = []
    for number, (a, b, data) in enumerate(graph.edges(data=True)):
        entry = {"id": f"e{number}", "source": str(a), "target": str(b)}
        entry.update({k: v for k, v in data.items() if k not in ("id", "source", "target")})
        edges.append({"data": entry})
    return {
        "format_version": "1.0",
        "generated_by": "dutygraph",
        "data": {"name": str(graph.graph.get("name", "")), "directed": graph.is_directed()},
        "elements": {"nodes": nodes, "edges": edges},
    }


def network_bytes(
    tables: Tables, which: str, *, expand: bool = False, fmt: str = "graphml"
) -> tuple[bytes, int, int]:
    """The network ``which`` as a file in ``fmt`` (one of :data:`FORMATS`), with its
    node and edge counts."""
    import networkx as nx

    if fmt not in FORMATS:
        raise OptionError(f"no network file format {fmt!r}; formats: {', '.join(FORMATS)}")
    graph = annotated(tables, which, expand=expand)
    if fmt in ("json", "cytoscape"):
        data = (
            cytoscape_json(graph) if fmt == "cytoscape" else nx.node_link_data(graph, edges="edges")
        )
        payload = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    else:
        buffer = io.BytesIO()
        if fmt == "gexf":
            nx.write_gexf(graph, buffer)
        else:
            nx.write_graphml(graph, buffer)
        payload = buffer.getvalue()
        if fmt == "gexf":
            payload = _GEXF_DATE.sub(b"", payload, count=1)
    return payload, graph.number_of_nodes(), graph.number_of_edges()
