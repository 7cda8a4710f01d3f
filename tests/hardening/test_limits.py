"""Finding 10: every file a user names is read with a bound. Special files (a FIFO
with no writer, ``/dev/zero``, ``/dev/urandom``) are refused at once, never read;
a regular file is read up to the limit (64 MB, or ``DUTYGRAPH_MAX_INPUT_MB``) and
refused above it with one line saying how to raise it.

Plans, errata, unit registries and RDF files to validate all go through
:func:`graph.read.formats.read_input`; the command-line side of each is in the
catalogue.
"""

from __future__ import annotations

import os

import pytest

from graph.errors import InputError, OptionError
from graph.read.errata import load_errata
from graph.read.formats import MAX_BYTES, max_input_bytes, read_document, read_input
from graph.read.registry import user_registry
from tests.hardening.catalogue import SMALL
from tests.hardening.guard import at_most

HINT = "(the environment variable DUTYGRAPH_MAX_INPUT_MB sets the limit)"


@pytest.mark.parametrize(
    ("read", "what"),
    [
        (lambda path: read_document(path), "a plan file"),
        (lambda path: load_errata(path), "an errata file"),
        (lambda path: user_registry(path), "a unit registry file"),
    ],
)
def test_a_fifo_without_writer_is_refused_at_once(tmp_path, read, what):
    fifo = tmp_path / "input.toml"
    os.mkfifo(fifo)
    with at_most(10, tmp_path), pytest.raises(InputError) as caught:
        read(fifo)
    assert str(caught.value) == f"{fifo}:0:0: not a regular file (a pipe): give {what}"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_devices_are_refused_at_once(device):
    with at_most(10), pytest.raises(InputError) as caught:
        read_input(device, what="an errata file")
    assert str(caught.value) == (
        f"{device}:0:0: not a regular file (a device or socket): give an errata file"
    )


def test_validate_reads_a_fifo_named_ttl_not_forever(tmp_path):
    from graph.rdf.validate import validate_file

    fifo = tmp_path / "data.ttl"
    os.mkfifo(fifo)
    with at_most(10, tmp_path), pytest.raises(InputError, match="not a regular file \\(a pipe\\)"):
        validate_file(fifo)


def test_a_file_that_reports_no_size_is_still_read_with_a_bound(monkeypatch):
    """``/proc`` files are regular files of size 0 with content: only the bounded
    read stops them."""
    assert os.stat("/proc/self/environ").st_size == 0
    monkeypatch.setenv("DUTYGRAPH_MAX_INPUT_MB", "0.0001")  # 104 bytes
    monkeypatch.setenv("PADDING", "x" * 200)
    with pytest.raises(InputError) as caught:
        read_input("/proc/self/environ")
    assert str(caught.value) == (
        f"/proc/self/environ:0:0: file is larger than the 104 bytes a plan file may be {HINT}"
    )


def test_a_huge_file_is_refused_without_being_read(tmp_path):
    path = tmp_path / "disk.img"
    with open(path, "wb") as fh:
        fh.truncate(2**40)  # 1 TB, sparse: reading it would take hours
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}:0:0: file is 1048576 MB, larger than the 64 MB a plan file may be {HINT}"
    )


def test_the_limit_is_configurable(tmp_path, monkeypatch):
    path = tmp_path / "plan.txt"
    path.write_text(SMALL, encoding="utf-8")
    size = path.stat().st_size
    assert max_input_bytes() == MAX_BYTES == 64 * 2**20
    monkeypatch.setenv("DUTYGRAPH_MAX_INPUT_MB", str(size / 2**20))
    assert max_input_bytes() == size
    assert read_input(path) == SMALL.encode()  # exactly at the limit: read
    monkeypatch.setenv("DUTYGRAPH_MAX_INPUT_MB", str((size - 1) / 2**20))
    with pytest.raises(InputError, match=f"file is {size} bytes, larger than the {size - 1} bytes"):
        read_input(path)
    with pytest.raises(InputError, match="larger than the"):
        read_document("plan.txt", data=SMALL.encode())  # bytes in memory too
    monkeypatch.setenv("DUTYGRAPH_MAX_INPUT_MB", "500")
    assert max_input_bytes() == 500 * 2**20


@pytest.mark.parametrize("value", ["0", "-5", "nan", "inf", "lots", "1e400"])
def test_a_limit_that_is_no_positive_number_is_refused(monkeypatch, value):
    monkeypatch.setenv("DUTYGRAPH_MAX_INPUT_MB", value)
    with pytest.raises(OptionError) as caught:
        max_input_bytes()
    assert str(caught.value) == (
        f"DUTYGRAPH_MAX_INPUT_MB must be a positive number of megabytes, not {value!r}"
    )
