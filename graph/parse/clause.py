"""Parse a unit clause: ``牵头单位:市发改委;责任单位:市经信局、市商务局,各区人民政府``.

Grammar, as the plans write it (the words are data: :mod:`graph.read.roles`):

* segments split by ``;`` or ``。`` (and by ``,`` before a label): ``LABEL:LIST`` with
  any label of the vocabulary (牵头单位, 牵头部门, 协同责任单位, 责任领导, 完成时限 …),
  a sub-assignment ``[其中,]TEXT〈牵头单位:LIST〉`` naming units for part of the item,
  or the suffix form ``LIST牵头,LIST配合,LIST按职责分工负责`` where a role word ends
  each list (a list without one joins the next: ``甲、乙,丙负责``);
* a list of posts (分管副省长、协管副秘书长负责) names people, not units; a sentence
  stating the plan's lead rule (列第一位的为牵头部门,下同) or a note (不逐一列出) is
  kept as such, never read as units;
* a LIST splits by ``,`` between kinds of unit and by ``、`` within one kind; in a
  ``、`` run the last name's suffix is shared (``武昌、洪山、江夏区人民政府``);
* a name may carry a bracket: a host (``…办公室〈市商务局〉``), an alias
  (``市委宣传部〈市文明办〉``) or a group defined in place (``〈含…,下同〉``).

Brackets (``()``, ``〈〉``) nest; separators inside them do not split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from graph.model import (
    COOPERATING,
    DATA_PROVIDER,
    DEADLINE,
    HIGHER_LEAD,
    LEAD,
    PERSON,
    RESPONSIBLE,
    SubAssignment,
    UnitMention,
)
from graph.model.units import Registry
from graph.read.roles import CLAUSE, Vocabulary, load_vocabulary

ROLE_WORDS = {"牵头单位": LEAD, "责任单位": RESPONSIBLE}
_SUB_BRACKET = re.compile(r"〈(牵头单位|责任单位)\s*:\s*([^〈〉]*)〉")
OPEN_BRACKETS = "(〈《[【〔"
CLOSE_BRACKETS = ")〉》]】〕"
_ANY_OPEN = re.compile(f"[{re.escape(OPEN_BRACKETS)}]")
ANY_BRACKET = re.compile(f"[{re.escape(OPEN_BRACKETS + CLOSE_BRACKETS)}]")
_NAME_AND_NOTE = re.compile(r"^(.*?)〈(.*)〉$", re.S)
# A sentence of the clause that is a note about the assignment, not units.
_NOTE = re.compile(
    r"下同|不逐一列出|不再(?:做|作)?分工|不再(?:一一|单独|逐一|另行)?列出|不一一列出|以下同"
    r"|^(?:以下|上述|下列|本项|各项)[^,;。]{0,40}(?:均需|均由|均要|都需|均应)"
)
# A phrase of time in a clause: (国务院各部门分别负责,年内持续推进).
_TIME = re.compile(
    r"^(?:\d{4}年|年内|年底|年中|上半年|下半年|全年|长期|持续|每年|每季度|每月|\d{1,2}月|"
    r"[一二三四]季度|第[一二三四]季度|到\d{4}|\d{4}-\d{4}).{0,20}$"
)
_TIME_HINT = re.compile(
    r"\d{4}年|年内|年底|年中|半年|全年|长期|持续|每年|季度|每月|\d{1,2}月|到\d{4}|\d{4}-\d{4}"
)
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
    "厅",
    "署",
    "处",
    "所",
    "站",
    "馆",
    "联",
    "团",
    "部门",
    "单位",
    "关",
)
# ``银保监会等国务院相关部门``: 等 before a second, wider group separates two units.
_DENG_GROUP = re.compile(r"等(?=(?:有关|相关|各|国务院|其他|其它)[^、,;]+)")
_SHARED_SUFFIXES = ("区人民政府", "县人民政府", "人民政府", "管理委员会", "管委会")


@dataclass
class ClauseProblem:
    offset: int
    message: str


@dataclass
class ParsedClause:
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    data_providers: list[str] = field(default_factory=list)
    higher_leads: list[str] = field(default_factory=list)
    deadline: str = ""
    rules: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    mentions: list[UnitMention] = field(default_factory=list)
    subassignments: list[SubAssignment] = field(default_factory=list)
    group_notes: list[tuple[str, str]] = field(default_factory=list)
    unknown: list[tuple[str, int]] = field(default_factory=list)
    problems: list[ClauseProblem] = field(default_factory=list)


@lru_cache(maxsize=16)
def _marks(separators: str) -> re.Pattern[str]:
    """Brackets and ``separators``: the only characters a split needs to look at."""
    return re.compile(f"[{re.escape(OPEN_BRACKETS + CLOSE_BRACKETS + separators)}]")


def split_top(text: str, separators: str) -> list[tuple[str, int]]:
    """Split at separators that are outside any bracket; keep each piece's offset."""
    if not any(sep in text for sep in separators):  # the common case: nothing to split
        return [(text, 0)]
    pieces: list[tuple[str, int]] = []
    depth = 0
    start = 0
    for match in _marks(separators).finditer(text):
        ch = match.group()
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        elif depth == 0:
            i = match.start()
            pieces.append((text[start:i], start))
            start = i + 1
    pieces.append((text[start:], start))
    return pieces


