/* The SPARQL editor: CodeMirror 5 (vendored, offline) with SPARQL highlighting,
   completion of the project's prefixes (adding their PREFIX line), and results
   drawn as a table with textContent only: no HTML from the data is ever parsed. */
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("editor-settings").textContent);
  var prefixes = settings.prefixes;
  var names = Object.keys(prefixes).sort();
  var form = document.getElementById("editor-form");
  var status = document.getElementById("status");
  var table = document.getElementById("results");
  var graph = document.getElementById("graph");
  var format = document.getElementById("format");

  function declared(text, name) {
    var pattern = new RegExp("^\\s*PREFIX\\s+" + name + ":", "im");
    return pattern.test(text);
  }

  function prefixHint(cm) {
    var cursor = cm.getCursor();
    var line = cm.getLine(cursor.line);
    var start = cursor.ch;
    while (start > 0 && /[\w-]/.test(line.charAt(start - 1))) { start -= 1; }
    var word = line.slice(start, cursor.ch);
    var list = names.filter(function (name) { return name.indexOf(word) === 0; }).map(function (name) {
      return {
        text: name + ":",
        displayText: name + ": <" + prefixes[name] + ">",
        hint: function (editor, data, completion) {
          editor.replaceRange(completion.text, data.from, data.to);
          if (!declared(editor.getValue(), name)) {
            editor.replaceRange("PREFIX " + name + ": <" + prefixes[name] + ">\n", {line: 0, ch: 0});
          }
        }
      };
    });
    return {list: list, from: CodeMirror.Pos(cursor.line, start), to: CodeMirror.Pos(cursor.line, cursor.ch)};
  }

  var editor = CodeMirror.fromTextArea(document.getElementById("query"), {
    mode: "application/sparql-query",
    lineNumbers: true,
    indentUnit: 2,
    extraKeys: {
      "Ctrl-Space": "autocomplete",
      "Ctrl-Enter": function () { run(); }
    },
    hintOptions: {hint: prefixHint, completeSingle: false}
  });
  window.dutygraphEditor = editor;

  function localPath(iri) {
    if (iri.indexOf(settings.base) === 0) {
      return "/id/" + encodeURI(iri.slice(settings.base.length)).replace(/#/g, "%23").replace(/\?/g, "%3F");
    }
    return "/resource?iri=" + encodeURIComponent(iri);
  }

  function cell(row, term) {
    var td = document.createElement("td");
    if (term && term.type === "uri") {
      var a = document.createElement("a");
      a.href = localPath(term.value);
      a.textContent = term.value;
      td.appendChild(a);
    } else if (term) {
      td.textContent = term.value;
    }
    row.appendChild(td);
  }

  function clear() {
    while (table.firstChild) { table.removeChild(table.firstChild); }
    graph.hidden = true;
    graph.textContent = "";
  }

  function draw(data) {
    var head = document.createElement("thead");
    var tr = document.createElement("tr");
    var vars = data.head.vars || [];
    if (data.boolean !== undefined) { vars = ["boolean"]; }
    vars.forEach(function (name) {
      var th = document.createElement("th");
      th.textContent = name;
      tr.appendChild(th);
    });
    head.appendChild(tr);
    table.appendChild(head);
    var body = document.createElement("tbody");
    if (data.boolean !== undefined) {
      var only = document.createElement("tr");
      cell(only, {type: "literal", value: String(data.boolean)});
      body.appendChild(only);
    } else {
      data.results.bindings.forEach(function (binding) {
        var row = document.createElement("tr");
        vars.forEach(function (name) { cell(row, binding[name]); });
        body.appendChild(row);
      });
    }
    table.appendChild(body);
    return data.boolean !== undefined ? 1 : data.results.bindings.length;
  }

  function run() {
    clear();
    status.textContent = "running…";
    var started = Date.now();
    var body = new URLSearchParams();
    body.set("query", editor.getValue());
    fetch("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9"
      },
      body: body
    }).then(function (response) {
      return response.text().then(function (text) {
        var seconds = ((Date.now() - started) / 1000).toFixed(2);
        if (!response.ok) {
          status.textContent = response.status + ": " + text;
          status.className = "error";
          return;
        }
        status.className = "muted";
        var cut = response.headers.get("Dutygraph-Truncated") ? " (cut at " + response.headers.get("Dutygraph-Row-Cap") + " rows)" : "";
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("json") >= 0) {
          var rows = draw(JSON.parse(text));
          status.textContent = rows + " rows in " + seconds + " s" + cut;
        } else {
          graph.hidden = false;
          graph.textContent = text;
          status.textContent = "graph in " + seconds + " s" + cut;
        }
      });
    }).catch(function (error) {
      status.textContent = "failed: " + error;
      status.className = "error";
    });
  }

  form.addEventListener("submit", function (event) {
    editor.save();
    if (!format.value) {
      event.preventDefault();
      run();
    }
  });
  document.documentElement.setAttribute("data-ready", "1");
}());
