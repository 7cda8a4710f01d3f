"""Node positions computed in Python, so the page draws at once and never moves.

A seeded force-directed layout (networkx ``spring_layout``) is computed per
connected component and the components are packed: the largest in the middle,
the small ones in rows beneath it (a lone unit would otherwise fly off and shrink
everything else when the page fits the view). The page runs with physics off, so
a few hundred nodes are drawn in well under a second and stay still (dragging a
node moves only that node). The same input always gives the same positions.
"""

from __future__ import annotations

import math
from typing import Any

SEED = 42
NODE_SPACING = 80.0  # pixels per node, roughly, in a component's layout
GAP = 90.0


def positions(
    graph: Any,
    *,
    seed: int = SEED,
    spread: float = 1.0,
    weight: str | None = "layout",
    method: str = "spring",
) -> dict[Any, tuple[float, float]]:
    """Screen coordinates (pixels) for every node of ``graph``.

    ``method="kamada-kawai"`` suits dense graphs (the unit network, where most
    departments share items): a spring layout pulls such a core into one blot,
    Kamada-Kawai keeps graph distances, so the core stays readable. It is
    deterministic without a seed.
    """
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return {}
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    use = weight if weight and any(weight in d for *_, d in undirected.edges(data=True)) else None
    order = {node: n for n, node in enumerate(undirected)}
    components = sorted(
        (sorted(c, key=order.get) for c in nx.connected_components(undirected)),
        key=lambda c: (-len(c), order[c[0]]),
    )
    placed: list[tuple[dict[Any, tuple[float, float]], float]] = []
    for nodes in components:
        placed.append(_component(undirected.subgraph(nodes), nodes, seed, spread, use, method))
    return _pack(placed)


def _component(sub, nodes, seed: int, spread: float, weight: str | None, method: str = "spring"):
    import networkx as nx

    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}, 30.0
    if n == 2:
        return {nodes[0]: (-45.0, 0.0), nodes[1]: (45.0, 0.0)}, 60.0
    if method == "kamada-kawai":
        start = nx.circular_layout(sorted(nodes, key=str))
        raw = nx.kamada_kawai_layout(sub, pos=start, weight=weight, center=(0, 0))
    else:
        raw = nx.spring_layout(
            sub, seed=seed, k=spread / math.sqrt(n), iterations=100, weight=weight, center=(0, 0)
        )
    radius = NODE_SPACING * math.sqrt(n)
    top = max((math.hypot(x, y) for x, y in raw.values()), default=1.0) or 1.0
    return {
        node: (float(raw[node][0]) / top * radius, float(raw[node][1]) / top * radius)
        for node in nodes
    }, radius


def _pack(placed) -> dict[Any, tuple[float, float]]:
    """The first (largest) component at the centre, the others in rows below it."""
    out: dict[Any, tuple[float, float]] = {}
    main, main_r = placed[0]
    out.update(main)
    left = -max(main_r, 300.0)
    right = max(main_r, 300.0)
    x = left
    y = main_r + GAP
    row_height = 0.0
    for pos, r in placed[1:]:
        if x + 2 * r > right and x > left:
            x = left
            y += row_height + GAP
            row_height = 0.0
        cx, cy = x + r, y + r
        for node, (px, py) in pos.items():
            out[node] = (px + cx, py + cy)
        x += 2 * r + GAP
        row_height = max(row_height, 2 * r)
    return {node: (round(px, 1), round(py, 1)) for node, (px, py) in out.items()}
