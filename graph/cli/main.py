"""The ``dutygraph`` command: a thin click layer over the Python API.

Data goes to stdout, messages to stderr. Exit codes: 0 ok, 1 runtime or data
error, 2 usage error or unusable input. Our own exceptions become one-line
messages here and nowhere else; heavy libraries are imported inside commands.
"""

from __future__ import annotations

import sys

import click

from graph import __version__
from graph.errors import DutygraphError


class DutygraphGroup(click.Group):
    """Turns our exceptions into one clean line on stderr with the right exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DutygraphError as exc:
            click.echo(f"dutygraph: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:  # e.g. `dutygraph parse | head`
            sys.stderr.close()
            sys.exit(0)


@click.group(cls=DutygraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dutygraph")
def cli() -> None:
    """Read government responsibility-decomposition plans (目标任务责任分解方案)
    into a typed model, a knowledge graph and tables.

    With no SOURCE, commands read the bundled plan: Wuhan 2023 (武政办〔2023〕1号).
    """


def _register() -> None:
    from graph.cli import (
        analytics_cmd,
        build_cmd,
        parse_cmd,
        query_cmd,
        targets_cmd,
        units_cmd,
        views_cmd,
    )

    cli.add_command(parse_cmd.parse)
    cli.add_command(units_cmd.units)
    cli.add_command(build_cmd.build)
    cli.add_command(build_cmd.export)
    cli.add_command(build_cmd.validate)
    cli.add_command(targets_cmd.targets)
    cli.add_command(query_cmd.queries)
    cli.add_command(query_cmd.query)
    cli.add_command(query_cmd.push)
    for command in (
        analytics_cmd.load,
        analytics_cmd.overlaps,
        analytics_cmd.structure,
        analytics_cmd.network,
        analytics_cmd.show,
    ):
        cli.add_command(command)
    for command in (views_cmd.viz, views_cmd.chart, views_cmd.report):
        cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="dutygraph")
