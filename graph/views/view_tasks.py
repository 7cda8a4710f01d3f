"""``tasks``: units and the items they carry, one part or section at a time.

The whole plan at once is a hairball (the bundled plan: 408 nodes, 1,000 edges), so
the page opens on one section (the first in plan order with ten items or more) and a
chooser above the network lists every section, each part whose sections are small,
and, last and labelled as dense, everything. Given a part, section or unit the page
opens on what was asked for. Each scope has its own layout, computed here.

Units are dots coloured by kind, their disc's area proportional to the items they
have in the scope shown; items are boxes coloured by part. Edges run unit → item
with an arrow: red and thick for the lead (dashed when the unit leads only by the
no-lead rule), grey and thin for responsible units, green and dotted for
cooperating ones, faint and dotted when reached through a group. Item nodes are
keyed ``item:KEY`` (:mod:`graph.views.facts`), so two plans' items never merge.
"""

from __future__ import annotations

from typing import Any

from graph.analytics.frames import Tables
from graph.views import common, facts, style
from graph.views.blas import single_thread
from graph.views.layout import box_box, dot_box, place, positions
from graph.views.meta import plan_info, plan_labels, plan_name
from graph.views.scope import Filters, kept_units, scoped, unit_loads

UNIT_FONT = 14
ITEM_FONT = 12
ITEM_MARGIN = 4
MAX_RADIUS = 30.0
FIRST_SCOPE_ITEMS = 10  # the page opens on the first section with at least this many
PART_SCOPE_LIMIT = 80  # a whole part is offered when it has at most this many items
STRESS_LIMIT = 200  # scopes up to this many nodes get a stress layout, larger a spring one
_ROLE_RANK = {"lead": 0, "responsible": 1, "cooperating": 2}
_STRENGTH = {"written": 0, "no_lead_rule": 1, "group": 2}


def graph_for(tables: Tables, filters: Filters):
    """(scoped tables, the unit–item graph of the filtered plan)."""
    import networkx as nx

    st = scoped(tables, filters)
    keep = kept_units(st, filters)
    known = facts.items(st)
    view = st.view(filters.expand)
    best: dict[tuple[str, str], list[Any]] = {}
    keys, units, roles, derivations, vias = facts.columns(
        st, view, "unit", "role", "derivation", "via_group"
    )
    for unit, key, role, derivation, via in zip(units, keys, roles, derivations, vias, strict=True):
        if unit not in keep or key not in known:
            continue
        rank = (_ROLE_RANK.get(role, 3), _STRENGTH.get(derivation, 3))
        via = "" if via is None or str(via) in ("<NA>", "nan") else str(via)
        old = best.get((unit, key))
        if old is None or rank < old[0]:
            best[(unit, key)] = [rank, role, derivation, {via} if via else set()]
        elif rank == old[0] and via:
            old[3].add(via)
    graph: nx.Graph[str] = nx.Graph()
    kinds = dict(zip(st.assignments["unit"].tolist(), st.assignments["kind"].tolist(), strict=True))
    order = {key: n for n, key in enumerate(known)}
    for (unit, key), (_, role, derivation, vias) in sorted(
        best.items(), key=lambda kv: (order[kv[0][1]], kv[0][0])
    ):
        u, i = f"unit:{unit}", f"item:{key}"
        if u not in graph:
            graph.add_node(u, type="unit", label=unit, kind=kinds.get(unit))
        if i not in graph:
            item = known[key]
            graph.add_node(i, type="item", label=key, ref=key, part=item.part)
        graph.add_edge(u, i, role=role, derivation=derivation, via_group="、".join(sorted(vias)))
    return st, graph


