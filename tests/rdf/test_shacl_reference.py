"""pySHACL is the reference for our SHACL engine (graph.rdf.shacl).

On the bundled plan and on small, deliberately broken graphs, both must give the same
conformance and the same results, compared as a multiset of (focus node, result
path, source constraint component, source shape, source SPARQL constraint, value).
Shapes are named without blank-node labels: a property shape as "node shape IRI +
path", a SPARQL constraint by its sh:select text.

pySHACL runs as ``validate`` used to call it: data and ontology in one Oxigraph-backed
rdflib graph, no inference. It is slow (half a minute of CPU for the whole plan, a
second for each broken graph, which are cut from four items of the plan, about 1400
triples), so its answers are kept as the reference in ``pyshacl-answers.json``, each
under the SHA-256 of everything it depends on: pySHACL's and rdflib's versions, the
rdflib store, the data, the shapes and the ontology. An input the file does not hold
(the plan, the shapes or pySHACL changed) is validated by pySHACL in the test itself;
``PYSHACL_REFRESH=1 python -m pytest -p no:xdist tests/rdf/test_shacl_reference.py``
runs pySHACL on every input and rewrites the file with the answers the run used.
"""

from __future__ import annotations

import atexit
import dataclasses
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib import RDF, BNode, Literal, Namespace, URIRef

from graph.data import ontology_dir
from graph.rdf.build import plan_triples
from graph.rdf.serialise import ntriples
from graph.rdf.shacl import SH, Shapes, text
from graph.rdf.validate import project_shapes, shacl_results
from tests.rdf.conftest import BASE, PLAN, item_iri

SHN = Namespace(SH)
D = Namespace("https://w3id.org/dutygraph/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
UNIT = f"{BASE}unit/wuhan/"
CUT = ("1.3", "2.7", "2.186", "2.75")

Key = tuple[str, str, str, str, str, str]


# -- the two engines, reduced to comparable keys ---------------------------------------


def ours(nt: bytes, shapes: Shapes | None = None) -> tuple[bool, Counter[Key]]:
    shapes = shapes or project_shapes()
    owner = {
        p.node: f"{s.node.value} {p.path.value}" for s in shapes.node_shapes for p in s.properties
    }
    select = {c.node: c.select.strip() for s in shapes.node_shapes for c in s.sparql}
    results = shacl_results(nt, shapes=shapes)
    keys = Counter(
        (
            text(r.focus),
            "" if r.path is None else r.path.value,
            r.component.value,
            owner.get(r.shape) or text(r.shape),
            select.get(r.constraint, "") if r.constraint is not None else "",
            "" if r.value is None else text(r.value),
        )
        for r in results
    )
    return not results, keys


@cache
def reference_shapes(turtle: str | None = None) -> rdflib.Graph:
    if turtle is None:
        return rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    return rdflib.Graph().parse(data=turtle, format="turtle")


KEPT = Path(__file__).with_name("pyshacl-answers.json")
REFRESH = os.environ.get("PYSHACL_REFRESH") == "1"
_used: dict[str, dict] = {}


@cache
def _kept() -> dict[str, dict]:
    return json.loads(KEPT.read_text(encoding="utf-8")) if KEPT.exists() else {}


def _digest(nt: bytes, turtle: str | None, store: str) -> str:
    shapes = turtle if turtle is not None else (ontology_dir() / "shapes.ttl").read_text("utf-8")
    parts = [
        f"pyshacl {pyshacl.__version__}",
        f"rdflib {rdflib.__version__}",
        f"store {store}",
        nt.decode("utf-8"),
        shapes,
        (ontology_dir() / "dutygraph.ttl").read_text(encoding="utf-8"),
    ]
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _write_used() -> None:
    text = json.dumps(dict(sorted(_used.items())), ensure_ascii=False, indent=1)
    KEPT.write_text(text + "\n", encoding="utf-8")


if REFRESH:
    atexit.register(_write_used)


def reference(
    nt: bytes, turtle: str | None = None, store: str = "Oxigraph"
) -> tuple[bool, Counter[Key]]:
    """pySHACL's answer: the kept one for these exact inputs, else pySHACL's own."""
    digest = _digest(nt, turtle, store)
    kept = None if REFRESH else _kept().get(digest)
    if kept is None:
        conforms, keys = run_pyshacl(nt, turtle, store)
        kept = {"conforms": conforms, "results": sorted([*k, n] for k, n in keys.items())}
        _used[digest] = kept
    results: Counter[Key] = Counter()
    for *key, count in kept["results"]:
        results[tuple(key)] = count  # type: ignore[index]
    return kept["conforms"], results


def run_pyshacl(nt: bytes, turtle: str | None, store: str) -> tuple[bool, Counter[Key]]:
    shapes = reference_shapes(turtle)
    graph = rdflib.Graph(store=store)
    ox = "ox-" if store == "Oxigraph" else ""
    graph.parse(data=nt.decode("utf-8"), format=ox + "nt")
    graph.parse(ontology_dir() / "dutygraph.ttl", format=ox + "turtle")
    conforms, report, _ = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", inplace=True, allow_warnings=True
    )

    def one(result, predicate) -> str:
        value = report.value(result, predicate)
        return "" if value is None else str(value)

    keys: Counter[Key] = Counter()
    for result in report.subjects(RDF.type, SHN.ValidationResult):
        shape = report.value(result, SHN.sourceShape)
        if isinstance(shape, BNode):
            parent = shapes.value(None, SHN.property, shape)
            shape_key = f"{parent} {shapes.value(shape, SHN.path)}"
        else:
            shape_key = str(shape)
        constraint = report.value(result, SHN.sourceConstraint)
        select = shapes.value(constraint, SHN.select) if constraint is not None else None
        keys[
            (
                one(result, SHN.focusNode),
                one(result, SHN.resultPath),
                one(result, SHN.sourceConstraintComponent),
                shape_key,
                "" if select is None else str(select).strip(),
                one(result, SHN.value),
            )
        ] += 1
    return bool(conforms), keys


