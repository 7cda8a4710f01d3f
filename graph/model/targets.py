"""Quantitative targets read from item texts, and the figures that are not targets.

A :class:`Target` is one number an item promises (``新增品牌连锁便利店200家`` → 200 家).
Values are :class:`~decimal.Decimal`, normalised: multiplier words are applied
(``1.2万`` → 12000, ``5000亿元`` → 5×10^11 with unit 元, ``22万人`` → 220000 with unit 人);
percentages stay as written (``6.5%`` → 6.5 with unit ``%``, measure ``percent``).

Vocabularies (documented here, used by every layer):

``comparator`` — how the value binds, read from the words around the number:

* ``at_least``: ``以上``, ``突破``, ``超过``, ``不低于``, ``不少于``, ``至少``, ``达到`` (a level
  to reach is met at or above it), ``多``/``余`` after the number (``200多家``);
* ``about``: ``左右``, ``上下``, ``约``, ``近``;
* ``at_most``: ``以内``, ``以下``, ``不超过``, ``不高于``, ``控制在`` (a ceiling);
* ``exactly``: no such word — a plain figure (``新增…200家``).

A word after the number wins over one before it (``提升到11%左右`` is ``about``).

``kind`` — what sort of figure it is, read from the verb that governs it:

* ``growth_rate``: a percentage change upwards (``增长6.5%``, ``涨幅3%``);
* ``reduction_rate``: a percentage cut (``压减10%``, ``下降``);
* ``share``: a proportion to reach (``占比提升到11%``);
* ``level``: a stock, total, amount or capacity to reach (``总量突破200万户``,
  ``成交额达到1450亿元``, ``形成…能力80万立方米``, ``日均快检量5000批次``) — also any
  figure with no action verb (``到位资金5000亿元以上``);
* ``new``: things to add — build, open, introduce, cultivate, create, raise
  (``新增``, ``新建``, ``新改扩建``, ``引进``, ``培育``, ``创建``, ``建设``, ``筹集``, ``打造``);
* ``started``: works to start (``开工``, ``开工建设``);
* ``ongoing``: works to carry out or advance during the year (``续建``, ``推进``,
  ``加快建设``, ``实施``, ``组织实施``);
* ``completed``: works to finish (``完成``, ``建成``, ``完工``, ``打通``, ``建成投产``);
* ``improved``: existing things to upgrade or repair (``提升``, ``升级``, ``改造``,
  ``整治``, ``修复``, ``修缮``, ``优化``, ``美化``, ``疏捞维护``);
* ``activity``: events held, people trained or served, things handed out or promoted
  (``开展``, ``举办``, ``组织``, ``培训``, ``发放``, ``推广``, ``支持``, ``为…``);
* ``duration``: a length of time that is part of the commitment (``12天运动技能培训``).

``measure`` — the key of the unit of measure in ``graph/data/measures.toml``
(``kilometre``, ``square_metre``, ``hectare``, ``mu``, ``cubic_metre``,
``cubic_metre_per_day``, ``percent``, ``yuan``, ``person``, ``person_time``, ``count``,
``count_per_day``, ``day`` …). Values are summed per measure only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

AT_LEAST = "at_least"
ABOUT = "about"
EXACTLY = "exactly"
AT_MOST = "at_most"
COMPARATORS = (AT_LEAST, ABOUT, EXACTLY, AT_MOST)

KINDS = {
    "growth_rate": "a percentage change upwards (增长, 涨幅)",
    "reduction_rate": "a percentage cut (压减, 下降)",
    "share": "a proportion to reach (占比)",
    "level": "a stock, total, amount or capacity to reach (总量, 达到, 突破, 形成…能力)",
    "new": "things to add: built, opened, introduced, cultivated, created (新增, 新建, 引进, 培育)",
    "started": "works to start (开工)",
    "ongoing": "works to carry out or advance (续建, 推进, 实施)",
    "completed": "works to finish (完成, 建成, 完工, 打通)",
    "improved": "existing things to upgrade or repair (提升, 改造, 整治, 修复)",
    "activity": "events held, people trained or served, things handed out (开展, 举办, 培训, 发放)",
    "duration": "a length of time that is part of the commitment (12天)",
}

# Why a figure in an item is not a target (Skipped.reason).
SKIP_REASONS = {
    "quoted": "inside quotation marks or book-title marks: a name or slogan (“101”, “323”)",
    "code": "a code with Latin letters (5G, T2)",
    "number_name": "a numbered name (19号线, 5号线)",
    "ordinal": "an ordinal (第五次, 第五期)",
    "date": "a date (2023年, 2月10日)",
    "phase": "a phase of a project (二期, 三期)",
    "programme_name": "a duration used as a name (三年行动方案, 三年攻坚计划)",
    "adjectival": "a numeral that is part of a word (二次供水, 一次性)",
    "qualifier": "a threshold describing what is counted (50亿元以上项目)",
    "set_phrase": "a Chinese numeral with no target verb: a set phrase (两个要害, 八项规定)",
}


@dataclass(frozen=True)
class Target:
    """One quantitative target of an item.

    ``snippet`` is the exact text the figure was read from, with any comparator word
    (``突破1.3万家``, ``6.5%以上``, ``5.8万套(间)``) and ``item_text[span[0]:span[1]] ==
    snippet``. ``phrase`` is the stretch of the item saying what is promised
    (``新增品牌连锁便利店200家``), ``counted`` what is counted (``品牌连锁便利店``).
    ``number`` is the figure as written (``1.2万``).
    """

    item: str
    index: int
    value: Decimal
    unit: str
    measure: str
    unit_iri: str
    comparator: str
    kind: str
    counted: str
    snippet: str
    span: tuple[int, int]
    phrase: str
    number: str

    @property
    def number_value(self) -> int | float:
        """The value as a plain Python number (int when whole)."""
        return plain_number(self.value)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["value"] = self.number_value
        data["span"] = list(self.span)
        return data


@dataclass(frozen=True)
class Spot:
    """A stretch of an item's text that holds a figure, with why it is there."""

    item: str
    snippet: str
    span: tuple[int, int]
    reason: str

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["span"] = list(self.span)
        return data


@dataclass(frozen=True)
class Skipped(Spot):
    """A figure in an item that is not a target, with the reason (see SKIP_REASONS)."""


@dataclass(frozen=True)
class Unreadable(Spot):
    """Digits that are neither a target nor a recognised non-target: reported, not guessed."""

    def __str__(self) -> str:
        return f"{self.item}: {self.reason} [{self.snippet}]"


def plain_number(value: Decimal) -> int | float:
    """``Decimal('12000')`` → 12000, ``Decimal('6.5')`` → 6.5."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
