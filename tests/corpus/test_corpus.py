"""A corpus in one store: the bundled plan, a real plan of another issuer and two
synthetic plans (Wuhan 2022, which shares the bundled plan's units and item refs, and
Chengdu 2022, whose 市发改委 is another body with the same name).

The per-plan answers are checked against independent ground: every named query on
one plan of the corpus must give exactly the answer of a store that holds that plan
alone (whose answers the single-plan suites pin by hand), and the counts below were
read off the texts.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.cli.main import cli
from graph.data import bundled_plan_path
from graph.parse.sources import parse_sources
from graph.store.library import library
from graph.store.local import add_plans, disk_store, plan_ids, remove_plan, store_from_plans
from graph.store.sparql import select
from tests.bench.synthetic import corpus

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "08_liaoning-2024.txt"
SEED = 3
PLANS = ["chengdu-2022", "liaoning-2024", "wuhan-2022", "wuhan-2023"]


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("corpus")
    synthetic = {p.slug: p for p in corpus(5, SEED).plans}
    out = []
    for slug in ("wuhan-2022", "chengdu-2022"):
        path = folder / f"{slug}.txt"
        path.write_text(synthetic[slug].text, encoding="utf-8")
        out.append(path)
    shutil.copy(REAL, folder / REAL.name)
    return [bundled_plan_path(), *out, folder / REAL.name]


@pytest.fixture(scope="module")
def plans(files):
    return {p.slug: p for p in parse_sources([str(f) for f in files])}


@pytest.fixture(scope="module")
def store_dir(files, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("store") / "corpus"
    result = invoke("add", *map(str, files), "--store", str(folder))
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def store(store_dir) -> ox.Store:
    return disk_store(store_dir)


def test_plans_lists_each_plan_with_its_issuer(store_dir):
    result = invoke("plans", "--store", str(store_dir), "--format", "json")
    rows = json.loads(result.stdout)
    assert [(r["plan"], r["jurisdiction"], r["level"], r["year"], r["items"]) for r in rows] == [
        ("chengdu-2022", "成都市", "city", "2022", rows[0]["items"]),
        ("liaoning-2024", "辽宁省", "province", "2024", 5),
        ("wuhan-2022", "武汉市", "city", "2022", rows[2]["items"]),
        ("wuhan-2023", "武汉市", "city", "2023", 322),
    ]
    assert rows[3]["doc_number"] == "武政办〔2023〕1号"
    assert rows[1]["doc_number"] == "辽政发〔2024〕3号"


def test_item_counts_are_the_parsed_ones(store_dir, plans):
    rows = json.loads(invoke("plans", "--store", str(store_dir), "--format", "json").stdout)
    assert {r["plan"]: int(r["items"]) for r in rows} == {s: len(p.items) for s, p in plans.items()}


def test_graphs_one_per_plan_one_per_jurisdiction(store):
    names = sorted(g.value.rsplit("/graph/", 1)[1] for g in store.named_graphs())
    assert names == [
        *PLANS[:2],
        "ontology",
        "units/chengdu",
        "units/liaoning",
        "units/wuhan",
        *PLANS[2:],
    ]
    assert plan_ids(store) == PLANS


@pytest.fixture(scope="module")
def alone(plans):
    """A store holding one plan of the corpus alone, built once per plan (a build of
    the bundled plan costs most of a second; every named query asks each plan)."""
    built: dict[str, ox.Store] = {}

    def store_of(plan: str) -> ox.Store:
        if plan not in built:
            built[plan] = store_from_plans([plans[plan]])
        return built[plan]

    return store_of


@pytest.mark.parametrize("name", sorted(library()))
@pytest.mark.parametrize("plan", PLANS)
def test_every_named_query_per_plan_answers_as_the_plan_alone(store, alone, name, plan):
    scoped = select(library()[name], {"plan": plan}, store=store)
    expected = select(library()[name], {}, store=alone(plan))
    assert scoped.columns == expected.columns
    assert scoped.rows == expected.rows, name


@pytest.mark.parametrize("plan", [None, *PLANS])
def test_unit_labels_are_the_units_rows_without_their_counts(store, plan):
    """The analytics label the assignments with queries/internal/unit-labels.rq, a
    copy of the units query without its counts: the same rows, on the whole corpus
    (three jurisdictions) and on each plan."""
    from graph.store.library import internal_query
    from graph.store.sparql import frame

    params = {"plan": plan} if plan else {}
    units = frame(select(library()["units"], params, store=store)).drop(columns="items")
    labels = frame(select(internal_query("unit-labels"), params, store=store))
    assert list(labels.columns) == list(units.columns)
    assert len(labels) == len(units) > 0
    assert (
        labels.sort_values("iri")
        .reset_index(drop=True)
        .equals(units.sort_values("iri").reset_index(drop=True))
    )


def test_same_city_shares_units_other_city_does_not(store):
    rows = select(library()["units"], {}, store=store).records()
    drc = sorted((r["jurisdiction"], r["iri"], r["items"]) for r in rows if r["unit"] == "市发改委")
    assert [(j, iri.rsplit("/unit/", 1)[1]) for j, iri, _ in drc] == [
        ("chengdu", "chengdu/市发改委"),
        ("wuhan", "wuhan/development-and-reform-commission"),
    ]
    # one Wuhan node for both years: its items are the two plans' together
    wuhan_items = {p: len(set(_unit_items(store, p))) for p in ("wuhan-2022", "wuhan-2023")}
    assert drc[1][2] == wuhan_items["wuhan-2022"] + wuhan_items["wuhan-2023"]
    assert wuhan_items["wuhan-2023"] == 73


def _unit_items(store, plan):
    result = select(library()["unit-items"], {"unit": "市发改委", "plan": plan}, store=store)
    return [r["ref"] for r in result.records()]


def test_a_bare_ref_with_several_plans_is_a_usage_error(store_dir):
    result = invoke("show", "2.201", "--store", str(store_dir))
    assert result.exit_code == 2
    assert result.output.strip() == (
        "dutygraph: error: the store holds several plans; cite the item as PLAN:REF "
        "(chengdu-2022:2.201, liaoning-2024:2.201, wuhan-2022:2.201, wuhan-2023:2.201)"
    )


def test_plan_ref_shows_that_plans_item(store_dir, plans):
    result = invoke("show", "wuhan-2023:2.201", "--store", str(store_dir), "--format", "json")
    data = json.loads(result.stdout)
    assert data["ref"] == "2.201"
    assert data["text"] == plans["wuhan-2023"].item("2.201").text


@pytest.mark.parametrize(
    "command",
    [
        ["load", "--format", "json"],
        ["load", "--expand-groups", "--by", "weighted", "--format", "json"],
        ["overlaps", "--format", "json"],
        ["overlaps", "--kind", "co-assignment", "--format", "json"],
        ["structure", "--format", "json"],
        ["show", "市发改委", "--format", "json"],
        ["show", "2.201", "--format", "json"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_analytics_per_plan_equal_the_plan_alone(store_dir, files, command):
    """On one plan of the corpus, each analytics command prints what it prints on a
    store of that plan alone (units named as that plan's jurisdiction names them)."""
    scoped = invoke(*command, "--plan", "wuhan-2023", "--store", str(store_dir))
    alone = invoke(*command, str(files[0]), "--no-cache")
    assert scoped.exit_code == alone.exit_code == 0, scoped.output
    assert scoped.stdout == alone.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["viz", "--view", "load"],
        ["viz", "--view", "tasks", "--part", "2"],
        ["network", "--format", "json"],
        ["chart", "--kind", "load"],
    ],
    ids=lambda a: " ".join(a),
)
def test_views_per_plan_equal_the_plan_alone(store_dir, files, tmp_path, args):
    suffix = ".json" if "network" in args else ".svg" if "chart" in args else ".html"
    scoped, alone = tmp_path / f"scoped{suffix}", tmp_path / f"alone{suffix}"
    assert (
        invoke(
            *args, "--plan", "wuhan-2023", "--store", str(store_dir), "-o", str(scoped)
        ).exit_code
        == 0
    )
    assert invoke(*args, str(files[0]), "--no-cache", "-o", str(alone)).exit_code == 0
    assert scoped.read_bytes() == alone.read_bytes()


