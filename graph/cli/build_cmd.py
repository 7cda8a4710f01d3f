"""``dutygraph build``, ``export`` and ``validate``: the plan as linked open data."""

from __future__ import annotations

import sys

import click

from graph.cli.excel import EXCEL, excel_bytes, table_format
from graph.rdf.namespaces import DEFAULT_BASE

# Paths are checked by the readers and writers, not by click, so that a directory
# given as a plan, or a file given as the output folder, gets the one-line
# ``PATH:LINE:COL: message`` every other unusable input gets.
SOURCES = click.argument("sources", nargs=-1, type=click.Path())
BASE_IRI = click.option(
    "--base-iri",
    "base",
    default=DEFAULT_BASE,
    show_default=True,
    help="Base IRI for the dataset's own IRIs (must end with '/' or '#').",
)


@click.command()
@SOURCES
@click.option(
    "--out",
    "-o",
    "out",
    default="dutygraph-out",
    show_default=True,
    type=click.Path(),
    help="Folder to write the dataset into.",
)
@BASE_IRI
@click.option(
    "--license",
    "license_iri",
    default=None,
    help="Licence IRI for the DCAT description (default: CC BY 4.0).",
)
@click.option(
    "--download-url",
    default=None,
    help="Where the files will be published (default: BASE-IRI/download/).",
)
@click.option(
    "--errata",
    multiple=True,
    type=click.Path(),
    help="Extra errata file; repeatable.",
)
def build(
    sources: tuple[str, ...],
    out: str,
    base: str,
    license_iri: str | None,
    download_url: str | None,
    errata: tuple[str, ...],
) -> None:
    """Build the RDF dataset from SOURCES (default: the bundled plan).

    Writes Turtle, N-Triples, JSON-LD (+ context), CSV tables (items, units,
    assignments, targets), the ontology and shapes, and a DCAT description (catalog.ttl).

    \b
    Examples:
      dutygraph build
      dutygraph build plan-2023.txt plan-2024.txt --out site/data --base-iri https://data.example.org/
    """
    from graph.export.dataset import build as run_build

    result = run_build(
        list(sources) or None,
        out,
        base=base,
        license_iri=license_iri,
        download_url=download_url,
        errata=errata,
    )
    items = sum(len(p.items) for p in result.plans)
    click.echo(
        f"built {len(result.plans)} plan(s), {items} items, {result.triples} triples into {result.out}/",
        err=True,
    )
    for name, size in result.files.items():
        click.echo(f"  {name:<18} {size:>9} bytes", err=True)


@click.command()
@SOURCES
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "nq", "jsonld", "csv", "xlsx"]),
    default="ttl",
    show_default=True,
    help="xlsx: the four tables as one workbook, a sheet each (needs -o FILE.xlsx).",
)
@click.option(
    "--table",
    type=click.Choice(["items", "units", "assignments", "targets"]),
    default="items",
    show_default=True,
    help="Which table, for --format csv.",
)
@click.option(
    "-o",
    "--output",
    "output",
    default=None,
    type=click.Path(),
    help="File to write (atomically); default stdout.",
)
@BASE_IRI
@EXCEL
def export(
    sources: tuple[str, ...], fmt: str, table: str, output: str | None, base: str, excel: bool
) -> None:
    """Export the graph of SOURCES (default: the bundled plan) in one format.

    \b
    Examples:
      dutygraph export --format ttl -o wuhan-2023.ttl
      dutygraph export --format csv --table assignments > assignments.csv
      dutygraph export --table assignments --excel > assignments.csv
      dutygraph export --format xlsx -o tables.xlsx
    """
    from pathlib import Path

    fmt = table_format(fmt, excel)
    if fmt == "xlsx" and not output:
        raise click.UsageError("--format xlsx writes a workbook: give -o FILE.xlsx")

    from graph.export.dataset import prepare_exports
    from graph.export.files import write_atomic
    from graph.parse.sources import parse_sources
    from graph.rdf.iris import check_base
    from graph.read.registry import load_registry

    check_base(base)
    target = Path(output) if output else None
    if target is not None and target.is_dir():
        from graph.errors import InputError

        raise InputError("is a folder, not a file", path=str(target))
    if target is not None and not target.parent.is_dir():  # fail before any work
        import errno
        import os

        from graph.errors import DataError

        reason = errno.ENOTDIR if target.parent.exists() else errno.ENOENT
        raise DataError(f"cannot write {target}: {os.strerror(reason)}: {target.parent}")
    plans = parse_sources(list(sources) or None)
    exports = prepare_exports(plans, base, load_registry())
    if fmt == "xlsx":
        from graph.export.xlsx import dataset_workbook

        data = dataset_workbook(exports.render)
    else:
        name = {
            "ttl": "dutygraph.ttl",
            "nt": "dutygraph.nt",
            "nq": "dutygraph.nq",
            "jsonld": "dutygraph.jsonld",
            "csv": f"{table}.csv",
        }[fmt]
        data = excel_bytes(exports.render(name), excel)
    if target is not None:
        write_atomic(target, data)
    else:
        sys.stdout.buffer.write(data)


@click.command()
@click.argument("file", required=False, type=click.Path())
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def validate(file: str | None, fmt: str) -> None:
    """Validate FILE (Turtle, N-Triples or JSON-LD) against the dutygraph SHACL shapes.

    With no FILE, the bundled plan is built in memory and validated. Exit 1 when
    the data does not conform.
    """
    import json

    from graph.rdf.validate import validate_file, validate_graph

    if file:
        report = validate_file(file)
    else:
        from graph.export.dataset import prepare_exports
        from graph.parse.sources import parse_sources
        from graph.read.registry import load_registry

        exports = prepare_exports(parse_sources(None), DEFAULT_BASE, load_registry())
        report = validate_graph(exports.render("dutygraph.nt"))
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "conforms": report.conforms,
                    "triples": report.triples,
                    "violations": [v.__dict__ for v in report.violations],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        click.echo(report.text(), nl=False)
    if not report.conforms:
        sys.exit(1)
