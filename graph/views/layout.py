"""Node positions computed in Python, so the page draws at once and never moves.

A seeded force-directed layout (networkx ``spring_layout``) is computed per
connected component and the components are packed: the largest in the middle,
the small ones in rows beneath it (a lone unit would otherwise fly off and shrink
everything else when the page fits the view). The page runs with physics off, so
a few hundred nodes are drawn in well under a second and stay still (dragging a
node moves only that node). The same input always gives the same positions, in
every process: each component is laid out as a graph of its own whose nodes keep
the plan's order (see :func:`_induced`). The views keep their positions in
``Tables.cached`` (by view and filters), so drawing a view again from the same
tables skips its layout, the slowest part of a view.

:func:`spring` is networkx 3.6's ``spring_layout`` (Fruchterman-Reingold, the dense
method networkx uses below 500 nodes), the same arithmetic in the same order, so the
same positions to the last bit, computed in under half the time: the pairwise
distances come from two flat arrays rather than a norm over an axis of length two,
numpy's slowest kind of reduction. Being ours, the layout no longer changes with
the installed networkx (3.6 changed how the step length is clipped).
"""

from __future__ import annotations

import math
from typing import Any

from graph.views.blas import single_thread

SEED = 42
NODE_SPACING = 80.0  # pixels per node, roughly, in a component's layout
GAP = 90.0
DENSE_LIMIT = 500  # from this size on, networkx's own (sparse) layout
THRESHOLD = 1e-4  # networkx's default: stop once nodes move less than this on average


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
        (sorted(c, key=order.__getitem__) for c in nx.connected_components(undirected)),
        key=lambda c: (-len(c), order[c[0]]),
    )
    placed: list[tuple[dict[Any, tuple[float, float]], float]] = []
    if method == "kamada-kawai":
        # networkx imports scipy.optimize inside the layout; import it first, so that
        # the OpenBLAS it loads is there to be held to one thread.
        import scipy.optimize  # noqa: F401
    with single_thread():
        for nodes in components:
            sub = _induced(undirected, nodes)
            placed.append(_component(sub, nodes, seed, spread, use, method))
    return _pack(placed)


def _induced(graph: Any, nodes: list) -> Any:
    """The subgraph on ``nodes`` as a graph of its own, its nodes in the order given.

    networkx's ``subgraph`` view walks its nodes in the order of a Python set when
    they are fewer than half the graph's, and a set of strings has a new order in
    every process (hash randomisation): the small components of the tasks view
    landed elsewhere on every run. A plain graph is also much quicker to walk for
    Kamada-Kawai's shortest paths than a filtered view of an undirected view.
    """
    import networkx as nx

    keep = set(nodes)
    out: nx.Graph[Any] = nx.Graph()
    out.add_nodes_from(nodes)
    for u in nodes:
        for v, data in graph.adj[u].items():
            if v in keep and not out.has_edge(u, v):
                out.add_edge(u, v, **data)
    return out


def _component(sub, nodes, seed: int, spread: float, weight: str | None, method: str = "spring"):
    import networkx as nx

    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}, 30.0
    if n == 2:
        return {nodes[0]: (-45.0, 0.0), nodes[1]: (45.0, 0.0)}, 60.0
    if method == "kamada-kawai":
        start = nx.circular_layout(nx.empty_graph(sorted(nodes, key=str)))
        raw = nx.kamada_kawai_layout(sub, pos=start, weight=weight, center=(0, 0))
    else:
        raw = spring(sub, k=spread / math.sqrt(n), iterations=100, seed=seed, weight=weight)
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


def spring(
    graph: Any,
    *,
    k: float,
    iterations: int,
    seed: int = SEED,
    weight: str | None = "weight",
    pos: dict[Any, tuple[float, float]] | None = None,
    fixed: list | None = None,
) -> dict[Any, Any]:
    """``networkx.spring_layout(graph, k=k, pos=pos, fixed=fixed, iterations=iterations,
    weight=weight, seed=seed)``, bit for bit, for graphs under :data:`DENSE_LIMIT` nodes
    (networkx itself from there on). Unfixed layouts are rescaled into [-1, 1]."""
    import networkx as nx
    import numpy as np

    n = len(graph)
    if n <= 1 or n >= DENSE_LIMIT:
        return nx.spring_layout(
            graph, k=k, pos=pos, fixed=fixed, iterations=iterations, weight=weight, seed=seed
        )
    rng = np.random.RandomState(seed)
    nodes = list(graph)
    centre = np.zeros(2)
    rows = None
    if fixed is not None:
        index = {node: i for i, node in enumerate(nodes)}
        rows = np.asarray([index[node] for node in fixed if node in index])
    start = None
    if pos is not None:
        size = max(coord for xy in pos.values() for coord in xy) or 1
        start = rng.rand(n, 2) * size + centre
        for i, node in enumerate(nodes):
            if node in pos:
                start[i] = np.asarray(pos[node])
    # weight None: every edge weighs 1 (the stubs know only names)
    adjacency = nx.to_numpy_array(graph, weight=weight)  # type: ignore[arg-type]
    with single_thread():
        out = _fruchterman_reingold(adjacency, k, start, rows, iterations, rng)
    if fixed is None:
        out = nx.rescale_layout(out, scale=1) + centre
    return dict(zip(nodes, out, strict=True))


def _fruchterman_reingold(adjacency, k: float, pos, fixed, iterations: int, rng):
    """networkx's ``_fruchterman_reingold`` (3.6), with the distances computed from
    flat x and y differences; every value is the same float as there."""
    import numpy as np

    n = adjacency.shape[0]
    if pos is None:
        pos = np.asarray(rng.rand(n, 2), dtype=adjacency.dtype)
    else:
        pos = pos.astype(adjacency.dtype)
    # The initial temperature, a tenth of the domain, cooled linearly to nothing.
    t = max(max(pos.T[0]) - min(pos.T[0]), max(pos.T[1]) - min(pos.T[1])) * 0.1
    dt = t / (iterations + 1)
    delta = np.empty((n, n, 2), dtype=adjacency.dtype)
    for _ in range(iterations):
        x = pos[:, 0]
        y = pos[:, 1]
        dx = x[:, np.newaxis] - x[np.newaxis, :]
        dy = y[:, np.newaxis] - y[np.newaxis, :]
        delta[..., 0] = dx
        delta[..., 1] = dy
        distance = np.sqrt(dx * dx + dy * dy)  # norm(delta, axis=-1), to the bit
        np.clip(distance, 0.01, None, out=distance)
        displacement = np.einsum(
            "ijk,ij->ik", delta, (k * k / distance**2 - adjacency * distance / k)
        )
        length = np.linalg.norm(displacement, axis=-1)
        length = np.clip(length, a_min=0.01, a_max=None)
        delta_pos = np.einsum("ij,i->ij", displacement, t / length)
        if fixed is not None:
            delta_pos[fixed] = 0.0
        pos += delta_pos
        t -= dt
        if (np.linalg.norm(delta_pos) / n) < THRESHOLD:
            break
    return pos
