"""Simulated write failures for the atomic-write tests (API and command line)."""

from __future__ import annotations

import errno
import os


class FullDisk:
    """Stands in for ``os.fdopen``: the Nth file opened accepts half of what is
    written to it (really written and flushed), then fails with ENOSPC."""

    def __init__(self, fail_on: int):
        self.fail_on = fail_on
        self.calls = 0
        self.real = os.fdopen

    def __call__(self, fd, mode="r", *args, **kwargs):
        self.calls += 1
        fh = self.real(fd, mode, *args, **kwargs)
        if self.calls == self.fail_on:
            real_write = fh.write

            def write(data):
                real_write(data[: len(data) // 2])
                fh.flush()
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

            fh.write = write
        return fh
