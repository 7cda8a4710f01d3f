"""PDF (text layer): paragraphs, ruled tables, and no running headers or page numbers.

pdfplumber gives the characters with their boxes and finds ruled tables from the
drawn lines. The reader rebuilds what the author wrote, not how it was laid out:

* **Tables.** Each ruled box is one cell, so a cell whose text wraps over several
  lines stays one cell; a box spanning rows or columns is a merged cell and is
  spread (:mod:`.tables`). Inside a cell, a line that ends near the box's right
  edge was wrapped and is joined to the next (no space between Chinese
  characters); a line that ends early was broken on purpose and the break is kept
  as ``\\n``. A table that goes on over a page break is one table: the header row
  a printer repeats at the top of each page is dropped
  (``dropped["repeated-header-row"]``), and a merged cell cut by the page break
  (printed empty on the new page) takes the value of its part above.
* **Paragraphs.** Text outside tables is grouped into lines; a line that fills the
  text width and is followed by one starting at the left margin is a wrapped
  paragraph and is joined to it, also across a page break, unless the next line
  opens a new numbered item or heading. Each block is one paragraph as written.
* **Page furniture.** Lines in the top or bottom margin band that repeat (digits
  aside) on at least half the pages are running headers and footers
  (``page-header``, ``page-footer``); page numbers such as ``- 3 -``, ``第3页``,
  ``3/12`` there are ``page-number``. All are counted in ``dropped``.

``Where.page`` is the page, ``Where.line`` the line on that page (1 = the top text
line, tables not counted) where a paragraph starts; rows carry page, table and row.
A PDF without a text layer (a scan) is refused: its text cannot be read.
"""

from __future__ import annotations

import bisect
import io
import logging
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph.errors import InputError
from graph.read.document import PARAGRAPH, ROW, Block, Document, Where
from graph.read.formats.tables import Grid, is_wide, join_wrapped, row_text

_SNAP = 3.0  # pdfplumber's default snap tolerance: lines closer than this are one line
BAND = 0.12  # top and bottom share of the page height where headers and footers live
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—−·•]?\s*\d{1,4}\s*[-–—−·•]?"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.I,
)
# Characters that may not start a line (closing punctuation) or end one (opening).
_NO_BREAK_BEFORE = set("，。、；：？！…‥）〉》」』】〕〗〙〛”’％‰·～—,.;:?!)]}%")
_NO_BREAK_AFTER = set("（〈《「『【〔〖〘〚“‘([{")
# A line opening a numbered item or a heading starts a paragraph of its own.
_OPENS = re.compile(
    r"^(?:\d{1,4}\s*[.．、]|[一二三四五六七八九十百]+、|[(（][一二三四五六七八九十百\d]+[)）]|——|--)"
)
_CLOSES = re.compile(r"[。；;：:）)」』”！!？?]$")


