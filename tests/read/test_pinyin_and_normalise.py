"""Pinyin readings go, real parentheticals stay; Simplified conversion with overrides."""

from __future__ import annotations

import pytest

from graph.read.normalise import find_damage, nfc_with_index, normalise, to_simplified
from graph.read.pinyin import is_pinyin_syllable, strip_readings, toneless


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("責(zé)任單(dān)位", "責任單位"),
        ("市域(郊)鐵(tiě)路", "市域(郊)鐵路"),
        ("充(換)電(diàn)", "充(換)電"),
        ("除顫儀(AED)800臺(tái)", "除顫儀(AED)800臺"),
        ("服務(wù)中心(站)70個(gè)", "服務中心(站)70個"),
        ("REITs基金", "REITs基金"),
        ("武漢(漢口北)", "武漢(漢口北)"),
        ("綠(lǜ)色", "綠色"),
        ("(zé)開頭", "(zé)開頭"),  # no character before it: not a reading
        ("W(wǎng)", "W(wǎng)"),  # after a latin letter: debris, left for damage checks
        ("中(xyz)", "中(xyz)"),  # not a syllable
    ],
)
def test_strip_readings(raw, clean):
    assert strip_readings(raw)[0] == clean


def test_strip_readings_maps_positions_back():
    text, index = strip_readings("責(zé)任單(dān)位")
    assert text == "責任單位"
    assert index == [0, 5, 6, 12]


@pytest.mark.parametrize("word", ["zé", "zhuàng", "lǜ", "er", "ng", "xiāng", "qiáng"])
def test_syllables(word):
    assert is_pinyin_syllable(word)


@pytest.mark.parametrize("word", ["AED", "Zé", "xyz", "", "abc"])
def test_not_syllables(word):
    assert not is_pinyin_syllable(word)


def test_toneless():
    assert toneless("qiáng") == "qiang"
    assert toneless("lǜ") == "lü"


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("著力振興", "着力振兴"),
        ("著眼長遠", "着眼长远"),
        ("顯著力量", "显著力量"),  # 著 after 显 means "notable": kept
        ("責任單位", "责任单位"),
    ],
)
def test_to_simplified(traditional, simplified):
    assert to_simplified(traditional) == simplified


def test_normalise_keeps_every_line_and_its_raw_form():
    raw = "第一行\r\n責(zé)任\r\r\n（牽頭單位：市發改委；）？？\n"
    lines, notices = normalise(raw)
    assert [line.number for line in lines] == [1, 2, 3, 4, 5]
    assert [line.text for line in lines] == ["第一行", "责任", "", "(牵头单位:市发改委;)", ""]
    assert lines[1].raw == "責(zé)任"
    assert [(n.kind, n.line, n.snippet) for n in notices] == [("noise-removed", 4, "??")]


def test_full_width_punctuation_becomes_ascii():
    lines, _ = normalise("（一）增長。（牽頭單位：市發改委；責任單位：各區人民政府，市稅務局）")
    assert lines[0].text == "(一)增长。(牵头单位:市发改委;责任单位:各区人民政府,市税务局)"


def test_damage_found_with_raw_column():
    lines, _ = normalise("燃(rán)?xì)夤芫W(wǎng)改造")
    line = lines[0]
    spots = find_damage(line)
    assert spots and spots[0].line == 1
    assert line.raw[spots[0].column - 1] == "?"


def test_decomposed_tone_marks_keep_columns_right():
    """A copy saved in NFD writes zé as ze + U+0301: readings still go, and columns
    after them still point at the right raw character."""
    raw = "責(ze\u0301)任單(da\u0304n)位?x"
    lines, _ = normalise(raw)
    line = lines[0]
    assert line.text == "责任单位?x"
    assert raw[line.raw_column(4) - 1] == "?"
    assert [n.column for n in find_damage(line)] == [raw.index("?") + 1]


def test_nfc_with_index():
    assert nfc_with_index("abc") == ("abc", None)  # unchanged: identity
    assert nfc_with_index("ze\u0301x") == ("z\u00e9x", [0, 1, 3])