# -- the graphs ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_nt(plan) -> bytes:
    """Four items: a no-lead item with a target (1.3), one with a written lead and ten
    responsible units (2.7), one expanded through a group (2.186), one with subtasks
    (2.75); with every plan-level node (plan, source, duties, units, groups)."""
    cut = dataclasses.replace(plan, items=[plan.item(ref) for ref in CUT])
    return ntriples(plan_triples([cut], BASE))


def group_assignment(g: rdflib.Graph) -> URIRef:
    """The first (by IRI) assignment of item 2.186 that comes through a group."""
    item = URIRef(item_iri("2.186"))
    return min(a for a in g.subjects(D.item, item) if (a, D.derivedThrough, None) in g)


def written_assignment(g: rdflib.Graph, ref: str, role: URIRef) -> URIRef:
    item = URIRef(item_iri(ref))
    return min(
        a
        for a in g.subjects(D.item, item)
        if (a, D.role, role) in g and (a, D.written, Literal(True)) in g
    )


def target(g: rdflib.Graph) -> URIRef:
    return URIRef(item_iri("1.3") + "/target/0")


def plan_node(g: rdflib.Graph) -> URIRef:
    return URIRef(PLAN)


# Each break changes the graph and returns what it must at least cause:
# (focus node, constraint component local name, a fragment of the SPARQL text or "").
Break = Callable[[rdflib.Graph], tuple[str, str, str]]


def missing_ref(g):
    item = URIRef(item_iri("2.7"))
    g.remove((item, D.ref, None))
    return item, "MinCountConstraintComponent", ""


def two_numbers(g):
    item = URIRef(item_iri("2.7"))
    g.add((item, D.number, Literal(8)))
    return item, "MaxCountConstraintComponent", ""


def number_as_string(g):
    item = URIRef(item_iri("2.7"))
    g.set((item, D.number, Literal("7")))
    return item, "DatatypeConstraintComponent", ""


