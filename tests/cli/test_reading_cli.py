"""``dutygraph parse`` on other layouts and formats, and ``dutygraph units``."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from click.testing import CliRunner

from graph.cli.main import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LIAONING = FIXTURES / "real" / "08_liaoning-2024.txt"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_parse_json_of_another_province_has_the_new_roles():
    result = run("parse", str(LIAONING), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["plan"]["layout"] == "role-lines"
    assert data["plan"]["lead_rule"] == ""
    first = data["items"][0]
    assert (first["ref"], first["lead"], first["people"]) == ("1.1", ["省发展改革委"], ["王 健"])
    assert first["effective_lead"] == ["省发展改革委"]


def test_parse_reads_a_spreadsheet_and_reports_every_row(tmp_path):
    result = run("parse", str(FIXTURES / "forms" / "wuhan-2023.xlsx"), "--report")
    assert result.exit_code == 0
    assert (
        "lines      409 (409 non-blank): item 322, part 4, preamble 9, section 35, table-header 1, theme 38"
        in result.stdout
    )


def test_forced_layout_and_format(tmp_path):
    table = tmp_path / "plan.txt"
    table.write_text("序号|工作任务|牵头单位\n1|新建基站|市经信局\n", encoding="utf-8")
    assert "市经信局" in run("parse", str(table)).stdout
    forced = run("parse", str(table), "--input-format", "csv", "--format", "json")
    assert forced.exit_code == 0
    assert json.loads(forced.stdout)["items"][0]["lead"] == ["市经信局"]
    bad = CliRunner().invoke(cli, ["parse", str(table), "--layout", "sideways"])
    assert bad.exit_code == 2


def test_units_suggest_round_trips_through_units_option(tmp_path):
    listed = run("units", str(LIAONING), "--format", "json")
    rows = json.loads(listed.stdout)
    assert [r["name"] for r in rows][:3] == ["省发展改革委", "省工业和信息化厅", "省农业农村厅"]
    registered = {r["name"]: r["registered"] for r in rows}
    assert registered.pop("各市人民政府") is True  # generic names are in the shared base
    assert set(registered.values()) == {False}
    skeleton = tmp_path / "liaoning.units.toml"
    assert run("units", str(LIAONING), "--suggest", "-o", str(skeleton)).exit_code == 0
    data = tomllib.loads(skeleton.read_text(encoding="utf-8"))
    assert data["complete"] is False
    names = [u["name"] for u in data.get("unit", [])] + [g["name"] for g in data.get("group", [])]
    assert "省发展改革委" in names and "各市人民政府" not in names  # a generic group is known
    again = json.loads(
        run("units", str(LIAONING), "--units", str(skeleton), "--format", "json").stdout
    )
    assert {r["registered"] for r in again} == {True}
    parsed = json.loads(
        run("parse", str(LIAONING), "--units", str(skeleton), "--format", "json").stdout
    )
    assert not [i["ref"] for i in parsed["items"] if "unregistered" in i["flags"]]


def test_units_of_the_bundled_plan_are_registered():
    rows = json.loads(run("units", "--format", "json").stdout)
    assert len(rows) == 86 and all(r["registered"] for r in rows)
    first = rows[0]
    assert (first["name"], first["lead"], first["responsible"]) == ("市发改委", 34, 39)


def test_a_missing_units_file_is_a_usage_error():
    result = CliRunner().invoke(cli, ["parse", "--units", "no-such.toml"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "dutygraph: error: no-such.toml:0:0: no such unit registry file"
    )
