"""Write the notebooks from the cell lists below, execute them, save them with outputs.

    python notebooks/build.py            # write and execute all three notebooks
    python notebooks/build.py 02         # only the notebooks whose name starts with 02
    python notebooks/build.py --no-run   # write them without executing (no outputs)

The notebooks are generated, so edit the cells here and re-run this script: it
refreshes the committed outputs as well. Each notebook runs top to bottom on the
bundled plan, offline, in a scratch folder it deletes at the end, so its outputs
carry no path of the machine that ran it. ``tests/docs/test_notebooks.py`` executes
them again and checks that the committed outputs are still what they give.

Cells tagged ``volatile-numbers`` show figures that change whenever the data or
the query files change although the notebook did not (file sizes): the test compares
their outputs with every number masked. Cells tagged ``nondeterministic`` are
executed but their outputs are not compared (none needs it at the moment).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}
TIMEOUT = 300


def md(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def code(text: str, *tags: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(text.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


SCRATCH = code(
    """
# Work in a scratch folder: the notebook writes files there and deletes it at the end,
# so it leaves nothing behind and prints no path of this machine.
import os
import tempfile

home = os.getcwd()
scratch = tempfile.TemporaryDirectory(prefix="dutygraph-notebook-")
os.chdir(scratch.name)
"""
)

CLEANUP = code(
    """
os.chdir(home)
scratch.cleanup()
"""
)

PANDAS = """
import pandas as pd

pd.set_option("display.max_rows", 30)
pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 120)
"""

# --------------------------------------------------------------------------- 01

NB01 = [
    md(
        """
# SPARQL for researchers: named queries, pandas, your own query, a server

This notebook builds the bundled plan — Wuhan 2023, 武政办〔2023〕1号, 322 numbered items —
into an embedded Oxigraph store, runs the named queries that ship with dutygraph (with
parameters), loads the answers into pandas, writes a new query from scratch, and runs
that query against a local Oxigraph **server** as well, the way a team shares one graph.

Everything runs offline on a laptop in a few seconds. The same queries are on the
command line: `dutygraph queries`, `dutygraph query NAME -p NAME=VALUE`. The catalogue
with every query's text is [`docs/queries.md`](../docs/queries.md).
"""
    ),
    code(
        PANDAS
        + """
from graph import list_queries, open_store, run_query

store = open_store()  # parse the bundled plan and build it into an in-memory store
print(f"{len(store)} triples (the plan and the ontology)")
"""
    ),
    md(
        """
## The named queries

Each query is a `.rq` file in `queries/` whose comment header gives its titles in
English and Chinese, a description, typed parameters with defaults and the columns
it returns.
"""
    ),
    code(
        """
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
"""
    ),
    md(
        """
## Running queries with parameters

`run_query(name, params, store=...)` returns a DataFrame whose columns follow the
query's `SELECT`, typed: integers as `Int64`, dates as `datetime.date`, text and IRIs as
strings. Parameter values are bound by the engine as typed terms, never pasted into
the query text.

**Units ranked by load**, as the plan writes them: a group such as 各区人民政府 counts as
one unit.
"""
    ),
    code(
        """
written = run_query("unit-load", store=store)
written.head(8)
"""
    ),
    md(
        """
With `expand=true` an item given to an enumerated group counts for each of its
members, and the groups drop out: the districts move up.
"""
    ),
    code(
        """
expanded = run_query("unit-load", {"expand": True}, store=store)
expanded.head(8)
"""
    ),
    code(
        """
# The same units as written and with group expansion, side by side: districts gain
# the most, because 各区人民政府 stands for all of them.
both = written.merge(expanded, on=["unit", "kind"], how="outer", suffixes=("_written", "_expanded"))
both["gain"] = both["total_expanded"] - both["total_written"]
both.sort_values(["gain", "unit"], ascending=[False, True])[
    ["unit", "kind", "total_written", "total_expanded", "gain"]
].head(6).reset_index(drop=True)
"""
    ),
    md(
        """
**The items of one unit**, with its role on each and how the assignment arises
(written, by the no-lead rule, or through a group):
"""
    ),
    code(
        """
