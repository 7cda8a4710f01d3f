"""``tasks``: the bipartite unit–item network (whole plan, one section or one unit).

Built from :func:`graph.analytics.networks.bipartite_graph`. Units are dots coloured
by kind, items are boxes coloured by part; edges run unit → item with an arrow,
red and thick for the lead (dashed when the unit leads only by the no-lead rule),
grey and thin for responsible units, faint and dotted when reached through a group.
"""

from __future__ import annotations

from graph.analytics.frames import Tables
from graph.analytics.networks import bipartite_graph
from graph.views import common, facts, style
from graph.views.layout import positions
from graph.views.meta import plan_info, plan_name
from graph.views.scope import Filters, kept_units, scoped, unit_loads


def graph_for(tables: Tables, filters: Filters):
    """The filtered bipartite graph (also used by the report's counts)."""
    st = scoped(tables, filters)
    graph = bipartite_graph(st, expand=filters.expand)
    keep = kept_units(st, filters)
    drop = [n for n, d in graph.nodes(data=True) if d["type"] == "unit" and d["label"] not in keep]
    graph.remove_nodes_from(drop)
    graph.remove_nodes_from(
        [n for n, d in graph.nodes(data=True) if d["type"] == "item" and graph.degree(n) == 0]
    )
    return st, graph


def build(tables: Tables, filters: Filters) -> common.View:
    st, graph = graph_for(tables, filters)
    expand = filters.expand
    loads = unit_loads(st, expand)
    pos = st.cached(
        ("views-positions", "tasks", filters),
        lambda: positions(graph, spread=2.0, weight=None),
    )
    net = common.network()
    degree = dict(graph.degree())
    units = sorted(
        (n for n, d in graph.nodes(data=True) if d["type"] == "unit"), key=lambda n: (-degree[n], n)
    )
    items = [n for n, d in graph.nodes(data=True) if d["type"] == "item"]
    order = {ref: i for i, ref in enumerate(facts.items(st))}
    items.sort(key=lambda n: order.get(graph.nodes[n]["ref"], 0))
    top = max((degree[u] for u in units), default=1)
    for node in units:
        data = graph.nodes[node]
        led = sum(1 for i in graph[node] if graph[node][i]["role"] == "lead")
        x, y = pos[node]
        net.add_node(
            node,
            label=data["label"],
            shape="dot",
            color=common.unit_colour(data.get("kind")),
            size=common.scaled(degree[node], top, 7, 36),
            x=x,
            y=y,
            tip=facts.unit_tip(
                st,
                data["label"],
                expand,
                loads,
                extra=[("本图中牵头", led), ("本图中责任", degree[node] - led)],
            ),
        )
    for node in items:
        data = graph.nodes[node]
        x, y = pos[node]
        net.add_node(
            node,
            label=data["ref"],
            x=x,
            y=y,
            tip=facts.item_tip(st, data["ref"], expand),
            **common.item_node(data["ref"], data["part"]),
        )
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: _ordered(graph, e[0], e[1])):
        unit, item = _ordered(graph, a, b)
        how = style.DERIVATION_LABELS.get(data["derivation"], data["derivation"])
        if data.get("via_group"):
            how += f"(经{data['via_group']})"
        net.add_edge(
            unit,
            item,
            tip=common.tip(
                f"{graph.nodes[unit]['label']} → {graph.nodes[item]['ref']}",
                rows=[("角色", style.ROLE_LABELS.get(data["role"], data["role"])), ("来源", how)],
            ),
            **common.role_edge(data["role"], data["derivation"]),
        )
    kinds = {graph.nodes[u].get("kind") for u in units}
    parts = {graph.nodes[i]["part"] for i in items}
    legend = (
        common.kind_legend(kinds)
        + common.part_legend(parts, plan_info(st)["parts"])
        + common.role_legend(expand)
        + [{"type": "note", "label": "圆点大小 = 本图中的事项数;方框 = 事项(编号)"}]
    )
    scope = filters.describe()
    subtitle = (
        f"{plan_name(st)} · {scope} · {len(units)} 个单位、{len(items)} 项事项、"
        f"{graph.number_of_edges()} 条分工"
    )
    return common.View("tasks", "任务分工网络", subtitle, net, legend)


def _ordered(graph, a: str, b: str) -> tuple[str, str]:
    return (a, b) if graph.nodes[a]["type"] == "unit" else (b, a)
