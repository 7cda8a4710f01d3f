"""Read the role vocabulary (``graph/data/roles.toml``): which words name which role.

Plans of different issuers name the same roles with different words (牵头单位,
牵头部门, 牵头责任单位; 配合单位, 协同责任单位, 协办单位) and in two grammars (a label
and a colon, or a role word after the units). Keeping the words as data means a new
issuer's vocabulary is a line in a TOML file, not a change to the parser.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from graph.data import DATA_DIR
from graph.errors import InputError

CLAUSE = "clause"
"""A label whose value is a clause in the suffix form (部门分工:X牵头,Y配合)."""


@dataclass(frozen=True)
class LeadRule:
    kind: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """Label words and suffix words by role, longest first, and the lead rules.

    Compared and hashed by identity (it is loaded once and cached), so that the
    patterns derived from it can be cached cheaply per vocabulary.
    """

    labels: tuple[tuple[str, str], ...]
    suffixes: tuple[tuple[str, str], ...]
    people_endings: tuple[str, ...]
    not_people: tuple[str, ...]
    trailing: tuple[str, ...]
    rules: tuple[LeadRule, ...]
    columns: tuple[tuple[str, str], ...] = ()

    def label_pattern(self) -> str:
        """A regular-expression alternation of every label, longest first."""
        return "|".join(re.escape(word) for word, _ in self.labels)

    @cached_property
    def _label_roles(self) -> dict[str, str]:
        return dict(self.labels)

    @cached_property
    def _suffix_pattern(self) -> re.Pattern[str]:
        words = "|".join(re.escape(word) for word, _ in self.suffixes)
        return re.compile(rf"(?:{words})$")

    @cached_property
    def _suffix_roles(self) -> dict[str, str]:
        return dict(self.suffixes)

    @cached_property
    def _any_suffix(self) -> re.Pattern[str]:
        return re.compile("|".join(re.escape(word) for word, _ in self.suffixes))

    def mentions_role_word(self, text: str) -> bool:
        """Whether a role word occurs anywhere in ``text`` (a cheap first test)."""
        return self._any_suffix.search(text) is not None

    def label_role(self, word: str) -> str | None:
        return self._label_roles.get(word)

    def suffix_role(self, text: str) -> tuple[str, str] | None:
        """(role, text before the role word) when ``text`` ends in a role word.

        The longest role word wins (按职责分工负责 over 负责), as the alternation is
        ordered longest first and anchored at the end.
        """
        match = self._suffix_pattern.search(text)
        if match is None or match.start() == 0:
            return None
        word = match.group(0)
        return self._suffix_roles[word], text[: match.start()]

    def is_person(self, name: str) -> bool:
        """Whether ``name`` is a person or a post (分管副省长), not a unit."""
        return name.endswith(self.people_endings) and not name.endswith(self.not_people)

    def column_role(self, heading: str) -> str | None:
        """What a table column holds, from its heading (spaces ignored): ``task``,
        ``number``, ``progress``, ``remarks`` or a role of the labels."""
        word = "".join(heading.split()).strip("|").rstrip(":")
        for column, role in self.columns:
            if column == word:
                return role
        return self.label_role(word)

    def strip_trailing(self, name: str) -> str:
        """``省商务厅等`` -> ``省商务厅``: words after a name that are not part of it."""
        if "等" not in name:  # every trailing word has it: the common case is fast
            return name
        for word in self.trailing:
            if name.endswith(word) and len(name) > len(word):
                return name[: -len(word)].rstrip()
        return name


def _by_length(table: dict[str, list[str]]) -> tuple[tuple[str, str], ...]:
    pairs = [(word, role) for role, words in table.items() for word in words]
    return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0])))


@lru_cache(maxsize=4)
def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """The shipped vocabulary, or one read from ``path`` (same layout as roles.toml)."""
    source = path or DATA_DIR / "roles.toml"
    try:
        with open(source, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f"not a role vocabulary: {exc}", path=str(source), line=0, column=0
        ) from None
    rules = tuple(
        LeadRule(entry["kind"], re.compile(entry["pattern"])) for entry in data.get("rule", [])
    )
    return Vocabulary(
        labels=_by_length(data.get("labels", {})),
        suffixes=_by_length(data.get("suffixes", {})),
        people_endings=tuple(data.get("people", {}).get("endings", ())),
        not_people=tuple(data.get("people", {}).get("not_people", ())),
        trailing=tuple(
            sorted(data.get("trailing", {}).get("words", ()), key=lambda w: (-len(w), w))
        ),
        rules=rules,
        columns=_by_length(data.get("columns", {})),
    )
