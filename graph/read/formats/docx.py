"""Word documents (.docx): body paragraphs and tables in the order Word shows them.

python-docx opens the package (and refuses what is not a Word document); the body
is then read from its XML directly, because python-docx's cell objects repeat a
merged cell without saying which copy is the original, and walk a table in
quadratic time. Read as Word stores it:

* a paragraph's text is its runs' ``w:t`` (inserted revisions included, deleted
  ones and field instructions not); ``w:br``/``w:cr`` (Shift+Enter) split it into
  lines, each its own paragraph block; ``w:tab`` is a space; text boxes are read
  after the paragraph that anchors them, and of ``mc:AlternateContent`` only the
  first choice (the fallback repeats it);
* a table row's cells sit on the table grid by ``w:gridBefore`` and ``w:gridSpan``;
  ``w:vMerge`` (``restart`` … ``continue``) and the legacy ``w:hMerge`` merge cells,
  and the origin's value is spread over the merge (:mod:`.tables`); a cell's own
  paragraphs are kept as lines (``\\n``) of the cell;
* a table holding another table is layout: its cells are read as body content.

``Where.line`` of a body paragraph is its position among the body's paragraphs
(1 = the first, empty ones counted), since a Word file has no lines of its own;
rows carry their table and row number. Empty paragraphs are counted in
``dropped["blank"]``. Headers, footers, footnotes and comments live in other
parts of the package and are not read: they are not the plan's text.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graph.errors import InputError
from graph.read.document import PARAGRAPH, Block, Document, Where
from graph.read.formats.tables import Grid, row_blocks
from graph.read.formats.text import strip_edges

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC, T = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "t"
_SKIP = {
    _W + n
    for n in (
        "pPr",
        "rPr",
        "tcPr",
        "trPr",
        "tblPr",
        "tblGrid",
        "del",
        "moveFrom",
        "instrText",
        "delText",
        "delInstrText",
        "fldData",
        "sectPr",
    )
}
_BREAKS = {_W + "br", _W + "cr"}
_TABS = {_W + "tab", _W + "ptab"}
_CONTAINERS = {_W + "sdt", _W + "customXml", _W + "sdtContent", _W + "smartTag"}


@dataclass
class _WordCell:
    column: int
    span: int
    text: str
    vmerge: str  # "", "restart" or "continue"
    hmerge: str


def _val(element: Any, child: str) -> str | None:
    """``w:val`` of ``element``'s child ``child`` ("" if present without a value), else None."""
    if element is None:
        return None
    found = element.find(_W + child)
    if found is None:
        return None
    return found.get(_W + "val") or ""


