"""``overlaps``: duplicate item pairs and the units they involve.

From :func:`graph.analytics.overlaps.duplicates` (units as written, the no-lead
rule applied, never group expansion). Items are boxes, joined by a thick line per
duplicate pair: green when both items have the same units in the same roles,
orange when they differ. A unit's edge to an item is orange and thick where its
role differs from the duplicate (lead changed, missing on one side); units with
such an edge get an orange ring.

Counts: one node per item in a pair and per unit (after ``kind``/``min_load``) on
those items; one edge per pair and per (unit, item).
"""

from __future__ import annotations

from graph.analytics.frames import Tables
from graph.analytics.overlaps import duplicates
from graph.views import common, facts, style
from graph.views.layout import box_box, dot_box, place, positions
from graph.views.meta import plan_info, plan_name
from graph.views.scope import Filters, kept_units, scoped, unit_loads, with_expand
from graph.views.words import difference

MIN_SCORE = 0.55


def parts(tables: Tables, filters: Filters, min_score: float = MIN_SCORE):
    """(scoped tables, pairs frame, refs, {(unit, ref): (role, derivation)}, differing)."""
    filters = with_expand(filters, False)
    st = scoped(tables, filters)
    pairs = duplicates(st, min_score=min_score)
    order = {ref: n for n, ref in enumerate(facts.items(st))}
    # The duplicates are found per ref; a ref the page's items do not key (several
    # plans) is left out rather than shown as another plan's item.
    refs = sorted((set(pairs["item_a"]) | set(pairs["item_b"])) & set(order), key=order.__getitem__)
    pairs = pairs[pairs["item_a"].isin(refs) & pairs["item_b"].isin(refs)]
    keep = kept_units(st, filters)
    all_roles = facts.roles(st, False)
    on = {key: value for key, value in all_roles.items() if key[1] in set(refs) and key[0] in keep}
    differing: set[tuple[str, str]] = set()
    for a, b, agree in zip(
        pairs["item_a"], pairs["item_b"], pairs["assignments_agree"], strict=True
    ):
        if agree:
            continue
        units = {u for (u, r) in all_roles if r in (a, b)}
        for unit in units:
            role_a = all_roles.get((unit, a), (None,))[0]
            role_b = all_roles.get((unit, b), (None,))[0]
            if role_a != role_b:
                if role_a:
                    differing.add((unit, a))
                if role_b:
                    differing.add((unit, b))
    return st, pairs, refs, on, differing


