"""dutygraph: read Chinese government responsibility-decomposition plans into a
typed model, a knowledge graph and tables.

The public API is re-exported here lazily, so ``import graph`` stays cheap and the
command line starts fast; heavy libraries load only when a function needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> the module that defines it. Everything a user needs to go from a plan
# file to a model, a graph, query answers and tables, plus every type those functions
# take or return (and the types of those types' fields), and our exception tree.
_EXPORTS = {
    # functions, in pipeline order
    "bundled_plan_path": "graph.data",
    "load_registry": "graph.read.registry",
    "parse_plan": "graph.parse.plan",
    "parse_text": "graph.parse.plan",
    "parse_sources": "graph.parse.sources",
    "plan_assignments": "graph.derive.assignments",
    "plan_targets": "graph.targets.extract",
    "open_store": "graph.store.local",
    "run_query": "graph.store.api",
    "list_queries": "graph.store.api",
    "load_tables": "graph.analytics.frames",
    "build": "graph.export.dataset",
    # the model
    "Plan": "graph.model.plan",
    "Part": "graph.model.plan",
    "Section": "graph.model.plan",
    "Theme": "graph.model.plan",
    "Item": "graph.model.plan",
    "SubAssignment": "graph.model.plan",
    "UnitMention": "graph.model.plan",
    "ReportingDuty": "graph.model.plan",
    "GroupDefinition": "graph.model.plan",
    "SourceLine": "graph.model.plan",
    "Notice": "graph.model.plan",
    "Unit": "graph.model.units",
    "Registry": "graph.model.units",
    "Target": "graph.model.targets",
    "Assignment": "graph.derive.assignments",
    # what the functions return beyond the model
    "NamedQuery": "graph.store.library",
    "Param": "graph.store.library",
    "Tables": "graph.analytics.frames",
    "BuildResult": "graph.export.dataset",
    # errors
    "DutygraphError": "graph.errors",
    "InputError": "graph.errors",
    "DataError": "graph.errors",
    "OptionError": "graph.errors",
}

__all__ = [
    "Assignment",
    "BuildResult",
    "DataError",
    "DutygraphError",
    "GroupDefinition",
    "InputError",
    "Item",
    "NamedQuery",
    "Notice",
    "OptionError",
    "Param",
    "Part",
    "Plan",
    "Registry",
    "ReportingDuty",
    "Section",
    "SourceLine",
    "SubAssignment",
    "Tables",
    "Target",
    "Theme",
    "Unit",
    "UnitMention",
    "build",
    "bundled_plan_path",
    "list_queries",
    "load_registry",
    "load_tables",
    "open_store",
    "parse_plan",
    "parse_sources",
    "parse_text",
    "plan_assignments",
    "plan_targets",
    "run_query",
]

if TYPE_CHECKING:  # pragma: no cover
    from graph.analytics.frames import Tables, load_tables
    from graph.data import bundled_plan_path
    from graph.derive.assignments import Assignment, plan_assignments
    from graph.errors import DataError, DutygraphError, InputError, OptionError
    from graph.export.dataset import BuildResult, build
    from graph.model.plan import (
        GroupDefinition,
        Item,
        Notice,
        Part,
        Plan,
        ReportingDuty,
        Section,
        SourceLine,
        SubAssignment,
        Theme,
        UnitMention,
    )
    from graph.model.targets import Target
    from graph.model.units import Registry, Unit
    from graph.parse.plan import parse_plan, parse_text
    from graph.parse.sources import parse_sources
    from graph.read.registry import load_registry
    from graph.store.api import list_queries, run_query
    from graph.store.library import NamedQuery, Param
    from graph.store.local import open_store
    from graph.targets.extract import plan_targets


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562), then keep the name here."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
