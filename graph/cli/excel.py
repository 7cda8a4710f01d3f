"""``--excel``: one option for every command that prints CSV.

Excel on a Chinese Windows reads a CSV file without a byte-order mark as GBK and
shows mojibake; with ``--excel`` the CSV is written as Excel reads it (UTF-8 with
a BOM, CRLF line ends: :func:`graph.export.xlsx.excel_csv`). The option implies
``--format csv``; asked together with another format it is a usage error.
"""

from __future__ import annotations

import sys

import click

EXCEL = click.option(
    "--excel",
    is_flag=True,
    default=False,
    help="CSV for Excel: UTF-8 with a byte-order mark and CRLF line ends (implies --format csv).",
)


def table_format(fmt: str, excel: bool, *, param: str = "fmt", csv: str = "csv") -> str:
    """The format to render in: ``csv`` with ``--excel`` (an explicit other format is
    a usage error), else ``fmt``."""
    if not excel:
        return fmt
    ctx = click.get_current_context()
    source = ctx.get_parameter_source(param)
    if fmt not in (csv, "tsv") and source not in (
        click.core.ParameterSource.DEFAULT,
        click.core.ParameterSource.DEFAULT_MAP,
    ):
        raise click.UsageError(f"--excel writes CSV; it cannot go with --format {fmt}")
    return csv


def emit(text: str, excel: bool) -> None:
    """Print ``text`` (what the command renders): as it is, or as Excel's CSV."""
    if not excel:
        click.echo(text, nl=False)
        return
    from graph.export.xlsx import excel_csv

    sys.stdout.flush()
    sys.stdout.buffer.write(excel_csv(text))
    sys.stdout.buffer.flush()


def excel_bytes(data: bytes, excel: bool) -> bytes:
    """A CSV file's bytes as Excel reads them (with ``--excel``), else unchanged."""
    if not excel:
        return data
    from graph.export.xlsx import excel_csv

    return excel_csv(data)
