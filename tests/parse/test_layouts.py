"""Each layout, bracket style, numbering and role form on small hand-made plans.

The real excerpts (``test_real_plans``) cover what published plans were found to
do; these cover what the readers issue names and no excerpt happened to show:
``【】`` brackets, 主办/协办, ``(1)`` numbering, ``|`` tables, data providers,
higher-level leads, deadlines with dates, numbering restarting per section, and
the plan's own lead rules.
"""

from __future__ import annotations

from datetime import date

import pytest

from graph.errors import InputError, OptionError
from graph.parse.plan import PROBLEMS, parse_text

NOTICE = "某某市人民政府办公厅关于印发2024年重点工作分工方案的通知\n某政办〔2024〕3号\n"


def parse(body: str, notice: str = NOTICE, **options):
    return parse_text(notice + body, path="plan.txt", **options)


def test_square_brackets_and_host_cooperating_suffixes():
    plan = parse(
        "一、稳定增长\n"
        "1.推进项目建设。【市发改委主办,市财政局、市自然资源局协办】\n"
        "2.扩大消费。[市商务局牵头,各区人民政府配合]\n"
        "3.稳定外贸。〔市商务局负责〕\n"
    )
    one, two, three = plan.items
    assert (one.lead, one.responsible, one.cooperating) == (
        ["市发改委"],
        [],
        ["市财政局", "市自然资源局"],
    )
    assert (two.lead, two.cooperating) == (["市商务局"], ["各区人民政府"])
    assert (three.lead, three.responsible) == ([], ["市商务局"])
    assert [i.text for i in plan.items] == ["推进项目建设。", "扩大消费。", "稳定外贸。"]
    assert plan.layout == "inline"


def test_numbering_forms_and_no_number_left_in_text():
    plan = parse(
        "一、目标\n"
        "(1)任务甲。(牵头单位:市发改委)\n"
        "(2)任务乙。(牵头单位:市发改委)\n"
        "二、重点\n"
        "1、任务丙。(牵头单位:市发改委)\n"
        "2﹒任务丁。(牵头单位:市发改委)\n"
        "3．任务戊。(牵头单位:市发改委)\n"
    )
    assert [(i.ref, i.number_text, i.text) for i in plan.items] == [
        ("1.1", "(1)", "任务甲。"),
        ("1.2", "(2)", "任务乙。"),
        ("2.1", "1、", "任务丙。"),
        ("2.2", "2﹒", "任务丁。"),
        ("2.3", "3.", "任务戊。"),
    ]


def test_sub_items_in_another_numbering_style_nest_under_their_item():
    plan = parse(
        "一、应急体系\n"
        "1.完善应急预案体系\n"
        "(1)加强预案管理。\n(2)推进预案精编化。\n"
        "(责任单位:市应急局、各区人民政府)\n"
        "2.健全应急管理体制。(牵头单位:市应急局)\n"
        "(1)理顺体制。(责任单位:市委编办)\n"
    )
    assert [(i.ref, i.lead, i.responsible) for i in plan.items] == [
        ("1.1", [], []),
        ("1.1.1", [], ["市应急局", "各区人民政府"]),
        ("1.1.2", [], ["市应急局", "各区人民政府"]),
        ("1.2", ["市应急局"], []),
        ("1.2.1", [], ["市委编办"]),
    ]
    assert not [i.ref for i in plan.items if "duplicate-ref" in i.flags]


def test_role_lines_with_people_providers_higher_leads_and_deadlines():
    plan = parse(
        "一、重点任务\n"
        "1.建成城市轨道交通新线。\n"
        "牵头领导:张三\n"
        "省牵头单位:省交通运输厅\n"
        "牵头单位:市交通局\n"
        "责任单位:市发改委、市财政局\n"
        "协同单位:市公安局\n"
        "数据提供单位:市统计局\n"
        "完成时限:2024年6月底前\n"
        "2.办好民生实事。\n"
        "责任单位:市民政局\n"
        "时间节点:年底前\n"
    )
    one, two = plan.items
    assert one.lead == ["市交通局"] and one.responsible == ["市发改委", "市财政局"]
    assert one.cooperating == ["市公安局"] and one.people == ["张三"]
    assert one.higher_leads == ["省交通运输厅"] and one.data_providers == ["市统计局"]
    assert (one.deadline, one.deadline_date) == ("2024年6月底前", date(2024, 6, 30))
    assert (two.deadline, two.deadline_date) == ("年底前", date(2024, 12, 31))
    assert "张三" not in one.units() + one.all_units()
    assert plan.layout == "role-lines"
    assert not [n for n in plan.notices if n.kind in PROBLEMS]


def test_pipe_table_in_text():
    plan = parse(
        "序号 | 工作任务 | 牵头单位 | 责任单位 | 完成时限\n"
        "1 | 新建 5G 基站 3000 个 | 市经信局 | 各区人民政府 | 2024年12月\n"
        "2 | 新增就业 10 万人 | 市人社局 | 市教育局、市财政局 | 2024年底\n"
    )
    assert [(i.ref, i.text, i.lead, i.responsible, i.deadline_date) for i in plan.items] == [
        ("1.1", "新建 5G 基站 3000 个", ["市经信局"], ["各区人民政府"], date(2024, 12, 31)),
        ("1.2", "新增就业 10 万人", ["市人社局"], ["市教育局", "市财政局"], date(2024, 12, 31)),
    ]
    assert plan.layout == "flat-table"
    assert [n.kind for n in plan.notices if n.kind in PROBLEMS] == []


