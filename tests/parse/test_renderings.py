"""The same plan in other clothes gives the same items.

Renderings of the bundled web copy, built here from its raw text:

* Simplified: OpenCC t2s of the text with the pinyin readings removed, and the ASCII
  punctuation ``(),:;`` turned into full-width ``（），：；`` as a mainland office
  copy would have it (UTF-8);
* plain Traditional: the readings removed, still Traditional (UTF-8);
* Traditional in Big5: Big5 cannot encode the pinyin debris left at the six damaged
  spots (``àáèìòǎ``, and the stray characters ``劢惭舭``), nor ``硚`` (硚口), which the web
  copy writes in its Simplified form. With ``errors="strict"`` the only variant that
  encodes is a clean Traditional copy: the damaged spots carry their Traditional
  corrections (the same ones the shipped errata make) and 硚 is written ``礄``, its
  Traditional form. Nothing else changes;
* the original web copy encoded as GB18030.

Items must come out identical: ref, text, lead, responsible, effective lead,
sub-assignments, section and theme.
"""

from __future__ import annotations

import pytest

from graph.parse.plan import parse_plan
from tests.conftest import READING

# The damaged spots as the Traditional text reads once readings are removed, and what
# the document says there (cf. graph/data/errata/wuhan-2023.toml).
TRADITIONAL_FIXES = {
    "加速?zèng)_刺全國百?gòu)?qiáng)區": "加速衝刺全國百強區",
    "燃?xì)夤芫W(wǎng)": "燃氣管網",
    "高?!半p一流”": "高校“雙一流”",
    "工作向?yàn)槊窬劢?,": "工作向為民聚焦,",
    "加?qiáng)調查研究": "加強調查研究",
    "燃?xì)庥脩舭惭b戶內": "燃氣用戶安裝戶內",
}
FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})


def _signature(plan) -> list[tuple]:
    return [
        (
            i.ref,
            i.text,
            tuple(i.lead),
            tuple(i.responsible),
            tuple(i.effective_lead),
            tuple((s.text, tuple(s.lead), tuple(s.responsible)) for s in i.subassignments),
            i.section,
            i.theme,
            i.line,
        )
        for i in plan.items
    ]


def _traditional(raw_text: str) -> str:
    return READING.sub("", raw_text)


def _big5_variant(raw_text: str) -> bytes:
    text = _traditional(raw_text)
    for damaged, fixed in TRADITIONAL_FIXES.items():
        assert damaged in text, damaged
        text = text.replace(damaged, fixed)
    return text.replace("硚", "礄").encode("big5", errors="strict")


@pytest.fixture(scope="module")
def renderings(tmp_path_factory, raw_text):
    import opencc

    folder = tmp_path_factory.mktemp("renderings")
    simplified = opencc.OpenCC("t2s").convert(_traditional(raw_text)).translate(FULL_WIDTH)
    files = {
        "simplified": (simplified.encode("utf-8"), "utf-8"),
        "traditional": (_traditional(raw_text).encode("utf-8"), "utf-8"),
        "big5": (_big5_variant(raw_text), "big5"),
        "gb18030": (raw_text.encode("gb18030"), "gb18030"),
    }
    paths = {}
    for name, (data, _) in files.items():
        paths[name] = folder / f"{name}.txt"
        paths[name].write_bytes(data)
    return paths, {name: enc for name, (_, enc) in files.items()}


def test_simplified_rendering_really_is_simplified(renderings):
    paths, _ = renderings
    text = paths["simplified"].read_text(encoding="utf-8")
    assert (
        "（牵头单位：市发改委；责任单位：各区人民政府〈含开发区、长江新区、风景区管委会，下同〉）"
        in text
    )
    assert "責" not in text and "(" not in text and "(zé)" not in text


def test_traditional_rendering_has_no_readings_but_is_traditional(renderings):
    paths, _ = renderings
    text = paths["traditional"].read_text(encoding="utf-8")
    assert (
        "(牽頭單位:市發改委;責任單位:各區人民政府〈含開發區、長江新區、風景區管委會,下同〉)" in text
    )
    assert "(AED)" in text and "市域(郊)鐵路" in text


@pytest.mark.parametrize("name", ["simplified", "traditional", "big5", "gb18030"])
def test_same_items(plan, renderings, name):
    paths, encodings = renderings
    other = parse_plan(paths[name])
    assert other.encoding == encodings[name]
    assert len(other.items) == 322
    assert _signature(other) == _signature(plan)
    assert [(g.group, g.note) for g in other.group_definitions] == [
        (g.group, g.note) for g in plan.group_definitions
    ]


@pytest.mark.parametrize("name", ["simplified", "traditional", "big5", "gb18030"])
def test_same_metadata_and_lines(plan, renderings, name):
    paths, _ = renderings
    other = parse_plan(paths[name])
    for field in ("doc_number", "title", "plan_title", "issuer", "issued", "city", "year"):
        assert getattr(other, field) == getattr(plan, field), field
    assert other.duties == plan.duties
    assert other.line_counts() == plan.line_counts()
    assert not [n for n in other.notices if n.kind == "encoding-damage-unrepaired"]


@pytest.mark.parametrize("name", ["simplified", "traditional", "gb18030"])
def test_damage_found_and_repaired_in_every_rendering(plan, renderings, name):
    """The shipped errata apply by document number, whatever the rendering."""
    paths, _ = renderings
    other = parse_plan(paths[name])

    def repaired(p):
        return [(n.line, n.message) for n in p.notices if n.kind == "damage-repaired"]

    assert repaired(other) == repaired(plan)


def test_clean_big5_copy_needs_no_repair(renderings):
    paths, _ = renderings
    other = parse_plan(paths["big5"])
    kinds = {n.kind for n in other.notices}
    assert "encoding-damage" not in kinds and "damage-repaired" not in kinds
