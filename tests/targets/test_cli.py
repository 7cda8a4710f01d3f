"""``dutygraph targets`` through click, inside the project's error-handling group.

The command reads the graph (the named query ``targets``). Most tests hand it the
session's in-memory store instead of building one per call; the last ones run the
whole path: a plan file (with an unreadable figure reported on stderr) and a
persisted ``--store``.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from graph.cli.targets_cmd import targets


def invoker():
    from graph.cli.main import DutygraphGroup

    group = DutygraphGroup(name="dutygraph", commands={"targets": targets})
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(group, ["targets", *args])

    return invoke


@pytest.fixture
def run(graph_store, monkeypatch):
    """The command on the session's store (the bundled plan), without rebuilding it."""
    import graph.store.local

    opened = []

    def store_from_plans(plans, **_):
        opened.append([plan.slug for plan in plans])
        return graph_store

    monkeypatch.setattr(graph.store.local, "store_from_plans", store_from_plans)
    invoke = invoker()
    yield lambda *args: invoke(*args, "--no-cache")
    # Without --store or the cache the command parses the bundled plan once and builds
    # its store from that parse.
    assert opened and all(o == ["wuhan-2023"] for o in opened)


COLUMNS = ["item", "value", "unit", "comparator", "kind", "counted", "text"]


def test_json_for_one_item(run):
    result = run("--item", "4.35", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [list(r) for r in rows] == [COLUMNS] * 3
    assert [(r["value"], r["unit"], r["counted"]) for r in rows] == [
        (17, "个", "城市公园"),
        (3, "个", "郊野公园"),
        (80, "个", "口袋公园"),
    ]
    assert rows[0]["text"] == "建设城市公园17个"


def test_csv_columns_and_values(run):
    result = run("--item", "2.204", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == COLUMNS
    assert [r[1] for r in rows[1:]] == ["45", "12000", "25", "33000"]


def test_table_and_markdown(run):
    table = run("--item", "2.15")
    assert table.exit_code == 0
    assert table.output.splitlines()[0].split() == COLUMNS
    assert "500000000000" in table.output
    markdown = run("--item", "1.1", "--format", "markdown")
    assert markdown.output.splitlines()[0] == "| " + " | ".join(COLUMNS) + " |"
    assert "| 1.1 | 6.5 | % | at_least | growth_rate | 地区生产总值 |" in markdown.output


def test_unit_filter(plan, run):
    result = run("--unit", "市商务局", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert rows and {"2.5", "4.60"} <= {r["item"] for r in rows}
    for ref in {r["item"] for r in rows}:
        item = plan.item(ref)
        assert "市商务局" in item.lead + item.responsible + item.effective_lead


def test_all_targets(run):
    result = run("--format", "json")
    assert result.exit_code == 0
    assert len(json.loads(result.output)) == 210


def test_bad_options(run):
    result = run("--item", "9.99")
    assert result.exit_code == 2
    assert "no item '9.99'" in result.output
    result = run("--unit", "不存在的单位")
    assert result.exit_code == 2
    assert "no unit named '不存在的单位' in the graph" in result.output  # the one resolver
    result = run("--item", "2.6")  # an item with no figure: no rows, no error
    assert result.exit_code == 0 and result.output.splitlines()[0].split() == COLUMNS
    assert len(result.output.splitlines()) == 2
    result = run("--format", "xml")
    assert result.exit_code == 2


def test_unit_alias_and_no_group_expansion(run):
    alias = run("--unit", "市文明办", "--format", "json")
    assert alias.exit_code == 0
    assert alias.output == run("--unit", "市委宣传部", "--format", "json").output
    # 江岸区人民政府 is named on items, none with a figure; 各区人民政府 does not count
    result = run("--unit", "江岸区人民政府", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output) == []


def test_plan_file_with_an_unreadable_figure(raw_text, tmp_path):
    """A figure the reader cannot place is reported on stderr and left out, not guessed."""
    assert raw_text.count("智慧商店1000家") == 1
    path = tmp_path / "plan.txt"
    path.write_text(raw_text.replace("智慧商店1000家", "智慧商店1000匹"), encoding="utf-8")
    result = invoker()(str(path), "--item", "2.5", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [(r["value"], r["unit"]) for r in json.loads(result.stdout)] == [(200, "家")]
    assert result.stderr == (
        f"{path}: warning: item 2.5: number without a unit of measure [1000匹。]\n"
    )


def test_persisted_store(tmp_path):
    """--store DIR: built there on first use, then read; no plan text, so no warnings."""
    folder = tmp_path / "store"
    first = invoker()("--store", str(folder), "--item", "1.1", "--format", "csv")
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines() == [
        ",".join(COLUMNS),
        "1.1,6.5,%,at_least,growth_rate,地区生产总值,地区生产总值增长6.5%以上",
    ]
    assert first.stderr == ""
    again = invoker()("--store", str(folder), "--item", "1.1", "--format", "csv")
    assert again.stdout == first.stdout
