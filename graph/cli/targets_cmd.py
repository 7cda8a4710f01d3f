"""``dutygraph targets``: every quantitative target of a plan, as a table, CSV, JSON or Markdown."""

from __future__ import annotations

import click

FORMATS = ("table", "csv", "json", "markdown")


@click.command()
@click.argument("source", required=False, type=click.Path(dir_okay=False))
@click.option("--item", "item_ref", metavar="REF", help="Only this item, e.g. 2.5 or 4.35.")
@click.option(
    "--unit",
    "unit",
    metavar="NAME",
    help="Only items this unit leads or is responsible for (canonical name or alias, "
    "e.g. 市商务局; the no-lead rule applies).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)
def targets(source: str | None, item_ref: str | None, unit: str | None, fmt: str) -> None:
    """List the quantitative targets of SOURCE (default: the bundled plan).

    Columns: item, value (normalised: 1.2万 → 12000; percentages as written), unit
    (as written), comparator (at_least, about, exactly, at_most), kind, counted
    (what is counted) and text (the words of the item that state the target).

    Figures that could not be read are reported on stderr, never guessed.

    \b
    Examples:
      dutygraph targets
      dutygraph targets --item 2.204
      dutygraph targets --unit 市商务局 --format csv
    """
    from graph.errors import OptionError
    from graph.output import render
    from graph.parse.plan import parse_plan
    from graph.targets.extract import scan_item
    from graph.targets.tables import TARGET_COLUMNS, canonical_unit, item_has_unit, target_row

    plan = parse_plan(source)
    items = plan.items
    if item_ref is not None:
        items = [i for i in items if i.ref == item_ref]
        if not items:
            raise OptionError(f"no item {item_ref!r} in {plan.source}")
    if unit is not None:
        wanted = canonical_unit(unit)
        items = [i for i in items if item_has_unit(i, wanted)]
        if not items and not any(item_has_unit(i, wanted) for i in plan.items):
            raise OptionError(f"no item names the unit {unit!r} as lead or responsible")
    rows = []
    for it in items:
        scan = scan_item(it)
        for problem in scan.unreadable:
            click.echo(f"{plan.source}: warning: item {problem}", err=True)
        rows.extend(target_row(t) for t in scan.targets)
    click.echo(render(rows, TARGET_COLUMNS, fmt), nl=False)
