"""The whole answer of every named query on the bundled plan, pinned.

The named queries were rewritten for speed (bench/bench_queries.py compares them with
the original texts, kept in bench/baseline_queries/); a faster query must give the
same answer. Each case pins the answer's row count and the SHA-256 of its CSV (the
header, then the rows sorted, each term as N-Triples writes it, so datatypes and
language tags count; unbound is an empty field), taken from the original texts on the
bundled plan; a few rows of each kind are checked by hand against the plan text.

The rewritten queries rely on facts of the graph the builder guarantees (and
ontology/shapes.ttl states): the items' own unit links say what the written and
rule-derived assignments say, group expansion reaches the members of enumerated
groups, and each assignment and item has exactly one of the properties read. Those
premises are tested here too, from the assignments, so a change to the builder that
breaks one fails here, and not only as a changed checksum.
"""

from __future__ import annotations

import csv
import hashlib
import io

import pytest

from graph.store.library import library
from graph.store.sparql import Result, select
from tests.queries.conftest import run

# (query, parameters, rows, SHA-256 of the sorted CSV)
ANSWERS = [
    ("district-load", {}, 18, "cc87b2252959920d610408f94b86bb1477ac90d1dcab5ea3c341c9caedc1718c"),
    # + the plan column; without it the answer hashes to the pin before (6f03233d…)
    ("group-items", {}, 169, "75ab47641758e025c3850db6a9faf2683f5c3e2f7ad5115302dc895c405fa65f"),
    # + the plan column; without it the answer hashes to the pin before (f8a1a701…)
    (
        "group-items",
        {"group": "各区人民政府"},
        139,
        "e6e1e677708c677182a52594b8909fd985504724fe6d1756b5c0abfb59ba0565",
    ),
    # + the plan column; without it the answer hashes to the pin before (2d55fe89…)
    (
        "group-items",
        {"group": "各新城区人民政府"},
        17,
        "b361bd0ca2c5003b80805f823c4d8cc2c68d17ebc4cb2747a7c373fb0b40fda6",
    ),
    # + the plan column; without it the answer hashes to the pin before (30ce77ac…)
    ("growth-targets", {}, 6, "db58cf6d984ca6e3336f9a712cd09e82e9afbe6a4b73aa2a76627d57bd8f6bd2"),
    ("items", {}, 322, "c3430287e86d2cf30eb82e8d3ab7073b5eabbf9f8d18969ff525b2ebaeac2ae0"),
    # + the plan column; without it the answer hashes to the pin before (5e4efc87…)
    (
        "items-per-section",
        {},
        36,
        "75beb61614c70d968c282bb7f914bfeafa22288d2ad83d60cf79afe7e1632e46",
    ),
    # + the plan column; without it the answer hashes to the pin before (a47141a3…)
    ("keyword-items", {}, 3, "9237c9d319bc25624544878b479bb807faa60f755ce5cb78b1ac81f7279de892"),
    # + the plan column; without it the answer hashes to the pin before (df8c829c…)
    (
        "keyword-items",
        {"keyword": "充电桩"},
        2,
        "2f820ad54f6d5ac3e3763a533225949a1cf6d24a64bb46147af19acd99fcdf20",
    ),
    # + the plan column; without it the answer hashes to the pin before (610b6b03…)
    (
        "keyword-items",
        {"keyword": "专精特新“小巨人”"},
        1,
        "0baa6c8413466471092a1921a5c78f4fdbfc07a5ed4a094cbfb296519aa05eef",
    ),
    # + the plan column; without it the answer hashes to the pin before (5bf3879c…)
    (
        "keyword-items",
        {"keyword": "文明"},
        4,
        "1d153e98e2388baa785d98a7474b0fc32a5338fc402254997196fb4be6f6608f",
    ),
    # + the plan column; without it the answer hashes to the pin before (6f22ac88…)
    ("no-lead-items", {}, 84, "f0d8a2b131388336811b6806052765976f82c209669270f63bad1b70b16f0f09"),
    # + the plan column; without it the answer hashes to the pin before (721e3da3…)
    (
        "party-organ-duties",
        {},
        10,
        "557b6400f60ff6a4e204137c47b5edb2443a5049a09daafd382f9a4985abf9c4",
    ),
    ("plan-metadata", {}, 1, "6ede7b70254a932f8b4e038d7943cec7b3829dc775260e5680249c38756ed0c8"),
    ("reporting-duties", {}, 4, "54c968f5af22d827e69dd84eaffded1d3e1a5c9be29fd9191d47a59eeffca6d9"),
    # + the plan column; without it the answer hashes to the pin before (e42e3152…)
    ("soe-duties", {}, 27, "5baeb281f1d5271797672b7c1df974547c163cc1656d11b2d2444a434f7e29c8"),
    # + the plan column; without it the answer hashes to the pin before (a50dd176…)
    ("targets", {}, 210, "a235580287c869ece7e94c12616335a975e8de379def200d0dd6f938018f612b"),
    # + the plan column; without it the answer hashes to the pin before (4120681e…)
    (
        "targets",
        {"item": "2.5"},
        2,
        "c71db16555217498028ab68658844ca603a5c9147d5b9c0d2960237a76a97b54",
    ),
    # + the plan column; without it the answer hashes to the pin before (dda9522f…)
    (
        "targets",
        {"unit": "市商务局"},
        21,
        "054555b9a5923841e50354cad5eb553513adadd0fb41ea1a479b6f5c03b82203",
    ),
    # + the plan column; without it the answer hashes to the pin before (b702603a…)
    (
        "targets",
        {"unit": "市文明办"},
        0,
        "74528091ff0abff95e0b0499cb3b377f259db1e3e3efa4ccb054fe5bb3d015d8",
    ),
    (
        "targets-by-measure",
        {},
        14,
        "a60b7cee1d2aa157b275c4b5f85e3e34f4623e1cd972c06c99654c400de075fa",
    ),
    (
        "targets-by-measure",
        {"lang": "zh"},
        14,
        "66941c23e830556057371efcaebcea3b7200e9b493c402a2855fe3b025ce8e8a",
    ),
    # + the plan column; without it the answer hashes to the pin before (df1cbbbe…)
    ("unit-items", {}, 73, "47434aca760171890b23f1ba5ebe977305cffaa8120208d6de9a4c5047b4e3b4"),
    # + the plan column; without it the answer hashes to the pin before (6cfb0ca0…)
    (
        "unit-items",
        {"unit": "市文明办"},
        2,
        "0b565b36f6a3a31516dd58b6e06281400f7cdd7adbb58e4c138c9dab3675155b",
    ),
    # + the plan column; without it the answer hashes to the pin before (94d48a98…)
    (
        "unit-items",
        {"unit": "新洲区人民政府"},
        164,
        "6e56e7dafe3ad47d98eb2bca89df3d0417293854843cfd2f84a111251f9df3f7",
    ),
    # + the plan column; without it the answer hashes to the pin before (cee4d61c…)
    (
        "unit-items",
        {"unit": "新洲区人民政府", "expand": "false"},
        8,
        "95669e9504395d41c611ee020c0ffb5a5782f844e216d96d6eae75b0d59b7d8e",
    ),
    ("unit-load", {}, 86, "dc777e166bcbacf59e1c22e436284d7b1baf61ab5b793267b9879ed0cbbc439b"),
    (
        "unit-load",
        {"expand": "true"},
        85,
        "c1afc58e1f996a680003bca4920eb3a4dd4728c7e401a67f6cd722a52c666620",
    ),
    ("unit-pairs", {}, 149, "0dfa1e4b74e87db4096160b2648c0013472b4d720b78ce6d09b65c0a2d627e16"),
    (
        "unit-pairs",
        {"min": "20"},
        3,
        "781d2c18f817e378d13171e813263b34107351021286bee925a9b6d1bc15a503",
    ),
    (
        "unit-pairs",
        {"min": "1"},
        634,
        "9ff8ebba3a6fa62158c11ddaa2fe0cc3c8879aa29f004df517ac071640692675",
    ),
    (
        "unit-pairs",
        {"min": "10", "expand": "true"},
        453,
        "56e32d84fcd2c95053dc6a4ffe4aef7d2da4464d9c8b2073cd0d0c1fe51665e8",
    ),
    # + the plan column; without it the answer hashes to the pin before (98a0891c…)
    ("unit-targets", {}, 21, "2ee33766aadf8c9cbe2477a2762f78269dbe8101f2160cb19acd53b87f89b234"),
    # + the plan column; without it the answer hashes to the pin before (a2c36354…)
    (
        "unit-targets",
        {"unit": "市商务局", "role": "lead"},
        14,
        "a5b2e8213b0469c47d8453fe1a0c44b30bb3b6d1298c534b5c6bc07ed5061a46",
    ),
    # + the plan column; without it the answer hashes to the pin before (445d0828…)
    (
        "unit-targets",
        {"unit": "江岸区人民政府", "expand": "true"},
        141,
        "e51e6c209bd3c4fa8865af62d47777d173f1b6267979aa72a2d775decee659ff",
    ),
    # the jurisdiction segment in unit IRIs and the jurisdiction column are the only
    # change since e017812d… (checked: without them the answer hashes to it)
    ("units", {}, 90, "d17ff8c7f9bcd10a3ce9d349958e9387e9f776d7af4c12bf1d7e9b08e0315245"),
]

