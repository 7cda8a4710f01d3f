"""What a line of a plan is: a heading, an item with its number, a role line, and
where its unit clauses are.

Kept apart from the builder so that every layout (text lines, table rows, tables
flattened into text) asks the same questions the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.parse.clause import ANY_BRACKET, CLOSE_BRACKETS, OPEN_BRACKETS, looks_like_clause
from graph.parse.numerals import CHINESE_NUMERAL, chinese_to_int
from graph.read.roles import Vocabulary

PART = re.compile(rf"^([{CHINESE_NUMERAL}]+)、(.+)$")
SECTION = re.compile(rf"^\(([{CHINESE_NUMERAL}]+)\)\s*(.+)$")
THEME = re.compile(r"^(?:-{2,}|——|—)\s*(.+)$")
# Item numbers as plans print them: 1. 1、 1． 1﹒ (1) 1) — and the text after. Any
# number up to nine digits (a corpus or a long list passes 9999; a longer run of
# digits is a figure, not a number anyone numbers items with).
ITEM = re.compile(r"^(\d{1,9})\s*[.．、﹒]\s*(.+)$")
ITEM_BRACKETED = re.compile(r"^\((\d{1,9})\)\s*(.+)$")
NOISE = (
    re.compile(r"^浏览量\s*:"),
    re.compile(r"时间\s*:\s*\d{4}-\d{2}-\d{2}"),
    re.compile(r"\.(pdf|docx?|wps|ofd)$", re.I),
    re.compile(r"^(打印|关闭|分享到|【[^】]*】)\s*$"),
    # Site furniture around a web copy: print/close buttons, footer, breadcrumbs.
    re.compile(r"^(?:【[^】]*】\s*)+$"),
    re.compile(r"ICP备|网站标识码|公网安备|版权所有|^主办\s*:.*承办"),
    re.compile(r"^(?:当前位置|您当前的位置|您现在的位置)\s*:"),
)
# All of them as one pattern, asked once per line instead of seven times.
ANY_NOISE = re.compile(
    "|".join(f"(?i:{p.pattern})" if p.flags & re.I else f"(?:{p.pattern})" for p in NOISE)
)
_CLOSING_PUNCTUATION = "。.;,"
_ITEM_COUNT = re.compile(r"\(\d{1,3}项\)$")
# A bracket that can open a clause: not a note's 〈 nor a title's 《.
_TOP_OPEN = re.compile("[" + re.escape(OPEN_BRACKETS.replace("〈", "").replace("《", "")) + "]")


def is_part_header(text: str) -> bool:
    """``二、加强供给侧结构性改革`` (a short title), not ``一、各有关部门要…。`` (a sentence)."""
    text = _ITEM_COUNT.sub("", text)  # 一、县示范区管委会牵头工作(8项)
    match = PART.match(text)
    if not match or "。" in text or len(text) > 40 or "(" in text:
        return False
    try:
        chinese_to_int(match.group(1))
    except ValueError:  # 二二、 is damage, not part 22
        return False
    return True


@dataclass(frozen=True)
class Number:
    """An item's number: its value, the text as printed, and where its body starts."""

    value: int
    text: str
    body: int


def item_number(text: str) -> Number | None:
    """The number an item line starts with (``1.``, ``1、``, ``1﹒``, ``(1)``), if any."""
    for pattern in (ITEM, ITEM_BRACKETED):
        match = pattern.match(text)
        if match:
            return Number(int(match.group(1)), text[: match.start(2)].strip(), match.start(2))
    return None


def section_number(text: str) -> Number | None:
    match = SECTION.match(text)
    if match:
        try:
            value = chinese_to_int(match.group(1))
        except ValueError:
            return None
        return Number(value, text[: match.start(2)].strip(), match.start(2))
    return None


def closing(text: str, start: int) -> int | None:
    """Index of the bracket that closes the one at ``start``, or None if none does.

    Only the brackets are visited (a regex finds them), not every character."""
    depth = 0
    for match in ANY_BRACKET.finditer(text, start):
        if match.group() in OPEN_BRACKETS:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return match.start()
    return None


@lru_cache(maxsize=4)
def _clause_start(vocabulary: Vocabulary) -> re.Pattern[str]:
    labels = vocabulary.label_pattern()
    opens = re.escape("([【〔")
    closes = re.escape(")]】〕")
    return re.compile(
        rf"[{opens}](?=[^{opens}{closes}]*?(?:{labels})\s*:)|[{opens}](?=[^{opens}{closes}]*?〈(?:牵头单位|责任单位))"
    )


def find_clause(text: str, vocabulary: Vocabulary) -> tuple[int, int, bool] | None:
    """(start, end, closed) of the unit clause at the end of an item line.

    The clause is the last top-level bracket group that names a unit role; ``end`` is
    just past its closing bracket, so text after the clause can be reported rather
    than read as part of a unit name. A full stop after the clause (``…(X负责)。``) is
    the sentence's end, not text after it. A clause whose closing bracket is missing
    (a truncated line) is returned with closed=False and ``end`` at the end of the line.
    """
    stripped = text.rstrip()
    core = stripped.rstrip(_CLOSING_PUNCTUATION)
    if core and core[-1] in CLOSE_BRACKETS and core[-1] != "〉":
        depth = 0
        for match in reversed(list(ANY_BRACKET.finditer(core))):  # brackets only
            ch = match.group()
            i = match.start()
            if ch in CLOSE_BRACKETS:
                depth += 1
            elif ch in OPEN_BRACKETS:
                depth -= 1
                if depth == 0:
                    inner = core[i + 1 : -1]
                    # ``〈…)`` is a bracket left open inside the clause, not the clause:
                    # look for the clause's own bracket below instead.
                    if ch != "〈" and ch != "《" and looks_like_clause(inner, vocabulary):
                        return i, len(core), True
                    break
    starts = list(_clause_start(vocabulary).finditer(stripped))
    if not starts:
        return None
    start = starts[-1].start()
    close = closing(stripped, start)
    if close is not None:
        return start, close + 1, True
    # No bracket closes the clause's own: if the line still ends with one, the clause
    # is complete but its inside does not balance (reported by the caller); otherwise
    # the line was cut.
    return start, len(stripped), stripped.endswith(tuple(")]】〕"))


def clauses_in(text: str, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    """(start, end) of every top-level bracket group in ``text`` that is a unit clause.

    Plans that run several tasks into one paragraph end each task with its clause
    (``…政策体系(省科技厅牵头)。在高端装备…(…负责),建设一批…(…)。``).
    """
    found: list[tuple[int, int]] = []
    i = 0
    while (match := _TOP_OPEN.search(text, i)) is not None:
        start = match.start()
        end = closing(text, start)
        if end is None:
            break
        if looks_like_clause(text[start + 1 : end], vocabulary):
            found.append((start, end + 1))
        i = end + 1
    return found


@lru_cache(maxsize=4)
def _role_line(vocabulary: Vocabulary) -> re.Pattern[str]:
    return re.compile(rf"^({vocabulary.label_pattern()})\s*:\s*(.*)$", re.S)


def role_line(text: str, vocabulary: Vocabulary) -> tuple[str, str] | None:
    """``牵头单位:省发展改革委`` -> (label, value): a role on a line of its own."""
    match = _role_line(vocabulary).match(text)
    return (match.group(1), match.group(2)) if match else None
