"""Run a client's SPARQL within a time limit and a row cap that really bound the work.

The engine cannot be interrupted from Python once it is inside a join or a sort, so
client queries do not run in the server's process: they run in a few worker
processes (``python -m graph.serve.worker``), each holding its own copy of the
store, loaded from an N-Quads dump when the worker starts. A query that is still
running at its deadline has its worker killed (the client gets a 503) and a fresh
worker takes its place: no abandoned query keeps a core busy. Inside the worker the
answer is read lazily, one solution at a time, and reading stops at the row cap
(one row more tells that the answer was cut). A query's time counts from the moment
it is queued, so a busy pool answers "timed out" rather than letting queries pile up.

Frames between the server and a worker are a 4-byte length and a pickle; only this
package writes either end.
"""

from __future__ import annotations

import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import IO, Any

import pyoxigraph as ox

from graph.serve import rdfio

CHECK_EVERY = 64  # solutions read between two looks at the clock
_HEADER = struct.Struct(">I")


class Refused(Exception):
    """The request cannot be answered as asked; ``status`` is the HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(status, message)
        self.status = status
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Job:
    """One SPARQL query as the protocol request gave it."""

    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    results_key: str = "json"  # for SELECT and ASK ("" when the client accepts none)
    graph_key: str = "ttl"  # for CONSTRUCT and DESCRIBE ("" likewise)


@dataclass
class Answer:
    body: bytes
    media_type: str
    rows: int = 0
    truncated: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def _late(timeout: float) -> Refused:
    return Refused(503, f"the query did not finish within {timeout:g} s")


def run_job(
    store: ox.Store,
    job: Job,
    *,
    deadline: float,
    timeout: float,
    max_rows: int,
    prefixes: dict[str, str],
) -> Answer:
    """Parse and run ``job`` (the engine's parse is the only judge of syntax) and
    write its answer, reading at most ``max_rows`` rows."""
    kwargs: dict[str, Any] = {}
    if job.default_graphs or job.named_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    elif not rdfio.names_dataset(job.text):
        kwargs["use_default_graph_as_union"] = True
    try:
        result = store.query(job.text, **kwargs)
        return _answer(result, job, deadline, timeout, max_rows, prefixes)
    except SyntaxError as error:
        raise Refused(400, f"SPARQL syntax error: {error}") from None
    except (OSError, ValueError, TypeError) as error:
        raise Refused(400, f"the query failed: {error}") from None


def _format(key: str, formats: tuple[rdfio.Format, ...], what: str) -> rdfio.Format:
    found = rdfio.by_key(key, formats) if key else None
    if found is None:
        offered = ", ".join(f.media_type for f in formats)
        raise Refused(406, f"{what} are offered as {offered}; none of them is accepted")
    return found


def _answer(result, job: Job, deadline: float, timeout: float, max_rows: int, prefixes) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        fmt = _format(job.results_key, rdfio.RESULTS, "ASK answers")
        return Answer(rdfio.write_boolean(result, fmt.key), fmt.media_type, rows=1)
    if isinstance(result, ox.QuerySolutions):
        fmt = _format(job.results_key, rdfio.RESULTS, "SELECT answers")
        columns = [v.value for v in result.variables]
        rows, truncated = _read(result, deadline, timeout, max_rows, list)
        body = rdfio.write_solutions(columns, rows, fmt.key)
        return Answer(body, fmt.media_type, rows=len(rows), truncated=truncated)
    fmt = _format(job.graph_key, rdfio.GRAPHS, "CONSTRUCT and DESCRIBE answers")
    triples, truncated = _read(result, deadline, timeout, max_rows, lambda t: t)
    body = rdfio.write_triples(triples, fmt.key, prefixes)
    return Answer(body, fmt.media_type, rows=len(triples), truncated=truncated)


def _read(iterator, deadline: float, timeout: float, max_rows: int, take) -> tuple[list, bool]:
    """Up to ``max_rows`` items of a lazy answer; whether there were more."""
    out: list = []
    if time.monotonic() > deadline:
        raise _late(timeout)
    for n, item in enumerate(iterator, start=1):
        if n > max_rows:
            return out, True
        out.append(take(item))
        if n % CHECK_EVERY == 0 and time.monotonic() > deadline:
            raise _late(timeout)
    return out, False


# -- frames ---------------------------------------------------------------------------


def write_frame(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes | None:
    """``size`` bytes from ``fd``; None at the deadline or at the end of the stream."""
    chunks: list[bytes] = []
    left = size
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                return None
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int, deadline: float | None = None) -> Any:
    """The next frame on ``fd``; raises TimeoutError at the deadline, EOFError at the
    end of the stream."""
    head = _read_exactly(fd, _HEADER.size, deadline)
    if head is None:
        raise TimeoutError if deadline is not None and time.monotonic() >= deadline else EOFError
    body = _read_exactly(fd, _HEADER.unpack(head)[0], deadline)
    if body is None:
        raise TimeoutError if deadline is not None and time.monotonic() >= deadline else EOFError
    return pickle.loads(body)


# -- the pool -------------------------------------------------------------------------


class _Worker:
    def __init__(self, dump: bytes, prefixes: dict[str, str], generation: int) -> None:
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph.serve.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self.generation = generation
        self.ready = False
        stdin = self.process.stdin
        assert stdin is not None and self.process.stdout is not None

        def load() -> None:
            # In the background: the write blocks until the new process reads it.
            try:
                write_frame(stdin, ("load", dump, prefixes))
            except (BrokenPipeError, OSError, ValueError):
                pass  # the worker was stopped first; whoever picks it sees it gone

        self._loading = threading.Thread(target=load, daemon=True)
        self._loading.start()

    def wait_ready(self, seconds: float = 120.0) -> None:
        """Wait for the worker to have loaded its store (not part of any query's
        time: a fresh worker loads while the first query waits)."""
        if not self.ready:
            assert self.process.stdout is not None
            self._loading.join(seconds)
            reply = read_frame(self.process.stdout.fileno(), time.monotonic() + seconds)
            if reply != ("ready",):
                raise EOFError
            self.ready = True

    def ask(self, job: Job, deadline: float, timeout: float, max_rows: int) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        write_frame(
            self.process.stdin,
            ("query", job, time.time() + (deadline - time.monotonic()), timeout, max_rows),
        )
        return read_frame(self.process.stdout.fileno(), deadline)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a kill is not refused
            pass
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass


class Runner:
    """A pool of worker processes over a copy of ``store``, started on first use."""

    def __init__(
        self,
        store: ox.Store,
        *,
        timeout: float,
        max_rows: int,
        prefixes: dict[str, str],
        workers: int = 2,
    ) -> None:
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self.prefixes = prefixes
        self.size = max(1, workers)
        self.update_lock = threading.Lock()
        self._lock = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._dump: bytes | None = None
        self._generation = 0
        self._closed = False

    def _spawn(self) -> None:
        with self._lock:
            if self._closed:
                return
            if self._dump is None:
                self._dump = self.store.dump(format=ox.RdfFormat.N_QUADS) or b""
            worker = _Worker(self._dump, self.prefixes, self._generation)
            self._all.add(worker)
        self._idle.put(worker)

    def _start(self) -> None:
        with self._lock:
            missing = self.size - len(self._all)
        for _ in range(missing):
            self._spawn()

    def _retire(self, worker: _Worker, *, replace: bool) -> None:
        """Stop ``worker`` (in the background: a kill takes a moment) and start
        another in its place."""
        with self._lock:
            self._all.discard(worker)

        def work() -> None:
            worker.stop()
            if replace:
                self._spawn()

        threading.Thread(target=work, daemon=True).start()

    def run(self, job: Job) -> Answer:
        """Run ``job`` on a worker, blocking; raise :class:`Refused` (503 at the
        deadline, 4xx for what the worker refused)."""
        deadline = time.monotonic() + self.timeout
        self._start()
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise _late(self.timeout) from None
        if worker.generation != self._generation or worker.process.poll() is not None:
            self._retire(worker, replace=True)
            return self.run(job) if time.monotonic() < deadline else self._raise_late()
        try:
            if not worker.ready:
                worker.wait_ready()
                deadline = time.monotonic() + self.timeout
            reply = worker.ask(job, deadline, self.timeout, self.max_rows)
        except TimeoutError:
            self._retire(worker, replace=True)
            raise _late(self.timeout) from None
        except (EOFError, OSError, pickle.UnpicklingError):
            self._retire(worker, replace=True)
            raise Refused(503, "the query worker stopped; try again") from None
        self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1]
        raise Refused(reply[1], reply[2])

    def _raise_late(self) -> Answer:
        raise _late(self.timeout)

    async def query(self, job: Job) -> Answer:
        import anyio

        return await anyio.to_thread.run_sync(self.run, job)

    def update(self, text: str) -> None:
        """Run an UPDATE on the store (only with updates allowed), then give the
        workers the changed store."""
        with self.update_lock:
            try:
                self.store.update(text)
            except SyntaxError as error:
                raise Refused(400, f"SPARQL syntax error: {error}") from None
            except OSError as error:
                raise Refused(400, f"the update failed: {error}") from None
            with self._lock:
                self._dump = None
                self._generation += 1

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
