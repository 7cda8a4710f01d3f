"""The target queries (targets, unit-targets, targets-by-measure, growth-targets) on the
bundled plan: their answers against the extraction's Python API and against the plan
as read by hand."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from graph.rdf.iris import Iris
from graph.rdf.namespaces import DEFAULT_BASE
from graph.store.library import library
from graph.store.sparql import frame, select
from graph.targets import load_measures, plan_targets
from graph.targets.rows import TARGET_COLUMNS, select_targets, totals_by_measure

QUERIES = ("targets", "unit-targets", "targets-by-measure", "growth-targets")
D = Decimal


def run(store, name: str, **params) -> list[dict]:
    return select(library()[name], {k: str(v) for k, v in params.items()}, store=store).records()


def short(rows: list[dict], ref: str = "ref") -> list[tuple]:
    return [(r[ref], r["value"], r["unit"], r["comparator"]) for r in rows]


@pytest.fixture(scope="module")
def targets(plan):
    return plan_targets(plan)


# -- headers -------------------------------------------------------------------------


@pytest.mark.parametrize("name", QUERIES)
def test_header_matches_the_answer(graph_store, name):
    query = library()[name]
    assert query.title and query.title_zh and query.description and query.keywords
    result = select(query, {}, store=graph_store)
    assert tuple(result.columns) == query.columns
    assert result.rows


def test_declared_parameters():
    params = {
        name: {p.name: (p.type, p.default) for p in library()[name].params} for name in QUERIES
    }
    assert params["targets"] == {"item": ("string", ""), "unit": ("label", "")}
    assert params["unit-targets"] == {
        "unit": ("label", "市商务局"),
        "role": ("string", "any"),
        "expand": ("boolean", "false"),
    }
    assert params["targets-by-measure"] == {"lang": ("string", "en")}
    assert params["growth-targets"] == {}


# -- targets -------------------------------------------------------------------------


def test_targets_equal_the_extraction_in_plan_order(graph_store, targets):
    rows = run(graph_store, "targets")
    assert list(rows[0]) == [*TARGET_COLUMNS, "plan"]  # the query adds the plan's IRI
    assert {row.pop("plan") for row in rows} == {Iris(DEFAULT_BASE).plan("wuhan-2023")}
    expected = [
        {
            "item": t.item,
            "value": t.value,
            "unit": t.unit,
            "comparator": t.comparator,
            "kind": t.kind,
            "counted": t.counted,
            "text": t.phrase,
        }
        for t in targets
    ]
    assert rows == expected
    # natural item order: 2.9 before 2.10 before 2.100, then text order within an item
    refs = [r["item"] for r in rows]
    assert refs.index("2.12") < refs.index("2.100")
    assert [r["value"] for r in rows if r["item"] == "2.204"] == [45, 12000, 25, 33000]


def test_targets_of_one_item(graph_store):
    rows = run(graph_store, "targets", item="4.35")
    assert [(r["value"], r["unit"], r["counted"]) for r in rows] == [
        (17, "个", "城市公园"),
        (3, "个", "郊野公园"),
        (80, "个", "口袋公园"),
    ]
    assert run(graph_store, "targets", item="2.6") == []  # no figure in the item
    assert run(graph_store, "targets", item="9.99") == []


def test_targets_of_one_unit_equal_the_python_selection(graph_store, plan):
    """Every unit named on an item, and the aliases 市文明办 and 市商务局's own name."""
    names = sorted({n for it in plan.items for n in it.lead + it.responsible}) + ["市文明办"]
    assert len(names) > 80
    for name in names:
        rows = run(graph_store, "targets", unit=name)
        expected = [(t.item, t.value, t.unit) for t in select_targets(plan, unit=name)]
        assert [(r["item"], r["value"], r["unit"]) for r in rows] == expected, name


