"""Chinese numerals, shared by the parser (item numbering: 一 … 二十) and the target
reader (quantities: 三万, 两千五百)."""

from __future__ import annotations

from decimal import Decimal

CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(CHINESE_DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)


def chinese_to_decimal(text: str) -> Decimal:
    """``三`` → 3, ``十二`` → 12, ``一百零五`` → 105, ``三万`` → 30000, ``两千五百`` → 2500.

    Raises ValueError for anything that is not a well-formed Chinese numeral.
    """
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total = 0  # completed 亿 and 万 groups
    section = 0  # within the current 万 group
    digit: int | None = None
    for ch in text:
        if ch in CHINESE_DIGITS:
            if digit is not None and digit != 0 and CHINESE_DIGITS[ch] != 0:
                raise ValueError(f"two digits in a row in {text!r}")
            digit = CHINESE_DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (digit if digit else 1) * SMALL_UNITS[ch]
            digit = None
        elif ch == "万":
            group = section + (digit or 0)
            if group == 0:
                raise ValueError(f"multiplier without a number in {text!r}")
            total += group * BIG_UNITS[ch]
            section = 0
            digit = None
        else:  # 亿 multiplies everything before it
            total = total + section + (digit or 0)
            if total == 0:
                raise ValueError(f"multiplier without a number in {text!r}")
            total *= BIG_UNITS[ch]
            section = 0
            digit = None
    return Decimal(total + section + (digit or 0))


CHINESE_NUMERAL = "零〇一二两三四五六七八九十百"


def chinese_to_int(text: str) -> int:
    """``十二`` -> 12, ``二十`` -> 20, ``一百零五`` -> 105. Raises ValueError otherwise.

    Numbering never goes past 百, so 千/万/亿 are refused here even though the
    shared reader knows them.
    """
    if not text or any(ch not in CHINESE_NUMERAL for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    return int(chinese_to_decimal(text))
