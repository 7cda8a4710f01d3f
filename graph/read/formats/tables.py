"""Shared table logic: place cells on a grid, spread merged cells, emit row blocks.

HTML (``rowspan``/``colspan``), Word (``w:vMerge``/``w:gridSpan``), Excel (merged
ranges) and PDF (one ruled box over several rows or columns) all say the same
thing in different words: one value covers a rectangle of cells. The readers turn
their format's words into :class:`Grid` placements and this module does the rest,
so every format spreads merged cells the same way: the value is copied into every
covered cell, and the copies (not the origin) are listed in ``Block.merged``.

Rows are padded with empty cells to the width of their table, so that column ``j``
means the same column in every row of a table whatever the format wrote.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from graph.read.document import ROW, Block, Where

# A value spanning more rows or columns than this is a damaged file, not a table
# (HTML's own limits are 65534 rows and 1000 columns); clamping keeps memory bounded.
MAX_ROWSPAN = 65534
MAX_COLSPAN = 1000


@dataclass(frozen=True)
class SpanCell:
    """A cell as a markup format writes it: its text and how far it spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1


class Grid:
    """Cells placed at explicit (row, column) slots, 0-based; spans fill rectangles.

    A slot filled by a span's origin holds the value; the other slots of the span
    hold the same value marked as a copy. A slot already taken is never overwritten
    (overlapping spans in a damaged file: the first one placed wins, as browsers do).
    """

    def __init__(self) -> None:
        self._slots: dict[tuple[int, int], tuple[str, bool]] = {}
        self.height = 0
        self.width = 0

    def taken(self, row: int, column: int) -> bool:
        return (row, column) in self._slots

    def put(self, row: int, column: int, text: str, rowspan: int = 1, colspan: int = 1) -> None:
        """Place ``text`` at (row, column), covering ``rowspan`` x ``colspan`` slots."""
        rowspan = max(1, min(rowspan, MAX_ROWSPAN))
        colspan = max(1, min(colspan, MAX_COLSPAN))
        for r in range(row, row + rowspan):
            for c in range(column, column + colspan):
                if (r, c) not in self._slots:
                    self._slots[(r, c)] = (text, (r, c) != (row, column))
        self.height = max(self.height, row + rowspan)
        self.width = max(self.width, column + colspan)

    def rows(self, height: int | None = None) -> list[tuple[tuple[str, ...], tuple[int, ...]]]:
        """Every row as (cells, indexes of merged copies), padded to the grid's width.

        ``height`` limits the rows returned (a ``rowspan`` running past the last row
        of a table makes no rows of its own, as in a browser).
        """
        out = []
        for r in range(self.height if height is None else height):
            cells: list[str] = []
            merged: list[int] = []
            for c in range(self.width):
                text, copy = self._slots.get((r, c), ("", False))
                cells.append(text)
                if copy:
                    merged.append(c)
            out.append((tuple(cells), tuple(merged)))
        return out


def place_flowing(rows: Sequence[Sequence[SpanCell]]) -> Grid:
    """Place cells the way HTML does: each cell takes the next free slot in its row.

    Slots already covered by a ``rowspan`` from a row above are skipped, which is how
    a browser lines up a row that writes fewer cells. A ``rowspan`` of 0 (HTML: to
    the end of the table) covers the remaining rows.
    """
    grid = Grid()
    for r, row in enumerate(rows):
        column = 0
        for cell in row:
            while grid.taken(r, column):
                column += 1
            rowspan = cell.rowspan if cell.rowspan > 0 else len(rows) - r
            grid.put(r, column, cell.text, rowspan, cell.colspan)
            column += max(1, min(cell.colspan, MAX_COLSPAN))
    return grid


def row_text(cells: Iterable[str]) -> str:
    """A row as one line: cells tab-joined, line breaks inside a cell as spaces."""
    return "\t".join(cell.replace("\n", " ") for cell in cells)


def row_blocks(
    rows: Sequence[tuple[tuple[str, ...], tuple[int, ...]]],
    where: Callable[[int], Where],
) -> tuple[list[Block], int]:
    """Row blocks for ``rows`` and the number of fully empty rows skipped.

    ``where(i)`` gives the provenance of row ``i`` (0-based), so each format can say
    line, page or sheet as it knows them; skipped rows keep their number, so the
    row numbers of the blocks stay those a user sees in the source.
    """
    blocks = []
    empty = 0
    for i, (cells, merged) in enumerate(rows):
        if not any(cell.strip() for cell in cells):
            empty += 1
            continue
        blocks.append(Block(ROW, row_text(cells), where(i), cells, merged))
    return blocks, empty


def is_wide(ch: str) -> bool:
    """Whether ``ch`` is a CJK character or full-width form (no spaces around it).

    Used where a line break is removed: between two such characters the break was
    only a wrap and vanishes; next to a Latin word it stands for a space.
    """
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK punctuation, kana, unified ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= code <= 0xFE4F  # CJK compatibility forms
        or 0xFF00 <= code <= 0xFFEF  # full-width and half-width forms
        or 0x20000 <= code <= 0x3FFFF  # extensions B and beyond
    )


def join_wrapped(before: str, after: str) -> str:
    """Join two pieces of one line that a wrap separated: no space between CJK."""
    if not before or not after:
        return before + after
    if is_wide(before[-1]) or is_wide(after[0]):
        return before + after
    return before + " " + after


def sniff_delimiter(sample: str, complete: bool = True) -> tuple[str, int, float]:
    """The delimiter (comma or tab) that splits the records of ``sample`` most evenly.

    Returns (delimiter, fields, share): the usual number of fields per record and
    the share of the non-empty records (of the first 200) that have it. A sample cut
    from a longer text (``complete=False``) loses its last line, which may be cut
    inside a record.
    """
    if not complete and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best = (",", 1, 0.0)
    for delimiter in (",", "\t"):
        if delimiter not in sample:
            continue
        reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
        try:
            records = list(itertools.islice((r for r in reader if any(f.strip() for f in r)), 200))
        except csv.Error:
            continue
        if not records:
            continue
        fields, count = Counter(len(r) for r in records).most_common(1)[0]
        share = count / len(records)
        if fields >= 2 and (share, fields) > (best[2], best[1]):
            best = (delimiter, fields, share)
    return best
