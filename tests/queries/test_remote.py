"""A real Oxigraph server: push the dataset with the Graph Store Protocol, then every
named query must answer exactly as the embedded store does.

The server (PyPI package ``oxigraph``, installed by the test extras) is started once
per session on 127.0.0.1 and a free port, with its data in a temporary folder, and
stopped at the end. ``push`` sends each named graph of the store to the graph of the
same name; the server runs with ``--union-default-graph``, so that queries see the
union of its graphs as the embedded store's queries do.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.errors import DataError
from graph.store.library import library, parse_query_file
from graph.store.sparql import select
from tests.queries.conftest import invoke
from tests.queries.test_params import ECHO, HOSTILE

NAMED_GRAPH = "https://example.org/graph/wuhan-2023"


def oxigraph_executable() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.exists():
        return str(beside)
    return shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph serve did not answer on {url} within {seconds:g} s")


@contextlib.contextmanager
def running_oxigraph(folder: Path) -> Iterator[str]:
    """An Oxigraph server on a free loopback port, its data and log in ``folder``,
    stopped on exit; yields its base URL. Skips when the executable is missing."""
    executable = oxigraph_executable()
    if executable is None:
        pytest.skip("the oxigraph server executable is not installed (pip install '.[test]')")
    port = free_port()
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [
            executable,
            "serve",
            "--location",
            str(folder / "data"),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/query?query=ASK%7B%7D", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Base URL of a running Oxigraph server holding nothing yet."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


@pytest.fixture(scope="session")
def endpoint(server) -> str:
    """The query endpoint, after ``dutygraph push --replace`` of the bundled plan."""
    result = invoke("push", "--endpoint", f"{server}/store", "--replace")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("pushed ") and f"{server}/store" in result.stderr
    return f"{server}/query"


def remote(endpoint: str, name: str, **params) -> list[dict]:
    return select(library()[name], params, endpoint=endpoint, timeout=60).records()


def embedded(store, name: str, **params) -> list[dict]:
    return select(library()[name], params, store=store).records()


COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def graph_sizes(store) -> dict[str, int]:
    """Quads per named graph of the embedded store, counted without SPARQL."""
    sizes: dict[str, int] = {}
    for quad in store:
        sizes[quad.graph_name.value] = sizes.get(quad.graph_name.value, 0) + 1
    return sizes


def server_sizes(endpoint: str) -> dict[str, int]:
    rows = select(parse_query_file(PER_GRAPH, "per-graph"), endpoint=endpoint).records()
    return {row["g"]: row["n"] for row in rows}


def test_push_sends_every_graph(endpoint, store):
    assert server_sizes(endpoint) == graph_sizes(store)


@pytest.mark.parametrize("name", sorted(library()))
def test_every_named_query_answers_as_embedded(endpoint, store, name):
    here = embedded(store, name)
    there = remote(endpoint, name)
    assert there == here


# Named queries with parameters other than their defaults, asked of every endpoint.
NON_DEFAULT = [
    ("unit-load", {"expand": "true"}),
    ("unit-pairs", {"min": "10", "expand": "true"}),
    ("unit-items", {"unit": "市文明办"}),
    ("unit-items", {"unit": "新洲区人民政府", "expand": "false"}),
    ("group-items", {"group": "各新城区人民政府"}),
    ("keyword-items", {"keyword": "轨道交通"}),
    ("keyword-items", {"keyword": "专精特新“小巨人”"}),
]


@pytest.mark.parametrize(("name", "params"), NON_DEFAULT)
def test_non_default_params_answer_as_embedded(endpoint, store, name, params):
    here = embedded(store, name, **params)
    assert here, "a case that finds nothing proves little"
    assert remote(endpoint, name, **params) == here


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_stay_literal_remotely(endpoint, value):
    assert remote(endpoint, "keyword-items", keyword=value) == []
    echo = select(parse_query_file(ECHO, "echo"), {"v": value}, endpoint=endpoint)
    if value == "<urn:x>":
        assert echo.records() == [{"x": "urn:x"}]  # <…> is an IRI for a header-less query
    else:
        assert echo.records() == [{"x": value}]


def test_cli_against_the_endpoint(endpoint, store, fast_cli):
    args = ("query", "unit-pairs", "-p", "min=15", "--format", "csv")
    there = invoke(*args, "--endpoint", endpoint, "--timeout", "60")
    assert there.exit_code == 0, there.output
    here = fast_cli(*args)
    assert there.stdout == here.stdout
    assert there.stdout.splitlines()[1] == "市发改委,市经信局,34"


def test_push_to_a_named_graph_and_query_it(server, endpoint, store):
    """``--graph`` puts every graph of the store into one; queried as the default
    graph, it answers as the embedded store."""
    result = invoke("push", "--endpoint", f"{server}/store", "--graph", NAMED_GRAPH, "--replace")
    assert result.exit_code == 0, result.output
    assert f"graph {NAMED_GRAPH}" in result.stderr
    try:
        for name in ("plan-metadata", "unit-load", "district-load"):
            answer = select(library()[name], endpoint=endpoint, graph=NAMED_GRAPH).records()
            assert answer == embedded(store, name)
        cli = invoke("query", "reporting-duties", "--endpoint", endpoint, "--graph", NAMED_GRAPH)
        assert cli.exit_code == 0 and "2023-10-20" in cli.stdout
        empty = select(library()["plan-metadata"], endpoint=endpoint, graph="urn:x:nothing-here")
        assert empty.records() == []
        count = select(parse_query_file(COUNT_ALL, "count"), endpoint=endpoint, graph=NAMED_GRAPH)
        assert count.records() == [{"n": len({quad.triple for quad in store})}]
        # the store's own graphs are untouched
        sizes = server_sizes(endpoint)
        assert sizes.pop(NAMED_GRAPH) == len({quad.triple for quad in store})
        assert sizes == graph_sizes(store)
    finally:  # the other tests query the union of the server's graphs
        httpx.delete(f"{server}/store", params={"graph": NAMED_GRAPH}, timeout=30)
    assert NAMED_GRAPH not in server_sizes(endpoint)


def test_several_graphs_are_merged_as_the_default_graph(endpoint, store):
    """``--graph`` repeated: the merge of those graphs is what the query sees."""
    graphs = sorted(graph_sizes(store))
    for name in ("unit-load", "plan-metadata"):
        assert select(library()[name], endpoint=endpoint, graph=graphs).records() == embedded(
            store, name
        )
    args = [arg for g in graphs for arg in ("--graph", g)]
    cli = invoke(
        "query", "unit-pairs", "-p", "min=15", "--format", "csv", "--endpoint", endpoint, *args
    )
    assert cli.exit_code == 0, cli.output
    assert cli.stdout.splitlines()[1] == "市发改委,市经信局,34"


def test_replace_does_not_duplicate(server, endpoint, store):
    again = invoke("push", "--endpoint", f"{server}/store", "--replace")
    assert again.exit_code == 0, again.output
    assert server_sizes(endpoint) == graph_sizes(store)


def test_update_remotely_needs_allow_update(server, tmp_path):
    graph = "urn:x:scratch"
    path = tmp_path / "insert.rq"
    path.write_text(f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:x:s> <urn:x:p> 1 }} }}", "utf-8")
    refused = invoke("query", str(path), "--endpoint", f"{server}/update")
    assert refused.exit_code == 2 and "--allow-update" in refused.stderr
    done = invoke("query", str(path), "--endpoint", f"{server}/update", "--allow-update")
    assert done.exit_code == 0, done.output
    count = invoke(
        "query", "-", "--endpoint", f"{server}/query", "--graph", graph, "--format", "csv",
        input=COUNT_ALL,
    )  # fmt: skip
    assert count.stdout.splitlines() == ["n", "1"]


def test_unreachable_endpoint_is_one_line():
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(DataError, match="cannot reach"):
        select(library()["plan-metadata"], endpoint=url, timeout=5)
    result = invoke("query", "plan-metadata", "--endpoint", url, "--timeout", "5")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"dutygraph: error: cannot reach {url}")
