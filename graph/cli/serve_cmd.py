"""``dutygraph serve``: the web app and SPARQL endpoint (graph.serve) on a port."""

from __future__ import annotations

import socket
from typing import Any

import click

from graph.cli.inputs import graph_inputs


@click.command()
@graph_inputs
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="Give up on a SPARQL query after this long (503).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Most rows (or triples) of one answer; a longer answer is cut and says so.",
)
@click.option(
    "--allow-update",
    is_flag=True,
    help="Let /sparql run SPARQL UPDATE (refused with 403 otherwise); needs a writable store.",
)
@click.option(
    "--cors",
    "cors",
    default=None,
    metavar="ORIGIN",
    help="Let pages from ORIGIN (e.g. http://localhost:3000) call the server from a browser.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the home page in a browser.")
def serve(
    sources: tuple[str, ...],
    store: str | None,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    allow_update: bool,
    cors: str | None,
    open_browser: bool,
) -> None:
    """Serve the store: pages, named queries, a SPARQL editor and a SPARQL endpoint.

    Read-only and on this machine only (127.0.0.1) unless told otherwise; Ctrl-C
    stops it.

    \b
    Pages:
      /                 plans, counts and where to go
      /queries          named queries: forms, answers, CSV/JSON, citable URLs
      /editor           SPARQL editor (highlighting, prefix completion)
      /units, /id/...   plans, items, units and groups; .ttl/.jsonld give RDF
      /views, /charts   the load, tasks, districts and overlaps views; charts
      /sparql           SPARQL 1.1 Protocol endpoint (GET/POST)
      /api              JSON API (OpenAPI at /api/openapi.json)

    \b
    Examples:
      dutygraph serve
      dutygraph serve --store graph-store --port 8080 --open
      dutygraph serve plan.docx --timeout 30 --cors http://localhost:3000
    """
    from graph.errors import OptionError
    from graph.serve.security import bind_warning

    settings_args = dict(timeout=timeout, max_rows=max_rows, allow_update=allow_update, cors=cors)
    warning = bind_warning(host)
    if warning:
        click.echo(f"dutygraph: {warning}", err=True)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio turns Nagle off only on sockets that say they are
    # TCP, and with Nagle on every keep-alive response waits 40 ms for an ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise OptionError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    # The port first, the graph second: a taken port is reported before any work.
    try:
        _run(sock, family, sources, store, allow_update, open_browser, settings_args)
    finally:
        sock.close()
    click.echo("dutygraph: stopped", err=True)


def _run(
    sock: socket.socket,
    family: int,
    sources: tuple[str, ...],
    store: str | None,
    allow_update: bool,
    open_browser: bool,
    settings_args: dict[str, Any],
) -> None:
    """Open the graph, build the app and serve it on ``sock`` until Ctrl-C."""
    import threading
    import webbrowser

    import uvicorn

    from graph.cli.inputs import cache_off, open_graph, open_tables
    from graph.serve.app import create_app
    from graph.serve.site import Settings

    graph = open_graph(sources, store, writable=allow_update)
    # The cached tables are read from the cache entry at once; otherwise the app
    # reads them from the store the first time a page needs them.
    tables = None
    if store is None and not allow_update and not cache_off():
        tables = open_tables(sources, None)
    app = create_app(graph, tables=tables, settings=Settings(**settings_args))
    bound = sock.getsockname()
    shown = f"[{bound[0]}]" if family == socket.AF_INET6 else bound[0]
    url = f"http://{shown}:{bound[1]}/"
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    click.echo(f"dutygraph: serving {url} (SPARQL endpoint {url}sparql); Ctrl-C stops it", err=True)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled
        pass
