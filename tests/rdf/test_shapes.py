"""SHACL: the built graph conforms to ontology/shapes.ttl; broken graphs do not.

The full validation runs once per session (fixture ``validation``). Broken graphs
are made from a four-item cut of the plan, so each check takes a fraction of a
second and the violations can be pinned to the node that was broken.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Callable

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib import Literal, URIRef

from graph.cli.main import cli
from graph.errors import DataError, InputError
from graph.rdf.build import plan_triples
from graph.rdf.iris import Iris
from graph.rdf.namespaces import DG
from graph.rdf.serialise import ntriples
from graph.rdf.shacl import Shapes, UnsupportedShapes, batchable, nest_exists, well_formed
from graph.rdf.validate import project_shapes, validate_file, validate_graph
from tests.rdf.conftest import BASE, item_iri

SMALL = ("1.3", "2.7", "2.201", "3.1")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")


def test_built_graph_conforms(validation, built_dataset):
    exit_code, report = validation
    assert report["violations"] == []
    assert report["conforms"] is True
    assert exit_code == 0
    assert report["triples"] == built_dataset.triples


@pytest.fixture(scope="module")
def small_graph(plan) -> rdflib.Graph:
    """The graph of four items of the bundled plan (with all plan-level nodes)."""
    cut = dataclasses.replace(plan, items=[plan.item(ref) for ref in SMALL])
    data = ntriples(plan_triples([cut], BASE)).decode("utf-8")
    return rdflib.Graph().parse(data=data, format="nt")


def lead_assignment_27(registry) -> str:
    """Item 2.7's written lead assignment (市经信局)."""
    return Iris(BASE).assignment(
        "wuhan-2023", "2.7", "lead", registry.get("市经信局"), by_rule=False, via=None
    )


def test_small_graph_conforms(small_graph):
    report = validate_graph(small_graph)
    assert report.conforms, report.text()


def drop_effective_lead(graph: rdflib.Graph, registry) -> tuple[str, str]:
    focus = item_iri("1.3")
    graph.remove((URIRef(focus), URIRef(DG + "effectiveLeadUnit"), None))
    return focus, DG + "effectiveLeadUnit"


def drop_role(graph: rdflib.Graph, registry) -> tuple[str, str]:
    focus = lead_assignment_27(registry)
    assert (URIRef(focus), URIRef(DG + "role"), None) in graph
    graph.remove((URIRef(focus), URIRef(DG + "role"), None))
    return focus, DG + "role"


def second_ref(graph: rdflib.Graph, registry) -> tuple[str, str]:
    focus = item_iri("2.201")
    graph.add((URIRef(focus), URIRef(DG + "ref"), Literal("2.202")))
    return focus, DG + "ref"


def second_role(graph: rdflib.Graph, registry) -> tuple[str, str]:
    focus = lead_assignment_27(registry)
    graph.add((URIRef(focus), URIRef(DG + "role"), URIRef(DG + "Responsible")))
    return focus, DG + "role"


