"""Overlaps: restated items (hand-checked against the plan's clauses), unit pairs,
several leads and shared target figures."""

from __future__ import annotations

import pandas as pd
import pytest

from graph.analytics.overlaps import (
    DUPLICATE_COLUMNS,
    _difference,
    co_assignment,
    duplicates,
    multi_lead,
    shared_targets,
)

# (item_a, item_b): the difference of their unit clauses as written ("" = they agree),
# each read from the plan (graph/data/wuhan-2023.txt; the line of each item in the
# comment). A 民生实事 item (part 4) restates a key-work item (part 2).
HAND_CHECKED = {
    # 2.5 (line 26) and 4.60 (400): 新增品牌连锁便利店200家; 牵头 市商务局, 责任 各区人民政府.
    ("2.5", "4.60"): "",
    # 2.10 (31) and 4.61 (401): 建设22个“一刻钟便民生活圈”; 市商务局 / 各区人民政府 both.
    ("2.10", "4.61"): "",
    # 2.91 (133): 牵头 市城建局, 责任 各区人民政府. 4.31 (363): 责任单位:市城建局 only,
    # which leads by the no-lead rule, so the lead agrees and 各区人民政府 is missing.
    ("2.91", "4.31"): "only in 2.91: 各区人民政府",
    # 2.93 (135) and 4.30 (362): 提升慢行交通设施146公里; the same pattern as 2.91/4.31.
    ("2.93", "4.30"): "only in 2.93: 各区人民政府",
    # 2.99 (141): 整治易渍水点19处,新建排水管网100公里; 4.27 (358) 新建排水管网100公里
    # and 4.25 (356) 全面整治易渍水点19处: 市水务局 / 各区人民政府 on all three.
    ("2.99", "4.27"): "",
    ("2.99", "4.25"): "",
    # 2.110 (154) and 4.42 (377): 创建100个精细化管理示范片区; 市城管执法委 / 各区人民政府.
    ("2.110", "4.42"): "",
    # 2.111 (155): 完成60条道路箱柜美化, 牵头 市城管执法委, 责任 各区人民政府;
    # 4.44 (379): 责任单位:市城管执法委 only.
    ("2.111", "4.44"): "only in 2.111: 各区人民政府",
    # 2.113 (157) and 4.48 (384): 创建生活垃圾分类示范点500个; the same clause.
    ("2.113", "4.48"): "",
    # 2.182 (238): 新改建农村公路200公里 …; 牵头 市交通运输局, 责任 市经信局、市城建局、
    # 市农业农村局、市乡村振兴局、市通信管理局、各新城区人民政府. 4.52 (389): 牵头
    # 市交通运输局, 责任 各新城区人民政府: five departments are missing from 4.52.
    (
        "2.182",
        "4.52",
    ): "only in 2.182: 市乡村振兴局、市农业农村局、市城建局、市经信局、市通信管理局",
    # 2.201 (261) and 4.1 (324): 社区老年人服务中心(站)70个、农村老年人互助中心30个;
    # 市民政局 / 各区人民政府 both.
    ("2.201", "4.1"): "",
    # 2.203 (263) and 4.19 (348): 保障性租赁住房5.8万套(间); 市房管局 / 各区人民政府.
    ("2.203", "4.19"): "",
    # 2.204 (265) splits into 4.9 (334, 幼儿园45所、学位1.2万个) and 4.10 (335,
    # 中小学25所、学位3.3万个); 市教育局 / 各区人民政府 on all three.
    ("2.204", "4.9"): "",
    ("2.204", "4.10"): "",
    # 2.187 (244) and 4.49 (386): 市级示范家庭农场60家、合作社30家; 市农业农村局 /
    # 各新城区人民政府 both.
    ("2.187", "4.49"): "",
    # 2.85 (126) and 4.3 (326): 居家适老化改造2000户以上; 市民政局 / 各区人民政府.
    ("2.85", "4.3"): "",
    # 2.100 (142) and 4.67 (409): 老旧燃气管网改造400公里; 市城管执法委 / 各区人民政府.
    ("2.100", "4.67"): "",
    # 2.83 (124) and 4.21 (350): 260个老旧小区改造; 市房管局 / 各区人民政府.
    ("2.83", "4.21"): "",
    # 2.112 (156) and 4.34 (366): 修复人行道20万平方米; 市城管执法委 / 各区人民政府.
    ("2.112", "4.34"): "",
    # 2.96 (138) 新增停车泊位12万个 and 4.33 (365) 停车泊位12万个、充电桩6万个: both
    # 牵头 市停车场及新能源汽车配套设施建设工作领导小组, 责任 市公安局、市自然资源规划局、
    # 市城管执法委、各区人民政府、市城投公司、武汉城建集团.
    ("2.96", "4.33"): "",
    # 2.86 (127) and 4.16 (343): 困难残疾人家庭无障碍改造2600户以上; 市残联 / 各区人民政府.
    ("2.86", "4.16"): "",
    # 2.105 (148) and 4.37 (370): 花景大道10条,花漾街区15个、花田花海300公顷;
    # 市园林林业局 / 各区人民政府.
    ("2.105", "4.37"): "",
    # 2.185 (241): 300个乡村生活垃圾分类收集点, 责任 各新城区人民政府; 4.46 (382):
    # 300个生活垃圾分类收集屋, 责任 各区人民政府; both 牵头 市城管执法委.
    ("2.185", "4.46"): "only in 2.185: 各新城区人民政府; only in 4.46: 各区人民政府",
    # 2.142 (190) 充电桩6万个: 牵头 the 领导小组, 责任 各区人民政府 only; 4.33 names
    # five more responsible units.
    (
        "2.142",
        "4.33",
    ): "only in 4.33: 市公安局、市城投公司、市城管执法委、市自然资源规划局、武汉城建集团",
    # Found through a shared commitment (same figure, same thing counted) although the
    # long key-work item shares little of its text with the short 民生实事 item:
    # 2.216 (line 275) 建成体育公园10个 and 4.56 (396) 新改扩建体育公园10个; both 牵头
    # 市体育局, 责任 市园林林业局 and 各区人民政府.
    ("2.216", "4.56"): "",
    # 2.216 新建健身中心(广场)30个 and 4.57 (397) …健身广场、社区智慧共享健身中心30个;
    # 4.57 names only 市体育局 and 各区人民政府.
    ("2.216", "4.57"): "only in 2.216: 市园林林业局",
    # 2.107 (166) 新改建绿道100公里 and 4.36 (376) 建设绿道100公里; both 牵头
    # 市园林林业局, 责任 各区人民政府.
    ("2.107", "4.36"): "",
}


