"""Read every quantitative target of an item, and say why other figures are not targets.

The reading is rule-based and local: an item's text is cut into clauses (at ``,;。``
outside quotes and brackets); each figure — Arabic digits with an optional multiplier
word, or a Chinese numeral — is read with the unit that follows it, the comparator
words around it, the verb that governs it and the noun phrase it counts.

Figures that are names, codes, ordinals, dates, phases, qualifiers or set phrases are
kept as :class:`Skipped` with a reason; digits that fit no rule are returned as
:class:`Unreadable` — reported, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from graph.model import Item, Plan
from graph.model.targets import EXACTLY, Skipped, Target, Unreadable
from graph.parse.numerals import CHINESE_NUMERAL_CHARS, chinese_to_decimal
from graph.targets import lexicon as lx
from graph.targets.measures import MeasureTable, load_measures
from graph.targets.numbers import CHINESE_DIGIT_CHARS, scaled

_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_CHINESE = re.compile(f"[{CHINESE_NUMERAL_CHARS}]+")
_ASCII_LETTER = re.compile(r"[A-Za-z+]")
_PERCENT_WORDS = "百分之"
# Characters before 约/近 that make them part of another word (节约, 最近).
_NOT_ABOUT_BEFORE = {"约": "节制签契预邀公条合", "近": "最附就接临亲邻"}


@dataclass
class ItemScan:
    """Everything read from one item: targets, figures skipped, figures not understood."""

    item: str
    targets: list[Target] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)


@dataclass
class _Figure:
    """A figure with its unit and comparators, before it is placed in its clause."""

    start: int  # snippet start (a comparator word before the number included)
    number_start: int
    number_end: int
    end: int  # snippet end (comparator word after the unit included)
    unit_end: int
    number: str
    value: Decimal
    unit: str
    comparator: str
    pre: str = ""
    chinese: bool = False


# --------------------------------------------------------------------------- text


def _quote_mask(text: str) -> list[bool]:
    """True for characters inside quotation marks or book-title marks."""
    mask = [False] * len(text)
    closing: list[str] = []
    in_ascii = False
    for i, ch in enumerate(text):
        if ch == '"':
            in_ascii = not in_ascii
            mask[i] = True
            continue
        if closing and ch == closing[-1]:
            closing.pop()
            mask[i] = True
            continue
        if ch in lx.QUOTE_PAIRS:
            closing.append(lx.QUOTE_PAIRS[ch])
            mask[i] = True
            continue
        mask[i] = bool(closing) or in_ascii
    return mask


def _clauses(text: str, mask: list[bool]) -> list[tuple[int, int]]:
    """Spans of clauses: cut at delimiters outside quotes and brackets."""
    spans = []
    start = 0
    depth = 0
    for i, ch in enumerate(text):
        if ch in "((":
            depth += 1
        elif ch in "))" and depth:
            depth -= 1
        elif ch in lx.CLAUSE_DELIMITERS and not mask[i] and not depth:
            if i > start:
                spans.append((start, i))
            start = i + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _starts_with_any(text: str, pos: int, words: Iterable[str]) -> str:
    for word in words:
        if text.startswith(word, pos):
            return word
    return ""


def _ends_with_any(text: str, pos: int, words: Iterable[str]) -> str:
    for word in sorted(words, key=len, reverse=True):
        if pos >= len(word) and text[pos - len(word) : pos] == word:
            return word
    return ""


def _first_verb(text: str) -> tuple[int, str]:
    """Position and word of the first governing verb in ``text`` (longest at a position)."""
    for i in range(len(text)):
        word = _starts_with_any(text, i, lx.VERBS_LONGEST_FIRST)
        if word:
            return i, word
    return -1, ""


def _strip_adverbs(text: str) -> str:
    changed = True
    while changed and text:
        changed = False
        for word in lx.LEADING_TRIM:
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word) :], True
        for word in lx.TRAILING_TRIM:
            if text.endswith(word) and len(text) > len(word):
                text, changed = text[: -len(word)], True
    return text


def _strip_quotes(text: str) -> str:
    if len(text) >= 2 and text[0] in lx.QUOTE_PAIRS and text[-1] == lx.QUOTE_PAIRS[text[0]]:
        inner = text[1:-1]
        if not any(ch in inner for ch in (*lx.QUOTE_PAIRS, *lx.QUOTE_PAIRS.values())):
            return inner
    return text


# --------------------------------------------------------------------------- figures


def _read_unit(text: str, pos: int, table: MeasureTable) -> str:
    return _starts_with_any(text, pos, table.units_longest_first)


def _read_figure(
    text: str, number_start: int, number_end: int, value: Decimal, table: MeasureTable, *, chinese
) -> _Figure | None:
    """The unit, multiplier and comparators around a number; None when no unit follows."""
    number = text[number_start:number_end]
    pos = number_end
    comparator = ""
    # 百分之五 is 5%
    percent_prefix = text[max(0, number_start - 3) : number_start] == _PERCENT_WORDS
    unit = "" if percent_prefix else _read_unit(text, pos, table)
    if not unit and not percent_prefix:
        # 1.2万个, 5000亿元, 200多家, 300余人, 50万燃气用户 (a bare count after 万)
        infix = text[pos] if pos < len(text) and text[pos] in lx.APPROXIMATE_INFIXES else ""
        if infix:
            comparator = lx.APPROXIMATE_INFIXES[infix]
            pos += 1
        multiplier = ""
        while not chinese:  # 万, 亿, and compounds such as 百万, 千万
            word = _starts_with_any(text, pos, table.multipliers_longest_first)
            if not word or _read_unit(text, pos, table):
                break
            value = value * table.multipliers[word]
            multiplier += word
            pos += len(word)
        if multiplier:
            number = text[number_start:pos]
            if not infix and pos < len(text) and text[pos] in lx.APPROXIMATE_INFIXES:
                comparator = lx.APPROXIMATE_INFIXES[text[pos]]
                pos += 1
        unit = _read_unit(text, pos, table)
        if not unit and not multiplier:
            return None
    start = number_start - (3 if percent_prefix else 0)
    if percent_prefix:
        unit = "%"
    unit_end = pos + (0 if percent_prefix else len(unit))
    # an alternative measure word in brackets: 5.8万套(间)
    alt = re.match(r"[((]([^()()]{1,2})[))]", text[unit_end:])
    if alt and alt.group(1) in table.units:
        unit_end += alt.end()
    end = unit_end
    post = _starts_with_any(text, end, lx.POST_COMPARATORS)
    if post:
        comparator = lx.POST_COMPARATORS[post]
        end += len(post)
    pre = _ends_with_any(text, start, lx.PRE_COMPARATORS)
    if pre and len(pre) == 1 and start >= 2 and text[start - 2] in _NOT_ABOUT_BEFORE.get(pre, ""):
        pre = ""
    if pre:
        start -= len(pre)
        if not comparator:
            comparator = lx.PRE_COMPARATORS[pre]
    return _Figure(
        start=start,
        number_start=number_start,
        number_end=number_end,
        end=end,
        unit_end=unit_end,
        number=number,
        value=scaled(str(value)),
        unit=unit,
        comparator=comparator or EXACTLY,
        pre=pre,
        chinese=chinese,
    )


# --------------------------------------------------------------------------- the scan


class _Scanner:
    def __init__(self, item: Item, table: MeasureTable):
        self.item = item
        self.text = item.text
        self.table = table
        self.mask = _quote_mask(self.text)
        self.scan = ItemScan(item.ref)

    def skip(self, start: int, end: int, reason: str) -> None:
        self.scan.skipped.append(Skipped(self.item.ref, self.text[start:end], (start, end), reason))

    def unreadable(self, start: int, end: int, reason: str) -> None:
        self.scan.unreadable.append(
            Unreadable(self.item.ref, self.text[start:end], (start, end), reason)
        )

    # -- candidates

    def figures(self) -> list[_Figure]:
        text = self.text
        found: list[_Figure] = []
        for m in _ARABIC.finditer(text):
            figure = self._arabic(m.start(), m.end())
            if figure:
                found.append(figure)
        for m in _CHINESE.finditer(text):
            if not any(ch in CHINESE_DIGIT_CHARS for ch in m.group()) and m.group() != "十":
                continue  # 百强区, 万企兴万村, 千兆: parts of words
            if any(f.start <= m.start() < f.end for f in found):
                continue  # 万 of 1.2万 and the like
            figure = self._chinese(m.start(), m.end())
            if figure:
                found.append(figure)
        return sorted(found, key=lambda f: f.start)

    def _arabic(self, s: int, e: int) -> _Figure | None:
        text = self.text
        before = text[s - 1] if s else ""
        after = text[e] if e < len(text) else ""
        code_start, code_end = s, e  # widened over Latin letters: 5G, T2
        while code_start and _ASCII_LETTER.match(text[code_start - 1]):
            code_start -= 1
        while code_end < len(text) and _ASCII_LETTER.match(text[code_end]):
            code_end += 1
        if self.mask[s]:
            self.skip(s, code_end, "quoted")
            return None
        if (code_start, code_end) != (s, e):
            self.skip(code_start, code_end, "code")
            return None
        if after in lx.NUMBER_NAME_WORDS:
            self.skip(s, e + 1, "number_name")
            return None
        if before == "第":
            self.skip(s - 1, e + (1 if after else 0), "ordinal")
            return None
        if self._is_date(s, e):
            self.skip(s, e + 1, "date")
            return None
        figure = _read_figure(text, s, e, Decimal(text[s:e]), self.table, chinese=False)
        if figure is None:
            self.unreadable(s, min(len(text), e + 2), "number without a unit of measure")
            return None
        return self._screen(figure)

    def _is_date(self, s: int, e: int) -> bool:
        text = self.text
        after = text[e] if e < len(text) else ""
        digits = text[s:e]
        if after == "年" and digits.isdigit() and len(digits) == 4 and 1900 <= int(digits) <= 2100:
            return True
        if after == "月" and digits.isdigit() and 1 <= int(digits) <= 12:
            return True
        if after in "日号" and s and text[s - 1] == "月":
            return True
        return False

    def _chinese(self, s: int, e: int) -> _Figure | None:
        text = self.text
        before = text[s - 1] if s else ""
        unit = _read_unit(text, e, self.table)
        if before == "第":
            tail = len(unit) or len(_starts_with_any(text, e, lx.PHASE_WORDS))
            self.skip(s - 1, e + tail, "ordinal")
            return None
        if _starts_with_any(text, e, lx.PHASE_WORDS):
            self.skip(s, e + 1, "phase")
            return None
        if not unit and text[max(0, s - 3) : s] != _PERCENT_WORDS:
            return None  # 三阳, 二七, 四化: a numeral inside a word, not a figure
        if self.mask[s]:
            self.skip(s, e + len(unit), "quoted")
            return None
        try:
            value = chinese_to_decimal(text[s:e])
        except ValueError:
            self.unreadable(s, e + len(unit), "Chinese numeral not understood")
            return None
        figure = _read_figure(text, s, e, value, self.table, chinese=True)
        if figure is None:
            return None
        if unit in lx.ADJECTIVAL_UNITS and figure.end < len(text) and _is_cjk(text[figure.end]):
            self.skip(s, figure.end, "adjectival")
            return None
        screened = self._screen(figure)
        if screened is None:
            return None
        clause_start = max((a for a, b in self.clauses if a <= s), default=0)
        before = text[clause_start : figure.start]
        rate = figure.unit == "%" and _nearest_rate_word(before)[0]
        if _first_verb(before)[0] < 0 and not rate:
            self.skip(figure.start, figure.end, "set_phrase")
            return None
        return screened

    def _screen(self, figure: _Figure) -> _Figure | None:
        """Names and qualifiers that look like quantities."""
        text = self.text
        measure = self.table.measure_of(figure.unit).key if figure.unit else "count"
        nxt = text[figure.end] if figure.end < len(text) else ""
        if measure == "year" and _starts_with_any(text, figure.end, lx.PROGRAMME_WORDS):
            self.skip(figure.start, figure.end, "programme_name")
            return None
        bound = text[figure.unit_end : figure.end] in ("以上", "以下")
        if (
            measure in ("yuan", "percent")
            and nxt
            and _is_cjk(nxt)
            and (bound or nxt in lx.QUALIFIER_LINKS)
            and nxt not in "和及与"
        ):
            # 谋划投资50亿元以上项目150个: the amount says which projects are counted
            end = figure.end + (1 if nxt in lx.QUALIFIER_LINKS else 0)
            self.skip(figure.start, end, "qualifier")
            return None
        return figure

    # -- placing figures in clauses

    def run(self) -> ItemScan:
        self.clauses = _clauses(self.text, self.mask)
        figures = self.figures()
        for clause_start, clause_end in self.clauses:
            in_clause = [f for f in figures if clause_start <= f.start < clause_end]
            previous: tuple[int, str] | None = None  # (phrase end, kind)
            for n, figure in enumerate(in_clause):
                following = in_clause[n + 1].start if n + 1 < len(in_clause) else clause_end
                target, previous = self._target(
                    figure, clause_start, clause_end, following, previous
                )
                self.scan.targets.append(target)
        return self.scan

    def _target(
        self,
        f: _Figure,
        clause_start: int,
        clause_end: int,
        following: int,
        previous: tuple[int, str] | None,
    ) -> tuple[Target, tuple[int, str]]:
        text = self.text
        table = self.table
        seg_start = clause_start
        if previous:
            seg_start = previous[0]
            while seg_start < f.start:
                stop = _starts_with_any(text, seg_start, ("以及", *lx.NOUN_STOPS))
                if not stop:
                    break
                seg_start += len(stop)
        seg = text[seg_start : f.start]
        verb_at, verb = _first_verb(seg)
        measure_key = table.units[f.unit] if f.unit else "count"

        # what is counted
        nxt = text[f.end] if f.end < clause_end else ""
        noun_after = bool(nxt) and (
            (_is_cjk(nxt) and nxt not in "".join(lx.NOUN_STOPS)) or nxt in lx.QUOTE_PAIRS
        )
        rate_word, rate_at = "", -1
        if measure_key in ("percent", "percentage_point"):
            rate_word, rate_at = _nearest_rate_word(seg)
        if noun_after:
            counted, phrase_end = self._noun_after(f.end, min(following, clause_end))
        else:
            phrase_end = f.end
            if rate_word:
                keep = rate_word in lx.RATE_WORDS_KEPT
                counted = seg[: rate_at + (len(rate_word) if keep else 0)]
            elif verb and (_only_adverbs_before(seg, verb_at) or seg.startswith(lx.PREPOSITIONS)):
                counted = seg[verb_at + len(verb) :]
            elif verb and seg.endswith(verb):
                counted = seg[:verb_at]
            else:
                counted = seg
            counted = _strip_quotes(_strip_adverbs(counted))
        per_day = any(counted.startswith(p) for p in table.per_day_prefixes)
        measure = (
            table.measure_of(f.unit, per_day=per_day)
            if f.unit
            else table.measures["count_per_day" if per_day else "count"]
        )

        # what sort of figure
        kind = ""
        if measure.quantity == "time":
            kind = "duration"
        elif measure_key in ("percent", "percentage_point"):
            kind = lx.RATE_WORDS[rate_word] if rate_word else "share"
        elif verb:
            kind = lx.VERBS[verb]
        elif f.pre in lx.LEVEL_PRE_COMPARATORS:
            kind = "level"
        elif per_day:
            kind = "level"
        elif previous and previous[1]:
            kind = previous[1]
        else:
            clause_verb = _first_verb(text[clause_start : f.start])[1]
            kind = lx.VERBS[clause_verb] if clause_verb else "level"
        if seg.startswith(lx.BENEFICIARY_PREPOSITIONS) and measure.quantity == "count":
            kind = "activity"  # 为2万名中小学生…, 为50万燃气用户…: people or places served

        target = Target(
            item=self.item.ref,
            index=len(self.scan.targets),
            value=f.value,
            unit=f.unit,
            measure=measure.key,
            unit_iri=measure.iri,
            comparator=f.comparator,
            kind=kind,
            counted=counted,
            snippet=text[f.start : f.end],
            span=(f.start, f.end),
            phrase=text[seg_start : max(phrase_end, f.end)],
            number=f.number,
        )
        return target, (max(phrase_end, f.end), kind)

    def _noun_after(self, start: int, stop: int) -> tuple[str, int]:
        """The noun phrase after a figure and where it ends (``10个科技重大专项和…``)."""
        text = self.text
        end = start
        depth = 0
        while end < stop:
            ch = text[end]
            if ch in "((":
                depth += 1
            elif ch in "))" and depth:
                depth -= 1
            elif not depth and not self.mask[end]:
                if _starts_with_any(text, end, ("以及", *lx.NOUN_STOPS)):
                    break
                if end > start and _starts_with_any(text, end, lx.NOUN_CUT_WORDS):
                    break
            end += 1
        noun = text[start:end]
        changed = True
        while changed:
            changed = False
            suffix = _ends_with_any(noun, len(noun), lx.NOUN_ACTION_SUFFIXES)
            if suffix and len(noun) > len(suffix):
                noun, changed = noun[: -len(suffix)], True
            stop_word = _ends_with_any(noun, len(noun), lx.NOUN_STOPS)
            if stop_word and len(noun) > len(stop_word):
                noun, changed = noun[: -len(stop_word)], True
        return _strip_quotes(noun), end


def _only_adverbs_before(text: str, at: int) -> bool:
    """True when ``text[:at]`` is empty or only adverbs (力争, 加快 …)."""
    i = 0
    while i < at:
        word = _starts_with_any(text, i, lx.ADVERBS)
        if not word:
            return False
        i += len(word)
    return i == at


def _nearest_rate_word(seg: str) -> tuple[str, int]:
    """The rate keyword ending nearest the figure (longest on ties): (word, start)."""
    best = ("", -1, -1)  # word, start, end
    for word in lx.RATE_WORDS:
        at = seg.rfind(word)
        if at < 0:
            continue
        end = at + len(word)
        if end > best[2] or (end == best[2] and len(word) > len(best[0])):
            best = (word, at, end)
    return best[0], best[1]


# --------------------------------------------------------------------------- API


def scan_item(item: Item, table: MeasureTable | None = None) -> ItemScan:
    """Targets, skipped figures and unreadable figures of one item."""
    return _Scanner(item, table or load_measures()).run()


def extract_targets(item: Item, table: MeasureTable | None = None) -> list[Target]:
    """Every quantitative target the item states, in text order."""
    return scan_item(item, table).targets


def plan_targets(plan: Plan, table: MeasureTable | None = None) -> list[Target]:
    """Every target of every item of the plan, in plan order."""
    table = table or load_measures()
    return [t for item in plan.items for t in extract_targets(item, table)]


def skipped(plan: Plan, table: MeasureTable | None = None) -> list[Skipped]:
    """Every figure of the plan recognised as not a target, with its reason."""
    table = table or load_measures()
    return [s for item in plan.items for s in scan_item(item, table).skipped]


def unreadable(plan: Plan, table: MeasureTable | None = None) -> list[Unreadable]:
    """Digits in item texts that are neither a target nor a recognised non-target."""
    table = table or load_measures()
    return [u for item in plan.items for u in scan_item(item, table).unreadable]
