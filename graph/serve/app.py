"""The ASGI app: routes, error pages, CORS and the guard around them.

>>> from graph.store.local import memory_store
>>> from graph.serve.app import create_app
>>> app = create_app(memory_store())          # doctest: +SKIP
>>> import uvicorn; uvicorn.run(app)           # doctest: +SKIP

Everything is read-only unless ``allow_update``; nothing is fetched from another
server; every response carries a Content-Security-Policy (:mod:`graph.serve.security`).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from graph.serve import api, endpoint, pages
from graph.serve.security import Assets, Guard
from graph.serve.site import Settings, Site

STATIC = Path(__file__).parent / "static"


def routes() -> list[Route]:
    return [
        Route("/", pages.home, name="home"),
        Route("/queries", pages.queries, name="queries"),
        Route("/queries/{name}", pages.query_page, name="query"),
        Route("/editor", pages.editor, name="editor"),
        Route("/sparql", endpoint.sparql, methods=["GET", "POST"], name="sparql"),
        Route("/units", pages.units, name="units"),
        Route("/id/{path:path}", pages.subject, name="subject"),
        Route("/resource", pages.resource, name="resource"),
        Route("/views", pages.views, name="views"),
        Route("/views/{view}", pages.view_page, name="view"),
        Route("/charts", pages.charts, name="charts"),
        Route("/charts/{chart}", pages.chart, name="chart"),
        Route("/static/{path:path}", pages.static, name="static"),
        Route("/api", api.index, name="api"),
        Route("/api/openapi.json", api.openapi_json, name="openapi"),
        Route("/api/plans", api.plans),
        Route("/api/units", api.units),
        Route("/api/queries", api.queries),
        Route("/api/queries/{name}", api.query),
        Route("/api/queries/{name}/results", api.results),
        Route("/api/resource", api.resource),
        Route("/api/id/{path:path}", api.by_path),
    ]


def _error(request: Request, status: int, message: str) -> Response:
    path = request.url.path
    if path.startswith("/api"):
        return api.JSON({"error": message, "status": status}, status_code=status)
    if path.startswith(("/sparql", "/static", "/charts")) or request.method not in ("GET", "HEAD"):
        return PlainTextResponse(message + "\n", status_code=status)
    return pages.error_page(request, status, message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    response = _error(request, exc.status_code, str(exc.detail))
    for name, value in (exc.headers or {}).items():  # Allow, on a 405
        response.headers[name] = value
    return response


async def _server_error(request: Request, exc: Exception) -> Response:
    return _error(request, 500, "internal error")


def create_app(
    store: Any,
    *,
    tables: Any = None,
    settings: Settings | None = None,
) -> Starlette:
    """The app serving ``store`` (a pyoxigraph Store) with ``settings``; ``tables``
    (:class:`graph.analytics.frames.Tables` of the same store) saves reading them
    again when the caller has them."""
    chosen = settings or Settings()
    site = Site(store, chosen, tables)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            site.close()

    middleware: list[Middleware] = [Middleware(Guard)]
    if chosen.cors:
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=[chosen.cors],
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
                expose_headers=[endpoint.TRUNCATED, endpoint.ROW_CAP],
            )
        )
    app = Starlette(
        routes=routes(),
        middleware=middleware,
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
        lifespan=lifespan,
    )
    app.state.site = site
    app.state.templates = pages.environment()
    app.state.assets = Assets(STATIC)
    return app
