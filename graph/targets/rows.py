"""Targets as rows, a pandas DataFrame and totals per measure.

Rows are plain dicts so the command line needs no pandas; :func:`targets_frame`
imports pandas only when called.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from graph.model import Item, Plan
from graph.model.targets import Target

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# The columns of `dutygraph targets` (a contract: scripts rely on them).
TARGET_COLUMNS = ("item", "value", "unit", "comparator", "kind", "counted", "text")
# The DataFrame adds the measure and its unit IRI.
FRAME_COLUMNS = (*TARGET_COLUMNS, "measure", "unit_iri")


def target_row(target: Target) -> dict[str, Any]:
    """One target as a flat dict; ``text`` is the phrase of the item that states it."""
    return {
        "item": target.item,
        "value": target.number_value,
        "unit": target.unit,
        "comparator": target.comparator,
        "kind": target.kind,
        "counted": target.counted,
        "text": target.phrase,
        "measure": target.measure,
        "unit_iri": target.unit_iri,
        "snippet": target.snippet,
        "span": list(target.span),
        "index": target.index,
    }


def item_has_unit(item: Item, unit: str) -> bool:
    """True when ``unit`` (a canonical name) leads the item or is responsible for it,
    the plan's no-lead rule included."""
    return unit in item.lead or unit in item.responsible or unit in item.effective_lead


def canonical_unit(name: str) -> str:
    """The registry's canonical name for ``name`` (an alias such as 市文明办 resolves)."""
    from graph.read.registry import load_registry

    unit = load_registry().resolve(name)
    return unit.name if unit else name


def select_targets(plan: Plan, *, item: str | None = None, unit: str | None = None) -> list[Target]:
    """Targets of the plan, restricted to one item ref and/or to one unit's items."""
    from graph.targets.extract import extract_targets

    wanted = canonical_unit(unit) if unit else None
    out: list[Target] = []
    for it in plan.items:
        if item is not None and it.ref != item:
            continue
        if wanted is not None and not item_has_unit(it, wanted):
            continue
        out.extend(extract_targets(it))
    return out


def targets_frame(source: Plan | Iterable[Target]) -> pd.DataFrame:
    """A DataFrame of targets: the CLI columns plus ``measure`` and ``unit_iri``.

    ``source`` is a plan (all its targets) or targets already selected.
    """
    import pandas as pd

    if isinstance(source, Plan):
        from graph.targets.extract import plan_targets

        targets = plan_targets(source)
    else:
        targets = list(source)
    rows = [target_row(t) for t in targets]
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    frame["value"] = frame["value"].astype("float64")
    return frame


def totals_by_measure(targets: Iterable[Target]) -> dict[str, Decimal]:
    """Sum of values per measure key (exact decimals), measures in sorted order.

    Every measure is summed, including those marked ``additive = false`` in
    ``measures.toml`` (percentages, durations); callers decide which totals mean
    something. Items that repeat a target (the livelihood list 四 restates many
    targets of part 二) are counted as often as they state it.
    """
    totals: dict[str, Decimal] = {}
    for target in targets:
        totals[target.measure] = totals.get(target.measure, Decimal(0)) + target.value
    return dict(sorted(totals.items()))
