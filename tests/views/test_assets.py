"""The pages' stylesheets, script and skeletons are package files, inlined verbatim;
the network builder, layouts and BLAS guard that made the views fast change no byte.
"""

from __future__ import annotations

import base64
import configparser
import hashlib
import json
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from graph.views import VIEWS, render_view
from graph.views.assets import inline_safe, static_text, template, vis_assets
from graph.views.page import FONT_STACK

REPO = Path(__file__).resolve().parents[2]
VIEWS_DIR = REPO / "graph" / "views"
STATIC = ("page.css", "page.js", "report.css", "unit.css", "unit.js")
TEMPLATES = ("page.html", "report.html", "unit.html")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture(scope="module")
def pages(tables) -> dict[str, str]:
    return {view: render_view(tables, view) for view in VIEWS}


def test_static_files_and_templates_are_package_data():
    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg", encoding="utf-8")
    patterns = [p.strip() for p in config["options.package_data"]["graph.views"].split(",")]
    covered = {path for pattern in patterns for path in VIEWS_DIR.glob(pattern) if path.is_file()}
    shipped = {
        path
        for folder in ("static", "templates")
        for path in (VIEWS_DIR / folder).rglob("*")
        if path.is_file()
    }
    names = {p.relative_to(VIEWS_DIR).as_posix() for p in shipped}
    # Ours, and the comparison page's (graph/views/view_compare.py) where it exists.
    assert {n for n in names if "compare" not in n} == {
        *(f"static/{name}" for name in STATIC),
        *(f"templates/{name}" for name in TEMPLATES),
    }
    assert shipped - covered == set()


@pytest.mark.parametrize("view", VIEWS)
def test_page_inlines_its_css_and_js_files_verbatim(pages, view):
    html = pages[view]
    styles = re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    page_css = inline_safe(static_text("page.css").replace("__FONT__", FONT_STACK), "style")
    page_js = inline_safe(static_text("page.js"), "script")
    vis_js, vis_css = vis_assets()
    assert styles == [vis_css, page_css]
    assert "__FONT__" not in html and FONT_STACK in styles[1]
    assert scripts == [vis_js, page_js]
    # The CSP allows exactly the two inline scripts, by their hashes.
    policy = unescape(re.search(r'Content-Security-Policy" content="([^"]*)"', html).group(1))
    allowed = re.search(r"script-src ([^;]*);", policy).group(1).split()
    assert allowed == [_sha256(scripts[0]), _sha256(scripts[1])]


def test_static_files_reach_for_nothing_outside_the_page():
    css = static_text("page.css") + static_text("report.css")
    js = static_text("page.js")
    assert "@import" not in css and "url(" not in css
    for call in ("fetch(", "XMLHttpRequest", "import(", "innerHTML", "eval(", ".src", "http"):
        assert call not in js, call


def test_templates_have_exactly_the_placeholders_the_renderers_fill():
    assert set(template("page.html").get_identifiers()) == {
        "csp", "heading", "subtitle", "vis_css", "css", "vis_js", "data", "app_js",
    }  # fmt: skip
    assert set(template("report.html").get_identifiers()) == {
        "heading",
        "lang",
        "css",
        "meta",
        "body",
    }
    assert set(template("unit.html").get_identifiers()) == {
        "csp", "title", "subtitle", "css", "body", "data", "app_js",
    }  # fmt: skip


def test_dollar_signs_in_plan_text_stay_literal(tables):
    html = render_view(tables, "districts", heading="$css ${data} $$ 5元")
    assert "<title>$css ${data} $$ 5元</title>" in html
    assert "<h1>$css ${data} $$ 5元</h1>" in html


def test_report_inlines_its_css_file(tables, tmp_path):
    from graph.views.report import render_report

    html = render_report(tables, {})
    assert re.findall(r"<style>(.*?)</style>", html, flags=re.S) == [static_text("report.css")]
    assert "<script" not in html and "${" not in html


def test_network_builds_the_dicts_pyvis_builds():
    from pyvis.network import Network as PyvisNetwork

    from graph.views.common import network

    def fill(net):
        net.add_node("unit:甲", label="甲", shape="dot", color={"background": "#fff"}, size=3, x=1)
        net.add_node("item:1.1", x=0.5, y=-2.0, tip={"title": "t"})
        net.add_node("unit:甲", label="again")  # a repeated id is ignored
        net.add_node(7, label="")
        net.add_edge("unit:甲", "item:1.1", width=2, arrows={"to": {"enabled": False}})
        net.add_edge("item:1.1", 7, tip={"title": "e"})
        net.add_edge("unit:甲", "item:1.1", width=1)  # directed: kept twice, as pyvis does
        return net

    ours = fill(network())
    theirs = fill(PyvisNetwork(directed=True, cdn_resources="in_line"))
    assert [list(n.items()) for n in ours.nodes] == [list(n.items()) for n in theirs.nodes]
    assert [list(e.items()) for e in ours.edges] == [list(e.items()) for e in theirs.edges]
    assert ours.nodes[2] == {"color": "#97c2fc", "id": 7, "label": 7, "shape": "dot"}
    with pytest.raises(ValueError, match="not in the network"):
        ours.add_edge("unit:甲", "item:9.9")


