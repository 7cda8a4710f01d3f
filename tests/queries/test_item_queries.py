"""no-lead-items, items-per-section, group-items and keyword-items on the bundled plan,
each compared in full with the parsed model and checked by hand on a few rows."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.queries.conftest import ref_key, rows, run

# -- no-lead-items ----------------------------------------------------------------------


def test_no_lead_items_whole_answer(store, model):
    got = rows(store, "no-lead-items", "ref", "effective_lead", "text")
    want = [
        (item.ref, unit, item.text)
        for item in sorted(model.plan.items, key=lambda i: ref_key(i.ref))
        if not item.lead and item.responsible
        for unit in sorted(item.responsible)
    ]
    assert got == want
    # 84 rows over 78 items; the raw text has 78 clauses opening with 責任單位
    assert len(got) == 84
    assert len({r[0] for r in got}) == 78


def test_no_lead_items_hand_checked(store):
    got = rows(store, "no-lead-items", "ref", "effective_lead")
    assert got[:4] == [
        ("1.3", "市发改委"),
        ("2.22", "市经信局"),
        ("2.26", "市经信局"),
        ("2.50", "市科技局"),
    ]
    # 2.75 (责任单位:市乡村振兴局、市水务局): both lead by the rule
    assert [r for r in got if r[0] == "2.75"] == [("2.75", "市乡村振兴局"), ("2.75", "市水务局")]
    # 2.238 (责任单位:市委宣传部〈市文明办〉), 2.94 (责任单位:武汉地铁集团)
    assert ("2.238", "市委宣传部") in got and ("2.94", "武汉地铁集团") in got
    # 2.37 names a lead (牵头单位:新洲区人民政府): not here
    assert "2.37" not in {r[0] for r in got}


def test_no_lead_items_agrees_with_raw_text(clauses, store, model):
    """78 unit clauses of the raw text open with 責任單位: no lead is named."""
    lines = sorted(n for n, clause in clauses.items() if clause.startswith("責任單位"))
    refs = {r[0] for r in rows(store, "no-lead-items", "ref")}
    assert len(lines) == len(refs) == 78
    assert lines == sorted(model.item(ref).line for ref in refs)


# -- items-per-section ----------------------------------------------------------------

SECTIONS = [
    (1, None, 5),
    (2, 1, 25), (2, 2, 24), (2, 3, 15), (2, 4, 13), (2, 5, 38),
    (2, 6, 29), (2, 7, 32), (2, 8, 18), (2, 9, 32), (2, 10, 15),
    (3, 1, 1), (3, 2, 3), (3, 3, 1), (3, 4, 1), (3, 5, 1),
    (4, 1, 3), (4, 2, 5), (4, 3, 2), (4, 4, 4), (4, 5, 2), (4, 6, 2), (4, 7, 3),
    (4, 8, 3), (4, 9, 4), (4, 10, 6), (4, 11, 4), (4, 12, 3), (4, 13, 4), (4, 14, 3),
    (4, 15, 4), (4, 16, 3), (4, 17, 4), (4, 18, 3), (4, 19, 2), (4, 20, 5),
]  # fmt: skip


def test_items_per_section_whole_list(store, model):
    got = rows(store, "items-per-section", "part", "section", "items")
    assert got == SECTIONS
    counted = Counter((item.part, item.section) for item in model.plan.items)
    assert got == [
        (p, s, n) for (p, s), n in sorted(counted.items(), key=lambda x: (x[0][0], x[0][1] or 0))
    ]


def test_items_per_section_totals(store):
    got = run(store, "items-per-section")
    assert sum(r["items"] for r in got if r["part"] == 2) == 241
    assert sum(r["items"] for r in got) == 322
    assert {r["part"]: r["part_title"] for r in got} == {
        1: "经济社会发展主要预期目标",
        2: "重点工作",
        3: "建设人民满意的服务型政府",
        4: "民生实事",
    }
    assert got[0]["section"] is None and got[0]["section_title"] is None
    assert got[1]["section_title"] == "着力扩大内需,持续增强稳增长内生动力"
    assert got[-1]["section_title"] == "强化公共安全保障"


# -- group-items ----------------------------------------------------------------------


def expected_group_rows(model) -> list[tuple]:
    out = []
    for item in sorted(model.plan.items, key=lambda i: ref_key(i.ref)):
        for role, names in (("lead", item.lead), ("responsible", item.responsible)):
            for name in names:
                unit = model.registry.get(name)
                if unit.is_group:
                    members = len(unit.members) if unit.enumerated else 0
                    out.append((item.ref, name, role, unit.enumerated, members))
    return sorted(out, key=lambda r: (ref_key(r[0]), r[1], r[2]))


def test_group_items_whole_answer(store, model):
    got = rows(store, "group-items", "ref", "group", "role", "enumerated", "members")
    assert got == expected_group_rows(model)
    assert len(got) == 169


def test_group_items_hand_checked(store):
    got = run(store, "group-items")
    assert Counter(r["group"] for r in got) == {
        "各区人民政府": 139,
        "各新城区人民政府": 17,
        "市人民政府各部门": 6,
        "各中心城区人民政府": 4,
        "各区疫情防控指挥部": 1,
        "市疫情防控指挥部各工作组": 1,
        "市直各相关部门": 1,
    }
    members = {r["group"]: (r["enumerated"], r["members"]) for r in got}
    assert members["各区人民政府"] == (True, 18)  # 13 district governments + 5 committees
    assert members["各中心城区人民政府"] == (True, 7)
    assert members["各新城区人民政府"] == (True, 6)
    assert members["市人民政府各部门"] == (False, 0)
    assert {r["role"] for r in got} == {"responsible"}  # no clause makes a group lead
    first = got[0]
    assert (first["ref"], first["group"], first["text"]) == (
        "1.1",
        "各区人民政府",
        "地区生产总值增长6.5%以上。",
    )


def test_group_items_one_group(store, model):
    got = rows(store, "group-items", "ref", "group", group="各中心城区人民政府")
    assert got == [
        ("2.65", "各中心城区人民政府"),
        ("2.81", "各中心城区人民政府"),
        ("2.82", "各中心城区人民政府"),
        ("4.40", "各中心城区人民政府"),
    ]
    assert len(run(store, "group-items", group="各区人民政府")) == 139
    assert run(store, "group-items", group="市发改委") == []  # a unit, not a group


# -- keyword-items --------------------------------------------------------------------


def test_keyword_items_default_gas(store):
    got = run(store, "keyword-items")
    assert [(r["ref"], r["text"], r["lead"], r["responsible"]) for r in got] == [
        ("2.100", "完成老旧燃气管网改造400公里。", "市城管执法委", "各区人民政府"),
        ("4.67", "改造老旧燃气管网400公里。", "市城管执法委", "各区人民政府"),
        ("4.68", "为50万燃气用户安装户内安全装置。", "市城管执法委", "各区人民政府"),
    ]


@pytest.mark.parametrize("keyword", ["轨道交通", "湿地", "文明", "专精特新"])
def test_keyword_items_against_model(store, model, keyword):
    got = run(store, "keyword-items", keyword=keyword)
    items = sorted((i for i in model.plan.items if keyword in i.text), key=lambda i: ref_key(i.ref))
    assert [r["ref"] for r in got] == [i.ref for i in items]
    for row, item in zip(got, items, strict=True):
        # each list sorted, so the answer is the same on any store or endpoint
        assert row["lead"] == "、".join(sorted(set(item.effective_lead)))
        assert row["responsible"] == ("、".join(sorted(set(item.responsible))) or None)


def test_keyword_items_no_lead_item_shows_rule_lead(store):
    (row,) = run(store, "keyword-items", keyword="建成5号线二期")
    assert (row["ref"], row["lead"], row["responsible"]) == ("2.94", "武汉地铁集团", "武汉地铁集团")


def test_keyword_items_nothing(store):
    assert run(store, "keyword-items", keyword="不存在的关键词") == []
