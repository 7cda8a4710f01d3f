"""Every kind of bad input in the catalogue (:mod:`tests.hardening.catalogue`), on
the command line: the right exit code, exactly one ``dutygraph: error: …`` line for
what cannot be read, one warning line per problem for what can, never a traceback,
never a raw control character on stderr, and no task line lost silently.

Runs in-process (click's CliRunner): every case is one command run, a few
milliseconds for the small plans, a tenth of a second for the bundled one.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from graph.cli.main import cli
from graph.parse.plan import PROBLEMS
from tests.hardening.catalogue import TABLE_TASK_ROWS, Damaged, Refused, refused, usable
from tests.hardening.guard import at_most
from tests.hardening.tasks import task_lines, unaccounted

WARNING = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): warning: (?P<kind>[a-z-]+): \S.*$")
# What a terminal would act on: C0 controls but newline, DEL, C1, bidi controls.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

REFUSED = refused()


@pytest.fixture(scope="module")
def raw_lines(raw_text: str) -> list[str]:
    return raw_text.split("\n")


@pytest.fixture(scope="module")
def usable_cases(raw_text: str) -> dict[str, Damaged]:
    return usable(raw_text)


def _usable_names() -> list[str]:
    from graph.data import bundled_plan_path

    return sorted(usable(bundled_plan_path().read_text(encoding="utf-8")))


USABLE = _usable_names()


def invoke(args: list[str], env: dict[str, str], folder=None):
    with at_most(30, folder):
        result = CliRunner().invoke(cli, args, env=env, prog_name="dutygraph")
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert not RAW_CONTROL.search(result.stderr), repr(result.stderr)
    return result


def test_the_catalogue_has_at_least_70_kinds():
    assert len(REFUSED) + len(USABLE) >= 70
    assert not set(REFUSED) & set(USABLE)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_one_line(tmp_path, raw_lines, name):
    case: Refused = REFUSED[name]
    given = case.make(tmp_path, raw_lines)
    result = invoke(given.args, given.env, tmp_path)
    assert result.exit_code == case.exit, result.stderr
    assert result.stdout == ""
    expected = "dutygraph: error: " + case.message.replace("{dir}", str(tmp_path))
    assert result.stderr.splitlines() == [expected]
    assert result.stderr.endswith("\n")


@pytest.mark.parametrize("name", USABLE)
def test_damaged_is_read_and_reported(tmp_path, raw_lines, usable_cases, name):
    case = usable_cases[name]
    given = case.make(tmp_path, raw_lines)
    result = invoke([*given.args, "--strict", "--format", "json"], given.env)
    assert result.exit_code == (0 if case.clean else 1), result.stderr
    data = json.loads(result.stdout)
    assert len(data["items"]) == case.items
    path = given.args[1]
    warnings = [WARNING.match(line) for line in result.stderr.splitlines()]
    assert all(warnings), result.stderr
    assert {w["path"] for w in warnings if w} <= {path}
    found = {(w["kind"], int(w["line"])) for w in warnings if w}
    assert case.problems <= found, found
    assert bool(found) == (not case.clean)
    # the same problems as the JSON's warnings of a problem kind
    assert found == {(w["kind"], w["line"]) for w in data["warnings"] if w["kind"] in PROBLEMS}
    items = {item["line"] for item in data["items"]}
    warned = {line for _, line in found}
    if given.text is not None and name not in TABLE_TASK_ROWS:
        assert unaccounted(given.text, items, warned) == []
    if name in TABLE_TASK_ROWS:
        rows = list(csv.reader(io.StringIO(given.text or "")))
        tasks = [n for n, row in enumerate(rows, start=1) if n > 1 and row and row[0].strip()]
        assert len(tasks) == TABLE_TASK_ROWS[name]
        assert [n for n in tasks if n not in items and n not in warned] == []


def test_the_independent_count_finds_every_item_of_the_bundled_plan(raw_text, plan):
    """The counter is not the parser, but on the plan as shipped they agree line by line."""
    assert task_lines(raw_text) == sorted({item.line for item in plan.items})
    assert len(task_lines(raw_text)) == 322


def test_the_independent_count_catches_a_silent_loss():
    """A plan whose parse lost its third task line unreported fails the check."""
    from tests.hardening.catalogue import SMALL, SMALL_TASKS

    assert task_lines(SMALL) == list(SMALL_TASKS)
    assert unaccounted(SMALL, {4, 5}, set()) == [6]
    assert unaccounted(SMALL, {4, 5}, {6}) == []
