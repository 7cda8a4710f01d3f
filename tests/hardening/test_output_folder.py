"""Finding 9 (and the symbolic-link part of 17): ``build --out`` switches a complete
staged set into place, so that whatever stops it leaves the complete old set or
the complete new one, and the next run removes what a killed run left behind.

The kill tests here are deterministic: a forked child writes the dataset and
kills itself (SIGKILL, no clean-up of any kind) at the k-th file-system step, for
every k. The random-moment kills of a real ``dutygraph build`` are in
``test_kill.py``.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli.main import cli
from graph.errors import DataError
from graph.export import files
from graph.export.dataset import write_dataset
from graph.export.files import remove_leftovers, write_atomic, write_folder_atomic
from graph.parse.plan import parse_text
from tests.hardening.catalogue import SMALL

OLD_BASE = "https://old.example.org/"
NEW_BASE = "https://new.example.org/"
# Calls that change the file system, counted as steps to kill at.
STEPS = {"open", "fdopen", "link", "symlink", "mkdir", "chmod", "fchmod", "rename", "replace"}
STEPS |= {"unlink", "chown"}

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")


def listing(folder: Path) -> dict[str, bytes]:
    """Every entry under ``folder``: files by content, links by target."""
    out: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            out[key] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            out[key] = path.read_bytes()
        elif path.is_dir():
            out[key] = b"<dir>"
    return out


@pytest.fixture(scope="module")
def small_plan():
    return parse_text(SMALL, path="small.txt")


@pytest.fixture(scope="module")
def sets(small_plan, tmp_path_factory):
    """The old and the new output set (all files differ but ontology and shapes)."""
    root = tmp_path_factory.mktemp("sets")
    old = write_dataset([small_plan], root / "old", base=OLD_BASE).out
    new = write_dataset([small_plan], root / "new", base=NEW_BASE).out
    return listing(old), listing(new)


def _prepare(out: Path, old: dict[str, bytes]) -> None:
    out.mkdir()
    for name, data in old.items():
        (out / name).write_bytes(data)
    (out / "README.txt").write_text("kept by hand\n")  # not ours: must survive
    (out / "extra").mkdir()
    (out / "extra" / "notes.txt").write_text("mine\n")
    os.symlink("README.txt", out / "readme-link")


class _Killer:
    """Stands in for the ``os`` module of graph.export.files: kills the process at
    the ``at``-th call that changes the file system (0: never, just count)."""

    def __init__(self, real, at: int):
        self._real = real
        self.at = at
        self.count = 0

    def step(self) -> None:
        self.count += 1
        if self.count == self.at:
            os.kill(os.getpid(), signal.SIGKILL)

    def __getattr__(self, name):
        value = getattr(self._real, name)
        if name not in STEPS or not callable(value):
            return value

        def counted(*args, **kwargs):
            self.step()
            return value(*args, **kwargs)

        return counted


def _patch(killer: _Killer) -> None:
    files.os = killer  # type: ignore[assignment]
    real_exchange, real_remove = files.exchange, files._remove_tree

    def exchange(a, b):
        killer.step()
        real_exchange(a, b)

    def remove(path):
        killer.step()
        real_remove(path)

    files.exchange = exchange  # type: ignore[assignment]
    files._remove_tree = remove  # type: ignore[assignment]


def _write_in_child(plan, out: Path, at: int) -> int:
    """Fork; the child writes the new set, killed at step ``at``; returns the
    child's count of steps (through a pipe) or -signal when it was killed."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(read)
            killer = _Killer(os, at)
            _patch(killer)
            write_dataset([plan], out, base=NEW_BASE)
            os.write(write, str(killer.count).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    counted = os.read(read, 64)
    os.close(read)
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status)
    assert os.WEXITSTATUS(status) == 0
    return int(counted)


@needs_fork
def test_a_kill_at_any_step_leaves_the_old_set_or_the_new_one(tmp_path, small_plan, sets):
    old, new = sets
    extras = {"README.txt", "extra", "extra/notes.txt", "readme-link"}
    out = tmp_path / "out"
    _prepare(out, old)
    steps = _write_in_child(small_plan, out, at=0)
    assert steps > len(new)  # every file written is at least one step
    outcomes = {"old": 0, "new": 0}
    for at in range(1, steps + 1):
        for path in sorted(tmp_path.iterdir()):  # a fresh old set, leftovers and all
            files._remove_tree(str(path))
        _prepare(out, old)
        assert _write_in_child(small_plan, out, at) == -signal.SIGKILL
        found = listing(out)
        assert set(found) >= extras, at
        temporary = [name for name in found if name.endswith(".tmp")]
        kept = {n: d for n, d in found.items() if n not in extras and n not in temporary}
        assert kept in (old, new), f"killed at step {at}: a mix of old and new files"
        assert temporary == [], f"killed at step {at}: temporary files in the folder"
        outcomes["old" if kept == old else "new"] += 1
        # the next run cleans up and writes the new set
        write_folder_atomic(out, new)
        assert {n: d for n, d in listing(out).items() if n not in extras} == new
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
        assert not [n for n in os.listdir(out) if n.endswith(".tmp")]
    assert outcomes["old"] > 0 and outcomes["new"] > 0  # the switch was crossed