@pytest.fixture(scope="module")
def found(tables):
    return {(r["item_a"], r["item_b"]): r for r in duplicates(tables).to_dict("records")}


def test_duplicate_columns(tables):
    frame = duplicates(tables)
    assert list(frame.columns) == list(DUPLICATE_COLUMNS)
    assert {"item_a", "item_b", "score", "assignments_agree", "difference"} <= set(frame.columns)
    assert list(frame["score"]) == sorted(frame["score"], reverse=True)
    assert (frame["score"] >= 0.55).all()


@pytest.mark.parametrize("pair", sorted(HAND_CHECKED), ids="/".join)
def test_hand_checked_duplicate(found, plan, pair):
    assert pair in found, pair
    row = found[pair]
    assert row["difference"] == HAND_CHECKED[pair]
    assert row["assignments_agree"] is (HAND_CHECKED[pair] == "")
    # The written units of both items, read from the parse, tell the same story.
    a, b = (plan.item(ref) for ref in pair)
    assert a.effective_lead == b.effective_lead
    assert (set(a.units()) == set(b.units())) is row["assignments_agree"]


def test_all_default_duplicates_are_hand_checked(found):
    """Every pair found at the default score is one of the pairs checked above."""
    assert set(found) == set(HAND_CHECKED)
    assert len(found) == 27


def test_not_duplicates(tables):
    pairs = {(r["item_a"], r["item_b"]) for r in duplicates(tables).to_dict("records")}
    # Template sentences (推动国家…基地做强主导产业…) share no figure.
    for pair in [("2.36", "2.37"), ("2.36", "2.38"), ("2.36", "2.39"), ("2.38", "2.39")]:
        assert pair not in pairs
    # 社会消费品零售总额增长10% and 进出口总额增长10%以上 share only the figure.
    assert ("2.12", "2.176") not in pairs
    # Two 民生实事 items split from 2.204, and 示范点500个 vs 示范村60个.
    assert ("4.9", "4.10") not in pairs
    assert ("2.113", "4.51") not in pairs


def test_duplicate_score_formula(tables):
    """score = containment × (0.6 + 0.4 × figure overlap): 2.113 (示范点500个) and
    4.51 (示范村60个) share 90% of the text and no figure."""
    low = duplicates(tables, min_score=0.3)
    row = low[(low["item_a"] == "2.113") & (low["item_b"] == "4.51")].iloc[0]
    assert row["text_similarity"] == 0.9
    assert row["shared_figures"] == ""
    assert row["score"] == round(0.9 * 0.6, 3)
    # 2.187/4.49 promise the same 60家 家庭农场 and 30家 合作社: a shared commitment,
    # so the score is 0.6 + 0.4 × containment.
    high = duplicates(tables).set_index(["item_a", "item_b"])
    similarity = high.loc[("2.187", "4.49"), "text_similarity"]
    assert high.loc[("2.187", "4.49"), "score"] == round(0.6 + 0.4 * similarity, 3)
    assert high.loc[("2.187", "4.49"), "shared_figures"] == "30家、60家"
    # A lower threshold only adds pairs.
    assert set(high.index) <= set(zip(low["item_a"], low["item_b"], strict=True))