PREFIXES = """
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
"""


def sorted_csv(result: Result) -> str:
    """The answer as CSV: header, then the rows sorted, terms in N-Triples syntax."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows(sorted(["" if t is None else str(t) for t in row] for row in result.rows))
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "params", "rows", "sha256"),
    ANSWERS,
    ids=[
        f"{n}-{','.join(f'{k}={v}' for k, v in p.items()) or 'defaults'}" for n, p, _, _ in ANSWERS
    ],
)
def test_whole_answer_is_pinned(store, name, params, rows, sha256):
    result = select(library()[name], params, store=store)
    assert len(result.rows) == rows
    assert hashlib.sha256(sorted_csv(result).encode("utf-8")).hexdigest() == sha256


def test_every_original_named_query_is_pinned():
    """The eighteen queries the library had before the rewrite, each with its defaults."""
    pinned = {name for name, params, _, _ in ANSWERS if not params}
    assert len(pinned) == 18
    assert pinned <= set(library())


def test_sorted_csv_keeps_types_and_unbound():
    """Datatypes and language tags are part of the pinned text (CSV quotes the quotes);
    unbound is an empty field; rows are sorted."""
    import pyoxigraph as ox

    seven = ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    rows = [[ox.Literal("b", language="zh-hans"), None], [ox.Literal("a"), seven]]
    assert sorted_csv(Result(["x", "y"], rows)) == (
        'x,y\n"""a""","""7""^^<http://www.w3.org/2001/XMLSchema#integer>"\n"""b""@zh-hans",\n'
    )


