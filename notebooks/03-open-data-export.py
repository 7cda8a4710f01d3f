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
# # Open-data export: Turtle, JSON-LD and CSV with a DCAT description
#
# For open-data teams who publish the plan on a data portal. This notebook builds the
# dataset the way `dutygraph build` does — Turtle, N-Triples, JSON-LD, CSV tables, the
# ontology, the SHACL shapes, the query catalogue and a DCAT description — looks at each
# format, validates the data with SHACL, and reads the DCAT description the way a
# portal's harvester does: with SPARQL.

# %%
# Work in a scratch folder: the notebook writes files there and deletes it at the end,
# so it leaves nothing behind and prints no path of this machine.
import os
import tempfile

home = os.getcwd()
scratch = tempfile.TemporaryDirectory(prefix="dutygraph-notebook-")
os.chdir(scratch.name)

# %%
import pandas as pd

from graph import build
from graph.export.dataset import DATA_FILES

pd.set_option("display.max_rows", 30)
pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 120)

result = build(
    out="site-data",
    base="https://data.example.org/dutygraph/",
    download_url="https://data.example.org/downloads/wuhan-2023/",
)
print(f"{len(result.plans)} plan, {result.triples} triples, {len(result.files)} files")
pd.DataFrame(
    [
        (name, DATA_FILES.get(name, "DCAT description of the catalogue, dataset and files"))
        for name in sorted(result.files)
    ],
    columns=["file", "what"],
)

# %% [markdown]
# ## Turtle
#
# Prefixes declared, triples sorted, byte-identical from run to run. One item, 2.201,
# with its shortcut properties (`dg:leadUnit`, `dg:responsibleUnit`) next to the
# qualified `dg:Assignment` nodes:

# %%
from pathlib import Path

turtle = Path("site-data/dutygraph.ttl").read_text(encoding="utf-8")
prefixes = [line for line in turtle.splitlines() if line.startswith("@prefix")]
print(len(prefixes), "prefixes, e.g.", prefixes[:3])
start = turtle.index("<https://data.example.org/dutygraph/plan/wuhan-2023/item/2.201> a")
block = turtle[start : turtle.index(" .\n", start) + 2]
for line in block.splitlines():  # long lines (the 20 qualified assignments) cut short
    print(line if len(line) <= 150 else line[:149] + "…")

# %%
# Built twice, the Turtle is the same bytes: portals can diff releases.
again = build(
    out="site-data-again",
    base="https://data.example.org/dutygraph/",
    download_url="https://data.example.org/downloads/wuhan-2023/",
)
print(
    Path("site-data-again/dutygraph.ttl").read_bytes()
    == Path("site-data/dutygraph.ttl").read_bytes()
)

# %% [markdown]
# ## JSON-LD
#
# The same graph as JSON-LD, with its context in `context.jsonld` (prefixes only, so
# every key stays a compact IRI):

# %%
import json

document = json.loads(Path("site-data/dutygraph.jsonld").read_text(encoding="utf-8"))
print("keys:", sorted(document))
context = json.loads(Path("site-data/context.jsonld").read_text(encoding="utf-8"))["@context"]
print("context:", json.dumps(context, ensure_ascii=False)[:200], "…")
node = next(n for n in document["@graph"] if n["@id"].endswith("/item/2.201"))
keys = [
    "@id",
    "@type",
    "dg:ref",
    "dg:text",
    "dg:leadUnit",
    "dg:responsibleUnit",
    "dg:effectiveLeadUnit",
]
print(json.dumps({k: node.get(k) for k in keys}, ensure_ascii=False, indent=1))
print(len(node["prov:qualifiedAssociation"]), "qualified assignments (prov:qualifiedAssociation)")

# %% [markdown]
# ## CSV tables
#
# For portals and people who take tables: UTF-8 with a header row, one row per item,
# unit, assignment and target.

# %%
items = pd.read_csv("site-data/items.csv", dtype=str, keep_default_na=False)
print(items.shape, list(items.columns))
items[["ref", "text", "lead", "responsible", "effective_lead"]].head(5)

# %%
assignments = pd.read_csv("site-data/assignments.csv", dtype=str, keep_default_na=False)
print(assignments.shape)
assignments.groupby(["role", "derivation"]).size().rename("rows").reset_index()

# %% [markdown]
# ## Validation with SHACL
#
# `dutygraph validate FILE` checks data against `ontology/shapes.ttl` (an item has
# exactly one ref, one text, one plan and at least one effective lead; an assignment
# has exactly one item, unit and role; …). Validating the whole plan takes about half a
# minute on a small machine, so here we validate an excerpt — part 1 and the first
# section of part 2 (30 items) — built the same way.

# %%
from graph import bundled_plan_path
from graph.rdf.validate import validate_file

