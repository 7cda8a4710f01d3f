"""``dutygraph units``: the units a plan names, and a registry skeleton for the new ones."""

from __future__ import annotations

import click


@click.command()
@click.argument("source", required=False, type=click.Path())
@click.option(
    "--suggest",
    is_flag=True,
    help="Print a registry skeleton (TOML) for the units the registry does not know.",
)
@click.option(
    "--units",
    "units_file",
    type=click.Path(),
    default=None,
    help="Unit registry (TOML) for the plan's jurisdiction.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "markdown"]),
    default="table",
    show_default=True,
    help="Output format of the unit list.",
)
@click.option("-o", "--output", type=click.Path(), default=None, help="Write to FILE, not stdout.")
def units(
    source: str | None, suggest: bool, units_file: str | None, fmt: str, output: str | None
) -> None:
    """The units SOURCE (default: the bundled plan) names, with their roles and whether
    the registry of the plan's jurisdiction knows them.

    \b
    Examples:
      dutygraph units other-city.txt
      dutygraph units other-city.txt --suggest > other-city.units.toml
      dutygraph parse other-city.txt --units other-city.units.toml
    """
    from graph.export.render import render
    from graph.export.units import registry_skeleton, unit_rows
    from graph.parse.plan import parse_plan
    from graph.read.registry import user_registry

    plan = parse_plan(source, registry=user_registry(units_file))
    registry = plan.registry
    assert registry is not None  # the parser always records the registry it used
    if suggest:
        text = registry_skeleton(plan, registry)
    else:
        rows = unit_rows(plan, registry)
        columns = (
            "name",
            "written",
            "registered",
            "kind",
            "lead",
            "responsible",
            "cooperating",
            "items",
        )
        text = render(rows, columns, fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    from pathlib import Path

    from graph.export.files import write_atomic

    write_atomic(Path(output), text.encode("utf-8"))
    click.echo(f"wrote {output}", err=True)
