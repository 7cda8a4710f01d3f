"""The query library: every ``queries/*.rq`` header is complete and true, and the
catalogue is listed as a table, as JSON and as RDF."""

from __future__ import annotations

import json
import re

import pytest
import rdflib
from rdflib.namespace import RDF, RDFS, SH

from graph.data import queries_dir
from graph.store.library import PARAM_TYPES, library
from graph.store.sparql import select, to_term
from tests.queries.conftest import invoke

FILES = sorted(path.stem for path in queries_dir().glob("*.rq"))
ISSUE_QUERIES = {
    "unit-load",
    "unit-items",
    "no-lead-items",
    "items-per-section",
    "unit-pairs",
    "district-load",
    "group-items",
    "keyword-items",
    "soe-duties",
    "party-organ-duties",
    "plan-metadata",
    "reporting-duties",
}


def test_library_is_the_folder():
    assert sorted(library()) == FILES
    assert ISSUE_QUERIES <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_header_is_complete(name):
    query = library()[name]
    assert query.title and query.title_zh and query.description and query.columns, name
    assert re.search(r"[\u4e00-\u9fff]", query.title_zh), query.title_zh
    assert query.path == f"queries/{name}.rq"
    used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", query.text))
    assert used == {p.name for p in query.params}, name
    for param in query.params:
        assert param.type in PARAM_TYPES and param.description, param
        to_term(param, param.default)  # the default is a valid value of its type


@pytest.mark.parametrize("name", FILES)
def test_columns_header_is_the_select(store, name):
    query = library()[name]
    result = select(query, store=store)
    assert tuple(result.columns) == query.columns
    assert projection(query.text) == list(query.columns)


def projection(text: str) -> list[str]:
    """The variables the outermost SELECT projects, read from its text: ``?x`` at
    parenthesis depth 0 and ``(… AS ?x)``."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    clause = re.search(r"^SELECT\s+(?:DISTINCT\s+)?(.*?)\s*WHERE\b", body, re.M | re.S).group(1)
    names, depth = [], 0
    for token in re.finditer(r"\(|\)|AS\s+\?(\w+)|\?(\w+)", clause):
        if token.group(0) == "(":
            depth += 1
        elif token.group(0) == ")":
            depth -= 1
        elif token.group(1) and depth == 1:
            names.append(token.group(1))
        elif token.group(2) and depth == 0:
            names.append(token.group(2))
    return names


def test_queries_table():
    result = invoke("queries")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "title", "params"]
    listed = [line.split()[0] for line in lines[2:]]
    assert listed == FILES
    (pairs,) = [line for line in lines if line.startswith("unit-pairs ")]
    assert "Units most often assigned together / 最常共同承担事项的单位对" in pairs
    assert "min=5, expand=false" in pairs


def test_queries_json():
    result = invoke("queries", "--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert isinstance(listed, list) and [q["name"] for q in listed] == FILES
    for entry in listed:
        assert {"name", "title", "params"} <= set(entry)
        assert entry["title"] == library()[entry["name"]].title
        for param in entry["params"]:
            assert {"name", "type", "default"} <= set(param)
    (items,) = [q for q in listed if q["name"] == "unit-items"]
    assert items["title"] == "Items of one unit"
    assert items["params"][0] | {"description": ""} == {
        "name": "unit",
        "type": "label",
        "default": "市发改委",
        "description": "",
    }
    assert items["params"][1]["name"] == "expand" and items["params"][1]["type"] == "boolean"


@pytest.fixture(scope="module")
def catalogue() -> rdflib.Graph:
    result = invoke("queries", "--format", "ttl")
    assert result.exit_code == 0
    return rdflib.Graph().parse(data=result.stdout, format="turtle")


def test_queries_ttl_one_executable_per_query(catalogue):
    nodes = list(catalogue.subjects(RDF.type, SH.SPARQLSelectExecutable))
    assert len(nodes) == len(FILES)
    by_name = {}
    for node in nodes:
        (identifier,) = catalogue.objects(node, rdflib.DCTERMS.identifier)
        by_name[str(identifier)] = node
    assert sorted(by_name) == FILES
    for name, node in by_name.items():
        query = library()[name]
        (text,) = catalogue.objects(node, SH.select)
        assert str(text) == query.text
        labels = {(str(v), (v.language or "").lower()) for v in catalogue.objects(node, RDFS.label)}
        assert labels == {(query.title, "en"), (query.title_zh, "zh-hans")}, name
        (comment,) = catalogue.objects(node, RDFS.comment)
        assert str(comment) == query.description


def test_queries_ttl_parameters_and_keywords(catalogue):
    node = rdflib.URIRef("https://w3id.org/dutygraph/id/query/unit-pairs")
    keywords = {str(k) for k in catalogue.objects(node, rdflib.namespace.DCAT.keyword)}
    assert {"co-assignment", "协同"} <= keywords
    dg = rdflib.Namespace("https://w3id.org/dutygraph/ontology#")
    params = sorted(
        str(catalogue.value(p, RDFS.label)) for p in catalogue.objects(node, dg.parameter)
    )
    assert params == ["expand", "min"]
