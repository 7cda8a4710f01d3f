"""The load and co-assignment numbers computed straight from the parsed model
(``graph.parse.plan.parse_plan``) with plain Python, independently of the RDF store,
the SPARQL queries and the analytics code: the reference the tests compare with.

Rules, as the issue states them: an item's leads are its effective leads (where it
names no lead, its responsible units lead); with expansion an enumerated group
(各区人民政府 …) is replaced by its members and drops out itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations


@dataclass
class UnitLoad:
    lead: int = 0
    lead_by_rule: int = 0
    responsible: int = 0
    total: int = 0
    named: int = 0
    weighted: float = 0.0
    items: set[str] = field(default_factory=set)


class Model:
    def __init__(self, plan, registry):
        self.plan = plan
        self.registry = registry

    def expand(self, units, expand: bool) -> set[str]:
        if not expand:
            return set(units)
        return {member for unit in units for member in self.registry.expand(unit)}

    def item_units(self, item, expand: bool) -> tuple[set[str], set[str]]:
        """(leads, every unit) of one item."""
        return self.expand(item.effective_lead, expand), self.expand(item.units(), expand)

    def load(self, expand: bool) -> dict[str, UnitLoad]:
        out: dict[str, UnitLoad] = {}
        for item in self.plan.items:
            leads, units = self.item_units(item, expand)
            others = units - leads
            for unit in units:
                row = out.setdefault(unit, UnitLoad())
                row.total += 1
                row.items.add(item.ref)
                if unit in item.units():
                    row.named += 1
                if unit in leads:
                    row.lead += 1
                    row.weighted += 1.0
                    if item.lead_by_rule:
                        row.lead_by_rule += 1
                else:
                    row.responsible += 1
                    row.weighted += 1.0 / len(others)
        return out

    def pairs(self, expand: bool) -> Counter:
        """Items shared by each pair of units (names in code-point order)."""
        shared: Counter = Counter()
        for item in self.plan.items:
            _, units = self.item_units(item, expand)
            shared.update(combinations(sorted(units), 2))
        return shared

    def coordination(self, expand: bool) -> Counter:
        """lead → responsible-not-lead pairs, counted over items."""
        edges: Counter = Counter()
        for item in self.plan.items:
            leads, units = self.item_units(item, expand)
            edges.update((lead, other) for lead in leads for other in units - leads)
        return edges

    def refs_with(self, unit: str, expand: bool = False) -> set[str]:
        return {item.ref for item in self.plan.items if unit in self.item_units(item, expand)[1]}