BREAKS: dict[str, Callable[[rdflib.Graph, object], tuple[str, str]]] = {
    "item without effective lead": drop_effective_lead,
    "assignment without role": drop_role,
    "item with a second ref": second_ref,
    "assignment with two roles": second_role,
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_broken_graph_does_not_conform(small_graph, registry, name):
    graph = rdflib.Graph()
    for triple in small_graph:
        graph.add(triple)
    focus, path = BREAKS[name](graph, registry)

    report = validate_graph(graph)

    assert not report.conforms
    found = {(v.focus, v.path) for v in report.violations}
    assert (focus, path) in found, report.text()
    # Nothing else is reported but the broken node and the item it belongs to.
    assert {v.focus for v in report.violations} <= {focus, item_iri("2.7")}, report.text()
    assert focus in report.text()


def test_validate_command_reports_focus_node(small_graph, registry, tmp_path):
    graph = rdflib.Graph()
    for triple in small_graph:
        graph.add(triple)
    focus, _ = drop_role(graph, registry)
    path = tmp_path / "broken.ttl"
    graph.serialize(path, format="turtle")

    result = CliRunner().invoke(cli, ["validate", str(path)])

    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("does not conform: ")
    lines = [line for line in result.stdout.splitlines() if focus in line]
    assert lines and all(line.startswith("- Violation: ") for line in lines), result.stdout
    assert any(f"{DG}role" in line and "exactly one role" in line for line in lines)


# -- the engine behind validate (graph.rdf.shacl) --------------------------------------
# pySHACL is its reference in test_shacl_reference.py; these pin the report, the
# inputs, the refusals and the query strategies.


def test_report_text_in_full(small_graph, tmp_path):
    """Messages from the shapes where they have one, pySHACL's wording where not;
    sorted by focus node, path, message and value."""
    graph = rdflib.Graph()
    for triple in small_graph:
        graph.add(triple)
    item = URIRef(item_iri("2.7"))
    graph.add((item, URIRef(DG + "number"), Literal("seven", datatype=XSD.integer)))
    graph.set((item, URIRef(DG + "sourceLine"), Literal(0)))
    graph.set((item, URIRef(DG + "section"), Literal("x")))
    graph.set((URIRef(item_iri("2.201")), URIRef(DG + "ref"), Literal("2-201")))
    path = tmp_path / "broken.nt"
    graph.serialize(path, format="nt", encoding="utf-8")

    result = CliRunner().invoke(cli, ["validate", str(path)])

    i27, i2201 = item_iri("2.7"), item_iri("2.201")
    assert result.exit_code == 1
    assert result.stdout == (
        f"does not conform: 5 violation(s) in {len(graph)} triples\n"
        f"- Violation: {i2201} {DG}ref: An item has exactly one ref of the form part.number"
        " (2.201), part.section.number where numbering starts again in each section (2.3.1),"
        " with -N for the further tasks of one paragraph (2.5-2). (value 2-201)\n"
        f"- Violation: {i27} {DG}number: More than 1 values on <{i27}>->dg:number\n"
        f"- Violation: {i27} {DG}number: Value is not Literal with datatype xsd:integer"
        " (value seven)\n"
        f"- Violation: {i27} {DG}section: Value does not have class dg:Section (value x)\n"
        f'- Violation: {i27} {DG}sourceLine: Value is not >= "1"^^xsd:integer (value 0)\n'
    )


def test_json_report_of_a_broken_file(small_graph, registry, tmp_path):
    graph = rdflib.Graph()
    for triple in small_graph:
        graph.add(triple)
    focus, _ = second_role(graph, registry)
    path = tmp_path / "broken.ttl"
    graph.serialize(path, format="turtle")

    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])

    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "conforms": False,
        "triples": len(graph),
        "violations": [
            {
                "focus": focus,
                "path": DG + "role",
                "message": "An assignment has exactly one role: dg:Lead, dg:Responsible or"
                " dg:Cooperating.",
                "severity": "Violation",
                "value": "",
            }
        ],
    }


def test_conforming_file_exits_0(small_graph, tmp_path):
    path = tmp_path / "small.nt"
    small_graph.serialize(path, format="nt", encoding="utf-8")

    result = CliRunner().invoke(cli, ["validate", str(path)])

    assert (result.exit_code, result.stdout) == (
        0,
        f"conforms: {len(small_graph)} triples checked against the dutygraph shapes\n",
    )


def test_every_input_kind_gives_the_same_report(small_graph, registry):
    graph = rdflib.Graph()
    for triple in small_graph:
        graph.add(triple)
    focus, _ = drop_role(graph, registry)
    nt = graph.serialize(format="nt", encoding="utf-8")
    store = ox.Store()
    store.load(nt, format=ox.RdfFormat.N_TRIPLES)
    before = len(store)

    reports = [
        validate_graph(graph),
        validate_graph(nt),
        validate_graph(nt.decode("utf-8")),
        validate_graph(store),
        validate_graph(list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))),
    ]

    assert len(store) == before  # the ontology went into a copy
    assert all(r == reports[0] for r in reports)
    unit = f"{BASE}unit/wuhan/bureau-of-economy-and-information-technology"
    assert [(v.focus, v.path, v.message, v.value) for v in reports[0].violations] == [
        (
            item_iri("2.7"),  # its lead (市经信局) has no written assignment in the lead role
            "",
            "Every written lead, responsible and cooperating unit has a written dg:Assignment.",
            unit,
        ),
        (
            focus,
            DG + "role",
            "An assignment has exactly one role: dg:Lead, dg:Responsible or dg:Cooperating.",
            "",
        ),
    ]


