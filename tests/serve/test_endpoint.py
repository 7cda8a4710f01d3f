"""``/sparql`` with real clients: SPARQLWrapper and rdflib's SPARQLStore give every
named query's embedded answer; curl negotiates each format; updates are refused;
the dataset parameters, the service description, the row cap and the time limit
behave as the SPARQL 1.1 Protocol and the issue say."""

from __future__ import annotations

import json
import subprocess
import time
from datetime import date
from decimal import Decimal

import httpx
import pyoxigraph as ox
import pytest

from graph.store.library import library
from graph.store.sparql import bind, select, substitute_text
from tests.serve.conftest import item_iri

ITEMS = "SELECT (COUNT(*) AS ?items) WHERE { ?i a <https://w3id.org/dutygraph/ontology#Item> }"
REFS = (
    "SELECT ?ref WHERE { ?i a <https://w3id.org/dutygraph/ontology#Item> ; "
    '<https://w3id.org/dutygraph/ontology#ref> ?ref FILTER(?ref IN ("2.5", "2.7")) } ORDER BY ?ref'
)


def _text(name: str) -> str:
    """A named query's text with its default parameters written in, as any SPARQL
    client would send it (the same rewriting ``run_query(endpoint=…)`` does)."""
    named = library()[name]
    return substitute_text(named.text, bind(named, {}))


def _without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _plain(value):
    if isinstance(value, bool | int | Decimal | date) or value is None:
        return value
    if isinstance(value, float):
        return value
    return str(value)


_EMBEDDED: dict[tuple[int, str], list[dict]] = {}


def embedded(store, name: str) -> list[dict]:
    """The named query's answer on the store itself (once per store and query)."""
    key = (id(store), name)
    if key not in _EMBEDDED:
        rows = select(library()[name], {}, store=store).records()
        _EMBEDDED[key] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    return _EMBEDDED[key]


def _from_json_term(term: dict | None):
    if term is None:
        return None
    if term["type"] == "uri":
        return term["value"]
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    from graph.store.sparql import to_python

    datatype = term.get("datatype")
    literal = ox.Literal(
        term["value"],
        language=term.get("xml:lang"),
        datatype=None if term.get("xml:lang") or not datatype else ox.NamedNode(datatype),
    )
    return _plain(to_python(literal))


@pytest.mark.parametrize("name", sorted(library()))
def test_sparqlwrapper_gets_every_named_query_as_embedded(served, graph_store, name):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(served.sparql)
    # SPARQLWrapper guesses the query form with a regular expression that misreads
    # some comment lines (a word such as "load" makes it send an update): the query
    # is sent without its comment lines, as its users do.
    client.setQuery(_without_comments(_text(name)))
    assert client.queryType == "SELECT"
    client.setReturnFormat(JSON)
    data = client.query().convert()
    columns = data["head"]["vars"]
    there = [{c: _from_json_term(b.get(c)) for c in columns} for b in data["results"]["bindings"]]
    assert there == embedded(graph_store, name)


def _from_rdflib(term):
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.Literal):
        from graph.store.sparql import to_python

        literal = ox.Literal(
            str(term),
            language=term.language,
            datatype=None
            if term.language or term.datatype is None
            else ox.NamedNode(str(term.datatype)),
        )
        return _plain(to_python(literal))
    return str(term)


@pytest.mark.parametrize("name", sorted(library()))
def test_rdflib_sparqlstore_gets_every_named_query_as_embedded(served, graph_store, name):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(served.sparql, returnFormat="xml")
    try:
        result = store.query(_text(name))
        columns = [str(v) for v in result.vars]
        there = [{c: _from_rdflib(row[c]) for c in columns} for row in result]
    finally:
        store.close()
    assert there == embedded(graph_store, name)


def test_the_named_queries_answer_something(graph_store):
    """The comparisons above prove little on empty answers: most queries answer rows."""
    empty = sorted(name for name in library() if not embedded(graph_store, name))
    assert len(empty) <= 2, empty


