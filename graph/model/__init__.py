"""The typed model: plans, items, units and targets as plain dataclasses.

No I/O and no third-party imports: every later layer (RDF, store, analytics, views,
exports) starts from these objects. What a plan writes is kept apart from what is
derived from it (:mod:`graph.derive`).
"""

from graph.model.plan import (
    COOPERATING,
    DATA_PROVIDER,
    DEADLINE,
    FIRST_LISTED,
    HIGHER_LEAD,
    LEAD,
    NO_RULE,
    PERSON,
    RESPONSIBLE,
    RESPONSIBLE_LEAD,
    ROLES,
    UNIT_ROLES,
    GroupDefinition,
    Item,
    Notice,
    Part,
    Plan,
    ReportingDuty,
    Section,
    SourceLine,
    SubAssignment,
    Theme,
    UnitMention,
)
from graph.model.units import KINDS, Registry, Unit

__all__ = [
    "COOPERATING",
    "DATA_PROVIDER",
    "DEADLINE",
    "FIRST_LISTED",
    "HIGHER_LEAD",
    "KINDS",
    "LEAD",
    "NO_RULE",
    "PERSON",
    "RESPONSIBLE",
    "RESPONSIBLE_LEAD",
    "ROLES",
    "UNIT_ROLES",
    "GroupDefinition",
    "Item",
    "Notice",
    "Part",
    "Plan",
    "Registry",
    "ReportingDuty",
    "Section",
    "SourceLine",
    "SubAssignment",
    "Theme",
    "Unit",
    "UnitMention",
]
