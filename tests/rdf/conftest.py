"""Session fixtures for the RDF tests: one build, one store, one SHACL validation.

The dataset itself (``built_dataset``) and the parsed ``plan`` come from the
top-level conftest; everything here only reads the built files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from graph.cli.main import cli
from graph.rdf.namespaces import DEFAULT_BASE
from graph.read.registry import load_registry

BASE = DEFAULT_BASE
PLAN = f"{BASE}plan/wuhan-2023"


def item_iri(ref: str) -> str:
    return f"{PLAN}/item/{ref}"


@pytest.fixture(scope="session")
def out(built_dataset) -> Path:
    return built_dataset.out


@pytest.fixture(scope="session")
def files(out: Path) -> dict[str, bytes]:
    """Every file of the build, by name, as written."""
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


@pytest.fixture(scope="session")
def store(files: dict[str, bytes]) -> ox.Store:
    """The data graph (from the Turtle export) in an Oxigraph store, for SPARQL."""
    store = ox.Store()
    store.load(files["dutygraph.ttl"], format=ox.RdfFormat.TURTLE)
    return store


@pytest.fixture(scope="session")
def catalog(files: dict[str, bytes]) -> rdflib.Graph:
    return rdflib.Graph().parse(data=files["catalog.ttl"].decode("utf-8"), format="turtle")


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture(scope="session")
def validation(out: Path) -> tuple[int, dict]:
    """``dutygraph validate --format json`` on the built Turtle, run once (about 13 s)."""
    result = CliRunner().invoke(cli, ["validate", str(out / "dutygraph.ttl"), "--format", "json"])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, json.loads(result.stdout)