water = run_query("unit-items", {"unit": "市水务局", "expand": False}, store=store)
print(len(water), "items")
water.groupby(["role", "derivation"]).size().rename("items").reset_index()
"""
    ),
    md("**A keyword search** over the items' text, and the plan's metadata:"),
    code(
        """
run_query("keyword-items", {"keyword": "充电桩"}, store=store)
"""
    ),
    code(
        """
meta = run_query("plan-metadata", store=store)
meta[["doc_number", "issuer", "issued", "year", "items"]]
"""
    ),
    code(
        """
meta.dtypes
"""
    ),
    md(
        """
## pandas from here on

The answers are ordinary DataFrames. For example: how the load is spread over the
kinds of unit, as written.
"""
    ),
    code(
        """
(
    written.groupby("kind")[["lead", "responsible", "total"]]
    .sum()
    .sort_values("total", ascending=False)
)
"""
    ),
    md(
        """
## A new query from scratch

A question the library does not answer yet: *in which sections does the plan most
often name no lead unit?* (There the plan's rule makes the responsible units lead.)
The query uses the ontology's terms — `dg:leadByRule` on each item, the section a
`dg:Section` with a `dg:number` and a `skos:prefLabel` — see
[`docs/ontology.md`](../docs/ontology.md). It takes one parameter, `$min_items`, used
in an expression (`HAVING`), where the engine binds it.
"""
    ),
    code(
        """
from graph.store.library import parse_query_file

NO_LEAD_SHARE = '''
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
'''.lstrip()

no_lead_share = parse_query_file(NO_LEAD_SHARE, "no-lead-share")
print(no_lead_share.title, "/", no_lead_share.title_zh, "— params:", [p.name for p in no_lead_share.params])
embedded = run_query(no_lead_share, {"min_items": 20}, store=store)
embedded
"""
    ),
    md(
        """
Saved as `no-lead-share.rq`, the same query runs from the command line:
`dutygraph query no-lead-share.rq -p min_items=20`.

## The same query on a SPARQL server

A team shares one graph on a server. Here a local [Oxigraph](https://github.com/oxigraph/oxigraph)
server (the `oxigraph` command of the PyPI package of the same name) starts in memory
on a free port of 127.0.0.1, `dutygraph push` uploads the plan with the SPARQL 1.1
Graph Store Protocol, and `run_query(..., endpoint=...)` asks the server. The last
cell of the notebook stops the server. For Fuseki, Virtuoso and QLever see
[`docs/sparql-server.md`](../docs/sparql-server.md).
"""
    ),
    code(
        """
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
    [oxigraph, "serve", "--bind", f"127.0.0.1:{port}"],
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
"""
    ),
    code(
        """
# Upload the bundled plan (data and ontology) with the command line.
push = subprocess.run(
    [sys.executable, "-m", "graph", "push", "--endpoint", base + "/store", "--replace"],
    capture_output=True,
    text=True,
)
print("exit", push.returncode, "|", push.stderr.strip().replace(base, "http://127.0.0.1:PORT"))
"""
    ),
    code(
        """
remote = run_query(no_lead_share, {"min_items": 20}, endpoint=base + "/query")
print("same answer as embedded:", remote.equals(embedded))
remote
"""
    ),
    code(
        """
# Every named query, with its default parameters, gives the same table on the server.
checks = {q.name: run_query(q, store=store).equals(run_query(q, endpoint=base + "/query")) for q in list_queries()}
print(sum(checks.values()), "of", len(checks), "named queries agree")
"""
    ),
    code(
        """
server.terminate()
server.wait(timeout=10)
print("server stopped:", server.poll() is not None)
"""
    ),
]

# --------------------------------------------------------------------------- 02

NB02 = [
    md(
        """
# Agency load: who carries the load, who must coordinate, where duties overlap

For policy researchers and the offices that supervise a plan. On the bundled plan
(Wuhan 2023, 322 items) this notebook computes the load leaderboard with and without
group expansion, the co-assignment network of units and its communities, and the
overlaps: items that restate the same commitment, and whether their units agree.

Everything is read from the RDF store with named queries and computed with pandas
and networkx (`graph.analytics`); the same results come from the command line:
`dutygraph load`, `dutygraph structure`, `dutygraph overlaps`, `dutygraph show`.
"""
    ),
    code(
        PANDAS
        + """
from graph import open_store
from graph.analytics.frames import load_tables

store = open_store()
tables = load_tables(store)  # assignments, items and targets as DataFrames
print(len(tables.items), "items,", len(tables.assignments), "assignments (written and derived)")
"""
    ),
    md(
        """
## The load leaderboard

Counting rules: `lead` = items the unit leads, with the plan's no-lead rule applied
(`lead_by_rule` of them only by that rule); `responsible` = items where it is
responsible and not lead; `total` = distinct items; `weighted` = a lead carries 1 and
the responsible units of an item share 1.

**As written**: a group such as 各区人民政府 (all districts and management committees)
is one unit.
"""
    ),
    code(
        """
from graph.analytics.load import district_load, load_by_kind, load_by_zone, unit_load

unit_load(tables, top=10)
"""
    ),
    md(
        """
**With group expansion**: an item given to a group counts for each member
(`via_groups`); the enumerated groups drop out.
"""
    ),
    code(
        """
unit_load(tables, expand=True, top=10)
"""
    ),
    code(
        """
# Ranked by lead instead: who answers for the most items.
unit_load(tables, expand=True, by="lead", top=10)[["unit", "kind", "lead", "lead_by_rule", "responsible", "weighted"]]
"""
    ),
    md(
        """
The same as charts (`graph.views.charts`, also `dutygraph chart --kind load`): the top
20 units by items, lead items in red — as written, then with group expansion.
"""
    ),
    code(
        """
from IPython.display import Image, display

from graph.views.charts import chart_bytes

display(Image(chart_bytes(tables, "load", "png")))
display(Image(chart_bytes(tables, "load", "png", expand=True)))
"""
    ),
    md(
        """
Per kind of unit and per zone (中心城区 *central* vs 新城区 *new* districts), through
groups included:
"""
    ),
    code(
        """
load_by_kind(tables, expand=True)
"""
    ),
    code(
        """
load_by_zone(tables)
"""
    ),
    code(
        """
districts = district_load(tables)
districts.head(8)
"""
    ),
    code(
        """
# Named in the plan (dark) and reached through a group such as 各区人民政府 (light).
Image(chart_bytes(tables, "districts", "png"))
"""
    ),
    md(
        """
## Who must coordinate: the co-assignment network

Units are nodes; two units are linked when they are on the same item, weighted by the
number of items they share. Betweenness finds the brokers between clusters, PageRank
on the directed lead → responsible graph the units others report to.
"""
    ),
    code(
        """
from graph.analytics.networks import coassignment_graph, coordination_graph
from graph.analytics.structure import centrality, community_table

network = coassignment_graph(tables)
coordination = coordination_graph(tables)
print(f"co-assignment: {network.number_of_nodes()} units, {network.number_of_edges()} links")
print(f"coordination:  {coordination.number_of_nodes()} units, {coordination.number_of_edges()} lead → responsible links")
centrality(tables).head(10)
"""
    ),
    md(
        """
**Communities** (Louvain, seed 42, so the same on every run), labelled by the sections
that dominate their items:
"""
    ),
    code(
        """
community_table(tables).head(6)
"""
    ),
    md(
        """
**The interactive network** (`graph.views.render_view`, also `dutygraph viz --view load
-o load.html`): node size by load, colour by kind of unit, edges weighted by shared
items; hover or click a unit for its names, counts and the items it leads. The page is
self-contained — every script inlined, no network request — so it opens offline, and
here it is embedded as it is. (Code hosts that do not run scripts in notebook outputs
show an empty frame; open the notebook in Jupyter, or write the page to a file.)
"""
    ),
    code(
        """
import html

from graph.views import render_view

page = render_view(tables, "load", min_load=5)
print(f"one self-contained page, {len(page) // 1024} KiB")
frame = f'<iframe srcdoc="{html.escape(page)}" style="width:100%;height:640px;border:1px solid #ddd"></iframe>'
display({"text/html": frame, "text/plain": "<the load view, embedded>"}, raw=True)
""",
        "volatile-numbers",
    ),
    md(
        """
## Where duties overlap

**Duplicates**: items that restate the same commitment — typically a 民生实事 item (part
4) repeating a key-work item (part 2) — found from text similarity together with the
figures they share, each pair scored and checked: do the two places give the same
units, and if not, exactly how do they differ?
"""
    ),
    code(
        """
from graph.analytics.overlaps import co_assignment, duplicates, multi_lead

pairs = duplicates(tables)
print(len(pairs), "pairs;", int((~pairs["assignments_agree"]).sum()), "with different units")
pairs[["item_a", "item_b", "score", "shared_figures", "assignments_agree", "difference"]]
"""
    ),
    code(
        """
# The pairs whose units differ, with both texts.
pairs.loc[~pairs["assignments_agree"], ["item_a", "item_b", "difference", "text_a", "text_b"]]
"""
    ),
    code(
        """
# One pair in full: the units each place writes.
from graph.analytics.profile import item_profile

def written_units(ref):
    profile = item_profile(tables, ref)
    return {
        "lead": "、".join(a["unit"] for a in profile["written"] if a["role"] == "lead"),
        "responsible": "、".join(a["unit"] for a in profile["written"] if a["role"] == "responsible"),
        "text": profile["text"],
    }

pd.DataFrame({ref: written_units(ref) for ref in ("2.182", "4.52")}).T
"""
    ),
    md(
        """
**Co-responsibility**: the unit pairs that share the most items (with the Jaccard
similarity of their item sets), and items with several lead units:
"""
    ),
    code(
        """
co_assignment(tables, min_shared=15)
"""
    ),
    code(
        """
multi_lead(tables)
"""
    ),
]

# --------------------------------------------------------------------------- 03

NB03 = [
    md(
        """
# Open-data export: Turtle, JSON-LD and CSV with a DCAT description

For open-data teams who publish the plan on a data portal. This notebook builds the
dataset the way `dutygraph build` does — Turtle, N-Triples, JSON-LD, CSV tables, the
ontology, the SHACL shapes, the query catalogue and a DCAT description — looks at each
format, validates the data with SHACL, and reads the DCAT description the way a
portal's harvester does: with SPARQL.
"""
    ),
    SCRATCH,
    code(
        PANDAS
        + """
from graph import build

result = build(
    out="site-data",
    base="https://data.example.org/dutygraph/",
    download_url="https://data.example.org/downloads/wuhan-2023/",
)
from graph.export.dataset import DATA_FILES

print(f"{len(result.plans)} plan, {result.triples} triples, {len(result.files)} files")
pd.DataFrame(
    [(name, DATA_FILES.get(name, "DCAT description of the catalogue, dataset and files")) for name in sorted(result.files)],
    columns=["file", "what"],
)
"""
    ),
    md(
        """
## Turtle

Prefixes declared, triples sorted, byte-identical from run to run. One item, 2.201,
with its shortcut properties (`dg:leadUnit`, `dg:responsibleUnit`) next to the
qualified `dg:Assignment` nodes:
"""
    ),
    code(
        """
from pathlib import Path

turtle = Path("site-data/dutygraph.ttl").read_text(encoding="utf-8")
prefixes = [line for line in turtle.splitlines() if line.startswith("@prefix")]
print(len(prefixes), "prefixes, e.g.", prefixes[:3])
start = turtle.index("<https://data.example.org/dutygraph/plan/wuhan-2023/item/2.201> a")
block = turtle[start : turtle.index(" .\\n", start) + 2]
for line in block.splitlines():  # long lines (the 20 qualified assignments) cut short
    print(line if len(line) <= 150 else line[:149] + "…")
"""
    ),
    code(
        """
# Built twice, the Turtle is the same bytes: portals can diff releases.
again = build(out="site-data-again", base="https://data.example.org/dutygraph/",
              download_url="https://data.example.org/downloads/wuhan-2023/")
print(Path("site-data-again/dutygraph.ttl").read_bytes() == Path("site-data/dutygraph.ttl").read_bytes())
"""
    ),
    md(
        """
## JSON-LD

The same graph as JSON-LD, with its context in `context.jsonld` (prefixes only, so
every key stays a compact IRI):
"""
    ),
    code(
        """
import json

document = json.loads(Path("site-data/dutygraph.jsonld").read_text(encoding="utf-8"))
print("keys:", sorted(document))
print("context:", json.dumps(json.loads(Path("site-data/context.jsonld").read_text())["@context"], ensure_ascii=False)[:200], "…")
node = next(n for n in document["@graph"] if n["@id"].endswith("/item/2.201"))
keys = ["@id", "@type", "dg:ref", "dg:text", "dg:leadUnit", "dg:responsibleUnit", "dg:effectiveLeadUnit"]
print(json.dumps({k: node.get(k) for k in keys}, ensure_ascii=False, indent=1))
print(len(node["prov:qualifiedAssociation"]), "qualified assignments (prov:qualifiedAssociation)")
"""
    ),
    md(
        """
## CSV tables

For portals and people who take tables: UTF-8 with a header row, one row per item,
unit, assignment and target.
"""
    ),
    code(
        """
items = pd.read_csv("site-data/items.csv", dtype=str, keep_default_na=False)
print(items.shape, list(items.columns))
items[["ref", "text", "lead", "responsible", "effective_lead"]].head(5)
"""
    ),
    code(
        """
assignments = pd.read_csv("site-data/assignments.csv", dtype=str, keep_default_na=False)
print(assignments.shape)
assignments.groupby(["role", "derivation"]).size().rename("rows").reset_index()
"""
    ),
    md(
        """
## Validation with SHACL

`dutygraph validate FILE` checks data against `ontology/shapes.ttl` (an item has
exactly one ref, one text, one plan and at least one effective lead; an assignment
has exactly one item, unit and role; …). Validating the whole plan takes about half a
minute on a small machine, so here we validate an excerpt — part 1 and the first
section of part 2 (30 items) — built the same way.
"""
    ),
    code(
        """
from graph import bundled_plan_path, parse_plan
from graph.rdf.validate import validate_file

lines = bundled_plan_path().read_bytes().split(b"\\n")
last = parse_plan().item("2.25").line  # the last item of section 2.(1)
Path("excerpt.txt").write_bytes(b"\\n".join(lines[:last]) + b"\\n")
excerpt = build(["excerpt.txt"], out="excerpt-data")
print(len(excerpt.plans[0].items), "items,", excerpt.triples, "triples")
report = validate_file("excerpt-data/dutygraph.ttl")
print(report.text())
"""
    ),
    md(
        """
What a violation looks like: remove the reference number of one item and the
effective lead of another, and validate again.
"""
    ),
    code(
        """
broken = Path("excerpt-data/dutygraph.ttl").read_text(encoding="utf-8")
import rdflib

graph = rdflib.Graph().parse(data=broken, format="turtle")
DG = rdflib.Namespace("https://w3id.org/dutygraph/ontology#")
item = rdflib.URIRef("https://w3id.org/dutygraph/id/plan/wuhan-2023/item/1.1")
other = rdflib.URIRef("https://w3id.org/dutygraph/id/plan/wuhan-2023/item/2.3")
graph.remove((item, DG.ref, None))
graph.remove((other, DG.effectiveLeadUnit, None))
graph.serialize("broken.ttl", format="turtle")
report = validate_file("broken.ttl")
print("conforms:", report.conforms)
pd.DataFrame([(v.focus.rsplit("/", 3)[-1], v.path.rsplit("#", 1)[-1], v.message) for v in report.violations],
             columns=["focus", "path", "message"])
"""
    ),
    md(
        """
## How a portal takes them: the DCAT description

`catalog.ttl` describes the catalogue, the dataset and one `dcat:Distribution` per
file, with the properties DCAT-AP 3 requires (title, description, publisher with
`foaf:name`, access URL) and those portals reward (issue date, licence, keywords,
spatial and temporal coverage, media type, byte size, download URL). A harvester
(CKAN's DCAT extension, data.europa.eu, a national portal) reads it with SPARQL or an
RDF parser; here with pyoxigraph.
"""
    ),
    code(
        """
import pyoxigraph as ox

catalog = ox.Store()
catalog.load(path="site-data/catalog.ttl", format=ox.RdfFormat.TURTLE)
DCAT_PREFIXES = '''
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
'''

def sparql(text):
    solutions = catalog.query(DCAT_PREFIXES + text)
    columns = [v.value for v in solutions.variables]
    return pd.DataFrame([[s[c].value if s[c] is not None else None for c in columns] for s in solutions], columns=columns)

distributions = sparql('''
SELECT ?file ?media_type ?format ?bytes ?download
WHERE {
  ?dataset a dcat:Dataset ; dcat:distribution ?d .
  ?d rdfs:label ?file ; dcat:mediaType ?media_type ; dct:format ?format ;
     dcat:byteSize ?bytes ; dcat:downloadURL ?download .
}
ORDER BY ?file
''')
distributions["media_type"] = distributions["media_type"].str.replace("http://www.iana.org/assignments/media-types/", "", regex=False)
distributions["format"] = distributions["format"].str.rsplit("/", n=1).str[-1]
distributions["bytes"] = distributions["bytes"].astype(int)
distributions
""",
        "volatile-numbers",
    ),
    code(
        """
# The byte sizes the catalogue states are those of the files written.
sizes = {name: Path("site-data", name).stat().st_size for name in distributions["file"]}
print("sizes match the files:", all(sizes[f] == b for f, b in zip(distributions["file"], distributions["bytes"])))
"""
    ),
    code(
        """
dataset = sparql('''
SELECT ?title ?issued ?license ?spatial ?start ?end ?publisher
       (GROUP_CONCAT(?keyword; separator=", ") AS ?keywords)
WHERE {
  ?d a dcat:Dataset ; dct:title ?title ; dct:issued ?issued ; dct:license ?license ;
     dct:spatial ?spatial ; dct:temporal ?period ; dct:publisher/foaf:name ?publisher ;
     dcat:keyword ?keyword .
  ?period dcat:startDate ?start ; dcat:endDate ?end .
  FILTER (langMatches(lang(?title), "en") && langMatches(lang(?keyword), "en"))
}
GROUP BY ?title ?issued ?license ?spatial ?start ?end ?publisher
''')
dataset.T
"""
    ),
    md(
        """
The named queries travel with the data too (`queries.ttl`, each a
`sh:SPARQLSelectExecutable` with its text, labels and keywords), so a portal can list
them beside the dataset:
"""
    ),
    code(
        """
queries = ox.Store()
queries.load(path="site-data/queries.ttl", format=ox.RdfFormat.TURTLE)
rows = queries.query('''
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?title ?zh WHERE {
  ?q a sh:SPARQLSelectExecutable ; rdfs:label ?title , ?zh .
  FILTER (langMatches(lang(?title), "en") && langMatches(lang(?zh), "zh"))
} ORDER BY ?title
''')
pd.DataFrame([(r["title"].value, r["zh"].value) for r in rows], columns=["query", "查询"]).head(8)
"""
    ),
    md(
        """
To publish: upload the files of `site-data/` to the download folder named in
`--download-url`, and give the portal `catalog.ttl` (or its URL) to harvest. On the
command line:

```sh
dutygraph build --out site-data --base-iri https://data.example.org/dutygraph/ \\
    --download-url https://data.example.org/downloads/wuhan-2023/
dutygraph validate site-data/dutygraph.ttl
```
"""
    ),
    CLEANUP,
]

NOTEBOOKS = {
    "01-researcher-sparql.ipynb": NB01,
    "02-agency-load.ipynb": NB02,
    "03-open-data-export.ipynb": NB03,
}


def notebook(cells: list) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.from_dict(dict(c)) for c in cells]
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{number:02d}"  # stable ids: no random churn in diffs
    nb.metadata = {"kernelspec": dict(KERNEL), "language_info": {"name": "python"}}
    return nb


def execute(nb: nbformat.NotebookNode, cwd: Path, timeout: int = TIMEOUT) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in ``cwd``; raises on the first cell error."""
    from nbclient import NotebookClient

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL["name"],
        resources={"metadata": {"path": str(cwd)}},
        record_timing=False,
        allow_errors=False,
    )
    client.execute()
    nb.metadata = {"kernelspec": dict(KERNEL), "language_info": {"name": "python"}}
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("only", nargs="*", help="prefixes of the notebooks to build (default: all)")
    parser.add_argument("--no-run", action="store_true", help="write without executing")
    args = parser.parse_args(argv)
    for name, cells in NOTEBOOKS.items():
        if args.only and not any(name.startswith(prefix) for prefix in args.only):
            continue
        nb = notebook(cells)
        if not args.no_run:
            execute(nb, HERE)
        nbformat.validate(nb)
        (HERE / name).write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
        print(f"wrote notebooks/{name}{'' if args.no_run else ' (executed)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
