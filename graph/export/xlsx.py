"""Files analysts open in Excel without fixing them first.

* :func:`excel_csv` – CSV as Excel reads it on any Windows locale: UTF-8 with a
  byte-order mark (without one, Excel on a Chinese Windows reads the bytes as GBK
  and shows mojibake) and CRLF line ends. Every command that writes CSV offers it
  (``--excel``).
* :func:`workbook_bytes` – tables as one workbook (openpyxl): a sheet per table,
  the header row bold, frozen and filtered, column widths set from the contents
  (a Chinese character counts two), counts and figures as numbers, refs (``2.10``)
  and everything else as text.

Both are deterministic: a workbook's timestamps (openpyxl stamps the time of
saving into ``docProps/core.xml`` and every zip entry) are pinned, so the same
tables give the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence

BOM = "\ufeff"
SHEETS = ("items", "units", "assignments", "targets")
# Columns that hold counts or figures: numbers in a workbook. A ref (2.10) is text.
INTEGER_COLUMNS = frozenset({"part", "section", "number", "line", "index", "items"})
DECIMAL_COLUMNS = frozenset({"value"})
MIN_WIDTH, MAX_WIDTH = 6, 60
PINNED = "2000-01-01T00:00:00Z"  # the workbook's created/modified stamp
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
_INTEGER = re.compile(r"^-?(?:0|[1-9]\d{0,14})$")
_DECIMAL = re.compile(r"^-?(?:0|[1-9]\d{0,14})(?:\.\d{1,10})?$")


def excel_csv(text: str | bytes) -> bytes:
    """``text`` (CSV) as Excel opens it: UTF-8 with a BOM, CRLF line ends."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    if text.startswith(BOM):
        text = text[1:]
    rows = list(csv.reader(io.StringIO(text)))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _value(column: str, text: str) -> object:
    if column in INTEGER_COLUMNS and _INTEGER.match(text):
        return int(text)
    if column in DECIMAL_COLUMNS and _DECIMAL.match(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    return text


def workbook_bytes(tables: Mapping[str, tuple[Sequence[str], Sequence[Sequence[str]]]]) -> bytes:
    """One workbook with a sheet per table (``{sheet: (columns, rows)}``, in order)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for name, (columns, rows) in tables.items():
        sheet = book.create_sheet(title=name[:31])
        sheet.append(list(columns))
        for row in rows:
            sheet.append([_value(c, str(v)) for c, v in zip(columns, row, strict=False)])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        if columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 1)}"
        for index, column in enumerate(columns, start=1):
            widest = max(
                [
                    _width(column),
                    *(_width(str(r[index - 1])) for r in rows[:500] if len(r) >= index),
                ]
            )
            sheet.column_dimensions[get_column_letter(index)].width = min(
                MAX_WIDTH, max(MIN_WIDTH, widest + 2)
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return _pinned(buffer.getvalue())


def _pinned(data: bytes) -> bytes:
    """The workbook with its timestamps fixed: core properties and zip entries."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _STAMP.sub(rb"\g<1>" + PINNED.encode() + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()


def csv_table(data: bytes) -> tuple[list[str], list[list[str]]]:
    """(columns, rows) of a CSV file's bytes (UTF-8, a BOM allowed)."""
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    return (rows[0] if rows else []), rows[1:]


def dataset_workbook(render) -> bytes:
    """The dataset's four tables as one workbook; ``render(name)`` gives a file's
    bytes (:meth:`graph.export.dataset.Exports.render`), so the sheets hold exactly
    what the CSV files hold."""
    return workbook_bytes({name: csv_table(render(f"{name}.csv")) for name in SHEETS})
