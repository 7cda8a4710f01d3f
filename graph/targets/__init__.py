"""Quantitative targets: every number an item promises, with unit, comparator and kind.

>>> from graph.parse.plan import parse_plan
>>> from graph.targets import plan_targets
>>> targets = plan_targets(parse_plan())
"""

from graph.model.targets import COMPARATORS, KINDS, SKIP_REASONS, Skipped, Target, Unreadable
from graph.targets.extract import (
    ItemScan,
    extract_targets,
    plan_targets,
    scan_item,
    skipped,
    unreadable,
)
from graph.targets.measures import Measure, MeasureTable, load_measures

__all__ = [
    "COMPARATORS",
    "KINDS",
    "SKIP_REASONS",
    "ItemScan",
    "Measure",
    "MeasureTable",
    "Skipped",
    "Target",
    "Unreadable",
    "extract_targets",
    "load_measures",
    "plan_targets",
    "scan_item",
    "skipped",
    "unreadable",
]
