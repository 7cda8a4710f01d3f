"""Tables of tasks: which column holds what, and tables flattened into text.

Many plans are published as a table (序号 | 工作任务 | 牵头单位 | 责任单位 | 完成时限),
in HTML, Word, Excel or PDF, and as often as text that was once such a table: one
cell per line, or a row per line with its cells separated by spaces or ``|``. The
header row says what each column holds; the vocabulary
(:mod:`graph.read.roles`) maps its headings to roles, so a new issuer's headings are
data. :class:`FlatTable` turns flattened lines back into rows, so that every table
reaches the builder as rows whatever form it came in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from graph.model import SourceLine
from graph.read.roles import Vocabulary

NUMBER = "number"
TASK = "task"
_NUMBER_CELL = re.compile(r"^(?:\d{1,9}|\(?[一二三四五六七八九十百]+\)?|\(\d{1,9}\))[.、．]?$")


@dataclass(frozen=True)
class Header:
    """The columns of a table: for each cell index, what it holds (None: unknown)."""

    columns: tuple[str | None, ...]
    headings: tuple[str, ...]

    def index(self, role: str) -> list[int]:
        return [i for i, column in enumerate(self.columns) if column == role]


def read_header(cells: list[str], vocabulary: Vocabulary) -> Header | None:
    """The header a row is, when its headings name a task column and a unit column
    (or a number column): ``序号 | 工作任务 | 牵头单位 | 责任单位``."""
    roles = [vocabulary.column_role(cell) if cell.strip() else None for cell in cells]
    named = [r for r in roles if r is not None]
    units = {"lead", "responsible", "cooperating"}
    if TASK in named and (units & set(named) or NUMBER in named) and len(named) >= 2:
        # A heading the vocabulary does not know is kept as an unknown column.
        return Header(tuple(roles), tuple(cell.strip() for cell in cells))
    return None


def is_number_cell(text: str) -> bool:
    return bool(_NUMBER_CELL.match("".join(text.split())))


_GAP = re.compile(r"\s|\|")  # between a header's cells


@lru_cache(maxsize=4)
def _header_words(vocabulary: Vocabulary) -> tuple[str, ...]:
    """Every column heading and role label, longest first (so the longest matches)."""
    words = {w for w, _ in vocabulary.columns} | {w for w, _ in vocabulary.labels}
    return tuple(sorted(words, key=len, reverse=True))


def split_header_words(text: str, vocabulary: Vocabulary) -> list[str] | None:
    """A header written on one line, its cells apart: ``序号 工 作 任 务 牵头负责部门``.

    The line with its spaces removed must be headings one after another; letter-
    spaced headings (``工 作 任 务``) are why the cells are found this way rather than
    by splitting at spaces.
    """
    if not _GAP.search(text.strip()):
        return None
    compact = "".join(text.replace("|", " ").split())
    words = _header_words(vocabulary)
    found: list[str] = []
    pos = 0
    while pos < len(compact):
        for word in words:
            if compact.startswith(word, pos):
                found.append(word)
                pos += len(word)
                break
        else:
            return None
    return found if len(found) >= 2 else None


@dataclass
class FlatTable:
    """Rows rebuilt from a table flattened into text lines.

    ``cells_per_line`` is True when each line holds a whole row (cells apart by
    spaces or ``|``), False when each line holds one cell. Lines are fed one at a
    time; :meth:`feed` returns the rows completed by that line.
    """

    header: Header
    cells_per_line: bool
    pending: list[SourceLine] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.header.columns)

    def split(self, text: str) -> list[str]:
        """A row's cells from one line: the number first, the task text absorbs any
        extra spaces (a task may contain spaces; unit lists rarely do)."""
        if "|" in text:
            cells = [c.strip() for c in text.strip().strip("|").split("|")]
        else:
            cells = [c for c in re.split(r"\s+", text.strip()) if c]
        width = self.width
        if len(cells) > width:
            task = self.header.index(TASK)
            at = task[0] if task else 1
            extra = len(cells) - width
            cells = cells[:at] + [" ".join(cells[at : at + extra + 1])] + cells[at + extra + 1 :]
        return cells + [""] * (width - len(cells))

    def feed(self, line: SourceLine) -> list[tuple[list[str], SourceLine]]:
        """The rows that ``line`` completes, each with the line of its first cell."""
        text = line.text.strip()
        if not text.strip("| "):  # a row's end marker in a pasted table (``||``)
            return []
        if self.cells_per_line:
            return [(self.split(text), line)]
        numbered = NUMBER in self.header.columns and self.header.columns[0] == NUMBER
        rows: list[tuple[list[str], SourceLine]] = []
        if numbered and is_number_cell(text) and self.pending:
            rows.append(self.flush())
        self.pending.append(line)
        if not numbered and len(self.pending) == self.width:
            rows.append(self.flush())
        elif numbered and len(self.pending) == self.width:
            rows.append(self.flush())
        return rows

    def flush(self) -> tuple[list[str], SourceLine]:
        """The row collected so far, with the line that holds its task (the line an
        item cites) or else its first line."""
        cells = [line.text.strip().strip("|").strip() for line in self.pending]
        task = self.header.index(TASK)
        # A short row lost a merged cell; where the header has a second task column
        # (主要任务 | 全年目标任务), that is the one missing, not a unit column.
        for column in task[1:][: max(0, self.width - len(cells))]:
            cells.insert(column, "")
        first = self.pending[task[0]] if task and task[0] < len(self.pending) else self.pending[0]
        self.pending = []
        return cells + [""] * (self.width - len(cells)), first
