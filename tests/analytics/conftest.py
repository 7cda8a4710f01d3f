"""Fixtures for the analytics tests: one store and one set of tables per session.

``graph_store`` (tests/conftest.py) is the bundled plan in an in-memory Oxigraph
store, built once; ``tables`` runs the table queries on it once. Tests only read
both (the analytics cache what they derive on the Tables object).
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def tables(graph_store):
    from graph.analytics.frames import load_tables

    return load_tables(graph_store)


@pytest.fixture(scope="session")
def registry():
    from graph.read.registry import load_registry

    return load_registry()


@pytest.fixture(scope="session")
def sparql(graph_store):
    """Run a named query on the session store: ``sparql("unit-load", expand="true")``
    gives its rows as dicts of plain Python values."""
    from graph.store.library import library
    from graph.store.sparql import select

    queries = library()

    def run(name: str, **params: str) -> list[dict]:
        return select(queries[name], params, store=graph_store).records()

    return run


@pytest.fixture(scope="session")
def model(plan, registry):
    """The parsed model's view of who is on what, computed without the store."""
    from tests.analytics.model import Model

    return Model(plan, registry)
