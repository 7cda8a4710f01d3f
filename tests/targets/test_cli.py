"""``dutygraph targets`` through click, inside the project's error-handling group."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from graph.cli.targets_cmd import targets


@pytest.fixture(scope="module")
def run():
    from graph.cli.main import DutygraphGroup

    group = DutygraphGroup(name="dutygraph", commands={"targets": targets})
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(group, ["targets", *args])

    return invoke


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
    result = run("--format", "xml")
    assert result.exit_code == 2
