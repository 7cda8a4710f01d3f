"""Fixtures for ``dutygraph serve``: the app on real uvicorn servers, each on a free
127.0.0.1 port in a thread of the test process, stopped at the end of its scope.

``served`` serves the session's store of the bundled plan with the default limits;
``tight`` serves the same store with a one-second timeout and a 100-row cap;
``hostile`` serves a copy of the bundled plan whose item 2.9 and one unit name are
markup. Every server is stopped (and its thread joined) however its tests end.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.views.conftest import write_hostile_plan


@dataclass
class Served:
    url: str  # http://127.0.0.1:PORT (no trailing slash)
    app: Any
    store: Any

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


@contextlib.contextmanager
def serving(store: Any, **settings: Any) -> Iterator[Served]:
    """Run the app for ``store`` on a free loopback port until the block ends."""
    import uvicorn

    from graph.serve.app import create_app
    from graph.serve.site import Settings

    app = create_app(store, settings=Settings(**settings))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="error", timeout_graceful_shutdown=2))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield Served(f"http://127.0.0.1:{port}", app, store)
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()
        assert not thread.is_alive(), "the test server did not stop"


@pytest.fixture(scope="session")
def served(graph_store) -> Iterator[Served]:
    with serving(graph_store) as running:
        yield running


@pytest.fixture(scope="session")
def tight(graph_store) -> Iterator[Served]:
    with serving(graph_store, timeout=1.0, max_rows=100) as running:
        yield running


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory):
    """The bundled plan with item 2.9's text and one unit's name made markup."""
    from graph.store.local import memory_store

    path = write_hostile_plan(tmp_path_factory.mktemp("hostile"))
    return memory_store([path])


@pytest.fixture(scope="session")
def hostile(hostile_store) -> Iterator[Served]:
    with serving(hostile_store) as running:
        yield running


@pytest.fixture(scope="session")
def client(served):
    import httpx

    with httpx.Client(base_url=served.url, timeout=60) as http:
        yield http


def unit_iri(store: Any, name: str) -> str:
    """The IRI of the unit whose skos:prefLabel is ``name`` (read from the store, so
    the IRI layout is not assumed)."""
    import pyoxigraph as ox

    pref = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    found = sorted(
        q.subject.value
        for q in store.quads_for_pattern(None, pref, None)
        if isinstance(q.object, ox.Literal) and q.object.value == name
    )
    assert found, name
    return found[0]


def item_iri(store: Any, ref: str) -> str:
    import pyoxigraph as ox

    ref_p = ox.NamedNode("https://w3id.org/dutygraph/ontology#ref")
    found = sorted(q.subject.value for q in store.quads_for_pattern(None, ref_p, ox.Literal(ref)))
    assert len(found) == 1, (ref, found)
    return found[0]


def local(iri: str) -> str:
    """The app's path for a data IRI, as the app builds it."""
    from urllib.parse import quote

    from graph.rdf.namespaces import DEFAULT_BASE

    assert iri.startswith(DEFAULT_BASE)
    return "/id/" + quote(iri[len(DEFAULT_BASE) :], safe="/:@!$&'()*+,;=-._~")