def _number(value: str | None, default: int) -> int:
    try:
        return max(0, int(value)) if value else default
    except ValueError:
        return default


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Children of ``element`` with ``tag``, looking through content controls."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _children(child, tag)


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.blocks: list[Block] = []
        self.dropped: Counter[str] = Counter()
        self.paragraphs = 0
        self.tables = 0

    # -- paragraphs -------------------------------------------------------------------
    def _runs(self, element: Any, parts: list[str], boxes: list[Any]) -> None:
        for child in element:
            tag = child.tag
            if tag == T:
                parts.append(child.text or "")
            elif tag in _BREAKS:
                parts.append("\n")
            elif tag in _TABS:
                parts.append(" ")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag in _SKIP or not isinstance(tag, str):
                continue
            elif tag == _MC + "AlternateContent":
                choice = child.find(_MC + "Choice")
                if choice is None:
                    choice = child.find(_MC + "Fallback")
                if choice is not None:
                    self._runs(choice, parts, boxes)
            elif tag == _W + "txbxContent":
                boxes.append(child)
            else:
                self._runs(child, parts, boxes)

    def _lines(self, paragraph: Any) -> tuple[list[str], list[Any]]:
        """The lines of a paragraph (split at its line breaks) and its text boxes."""
        parts: list[str] = []
        boxes: list[Any] = []
        self._runs(paragraph, parts, boxes)
        lines = [strip_edges(line) for line in "".join(parts).split("\n")]
        return [line for line in lines if line], boxes

    def paragraph(self, paragraph: Any) -> None:
        self.paragraphs += 1
        number = self.paragraphs
        lines, boxes = self._lines(paragraph)
        if not lines and not boxes:
            self.dropped["blank"] += 1
        for line in lines:
            self.blocks.append(Block(PARAGRAPH, line, Where(file=self.path, line=number)))
        for box in boxes:
            self.body(box)

    def _cell_text(self, tc: Any) -> str:
        lines: list[str] = []
        for element in _children(tc, P):
            found, boxes = self._lines(element)
            lines.extend(found)
            for box in boxes:
                lines.extend(self._box_lines(box))
        return "\n".join(lines)

    def _box_lines(self, box: Any) -> list[str]:
        lines: list[str] = []
        for element in _children(box, P):
            found, boxes = self._lines(element)
            lines.extend(found)
            for inner in boxes:
                lines.extend(self._box_lines(inner))
        return lines

    # -- body -------------------------------------------------------------------------
    def body(self, element: Any) -> None:
        """Paragraphs and tables of ``element`` (the body, a cell, a text box) in order."""
        for child in element:
            if child.tag == P:
                self.paragraph(child)
            elif child.tag == TBL:
                self.table(child)
            elif child.tag in _CONTAINERS:
                self.body(child)

    def table(self, tbl: Any) -> None:
        if any(True for _ in tbl.iterdescendants(TBL)):
            self.dropped["layout-table"] += 1
            for tr in _children(tbl, TR):
                for tc in _children(tr, TC):
                    self.body(tc)
            return
        rows: list[list[_WordCell]] = []
        for tr in _children(tbl, TR):
            row_properties = tr.find(_W + "trPr")
            column = _number(_val(row_properties, "gridBefore"), 0)
            cells = []
            for tc in _children(tr, TC):
                properties = tc.find(_W + "tcPr")
                span = max(1, _number(_val(properties, "gridSpan"), 1))
                vmerge = _val(properties, "vMerge")
                hmerge = _val(properties, "hMerge")
                cells.append(
                    _WordCell(
                        column,
                        span,
                        self._cell_text(tc),
                        "" if vmerge is None else (vmerge or "continue"),
                        "" if hmerge is None else (hmerge or "continue"),
                    )
                )
                column += span
            rows.append(cells)
        if not rows:
            return
        self.tables += 1
        number = self.tables
        grid = _grid(rows)
        blocks, empty = row_blocks(
            grid.rows(len(rows)),
            lambda i: Where(file=self.path, column=1, table=number, row=i + 1),
        )
        self.blocks.extend(blocks)
        if empty:
            self.dropped["empty-row"] += empty


def _grid(rows: list[list[_WordCell]]) -> Grid:
    """Place Word cells on the grid, turning vMerge/hMerge runs into spans.

    A ``continue`` cell belongs to the nearest origin above it that starts at the
    same grid column (or, for hMerge, to its left neighbour). A continue cell that
    has text of its own, or nothing to continue, is an ordinary cell: nothing
    written in the file is replaced by a copy.
    """
    grid = Grid()
    # (row, column) of each origin and its spans, extended as continue cells appear
    origins: dict[tuple[int, int], list[Any]] = {}
    open_by_column: dict[int, list[Any]] = {}  # grid column -> the origin a continue extends
    for r, cells in enumerate(rows):
        previous: list[Any] | None = None
        still_open: dict[int, list[Any]] = {}
        for cell in cells:
            if cell.hmerge == "continue" and not cell.text and previous is not None:
                previous[3] = cell.column + cell.span - previous[1]  # widen the origin
                continue
            if cell.vmerge == "continue" and not cell.text and cell.column in open_by_column:
                origin = open_by_column[cell.column]
                origin[2] = r - origin[0] + 1  # lengthen the origin
                still_open[cell.column] = origin
                previous = None
                continue
            origin = [r, cell.column, 1, cell.span, cell.text]
            origins[(r, cell.column)] = origin
            if cell.vmerge:
                still_open[cell.column] = origin
            previous = origin
        open_by_column = still_open
    for row, column, rowspan, colspan, text in origins.values():
        grid.put(row, column, text, rowspan, colspan)
    return grid


def read_docx(data: bytes, path: str) -> Document:
    """Read a Word (.docx) document's body into paragraph and row blocks."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except ValueError as exc:  # python-docx: a package that is not a Word document
        raise InputError(
            f"not a Word document (.docx) python-docx can open: {exc}", path=path
        ) from None
    except Exception as exc:  # a damaged package fails in zipfile, lxml or python-docx
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"damaged Word document: {message}", path=path) from None
    reader = _Reader(path)
    reader.body(document.element.body)
    dropped = dict(sorted(reader.dropped.items()))
    return Document(path, "docx", tuple(reader.blocks), dropped=dropped)