def ill_typed_integer(g):
    item = URIRef(item_iri("2.7"))
    g.set((item, D.number, Literal("seven", datatype=XSD.integer)))
    return item, "DatatypeConstraintComponent", ""


def text_without_language(g):
    item = URIRef(item_iri("2.7"))
    g.set((item, D.text, Literal(str(g.value(item, D.text)))))
    return item, "DatatypeConstraintComponent", ""


def impossible_issue_date(g):
    plan = plan_node(g)
    g.set(
        (plan, URIRef("http://purl.org/dc/terms/issued"), Literal("2023-02-30", datatype=XSD.date))
    )
    return plan, "DatatypeConstraintComponent", ""


def section_is_a_unit(g):
    item = URIRef(item_iri("2.7"))
    g.set((item, D.section, URIRef(UNIT + "development-and-reform-commission")))
    return item, "ClassConstraintComponent", ""


def agent_is_untyped(g):
    a = written_assignment(g, "2.7", D.Lead)
    g.set((a, PROV.agent, URIRef(UNIT + "no-such-unit")))
    return a, "ClassConstraintComponent", ""


def unit_as_literal(g):
    t = target(g)
    g.set((t, QUDT.unit, Literal("percent")))
    return t, "NodeKindConstraintComponent", ""


def role_not_in_list(g):
    a = written_assignment(g, "2.7", D.Lead)
    g.set((a, D.role, D.Owner))
    return a, "InConstraintComponent", ""


def ref_pattern(g):
    item = URIRef(item_iri("2.7"))
    g.set((item, D.ref, Literal("2-7")))
    return item, "PatternConstraintComponent", ""


def short_sha256(g):
    source = g.value(plan_node(g), URIRef("http://purl.org/dc/terms/source"))
    g.set((source, D.sha256, Literal("abcd", datatype=XSD.hexBinary)))
    return source, "MinLengthConstraintComponent", ""


def long_sha256(g):
    source = g.value(plan_node(g), URIRef("http://purl.org/dc/terms/source"))
    g.set((source, D.sha256, Literal("ab" * 33, datatype=XSD.hexBinary)))
    return source, "MaxLengthConstraintComponent", ""


def line_zero(g):
    item = URIRef(item_iri("2.7"))
    g.set((item, D.sourceLine, Literal(0)))
    return item, "MinInclusiveConstraintComponent", ""


def negative_char_start(g):
    item = URIRef(item_iri("2.7"))
    g.set((item, D.charStart, Literal(-1)))
    return item, "MinInclusiveConstraintComponent", ""


def line_as_text(g):
    item = URIRef(item_iri("2.7"))
    g.set((item, D.sourceLine, Literal("12")))
    return item, "MinInclusiveConstraintComponent", ""


def subclass_publisher(g):
    """A publisher typed only with a subclass of org:Organization: sh:class accepts it,
    and sh:targetClass org:Organization makes it a focus node (it has no label)."""
    unit = URIRef(UNIT + "new-district")
    g.add((unit, RDF.type, D.DistrictGovernment))
    g.set((plan_node(g), URIRef("http://purl.org/dc/terms/publisher"), unit))
    return unit, "MinCountConstraintComponent", ""


def rule_flag_with_lead(g):
    item = URIRef(item_iri("2.7"))
    g.set((item, D.leadByRule, Literal(True)))
    return item, "SPARQLConstraintComponent", "dg:leadByRule ?rule"


def no_effective_lead(g):
    item = URIRef(item_iri("2.7"))
    g.remove((item, D.effectiveLeadUnit, None))
    return item, "SPARQLConstraintComponent", "BIND (dg:effectiveLeadUnit AS ?path)"


def lead_without_rule(g):
    g.remove((plan_node(g), D.noLeadRule, None))
    return (
        URIRef(item_iri("1.3")),
        "SPARQLConstraintComponent",
        "FILTER NOT EXISTS { ?plan dg:leadRule ?r }",
    )


