"""What comes out is clean Simplified Chinese: no Traditional character, no pinyin,
no ``?`` left in any item text, sub-assignment, section title, theme or part title."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

TONE_LATIN = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")
READING_LEFT = re.compile(r"\([a-z\u00fc]{1,7}\)")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def traditional_only(text: str) -> set[str]:
    """Characters that OpenCC would change on their own: Traditional-only forms."""
    convert = _t2s().convert
    return {ch for ch in set(text) if convert(ch) != ch}


def _labels(plan) -> list[tuple[str, str]]:
    out = [(f"item {i.ref}", i.text) for i in plan.items]
    out += [(f"sub {i.ref}", s.text) for i in plan.items for s in i.subassignments]
    for part in plan.parts:
        out.append((f"part {part.number}", part.title))
        for section in part.sections:
            out.append((f"section {part.number}.{section.number}", section.title))
            out += [(f"theme {t.line}", t.title) for t in section.themes]
    out += [("title", plan.title), ("plan_title", plan.plan_title), ("issuer", plan.issuer)]
    return out


def test_helper_detects_traditional():
    assert traditional_only("責任單位") == {"責", "單"}
    assert traditional_only("责任单位") == set()


@pytest.mark.parametrize("check", ["traditional", "pinyin", "question"])
def test_labels_are_clean(plan, check):
    bad = []
    for where, text in _labels(plan):
        assert text, where
        if check == "traditional" and traditional_only(text):
            bad.append((where, sorted(traditional_only(text))))
        if check == "pinyin" and (TONE_LATIN.search(text) or READING_LEFT.search(text)):
            bad.append((where, text))
        if check == "question" and ("?" in text or "？" in text):
            bad.append((where, text))
    assert bad == []


def test_every_line_is_clean(plan):
    for line in plan.lines:
        assert not traditional_only(line.text), line.number
        assert not TONE_LATIN.search(line.text), line.number
        assert "?" not in line.text, line.number


def test_unit_names_are_clean(plan):
    names = {n for i in plan.items for n in i.units()}
    assert all(not traditional_only(n) for n in names)


def test_zhuoli_becomes_simplified_zhuoli(plan, raw_text):
    """OpenCC keeps 著力 (著 is also Simplified); the override table makes it 着力."""
    assert "著力" in raw_text
    assert all("著力" not in line.text for line in plan.lines)
    assert sum(line.text.count("着力") for line in plan.lines) == raw_text.count("著力")
    assert plan.item("2.7").text == "着力振兴汉派服装。"
    assert all(s.title.startswith("着力") for s in plan.parts[1].sections)


def test_latin_that_is_not_pinyin_is_kept(plan):
    assert "REITs基金" in plan.item("2.17").text
    assert "D+M工业设计小镇" in plan.item("2.33").text
    assert "T2航站楼" in plan.item("2.161").text
    assert "(AED)" in plan.item("4.23").text