@dataclass
class _Line:
    """A line of characters: its text, box, font size and the width of its first word."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_width: float
    number: int = 0  # line on its page, 1-based


@dataclass
class _Table:
    """A table as read on one page: its position, column edges and spread rows."""

    top: float
    x0: float
    x1: float
    columns: list[float]  # left edges of the columns
    rows: list[tuple[tuple[str, ...], tuple[int, ...]]]
    # per column: whether its cell in the last row is part of a merge over rows
    last_vertical: list[bool] = field(default_factory=list)
    # (row, column) of each cell's origin -> the number of rows the cell spans
    rowspans: dict[tuple[int, int], int] = field(default_factory=dict)
    # the ruling runs on past the last row: that row goes on over the page break
    open_bottom: bool = False


@dataclass
class _Page:
    """What one page holds: its text lines outside tables, and its tables."""

    number: int
    height: float
    lines: list[_Line]
    tables: list[_Table]


def _first_width(chars: list[dict[str, Any]]) -> float:
    """Width of what a line break could not have split at the start of a line.

    That is the first word (one character in Chinese, up to a space in Latin) with
    the opening brackets before it and the closing punctuation after it: the
    line-breaking rules keep ``（总`` or ``委〉）`` together, so a line may end early
    by that much.
    """
    i = 0
    while i < len(chars) - 1 and chars[i]["text"] in _NO_BREAK_AFTER:
        i += 1
    end = chars[i]["x1"]
    wide = is_wide(chars[i]["text"][:1] or " ")
    for ch in chars[i + 1 :]:
        text = ch["text"]
        if text in _NO_BREAK_BEFORE:
            end = ch["x1"]
        elif wide or text.isspace() or is_wide(text[:1] or " "):
            break
        else:
            end = ch["x1"]
    return float(end - chars[0]["x0"])


def _lines(chars: list[dict[str, Any]]) -> list[_Line]:
    """Group characters into lines (by vertical centre), each read left to right.

    A gap wider than a quarter of the font size between two characters is a space
    (PDF printers often position words instead of writing spaces).
    """
    clusters: list[list[dict[str, Any]]] = []
    middles: list[float] = []
    heights: list[float] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        middle = (ch["top"] + ch["bottom"]) / 2
        height = ch["bottom"] - ch["top"]
        if clusters and abs(middle - middles[-1]) <= 0.5 * max(height, heights[-1]):
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
            middles.append(middle)
            heights.append(height)
    lines = []
    for cluster in clusters:
        cluster.sort(key=lambda c: c["x0"])
        visible = [c for c in cluster if not c["text"].isspace()]
        if not visible:
            continue
        size = max(float(c.get("size") or (c["bottom"] - c["top"])) for c in visible)
        parts: list[str] = []
        previous: dict[str, Any] | None = None
        for ch in cluster:
            text = ch["text"]
            if text.isspace():
                if parts and parts[-1] != " ":
                    parts.append(" ")
            else:
                if (
                    previous is not None
                    and ch["x0"] - previous["x1"] > 0.25 * size
                    and parts[-1] != " "
                ):
                    parts.append(" ")
                parts.append(text)
            previous = ch
        lines.append(
            _Line(
                text="".join(parts).strip(),
                x0=float(visible[0]["x0"]),
                x1=float(max(c["x1"] for c in visible)),
                top=float(min(c["top"] for c in visible)),
                bottom=float(max(c["bottom"] for c in visible)),
                size=size,
                first_width=_first_width(visible),
            )
        )
    return lines


def _wrapped(before: _Line, after: _Line, right: float) -> bool:
    """Whether ``after`` carries on ``before`` because ``before`` ran out of room.

    ``before`` was wrapped if the first word of ``after`` (a single character in
    Chinese) would not have fitted in what is left of it; one more em of slack
    covers the line-breaking rules that push a character down with a closing
    punctuation mark.
    """
    return right - before.x1 < after.first_width + 1.1 * before.size


def _cell_text(lines: list[_Line], x0: float, x1: float) -> str:
    if not lines:
        return ""
    padding = min(max(0.0, min(line.x0 for line in lines) - x0), (x1 - x0) / 3)
    right = x1 - padding
    text = lines[0].text
    for before, after in zip(lines, lines[1:], strict=False):
        text = (
            join_wrapped(text, after.text)
            if _wrapped(before, after, right)
            else text + "\n" + after.text
        )
    return text


def _table(table: Any, chars: list[dict[str, Any]]) -> _Table:
    """Spread one pdfplumber table into rows, with every character in its cell.

    pdfplumber finds a cell only where four ruled lines close a box. A merged cell
    cut by a page break has no bottom line on its page (the printer leaves it open),
    so its box is missing: such holes in the grid are taken, column by column, as
    one box running down over the uncovered rows, and their text is kept.
    """
    rows = table.rows
    tops = [min(c[1] for c in row.cells if c is not None) for row in rows]
    x0, top, x1, bottom = table.bbox
    columns = sorted({c[0] for c in table.cells})
    cells = sorted(table.cells, key=lambda c: (c[1], c[0]))
    owner: dict[tuple[int, int], int] = {}
    spans = []
    eps = 0.5
    for index, (cx0, ctop, cx1, cbottom) in enumerate(cells):
        r0 = bisect.bisect_left(tops, ctop - eps)
        c0 = bisect.bisect_left(columns, cx0 - eps)
        r1 = max(r0 + 1, bisect.bisect_left(tops, cbottom - eps))
        c1 = max(c0 + 1, bisect.bisect_left(columns, cx1 - eps))
        spans.append((r0, c0, r1 - r0, c1 - c0))
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner.setdefault((r, c), index)
    open_columns: set[int] = set()  # columns whose last box has no bottom line
    edges_x = columns + [x1]
    edges_y = tops + [bottom]
    for c in range(len(columns)):
        r = 0
        while r < len(rows):
            if (r, c) in owner:
                r += 1
                continue
            start = r
            while r < len(rows) and (r, c) not in owner:
                r += 1
            cells.append((edges_x[c], edges_y[start], edges_x[c + 1], edges_y[r]))
            spans.append((start, c, r - start, 1))
            if r == len(rows):
                open_columns.add(c)
            for covered in range(start, r):
                owner[(covered, c)] = len(cells) - 1
    inside: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        r = min(max(bisect.bisect_right(tops, cy) - 1, 0), len(rows) - 1)
        c = min(max(bisect.bisect_right(columns, cx) - 1, 0), len(columns) - 1)
        inside[owner[(r, c)]].append(ch)
    grid = Grid()
    for index, (r0, c0, rowspan, colspan) in enumerate(spans):
        box = cells[index]
        grid.put(r0, c0, _cell_text(_lines(inside[index]), box[0], box[2]), rowspan, colspan)
    grid.width = max(grid.width, len(columns))
    spread = grid.rows(len(rows))
    last_vertical = [c in open_columns for c in range(grid.width)]
    for r0, c0, rowspan, colspan in spans:
        if rowspan > 1 and r0 + rowspan >= len(rows):
            for c in range(c0, c0 + colspan):
                last_vertical[c] = True
    rowspans = {(r0, c0): rowspan for r0, c0, rowspan, _ in spans}
    return _Table(
        float(top),
        float(x0),
        float(x1),
        [float(c) for c in columns],
        spread,
        last_vertical,
        rowspans,
    )


def _centre_in(ch: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    cx = (ch["x0"] + ch["x1"]) / 2
    cy = (ch["top"] + ch["bottom"]) / 2
    return box[0] <= cx < box[2] and box[1] <= cy < box[3]


def _dedupe(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The characters without the copies a fake-bold overprint adds at (nearly) one spot.

    pdfplumber's own ``dedupe_chars`` compares every attribute and costs a fifth of
    reading a page; text and position on a one-point grid are enough here.
    """
    seen: set[tuple[str, int, int]] = set()
    kept = []
    for ch in chars:
        key = (ch["text"], round(ch["x0"]), round(ch["top"]))
        if key not in seen:
            seen.add(key)
            kept.append(ch)
    return kept


