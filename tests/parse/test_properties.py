"""Random edits of the plan never crash the parser and never lose a line.

An edit deletes, duplicates or swaps lines, inserts characters (brackets, ``?``,
separators, digits, Chinese numerals, role words, arbitrary Unicode), or truncates
the text. Whatever comes out: either an :class:`InputError` (input unusable) or a
plan whose ``lines`` hold every input line, each with a kind.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.data import bundled_plan_path
from graph.errors import InputError
from graph.parse.plan import parse_text
from graph.read.encoding import decode_bytes

RAW = bundled_plan_path().read_text(encoding="utf-8")
RAW_LINES = RAW.split("\n")
KINDS = {
    "blank",
    "noise",
    "preamble",
    "part",
    "section",
    "theme",
    "item",
    "continuation",
    "unparsed",
    "role",
    "table-header",
    "row-cell",
    "heading",
}
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters that matter to the grammar, plus anything else Unicode has to offer.
SPECIAL = list("()（）〈〉《》[]?？:：;；,，、。.．-—0123456789一二三十百") + [
    "牵头单位:",
    "责任单位:",
    "牽(qiān)頭(tóu)",
    "(zé)",
    "(AED)",
    "区人民政府",
    "\n",
    "\r",
    "\t",
    " ",
    "\u3000",
    "\ufeff",
    "\u00e9",
]
INSERT = st.lists(
    st.one_of(st.sampled_from(SPECIAL), st.characters(exclude_categories=("Cs",))),
    min_size=1,
    max_size=6,
).map("".join)

line_index = st.integers(min_value=0, max_value=len(RAW_LINES) - 1)
EDIT = st.one_of(
    st.tuples(st.just("delete"), line_index),
    st.tuples(st.just("duplicate"), line_index),
    st.tuples(st.just("swap"), line_index, line_index),
    st.tuples(st.just("insert"), line_index, st.integers(0, 400), INSERT),
    st.tuples(st.just("truncate-line"), line_index, st.integers(0, 400)),
    st.tuples(st.just("truncate"), st.integers(0, len(RAW))),
)


def apply(text: str, edit: tuple) -> str:
    lines = text.split("\n")
    kind = edit[0]
    if kind == "truncate":
        return text[: edit[1]]
    i = edit[1] % len(lines)
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        j = edit[2] % len(lines)
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "insert":
        col = min(edit[2], len(lines[i]))
        lines[i] = lines[i][:col] + edit[3] + lines[i][col:]
    elif kind == "truncate-line":
        lines[i] = lines[i][: edit[2]]
    return "\n".join(lines)


def input_lines(text: str) -> list[str]:
    """Lines as any reader counts them: \\r\\n, \\r and \\n all end a line."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _visible(raw: str) -> bool:
    """Whether a line shows anything: a character that is neither white space nor an
    invisible format character (a BOM or a zero-width space alone is a blank line)."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in raw)


def check(text: str) -> None:
    try:
        plan = parse_text(text, path="edited.txt")
    except InputError as exc:
        assert exc.path == "edited.txt"
        assert exc.line >= 0 and exc.column >= 0
        assert "\n" not in str(exc)
        return
    expected = input_lines(text)
    assert len(plan.lines) == len(expected)
    assert [line.number for line in plan.lines] == list(range(1, len(expected) + 1))
    for line, raw in zip(plan.lines, expected, strict=True):
        assert line.kind in KINDS, (line.number, line.kind)
        if _visible(raw):
            assert line.kind != "blank", (line.number, raw)
    # every item line is an item, every item has its line (a line that runs several
    # tasks together, each with its own clause, holds several items)
    item_lines = {line.number for line in plan.lines if line.kind == "item"}
    assert sum(1 for line in plan.lines if line.kind == "item") == len(
        {item.line for item in plan.items if item.where == ""}
    )
    assert {item.line for item in plan.items} == item_lines
    for notice in plan.notices:
        assert 0 <= notice.line <= len(plan.lines)


@SETTINGS
@given(st.lists(EDIT, min_size=1, max_size=5))
def test_random_edits_never_crash_or_lose_lines(edits):
    text = RAW
    for edit in edits:
        text = apply(text, edit)
    check(text)


@SETTINGS
@given(st.integers(0, len(RAW_LINES) - 1), st.integers(0, 400), INSERT)
def test_insert_into_any_line(index, column, inserted):
    check(apply(RAW, ("insert", index, column, inserted)))


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_are_an_error_or_a_plan(data):
    """Bytes that decode go on to the parser; nothing escapes but InputError."""
    try:
        decoded = decode_bytes(data, "bytes.bin")
    except InputError:
        return
    check(decoded.text)


@pytest.mark.parametrize("cut", [0, 1, 100, 1000, 5000, len(RAW) // 2, len(RAW) - 1])
def test_truncated_anywhere(cut):
    check(RAW[:cut])


def test_unedited_plan_passes_the_same_checks():
    check(RAW)