def test_targets_filters_combine_and_resist_injection(graph_store):
    assert short(run(graph_store, "targets", unit="市商务局", item="2.5"), "item") == [
        ("2.5", 200, "家", "exactly"),
        ("2.5", 1000, "家", "exactly"),
    ]
    assert run(graph_store, "targets", unit="市商务局", item="2.7") == []
    for evil in ('市商务局" || true || "', '") } } SELECT * WHERE { ?s ?p ?o } #', "*"):
        assert run(graph_store, "targets", unit=evil) == []
        assert run(graph_store, "targets", item=evil) == []


# -- unit-targets --------------------------------------------------------------------

# 市商务局 as lead, read from the plan: named lead of 2.4, 2.5, 2.10, 2.11, 2.12, 2.169,
# 4.60, 4.61; the only responsible unit of 2.172 and 2.176, which name no lead.
# (2.2, 2.6, 2.166, 2.167, 2.170, 2.173, 2.175 have no figure.)
COMMERCE_LEAD = [
    ("2.4", D(10), "个", "exactly"),  # 重点打造汉口北、汉正街等10个直播电商集聚区
    ("2.5", D(200), "家", "exactly"),  # 新增品牌连锁便利店200家、
    ("2.5", D(1000), "家", "exactly"),  # 智慧商店1000家
    ("2.10", D(22), "个", "exactly"),  # 建设22个“一刻钟便民生活圈”
    ("2.10", D(6), "个", "exactly"),  # 提升武广、江汉路、中南路等6个大型商圈
    ("2.10", D(11), "个", "exactly"),  # 升级黎黄陂路、户部巷、花园道等11个特色街区
    ("2.11", D(200), "家", "at_least"),  # 新引进品牌店和旗舰店200家以上
    ("2.12", D(10), "%", "exactly"),  # 社会消费品零售总额增长10%
    ("2.169", D(3), "个", "exactly"),  # 统筹推进3个综合保税区等开放平台建设
    ("2.172", D(30), "家", "exactly"),  # 引进龙头外经贸企业30家 (no lead named)
    ("2.172", D(300), "家", "exactly"),  # 新增进出口实绩企业300家
    ("2.176", D(10), "%", "at_least"),  # 进出口总额增长10%以上 (no lead named)
    ("4.60", D(200), "家", "exactly"),  # 新增品牌连锁便利店200家
    ("4.61", D(22), "个", "exactly"),  # 建设22个“一刻钟便民生活圈”
]
# 市商务局 as responsible (and not lead), read from the plan.
COMMERCE_RESPONSIBLE = [
    ("2.20", D(2_000_000), "户", "at_least"),  # 力争市场主体总量突破200万户
    ("2.21", D(1000), "家", "exactly"),  # 新增“四上”企业1000家
    ("2.34", D(10), "个", "exactly"),  # 培育百步亭、光谷东等10个生活性服务业创新先行区
    ("2.45", D(11), "%", "about"),  # 占比提升到11%左右
    ("2.46", D(20), "平方公里", "exactly"),  # 整理工业净地20平方公里
    ("2.46", D(30), "平方公里", "exactly"),  # 优化提升工业园区30平方公里
    ("2.180", D(10), "个", "exactly"),  # 等10个都市田园综合体
]


def test_unit_targets_as_lead(graph_store):
    rows = run(graph_store, "unit-targets", unit="市商务局", role="lead")
    assert short(rows) == COMMERCE_LEAD
    assert {r["role"] for r in rows} == {"lead"}
    assert rows[1]["kind"] == "new" and rows[1]["counted"] == "品牌连锁便利店"
    assert rows[1]["text"] == "新增品牌连锁便利店200家"
    assert rows[7]["kind"] == "growth_rate"


def test_unit_targets_as_responsible(graph_store):
    rows = run(graph_store, "unit-targets", unit="市商务局", role="responsible")
    assert short(rows) == COMMERCE_RESPONSIBLE
    assert {r["role"] for r in rows} == {"responsible"}


