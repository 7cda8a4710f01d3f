"""The bundled plan as a whole: coverage, totals per measure, the DataFrame, the data file."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from graph.model.targets import COMPARATORS, KINDS, SKIP_REASONS
from graph.targets import load_measures, plan_targets, scan_item, skipped, unreadable
from graph.targets.rows import (
    FRAME_COLUMNS,
    TARGET_COLUMNS,
    select_targets,
    targets_frame,
    totals_by_measure,
)


@pytest.fixture(scope="module")
def targets(plan):
    return plan_targets(plan)


def test_nothing_is_unreadable(plan):
    """Every figure of the bundled plan is either a target or a recognised non-target.

    Judged by hand: no item of the Wuhan 2023 plan has digits that cannot be read.
    """
    assert unreadable(plan) == []


def test_every_digit_is_accounted_for(plan):
    for it in plan.items:
        scan = scan_item(it)
        spans = [t.span for t in scan.targets] + [s.span for s in scan.skipped]
        spans += [u.span for u in scan.unreadable]
        for m in re.finditer(r"\d+", it.text):
            assert any(a <= m.start() < b for a, b in spans), (it.ref, m.group())


def test_counts_on_the_bundled_plan(plan, targets):
    # A regression guard: 210 targets in 151 items (checked item by item in
    # test_hand_checked.py for the items listed there).
    assert len(targets) == 210
    assert len({t.item for t in targets}) == 151
    # 34 non-targets: see test_hand_checked.SKIPPED, plus “四个”, “两个” … in 2.146,
    # 2.148, 2.151, 3.1, 5G in 2.182, 二期 in 2.216 and 第一 (市第一医院) in 2.210.
    assert len(skipped(plan)) == 34


def test_vocabularies(targets):
    assert {t.comparator for t in targets} <= set(COMPARATORS)
    assert {t.kind for t in targets} <= set(KINDS)
    measures = load_measures().measures
    assert {t.measure for t in targets} <= set(measures)
    for t in targets:
        assert t.unit_iri == measures[t.measure].iri


def test_skip_reasons_are_documented(plan):
    assert {s.reason for s in skipped(plan)} <= set(SKIP_REASONS)


# Totals checked by hand from the item texts.
HAND_TOTALS = {
    # 2.93 146, 2.97 70, 2.99 100, 2.100 400, 2.103 11.4, 2.107 100, 2.182 200 + 55,
    # 4.27 100, 4.28 5000, 4.30 146, 4.36 100 + 100, 4.41 50, 4.52 200, 4.67 400
    "kilometre": Decimal("7178.4"),
    # 2.16 2500, 2.105 300, 4.37 300
    "hectare": Decimal(3100),
    # 2.46 20 + 30, 2.98 55
    "square_kilometre": Decimal(105),
    # 2.62 120万, 2.112 20万, 4.34 20万
    "square_metre": Decimal(1_600_000),
    # 2.177 7.5万亩
    "mu": Decimal(75_000),
    # 2.15 5000亿, 2.58 1450亿
    "yuan": Decimal(645_000_000_000),
    # 1.2 22万, 2.64 1000, 2.195 30万, 4.8 2万名
    "person": Decimal(541_000),
    # 2.196 40万, 4.13 10万, 4.18 100万
    "person_time": Decimal(1_500_000),
    # 2.228 80万 (storage) and 100万 per day (a rate)
    "cubic_metre": Decimal(800_000),
    "cubic_metre_per_day": Decimal(1_000_000),
    "count_per_day": Decimal(5000),  # 4.64
    "day": Decimal(42),  # 4.8 12 + 30
}


def test_totals_by_measure(targets):
    totals = totals_by_measure(targets)
    for measure, total in HAND_TOTALS.items():
        assert totals[measure] == total, measure
    assert list(totals) == sorted(totals)


def test_kilometres_target_by_target(targets):
    km = [(t.item, t.value) for t in targets if t.measure == "kilometre"]
    assert km == [
        ("2.93", 146),
        ("2.97", 70),
        ("2.99", 100),
        ("2.100", 400),
        ("2.103", Decimal("11.4")),
        ("2.107", 100),
        ("2.182", 200),
        ("2.182", 55),
        ("4.27", 100),
        ("4.28", 5000),
        ("4.30", 146),
        ("4.36", 100),
        ("4.36", 100),
        ("4.41", 50),
        ("4.52", 200),
        ("4.67", 400),
    ]


def test_growth_rates(targets):
    growth = [(t.item, t.value, t.comparator) for t in targets if t.kind == "growth_rate"]
    assert growth == [
        ("1.1", Decimal("6.5"), "at_least"),
        ("1.3", 3, "about"),
        ("2.12", 10, "exactly"),
        ("2.19", 10, "at_least"),
        ("2.171", 10, "at_least"),
        ("2.176", 10, "at_least"),
    ]


def test_targets_over_ten_thousand(targets):
    big = {(t.item, t.value) for t in targets if t.value > 10_000 and t.measure != "yuan"}
    assert ("2.204", 12000) in big and ("2.20", 2_000_000) in big
    assert ("2.42", 10000) not in big  # 突破1万家 is exactly 10000


def test_frame(plan, targets):
    pytest.importorskip("pandas")
    frame = targets_frame(plan)
    assert tuple(frame.columns) == FRAME_COLUMNS
    assert tuple(frame.columns[: len(TARGET_COLUMNS)]) == TARGET_COLUMNS
    assert len(frame) == len(targets)
    by_measure = frame.groupby("measure")["value"].sum()
    assert by_measure["kilometre"] == pytest.approx(7178.4)
    assert by_measure["yuan"] == pytest.approx(6.45e11)
    row = frame[frame["item"] == "2.204"].iloc[1]
    assert (row["value"], row["unit"], row["counted"]) == (12000.0, "个", "学位")
    assert row["unit_iri"] == "https://w3id.org/dutygraph/ontology#Count"
    assert len(targets_frame(targets[:3])) == 3


def test_select_by_unit(plan):
    # every selected item names 市商务局 as lead or responsible; 2.5 is one of them
    refs = {t.item for t in select_targets(plan, unit="市商务局")}
    for ref in refs:
        it = plan.item(ref)
        assert "市商务局" in it.lead + it.responsible + it.effective_lead
    assert "2.5" in refs
    assert not {t.item for t in select_targets(plan, unit="市商务局")} & {"2.93", "4.27"}
    assert [t.item for t in select_targets(plan, item="4.35")] == ["4.35"] * 3


def test_measures_file():
    table = load_measures()
    qudt = {
        "公里": "http://qudt.org/vocab/unit/KiloM",
        "平方米": "http://qudt.org/vocab/unit/M2",
        "平方公里": "http://qudt.org/vocab/unit/KiloM2",
        "公顷": "http://qudt.org/vocab/unit/HA",
        "立方米": "http://qudt.org/vocab/unit/M3",
        "%": "http://qudt.org/vocab/unit/PERCENT",
        "元": "http://qudt.org/vocab/currency/CNY",
        "亩": "https://w3id.org/dutygraph/ontology#Mu",
        "家": "https://w3id.org/dutygraph/ontology#Count",
        "个": "https://w3id.org/dutygraph/ontology#Count",
        "人": "https://w3id.org/dutygraph/ontology#Person",
        "人次": "https://w3id.org/dutygraph/ontology#PersonTime",
    }
    for unit, iri in qudt.items():
        assert table.measure_of(unit).iri == iri, unit
    assert table.measure_of("立方米", per_day=True).iri == "http://qudt.org/vocab/unit/M3-PER-DAY"
    assert table.multipliers["万"] == 10_000 and table.multipliers["亿"] == 10**8
    assert table.multipliers["千"] == 1000 and table.multipliers["百"] == 100
    for measure in table.measures.values():
        assert measure.iri.startswith(("http://qudt.org/", "https://w3id.org/dutygraph/"))
    assert not table.measures["percent"].additive
