"""Chinese numerals as plans use them for numbering: 一 … 十 … 二十 … 九十九."""

from __future__ import annotations

_DIGITS = {
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
CHINESE_NUMERAL = "零〇一二两三四五六七八九十百"


def chinese_to_int(text: str) -> int:
    """``十二`` -> 12, ``二十`` -> 20, ``一百零五`` -> 105. Raises ValueError otherwise."""
    if not text or any(ch not in CHINESE_NUMERAL for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total = 0
    current = 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[ch]
    return total + current