def test_validate_imports_neither_rdflib_nor_pyshacl(small_graph, tmp_path):
    path = tmp_path / "small.nt"
    small_graph.serialize(path, format="nt", encoding="utf-8")
    probe = (
        "import json, sys\n"
        "from graph.rdf.validate import validate_file\n"
        f"report = validate_file({str(path)!r})\n"
        "print(json.dumps([report.conforms,"
        " sorted(m for m in ('rdflib', 'pyshacl', 'oxrdflib', 'owlrl') if m in sys.modules)]))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [True, []]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.csv", b"", "unknown RDF file type '.csv'; use .ttl, .nt or .jsonld"),
        ("bad.ttl", b"@prefix ex: <http://e/> .\nex:a ex:b [ .\n", "not valid turtle: "),
        (
            "graphs.jsonld",
            b'{"@id": "http://e/g", "@graph": [{"@id": "http://e/a", "http://e/p": "x"}]}',
            "the file has named graphs; only a single default graph can be validated",
        ),
    ],
)
def test_unusable_files(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    result = CliRunner().invoke(cli, ["validate", str(path)])

    assert result.exit_code == 2
    assert result.stderr.startswith(f"dutygraph: error: {path}:")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_syntax_error_names_line_and_column(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_bytes(b"@prefix ex: <http://e/> .\nex:a ex:b ex:c ;\n  ex:d [ .\n")
    with pytest.raises(InputError) as caught:
        validate_file(path)
    assert (caught.value.line, caught.value.column) == (3, 10)
    assert caught.value.reason == "not valid turtle: . is not a valid predicate"


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        validate_file(tmp_path / "absent.ttl")


HEAD = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""


@pytest.mark.parametrize(
    ("shape", "refusal"),
    [
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:or ( ex:A ex:B ) .",
            "SHACL features this validator does not implement: sh:or on ex:S",
        ),
        ("ex:S a sh:NodeShape ; sh:targetNode ex:a .", "sh:targetNode on ex:S"),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:severity sh:Warning .",
            "sh:severity on ex:S",
        ),
        ('ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:message "m" .', "sh:message on ex:S"),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:node ex:T ] .",
            "sh:node on _:",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:pattern "a" ; sh:flags "i" ] .',
            "sh:flags on _:",
        ),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ] .",
            "sh:path must be a plain IRI; property paths",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minInclusive "2023-01-01"^^xsd:date ] .',
            "sh:minInclusive is supported for numeric literals only",
        ),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 , 2 ] .",
            "has 2 values for sh:minCount; SHACL allows one",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o }" ] ] .',
            "sh:sparql on _:",
        ),
        (
            "ex:S a sh:NodeShape , rdfs:Class ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
            "ex:S is also a class: implicit class targets are not supported",
        ),
        (
            "ex:S a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:p ; sh:minCount 1 .",
            "ex:S: property shapes with targets are not supported",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o MINUS { $this ex:q ?o } }" ] .',
            "a SPARQL constraint must not use MINUS (SHACL 5.3.1)",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this WHERE { GRAPH $shapesGraph { $this ?p ?o } }" ] .',
            "$shapesGraph and $PATH are not supported",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "ASK { $this ?p ?o }" ] .',
            "sh:select must be a SELECT query",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this WHERE { ?x ?p ?o BIND (?x AS $this) }" ] .',
            "must not bind $this",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this WHERE { $this ex:p ?o }" ] .',
            "is not valid SPARQL: ",  # ex: is not declared for the query (no sh:prefixes)
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o }" ; sh:deactivated true ] .',
            "sh:deactivated on _:",
        ),
    ],
)
def test_unsupported_shapes_are_refused(shape, refusal):
    with pytest.raises(UnsupportedShapes) as caught:
        Shapes.parse(HEAD + shape, path="shapes.ttl")
    assert str(caught.value).startswith("shapes.ttl:0:0: ")
    assert refusal in str(caught.value)


def test_a_refused_shapes_file_stops_the_command(small_graph, tmp_path, monkeypatch):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(HEAD + "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .")
    monkeypatch.setattr("graph.rdf.validate.project_shapes", lambda: Shapes.load(shapes))
    data = tmp_path / "small.nt"
    small_graph.serialize(data, format="nt", encoding="utf-8")

    result = CliRunner().invoke(cli, ["validate", str(data)])

    assert result.exit_code == 2
    assert result.stderr == (
        f"dutygraph: error: {shapes}:0:0: SHACL features this validator does not implement:"
        " sh:closed on ex:S\n"
    )


