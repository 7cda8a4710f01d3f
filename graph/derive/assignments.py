"""Who is assigned to what: the written assignments and the ones derived from them.

One place decides the derivations every later layer counts: the plan's no-lead rule
(where no lead is named, the responsible units lead — all of them, or the first one
listed, as ``Item.effective_lead`` says for the plan's rule; nothing when the plan
states no rule) and group expansion (an item given to 各区人民政府 reaches each of
its members, in whichever unit role the group holds: lead, responsible or
cooperating). Each derived assignment says how it was derived, so counts can be made
as written or with derivations.

Only units in a unit role get assignments: people (责任领导), data providers and
higher-level leads are named on the item and never become assignments.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import LEAD, RESPONSIBLE, Item, Plan
from graph.model.plan import COOPERATING
from graph.model.units import Registry

WRITTEN = "written"
BY_RULE = "no_lead_rule"
BY_GROUP = "group"


@dataclass(frozen=True)
class Assignment:
    plan: str
    item: str
    unit: str
    role: str
    written: bool = True
    by_rule: bool = False
    via_group: str = ""
    scope: tuple[int, ...] = ()

    @property
    def derivation(self) -> str:
        if self.written:
            return WRITTEN
        return BY_GROUP if self.via_group else BY_RULE


def _scope(item: Item, unit: str, role: str) -> tuple[int, ...]:
    """1-based indexes of the sub-assignments that name ``unit`` in ``role``.

    Sub-assignments name lead and responsible units only, so a cooperating unit's
    assignment is never limited to a sub-task."""
    if role not in (LEAD, RESPONSIBLE):
        return ()
    return tuple(
        i
        for i, sub in enumerate(item.subassignments, start=1)
        if unit in (sub.lead if role == LEAD else sub.responsible)
    )


def item_assignments(plan_slug: str, item: Item, registry: Registry) -> list[Assignment]:
    """The item's written assignments (lead, responsible, cooperating), the leads its
    plan's rule derives (``item.effective_lead`` where no lead is written), then every
    assignment a group passes on to its members."""
    base: list[Assignment] = []
    written = ((LEAD, item.lead), (RESPONSIBLE, item.responsible), (COOPERATING, item.cooperating))
    for role, names in written:
        for name in names:
            base.append(Assignment(plan_slug, item.ref, name, role, scope=_scope(item, name, role)))
    if item.lead_by_rule:
        for name in item.effective_lead:
            base.append(
                Assignment(
                    plan_slug,
                    item.ref,
                    name,
                    LEAD,
                    written=False,
                    by_rule=True,
                    scope=_scope(item, name, RESPONSIBLE),
                )
            )
    expanded: list[Assignment] = []
    for a in base:
        if not registry.is_group(a.unit):
            continue
        for member in registry.expand(a.unit):
            if member == a.unit:
                continue
            expanded.append(
                Assignment(
                    plan_slug,
                    item.ref,
                    member,
                    a.role,
                    written=False,
                    by_rule=a.by_rule,
                    via_group=a.unit,
                    scope=a.scope,
                )
            )
    return base + expanded


def plan_assignments(plan: Plan, registry: Registry) -> list[Assignment]:
    """Every assignment of every item, written ones first within each item."""
    out: list[Assignment] = []
    for item in plan.items:
        out.extend(item_assignments(plan.slug, item, registry))
    return out
