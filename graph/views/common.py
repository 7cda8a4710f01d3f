"""What every view shares: the network, node and edge styles, tooltips, options.

A tooltip is structured data (``tip``: title, English subtitle, text, rows of
label/value, a list of refs with short texts), never HTML: the page builds the
tooltip element from it with ``textContent``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from graph.views import style
from graph.views.page import FONT_STACK

LIST_LIMIT = 12


@dataclass
class View:
    """A finished view: the network plus what the page shows around it."""

    name: str
    heading: str
    subtitle: str
    net: Network
    legend: list[dict] = field(default_factory=list)
    # What the page script needs beyond the network: the load view's measures, the
    # tasks view's scopes; merged into the page's data block.
    data: dict[str, Any] = field(default_factory=dict)
    # The (scoped) tables the view was built from: its search box's names come
    # from them. Not part of the page.
    tables: Any = field(default=None, repr=False, compare=False)

    @property
    def nodes(self) -> list[dict]:
        return self.net.nodes

    @property
    def edges(self) -> list[dict]:
        return self.net.edges


class Network:
    """A view's nodes and edges, as the vis-network dicts the page embeds.

    The very dicts pyvis's ``Network(directed=True).add_node/add_edge`` build (same
    keys in the same order, so the pages stay byte for byte what they were), without
    pyvis itself: importing it pulls IPython, jinja2 and jsonpickle into every
    process (a fifth of a second), and it looks up every new node and every edge's
    two ends in lists (quadratic). The page around the network never was pyvis's.
    """

    def __init__(self) -> None:
        self.nodes: list[dict] = []
        self.edges: list[dict] = []
        self._ids: set[str | int] = set()

    def add_node(
        self,
        n_id: str | int,
        label: Any = None,
        shape: str = "dot",
        color: Any = "#97c2fc",
        **options: Any,
    ) -> None:
        """Add a node (a repeated id is ignored); ``label`` defaults to the id."""
        if not isinstance(n_id, str | int):
            raise TypeError(f"node ids are str or int, not {type(n_id).__name__}")
        if n_id in self._ids:
            return
        node = {"color": color, **options}
        node["id"] = n_id
        node["label"] = label if label else n_id
        node["shape"] = shape
        self._ids.add(n_id)
        self.nodes.append(node)

    def add_edge(self, source: str | int, to: str | int, **options: Any) -> None:
        """Add an edge between two nodes already added; arrows point ``to`` unless
        ``arrows`` says otherwise (every view states them)."""
        for end in (source, to):
            if end not in self._ids:
                raise ValueError(f"edge to a node not in the network: {end!r}")
        edge = dict(options)
        edge["from"] = source
        edge["to"] = to
        edge.setdefault("arrows", "to")
        self.edges.append(edge)


def network() -> Network:
    """An empty network; every edge states its own ``arrows``."""
    return Network()


def tip(
    title: str,
    *,
    sub: str = "",
    text: str = "",
    rows: list[tuple[str, Any]] | None = None,
    list_title: str = "",
    entries: list[tuple[str, str]] | None = None,
    note: str = "",
    limit: int = LIST_LIMIT,
) -> dict:
    entries = entries or []
    out: dict[str, Any] = {"title": str(title)}
    if sub:
        out["sub"] = str(sub)
    if text:
        out["text"] = str(text)
    if rows:
        out["rows"] = [[str(k), str(v)] for k, v in rows]
    if entries:
        out["list_title"] = list_title
        out["list"] = [[str(r), style.short(t)] for r, t in entries[:limit]]
        if len(entries) > limit:
            out["more"] = len(entries) - limit
    if note:
        out["note"] = str(note)
    return out


def scaled(value: float, top: float, high: float = 36.0) -> float:
    """Node radius with the disc's *area* proportional to ``value``: 0 at 0, ``high``
    at ``top`` (an honest scale: twice the items, twice the ink)."""
    if top <= 0 or value <= 0:
        return 0.0
    return round(high * math.sqrt(min(value, top) / top), 2)


def size_scale(top: float, high: float, unit: str) -> dict:
    """The legend entry that draws reference discs of this scale at the page's zoom."""
    return {"type": "scale", "top": top, "high": high, "unit": unit}