def _ruling_extent(ruling: list[dict[str, Any]], top: float, bottom: float) -> tuple[float, float]:
    """How far down and up vertical lines touching ``top``-``bottom`` run on, joined end to end.

    Printers draw a table's vertical lines row by row, so the lines of a row cut by
    the page break start where the last closed row ends.
    """
    low, high = bottom, top
    changed = True
    while changed:
        changed = False
        for edge in ruling:
            if edge["top"] <= low + _SNAP and edge["bottom"] > low + 0.1 and edge["bottom"] > high:
                low, changed = edge["bottom"], True
            if edge["bottom"] >= high - _SNAP and edge["top"] < high - 0.1 and edge["top"] < low:
                high, changed = edge["top"], True
    return low, high


def _ruled_tables(page: Any) -> list[tuple[Any, bool]]:
    """pdfplumber's tables of ``page``, each closed where its ruling runs out.

    A row cut by a page break is printed without a bottom line, so pdfplumber
    finds no box for it and its text would be read as paragraphs. Where a table's
    vertical lines run on below its last box (or above its first), the table is
    found again with a line drawn across there. Returns (table, open at the bottom).
    """
    found = [t for t in page.find_tables() if len(t.cells) >= 2]
    if not found:
        return []
    verticals = [e for e in page.edges if e["orientation"] == "v" and e["height"] >= 1]
    closing = []
    opened = []
    for table in found:
        x0, top, x1, bottom = table.bbox
        ruling = [e for e in verticals if x0 - 2 <= e["x0"] <= x1 + 2]
        low, high = _ruling_extent(ruling, top, bottom)
        opened.append(low - bottom > _SNAP)
        for y in (low, high):
            if abs(y - bottom) > _SNAP and abs(y - top) > _SNAP:
                closing.append(
                    {
                        "object_type": "closing_edge",
                        "orientation": "h",
                        "x0": x0,
                        "x1": x1,
                        "top": y,
                        "bottom": y,
                        "width": x1 - x0,
                        "height": 0,
                    }
                )
    if not closing:
        return list(zip(found, [False] * len(found), strict=True))
    again = [
        t for t in page.find_tables({"explicit_horizontal_lines": closing}) if len(t.cells) >= 2
    ]
    result = []
    for table in again:
        x0, top, x1, bottom = table.bbox
        cut = any(
            abs(edge["top"] - bottom) <= _SNAP and edge["x0"] <= x0 + 2 and edge["x1"] >= x1 - 2
            for edge in closing
        )
        result.append((table, cut))
    return result


