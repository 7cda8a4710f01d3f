"""Render rows as table, CSV, TSV, JSON or Markdown, deterministically.

Used by every command that prints data. No pandas needed: rows are plain dicts,
so the parse command stays fast. Widths account for Chinese characters taking two
terminal columns.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

FORMATS = ("table", "csv", "tsv", "json", "markdown")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: Any, sep: str = ";") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return sep.join(_cell(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _truncate(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def render(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    fmt: str = "table",
    *,
    max_width: int = 60,
) -> str:
    """Render ``rows`` restricted to ``columns`` in ``fmt``."""
    rows = list(rows)
    if fmt == "json":
        return (
            json.dumps(
                [{c: row.get(c) for c in columns} for row in rows],
                ensure_ascii=False,
                indent=2,
                default=str,
            )
            + "\n"
        )
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return buffer.getvalue()
    cells = [[_cell(row.get(c), "、") for c in columns] for row in rows]
    if fmt == "markdown":

        def esc(text: str) -> str:
            return text.replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(columns) + " |", "|" + "|".join(" --- " for _ in columns) + "|"]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    cells = [[_truncate(c.replace("\n", " "), max_width) for c in row] for row in cells]
    widths = [display_width(c) for c in columns]
    for values in cells:
        widths = [max(w, display_width(c)) for w, c in zip(widths, values, strict=True)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v + " " * (w - display_width(v)) for v, w in zip(values, widths, strict=True)
        ).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    return "\n".join(out) + "\n"
