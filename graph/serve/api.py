"""The JSON API: the data of the pages as JSON, described by an OpenAPI 3 document.

The document is written from the query library, so every named query has an
operation of its own with its parameters typed as the query file declares them
(``/api/queries/unit-load/results?expand=true``), next to the generic
``/api/queries/{name}/results``.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graph.errors import OptionError
from graph.serve.named import OPENAPI_TYPES, describe_query, query_or_404
from graph.serve.site import Site
from graph.store.library import NamedQuery, library


class JSON(JSONResponse):
    """JSON as UTF-8 text (Chinese stays readable)."""

    def render(self, content: Any) -> bytes:
        import json

        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _site(request: Request) -> Site:
    return request.app.state.site


def index(request: Request) -> Response:
    return JSON(
        {
            "openapi": "/api/openapi.json",
            "plans": "/api/plans",
            "units": "/api/units",
            "queries": "/api/queries",
            "resource": "/api/resource?iri={iri}",
            "sparql": "/sparql",
        }
    )


def openapi_json(request: Request) -> Response:
    return JSON(openapi())


def plans(request: Request) -> Response:
    return JSON(_site(request).subjects.plans())


def units(request: Request) -> Response:
    site = _site(request)
    rows = site.named.answer("units", {}).records()
    for row in rows:
        row["path"] = site.subjects.path(row["iri"]) if row.get("iri") else None
    return JSON(rows)


def queries(request: Request) -> Response:
    return JSON([describe_query(library()[name]) for name in sorted(library())])


def query(request: Request) -> Response:
    try:
        named = query_or_404(request.path_params["name"])
    except LookupError:
        raise HTTPException(404, f"no named query {request.path_params['name']!r}") from None
    return JSON({**describe_query(named), "text": named.text})


def results(request: Request) -> Response:
    site = _site(request)
    name = request.path_params["name"]
    given: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in given:
            raise HTTPException(400, f"parameter {key} given more than once")
        given[key] = value
    try:
        body, _ = site.named.body(name, given, "json")
    except LookupError:
        raise HTTPException(404, f"no named query {name!r}") from None
    except OptionError as error:
        raise HTTPException(400, str(error)) from None
    except RuntimeError as error:
        raise HTTPException(503, str(error)) from None
    return Response(body, media_type="application/json")


def resource(request: Request) -> Response:
    site = _site(request)
    iri = request.query_params.get("iri", "")
    return _describe(site, iri)


def by_path(request: Request) -> Response:
    site = _site(request)
    return _describe(site, site.settings.base + request.path_params["path"])


def _describe(site: Site, iri: str) -> Response:
    # A text that is not an IRI names nothing in the store: 404, like any unknown IRI.
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise HTTPException(404, f"nothing is known of {iri!r}: it is not an IRI") from None
    if site.subjects.kind(iri) is None:
        raise HTTPException(404, f"nothing is known of {iri}")
    return JSON(site.subjects.describe(iri))


# -- the OpenAPI document ------------------------------------------------------------

_ERROR = {
    "description": "An error, said in one line",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["error", "status"],
                "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
            }
        }
    },
}
_ROWS = {
    "type": "object",
    "required": ["query", "params", "columns", "rows", "truncated"],
    "properties": {
        "query": {"type": "string"},
        "params": {"type": "object", "additionalProperties": {"type": "string"}},
        "columns": {"type": "array", "items": {"type": "string"}},
        "rows": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": {
                    "nullable": True,
                    "oneOf": [
                        {"type": "string"},
                        {"type": "number"},
                        {"type": "boolean"},
                    ],
                },
            },
        },
        "truncated": {"type": "boolean"},
    },
}
_QUERY = {
    "type": "object",
    "required": ["name", "title", "title_zh", "description", "params", "columns"],
    "properties": {
        "name": {"type": "string"},
        "title": {"type": "string"},
        "title_zh": {"type": "string"},
        "description": {"type": "string"},
        "params": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "type", "default", "description"],
                "properties": {
                    "name": {"type": "string"},
                    "type": {"type": "string", "enum": list(OPENAPI_TYPES)},
                    "default": {"type": "string"},
                    "description": {"type": "string"},
                },
            },
        },
        "columns": {"type": "array", "items": {"type": "string"}},
        "keywords": {"type": "array", "items": {"type": "string"}},
        "text": {"type": "string"},
    },
}
_LINK: dict[str, Any] = {
    "type": "object",
    "required": ["iri", "label", "path"],
    "properties": {
        "iri": {"type": "string"},
        "label": {"type": "string"},
        "path": {"type": "string"},
    },
}
_SUBJECT = {
    "type": "object",
    "required": ["type", "iri", "label", "path"],
    "properties": {
        "type": {"type": "string", "enum": ["plan", "item", "unit", "resource"]},
        "iri": {"type": "string"},
        "label": {"type": "string"},
        "path": {"type": "string"},
    },
    "additionalProperties": True,
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _responses(ok: dict[str, Any], *codes: int) -> dict[str, Any]:
    out: dict[str, Any] = {"200": ok}
    for code in codes:
        out[str(code)] = _ERROR
    return out


def _query_operation(named: NamedQuery) -> dict[str, Any]:
    parameters = []
    for param in named.params:
        schema = dict(OPENAPI_TYPES[param.type])
        parameters.append(
            {
                "name": param.name,
                "in": "query",
                "required": False,
                "description": f"{param.description} (default: {param.default!r})".strip(),
                "schema": schema,
            }
        )
    summary = named.title + (f" / {named.title_zh}" if named.title_zh else "")
    return {
        "get": {
            "operationId": "query_" + named.name.replace("-", "_"),
            "summary": summary,
            "description": named.description,
            "tags": ["named queries"],
            "parameters": parameters,
            "responses": _responses(
                _json(_ROWS, f"The answer: columns {', '.join(named.columns)}"), 400, 503
            ),
        }
    }


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dutygraph")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0"


def openapi() -> dict[str, Any]:
    """The OpenAPI 3.0 document of the JSON API."""
    names = sorted(library())
    paths: dict[str, Any] = {
        "/api/plans": {
            "get": {
                "operationId": "plans",
                "summary": "The plans in the store",
                "responses": _responses(
                    _json(
                        {
                            "type": "array",
                            "items": {
                                **_LINK,
                                "properties": {
                                    **_LINK["properties"],
                                    "title": {"type": "string"},
                                    "items": {"type": "integer"},
                                },
                            },
                        },
                        "Each plan with its title and number of items",
                    )
                ),
            }
        },
        "/api/units": {
            "get": {
                "operationId": "units",
                "summary": "Every unit and group, with its kind and number of items",
                "responses": _responses(
                    _json({"type": "array", "items": {"type": "object"}}, "The units")
                ),
            }
        },
        "/api/queries": {
            "get": {
                "operationId": "queries",
                "summary": "The named queries",
                "responses": _responses(
                    _json({"type": "array", "items": _QUERY}, "Each named query's metadata")
                ),
            }
        },
        "/api/queries/{name}": {
            "get": {
                "operationId": "query",
                "summary": "One named query: its metadata and text",
                "parameters": [
                    {
                        "name": "name",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": names},
                    }
                ],
                "responses": _responses(_json(_QUERY, "The query"), 404),
            }
        },
        "/api/queries/{name}/results": {
            "get": {
                "operationId": "results",
                "summary": "A named query's answer with its parameters' defaults",
                "description": "Parameters go in the query string; each query's own "
                "operation below lists them with their types.",
                "parameters": [
                    {
                        "name": "name",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": names},
                    }
                ],
                "responses": _responses(_json(_ROWS, "The answer"), 400, 404, 503),
            }
        },
        "/api/resource": {
            "get": {
                "operationId": "resource",
                "summary": "What the store says of one IRI (a plan, item, unit, or anything)",
                "parameters": [
                    {
                        "name": "iri",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": _responses(_json(_SUBJECT, "The subject's page data"), 404),
            }
        },
    }
    for name in names:
        paths[f"/api/queries/{name}/results"] = _query_operation(library()[name])
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "dutygraph",
            "version": _version(),
            "description": "Read-only JSON API over a dutygraph store: plans, units, "
            "named queries and their answers. SPARQL 1.1 Protocol at /sparql.",
        },
        "paths": paths,
    }
