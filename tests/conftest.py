"""Shared fixtures: the bundled plan is parsed once per test session."""

from __future__ import annotations

import os
import re

import pytest

from graph.data import bundled_plan_path
from graph.parse.plan import parse_plan

# A pinyin reading as the web copy writes it: lower-case latin, with or without tone
# marks, in ASCII parentheses straight after a Chinese character. Written here
# independently of graph.read.pinyin, so renderings built with it test the parser.
READING = re.compile(r"(?<=[\u3400-\u9fff])\([a-z\u00fc\u00e0-\u01dc]{1,7}\)")


@pytest.fixture(scope="session", autouse=True)
def dutygraph_cache(tmp_path_factory):
    """The cache of built graphs (graph.store.cache) in a temporary folder, never the
    user's: one folder for the whole run, shared by the xdist workers (their base
    temporary folders are siblings), and inherited by the commands tests start."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / "dutygraph-cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DUTYGRAPH_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def plan():
    return parse_plan()


@pytest.fixture(scope="session")
def raw_text() -> str:
    """The bundled web copy exactly as shipped (UTF-8, Traditional, with pinyin)."""
    return bundled_plan_path().read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def raw_lines(raw_text: str) -> list[str]:
    return raw_text.split("\n")


@pytest.fixture(scope="session")
def built_dataset(plan, tmp_path_factory):
    """The bundled plan built once per session into a folder (all exports + catalog).

    Built from the session's parsed ``plan`` with the default options, exactly what
    ``dutygraph build`` writes; tests only read it.
    """
    from graph.export.dataset import write_dataset

    return write_dataset([plan], tmp_path_factory.mktemp("built") / "dutygraph-out")


@pytest.fixture(scope="session")
def graph_store():
    """The bundled plan in an in-memory Oxigraph store (data + ontology), built once
    per session, exactly as ``open_graph`` builds it for a command. Tests only read it.
    """
    from graph.store.local import memory_store

    return memory_store()


# The longest tests (from half a minute down to several seconds), started first: the
# xdist workers take tests in collection order, and one of these collected late would
# leave its worker running alone at the end of the suite.
LONG_FIRST = (
    "tests/docs/test_examples.py::test_shell_and_python_examples_run",
    "tests/remote/test_virtuoso.py::",
    "tests/rdf/test_shacl_reference.py::test_bundled_plan_agrees",
    "tests/cli/test_cache.py::test_a_damaged_entry_is_rebuilt",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next(
            (i for i, prefix in enumerate(LONG_FIRST) if item.nodeid.startswith(prefix)),
            len(LONG_FIRST),
        )

    items.sort(key=rank)  # stable: every other test keeps its place
