"""The view pages as files: self-contained, escaped, filtered, styled, repeatable."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from click.testing import CliRunner

from graph.cli.views_cmd import report, viz
from graph.errors import OptionError
from graph.views import VIEWS, build_view, render_view
from graph.views.style import KIND_LABELS, ZONE_COLOURS

ATTRIBUTE_URL = re.compile(r"""\b(?:src|href|action|srcset)\s*=\s*["']?([^"'\s>]+)""", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def _data(html: str) -> dict:
    block = re.search(
        r'<script type="application/json" id="dutygraph-data">(.*?)</script>', html, re.S
    )
    return json.loads(block.group(1))


@pytest.fixture(scope="module")
def pages(tables) -> dict[str, str]:
    return {view: render_view(tables, view) for view in VIEWS}


@pytest.mark.parametrize("view", VIEWS)
def test_page_is_self_contained(pages, view):
    html = pages[view]
    markup = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", html, flags=re.S)
    styles = "".join(re.findall(r"<style>(.*?)</style>", html, flags=re.S))
    assert "<link" not in markup
    assert re.search(r"<script[^>]*\ssrc\s*=", markup, re.I) is None
    assert [u for u in ATTRIBUTE_URL.findall(markup) if not u.startswith(("data:", "#"))] == []
    assert [u for u in CSS_URL.findall(styles) if not u.startswith("data:")] == []
    for host in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "tom-select", "googleapis"):
        assert host not in html.lower()
    assert "Content-Security-Policy" in markup and "default-src 'none'" in unescape(markup)
    assert "vis.Network" in html and "vis-network" in html  # the library is inlined
    assert markup.count("<script>") == 2  # vis-network and the page script; nothing else runs


@pytest.mark.parametrize("view", VIEWS)
def test_nodes_carry_colour_position_and_no_group(pages, view):
    data = _data(pages[view])
    assert data["options"]["physics"]["enabled"] is False
    for node in data["nodes"]:
        assert "group" not in node  # pyvis would drop the colour
        assert node["color"]["background"].startswith("#")
        assert isinstance(node["x"], float | int) and isinstance(node["y"], float | int)
        assert node["tip"]["title"]
    assert data["counts"] == {"nodes": len(data["nodes"]), "edges": len(data["edges"])}
    assert data["legend"]


def test_tasks_shapes_and_edge_styles(pages):
    data = _data(pages["tasks"])
    shapes = {node["id"].split(":")[0]: node["shape"] for node in data["nodes"]}
    assert shapes == {"unit": "dot", "item": "box"}
    roles = {}
    for edge in data["edges"]:
        role = edge["tip"]["rows"][0][1]
        roles.setdefault(role, edge)
        assert edge["arrows"]["to"]["enabled"] is True
        assert edge["from"].startswith("unit:") and edge["to"].startswith("item:")
    lead, responsible = roles["牵头单位"], roles["责任单位"]
    assert lead["color"]["color"] != responsible["color"]["color"]
    assert lead["width"] > responsible["width"]
    labels = [node["label"] for node in data["nodes"]]
    assert "市发改委" in labels and "市發改委" not in labels  # Simplified Chinese


def test_load_tooltip_has_both_names_counts_and_led_items(pages):
    node = next(n for n in _data(pages["load"])["nodes"] if n["id"] == "unit:市发改委")
    tip = node["tip"]
    assert tip["title"] == "市发改委"
    assert tip["sub"] == "Wuhan Municipal Development and Reform Commission"
    rows = dict(tip["rows"])
    assert rows["类型"] == "市直部门" and rows["合计事项"] == "73"
    assert tip["list_title"] == "牵头事项" and tip["list"][0][0] == "1.1"


def test_districts_distinguish_zones(pages, tables):
    from graph.analytics.load import district_load

    data = _data(pages["districts"])
    frame = district_load(tables)
    zones = {u: str(z) for u, z in zip(frame["unit"], frame["zone"], strict=True)}
    colours = {n["name"]: n["color"]["background"] for n in data["nodes"] if "name" in n}
    assert set(colours) == set(zones)
    assert {colours[u] for u, z in zones.items() if z == "central"} == {ZONE_COLOURS["central"]}
    assert {colours[u] for u, z in zones.items() if z == "new"} == {ZONE_COLOURS["new"]}
    legend = [entry["label"] for entry in data["legend"]]
    assert "中心城区" in legend and "新城区" in legend and "功能区管委会" in legend


