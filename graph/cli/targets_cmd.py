"""``dutygraph targets``: every quantitative target, read from the graph.

The rows are the answer of the named query ``targets`` (``queries/targets.rq``) on
the store the common input options give (plan files, the bundled plan, or
``--store DIR``), so the command, the query library and the RDF export agree.
"""

from __future__ import annotations

from decimal import Decimal

import click

from graph.cli.excel import EXCEL, emit, table_format
from graph.cli.inputs import graph_inputs, open_graph

FORMATS = ("table", "csv", "json", "markdown")
QUERY = "targets"


@click.command()
@graph_inputs
@click.option("--item", "item_ref", metavar="REF", help="Only this item, e.g. 2.5 or 4.35.")
@click.option(
    "--unit",
    "unit",
    metavar="NAME",
    help="Only items this unit leads or is responsible for (short name or alias, "
    "e.g. 市商务局; the no-lead rule applies, group membership does not).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)
@EXCEL
def targets(
    sources: tuple[str, ...],
    store: str | None,
    item_ref: str | None,
    unit: str | None,
    fmt: str,
    excel: bool,
) -> None:
    """List the quantitative targets of SOURCE... (default: the bundled plan) or of
    the store in --store DIR.

    Columns: item, value (normalised: 1.2万 → 12000; percentages as written), unit
    (as written), comparator (at_least, about, exactly, at_most), kind, counted
    (what is counted) and text (the words of the item that state the target). The
    rows are the named query `targets` (see `dutygraph query targets`).

    Figures in plan files that could not be read are reported on stderr, never
    guessed (not when reading a --store, which keeps no plan text to re-read).

    \b
    Examples:
      dutygraph targets
      dutygraph targets --item 2.204
      dutygraph targets --unit 市商务局 --format csv
    """
    from graph.export.render import render
    from graph.model.targets import plain_number
    from graph.store.library import library
    from graph.store.sparql import select
    from graph.store.units import resolve_unit
    from graph.targets.rows import TARGET_COLUMNS

    fmt = table_format(fmt, excel)

    if store is None:  # the figures the parse could not read come with the graph
        from graph.cli.inputs import plan_graph

        built = plan_graph(sources)
        unit = resolve_unit(built.store, unit) if unit else unit
        report_unreadable(built, item_ref, unit)
        graph = built.store
    else:
        graph = open_graph(sources, store)
        unit = resolve_unit(graph, unit) if unit else unit
    params = {"item": item_ref or "", "unit": unit or ""}
    rows = select(library()[QUERY], params, store=graph).records()
    if not rows and (item_ref or unit):
        check_filters(graph, item_ref, unit)
    for row in rows:
        if isinstance(row["value"], Decimal):
            row["value"] = plain_number(row["value"])
    emit(render(rows, TARGET_COLUMNS, fmt), excel)


def check_filters(graph, item_ref: str | None, unit: str | None) -> None:
    """Raise a usage error when --item or --unit names nothing in the graph."""
    from graph.errors import OptionError
    from graph.store.library import internal_query
    from graph.store.sparql import select

    # Asked only when the targets query returns nothing, to tell "no such item or
    # unit" from "no targets there" (queries/internal/target-filters.rq).
    query = internal_query("target-filters")
    found = select(query, {"item": item_ref or "", "unit": unit or ""}, store=graph).records()[0]
    if item_ref and not found["items"]:
        raise OptionError(f"no item {item_ref!r} in the graph")
    if unit and not found["unit_items"]:
        raise OptionError(f"no item names the unit {unit!r} as lead or responsible")


def report_unreadable(built, item_ref: str | None, unit: str | None) -> None:
    """Warn on stderr about figures the reader could not understand, in the items shown
    (``built`` is a graph.store.cache.CachedGraph: the parse's findings are kept with
    the cached graph, so a warm run warns without parsing again)."""
    from graph.targets.rows import canonical_unit

    wanted = canonical_unit(unit) if unit else None
    for figure in built.unread:
        if item_ref is not None and figure.ref != item_ref:
            continue
        if wanted is not None and wanted not in figure.units:  # lead, responsible or by rule
            continue
        click.echo(f"{built.sources[figure.plan]}: warning: item {figure.problem}", err=True)
