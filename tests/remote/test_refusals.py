"""What a query text is, learnt by parsing it and never by running it.

Finding 2: to classify a text, it used to be run on an empty scratch store, first as
a query, then as an update. ``LOAD <http://…>`` fetched its document before being
refused, a ``SERVICE`` query was sent several times (once per classification, then
for real), both ignored the timeout and hung on a silent server, and a failing
``LOAD <file:///…>`` or ``SERVICE`` ended in a traceback. Now the text is parsed by
pyoxigraph's parser only (:func:`graph.store.sparql.shape`), updates and ``LOAD`` run
only with ``--allow-update``, ``SERVICE`` only with ``--allow-service``, and every
run, local or remote, has a deadline. The fault server (:mod:`tests.remote.faults`)
records every request, so "nothing was sent" is checked, not assumed.
"""

from __future__ import annotations

import pytest

from graph.errors import InputError
from graph.store.library import parse_query_file
from graph.store.sparql import Refused, Shape, select, shape, update

TIMEOUT = 1.5
BOUND = TIMEOUT + 1.0


def texts(server) -> dict[str, str]:
    silent, results = server.url("silent"), server.url("results")
    return {
        "load": f"LOAD <{silent}>",
        "load-into": f"LOAD SILENT <{silent}> INTO GRAPH <urn:x:g>",
        "service": f"SELECT * WHERE {{ SERVICE <{silent}> {{ ?s ?p ?o }} }}",
        "service-lower": f"select * where {{ service silent <{silent}> {{ ?s ?p ?o }} }}",
        "service-results": "SELECT ?plan ?items WHERE { SERVICE <"
        + results
        + "> { ?plan <urn:x:items> ?items } }",
        "update-service": f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{silent}> {{ ?s ?p ?o }} }}",
    }


def test_classifying_sends_nothing(server):
    before = len(server.seen)
    for name, text in texts(server).items():
        found = shape(parse_query_file(text, name))
        assert found.kind == ("update" if name.startswith(("load", "update")) else "query")
    assert len(server.seen) == before


@pytest.mark.parametrize("name", ["load", "load-into"])
def test_load_is_refused_without_allow_update(run, server, name):
    before = len(server.seen)
    result = run("query", "-", input=texts(server)[name])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "dutygraph: error: query <stdin> is a SPARQL UPDATE; pass --allow-update to run it"
    ]
    assert len(server.seen) == before


@pytest.mark.parametrize("name", ["service", "service-lower", "update-service"])
@pytest.mark.parametrize("where", ["embedded", "remote"])
def test_service_is_refused_without_allow_service(run, server, name, where):
    before = len(server.seen)
    endpoint = ("--endpoint", server.url("results")) if where == "remote" else ()
    allow = ("--allow-update",) if name.startswith("update") else ()
    result = run("query", "-", *endpoint, *allow, input=texts(server)[name])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "dutygraph: error: query <stdin> calls another endpoint (SERVICE); "
        "pass --allow-service to run it"
    ]
    assert len(server.seen) == before  # neither the endpoint nor the service was asked


