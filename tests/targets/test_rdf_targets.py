"""Targets in the graph: the same targets as the extraction, described by the ontology,
conforming to dgsh:TargetShape, exported as targets.csv and listed in the catalogue."""

from __future__ import annotations

import csv
import dataclasses
import io
from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from graph.data import ontology_dir
from graph.export.tables import TARGET_TABLE_COLUMNS
from graph.rdf.iris import Iris
from graph.rdf.namespaces import DEFAULT_BASE, DG, QUDT
from graph.rdf.targets import COMPARATOR_IRI, KIND_IRI, decimal_text, kind_iri
from graph.targets import COMPARATORS, KINDS, load_measures, plan_targets

SLUG = "wuhan-2023"
DGSH = rdflib.Namespace("https://w3id.org/dutygraph/shapes#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
QUDT_NS = rdflib.Namespace(QUDT)
NEW_UNITS = ("Count", "CountPerDay", "Person", "PersonTime", "Mu", "PercentagePoint")

# Every target as the graph holds it: one row per dg:Target, plain values.
GRAPH_TARGETS = """
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
PREFIX qudt: <http://qudt.org/schema/qudt/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?t ?ref ?index ?value ?unit_iri ?unit ?comparator ?kind ?counted ?snippet ?phrase
WHERE {
  ?t a dg:Target ; dg:item ?i ; dg:index ?index ; dg:value ?value ; qudt:unit ?unit_iri ;
     dg:comparator/skos:notation ?comparator ; dg:targetKind/skos:notation ?kind ;
     dg:snippet ?snippet ; dg:phrase ?phrase .
  ?i dg:ref ?ref ; dg:target ?t .
  OPTIONAL { ?t dg:unitAsWritten ?unit }
  OPTIONAL { ?t dg:counted ?counted }
}
"""


@pytest.fixture(scope="module")
def targets(plan):
    return plan_targets(plan)


@pytest.fixture(scope="module")
def graph_rows(graph_store) -> list[dict]:
    rows = []
    for solution in graph_store.query(GRAPH_TARGETS, use_default_graph_as_union=True):
        row = {}
        for name in ("t", "ref", "index", "value", "unit_iri", "unit", "comparator", "kind"):
            term = solution[name]
            row[name] = None if term is None else term.value
        for name in ("counted", "snippet", "phrase"):
            term = solution[name]
            row[name] = None if term is None else term.value
            assert term is None or term.language == "zh-hans"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "dutygraph.ttl", format="turtle")


def expected_row(target) -> dict:
    return {
        "t": Iris(DEFAULT_BASE).target(SLUG, target.item, target.index),
        "ref": target.item,
        "index": str(target.index),
        "value": decimal_text(target.value),
        "unit_iri": target.unit_iri,
        "unit": target.unit or None,
        "comparator": target.comparator,
        "kind": target.kind,
        "counted": target.counted or None,
        "snippet": target.snippet,
        "phrase": target.phrase,
    }


def key(row: dict) -> tuple:
    return (row["ref"], int(row["index"]))


# -- the graph holds exactly the extracted targets -----------------------------------


def test_one_target_node_per_extracted_target(graph_store, targets):
    def count(pattern: str) -> int:
        query = f"PREFIX dg: <{DG}> SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
        return int(next(iter(graph_store.query(query, use_default_graph_as_union=True)))["n"].value)

    assert len(targets) == 210
    assert count("?t a dg:Target") == count("?i dg:target ?t") == len(targets)
    assert count("?i a dg:Item ; dg:target ?t . ?t dg:item ?i") == len(targets)


def test_graph_targets_equal_the_extraction(graph_rows, targets):
    assert sorted(graph_rows, key=key) == sorted((expected_row(t) for t in targets), key=key)


def test_per_item_values_units_and_comparators(graph_rows, targets):
    def per_item(rows):
        out: dict[str, list] = {}
        for row in sorted(rows, key=key):
            out.setdefault(row["ref"], []).append(
                (Decimal(row["value"]), row["unit"] or "", row["comparator"])
            )
        return out

    by_item = per_item(graph_rows)
    assert by_item == per_item(expected_row(t) for t in targets)
    assert by_item["2.5"] == [(200, "家", "exactly"), (1000, "家", "exactly")]
    assert by_item["1.1"] == [(Decimal("6.5"), "%", "at_least")]
    assert by_item["2.15"] == [(500_000_000_000, "元", "at_least")]
    assert by_item["4.35"] == [(17, "个", "exactly"), (3, "个", "exactly"), (80, "个", "exactly")]
    assert "2.6" not in by_item  # an item with no figure has no target


