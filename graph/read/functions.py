"""What a unit does, as a national concept: the agency-function scheme.

Each jurisdiction's bodies are their own nodes, so comparing "the development and
reform commission" across cities needs a concept they share. The recognition rules
are data (``graph/data/functions.toml``): a unit's kind decides first (a district
government, an SOE), then the first name pattern its name or full name contains.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from graph.data import DATA_DIR
from graph.model.units import Unit


@dataclass(frozen=True)
class FunctionRule:
    slug: str
    kinds: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def function_rules() -> tuple[FunctionRule, ...]:
    """The rules in file order (the order they are tried in)."""
    with open(DATA_DIR / "functions.toml", "rb") as fh:
        data = tomllib.load(fh)
    return tuple(
        FunctionRule(f["slug"], tuple(f.get("kinds", ())), tuple(f.get("names", ())))
        for f in data.get("function", [])
    )


@lru_cache(maxsize=8192)
def agency_function(unit: Unit) -> str | None:
    """The slug of ``unit``'s function, or None when no rule recognises it.

    Groups have none: 各区人民政府 stands for many bodies, each with its own.
    """
    if unit.is_group:
        return None
    rules = function_rules()
    for rule in rules:
        if unit.kind in rule.kinds:
            return rule.slug
    for rule in rules:
        if any(word in unit.name or word in unit.full_name for word in rule.names):
            return rule.slug
    return None
