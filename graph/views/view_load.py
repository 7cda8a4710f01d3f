"""``load``: who carries the load, as a network a leader can read without hovering.

Nodes are units (:func:`graph.analytics.networks.coassignment_graph`), coloured by
kind; edges join units that share items. Each node's disc *area* is proportional
to its load and its label gives the figure (``市发改委 73``), in the same measure as
the ranked list beside the network: by default the distinct items a unit is on
(``total``, as ``dutygraph load`` and the report rank), with a control to switch to
the items it leads or to the weighted load, as written or with groups expanded, and
a threshold slider that hides lighter units. The legend draws the size scale at
the current zoom.

Positions are computed here, not by the browser: a stress layout of the
units of both counts (as written and expanded; so switching moves nothing) gives
each unit a wish, and :func:`graph.views.layout.place` puts the units, the biggest
first, at the free point nearest their wish, where neither their disc nor their
label meets any other disc or label, at the largest size any measure gives them.
So no two labels overlap and no two discs overlap at any zoom, and clicking a
disc selects that unit and no other.
"""

from __future__ import annotations

import math
from typing import Any

from graph.analytics.frames import Tables
from graph.analytics.networks import coassignment_graph
from graph.views import common, facts, style
from graph.views.blas import single_thread
from graph.views.layout import dot_box, place, stress
from graph.views.meta import plan_name
from graph.views.scope import Filters, kept_units, scoped, unit_loads

MEASURES = (
    ("total", "事项总数", "单位承担的不同事项数(牵头与责任)"),
    ("lead", "牵头事项", "单位牵头的事项数(含按无牵头单位规则)"),
    ("weighted", "加权任务量", "牵头计 1,各责任单位共分 1"),
)
MODES = (
    ("written", False, "按原文分工"),
    ("expanded", True, "单位集合按成员展开"),
)
MAX_RADIUS = 34.0  # the largest value of a measure gets this radius (pixels)
FONT = 14
EDGE_WIDTH = 5.0  # the pair sharing most items; the rest in proportion
DENSITY = 0.7  # share of the wished-for area the boxes fill: placement spreads them anyway
ASPECT = 1.4  # the network area of a 1600×1000 page is about this much wider than high


def figure(value: float, measure: str) -> str:
    """A load figure as labels and the ranked list print it (73, 12.5)."""
    if measure == "weighted":
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(int(value))