def test_difference_wording():
    units = {
        "a": (("市民政局",), ("各区人民政府",)),
        "b": (("市房管局",), ("各区人民政府", "市财政局")),
        "c": (("市民政局", "各区人民政府"), ()),
    }
    assert _difference("a", "b", units) == (
        False,
        "lead changed: 市民政局 (a) vs 市房管局 (b); only in a: 市民政局; only in b: 市房管局、市财政局",
    )
    # The same units, one moved from responsible to lead.
    units["d"] = (("市民政局",), ("各区人民政府",))
    assert _difference("a", "d", units) == (True, "")
    assert _difference("c", "a", units)[0] is False
    assert "lead changed" in _difference("c", "a", units)[1]


def test_duplicates_cached_but_independent(tables):
    first = duplicates(tables)
    first.loc[:, "score"] = 0.0
    assert (duplicates(tables)["score"] > 0).all()


# --- co-assignment ------------------------------------------------------------------


@pytest.mark.parametrize("expand", [False, True])
def test_co_assignment_equals_unit_pairs_query(tables, sparql, expand):
    ours = co_assignment(tables, expand=expand, min_shared=5)
    theirs = sparql("unit-pairs", expand=str(expand).lower(), min="5")
    assert {(r["unit_a"], r["unit_b"]): r["shared"] for r in ours.to_dict("records")} == {
        (r["unit_a"], r["unit_b"]): r["shared"] for r in theirs
    }


@pytest.mark.parametrize("expand", [False, True])
def test_co_assignment_equals_the_model(tables, model, expand):
    ours = co_assignment(tables, expand=expand, min_shared=1)
    reference = model.pairs(expand)
    assert {(r["unit_a"], r["unit_b"]): r["shared"] for r in ours.to_dict("records")} == dict(
        reference
    )


def test_jaccard_by_hand(tables, model):
    top = co_assignment(tables).iloc[0]
    assert (top["unit_a"], top["unit_b"], top["shared"]) == ("市发改委", "市经信局", 34)
    fgw, jxj = model.refs_with("市发改委"), model.refs_with("市经信局")
    assert (len(fgw), len(jxj), len(fgw & jxj)) == (73, 53, 34)
    assert len(fgw | jxj) == 73 + 53 - 34 == 92
    assert top["jaccard"] == round(34 / 92, 3) == 0.37
    assert (top["items_a"], top["items_b"]) == (73, 53)


# --- several leads, lead and responsible --------------------------------------------


def test_multi_lead(tables, plan):
    frame = multi_lead(tables)
    assert frame[["item", "finding", "units"]].to_dict("records") == [
        {"item": "2.49", "finding": "several-leads", "units": "市发改委、市经信局"}
    ]
    # The parse agrees: 2.49 is the only item with two leads (one per sub-task), and
    # no item names a unit both lead and responsible.
    assert [i.ref for i in plan.items if len(set(i.lead)) > 1] == ["2.49"]
    assert [i.ref for i in plan.items if set(i.lead) & set(i.responsible)] == []


# --- one figure, different leads ----------------------------------------------------


def test_shared_targets_empty_at_default(tables, plan):
    """Empty: every restated figure (the duplicates) keeps its lead, and no other
    figure counts the same thing under another lead."""
    assert shared_targets(tables).empty
    for row in duplicates(tables).to_dict("records"):
        a, b = plan.item(row["item_a"]), plan.item(row["item_b"])
        assert a.effective_lead == b.effective_lead, (row["item_a"], row["item_b"])
        assert "lead changed" not in row["difference"]


def test_shared_targets_at_low_similarity(tables):
    """2.30 引进培育总部企业20家 (市发改委) and 2.179 新增市级以上农业龙头企业20家
    (市农业农村局): the same figure, counting different things (总部企业 vs 农业龙头企业
    share 企业)."""
    frame = shared_targets(tables, min_similarity=0.3)
    assert frame.to_dict("records") == [
        {
            "figure": "20家",
            "item_a": "2.30",
            "item_b": "2.179",
            "counted_a": "总部企业",
            "counted_b": "市级以上农业龙头企业",
            "lead_a": "市发改委",
            "lead_b": "市农业农村局",
        }
    ]


def test_shared_targets_one_row_per_figure_and_pair(tables):
    """4.36 states 100公里 twice (绿道, 林荫路): still one row for 2.99/4.36."""
    frame = shared_targets(tables, min_similarity=0.0)
    assert not frame.duplicated(["figure", "item_a", "item_b"]).any()
    pair = frame[(frame["item_a"] == "2.99") & (frame["item_b"] == "4.36")]
    assert len(pair) == 1 and pair.iloc[0]["figure"] == "100公里"
    assert isinstance(frame, pd.DataFrame)