def build(tables: Tables, filters: Filters) -> common.View:
    st, graph = graph_for(tables, filters)
    expand = filters.expand
    loads = unit_loads(st, expand)
    known = facts.items(st)
    scopes = _scopes(st, filters, graph)
    initial = _initial(scopes, filters)

    # Every node and edge the page can show, once.
    defs: dict[str, dict] = {}
    for node, data in graph.nodes(data=True):
        if data["type"] == "unit":
            defs[node] = {
                "label": data["label"],
                "name": data["label"],
                "shape": "dot",
                "color": common.unit_colour(data.get("kind")),
                "font": {"size": UNIT_FONT, "background": "rgba(255,255,255,0.78)"},
                "tip": facts.unit_tip(st, data["label"], expand, loads),
            }
        else:
            defs[node] = {
                "label": data["ref"],
                "tip": facts.item_tip(st, data["ref"], expand),
                **common.item_node(data["ref"], data["part"], size=ITEM_FONT),
            }
    edges: list[dict] = []
    for number, (a, b, data) in enumerate(
        sorted(graph.edges(data=True), key=lambda e: _ordered(graph, e[0], e[1]))
    ):
        unit, item = _ordered(graph, a, b)
        how = style.DERIVATION_LABELS.get(data["derivation"], data["derivation"])
        if data.get("via_group"):
            how += f"(经{data['via_group']})"
        edge = {
            "id": f"e{number}",
            "tip": common.tip(
                f"{graph.nodes[unit]['label']} → {graph.nodes[item]['ref']}",
                rows=[("角色", style.ROLE_LABELS.get(data["role"], data["role"])), ("来源", how)],
            ),
            **common.role_edge(data["role"], data["derivation"]),
        }
        edge["from"], edge["to"] = unit, item
        edges.append(edge)

    with single_thread():  # once for all the scopes' layouts
        laid = [
            st.cached(
                ("views-positions", "tasks", filters, scope["key"]),
                lambda scope=scope: _layout(graph, scope["nodes"]),
            )
            for scope in scopes
        ]
    net = common.network()
    first = scopes[initial]
    for node in first["nodes"]:
        x, y, size = laid[initial][node]
        extra = {"size": size} if size is not None else {}
        net.add_node(node, x=x, y=y, **extra, **defs[node])
    members = set(first["nodes"])
    for edge in edges:
        if edge["from"] in members and edge["to"] in members:
            net.edges.append(edge)
    chooser = []
    for scope, placed in zip(scopes, laid, strict=True):
        chooser.append(
            {
                "key": scope["key"],
                "label": scope["label"],
                "group": scope["group"],
                "items": scope["items"],
                "top": scope["top"],
                "nodes": [[n, *placed[n]] for n in scope["nodes"]],
            }
        )

    kinds = {d.get("kind") for _, d in graph.nodes(data=True) if d["type"] == "unit"}
    parts = {d["part"] for _, d in graph.nodes(data=True) if d["type"] == "item"}
    roles = {d["role"] for *_, d in graph.edges(data=True)}
    legend = (
        common.kind_legend(kinds)
        + common.part_legend(parts, plan_info(st)["parts"])
        + common.role_legend(expand, cooperating="cooperating" in roles)
        + [
            {
                **common.size_scale(first["top"], MAX_RADIUS, ""),
                "label": "圆面积与本图中的事项数成正比",
            },
            {"type": "note", "label": "方框 = 事项(编号);在上方选择部分或节"},
        ]
    )
    units = sum(1 for _, d in graph.nodes(data=True) if d["type"] == "unit")
    subtitle = (
        f"{plan_name(st)} · {filters.describe()} · 共 {units} 个单位、{len(known)} 项事项、"
        f"{graph.number_of_edges()} 条分工"
    )
    view = common.View("tasks", "任务分工网络", subtitle, net, legend, tables=st)
    view.data["scopes"] = {
        "list": chooser,
        "initial": initial,
        "nodes": [{"id": n, **d} for n, d in defs.items() if n not in members],
        "edges": [e for e in edges if not (e["from"] in members and e["to"] in members)],
    }
    return view


