"""``dutygraph build`` and ``export`` on the command line: options, clean one-line
errors, and no partial or temporary file after any failure."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.cli.main import cli
from graph.export import files as atomic
from tests.rdf.faults import FullDisk

DEFAULT_BASE = "https://w3id.org/dutygraph/id/"
BASE = "https://data.example.org/wuhan/"
LICENSE = "https://data.example.org/licence/open-1.0"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def listing(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def assert_one_error_line(result, exit_code: int, *fragments: str) -> str:
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dutygraph: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


# -- bad options: exit 2, nothing written -------------------------------------------


@pytest.mark.parametrize("base", ["not-an-iri", "http://x.org/no-trailing-slash"])
def test_bad_base_iri(tmp_path, base):
    out = tmp_path / "out"
    line = assert_one_error_line(
        run("build", "--out", str(out), "--base-iri", base), 2, f"bad base IRI {base!r}"
    )
    assert "ending with '/' or '#'" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("base", ["not-an-iri", "http://x.org/no-trailing-slash"])
def test_bad_base_iri_on_export(tmp_path, base):
    target = tmp_path / "plan.ttl"
    assert_one_error_line(run("export", "--base-iri", base, "-o", str(target)), 2, "bad base IRI")
    assert list(tmp_path.iterdir()) == []


def test_bad_licence(tmp_path):
    assert_one_error_line(
        run("build", "--out", str(tmp_path / "out"), "--license", "CC BY 4.0"),
        2,
        "bad licence IRI 'CC BY 4.0'",
    )
    assert list(tmp_path.iterdir()) == []


# -- unwritable output: exit 1, nothing written --------------------------------------


def test_output_folder_under_a_file(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"keep me")
    assert_one_error_line(
        run("build", "--out", str(blocker / "out")), 1, "cannot write to", "Not a directory"
    )
    assert listing(tmp_path) == {"not-a-folder": b"keep me"}


def test_output_folder_without_permission(tmp_path, monkeypatch):
    """Tests run as root, for whom chmod stops nothing: refuse the probe file instead."""

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(atomic.tempfile, "NamedTemporaryFile", refuse)
    out = tmp_path / "out"
    assert_one_error_line(
        run("build", "--out", str(out)), 1, f"cannot write to {out}", "Permission denied"
    )
    assert list(out.iterdir()) == []


def test_export_under_a_file(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")
    assert_one_error_line(
        run("export", "-o", str(blocker / "plan.ttl")), 1, "cannot write", "Not a directory"
    )
    assert listing(tmp_path) == {"not-a-folder": b""}


# -- failure in the middle of writing ------------------------------------------------


def test_full_disk_while_writing_leaves_nothing(tmp_path, monkeypatch):
    out = tmp_path / "out"
    full = FullDisk(fail_on=3)
    monkeypatch.setattr(atomic.os, "fdopen", full)
    assert_one_error_line(
        run("build", "--out", str(out)), 1, f"cannot write {out}/", "No space left on device"
    )
    assert full.calls == 3  # the third file failed half-way; two were written in full
    assert list(out.iterdir()) == []


def test_full_disk_keeps_the_previous_build_intact(tmp_path, monkeypatch, built_dataset):
    out = tmp_path / "out"
    shutil.copytree(built_dataset.out, out)
    before = listing(out)
    monkeypatch.setattr(atomic.os, "fdopen", FullDisk(fail_on=5))
    assert_one_error_line(
        run("build", "--out", str(out), "--base-iri", BASE), 1, "No space left on device"
    )
    assert listing(out) == before


def test_failed_switch_keeps_the_previous_build(tmp_path, monkeypatch, built_dataset):
    """The staged set takes the folder's place in one step, or not at all."""
    out = tmp_path / "out"
    shutil.copytree(built_dataset.out, out)
    before = listing(out)

    def exchange(a, b):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(atomic, "exchange", exchange)
    assert_one_error_line(
        run("build", "--out", str(out), "--base-iri", BASE), 1, "Input/output error"
    )
    assert listing(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staged folder left


def test_failed_rename_leaves_only_complete_files(tmp_path, monkeypatch, built_dataset):
    """Where the folder cannot be switched (the current folder, a mount point), files
    are renamed one by one: a failure leaves only complete files."""
    monkeypatch.setattr(atomic, "_switchable", lambda folder: False)
    out = tmp_path / "out"
    real = os.replace
    renamed: list[str] = []

    def replace(src, dst):
        if len(renamed) == 3:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        renamed.append(Path(dst).name)
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    assert_one_error_line(run("build", "--out", str(out)), 1, "Input/output error")
    found = listing(out)
    assert sorted(found) == sorted(renamed)
    expected = listing(built_dataset.out)
    assert all(found[name] == expected[name] for name in found)


def test_serialiser_failure_writes_nothing(tmp_path, monkeypatch):
    from graph.rdf import serialise

    def broken(*args, **kwargs):
        raise RuntimeError("serialiser failed")

    monkeypatch.setattr(serialise, "jsonld", broken)
    out = tmp_path / "out"
    result = run("build", "--out", str(out))
    assert result.exit_code != 0
    assert isinstance(result.exception, RuntimeError)
    assert list(out.iterdir()) == []


# -- options that change the output ---------------------------------------------------


@pytest.fixture(scope="module")
def custom(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("custom") / "out"
    result = run("build", "--out", str(out), "--base-iri", BASE, "--license", LICENSE)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"into {out}/" in result.stderr
    return out


def test_base_iri_changes_every_iri(custom):
    for name, data in listing(custom).items():
        assert DEFAULT_BASE.encode() not in data, name
    subjects = {
        t.subject.value
        for t in ox.parse(path=str(custom / "dutygraph.ttl"), format=ox.RdfFormat.TURTLE)
    }
    assert {
        f"{BASE}plan/wuhan-2023",
        f"{BASE}plan/wuhan-2023/item/2.201",
        f"{BASE}unit/wuhan/development-and-reform-commission",
    } <= subjects
    assert (
        b"@prefix dgunit: <https://data.example.org/wuhan/unit/wuhan/> ."
        in (custom / "dutygraph.ttl").read_bytes()
    )


def test_base_iri_keeps_the_graph(custom, built_dataset):
    size = len(list(ox.parse(path=str(custom / "dutygraph.nt"), format=ox.RdfFormat.N_TRIPLES)))
    assert size == built_dataset.triples


def test_licence_option(custom):
    catalog = (custom / "catalog.ttl").read_text(encoding="utf-8")
    licences = {
        t.object.value
        for t in ox.parse(catalog.encode(), format=ox.RdfFormat.TURTLE)
        if t.predicate.value == "http://purl.org/dc/terms/license"
    }
    assert licences == {LICENSE}
    assert f"<{BASE}download/dutygraph.ttl>" in catalog


# -- export ---------------------------------------------------------------------------


def test_export_csv_to_file(tmp_path, built_dataset):
    target = tmp_path / "assignments.csv"
    result = run("export", "--format", "csv", "--table", "assignments", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert listing(tmp_path) == {
        "assignments.csv": (built_dataset.out / "assignments.csv").read_bytes()
    }


def test_export_turtle_to_stdout(built_dataset):
    result = run("export", "--format", "ttl")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == (built_dataset.out / "dutygraph.ttl").read_bytes()
