"""Atomic file writes: a failed run never leaves a half-written file.

Every file is first written in full under a temporary name in the target folder and
only then renamed into place. A build stages all its files before renaming any, so a
failure while writing (disk full, a folder that vanished) leaves the folder exactly
as it was: no temporary file, no half-written file, no mix of old and new files.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from graph.errors import DataError


def ensure_writable_dir(folder: Path) -> Path:
    """Create ``folder`` if needed and prove we can write there, before any work."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=folder, prefix=".dutygraph-probe-", delete=True)
        probe.close()
    except OSError as exc:
        raise DataError(f"cannot write to {folder}: {exc.strerror or exc}") from None
    return folder


def file_mode() -> int:
    """The permissions ``open()`` would give a new file (0o666 less the umask).

    ``mkstemp`` creates files as 0o600; renamed into place as they are, published
    data would be unreadable to a web server running as another user.
    """
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _stage(path: Path, data: bytes, mode: int) -> str:
    """Write ``data`` in full to a new temporary file next to ``path``; return its name."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode)
            fh.write(data)
    except BaseException:
        _discard(tmp)
        raise
    return tmp


def write_all_atomic(files: Mapping[Path, bytes]) -> None:
    """Write every file through a temporary name; rename only once all are written."""
    mode = file_mode()
    staged: list[tuple[str, Path]] = []
    current: Path | None = None
    try:
        for current, data in files.items():
            staged.append((_stage(current, data, mode), current))
        for tmp, current in staged:
            os.replace(tmp, current)
    except BaseException as exc:
        for tmp, _ in staged:
            _discard(tmp)  # already renamed ones are gone: nothing to undo
        if isinstance(exc, OSError):
            raise DataError(f"cannot write {current}: {exc.strerror or exc}") from None
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file next to ``path``, then rename it into place."""
    write_all_atomic({path: data})
