# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # SPARQL for researchers: named queries, pandas, your own query, a server
#
# This notebook builds the bundled plan — Wuhan 2023, 武政办〔2023〕1号, 322 numbered items —
# into an embedded Oxigraph store, runs the named queries that ship with dutygraph (with
# parameters), loads the answers into pandas, writes a new query from scratch, and runs
# that query against a local Oxigraph **server** as well, the way a team shares one graph.
#
# Everything runs offline on a laptop in a few seconds. The same queries are on the
# command line: `dutygraph queries`, `dutygraph query NAME -p NAME=VALUE`. The catalogue
# with every query's text is [`docs/queries.md`](../docs/queries.md).
#
# To open a store persisted on disk (by `dutygraph query … --store DIR`, say) instead of
# building one, set the environment variable `DUTYGRAPH_STORE` to its folder; the tests
# do, so that the notebooks share one build.

# %%
import os

import pandas as pd

from graph import list_queries, open_store, run_query

pd.set_option("display.max_rows", 30)
pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 120)

# Parse the bundled plan and build it into an in-memory store; or, with DUTYGRAPH_STORE
# naming a folder, open the store persisted there (built there first if it is new).
store = open_store(store_dir=os.environ.get("DUTYGRAPH_STORE"))
print(f"{len(store)} triples (the plan and the ontology)")

# %% [markdown]
# ## The named queries
#
# Each query is a `.rq` file in `queries/` whose comment header gives its titles in
# English and Chinese, a description, typed parameters with defaults and the columns
# it returns.

# %%
catalogue = pd.DataFrame(
    [
        {
            "name": q.name,
            "title": q.title,
            "标题": q.title_zh,
            "params": ", ".join(f"{p.name}: {p.type} = {p.default!r}" for p in q.params),
        }
        for q in list_queries()
    ]
)
catalogue

# %% [markdown]
# ## Running queries with parameters
#
# `run_query(name, params, store=...)` returns a DataFrame whose columns follow the
# query's `SELECT`, typed: integers as `Int64`, dates as `datetime.date`, text and IRIs as
# strings. Parameter values are bound by the engine as typed terms, never pasted into
# the query text.
#
# **Units ranked by load**, as the plan writes them: a group such as 各区人民政府 counts as
# one unit.

# %%
written = run_query("unit-load", store=store)
written.head(8)

# %% [markdown]
# With `expand=true` an item given to an enumerated group counts for each of its
# members, and the groups drop out: the districts move up.

# %%
expanded = run_query("unit-load", {"expand": True}, store=store)
expanded.head(8)

# %%
# The same units as written and with group expansion, side by side: districts gain
# the most, because 各区人民政府 stands for all of them.
both = written.merge(expanded, on=["unit", "kind"], how="outer", suffixes=("_written", "_expanded"))
both["gain"] = both["total_expanded"] - both["total_written"]
both.sort_values(["gain", "unit"], ascending=[False, True])[
    ["unit", "kind", "total_written", "total_expanded", "gain"]
].head(6).reset_index(drop=True)

# %% [markdown]
# **The items of one unit**, with its role on each and how the assignment arises
# (written, by the no-lead rule, or through a group):

# %%
water = run_query("unit-items", {"unit": "市水务局", "expand": False}, store=store)
print(len(water), "items")
water.groupby(["role", "derivation"]).size().rename("items").reset_index()

# %% [markdown]
# **A keyword search** over the items' text, and the plan's metadata:

# %%
run_query("keyword-items", {"keyword": "充电桩"}, store=store)

# %%
meta = run_query("plan-metadata", store=store)
meta[["doc_number", "issuer", "issued", "year", "items"]]

# %%
meta.dtypes

# %% [markdown]
# ## pandas from here on
#
# The answers are ordinary DataFrames. For example: how the load is spread over the
# kinds of unit, as written.

# %%
(
    written.groupby("kind")[["lead", "responsible", "total"]]
    .sum()
    .sort_values("total", ascending=False)
)

