"""``dutygraph queries``, ``query`` and ``push``: SPARQL for researchers."""

from __future__ import annotations

import json
import sys

import click

from graph.cli.excel import EXCEL, emit, table_format
from graph.cli.inputs import graph_inputs, open_graph
from graph.export.render import FORMATS, render


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected name=value, got {value!r}", param_hint="--param")
        out[name.strip()] = text
    return out


def _remote_options(command):
    """``--user``, ``--password-env`` and ``--timeout``, shared by ``query`` and ``push``."""
    command = click.option(
        "--password-env",
        default=None,
        metavar="VAR",
        help="With --user: the environment variable holding the password.",
    )(command)
    command = click.option(
        "--user",
        default=None,
        metavar="NAME",
        help="User name for HTTP authentication (Basic or Digest, as the server asks); "
        "without it a netrc entry for the endpoint's host is used, if there is one.",
    )(command)
    command = click.option(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="Give up after this many seconds: the whole request, start to end "
        "(default for an endpoint: 60).",
    )(command)
    return command


def _remote(endpoint: str | None, user: str | None, password_env: str | None, timeout):
    """Check the endpoint, timeout and credential options before anything is opened
    or sent; the credentials to use (None: none, or the endpoint's own user-info)."""
    import math
    import os

    from graph.errors import OptionError

    if timeout is not None and not (timeout > 0 and math.isfinite(timeout)):
        raise OptionError(f"--timeout must be a positive number of seconds, not {timeout:g}")
    if endpoint is None:
        if user or password_env:
            raise OptionError("--user and --password-env need --endpoint")
        return None
    from graph.store.http import Credentials, check_endpoint, netrc_credentials

    if not endpoint.strip():
        raise OptionError("--endpoint is empty; give the URL of a SPARQL endpoint")
    checked = check_endpoint(endpoint)
    if password_env and not user:
        raise OptionError("--password-env needs --user")
    if user:
        if password_env:
            if password_env not in os.environ:
                raise OptionError(f"--password-env {password_env}: that variable is not set")
            return Credentials(user, os.environ[password_env])
        entry = netrc_credentials(checked.url)
        if entry is not None and entry.user in ("", user):
            return Credentials(user, entry.password)
        raise OptionError(
            f"--user {user} needs --password-env VAR (or a netrc entry for the endpoint's host)"
        )
    if checked.credentials is not None:
        return None  # the user-info of the address is used
    return netrc_credentials(checked.url)


def _hinted(error, credentials) -> Exception:
    """The library's error with the option that helps, where one does."""
    from graph.errors import DataError

    if getattr(error, "status", 0) == 401 and "needs credentials" in str(error):
        return DataError(f"{error}; give --user and --password-env, or a netrc entry")
    return error


UNIT_PARAMS = ("unit", "group")  # query parameters that name a unit or group


def _resolve_units(named, given: dict[str, str], graph) -> None:
    """Give a unit parameter the short name of the unit it names (an alias, official
    or English name, Traditional input): the one resolver every command uses, so an
    unknown unit is a usage error here as everywhere."""
    from graph.store.units import store_units

    wanted = [p for p in UNIT_PARAMS if given.get(p, "").strip() and named.param(p) is not None]
    if wanted:
        units = store_units(graph)
        for name in wanted:
            given[name] = units.resolve(given[name])


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "ttl"]),
    default="table",
    show_default=True,
)
def queries(fmt: str) -> None:
    """List the named queries: name, title and parameters.

    `--format ttl` prints the catalogue as RDF (sh:SPARQLSelectExecutable).
    """
    from graph.store.api import list_queries

    named = list_queries()
    if fmt == "json":
        rows = [
            {
                "name": q.name,
                "title": q.title,
                "title_zh": q.title_zh,
                "description": q.description,
                "params": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "default": p.default,
                        "description": p.description,
                    }
                    for p in q.params
                ],
                "columns": list(q.columns),
            }
            for q in named
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "ttl":
        from graph.export.query_catalog import query_catalog_turtle
        from graph.rdf.iris import Iris
        from graph.rdf.namespaces import DEFAULT_BASE, prefixes_for
        from graph.read.registry import load_registry

        sys.stdout.buffer.write(
            query_catalog_turtle(Iris(DEFAULT_BASE), load_registry(), prefixes_for(DEFAULT_BASE))
        )
    else:
        rows = [
            {
                "name": q.name,
                "title": f"{q.title} / {q.title_zh}" if q.title_zh else q.title,
                "params": ", ".join(f"{p.name}={p.default}" for p in q.params),
            }
            for q in named
        ]
        click.echo(render(rows, ("name", "title", "params"), "table", max_width=70), nl=False)