def _scopes(st: Tables, filters: Filters, graph) -> list[dict]:
    """The parts and sections the chooser offers, in plan order, with their nodes
    (one plan's part or section at a time when the tables hold several plans)."""
    known = facts.items(st)
    titles = plan_info(st)["parts"]
    present = {d["ref"] for _, d in graph.nodes(data=True) if d["type"] == "item"}
    plans = list(dict.fromkeys(item.plan for item in known.values()))
    labels = plan_labels(st, plans) if len(plans) > 1 else {}
    by_section: dict[tuple[str, int | None, int | None], list[str]] = {}
    for key, item in known.items():
        if key in present:
            by_section.setdefault((item.plan, item.part, item.section), []).append(key)
    parts: dict[tuple[str, int | None], list[tuple[str, int | None, int | None]]] = {}
    for plan, part, section in by_section:
        parts.setdefault((plan, part), []).append((plan, part, section))
    out: list[dict] = []
    for (plan, part), sections in parts.items():
        number = "" if part is None else f"第{style.chinese_number(part)}部分"
        group = f"{number} {titles.get(part, '') if part is not None else ''}".strip() or "其他"
        prefix = f"{labels[plan]} " if labels else ""
        group = prefix + group
        scope = f"{labels[plan]}:" if labels else ""
        in_part = [k for s in sections for k in by_section[s]]
        if len(sections) > 1 and len(in_part) <= PART_SCOPE_LIMIT:
            out.append(_scope(graph, f"{scope}{part}", f"{group}:全部", group, in_part))
        for _, part_no, section in sections:
            keys = by_section[(plan, part_no, section)]
            if section is None:
                label, scope_key = group, f"{scope}{part_no}"
                if len(sections) > 1:
                    label, scope_key = f"{group}(未分节)", f"{scope}{part_no}.-"
            else:
                title = known[keys[0]].section_title
                label = f"{prefix}{part_no}.{section} {title}".strip()
                scope_key = f"{scope}{part_no}.{section}"
            out.append(_scope(graph, scope_key, label, group, keys))
    if len(out) != 1:
        everything = [k for k in known if k in present]
        dense = "" if filters.part or filters.section or filters.unit else "(节点较多)"
        out.append(_scope(graph, "all", f"全部{dense}", "全部", everything))
    return out or [_scope(graph, "all", "全部", "全部", [])]


def _scope(graph, key: str, label: str, group: str, items: list[str]) -> dict:
    """A scope: its items and the units on them (units first, busiest first)."""
    degree: dict[str, int] = {}
    for ref in items:
        for unit in graph[f"item:{ref}"]:
            degree[unit] = degree.get(unit, 0) + 1
    units = sorted(degree, key=lambda u: (-degree[u], u))
    return {
        "key": key,
        "label": f"{label} · {len(items)} 项",
        "group": group,
        "items": len(items),
        "top": max(degree.values(), default=0),
        "nodes": units + [f"item:{ref}" for ref in items],
        "degree": degree,
    }


def _initial(scopes: list[dict], filters: Filters) -> int:
    """The scope the page opens on: what the filters asked for, else the first
    section (or part without sections) with :data:`FIRST_SCOPE_ITEMS` items."""
    if filters.part is not None or filters.section is not None or filters.unit:
        return len(scopes) - 1  # "all" of what was asked for (or its only scope)
    for n, scope in enumerate(scopes):
        section = scope["key"].rpartition(":")[2]
        if scope["key"] != "all" and "." in section and scope["items"] >= FIRST_SCOPE_ITEMS:
            return n
    return 0


def _layout(graph, nodes: list[str]) -> dict[str, tuple[float, float, float | None]]:
    """(x, y, size) of each node of one scope: a spring layout of its subgraph, then
    every disc, label and box placed without overlap (units first, busiest first)."""
    if not nodes:
        return {}
    sub = _plain(graph, nodes)
    # A stress layout suits the small scopes (a section: a few dozen nodes) and is
    # quick there; the whole plan keeps the spring layout, quicker at its size.
    method = "stress" if len(nodes) <= STRESS_LIMIT else "spring"
    raw = positions(sub, spread=2.0, weight=None, method=method)
    degree = {n: sub.degree(n) for n in nodes if n.startswith("unit:")}
    top = max(degree.values(), default=1)
    boxes: dict[str, tuple[float, float, float, float]] = {}
    sizes: dict[str, float | None] = {}
    for node in nodes:
        if node in degree:
            size = common.scaled(degree[node], top, MAX_RADIUS)
            sizes[node] = size
            boxes[node] = dot_box(size, graph.nodes[node]["label"], UNIT_FONT)
        else:
            sizes[node] = None
            boxes[node] = box_box(graph.nodes[node]["ref"], ITEM_FONT, ITEM_MARGIN)
    placed = place(raw, boxes, nodes, gap=2.0)
    return {n: (*placed[n], sizes[n]) for n in nodes}


def _plain(graph, nodes: list[str]):
    """The subgraph of ``graph`` on ``nodes`` as a graph of its own, nodes in the order
    given (layouts depend on it); read off the adjacency, which is several times
    quicker than walking networkx's filtered subgraph view."""
    import networkx as nx

    keep = set(nodes)
    out: nx.Graph[str] = nx.Graph()
    out.add_nodes_from(nodes)
    adjacency = graph.adj
    out.add_edges_from((a, b) for a in nodes for b in adjacency[a] if b in keep)
    return out


def _ordered(graph, a: str, b: str) -> tuple[str, str]:
    return (a, b) if graph.nodes[a]["type"] == "unit" else (b, a)
