"""One self-contained HTML page per view.

pyvis builds the network (nodes, edges, options); the page around it is ours,
not pyvis's template: pyvis's template pulls Bootstrap (and with menus tom-select)
from a CDN even in ``in_line`` mode and escapes neither heading nor node ids.

Offline: vis-network's script and stylesheet are inlined from the installed pyvis
package; the page references nothing outside itself, and a Content-Security-Policy
(``default-src 'none'``) forbids any fetch, so a stray reference could not leave
the machine either.

Escaping: all plan text travels as JSON in a ``<script type="application/json">``
block with ``<``, ``>`` and ``&`` written as ``\\u003c`` etc., so it cannot end the
block; the page script builds tooltips, the legend and the details panel with
``textContent`` only (never ``innerHTML``), and the heading is HTML-escaped. The CSP
allows only the two inline scripts by their SHA-256 hashes, so even injected markup
could run no script and no ``onerror`` handler.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from typing import Any

from graph.views.assets import inline_safe, vis_assets

FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", '
    '"PingFang SC", "Hiragino Sans GB", "SimHei", sans-serif'
)

PAGE_CSS = """
html, body { margin: 0; padding: 0; height: 100%; }
body { font-family: __FONT__; color: #222; background: #fafafa; display: flex; flex-direction: column; }
header { padding: 10px 16px 6px; background: #fff; border-bottom: 1px solid #ddd; }
header h1 { font-size: 20px; margin: 0 0 4px; font-weight: 600; }
header .sub { font-size: 13px; color: #555; margin: 0; }
main { flex: 1; display: flex; min-height: 0; }
#mynetwork { flex: 1; min-width: 0; height: 100%; background: #ffffff; position: relative; }
aside { width: 300px; overflow-y: auto; border-left: 1px solid #ddd; background: #fff; padding: 10px 12px; font-size: 13px; box-sizing: border-box; }
aside h2 { font-size: 14px; margin: 12px 0 6px; }
aside h2:first-child { margin-top: 0; }
.dg-legend-row { display: flex; align-items: center; margin: 3px 0; }
.dg-swatch { display: inline-block; width: 14px; height: 14px; margin-right: 8px; flex: none; box-sizing: border-box; }
.dg-swatch.dot { border-radius: 50%; }
.dg-swatch.box { border-radius: 2px; width: 18px; height: 12px; }
.dg-swatch.diamond { transform: rotate(45deg) scale(0.8); }
.dg-line { display: inline-block; width: 26px; height: 0; margin-right: 8px; flex: none; position: relative; }
.dg-line.arrow::after { content: ""; position: absolute; right: -2px; top: -4px; border-left: 6px solid currentColor; border-top: 4px solid transparent; border-bottom: 4px solid transparent; }
.dg-note { color: #666; margin: 4px 0; }
#find { width: 100%; box-sizing: border-box; padding: 4px 6px; font: inherit; }
#info:empty::before { content: "点击节点或连线查看详情。"; color: #888; }
.dg-tip { max-width: 420px; font-size: 13px; line-height: 1.45; white-space: normal; }
#info .dg-tip { max-width: none; }
.dg-tip-title { font-weight: 600; font-size: 14px; }
.dg-tip-sub { color: #555; font-size: 12px; }
.dg-tip-text { margin: 4px 0; }
.dg-tip-rows { border-collapse: collapse; margin: 4px 0; }
.dg-tip-rows th { text-align: left; font-weight: normal; color: #666; padding: 0 10px 0 0; }
.dg-tip-rows td { padding: 0; }
.dg-tip-list-title { margin-top: 4px; color: #666; }
.dg-tip-list { margin: 2px 0 0 16px; padding: 0; }
.dg-ref { font-weight: 600; }
.dg-tip-note { margin-top: 4px; color: #a04000; }
.dg-empty { position: absolute; top: 40%; width: 100%; text-align: center; color: #888; font-size: 16px; }
div.vis-tooltip { white-space: normal; max-width: 440px; font-family: __FONT__; }
"""

# The page script: ES5, no innerHTML anywhere, every text set with textContent.
PAGE_JS = r"""
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("dutygraph-data").textContent);
  var state = { network: null, nodes: null, edges: null, ready: false, readyMs: null,
                view: DATA.view, counts: DATA.counts };
  window.dutygraph = state;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function tipElement(tip) {
    var box = el("div", "dg-tip");
    if (!tip) { return box; }
    if (tip.title) { box.appendChild(el("div", "dg-tip-title", tip.title)); }
    if (tip.sub) { box.appendChild(el("div", "dg-tip-sub", tip.sub)); }
    if (tip.text) { box.appendChild(el("div", "dg-tip-text", tip.text)); }
    if (tip.rows && tip.rows.length) {
      var table = el("table", "dg-tip-rows");
      tip.rows.forEach(function (row) {
        var tr = el("tr");
        tr.appendChild(el("th", null, row[0]));
        tr.appendChild(el("td", null, row[1]));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    if (tip.list && tip.list.length) {
      box.appendChild(el("div", "dg-tip-list-title", tip.list_title || ""));
      var ul = el("ul", "dg-tip-list");
      tip.list.forEach(function (entry) {
        var li = el("li");
        li.appendChild(el("span", "dg-ref", entry[0]));
        li.appendChild(document.createTextNode(" " + entry[1]));
        ul.appendChild(li);
      });
      box.appendChild(ul);
      if (tip.more) { box.appendChild(el("div", "dg-tip-sub", "另有 " + tip.more + " 项")); }
    }
    if (tip.note) { box.appendChild(el("div", "dg-tip-note", tip.note)); }
    return box;
  }

  function withTitle(list) {
    return list.map(function (item) {
      var copy = {};
      Object.keys(item).forEach(function (key) { copy[key] = item[key]; });
      copy.title = tipElement(item.tip);
      return copy;
    });
  }

  function legend() {
    var box = document.getElementById("legend");
    DATA.legend.forEach(function (entry) {
      var row = el("div", "dg-legend-row");
      if (entry.type === "node") {
        var sw = el("span", "dg-swatch " + (entry.shape || "dot"));
        sw.style.background = entry.color;
        sw.style.border = "2px solid " + (entry.border || entry.color);
        row.appendChild(sw);
      } else if (entry.type === "edge") {
        var line = el("span", "dg-line" + (entry.arrow ? " arrow" : ""));
        line.style.borderTop = (entry.width || 2) + "px " + (entry.dashes ? "dashed " : "solid ") + entry.color;
        line.style.color = entry.color;
        row.appendChild(line);
      } else {
        row.className = "dg-note";
      }
      row.appendChild(el("span", null, entry.label));
      box.appendChild(row);
    });
  }

  function details(tip) {
    var info = document.getElementById("info");
    while (info.firstChild) { info.removeChild(info.firstChild); }
    if (tip) { info.appendChild(tipElement(tip)); }
  }

  function finder(nodes, network) {
    var input = document.getElementById("find");
    var list = document.getElementById("find-list");
    var byLabel = {};
    DATA.nodes.forEach(function (n) {
      var key = String(n.name || n.label);
      if (!(key in byLabel)) {
        byLabel[key] = n.id;
        var option = document.createElement("option");
        option.value = key;
        list.appendChild(option);
      }
    });
    function go() {
      var id = byLabel[input.value];
      if (id === undefined) { return; }
      network.selectNodes([id]);
      network.focus(id, { scale: 1.2, animation: false });
      details(nodes.get(id).tip);
    }
    input.addEventListener("change", go);
    input.addEventListener("keydown", function (event) { if (event.key === "Enter") { go(); } });
  }

  legend();
  var container = document.getElementById("mynetwork");
  var nodes = new vis.DataSet(withTitle(DATA.nodes));
  var edges = new vis.DataSet(withTitle(DATA.edges));
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  state.network = network;
  state.nodes = nodes;
  state.edges = edges;
  if (!DATA.nodes.length) {
    container.appendChild(el("div", "dg-empty", "没有符合筛选条件的节点。"));
  }
  network.on("click", function (params) {
    if (params.nodes.length) { details(nodes.get(params.nodes[0]).tip); }
    else if (params.edges.length) { details(edges.get(params.edges[0]).tip); }
    else { details(null); }
  });
  network.once("afterDrawing", function () {
    state.ready = true;
    state.readyMs = performance.now();
    document.documentElement.setAttribute("data-ready", "1");
  });
  network.fit({ animation: false });
  finder(nodes, network);
})();
"""


def script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _hash(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


def csp(scripts: list[str]) -> str:
    allowed = " ".join(_hash(s) for s in scripts) or "'none'"
    return (
        f"default-src 'none'; script-src {allowed}; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )


def render_page(
    *,
    view: str,
    heading: str,
    subtitle: str,
    nodes: list[dict],
    edges: list[dict],
    options: dict,
    legend: list[dict],
) -> str:
    """The complete HTML page (a ``str``; write it as UTF-8)."""
    vis_js, vis_css = vis_assets()
    app_js = inline_safe(PAGE_JS, "script")
    data = {
        "view": view,
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "legend": legend,
        "counts": {"nodes": len(nodes), "edges": len(edges)},
    }
    css = inline_safe(PAGE_CSS.replace("__FONT__", FONT_STACK), "style")
    esc = html.escape
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(csp([vis_js, app_js]))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dutygraph">
<title>{esc(heading)}</title>
<style>{vis_css}</style>
<style>{css}</style>
<script>{vis_js}</script>
</head>
<body>
<header>
<h1>{esc(heading)}</h1>
<p class="sub">{esc(subtitle)}</p>
</header>
<main>
<div id="mynetwork"></div>
<aside>
<h2>查找</h2>
<input id="find" list="find-list" placeholder="输入单位名称或事项编号" autocomplete="off">
<datalist id="find-list"></datalist>
<h2>图例</h2>
<div id="legend"></div>
<h2>详情</h2>
<div id="info"></div>
</aside>
</main>
<script type="application/json" id="dutygraph-data">{script_json(data)}</script>
<script>{app_js}</script>
</body>
</html>
"""
