"""SHACL: the built graph conforms to ontology/shapes.ttl; broken graphs do not.

The full validation runs once per session (fixture ``validation``). Broken graphs
are made from a four-item cut of the plan, so each check takes a fraction of a
second and the violations can be pinned to the node that was broken.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
import rdflib
from click.testing import CliRunner
from rdflib import Literal, URIRef

from graph.cli.main import cli
from graph.rdf.build import plan_triples
from graph.rdf.iris import Iris
from graph.rdf.namespaces import DG
from graph.rdf.serialise import ntriples
from graph.rdf.validate import validate_graph
from tests.rdf.conftest import BASE, item_iri

SMALL = ("1.3", "2.7", "2.201", "3.1")


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