def two_first_listed_leads(g):
    g.add((plan_node(g), D.leadRule, D.FirstListedLeads))
    item = URIRef(item_iri("2.75"))
    return item, "SPARQLConstraintComponent", "dg:FirstListedLeads"


def deadline_without_text(g):
    item = URIRef(item_iri("2.7"))
    g.add((item, D.deadline, Literal("2023-06-30", datatype=XSD.date)))
    return item, "SPARQLConstraintComponent", "dg:deadline ?value"


def lead_without_assignment(g):
    item = URIRef(item_iri("2.7"))
    g.add((item, D.leadUnit, URIRef(UNIT + "development-and-reform-commission")))
    return item, "SPARQLConstraintComponent", "$this a dg:Item"


def derived_without_group(g):
    a = group_assignment(g)
    g.remove((a, D.derivedThrough, None))
    return a, "SPARQLConstraintComponent", "OPTIONAL { $this dg:derivedThrough ?g }"


def agent_not_a_member(g):
    a = group_assignment(g)
    g.set((a, PROV.agent, URIRef(UNIT + "development-and-reform-commission")))
    return a, "SPARQLConstraintComponent", "org:hasMember ?unit"


def no_group_assignment_behind(g):
    a = group_assignment(g)
    g.set((a, D.role, D.Lead))
    return a, "SPARQLConstraintComponent", "?ga dg:item ?item"


def derived_but_written(g):
    a = group_assignment(g)
    g.set((a, D.written, Literal(True)))
    return a, "SPARQLConstraintComponent", "dg:written ?w"


def enumerated_group_without_members(g):
    group = URIRef(UNIT + "all-new-district-governments")
    g.remove((group, ORG.hasMember, None))
    return group, "SPARQLConstraintComponent", "dg:enumerated ?e"


def target_without_back_link(g):
    t = target(g)
    g.remove((None, D.target, t))
    return t, "SPARQLConstraintComponent", "?value dg:target $this"


def foreign_snippet(g):
    t = target(g)
    g.set((t, D.snippet, Literal("9999家", lang="zh-hans")))
    return t, "SPARQLConstraintComponent", "CONTAINS(STR(?text), STR(?value))"


BREAKS: dict[str, Break] = {
    f.__name__.replace("_", " "): f
    for f in (
        missing_ref,
        two_numbers,
        number_as_string,
        ill_typed_integer,
        text_without_language,
        impossible_issue_date,
        section_is_a_unit,
        agent_is_untyped,
        unit_as_literal,
        role_not_in_list,
        ref_pattern,
        short_sha256,
        long_sha256,
        line_zero,
        negative_char_start,
        line_as_text,
        subclass_publisher,
        rule_flag_with_lead,
        no_effective_lead,
        lead_without_rule,
        two_first_listed_leads,
        deadline_without_text,
        lead_without_assignment,
        derived_without_group,
        agent_not_a_member,
        no_group_assignment_behind,
        derived_but_written,
        enumerated_group_without_members,
        target_without_back_link,
        foreign_snippet,
    )
}


def broken(base_nt: bytes, name: str) -> tuple[bytes, tuple[str, str, str]]:
    g = rdflib.Graph().parse(data=base_nt.decode("utf-8"), format="nt")
    focus, component, fragment = BREAKS[name](g)
    # sorted: the same bytes under every hash seed (the graphs have no blank nodes)
    lines = g.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
    return b"".join(sorted(lines)), (str(focus), SH + component, fragment)


def caused(keys: Counter[Key], expected: tuple[str, str, str]) -> bool:
    focus, component, fragment = expected
    return any(k[0] == focus and k[2] == component and fragment in k[4] for k in keys)


# -- the comparisons -----------------------------------------------------------------


def test_base_graph_conforms_in_both(base_nt):
    assert ours(base_nt) == (True, Counter())
    assert reference(base_nt) == (True, Counter())


@pytest.mark.parametrize("name", list(BREAKS))
def test_broken_graph_agrees_with_pyshacl(base_nt, name):
    nt, expected = broken(base_nt, name)

    conforms, keys = ours(nt)

    assert not conforms
    assert caused(keys, expected), sorted(keys)
    assert reference(nt) == (conforms, keys)