# -- rows checked by hand against the plan text ------------------------------------


def test_keyword_rows_by_hand(store):
    """燃气 is in 2.100 (line 142) and 4.67, 4.68 (lines 409-410), all three
    (牵头单位:市城管执法委;责任单位:各区人民政府); 充电桩 in 2.142 and 4.33."""
    got = [(r["ref"], r["lead"], r["responsible"]) for r in run(store, "keyword-items")]
    assert got == [(ref, "市城管执法委", "各区人民政府") for ref in ("2.100", "4.67", "4.68")]
    lead = "市停车场及新能源汽车配套设施建设工作领导小组"
    written = [
        "市公安局",
        "市自然资源规划局",
        "市城管执法委",
        "各区人民政府",
        "市城投公司",
        "武汉城建集团",
    ]
    got = [
        (r["ref"], r["lead"], r["responsible"])
        for r in run(store, "keyword-items", keyword="充电桩")
    ]
    assert got == [("2.142", lead, "各区人民政府"), ("4.33", lead, "、".join(sorted(written)))]


def test_unit_items_rows_by_hand(store):
    """市文明办 is an alias of 市委宣传部: lead as written on 2.193 (line 250), lead by
    the no-lead rule on 2.238 (line 305: 责任单位 only)."""
    got = [
        (r["ref"], r["role"], r["derivation"], r["via_group"])
        for r in run(store, "unit-items", unit="市文明办")
    ]
    assert got == [("2.193", "lead", "written", None), ("2.238", "lead", "no_lead_rule", None)]


def test_items_and_targets_rows_by_hand(store):
    """2.7 (line 28): 着力振兴汉派服装, a lead is named; 2.5 (line 26): 新增品牌连锁便利店
    200家、智慧商店1000家."""
    (item,) = [r for r in run(store, "items") if r["ref"] == "2.7"]
    assert (item["part"], item["number"], item["text"], item["lead_by_rule"], item["line"]) == (
        2,
        7,
        "着力振兴汉派服装。",
        False,
        28,
    )
    got = [(r["value"], r["unit"], r["counted"]) for r in run(store, "targets", item="2.5")]
    assert [(int(v), u, c) for v, u, c in got] == [
        (200, "家", "品牌连锁便利店"),
        (1000, "家", "智慧商店"),
    ]


def test_readme_rows(store):
    """The rows the README shows for unit-load, unit-pairs and district-load."""
    load = [
        (r["unit"], r["kind"], r["lead"], r["responsible"], r["total"])
        for r in run(store, "unit-load")
    ]
    assert load[:2] == [
        ("各区人民政府", "group", 5, 134, 139),
        ("市发改委", "municipal_department", 41, 32, 73),
    ]
    pairs = [(r["unit_a"], r["unit_b"], r["shared"]) for r in run(store, "unit-pairs", min=20)]
    assert pairs == [
        ("市发改委", "市经信局", 34),
        ("各区人民政府", "市城管执法委", 24),
        ("各区人民政府", "市发改委", 21),
    ]
    districts = [tuple(r.values()) for r in run(store, "district-load")][:2]
    assert districts == [
        ("新洲区人民政府", "district_government", "new", 8, 156, 164, 6),
        ("黄陂区人民政府", "district_government", "new", 7, 156, 163, 6),
    ]