def test_values_are_canonical_decimals(graph_store):
    iri = Iris(DEFAULT_BASE).target(SLUG, "2.15", 0)
    values = list(
        graph_store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(DG + "value"), None)
    )
    assert [q.object for q in values] == [
        ox.Literal(
            "500000000000", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
        )
    ]
    assert decimal_text(Decimal("5E+11")) == "500000000000"
    assert decimal_text(Decimal("6.50")) == "6.5"
    assert decimal_text(Decimal("0.0")) == "0"


def test_a_figure_without_unit_word_has_no_unit_as_written(graph_rows):
    row = next(r for r in graph_rows if r["ref"] == "4.68")
    assert row["unit"] is None and row["value"] == "500000"
    assert row["unit_iri"] == DG + "Count" and row["counted"] == "燃气用户"


def test_units_of_measure_are_qudt_where_qudt_has_one(graph_rows):
    units = {r["unit"]: r["unit_iri"] for r in graph_rows if r["unit"]}
    assert units["公里"] == "http://qudt.org/vocab/unit/KiloM"
    assert units["%"] == "http://qudt.org/vocab/unit/PERCENT"
    assert units["元"] == "http://qudt.org/vocab/currency/CNY"
    assert units["亩"] == DG + "Mu"
    assert units["家"] == units["个"] == DG + "Count"
    assert units["人次"] == DG + "PersonTime"


# -- the ontology describes every term the targets use --------------------------------


def languages(graph: rdflib.Graph, term: URIRef, predicate: URIRef) -> set[str]:
    return {(o.language or "").lower() for o in graph.objects(term, predicate)}


def fully_labelled(graph: rdflib.Graph, term: URIRef) -> bool:
    return {"en", "zh-hans"} <= languages(graph, term, RDFS.label) and {
        "en",
        "zh-hans",
    } <= languages(graph, term, RDFS.comment)


def test_comparator_concepts(ontology):
    scheme = URIRef(DG + "comparators")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
    assert set(COMPARATOR_IRI) == set(COMPARATORS)
    for key, iri in COMPARATOR_IRI.items():
        term = URIRef(iri)
        assert (term, RDF.type, URIRef(DG + "Comparator")) in ontology
        assert (term, SKOS.inScheme, scheme) in ontology
        assert list(ontology.objects(term, SKOS.notation)) == [Literal(key)]
        assert fully_labelled(ontology, term), key
    assert COMPARATOR_IRI["at_least"] == DG + "AtLeast"


def test_target_kind_concepts(ontology):
    scheme = URIRef(DG + "targetKinds")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
    declared = set(ontology.subjects(RDF.type, URIRef(DG + "TargetKind")))
    assert declared == {URIRef(iri) for iri in KIND_IRI.values()}
    for key in KINDS:
        term = URIRef(kind_iri(key))
        assert (term, SKOS.inScheme, scheme) in ontology
        assert list(ontology.objects(term, SKOS.notation)) == [Literal(key)]
        assert fully_labelled(ontology, term), key
    assert kind_iri("growth_rate") == DG + "GrowthRateTarget"
    with pytest.raises(ValueError):
        kind_iri("speed")


def test_every_measure_is_a_described_unit_with_its_key_as_notation(ontology):
    for key, measure in load_measures().measures.items():
        unit = URIRef(measure.iri)
        assert (unit, RDF.type, QUDT_NS.Unit) in ontology, key
        assert list(ontology.objects(unit, SKOS.notation)) == [Literal(key)], key
        assert {"en", "zh-hans"} <= languages(ontology, unit, RDFS.label), key


def test_project_units_of_measure(ontology):
    for name in NEW_UNITS:
        assert fully_labelled(ontology, URIRef(DG + name)), name
    hectare = URIRef("http://qudt.org/vocab/unit/HA")
    assert (URIRef(DG + "Mu"), SKOS.closeMatch, hectare) in ontology
    percent = URIRef("http://qudt.org/vocab/unit/PERCENT")
    assert (URIRef(DG + "PercentagePoint"), SKOS.closeMatch, percent) in ontology
    multiplier = ontology.value(URIRef(DG + "Mu"), QUDT_NS.conversionMultiplier)
    assert abs(Decimal(str(multiplier)) - Decimal(10000) / 15) < Decimal("0.000001")


def test_target_properties_are_declared(ontology):
    for name in ("target", "value", "unitAsWritten", "comparator", "targetKind", "counted",
                 "snippet", "phrase", "index"):  # fmt: skip
        term = URIRef(DG + name)
        kinds = set(ontology.objects(term, RDF.type))
        assert kinds & {rdflib.OWL.ObjectProperty, rdflib.OWL.DatatypeProperty}, name
        assert fully_labelled(ontology, term), name


