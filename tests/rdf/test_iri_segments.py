"""Finding 16.4: any unit name a plan prints makes a valid IRI, and reads back.

Names with brackets (full-width ［］ normalise to []), control characters, U+FFFD,
private-use characters or noncharacters crashed every graph command with "Invalid
IRI code point"; each code point outside RFC 3987's iunreserved is now
percent-encoded in the segment.
"""

from __future__ import annotations

from urllib.parse import unquote

import pyoxigraph as ox
import pytest

from graph.parse.plan import parse_text
from graph.rdf.iris import segment
from graph.store.library import library
from graph.store.local import store_from_plans
from graph.store.sparql import select

NAMES = ["[专班]", "市\x01发改委", "市\ufffd局", "市\ue000局", "市\ufdd0局", "a b%#/?", "市发改委"]


@pytest.mark.parametrize("name", NAMES)
def test_a_segment_is_a_valid_iri_that_reads_back(name):
    value = segment(name)
    ox.NamedNode("https://example.org/unit/" + value)  # raises on an invalid IRI
    assert unquote(value) == name


def test_readable_chinese_stays_as_it_is():
    assert segment("市发改委") == "市发改委"
    assert segment("[专班]") == "%5B专班%5D"


def test_a_plan_with_such_units_builds_and_queries():
    text = "\n".join(
        [
            "示例市人民政府办公厅",
            "2024年市《政府工作报告》目标任务责任分解方案",
            "一、主要目标",
            "1.地区生产总值增长6%左右。(牵头单位:［专班］;责任单位:市\ufffd局、市\ue000局)",
        ]
    )
    plan = parse_text(text, path="hostile.txt")
    store = store_from_plans([plan])
    names = {r["unit"] for r in select(library()["units"], {}, store=store).records()}
    assert {"[专班]", "市\ufffd局", "市\ue000局"} <= names
