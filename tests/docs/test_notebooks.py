"""The notebooks run top to bottom and show the right answers; their .ipynb copies are current.

The notebooks are kept as jupytext percent-format sources, ``notebooks/NN-*.py``
(linted by ruff like the rest of the code), and as ``.ipynb`` copies without outputs
for people who open them in Jupyter, written by ``python notebooks/sync.py``. Here:

* each ``.ipynb`` must be exactly what ``sync.py`` makes of its source, so the two
  cannot drift, and that conversion must keep every cell of the source;
* each source is converted in memory and executed once, in its own test, with
  nbclient (kernel ``python3``: the Python running the tests, through ipykernel) in an
  empty temporary folder, with a timeout per cell. No cell may raise or write to
  stderr, and what the cells print and display is checked against hand-checked
  answers: the busiest units and their load, the counts of items and assignments,
  the pairs of duplicated items, the files written, the SHACL violations. Tables are
  read from the HTML the DataFrames display, cell by cell as shown.

Notebooks 01 and 02 open one store, built once per session into a temporary folder
whose path they get from the environment variable ``DUTYGRAPH_STORE``, rather than
each parsing the plan again; notebook 03 builds the dataset files, which is its
subject. The tests measure no time (see ``bench/`` for that).
"""

from __future__ import annotations

import ast
import base64
import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from graph import list_queries, open_store
from tests.docs.conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
NAMES = ("01-researcher-sparql", "02-agency-load", "03-open-data-export")
FIX = "run `python notebooks/sync.py` and commit the .ipynb"
CELL_TIMEOUT = 120  # seconds for one cell; the slowest (a full build) takes about 5
PNG = b"\x89PNG\r\n\x1a\n"


# ----------------------------------------------------------------- the .ipynb copies


