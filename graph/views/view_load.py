"""``load``: the unit network.

Nodes are units (from :func:`graph.analytics.networks.coassignment_graph`); size by
weighted load (a lead carries 1, the responsible units of an item share 1, so
leading counts above supporting), colour by unit kind. Edges join units that share
items, thicker and darker the more they share.
"""

from __future__ import annotations

import math

from graph.analytics.frames import Tables
from graph.analytics.networks import coassignment_graph
from graph.views import common, facts, style
from graph.views.layout import positions
from graph.views.meta import plan_name
from graph.views.scope import Filters, kept_units, scoped, unit_loads


def build(tables: Tables, filters: Filters) -> common.View:
    st = scoped(tables, filters)
    expand = filters.expand
    full = coassignment_graph(st, expand=expand)
    keep = kept_units(st, filters)
    graph = full.subgraph([n for n in full if n in keep]).copy()
    loads = unit_loads(st, expand)
    unit_items: dict[str, set[str]] = {}
    view = st.view(expand)
    for unit, ref in zip(view["unit"], view["ref"], strict=True):
        unit_items.setdefault(unit, set()).add(ref)

    for _, _, data in graph.edges(data=True):
        # Kamada-Kawai reads weight as length: units sharing many items sit closer.
        data["layout"] = 1.0 / math.log1p(data["weight"])
    pos = st.cached(
        ("views-positions", "load", filters),
        lambda: positions(graph, weight="layout", method="kamada-kawai"),
    )
    net = common.network()
    top_weight = max(
        (float(loads.loc[u, "weighted"]) for u in graph if u in loads.index), default=0
    )
    order = {ref: n for n, ref in enumerate(facts.items(st))}
    for unit in sorted(graph, key=lambda u: (-float(_get(loads, u, "weighted")), u)):
        attrs = graph.nodes[unit]
        x, y = pos[unit]
        net.add_node(
            f"unit:{unit}",
            label=unit,
            shape="dot",
            color=common.unit_colour(attrs.get("kind")),
            size=common.scaled(float(_get(loads, unit, "weighted")), top_weight, 8, 52),
            x=x,
            y=y,
            tip=facts.unit_tip(st, unit, expand, loads),
        )
    top_shared = max((d["weight"] for *_, d in graph.edges(data=True)), default=1)
    for a, b in sorted(graph.edges(), key=lambda e: tuple(sorted(e))):
        a, b = sorted((a, b))
        weight = graph[a][b]["weight"]
        shared = sorted(
            unit_items.get(a, set()) & unit_items.get(b, set()),
            key=lambda ref: order.get(ref, len(order)),
        )
        texts = facts.items(st)
        net.add_edge(
            f"unit:{a}",
            f"unit:{b}",
            width=round(0.5 + 6 * math.sqrt(weight / top_shared), 2),
            color={
                "color": "#8d99a6",
                "highlight": style.LEAD_COLOUR,
                "hover": style.LEAD_COLOUR,
                "opacity": round(0.15 + 0.7 * math.sqrt(weight / top_shared), 2),
            },
            arrows=common.arrows(False),
            tip=common.tip(
                f"{a} — {b}",
                rows=[("共同承担事项", weight)],
                list_title="共同事项",
                entries=[(ref, texts[ref].text) for ref in shared if ref in texts],
            ),
        )
    kinds = {graph.nodes[u].get("kind") for u in graph}
    legend = common.kind_legend(kinds) + [
        {"type": "note", "label": "圆点大小 = 加权任务量(牵头计 1,责任单位共分 1)"},
        {
            "type": "edge",
            "color": "#8d99a6",
            "width": 3,
            "label": "连线粗细 = 共同承担的事项数",
        },
        {"type": "note", "label": "悬停或点击单位:中英文名称、任务数与牵头事项"},
    ]
    subtitle = f"{plan_name(st)} · {filters.describe()} · {graph.number_of_nodes()} 个单位、{graph.number_of_edges()} 条协同连线"
    return common.View("load", "责任单位任务负荷网络", subtitle, net, legend)


def _get(loads, unit: str, column: str):
    return loads.loc[unit, column] if unit in loads.index else 0
