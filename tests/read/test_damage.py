"""Encoding damage in the web copy: every spot found, reported where it is, repaired.

The spots were found by reading the source: a ``?`` followed by pinyin debris and
unrelated characters, on lines 101, 142, 268, 313, 409 and 410. Page noise: the view
counter on line 2, the PDF file name on the last line and stray ``?`` after lines.
"""

from __future__ import annotations

import pytest

DAMAGED_LINES = [101, 142, 268, 313, 409, 410]

# (ref, line, the repaired phrase as it must read)
REPAIRS = [
    ("2.65", 101, "加速冲刺全国百强区"),
    ("2.100", 142, "燃气管网"),
    ("2.207", 268, "高校“双一流”"),
    ("3.2", 313, "工作向为民聚焦"),
    ("3.2", 313, "加强调查研究"),
    ("4.67", 409, "燃气管网"),
    ("4.68", 410, "燃气用户安装户内"),
]


def _notices(plan, kind):
    return [n for n in plan.notices if n.kind == kind]


def test_every_damaged_line_is_found(plan, raw_lines):
    found = sorted({n.line for n in _notices(plan, "encoding-damage")})
    assert found == DAMAGED_LINES
    # independently: the lines of the raw text with a '?' that is not at the end
    with_inner_question = [
        number for number, line in enumerate(raw_lines, start=1) if "?" in line.rstrip().rstrip("?")
    ]
    assert with_inner_question == DAMAGED_LINES


def test_damage_columns_point_at_the_question_mark(plan, raw_lines):
    spots = [n for n in _notices(plan, "encoding-damage") if "'?'" in n.message]
    assert spots
    for notice in spots:
        assert raw_lines[notice.line - 1][notice.column - 1] == "?", notice


def test_every_spot_is_repaired(plan):
    repaired = [(n.line, n.message.split(" -> ")[1]) for n in _notices(plan, "damage-repaired")]
    assert repaired == [
        (101, "加速冲刺全国百强区"),
        (142, "燃气管网"),
        (268, "高校“双一流”"),
        (313, "工作向为民聚焦,"),
        (313, "加强调查研究"),
        (409, "燃气管网"),
        (410, "燃气用户安装户内"),
    ]
    assert _notices(plan, "encoding-damage-unrepaired") == []


def test_repair_columns_point_at_the_start_of_the_damaged_text(plan, raw_lines):
    for notice in _notices(plan, "damage-repaired"):
        assert raw_lines[notice.line - 1][notice.column - 1] == notice.snippet[0], notice


@pytest.mark.parametrize(("ref", "line", "phrase"), REPAIRS)
def test_repaired_phrase_in_item_text(plan, ref, line, phrase):
    item = plan.item(ref)
    assert item.line == line
    assert phrase in item.text
    assert "encoding-damage" not in item.flags


def test_repaired_items_in_full(plan):
    assert plan.item("2.100").text == "完成老旧燃气管网改造400公里。"
    assert plan.item("4.67").text == "改造老旧燃气管网400公里。"
    assert plan.item("4.68").text == "为50万燃气用户安装户内安全装置。"
    assert plan.item("2.207").text == "支持在汉高校“双一流”建设,推动市属高校特色化发展。"
    assert plan.item("2.65").text.endswith(
        "支持汉阳、青山提高先进制造业、数字经济和产城融合发展水平,加速冲刺全国百强区。"
    )
    assert plan.item("3.2").text.startswith(
        "牢记政府前面“人民”二字,坚持工作向为民聚焦,一切为了人民,一切依靠人民,"
        "深入基层,深入群众,加强调查研究,认真倾听群众呼声"
    )


def test_repaired_items_keep_their_units(plan):
    assert plan.item("2.100").lead == ["市城管执法委"]
    assert plan.item("4.68").responsible == ["各区人民政府"]
    assert plan.item("3.2").responsible == ["各区人民政府", "市人民政府各部门"]


def test_noise_lines(plan, raw_lines):
    noise = [line.number for line in plan.lines if line.kind == "noise"]
    assert noise == [2, len(raw_lines)]
    assert raw_lines[1].startswith("瀏覽量:")
    assert raw_lines[-1].endswith(".pdf")


def test_stray_trailing_question_marks_removed_and_reported(plan, raw_lines):
    removed = _notices(plan, "noise-removed")
    expected = [
        number for number, line in enumerate(raw_lines, start=1) if line.rstrip().endswith("?")
    ]
    assert [n.line for n in removed] == expected == [138, 182, 190, 365, 397]
    assert [n.snippet for n in removed] == ["??", "?", "?", "??", "??"]
    for notice in removed:
        assert raw_lines[notice.line - 1][notice.column - 1 :].rstrip() == notice.snippet
    for ref in ["2.96", "2.135", "2.142", "4.33", "4.58"]:
        item = plan.item(ref)
        assert "?" not in item.text and "?" not in item.clause
        assert item.flags == []


def test_raw_text_is_kept_for_provenance(plan, raw_lines):
    for line in plan.lines:
        assert line.raw == raw_lines[line.number - 1]
    assert "?" in plan.item("2.100").source_text


def test_without_errata_damage_is_reported_and_items_flagged(raw_text):
    """Another document number: the shipped errata do not apply, nothing is hidden."""
    from graph.parse.plan import parse_text

    plan = parse_text(raw_text.replace("1號(hào)", "9號(hào)"), path="other.txt")
    assert plan.doc_number == "武政办〔2023〕9号"
    unrepaired = sorted({n.line for n in plan.notices if n.kind == "encoding-damage-unrepaired"})
    assert unrepaired == DAMAGED_LINES
    flagged = [i.ref for i in plan.items if "encoding-damage" in i.flags]
    assert flagged == ["2.65", "2.100", "2.207", "3.2", "4.67", "4.68"]
    assert len(plan.items) == 322
    assert "?" in plan.item("2.100").text  # kept as found, not guessed
