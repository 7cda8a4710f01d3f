"""``dutygraph parse``: the output contract later issues and users rely on."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from graph.cli.main import cli

ITEM_KEYS = {
    "ref",
    "part",
    "section",
    "theme",
    "number",
    "text",
    "lead",
    "responsible",
    "effective_lead",
    "subassignments",
    "line",
}


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def parsed_json():
    result = run("parse", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_json_top_level(parsed_json):
    assert set(parsed_json) == {"plan", "items", "warnings"}


def test_json_items(parsed_json):
    items = parsed_json["items"]
    assert len(items) == 322
    for item in items:
        assert ITEM_KEYS <= set(item), item["ref"]
    first = items[0]
    assert {k: first[k] for k in ITEM_KEYS} == {
        "ref": "1.1",
        "part": 1,
        "section": None,
        "theme": "",
        "number": 1,
        "text": "地区生产总值增长6.5%以上。",
        "lead": ["市发改委"],
        "responsible": ["各区人民政府"],
        "effective_lead": ["市发改委"],
        "subassignments": [],
        "line": 14,
    }


def test_json_no_lead_and_subassignments(parsed_json):
    items = {i["ref"]: i for i in parsed_json["items"]}
    assert items["2.75"]["lead"] == []
    assert items["2.75"]["effective_lead"] == ["市乡村振兴局", "市水务局"]
    assert items["2.75"]["subassignments"] == [
        {
            "text": "结对帮扶恩施州和宜昌市五峰县",
            "lead": [],
            "responsible": ["市乡村振兴局"],
            "effective_lead": ["市乡村振兴局"],
        },
        {
            "text": "对口支援三峡库区秭归、兴山、五峰县",
            "lead": [],
            "responsible": ["市水务局"],
            "effective_lead": ["市水务局"],
        },
    ]
    assert items["2.49"]["lead"] == ["市经信局", "市发改委"]
    assert items["2.201"]["section"] == 9
    assert items["2.201"]["theme"] == "健全社会保障体系"


def test_json_plan(parsed_json):
    plan = parsed_json["plan"]
    assert plan["doc_number"] == "武政办〔2023〕1号"
    assert plan["issued"] == "2023-01-12"
    assert plan["city"] == "武汉" and plan["year"] == 2023
    assert plan["no_lead_rule"] is True
    assert [d["due"] for d in plan["duties"]] == [
        ["2023-02-10"],
        ["2023-04-20", "2023-07-20", "2023-10-20"],
    ]
    assert plan["source"] == "<bundled>/wuhan-2023.txt"


def test_json_warnings(parsed_json):
    kinds = {w["kind"] for w in parsed_json["warnings"]}
    assert kinds == {"damage-repaired", "encoding-damage", "noise-removed"}
    for warning in parsed_json["warnings"]:
        assert {"kind", "message", "line", "column", "snippet"} <= set(warning)


def test_csv():
    result = run("parse", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "ref",
        "part",
        "section",
        "theme",
        "number",
        "text",
        "lead",
        "responsible",
        "effective_lead",
        "lead_by_rule",
        "subassignments",
        "line",
        "flags",
        "cooperating",
        "people",
        "deadline",
        "data_providers",
        "higher_leads",
        "number_text",
        "where",
    ]
    assert len(rows) == 323
    by_ref = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_ref["2.7"]["responsible"].split(";")[-4:] == [
        "江汉区人民政府",
        "硚口区人民政府",
        "黄陂区人民政府",
        "新洲区人民政府",
    ]
    assert by_ref["1.3"]["lead_by_rule"] == "true"


def test_table():
    result = run("parse")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ref", "effective_lead", "responsible", "text"]
    assert len(lines) == 2 + 322


def test_report():
    result = run("parse", "--report")
    assert result.exit_code == 0
    out = result.stdout
    assert (
        "lines      415 (412 non-blank): blank 3, item 322, noise 2, part 4, preamble 11, "
        "section 35, theme 38" in out
    )
    assert "items      322 (part 1: 5, part 2: 241, part 3: 7, part 4: 69)" in out
    assert "no lead    78 items" in out
    assert "unknown: none" in out
    assert (
        "101:177: damage-repaired: 加速?zèng)_刺全国百?gòu)?qiáng)区 -> 加速冲刺全国百强区" in out
    )
    assert "138:151: noise-removed: stray '?' after the line" in out
    notices = [line for line in out.splitlines() if line.startswith("  ")]
    assert len(notices) == 22


def test_report_json():
    result = run("parse", "--report", "--format", "json")
    report = json.loads(result.stdout)
    assert report["line_classes"] == {
        "blank": 3,
        "item": 322,
        "noise": 2,
        "part": 4,
        "preamble": 11,
        "section": 35,
        "theme": 38,
    }
    assert report["items_without_named_lead"] == 78
    assert report["unknown_units"] == []


def test_extra_errata_file_is_applied(tmp_path):
    errata = tmp_path / "extra.toml"
    errata.write_text(
        'document = "武政办〔2023〕1号"\n\n'
        "[[fix]]\n"
        'damaged = "汉派服装"\n'
        'corrected = "汉派时装"\n'
        'why = "a test"\n',
        encoding="utf-8",
    )
    result = run("parse", "--errata", str(errata), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    items = {i["ref"]: i for i in data["items"]}
    assert items["2.7"]["text"] == "着力振兴汉派时装。"
    repaired = [w for w in data["warnings"] if w["kind"] == "damage-repaired"]
    assert [w["line"] for w in repaired if "汉派" in w["message"]] == [28]
    # the shipped errata still apply
    assert items["2.100"]["text"] == "完成老旧燃气管网改造400公里。"


def test_errata_for_another_file(tmp_path):
    """An explicit errata file applies whatever its document says."""
    plan_file = tmp_path / "plan.txt"
    plan_file.write_text(
        "一、主要目标\n(一)增长6.5%以上。(牵头单位:市发改委;责任单位:各区人民政府)\n",
        encoding="utf-8",
    )
    errata = tmp_path / "e.toml"
    errata.write_text('[[fix]]\ndamaged = "6.5%"\ncorrected = "7%"\n', encoding="utf-8")
    result = run("parse", str(plan_file), "--errata", str(errata), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["items"][0]["text"] == "增长7%以上。"


def test_help_lists_parse():
    result = run("--help")
    assert result.exit_code == 0
    assert "parse" in result.stdout