def test_breaks_cover_every_constraint_kind_and_sparql_constraint(base_nt):
    """Every SPARQL constraint of the shapes, and every core component they use, is
    violated by at least one break (a new constraint needs a new break)."""
    hit_components, hit_selects = set(), set()
    for name in BREAKS:
        nt, _ = broken(base_nt, name)
        _, keys = ours(nt)
        hit_components |= {k[2] for k in keys}
        hit_selects |= {k[4] for k in keys if k[4]}
    shapes = project_shapes()
    used = {
        c.component.value for s in shapes.node_shapes for p in s.properties for c in p.constraints
    }
    selects = {c.select.strip() for s in shapes.node_shapes for c in s.sparql}
    assert used - hit_components == set()
    assert selects - hit_selects == set()
    assert len(used) == 10 and len(selects) >= 9


def test_bundled_plan_agrees(built_dataset):
    nt = (built_dataset.out / "dutygraph.nt").read_bytes()
    assert ours(nt) == (True, Counter())
    assert reference(nt) == (True, Counter())


# -- shapes beyond the project's: strategies the project's shapes do not exercise ----

CUSTOM = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dg: <https://w3id.org/dutygraph/ontology#> .
@prefix ex: <http://example.org/shapes#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:prefixes sh:declare [ sh:prefix "dg" ; sh:namespace "https://w3id.org/dutygraph/ontology#"^^xsd:anyURI ] .

ex:ItemShape a sh:NodeShape ;
    sh:targetClass dg:Item ;
    # $this is bound only inside a FILTER: run once per focus node, not in bulk.
    sh:sparql [ sh:prefixes ex:prefixes ; sh:message "item 2.7" ;
        sh:select "SELECT $this WHERE { ?x dg:ref \\"2.7\\" FILTER (?x = $this) }" ] ;
    # A LIMIT counts per focus node.
    sh:sparql [ sh:prefixes ex:prefixes ; sh:message "some assignment" ;
        sh:select "SELECT $this ?value WHERE { ?value dg:item $this } ORDER BY ?value LIMIT 1" ] ;
    # $this only in UNION branches.
    sh:sparql [ sh:prefixes ex:prefixes ; sh:message "1.3 or 2.75" ;
        sh:select "SELECT $this WHERE { { $this dg:ref \\"1.3\\" } UNION { $this dg:ref \\"2.75\\" } }" ] ;
    # $currentShape is bound to the node shape.
    sh:sparql [ sh:prefixes ex:prefixes ; sh:message "shape" ;
        sh:select "SELECT $this ?value WHERE { $this dg:ref \\"2.186\\" BIND ($currentShape AS ?value) }" ] .
"""


def test_per_node_queries_agree_with_pyshacl(base_nt):
    shapes = Shapes.parse(CUSTOM)
    batch = {c.message: c.batch for c in shapes.node_shapes[0].sparql}
    assert batch == {
        "item 2.7": False,
        "some assignment": False,
        "1.3 or 2.75": False,
        "shape": True,
    }

    conforms, keys = ours(base_nt, shapes)

    found = sorted((k[0].rsplit("/", 1)[-1], k[5].rsplit("/", 1)[-1]) for k in keys)
    assert found == [
        ("1.3", "1.3"),
        ("1.3", "rule"),  # …/1.3/assignment/lead/development-and-reform-commission/rule
        ("2.186", "agriculture-and-rural-affairs-bureau"),
        ("2.186", "shapes#ItemShape"),
        ("2.7", "2.7"),
        ("2.7", "bureau-of-economy-and-information-technology"),
        ("2.75", "2.75"),
        ("2.75", "rule"),
    ]
    # rdflib's own store: pySHACL binds $currentShape through Oxigraph's substitution,
    # which wants it selected.
    assert reference(base_nt, CUSTOM, store="default") == (conforms, keys)
