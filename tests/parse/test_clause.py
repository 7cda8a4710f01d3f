"""The unit-clause grammar on small, made-up clauses (Simplified, normalised)."""

from __future__ import annotations

import pytest

from graph.parse.clause import bracket_balance, parse_clause, split_segments, split_top
from graph.read.registry import load_registry


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def test_comma_between_kinds_and_dunhao_within(registry):
    parsed = parse_clause(
        "牵头单位:市发改委;责任单位:市经信局、市商务局,市税务局,各区人民政府", registry
    )
    assert parsed.lead == ["市发改委"]
    assert parsed.responsible == ["市经信局", "市商务局", "市税务局", "各区人民政府"]
    assert parsed.unknown == [] and parsed.problems == []


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("武昌、洪山、江夏区人民政府", ["武昌区人民政府", "洪山区人民政府", "江夏区人民政府"]),
        ("江岸区、江汉区人民政府", ["江岸区人民政府", "江汉区人民政府"]),
        (
            "东湖高新区、长江新区、武汉经开区、临空港开发区管委会",
            ["东湖高新区管委会", "长江新区管委会", "武汉经开区管委会", "临空港开发区管委会"],
        ),
        ("洪山区、各新城区人民政府", ["洪山区人民政府", "各新城区人民政府"]),
        ("市城投公司、武汉城建集团", ["市城投公司", "武汉城建集团"]),
    ],
)
def test_shared_suffix(registry, written, expected):
    assert parse_clause(f"责任单位:{written}", registry).responsible == expected


def test_host_alias_and_group_definition(registry):
    parsed = parse_clause(
        "牵头单位:市委宣传部〈市文明办〉;责任单位:各区人民政府〈含开发区、长江新区、风景区管委会,下同〉",
        registry,
    )
    assert parsed.lead == ["市委宣传部"]
    assert parsed.responsible == ["各区人民政府"]
    assert parsed.group_notes == [("各区人民政府", "含开发区、长江新区、风景区管委会,下同")]
    assert [m.note for m in parsed.mentions] == [
        "市文明办",
        "含开发区、长江新区、风景区管委会,下同",
    ]


def test_alias_alone_resolves_to_its_unit(registry):
    assert parse_clause("责任单位:市文明办", registry).responsible == ["市委宣传部"]


def test_subassignments(registry):
    parsed = parse_clause(
        "其中,甲事〈牵头单位:市经信局〉;乙事〈牵头单位:市发改委〉;责任单位:市科技局", registry
    )
    assert [(s.text, s.lead, s.responsible) for s in parsed.subassignments] == [
        ("甲事", ["市经信局"], []),
        ("乙事", ["市发改委"], []),
    ]
    assert parsed.lead == ["市经信局", "市发改委"]
    assert parsed.responsible == ["市科技局"]


def test_repeated_unit_is_listed_once(registry):
    parsed = parse_clause("甲〈责任单位:市水务局〉;乙〈责任单位:市水务局〉", registry)
    assert parsed.responsible == ["市水务局"]


def test_unknown_unit_is_kept_and_reported(registry):
    parsed = parse_clause("牵头单位:市火星局;责任单位:市发改委", registry)
    assert parsed.lead == ["市火星局"]
    assert parsed.unknown == [("市火星局", 5)]


def test_empty_and_odd_segments_are_problems(registry):
    parsed = parse_clause("牵头单位:;责任单位:市发改委,,;随便写点", registry)
    messages = [p.message for p in parsed.problems]
    assert any("no units after 牵头单位" in m for m in messages)
    assert any("empty unit name" in m for m in messages)
    assert any("not understood" in m for m in messages)
    assert parsed.responsible == ["市发改委"]


def test_split_top_respects_brackets():
    assert split_top("甲、乙〈丙、丁〉、戊", "、") == [("甲", 0), ("乙〈丙、丁〉", 2), ("戊", 9)]


def test_split_segments_recovers_from_an_unclosed_bracket():
    assert [s for s, _ in split_segments("牵头单位:甲〈乙;责任单位:丙")] == [
        "牵头单位:甲〈乙",
        "责任单位:丙",
    ]
    # a ; inside a closed bracket that no role word follows does not split
    assert [s for s, _ in split_segments("甲〈乙;丙〉;责任单位:丁")] == [
        "甲〈乙;丙〉",
        "责任单位:丁",
    ]


@pytest.mark.parametrize(
    ("text", "offset"),
    [("(a〈b〉)", None), ("(a", 0), ("a)", 1), ("(a〉", 2), ("《a)》", 2)],
)
def test_bracket_balance(text, offset):
    assert bracket_balance(text) == offset
