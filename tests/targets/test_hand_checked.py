"""Targets of the bundled plan, checked by hand against each item's text.

For every item below, the expected list is the complete list of targets the item
states, in text order, as (value, unit as written, comparator, kind). ``None`` for a
kind means the kind is a judgement call and is not checked (the value, unit and
comparator always are). An empty list means the item states no target — these cover
every non-target pattern: names and codes with digits, ordinals, programme names,
phases, set phrases and qualifiers.

Values: multipliers applied (1.2万 → 12000, 5000亿元 → 5×10^11 元); percentages as
written (6.5 with unit %).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.targets import extract_targets, scan_item

A, E, ABOUT = "at_least", "exactly", "about"

EXPECTED: dict[str, list[tuple]] = {
    # 一 main targets
    "1.1": [(6.5, "%", A, "growth_rate")],  # 地区生产总值增长6.5%以上
    "1.2": [(220000, "人", A, "new")],  # 城镇新增就业22万人以上
    "1.3": [(3, "%", ABOUT, "growth_rate")],  # 居民消费价格涨幅3%左右
    "1.4": [],  # 居民收入增长与经济增长基本同步: no figure
    "1.5": [],  # 能耗强度下降完成省下达目标: no figure
    # 二 key work
    "2.4": [(10, "个", E, "new")],
    "2.5": [(200, "家", E, "new"), (1000, "家", E, "new")],
    "2.10": [(22, "个", E, "new"), (6, "个", E, "improved"), (11, "个", E, "improved")],
    "2.11": [(200, "家", A, "new")],
    "2.12": [(10, "%", E, "growth_rate")],
    "2.14": [(150, "个", A, "new")],  # 50亿元以上 qualifies the projects
    "2.15": [(5 * 10**11, "元", A, "level")],
    "2.16": [(2500, "公顷", E, "new")],
    "2.18": [(900, "个", E, "started"), (1840, "个", E, "ongoing"), (430, "个", E, "ongoing")],
    "2.19": [(10, "%", A, "growth_rate")],
    "2.20": [(2_000_000, "户", A, "level")],  # 市场主体总量突破200万户
    "2.21": [(1000, "家", E, "new")],  # “四上”企业: a name
    "2.22": [(60, "家", E, "new")],
    "2.24": [],  # 第五次全国经济普查: an ordinal
    "2.27": [(200, "个", E, "started"), (80, "个", E, "completed"), (1500, "个", E, "ongoing")],
    "2.28": [
        (550, "个", E, "ongoing"),
        (20, "家", E, "completed"),  # 5G全连接工厂: 5G is a code
        (10, "家", E, "completed"),
        (20, "个", E, "completed"),
        (100, "条", E, "completed"),
    ],
    "2.29": [(30, "个", E, "completed"), (35, "项", E, "activity"), (50, "家", E, "new")],
    "2.33": [(10, "个", E, "new")],  # D+M工业设计小镇
    "2.41": [],  # 5G网, “5G+工业互联网”, “双千兆”
    "2.42": [
        (20, "个", E, "ongoing"),
        (13, "个", E, "new"),
        (10000, "家", A, "level"),
        (200, "项", A, "new"),
    ],
    "2.45": [(11, "%", ABOUT, "share")],
    "2.46": [(20, "平方公里", E, None), (30, "平方公里", E, "improved")],  # “两个一百平方公里”
    "2.47": [],  # 百亿级, 纳税亿元: no figure
    "2.50": [(10, "家", A, "new")],
    "2.51": [(4, "个", E, "ongoing"), (4, "个", E, "ongoing")],
    "2.56": [(9000, "家", E, "new"), (13000, "家", A, "level")],
    "2.57": [(10, "个", E, "ongoing"), (80, "个", E, "ongoing")],
    "2.58": [(145_000_000_000, "元", A, "level")],  # 达到1450亿元
    "2.62": [(1_200_000, "平方米", A, "new"), (40, "家", E, "new")],
    "2.64": [(1000, "人", A, "new")],
    "2.65": [],  # 全国百强区
    "2.71": [(244, "项", E, "ongoing")],  # 十大重点工程, “九同工程”
    "2.73": [(6, "个", E, "new"), (4, "个", E, "new")],
    "2.81": [],  # 城市更新三年行动方案: a duration used as a name
    "2.82": [(26, "个", E, None)],  # 三阳设计之都
    "2.83": [(5, "个", E, "new"), (260, "个", E, "completed")],
    "2.85": [(2000, "户", A, "completed")],
    "2.86": [(2600, "户", A, "completed")],
    "2.88": [(15, "条", E, "completed")],  # 高新二路
    "2.89": [(12, "个", E, "started")],  # 高新八路
    "2.90": [(12, "个", E, "improved")],  # 二七过江通道, 江汉十桥
    "2.91": [(100, "条", E, "completed")],
    "2.92": [(20, "条", E, "completed")],
    "2.93": [(146, "公里", E, "improved")],
    "2.94": [(10, "条", E, "ongoing")],  # 5号线二期, 19号线
    "2.95": [],  # 第五期
    "2.96": [(120_000, "个", E, "new")],
    "2.97": [(70, "公里", E, None)],
    "2.98": [(55, "平方公里", E, "completed")],
    "2.99": [(19, "处", E, "improved"), (100, "公里", E, "new")],
    "2.100": [(400, "公里", E, "completed")],
    "2.101": [(7, "个", E, "completed")],  # “零填埋”
    "2.103": [(Decimal("11.4"), "公里", E, "new")],  # 百里长江生态廊道
    "2.105": [(10, "条", E, "new"), (15, "个", E, "improved"), (300, "公顷", E, "improved")],
    "2.106": [],  # 东湖绿道三期: a phase
    "2.107": [(100, "公里", E, "new"), (100, "个", E, "new")],
    "2.110": [(100, "个", E, "new")],
    "2.111": [(60, "条", E, "completed")],
    "2.112": [(200_000, "平方米", E, "improved")],
    "2.113": [(500, "个", E, "new")],
    "2.116": [],  # “武汉长江高水平保护十大攻坚提升行动”
    "2.118": [],  # 长江“十年禁渔”
    "2.140": [(6, "个", E, None)],
    "2.141": [],  # 充(换)电基础设施建设三年行动
    "2.142": [(60_000, "个", E, "new")],
    "2.146": [],  # “四个一批”
    "2.148": [],  # “四项合一”
    "2.151": [],  # “两个毫不动摇”
    "2.156": [],  # “五型”
    "2.161": [],  # T2航站楼
    "2.165": [(17, "个", E, "new")],
    "2.169": [(3, "个", E, "ongoing")],
    "2.171": [(10, "%", A, "growth_rate")],
    "2.172": [(30, "家", E, "new"), (300, "家", E, "new")],
    "2.176": [(10, "%", A, "growth_rate")],
    "2.177": [(75_000, "亩", E, "new")],  # 两个要害: a set phrase
    "2.179": [(20, "家", E, "new"), (6, "个", E, "new"), (30, "个", E, "new")],  # “二品一标”
    "2.180": [(10, "个", E, "new")],
    "2.182": [(200, "公里", E, "new"), (55, "公里", E, "new"), (3200, "盏", E, "new")],  # 5G
    "2.184": [(64, "个", E, None)],
    "2.185": [(300, "个", E, "new")],
    "2.186": [],  # “三乡工程”
    "2.187": [(60, "家", E, "new"), (30, "家", E, "new")],
    "2.194": [],  # “万企兴万村”
    "2.195": [(300_000, "人", A, "new")],  # “101”就业援助服务
    "2.196": [(400_000, "人次", E, "new")],
    "2.201": [(7, "个", E, "ongoing"), (70, "个", E, "new"), (30, "个", E, "new")],
    "2.202": [(40_000, "个", A, "level")],  # 三孩; 托位总数达到4万个
    "2.203": [(58_000, "套", E, "new"), (50_000, "套", E, "new"), (25_500, "套", E, "started")],
    "2.204": [
        (45, "所", E, "new"),
        (12_000, "个", E, "new"),
        (25, "所", E, "new"),
        (33_000, "个", E, "new"),
    ],
    "2.206": [(32, "所", E, "new"), (55, "个", E, "new")],  # “双优计划”
    "2.207": [],  # “双一流”
    "2.210": [],  # 市第一医院
    "2.214": [],  # “323”攻坚行动
    "2.216": [(10, "个", E, "completed"), (30, "个", E, "new")],  # 全民健身中心二期
    "2.221": [(15, "个", E, "ongoing")],
    "2.223": [],  # “万里茶道”
    "2.228": [(800_000, "立方米", E, "level"), (1_000_000, "立方米", E, "level")],
    "2.230": [(10, "座", E, "completed")],
    "2.233": [],  # 城市电网三年攻坚计划, “三特三超”
    # 三 service government
    "3.1": [],  # “两个确立”, “四个意识”, 二十大 …
    "3.3": [(10, "%", E, "reduction_rate"), (30, "%", E, "reduction_rate")],
    "3.4": [],
    "3.7": [],  # 中央八项规定, “四风”, 一刀切
    # 四 livelihood
    "4.1": [(70, "个", E, "new"), (30, "个", E, "new")],
    "4.2": [(30, "个", E, "new")],
    "4.3": [(2000, "户", A, "completed")],
    "4.5": [(13, "个", E, "activity")],
    "4.7": [(100, "场", E, "activity")],  # “12355关注成长”
    "4.8": [(20_000, "名", E, "activity"), (12, "天", E, "duration"), (30, "天", E, "duration")],
    "4.11": [(500, "场", A, "activity")],
    "4.12": [(50, "个", A, "new"), (10_000, "个", A, "new")],
    "4.13": [(100_000, "人次", A, "activity")],
    "4.14": [],  # 一次性求职创业补贴
    "4.15": [],
    "4.16": [(2600, "户", A, None)],
    "4.18": [(1_000_000, "人次", A, "activity")],
    "4.19": [(58_000, "套", E, "new")],
    "4.22": [],
    "4.23": [(800, "台", E, "new")],  # (AED)
    "4.28": [(5000, "公里", A, "improved")],
    "4.33": [(120_000, "个", E, "new"), (60_000, "个", E, "new")],
    "4.35": [(17, "个", E, "new"), (3, "个", E, "new"), (80, "个", E, "new")],
    "4.36": [(100, "公里", E, "new"), (100, "公里", E, "new")],
    "4.37": [
        (10, "条", E, "new"),
        (15, "个", E, "improved"),
        (300, "公顷", E, "improved"),
        (10, "处", E, "new"),
    ],
    "4.39": [],
    "4.40": [(196, "处", E, "improved")],  # 二次供水设施
    "4.41": [(50, "公里", E, "improved")],
    "4.45": [(150, "座", E, "new")],
    "4.55": [(1_000_000, "张", A, "activity")],
    "4.57": [(30, "个", E, "new")],
    "4.62": [(40, "个", E, "activity")],
    "4.64": [(326, "家", E, None), (5000, "批次", A, "level")],
    "4.65": [(8, "座", E, "completed")],
    "4.67": [(400, "公里", E, "improved")],
    "4.68": [(500_000, "", E, "activity")],  # 50万燃气用户: a bare count after 万
    "4.69": [(80_000, "个", E, "activity")],
}


def test_enough_items_are_hand_checked():
    assert len(EXPECTED) >= 60
    assert sum(1 for v in EXPECTED.values() if len(v) > 1) >= 20
    assert sum(1 for v in EXPECTED.values() if not v) >= 20


@pytest.mark.parametrize("ref", list(EXPECTED))
def test_item_targets(plan, ref):
    targets = extract_targets(plan.item(ref))
    got = [(t.value, t.unit, t.comparator) for t in targets]
    want = [(Decimal(str(v)), u, c) for v, u, c, _ in EXPECTED[ref]]
    assert got == want
    for target, (_, _, _, kind) in zip(targets, EXPECTED[ref], strict=True):
        if kind is not None:
            assert target.kind == kind, target
        assert plan.item(ref).text[target.span[0] : target.span[1]] == target.snippet
    assert [t.index for t in targets] == list(range(len(targets)))


COUNTED = {
    "1.1": ["地区生产总值"],
    "1.2": ["城镇新增就业"],
    "1.3": ["居民消费价格"],
    "2.5": ["品牌连锁便利店", "智慧商店"],
    "2.10": ["一刻钟便民生活圈", "大型商圈", "特色街区"],
    "2.14": ["投资50亿元以上项目"],
    "2.15": ["招商引资产业项目到位资金"],
    "2.20": ["市场主体总量"],
    "2.27": ["亿元以上工业项目", "亿元以上工业项目", "工业项目"],
    "2.28": ["技改项目", "5G全连接工厂", "智能化标杆工厂", "智能化示范项目", "数字化生产线"],
    "2.45": ["数字经济核心产业增加值占比"],
    "2.56": ["科技型中小企业评价入库", "高新技术企业"],
    "2.57": ["科技重大专项", "重点研发计划项目"],
    "2.177": ["高标准农田"],
    "2.202": ["托位总数"],
    "2.228": ["初雨调蓄能力", "日处理能力"],
    "3.3": ["市直部门日常公用经费", "项目支出"],
    "4.8": ["中小学生", "运动技能培训", "免费游泳服务"],
    "4.23": ["自动体外除颤仪(AED)"],
    "4.35": ["城市公园", "郊野公园", "口袋公园"],
    "4.55": ["旅游惠民券"],
    "4.62": ["社区"],
}


@pytest.mark.parametrize("ref", list(COUNTED))
def test_counted_phrases(plan, ref):
    assert [t.counted for t in extract_targets(plan.item(ref))] == COUNTED[ref]


def test_phrases_say_what_is_promised(plan):
    phrases = [t.phrase for t in extract_targets(plan.item("2.5"))]
    assert phrases == ["新增品牌连锁便利店200家", "智慧商店1000家"]
    (target,) = extract_targets(plan.item("1.1"))
    assert target.phrase == "地区生产总值增长6.5%以上"
    assert target.snippet == "6.5%以上"


def test_snippets_keep_comparator_words(plan):
    snippets = [t.snippet for t in extract_targets(plan.item("2.56"))]
    assert snippets == ["9000家", "突破1.3万家"]
    (target,) = extract_targets(plan.item("4.19"))
    assert target.snippet == "5.8万套(间)"
    assert target.number == "5.8万"


SKIPPED = {
    "2.14": [("50亿元以上", "qualifier")],
    "2.24": [("第五次", "ordinal")],
    "2.28": [("5G", "code")],
    "2.41": [("5G", "code"), ("5G+", "quoted")],
    "2.46": [("两个", "quoted"), ("一百平方公里", "quoted")],
    "2.81": [("三年", "programme_name")],
    "2.94": [("5号", "number_name"), ("19号", "number_name"), ("二期", "phase")],
    "2.95": [("第五期", "ordinal")],
    "2.106": [("三期", "phase")],
    "2.141": [("三年", "programme_name")],
    "2.118": [("十年", "quoted")],
    "2.161": [("T2", "code")],
    "2.177": [("两个", "set_phrase")],
    "2.195": [("101", "quoted")],
    "2.214": [("323", "quoted")],
    "2.233": [("三年", "programme_name")],
    "3.7": [("八项", "set_phrase")],
    "4.7": [("12355", "quoted")],
    "4.14": [("一次", "adjectival")],
    "4.40": [("二次", "adjectival")],
}


@pytest.mark.parametrize("ref", list(SKIPPED))
def test_non_targets_are_recognised(plan, ref):
    scan = scan_item(plan.item(ref))
    assert sorted((s.snippet, s.reason) for s in scan.skipped) == sorted(SKIPPED[ref])
    assert scan.unreadable == []


def test_item_2_228_measures(plan):
    first, second = extract_targets(plan.item("2.228"))
    assert first.measure == "cubic_metre"
    assert first.unit_iri == "http://qudt.org/vocab/unit/M3"
    assert second.measure == "cubic_metre_per_day"  # 日处理能力 is a daily rate
    assert second.unit_iri == "http://qudt.org/vocab/unit/M3-PER-DAY"


def test_item_4_64_daily_count(plan):
    _, daily = extract_targets(plan.item("4.64"))
    assert daily.measure == "count_per_day"