# -- SHACL ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def target_shapes() -> rdflib.Graph:
    """dgsh:TargetShape alone (with the prefixes its SPARQL constraints declare)."""
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    out = rdflib.Graph()
    for node in (DGSH.TargetShape, DGSH.prefixes):
        out += shapes.cbd(node)
    return out


def validate_targets(nt: bytes, shapes: rdflib.Graph, mutate=None):
    """Validate with our SHACL engine (graph.rdf.shacl; pySHACL is its reference in
    tests/rdf/test_shacl_reference.py), the ontology added as ``validate`` adds it."""
    from graph.rdf.shacl import Shapes
    from graph.rdf.validate import validate_graph

    graph = rdflib.Graph(store="Oxigraph")
    graph.parse(data=nt.decode("utf-8"), format="ox-nt")
    if mutate:
        mutate(graph)
    report = validate_graph(graph, shapes=Shapes.parse(shapes.serialize(format="turtle")))
    return report.conforms, sorted(v.focus for v in report.violations)


@pytest.fixture(scope="module")
def built_nt(built_dataset) -> bytes:
    return (built_dataset.out / "dutygraph.nt").read_bytes()


@pytest.fixture(scope="module")
def small_nt(plan) -> bytes:
    """The graph of three items of the bundled plan (2.5 has two targets)."""
    from graph.rdf.build import plan_triples
    from graph.rdf.serialise import ntriples

    cut = dataclasses.replace(plan, items=[plan.item(ref) for ref in ("1.1", "2.5", "4.68")])
    return ntriples(plan_triples([cut], DEFAULT_BASE))


def test_target_shape_holds_on_the_built_graph(built_nt, target_shapes):
    assert len(list(target_shapes.subjects(RDF.type, SH.NodeShape))) == 1
    assert validate_targets(built_nt, target_shapes) == (True, [])


@pytest.mark.parametrize(
    "breakage",
    ["no value", "two comparators", "unknown unit", "no back link", "foreign snippet"],
)
def test_target_shape_catches_broken_targets(small_nt, target_shapes, breakage):
    t = URIRef(Iris(DEFAULT_BASE).target(SLUG, "2.5", 1))
    item = URIRef(Iris(DEFAULT_BASE).item(SLUG, "2.5"))

    def mutate(graph):
        if breakage == "no value":
            graph.remove((t, URIRef(DG + "value"), None))
        elif breakage == "two comparators":
            graph.add((t, URIRef(DG + "comparator"), URIRef(DG + "AtMost")))
        elif breakage == "unknown unit":
            graph.set((t, QUDT_NS.unit, URIRef("http://example.org/unit/furlong")))
        elif breakage == "no back link":
            graph.remove((item, URIRef(DG + "target"), t))
        else:
            graph.set((t, URIRef(DG + "snippet"), Literal("9999家", lang="zh-Hans")))

    assert validate_targets(small_nt, target_shapes) == (True, [])
    conforms, focus = validate_targets(small_nt, target_shapes, mutate)
    assert not conforms
    assert set(focus) == {str(t)}


# -- exports -------------------------------------------------------------------------


def test_targets_csv(built_dataset, targets):
    data = (built_dataset.out / "targets.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert tuple(rows[0]) == TARGET_TABLE_COLUMNS == (
        "plan", "item", "index", "value", "unit", "measure", "unit_iri", "comparator", "kind",
        "counted", "snippet", "text", "iri",
    )  # fmt: skip
    assert len(rows) == len(targets)
    row = next(r for r in rows if r["item"] == "2.15")
    assert row == {
        "plan": SLUG,
        "item": "2.15",
        "index": "0",
        "value": "500000000000",
        "unit": "元",
        "measure": "yuan",
        "unit_iri": "http://qudt.org/vocab/currency/CNY",
        "comparator": "at_least",
        "kind": "level",
        "counted": "招商引资产业项目到位资金",
        "snippet": "5000亿元以上",
        "text": "招商引资产业项目到位资金5000亿元以上",
        "iri": Iris(DEFAULT_BASE).target(SLUG, "2.15", 0),
    }
    assert [r["iri"] for r in rows] == [
        Iris(DEFAULT_BASE).target(SLUG, t.item, t.index) for t in targets
    ]


def test_catalogue_lists_targets_csv(built_dataset):
    catalog = rdflib.Graph().parse(built_dataset.out / "catalog.ttl", format="turtle")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    urls = {str(o) for o in catalog.objects(None, dcat.downloadURL)}
    assert any(url.endswith("/targets.csv") for url in urls)
    assert built_dataset.files["targets.csv"] > 0


def test_turtle_export_carries_the_targets(built_dataset):
    text = (built_dataset.out / "dutygraph.ttl").read_text(encoding="utf-8")
    assert "/item/2.5/target/1> a dg:Target" in text
    assert "qudt:unit dg:Count" in text
