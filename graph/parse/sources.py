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
from graph.parse.plan import parse_plan


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