def _read_page(page: Any) -> _Page | None:
    """Lines and tables of one page; None if the page has no text at all."""
    chars = _dedupe(page.chars)
    if not chars:
        return None
    found = _ruled_tables(page)
    boxes = [t.bbox for t, _ in found]
    tables = []
    for (table, cut), box in zip(found, boxes, strict=True):
        read = _table(table, [ch for ch in chars if _centre_in(ch, box)])
        read.open_bottom = cut
        tables.append(read)
    free = [ch for ch in chars if not any(_centre_in(ch, box) for box in boxes)]
    lines = _lines(free)
    for number, line in enumerate(lines, start=1):
        line.number = number
    return _Page(page.page_number, float(page.height), lines, tables)


def _furniture(pages: list[_Page]) -> dict[int, dict[int, str]]:
    """Page furniture: page number -> {line number: dropped kind}."""
    found: dict[int, dict[int, str]] = defaultdict(dict)
    repeats: dict[tuple[str, str], set[int]] = defaultdict(set)
    for page in pages:
        for line in page.lines:
            band = (
                "top"
                if line.bottom <= page.height * BAND
                else "bottom"
                if line.top >= page.height * (1 - BAND)
                else ""
            )
            if not band:
                continue
            if _PAGE_NUMBER.match(line.text.replace(" ", "")) or _PAGE_NUMBER.match(line.text):
                found[page.number][line.number] = "page-number"
                continue
            key = re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))
            repeats[(band, key)].add(page.number)
    needed = max(2, math.ceil(len(pages) / 2))
    for page in pages:
        for line in page.lines:
            if line.number in found[page.number]:
                continue
            band = (
                "top"
                if line.bottom <= page.height * BAND
                else "bottom"
                if line.top >= page.height * (1 - BAND)
                else ""
            )
            if (
                band
                and len(repeats[(band, re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text)))])
                >= needed
            ):
                found[page.number][line.number] = "page-header" if band == "top" else "page-footer"
    return found


