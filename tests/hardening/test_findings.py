"""Regression tests for the smaller findings of issue 16 (finding 17 and the
reading half of 10), each asserting the answer, not just that nothing crashed."""

from __future__ import annotations

import codecs

import pytest

from graph.parse.plan import parse_text
from graph.read.encoding import decode_bytes
from graph.read.formats import detect_format, read_document
from tests.hardening.catalogue import SMALL

# -- invisible characters before an item number --------------------------------------


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u2060", "\u200e", "\u00ad"])
def test_an_invisible_character_does_not_hide_an_item_number(invisible):
    text = SMALL.replace("3.办好", f"{invisible}7.办好")
    plan = parse_text(text)
    item = plan.items[-1]
    assert (item.ref, item.number, item.number_text, item.text) == ("1.7", 7, "7.", "办好教育。")
    numbering = [(n.line, n.column, n.message) for n in plan.notices if n.kind == "numbering"]
    # the column points into the raw line, where the 7 is: after the invisible one
    assert numbering == [(6, 2, "item 1.7 follows item 1.2")]


def test_invisible_characters_inside_a_unit_name_are_removed():
    plan = parse_text(SMALL.replace("市商务局", "市\u200b商\u2060务局"))
    assert plan.items[1].lead == ["市商务局"]
    assert not [n for n in plan.notices if n.kind == "unknown-unit"]


# -- item numbers of any length up to nine digits -----------------------------------


@pytest.mark.parametrize("number", [10000, 99999, 123456789])
def test_items_numbered_past_9999_are_items(number):
    plan = parse_text(SMALL.replace("3.办好", f"{number}.办好").replace("2.促进", "(2)促进"))
    item = plan.items[-1]
    assert (item.ref, item.number, item.number_text, item.text) == (
        f"1.{number}",
        number,
        f"{number}.",
        "办好教育。",
    )


def test_ten_digits_are_a_figure_not_an_item_number():
    plan = parse_text(SMALL.replace("3.办好", "1234567890.办好"))
    item = plan.items[-1]  # still an item (it has its clause), numbered in sequence
    assert (item.ref, item.number_text, item.text) == ("1.3", "", "1234567890.办好教育。")


def test_a_table_number_that_int_cannot_read_is_no_crash():
    document = read_document(
        "plan.csv", data="序号,工作任务,牵头单位\n²,建设基站,市经信局\n".encode()
    )
    from graph.parse.plan import parse_document

    plan = parse_document(document)
    assert [(i.ref, i.text, i.lead) for i in plan.items] == [("1.1", "建设基站", ["市经信局"])]


# -- UTF-32 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")],
)
def test_utf_32_is_read_as_utf_32_not_utf_16(bom, codec):
    data = bom + SMALL.encode(codec)
    assert decode_bytes(data, "plan.txt").text == SMALL
    assert decode_bytes(data, "plan.txt").encoding == "utf-32"
    assert detect_format(data, "plan.txt") == "text"
    plan = parse_text(decode_bytes(data).text)
    assert [i.lead for i in plan.items] == [["市发改委"], ["市商务局"], ["市教育局"]]


def test_utf_32_web_page_and_csv_are_recognised():
    page = "<html><body><p>一、重点工作</p><p>1.扩大有效投资。(牵头单位:市发改委)</p></body></html>"
    data = codecs.BOM_UTF32_BE + page.encode("utf-32-be")
    assert detect_format(data, "plan") == "html"
    assert [b.text for b in read_document("plan.html", data=data).blocks][-1] == (
        "1.扩大有效投资。(牵头单位:市发改委)"
    )
    table = "序号,工作任务,牵头单位\n1,建设基站,市经信局\n"
    assert detect_format(codecs.BOM_UTF32_LE + table.encode("utf-32-le"), "plan.csv") == "csv"


def test_utf_16_is_still_utf_16():
    data = codecs.BOM_UTF16_LE + SMALL.encode("utf-16-le")
    assert decode_bytes(data).encoding == "utf-16" and decode_bytes(data).text == SMALL


# -- the notice above the first item ------------------------------------------------


def test_a_cut_item_above_the_first_whole_one_is_reported():
    """``3.办好教育。(牵头`` before any item: read as the notice, with a warning."""
    text = "3.办好教育。(牵头\n" + SMALL.split("\n", 2)[2]
    plan = parse_text(text)
    assert plan.lines[0].kind == "preamble"
    assert [(n.kind, n.line, n.column) for n in plan.notices if n.kind == "unparsed-line"] == [
        ("unparsed-line", 1, 1)
    ]


def test_the_notice_of_the_bundled_plan_raises_no_such_warning(plan):
    assert not [n for n in plan.notices if n.kind == "unparsed-line"]
