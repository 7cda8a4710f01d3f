"""The uniform document every reader produces: paragraphs and table rows with provenance.

A plan arrives as a text file, a web page, a Word document, a spreadsheet or a PDF.
Each reader turns its format into the same shape, a :class:`Document` of
:class:`Block` objects in reading order, so that the layouts (which find items and
their units) never care where a line came from. Every block says where it was read
(:class:`Where`: file, page, sheet, table, row, line, column), so an error or a
flag can point a user at the exact spot in the source as they see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PARAGRAPH = "paragraph"
ROW = "row"


@dataclass(frozen=True)
class Where:
    """Provenance of a block, 1-based; 0 or "" where the format has no such thing.

    ``line`` is the line in a text or HTML source; ``page`` a PDF page; ``sheet`` a
    workbook sheet's name; ``table`` the table's position in the document (1 = the
    first table); ``row`` the row within that table or sheet; ``column`` the column
    of the first character (text) or of the first cell (tables).
    """

    file: str = ""
    line: int = 0
    column: int = 0
    page: int = 0
    sheet: str = ""
    table: int = 0
    row: int = 0

    def __str__(self) -> str:
        """``FILE:LINE:COL`` for text, ``FILE:page 3:row 4`` style for tables."""
        parts = [self.file or "<input>"]
        if self.page:
            parts.append(f"page {self.page}")
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.table:
            parts.append(f"table {self.table}")
        if self.row:
            parts.append(f"row {self.row}")
        if self.line:
            parts.append(str(self.line))
            parts.append(str(self.column or 1))
        return ":".join(parts)


@dataclass(frozen=True)
class Block:
    """One paragraph (``kind == "paragraph"``) or one table row (``kind == "row"``).

    A paragraph has its text in ``text`` and no cells. A row has its cells in
    ``cells`` (merged cells already spread: a value merged over three rows appears in
    each of the three) and ``text`` is the cells joined by a tab, for layouts that
    read rows as lines. ``merged`` holds the indexes of cells whose value was copied
    from a merged cell above or to the left, so that a layout can tell a repeated lead
    cell from one written again.
    """

    kind: str
    text: str
    where: Where
    cells: tuple[str, ...] = ()
    merged: tuple[int, ...] = ()

    @property
    def is_row(self) -> bool:
        return self.kind == ROW


@dataclass(frozen=True)
class Document:
    """What a reader read: blocks in reading order, and what it noticed on the way.

    ``format`` is the detected or forced format (``text``, ``html``, ``docx``,
    ``xlsx``, ``csv``, ``pdf``); ``encoding`` the text encoding where there is one;
    ``dropped`` counts what the reader removed on purpose (navigation, scripts, page
    headers and footers, page numbers), by kind, so that a report can account for
    every line of the source.
    """

    path: str
    format: str
    blocks: tuple[Block, ...]
    encoding: str = ""
    sha256: str = ""
    dropped: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The document as lines: each paragraph one line, each row its cells tab-joined."""
        return [block.text for block in self.blocks]
