"""Build a plan from its lines and table rows, whatever layout they are in.

One builder serves every layout, so that refs, parts, sections, flags and notices
mean the same thing for a text file, a web page, a Word table or a spreadsheet:

* ``inline``: the unit clause at the end of the item line, in any bracket
  (``1.…(牵头单位:X;责任单位:Y)``, ``〔…〕``, ``【…】``, ``[…]``), in label form or
  suffix form (``(X牵头,Y按职责分工负责)``); several tasks run into one paragraph
  each end with their own clause;
* ``role-lines``: roles on lines of their own below the item (``牵头单位:X``,
  ``责任单位:Y``, ``牵头领导:…``, ``完成时限:…``);
* ``table``: rows under a header row that names the columns;
* ``flat-table``: a table flattened into text (one cell per line, or one row per
  line with its cells apart), rebuilt into rows by :class:`~graph.parse.tables.FlatTable`.

Every non-blank line or row is classified; nothing is dropped silently. Damaged
items are kept and flagged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from graph.model import (
    GroupDefinition,
    Item,
    Notice,
    Part,
    Plan,
    Section,
    SourceLine,
    Theme,
)
from graph.model.units import Registry
from graph.parse.clause import ParsedClause, bracket_balance, parse_clause
from graph.parse.lines import (
    ANY_NOISE,
    PART,
    THEME,
    Number,
    clauses_in,
    find_clause,
    is_part_header,
    item_number,
    role_line,
    section_number,
)
from graph.parse.numerals import chinese_to_int
from graph.parse.tables import NUMBER, TASK, FlatTable, Header, read_header, split_header_words
from graph.read.roles import CLAUSE, Vocabulary

INLINE = "inline"
ROLE_LINES = "role-lines"
TABLE = "table"
FLAT_TABLE = "flat-table"
LAYOUTS = (INLINE, ROLE_LINES, TABLE, FLAT_TABLE)
_LABEL_FOR = {
    "lead": "牵头单位",
    "responsible": "责任单位",
    "cooperating": "配合单位",
    "person": "责任领导",
    "data_provider": "数据提供单位",
    "higher_lead": "省牵头单位",
    "deadline": "完成时限",
    CLAUSE: "部门分工",
}
_HEADING_LEAD = re.compile(
    r"^(.+?)(?:牵头|负责|主抓|承办)(?:的)?(?:重点|主要)?(?:工作|任务|事项)(?:\(\d+项\))?$"
)


# The kind a run-on line takes from its pieces: the first of these any piece has.
_KIND_ORDER = ("item", "role", "part", "section", "theme", "continuation", "unparsed", "preamble")


def run_on_pieces(line: SourceLine, vocabulary: Vocabulary) -> list[SourceLine]:
    """The logical lines of a physical line that holds many (a notice pasted as one
    line): split where, after a space, a heading, an item number or a role label
    starts. Lines of ordinary length, or with fewer than three such starts, stay whole.
    """
    text = line.text
    if len(text) < 200:
        return []
    starts = [m.start(1) for m in _run_on(vocabulary).finditer(text)]
    if len(starts) < 3:
        return []
    bounds = [0, *starts, len(text)]
    pieces = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        if not text[a:b].strip():
            continue
        index = line.raw_index[a:b] if line.raw_index else list(range(a, b))
        pieces.append(SourceLine(number=line.number, raw=line.raw, text=text[a:b], raw_index=index))
    return pieces


@lru_cache(maxsize=4)
def _run_on(vocabulary: Vocabulary) -> re.Pattern[str]:
    numeral = "一二三四五六七八九十"
    return re.compile(
        rf"\s((?:[{numeral}]{{1,3}}、|\([{numeral}]{{1,3}}\)|\d{{1,3}}[.、．﹒](?!\d)|(?:{vocabulary.label_pattern()})\s*:))"
    )


@dataclass
class _Cursor:
    part: Part | None = None
    section: Section | None = None
    theme: Theme | None = None
    open_item: Item | None = None
    last_item: Item | None = None
    in_body: bool = False


@dataclass
class PlanBuilder:
    path: str
    registry: Registry
    vocabulary: Vocabulary
    layout: str | None = None
    plan: Plan = field(init=False)
    cursor: _Cursor = field(default_factory=_Cursor)
    notices: list[Notice] = field(default_factory=list)
    used: Counter[str] = field(default_factory=Counter)
    rules: list[str] = field(default_factory=list)
    header: Header | None = None
    flat: FlatTable | None = None
    header_run: list[SourceLine] = field(default_factory=list)
    implicit_part: bool = False
    # Items so far per part and in the current section (the structure's own item
    # lists are filled at the end, once refs are final).
    in_part: Counter[int] = field(default_factory=Counter)
    in_section: int = 0
    _lines_seen: list[SourceLine] = field(default_factory=list)
    # The texts of all lines and where the builder is, for the little lookahead
    # that tells a plan's first item from the notice above it.
    ahead: list[str] = field(default_factory=list)
    position: int = 0
    heading_leads: dict[int, ParsedClause] = field(default_factory=dict)
    # Each distinct clause text parsed once (see ``clause``).
    clauses: dict[str, ParsedClause] = field(default_factory=dict)
    # Where each item sits (by id): its part, section and theme, filled in at the end.
    placed: dict[int, tuple[Part, Section | None, Theme | None]] = field(default_factory=dict)
    # Numbering styles: the style of each part's first numbered item, the last item
    # in that style (the parent of sub-items in another style), its sub-item count.
    part_style: dict[int, str] = field(default_factory=dict)
    parent: Item | None = None
    children: Counter[int] = field(default_factory=Counter)
    nested: set[int] = field(default_factory=set)
    last_top: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.plan = Plan(source=self.path)

    def notice(
        self, kind: str, message: str, line: SourceLine, offset: int = 0, snippet: str = ""
    ) -> None:
        self.notices.append(Notice(kind, message, line.number, line.raw_column(offset), snippet))

    def allows(self, layout: str) -> bool:
        return self.layout is None or self.layout == layout

    # -- paragraphs -------------------------------------------------------------------
    def feed_line(self, line: SourceLine) -> None:
        pieces = run_on_pieces(line, self.vocabulary)
        if pieces:
            # A whole notice on one physical line: each piece is read as a line of
            # its own; the source line takes the kind of its most telling piece.
            for piece in pieces:
                self.feed_line(piece)
            kinds = [piece.kind for piece in pieces]
            line.kind = next((k for k in _KIND_ORDER if k in kinds), kinds[0])
            return
        self._lines_seen.append(line)
        text = line.text.strip()
        if self.header_run and not self._extends_header_run(text):
            self._close_header_run(line)
        if not text:
            line.kind = "blank"
            return
        if ANY_NOISE.search(text):
            line.kind = "noise"
            return
        if self.flat is not None and self._feed_flat(line, text):
            return
        if self.allows(FLAT_TABLE) and self._table_heading(line, text):
            return
        if not self.cursor.in_body:
            # The notice's own paragraphs are numbered 一、二、三、 too, but they are
            # sentences ending in 。; the body starts at the first short part title,
            # or at the first numbered item that names its units.
            if is_part_header(text) or self._starts_body(text):
                self.cursor.in_body = True
            else:
                line.kind = "preamble"
                if _numbered_with_role(text, self.vocabulary):
                    # An item whose clause was cut (``3.办好教育。(牵头``) above the
                    # first whole one: kept as notice text, but never silently.
                    self.notice(
                        "unparsed-line",
                        "numbered line with a role in brackets before the first item:"
                        " read as the notice (an item with a damaged clause?)",
                        line,
                        0,
                        text[:30],
                    )
                return
        self.classify(line, text)

    def classify(self, line: SourceLine, text: str) -> None:
        found_role = self._role_of(text)
        if found_role and self.allows(ROLE_LINES):
            if self.cursor.last_item is None and self._section_to_item():
                pass
            if self.cursor.last_item is not None:
                self.add_shared_roles(self.cursor.last_item, found_role[0], found_role[1], line)
                return
        if is_part_header(text):
            self.start_part(line, PART.match(text))
            return
        number = section_number(text)
        if number is not None:
            clause = find_clause(text, self.vocabulary)
            if clause is None and not self.reads_like_item(text):
                self.start_section(line, number)
                return
            self.add_item(line, number)
            return
        match = THEME.match(text)
        if match:
            self.start_theme(line, match.group(1).strip())
            return
        numbered = item_number(text)
        if numbered is not None:
            open_item = self.cursor.open_item
            if open_item is not None and self._heads_numbered_items(open_item):
                self._item_to_section(open_item)  # (一)…。 then 1.…: it was a heading
            self.add_item(line, numbered)
            return
        if self.cursor.open_item is not None:
            if self._was_heading(self.cursor.open_item, text):
                self._item_to_section(self.cursor.open_item)
            else:
                self.continue_item(line)
                return
        if self.cursor.open_item is not None:
            self.continue_item(line)
            return
        if clauses_in(text, self.vocabulary) and self.allows(INLINE):
            self.add_item(line, None)
            return
        line.kind = "unparsed"
        self.notice("unparsed-line", "line not understood; kept as is", line, 0, text[:30])

    def _starts_body(self, text: str) -> bool:
        """A numbered line that names its units, on the line itself or on a role line
        below it (before the next numbered line's own units): the plan starts there
        even without a part header above it."""
        number = item_number(text) or section_number(text)
        if number is None:
            return False
        if find_clause(text, self.vocabulary) is not None or bare_clause(text, 0, self.vocabulary):
            return True
        return any(
            self._role_of(ahead) is not None
            for ahead in self.ahead[self.position + 1 : self.position + 12]
            if ahead.strip()
        )

    def _role_of(self, text: str) -> tuple[str, str] | None:
        """A role line, bare (``责任单位:X``) or in brackets (``(责任单位:X)``)."""
        text = text.strip()
        found = role_line(text, self.vocabulary)
        if found is None and text[:1] in "([【〔" and text[-1:] in ")]】〕":
            found = role_line(text[1:-1].strip(), self.vocabulary)
        return found

    def reads_like_item(self, text: str) -> bool:
        """Whether a ``(N)`` line without a unit clause is an item, not a title.

        Section titles are short headings; a sentence (``。``) is an item whose clause
        was lost or comes on the lines below. In a part that lists items as
        ``(一)…`` and has no sections (the main targets), every ``(N)`` line is an item.
        """
        part = self.cursor.part
        return "。" in text or (
            part is not None and bool(self.in_part[part.number]) and not part.sections
        )

    # -- tables flattened into text -----------------------------------------------------
    def _extends_header_run(self, text: str) -> bool:
        return not text or self.vocabulary.column_role(text) is not None

    def _table_heading(self, line: SourceLine, text: str) -> bool:
        """A header row flattened into text: on one line with its cells apart, or the
        first of several one-heading lines (collected until the run ends)."""
        words = split_header_words(text, self.vocabulary)
        if words:
            header = read_header(words, self.vocabulary)
            if header is not None:
                line.kind = "table-header"
                self.flat = FlatTable(header, cells_per_line=True)
                self.cursor.in_body = True
                return True
        if len(text) <= 12 and self.vocabulary.column_role(text) is not None:
            self.header_run.append(line)
            line.kind = "table-header"
            return True
        return False

    def _close_header_run(self, next_line: SourceLine) -> None:
        run, self.header_run = self.header_run, []
        header = read_header([line.text.strip() for line in run], self.vocabulary)
        if header is not None:
            self.flat = FlatTable(header, cells_per_line=False)
            self.cursor.in_body = True
            return
        for line in run:  # not a header after all: read the lines as lines
            line.kind = "unclassified"
            text = line.text.strip()
            if self.cursor.in_body:
                self.classify(line, text)
            else:
                line.kind = "preamble"

    def _feed_flat(self, line: SourceLine, text: str) -> bool:
        assert self.flat is not None
        if is_part_header(text) or (section_number(text) and not self.flat.pending):
            if self.flat.pending:
                cells, first = self.flat.flush()
                self.add_row(cells, first, layout=FLAT_TABLE)
            self.classify(line, text)
            return True
        line.kind = "row-cell"
        for cells, first in self.flat.feed(line):
            self.add_row(cells, first, layout=FLAT_TABLE)
        return True

    def finish_lines(self) -> None:
        """End of input: a row still being collected is a row."""
        if self.header_run:
            self._close_header_run(SourceLine(0, "", ""))
        if self.flat is not None and self.flat.pending:
            cells, first = self.flat.flush()
            self.add_row(cells, first, layout=FLAT_TABLE)

    # -- table rows ---------------------------------------------------------------------
    def feed_row(self, line: SourceLine, cells: list[str]) -> None:
        header = read_header(cells, self.vocabulary)
        if header is not None:
            line.kind = "table-header"
            self.header = header
            self.cursor.in_body = True
            return
        if self.header is None or not self.allows(TABLE):
            # A table that is not a task table (a layout table, a signature block):
            # its cells are read as one line of text.
            line.text = " ".join(_distinct(cells))
            self.feed_line(line)
            return
        self.add_row(cells, line, layout=TABLE)

    def add_row(self, cells: list[str], line: SourceLine, *, layout: str) -> None:
        header = self.header if layout == TABLE else (self.flat.header if self.flat else None)
        assert header is not None
        filled = [c.strip() for c in cells if c.strip()]
        if not filled:
            line.kind = "blank"
            return
        if read_header(cells, self.vocabulary) is not None:  # a header repeated on each page
            line.kind = "table-header"
            return
        task_cols = header.index(TASK)
        task = " ".join(cells[i].strip() for i in task_cols if i < len(cells)).strip()
        if len(set(filled)) == 1 and (len(filled) > 1 or not task or filled[0] != task):
            self.heading(line, filled[0])
            return
        numbers = header.index(NUMBER)
        number_text = cells[numbers[0]].strip() if numbers and numbers[0] < len(cells) else ""
        if not task:
            line.kind = "unparsed"
            self.notice(
                "unparsed-line", "table row without a task; kept as is", line, 0, filled[0][:30]
            )
            return
        self.cursor.in_body = True
        number = _row_number(number_text)
        item = self.new_item(line, number)
        self.used[layout] += 1
        clause = find_clause(task, self.vocabulary)
        if clause is not None:
            self.fill_item(item, line, 0, text=task)
        else:
            item.text = task
        item.source_text = line.raw
        for index, role in enumerate(header.columns):
            if index >= len(cells) or role is None or role in (NUMBER, TASK):
                continue
            value = cells[index].strip()
            if value and role in _LABEL_FOR:
                self.add_roles(item, _LABEL_FOR[role], value, line, layout=layout)
        if not (item.lead or item.responsible or item.cooperating or item.people):
            item.flags.append("missing-clause")
            self.notice("missing-clause", f"item {item.ref} names no unit", line, 0)

    def heading(self, line: SourceLine, text: str) -> None:
        """A row that only carries a heading (merged across the table)."""
        if is_part_header(text):
            self.start_part(line, PART.match(text))
        elif (number := section_number(text)) is not None:
            self.start_section(line, number)
        elif (match := THEME.match(text)) is not None:
            self.start_theme(line, match.group(1).strip())
        else:
            line.kind = "heading"

    # -- structure ----------------------------------------------------------------------
    def start_part(self, line: SourceLine, match: re.Match[str] | None) -> None:
        assert match is not None
        line.kind = "part"
        number = chinese_to_int(match.group(1))
        expected = len(self.plan.parts) + (0 if self.implicit_part else 1)
        if self.implicit_part and not self.in_part[self.plan.parts[-1].number]:
            self.plan.parts.pop()
            self.implicit_part = False
            expected = len(self.plan.parts) + 1
        if number != expected and not (self.implicit_part and number == expected + 1):
            self.notice("numbering", f"part {number} where part {expected} was expected", line)
        part = Part(number=number, title=match.group(2).strip(), line=line.number)
        self.plan.parts.append(part)
        lead = _HEADING_LEAD.match(part.title)
        if lead and not all(self.vocabulary.is_person(n) for n in re.split("[、,]", lead.group(1))):
            # 一、县示范区管委会牵头工作(8项): the part's items are that unit's to lead
            self.heading_leads[number] = parse_clause(
                f"牵头单位:{lead.group(1)}", self.registry, self.vocabulary
            )
        self.cursor.part, self.cursor.section, self.cursor.theme = part, None, None
        self.cursor.open_item = None
        self.cursor.last_item = None

    def start_section(self, line: SourceLine, number: Number) -> None:
        line.kind = "section"
        part = self.require_part(line)
        expected = len(part.sections) + 1
        if number.value != expected:
            self.notice(
                "numbering", f"section ({number.value}) where ({expected}) was expected", line
            )
        title = line.text.strip()[number.body :].strip()
        section = Section(number=number.value, title=title, line=line.number)
        part.sections.append(section)
        self.cursor.section, self.cursor.theme, self.cursor.open_item = section, None, None
        self.cursor.last_item = None
        self.in_section = 0
        self._section_line = line

    def _section_to_item(self) -> bool:
        """A role line right under a ``(一)…`` heading: the heading was an item."""
        section = self.cursor.section
        part = self.cursor.part
        line = getattr(self, "_section_line", None)
        if section is None or part is None or line is None or self.in_section:
            return False
        if part.sections and part.sections[-1] is section:
            part.sections.pop()
        self.cursor.section = part.sections[-1] if part.sections else None
        self.notices = [
            n for n in self.notices if not (n.kind == "numbering" and n.line == line.number)
        ]
        text = line.text.strip()
        number = section_number(text)
        assert number is not None
        self.add_item(line, number)
        return True

    def _was_heading(self, item: Item, text: str) -> bool:
        """A short ``(五)…。`` line without a clause, followed by a task that ends in a
        clause of its own: the ``(五)`` line was a heading (State Council plans end
        their headings with 。), not an item waiting for its clause."""
        return (
            item.number_text.startswith("(")
            and not item.number_text[1:2].isdigit()
            and len(item.text) <= 40
            and item.text.endswith("。")
            and self.plan.items[-1] is item
            and bool(_tasks(text, self.vocabulary))
            and item_number(text) is None
        )

    def _heads_numbered_items(self, item: Item) -> bool:
        """A short ``(一)…`` line without a clause right before a ``1.`` item heads it."""
        return (
            item.number_text.startswith("(")
            and not item.number_text[1:2].isdigit()
            and len(item.text) <= 40
            and not item.clause
            and self.plan.items[-1] is item
        )

    def _item_to_section(self, item: Item) -> None:
        self.plan.items.pop()
        self.in_part[item.part] -= 1
        if self.parent is item:  # it set its part's numbering style: it no longer does
            self.parent = None
            self.part_style.pop(item.part, None)
            self.last_top.pop(item.part, None)
        self.notices = [
            n for n in self.notices if n.line != item.line or n.kind != "missing-clause"
        ]
        line = next(line for line in self._lines_seen if line.number == item.line)
        self.cursor.open_item = None
        number = section_number(line.text.strip())
        assert number is not None
        self.start_section(line, number)

    def start_theme(self, line: SourceLine, title: str) -> None:
        line.kind = "theme"
        self.require_part(line)
        if self.cursor.section is None:
            self.notice("numbering", "theme outside any section", line)
            return
        theme = Theme(title=title, line=line.number)
        self.cursor.section.themes.append(theme)
        self.cursor.theme, self.cursor.open_item = theme, None
        self.cursor.last_item = None

    def require_part(self, line: SourceLine) -> Part:
        if self.cursor.part is None:  # a body without a part header: make one, say so
            self.notice("numbering", "content before any part header", line)
            part = Part(number=1, title="", line=line.number)
            self.plan.parts.append(part)
            self.cursor.part = part
            self.implicit_part = True
        return self.cursor.part

    # -- items --------------------------------------------------------------------------
    def new_item(self, line: SourceLine, number: Number | None) -> Item:
        """A new item at the cursor; unnumbered items take the next number of their part.

        An item numbered in another style than its part's first item (``(1)`` under
        ``1.``, ``1.`` under ``(一)``) is a sub-item of the last item in that first
        style, and its ref extends that item's (``1.1.2``), so refs stay unique.
        """
        line.kind = "item"
        part = self.require_part(line)
        style = _style(number.text) if number is not None else None
        base = self.part_style.setdefault(part.number, style) if style else None
        parent = (
            self.parent if self.parent is not None and self.parent.part == part.number else None
        )
        nested = style is not None and style != base and parent is not None
        if nested:
            assert parent is not None and number is not None
            self.children[id(parent)] += 1
            value = number.value
            ref = f"{parent.ref}.{value}"
            out_of_order = value != self.children[id(parent)]
            restart = False
            previous = self.children[id(parent)] - 1
        else:
            count = self.in_part[part.number]
            previous = self.last_top.get(part.number, 0) if count else 0
            value = number.value if number is not None else previous + 1
            ref = f"{part.number}.{value}"
            # In sequence if it follows the previous item, or sits where its number says
            # (after a duplicate or a misprint, the next item is back in step), or starts
            # again at 1 in a new section (plans that number per section).
            restart = value == 1 and self.cursor.section is not None and not self.in_section
            out_of_order = number is not None and value not in (previous + 1, count + 1)
        if out_of_order and not restart:
            where = parent.ref if nested and parent is not None else str(part.number)
            self.notice("numbering", f"item {where}.{value} follows item {where}.{previous}", line)
        section = self.cursor.section
        item = Item(
            ref=ref,
            part=part.number,
            number=value,
            text="",
            section=section.number if section else None,
            section_title=section.title if section else "",
            theme=self.cursor.theme.title if self.cursor.theme else "",
            line=line.number,
            source_text=line.raw,
            number_text=number.text if number is not None else "",
        )
        if out_of_order and not restart:
            item.flags.append("numbering")
        self.plan.items.append(item)
        self.placed[id(item)] = (part, section, self.cursor.theme)
        if nested:
            self.nested.add(id(item))
        else:
            self.in_part[part.number] += 1
            self.last_top[part.number] = value
            self.parent = item
        self.in_section += 1
        self.cursor.last_item = item
        return item

    def add_item(self, line: SourceLine, number: Number | None) -> None:
        item = self.new_item(line, number)
        # Numbers are found in the stripped text; the body offset is into the line
        # as it is, indentation included (a web copy indents every line).
        indent = len(line.text) - len(line.text.lstrip())
        self.fill_item(item, line, indent + (number.body if number is not None else 0))

    def continue_item(self, line: SourceLine) -> None:
        """A line that carries on the previous item's text (a wrapped line)."""
        line.kind = "continuation"
        item = self.cursor.open_item
        assert item is not None
        prefix = item.text
        item.source_text += "\n" + line.raw
        self._drop_missing_clause(item)
        self.fill_item(item, line, 0, prefix=prefix)

    def _drop_missing_clause(self, item: Item) -> None:
        item.flags = [f for f in item.flags if f != "missing-clause"]
        self.notices = [
            n for n in self.notices if not (n.kind == "missing-clause" and n.line == item.line)
        ]

    def fill_item(
        self,
        item: Item,
        line: SourceLine,
        body_start: int,
        prefix: str = "",
        text: str | None = None,
    ) -> None:
        text = (line.text if text is None else text).rstrip()
        tasks = _tasks(text[body_start:], self.vocabulary) if self.allows(INLINE) else []
        if len(tasks) > 1:
            self._split_tasks(item, line, body_start, text, tasks, prefix)
            return
        found = find_clause(text, self.vocabulary) if self.allows(INLINE) else None
        if found is None and self.allows(INLINE):
            found = bare_clause(text, body_start, self.vocabulary)
        start_col = line.raw_column(body_start) - 1
        if found is None:
            item.text = prefix + text[body_start:].strip()
            item.span = (start_col, line.raw_column(len(text)) - 1)
            item.flags.append("missing-clause")
            self.notice("missing-clause", f"item {item.ref} has no unit clause", line, len(text))
            self.cursor.open_item = item
            return
        self.used[INLINE] += 1
        start, end, closed = found
        item.text = prefix + text[body_start:start].strip()
        item.span = (start_col, line.raw_column(end - 1))
        inner = text[start + 1 : end - 1] if closed else text[start + 1 :]
        item.clause = inner
        self.cursor.open_item = None
        after = text[end:].strip(" 。.;")
        if closed and after:
            item.flags.append("text-after-clause")
            self.notice(
                "text-after-clause",
                f"item {item.ref}: text after the unit clause, not read: {after[:20]}",
                line,
                end,
                after[:20],
            )
        if not closed:
            where = bracket_balance(text[start:])
            item.flags.append("truncated-clause")
            self.notice(
                "truncated-clause",
                f"item {item.ref}: unit clause is not closed",
                line,
                start + (where if where is not None else 0),
                text[start : start + 20],
            )
        elif bracket_balance(inner) is not None:
            item.flags.append("unbalanced-brackets")
            self.notice(
                "unbalanced-brackets",
                f"item {item.ref}: unbalanced brackets in the unit clause",
                line,
                start + 1 + (bracket_balance(inner) or 0),
            )
        text_problem = bracket_balance(item.text)
        if text_problem is not None and "unbalanced-brackets" not in item.flags:
            item.flags.append("unbalanced-brackets")
            self.notice(
                "unbalanced-brackets",
                f"item {item.ref}: unbalanced brackets in the text",
                line,
                body_start + text_problem,
            )
        self.merge(item, self.clause(inner), line, start + 1)
        if not item.lead and not item.responsible and "clause-problem" not in item.flags:
            if not (item.cooperating or item.people):
                item.flags.append("clause-problem")
                self.notice(
                    "clause-problem", f"item {item.ref}: the unit clause names no unit", line, start
                )

    def _split_tasks(
        self,
        item: Item,
        line: SourceLine,
        body_start: int,
        text: str,
        tasks: list[tuple[int, int]],
        prefix: str,
    ) -> None:
        """Several tasks in one paragraph, each ended by its own clause: the first is
        ``item``, the others are items ``REF-2``, ``REF-3`` … of the same line."""
        body = text[body_start:]
        start = 0
        current = item
        for k, (_, end) in enumerate(tasks, start=1):
            piece = body[start:end]
            if k > 1:
                current = self.new_item(line, None)
                current.ref = f"{item.ref}-{k}"
                current.number = item.number
            self.fill_item(
                current, line, 0, prefix=prefix if k == 1 else "", text=_piece_text(piece)
            )
            current.span = (body_start + start, body_start + end)
            start = end
            while start < len(body) and body[start] in " 。.;,":
                start += 1
        rest = body[start:].strip()
        if rest:
            current.flags.append("text-after-clause")
            self.notice(
                "text-after-clause",
                f"item {current.ref}: text after the unit clause, not read: {rest[:20]}",
                line,
                body_start + start,
                rest[:20],
            )

    def add_shared_roles(self, item: Item, label: str, value: str, line: SourceLine) -> None:
        """A role line under several sub-items that name no units of their own
        (``(1)…`` ``(2)…`` ``(3)…`` then ``(责任单位:…)``) is theirs in common."""
        run = [item]
        if not _has_units(item) and item.number_text.startswith("("):
            for earlier in reversed(self.plan.items[:-1]):
                if (
                    _has_units(earlier)
                    or earlier.part != item.part
                    or earlier.section != item.section
                    or not earlier.number_text.startswith("(")
                    or earlier.clause
                ):
                    break
                run.append(earlier)
        for target in reversed(run):
            self.add_roles(target, label, value, line)

    def add_roles(
        self, item: Item, label: str, value: str, line: SourceLine, *, layout: str = ROLE_LINES
    ) -> None:
        """A role given on a line of its own (or in a table cell) for ``item``."""
        if line.kind not in ("item",):
            line.kind = "role"
        self.used[layout] += 1
        self._drop_missing_clause(item)
        self.cursor.open_item = None
        written = f"{label}:{value}"
        item.clause = f"{item.clause};{written}" if item.clause else written
        self.merge(item, self.clause(written), line, len(label) + 1)

    def clause(self, text: str) -> ParsedClause:
        """``parse_clause`` of ``text``, once per distinct text: plans repeat their
        clauses (the bundled plan writes 208 distinct ones for 322 items), the
        registry and vocabulary do not change while a plan is read, and ``merge``
        only reads the result (it copies what it keeps that could change)."""
        parsed = self.clauses.get(text)
        if parsed is None:
            parsed = self.clauses[text] = parse_clause(text, self.registry, self.vocabulary)
        return parsed

    def merge(self, item: Item, parsed: ParsedClause, line: SourceLine, offset: int) -> None:
        """Add what a clause (or a role line) names to the item, and say what was odd.
        ``parsed`` may be shared by several items (``clause``): it is only read."""
        for target, names in (
            (item.lead, parsed.lead),
            (item.responsible, parsed.responsible),
            (item.cooperating, parsed.cooperating),
            (item.people, parsed.people),
            (item.data_providers, parsed.data_providers),
            (item.higher_leads, parsed.higher_leads),
        ):
            if names:  # most of the six are empty
                target.extend(name for name in names if name not in target)
        if parsed.deadline:
            item.deadline = "; ".join(x for x in (item.deadline, parsed.deadline) if x)
        item.mentions.extend(parsed.mentions)
        item.subassignments.extend(
            replace(sub, lead=list(sub.lead), responsible=list(sub.responsible))
            for sub in parsed.subassignments
        )
        self.rules.extend(parsed.rules)
        for group, note in parsed.group_notes:
            self.plan.group_definitions.append(GroupDefinition(group, note, line.number))
        for name, where in parsed.unknown:
            if self.registry.complete:
                item.flags.append("unknown-unit")
                self.notice(
                    "unknown-unit",
                    f"item {item.ref}: unit not in the registry: {name}",
                    line,
                    offset + where,
                    name,
                )
            elif "unregistered" not in item.flags:
                item.flags.append("unregistered")
        for problem in parsed.problems:
            item.flags.append("clause-problem")
            self.notice(
                "clause-problem",
                f"item {item.ref}: {problem.message}",
                line,
                offset + problem.offset,
            )

    # -- the end ------------------------------------------------------------------------
    def finish(self) -> None:
        """Refs that stay unique, duplicates flagged, structure lists filled."""
        self.finish_lines()
        plan = self.plan
        for part in plan.parts:
            items = [
                i
                for i in plan.items
                if i.part == part.number and "-" not in i.ref and id(i) not in self.nested
            ]
            restarts = [i for i in items if i.number == 1 and i.section is not None]
            if len({i.section for i in restarts}) > 1:
                # Numbering starts again in each section: 2.3.1 is item 1 of section
                # (三) of part 二, so every ref stays unique and citable.
                for item in plan.items:
                    if (
                        item.part == part.number
                        and item.section is not None
                        and id(item) not in self.nested
                    ):
                        head, _, tail = item.ref.partition("-")
                        base = f"{part.number}.{item.section}.{head.split('.')[-1]}"
                        item.ref = f"{base}-{tail}" if tail else base
        for item in plan.items:
            heading = self.heading_leads.get(item.part)
            if heading is not None and not _has_units(item) and not item.clause:
                item.lead = list(heading.lead)
                item.mentions.extend(heading.mentions)
                item.flags = [f for f in item.flags if f != "missing-clause"]
                item.flags.append("lead-from-heading")
                self.notices = [
                    n
                    for n in self.notices
                    if not (n.kind == "missing-clause" and n.line == item.line)
                ]
        seen: set[str] = set()
        for item in plan.items:
            if item.ref in seen:
                self.notices.append(
                    Notice("numbering", f"item {item.ref} appears twice", item.line, 1)
                )
                item.flags.append("duplicate-ref")
            seen.add(item.ref)
        for item in plan.items:
            part_of, section_of, theme_of = self.placed[id(item)]
            part_of.items.append(item.ref)
            if section_of is not None:
                section_of.items.append(item.ref)
            if theme_of is not None:
                theme_of.items.append(item.ref)
        if self.implicit_part and len(plan.parts) == 1 and not plan.parts[0].title:
            # A plan with no part headers at all (a table, a State Council list): its
            # items are part 1, which is how it is written, not a problem.
            self.notices = [
                Notice("no-part-header", n.message, n.line, n.column, n.snippet)
                if n.kind == "numbering" and n.message == "content before any part header"
                else n
                for n in self.notices
            ]
        plan.layout = ",".join(name for name in LAYOUTS if self.used[name])


