"""Run named queries from Python: answers as pandas DataFrames.

>>> from graph import run_query
>>> run_query("unit-load", {"expand": "true"}).head(3)    # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph.store.library import NamedQuery, library, resolve


def run_query(
    query: str | NamedQuery,
    params: dict[str, Any] | None = None,
    *,
    sources: Sequence[str | Path] | None = None,
    store: Any = None,
    endpoint: str | None = None,
    graph: str | None = None,
    timeout: float | None = None,
):
    """Run a named query (or a query file, or a ``NamedQuery``) and return a DataFrame.

    ``store`` is a pyoxigraph ``Store`` or a folder holding a persisted store; with
    neither ``store`` nor ``endpoint`` the ``sources`` (default: the bundled plan)
    are built into an in-memory store. Columns follow the query's SELECT and are
    typed: integers as ``Int64``, decimals as ``Float64``, booleans as ``boolean``,
    dates as ``datetime.date``, IRIs and text as strings.
    """
    from graph.store.sparql import frame, select

    named = query if isinstance(query, NamedQuery) else resolve(query)
    values = {k: _text(v) for k, v in (params or {}).items()}
    if endpoint is None and not hasattr(store, "query"):
        from graph.store.local import open_store

        store = open_store(sources, store)
    return frame(
        select(named, values, store=store, endpoint=endpoint, graph=graph, timeout=timeout)
    )


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def list_queries() -> list[NamedQuery]:
    """The shipped named queries, by name."""
    return [library()[name] for name in sorted(library())]
