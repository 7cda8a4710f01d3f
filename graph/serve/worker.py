"""A query worker: ``python -m graph.serve.worker``, started by
:class:`graph.serve.runner.Runner` with frames on its standard input and output.

The first frame loads the store (an N-Quads dump); each later one is a query,
answered with ``("ok", Answer)`` or ``("refused", status, message)``. The server
kills a worker whose query outlives its deadline, so nothing here needs to stop a
running query; the row cap and the lazy read still apply.
"""

from __future__ import annotations

import sys
import time

import pyoxigraph as ox

from graph.serve.runner import Refused, read_frame, run_job, write_frame


def main() -> None:
    stdin = sys.stdin.buffer.fileno()
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write to the frame stream
    kind, dump, prefixes = read_frame(stdin)
    assert kind == "load"
    store = ox.Store()
    if dump:
        store.bulk_load(dump, format=ox.RdfFormat.N_QUADS)
    write_frame(out, ("ready",))
    while True:
        try:
            frame = read_frame(stdin)
        except EOFError:
            return
        _, job, wall_deadline, timeout, max_rows = frame
        deadline = time.monotonic() + (wall_deadline - time.time())
        try:
            answer = run_job(
                store, job, deadline=deadline, timeout=timeout, max_rows=max_rows, prefixes=prefixes
            )
            write_frame(out, ("ok", answer))
        except Refused as refused:
            write_frame(out, ("refused", refused.status, refused.message))
        except Exception as error:  # one bad query must not end the worker
            write_frame(out, ("refused", 400, f"the query failed: {error}"))


if __name__ == "__main__":
    main()
