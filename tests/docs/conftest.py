"""Load the docs and notebook tools (plain scripts, not a package) as modules."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load(relative: str, name: str):
    """Import ``ROOT/relative`` as module ``name`` (once per session)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def generate():
    return load("docs/generate.py", "dutygraph_docs_generate")


@pytest.fixture(scope="session")
def examples():
    return load("docs/examples.py", "dutygraph_docs_examples")


@pytest.fixture(scope="session")
def notebook_sync():
    return load("notebooks/sync.py", "dutygraph_notebooks_sync")