def test_every_notebook_source_is_tested(notebook_sync):
    assert [source.stem for source in notebook_sync.sources()] == list(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_ipynb_is_what_its_source_gives(name, notebook_sync):
    committed = (NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8")
    assert committed == notebook_sync.ipynb_text(NOTEBOOKS / f"{name}.py"), (
        f"notebooks/{name}.ipynb is not what notebooks/{name}.py gives; {FIX}"
    )


@pytest.mark.parametrize("name", NAMES)
def test_conversion_keeps_every_cell_and_no_output(name, notebook_sync):
    source = (NOTEBOOKS / f"{name}.py").read_text(encoding="utf-8")
    nb = notebook_sync.notebook(NOTEBOOKS / f"{name}.py")
    markers = re.findall(r"^# %%( \[markdown\])?$", source, flags=re.MULTILINE)
    assert [c.cell_type for c in nb.cells] == ["markdown" if m else "code" for m in markers]
    assert [c.id for c in nb.cells] == [f"cell-{n:02d}" for n in range(len(markers))]
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.source and cell.source in source
            assert cell.outputs == [] and cell.execution_count is None
        else:  # markdown is written as comments: "# " before each line
            first = cell.source.splitlines()[0]
            assert f"# {first}\n" in source
    assert nb.metadata.kernelspec.name == "python3"


def test_sync_rewrites_stale_copies_and_check_reports_them(notebook_sync, tmp_path, monkeypatch):
    for name in NAMES[:2]:
        (tmp_path / f"{name}.py").write_bytes((NOTEBOOKS / f"{name}.py").read_bytes())
    (tmp_path / f"{NAMES[0]}.ipynb").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(notebook_sync, "HERE", tmp_path)
    assert notebook_sync.main(["--check"]) == 1
    assert sorted(p.name for p in notebook_sync.stale()) == [f"{n}.ipynb" for n in NAMES[:2]]
    assert notebook_sync.main([]) == 0
    assert notebook_sync.main(["--check"]) == 0
    for name in NAMES[:2]:
        expected = (NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8")
        assert (tmp_path / f"{name}.ipynb").read_text(encoding="utf-8") == expected


# ----------------------------------------------------------------- executing them


@pytest.fixture(scope="session")
def shared_store(tmp_path_factory) -> tuple[Path, int]:
    """A store of the bundled plan persisted in a folder, and its number of triples.

    The store is closed before any kernel opens it: an on-disk Oxigraph store is
    locked by the process that holds it open.
    """
    folder = tmp_path_factory.mktemp("notebook-store") / "store"
    store = open_store(store_dir=folder)
    triples = len(store)
    del store
    return folder, triples


def execute(name: str, cwd: Path, store: Path | None = None) -> nbformat.NotebookNode:
    """Convert ``notebooks/NAME.py`` in memory and run it in ``cwd``; checks no error."""
    nb = jupytext.read(NOTEBOOKS / f"{name}.py", fmt="py:percent")
    env = dict(os.environ)
    env.pop("DUTYGRAPH_STORE", None)
    if store is not None:
        env["DUTYGRAPH_STORE"] = str(store)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
        allow_errors=False,  # the first failing cell raises CellExecutionError
    )
    client.execute(env=env)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    stderr = [o.text for o in outputs if o.get("name") == "stderr"]
    assert not stderr, f"{name} writes to stderr: {stderr[:3]}"
    return nb


class Notebook:
    """An executed notebook, read cell by cell (found by how one of its lines starts)."""

    def __init__(self, nb: nbformat.NotebookNode) -> None:
        self.cells = [c for c in nb.cells if c.cell_type == "code"]

    def cell(self, code: str) -> nbformat.NotebookNode:
        found = [c for c in self.cells if any(s.startswith(code) for s in c.source.splitlines())]
        assert len(found) == 1, f"{len(found)} code cells have a line starting {code!r}"
        return found[0]

    def printed(self, code: str) -> str:
        """What the cell printed on stdout."""
        return "".join(o.text for o in self.cell(code).outputs if o.get("name") == "stdout")

    def shown(self, code: str, kind: str) -> list[str]:
        """The cell's results and displays of one media type, in order."""
        outputs = self.cell(code).outputs
        return [o.data[kind] for o in outputs if kind in o.get("data", {})]

    def table(self, code: str) -> list[dict[str, str]]:
        """The one DataFrame the cell displays, as rows of column -> text shown.

        The index is under ``"index"``; cells hold the text as displayed (numbers as
        pandas prints them, long text cut with "...").
        """
        (frame,) = self.shown(code, "text/html")
        parser = _Table()
        parser.feed(frame)
        header = ["index" if h == "" else h for h in parser.rows[0]]
        body = parser.rows[len(parser.head) :]
        return [dict(zip(header, row, strict=True)) for row in body]


class _Table(HTMLParser):
    """The cells of a pandas HTML table, row by row (``head``: the header rows)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.head: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "thead":
            self._in_head = True
        elif tag == "tbody":
            self._in_head = False
        elif tag == "tr":
            self.rows.append([])
            if self._in_head:
                self.head.append(self.rows[-1])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None


def pick(rows: list[dict[str, str]], *columns: str) -> list[tuple[str, ...]]:
    return [tuple(row[c] for c in columns) for row in rows]


# The unit-load leaders as the plan writes them, and with group expansion (README).
WRITTEN_TOP = [
    ("各区人民政府", "5", "134", "139"),
    ("市发改委", "41", "32", "73"),
    ("市经信局", "18", "35", "53"),
]
EXPANDED_TOP = [
    ("新洲区人民政府", "6", "158", "164"),
    ("黄陂区人民政府", "6", "157", "163"),
    ("蔡甸区人民政府", "6", "156", "162"),
]


def test_researcher_sparql_notebook(shared_store, tmp_path):
    store, triples = shared_store
    nb = Notebook(execute("01-researcher-sparql", tmp_path, store))

    # It opened the shared store: the same triples, the plan and the ontology.
    assert nb.printed('print(f"{len(store)} triples (the plan and the ontology)")') == (
        f"{triples} triples (the plan and the ontology)\n"
    )
    catalogue = nb.table("catalogue")
    assert [row["name"] for row in catalogue] == [q.name for q in list_queries()]
    assert {
        "name": "unit-pairs",
        "params": "min: integer = '5', expand: boolean = 'false'",
    }.items() <= (next(row for row in catalogue if row["name"] == "unit-pairs").items())

    columns = ("unit", "lead", "responsible", "total")
    assert pick(nb.table("written.head(8)"), *columns)[:3] == WRITTEN_TOP
    assert pick(nb.table("expanded.head(8)"), *columns)[:3] == EXPANDED_TOP
    # Districts gain the most: 156 items reach them only through groups (各区人民政府 …).
    both = nb.table("both = written.merge(")
    assert pick(both, "unit", "total_written", "total_expanded", "gain")[:2] == [
        ("东西湖区人民政府", "1", "157", "156"),
        ("新洲区人民政府", "8", "164", "156"),
    ]

    water = 'water = run_query("unit-items", {"unit": "市水务局", "expand": False}, store=store)'
    assert nb.printed(water) == "29 items\n"
    assert pick(nb.table(water), "role", "derivation", "items") == [
        ("lead", "no_lead_rule", "1"),
        ("lead", "written", "16"),
        ("responsible", "written", "12"),
    ]
    charging = nb.table('run_query("keyword-items", {"keyword": "充电桩"}, store=store)')
    assert pick(charging, "ref", "text") == [
        ("2.142", "建设充电桩6万个。"),
        ("4.33", "新增机动车停车泊位12万个、充电桩6万个。"),
    ]
    meta = pick(nb.table("meta[["), "doc_number", "issuer", "issued", "year", "items")
    assert meta == [("武政办〔2023〕1号", "武汉市人民政府办公厅", "2023-01-12", "2023", "322")]
    (dtypes,) = nb.shown("meta.dtypes", "text/plain")
    assert re.findall(r"^(issued|year|items) +(\S+)$", dtypes, flags=re.MULTILINE) == [
        ("issued", "object"),
        ("year", "Int64"),
        ("items", "Int64"),
    ]
    kinds = pick(nb.table('    written.groupby("kind")'), "index", "lead", "responsible", "total")
    assert kinds[0] == ("municipal_department", "283", "386", "669")

    # The new query: 12 of the 29 items of section 2.(6) name no lead (0.414), and so on.
    share = [
        ("2", "6", "29", "12", "0.414"),
        ("2", "7", "32", "11", "0.344"),
        ("2", "9", "32", "11", "0.344"),
        ("2", "5", "38", "4", "0.105"),
        ("2", "2", "24", "1", "0.042"),
        ("2", "1", "25", "1", "0.04"),
    ]
    columns = ("part", "section", "items", "no_lead", "share")
    assert pick(nb.table("embedded"), *columns) == share
    assert nb.printed("embedded") == (
        "Sections by share of items with no named lead / 各章节未写明牵头单位事项占比"
        " — params: ['min_items']\n"
    )

    # The server: it starts, takes the push, answers as the embedded store does, stops.
    assert nb.printed('print("server running:", server.poll() is None)') == "server running: True\n"
    assert nb.printed("push = subprocess.run(").startswith(
        f"exit 0 | pushed {triples} triples to http://127.0.0.1:PORT/store in "
    )  # "… in 3 graphs: IRI, …": each named graph of the store to its own
    assert nb.printed("remote") == "same answer as embedded: True\n"
    assert pick(nb.table("remote"), *columns) == share
    n = len(list_queries())
    assert nb.printed("checks = {") == f"{n} of {n} named queries agree\n"
    assert nb.printed("server.terminate()") == "server stopped: True\n"


def test_agency_load_notebook(shared_store, tmp_path):
    store, _ = shared_store
    nb = Notebook(execute("02-agency-load", tmp_path, store))

    assert nb.printed('store = open_store(store_dir=os.environ.get("DUTYGRAPH_STORE"))') == (
        "322 items, 3789 assignments (written and derived)\n"
    )
    columns = ("unit", "lead", "responsible", "total")
    written = nb.table("unit_load(tables, top=10)")
    assert len(written) == 10 and pick(written, *columns)[:3] == WRITTEN_TOP
    top = pick(written, "unit", "lead", "lead_by_rule", "via_groups")[0]
    assert top == ("各区人民政府", "5", "5", "0")
    expanded = nb.table("unit_load(tables, expand=True, top=10)")
    assert pick(expanded, *columns)[:3] == EXPANDED_TOP
    # The busiest unit with groups expanded: 8 items named, 156 through 各区人民政府 and co.
    top = pick(expanded, "unit", "named", "via_groups", "total")[0]
    assert top == ("新洲区人民政府", "8", "156", "164")
    by_lead = nb.table('unit_load(tables, expand=True, by="lead", top=10)[')
    assert pick(by_lead, "unit", "lead", "lead_by_rule", "responsible")[:2] == [
        ("市发改委", "41", "7", "32"),
        ("市城管执法委", "21", "3", "15"),
    ]

    # Two load charts (as written, expanded) and the district chart, each a PNG.
    charts = nb.shown('display(Image(chart_bytes(tables, "load", "png")))', "image/png")
    charts += nb.shown('Image(chart_bytes(tables, "districts", "png"))', "image/png")
    pictures = [base64.b64decode(chart) for chart in charts]
    assert len(pictures) == 3 and all(p.startswith(PNG) for p in pictures)
    assert len(set(pictures)) == 3

    kinds = pick(nb.table("load_by_kind(tables, expand=True)"), "kind", "units")
    assert kinds[:2] == [("district_government", "13"), ("management_committee", "5")]
    assert pick(nb.table("load_by_zone(tables)"), "zone", "districts") == [
        ("central", "7"),
        ("new", "6"),
    ]
    districts = nb.table("districts.head(8)")
    top = pick(districts, "unit", "zone", "named", "via_groups", "total", "lead")[0]
    assert top == ("新洲区人民政府", "new", "8", "156", "164", "6")  # as README's district-load

    network = nb.printed("network = coassignment_graph(tables)")
    assert network == (
        "co-assignment: 86 units, 634 links\ncoordination:  86 units, 334 lead → responsible links\n"
    )
    assert [row["unit"] for row in nb.table("network = coassignment_graph(tables)")[:2]] == [
        "市发改委",
        "各区人民政府",
    ]
    sizes = [row["size"] for row in nb.table("community_table(tables).head(6)")]
    assert sizes == ["28", "17", "16", "15", "4", "1"]  # Louvain with a fixed seed

    # The interactive view, embedded as a self-contained page in an iframe.
    assert re.fullmatch(r"one self-contained page, \d+ KiB\n", nb.printed("import html"))
    (frame,) = nb.shown("import html", "text/html")
    page = html.unescape(
        re.fullmatch(r'<iframe srcdoc="(.*)" style=".*"></iframe>', frame, re.S)[1]
    )
    assert page.lstrip().lower().startswith("<!doctype html>") and "市发改委" in page
    assert not re.search(r"<script[^>]+src=", page)

    duplicates = "pairs = duplicates(tables)"
    assert nb.printed(duplicates) == "27 pairs; 7 with different units\n"
    assert len(nb.table(duplicates)) == 27
    differing = pick(nb.table('pairs.loc[~pairs["assignments_agree"]'), "item_a", "item_b")
    assert differing == [
        ("2.91", "4.31"),
        ("2.93", "4.30"),
        ("2.111", "4.44"),
        ("2.182", "4.52"),
        ("2.185", "4.46"),
        ("2.142", "4.33"),
        ("2.216", "4.57"),
    ]
    pair = nb.table('pd.DataFrame({ref: written_units(ref) for ref in ("2.182", "4.52")}).T')
    assert pick(pair, "index", "lead", "responsible") == [
        (
            "2.182",
            "市交通运输局",
            "各新城区人民政府、市乡村振兴局、市农业农村局、市城建局、市经信局、市通信管理局",
        ),
        ("4.52", "市交通运输局", "各新城区人民政府"),
    ]
    # The pairs README's `query unit-pairs -p min=20` shows, in the same order.
    pairs = pick(nb.table("co_assignment(tables, min_shared=15)"), "unit_a", "unit_b", "shared")
    assert pairs[:3] == [
        ("市发改委", "市经信局", "34"),
        ("各区人民政府", "市城管执法委", "24"),
        ("各区人民政府", "市发改委", "21"),
    ]
    assert pick(nb.table("multi_lead(tables)"), "item", "finding", "units") == [
        ("2.49", "several-leads", "市发改委、市经信局")
    ]


def test_open_data_export_notebook(tmp_path):
    nb = Notebook(execute("03-open-data-export", tmp_path))

    built = '    out="site-data",'
    assert re.fullmatch(r"1 plan, \d+ triples, 12 files\n", nb.printed(built))
    assert [row["file"] for row in nb.table(built)] == [
        "assignments.csv",
        "catalog.ttl",
        "context.jsonld",
        "dutygraph.jsonld",
        "dutygraph.nt",
        "dutygraph.ttl",
        "items.csv",
        "ontology.ttl",
        "queries.ttl",
        "shapes.ttl",
        "targets.csv",
        "units.csv",
    ]

    turtle = nb.printed('turtle = Path("site-data/dutygraph.ttl").read_text(encoding="utf-8")')
    lines = turtle.splitlines()
    assert re.fullmatch(
        r"\d+ prefixes, e\.g\. \['@prefix dcat: <http://www\.w3\.org/ns/dcat#> \.', .*\]", lines[0]
    )
    assert lines[1] == "<https://data.example.org/dutygraph/plan/wuhan-2023/item/2.201> a dg:Item ;"
    assert "\tdg:leadUnit dgunit:civil-affairs-bureau ;" in lines
    assert lines[-1].endswith(" .")
    assert nb.printed("again = build(") == "True\n"

    jsonld = nb.printed("import json")
    assert jsonld.startswith("keys: ['@context', '@graph']\ncontext: {\"dcat\": ")
    assert '"dg:ref": [\n  "2.201"\n ],' in jsonld
    # 2.201: lead 市民政局, responsible 各区人民政府 — 1 + 1 written, 18 through the group.
    assert jsonld.endswith("\n20 qualified assignments (prov:qualifiedAssociation)\n")

    items = 'items = pd.read_csv("site-data/items.csv"'
    shape, columns = ast.literal_eval(nb.printed(items).replace(" [", ", [", 1))
    assert shape == (322, len(columns))
    # The columns README lists, in its order (more may follow them).
    assert columns[:17] == [
        "plan", "ref", "part", "part_title", "section", "section_title", "theme", "number",
        "text", "lead", "responsible", "effective_lead", "lead_by_rule", "subassignments",
        "line", "flags", "iri",
    ]  # fmt: skip
    assert pick(nb.table(items), "ref", "lead", "effective_lead")[2] == ("1.3", "", "市发改委")
    assignments = 'assignments = pd.read_csv("site-data/assignments.csv"'
    assert nb.printed(assignments) == "(3789, 11)\n"
    rows = pick(nb.table(assignments), "role", "derivation", "rows")
    assert sum(int(n) for _, _, n in rows) == 3789
    assert [r[:2] for r in rows] == [
        ("lead", "group"),
        ("lead", "no_lead_rule"),
        ("lead", "written"),
        ("responsible", "group"),
        ("responsible", "written"),
    ]

    # The excerpt: part 1 (1.1-1.5) and section 2.(1) (2.1-2.25), 30 items; it conforms.
    excerpt = nb.printed('report = validate_file("excerpt-data/dutygraph.ttl")')
    found = re.fullmatch(
        r"30 items, (\d+) triples\nconforms: (\d+) triples checked against the dutygraph shapes\n\n",
        excerpt,
    )
    assert found and found[1] == found[2]
    broken = 'report = validate_file("broken.ttl")'
    assert nb.printed(broken) == "conforms: False\n"
    assert pick(nb.table(broken), "focus", "path") == [("1.1", "ref"), ("2.3", "effectiveLeadUnit")]

    distributions = nb.table("distributions")
    assert pick(distributions, "file", "media_type")[:5] == [
        ("assignments.csv", "text/csv"),
        ("context.jsonld", "application/ld+json"),
        ("dutygraph.jsonld", "application/ld+json"),
        ("dutygraph.nt", "application/n-triples"),
        ("dutygraph.ttl", "text/turtle"),
    ]
    assert len(distributions) == 11 and all(int(row["bytes"]) > 0 for row in distributions)
    assert nb.printed("# The byte sizes the catalogue states are those of the files written.") == (
        "sizes match the files: True\n"
    )
    dataset = {row["index"]: row["0"] for row in nb.table("dataset.T")}
    assert {k: dataset[k] for k in ("title", "issued", "start", "end", "publisher")} == {
        "title": "Responsibility-decomposition plan: Wuhan 2023",
        "issued": "2023-01-12",
        "start": "2023-01-01",
        "end": "2023-12-31",
        "publisher": "武汉市人民政府办公厅",
    }
    catalogue = nb.table("queries = ox.Store()")
    assert len(catalogue) == 8 and catalogue[0]["query"] == "A unit's quantitative targets"

    # It worked in a scratch folder and deleted it: nothing is left where it ran.
    assert list(tmp_path.iterdir()) == []
