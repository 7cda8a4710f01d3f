"""Read a plan file into the typed model, whatever its format and layout.

A text file is decoded and read line by line; a web page, Word document,
spreadsheet or PDF is first read into a :class:`~graph.read.document.Document` of
paragraphs and rows (:mod:`graph.read.formats`). Either way every line and row
goes through one :class:`~graph.parse.builder.PlanBuilder`, which recognises the
layout (a clause at the end of the item, roles on lines below it, a table, a table
flattened into text). Every non-blank line is classified; nothing is dropped
silently. Damaged items are kept and flagged. Only input that cannot be a plan at
all raises :class:`InputError`.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from graph.data import bundled_plan_path
from graph.errors import InputError, OptionError
from graph.model import RESPONSIBLE_LEAD, Notice, Plan, SourceLine
from graph.model.units import Registry
from graph.parse.builder import LAYOUTS, PlanBuilder
from graph.parse.preamble import read_preamble
from graph.read.document import Document
from graph.read.encoding import byte_position, decode_bytes
from graph.read.errata import Errata, apply_errata, errata_for, load_errata
from graph.read.normalise import find_damage, normalise
from graph.read.registry import cities, generic_registry, shipped_registry
from graph.read.roles import Vocabulary, load_vocabulary

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
_ISSUER = re.compile(r"([\u4e00-\u9fff]{2,8}?)(?:省|市|自治区|自治州|州|盟)人民政府")


def registry_for(lines: list[SourceLine]) -> Registry:
    """The unit registry of the plan's jurisdiction, found from its notice.

    A plan issued by a city with a registry (Wuhan: ``武汉市人民政府``, ``武政办〔…〕``)
    gets that registry; any other plan gets the generic base (各部门, 有关部门 …),
    so its units are kept as written, flagged unregistered, and never merged with
    another city's units of the same name.
    """
    head = [line.text for line in lines[:60] if line.text.strip()][:30]
    joined = "\n".join(head)
    for city in cities().values():
        markers = [f"{city['name']}市人民政府", *city.get("doc_prefixes", [])]
        if city.get("registry") and any(marker in joined for marker in markers):
            return shipped_registry(city["registry"])
    return generic_registry()


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(ch, 0, start) for ch in "。;(") + 1
    rights = [i for i in (text.find(ch, end) for ch in "。;)") if i != -1]
    return text[left : min(rights) if rights else len(text)].strip(" ,")


def _lead_rule(texts: list[str], vocabulary: Vocabulary) -> tuple[str, str]:
    """The plan's rule for items without a lead, and the sentence it is stated in."""
    for text in texts:
        for rule in vocabulary.rules:
            match = rule.pattern.search(text)
            if match:
                return rule.kind, _sentence(text, match.start(), match.end())
    return "", ""


_DEADLINE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日|底|末)?")


def deadline_date(text: str, year: int | None) -> date | None:
    """The last date a deadline allows: ``2023年6月底前`` -> 2023-06-30,
    ``年底前`` (with the plan's year) -> 12-31; None when it names no date."""
    import calendar

    dates = []
    for match in _DEADLINE.finditer(text):
        y, m = int(match.group(1)), int(match.group(2))
        if not 1 <= m <= 12:
            continue
        day = int(match.group(3)) if match.group(3) else calendar.monthrange(y, m)[1]
        try:
            dates.append(date(y, m, day))
        except ValueError:
            continue
    for match in re.finditer(r"(\d{4})\s*年\s*(?:底|末)", text):
        dates.append(date(int(match.group(1)), 12, 31))
    if not dates and year and re.search(r"年底|年末|年内|全年", text):
        dates.append(date(year, 12, 31))
    return max(dates) if dates else None


def _finish(
    builder: PlanBuilder, lines: list[SourceLine], path: str, vocabulary: Vocabulary
) -> Plan:
    builder.finish()
    plan = builder.plan
    plan.registry = builder.registry
    plan.lines = lines
    preamble = [line for line in lines if line.kind == "preamble"]
    builder.notices.extend(read_preamble(plan, preamble))
    if not plan.title:  # nothing in the text names the document: its file does
        plan.title = Path(path).stem
    kind, sentence = _lead_rule([line.text for line in preamble] + builder.rules, vocabulary)
    plan.lead_rule, plan.lead_rule_text = kind, sentence
    plan.no_lead_rule = kind == RESPONSIBLE_LEAD
    for item in plan.items:
        item.lead_rule = kind
        for sub in item.subassignments:
            sub.lead_rule = kind
        if item.deadline:
            item.deadline_date = deadline_date(item.deadline, plan.year)
    if not plan.items:
        first = next((line for line in lines if line.text.strip()), lines[0] if lines else None)
        raise InputError(
            "not a responsibility-decomposition plan: no numbered item with a unit clause (牵头单位/责任单位)",
            path=path,
            line=first.number if first else 1,
            column=1,
        )
    plan.notices = sorted(builder.notices, key=lambda n: (n.line, n.column, n.kind))
    return plan


def _check_layout(layout: str | None) -> str | None:
    if layout is not None and layout not in LAYOUTS:
        raise OptionError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    return layout


