"""IRIs are stable and readable: derived from content (plan slug, item ref, unit
slug), never from processing order or hashes. ``--base-iri`` is covered by
tests/cli/test_build_cli.py."""

from __future__ import annotations

import dataclasses

import pytest

from graph.errors import OptionError
from graph.rdf.build import plan_triples
from graph.rdf.iris import check_base, check_folder_url, check_iri
from tests.rdf.conftest import BASE, PLAN, item_iri
from tests.rdf.sparql import count, values


def test_plan_iri(store):
    assert PLAN == "https://w3id.org/dutygraph/id/plan/wuhan-2023"
    assert count(store, f"<{PLAN}> a dg:Plan") == 1
    assert values(store, "SELECT ?p WHERE { ?p a dg:Plan }", "p") == {PLAN}


def test_item_iri(store):
    iri = "https://w3id.org/dutygraph/id/plan/wuhan-2023/item/2.201"
    assert item_iri("2.201") == iri
    assert values(store, 'SELECT ?i WHERE { ?i a dg:Item ; dg:ref "2.201" }', "i") == {iri}


def test_every_item_iri_is_plan_slash_item_slash_ref(store):
    rows = values(
        store,
        "SELECT ?ok WHERE { ?i a dg:Item ; dg:ref ?ref "
        f'BIND(STR(?i) = CONCAT("{PLAN}/item/", ?ref) AS ?ok) }}',
        "ok",
    )
    assert rows == {"true"}


def test_unit_iri(store):
    iri = f"{BASE}unit/wuhan/development-and-reform-commission"
    names = values(store, f"SELECT ?n WHERE {{ <{iri}> skos:prefLabel ?n }}", "n")
    assert names == {"市发改委"}


def test_one_iri_per_unit(store):
    """Every unit's canonical name labels exactly one node."""
    rows = values(
        store,
        """SELECT ?n WHERE { ?u a org:Organization ; skos:prefLabel ?n }
           GROUP BY ?n HAVING (COUNT(DISTINCT ?u) > 1)""",
        "n",
    )
    assert rows == set()


def test_assignment_iris_read_as_item_role_unit(store):
    rule = f"{PLAN}/item/1.3/assignment/lead/development-and-reform-commission/rule"
    via = (
        f"{PLAN}/item/2.201/assignment/responsible/jiangan-district-government"
        "/via/all-district-governments"
    )
    assert count(store, f"<{rule}> dg:derivation dg:ByNoLeadRule") == 1
    found = values(
        store,
        f"SELECT ?a WHERE {{ ?a dg:item <{item_iri('2.201')}> ; dg:derivedThrough ?g ;"
        ' prov:agent/skos:prefLabel "江岸区人民政府"@zh-Hans }',
        "a",
    )
    assert found == {via}


def test_no_hashes_or_counters_in_iris(store):
    """Path segments are words, refs and small numbers, not digests or UUIDs."""
    iris = values(store, "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }", "s")
    assert iris
    long_hex = [
        iri
        for iri in iris
        if any(
            len(seg) >= 16 and all(c in "0123456789abcdef-" for c in seg) for seg in iri.split("/")
        )
    ]
    assert long_hex == []


def test_iris_do_not_depend_on_processing_order(plan):
    """Items in reverse order give the same triples, byte for byte once sorted."""
    reverse = dataclasses.replace(plan, items=list(reversed(plan.items)))
    assert plan_triples([reverse], BASE) == plan_triples([plan], BASE)


@pytest.mark.parametrize(
    "base",
    [
        "not-an-iri",
        "http://x.org/no-trailing-slash",
        "ftp://x.org/",
        "https://x.org/with space/",
        "https://x.org/[bad]/",
        "https://x.org/%zz/",
    ],
)
def test_bad_base_iri(base):
    with pytest.raises(OptionError, match="bad base IRI"):
        check_base(base)


@pytest.mark.parametrize(
    "base", ["https://x.org/", "http://x.org/data#", "https://例子.中国/数据/"]
)
def test_good_base_iri(base):
    assert check_base(base) == base


def test_licence_and_download_url_checks():
    assert check_iri("https://creativecommons.org/licenses/by/4.0/", "licence IRI")
    with pytest.raises(OptionError, match="bad licence IRI 'CC BY'"):
        check_iri("CC BY", "licence IRI")
    assert check_folder_url("https://x.org/data", "download URL") == "https://x.org/data/"
    with pytest.raises(OptionError):
        check_folder_url("data folder", "download URL")
