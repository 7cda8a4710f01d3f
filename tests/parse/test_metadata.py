"""The notice before the plan: number, title, issuer, date, rule and reporting duties."""

from __future__ import annotations

from datetime import date

from graph.model import LEAD
from graph.parse.plan import parse_text


def test_document(plan):
    assert plan.doc_number == "武政办〔2023〕1号"
    assert (
        plan.title
        == "武汉市人民政府办公厅关于印发2023年市〈政府工作报告〉目标任务责任分解方案的通知"
    )
    assert plan.plan_title == "2023年市《政府工作报告》目标任务责任分解方案"
    assert plan.issuer == "武汉市人民政府办公厅"
    assert plan.issued == date(2023, 1, 12)


def test_city_and_year(plan):
    assert (plan.city, plan.city_slug, plan.year) == ("武汉", "wuhan", 2023)
    assert plan.slug == "wuhan-2023"


def test_source(plan, raw_text):
    import hashlib

    assert plan.source == "<bundled>/wuhan-2023.txt"
    assert plan.encoding == "utf-8"
    assert plan.sha256 == hashlib.sha256(raw_text.encode("utf-8")).hexdigest()


def test_no_lead_rule(plan):
    assert plan.no_lead_rule is True


def test_work_plan_duty(plan):
    duty = next(d for d in plan.duties if d.key == "work-plan")
    assert duty.due == [date(2023, 2, 10)]
    assert duty.report_to == "市人民政府督查室"
    assert duty.bearer == LEAD
    assert duty.description == "制订的办理方案、督办工作人员名单及其联系方式"
    assert duty.line == 6


def test_quarterly_progress_duty(plan):
    duty = next(d for d in plan.duties if d.key == "quarterly-progress")
    assert duty.due == [date(2023, 4, 20), date(2023, 7, 20), date(2023, 10, 20)]
    assert duty.report_to == "市人民政府督查室"
    assert duty.bearer == LEAD
    assert duty.description == "责任事项完成情况"
    assert duty.line == 8


def test_exactly_two_duties(plan):
    assert [d.key for d in plan.duties] == ["work-plan", "quarterly-progress"]


def test_parts_and_titles(plan):
    assert [(p.number, p.title, p.line) for p in plan.parts] == [
        (1, "经济社会发展主要预期目标", 13),
        (2, "重点工作", 19),
        (3, "建设人民满意的服务型政府", 309),
        (4, "民生实事", 322),
    ]
    part2 = plan.parts[1]
    assert [len(s.items) for s in part2.sections] == [25, 24, 15, 13, 38, 29, 32, 18, 32, 15]
    assert sum(len(s.themes) for s in part2.sections) == 38
    assert part2.sections[0].title == "着力扩大内需,持续增强稳增长内生动力"
    assert part2.sections[0].themes[0].title == "千方百计提振促进消费"
    assert plan.parts[3].sections[10].title == "增加绿色休憩空间"


def test_impossible_dates_in_the_notice_are_reported_not_fatal(raw_text):
    """A damaged copy can carry 2023年13月12日; the plan is still read."""
    damaged = raw_text.replace("2023年1月12日", "2023年13月12日").replace(
        "2023年2月10日前", "2023年2月31日前"
    )
    plan = parse_text(damaged, path="damaged.txt")
    assert len(plan.items) == 322
    assert plan.issued is None
    assert [d.key for d in plan.duties] == ["quarterly-progress"]
    bad = [(n.kind, n.line) for n in plan.notices if n.kind == "bad-date"]
    assert bad == [("bad-date", 6), ("bad-date", 10)]


def test_impossible_quarter_month_is_reported(raw_text):
    damaged = raw_text.replace("第1個(gè)月的20日前", "第7個(gè)月的20日前")
    assert damaged != raw_text
    plan = parse_text(damaged, path="damaged.txt")
    assert [d.key for d in plan.duties] == ["work-plan"]
    assert [n.line for n in plan.notices if n.kind == "bad-date"] == [8]
