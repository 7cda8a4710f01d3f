"""Chinese numerals as plans use them for numbering: 一 … 十 … 二十 … 九十九."""

from __future__ import annotations

from graph.numerals import chinese_to_decimal

CHINESE_NUMERAL = "零〇一二两三四五六七八九十百"


def chinese_to_int(text: str) -> int:
    """``十二`` -> 12, ``二十`` -> 20, ``一百零五`` -> 105. Raises ValueError otherwise.

    Numbering never goes past 百, so 千/万/亿 are refused here even though the
    shared reader knows them.
    """
    if not text or any(ch not in CHINESE_NUMERAL for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    return int(chinese_to_decimal(text))