def test_load_by_plan_ranks_each_plan(store_dir):
    rows = json.loads(
        invoke(
            "load", "--by", "plan", "--top", "1", "--store", str(store_dir), "--format", "json"
        ).stdout
    )
    assert [r["plan"] for r in rows] == PLANS
    # each plan's rows name its units as the plan does
    assert rows[3]["unit"] == "各区人民政府" and rows[3]["total"] == 139


def test_answers_on_a_store_are_kept_until_the_store_changes(files, tmp_path, monkeypatch):
    """A store's tables and answers are kept in the cache (the full analytics run on a
    corpus reads its tables once); adding a plan, removing it or an update makes a
    new key, so no answer outlives the store it was computed from."""
    from graph.analytics import frames

    monkeypatch.setenv("DUTYGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "s"
    assert invoke("add", str(files[0]), "--store", str(folder)).exit_code == 0
    reads = []
    real = frames.load_tables
    monkeypatch.setattr(frames, "load_tables", lambda *a: reads.append(1) or real(*a))

    def top(*extra):
        out = invoke("load", "--top", "1", *extra, "--store", str(folder), "--format", "csv")
        assert out.exit_code == 0, out.output
        return out.stdout

    one = top()
    assert invoke("overlaps", "--store", str(folder), "--format", "csv").exit_code == 0
    assert top() == one and len(reads) == 1  # read once, then kept
    assert one.splitlines()[1].split(",")[-5:] == ["134", "139", "139", "0", "109.179"]
    assert invoke("add", str(files[1]), "--store", str(folder), "-q").exit_code == 0
    two = top()
    assert len(reads) == 2  # the store changed: read again
    # one city's two plans: 139 items of the bundled plan and 138 of the other
    assert two.splitlines()[1].split(",")[-5:] == ["267", "277", "277", "0", "219.454"]
    assert invoke("remove", "wuhan-2022", "--store", str(folder)).exit_code == 0
    assert top() == one and len(reads) == 3
    update = tmp_path / "u.rq"
    update.write_text("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", encoding="utf-8")
    done = invoke("query", str(update), "--allow-update", "--store", str(folder))
    assert done.exit_code == 0, done.output
    top()
    assert len(reads) == 4


def test_an_unknown_plan_is_a_usage_error_listing_the_plans(store_dir):
    result = invoke("query", "items", "-p", "plan=wuhan-2030", "--store", str(store_dir))
    assert result.exit_code == 2
    assert "no plan 'wuhan-2030' in the store (plans: " + ", ".join(PLANS) + ")" in result.output


def test_add_replaces_remove_prunes(files, tmp_path):
    folder = tmp_path / "s"
    parsed = parse_sources([str(f) for f in files])
    add_plans(folder, parsed[:2])
    before = len(disk_store(folder))
    add_plans(folder, parsed[1:2])  # the same plan again: replaced, not doubled
    assert len(disk_store(folder)) == before
    add_plans(folder, parsed[2:3])  # chengdu: its own units graph
    store = disk_store(folder)
    assert plan_ids(store) == ["chengdu-2022", "wuhan-2022", "wuhan-2023"]
    del store
    remove_plan(folder, "chengdu-2022")
    store = disk_store(folder)
    assert plan_ids(store) == ["wuhan-2022", "wuhan-2023"]
    assert len(store) == before
    units = {
        g.value.rsplit("/", 1)[1]: len(list(store.quads_for_pattern(None, None, None, g)))
        for g in store.named_graphs()
        if "/graph/units/" in g.value
    }
    assert units["chengdu"] == 0  # no plan names a Chengdu unit any longer
    del store
    remove_plan(folder, "wuhan-2022")
    # the units only Wuhan 2022 named are gone too: as the bundled plan alone
    alone = store_from_plans(parsed[:1])
    assert len(disk_store(folder)) == len(alone)


def test_remove_an_unknown_plan(store_dir, tmp_path):
    copy = tmp_path / "c"
    shutil.copytree(store_dir, copy)
    result = invoke("remove", "nowhere-2020", "--store", str(copy))
    assert result.exit_code == 2
    assert result.output.strip() == (
        "dutygraph: error: no plan 'nowhere-2020' in the store (plans: " + ", ".join(PLANS) + ")"
    )


def test_nquads_export_keeps_each_plan_in_its_graph(files):
    result = invoke("export", *map(str, files), "--format", "nq")
    quads = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_QUADS))
    graphs = sorted({q.graph_name.value.rsplit("/graph/", 1)[1] for q in quads})
    assert graphs == [*PLANS[:2], "units/chengdu", "units/liaoning", "units/wuhan", *PLANS[2:]]
    again = invoke("export", *map(str, files), "--format", "nq")
    assert again.stdout_bytes == result.stdout_bytes  # deterministic


