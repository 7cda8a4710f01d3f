"""Read the unit registry and the city table from their data files.

The registry is data (``graph/data/units.toml``), so that a new plan's units are
added by editing data, not code; this module turns the TOML into the model's
:class:`~graph.model.units.Registry`.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from graph.data import DATA_DIR
from graph.model.units import Registry, Unit


def _unit(entry: dict, kind: str | None = None) -> Unit:
    return Unit(
        name=entry["name"],
        full_name=entry.get("full_name", ""),
        name_en=entry.get("name_en", ""),
        kind=kind or entry.get("kind", "other"),
        slug=entry.get("slug", ""),
        aliases=tuple(entry.get("aliases", ())),
        hosted_by=entry.get("hosted_by", ""),
        zone=entry.get("zone", ""),
        administers=tuple(entry.get("administers", ())),
        shares_seat_with=tuple(entry.get("shares_seat_with", ())),
        members=tuple(entry.get("members", ())),
        enumerated=bool(entry.get("enumerated", True)),
    )


@lru_cache(maxsize=4)
def load_registry(path: Path | None = None) -> Registry:
    """Load the unit registry (the shipped one unless ``path`` is given)."""
    with open(path or DATA_DIR / "units.toml", "rb") as fh:
        data = tomllib.load(fh)
    units: dict[str, Unit] = {}
    for entry in data.get("unit", []):
        units[entry["name"]] = _unit(entry)
    for entry in data.get("group", []):
        units[entry["name"]] = _unit(entry, kind="group")
    return Registry(units)


@lru_cache(maxsize=1)
def cities() -> dict[str, dict]:
    with open(DATA_DIR / "cities.toml", "rb") as fh:
        return {c["name"]: c for c in tomllib.load(fh).get("city", [])}
