
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