def test_manifest_overrides_the_notice(tmp_path, files):
    manifest = tmp_path / "m.toml"
    manifest.write_text(
        f'[[plan]]\nfile = "{files[3]}"\nslug = "ln-2024"\nyear = 2025\n'
        f'[[plan]]\nfile = "{files[1]}"\n',
        encoding="utf-8",
    )
    got = {p.slug: p.year for p in parse_sources([str(manifest)])}
    assert got == {"ln-2024": 2025, "wuhan-2022": 2022}


def test_folder_and_glob_sources(files):
    folder = files[1].parent
    from_folder = [p.slug for p in parse_sources([str(folder)])]
    assert from_folder == ["liaoning-2024", "chengdu-2022", "wuhan-2022"]  # file-name order
    from_glob = [p.slug for p in parse_sources([str(folder / "*-2022.txt")])]
    assert from_glob == ["chengdu-2022", "wuhan-2022"]


@pytest.fixture(scope="module")
def corpus_endpoint(tmp_path_factory, store_dir):
    """An Oxigraph server holding the corpus, pushed graph by graph."""
    from tests.queries.test_remote import running_oxigraph

    with running_oxigraph(tmp_path_factory.mktemp("corpus-server")) as base:
        pushed = invoke(
            "push", "--store", str(store_dir), "--endpoint", f"{base}/store", "--replace"
        )
        assert pushed.exit_code == 0, pushed.output
        yield f"{base}/query"