def test_annotations_and_unused_declarations_are_accepted():
    shapes = Shapes.parse(
        HEAD + 'ex:S a sh:NodeShape ; rdfs:label "S" ; sh:targetClass ex:C ;'
        ' sh:property [ a sh:PropertyShape ; sh:path ex:p ; sh:name "p" ; sh:description "d" ;'
        " sh:order 1 ; sh:minCount 1 ] ."
        ' ex:unused sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .'
    )
    (shape,) = shapes.node_shapes
    assert [c.component.value.rsplit("#")[1] for c in shape.properties[0].constraints] == [
        "MinCountConstraintComponent"
    ]


def test_the_project_shapes_compile_to_what_shapes_ttl_says():
    shapes = project_shapes()
    assert [s.node.value.rsplit("#")[1] for s in shapes.node_shapes] == [
        "AssignmentShape",
        "GroupShape",
        "ItemShape",
        "OrganizationShape",
        "PlanShape",
        "ReportingDutyShape",
        "SourceFileShape",
        "SubTaskShape",
        "TargetShape",
    ]
    # Every SPARQL constraint of the project runs once for all focus nodes.
    assert all(c.batch for s in shapes.node_shapes for c in s.sparql)


@pytest.mark.parametrize(
    ("query", "batch"),
    [
        (
            "SELECT $this WHERE { $this ex:p ?o . OPTIONAL { $this ex:q ?x } FILTER (!BOUND(?x)) }",
            True,
        ),
        (
            "SELECT $this ?value WHERE { $this a ex:C . { $this ex:p ?value } UNION { $this ex:q ?value } }",
            True,
        ),
        ("SELECT * WHERE { ?v ex:p $this FILTER NOT EXISTS { $this ex:q ?v } }", True),
        ("SELECT ?value WHERE { $this ex:p ?value }", False),  # $this not selected
        ("SELECT $this WHERE { ?x ex:p ?o FILTER (?x = $this) }", False),
        ("SELECT $this WHERE { $this ex:p ?o . { ?y ex:q ?o FILTER (?y != $this) } }", False),
        ("SELECT $this WHERE { { $this ex:p ?o } UNION { $this ex:q ?o } }", False),
        ("SELECT $this WHERE { BIND (ex:a AS ?a) $this ex:p ?a }", False),
        ("SELECT $this WHERE { $this ex:p ?o } LIMIT 1", False),
        ("SELECT $this (COUNT(?o) AS ?n) WHERE { $this ex:p ?o } GROUP BY $this", False),
        ("SELECT $this WHERE { $this ex:p ?o { SELECT ?o WHERE { $this ex:q ?o } } }", False),
        ('SELECT $this WHERE { $this ex:p "{ $this }" }', True),  # braces in a string
    ],
)
def test_when_a_query_runs_once_for_all_focus_nodes(query, batch):
    assert batchable(query) is batch


def test_exists_bodies_are_nested_one_pattern_each():
    query = (
        "SELECT $this ?value WHERE {\n"
        "  $this ex:p ?value ; ex:q ?role .\n"
        "  FILTER NOT EXISTS { ?a ex:item $this ; ex:agent ?value , ?other ; ex:role ?role ; ex:written true . }\n"
        '  FILTER EXISTS { ?x ex:label "a. b"@en . ?x ex:n 1.5 }\n'
        "  FILTER NOT EXISTS { ?x ex:p/ex:q ?value . ?x ex:r ?role }\n"  # a path: as written
        "  FILTER NOT EXISTS { ?value ex:p ?x }\n"  # one pattern: as written
        "}"
    )
    assert nest_exists(query) == (
        "SELECT $this ?value WHERE {\n"
        "  $this ex:p ?value ; ex:q ?role .\n"
        "  FILTER NOT EXISTS { ?a ex:item $this FILTER EXISTS { ?a ex:agent ?value FILTER EXISTS"
        " { ?a ex:agent ?other FILTER EXISTS { ?a ex:role ?role FILTER EXISTS"
        " { ?a ex:written true } } } } }\n"
        '  FILTER EXISTS { ?x ex:label "a. b"@en FILTER EXISTS { ?x ex:n 1.5 } }\n'
        "  FILTER NOT EXISTS { ?x ex:p/ex:q ?value . ?x ex:r ?role }\n"
        "  FILTER NOT EXISTS { ?value ex:p ?x }\n"
        "}"
    )


