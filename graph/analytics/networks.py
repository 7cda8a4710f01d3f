"""Networks built from the store's assignment table (networkx).

* :func:`bipartite_graph` – units and items; each edge carries the unit's role and
  whether it is written or derived (and through which group);
* :func:`coassignment_graph` – units linked by the items they share (weight);
* :func:`coordination_graph` – directed lead → responsible edges (weight = items);
* :func:`district_graph` – districts and committees with the items that reach them,
  through groups included.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING, Any

from graph.analytics.frames import Tables

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

UNIT = "unit"
ITEM = "item"


def _unit_attrs(tables: Tables) -> dict[str, dict[str, Any]]:
    def make():
        first = tables.assignments.drop_duplicates("unit")
        return {
            unit: {
                "kind": kind,
                "name_en": "" if _missing(en) else str(en),
                "zone": "" if _missing(zone) else str(zone),
            }
            for unit, kind, en, zone in zip(
                first["unit"], first["kind"], first["unit_en"], first["zone"], strict=True
            )
        }

    return tables.cached(("unit_attrs",), make)


def bipartite_graph(tables: Tables, *, expand: bool = False) -> nx.Graph[str]:
    """Units and items; edge attributes: role, derivation, via_group, written.

    A unit on an item more than once (responsible as written and lead by the no-lead
    rule; lead and responsible through a group) gets one edge: ``role`` is lead if any
    of its assignments there is a lead, ``derivation`` the strongest derivation among
    the assignments in that role (written, then no_lead_rule, then group) and
    ``via_group`` the group(s) those came through; ``written`` says whether the plan
    names the unit on the item at all.
    """
    import networkx as nx

    graph: nx.Graph[str] = nx.Graph(name="units-items")
    attrs = _unit_attrs(tables)
    texts = _item_texts(tables)
    view = tables.view(expand)
    columns = ("unit", "item", "ref", "part", "section", "role", "derivation", "via_group")
    edges: dict[tuple[str, str], list[Any]] = {}
    for unit, item, ref, part, section, role, derivation, via in zip(
        *(view[c].tolist() for c in columns), strict=True
    ):
        u = f"unit:{unit}"
        i = f"item:{ref}"
        if u not in graph:
            graph.add_node(u, type=UNIT, label=unit, **attrs.get(unit, {}))
        if i not in graph:
            graph.add_node(
                i,
                type=ITEM,
                label=ref,
                ref=ref,
                part=int(part),
                section=_int(section),
                text=texts[item],
            )
        via = "" if _missing(via) else str(via)
        edge = edges.get((u, i))
        if edge is None:
            edges[(u, i)] = [role, derivation, {via}, derivation == "written"]
            continue
        edge[3] = edge[3] or derivation == "written"
        if role == edge[0]:
            if _strength(derivation) < _strength(edge[1]):
                edge[1] = derivation
            edge[2].add(via)
        elif role == "lead":  # a lead outranks a responsible assignment
            edge[0], edge[1], edge[2] = role, derivation, {via}
    for (u, i), (role, derivation, vias, written) in edges.items():
        graph.add_edge(
            u,
            i,
            role=role,
            derivation=derivation,
            via_group="、".join(sorted(v for v in vias if v)),
            written=written,
        )
    return graph


def _item_texts(tables: Tables) -> dict[str, str]:
    return tables.cached(
        ("item_texts",),
        lambda: {
            item: str(text)
            for item, text in zip(
                tables.items["item"].tolist(), tables.items["text"].tolist(), strict=True
            )
        },
    )


def _strength(derivation: str) -> int:
    return {"written": 0, "no_lead_rule": 1, "group": 2}.get(derivation, 3)


def _missing(value: Any) -> bool:
    return value is None or str(value) in ("<NA>", "nan", "None")


def _int(value: Any) -> int | None:
    return None if _missing(value) else int(value)


def _unit_sets(tables: Tables, expand: bool) -> dict[str, tuple[list[str], list[str]]]:
    """Per item: (lead units, responsible-not-lead units), sorted."""

    def make():
        view = tables.view(expand)
        leads: dict[str, set[str]] = {}
        units: dict[str, set[str]] = {}
        for item, unit, role in zip(view["item"], view["unit"], view["role"], strict=True):
            units.setdefault(item, set()).add(unit)
            if role == "lead":
                leads.setdefault(item, set()).add(unit)
        return {
            item: (sorted(leads.get(item, ())), sorted(members - leads.get(item, set())))
            for item, members in sorted(units.items())
        }

    return tables.cached(("unit_sets", expand), make)


def coassignment_graph(tables: Tables, *, expand: bool = False) -> nx.Graph[str]:
    """Undirected: units linked by the number of items they share (``weight``).

    Built once per view and cached on ``tables``: treat it as read-only (copy it
    before changing it).
    """
    return tables.cached(("coassignment", expand), lambda: _coassignment(tables, expand))


def _coassignment(tables: Tables, expand: bool) -> nx.Graph[str]:
    import networkx as nx

    graph: nx.Graph[str] = nx.Graph(name="co-assignment")
    attrs = _unit_attrs(tables)
    for unit in sorted(set(tables.view(expand)["unit"])):
        graph.add_node(unit, label=unit, **attrs.get(unit, {}))
    for leads, others in _unit_sets(tables, expand).values():
        for a, b in combinations(sorted(leads + others), 2):
            if graph.has_edge(a, b):
                graph[a][b]["weight"] += 1
            else:
                graph.add_edge(a, b, weight=1)
    return graph


def coordination_graph(tables: Tables, *, expand: bool = False) -> nx.DiGraph[str]:
    """Directed lead → responsible edges: who must coordinate whom (weight = items).
    Cached on ``tables``; treat it as read-only."""
    return tables.cached(("coordination", expand), lambda: _coordination(tables, expand))


def _coordination(tables: Tables, expand: bool) -> nx.DiGraph[str]:
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph(name="coordination")
    attrs = _unit_attrs(tables)
    for leads, others in _unit_sets(tables, expand).values():
        for lead in leads:
            graph.add_node(lead, label=lead, **attrs.get(lead, {}))
            for other in others:
                graph.add_node(other, label=other, **attrs.get(other, {}))
                if graph.has_edge(lead, other):
                    graph[lead][other]["weight"] += 1
                else:
                    graph.add_edge(lead, other, weight=1)
    return graph


def district_graph(tables: Tables) -> nx.Graph[str]:
    """Districts and committees and the items that reach them (expanded view)."""
    graph = bipartite_graph(tables, expand=True)
    keep = {
        n
        for n, d in graph.nodes(data=True)
        if d["type"] == UNIT and d.get("kind") in ("district_government", "management_committee")
    }
    items = {i for u in keep for i in graph.neighbors(u)}
    return graph.subgraph(keep | items).copy()