@pytest.mark.parametrize("name", ["items", "unit-load", "units", "targets", "load-by-plan"])
def test_a_plan_at_an_endpoint_answers_as_embedded(store, corpus_endpoint, name):
    """`-p plan=ID` at an endpoint: the plan's graphs become default-graph-uri."""
    query = library()[name]
    remote = select(query, {"plan": "liaoning-2024"}, endpoint=corpus_endpoint, timeout=60)
    embedded = select(query, {"plan": "liaoning-2024"}, store=store)
    assert remote.records() == embedded.records()
    assert len(embedded.rows) > 0


def test_an_unknown_plan_at_an_endpoint(corpus_endpoint):
    result = invoke("query", "items", "-p", "plan=nowhere-2020", "--endpoint", corpus_endpoint)
    assert result.exit_code == 2
    assert result.output.strip() == (
        "dutygraph: error: no plan 'nowhere-2020' at the endpoint (plans: " + ", ".join(PLANS) + ")"
    )


def test_duplicates_in_a_corpus_stay_within_each_plan(store_dir):
    rows = json.loads(invoke("overlaps", "--store", str(store_dir), "--format", "json").stdout)
    assert rows and all(r["item_a"].split(":")[0] == r["item_b"].split(":")[0] for r in rows)
    alone = json.loads(
        invoke(
            "overlaps", "--plan", "wuhan-2023", "--store", str(store_dir), "--format", "json"
        ).stdout
    )
    mine = [r for r in rows if r["item_a"].startswith("wuhan-2023:")]
    assert [(r["item_a"].split(":")[1], r["item_b"].split(":")[1], r["score"]) for r in mine] == [
        (r["item_a"], r["item_b"], r["score"]) for r in alone
    ]
