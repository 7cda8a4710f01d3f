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

from graph.model.units import Registry

LEAD = "lead"
RESPONSIBLE = "responsible"
COOPERATING = "cooperating"
ROLES = (LEAD, RESPONSIBLE)
UNIT_ROLES = (LEAD, RESPONSIBLE, COOPERATING)
"""Roles a unit can hold on an item. ``ROLES`` (lead, responsible) are the two that
every plan has and that load is counted by; cooperating (配合/协同/协办/参与) is a
third, lighter role some plans name."""

# Roles that are not units and are never counted as units: people (责任领导, a person
# or a post), data providers (数据提供单位), higher-level leads (省牵头单位, a body of
# another jurisdiction) and deadlines (完成时限).
PERSON = "person"
DATA_PROVIDER = "data_provider"
HIGHER_LEAD = "higher_lead"
DEADLINE = "deadline"

# The plan's own rule for items that name no lead, read from its notice.
RESPONSIBLE_LEAD = "responsible_lead"
"""无牵头单位的,责任单位即为牵头单位 (Wuhan): every responsible unit leads."""
FIRST_LISTED = "first_listed"
"""列第一位的责任单位为牵头单位: the first responsible unit listed leads."""
NO_RULE = ""
"""The notice states no rule: nothing is derived."""


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


def leads_by_rule(lead: list[str], responsible: list[str], rule: str) -> list[str]:
    """The leads of an item or sub-task: those written, else those the plan's rule
    derives from the responsible units (all of them, the first, or none)."""
    if lead:
        return list(lead)
    if rule == RESPONSIBLE_LEAD:
        return list(responsible)
    if rule == FIRST_LISTED:
        return list(responsible[:1])
    return []


@dataclass
class SubAssignment:
    """A part of an item with its own units: ``创新…运营机制〈牵头单位:市经信局〉``."""

    text: str
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    lead_rule: str = RESPONSIBLE_LEAD

    @property
    def effective_lead(self) -> list[str]:
        """The sub-task's lead with the plan's rule applied, as for a whole item."""
        return leads_by_rule(self.lead, self.responsible, self.lead_rule)


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
    cooperating: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    data_providers: list[str] = field(default_factory=list)
    higher_leads: list[str] = field(default_factory=list)
    deadline: str = ""
    deadline_date: date | None = None
    number_text: str = ""
    lead_rule: str = RESPONSIBLE_LEAD
    where: str = ""

    @property
    def effective_lead(self) -> list[str]:
        """Lead units with the plan's rule applied where the item names no lead.

        ``lead_rule`` is the plan's rule (copied onto each item by the parser):
        Wuhan's makes every responsible unit lead, "first listed" the first one, and
        a plan that states no rule derives nothing.
        """
        return leads_by_rule(self.lead, self.responsible, self.lead_rule)

    @property
    def lead_by_rule(self) -> bool:
        return not self.lead and bool(self.effective_lead)

    def units(self) -> list[str]:
        """Every unit the item names as lead or responsible, in order, without repeats."""
        return list(dict.fromkeys(self.lead + self.responsible))

    def all_units(self) -> list[str]:
        """Every unit in any unit role (cooperating included), in order, without repeats."""
        return list(dict.fromkeys(self.lead + self.responsible + self.cooperating))


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
    # The issuing government: its place as written (武汉市蔡甸区), level (province,
    # city, district, county, state-council) and slug (wuhan-caidian). Units belong to
    # it; two jurisdictions' 市发改委 are two bodies.
    jurisdiction: str = ""
    jurisdiction_name: str = ""
    jurisdiction_level: str = ""
    # An id given by the user (a manifest's ``slug``): wins over the derived one.
    plan_id: str = ""
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
    lead_rule: str = NO_RULE
    lead_rule_text: str = ""
    format: str = "text"
    layout: str = ""
    duties: list[ReportingDuty] = field(default_factory=list)
    group_definitions: list[GroupDefinition] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    lines: list[SourceLine] = field(default_factory=list, repr=False)
    # The registry the plan's units were resolved against (its jurisdiction's, or one
    # the user gave), so later layers describe the units the same way.
    registry: Registry | None = field(default=None, repr=False, compare=False)
    notices: list[Notice] = field(default_factory=list)

    @property
    def slug(self) -> str:
        """Readable identifier, e.g. ``wuhan-2023``: the jurisdiction and the year.

        Stable for a given document (it never depends on the other plans of a corpus);
        two plans of one issuer and year need an id of their own (``plan_id``).
        """
        if self.plan_id:
            return self.plan_id
        return f"{self.jurisdiction or self.city_slug or 'plan'}-{self.year or 'undated'}"

    @property
    def unit_scope(self) -> str:
        """The jurisdiction the plan's units belong to: its own slug when the issuer is
        unknown, so that an unplaced plan's units never merge with another plan's."""
        return self.jurisdiction or self.slug

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
