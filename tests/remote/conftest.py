"""Fixtures for the tests against servers: a misbehaving one (:mod:`tests.remote.faults`)
and the command line run in-process on a tiny store, timed."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.cli.main import cli
from tests.remote import faults

# Secrets every run is given; none may ever be printed.
PASSWORD = "Pa55-S3cret-pw"
USERINFO_PASSWORD = "Us3rinfo-S3cret"
TOKEN = "T0ken-S3cret-tk"
API_KEY = "K3y-S3cret-ak"
SECRETS = (PASSWORD, USERINFO_PASSWORD, TOKEN, API_KEY, "Redirect-T0ken-9")
PASSWORD_ENV = "DUTYGRAPH_TEST_PASSWORD"


@pytest.fixture(scope="module")
def server():
    """The fault server, for one test module; every handler released at the end."""
    state = faults.start()
    state.secret_echo = PASSWORD
    yield state
    state.close()


def secret_url(server, path: str) -> str:
    """An address of the fault server carrying every kind of credential."""
    return server.url(
        path,
        userinfo=f"bob:{USERINFO_PASSWORD}",
        query=f"token={TOKEN}&api_key={API_KEY}&lang=zh",
    )


@pytest.fixture(scope="session")
def tiny_store() -> ox.Store:
    """Two named graphs and a default-graph triple: what ``push`` walks through."""
    store = ox.Store()
    s, p = ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p")
    store.add(ox.Quad(s, p, ox.Literal("一"), ox.NamedNode("urn:x:graph:a")))
    store.add(ox.Quad(s, p, ox.Literal("二"), ox.NamedNode("urn:x:graph:b")))
    store.add(ox.Quad(s, p, ox.Literal("default")))
    return store


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def run(monkeypatch, tiny_store):
    """``dutygraph ARGS`` in-process, its graph a fresh copy of the tiny store (so an
    allowed update changes nothing shared); wall time measured around the call."""
    import graph.cli.query_cmd as query_cmd

    def fresh(sources, store, writable=False):
        copy = ox.Store()
        copy.extend(tiny_store)
        return copy

    monkeypatch.setattr(query_cmd, "open_graph", fresh)
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)

    def invoke(*args: str, input: str | None = None) -> Run:
        start = time.perf_counter()
        result = CliRunner().invoke(cli, list(args), input=input)
        seconds = time.perf_counter() - start
        done = Run(result.exit_code, result.stdout, result.stderr, seconds)
        assert "Traceback" not in done.output, done.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        return done

    return invoke