@lru_cache(maxsize=4)
def _patterns(vocabulary: Vocabulary) -> tuple[re.Pattern[str], re.Pattern[str]]:
    labels = vocabulary.label_pattern()
    ahead = re.compile(rf"\s*(?:{labels})\s*:")
    prefix = re.compile(rf"^({labels})\s*:\s*(.*)$", re.S)
    return ahead, prefix


def split_segments(text: str, vocabulary: Vocabulary | None = None) -> list[tuple[str, int]]:
    """Split a clause at ``;`` and ``。`` like :func:`split_top`, and also at any ``;``,
    ``。`` or ``,`` that a label follows, even inside a bracket.

    A role segment never sits inside a bracket, so ``;责任单位:`` always starts one;
    when a ``〈`` was left open (``…办公室〈市商务局;责任单位:…``) this keeps the
    responsible units instead of reading them as part of a note. Some plans separate
    the roles with a comma (``〔牵头单位:区政府办公室,责任单位:…〕``).
    """
    ahead, _ = _patterns(vocabulary or load_vocabulary())
    pieces: list[tuple[str, int]] = []
    depth = 0
    start = 0
    for match in _marks(";。,").finditer(text):
        ch = match.group()
        i = match.start()
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        elif ahead.match(text, i + 1):
            pieces.append((text[start:i], start))
            start = i + 1
            depth = 0
        elif ch in ";。" and depth == 0:
            pieces.append((text[start:i], start))
            start = i + 1
    pieces.append((text[start:], start))
    return pieces


def bracket_balance(text: str) -> int | None:
    """Offset of the first bracket that does not close or open properly, else None."""
    if not ANY_BRACKET.search(text):
        return None
    stack: list[tuple[str, int]] = []
    pairs = dict(zip(CLOSE_BRACKETS, OPEN_BRACKETS, strict=True))
    for match in ANY_BRACKET.finditer(text):
        ch, i = match.group(), match.start()
        if ch in OPEN_BRACKETS:
            stack.append((ch, i))
        else:
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
    if "〈" not in piece:  # nearly every name
        return piece, ""
    match = _NAME_AND_NOTE.match(piece)
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
    if bare.endswith(_COMPLETE) or len(bare) > 4:
        # A name of its own (滁州海关), not a place name sharing the run's suffix.
        return bare
    for suffix in _SHARED_SUFFIXES:
        if last.endswith(suffix):
            if bare.endswith("区") and suffix.startswith("区"):
                return bare + suffix[1:]
            if bare.endswith("区") and suffix in ("人民政府",):
                return bare + suffix
            return bare + suffix
    return bare


def parse_unit_list(
    text: str,
    offset: int,
    registry: Registry,
    result: ParsedClause,
    vocabulary: Vocabulary | None = None,
) -> list[str]:
    vocabulary = vocabulary or load_vocabulary()
    names: list[str] = []
    for chunk, chunk_offset in split_top(_DENG_GROUP.sub(",", _split_ji(text, registry)), ","):
        run = [(piece, chunk_offset + off) for piece, off in split_top(chunk, "、")]
        parsed = [
            ((vocabulary.strip_trailing(name), note), off)
            for (name, note), off in (
                (_split_name(piece), off) for piece, off in run if piece.strip()
            )
        ]
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