def test_rendering_a_page_imports_neither_pyvis_nor_ipython():
    code = (
        "import sys\n"
        "from graph.views.common import network, options\n"
        "from graph.views.page import render_page\n"
        "net = network(); net.add_node('a', x=0, y=0); net.add_node('b', x=1, y=1)\n"
        "net.add_edge('a', 'b')\n"
        "html = render_page(view='v', heading='h', subtitle='', nodes=net.nodes,\n"
        "                   edges=net.edges, options=options(2, 1), legend=[])\n"
        "print(len(html) > 100000, 'pyvis' in sys.modules, 'IPython' in sys.modules,\n"
        "      'jinja2' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.split() == ["True", "False", "False", "False"]


LAYOUT_PROBE = """
import json, networkx as nx
from graph.views.layout import positions
g = nx.Graph()
g.add_edges_from((f"u{i}", f"item{j}") for i in range(6) for j in range(4) if (i + j) % 3)
g.add_edges_from([("甲", "乙"), ("乙", "丙"), ("丙", "丁"), ("丁", "甲"), ("甲", "丙")])
print(json.dumps(sorted(positions(g).items()), ensure_ascii=False))
"""


def test_small_components_land_in_the_same_place_in_every_process():
    # A component under half the graph's nodes was laid out in the order of a set of
    # strings, which changes with the hash seed: the tasks view's 2.209 moved.
    runs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", LAYOUT_PROBE],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
            env=env,
        )
        runs.append(json.loads(out.stdout))
    assert runs[0] == runs[1] == runs[2]
    placed = dict((node, tuple(xy)) for node, xy in runs[0])
    assert len(placed) == 14
    assert placed["u0"] != placed["u1"]
    # The 4-cycle sits below the main component.
    main_bottom = max(placed[n][1] for n in placed if n.startswith(("u", "item")))
    assert min(placed[n][1] for n in "甲乙丙丁") > main_bottom


def _networkx_is_3_6_or_later() -> bool:
    import networkx as nx

    major, minor = (int(x) for x in nx.__version__.split(".")[:2])
    return (major, minor) >= (3, 6)


@pytest.mark.skipif(
    not _networkx_is_3_6_or_later(),
    reason="networkx before 3.6 clipped the step length differently",
)
@pytest.mark.parametrize("case", ["plain", "weighted", "fixed"])
def test_spring_is_networkx_spring_layout_to_the_bit(case):
    import networkx as nx

    from graph.views.layout import spring

    graph = nx.les_miserables_graph()  # 77 nodes, weighted co-appearances
    kwargs: dict = {"k": 0.3, "iterations": 80, "seed": 42}
    if case == "weighted":
        kwargs["weight"] = "weight"
    if case == "fixed":
        nodes = list(graph)
        kwargs["pos"] = {n: (float(i % 5) / 5, float(i // 5) / 3) for i, n in enumerate(nodes[:15])}
        kwargs["fixed"] = nodes[:15]
    theirs = nx.spring_layout(graph, **kwargs)
    ours = spring(graph, **kwargs)
    assert list(ours) == list(theirs)
    assert all(ours[n].tolist() == theirs[n].tolist() for n in graph)
    if case == "fixed":
        assert ours[next(iter(graph))].tolist() == [0.0, 0.0]  # held where it was put


def test_single_thread_holds_every_openblas_to_one_thread_and_restores_it():
    import numpy  # noqa: F401
    import scipy.linalg  # noqa: F401

    from graph.views import blas

    libraries = [p for p in blas._libraries() if blas._controls(p) is not None]
    if not libraries:
        pytest.skip("no OpenBLAS with thread controls is loaded here")
    before = [blas._controls(p)[0]() for p in libraries]
    with blas.single_thread():
        assert [blas._controls(p)[0]() for p in libraries] == [1] * len(libraries)
    assert [blas._controls(p)[0]() for p in libraries] == before


def test_a_library_loaded_inside_the_block_is_held_by_a_refreshing_block(monkeypatch):
    """Only the outermost block reads the loaded libraries, so one loaded inside it
    (scipy's, by networkx's sparse layout) runs on all threads unless a nested
    block refreshes; the refreshing block restores what it changed when it ends."""
    from graph.views import blas

    threads = {"numpy": 2, "scipy": 2}
    loaded = ["numpy"]

    def controls(path):
        return (lambda: threads[path], lambda n: threads.__setitem__(path, n))

    monkeypatch.setattr(blas, "_libraries", lambda: list(loaded))
    monkeypatch.setattr(blas, "_controls", controls)
    with blas.single_thread():
        assert threads == {"numpy": 1, "scipy": 2}
        loaded.append("scipy")  # imported inside the block
        with blas.single_thread():
            assert threads == {"numpy": 1, "scipy": 2}  # not read again
        with blas.single_thread(refresh=True):
            assert threads == {"numpy": 1, "scipy": 1}
        assert threads == {"numpy": 1, "scipy": 2}
    assert threads == {"numpy": 2, "scipy": 2}
