"""Positions without overlap: the placement, the label estimate, the stress layout,
and the load view's nodes in every measure it can show."""

from __future__ import annotations

import itertools
import random

import pytest

from graph.views import build_view
from graph.views.layout import (
    FONT_LINE,
    LABEL_GAP,
    boxes_overlap,
    dot_box,
    place,
    stress,
    text_width,
)


def test_text_width_matches_chromium_measurements():
    # measureText in Chromium with WenQuanYi Micro Hei at 14 px: 市 14.0, 1 7.7,
    # space 3.6; "市发改委 73" 75.1. The estimate may be generous, never short.
    assert text_width("市发改委", 14) == pytest.approx(4 * 14 + 2)
    assert 75.1 <= text_width("市发改委 73", 14) <= 80
    assert text_width("", 14) == 2.0


def test_dot_box_holds_the_disc_and_the_hanging_label():
    left, top, right, bottom = dot_box(10.0, "市发改委 73", 14)
    assert (top, right) == (-10.0, text_width("市发改委 73", 14) / 2)
    assert left == -right
    # vis-network hangs the label size + font/2 + 4 below the centre, one line high.
    assert bottom == pytest.approx(10 + 7 + LABEL_GAP + 14 * FONT_LINE)
    assert dot_box(40.0, "甲", 14)[2] == 40.0  # a disc wider than its label


def test_place_never_overlaps_and_keeps_the_first_wish():
    rng = random.Random(7)
    wishes = {n: (rng.uniform(-50, 50), rng.uniform(-50, 50)) for n in range(120)}
    boxes = {
        n: (-rng.uniform(5, 60), -rng.uniform(5, 30), rng.uniform(5, 60), rng.uniform(5, 30))
        for n in range(120)
    }
    order = sorted(wishes)
    placed = place(wishes, boxes, order, gap=2.0)
    assert placed[0] == (round(wishes[0][0], 1), round(wishes[0][1], 1))
    assert boxes_overlap(placed, boxes) == []
    grown = {n: (a - 2, b - 2, c + 2, d + 2) for n, (a, b, c, d) in boxes.items()}
    assert boxes_overlap(placed, grown) == []  # the gap is kept on every side
    assert place(wishes, boxes, order, gap=2.0) == placed  # the same input, the same output


def test_place_moves_a_node_only_as_far_as_it_must():
    boxes = {"a": (-10.0, -10.0, 10.0, 10.0), "b": (-10.0, -10.0, 10.0, 10.0)}
    placed = place({"a": (0.0, 0.0), "b": (0.0, 0.0)}, boxes, ["a", "b"], gap=0.0, step=1.0)
    ax, ay = placed["a"]
    bx, by = placed["b"]
    assert (ax, ay) == (0.0, 0.0)
    # b ends just clear of a: 20 apart along one axis, within a step or two.
    assert 20.0 <= max(abs(bx), abs(by)) <= 22.5


def test_stress_layout_keeps_graph_distances_and_is_deterministic():
    import networkx as nx

    path = nx.path_graph(["甲", "乙", "丙", "丁"])
    pos = stress(path, list(path))
    assert stress(path, list(path)) == pos
    d = {(a, b): ((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5
         for a, b in itertools.combinations(path, 2)}  # fmt: skip
    # A path lies straight: the distances are the path lengths.
    assert d[("甲", "丁")] == pytest.approx(3.0, abs=0.01)
    assert d[("甲", "乙")] == pytest.approx(1.0, abs=0.01)


def test_load_view_boxes_are_apart_in_every_measure_and_count(tables):
    """In each of the six variants the page offers (three measures, as written or
    expanded), no disc or label box meets another (estimated widths; the browser
    test measures vis-network's own)."""
    from graph.views.view_load import MEASURES, figure

    view = build_view(tables, "load")
    load = view.data["load"]
    assert len(view.nodes) == 88  # 86 units as written, 85 expanded: 88 in either
    for mode in range(2):
        for measure, (key, _, _) in enumerate(MEASURES):
            top = load["tops"][mode][measure]
            positions, boxes = {}, {}
            for node in view.nodes:
                values = node["v"][mode]
                if values is None:
                    continue
                v = values[measure]
                radius = load["maxRadius"] * (v / top) ** 0.5 if v > 0 else 1.5
                positions[node["id"]] = (node["x"], node["y"])
                boxes[node["id"]] = dot_box(radius, f"{node['name']} {figure(v, key)}", 14)
            assert len(positions) == (86, 85)[mode]
            assert boxes_overlap(positions, boxes) == [], (mode, key)


def test_load_view_sizes_are_proportional_to_the_ranked_measure(tables):
    from graph.analytics.load import unit_load

    view = build_view(tables, "load")
    totals = unit_load(tables).set_index("unit")["total"]
    shown = {n["name"]: n for n in view.nodes if not n["hidden"]}
    top = int(totals.max())
    assert top == 139  # 各区人民政府, as written
    for name, node in shown.items():
        # area ∝ total: the radius is 34 px × √(total / 139), to the hundredth
        assert node["size"] == pytest.approx(34.0 * (int(totals[name]) / top) ** 0.5, abs=0.006)
        assert node["label"] == f"{name} {int(totals[name])}"
    assert view.data["load"]["tops"][0] == [139.0, 41.0, pytest.approx(109.179)]