def _lift_bracketed_notes(text: str, vocabulary: Vocabulary, result: ParsedClause) -> str:
    """``工商联(列第一位者为牵头或汇总单位,下同)``: a round bracket stating a rule or a
    note is taken out of the list (kept as a rule or note), so it never ends a name.
    Each is replaced by spaces of its length, so offsets into the clause still hold."""
    if "(" not in text:
        return text
    out = text
    i = 0
    while (i := out.find("(", i)) != -1:
        end = out.find(")", i)
        if end == -1:
            break
        inner = out[i + 1 : end]
        if "(" not in inner:
            if any(rule.pattern.search(inner) for rule in vocabulary.rules):
                result.rules.append(inner)
            elif _NOTE.search(inner):
                result.notes.append(inner)
            else:
                i = end
                continue
            out = out[:i] + " " * (end + 1 - i) + out[end + 1 :]
        i += 1
    return out


def _outside(text: str) -> str:
    """``text`` without what its brackets enclose: ``甲〈含乙,下同〉`` -> ``甲``."""
    if not _ANY_OPEN.search(text):
        return text
    out = []
    depth = 0
    for ch in text:
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _split_ji(text: str, registry: Registry) -> str:
    """``省发展改革委及各市人民政府`` -> two units; ``市停车场及新能源…领导小组`` stays one.

    及 joins two units only where the name before it is complete on its own.
    """
    if "及" not in text:
        return text
    out: list[str] = []
    for piece in text.split("及"):
        if out and (out[-1] in registry or out[-1].endswith(_COMPLETE)) and piece[:1] not in "其":
            out.append(",")
        elif out:
            out.append("及")
        out.append(piece)
    return "".join(out)


def _names(text: str, vocabulary: Vocabulary) -> list[str]:
    """Names in a list of people, providers or higher bodies, as written."""
    out = []
    for chunk, _ in split_top(text.replace("及", ","), ",、;"):
        name = vocabulary.strip_trailing(chunk.strip().strip("。.;,"))
        if name and name not in out:
            out.append(name)
    return out


def _take(
    role: str,
    text: str,
    offset: int,
    registry: Registry,
    result: ParsedClause,
    vocabulary: Vocabulary,
) -> bool:
    """Read ``text`` as the value of ``role``; False when it holds nothing."""
    text = text.strip().rstrip("。.")
    if role == PERSON:
        _add(result.people, _names(text, vocabulary))
    elif role == DATA_PROVIDER:
        _add(result.data_providers, _names(text, vocabulary))
    elif role == HIGHER_LEAD:
        _add(result.higher_leads, _names(text, vocabulary))
    elif role == DEADLINE:
        result.deadline = "; ".join(x for x in (result.deadline, text) if x)
    else:
        names = parse_unit_list(text, offset, registry, result, vocabulary)
        target = {LEAD: result.lead, RESPONSIBLE: result.responsible}.get(role, result.cooperating)
        _add(target, names)
        return bool(names)
    return bool(text)


def _suffix_form(
    text: str,
    offset: int,
    registry: Registry,
    result: ParsedClause,
    vocabulary: Vocabulary,
    default: str | None = None,
) -> bool:
    """Read ``LIST牵头,LIST配合,LIST负责``; True when every piece was understood.

    A list without a role word joins the next list that has one (a comma separates
    kinds of unit within one list); with ``default`` (the value of a label) a list
    without a role word takes the label's role.
    """
    if (
        default is not None
        and not vocabulary.mentions_role_word(text)
        and not _NOTE.search(text)
        and not any(rule.pattern.search(text) for rule in vocabulary.rules)
        and not _TIME_HINT.search(text)
    ):  # the common case, a plain list after a label: nothing to split out
        return _take(default, text, offset, registry, result, vocabulary)
    pieces = split_top(text, ",")
    if default is not None and not any(
        vocabulary.suffix_role(p.strip().rstrip("。.;"))
        or _NOTE.search(_outside(p))
        or any(rule.pattern.search(_outside(p)) for rule in vocabulary.rules)
        for p, _ in pieces
    ):  # a plain list after a label: read it whole, as the plans mostly write it
        times = [p.strip() for p, _ in pieces if _TIME.match(p.strip())]
        if times and len(times) < len(pieces):  # (…各县市人民政府,6月底完成)
            result.deadline = "; ".join(x for x in (result.deadline, *times) if x)
            kept = [p for p, _ in pieces if p.strip() not in times]
            return _take(default, ",".join(kept), offset, registry, result, vocabulary)
        return _take(default, text, offset, registry, result, vocabulary)
    understood = True
    pending: list[tuple[str, int]] = []
    for piece, piece_offset in pieces:
        stripped = piece.strip().rstrip("。.;")
        if not stripped:
            continue
        lead_in = len(piece) - len(piece.lstrip())
        at = offset + piece_offset + lead_in
        bare = _outside(stripped)
        if any(rule.pattern.search(bare) for rule in vocabulary.rules):
            result.rules.append(stripped)
            pending = []
            continue
        if _NOTE.search(bare):
            result.notes.append(stripped)
            pending = []
            continue
        found = vocabulary.suffix_role(stripped)
        if found is None and default is None:
            if _TIME.match(stripped):
                result.deadline = "; ".join(x for x in (result.deadline, stripped) if x)
                continue
            pending.append((stripped, at))
            continue
        role, names_text = found if found is not None else (default or RESPONSIBLE, stripped)
        listed = [p for p, _ in pending] + [names_text]
        joined = ",".join(listed)
        start = pending[0][1] if pending else at
        pending = []
        people = [n for n in _names(joined, vocabulary)]
        if people and all(vocabulary.is_person(n) for n in people):
            _add(result.people, people)
            continue
        if not _take(role, joined, start, registry, result, vocabulary):
            understood = False
    if pending:
        if default is not None:
            _take(
                default,
                ",".join(p for p, _ in pending),
                pending[0][1],
                registry,
                result,
                vocabulary,
            )
        else:
            result.notes.extend(p for p, _ in pending)
            understood = False
    return understood