class _Assembler:
    """Puts pages together: joins wrapped paragraphs, continues tables over pages."""

    def __init__(self, path: str, left: float, right: float) -> None:
        self.path = path
        self.left = left
        self.right = right
        self.blocks: list[Block] = []
        self.dropped: Counter[str] = Counter()
        self.tables = 0
        self.open_line: _Line | None = None  # the paragraph's last line, if it may go on
        self.paragraph: list[str] = []
        self.paragraph_where: Where | None = None
        self.open_table: _Table | None = None  # the table the previous content ended with
        self.header: tuple[str, ...] = ()  # the first row of the open table
        self.last_rows: list[tuple[tuple[str, ...], tuple[int, ...]]] = []  # its rows so far
        self.last_block: int | None = None  # index in ``blocks`` of its last row
        self.row = 0

    def _flush(self) -> None:
        if self.paragraph and self.paragraph_where is not None:
            self.blocks.append(Block(PARAGRAPH, "".join(self.paragraph), self.paragraph_where))
        self.paragraph = []
        self.paragraph_where = None
        self.open_line = None

    def line(self, page: int, line: _Line) -> None:
        self.open_table = None
        previous = self.open_line
        middle = (self.left + self.right) / 2
        if (
            previous is not None
            and abs(previous.size - line.size) <= 1.0
            # at the left margin, or centred under a centred line (a long title)
            and (
                line.x0 <= self.left + 0.5 * line.size
                or abs((line.x0 + line.x1) / 2 - middle) < line.size
                and abs((previous.x0 + previous.x1) / 2 - middle) < line.size
            )
            and _wrapped(previous, line, self.right)
            and not (_OPENS.match(line.text) and _CLOSES.search(previous.text))
            and (
                line.top - previous.bottom < 1.2 * line.size or line.top < previous.top
            )  # or a new page
        ):
            self.paragraph[-1:] = [join_wrapped(self.paragraph[-1], line.text)]
            self.open_line = line
            return
        self._flush()
        self.paragraph = [line.text]
        self.paragraph_where = Where(file=self.path, page=page, line=line.number, column=1)
        self.open_line = line

    def table(self, page: int, table: _Table, first_on_page: bool) -> None:
        previous = self.open_table
        self._flush()
        rows = list(table.rows)
        start = 0
        continued = (
            first_on_page
            and previous is not None
            and len(previous.columns) == len(table.columns)
            and all(abs(a - b) <= 3 for a, b in zip(previous.columns, table.columns, strict=True))
        )
        if continued and previous is not None:
            if rows and rows[0][0] == self.header:
                start = 1
                self.dropped["repeated-header-row"] += 1
            rows = rows[start:]
            if rows:
                rows = self._carry_merges(previous, table, rows, start)
            if rows and previous.open_bottom and self.last_block is not None:
                self._join_split_row(rows[0])
                rows = rows[1:]
        else:
            self.tables += 1
            self.row = 0
            self.header = rows[0][0] if rows else ()
            self.last_block = None
        number = self.tables
        for cells, merged in rows:
            self.row += 1
            if not any(cell.strip() for cell in cells):
                self.dropped["empty-row"] += 1
                continue
            where = Where(file=self.path, page=page, column=1, table=number, row=self.row)
            self.last_block = len(self.blocks)
            self.blocks.append(Block(ROW, row_text(cells), where, cells, merged))
        self.open_table = table
        self.last_rows = rows or self.last_rows

    def _join_split_row(self, rest: tuple[tuple[str, ...], tuple[int, ...]]) -> None:
        """Join the part of a row printed after a page break to its part before it.

        Each cell's text goes on where it stopped; a cell that only carries a merged
        value down (or is empty) adds nothing.
        """
        assert self.last_block is not None
        block = self.blocks[self.last_block]
        cells = list(block.cells)
        for c, more in enumerate(rest[0]):
            if c >= len(cells):
                cells.append(more)
            elif more and c not in rest[1]:
                cells[c] = join_wrapped(cells[c], more) if cells[c] else more
        joined = tuple(cells)
        self.blocks[self.last_block] = Block(
            ROW, row_text(joined), block.where, joined, block.merged
        )
        self.last_rows = self.last_rows[:-1] + [(joined, block.merged)]

    def _carry_merges(
        self,
        previous: _Table,
        table: _Table,
        rows: list[tuple[tuple[str, ...], tuple[int, ...]]],
        start: int,
    ) -> list[tuple[tuple[str, ...], tuple[int, ...]]]:
        """Give a merged cell cut by the page break its value on the new page.

        Printed, the part of a merged cell below a page break is an empty box. It is
        taken for a continuation (not a cell left empty on purpose, as an item
        without a lead unit is) only if the box spans several rows on the new page
        or the cell above the break was itself merged over rows.
        """
        if not self.last_rows:
            return rows
        last_cells = self.last_rows[-1][0]
        out = [(list(cells), list(merged)) for cells, merged in rows]
        first_cells = out[0][0]
        for c, value in enumerate(first_cells):
            if value.strip() or c >= len(last_cells) or not last_cells[c].strip():
                continue
            spans_here = table.rowspans.get((start, c), 1) > 1
            if not (spans_here or (c < len(previous.last_vertical) and previous.last_vertical[c])):
                continue
            depth = min(table.rowspans.get((start, c), 1), len(out))
            for r in range(depth):
                out[r][0][c] = last_cells[c]
                if c not in out[r][1]:
                    out[r][1].append(c)
        return [(tuple(cells), tuple(sorted(merged))) for cells, merged in out]

    def finish(self) -> None:
        self._flush()


