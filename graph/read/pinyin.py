"""Recognise the pinyin readings that web copies insert after characters.

A reading is an ASCII-parenthesised, lower-case syllable straight after a Chinese
character: ``責(zé)任``. Real parentheticals in plans are upper case (``(AED)``),
Chinese (``(站)``) or not a syllable at all, so they are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_INITIAL = r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINAL = (
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|üan|van|ai|ei|ao|ou|an|en|in|un|ün|vn"
    r"|ia|ie|iu|ua|uo|ui|üe|ue|ve|er|a|o|e|i|u|ü|v|ng|n|m)"
)
_SYLLABLE = re.compile(rf"^{_INITIAL}{_FINAL}$")

# A candidate annotation: a CJK character, then "(" + lower-case latin letters with
# or without tone marks + ")". The bracket comes first and the character before it is
# checked behind it, so the engine skips ahead to each "(" instead of trying the
# look-behind at every character of a line (an eighth of the time to strip a plan).
ANNOTATION = re.compile(
    r"\((?<=[\u3400-\u9fff\uf900-\ufaff]\()([a-zA-Z\u00c0-\u024f\u1e00-\u1eff]{1,7})\)"
)


def toneless(syllable: str) -> str:
    """``qiáng`` -> ``qiang``; ``lǜ`` -> ``lü``."""
    out = []
    for ch in unicodedata.normalize("NFD", syllable):
        if unicodedata.category(ch) == "Mn" and ch != "\u0308":
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


@lru_cache(maxsize=4096)
def is_pinyin_syllable(word: str) -> bool:
    """Whether ``word`` is one pinyin syllable. Cached: a plan repeats a few hundred
    readings thousands of times, and this check dominated reading time."""
    if not word or word != word.lower():
        return False
    return bool(_SYLLABLE.match(toneless(word)))


def strip_readings(line: str) -> tuple[str, list[int]]:
    """Remove pinyin readings from ``line``.

    Returns the stripped line and, for each character kept, its index in ``line``,
    so that positions in clean text can be traced back to the raw source.
    """
    if "(" not in line:  # most lines: nothing to strip, identity index
        return line, list(range(len(line)))
    kept: list[str] = []
    index: list[int] = []
    pos = 0
    for match in ANNOTATION.finditer(line):
        if not is_pinyin_syllable(match.group(1)):
            continue
        start, end = match.span()
        kept.append(line[pos:start])
        index += range(pos, start)
        pos = end
    if not pos:  # brackets, but no reading among them
        return line, list(range(len(line)))
    kept.append(line[pos:])
    index += range(pos, len(line))
    return "".join(kept), index
