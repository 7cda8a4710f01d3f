"""Read a plan file into the typed model.

Every non-blank line is classified (preamble, part, section, theme, item,
continuation, noise, unparsed); nothing is dropped silently. Damaged items are kept
and flagged. Only input that cannot be a plan at all raises :class:`InputError`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from graph.data import bundled_plan_path
from graph.errors import InputError
from graph.model import GroupDefinition, Item, Notice, Part, Plan, Section, SourceLine, Theme
from graph.model.units import Registry
from graph.parse.clause import CLOSE_BRACKETS, OPEN_BRACKETS, bracket_balance, parse_clause
from graph.parse.numerals import CHINESE_NUMERAL, chinese_to_int
from graph.parse.preamble import read_preamble
from graph.read.encoding import decode_bytes
from graph.read.errata import Errata, apply_errata, errata_for, load_errata
from graph.read.normalise import find_damage, normalise
from graph.read.registry import load_registry

PART = re.compile(rf"^([{CHINESE_NUMERAL}]+)、(.+)$")
SECTION = re.compile(rf"^\(([{CHINESE_NUMERAL}]+)\)\s*(.+)$")
THEME = re.compile(r"^(?:-{2,}|——|—)\s*(.+)$")
ITEM = re.compile(r"^(\d{1,4})\s*[.．、]\s*(.+)$")
CLAUSE_START = re.compile(
    r"\((?=[^()]*?(?:牵头单位|责任单位)\s*:)|\((?=[^()]*?〈(?:牵头单位|责任单位))"
)
NOISE = (
    re.compile(r"^浏览量\s*:"),
    re.compile(r"时间\s*:\s*\d{4}-\d{2}-\d{2}"),
    re.compile(r"\.(pdf|docx?|wps|ofd)$", re.I),
    re.compile(r"^(打印|关闭|分享到|【[^】]*】)\s*$"),
)
# Kinds of notice that mean something is wrong with the plan, not just tidied up.
PROBLEMS = {
    "encoding-damage-unrepaired",
    "unknown-unit",
    "unparsed-line",
    "missing-clause",
    "truncated-clause",
    "unbalanced-brackets",
    "clause-problem",
    "numbering",
    "text-after-clause",
    "bad-date",
}


@dataclass
class _Cursor:
    part: Part | None = None
    section: Section | None = None
    theme: Theme | None = None
    open_item: Item | None = None
    in_body: bool = False


def _is_part_header(text: str) -> bool:
    match = PART.match(text)
    return bool(match) and "。" not in text and len(text) <= 40 and "(" not in text


def _closing(text: str, start: int) -> int | None:
    """Index of the bracket that closes the one at ``start``, or None if none does."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in OPEN_BRACKETS:
            depth += 1
        elif text[i] in CLOSE_BRACKETS:
            depth -= 1
            if depth == 0:
                return i
    return None


def _find_clause(text: str) -> tuple[int, int, bool] | None:
    """(start, end, closed) of the unit clause at the end of an item line.

    The clause is the last top-level bracket group that names a unit role; ``end`` is
    just past its closing bracket, so text after the clause can be reported rather
    than read as part of a unit name. A clause whose closing bracket is missing (a
    truncated line) is returned with closed=False and ``end`` at the end of the line.
    """
    stripped = text.rstrip()
    if stripped.endswith(")"):
        depth = 0
        for i in range(len(stripped) - 1, -1, -1):
            ch = stripped[i]
            if ch in CLOSE_BRACKETS:
                depth += 1
            elif ch in OPEN_BRACKETS:
                depth -= 1
                if depth == 0:
                    inner = stripped[i + 1 : -1]
                    # ``〈…)`` is a bracket left open inside the clause, not the clause:
                    # look for the clause's own ``(`` below instead.
                    if ch == "(" and "单位" in inner and ":" in inner:
                        return i, len(stripped), True
                    break
    starts = list(CLAUSE_START.finditer(stripped))
    if not starts:
        return None
    start = starts[-1].start()
    close = _closing(stripped, start)
    if close is not None:
        return start, close + 1, True
    # No bracket closes the clause's own: if the line still ends with one, the clause
    # is complete but its inside does not balance (reported by the caller); otherwise
    # the line was cut.
    return start, len(stripped), stripped.endswith(")")


