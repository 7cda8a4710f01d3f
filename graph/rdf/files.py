"""Atomic file writes: a failed run never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
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


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file next to ``path``, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise DataError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
