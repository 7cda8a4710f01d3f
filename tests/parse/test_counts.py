"""Exact structure of the bundled plan: counts checked by hand against the source."""

from collections import Counter


def test_item_counts_per_part(plan):
    assert len(plan.items) == 322
    assert [len(p.items) for p in plan.parts] == [5, 241, 7, 69]


def test_sections_per_part(plan):
    assert [len(p.sections) for p in plan.parts] == [0, 10, 5, 20]


def test_refs_are_part_dot_number(plan):
    refs = [i.ref for i in plan.items]
    expected = (
        [f"1.{n}" for n in range(1, 6)]
        + [f"2.{n}" for n in range(1, 242)]
        + [f"3.{n}" for n in range(1, 8)]
        + [f"4.{n}" for n in range(1, 70)]
    )
    assert refs == expected


def test_every_line_classified(plan):
    kinds = Counter(line.kind for line in plan.lines)
    assert kinds == Counter(
        {"item": 322, "theme": 38, "section": 35, "preamble": 11, "part": 4, "blank": 3, "noise": 2}
    )
    assert "unclassified" not in kinds and "unparsed" not in kinds