def _prepared(
    text: str,
    path: str,
    errata: list[Errata] | None,
    registry: Registry | None,
    use_shipped_errata: bool,
    layout: str | None,
    vocabulary: Vocabulary,
) -> tuple[list[SourceLine], PlanBuilder, set[int]]:
    """Lines normalised and repaired, and a builder for them that holds what was
    noticed on the way; with the lines whose damage no erratum repairs."""
    lines, notices = normalise(text)
    damage = [n for line in lines for n in find_damage(line)]
    sheets = list(errata or [])
    if use_shipped_errata:
        sheets = errata_for(lines) + sheets
    repairs = apply_errata(lines, sheets)
    # Only a damaged line or one an erratum rewrote can hold damage now.
    touched = {n.line for n in damage} | {n.line for n in repairs}
    unrepaired = [n for line in lines if line.number in touched for n in find_damage(line)]
    builder = PlanBuilder(path, registry or registry_for(lines), vocabulary, _check_layout(layout))
    builder.notices.extend(notices)
    builder.notices.extend(damage)
    builder.notices.extend(repairs)
    for spot in unrepaired:
        builder.notices.append(
            Notice("encoding-damage-unrepaired", spot.message, spot.line, spot.column, spot.snippet)
        )
    builder.ahead = [line.text for line in lines]
    return lines, builder, {n.line for n in unrepaired}


def _flag_damage(plan: Plan, remaining: set[int]) -> Plan:
    for item in plan.items:
        if item.line in remaining:
            item.flags.append("encoding-damage")
    return plan


def parse_text(
    text: str,
    *,
    path: str = "<input>",
    errata: list[Errata] | None = None,
    registry: Registry | None = None,
    use_shipped_errata: bool = True,
    layout: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> Plan:
    """Parse decoded plan text. See :func:`parse_plan` for files."""
    vocabulary = vocabulary or load_vocabulary()
    lines, builder, remaining = _prepared(
        text, path, errata, registry, use_shipped_errata, layout, vocabulary
    )
    for position, line in enumerate(lines):
        builder.position = position
        builder.feed_line(line)
    return _flag_damage(_finish(builder, lines, path, vocabulary), remaining)


def parse_document(
    document: Document,
    *,
    errata: list[Errata] | None = None,
    registry: Registry | None = None,
    use_shipped_errata: bool = True,
    layout: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> Plan:
    """Parse a document read from any format: its paragraphs as lines, its rows as rows.

    Each block becomes one line, numbered in reading order; items read from a
    table carry where they were read (``where``: page, sheet, table, row).
    """
    vocabulary = vocabulary or load_vocabulary()
    blocks = document.blocks
    if not blocks:
        raise InputError("no text in the document", path=document.path, line=1, column=1)
    # Cells are kept apart by tabs through normalising (which works on lines); a
    # line break inside a cell is the cell's text wrapping, not a new paragraph.
    flat = [
        "\t".join(_one_line(c) for c in b.cells) if b.is_row else _one_line(b.text) for b in blocks
    ]
    lines, builder, remaining = _prepared(
        "\n".join(flat), document.path, errata, registry, use_shipped_errata, layout, vocabulary
    )
    for position, (block, line) in enumerate(zip(blocks, lines, strict=True)):
        builder.position = position
        count = len(builder.plan.items)
        if block.is_row:
            cells = line.text.split("\t")
            cells += [""] * (len(block.cells) - len(cells))
            builder.feed_row(line, cells)
        else:
            builder.feed_line(line)
        if block.is_row or document.format not in ("text", "html"):
            for item in builder.plan.items[count:]:
                item.where = str(block.where)
    plan = _flag_damage(_finish(builder, lines, document.path, vocabulary), remaining)
    plan.format = document.format
    plan.encoding = document.encoding
    plan.sha256 = document.sha256
    return plan


def _one_line(text: str) -> str:
    """A cell's or paragraph's text on one line: Chinese text wraps without a space."""
    if "\n" not in text and "\t" not in text:
        return text
    parts = [p.strip() for p in re.split(r"[\n\t]+", text) if p.strip()]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        joiner = " " if out[-1:].isascii() and part[:1].isascii() and out[-1:].isalnum() else ""
        out += joiner + part
    return out


def parse_plan(
    source: str | Path | None = None,
    *,
    errata: list[str | Path] | None = None,
    registry: Registry | None = None,
    layout: str | None = None,
    format: str | None = None,
) -> Plan:
    """Read and parse a plan file; ``None`` reads the bundled Wuhan 2023 plan.

    The format (text, HTML, Word, Excel, CSV, PDF) is detected from the content
    unless ``format`` is given; the layout is detected per plan unless ``layout``
    (one of :data:`~graph.parse.builder.LAYOUTS`) is given. Errata shipped for the
    document are applied automatically; ``errata`` adds files.
    """
    from graph.read.formats import detect_format, read_document

    path = Path(source) if source is not None else bundled_plan_path()
    # The bundled plan is named by its file name, so output never carries a path
    # of the machine it ran on.
    shown = str(path) if source is not None else f"<bundled>/{path.name}"
    sheets = [load_errata(Path(e)) for e in errata or []]
    data = _read(path, shown)
    try:
        chosen = format or detect_format(data, shown)
    except InputError as exc:
        nul = data.find(b"\x00")
        if nul == -1 or exc.line:
            raise
        # Point at the first NUL byte, as for any binary file read as text.
        line, column = byte_position(data, nul)
        raise InputError(
            f"binary file (NUL byte): {exc.reason}", path=shown, line=line, column=column
        ) from None
    if chosen != "text":
        document = read_document(shown, data=data, format=chosen)
        return parse_document(document, errata=sheets, registry=registry, layout=layout)
    decoded = decode_bytes(data, shown)
    plan = parse_text(decoded.text, path=shown, errata=sheets, registry=registry, layout=layout)
    plan.sha256 = hashlib.sha256(data).hexdigest()
    plan.encoding = decoded.encoding
    return plan


def _read(path: Path, shown: str) -> bytes:
    """The file's bytes: a regular file within the size limit (see ``read_input``)."""
    from graph.read.formats import read_input

    return read_input(path, shown)
