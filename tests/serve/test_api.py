"""The JSON API: its OpenAPI document is valid and describes what the server does;
schemathesis, generating requests from the document (a bounded number per
operation), finds no server error and no response outside the document."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from graph.serve.api import openapi
from graph.store.library import library

SCHEMA = schemathesis.openapi.from_dict(openapi())


def test_the_document_is_valid_openapi():
    validate(openapi())


def test_every_named_query_has_an_operation_with_its_typed_parameters():
    paths = openapi()["paths"]
    for name, named in library().items():
        operation = paths[f"/api/queries/{name}/results"]["get"]
        declared = {p["name"]: p["schema"]["type"] for p in operation["parameters"]}
        assert list(declared) == [p.name for p in named.params], name
    pairs = {
        p["name"]: p["schema"]
        for p in paths["/api/queries/unit-pairs/results"]["get"]["parameters"]
    }
    assert pairs == {"min": {"type": "integer"}, "expand": {"type": "boolean"}}


def test_the_document_is_served(client):
    assert client.get("/api/openapi.json").json() == openapi()


def test_api_answers_match_the_pages(client, graph_store):
    rows = client.get("/api/queries/unit-pairs/results", params={"min": 20}).json()
    assert rows["params"] == {"min": "20", "expand": "false"}
    assert [tuple(r.values()) for r in rows["rows"]] == [
        ("市发改委", "市经信局", 34),
        ("各区人民政府", "市城管执法委", 24),
        ("各区人民政府", "市发改委", 21),
    ]
    (plan,) = client.get("/api/plans").json()
    assert (plan["identifier"], plan["items"]) == ("武政办〔2023〕1号", 322)
    described = client.get("/api/resource", params={"iri": plan["iri"]}).json()
    assert described["type"] == "plan" and described["items"] == 322
    by_path = client.get("/api" + plan["path"]).json()
    assert by_path == described
    bad = client.get("/api/queries/unit-pairs/results", params={"min": "x"})
    assert bad.status_code == 400
    assert bad.json() == {"error": "parameter min must be an integer, not 'x'", "status": 400}


@SCHEMA.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_schemathesis_finds_no_server_error(case, served):
    case.call_and_validate(base_url=served.url, timeout=30)