def _curl(url: str, *args: str) -> tuple[str, bytes]:
    """(Content-Type, body) of ``curl`` against the test server."""
    result = subprocess.run(
        ["curl", "-sS", "--max-time", "30", "-D", "-", *args, url],
        capture_output=True,
        timeout=60,
        check=True,
    )
    head, _, body = result.stdout.partition(b"\r\n\r\n")
    headers = dict(
        line.split(": ", 1) for line in head.decode("latin-1").split("\r\n")[1:] if ": " in line
    )
    lowered = {k.lower(): v for k, v in headers.items()}
    assert head.startswith(b"HTTP/1.1 200"), head
    return lowered["content-type"].split(";")[0], body


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            ox.QueryResultsFormat.JSON,
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            ox.QueryResultsFormat.XML,
        ),
        ("text/csv", "text/csv", None),
        ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("*/*", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ],
)
def test_curl_negotiates_select_formats(served, accept, media, fmt):
    got, body = _curl(
        served.sparql, "-G", "--data-urlencode", f"query={REFS}", "-H", f"Accept: {accept}"
    )
    assert got == media
    if fmt is None:  # CSV cannot be parsed back into terms: it is text
        assert body == b"ref\r\n2.5\r\n2.7\r\n"
        return
    rows = list(ox.parse_query_results(body, format=fmt))
    assert [row["ref"].value for row in rows] == ["2.5", "2.7"]


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_curl_negotiates_graph_formats(served, graph_store, accept, media, fmt):
    item = item_iri(graph_store, "2.5")
    query = f"DESCRIBE <{item}>"
    got, body = _curl(
        served.sparql, "-G", "--data-urlencode", f"query={query}", "-H", f"Accept: {accept}"
    )
    assert got == media
    triples = {(t.subject, t.predicate, t.object) for t in ox.parse(body, format=fmt)}
    expected = {
        (q.subject, q.predicate, q.object)
        for q in graph_store.quads_for_pattern(ox.NamedNode(item), None, None)
    }
    assert triples == expected
    text = ox.Literal("新增品牌连锁便利店200家、智慧商店1000家。", language="zh-hans")
    assert (
        ox.NamedNode(item),
        ox.NamedNode("https://w3id.org/dutygraph/ontology#text"),
        text,
    ) in triples


def test_curl_posts_a_query_body_and_a_form(served):
    _, body = _curl(
        served.sparql, "-H", "Content-Type: application/sparql-query", "--data-binary", ITEMS
    )
    assert json.loads(body)["results"]["bindings"][0]["items"]["value"] == "322"
    _, body = _curl(served.sparql, "--data-urlencode", f"query={ITEMS}", "-H", "Accept: text/csv")
    assert body == b"items\r\n322\r\n"


def test_ask_and_construct(client):
    ask = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert ask.json() == {"head": {}, "boolean": True}
    csv = client.get("/sparql", params={"query": "ASK { <urn:x:none> ?p ?o }", "format": "csv"})
    assert csv.text == "false"
    construct = client.get(
        "/sparql",
        params={
            "query": 'CONSTRUCT { ?i <urn:x:ref> ?ref } WHERE { ?i <https://w3id.org/dutygraph/ontology#ref> ?ref FILTER(?ref = "4.30") }'
        },
        headers={"Accept": "application/n-triples"},
    )
    assert construct.status_code == 200
    (triple,) = ox.parse(construct.content, format=ox.RdfFormat.N_TRIPLES)
    assert triple.object == ox.Literal("4.30")


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("POST", {"data": {"update": "INSERT DATA { <urn:x:s> <urn:x:p> 1 }"}}),
        (
            "POST",
            {
                "content": b"DELETE WHERE { ?s ?p ?o }",
                "headers": {"Content-Type": "application/sparql-update"},
            },
        ),
        ("POST", {"data": {"query": "DROP ALL"}}),
        ("GET", {"params": {"query": "PREFIX x: <urn:x:> CLEAR DEFAULT"}}),
        (
            "POST",
            {
                "content": b"# a comment\nINSERT DATA { <urn:x:s> <urn:x:p> 2 }",
                "headers": {"Content-Type": "application/sparql-query"},
            },
        ),
    ],
)
def test_updates_are_refused_and_change_nothing(client, graph_store, method, kwargs):
    before = len(graph_store)
    response = client.request(method, "/sparql", **kwargs)
    assert response.status_code == 403, response.text
    assert "UPDATE is refused" in response.text
    assert len(graph_store) == before


def test_update_by_get_is_not_the_protocol(client):
    response = client.get("/sparql", params={"update": "DROP ALL"})
    assert response.status_code == 405


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } } ORDER BY ?s",
    ],
)
def test_service_is_refused_before_anything_runs(client, query):
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 403
    assert response.text.startswith("SERVICE is refused")