def test_numbering_that_restarts_per_section_gets_three_level_refs():
    plan = parse(
        "一、扩大内需\n(一)促进消费\n"
        "1.任务甲。(牵头单位:市商务局)\n2.任务乙。(牵头单位:市商务局)\n"
        "(二)扩大投资\n"
        "1.任务丙。(牵头单位:市发改委)\n2.任务丁。(牵头单位:市发改委)\n"
    )
    assert [i.ref for i in plan.items] == ["1.1.1", "1.1.2", "1.2.1", "1.2.2"]
    assert not [i for i in plan.items if "duplicate-ref" in i.flags]
    assert plan.parts[0].sections[1].items == ["1.2.1", "1.2.2"]


def test_continuous_numbering_keeps_two_level_refs_and_flags_true_duplicates():
    plan = parse(
        "一、扩大内需\n(一)促进消费\n1.任务甲。(牵头单位:市商务局)\n"
        "(二)扩大投资\n2.任务乙。(牵头单位:市发改委)\n2.任务丙。(牵头单位:市发改委)\n"
    )
    assert [i.ref for i in plan.items] == ["1.1", "1.2", "1.2"]
    assert {"numbering", "duplicate-ref"} <= set(plan.items[2].flags)
    assert "duplicate-ref" not in plan.items[1].flags


def test_several_tasks_in_one_paragraph():
    plan = parse(
        "一、创新\n"
        "推进示范区建设(省科技厅牵头)。落实税收政策(省财政厅、省税务局按职责分工负责),"
        "建设众创空间(省科技厅负责)。\n"
    )
    assert [(i.ref, i.text, i.lead, i.responsible) for i in plan.items] == [
        ("1.1", "推进示范区建设", ["省科技厅"], []),
        ("1.1-2", "落实税收政策", [], ["省财政厅", "省税务局"]),
        ("1.1-3", "建设众创空间", [], ["省科技厅"]),
    ]


def test_posts_are_people_not_units():
    plan = parse("一、创新\n1.实施计划。(分管副市长负责,市科技局牵头,市财政局配合)\n")
    item = plan.items[0]
    assert (item.people, item.lead, item.cooperating) == (
        ["分管副市长"],
        ["市科技局"],
        ["市财政局"],
    )


@pytest.mark.parametrize(
    ("sentence", "rule", "effective"),
    [
        ("无牵头单位的,责任单位即为牵头单位。", "responsible_lead", ["市发改委", "市财政局"]),
        ("责任单位中,列第一位的为牵头单位。", "first_listed", ["市发改委"]),
        ("排名第一的责任单位为牵头单位。", "first_listed", ["市发改委"]),
        ("请认真贯彻执行。", "", []),
    ],
)
def test_lead_rule_from_the_notice(sentence, rule, effective):
    plan = parse(
        "一、任务\n1.任务甲。(责任单位:市发改委、市财政局)\n", notice=NOTICE + sentence + "\n"
    )
    item = plan.items[0]
    assert (plan.lead_rule, item.lead_rule) == (rule, rule)
    assert item.lead == [] and item.effective_lead == effective
    assert item.lead_by_rule == bool(effective)
    assert (plan.lead_rule_text != "") == bool(rule)


def test_layout_can_be_forced():
    body = "一、任务\n1.任务甲。\n牵头单位:市发改委\n"
    assert parse(body).items[0].lead == ["市发改委"]
    forced = parse(body, layout="inline")
    assert forced.items[0].lead == [] and "missing-clause" in forced.items[0].flags
    with pytest.raises(OptionError):
        parse(body, layout="sideways")


def test_notice_prose_is_never_an_item():
    with pytest.raises(InputError):
        parse(
            "各牵头单位要加强统筹协调,责任单位要密切配合。\n"
            "一、各有关部门要高度重视,牵头部门要加大协调力度。\n"
        )


def test_items_before_any_part_header_are_kept_and_reported():
    plan = parse(
        "一、目标。\n1.任务甲。(牵头单位:市发改委)\n二、重点\n2.任务乙。(牵头单位:市发改委)\n"
    )
    assert [i.ref for i in plan.items] == ["1.1", "2.2"]
    assert any(
        n.kind == "numbering" and "before any part header" in n.message for n in plan.notices
    )


def test_unregistered_units_have_a_guessed_kind():
    from graph.parse.plan import registry_for

    plan = parse("一、任务\n1.任务甲。(牵头单位:市发改委;责任单位:某某集团、各区人民政府)\n")
    registry = registry_for(plan.lines)
    assert registry.complete is False
    assert [
        (registry.get(n).kind, registry.get(n).registered) for n in plan.items[0].all_units()
    ] == [
        ("municipal_department", False),
        ("state_owned_enterprise", False),
        ("group", False),
    ]


def test_damaged_numerals_in_headings_are_lines_not_crashes():
    plan = parse("一、任务\n二二、重复标题\n(十十)另一标题\n1.任务甲。(牵头单位:市发改委)\n")
    kinds = {line.text: line.kind for line in plan.lines}
    assert kinds["二二、重复标题"] == "unparsed" and kinds["(十十)另一标题"] == "unparsed"
    assert [p.number for p in plan.parts] == [1] and plan.parts[0].sections == []
    assert plan.items[0].ref == "1.1"
