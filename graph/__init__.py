"""dutygraph: read Chinese government responsibility-decomposition plans into a
typed model, a knowledge graph and tables.

The public API is re-exported here lazily, so ``import graph`` stays cheap and the
command line starts fast; heavy libraries load only when a function needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "parse_plan": "graph.parse.plan",
    "parse_text": "graph.parse.plan",
    "bundled_plan_path": "graph.resources",
    "load_registry": "graph.units",
    "run_query": "graph.query_api",
    "list_queries": "graph.query_api",
    "open_store": "graph.store",
    "build": "graph.dataset",
    "DutygraphError": "graph.errors",
    "InputError": "graph.errors",
}

__all__ = [
    "DutygraphError",
    "InputError",
    "build",
    "bundled_plan_path",
    "list_queries",
    "open_store",
    "run_query",
    "load_registry",
    "parse_plan",
    "parse_text",
]

if TYPE_CHECKING:  # pragma: no cover
    from graph.dataset import build
    from graph.errors import DutygraphError, InputError
    from graph.parse.plan import parse_plan, parse_text
    from graph.query_api import list_queries, run_query
    from graph.resources import bundled_plan_path
    from graph.store import open_store
    from graph.units import load_registry


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
