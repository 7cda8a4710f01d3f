
(function () {
  "use strict";
  // The unit page's search: every row with a data-find text is kept when the query,
  // folded (NFKC, lower case, Traditional to Simplified), is part of it; sections
  // with no row left are hidden; a query that keeps nothing says so.
  var DATA = JSON.parse(document.getElementById("dutygraph-data").textContent);
  var T2S = new Map();
  var pairs = String(DATA.t2s || "");
  for (var i = 0; i + 1 < pairs.length; i += 2) { T2S.set(pairs.charAt(i), pairs.charAt(i + 1)); }

  function fold(text) {
    var s = String(text).normalize("NFKC").toLowerCase();
    var out = "";
    for (var k = 0; k < s.length; k++) {
      var ch = s.charAt(k);
      out += T2S.has(ch) ? T2S.get(ch) : ch;
    }
    return out.replace(/\s+/g, " ").trim();
  }

  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-find]")).map(function (row) {
    return { row: row, text: fold(row.getAttribute("data-find") + " " + row.textContent) };
  });
  var input = document.getElementById("find");
  var status = document.getElementById("find-status");

  function apply() {
    var q = fold(input.value);
    var shown = 0;
    rows.forEach(function (entry) {
      var keep = !q || entry.text.indexOf(q) >= 0;
      entry.row.classList.toggle("dg-hidden", !keep);
      if (keep) { shown += 1; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("main section"), function (section) {
      var any = section.querySelector("tr[data-find]");
      var left = section.querySelector("tr[data-find]:not(.dg-hidden)");
      section.classList.toggle("dg-hidden", Boolean(q && any && !left));
    });
    status.textContent = q && !shown ? "没有找到与“" + input.value + "”匹配的事项或单位。" : (q ? "找到 " + shown + " 行" : "");
    return shown;
  }

  input.addEventListener("input", apply);
  window.dutygraph = {
    view: "unit", ready: true, readyMs: performance.now(),
    find: function (query) { input.value = query; return { shown: apply(), status: status.textContent }; }
  };
  document.documentElement.setAttribute("data-ready", "1");
})();