class _Parser:
    def __init__(self, path: str, registry: Registry):
        self.path = path
        self.registry = registry
        self.plan = Plan(source=path)
        self.cursor = _Cursor()
        self.notices: list[Notice] = []
        self.refs: set[str] = set()  # refs seen so far, to flag duplicates in O(1)

    def notice(
        self, kind: str, message: str, line: SourceLine, offset: int = 0, snippet: str = ""
    ) -> None:
        self.notices.append(Notice(kind, message, line.number, line.raw_column(offset), snippet))

    # -- line kinds -----------------------------------------------------------------
    def classify(self, line: SourceLine) -> None:
        text = line.text.strip()
        if not text:
            line.kind = "blank"
            return
        if any(p.search(text) for p in NOISE):
            line.kind = "noise"
            return
        if not self.cursor.in_body:
            # The notice's own paragraphs are numbered 一、二、三、 too, but they are
            # sentences ending in 。; the body starts at the first short part title.
            if _is_part_header(text):
                self.cursor.in_body = True
            else:
                line.kind = "preamble"
                return
        if _is_part_header(text):
            self.start_part(line, PART.match(text))
            return
        match = SECTION.match(text)
        if match and _find_clause(text) is None and not self.reads_like_item(text):
            self.start_section(line, match)
            return
        if match:
            self.add_item(line, chinese_to_int(match.group(1)), match.start(2))
            return
        match = THEME.match(text)
        if match:
            self.start_theme(line, match.group(1).strip())
            return
        match = ITEM.match(text)
        if match:
            self.add_item(line, int(match.group(1)), match.start(2))
            return
        if self.cursor.open_item is not None:
            self.continue_item(line)
            return
        line.kind = "unparsed"
        self.notice("unparsed-line", "line not understood; kept as is", line, 0, text[:30])

    def reads_like_item(self, text: str) -> bool:
        """Whether a ``(N)`` line without a unit clause is a damaged item, not a title.

        Section titles are short headings; a sentence (``。``) is an item whose clause
        was lost. In a part that lists items as ``(一)…`` and has no sections (the
        main targets), every ``(N)`` line is an item.
        """
        part = self.cursor.part
        return "。" in text or (part is not None and bool(part.items) and not part.sections)

    def start_part(self, line: SourceLine, match: re.Match) -> None:
        line.kind = "part"
        number = chinese_to_int(match.group(1))
        expected = len(self.plan.parts) + 1
        if number != expected:
            self.notice("numbering", f"part {number} where part {expected} was expected", line)
        part = Part(number=number, title=match.group(2).strip(), line=line.number)
        self.plan.parts.append(part)
        self.cursor.part, self.cursor.section, self.cursor.theme = part, None, None
        self.cursor.open_item = None

    def start_section(self, line: SourceLine, match: re.Match) -> None:
        line.kind = "section"
        part = self.require_part(line)
        number = chinese_to_int(match.group(1))
        expected = len(part.sections) + 1
        if number != expected:
            self.notice("numbering", f"section ({number}) where ({expected}) was expected", line)
        section = Section(number=number, title=match.group(2).strip(), line=line.number)
        part.sections.append(section)
        self.cursor.section, self.cursor.theme, self.cursor.open_item = section, None, None

    def start_theme(self, line: SourceLine, title: str) -> None:
        line.kind = "theme"
        self.require_part(line)
        if self.cursor.section is None:
            self.notice("numbering", "theme outside any section", line)
            return
        theme = Theme(title=title, line=line.number)
        self.cursor.section.themes.append(theme)
        self.cursor.theme, self.cursor.open_item = theme, None

    def require_part(self, line: SourceLine) -> Part:
        if self.cursor.part is None:  # a body without a part header: make one, say so
            self.notice("numbering", "content before any part header", line)
            part = Part(number=1, title="", line=line.number)
            self.plan.parts.append(part)
            self.cursor.part = part
        return self.cursor.part

    # -- items ----------------------------------------------------------------------
    def add_item(self, line: SourceLine, number: int, body_start: int) -> None:
        line.kind = "item"
        part = self.require_part(line)
        previous = self.plan.items[-1].number if part.items and self.plan.items else 0
        # In sequence if it follows the previous item, or sits where its number says
        # (after a duplicate or a misprint, the next item is back in step).
        out_of_order = number not in (previous + 1, len(part.items) + 1)
        if out_of_order:
            self.notice(
                "numbering",
                f"item {part.number}.{number} follows item {part.number}.{previous}",
                line,
            )
        section = self.cursor.section
        item = Item(
            ref=f"{part.number}.{number}",
            part=part.number,
            number=number,
            text="",
            section=section.number if section else None,
            section_title=section.title if section else "",
            theme=self.cursor.theme.title if self.cursor.theme else "",
            line=line.number,
            source_text=line.raw,
        )
        if out_of_order:
            item.flags.append("numbering")
        if item.ref in self.refs:
            self.notice("numbering", f"item {item.ref} appears twice", line)
            item.flags.append("duplicate-ref")
        self.refs.add(item.ref)
        self.plan.items.append(item)
        part.items.append(item.ref)
        if section is not None:
            section.items.append(item.ref)
        if self.cursor.theme is not None:
            self.cursor.theme.items.append(item.ref)
        self.fill_item(item, line, body_start)

    def continue_item(self, line: SourceLine) -> None:
        """A line that carries on the previous item's text (a wrapped line)."""
        line.kind = "continuation"
        item = self.cursor.open_item
        assert item is not None
        prefix = item.text
        item.source_text += "\n" + line.raw
        item.flags = [f for f in item.flags if f != "missing-clause"]
        self.notices = [
            n for n in self.notices if not (n.kind == "missing-clause" and n.line == item.line)
        ]
        self.fill_item(item, line, 0, prefix=prefix)

    def fill_item(self, item: Item, line: SourceLine, body_start: int, prefix: str = "") -> None:
        text = line.text.rstrip()
        found = _find_clause(text)
        start_col = line.raw_column(body_start) - 1
        if found is None:
            item.text = prefix + text[body_start:].strip()
            item.span = (start_col, line.raw_column(len(text)) - 1)
            item.flags.append("missing-clause")
            self.notice("missing-clause", f"item {item.ref} has no unit clause", line, len(text))
            self.cursor.open_item = item
            return
        start, end, closed = found
        item.text = prefix + text[body_start:start].strip()
        item.span = (start_col, line.raw_column(end - 1))
        inner = text[start + 1 : end - 1] if closed else text[start + 1 :]
        item.clause = inner
        self.cursor.open_item = None
        after = text[end:].strip()
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
                start + 1 + bracket_balance(inner),
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
        parsed = parse_clause(inner, self.registry)
        item.lead, item.responsible = parsed.lead, parsed.responsible
        item.mentions, item.subassignments = parsed.mentions, parsed.subassignments
        for group, note in parsed.group_notes:
            self.plan.group_definitions.append(GroupDefinition(group, note, line.number))
        for name, offset in parsed.unknown:
            item.flags.append("unknown-unit")
            self.notice(
                "unknown-unit",
                f"item {item.ref}: unit not in the registry: {name}",
                line,
                start + 1 + offset,
                name,
            )
        for problem in parsed.problems:
            item.flags.append("clause-problem")
            self.notice(
                "clause-problem",
                f"item {item.ref}: {problem.message}",
                line,
                start + 1 + problem.offset,
            )
        if not item.lead and not item.responsible and "clause-problem" not in item.flags:
            item.flags.append("clause-problem")
            self.notice(
                "clause-problem", f"item {item.ref}: the unit clause names no unit", line, start
            )