lines = bundled_plan_path().read_bytes().split(b"\n")
last = result.plans[0].item("2.25").line  # the last item of section 2.(1)
Path("excerpt.txt").write_bytes(b"\n".join(lines[:last]) + b"\n")
excerpt = build(["excerpt.txt"], out="excerpt-data")
print(len(excerpt.plans[0].items), "items,", excerpt.triples, "triples")
report = validate_file("excerpt-data/dutygraph.ttl")
print(report.text())

# %% [markdown]
# What a violation looks like: remove the reference number of one item and the
# effective lead of another, and validate again.

# %%
import rdflib

broken = Path("excerpt-data/dutygraph.ttl").read_text(encoding="utf-8")
graph = rdflib.Graph().parse(data=broken, format="turtle")
DG = rdflib.Namespace("https://w3id.org/dutygraph/ontology#")
item = rdflib.URIRef("https://w3id.org/dutygraph/id/plan/wuhan-2023/item/1.1")
other = rdflib.URIRef("https://w3id.org/dutygraph/id/plan/wuhan-2023/item/2.3")
graph.remove((item, DG.ref, None))
graph.remove((other, DG.effectiveLeadUnit, None))
graph.serialize("broken.ttl", format="turtle")
report = validate_file("broken.ttl")
print("conforms:", report.conforms)
pd.DataFrame(
    [(v.focus.rsplit("/", 3)[-1], v.path.rsplit("#", 1)[-1], v.message) for v in report.violations],
    columns=["focus", "path", "message"],
)

# %% [markdown]
# ## How a portal takes them: the DCAT description
#
# `catalog.ttl` describes the catalogue, the dataset and one `dcat:Distribution` per
# file, with the properties DCAT-AP 3 requires (title, description, publisher with
# `foaf:name`, access URL) and those portals reward (issue date, licence, keywords,
# spatial and temporal coverage, media type, byte size, download URL). A harvester
# (CKAN's DCAT extension, data.europa.eu, a national portal) reads it with SPARQL or an
# RDF parser; here with pyoxigraph.

# %%
import pyoxigraph as ox

catalog = ox.Store()
catalog.load(path="site-data/catalog.ttl", format=ox.RdfFormat.TURTLE)
DCAT_PREFIXES = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def sparql(text):
    solutions = catalog.query(DCAT_PREFIXES + text)
    columns = [v.value for v in solutions.variables]
    return pd.DataFrame(
        [[s[c].value if s[c] is not None else None for c in columns] for s in solutions],
        columns=columns,
    )


distributions = sparql("""
SELECT ?file ?media_type ?format ?bytes ?download
WHERE {
  ?dataset a dcat:Dataset ; dcat:distribution ?d .
  ?d rdfs:label ?file ; dcat:mediaType ?media_type ; dct:format ?format ;
     dcat:byteSize ?bytes ; dcat:downloadURL ?download .
}
ORDER BY ?file
""")
distributions["media_type"] = distributions["media_type"].str.replace(
    "http://www.iana.org/assignments/media-types/", "", regex=False
)
distributions["format"] = distributions["format"].str.rsplit("/", n=1).str[-1]
distributions["bytes"] = distributions["bytes"].astype(int)
distributions

# %%
# The byte sizes the catalogue states are those of the files written.
sizes = {name: Path("site-data", name).stat().st_size for name in distributions["file"]}
print(
    "sizes match the files:",
    all(sizes[f] == b for f, b in zip(distributions["file"], distributions["bytes"], strict=True)),
)

# %%
dataset = sparql("""
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
""")
dataset.T

# %% [markdown]
# The named queries travel with the data too (`queries.ttl`, each a
# `sh:SPARQLSelectExecutable` with its text, labels and keywords), so a portal can list
# them beside the dataset:

# %%
queries = ox.Store()
queries.load(path="site-data/queries.ttl", format=ox.RdfFormat.TURTLE)
rows = queries.query("""
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?title ?zh WHERE {
  ?q a sh:SPARQLSelectExecutable ; rdfs:label ?title , ?zh .
  FILTER (langMatches(lang(?title), "en") && langMatches(lang(?zh), "zh"))
} ORDER BY ?title
""")
pd.DataFrame([(r["title"].value, r["zh"].value) for r in rows], columns=["query", "查询"]).head(8)

# %% [markdown]
# To publish: upload the files of `site-data/` to the download folder named in
# `--download-url`, and give the portal `catalog.ttl` (or its URL) to harvest. On the
# command line:
#
# ```sh
# dutygraph build --out site-data --base-iri https://data.example.org/dutygraph/ \
#     --download-url https://data.example.org/downloads/wuhan-2023/
# dutygraph validate site-data/dutygraph.ttl
# ```

# %%
os.chdir(home)
scratch.cleanup()