def test_nested_exists_finds_what_the_written_query_finds(store):
    """The rewrite of the project's slowest constraint gives the same solutions."""
    (item_shape,) = [s for s in project_shapes().node_shapes if s.node.value.endswith("ItemShape")]
    (written,) = [c for c in item_shape.sparql if "dg:written true" in c.select]
    prefixes = written.query[: written.query.index("SELECT")]
    broken = prefixes + written.select.replace("dg:written true", "dg:written false")

    def rows(query: str) -> set:
        return {
            (str(r["this"]), str(r["value"]))
            for r in store.query(query, use_default_graph_as_union=True)
        }

    # The same question answered in Python over the quads.
    def objects(subject, name: str, ns: str = DG) -> list:
        return [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(ns + name), None)]

    def subjects(name: str, obj=None) -> list:
        return [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(DG + name), obj)]

    roles = {"leadUnit": "Lead", "responsibleUnit": "Responsible", "cooperatingUnit": "Cooperating"}
    expected = set()
    for item in subjects("ref"):
        assignments = subjects("item", item)
        for p, role in roles.items():
            for unit in objects(item, p):
                if not any(
                    objects(a, "agent", "http://www.w3.org/ns/prov#") == [unit]
                    and objects(a, "role") == [ox.NamedNode(DG + role)]
                    and objects(a, "written") == [ox.Literal(False)]
                    for a in assignments
                ):
                    expected.add((str(item), str(unit)))
    assert len(expected) > 900  # nearly every written unit has no unwritten twin
    assert rows(broken) == expected
    assert rows(nest_exists(broken)) == expected
    assert nest_exists(broken) != broken


@pytest.mark.parametrize(
    ("datatype", "good", "bad"),
    [
        ("integer", ["7", "-0", "+12", "007"], ["seven", "7.0", " 7", ""]),
        ("nonNegativeInteger", ["0", "12"], ["-1"]),
        ("byte", ["127", "-128"], ["128"]),
        ("boolean", ["true", "false", "1", "0"], ["TRUE", "yes"]),
        ("decimal", ["1.5", "-.5", "2", "2."], ["1e3", "abc", "1.2.3"]),
        ("double", ["1e3", "-INF", "NaN", "1.5E-2"], ["inf", "1e"]),
        (
            "date",
            ["2023-01-12", "2024-02-29", "2023-01-12+08:00", "2023-01-12Z"],
            ["2023-02-30", "2023-02-29", "2023-1-12", "20230112", "2023-13-01"],
        ),
        (
            "dateTime",
            ["2023-01-12T08:30:00", "2023-01-12T24:00:00Z"],
            ["2023-01-12", "2023-01-12T25:00:00"],
        ),
        ("gYear", ["2023", "-0044", "2023+08:00"], ["23", "02023", "abcd"]),
        ("hexBinary", ["", "0a0B", "ff" * 32], ["abc", "zz"]),
        ("string", ["", "anything"], []),
    ],
)
def test_lexical_forms(datatype, good, bad):
    xsd = "http://www.w3.org/2001/XMLSchema#" + datatype
    assert [well_formed(g, xsd) for g in good] == [True] * len(good)
    assert [well_formed(b, xsd) for b in bad] == [False] * len(bad)


def test_a_sparql_failure_is_an_error(small_graph):
    shapes = Shapes.parse(
        HEAD + "@prefix dg: <https://w3id.org/dutygraph/ontology#> ."
        " ex:S a sh:NodeShape ; sh:targetClass dg:Item ; sh:sparql [ sh:select"
        ' "SELECT $this ?failure WHERE { $this <https://w3id.org/dutygraph/ontology#ref> \\"2.7\\" BIND (true AS ?failure) }" ] .'
    )
    with pytest.raises(DataError, match="reported a failure on " + item_iri("2.7")):
        validate_graph(small_graph, shapes=shapes)


def test_message_templates_name_the_bound_values(small_graph):
    shapes = Shapes.parse(
        HEAD + "@prefix dg: <https://w3id.org/dutygraph/ontology#> ."
        ' ex:S a sh:NodeShape ; sh:targetClass dg:Item ; sh:sparql [ sh:message "{$this} is {?ref}" ;'
        ' sh:select "SELECT $this ?ref WHERE { $this <https://w3id.org/dutygraph/ontology#ref> ?ref FILTER (?ref = \\"3.1\\") }" ] .'
    )
    report = validate_graph(small_graph, shapes=shapes)
    assert [(v.focus, v.path, v.message, v.value) for v in report.violations] == [
        (item_iri("3.1"), "", f"{item_iri('3.1')} is 3.1", item_iri("3.1"))
    ]