def parse_text(
    text: str,
    *,
    path: str = "<input>",
    errata: list[Errata] | None = None,
    registry: Registry | None = None,
    use_shipped_errata: bool = True,
) -> Plan:
    """Parse decoded plan text. See :func:`parse_plan` for files."""
    lines, notices = normalise(text)
    damage = [n for line in lines for n in find_damage(line)]
    sheets = list(errata or [])
    if use_shipped_errata:
        sheets = errata_for(lines) + sheets
    repairs = apply_errata(lines, sheets)
    remaining = {(n.line, n.column) for line in lines for n in find_damage(line)}
    parser = _Parser(path, registry or load_registry())
    parser.notices.extend(notices)
    parser.notices.extend(damage)
    parser.notices.extend(repairs)
    for line in lines:
        for spot in find_damage(line):
            parser.notices.append(
                Notice(
                    "encoding-damage-unrepaired", spot.message, spot.line, spot.column, spot.snippet
                )
            )
    for line in lines:
        parser.classify(line)
    plan = parser.plan
    plan.lines = lines
    parser.notices.extend(read_preamble(plan, [line for line in lines if line.kind == "preamble"]))
    for item in plan.items:
        if (item.line, 0) in remaining or any(line == item.line for line, _ in remaining):
            item.flags.append("encoding-damage")
    if not plan.items:
        first = next((line for line in lines if line.text.strip()), lines[0])
        raise InputError(
            "not a responsibility-decomposition plan: no numbered item with a unit clause (牵头单位/责任单位)",
            path=path,
            line=first.number,
            column=1,
        )
    plan.notices = sorted(parser.notices, key=lambda n: (n.line, n.column, n.kind))
    return plan


def parse_plan(
    source: str | Path | None = None,
    *,
    errata: list[str | Path] | None = None,
    registry: Registry | None = None,
) -> Plan:
    """Read and parse a plan file; ``None`` reads the bundled Wuhan 2023 plan.

    Errata shipped for the document are applied automatically; ``errata`` adds files.
    """
    path = Path(source) if source is not None else bundled_plan_path()
    # The bundled plan is named by its file name, so output never carries a path
    # of the machine it ran on.
    shown = str(path) if source is not None else f"<bundled>/{path.name}"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=shown, line=0, column=0) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a plan file", path=shown, line=0, column=0) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=shown, line=0, column=0) from None
    decoded = decode_bytes(data, shown)
    sheets = [load_errata(Path(e)) for e in errata or []]
    plan = parse_text(decoded.text, path=shown, errata=sheets, registry=registry)
    plan.sha256 = hashlib.sha256(data).hexdigest()
    plan.encoding = decoded.encoding
    return plan