def test_keywords_in_strings_iris_and_names_are_not_keywords(client):
    query = (
        'PREFIX service: <urn:service:> SELECT ?x WHERE { BIND("SERVICE <x> DROP ALL" AS ?x) '
        "BIND(<urn:LOAD> AS ?y) } # SERVICE in a comment"
    )
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"] == [
        {"x": {"type": "literal", "value": "SERVICE <x> DROP ALL"}}
    ]


def test_syntax_errors_are_400_with_the_position(client):
    response = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o"})
    assert response.status_code == 400
    assert response.text.startswith("SPARQL syntax error")
    assert "1:26" in response.text or "1:27" in response.text


def test_nothing_acceptable_is_406(client):
    response = client.get("/sparql", params={"query": ITEMS}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    mismatch = client.get("/sparql", params={"query": ITEMS}, headers={"Accept": "text/turtle"})
    assert mismatch.status_code == 406


def test_unsupported_body_is_415(client):
    response = client.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert response.status_code == 415


def _graphs(store) -> list[str]:
    return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


def _count(store, graph: str) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def test_default_graph_is_the_union_of_every_graph(client, graph_store):
    response = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    union = graph_store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True
    )
    expected = next(iter(union))["n"].value
    assert response.json()["results"]["bindings"][0]["n"]["value"] == expected
    assert int(expected) >= len(graph_store) - sum(
        _count(graph_store, g) for g in _graphs(graph_store)[:0]
    )


def test_default_and_named_graph_uri(client, graph_store):
    graphs = _graphs(graph_store)
    if not graphs:
        pytest.skip("the store keeps everything in its default graph")
    chosen = graphs[0]
    count = client.get(
        "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "default-graph-uri": chosen},
    )
    assert int(count.json()["results"]["bindings"][0]["n"]["value"]) == _count(graph_store, chosen)
    named = client.post(
        "/sparql",
        data={
            "query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            "named-graph-uri": [chosen],
        },
    )
    rows = named.json()["results"]["bindings"]
    assert [(r["g"]["value"], int(r["n"]["value"])) for r in rows] == [
        (chosen, _count(graph_store, chosen))
    ]
    nothing = client.get(
        "/sparql",
        params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": "urn:x:no-such-graph"},
    )
    assert nothing.json()["boolean"] is False


def test_service_description(client, served):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = {
        (t.subject, t.predicate, t.object)
        for t in ox.parse(response.content, format=ox.RdfFormat.TURTLE)
    }
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (
        ox.NamedNode(served.sparql + "#service"),
        ox.NamedNode(sd + "endpoint"),
        ox.NamedNode(served.sparql),
    ) in graph
    languages = {o for _, p, o in graph if p == ox.NamedNode(sd + "supportedLanguage")}
    assert languages == {ox.NamedNode(sd + "SPARQL11Query")}
    browser = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert browser.status_code == 303 and browser.headers["location"] == "/editor"


def test_row_cap_cuts_and_says_so(tight):
    with httpx.Client(base_url=tight.url, timeout=30) as http:
        cut = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert cut.status_code == 200
        assert len(cut.json()["results"]["bindings"]) == 100
        assert cut.headers["dutygraph-truncated"] == "true"
        assert cut.headers["dutygraph-row-cap"] == "100"
        whole = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 60"})
        assert len(whole.json()["results"]["bindings"]) == 60
        assert "dutygraph-truncated" not in whole.headers
        triples = http.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
        assert len(list(ox.parse(triples.content, format=ox.RdfFormat.TURTLE))) == 100


def test_timeout_gives_up_and_frees_the_workers(tight):
    """A query that would stream for hours (every pair of triples) is stopped at
    the deadline; the workers are free again straight after."""
    endless = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } OFFSET 5000000000"
    with httpx.Client(base_url=tight.url, timeout=30) as http:
        started = time.monotonic()
        response = http.get("/sparql", params={"query": endless})
        took = time.monotonic() - started
        assert response.status_code == 503
        assert "did not finish within 1 s" in response.text
        assert took < 8  # the 1 s limit, and a worker stopped (generous: CI machines are busy)
        for _ in range(4):  # more queries than workers: none waits behind the stopped one
            quick = http.get("/sparql", params={"query": ITEMS})
            assert quick.status_code == 200, quick.text
            assert quick.json()["results"]["bindings"][0]["items"]["value"] == "322"
