"""The input options every graph-reading command shares.

``SOURCE...`` plan files (default: the bundled plan), or ``--store DIR`` for a store
persisted earlier (built there from SOURCE... or the bundled plan if DIR is new).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click


def graph_inputs(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``SOURCE...`` and ``--store DIR`` to a command (as ``sources``, ``store``)."""
    command = click.option(
        "--store",
        "store",
        default=None,
        type=click.Path(file_okay=False),
        help="Oxigraph store folder: opened if it holds a store, else built there first.",
    )(command)
    command = click.argument("sources", nargs=-1, type=click.Path())(command)
    return command


def open_graph(sources: tuple[str, ...], store: str | None):
    """The pyoxigraph store for these options."""
    from graph.store.local import open_store

    return open_store(list(sources) or None, store)


EXPAND_GROUPS = click.option(
    "--expand-groups/--no-expand-groups",
    "expand",
    default=False,
    show_default=True,
    help="Count an item given to a group for each of its members.",
)


def open_tables(sources: tuple[str, ...], store: str | None):
    """The analytics tables (graph.analytics.frames.Tables) for these options."""
    from graph.analytics.frames import load_tables

    return load_tables(open_graph(sources, store))
