"""Every published form of the bundled plan reads as the same 322 items.

The forms (``tests/fixtures/forms``, written once by ``make_forms.py`` from the
bundled plan) are what a government site publishes: a web copy pasted as text, the
notice as a web page, the plan as an HTML table with merged lead cells, a Word
document, an Excel workbook and a PDF printed from the table page. Each must give
the bundled text's refs, texts, lead and responsible units, item for item.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.parse.plan import parse_plan

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "forms"
# form: (detected format, layouts that read it)
CASES = {
    "copy.txt": ("text", "inline"),
    "inline.html": ("html", "inline"),
    "table.html": ("html", "inline,table"),
    "docx": ("docx", "inline,table"),
    "xlsx": ("xlsx", "inline,table"),
    "pdf": ("pdf", "inline,table"),
}


@pytest.fixture(scope="module")
def forms():
    return {name: parse_plan(FORMS / f"wuhan-2023.{name}") for name in CASES}


def _items(plan):
    return [(i.ref, i.text, i.lead, i.responsible) for i in plan.items]


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_items_as_the_bundled_text(forms, plan, name):
    assert _items(forms[name]) == _items(plan)
    assert len(forms[name].items) == 322


@pytest.mark.parametrize("name", sorted(CASES))
def test_format_layout_and_notice(forms, name):
    form = forms[name]
    assert (form.format, form.layout) == CASES[name]
    assert form.doc_number == "武政办〔2023〕1号"
    assert form.plan_title == "2023年市《政府工作报告》目标任务责任分解方案"
    assert form.issued == date(2023, 1, 12)
    assert form.lead_rule == "responsible_lead"
    assert form.lead_rule_text == "无牵头单位的,责任单位即为牵头单位,下同"
    assert [d.due for d in form.duties][0] == [date(2023, 2, 10)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_effective_leads_and_subassignments_agree(forms, plan, name):
    form = forms[name]
    assert [i.effective_lead for i in form.items] == [i.effective_lead for i in plan.items]
    assert [i.lead_by_rule for i in form.items].count(True) == 78
    assert [(s.text, s.lead, s.responsible) for s in form.item("2.49").subassignments] == [
        (s.text, s.lead, s.responsible) for s in plan.item("2.49").subassignments
    ]


def test_table_items_say_where_they_were_read(forms):
    xlsx = forms["xlsx"].item("2.201")
    assert xlsx.where == str(FORMS / "wuhan-2023.xlsx") + ":sheet 分解方案:table 2:row 252"
    pdf = forms["pdf"].items[0]
    assert ":page 1:" in pdf.where or ":page 2:" in pdf.where
    assert forms["copy.txt"].items[0].where == ""  # a text line is cited by its line


def test_web_copy_items_lose_their_numbers_and_flags(forms):
    copy = forms["copy.txt"]
    assert copy.item("1.1").text == "地区生产总值增长6.5%以上。"
    assert copy.item("2.1").text.startswith("把恢复和扩大消费摆在优先位置")
    assert not [i.ref for i in copy.items if i.flags]
