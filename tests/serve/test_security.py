"""The issue's security list, item by item: loopback by default with a warning
otherwise, read-only, a Content-Security-Policy on every response, plan text always
escaped, nothing outside the app's assets served, size limits, CORS only when asked."""

from __future__ import annotations

import socket

import httpx
import pytest
from markupsafe import escape

from graph.serve.security import APP_CSP, MAX_BODY, MAX_URL, bind_warning, is_loopback
from tests.serve.conftest import item_iri, local, serving, unit_iri
from tests.views.conftest import HOSTILE_TEXT, HOSTILE_UNIT

PATHS = [
    "/",
    "/queries",
    "/queries/unit-load",
    "/queries/unit-load.csv",
    "/editor",
    "/units",
    "/views",
    "/api",
    "/api/openapi.json",
    "/api/queries/unit-load/results",
    "/sparql",
    "/sparql?query=ASK%7B%7D",
    "/sparql?query=DROP%20ALL",
    "/static/app.css",
    "/static/vendor/codemirror/LICENSE",
    "/no/such/page",
    "/api/no-such",
    "/queries/unit-pairs?min=x",
]


@pytest.mark.parametrize("path", PATHS)
def test_every_response_has_the_policy(client, path):
    response = client.get(path)
    assert response.headers["content-security-policy"] == APP_CSP, response.status_code
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_policy_allows_nothing_from_elsewhere():
    directives = dict(d.strip().split(" ", 1) for d in APP_CSP.split(";"))
    assert directives["default-src"] == "'none'"
    for name in ("script-src", "style-src", "connect-src", "form-action"):
        assert directives[name] == "'self'"
    assert "unsafe-inline" not in APP_CSP and "unsafe-eval" not in APP_CSP


def test_refused_requests_carry_the_policy_too(client):
    long = client.get("/queries", params={"x": "a" * MAX_URL})
    assert long.status_code == 414
    assert long.headers["content-security-policy"] == APP_CSP
    put = client.put("/sparql", content=b"x")
    assert put.status_code == 405
    assert put.headers["content-security-policy"] == APP_CSP


def test_plan_text_is_escaped_everywhere(hostile, hostile_store):
    with httpx.Client(base_url=hostile.url, timeout=60) as http:
        item = http.get(local(item_iri(hostile_store, "2.9"))).text
        unit = http.get(local(unit_iri(hostile_store, HOSTILE_UNIT))).text
        plan = http.get(http.get("/api/plans").json()[0]["path"]).text
        query = http.get("/queries/keyword-items", params={"keyword": "示范城市"}).text
        units = http.get("/units").text
    for page in (item, plan, query):
        assert HOSTILE_TEXT not in page
        assert str(escape(HOSTILE_TEXT)) in page
    for page in (unit, units, item):
        assert HOSTILE_UNIT not in page
        assert str(escape(HOSTILE_UNIT)) in page
    for page in (item, unit, plan, query, units):
        assert "<script>" not in page and 'onerror="' not in page


def test_hostile_text_stays_data_in_the_api(hostile, hostile_store):
    with httpx.Client(base_url=hostile.url, timeout=60) as http:
        data = http.get("/api/resource", params={"iri": item_iri(hostile_store, "2.9")}).json()
    assert HOSTILE_TEXT in data["text"]
    assert HOSTILE_UNIT in {a["unit"]["label"] for a in data["written"]}


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e%2f%2e%2e%2fsetup.cfg",
        "/static//etc/passwd",
        "/static/vendor/../../app.py",
        "/static/vendor/codemirror/../../../security.py",
        "/static/.%2e/.%2e/.%2e/.%2e/etc/passwd",
        "/static/templates/base.html",
        "/%2e%2e/%2e%2e/etc/passwd",
    ],
)
def test_nothing_outside_the_assets_is_served(served, path):
    # raw, so the client does not normalise the dots away
    host, port = served.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = data.split(b"\r\n", 1)[0]
    assert b" 404 " in status or b" 400 " in status, status
    assert b"root:" not in data and b"import " not in data and b"[metadata]" not in data


def test_the_assets_are_the_package_files(served):
    from graph.serve.app import STATIC

    assets = served.app.state.assets
    on_disk = {p.relative_to(STATIC).as_posix() for p in STATIC.rglob("*") if p.is_file()}
    assert set(assets.files) == on_disk
    assert "vendor/codemirror/codemirror.js" in on_disk and "vendor/codemirror/LICENSE" in on_disk


def test_long_query_strings_are_414(client):
    query = "ASK {}" + " " * (MAX_URL + 10)
    assert client.get("/sparql", params={"query": query}).status_code == 414


def test_large_bodies_are_413_declared_or_not(client):
    body = b"query=" + b"%20" * (MAX_BODY // 3 + 10)
    declared = client.post(
        "/sparql", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert declared.status_code == 413

    def chunks():
        for _ in range(MAX_BODY // 4096 + 2):
            yield b"#" * 4096

    streamed = client.post(
        "/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"}
    )
    assert streamed.status_code == 413
    small = client.post(
        "/sparql", content=b"ASK {}", headers={"Content-Type": "application/sparql-query"}
    )
    assert small.status_code == 200


def test_read_only_methods(client):
    assert client.delete("/").status_code == 405
    assert client.post("/queries/unit-load").status_code == 405
    assert client.put("/api/plans", content=b"[]").status_code == 405


def test_no_cors_unless_asked(client):
    response = client.get("/api/plans", headers={"Origin": "http://example.org"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/sparql",
        headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_for_the_origin_given(graph_store):
    origin = "http://localhost:3000"
    with (
        serving(graph_store, cors=origin) as running,
        httpx.Client(base_url=running.url, timeout=30) as http,
    ):
        allowed = http.get("/api/plans", headers={"Origin": origin})
        assert allowed.headers["access-control-allow-origin"] == origin
        other = http.get("/api/plans", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        preflight = http.options(
            "/sparql",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == origin
        assert preflight.headers["content-security-policy"] == APP_CSP


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("example.org", False),
    ],
)
def test_loopback_or_a_warning(host, loopback):
    assert is_loopback(host) is loopback
    warning = bind_warning(host)
    if loopback:
        assert warning is None
    else:
        assert warning is not None and warning.startswith(f"warning: listening on {host}:")
        assert "--" not in warning  # the library names no flag


def test_updates_run_only_when_allowed(tmp_path):
    from graph.store.local import memory_store

    store = memory_store()
    before = len(store)
    insert = "INSERT DATA { GRAPH <urn:x:scratch> { <urn:x:s> <urn:x:p> 1 } }"
    with (
        serving(store, allow_update=True) as running,
        httpx.Client(base_url=running.url, timeout=60) as http,
    ):
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:x:scratch> { ?s ?p ?o } }"
        assert (
            http.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"][
                "value"
            ]
            == "0"
        )
        done = http.post("/sparql", data={"update": insert})
        assert done.status_code == 204
        assert len(store) == before + 1
        # the query workers see the change
        assert (
            http.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"][
                "value"
            ]
            == "1"
        )
        fetch = http.post("/sparql", data={"update": "LOAD <http://127.0.0.1:9/data.ttl>"})
        assert fetch.status_code == 403
        assert http.post("/sparql", data={"query": insert}).status_code == 400
        described = http.get("/sparql", headers={"Accept": "application/n-triples"}).text
        assert "sparql-service-description#SPARQL11Update" in described
