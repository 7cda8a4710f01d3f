"""Turn decoded text into clean Simplified-Chinese lines, keeping the raw ones.

Steps, in order: line endings and Unicode form; invisible format characters
removed (a zero-width space, word joiner or BOM pasted before an item number would
otherwise hide the number from the parser); full-width ASCII to ASCII; pinyin
readings removed; Traditional to Simplified (OpenCC t2s plus the override table);
stray ``?`` page noise after a line removed. Encoding damage (a ``?`` inside a line,
usually followed by pinyin debris) is detected and reported; errata repair it later.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache

from graph.data import DATA_DIR
from graph.model import Notice, SourceLine
from graph.read.pinyin import strip_readings

# Full-width ASCII forms (！..～) and the ideographic space map to ASCII, so that a
# Simplified rendering with （牵头单位：…；…） reads like the web copy.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
# Variant brackets normalised to the ones the plan uses.
_FULLWIDTH.update({0x2329: 0x3008, 0x232A: 0x3009, 0xFE64: 0x3008, 0xFE65: 0x3009})
# The same map as a pattern and a lookup: ``str.translate`` looks up every character
# of a line, and a plan's lines are nearly all CJK characters that it leaves alone;
# substituting the few matches is some fifteen times faster.
_WIDE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_FULLWIDTH)) + "]")
_NARROW = {chr(cp): chr(to) for cp, to in _FULLWIDTH.items()}


def _narrowed(match: re.Match[str]) -> str:
    return _NARROW[match.group()]


# Format characters (Unicode category Cf) that are invisible and never part of a
# plan's words: soft hyphen, zero-width space and joiners, direction marks,
# embeddings, overrides and isolates, word joiner and invisible operators, the BOM
# (zero-width no-break space), interlinear annotation marks, musical format marks and
# tag characters. Removed with their positions kept, so columns still point into
# the raw line.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_CJK = re.compile("[\u3400-\u9fff]+")
_TRAILING_NOISE = re.compile(r"(?<=\S)[?\uff1f]+\s*$")
_DAMAGE = re.compile(r"\?+[^\s,。;:)〉]{0,12}")
_LATIN_DEBRIS = re.compile(r"[a-z\u00e0-\u01dc]*[\u00e0-\u01dc][a-z\u00e0-\u01dc]*")
_TONED = re.compile(r"[\u00e0-\u01dc]")


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _overrides() -> list[tuple[str, str, str]]:
    with open(DATA_DIR / "opencc_overrides.toml", "rb") as fh:
        rules = tomllib.load(fh).get("rule", [])
    return [(r["from"], r["to"], r.get("not_after", "")) for r in rules]


def apply_overrides(text: str) -> str:
    for old, new, not_after in _overrides():
        if old not in text:
            continue
        if not not_after:
            text = text.replace(old, new)
            continue
        pattern = re.compile(rf"(?<![{re.escape(not_after)}]){re.escape(old)}")
        text = pattern.sub(new, text)
    return text


def is_traditional(text: str, threshold: float = 0.01) -> bool:
    """Whether ``text`` is written in Traditional characters.

    OpenCC's phrase table also rewrites some valid Simplified text (一坏 -> 一坯), so
    a Simplified plan must not go through t2s. Each distinct CJK character is
    converted on its own line (no phrases); if more than ``threshold`` of the
    characters in the text change, the text is Traditional.
    """
    distinct = sorted(ch for ch in set(text) if "\u3400" <= ch <= "\u9fff")
    if not distinct:
        return False
    converted = _converter().convert("\n".join(distinct)).split("\n")
    changing = [a for a, b in zip(distinct, converted, strict=False) if a != b]
    if not changing:
        return False
    # Counting only the characters that change, and stopping once they pass the
    # threshold, is several times faster than counting every character of the text.
    limit = threshold * (len(text) - len(_CJK.sub("", text)))
    changed = 0
    for ch in changing:
        changed += text.count(ch)
        if changed > limit:
            return True
    return False


def to_simplified(text: str) -> str:
    """OpenCC t2s (only for Traditional text) and the genre's override table
    (``著力`` -> ``着力``)."""
    if is_traditional(text):
        text = _converter().convert(text)
    return apply_overrides(text)


def split_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.split("\n")


def find_damage(line: SourceLine) -> list[Notice]:
    """Spots where the web copy lost characters: a ``?`` inside the text."""
    found = []
    for match in _DAMAGE.finditer(line.text):
        column = line.raw_column(match.start())
        start = max(0, match.start() - 4)
        found.append(
            Notice(
                "encoding-damage",
                "lost characters replaced by '?' and debris",
                line.number,
                column,
                line.text[start : match.end() + 2],
            )
        )
    # (a fragment holds a toned letter: without one, no need to try the pattern, which
    # has no fixed first character, at every position of the line)
    debris = _LATIN_DEBRIS.finditer(line.text) if _TONED.search(line.text) else ()
    for match in debris:
        if any(n.column <= line.raw_column(match.start()) <= n.column + 14 for n in found):
            continue
        found.append(
            Notice(
                "encoding-damage",
                "stray pinyin fragment",
                line.number,
                line.raw_column(match.start()),
                line.text[max(0, match.start() - 4) : match.end() + 2],
            )
        )
    return found


def nfc_with_index(raw: str) -> tuple[str, list[int] | None]:
    """NFC form of ``raw`` and, for each of its characters, the index in ``raw``.

    Usually NFC changes nothing, and the index is None (identity; building it for
    every line would cost more than the rest of reading). A copy saved in decomposed
    form (``ze`` + U+0301 for ``zé``, as some systems write pinyin) gets shorter,
    and without this map every column reported after such a spot would point too
    far left.
    """
    clean = unicodedata.normalize("NFC", raw)
    if len(clean) == len(raw):
        return clean, None
    out: list[str] = []
    index: list[int] = []
    start = 0
    for i in range(1, len(raw) + 1):
        # a cluster is a starter and the combining marks after it
        if i == len(raw) or not unicodedata.combining(raw[i]):
            piece = unicodedata.normalize("NFC", raw[start:i])
            out.append(piece)
            index.extend([start] * len(piece))
            start = i
    return "".join(out), index


def drop_invisible(text: str, to_raw: list[int] | None) -> tuple[str, list[int] | None]:
    """``text`` without invisible format characters, and for each character left
    its index in the raw line (through ``to_raw`` when the text was already mapped)."""
    if not _INVISIBLE.search(text):
        return text, to_raw
    kept = [i for i, ch in enumerate(text) if not _INVISIBLE.match(ch)]
    index = kept if to_raw is None else [to_raw[i] for i in kept]
    return "".join(text[i] for i in kept), index


def normalise(text: str) -> tuple[list[SourceLine], list[Notice]]:
    """Clean every line of ``text``; return the lines and what was noticed."""
    raw_lines = split_lines(text)
    stripped: list[tuple[str, list[int]]] = []
    composed_already = unicodedata.is_normalized("NFC", text)  # nearly always: skip per line
    invisible = _INVISIBLE.search(text) is not None  # rarely: skip per line
    for raw in raw_lines:
        composed, to_raw = (raw, None) if composed_already else nfc_with_index(raw)
        if invisible:
            composed, to_raw = drop_invisible(composed, to_raw)
        # The full-width map keeps one character per character, so positions in the
        # composed line map straight back to the raw one.
        widened = _WIDE.sub(_narrowed, composed)
        if "(" not in widened:  # no reading to strip: positions are the composed ones
            stripped.append((widened, to_raw or []))
            continue
        plain, kept = strip_readings(widened)
        stripped.append((plain, kept if to_raw is None else [to_raw[k] for k in kept]))
    simplified = to_simplified("\n".join(s for s, _ in stripped)).split("\n")
    lines: list[SourceLine] = []
    notices: list[Notice] = []
    for number, (raw, (plain, index), simple) in enumerate(
        zip(raw_lines, stripped, simplified, strict=True), start=1
    ):
        if len(simple) != len(plain):  # a phrase conversion changed the length
            index = []
        line = SourceLine(number=number, raw=raw, text=simple.rstrip(), raw_index=index)
        # only a line ending in a ? can match: spares trying the pattern at every position
        noise = _TRAILING_NOISE.search(line.text) if line.text[-1:] in "?\uff1f" else None
        if noise:
            notices.append(
                Notice(
                    "noise-removed",
                    "stray '?' after the line",
                    number,
                    line.raw_column(noise.start()),
                    line.text[noise.start() :].strip(),
                )
            )
            line.text = line.text[: noise.start()].rstrip()
        lines.append(line)
    return lines, notices