# -- the premises of the rewritten queries --------------------------------------------


def solutions(store, body: str) -> set[tuple]:
    """A SELECT's rows as a set of tuples of lexical forms and IRIs."""
    return {
        tuple(t.value for t in s)
        for s in store.query(PREFIXES + body, use_default_graph_as_union=True)
    }


@pytest.mark.parametrize(
    ("link", "role", "derivations"),
    [
        ("effectiveLeadUnit", "Lead", "dg:AsWritten dg:ByNoLeadRule"),
        ("leadUnit", "Lead", "dg:AsWritten"),
        ("responsibleUnit", "Responsible", "dg:AsWritten dg:ByNoLeadRule"),
        ("cooperatingUnit", "Cooperating", "dg:AsWritten dg:ByNoLeadRule"),
    ],
)
def test_item_links_are_the_written_and_rule_assignments(store, link, role, derivations):
    """units, unit-load, district-load and group-items count the items' links."""
    links = solutions(store, f"SELECT ?i ?u WHERE {{ ?i a dg:Item ; dg:{link} ?u }}")
    assigned = solutions(
        store,
        f"SELECT ?i ?u WHERE {{ VALUES ?d {{ {derivations} }} "
        f"?a dg:derivation ?d ; dg:role dg:{role} ; dg:item ?i ; prov:agent ?u }}",
    )
    assert links == assigned
    if role == "Lead":
        assert links  # the bundled plan has leads; it names no cooperating unit


def test_group_expansion_is_membership_of_enumerated_groups(store):
    """unit-load and district-load expand groups with org:hasMember."""
    expanded = solutions(
        store,
        "SELECT ?i ?m ?r ?g WHERE { ?a dg:derivation dg:ByGroupExpansion ; dg:item ?i ; "
        "prov:agent ?m ; dg:role ?r ; dg:derivedThrough ?g }",
    )
    members = solutions(
        store,
        "SELECT ?i ?m ?r ?g WHERE { VALUES ?d { dg:AsWritten dg:ByNoLeadRule } "
        "?b dg:derivation ?d ; dg:item ?i ; prov:agent ?g ; dg:role ?r . "
        "?g dg:enumerated true ; org:hasMember ?m . FILTER (?m != ?g) }",
    )
    assert len(expanded) == 2722
    assert expanded == members


def test_each_assignment_and_item_has_one_of_each(store):
    """The queries join these properties by hashing or count them once per node."""
    (row,) = store.query(
        PREFIXES + "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?a) AS ?distinct) WHERE { "
        "?a a dg:Assignment ; dg:item ?i ; prov:agent ?u ; dg:role ?r ; dg:derivation ?d ; dg:leadByRule ?b }",
        use_default_graph_as_union=True,
    )
    assert int(row[0].value) == int(row[1].value) == 3789
    (row,) = store.query(
        PREFIXES
        + "SELECT (COUNT(*) AS ?n) (SUM(IF(?b, 1, 0)) AS ?true) WHERE { ?i a dg:Item ; dg:leadByRule ?b . "
        "FILTER (?b = true || ?b = false) }",
        use_default_graph_as_union=True,
    )
    assert int(row[0].value) == 322 and int(row[1].value) == 78
    other_roles = solutions(
        store,
        "SELECT ?a WHERE { ?a dg:role ?r . FILTER (?r NOT IN (dg:Lead, dg:Responsible, dg:Cooperating)) }",
    )
    assert other_roles == set()


def test_assignments_read_as_text_equal_the_terms(store):
    """load_tables reads the assignments as CSV text (select_strings): the same table
    as reading it term by term, missing via-groups included."""
    from graph.analytics.frames import assignments_query
    from graph.store.sparql import frame, select_strings

    text = select_strings(assignments_query(), store=store)
    terms = frame(select(assignments_query(), store=store))
    assert list(text.columns) == list(terms.columns) == list(assignments_query().columns)
    assert len(text) == len(terms) == 3789
    assert int(text["via_iri"].isna().sum()) == int(terms["via_iri"].isna().sum()) == 3789 - 2722
    terms["lead_by_rule"] = terms["lead_by_rule"].map({True: "true", False: "false"})
    assert table_rows(text) == table_rows(terms)


def table_rows(df) -> list[tuple]:
    """A DataFrame's rows as sorted tuples, missing values as ""."""
    return sorted(map(tuple, df.astype(object).where(df.notna(), "").values.tolist()))
