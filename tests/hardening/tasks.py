"""An independent count of task lines: what a reader would call a task, found
without the parser, so that a line the parser drops silently is caught.

A task line starts with an item number (``1.``, ``1、``, ``(1)``, ``(一)``) and holds
a bracket that names a role (牵头, 责任, 配合 … in either script). It is read with
its own small normalisation (NFKC for full-width forms, invisible characters and
pinyin readings dropped), never with :mod:`graph.read`.
"""

from __future__ import annotations

import re
import unicodedata

_READING = re.compile(r"(?<=[\u3400-\u9fff])\([a-z\u00fc\u00e0-\u01dc]{1,7}\)")
_NUMBERED = re.compile(r"^(?:\d{1,9}\s*[.、﹒]|\(\d{1,9}\)|\([一二三四五六七八九十百]{1,4}\))\s*\S")
_ROLE = "牵头|牽頭|责任|責任|配合|协同|協同|协办|協辦|负责|負責|主办|主辦"
_CLAUSE = re.compile(rf"[(\[【〔][^(\[【〔)\]】〕]*?(?:{_ROLE})")


def _clean(line: str) -> str:
    text = unicodedata.normalize("NFKC", line)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _READING.sub("", text).strip()


def is_task_line(line: str) -> bool:
    text = _clean(line)
    number = _NUMBERED.match(text)
    return number is not None and _CLAUSE.search(text, number.end() - 1) is not None


def task_lines(text: str) -> list[int]:
    """1-based numbers of the task lines of ``text`` (any line ending)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [n for n, line in enumerate(lines, start=1) if is_task_line(line)]


def unaccounted(text: str, item_lines: set[int], warned_lines: set[int]) -> list[int]:
    """Task lines that are neither an item nor named by a warning: lost silently."""
    return [n for n in task_lines(text) if n not in item_lines and n not in warned_lines]