def test_overlaps_highlight_differences(pages, tables):
    from graph.analytics.overlaps import duplicates

    dups = duplicates(tables)
    data = _data(pages["overlaps"])
    pair_edges = [
        e for e in data["edges"] if e["from"].startswith("item:") and e["to"].startswith("item:")
    ]
    assert len(pair_edges) == len(dups)
    differ = {e["color"]["color"] for e in pair_edges if "分工差异" in e["tip"].get("note", "")}
    agree = {e["color"]["color"] for e in pair_edges if "note" not in e["tip"]}
    assert len(differ) == 1 and len(agree) == 1 and differ != agree
    assert sum(1 for e in pair_edges if "note" in e["tip"]) == int(
        (~dups["assignments_agree"]).sum()
    )


def test_output_is_repeatable(tables):
    assert render_view(tables, "load") == render_view(tables, "load")


def test_section_filters(tables):
    a = build_view(tables, "tasks", section="2.5")
    b = build_view(tables, "tasks", section="5")
    c = build_view(tables, "tasks", part=2, section="5")
    ids = [sorted(n["id"] for n in v.nodes) for v in (a, b, c)]
    assert ids[0] == ids[1] == ids[2]
    refs = {n["label"] for n in a.nodes if n["id"].startswith("item:")}
    assert refs and all(ref.startswith("2.") for ref in refs)
    assert len(refs) == 38
    part4 = build_view(tables, "tasks", part=4)
    assert {n["label"].split(".")[0] for n in part4.nodes if n["id"].startswith("item:")} == {"4"}


def test_unit_kind_and_min_load_filters(tables):
    from graph.analytics.load import unit_load

    water = build_view(tables, "tasks", unit="市水务局")
    items = {n["id"] for n in water.nodes if n["id"].startswith("item:")}
    assert items and all(
        any(e["from"] == "unit:市水务局" and e["to"] == i for e in water.edges) for i in items
    )
    kind = build_view(tables, "load", kind="district_government")
    assert {n["tip"]["rows"][0][1] for n in kind.nodes} == {KIND_LABELS["district_government"]}
    # Twelve districts are named as written; 汉南区 only through 各区人民政府, so its
    # node waits, hidden, for the expanded count (where all 13 show).
    assert len([n for n in kind.nodes if not n["hidden"]]) == 12
    assert [n["name"] for n in kind.nodes if n["hidden"]] == ["汉南区人民政府"]
    heavy = build_view(tables, "load", min_load=20)
    totals = unit_load(tables).set_index("unit")["total"]
    names = {n["name"] for n in heavy.nodes if not n["hidden"]}
    assert names == set(totals[totals >= 20].index)
    assert {n["label"] for n in heavy.nodes if n["name"] == "市发改委"} == {"市发改委 73"}


def test_bad_filters_are_option_errors(tables):
    for kwargs in (
        {"section": "2.99"},
        {"section": "x"},
        {"part": 9},
        {"unit": "市水物局"},
        {"kind": "ministry"},
        {"section": "3.1", "part": 2},
    ):
        with pytest.raises(OptionError):
            build_view(tables, "tasks", **kwargs)
    with pytest.raises(OptionError, match="district"):
        build_view(tables, "districts", kind="municipal_department")
    with pytest.raises(OptionError):
        build_view(tables, "pie")


def test_cli_writes_utf8_page_and_no_lib_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(viz, ["--view", "tasks", "--section", "2.5", "-o", "out/t.html"])
    assert result.exit_code == 0, result.output
    assert "wrote tasks view (72 nodes, 122 edges)" in result.stderr
    html = (out / "t.html").read_bytes().decode("utf-8")
    assert "任务分工网络" in html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no lib/ in the cwd
    assert sorted(p.name for p in out.iterdir()) == ["t.html"]  # nor next to the page


def test_cli_bad_option_is_one_line_error(tmp_path):
    result = CliRunner().invoke(
        viz, ["--view", "tasks", "--unit", "市水物局", "-o", str(tmp_path / "x.html")]
    )
    assert isinstance(result.exception, OptionError)
    assert "did you mean 市水务局" in str(result.exception)
    assert not (tmp_path / "x.html").exists()


def test_report_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(report, ["-o", "rep"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "rep").iterdir())
    assert names == sorted(
        ["index.html", "chart-districts.png", "chart-load.png", "chart-sections.png"]
        + [f"{v}.html" for v in VIEWS]
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]
    html = (tmp_path / "rep" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html
    links = [u for u in ATTRIBUTE_URL.findall(html) if not u.startswith("data:")]
    assert sorted(links) == sorted(f"{v}.html" for v in VIEWS)


def test_report_in_english(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(report, ["-o", "rep", "--lang", "en"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "rep" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "<h1>Task allocation report</h1>" in html
    assert "<h2>Load ranking (top 20)</h2>" in html and "任务负荷排行" not in html
    zh = CliRunner().invoke(report, ["-o", "rep-zh"])
    assert zh.exit_code == 0
    assert "任务负荷排行(前 20)" in (tmp_path / "rep-zh" / "index.html").read_text(encoding="utf-8")
