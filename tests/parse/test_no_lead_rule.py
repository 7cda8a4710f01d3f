"""The plan's rule 「无牵头单位的,责任单位即为牵头单位」, checked against the raw text.

The expected numbers come from a plain regex over the web copy's lines, not from the
parser: an item line is one that starts with ``N.`` or ``(一)`` and has a unit
clause; it names a lead when ``牽頭單位`` occurs in it (a sub-assignment's
``〈牽頭單位:…〉`` counts).
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import READING

ITEM_LINE = re.compile(r"^(?:\d{1,3}\.|\([一二三四五六七八九十]+\))")


def _raw_items(raw_lines: list[str]) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(raw_lines, start=1):
        plain = READING.sub("", line)
        if ITEM_LINE.match(plain) and "單位:" in plain:
            found.append((number, plain))
    return found


def test_raw_regex_sees_every_item(plan, raw_lines):
    assert [n for n, _ in _raw_items(raw_lines)] == [i.line for i in plan.items]


def test_count_of_items_without_a_named_lead(plan, raw_lines):
    raw_no_lead = [n for n, line in _raw_items(raw_lines) if "牽頭單位" not in line]
    parsed_no_lead = [i.line for i in plan.items if not i.lead]
    assert parsed_no_lead == raw_no_lead
    assert len(raw_no_lead) == 78
    assert sum(1 for i in plan.items if i.lead_by_rule) == 78


def test_the_rule_is_read_from_the_notice(plan):
    assert plan.no_lead_rule is True


def test_rule_applies_only_where_no_lead_is_named(plan):
    for item in plan.items:
        if item.lead:
            assert item.effective_lead == item.lead and not item.lead_by_rule, item.ref
        else:
            assert item.effective_lead == item.responsible and item.lead_by_rule, item.ref
            assert item.effective_lead, item.ref


@pytest.mark.parametrize(
    ("ref", "effective"),
    [
        ("1.3", ["市发改委"]),
        ("2.22", ["市经信局"]),
        ("2.26", ["市经信局"]),
        ("2.52", ["东湖高新区管委会"]),
        ("2.75", ["市乡村振兴局", "市水务局"]),
        ("2.94", ["武汉地铁集团"]),
        ("2.238", ["市委宣传部"]),
        ("3.1", ["各区人民政府", "市人民政府各部门"]),
        ("3.4", ["市民服务热线办公室"]),
        ("4.4", ["市卫健委"]),
        ("4.69", ["市民防办"]),
    ],
)
def test_rule_by_ref(plan, ref, effective):
    item = plan.item(ref)
    assert item.lead == []
    assert item.lead_by_rule
    assert item.effective_lead == effective


def test_named_lead_inside_subassignments_counts(plan):
    item = plan.item("2.49")
    assert item.lead == ["市经信局", "市发改委"] and not item.lead_by_rule


def test_no_lead_per_part(plan):
    per_part = {p.number: sum(1 for r in p.items if not plan.item(r).lead) for p in plan.parts}
    # counted by hand from the source: part 三 names a lead only in 3.3
    assert per_part[3] == 6
    assert per_part[1] == 1
    assert sum(per_part.values()) == 78
