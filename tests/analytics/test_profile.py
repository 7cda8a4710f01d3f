"""``show``: a unit's profile and an item with everything known about it."""

from __future__ import annotations

import pytest

from graph.analytics.profile import item_profile, show, unit_profile
from graph.errors import OptionError


def test_item_2_201(tables):
    data = show(tables, "2.201")
    assert data["ref"] == "2.201"
    assert data["text"].startswith("推进7个区级养老服务中心建设")
    assert (data["part"], data["section"], data["line"]) == (2, 9, 261)
    assert data["section_title"] == "着力保障改善民生,统筹发展社会事业"
    assert data["lead_by_rule"] is False
    assert {(a["unit"], a["role"]) for a in data["written"]} == {
        ("市民政局", "lead"),
        ("各区人民政府", "responsible"),
    }
    assert data["by_rule"] == []
    through = data["through_groups"]
    assert len(through) == 18
    assert {a["via_group"] for a in through} == {"各区人民政府"}
    assert {a["role"] for a in through} == {"responsible"}
    assert "新洲区人民政府" in {a["unit"] for a in through}
    assert [(t["value"], t["unit"]) for t in data["targets"]] == [(7, "个"), (70, "个"), (30, "个")]
    assert [(o["item_a"], o["item_b"], o["assignments_agree"]) for o in data["overlaps"]] == [
        ("2.201", "4.1", True)
    ]


def test_item_by_rule_and_difference(tables):
    data = item_profile(tables, "4.31")
    assert data["lead_by_rule"] is True
    assert [(a["unit"], a["role"]) for a in data["written"]] == [("市城建局", "responsible")]
    assert [(a["unit"], a["role"]) for a in data["by_rule"]] == [("市城建局", "lead")]
    assert [(o["item_a"], o["difference"]) for o in data["overlaps"]] == [
        ("2.91", "only in 2.91: 各区人民政府")
    ]


def test_unit_water_affairs(tables, model):
    data = show(tables, "市水务局")
    assert (data["unit"], data["kind"], data["name_en"]) == (
        "市水务局",
        "municipal_department",
        "Wuhan Municipal Water Affairs Bureau",
    )
    load = data["load"]
    assert (load["lead"], load["lead_by_rule"], load["responsible"], load["total"]) == (
        17,
        1,
        12,
        29,
    )
    assert load["weighted"] == 19.351
    refs = [r["ref"] for r in data["items"]]
    assert set(refs) == model.refs_with("市水务局") and len(refs) == 29
    assert refs[:3] == ["1.5", "2.13", "2.14"]  # in plan order
    roles = {r["ref"]: (r["role"], r["how"]) for r in data["items"]}
    assert roles["2.75"] == ("lead", "no_lead_rule")  # 2.75 names no lead
    assert roles["2.99"] == ("lead", "written")
    assert roles["1.5"] == ("responsible", "written")
    assert data["partners"][0] == {"unit": "各区人民政府", "shared": 11}
    assert [p["shared"] for p in data["partners"]] == sorted(
        (p["shared"] for p in data["partners"]), reverse=True
    )
    led = {r["ref"] for r in data["items"] if r["role"] == "lead"}
    assert {t["item"] for t in data["targets_as_lead"]} <= led
    assert {"2.99", "4.27", "4.41"} <= {t["item"] for t in data["targets_as_lead"]}


def test_district_profile_counts_groups(tables):
    data = unit_profile(tables, "新洲区人民政府")
    assert data["load"]["total"] == 164 and data["load"]["via_groups"] == 156
    via = {r["via_group"] for r in data["items"] if r["how"] == "group"}
    assert via == {"各区人民政府", "各新城区人民政府"}


@pytest.mark.parametrize("what", ["市不存在局", "9.99"])
def test_unknown(tables, what):
    with pytest.raises(OptionError):
        show(tables, what)
