"""Parse a unit clause: ``牵头单位:市发改委;责任单位:市经信局、市商务局,各区人民政府``.

Grammar, as the plans write it:

* segments split by ``;``: ``牵头单位:LIST``, ``责任单位:LIST``, or a sub-assignment
  ``[其中,]TEXT〈牵头单位:LIST〉`` naming units for part of the item;
* a LIST splits by ``,`` between kinds of unit and by ``、`` within one kind; in a
  ``、`` run the last name's suffix is shared (``武昌、洪山、江夏区人民政府``);
* a name may carry a bracket: a host (``…办公室〈市商务局〉``), an alias
  (``市委宣传部〈市文明办〉``) or a group defined in place (``〈含…,下同〉``).

Brackets (``()``, ``〈〉``) nest; separators inside them do not split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.model import LEAD, RESPONSIBLE, SubAssignment, UnitMention
from graph.model.units import Registry

ROLE_WORDS = {"牵头单位": LEAD, "责任单位": RESPONSIBLE}
_ROLE_PREFIX = re.compile(r"^(牵头单位|责任单位)\s*:\s*(.*)$", re.S)
_SUB_BRACKET = re.compile(r"〈(牵头单位|责任单位)\s*:\s*([^〈〉]*)〉")
OPEN_BRACKETS = "(〈《"
CLOSE_BRACKETS = ")〉》"
# Endings that mark a complete unit name; a name without one in a 、-run takes the
# suffix of the run's last name.
_COMPLETE = (
    "局",
    "委",
    "办",
    "部",
    "集团",
    "公司",
    "政府",
    "会",
    "社",
    "队",
    "台",
    "组",
    "室",
    "院",
    "行",
    "中心",
)
_SHARED_SUFFIXES = ("区人民政府", "县人民政府", "人民政府", "管理委员会", "管委会")


@dataclass
class ClauseProblem:
    offset: int
    message: str


@dataclass
class ParsedClause:
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    mentions: list[UnitMention] = field(default_factory=list)
    subassignments: list[SubAssignment] = field(default_factory=list)
    group_notes: list[tuple[str, str]] = field(default_factory=list)
    unknown: list[tuple[str, int]] = field(default_factory=list)
    problems: list[ClauseProblem] = field(default_factory=list)


def split_top(text: str, separators: str) -> list[tuple[str, int]]:
    """Split at separators that are outside any bracket; keep each piece's offset."""
    pieces: list[tuple[str, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            pieces.append((text[start:i], start))
            start = i + 1
    pieces.append((text[start:], start))
    return pieces


_ROLE_AHEAD = re.compile(r"\s*(?:牵头单位|责任单位)\s*:")


def split_segments(text: str) -> list[tuple[str, int]]:
    """Split a clause at ``;`` like :func:`split_top`, and also at any ``;`` that a
    role word follows, even inside a bracket.

    A role segment never sits inside a bracket, so ``;责任单位:`` always starts one;
    when a ``〈`` was left open (``…办公室〈市商务局;责任单位:…``) this keeps the
    responsible units instead of reading them as part of a note.
    """
    pieces: list[tuple[str, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        elif ch == ";" and (depth == 0 or _ROLE_AHEAD.match(text, i + 1)):
            pieces.append((text[start:i], start))
            start = i + 1
            depth = 0
    pieces.append((text[start:], start))
    return pieces


def bracket_balance(text: str) -> int | None:
    """Offset of the first bracket that does not close or open properly, else None."""
    stack: list[tuple[str, int]] = []
    pairs = dict(zip(CLOSE_BRACKETS, OPEN_BRACKETS, strict=True))
    for i, ch in enumerate(text):
        if ch in OPEN_BRACKETS:
            stack.append((ch, i))
        elif ch in CLOSE_BRACKETS:
            if not stack or stack[-1][0] != pairs[ch]:
                return i
            stack.pop()
    return stack[0][1] if stack else None


def _split_name(piece: str) -> tuple[str, str]:
    """``市委宣传部〈市文明办〉`` -> (``市委宣传部``, ``市文明办``).

    A bracket cut off by a truncated line (``各区人民政府〈含开发区``) still ends the
    name: the unit before it is certain, the half note is not, so it is left out
    (the clause is flagged as truncated or unbalanced by the caller).
    """
    piece = piece.strip()
    match = re.match(r"^(.*?)〈(.*)〉$", piece, re.S)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    head, bracket, _ = piece.partition("〈")
    if bracket and "〉" not in piece and head.strip():
        return head.strip(), ""
    return piece, ""


def _distribute(bare: str, last: str, registry: Registry) -> str:
    """Complete ``bare`` with the suffix of ``last`` (``江汉`` + ``区人民政府``)."""
    for k in range(1, len(last)):
        candidate = bare + last[k:]
        if candidate in registry:
            return candidate
    if bare.endswith(_COMPLETE):
        return bare
    for suffix in _SHARED_SUFFIXES:
        if last.endswith(suffix):
            if bare.endswith("区") and suffix.startswith("区"):
                return bare + suffix[1:]
            if bare.endswith("区") and suffix in ("人民政府",):
                return bare + suffix
            return bare + suffix
    return bare


def parse_unit_list(text: str, offset: int, registry: Registry, result: ParsedClause) -> list[str]:
    names: list[str] = []
    for chunk, chunk_offset in split_top(text, ","):
        run = [(piece, chunk_offset + off) for piece, off in split_top(chunk, "、")]
        parsed = [(_split_name(piece), off) for piece, off in run if piece.strip()]
        if not parsed:
            if chunk.strip() == "" and text.strip():
                result.problems.append(ClauseProblem(offset + chunk_offset, "empty unit name"))
            continue
        last_name = parsed[-1][0][0]
        for (name, note), off in parsed:
            written = name
            if name not in registry and name != last_name:
                name = _distribute(name, last_name, registry)
            unit = registry.resolve(name)
            if note.startswith("含"):
                result.group_notes.append((unit.name if unit else name, note))
                note_kind = note
            else:
                note_kind = note
                if note and unit is not None:
                    host_or_alias = registry.resolve(note)
                    if (
                        note not in unit.aliases
                        and unit.hosted_by != note
                        and host_or_alias is None
                    ):
                        result.unknown.append((note, offset + off))
            canonical = unit.name if unit else name
            if unit is None:
                result.unknown.append((name, offset + off))
            if not canonical:
                result.problems.append(ClauseProblem(offset + off, "empty unit name"))
                continue
            result.mentions.append(UnitMention(canonical, written, note_kind))
            names.append(canonical)
    return names


def _add(target: list[str], names: list[str]) -> None:
    for name in names:
        if name not in target:
            target.append(name)


def parse_clause(text: str, registry: Registry) -> ParsedClause:
    """Parse the inside of a unit clause (without its outer parentheses)."""
    result = ParsedClause()
    for segment, seg_offset in split_segments(text):
        stripped = segment.strip()
        if not stripped:
            continue
        lead_in = len(segment) - len(segment.lstrip())
        match = _ROLE_PREFIX.match(stripped)
        if match:
            role = ROLE_WORDS[match.group(1)]
            list_offset = seg_offset + lead_in + match.start(2)
            names = parse_unit_list(match.group(2), list_offset, registry, result)
            if not names:
                result.problems.append(
                    ClauseProblem(list_offset, f"no units after {match.group(1)}")
                )
            _add(result.lead if role == LEAD else result.responsible, names)
            continue
        brackets = list(_SUB_BRACKET.finditer(stripped))
        if brackets:
            sub_text = _SUB_BRACKET.sub("", stripped)
            sub_text = re.sub(r"^其中\s*[,:]\s*", "", sub_text).strip()
            sub = SubAssignment(text=sub_text)
            for bracket in brackets:
                role = ROLE_WORDS[bracket.group(1)]
                names = parse_unit_list(
                    bracket.group(2), seg_offset + lead_in + bracket.start(2), registry, result
                )
                _add(sub.lead if role == LEAD else sub.responsible, names)
            result.subassignments.append(sub)
            _add(result.lead, sub.lead)
            _add(result.responsible, sub.responsible)
            continue
        result.problems.append(
            ClauseProblem(seg_offset + lead_in, f"clause segment not understood: {stripped[:20]}")
        )
    return result
