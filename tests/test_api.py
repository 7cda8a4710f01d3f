"""The public API of ``import graph``: exactly these names, each one real, and cheap.

The list is written out so that adding or dropping a public name is a decision
made in review, not an accident of an import.
"""

from __future__ import annotations

import configparser
import dataclasses
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

import graph

REPO = Path(__file__).resolve().parents[1]

PUBLIC = [
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

FUNCTIONS = {
    "build": "graph.export.dataset",
    "bundled_plan_path": "graph.data",
    "list_queries": "graph.store.api",
    "load_registry": "graph.read.registry",
    "load_tables": "graph.analytics.frames",
    "open_store": "graph.store.local",
    "parse_plan": "graph.parse.plan",
    "parse_sources": "graph.parse.sources",
    "parse_text": "graph.parse.plan",
    "plan_assignments": "graph.derive.assignments",
    "plan_targets": "graph.targets.extract",
    "run_query": "graph.store.api",
}
ERRORS = ["DataError", "DutygraphError", "InputError", "OptionError"]


def test_all_is_exactly_the_public_names():
    assert graph.__all__ == PUBLIC
    assert PUBLIC == sorted(PUBLIC)


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_resolves(name):
    value = getattr(graph, name)
    assert value.__name__ == name
    assert value.__module__.startswith("graph.")


def test_functions_come_from_their_layers():
    for name, module in FUNCTIONS.items():
        value = getattr(graph, name)
        assert inspect.isfunction(inspect.unwrap(value)), name  # lru_cache too
        assert value.__module__ == module, name
        assert value.__doc__, f"{name} has no docstring"


def test_the_rest_are_dataclasses_or_errors():
    types = [name for name in PUBLIC if name not in FUNCTIONS]
    assert all(inspect.isclass(getattr(graph, name)) for name in types)
    assert [name for name in types if issubclass(getattr(graph, name), Exception)] == ERRORS
    assert [
        name
        for name in types
        if name not in ERRORS and not dataclasses.is_dataclass(getattr(graph, name))
    ] == []


def test_the_exception_tree():
    assert graph.DutygraphError.__bases__ == (Exception,)
    for name in ("DataError", "InputError", "OptionError"):
        assert getattr(graph, name).__bases__ == (graph.DutygraphError,)
    exit_codes = {name: getattr(graph, name).exit_code for name in ERRORS}
    assert exit_codes == {"DataError": 1, "DutygraphError": 1, "InputError": 2, "OptionError": 2}


def test_the_facade_gives_the_same_objects_as_the_modules():
    from graph.errors import InputError
    from graph.model.plan import Plan
    from graph.parse.plan import parse_plan

    assert graph.parse_plan is parse_plan
    assert graph.Plan is Plan
    assert graph.InputError is InputError


def test_unknown_names_are_attribute_errors():
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        graph.nothing_here  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'memory_store'"):
        graph.memory_store  # noqa: B018 - public in graph.store, not at the top


def test_dir_lists_the_public_names():
    assert set(PUBLIC) <= set(dir(graph))


def test_the_package_is_typed():
    """``py.typed`` marks the package as typed for users' type checkers (PEP 561),
    and a non-editable install must ship it."""
    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg", encoding="utf-8")
    assert (REPO / "graph" / "py.typed").is_file()
    assert config["options.package_data"]["graph"].split(",") == ["py.typed"]


def test_import_graph_loads_nothing_else():
    """``import graph`` loads the package alone: no library, not even its own layers."""
    code = (
        "import json, sys; before = set(sys.modules); import graph; "
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    loaded = json.loads(result.stdout)
    assert [name for name in loaded if name.split(".")[0] not in sys.stdlib_module_names] == [
        "graph"
    ]
    heavy = {"click", "pandas", "networkx", "rdflib", "pyoxigraph", "matplotlib", "opencc"}
    assert heavy & {name.split(".")[0] for name in loaded} == set()
