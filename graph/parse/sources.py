"""The plans a job reads: the files given, or the bundled plan when none is.

One place decides what "the sources" are, so that ``build``, the store and every
graph-reading command agree; plan slugs must be distinct, or two files would
become one plan in the graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from graph.errors import DataError
from graph.model import Plan
from graph.model.units import Registry
from graph.parse.plan import parse_plan, registry_for
from graph.read.registry import load_registry, with_generic


def parse_sources(
    sources: Sequence[str | Path] | None, errata: Sequence[str | Path] = ()
) -> list[Plan]:
    """Parse each source (none: the bundled plan); plan slugs must be distinct."""
    plans = (
        [parse_plan(s, errata=list(errata)) for s in sources]
        if sources
        else [parse_plan(errata=list(errata))]
    )
    seen: dict[str, str] = {}
    for plan in plans:
        if plan.slug in seen:
            raise DataError(
                f"{plan.source} and {seen[plan.slug]} are the same plan ({plan.slug}); give each plan once"
            )
        seen[plan.slug] = plan.source
    return plans


def registry_for_plans(plans: Sequence[Plan]) -> Registry:
    """The registry to build ``plans`` with: their jurisdiction's, when they share one.

    Plans of different jurisdictions in one build get Wuhan's registry over the
    generic base: units stay apart by name only, so two cities' 市发改委 would meet
    in one node. Keeping them apart (jurisdiction in unit IRIs) is the corpus work.
    """
    registries = {id(r): r for r in (plan.registry or registry_for(plan.lines) for plan in plans)}
    if len(registries) == 1:
        return next(iter(registries.values()))
    return with_generic(load_registry())
