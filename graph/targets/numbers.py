"""Numbers as targets write them: ``6.5``, ``1.2万``, ``5000亿``, ``三``, ``一百二十``, ``三万``."""

from __future__ import annotations

from decimal import Decimal

# A Chinese numeral must hold at least one of these to be read as a number at all:
# 十, 百, 万 alone are too often parts of words (十大, 百强区, 万企兴万村).
CHINESE_DIGIT_CHARS = "一二两三四五六七八九"


def normalise(value: Decimal) -> Decimal:
    """Drop exponents and trailing zeros: ``Decimal('5.000E+11')`` → ``Decimal('500000000000')``."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def scaled(number: str, multiplier: Decimal | int = 1) -> Decimal:
    """``scaled('1.2', 10000)`` → ``Decimal('12000')``, exactly (no float rounding)."""
    return normalise(Decimal(number) * Decimal(multiplier))