@click.command()
@click.argument("query")
@graph_inputs
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Query parameter; repeatable.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--endpoint",
    default=None,
    metavar="URL",
    help="Run against a SPARQL 1.1 endpoint instead of the embedded store.",
)
@click.option(
    "--graph",
    "graph_iri",
    multiple=True,
    metavar="IRI",
    help="With --endpoint: a named graph the query sees as its default graph "
    "(repeatable: their merge).",
)
@_remote_options
@click.option("--allow-update", is_flag=True, help="Allow a SPARQL UPDATE (refused otherwise).")
@click.option(
    "--allow-service",
    is_flag=True,
    help="Allow SERVICE, a call from the query to another endpoint (refused otherwise).",
)
@EXCEL
def query(
    query: str,
    sources: tuple[str, ...],
    store: str | None,
    params: tuple[str, ...],
    fmt: str,
    endpoint: str | None,
    graph_iri: tuple[str, ...],
    timeout: float | None,
    user: str | None,
    password_env: str | None,
    allow_update: bool,
    allow_service: bool,
    excel: bool,
) -> None:
    """Run QUERY: a named query, a .rq file, or - for a query on stdin.

    \b
    Examples:
      dutygraph query unit-load --param expand=true --format csv
      dutygraph query unit-items -p unit=市水务局 --format markdown
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | dutygraph query -
      dutygraph query unit-load --endpoint http://localhost:7878/query

    The text is classified by the SPARQL parser, never by running it: an update
    (LOAD included) runs only with --allow-update, a SERVICE call only with
    --allow-service.
    """
    from graph.errors import DataError, OptionError
    from graph.store.library import resolve
    from graph.store.sparql import select, shape, update

    fmt = table_format(fmt, excel)

    if graph_iri and endpoint is None:
        raise OptionError("--graph needs --endpoint (the embedded store has one default graph)")
    credentials = _remote(endpoint, user, password_env, timeout)
    named = resolve(query, _stdin_query() if query == "-" else None)
    found = shape(named)
    if found.kind == "update" and not allow_update:
        raise OptionError(f"query {named.name} is a SPARQL UPDATE; pass --allow-update to run it")
    if found.service and not allow_service:
        raise OptionError(
            f"query {named.name} calls another endpoint (SERVICE); pass --allow-service to run it"
        )
    try:
        if found.kind == "update":
            update(
                named,
                store=None if endpoint is not None else open_graph(sources, store, writable=True),
                endpoint=endpoint,
                timeout=timeout,
                allow_service=allow_service,
                credentials=credentials,
            )
            click.echo(f"update {named.name} done", err=True)
            return
        graph = None if endpoint is not None else open_graph(sources, store)
        given = _params(params)
        if graph is not None:
            _resolve_units(named, given, graph)
        result = select(
            named,
            given,
            store=graph,
            endpoint=endpoint,
            graph=list(graph_iri),
            timeout=timeout,
            allow_service=allow_service,
            credentials=credentials,
        )
    except DataError as error:
        raise _hinted(error, credentials) from None
    rows = result.records()
    if fmt == "json":
        for row in rows:
            for key, value in row.items():
                if not isinstance(value, (str, int, float, bool)) and value is not None:
                    row[key] = str(value)
    emit(render(rows, result.columns, fmt), excel)


@click.command()
@graph_inputs
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store Protocol endpoint (Oxigraph: http://host:7878/store).",
)
@click.option(
    "--graph",
    "graph_iri",
    default=None,
    metavar="IRI",
    help="Named graph to write (default: the default graph).",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Replace the graph's content (HTTP PUT) instead of adding to it (POST).",
)
@_remote_options
def push(
    sources: tuple[str, ...],
    store: str | None,
    endpoint: str,
    graph_iri: str | None,
    replace: bool,
    timeout: float | None,
    user: str | None,
    password_env: str | None,
) -> None:
    """Upload the dataset (data and ontology) to a SPARQL Graph Store endpoint.

    Each named graph of the store goes to the graph of the same name, and the default
    graph (if it holds anything) to the default graph; --graph puts everything into
    one graph instead. Redirects are refused (an upload would be lost on the way),
    and only a 2xx answer counts as done.

    \b
    Examples:
      dutygraph push --endpoint http://localhost:7878/store --replace
      dutygraph push --endpoint http://fuseki:3030/plans/data --graph https://example.org/g/wuhan-2023
      DBA_PASSWORD=… dutygraph push --endpoint http://localhost:8890/sparql-graph-crud-auth \\
          --user dba --password-env DBA_PASSWORD --replace
    """
    from graph.errors import DataError
    from graph.store.http import redact
    from graph.store.sparql import push as upload

    credentials = _remote(endpoint, user, password_env, timeout)
    graph = open_graph(sources, store)
    try:
        sent = upload(
            graph,
            endpoint,
            graph=graph_iri,
            replace=replace,
            timeout=timeout,
            credentials=credentials,
        )
    except DataError as error:
        raise _hinted(error, credentials) from None
    total = sum(count for _, count in sent)
    shown = redact(endpoint)
    if len(sent) == 1:
        name = sent[0][0]
        click.echo(f"pushed {total} triples to {shown}{' graph ' + name if name else ''}", err=True)
        return
    names = [name or "the default graph" for name, _ in sent]
    listed = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    click.echo(f"pushed {total} triples to {shown} in {len(sent)} graphs: {listed}", err=True)


def _stdin_query() -> str:
    """The query text on stdin, read with the bound every input file has."""
    from graph.errors import InputError
    from graph.read.formats import max_input_bytes

    limit = max_input_bytes()
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise InputError(
            f"the query on standard input is larger than {limit // (1024 * 1024)} MB",
            path="<stdin>",
            line=0,
            column=0,
        )
    return data.decode("utf-8", errors="replace")