def parse_clause(
    text: str, registry: Registry, vocabulary: Vocabulary | None = None
) -> ParsedClause:
    """Parse the inside of a unit clause (without its outer brackets)."""
    vocabulary = vocabulary or load_vocabulary()
    _, prefix = _patterns(vocabulary)
    result = ParsedClause()
    text = _lift_bracketed_notes(text, vocabulary, result)
    for segment, seg_offset in split_segments(text, vocabulary):
        stripped = segment.strip()
        if not stripped:
            continue
        lead_in = len(segment) - len(segment.lstrip())
        match = prefix.match(stripped)
        if match:
            role = vocabulary.label_role(match.group(1)) or RESPONSIBLE
            list_offset = seg_offset + lead_in + match.start(2)
            value = match.group(2)
            if role == CLAUSE:
                if not _suffix_form(value, list_offset, registry, result, vocabulary):
                    result.problems.append(
                        ClauseProblem(list_offset, f"clause segment not understood: {value[:20]}")
                    )
                continue
            if role in (LEAD, RESPONSIBLE, COOPERATING):
                before = len(result.mentions)
                _suffix_form(value, list_offset, registry, result, vocabulary, default=role)
                if len(result.mentions) == before and not result.people:
                    result.problems.append(
                        ClauseProblem(list_offset, f"no units after {match.group(1)}")
                    )
                continue
            if not _take(role, value, list_offset, registry, result, vocabulary):
                result.problems.append(
                    ClauseProblem(list_offset, f"nothing after {match.group(1)}")
                )
            continue
        bare = _outside(stripped)
        if any(rule.pattern.search(bare) for rule in vocabulary.rules):
            result.rules.append(stripped)  # 列第一位的为牵头部门,其他部门…负责,下同
            continue
        if _NOTE.search(bare) and not prefix.match(stripped):
            result.notes.append(stripped)  # 明确牵头部门的,其他有关部门配合,不逐一列出
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
        if not _suffix_form(stripped, seg_offset + lead_in, registry, result, vocabulary):
            result.problems.append(
                ClauseProblem(
                    seg_offset + lead_in, f"clause segment not understood: {stripped[:20]}"
                )
            )
    return result


@lru_cache(maxsize=4)
def _label_colon(vocabulary: Vocabulary) -> re.Pattern[str]:
    """A label and its colon, at the start or after a separator (compiled once per
    vocabulary: built afresh on every call, it cost about 8% of a parse)."""
    return re.compile(rf"(?:^|[;,。])\s*(?:{vocabulary.label_pattern()})\s*:")


def looks_like_clause(text: str, vocabulary: Vocabulary | None = None) -> bool:
    """Whether the inside of a bracket names roles: a label and a colon, or a list of
    names ending in a role word (``市发改委牵头``), so that ordinary parentheses in an
    item's text (``(预包装食品)``) are never read as units."""
    vocabulary = vocabulary or load_vocabulary()
    ahead, _ = _patterns(vocabulary)
    if _SUB_BRACKET.search(text) or ahead.match(text) or _label_colon(vocabulary).search(text):
        return True
    for segment, _ in split_top(text, ";。,"):
        piece = segment.strip().rstrip("。.;")
        found = vocabulary.suffix_role(piece)
        if found and found[1].strip() and not _NOTE.search(_outside(piece)):
            names = _names(found[1], vocabulary)
            if names and all(len(n) <= 30 for n in names):
                return True
    return False