def build(tables: Tables, filters: Filters, *, min_score: float = MIN_SCORE) -> common.View:
    import networkx as nx

    st, pairs, refs, on, differing = parts(tables, filters, min_score)
    texts = facts.items(st)
    loads = unit_loads(st, False)
    units = sorted({u for u, _ in on})
    disagreeing = {
        ref
        for a, b, agree in zip(
            pairs["item_a"], pairs["item_b"], pairs["assignments_agree"], strict=True
        )
        if not agree
        for ref in (a, b)
    }
    partners: dict[str, list[str]] = {}
    for a, b in zip(pairs["item_a"], pairs["item_b"], strict=True):
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)

    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(f"item:{r}" for r in refs)
    graph.add_nodes_from(f"unit:{u}" for u in units)
    for a, b, score in zip(pairs["item_a"], pairs["item_b"], pairs["score"], strict=True):
        graph.add_edge(f"item:{a}", f"item:{b}", layout=3.0 * float(score))
    for unit, ref in on:
        graph.add_edge(f"unit:{unit}", f"item:{ref}", layout=0.4)
    boxes = {f"item:{r}": box_box(r, 14, 4) for r in refs}
    boxes.update({f"unit:{u}": dot_box(12.0, u, 14) for u in units})

    def layout():
        wishes = positions(graph, spread=1.5)
        return place(wishes, boxes, [*(f"item:{r}" for r in refs), *(f"unit:{u}" for u in units)])

    pos = st.cached(("views-positions", "overlaps", filters, min_score), layout)

    net = common.network()
    ringed = {u for u, _ in differing}
    for unit in units:
        kind = loads.loc[unit, "kind"] if unit in loads.index else None
        colour = style.kind_colour(kind)
        x, y = pos[f"unit:{unit}"]
        extra = {"borderWidth": 4} if unit in ringed else {}
        net.add_node(
            f"unit:{unit}",
            label=unit,
            shape="dot",
            color=style.node_colour(colour, style.DIFFER_COLOUR if unit in ringed else colour),
            size=12,
            x=x,
            y=y,
            tip=facts.unit_tip(st, unit, False, loads),
            **extra,
        )
    for ref in refs:
        x, y = pos[f"item:{ref}"]
        note = "重复于:" + "、".join(partners.get(ref, []))
        net.add_node(
            f"item:{ref}",
            label=ref,
            x=x,
            y=y,
            tip=facts.item_tip(st, ref, False, note=note),
            **common.item_node(
                ref,
                texts[ref].part,
                size=14,
                highlight=style.DIFFER_COLOUR if ref in disagreeing else None,
            ),
        )
    for row in pairs.itertuples(index=False):
        colour = style.AGREE_COLOUR if row.assignments_agree else style.DIFFER_COLOUR
        rows = [
            ("相似度", row.score),
            ("文字相似", row.text_similarity),
            ("共同数字", row.shared_figures or "—"),
            ("分工", "一致" if row.assignments_agree else "不一致"),
        ]
        net.add_edge(
            f"item:{row.item_a}",
            f"item:{row.item_b}",
            width=round(2 + 6 * float(row.score), 2),
            color={"color": colour, "highlight": colour, "hover": colour},
            arrows=common.arrows(False),
            tip=common.tip(
                f"{row.item_a} ↔ {row.item_b} 疑似重复",
                rows=rows,
                list_title="两项原文",
                entries=[(row.item_a, row.text_a), (row.item_b, row.text_b)],
                note="" if row.assignments_agree else f"分工差异:{difference(row.difference)}",
            ),
        )
    for (unit, ref), (role, derivation) in sorted(on.items(), key=lambda kv: kv[0]):
        edge = common.role_edge(role, derivation)
        rows = [
            ("角色", style.ROLE_LABELS.get(role, role)),
            ("来源", style.DERIVATION_LABELS.get(derivation, derivation)),
        ]
        note = ""
        if (unit, ref) in differing:
            edge["color"] = {
                "color": style.DIFFER_COLOUR,
                "highlight": "#8e3600",
                "hover": "#8e3600",
            }
            edge["width"] = 3.5
            note = "与重复事项的分工不同"
        net.add_edge(
            f"unit:{unit}",
            f"item:{ref}",
            tip=common.tip(f"{unit} → {ref}", rows=rows, note=note),
            **edge,
        )
    kinds = {loads.loc[u, "kind"] for u in units if u in loads.index}
    parts_present = {texts[r].part for r in refs}
    legend = (
        [
            {"type": "edge", "color": style.AGREE_COLOUR, "width": 4, "label": "疑似重复,分工一致"},
            {
                "type": "edge",
                "color": style.DIFFER_COLOUR,
                "width": 4,
                "label": "疑似重复,分工不一致",
            },
            {
                "type": "edge",
                "color": style.DIFFER_COLOUR,
                "width": 3,
                "arrow": True,
                "label": "与重复事项分工不同的单位",
            },
        ]
        + common.part_legend(parts_present, plan_info(st)["parts"])
        + common.kind_legend(kinds)
        + common.role_legend(False)
        + [{"type": "note", "label": f"相似度 ≥ {min_score:g};橙色边框 = 涉及分工差异"}]
    )
    agree = int(pairs["assignments_agree"].sum()) if len(pairs) else 0
    subtitle = (
        f"{plan_name(st)} · {with_expand(filters, False).describe()} · {len(pairs)} 对疑似重复事项"
        f"({len(pairs) - agree} 对分工不一致)、{len(units)} 个单位"
    )
    return common.View("overlaps", "重复任务与分工差异", subtitle, net, legend, tables=st)
