"""Node positions computed in Python, so the page draws at once and never moves,
and no node or label lands on another (:func:`place`).

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

import contextlib
import functools
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

    ``method="stress"`` (or ``"kamada-kawai"``, the same energy minimised by scipy)
    suits dense graphs (the unit network, where most departments share items): a
    spring layout pulls such a core into one blot, a stress layout keeps graph
    distances, so the core stays readable. Both are deterministic without a seed.
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
    elif method == "stress":
        raw = stress(sub, nodes, weight=weight)
    else:
        raw = spring(sub, k=spread / math.sqrt(n), iterations=100, seed=seed, weight=weight)
    radius = NODE_SPACING * math.sqrt(n)
    top = max((math.hypot(x, y) for x, y in raw.values()), default=1.0) or 1.0
    return {
        node: (float(raw[node][0]) / top * radius, float(raw[node][1]) / top * radius)
        for node in nodes
    }, radius


def stress(
    graph: Any, nodes: list, *, weight: str | None = None, iterations: int = 200, tol: float = 1e-4
):
    """A stress layout (SMACOF: Gansner, Koren and North's stress majorization) of a
    connected ``graph``: positions whose distances match the graph's shortest-path
    distances (edge lengths from ``weight``), each pair weighted by 1/d², started
    from classical MDS. Kamada-Kawai minimises the same energy with a general
    optimiser (scipy's L-BFGS-B, whose import alone costs 0.7 s); majorization
    needs a dozen matrix products per step, and the same input gives the same
    positions (signs are fixed by the first nodes)."""
    import numpy as np

    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    d = np.full((n, n), np.inf)
    np.fill_diagonal(d, 0.0)
    for u, v, data in graph.edges(data=True):
        length = float(data.get(weight, 1.0)) if weight else 1.0
        i, j = index[u], index[v]
        d[i, j] = d[j, i] = min(d[i, j], length)
    for k in range(n):  # Floyd-Warshall: all shortest paths (n is a few hundred at most)
        np.minimum(d, d[:, k : k + 1] + d[k : k + 1, :], out=d)
    finite = d[np.isfinite(d)]
    d[~np.isfinite(d)] = (finite.max() if finite.size else 1.0) * 1.5
    # Classical MDS for the start: the two leading eigenvectors of the centred -d²/2.
    centre = np.eye(n) - 1.0 / n
    b = -0.5 * centre @ (d * d) @ centre
    values, vectors = np.linalg.eigh(b)
    top = np.argsort(values)[::-1][:2]
    x = vectors[:, top] * np.sqrt(np.maximum(values[top], 1e-12))
    for axis in range(2):  # eigenvectors have no sign of their own: fix one
        pivot = int(np.argmax(np.abs(x[:, axis])))
        if x[pivot, axis] < 0:
            x[:, axis] = -x[:, axis]
    w = np.zeros_like(d)
    off = ~np.eye(n, dtype=bool)
    w[off] = 1.0 / (d[off] * d[off])
    laplacian = -w
    np.fill_diagonal(laplacian, w.sum(axis=1))
    inverse = np.linalg.pinv(laplacian)
    wd = w * d
    previous = np.inf
    for _ in range(iterations):
        gaps = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=-1))
        ratio = np.zeros_like(gaps)
        ratio[off] = wd[off] / np.maximum(gaps[off], 1e-9)
        bx = -ratio
        np.fill_diagonal(bx, ratio.sum(axis=1))
        x = inverse @ (bx @ x)
        energy = float((w[off] * (gaps[off] - d[off]) ** 2).sum())
        if previous - energy < tol * previous:  # the stress stopped falling
            break
        previous = energy
    x -= x.mean(axis=0)
    return {node: (float(x[i, 0]), float(x[i, 1])) for node, i in index.items()}


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
        held: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
        if n > 1:
            # networkx's sparse layout minimises with scipy.optimize: imported first,
            # so that the OpenBLAS it brings is held to one thread as well
            import scipy.optimize  # noqa: F401

            held = single_thread(refresh=True)
        with held:
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


# --- overlap-free placement ---------------------------------------------------------
#
# A force or stress layout says where each node would like to be; it does not stop two
# nodes, or a node and another's label, from landing on each other (the load view drew
# its thirty busiest departments in one blot). :func:`place` keeps each node's wish as
# far as it can and guarantees the rest: nodes are placed one by one, the biggest
# first, each at the free point nearest its wish on an outward spiral, "free" meaning
# that its box (its disc and its label, as vis-network draws them) meets no box
# already placed. Boxes are axis-aligned rectangles in canvas units, so what is apart
# at one zoom is apart at every zoom.

LABEL_GAP = 4.0  # vis-network: a dot's label hangs size + font/2 + 4 below its centre
FONT_LINE = 1.05  # a label line's height, in font sizes (vis-network: 1.0, and a margin)
SPIRAL_BATCH = 4096  # candidate points tested against the placed boxes at once


def text_width(text: str, size: float) -> float:
    """The width vis-network's canvas gives ``text`` at font ``size`` (pixels), a
    little generously: CJK and full-width characters are one em in every CJK font,
    digits and Latin letters about half an em (measured in Chromium with WenQuanYi
    Micro Hei and Noto Sans CJK: 市 14.0, 1 7.7, space 3.6 at 14 px)."""
    import unicodedata

    em = 0.0
    for ch in str(text):
        if unicodedata.east_asian_width(ch) in "WF":
            em += 1.0
        elif ch == " ":
            em += 0.3
        elif ch in ".,:;|!'`il":
            em += 0.32
        elif ch.isupper() or ch in "mwMW@%":
            em += 0.78
        else:
            em += 0.58
    return em * size + 2.0


def dot_box(radius: float, label: str, font: float) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) around a dot's centre: the disc and the label that
    vis-network hangs beneath it (one line of ``font`` pixels)."""
    half = max(radius, text_width(label, font) / 2) if label else radius
    bottom = radius + font / 2 + LABEL_GAP + font * FONT_LINE if label else radius
    return (-half, -radius, half, bottom)


def box_box(label: str, font: float, margin: float) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a ``box`` node, its label inside with ``margin``."""
    half_w = text_width(label, font) / 2 + margin
    half_h = font * FONT_LINE / 2 + margin
    return (-half_w, -half_h, half_w, half_h)


def place(
    wishes: dict[Any, tuple[float, float]],
    boxes: dict[Any, tuple[float, float, float, float]],
    order: list[Any],
    *,
    gap: float = 6.0,
    step: float = 5.0,
) -> dict[Any, tuple[float, float]]:
    """Positions for the nodes of ``order`` (placed in that order), each as near its
    wish as the boxes placed before it allow; no two boxes (each grown by ``gap`` on
    every side) meet.

    Candidates lie on an Archimedean spiral around the wish, ``step`` apart along the
    curve and between turns, so the point taken is within about ``step`` of the
    nearest free point; the same input always gives the same positions. Each batch
    of candidates is tested only against the placed boxes within its reach.
    """
    import numpy as np

    placed = np.zeros((len(order), 4))  # left, top, right, bottom of each placed box
    out: dict[Any, tuple[float, float]] = {}
    for count, node in enumerate(order):
        left, top, right, bottom = boxes[node]
        x, y = round(wishes[node][0], 1), round(wishes[node][1], 1)
        if count:
            done = placed[:count]
            # Beyond this distance from the wish every placed box is behind us.
            reach = (
                float(
                    np.hypot(
                        np.maximum(np.abs(done[:, 0] - x), np.abs(done[:, 2] - x)),
                        np.maximum(np.abs(done[:, 1] - y), np.abs(done[:, 3] - y)),
                    ).max()
                )
                + (right - left)
                + (bottom - top)
                + 4 * gap
            )
            start = 0
            size = 256
            while True:
                points = _spiral(start, size, step)
                start += size
                size = min(size * 2, SPIRAL_BATCH)
                far = float(np.hypot(points[-1, 0], points[-1, 1]))
                near = done[
                    (done[:, 0] - gap < x + far + right + gap)
                    & (done[:, 2] + gap > x - far + left - gap)
                    & (done[:, 1] - gap < y + far + bottom + gap)
                    & (done[:, 3] + gap > y - far + top - gap)
                ]
                # Rounded as the page gets them, so what is tested is what is drawn.
                px = np.round(x + points[:, 0:1], 1)
                py = np.round(y + points[:, 1:2], 1)
                clash = (
                    (px + left - gap < near[:, 2] + gap)
                    & (px + right + gap > near[:, 0] - gap)
                    & (py + top - gap < near[:, 3] + gap)
                    & (py + bottom + gap > near[:, 1] - gap)
                ).any(axis=1)
                free = np.flatnonzero(~clash)
                if free.size:
                    x, y = float(px[free[0], 0]), float(py[free[0], 0])
                    break
                if far > reach:  # cannot happen: the spiral has left every box behind
                    x, y = float(px[-1, 0]), float(py[-1, 0])
                    break
        x, y = round(x, 1), round(y, 1)
        placed[count] = (x + left, y + top, x + right, y + bottom)
        out[node] = (x, y)
    return out


@functools.lru_cache(maxsize=64)
def _spiral_cached(start: int, count: int, step: float):
    return _spiral_points(start, count, step)


def _spiral(start: int, count: int, step: float):
    """Points ``start`` … ``start + count - 1`` of an Archimedean spiral around the
    origin, ``step`` apart along the curve and between turns (point 0: the origin).
    Read-only (cached)."""
    return _spiral_cached(start, count, step)


def _spiral_points(start: int, count: int, step: float):
    import numpy as np

    # r = b·θ with b = step / 2π has turns step apart; its arc length is about
    # b·θ²/2, so points step apart along it fall at θ = sqrt(2·s / b).
    b = step / (2 * math.pi)
    s = np.arange(start, start + count, dtype=float) * step
    theta = np.sqrt(2 * s / b)
    r = b * theta
    points = np.stack((r * np.cos(theta), r * np.sin(theta)), axis=1)
    points.flags.writeable = False
    return points


def boxes_overlap(
    positions: dict[Any, tuple[float, float]],
    boxes: dict[Any, tuple[float, float, float, float]],
) -> list[tuple[Any, Any]]:
    """Pairs of nodes whose boxes meet (for tests and assertions)."""
    nodes = list(positions)
    out = []
    for i, a in enumerate(nodes):
        ax, ay = positions[a]
        al, at, ar, ab = boxes[a]
        for b in nodes[i + 1 :]:
            bx, by = positions[b]
            bl, bt, br, bb = boxes[b]
            if ax + al < bx + br and ax + ar > bx + bl and ay + at < by + bb and ay + ab > by + bt:
                out.append((a, b))
    return out
