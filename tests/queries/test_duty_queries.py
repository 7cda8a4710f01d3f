"""soe-duties, party-organ-duties, plan-metadata and reporting-duties: whole answers."""

from __future__ import annotations

from datetime import date

import pytest

from tests.queries.conftest import ref_key, rows, run

SOE_DUTIES = [
    ("市公交集团", "4.29", "responsible"),
    ("市城投公司", "2.88", "responsible"),
    ("市城投公司", "2.96", "responsible"),
    ("市城投公司", "2.223", "responsible"),
    ("市城投公司", "2.228", "responsible"),
    ("市城投公司", "4.33", "responsible"),
    ("市城投公司", "4.39", "responsible"),
    ("市城投公司", "4.40", "responsible"),
    ("武汉地铁集团", "2.94", "lead"),  # 责任单位:武汉地铁集团 — leads by the no-lead rule
    ("武汉地铁集团", "2.95", "responsible"),
    ("武汉地铁集团", "2.160", "responsible"),
    ("武汉城发集团", "2.104", "responsible"),
    ("武汉城发集团", "2.124", "responsible"),
    ("武汉城发集团", "2.135", "responsible"),
    ("武汉城发集团", "2.228", "responsible"),
    ("武汉城建集团", "2.81", "responsible"),
    ("武汉城建集团", "2.82", "responsible"),
    ("武汉城建集团", "2.88", "responsible"),
    ("武汉城建集团", "2.96", "responsible"),
    ("武汉城建集团", "2.104", "responsible"),
    ("武汉城建集团", "2.219", "responsible"),
    ("武汉城建集团", "4.26", "responsible"),
    ("武汉城建集团", "4.33", "responsible"),
    ("武汉文旅集团", "2.87", "responsible"),
    ("武汉文旅集团", "2.218", "responsible"),
    ("武汉文旅集团", "2.226", "responsible"),
    ("武汉金控集团", "2.162", "responsible"),
]

PARTY_ORGAN_DUTIES = [
    ("市人才工作局", "2.63", "lead"),
    ("市人才工作局", "2.64", "lead"),
    ("市人才工作局", "2.73", "responsible"),
    ("市人才工作局", "2.190", "responsible"),
    ("市人才工作局", "2.195", "responsible"),
    ("市委农办", "2.70", "responsible"),
    ("市委宣传部", "2.193", "lead"),  # written 市委宣传部〈市文明办〉
    ("市委宣传部", "2.238", "lead"),  # no lead named: the rule
    ("市委政法委", "2.239", "lead"),
    ("市委网信办", "2.39", "lead"),
]


def expected_duties(model, kind: str) -> list[tuple]:
    out = set()
    for item in model.plan.items:
        for name in set(item.lead) | set(item.responsible):
            if model.registry.get(name).kind == kind:
                out.add((name, item.ref, "lead" if name in item.effective_lead else "responsible"))
    return sorted(out, key=lambda r: (r[0], ref_key(r[1])))


@pytest.mark.parametrize(
    ("query", "kind", "answer"),
    [
        ("soe-duties", "state_owned_enterprise", SOE_DUTIES),
        ("party-organ-duties", "party_organ", PARTY_ORGAN_DUTIES),
    ],
)
def test_duties_whole_list(store, model, query, kind, answer):
    got = rows(store, query, "unit", "ref", "role")
    assert got == answer
    assert got == expected_duties(model, kind)
    for row in run(store, query):
        assert row["text"] == model.item(row["ref"]).text


def test_plan_metadata(store, model, raw_lines):
    (row,) = run(store, "plan-metadata")
    assert row == {
        "plan": "https://w3id.org/dutygraph/id/plan/wuhan-2023",
        "doc_number": "武政办〔2023〕1号",
        "title": "武汉市人民政府办公厅关于印发2023年市〈政府工作报告〉目标任务责任分解方案的通知",
        "plan_title": "2023年市《政府工作报告》目标任务责任分解方案",
        "issuer": "武汉市人民政府办公厅",
        "issued": date(2023, 1, 12),
        "year": 2023,
        "no_lead_rule": True,
        "source": "wuhan-2023.txt",
        "sha256": model.plan.sha256,
        "items": 322,
    }
    # the raw text: 武政辦〔2023〕1號 on line 1, 2023年1月12日 under the signature
    assert raw_lines[0].startswith("武政辦〔2023〕1號")
    assert "2023年1月12日" in raw_lines
    assert len(model.plan.sha256) == 64


def test_reporting_duties(store):
    got = rows(store, "reporting-duties", "duty", "bearer_role", "report_to", "due")
    assert got == [
        # 各牽頭單位于2023年2月10日前將制訂的辦理方案…報市人民政府督查室
        ("work-plan", "lead", "市人民政府督查室", date(2023, 2, 10)),
        # 各牽頭單位要在每個季度第1個月的20日前,將責任事項完成情況報市人民政府督查室
        ("quarterly-progress", "lead", "市人民政府督查室", date(2023, 4, 20)),
        ("quarterly-progress", "lead", "市人民政府督查室", date(2023, 7, 20)),
        ("quarterly-progress", "lead", "市人民政府督查室", date(2023, 10, 20)),
    ]
    answer = run(store, "reporting-duties")
    assert answer[0]["description"] == "制订的办理方案、督办工作人员名单及其联系方式"
    assert answer[0]["recurrence"] is None
    assert {r["description"] for r in answer[1:]} == {"责任事项完成情况"}
    assert all(r["recurrence"].startswith("quarterly") for r in answer[1:])
