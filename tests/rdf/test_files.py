"""Atomic writes: every file is written in full under a temporary name, and none is
renamed into place until all are, so a failure leaves the folder as it was."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from graph.errors import DataError
from graph.export import files
from graph.export.files import ensure_writable_dir, write_all_atomic, write_atomic
from tests.rdf.faults import FullDisk


def listing(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_new_files_are_readable_like_any_other(tmp_path):
    """Not mkstemp's 0o600: a web server must be able to publish them."""
    previous = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.ttl", b"data")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "a.ttl").stat().st_mode) == 0o644


def test_replaces_existing_file(tmp_path):
    (tmp_path / "a.ttl").write_bytes(b"old")
    write_atomic(tmp_path / "a.ttl", b"new")
    assert listing(tmp_path) == {"a.ttl": b"new"}


def test_full_disk_in_the_middle_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    (tmp_path / "b.nt").write_bytes(b"old b")
    before = listing(tmp_path)
    monkeypatch.setattr(files.os, "fdopen", FullDisk(fail_on=2))
    with pytest.raises(DataError, match=r"cannot write .*b\.nt: No space left on device"):
        write_all_atomic(
            {tmp_path / "a.ttl": b"A" * 1000, tmp_path / "b.nt": b"B" * 1000, tmp_path / "c": b"C"}
        )
    assert listing(tmp_path) == before


def test_failed_rename_leaves_no_temporary_file(tmp_path, monkeypatch):
    real = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    with pytest.raises(DataError, match=r"cannot write .*b\.nt"):
        write_all_atomic({tmp_path / "a.ttl": b"A", tmp_path / "b.nt": b"B", tmp_path / "c": b"C"})
    # The one renamed before the failure is complete; nothing else is there.
    assert listing(tmp_path) == {"a.ttl": b"A"}


def test_interrupt_leaves_no_temporary_file(tmp_path, monkeypatch):
    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "a.ttl", b"A")
    assert listing(tmp_path) == {}


def test_folder_under_a_file(tmp_path):
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(DataError, match="cannot write to .*: Not a directory"):
        ensure_writable_dir(tmp_path / "file" / "out")
    with pytest.raises(DataError, match="cannot write .*out.ttl: Not a directory"):
        write_atomic(tmp_path / "file" / "out.ttl", b"x")