# %% [markdown]
# ## A new query from scratch
#
# A question the library does not answer yet: *in which sections does the plan most
# often name no lead unit?* (There the plan's rule makes the responsible units lead.)
# The query uses the ontology's terms — `dg:leadByRule` on each item, the section a
# `dg:Section` with a `dg:number` and a `skos:prefLabel` — see
# [`docs/ontology.md`](../docs/ontology.md). It takes one parameter, `$min_items`, used
# in an expression (`HAVING`), where the engine binds it.

# %%
from graph.store.library import parse_query_file

NO_LEAD_SHARE = """
# title: Sections by share of items with no named lead
# title@zh: 各章节未写明牵头单位事项占比
# description: Items per section, how many name no lead unit, and their share.
# param: min_items integer 10  Only sections with at least this many items
# columns: part, section, title, items, no_lead, share
# keywords: no-lead rule, sections, 牵头单位
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?part ?section ?title (COUNT(?item) AS ?items) (SUM(IF(?rule, 1, 0)) AS ?no_lead)
       (ROUND(1000 * SUM(IF(?rule, 1, 0)) / COUNT(?item)) / 1000 AS ?share)
WHERE {
  ?item a dg:Item ; dg:leadByRule ?rule ; dg:part/dg:number ?part ; dg:section ?s .
  ?s dg:number ?section ; skos:prefLabel ?title .
}
GROUP BY ?part ?section ?title
HAVING (COUNT(?item) >= $min_items)
ORDER BY DESC(?share) ?part ?section
""".lstrip()

no_lead_share = parse_query_file(NO_LEAD_SHARE, "no-lead-share")
print(
    no_lead_share.title,
    "/",
    no_lead_share.title_zh,
    "— params:",
    [p.name for p in no_lead_share.params],
)
embedded = run_query(no_lead_share, {"min_items": 20}, store=store)
embedded

# %% [markdown]
# Saved as `no-lead-share.rq`, the same query runs from the command line:
# `dutygraph query no-lead-share.rq -p min_items=20`.
#
# ## The same query on a SPARQL server
#
# A team shares one graph on a server. Here a local [Oxigraph](https://github.com/oxigraph/oxigraph)
# server (the `oxigraph` command of the PyPI package of the same name) starts in memory
# on a free port of 127.0.0.1, `dutygraph push` uploads the plan with the SPARQL 1.1
# Graph Store Protocol (each named graph of the store to the graph of the same name;
# `--union-default-graph` lets queries see them all, as embedded), and
# `run_query(..., endpoint=...)` asks the server. The last
# cell of the notebook stops the server. For Fuseki, Virtuoso and QLever see
# [`docs/sparql-server.md`](../docs/sparql-server.md).

# %%
import atexit
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
with socket.socket() as probe:  # a free port, chosen by the system
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
server = subprocess.Popen(
    [oxigraph, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
atexit.register(server.terminate)  # in case the notebook stops before its last cell
base = f"http://127.0.0.1:{port}"
for _ in range(200):  # wait until it answers
    try:
        urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
        break
    except OSError:
        time.sleep(0.05)
print("server running:", server.poll() is None)

# %%
# Upload the bundled plan (data and ontology) with the command line.
push = subprocess.run(
    [sys.executable, "-m", "graph", "push", "--endpoint", base + "/store", "--replace"],
    capture_output=True,
    text=True,
)
print("exit", push.returncode, "|", push.stderr.strip().replace(base, "http://127.0.0.1:PORT"))

# %%
remote = run_query(no_lead_share, {"min_items": 20}, endpoint=base + "/query")
print("same answer as embedded:", remote.equals(embedded))
remote

# %%
# Every named query, with its default parameters, gives the same table on the server.
checks = {
    q.name: run_query(q, store=store).equals(run_query(q, endpoint=base + "/query"))
    for q in list_queries()
}
print(sum(checks.values()), "of", len(checks), "named queries agree")

# %%
server.terminate()
server.wait(timeout=10)
print("server stopped:", server.poll() is not None)
