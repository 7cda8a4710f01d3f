"""Units of measure for targets, loaded from ``graph/data/measures.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from graph.data import DATA_DIR

MEASURES_FILE = "measures.toml"


@dataclass(frozen=True)
class Measure:
    key: str
    iri: str
    label: str
    quantity: str
    additive: bool
    close_match: str = ""
    per_day: str = ""

    @property
    def from_qudt(self) -> bool:
        return self.iri.startswith("http://qudt.org/")


@dataclass(frozen=True)
class MeasureTable:
    measures: dict[str, Measure]
    units: dict[str, str]
    multipliers: dict[str, Decimal]
    per_day_prefixes: tuple[str, ...]

    def __post_init__(self) -> None:
        for written, key in self.units.items():
            if key not in self.measures:
                raise ValueError(f"unit {written!r} maps to unknown measure {key!r}")
        for measure in self.measures.values():
            if measure.per_day and measure.per_day not in self.measures:
                raise ValueError(f"{measure.key}: unknown per_day measure {measure.per_day!r}")

    @property
    def units_longest_first(self) -> list[str]:
        return sorted(self.units, key=len, reverse=True)

    @property
    def multipliers_longest_first(self) -> list[str]:
        return sorted(self.multipliers, key=len, reverse=True)

    def measure_of(self, unit: str, *, per_day: bool = False) -> Measure:
        measure = self.measures[self.units[unit]]
        if per_day and measure.per_day:
            return self.measures[measure.per_day]
        return measure

    def iri(self, key: str) -> str:
        return self.measures[key].iri


@lru_cache(maxsize=4)
def load_measures(path: Path | None = None) -> MeasureTable:
    """The measure table shipped with the package (or the one at ``path``)."""
    with open(path or DATA_DIR / MEASURES_FILE, "rb") as fh:
        data = tomllib.load(fh)
    measures = {
        key: Measure(
            key=key,
            iri=entry["iri"],
            label=entry.get("label", key),
            quantity=entry.get("quantity", ""),
            additive=bool(entry.get("additive", True)),
            close_match=entry.get("close_match", ""),
            per_day=entry.get("per_day", ""),
        )
        for key, entry in data["measures"].items()
    }
    return MeasureTable(
        measures=measures,
        units=dict(data["units"]),
        multipliers={word: Decimal(str(v)) for word, v in data["multipliers"].items()},
        per_day_prefixes=tuple(data.get("per_day_prefixes", ())),
    )
