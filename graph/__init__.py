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
    "bundled_plan_path": "graph.data",
    "load_registry": "graph.read.registry",
    "run_query": "graph.store.api",
    "list_queries": "graph.store.api",
    "open_store": "graph.store.local",
    "build": "graph.export.dataset",
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
    from graph.data import bundled_plan_path
    from graph.errors import DutygraphError, InputError
    from graph.export.dataset import build
    from graph.parse.plan import parse_plan, parse_text
    from graph.read.registry import load_registry
    from graph.store.api import list_queries, run_query
    from graph.store.local import open_store


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
