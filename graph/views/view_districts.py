"""``districts``: district governments and management committees, and what reaches them.

Always with group expansion (the point of the view is the load that arrives
through 各区人民政府 and the like). Districts are dots whose *area* is proportional to
the items that reach them (139 and 164 items look nearly alike, as they are; the
label gives the figure and the legend the scale), coloured by zone: 中心城区, 新城区, 功能区管委会. Each group that reaches them is a
grey diamond with an arrow to every member, as thick as the items it passes on;
items that name a district directly are boxes linked by lead/responsible edges.

Counts: one node per district (after ``kind``/``min_load``), per group with at
least one edge, per item named directly; one edge per (group, district) and per
(district, item named directly).
"""

from __future__ import annotations

import math

from graph.analytics.frames import Tables
from graph.errors import OptionError
from graph.views import common, facts, style
from graph.views.layout import FONT_LINE, box_box, dot_box, place, spring, text_width
from graph.views.meta import plan_info, plan_name
from graph.views.scope import Filters, kept_units, scoped, unit_loads, with_expand

ZONE_ORDER = style.ZONE_ORDER
MAX_RADIUS = 40.0  # the district most items reach; the others' disc areas in proportion


def parts(tables: Tables, filters: Filters):
    """(scoped tables, districts kept, group→district item counts, named edges)."""
    if filters.kind and filters.kind not in style.DISTRICT_KINDS:
        raise OptionError(
            "the districts view shows district_government and management_committee units only"
        )
    filters = with_expand(filters, True)
    st = scoped(tables, filters)
    view = st.view(True)
    view = view[view["kind"].isin(style.DISTRICT_KINDS)]
    keep = kept_units(st, filters) & set(view["unit"])
    view = view[view["unit"].isin(keep)]
    via = view[view["derivation"] == "group"]
    groups: dict[tuple[str, str], set[str]] = {}
    for group, unit, ref in zip(via["via_group"], via["unit"], facts.keys_of(st, via), strict=True):
        groups.setdefault((str(group), unit), set()).add(ref)
    named_rows = view[view["derivation"] != "group"]
    named: dict[tuple[str, str], tuple[str, str]] = {}
    for unit, ref, role, derivation in zip(
        named_rows["unit"],
        facts.keys_of(st, named_rows),
        named_rows["role"],
        named_rows["derivation"],
        strict=True,
    ):
        old = named.get((unit, ref))
        if old is None or (role == "lead" and old[0] != "lead"):
            named[(unit, ref)] = (role, derivation)
    return st, keep, groups, named