def test_unit_targets_any_role_is_the_default(graph_store):
    rows = run(graph_store, "unit-targets")
    order = {ref: i for i, ref in enumerate(["2.4", "2.5", "2.10", "2.11", "2.12", "2.20", "2.21",
                                              "2.34", "2.45", "2.46", "2.169", "2.172", "2.176",
                                              "2.180", "4.60", "4.61"])}  # fmt: skip
    both = sorted(COMMERCE_LEAD + COMMERCE_RESPONSIBLE, key=lambda r: order[r[0]])
    assert short(rows) == both
    assert Counter(r["role"] for r in rows) == {"lead": 14, "responsible": 7}


def test_unit_targets_by_alias_and_group_expansion(graph_store):
    assert run(graph_store, "unit-targets", unit="市文明办") == run(
        graph_store, "unit-targets", unit="市委宣传部"
    )
    # 江岸区人民政府 is named on no item with a figure; through 各区人民政府 it is
    # responsible for 2.5 and 2.12 among many others.
    assert run(graph_store, "unit-targets", unit="江岸区人民政府") == []
    expanded = run(graph_store, "unit-targets", unit="江岸区人民政府", expand="true")
    assert ("2.5", D(200), "家", "exactly") in short(expanded)
    assert ("2.12", D(10), "%", "exactly") in short(expanded)
    assert {r["role"] for r in expanded} == {"responsible"}
    assert run(graph_store, "unit-targets", unit="没有这个单位") == []


# -- targets-by-measure --------------------------------------------------------------


def test_totals_by_measure_equal_the_python_api(graph_store, targets):
    rows = run(graph_store, "targets-by-measure")
    assert {r["measure"]: r["total"] for r in rows} == totals_by_measure(targets)
    assert [r["measure"] for r in rows] == list(totals_by_measure(targets))
    assert {r["measure"]: r["targets"] for r in rows} == Counter(t.measure for t in targets)
    assert sum(r["targets"] for r in rows) == len(targets) == 210


def test_totals_by_measure_hand_checked(graph_store):
    rows = {r["measure"]: r for r in run(graph_store, "targets-by-measure")}
    # 2.15 到位资金5000亿元以上 + 2.58 技术合同成交额达到1450亿元: 6450亿元
    assert rows["yuan"]["total"] == D(645_000_000_000) and rows["yuan"]["targets"] == 2
    assert rows["kilometre"]["unit_label"] == "kilometre"
    assert rows["mu"]["unit_label"] == "mu" and rows["mu"]["total"] == 75000  # 2.177 7.5万亩
    zh = {r["measure"]: r["unit_label"] for r in run(graph_store, "targets-by-measure", lang="zh")}
    assert zh["kilometre"] == "公里" and zh["count"] == "个数" and zh["mu"] == "亩"
    measures = load_measures().measures
    assert set(rows) <= set(measures)


def test_totals_as_a_typed_frame(graph_store):
    df = frame(select(library()["targets-by-measure"], {}, store=graph_store))
    assert list(df.columns) == ["measure", "unit_label", "targets", "total"]
    assert str(df["targets"].dtype) == "Int64" and str(df["total"].dtype) == "Float64"


# -- growth-targets ------------------------------------------------------------------

# Read from the plan: every 增长/涨幅 + percentage.
GROWTH = [
    ("1.1", D("6.5"), "%", "at_least"),  # 地区生产总值增长6.5%以上
    ("1.3", D(3), "%", "about"),  # 居民消费价格涨幅3%左右
    ("2.12", D(10), "%", "exactly"),  # 社会消费品零售总额增长10%
    ("2.19", D(10), "%", "at_least"),  # 固定资产投资增长10%以上
    ("2.171", D(10), "%", "at_least"),  # 实际利用外资增长10%以上
    ("2.176", D(10), "%", "at_least"),  # 进出口总额增长10%以上
]


def test_growth_targets(graph_store, targets):
    rows = run(graph_store, "growth-targets")
    assert short(rows) == GROWTH
    assert [r["counted"] for r in rows] == [
        "地区生产总值", "居民消费价格", "社会消费品零售总额", "固定资产投资", "实际利用外资", "进出口总额",
    ]  # fmt: skip
    assert rows[0]["text"] == "地区生产总值增长6.5%以上"
    assert len(rows) == sum(1 for t in targets if t.kind == "growth_rate")
