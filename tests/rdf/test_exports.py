"""Exports: byte-identical across runs, and every RDF form holds the same graph.

The second build runs as a separate process with a different hash seed, so any
order that leaked from a set or a dict would show up as a byte difference.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyoxigraph as ox
import pytest
import rdflib

from graph.rdf.namespaces import PREFIXES

RDF_FILES = {
    "dutygraph.ttl": ox.RdfFormat.TURTLE,
    "dutygraph.nt": ox.RdfFormat.N_TRIPLES,
    "dutygraph.jsonld": ox.RdfFormat.JSON_LD,
}


@pytest.fixture(scope="module")
def second_build(tmp_path_factory) -> dict[str, bytes]:
    """``dutygraph build`` in a fresh process, with another hash seed."""
    out = tmp_path_factory.mktemp("second") / "out"
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    subprocess.run(
        [sys.executable, "-m", "graph", "build", "--out", str(out)],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
    )
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


def test_two_builds_write_the_same_files(files, second_build):
    assert sorted(second_build) == sorted(files)
    assert {"dutygraph.ttl", "dutygraph.nt", "dutygraph.jsonld", "items.csv"} <= set(files)


def test_two_builds_are_byte_identical(files, second_build):
    """Turtle, N-Triples, JSON-LD, every CSV table and the catalogue, byte for byte."""
    differing = sorted(name for name in files if second_build.get(name) != files[name])
    assert differing == []


@pytest.fixture(scope="module")
def oxigraph_triples(files) -> dict[str, set[ox.Triple]]:
    return {name: set(ox.parse(files[name], format=fmt)) for name, fmt in RDF_FILES.items()}


def test_all_rdf_exports_hold_the_same_triples(oxigraph_triples, built_dataset):
    turtle = oxigraph_triples["dutygraph.ttl"]
    assert len(turtle) == built_dataset.triples > 40000
    assert oxigraph_triples["dutygraph.nt"] == turtle
    assert oxigraph_triples["dutygraph.jsonld"] == turtle


def test_no_blank_nodes(oxigraph_triples):
    """Every node has an IRI, so set equality above is graph isomorphism."""
    assert not any(
        isinstance(term, ox.BlankNode)
        for triple in oxigraph_triples["dutygraph.ttl"]
        for term in (triple.subject, triple.object)
    )


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_rdflib_reads_turtle_and_jsonld_as_isomorphic_graphs(files, oxigraph_triples):
    """A second, independent parser: what portals and researchers often use. With no
    blank node (test_no_blank_nodes, and checked here on rdflib's reading too), equal
    sets of triples are isomorphic graphs; rdflib's ``isomorphic`` would hash every
    node to find that out."""
    turtle = rdflib.Graph().parse(data=files["dutygraph.ttl"].decode("utf-8"), format="turtle")
    jsonld = rdflib.Graph().parse(data=files["dutygraph.jsonld"].decode("utf-8"), format="json-ld")
    assert len(turtle) == len(oxigraph_triples["dutygraph.ttl"])
    read = set(turtle)
    assert not any(isinstance(term, rdflib.BNode) for triple in read for term in triple)
    assert read == set(jsonld)


def test_turtle_declares_sorted_prefixes_first(files):
    lines = files["dutygraph.ttl"].decode("utf-8").split("\n")
    head = [line for line in lines if line.startswith("@prefix ")]
    assert lines[: len(head)] == head == sorted(head)
    assert lines[len(head)] == ""
    declared = {line.split()[1].rstrip(":") for line in head}
    assert set(PREFIXES) | {"dgunit"} == declared


def test_turtle_subjects_in_natural_order(files):
    """Items come in reading order (2.9 before 2.10 before 2.100), each subject once."""
    text = files["dutygraph.ttl"].decode("utf-8")
    item = "<https://w3id.org/dutygraph/id/plan/wuhan-2023/item/"
    order = [text.index(f"\n{item}{ref}> a ") for ref in ("2.9", "2.10", "2.100", "3.1")]
    assert order == sorted(order)
    assert text.count(f"\n{item}2.10> ") == 1


def test_jsonld_context_matches_context_file(files):
    document = json.loads(files["dutygraph.jsonld"])
    context = json.loads(files["context.jsonld"])
    assert document["@context"] == context["@context"]
    assert context["@context"]["dg"] == PREFIXES["dg"]
    ids = [node["@id"] for node in document["@graph"]]
    assert len(ids) == len(set(ids))
