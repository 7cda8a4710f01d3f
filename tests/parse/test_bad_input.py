"""Bad input through the Python API: unusable input raises InputError naming file,
line and column; a damaged plan is read, the damaged item kept and flagged."""

from __future__ import annotations

import pytest

from graph.errors import InputError
from graph.parse.plan import PROBLEMS, parse_plan, parse_text
from tests.bad_inputs import UNUSABLE, damaged


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_unusable(tmp_path, name):
    case = UNUSABLE[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(case.data)
    with pytest.raises(InputError) as exc:
        parse_plan(path)
    error = exc.value
    assert error.exit_code == 2
    assert (error.path, error.line, error.column) == (str(path), case.line, case.column)
    assert case.reason in error.reason
    assert str(error) == f"{path}:{case.line}:{case.column}: {error.reason}"
    assert "\n" not in str(error)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt:0:0: no such file"):
        parse_plan(tmp_path / "nope.txt")


def test_directory(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        parse_plan(tmp_path)


def test_parse_text_of_nothing():
    with pytest.raises(InputError, match="not a responsibility-decomposition plan"):
        parse_text("")


@pytest.fixture(scope="module")
def damaged_cases(raw_text):
    return damaged(raw_text)


@pytest.mark.parametrize(
    "name",
    [
        "truncated-clause",
        "truncated-mid-name",
        "truncated-in-group-note",
        "truncated-file",
        "unbalanced-in-text",
        "unbalanced-in-clause",
        "skipped-number",
        "duplicate-number",
        "text-after-clause",
    ],
)
def test_damaged_item_is_kept_flagged_and_reported(damaged_cases, name):
    case = damaged_cases[name]
    plan = parse_text(case.text, path=f"{name}.txt")
    assert len(plan.items) == case.items
    flagged = [i for i in plan.items if i.line == case.line]
    assert [i.ref for i in flagged] == [case.ref]
    item = flagged[0]
    assert case.flag in item.flags
    assert item.text
    warnings = [n for n in plan.notices if n.kind == case.flag and n.line == case.line]
    assert warnings, plan.notices
    raw = case.text.split("\n")[case.line - 1]
    assert raw[warnings[0].column - 1] == case.raw_char
    assert case.flag in PROBLEMS
    # every other item is read as before
    others = [i for i in plan.items if i.line != case.line and i.flags]
    assert others == []


def test_truncated_clause_keeps_the_units_it_has(damaged_cases):
    plan = parse_text(damaged_cases["truncated-clause"].text)
    item = plan.item("2.2")
    assert item.lead == ["市商务局"]
    assert item.responsible[-1] == "各区人民政府"
    assert item.flags == ["truncated-clause"]


def test_truncated_mid_name_keeps_the_unknown_fragment(damaged_cases):
    plan = parse_text(damaged_cases["truncated-mid-name"].text)
    item = plan.item("2.2")
    assert item.lead == ["市商务局"]
    assert item.responsible == ["市发改委", "市教"]
    assert set(item.flags) == {"truncated-clause", "unknown-unit"}


def test_truncated_group_note_keeps_the_group(damaged_cases):
    plan = parse_text(damaged_cases["truncated-in-group-note"].text)
    item = plan.item("1.1")
    assert (item.lead, item.responsible) == (["市发改委"], ["各区人民政府"])
    assert plan.group_definitions == []  # half a definition is not recorded


def test_unclosed_host_bracket_keeps_both_roles(damaged_cases):
    plan = parse_text(damaged_cases["unbalanced-in-clause"].text)
    item = plan.item("2.1")
    assert item.lead == ["市建设国际消费中心城市工作领导小组办公室"]
    assert item.responsible == ["市发改委", "各区人民政府"]
    assert item.text.endswith("加快建设国际消费中心城市。")


def test_text_after_clause_is_not_read_as_a_unit(damaged_cases):
    plan = parse_text(damaged_cases["text-after-clause"].text)
    item = plan.item("2.5")
    assert (item.lead, item.responsible) == (["市商务局"], ["各区人民政府"])
    assert item.flags == ["text-after-clause"]


def test_item_without_clause_in_the_targets_part_stays_an_item(raw_text):
    lines = raw_text.split("\n")
    lines[14] = lines[14][: lines[14].index("(牽")]  # 1.2 loses its clause
    plan = parse_text("\n".join(lines))
    item = plan.item("1.2")
    assert item.flags == ["missing-clause"]
    assert item.text == "城镇新增就业22万人以上。"
    assert len(plan.parts[0].sections) == 0 and len(plan.items) == 322


def test_first_target_without_clause_stays_an_item(raw_text):
    lines = raw_text.split("\n")
    lines[13] = lines[13][: lines[13].index("(牽")]
    plan = parse_text("\n".join(lines))
    assert plan.item("1.1").flags == ["missing-clause"]
    assert len(plan.parts[0].sections) == 0


def test_wrapped_item_is_joined(raw_text):
    lines = raw_text.split("\n")
    head, tail = lines[25][:20], lines[25][20:]
    plan = parse_text("\n".join(lines[:25] + [head, tail] + lines[26:]))
    item = plan.item("2.5")
    assert item.text == "新增品牌连锁便利店200家、智慧商店1000家。"
    assert item.flags == [] and item.responsible == ["各区人民政府"]
    assert [line.kind for line in plan.lines[25:27]] == ["item", "continuation"]
