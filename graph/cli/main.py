"""The ``dutygraph`` command: a thin click layer over the Python API.

Data goes to stdout, messages to stderr. Exit codes: 0 ok, 1 runtime or data
error, 2 usage error or unusable input. Our own exceptions, and click's usage
errors, become one-line messages here and nowhere else, escaped for the terminal
(:mod:`graph.cli.terminal`, which also makes the streams UTF-8); heavy libraries
are imported inside commands.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from graph import __version__
from graph.cli.terminal import configure_streams, escape
from graph.errors import DutygraphError


def fail(message: str, exit_code: int) -> NoReturn:
    """Print ``dutygraph: error: MESSAGE`` as one escaped line and exit."""
    click.echo(f"dutygraph: error: {escape(message, one_line=True)}", err=True)
    sys.exit(exit_code)


def _click_error(exc: click.ClickException) -> NoReturn:
    """click's own errors (a bad option value, an unknown command) in our one-line
    form, naming the help to read instead of printing the usage block."""
    message = exc.format_message()
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        message += f" (see '{ctx.command_path} --help')"
    fail(message, exc.exit_code)


def _handled(exc: click.ClickException) -> bool:
    # ``dutygraph`` alone prints the help: that is an answer, not an error.
    return not isinstance(exc, getattr(click.exceptions, "NoArgsIsHelpError", ()))


class DutygraphGroup(click.Group):
    """Turns every error into one clean line on stderr with the right exit code:
    ours (:class:`DutygraphError`) and click's (usage errors), escaped so that a
    file name or a server's message cannot drive the terminal."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.ClickException as exc:
            if not _handled(exc):
                raise
            _click_error(exc)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DutygraphError as exc:
            fail(str(exc), exc.exit_code)
        except click.ClickException as exc:
            if not _handled(exc):
                raise
            _click_error(exc)
        except BrokenPipeError:  # e.g. `dutygraph parse | head`
            sys.stderr.close()
            sys.exit(0)


# ``color``: click would strip ANSI sequences from what it prints to a pipe, which
# changes data (a CSV cell holding ESC[…); terminal.escape shows them on terminals.
@click.group(
    cls=DutygraphGroup,
    context_settings={"help_option_names": ["-h", "--help"], "color": True},
)
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
        compare_cmd,
        corpus_cmd,
        parse_cmd,
        query_cmd,
        serve_cmd,
        targets_cmd,
        units_cmd,
        views_cmd,
    )

    cli.add_command(parse_cmd.parse)
    cli.add_command(units_cmd.units)
    cli.add_command(build_cmd.build)
    cli.add_command(build_cmd.export)
    cli.add_command(build_cmd.validate)
    cli.add_command(corpus_cmd.add)
    cli.add_command(corpus_cmd.remove)
    cli.add_command(corpus_cmd.plans)
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
    cli.add_command(serve_cmd.serve)
    cli.add_command(compare_cmd.compare)


_register()


def main() -> None:
    """The ``dutygraph`` entry point: UTF-8, escaped streams first, then the command."""
    configure_streams()
    cli(prog_name="dutygraph")
