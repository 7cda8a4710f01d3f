
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("dutygraph-data").textContent);
  var state = { network: null, nodes: null, edges: null, ready: false, readyMs: null,
                view: DATA.view, counts: DATA.counts, find: null, go: null,
                measure: null, scope: null };
  window.dutygraph = state;

  // Every lookup keyed by plan text (unit names, refs) is a Map: a unit called
  // __proto__, constructor or toString is a key like any other.

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
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

  function withTitle(item) {
    var copy = {};
    Object.keys(item).forEach(function (key) { copy[key] = item[key]; });
    if (item.tip) { copy.title = tipElement(item.tip); }  // else the view's script sets it
    return copy;
  }

  // --- legend, with a size scale drawn at the current zoom --------------------------

  var scales = [];

  function niceValues(top) {
    // Three reference values: the largest, about a quarter and a sixteenth of it,
    // rounded to one or two significant figures (never 0).
    var out = [];
    [1, 0.25, 0.0625].forEach(function (share) {
      var v = top * share;
      if (v <= 0) { return; }
      var p = Math.pow(10, Math.floor(Math.log(v) / Math.LN10));
      var r = share === 1 ? v : Math.max(p, Math.round(v / p) * p);
      r = Math.round(r * 10) / 10;
      if (out.indexOf(r) < 0) { out.push(r); }
    });
    return out;
  }

  function drawScale(box, entry) {
    clear(box);
    var s = state.scaleOf ? state.scaleOf(entry) : entry;
    if (!s || !(s.top > 0)) { return; }
    var zoom = state.network ? state.network.getScale() : 1;
    niceValues(s.top).forEach(function (value) {
      var d = Math.max(1, 2 * s.high * Math.sqrt(value / s.top) * zoom);
      var item = el("span", "dg-scale-item");
      var disc = el("span", "dg-scale-disc");
      disc.style.width = d.toFixed(1) + "px";
      disc.style.height = d.toFixed(1) + "px";
      item.appendChild(disc);
      item.appendChild(el("span", "dg-scale-value", String(value) + (s.unit || "")));
      box.appendChild(item);
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
      } else if (entry.type === "scale") {
        row.className = "dg-legend-scale";
        var discs = el("div", "dg-scale");
        scales.push([discs, entry]);
        row.appendChild(el("div", "dg-note", entry.label));
        row.appendChild(discs);
        box.appendChild(row);
        return;
      } else {
        row.className = "dg-note";
      }
      row.appendChild(el("span", null, entry.label));
      box.appendChild(row);
    });
  }

  function redrawScales() {
    scales.forEach(function (pair) { drawScale(pair[0], pair[1]); });
  }

  function details(tip) {
    var info = document.getElementById("info");
    clear(info);
    if (tip) { info.appendChild(tipElement(tip)); }
  }

  // --- search: substring, alias, English and official names, Traditional input -------

  var T2S = new Map();
  (function () {
    var pairs = String(DATA.t2s || "");
    for (var i = 0; i + 1 < pairs.length; i += 2) { T2S.set(pairs.charAt(i), pairs.charAt(i + 1)); }
  })();

  function fold(text) {
    var s = String(text).normalize("NFKC").toLowerCase();
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var ch = s.charAt(i);
      out += T2S.has(ch) ? T2S.get(ch) : ch;
    }
    return out.replace(/\s+/g, " ").trim();
  }

  var entries = (DATA.search || []).map(function (row, order) {
    // [id, label, kind, [names...], [other texts...]]
    return { id: row[0], label: row[1], kind: row[2], order: order,
             names: row[3].map(fold), texts: row[4].map(fold) };
  });

  function find(query) {
    var q = fold(query);
    if (!q) { return []; }
    var found = [];
    entries.forEach(function (entry) {
      var rank = -1;
      entry.names.forEach(function (name, n) {
        var r = name === q ? 0 : name.indexOf(q) === 0 ? 1 : name.indexOf(q) > 0 ? 2 : -1;
        if (r >= 0 && n > 0) { r += 0.5; }
        if (r >= 0 && (rank < 0 || r < rank)) { rank = r; }
      });
      if (rank < 0) {
        entry.texts.forEach(function (text) { if (rank < 0 && text.indexOf(q) >= 0) { rank = 3; } });
      }
      if (rank >= 0) { found.push([rank, entry.order, entry]); }
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return found.slice(0, 15).map(function (f) { return f[2]; });
  }

  function searchBox() {
    var input = document.getElementById("find");
    var list = document.getElementById("find-results");
    var status = document.getElementById("find-status");
    var shown = [];
    function show() {
      var q = input.value;
      clear(list);
      shown = find(q);
      status.textContent = "";
      if (!fold(q)) { return; }
      if (!shown.length) {
        status.textContent = "没有找到与“" + q + "”匹配的单位或事项。";
        return;
      }
      shown.forEach(function (entry) {
        var item = el("li", "dg-find-item");
        item.appendChild(el("span", "dg-find-label", entry.label));
        item.appendChild(el("span", "dg-find-kind", entry.kind === "item" ? "事项" : "单位"));
        item.addEventListener("click", function () { go(entry.id); });
        list.appendChild(item);
      });
    }
    input.addEventListener("input", show);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        show();
        if (shown.length) { go(shown[0].id); }
      }
    });
    state.find = function (query) {
      input.value = query;
      show();
      return { labels: shown.map(function (e) { return e.label; }),
               ids: shown.map(function (e) { return e.id; }),
               status: status.textContent };
    };
  }

  // --- the network -----------------------------------------------------------------

  legend();
  var container = document.getElementById("mynetwork");
  var nodes = new vis.DataSet(DATA.nodes.map(withTitle));
  var edges = new vis.DataSet(DATA.edges.map(withTitle));
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  state.network = network;
  state.nodes = nodes;
  state.edges = edges;
  var selected = null;  // the node a click chose (hovering the ranking borrows the highlight)

  var pool = new Map();  // every node this page can show, by id
  DATA.nodes.forEach(function (n) { pool.set(n.id, n); });

  function focusOn(id) {
    network.selectNodes([id]);
    selected = id;
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: false });
    var node = nodes.get(id);
    details(node ? node.tip : null);
  }

  function go(id) {
    if (state.reveal) { state.reveal(id); }
    if (nodes.get(id)) { focusOn(id); }
  }
  state.go = go;

  // --- load: measure, counting, threshold, ranked list ------------------------------

  function loadControls(L) {
    var cur = { measure: L.measure, mode: L.mode, threshold: 0 };
    var texts = new Map(L.texts);
    var bar = document.getElementById("controls");
    var measure = el("select");
    measure.id = "measure";
    L.measures.forEach(function (m, i) {
      var option = el("option", null, m[1]);
      option.value = String(i);
      option.title = m[2];
      measure.appendChild(option);
    });
    var mode = el("select");
    mode.id = "mode";
    L.modes.forEach(function (m, i) {
      var option = el("option", null, m[1]);
      option.value = String(i);
      mode.appendChild(option);
    });
    var slider = el("input");
    slider.type = "range";
    slider.id = "threshold";
    var shown = el("span", "dg-threshold-value");
    [["指标", measure], ["计数", mode], ["只显示不少于", slider]].forEach(function (pair) {
      var label = el("label", "dg-control");
      label.appendChild(el("span", null, pair[0]));
      label.appendChild(pair[1]);
      if (pair[1] === slider) { label.appendChild(shown); }
      bar.appendChild(label);
    });
    var ranking = document.getElementById("ranking");
    document.getElementById("ranking-box").hidden = false;

    function key() { return L.measures[cur.measure][0]; }
    function value(n) { var v = n.v[cur.mode]; return v ? v[cur.measure] : null; }
    function figure(v) {
      if (v === null) { return ""; }
      return key() === "weighted" ? String(Math.round(v * 10) / 10) : String(Math.round(v));
    }
    function top() { return L.tops[cur.mode][cur.measure]; }
    function radius(v) { return v > 0 && top() > 0 ? L.maxRadius * Math.sqrt(v / top()) : 1.5; }

    function edgeTip(e) {
      var refs = e.refs[cur.mode];
      var w = e.w[cur.mode];
      var names = [pool.get(e.from).name, pool.get(e.to).name];
      var tip = { title: names[0] + " — " + names[1], rows: [["共同承担事项", String(w)]] };
      if (refs.length) {
        tip.list_title = "共同事项";
        tip.list = refs.slice(0, 12).map(function (r) { return [r, texts.has(r) ? texts.get(r) : ""]; });
        if (refs.length > 12) { tip.more = refs.length - 12; }
      }
      return tip;
    }

    function apply() {
      var hidden = new Set();
      var step = key() === "weighted" ? 0.5 : 1;
      slider.min = "0";
      slider.max = String(Math.ceil(top()));
      slider.step = String(step);
      if (cur.threshold > top()) { cur.threshold = 0; }
      slider.value = String(cur.threshold);
      shown.textContent = figure(cur.threshold) + (key() === "weighted" ? "" : " 项");
      var updates = DATA.nodes.map(function (n) {
        var v = value(n);
        var hide = v === null || v < cur.threshold;
        if (hide) { hidden.add(n.id); }
        var tip = n.tips[cur.mode] || n.tip;
        return { id: n.id, size: radius(v), label: n.name + " " + figure(v), hidden: hide,
                 tip: tip, title: tipElement(tip) };
      });
      nodes.update(updates);
      edges.update(DATA.edges.map(function (e) {
        var w = e.w[cur.mode];
        var hide = !w || hidden.has(e.from) || hidden.has(e.to);
        var tip = edgeTip(e);
        return { id: e.id, width: w ? L.edgeWidth * w / L.topShared[cur.mode] : 0,
                 hidden: hide, tip: tip, title: tipElement(tip) };
      }));
      rank(hidden);
      redrawScales();
      state.measure = { measure: key(), mode: L.modes[cur.mode][0], threshold: cur.threshold };
    }

    function rank(hidden) {
      clear(ranking);
      var rows = DATA.nodes.filter(function (n) { return !hidden.has(n.id); });
      rows.sort(function (a, b) {
        return value(b) - value(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
      });
      var most = top() || 1;
      rows.forEach(function (n, i) {
        var row = el("li", "dg-rank-row");
        row.setAttribute("data-id", n.id);
        row.appendChild(el("span", "dg-rank-n", String(i + 1)));
        row.appendChild(el("span", "dg-rank-name", n.name));
        var track = el("span", "dg-rank-track");
        var fill = el("span", "dg-rank-bar");
        fill.style.width = (100 * value(n) / most).toFixed(1) + "%";
        fill.style.background = n.color.background;
        track.appendChild(fill);
        row.appendChild(track);
        row.appendChild(el("span", "dg-rank-value", figure(value(n))));
        row.addEventListener("mouseenter", function () { network.selectNodes([n.id]); });
        row.addEventListener("mouseleave", function () {
          if (selected && nodes.get(selected)) { network.selectNodes([selected]); } else { network.unselectAll(); }
        });
        row.addEventListener("click", function () { go(n.id); });
        ranking.appendChild(row);
      });
    }

    measure.value = String(cur.measure);
    mode.value = String(cur.mode);
    measure.addEventListener("change", function () { cur.measure = Number(measure.value); cur.threshold = 0; apply(); });
    mode.addEventListener("change", function () { cur.mode = Number(mode.value); apply(); });
    slider.addEventListener("input", function () { cur.threshold = Number(slider.value); apply(); });
    state.scaleOf = function () { return { top: top(), high: L.maxRadius, unit: "" }; };
    state.reveal = function (id) {
      var n = pool.get(id);
      if (!n) { return; }
      if (n.v[cur.mode] === null) { cur.mode = 1 - cur.mode; mode.value = String(cur.mode); }
      if (value(n) < cur.threshold) { cur.threshold = 0; }
      apply();
    };
    state.setMeasure = function (m, md, threshold) {
      cur.measure = m; cur.mode = md; cur.threshold = threshold || 0;
      measure.value = String(m); mode.value = String(md);
      apply();
    };
    apply();
  }

  // --- tasks: one part or section at a time, chosen from a list --------------------

  function scopeChooser(S) {
    var allEdges = DATA.edges.concat(S.edges);
    S.nodes.forEach(function (n) { pool.set(n.id, n); });
    var where = new Map();  // node id -> the scopes that hold it
    S.list.forEach(function (scope, i) {
      scope.nodes.forEach(function (row) {
        if (!where.has(row[0])) { where.set(row[0], []); }
        where.get(row[0]).push(i);
      });
    });
    var bar = document.getElementById("controls");
    var chooser = el("select");
    chooser.id = "scope";
    var groups = new Map();
    S.list.forEach(function (scope, i) {
      if (!groups.has(scope.group)) {
        var optgroup = el("optgroup");
        optgroup.label = scope.group;
        groups.set(scope.group, optgroup);
        chooser.appendChild(optgroup);
      }
      var option = el("option", null, scope.label);
      option.value = String(i);
      groups.get(scope.group).appendChild(option);
    });
    var label = el("label", "dg-control dg-scope");
    label.appendChild(el("span", null, "显示范围"));
    label.appendChild(chooser);
    bar.appendChild(label);
    var current = S.initial;
    chooser.value = String(current);

    function show(i) {
      current = i;
      chooser.value = String(i);
      var scope = S.list[i];
      var members = new Set();
      var list = scope.nodes.map(function (row) {
        members.add(row[0]);
        var copy = withTitle(pool.get(row[0]));
        copy.x = row[1];
        copy.y = row[2];
        if (row[3] !== null) { copy.size = row[3]; }
        return copy;
      });
      nodes.clear();
      edges.clear();
      nodes.add(list);
      edges.add(allEdges.filter(function (e) { return members.has(e.from) && members.has(e.to); }).map(withTitle));
      network.fit({ animation: false });
      state.scope = { key: scope.key, nodes: list.length, edges: edges.length };
      redrawScales();
    }

    chooser.addEventListener("change", function () { selected = null; details(null); show(Number(chooser.value)); });
    state.scaleOf = function (entry) { return { top: S.list[current].top, high: entry.high, unit: entry.unit }; };
    state.reveal = function (id) {
      if (nodes.get(id)) { return; }
      var holders = where.get(id) || [];
      if (holders.length) { show(holders[0]); }
    };
    state.showScope = function (key) {
      for (var i = 0; i < S.list.length; i++) { if (S.list[i].key === key) { show(i); return true; } }
      return false;
    };
    state.scope = { key: S.list[current].key, nodes: DATA.nodes.length, edges: DATA.edges.length };
  }

  if (!DATA.nodes.length && !DATA.scopes) {
    container.appendChild(el("div", "dg-empty", "没有符合筛选条件的节点。"));
  }
  network.on("click", function (params) {
    if (params.nodes.length) { selected = params.nodes[0]; details(nodes.get(params.nodes[0]).tip); }
    else if (params.edges.length) { selected = null; details(edges.get(params.edges[0]).tip); }
    else { selected = null; details(null); }
  });
  network.on("zoom", redrawScales);
  network.once("afterDrawing", function () {
    state.ready = true;
    state.readyMs = performance.now();
    document.documentElement.setAttribute("data-ready", "1");
  });
  if (DATA.load) { loadControls(DATA.load); }
  if (DATA.scopes) { scopeChooser(DATA.scopes); }
  if (!document.getElementById("controls").firstChild) {
    document.getElementById("controls").hidden = true;
  }
  network.fit({ animation: false });
  redrawScales();
  searchBox();
})();