def build(tables: Tables, filters: Filters) -> common.View:
    st = scoped(tables, filters)
    initial = 1 if filters.expand else 0
    graphs = []
    loads = []
    for _, expand, _ in MODES:
        full = coassignment_graph(st, expand=expand)
        keep = kept_units(st, filters, expand=expand)
        graphs.append(full.subgraph([n for n in full if n in keep]))
        loads.append(unit_loads(st, expand))

    values: dict[str, list[list[float] | None]] = {}
    for index, graph in enumerate(graphs):
        frame = loads[index]
        rows = dict(
            zip(
                frame.index.tolist(),
                zip(
                    frame["total"].tolist(),
                    frame["lead"].tolist(),
                    frame["weighted"].tolist(),
                    strict=True,
                ),
                strict=True,
            )
        )
        for unit in graph:
            row = rows.get(unit)
            entry = values.setdefault(unit, [None] * len(MODES))
            entry[index] = [0.0, 0.0, 0.0] if row is None else [float(v) for v in row]
    tops = [
        [
            max((row[k] for v in values.values() if (row := v[m]) is not None), default=0.0)
            for k in range(3)
        ]
        for m in range(len(MODES))
    ]
    units = sorted(values, key=lambda u: (-_best(values[u], initial, 0), u))

    radius = {u: _largest_radius(values[u], tops) for u in units}
    widest = {u: _widest_label(u, values[u]) for u in units}
    boxes = {u: dot_box(radius[u], widest[u], FONT) for u in units}

    union = _union(graphs)
    pos = st.cached(
        ("views-positions", "load", filters),
        lambda: _layout(union, units, boxes, radius),
    )

    net = common.network()
    kinds: dict[str, Any] = {}
    for unit in units:
        kind = _kind(graphs, unit)
        kinds[unit] = kind
        x, y = pos[unit]
        shown = values[unit][initial]
        value = 0.0 if shown is None else shown[0]
        tips = [
            facts.unit_tip(st, unit, expand, loads[m]) if values[unit][m] is not None else None
            for m, (_, expand, _) in enumerate(MODES)
        ]
        net.add_node(
            f"unit:{unit}",
            label=unit if shown is None else f"{unit} {figure(value, 'total')}",
            name=unit,
            shape="dot",
            color=common.unit_colour(kind),
            size=size_for(value, tops[initial][0]),
            x=x,
            y=y,
            hidden=shown is None,
            tip=tips[initial] or tips[1 - initial],
            # the other count's tip; this count's is ``tip`` (null here, not twice)
            tips=[None if m == initial else t for m, t in enumerate(tips)],
            v=values[unit],
            font={"size": FONT, "background": "rgba(255,255,255,0.78)"},
        )

    texts = facts.items(st)
    shared_refs = [_shared(st, expand) for _, expand, _ in MODES]
    top_shared = [max((d["weight"] for *_, d in g.edges(data=True)), default=1) for g in graphs]
    for number, (a, b) in enumerate(sorted(tuple(sorted(e)) for e in union.edges())):
        weights = [int(g[a][b]["weight"]) if g.has_edge(a, b) else 0 for g in graphs]
        refs = [shared_refs[m].get((a, b), []) for m in range(len(MODES))]
        weight = weights[initial]
        net.add_edge(
            f"unit:{a}",
            f"unit:{b}",
            id=f"e{number}",
            width=edge_width(weight, top_shared[initial]),
            color={
                "color": "#8d99a6",
                "highlight": style.LEAD_COLOUR,
                "hover": style.LEAD_COLOUR,
                "opacity": 0.35,
            },
            arrows=common.arrows(False),
            hidden=weight == 0,
            w=weights,
            refs=refs,
        )  # no tip: the page builds it from ``refs`` for the count shown

    legend = common.kind_legend(set(kinds.values())) + [
        {"type": "scale", "label": "圆面积与所选指标成正比(按当前缩放比例)"},
        {
            "type": "edge",
            "color": "#8d99a6",
            "width": 3,
            "label": "连线粗细与共同承担的事项数成正比",
        },
        {"type": "note", "label": "标签 = 单位名称与所选指标;悬停或点击单位查看详情"},
    ]
    shown_units = sum(1 for u in units if values[u][initial] is not None)
    subtitle = (
        f"{plan_name(st)} · {filters.describe()} · {shown_units} 个单位、"
        f"{graphs[initial].number_of_edges()} 条协同连线"
    )
    view = common.View("load", "责任单位任务负荷网络", subtitle, net, legend, tables=st)
    view.data["load"] = {
        "measures": [[key, label, note] for key, label, note in MEASURES],
        "modes": [[key, label] for key, _, label in MODES],
        "measure": 0,
        "mode": initial,
        "tops": tops,
        "maxRadius": MAX_RADIUS,
        "edgeWidth": EDGE_WIDTH,
        "topShared": top_shared,
        "texts": [[key, style.short(texts[key].text)] for key in _refs_used(shared_refs)],
    }
    return view


def size_for(value: float, top: float) -> float:
    """Disc radius: area proportional to ``value`` (0 at 0, :data:`MAX_RADIUS` at ``top``)."""
    if top <= 0 or value <= 0:
        return 0.0
    return round(MAX_RADIUS * math.sqrt(value / top), 2)


def edge_width(shared: int, top: float) -> float:
    """Line width proportional to the items two units share."""
    return round(EDGE_WIDTH * shared / top, 2) if top > 0 else 0.0


