"""``dutygraph queries``, ``query`` and ``push``: SPARQL for researchers."""

from __future__ import annotations

import json
import sys

import click

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
    default=None,
    metavar="IRI",
    help="With --endpoint: the named graph to query as default graph.",
)
@click.option(
    "--timeout",
    type=float,
    default=None,
    metavar="SECONDS",
    help="Give up after this many seconds.",
)
@click.option("--allow-update", is_flag=True, help="Allow a SPARQL UPDATE (refused otherwise).")
def query(
    query: str,
    sources: tuple[str, ...],
    store: str | None,
    params: tuple[str, ...],
    fmt: str,
    endpoint: str | None,
    graph_iri: str | None,
    timeout: float | None,
    allow_update: bool,
) -> None:
    """Run QUERY: a named query, a .rq file, or - for a query on stdin.

    \b
    Examples:
      dutygraph query unit-load --param expand=true --format csv
      dutygraph query unit-items -p unit=市水务局 --format markdown
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | dutygraph query -
      dutygraph query unit-load --endpoint http://localhost:7878/query
    """
    from graph.errors import OptionError
    from graph.store.library import resolve
    from graph.store.sparql import form, select, update

    if graph_iri and not endpoint:
        raise OptionError("--graph needs --endpoint (the embedded store has one default graph)")
    named = resolve(query, sys.stdin.read() if query == "-" else None)
    if form(named) == "update":
        if not allow_update:
            raise OptionError(
                f"query {named.name} is a SPARQL UPDATE; pass --allow-update to run it"
            )
        update(
            named,
            store=None if endpoint else open_graph(sources, store, writable=True),
            endpoint=endpoint,
            timeout=timeout,
        )
        click.echo(f"update {named.name} done", err=True)
        return
    graph = None if endpoint else open_graph(sources, store)
    result = select(
        named, _params(params), store=graph, endpoint=endpoint, graph=graph_iri, timeout=timeout
    )
    rows = result.records()
    if fmt == "json":
        for row in rows:
            for key, value in row.items():
                if not isinstance(value, (str, int, float, bool)) and value is not None:
                    row[key] = str(value)
    click.echo(render(rows, result.columns, fmt), nl=False)


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
@click.option("--timeout", type=float, default=None, metavar="SECONDS")
def push(
    sources: tuple[str, ...],
    store: str | None,
    endpoint: str,
    graph_iri: str | None,
    replace: bool,
    timeout: float | None,
) -> None:
    """Upload the dataset (data and ontology) to a SPARQL Graph Store endpoint.

    \b
    Examples:
      dutygraph push --endpoint http://localhost:7878/store --replace
      dutygraph push --endpoint http://fuseki:3030/plans/data --graph https://example.org/g/wuhan-2023
    """
    from graph.rdf.serialise import store_ntriples
    from graph.store.sparql import push as upload

    graph = open_graph(sources, store)
    data = store_ntriples(graph)
    upload(data, endpoint, graph=graph_iri, replace=replace, timeout=timeout)
    click.echo(
        f"pushed {len(graph)} triples to {endpoint}{' graph ' + graph_iri if graph_iri else ''}",
        err=True,
    )