def test_what_is_not_ours_is_carried_over(tmp_path, sets):
    old, new = sets
    out = tmp_path / "out"
    _prepare(out, old)
    readme = (out / "README.txt").stat().st_ino
    os.chmod(out, 0o751)
    write_folder_atomic(out, new)
    assert (out / "README.txt").stat().st_ino == readme  # a hard link, not a copy
    assert (out / "extra" / "notes.txt").read_text() == "mine\n"
    assert os.readlink(out / "readme-link") == "README.txt"
    assert stat.S_IMODE(out.stat().st_mode) == 0o751
    assert {n: d for n, d in listing(out).items() if n in new} == new


def test_leftovers_of_a_killed_run_are_removed_work_in_progress_is_not(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".dutygraph.ttl.abc123.tmp").write_bytes(b"half")
    (out / ".notes.txt.abc123.tmp").write_bytes(b"someone else's")
    (tmp_path / ".out.dutygraph-dead").mkdir()
    busy = tmp_path / ".out.dutygraph-busy"
    busy.mkdir()
    import fcntl

    held = os.open(busy, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        removed = remove_leftovers(out, {"dutygraph.ttl"})
    finally:
        os.close(held)
    assert removed == [".out.dutygraph-dead", ".dutygraph.ttl.abc123.tmp"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.dutygraph-busy", "out"]
    assert [p.name for p in out.iterdir()] == [".notes.txt.abc123.tmp"]


def test_a_linked_output_folder_stays_a_link(tmp_path, sets):
    old, new = sets
    real = tmp_path / "real"
    _prepare(real, old)
    link = tmp_path / "site"
    os.symlink("real", link)
    write_folder_atomic(link, new)
    assert os.readlink(link) == "real"
    assert {n: d for n, d in listing(real).items() if n in new} == new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["real", "site"]


def test_the_current_folder_is_written_in_place(tmp_path, monkeypatch, sets):
    """Switching the folder a shell is in would leave the shell in the removed old
    one: there, files are replaced one by one (each still whole)."""
    old, new = sets
    out = tmp_path / "out"
    _prepare(out, old)
    monkeypatch.chdir(out)
    inode = out.stat().st_ino
    write_folder_atomic(Path("."), new)
    assert out.stat().st_ino == inode
    assert {n: d for n, d in listing(out).items() if n in new} == new


@pytest.mark.parametrize("code", [errno.EINVAL, errno.ENOSYS, errno.EXDEV])
def test_a_file_system_without_exchange_is_written_in_place(tmp_path, monkeypatch, sets, code):
    old, new = sets
    out = tmp_path / "out"
    _prepare(out, old)

    def refuse(a, b):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(files, "exchange", refuse)
    write_folder_atomic(out, new)
    assert {n: d for n, d in listing(out).items() if n in new} == new
    assert (out / "README.txt").read_text() == "kept by hand\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_folder_holding_a_pipe_is_written_in_place(tmp_path, sets):
    old, new = sets
    out = tmp_path / "out"
    _prepare(out, old)
    os.mkfifo(out / "pipe")
    write_folder_atomic(out, new)
    assert stat.S_ISFIFO((out / "pipe").lstat().st_mode)
    assert {n: d for n, d in listing(out).items() if n in new} == new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# -- one file through a symbolic link (viz -o, chart -o, export -o, units -o) --------


def test_writing_through_a_link_keeps_the_link(tmp_path):
    (tmp_path / "pages").mkdir()
    target = tmp_path / "pages" / "load.html"
    target.write_text("old")
    link = tmp_path / "load.html"
    os.symlink("pages/load.html", link)
    write_atomic(link, b"new")
    assert os.readlink(link) == "pages/load.html"
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["load.html"]


def test_a_dangling_link_gets_its_target(tmp_path):
    link = tmp_path / "out.csv"
    os.symlink("made.csv", link)
    write_atomic(link, b"a,b\n")
    assert link.is_symlink() and (tmp_path / "made.csv").read_bytes() == b"a,b\n"


def test_a_link_loop_is_refused(tmp_path):
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    with pytest.raises(DataError, match="cannot write .*/a: Too many levels of symbolic links"):
        write_atomic(tmp_path / "a", b"x")


def test_units_output_through_a_link(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(SMALL, encoding="utf-8")
    (tmp_path / "real.csv").write_text("old")
    os.symlink("real.csv", tmp_path / "units.csv")
    result = CliRunner().invoke(
        cli, ["units", str(plan), "--format", "csv", "-o", str(tmp_path / "units.csv")]
    )
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "units.csv").is_symlink()
    assert (tmp_path / "real.csv").read_text().splitlines()[0].startswith("name,written,")


def test_build_reports_the_folder_it_was_given(tmp_path, small_plan):
    result = write_dataset([small_plan], tmp_path / "out")
    assert result.out == tmp_path / "out"
    assert sorted(result.files) == sorted(p.name for p in (tmp_path / "out").iterdir())
