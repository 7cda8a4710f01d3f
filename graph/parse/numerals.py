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


_DIGIT_NAMES = "零一二三四五六七八九"


def int_to_chinese(number: int) -> str:
    """``12`` -> ``十二``, ``20`` -> ``二十``, ``105`` -> ``一百零五`` (1 to 999)."""
    if not 0 < number < 1000:
        raise ValueError(f"out of range for numbering: {number}")
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_DIGIT_NAMES[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if not hundreds and tens == 1 else _DIGIT_NAMES[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += _DIGIT_NAMES[ones]
    return out


def chinese_to_int(text: str) -> int:
    """``十二`` -> 12, ``二十`` -> 20, ``一百零五`` -> 105. Raises ValueError otherwise.

    Numbering never goes past 百, so 千/万/亿 are refused here even though the
    shared reader knows them. Only well-formed numerals are numbers: ``二二`` and
    ``十十`` are damage, not 22 or 20 (the written form must be the one the number
    has, allowing 两 for 二, 〇 for 零 and a leading 一十).
    """
    if not text or any(ch not in CHINESE_NUMERAL for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    value = int(chinese_to_decimal(text))
    canonical = text.replace("两", "二").replace("〇", "零")
    if value == 0 or canonical not in (int_to_chinese(value), "一" + int_to_chinese(value)):
        raise ValueError(f"not a well-formed Chinese numeral: {text!r}")
    return value
