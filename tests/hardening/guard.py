"""Fail instead of hanging: a read that blocks forever is one of the bugs tested."""

from __future__ import annotations

import os
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


def _unblock(folder: Path) -> None:
    """Open every FIFO in ``folder`` for writing and close it again: a reader
    blocked on one (inside a C library, out of reach of signals) then gets EOF."""
    for path in folder.iterdir():
        with suppress(OSError):
            if stat.S_ISFIFO(path.lstat().st_mode):
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


@contextmanager
def at_most(seconds: int, folder: Path | None = None) -> Iterator[None]:
    """Raise AssertionError in the main thread if the block runs past ``seconds``;
    first give any reader blocked on a FIFO of ``folder`` its end of file."""

    def expired(signum, frame):
        raise AssertionError(f"still running after {seconds} s: blocked?")

    timer = threading.Timer(seconds, _unblock, args=(folder,)) if folder else None
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds + 2)
    if timer is not None:
        timer.daemon = True
        timer.start()
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        if timer is not None:
            timer.cancel()
