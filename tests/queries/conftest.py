"""Fixtures for the named-query tests.

``store`` is the bundled plan in an in-memory Oxigraph store, built once per session
with ``graph.store.memory_store`` (the top-level ``graph_store`` fixture, so the whole
test session builds it once). ``model`` is the same plan as the parsed Python model
with its assignments: expectations are computed from it independently of RDF and
SPARQL, and a few are also written out by hand from the plan text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
from click.testing import CliRunner

from graph.cli.main import cli
from graph.derive.assignments import Assignment, plan_assignments
from graph.model import Plan
from graph.model.units import Registry
from graph.read.registry import load_registry
from graph.store.library import library
from graph.store.sparql import select
from tests.conftest import READING


@pytest.fixture(scope="session")
def store(graph_store):
    """The bundled plan (data + ontology) in an in-memory store; tests only read it."""
    return graph_store


def ref_key(ref: str) -> tuple[int, int]:
    part, number = ref.split(".")
    return int(part), int(number)


@dataclass
class Model:
    """The parsed plan, its registry and its assignments, with small helpers."""

    plan: Plan
    registry: Registry
    assignments: list[Assignment]
    by_unit: dict[str, list[Assignment]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_unit: dict[str, list[Assignment]] = defaultdict(list)
        for a in self.assignments:
            by_unit[a.unit].append(a)
        self.by_unit = dict(by_unit)

    def enumerated_group(self, name: str) -> bool:
        unit = self.registry.get(name)
        return unit.is_group and unit.enumerated

    def item(self, ref: str):
        return self.plan.item(ref)


@pytest.fixture(scope="session")
def model(plan) -> Model:
    registry = load_registry()
    return Model(plan, registry, plan_assignments(plan, registry))


def run(store, name: str, **params) -> list[dict]:
    """A named query's answer as records (plain Python values, SELECT order)."""
    return select(library()[name], {k: _text(v) for k, v in params.items()}, store=store).records()


def rows(store, name: str, *columns: str, **params) -> list[tuple]:
    """A named query's answer as tuples of the given columns, in the query's order."""
    return [tuple(r[c] for c in columns) for r in run(store, name, **params)]


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def invoke(*args: str, input: str | None = None):
    """``dutygraph ARGS`` in-process; never a traceback."""
    result = CliRunner().invoke(cli, list(args), input=input)
    assert "Traceback" not in result.output, result.output
    return result


@pytest.fixture
def fast_cli(monkeypatch, store):
    """``dutygraph query``/``push`` reading the session store instead of rebuilding the
    bundled plan for every call (the tests using it are about parameters and errors,
    not about building). Updates never run against it."""
    import graph.cli.query_cmd as query_cmd

    monkeypatch.setattr(query_cmd, "open_graph", lambda sources, store_dir: store)
    return invoke


@pytest.fixture(scope="session")
def clauses(raw_lines) -> dict[int, str]:
    """Each line's unit clause, read straight from the raw web copy (Traditional, pinyin
    readings removed) with one regular expression: a hand-check independent of the
    parser. From the first 牽頭單位/責任單位 to the closing parenthesis."""
    clause = re.compile(r"((?:牽頭單位|責任單位)[^()]*(?:〈[^〉]*〉[^()]*)*)\)\s*$")
    out = {}
    for number, line in enumerate(raw_lines, start=1):
        match = clause.search(READING.sub("", line))
        if match:
            out[number] = match.group(1)
    return out