def test_allowed_service_is_sent_once(run, server):
    before = len(server.requests_to("results"))
    result = run(
        "query", "-", "--allow-service", "--format", "csv", input=texts(server)["service-results"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["plan,items", "urn:x:plan,322"]
    assert len(server.requests_to("results")) == before + 1


def test_allowed_service_on_a_silent_server_keeps_the_deadline(run, server):
    args = ("query", "-", "--allow-service", "--timeout", str(TIMEOUT))
    result = run(*args, input=texts(server)["service"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"dutygraph: error: query <stdin> did not finish within {TIMEOUT:g} s"
    ]
    assert result.seconds < BOUND


def test_allowed_load_on_a_silent_server_keeps_the_deadline(run, server):
    args = ("query", "-", "--allow-update", "--timeout", str(TIMEOUT))
    result = run(*args, input=texts(server)["load"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"dutygraph: error: update <stdin> did not finish within {TIMEOUT:g} s"
    ]
    assert result.seconds < BOUND


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("LOAD <file:///nonexistent/dutygraph.ttl>", ("--allow-update",)),
        ("LOAD <file:///etc/hostname>", ("--allow-update",)),
        ("SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }", ("--allow-service",)),
    ],
)
def test_failing_load_or_service_is_one_line(run, text, flags):
    result = run("query", "-", *flags, "--timeout", "20", input=text)
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("dutygraph: error: ")
    assert " <stdin> failed: " in line


def test_failing_service_to_a_resetting_server_is_one_line(run, server):
    text = f"SELECT * WHERE {{ SERVICE <{server.url('reset')}> {{ ?s ?p ?o }} }}"
    result = run("query", "-", "--allow-service", "--timeout", "20", input=text)
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("dutygraph: error: query <stdin> failed: ")


def test_library_refuses_service_and_updates(server):
    before = len(server.seen)
    service = parse_query_file(texts(server)["service"], "svc")
    with pytest.raises(Refused) as refused:
        select(service, store=None)
    assert refused.value.reason == "service"
    with pytest.raises(Refused) as refused:
        select(parse_query_file(texts(server)["load"], "load"), store=None)
    assert refused.value.reason == "update"
    with pytest.raises(Refused) as refused:
        update(parse_query_file(texts(server)["update-service"], "ins"), store=None)
    assert refused.value.reason == "service"
    assert len(server.seen) == before


# -- the shape of a text ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT ?a ?b WHERE { ?a ?p ?b }", Shape("query", "SELECT", projection=("a", "b"))),
        (
            "PREFIX ex: <urn:x:> SELECT DISTINCT ?a (COUNT(DISTINCT ?b) AS ?n) "
            "(IF(BOUND(?c), 1, 0) AS ?has) FROM <urn:g> WHERE { ?a ex:p ?b OPTIONAL { ?a ex:q ?c } } "
            "GROUP BY ?a ?c",
            Shape("query", "SELECT", projection=("a", "n", "has")),
        ),
        ("SELECT * { ?s ?p ?o }", Shape("query", "SELECT", projection=None)),
        ("BASE <urn:x:> ASK { ?s ?p ?o }", Shape("query", "ASK")),
        ("CONSTRUCT WHERE { ?s ?p ?o }", Shape("query", "CONSTRUCT")),
        ("DESCRIBE <urn:x>", Shape("query", "DESCRIBE")),
        # the word "service" where it is not the keyword
        (
            'PREFIX service: <urn:x:> SELECT ?service WHERE { ?service service:SERVICE "SERVICE"@en ; '
            "<urn:x:SERVICE> '''SERVICE''' } # SERVICE <http://x/> {}",
            Shape("query", "SELECT", projection=("service",)),
        ),
        ("SELECT * { SERVICE <urn:x> { ?s ?p ?o } }", Shape("query", "SELECT", service=True)),
        ("SELECT * { SeRvIcE SILENT ?x { ?s ?p ?o } }", Shape("query", "SELECT", service=True)),
        ("INSERT DATA { <urn:s> <urn:p> 1 }", Shape("update", "INSERT")),
        ("PREFIX x: <urn:> DELETE WHERE { ?s x:p ?o }", Shape("update", "DELETE")),
        ("LOAD <http://x/>", Shape("update", "LOAD", load=True)),
        ("CLEAR DEFAULT ; LOAD <http://x/>", Shape("update", "CLEAR", load=True)),
        ("DROP ALL", Shape("update", "DROP")),
        ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", Shape("update", "WITH")),
    ],
)
def test_shape(text, expected):
    assert shape(parse_query_file(text, "t")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "SELECT",
        "SELECT * { \\u0053ERVICE <urn:x> { ?s ?p ?o } }",  # no escapes outside strings
        "EXPLAIN SELECT * { ?s ?p ?o }",
    ],
)
def test_neither_query_nor_update_is_a_syntax_error(text):
    with pytest.raises(InputError, match="SPARQL syntax error in query t"):
        shape(parse_query_file(text, "t"))