def bare_clause(text: str, body_start: int, vocabulary: Vocabulary) -> tuple[int, int, bool] | None:
    """A clause written without brackets after the task's sentence:
    ``…依法处置隐性债务。牵头单位:省财政厅;责任单位:…。`` -> (start, end, closed).

    ``start`` and ``end`` are chosen so that the caller's ``text[start + 1 : end - 1]``
    is the clause without its final full stop.
    """
    match = _bare_label(vocabulary).search(text, body_start)
    if match is None or match.start(1) <= body_start:
        return None
    end = len(text.rstrip().rstrip("。.;"))
    return match.start(1) - 1, end + 1, True


@lru_cache(maxsize=4)
def _bare_label(vocabulary: Vocabulary) -> re.Pattern[str]:
    return re.compile(rf"[。;]\s*((?:{vocabulary.label_pattern()})\s*:)")


@lru_cache(maxsize=4)
def _role_in_brackets(vocabulary: Vocabulary) -> re.Pattern[str]:
    roles = ("lead", "responsible", "cooperating")
    words = [word for word, role in (*vocabulary.labels, *vocabulary.suffixes) if role in roles]
    alternation = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    return re.compile(rf"[(\[【〔][^)\]】〕]*?(?:{alternation})")


def _numbered_with_role(text: str, vocabulary: Vocabulary) -> bool:
    """``3.办好教育。(牵头…``: an item number, then a bracket that names a unit role."""
    number = item_number(text) or section_number(text)
    return number is not None and bool(_role_in_brackets(vocabulary).search(text, number.body))