def arrows(on: bool, scale: float = 0.6) -> dict:
    return {"to": {"enabled": bool(on), "scaleFactor": scale}}


def role_edge(role: str, derivation: str) -> dict:
    """Edge style for a unit → item assignment."""
    if role == "cooperating":
        out: dict[str, Any] = {
            "color": {
                "color": style.COOPERATING_COLOUR,
                "highlight": "#1e6b3a",
                "hover": "#1e6b3a",
            },
            "width": 1.0,
            "arrows": arrows(True, 0.4),
            "dashes": [1, 3],
        }
    elif role == "lead":
        out = {
            "color": {"color": style.LEAD_COLOUR, "highlight": "#7b241c", "hover": "#7b241c"},
            "width": 2.6,
            "arrows": arrows(True, 0.8),
            "dashes": derivation == "no_lead_rule",
        }
    else:
        out = {
            "color": {
                "color": style.RESPONSIBLE_COLOUR,
                "highlight": "#34495e",
                "hover": "#34495e",
            },
            "width": 1.0,
            "arrows": arrows(True, 0.45),
            "dashes": False,
        }
    if derivation == "group":
        out["color"]["opacity"] = 0.45
        out["dashes"] = [2, 4]
    return out


def role_legend(expand: bool, *, cooperating: bool = False) -> list[dict]:
    entries = [
        {
            "type": "edge",
            "color": style.LEAD_COLOUR,
            "width": 3,
            "arrow": True,
            "label": "牵头单位 → 事项",
        },
        {
            "type": "edge",
            "color": style.LEAD_COLOUR,
            "width": 3,
            "dashes": True,
            "arrow": True,
            "label": "按无牵头单位规则牵头",
        },
        {
            "type": "edge",
            "color": style.RESPONSIBLE_COLOUR,
            "width": 1,
            "arrow": True,
            "label": "责任单位 → 事项",
        },
    ]
    if cooperating:
        entries.append(
            {
                "type": "edge",
                "color": style.COOPERATING_COLOUR,
                "width": 1,
                "dashes": True,
                "arrow": True,
                "label": "配合单位 → 事项",
            }
        )
    if expand:
        entries.append(
            {
                "type": "edge",
                "color": "#c4c9cd",
                "width": 1,
                "dashes": True,
                "arrow": True,
                "label": "经单位集合展开(点线)",
            }
        )
    return entries


def kind_legend(kinds: set[str] | set[str | None]) -> list[dict]:
    return [
        {
            "type": "node",
            "shape": "dot",
            "color": style.kind_colour(kind),
            "label": style.kind_label(kind),
        }
        for kind in style.KIND_LABELS
        if kind in kinds
    ]


def part_legend(parts: set[int] | set[int | None], titles: dict[int, str]) -> list[dict]:
    out = []
    for part in sorted(p for p in parts if p is not None):
        fill, border = style.part_colours(part)
        title = titles.get(part, "")
        out.append(
            {
                "type": "node",
                "shape": "box",
                "color": fill,
                "border": border,
                "label": f"事项:第{style.chinese_number(part)}部分 {title}".rstrip(),
            }
        )
    return out


def options(node_count: int, edge_count: int) -> dict:
    """vis-network options: physics off (positions come from Python), hover tooltips."""
    big = edge_count > 1500
    return {
        "autoResize": True,
        "physics": {"enabled": False, "stabilization": {"enabled": False}},
        "layout": {"randomSeed": 42, "improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "font": {"face": FONT_STACK, "size": 14, "color": "#222222"},
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
        },
        "edges": {
            "smooth": False,
            "selectionWidth": 1.5,
            "hoverWidth": 1.0,
            "font": {"face": FONT_STACK, "size": 11},
        },
    }


def item_node(ref: str, part: int | None, *, size: int = 12, highlight: str | None = None) -> dict:
    fill, border = style.part_colours(part)
    out = {
        "shape": "box",
        "color": style.node_colour(fill, highlight or border),
        "font": {"size": size, "face": FONT_STACK, "color": "#1b1b1b"},
        "margin": 4,
    }
    if highlight:
        out["borderWidth"] = 3
    return out


def unit_colour(kind: str | None) -> dict:
    colour = style.kind_colour(kind)
    return style.node_colour(colour, colour)