def read_pdf(data: bytes, path: str) -> Document:
    """Read the text layer of a PDF into paragraph and row blocks."""
    # pdfminer warns on every page of common, harmless font quirks (no FontBBox);
    # a reader of the plan cannot act on them.
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return _read_pdf(data, path)
    finally:
        logger.setLevel(level)


def _read_pdf(data: bytes, path: str) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds of error for damaged files
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(cause).lower():
            raise InputError("encrypted PDF: it needs a password to open", path=path) from None
        message = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
        raise InputError(f"damaged PDF: {message}", path=path) from None
    pages: list[_Page] = []
    dropped: Counter[str] = Counter()
    with pdf:
        try:
            all_pages = pdf.pages
        except Exception as exc:
            raise InputError(
                f"damaged PDF: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
                path=path,
            ) from None
        for page in all_pages:
            try:
                read = _read_page(page)
                has_images = bool(page.images) if read is None else False
            except Exception as exc:  # damaged content streams fail deep inside pdfminer
                message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise InputError(
                    f"page {page.page_number}: damaged page content: {message}", path=path
                ) from None
            finally:
                page.close()
            if read is None:
                dropped["scanned-page" if has_images else "blank-page"] += 1
                continue
            pages.append(read)
    if not pages:
        raise InputError(
            "page 1: no text layer (a scanned PDF?); only the text of a PDF can be read, so it needs OCR first",
            path=path,
        )
    _refuse_unmapped(pages, path)
    blocks = _assemble(pages, path, dropped)
    return Document(path, "pdf", tuple(blocks), dropped=dict(sorted(dropped.items())))


def _assemble(pages: list[_Page], path: str, dropped: Counter[str]) -> list[Block]:
    """Blocks of all pages in reading order, page furniture left out (and counted)."""
    furniture = _furniture(pages)
    body = [line for p in pages for line in p.lines if line.number not in furniture[p.number]]
    tables = [t for p in pages for t in p.tables]
    left = min([line.x0 for line in body] + [t.x0 for t in tables], default=0.0)
    right = max([line.x1 for line in body] + [t.x1 for t in tables], default=0.0)
    assembler = _Assembler(path, left, right)
    for page in pages:
        items: list[tuple[float, int, _Line | _Table]] = []
        for line in page.lines:
            kind = furniture[page.number].get(line.number)
            if kind:
                dropped[kind] += 1
            else:
                items.append((line.top, 1, line))
        items.extend((table.top, 0, table) for table in page.tables)
        items.sort(key=lambda item: (item[0], item[1]))
        for position, (_, _, item) in enumerate(items):
            if isinstance(item, _Table):
                assembler.table(page.number, item, position == 0)
            else:
                assembler.line(page.number, item)
    assembler.finish()
    dropped.update(assembler.dropped)
    return assembler.blocks


def _refuse_unmapped(pages: list[_Page], path: str) -> None:
    """Refuse a text layer whose characters have no Unicode mapping (``(cid:12)``)."""
    for page in pages:
        texts = [line.text for line in page.lines] + [
            c for t in page.tables for cells, _ in t.rows for c in cells
        ]
        total = sum(len(t) for t in texts)
        unmapped = sum(len(m) for t in texts for m in re.findall(r"\(cid:\d+\)", t))
        if total and unmapped > total / 2:
            raise InputError(
                f"page {page.number}: the text layer has no character mapping (fonts without ToUnicode): its text cannot be read",
                path=path,
            )