def _style(number_text: str) -> str:
    """How an item number is written: ``(一)``, ``(1)`` or ``1.`` (and ``1、`` …)."""
    if number_text.startswith("("):
        return "paren-digit" if number_text[1:2].isdigit() else "paren-chinese"
    return "digit"


def _row_number(text: str) -> Number | None:
    """The number in a 序号 cell: ``3``, ``3.``, ``(三)``, ``三``; None when empty."""
    compact = "".join(text.split()).strip("()、.．")
    if not compact:
        return None
    if compact.isdecimal():  # not isdigit: "²" is a digit int() cannot read
        if len(compact) > 9:  # a figure in the number column, not a number
            return None
        return Number(int(compact), text.strip(), 0)
    try:
        return Number(chinese_to_int(compact), text.strip(), 0)
    except ValueError:
        return None


def _tasks(body: str, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    """The clauses that each end a task of their own: a clause with text before it
    (not a clause at the very start of the line, nor one right after another)."""
    tasks = []
    previous = 0
    for start, end in clauses_in(body, vocabulary):
        if body[previous:start].strip(" 。.;,"):
            tasks.append((start, end))
        previous = end
    if tasks and not body[tasks[0][1] :].strip(" 。.;,"):
        return tasks[:1]
    return tasks


def _has_units(item: Item) -> bool:
    return bool(item.lead or item.responsible or item.cooperating)


def _distinct(cells: list[str]) -> list[str]:
    """Non-empty cells without the copies a merged cell spreads over its neighbours."""
    out: list[str] = []
    for cell in cells:
        cell = cell.strip()
        if cell and (not out or out[-1] != cell):
            out.append(cell)
    return out


def _piece_text(piece: str) -> str:
    return piece.strip(" ,;")
