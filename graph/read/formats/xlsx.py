"""Spreadsheets: Excel workbooks (.xlsx) and comma-separated files (.csv).

Every row of every worksheet is a row block: a title row, a header row and a part
heading merged across the sheet are rows like any other, and the layout decides
what they mean. Merged ranges are spread (the top-left value copied into every
covered cell, the copies listed in ``merged``). A cell reads as Excel shows it
where that matters for a plan: whole numbers without ``.0``, percentages with
their ``%``, dates as ``YYYY-MM-DD``; a cell's own line breaks (Alt+Enter) are
kept as ``\\n``. Fully empty rows are skipped and counted in
``dropped["empty-row"]``; row numbers stay the sheet's own, so ``Where.row`` is the
row a user sees in Excel, ``Where.column`` the first used column, ``Where.table``
the sheet's position (1 = first sheet).

Formulas are read as their cached values (what Excel last displayed); a workbook
saved by a program that never calculated them has no value to read.

CSV uses the same row logic through the standard ``csv`` module: the delimiter is
the one (comma or tab) that splits the records most evenly, quoted fields may
span lines, and ``Where.line`` is the line where a record starts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
from typing import Any

from graph.errors import InputError
from graph.read.document import Document, Where
from graph.read.encoding import decode_bytes
from graph.read.formats.tables import Grid, row_blocks, sniff_delimiter

_DECIMALS = re.compile(r"\.(0+)")
_SAMPLE = 128 * 1024  # characters looked at to choose the CSV delimiter


def _clean(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.strip() for line in lines).strip()


def _number_text(value: float | int, number_format: str) -> str:
    if "%" in number_format:
        match = _DECIMALS.search(number_format.split("%")[0])
        decimals = len(match.group(1)) if match else 0
        return f"{value * 100:.{decimals}f}%"
    if isinstance(value, int):
        return str(value)
    if value.is_integer():
        return str(int(value))
    return format(value, ".15g")


def cell_text(value: Any, number_format: str = "General") -> str:
    """A cell value as text, the way the sheet displays it to a reader of the plan."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _number_text(value, number_format or "General")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return _clean(str(value))


def read_xlsx(data: bytes, path: str) -> Document:
    """Read every worksheet of an Excel workbook into row blocks."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions: not our text
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors all mean a damaged file
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"damaged Excel workbook: {message}", path=path) from None
    blocks = []
    empty_rows = 0
    empty_sheets = 0
    try:
        for index, sheet in enumerate(workbook.worksheets, start=1):
            sheet_blocks, empty = _sheet(sheet, index, path)
            if not sheet_blocks:
                empty_sheets += 1
            blocks.extend(sheet_blocks)
            empty_rows += empty
    finally:
        workbook.close()
    dropped = {}
    if empty_rows:
        dropped["empty-row"] = empty_rows
    if empty_sheets:
        dropped["empty-sheet"] = empty_sheets
    return Document(path, "xlsx", tuple(blocks), dropped=dropped)


def _sheet(sheet: Any, index: int, path: str) -> tuple[list[Any], int]:
    """Row blocks of one worksheet and the number of empty rows inside its used range."""
    values: dict[tuple[int, int], str] = {}
    for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=sheet.max_column):
        for cell in row:
            if cell.value is not None:
                text = cell_text(cell.value, cell.number_format)
                if text:
                    values[(cell.row, cell.column)] = text
    ranges = [
        (r.min_row, r.min_col, r.max_row, r.max_col)
        for r in sheet.merged_cells.ranges
        if (r.min_row, r.min_col) in values
    ]
    covered = {
        (r, c) for r0, c0, r1, c1 in ranges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
    }
    if not values:
        return [], 0
    first_row = min(r for r, _ in values)
    last_row = max(max(r for r, _ in values), max((r1 for _, _, r1, _ in ranges), default=0))
    first_col = min(c for _, c in values)
    last_col = max(max(c for _, c in values), max((c1 for _, _, _, c1 in ranges), default=0))
    grid = Grid()
    for r0, c0, r1, c1 in sorted(ranges):
        grid.put(r0 - first_row, c0 - first_col, values[(r0, c0)], r1 - r0 + 1, c1 - c0 + 1)
    for (r, c), text in values.items():
        if (r, c) not in covered:
            grid.put(r - first_row, c - first_col, text)
    grid.width = last_col - first_col + 1
    rows = grid.rows(last_row - first_row + 1)
    title = sheet.title
    blocks, empty = row_blocks(
        rows,
        lambda i: Where(file=path, column=first_col, sheet=title, table=index, row=first_row + i),
    )
    return blocks, empty + first_row - 1


def read_csv(data: bytes, path: str) -> Document:
    """Read a comma- (or tab-) separated file: each record a row block."""
    decoded = decode_bytes(data, path)
    text = decoded.text.lstrip("\ufeff")
    delimiter, _, _ = sniff_delimiter(text[:_SAMPLE], complete=len(text) <= _SAMPLE)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for record in reader:
            records.append((line, [_clean(field) for field in record]))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"unreadable CSV record: {exc}", path=path, line=line, column=1) from None
    grid = Grid()
    for r, (_, fields) in enumerate(records):
        for c, field in enumerate(fields):
            grid.put(r, c, field)
    rows = grid.rows(len(records))
    blocks, empty = row_blocks(
        rows, lambda i: Where(file=path, line=records[i][0], column=1, table=1, row=i + 1)
    )
    dropped = {"empty-row": empty} if empty else {}
    return Document(path, "csv", tuple(blocks), encoding=decoded.encoding, dropped=dropped)