def build(tables: Tables, filters: Filters) -> common.View:
    import networkx as nx

    st, keep, groups, named = parts(tables, filters)
    loads = unit_loads(st, True)
    zones = {
        unit: style.zone_of(kind, zone)
        for unit, kind, zone in zip(
            st.assignments["unit"], st.assignments["kind"], st.assignments["zone"], strict=True
        )
        if unit in keep
    }
    districts = sorted(
        keep, key=lambda u: (ZONE_ORDER.index(zones[u]), -int(loads.loc[u, "total"]), u)
    )
    group_names = sorted({g for g, _ in groups})
    refs = sorted({ref for _, ref in named}, key=list(facts.items(st)).index)

    # Layout: groups in the middle, districts on a ring (zone by zone), named items
    # placed by a seeded spring layout with groups and districts held fixed.
    ring = 200.0 + 14.0 * len(districts)
    fixed: dict[str, tuple[float, float]] = {}
    for n, unit in enumerate(districts):
        angle = 2 * math.pi * n / max(len(districts), 1) - math.pi / 2
        fixed[f"unit:{unit}"] = (ring * math.cos(angle), ring * math.sin(angle))
    for n, group in enumerate(group_names):
        fixed[f"group:{group}"] = (0.0, (n - (len(group_names) - 1) / 2) * 120.0)
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(fixed)
    graph.add_nodes_from(f"item:{ref}" for ref in refs)
    graph.add_edges_from((f"unit:{u}", f"item:{ref}") for u, ref in named)
    totals = [int(loads.loc[u, "total"]) for u in districts]
    high = max(totals, default=0)
    boxes = {
        f"unit:{u}": _two_line_box(
            common.scaled(int(loads.loc[u, "total"]), high, MAX_RADIUS),
            (u, f"{int(loads.loc[u, 'total'])} 项"),
        )
        for u in districts
    }
    boxes.update({f"group:{g}": dot_box(22.0, g, 15) for g in group_names})
    boxes.update({f"item:{ref}": box_box(ref, 12, 4) for ref in refs})
    pos = st.cached(
        ("views-positions", "districts", filters),
        lambda: _place_items(graph, fixed, boxes),
    )

    net = common.network()
    for unit in districts:
        zone = zones[unit]
        colour = style.ZONE_COLOURS[zone]
        x, y = pos[f"unit:{unit}"]
        net.add_node(
            f"unit:{unit}",
            label=f"{unit}\n{int(loads.loc[unit, 'total'])} 项",
            name=unit,
            shape="dot",
            color=style.node_colour(colour, colour),
            size=common.scaled(int(loads.loc[unit, "total"]), high, MAX_RADIUS),
            x=x,
            y=y,
            font={"size": 15, "background": "rgba(255,255,255,0.78)"},
            tip=facts.unit_tip(
                st, unit, True, loads, extra=[("城区类型", style.ZONE_LABELS[zone])]
            ),
        )
    given = st.assignments
    for group in group_names:
        x, y = pos[f"group:{group}"]
        own = given[(given["unit"] == group) & (given["derivation"] == "written")]
        members = sorted(u for g, u in groups if g == group)
        net.add_node(
            f"group:{group}",
            label=group,
            shape="diamond",
            color=style.node_colour("#b5b5b5", "#6d6d6d"),
            size=22,
            x=x,
            y=y,
            font={"size": 15},
            tip=common.tip(
                group,
                sub="group of units (单位集合)",
                rows=[("写给该集合的事项", own["ref"].nunique()), ("本图中的成员", len(members))],
                list_title="成员",
                entries=[(m, "") for m in members],
                limit=30,
            ),
        )
    for ref in refs:
        item = facts.items(st)[ref]
        x, y = pos[f"item:{ref}"]
        net.add_node(
            f"item:{ref}",
            label=ref,
            x=x,
            y=y,
            tip=facts.item_tip(st, ref, True),
            **common.item_node(ref, item.part),
        )
    top_via = max((len(v) for v in groups.values()), default=1)
    for (group, unit), reached in sorted(groups.items()):
        net.add_edge(
            f"group:{group}",
            f"unit:{unit}",
            width=round(1 + 7 * math.sqrt(len(reached) / top_via), 2),
            color={
                "color": style.GROUP_EDGE_COLOUR,
                "highlight": "#555555",
                "hover": "#555555",
                "opacity": 0.8,
            },
            arrows=common.arrows(True, 0.7),
            tip=common.tip(
                f"{group} → {unit}",
                rows=[("经该集合到达的事项", len(reached))],
            ),
        )
    for (unit, ref), (role, derivation) in sorted(named.items()):
        net.add_edge(
            f"unit:{unit}",
            f"item:{ref}",
            tip=common.tip(
                f"{unit} → {ref}",
                rows=[
                    ("角色", style.ROLE_LABELS.get(role, role)),
                    ("来源", style.DERIVATION_LABELS.get(derivation, derivation)),
                ],
            ),
            **common.role_edge(role, derivation),
        )
    present = {zones[u] for u in districts}
    legend: list[dict] = [
        {
            "type": "node",
            "shape": "dot",
            "color": style.ZONE_COLOURS[z],
            "label": style.ZONE_LABELS[z],
        }
        for z in ZONE_ORDER
        if z in present
    ]
    legend.append(
        {
            "type": "node",
            "shape": "diamond",
            "color": "#b5b5b5",
            "border": "#6d6d6d",
            "label": "单位集合(如 各区人民政府)",
        }
    )
    legend += common.part_legend({facts.items(st)[r].part for r in refs}, plan_info(st)["parts"])
    legend.append(
        {
            "type": "edge",
            "color": style.GROUP_EDGE_COLOUR,
            "width": 4,
            "arrow": True,
            "label": "集合 → 区:粗细 = 经集合到达的事项数",
        }
    )
    legend += common.role_legend(False)
    legend.append(
        {
            **common.size_scale(high, MAX_RADIUS, ""),
            "label": "圆面积与到达该区的事项总数(点名与经集合)成正比",
        }
    )
    subtitle = (
        f"{plan_name(st)} · {filters.describe().replace('按原文分工', '单位集合按成员展开')} · "
        f"{len(districts)} 个区及功能区、{len(group_names)} 个单位集合、{len(refs)} 项点名事项"
    )
    return common.View("districts", "各区及功能区任务负荷", subtitle, net, legend, tables=st)


def _two_line_box(radius: float, lines: tuple[str, str]) -> tuple[float, float, float, float]:
    """A district's disc and its two-line label (name, then its figure) at 15 px."""
    half = max(radius, *(text_width(line, 15) / 2 for line in lines))
    return (-half, -radius, half, radius + 15 / 2 + 4 + 2 * 15 * FONT_LINE)


def _place_items(
    graph, fixed: dict[str, tuple[float, float]], boxes
) -> dict[str, tuple[float, float]]:
    """Districts on their ring and groups in the middle where ``fixed`` puts them;
    items first where a spring layout wants them, then every box placed without
    overlap (districts and groups first: they are far apart and keep their places)."""
    free = [n for n in graph if n not in fixed]
    if not free:
        return place(dict(fixed), boxes, list(fixed), gap=3.0)
    scale = max((abs(c) for xy in fixed.values() for c in xy), default=1.0) or 1.0
    start = {n: (x / scale, y / scale) for n, (x, y) in fixed.items()}
    raw = spring(
        graph, pos=start, fixed=list(fixed), seed=42, k=0.9 / math.sqrt(len(graph)), iterations=120
    )
    wishes = dict(fixed)
    for n in free:
        x, y = raw[n]
        wishes[n] = (float(x) * scale, float(y) * scale)
    return place(wishes, boxes, [*fixed, *free], gap=3.0)