def _best(entry: list[list[float] | None], preferred: int, measure: int) -> float:
    shown = entry[preferred] if entry[preferred] is not None else entry[1 - preferred]
    return 0.0 if shown is None else shown[measure]


def _largest_radius(entry: list[list[float] | None], tops: list[list[float]]) -> float:
    return max(
        size_for(v[k], tops[m][k]) for m, v in enumerate(entry) if v is not None for k in range(3)
    )


def _widest_label(unit: str, entry: list[list[float] | None]) -> str:
    """The longest label any measure gives the unit (its box must hold each)."""
    from graph.views.layout import text_width

    labels = [
        f"{unit} {figure(v[k], key)}"
        for v in entry
        if v is not None
        for k, (key, _, _) in enumerate(MEASURES)
    ]
    return max(labels, key=lambda text: (text_width(text, FONT), text))


def _kind(graphs, unit: str):
    for graph in graphs:
        if unit in graph:
            return graph.nodes[unit].get("kind")
    return None


def _union(graphs):
    """Both counts' units in one graph; an edge's layout length from the most items
    the two units share in either count (more shared, closer)."""
    import networkx as nx

    union: nx.Graph[str] = nx.Graph()
    for graph in graphs:
        union.add_nodes_from(sorted(graph))
    for graph in graphs:
        for a, b, data in graph.edges(data=True):
            old = union[a][b]["weight"] if union.has_edge(a, b) else 0
            union.add_edge(a, b, weight=max(old, data["weight"]))
    for _, _, data in union.edges(data=True):
        data["layout"] = 1.0 / math.log1p(data["weight"])
    return union


def _layout(union, units: list[str], boxes, radius) -> dict[str, tuple[float, float]]:
    """Stress-layout wishes, scaled so the boxes would fill :data:`DENSITY` of the
    area they span and stretched to the page's shape; then the boxes placed without
    overlap, the biggest discs first."""
    if not units:
        return {}
    # One stress layout of the whole graph: a unit that shares no item with the rest
    # sits at the edge of the cloud (1.5 times its diameter), not in a row beneath.
    with single_thread():
        raw = stress(union, sorted(union), weight="layout")
    xs = [x for x, _ in raw.values()]
    ys = [y for _, y in raw.values()]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = max(math.hypot(x - cx, y - cy) for x, y in raw.values()) or 1.0
    area = sum((r - left + 8) * (bottom - top + 8) for left, top, r, bottom in boxes.values())
    target = math.sqrt(area / DENSITY / math.pi)
    sx, sy = target * math.sqrt(ASPECT) / spread, target / math.sqrt(ASPECT) / spread
    wishes = {u: ((raw[u][0] - cx) * sx, (raw[u][1] - cy) * sy) for u in units}
    order = sorted(units, key=lambda u: (-radius[u], u))
    return place(wishes, boxes, order, gap=3.0)


def _shared(tables: Tables, expand: bool) -> dict[tuple[str, str], list[str]]:
    """Per unit pair (sorted): the keys of the items both are on, in plan order."""

    def make():
        from itertools import combinations

        order = {key: n for n, key in enumerate(facts.items(tables))}
        out: dict[tuple[str, str], list[str]] = {}
        for key, (leads, others) in sorted(
            facts.item_units(tables, expand).items(), key=lambda kv: order.get(kv[0], 0)
        ):
            for a, b in combinations(sorted(leads + others), 2):
                out.setdefault((a, b), []).append(key)
        return out

    return tables.cached(("views-shared", expand), make)


def _refs_used(shared: list[dict[tuple[str, str], list[str]]]) -> list[str]:
    seen: dict[str, None] = {}
    for per_mode in shared:
        for refs in per_mode.values():
            for ref in refs[: common.LIST_LIMIT]:
                seen.setdefault(ref, None)
    return list(seen)
