"""Bad input on the command line: one clean line, the right exit code, no traceback.

Unusable input exits 2 with exactly ``dutygraph: error: PATH:LINE:COL: message`` on
stderr. A damaged but usable plan exits 0 with a ``PATH:LINE:COL: warning:`` line per
problem, and 1 with ``--strict``.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from graph.cli.main import cli
from tests.bad_inputs import UNUSABLE, damaged

ERROR = re.compile(r"^dutygraph: error: (?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<msg>\S.*)$")
WARNING = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): warning: (?P<kind>[a-z-]+): .+$")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def assert_one_error_line(result, path: str) -> re.Match:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    match = ERROR.match(lines[0])
    assert match, lines[0]
    assert match["path"] == path
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return match


@pytest.mark.parametrize("name", sorted(UNUSABLE))
@pytest.mark.parametrize("fmt", ["json", "table"])
def test_unusable_input(tmp_path, name, fmt):
    case = UNUSABLE[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(case.data)
    match = assert_one_error_line(run("parse", str(path), "--format", fmt), str(path))
    assert (int(match["line"]), int(match["col"])) == (case.line, case.column)
    assert case.reason in match["msg"]


def test_missing_file(tmp_path):
    path = str(tmp_path / "missing.txt")
    match = assert_one_error_line(run("parse", path), path)
    assert match["msg"] == "no such file"


def test_directory(tmp_path):
    match = assert_one_error_line(run("parse", str(tmp_path)), str(tmp_path))
    assert "directory" in match["msg"]


def test_missing_errata_file(tmp_path):
    path = str(tmp_path / "missing.toml")
    match = assert_one_error_line(run("parse", "--errata", path), path)
    assert "not found" in match["msg"]


def test_errata_directory(tmp_path):
    assert_one_error_line(run("parse", "--errata", str(tmp_path)), str(tmp_path))


@pytest.mark.parametrize(
    ("content", "where"),
    [(b"fix = [1", (1, 9)), (b"fix = 3\n", (0, 0)), (b"[[fix]]\ndamaged = 'a'\n", (1, 1))],
)
def test_bad_errata_file(tmp_path, content, where):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    match = assert_one_error_line(run("parse", "--errata", str(path)), str(path))
    assert (int(match["line"]), int(match["col"])) == where


@pytest.fixture(scope="module")
def damaged_files(tmp_path_factory, raw_text):
    folder = tmp_path_factory.mktemp("damaged")
    out = {}
    for name, case in damaged(raw_text).items():
        path = folder / f"{name}.txt"
        path.write_text(case.text, encoding="utf-8")
        out[name] = (path, case)
    return out


@pytest.mark.parametrize(
    "name",
    [
        "truncated-clause",
        "truncated-mid-name",
        "truncated-file",
        "unbalanced-in-text",
        "unbalanced-in-clause",
        "skipped-number",
        "duplicate-number",
        "text-after-clause",
    ],
)
def test_damaged_input_is_read_with_warnings(damaged_files, name):
    import json

    path, case = damaged_files[name]
    result = run("parse", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    warnings = [WARNING.match(line) for line in result.stderr.splitlines()]
    assert warnings and all(warnings), result.stderr
    assert {w["path"] for w in warnings} == {str(path)}
    assert any(w["kind"] == case.flag and int(w["line"]) == case.line for w in warnings)
    data = json.loads(result.stdout)
    assert len(data["items"]) == case.items
    kept = [i for i in data["items"] if i["line"] == case.line]
    assert [i["ref"] for i in kept] == [case.ref]
    assert case.flag in kept[0]["flags"]
    assert any(w["kind"] == case.flag for w in data["warnings"])


@pytest.mark.parametrize("name", ["truncated-clause", "unbalanced-in-text", "skipped-number"])
def test_strict_fails_on_damage(damaged_files, name):
    path, case = damaged_files[name]
    result = run("parse", str(path), "--strict", "--format", "csv")
    assert result.exit_code == 1
    assert f"{path}:{case.line}:" in result.stderr
    assert "Traceback" not in result.output


def test_strict_passes_on_the_bundled_plan():
    result = run("parse", "--strict", "--report")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_real_process_prints_no_traceback(tmp_path):
    """The installed entry point, not just CliRunner: one line, exit 2."""
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, "-m", "graph", "parse", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr == f"dutygraph: error: {path}:1:1: file is empty\n"
    assert proc.stdout == ""
