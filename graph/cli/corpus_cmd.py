"""``dutygraph add``, ``remove`` and ``plans``: a corpus of plans in one store.

A persisted store keeps each plan in its own named graph, so one plan is added,
replaced or removed without rebuilding the others; ``plans`` lists what a store holds.
"""

from __future__ import annotations

import sys

import click

from graph.cli.inputs import graph_inputs, open_graph
from graph.rdf.namespaces import DEFAULT_BASE

# The store written to (not a graph source: --no-cache means nothing here).
STORE = click.option(
    "--store",
    "folder",
    required=True,
    type=click.Path(file_okay=False),
    help="Oxigraph store folder (made when new).",
)
QUIET = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")


class _Silent:
    def update(self, n: int = 1) -> None:
        pass

    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def _bar(total: int, what: str, quiet: bool):
    """A progress bar on stderr (tqdm) for long work; silent when stderr is not a
    terminal, with ``--quiet``, or for a single plan."""
    if quiet or total < 2 or not sys.stderr.isatty():
        return _Silent()
    from tqdm import tqdm  # type: ignore[import-untyped]

    return tqdm(total=total, desc=what, unit="plan", file=sys.stderr, leave=False)


@click.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@STORE
@click.option(
    "--base-iri",
    "base",
    default=DEFAULT_BASE,
    show_default=True,
    help="Base IRI, for a store made by this command.",
)
@QUIET
def add(sources: tuple[str, ...], folder: str, base: str, quiet: bool) -> None:
    """Add plans to a store: files, folders, globs or a manifest (TOML/CSV).

    A plan whose id the store already holds is replaced; the other plans are left
    as they are.

    \b
    Examples:
      dutygraph add wuhan-2024.docx --store corpus/
      dutygraph add plans/ --store corpus/
      dutygraph add manifest.toml --store corpus/
    """
    from pathlib import Path

    from graph.parse.sources import expand_sources, parse_source
    from graph.rdf.iris import check_base
    from graph.store.local import add_plans, build_corpus, store_exists

    check_base(base)
    entries = expand_sources(sources)
    if not store_exists(Path(folder)):  # a new corpus: built in parallel, in one switch
        with _bar(len(entries), "building", quiet) as bar:
            added = build_corpus(folder, entries, base=base, on_plan=lambda _: bar.update(1))
        click.echo(f"built a store of {len(added)} plan(s) in {folder}", err=True)
        return
    added = []
    seen: dict[str, str] = {}
    with _bar(len(entries), "adding", quiet) as bar:
        for entry in entries:
            plan = parse_source(entry)
            if plan.slug in seen:
                from graph.errors import DataError

                raise DataError(
                    f"{plan.source} and {seen[plan.slug]} are the same plan ({plan.slug}); "
                    "give one of them its own id (a manifest's slug)"
                )
            seen[plan.slug] = plan.source
            added.extend(add_plans(folder, [plan], base=base, sources=[entry]))
            bar.update(1)
    click.echo(f"added {len(added)} plan(s) to {folder}: {', '.join(added)}", err=True)


@click.command()
@click.argument("plan")
@STORE
def remove(plan: str, folder: str) -> None:
    """Remove one plan (by its id, as `dutygraph plans` lists it) from a store.

    \b
    Example:
      dutygraph remove wuhan-2022 --store corpus/
    """
    from graph.store.local import remove_plan

    remove_plan(folder, plan)
    click.echo(f"removed {plan} from {folder}", err=True)


@click.command()
@graph_inputs
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "markdown"]),
    default="table",
    show_default=True,
)
def plans(sources: tuple[str, ...], store: str | None, fmt: str) -> None:
    """The plans a store holds: id, issuer, jurisdiction, year, document number,
    items and source file.

    \b
    Examples:
      dutygraph plans --store corpus/
      dutygraph plans --format csv
    """
    from graph.export.render import render
    from graph.store.library import internal_query
    from graph.store.sparql import select

    query = internal_query("plan-list")
    result = select(query, {}, store=open_graph(sources, store))
    click.echo(render(result.records(), query.columns, fmt), nl=False)
