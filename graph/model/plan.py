"""The typed model of a responsibility-decomposition plan.

Plain dataclasses, no RDF and no third-party imports: every later layer (RDF,
analytics, views) starts from these objects. What the plan writes is kept apart
from what is derived: ``Item.lead`` is what the clause names, ``Item.effective_lead``
applies the plan's no-lead rule, and group expansion happens only in later layers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

LEAD = "lead"
RESPONSIBLE = "responsible"
ROLES = (LEAD, RESPONSIBLE)


@dataclass(frozen=True)
class Notice:
    """Something the reader noticed: damage repaired, noise removed, an unknown unit…

    ``kind`` is a short machine-readable tag; ``line``/``column`` are 1-based and
    point into the source file as written.
    """

    kind: str
    message: str
    line: int = 0
    column: int = 0
    snippet: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}: " if self.line else ""
        tail = f" [{self.snippet}]" if self.snippet else ""
        return f"{where}{self.kind}: {self.message}{tail}"


@dataclass
class SourceLine:
    """One line of the source: as written, as cleaned, and what it was taken to be."""

    number: int
    raw: str
    text: str
    raw_index: list[int] = field(default_factory=list, repr=False)
    kind: str = "unclassified"

    def raw_column(self, text_column: int) -> int:
        """1-based column in the raw line for a 0-based position in ``text``."""
        if not self.raw_index:
            return text_column + 1
        if text_column >= len(self.raw_index):
            return len(self.raw) + 1
        return self.raw_index[text_column] + 1


@dataclass(frozen=True)
class UnitMention:
    """A unit as a clause names it, resolved to its canonical registry name.

    ``written`` is the text in the clause (after distributing a shared suffix such as
    ``区人民政府``); ``note`` is the content of a bracket after it (a host, an alias or
    an in-place group definition).
    """

    name: str
    written: str
    note: str = ""


@dataclass
class SubAssignment:
    """A part of an item with its own units: ``创新…运营机制〈牵头单位:市经信局〉``."""

    text: str
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)

    @property
    def effective_lead(self) -> list[str]:
        return list(self.lead) if self.lead else list(self.responsible)


@dataclass
class Item:
    """A numbered task with the units that must deliver it."""

    ref: str
    part: int
    number: int
    text: str
    section: int | None = None
    section_title: str = ""
    theme: str = ""
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    mentions: list[UnitMention] = field(default_factory=list)
    subassignments: list[SubAssignment] = field(default_factory=list)
    clause: str = ""
    line: int = 0
    span: tuple[int, int] = (0, 0)
    source_text: str = ""
    flags: list[str] = field(default_factory=list)

    @property
    def effective_lead(self) -> list[str]:
        """Lead units with the plan's rule applied: no named lead -> responsible units lead."""
        if self.lead:
            return list(self.lead)
        return list(self.responsible)

    @property
    def lead_by_rule(self) -> bool:
        return not self.lead and bool(self.responsible)

    def units(self) -> list[str]:
        """Every unit the item names, in order, without repeats."""
        return list(dict.fromkeys(self.lead + self.responsible))


@dataclass
class Theme:
    title: str
    line: int
    items: list[str] = field(default_factory=list)


@dataclass
class Section:
    number: int
    title: str
    line: int
    themes: list[Theme] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass
class Part:
    number: int
    title: str
    line: int
    sections: list[Section] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass
class ReportingDuty:
    """A duty the notice imposes on units, with its deadlines."""

    key: str
    description: str
    bearer: str
    report_to: str
    due: list[date]
    recurrence: str = ""
    line: int = 0


@dataclass
class GroupDefinition:
    """A group defined in place, e.g. ``各区人民政府〈含开发区、长江新区、风景区管委会,下同〉``."""

    group: str
    note: str
    line: int


@dataclass
class Plan:
    city: str = ""
    city_slug: str = ""
    year: int | None = None
    doc_number: str = ""
    title: str = ""
    plan_title: str = ""
    issuer: str = ""
    issued: date | None = None
    source: str = ""
    sha256: str = ""
    encoding: str = ""
    no_lead_rule: bool = False
    duties: list[ReportingDuty] = field(default_factory=list)
    group_definitions: list[GroupDefinition] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    lines: list[SourceLine] = field(default_factory=list, repr=False)
    notices: list[Notice] = field(default_factory=list)

    @property
    def slug(self) -> str:
        """Readable identifier, e.g. ``wuhan-2023``; stable for a given document."""
        return f"{self.city_slug or 'plan'}-{self.year or 'undated'}"

    def item(self, ref: str) -> Item:
        for item in self.items:
            if item.ref == ref:
                return item
        raise KeyError(ref)

    def line_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for line in self.lines:
            counts[line.kind] = counts.get(line.kind, 0) + 1
        return counts
