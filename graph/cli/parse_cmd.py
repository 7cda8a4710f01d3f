"""``dutygraph parse``: the plan as JSON, CSV or a table, or a coverage report."""

from __future__ import annotations

import json
import sys

import click

from graph.cli.excel import EXCEL, emit, table_format
from graph.cli.terminal import say
from graph.export.render import render


@click.command()
# Paths are checked by the reader, not by click, so that a missing file or a
# directory gets the same one-line ``PATH:LINE:COL: message`` as any unusable input.
@click.argument("source", required=False, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "table"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--errata",
    "errata",
    multiple=True,
    type=click.Path(),
    help="Extra errata file (TOML) to apply after normalisation; repeatable.",
)
@click.option(
    "--layout",
    type=click.Choice(["inline", "role-lines", "table", "flat-table"]),
    default=None,
    help="Read the plan in this layout instead of detecting it.",
)
@click.option(
    "--input-format",
    "input_format",
    type=click.Choice(["text", "html", "docx", "xlsx", "csv", "pdf"]),
    default=None,
    help="Read SOURCE as this format instead of detecting it from its content.",
)
@click.option(
    "--units",
    "units_file",
    type=click.Path(),
    default=None,
    help="Unit registry (TOML, the layout of graph/data/units.toml) for the plan's jurisdiction.",
)
@click.option(
    "--report",
    is_flag=True,
    help="Print line counts per class and every warning instead of the items.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when the plan has problems (unknown units, damaged or unparsed lines).",
)
@EXCEL
def parse(
    source: str | None,
    fmt: str,
    errata: tuple[str, ...],
    layout: str | None,
    input_format: str | None,
    units_file: str | None,
    report: bool,
    strict: bool,
    excel: bool,
) -> None:
    """Parse SOURCE (default: the bundled plan) into items with their units.

    \b
    Examples:
      dutygraph parse --report
      dutygraph parse --format json > plan.json
      dutygraph parse my-plan.txt --errata my-plan.errata.toml --format csv
      dutygraph parse plan.xlsx --units our-city.toml --report
      dutygraph parse plan.html --layout role-lines
    """
    from graph.parse.plan import PROBLEMS, parse_plan
    from graph.parse.serialise import ITEM_COLUMNS, item_dict, plan_json, report_dict, report_text
    from graph.read.registry import user_registry

    fmt = table_format(fmt, excel)
    registry = user_registry(units_file)
    plan = parse_plan(
        source, errata=list(errata), layout=layout, format=input_format, registry=registry
    )
    problems = [n for n in plan.notices if n.kind in PROBLEMS]
    for notice in problems:
        say(
            f"{plan.source}:{notice.line}:{notice.column}: warning: {notice.kind}: {notice.message}"
        )
    if report:
        if fmt == "json":
            click.echo(json.dumps(report_dict(plan, registry), ensure_ascii=False, indent=2))
        else:
            click.echo(report_text(plan, registry), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(plan_json(plan), ensure_ascii=False, indent=2))
    else:
        rows = [item_dict(i) for i in plan.items]
        for row in rows:  # a CSV cell holds the sub-assignments as JSON, not Python reprs
            row["subassignments"] = (
                json.dumps(row["subassignments"], ensure_ascii=False)
                if row["subassignments"]
                else ""
            )
        columns = ITEM_COLUMNS if fmt == "csv" else ("ref", "effective_lead", "responsible", "text")
        emit(render(rows, columns, fmt), excel)
    if strict and problems:
        sys.exit(1)
