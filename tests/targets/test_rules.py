"""The reading rules on small made-up items: comparators, numerals, names, dates, reports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.model import Item
from graph.parse.numerals import chinese_to_decimal
from graph.targets import extract_targets, scan_item
from graph.targets.numbers import scaled


def item(text: str, ref: str = "9.1") -> Item:
    return Item(ref=ref, part=9, number=1, text=text)


def read(text: str) -> list[tuple[Decimal, str, str]]:
    return [(t.value, t.unit, t.comparator) for t in extract_targets(item(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新增企业200家以上。", (200, "家", "at_least")),
        ("企业总数突破1.3万家。", (13000, "家", "at_least")),
        ("能耗不低于3%。", (3, "%", "at_least")),
        ("新增企业不少于50家。", (50, "家", "at_least")),
        ("新增企业200多家。", (200, "家", "at_least")),
        ("新增就业300余人。", (300, "人", "at_least")),
        ("成交额达到1450亿元。", (145_000_000_000, "元", "at_least")),
        ("价格涨幅3%左右。", (3, "%", "about")),
        ("总投资约50亿元。", (5_000_000_000, "元", "about")),
        ("涨幅控制在3%以内。", (3, "%", "at_most")),
        ("赤字率不超过3%。", (3, "%", "at_most")),
        ("失业率控制在5.5%以下。", (Decimal("5.5"), "%", "at_most")),
        ("新增企业200家。", (200, "家", "exactly")),
        ("节约用水10%。", (10, "%", "exactly")),  # 节约 is not 约 (about)
    ],
)
def test_comparators(text, expected):
    value, unit, comparator = expected
    assert read(text) == [(Decimal(value), unit, comparator)]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("新增学位1.2万个。", 12000, "个"),
        ("到位资金5000亿元。", 5 * 10**11, "元"),
        ("城镇新增就业22万人。", 220000, "人"),
        ("修复人行道20万平方米。", 200000, "平方米"),
        ("开工住房2.55万套。", 25500, "套"),
        ("新增企业1.3万家。", 13000, "家"),
        ("新建三所学校。", 3, "所"),
        ("新建学校十二所。", 12, "所"),
        ("新建十所学校。", 10, "所"),
        ("培训三万人次。", 30000, "人次"),
        ("增长百分之五。", 5, "%"),
        ("建设道路3千米。", 3, "千米"),  # 千米 is a unit, not the multiplier 千
        ("服务2百万人次。", 2_000_000, "人次"),
        ("新增装机50万千瓦。", 500_000, "千瓦"),
    ],
)
def test_values_are_normalised(text, value, unit):
    ((got_value, got_unit, _),) = read(text)
    assert got_value == Decimal(value)
    assert got_unit == unit


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("建成5G基站。", "code"),
        ("完成T2航站楼改造。", "code"),
        ("建成19号线。", "number_name"),
        ("2023年完成改造。", "date"),
        ("2月10日前报送。", "date"),
        ("做好第五次普查。", "ordinal"),
        ("开展“101”就业援助。", "quoted"),
        ("实施《2023年行动方案》。", "quoted"),
        ("建成5号线二期。", "phase"),
        ("制定三年行动方案。", "programme_name"),
        ("改造二次供水设施。", "adjectival"),
        ("谋划投资50亿元以上项目。", "qualifier"),
        ("培育10亿元级企业。", "qualifier"),
        ("抓住两个要害。", "set_phrase"),
    ],
)
def test_non_targets(text, reason):
    scan = scan_item(item(text))
    assert scan.targets == []
    assert scan.unreadable == []
    assert reason in {s.reason for s in scan.skipped}


def test_an_amount_before_a_verb_is_a_target():
    assert read("安排资金5亿元用于改造。") == [(Decimal(500_000_000), "元", "exactly")]
    assert read("实现增长6%的目标。") == [(Decimal(6), "%", "exactly")]


def test_names_with_numerals_are_not_figures():
    for text in (
        "推进三阳设计之都建设。",
        "建设江汉十桥。",
        "打造百里长江生态廊道。",
        "争创百强区。",
    ):
        scan = scan_item(item(text))
        assert (scan.targets, scan.unreadable) == ([], []), text


def test_unreadable_digits_are_reported_not_guessed():
    scan = scan_item(item("完成任务12,推进建设7匹。"))
    assert scan.targets == []
    assert [(u.snippet[:2], u.reason) for u in scan.unreadable] == [
        ("12", "number without a unit of measure"),
        ("7匹", "number without a unit of measure"),
    ]
    assert str(scan.unreadable[0]).startswith("9.1: ")


def test_several_targets_share_the_verb():
    targets = extract_targets(item("建成工厂20家、项目20个、生产线100条。"))
    assert [(t.value, t.unit, t.kind) for t in targets] == [
        (20, "家", "completed"),
        (20, "个", "completed"),
        (100, "条", "completed"),
    ]
    assert [t.counted for t in targets] == ["工厂", "项目", "生产线"]


def test_kinds_from_rate_words():
    kinds = [t.kind for t in extract_targets(item("收入增长5%,支出压减10%,占比提升到11%。"))]
    assert kinds == ["growth_rate", "reduction_rate", "share"]


def test_target_as_dict_is_json_ready():
    (target,) = extract_targets(item("新增学位1.2万个。"))
    data = target.as_dict()
    assert data["value"] == 12000 and isinstance(data["value"], int)
    assert data["span"] == [4, 9]
    assert data["unit_iri"] == "https://w3id.org/dutygraph/ontology#Count"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三", 3),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("两千五百", 2500),
        ("三万", 30000),
        ("五十万", 500000),
        ("一亿二千万", 120_000_000),
    ],
)
def test_chinese_numerals(text, value):
    assert chinese_to_decimal(text) == value


@pytest.mark.parametrize("text", ["", "万", "二七", "abc"])
def test_bad_chinese_numerals(text):
    with pytest.raises(ValueError):
        chinese_to_decimal(text)


def test_scaling_is_exact():
    assert scaled("2.55", 10000) == Decimal("25500")
    assert str(scaled("5000", 10**8)) == "500000000000"
    assert scaled("11.4") == Decimal("11.4")
