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
from graph.errors import InputError
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


def shipped_registry(name: str) -> Registry:
    """A registry that ships with the package (``graph/data/NAME``), by file name."""
    return load_registry(DATA_DIR / name)


def generic_registry() -> Registry:
    """The generic names every jurisdiction shares (各部门, 有关部门, 各地): the base a
    plan of a city without a registry of its own is read against."""
    return _load_registry(DATA_DIR / "generic-units.toml")


def with_generic(registry: Registry) -> Registry:
    """``registry`` over the generic base: its own units win where names meet."""
    base = generic_registry()
    return Registry({**base.units, **registry.units}, complete=registry.complete)


def user_registry(path: Path | str | None) -> Registry | None:
    """A registry the user gives for a plan's jurisdiction, over the generic base;
    None when no path is given (the plan's own jurisdiction decides)."""
    if path is None:
        return None
    from graph.read.formats import read_input

    source = Path(path)
    if not source.exists():
        raise InputError("no such unit registry file", path=str(source), line=0, column=0)
    read_input(source, str(source), what="a unit registry file")  # a FIFO, a device, too large
    try:
        return with_generic(load_registry(source))
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not a unit registry: not UTF-8 text (TOML must be): {exc.reason}",
            path=str(source),
            line=0,
            column=0,
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f"not a unit registry: {exc}", path=str(source), line=0, column=0
        ) from None
    except KeyError as exc:
        raise InputError(
            f"not a unit registry: an entry has no {exc.args[0]!r}",
            path=str(source),
            line=0,
            column=0,
        ) from None


def load_registry(path: Path | str | None = None) -> Registry:
    """Load the unit registry (the shipped one, Wuhan's, unless ``path`` is given)."""
    return _load_registry(Path(path).resolve() if path else DATA_DIR / "units.toml")


@lru_cache(maxsize=8)
def _load_registry(path: Path) -> Registry:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    units: dict[str, Unit] = {}
    for entry in data.get("unit", []):
        units[entry["name"]] = _unit(entry)
    for entry in data.get("group", []):
        units[entry["name"]] = _unit(entry, kind="group")
    return Registry(units, complete=bool(data.get("complete", False)))


@lru_cache(maxsize=1)
def cities() -> dict[str, dict]:
    with open(DATA_DIR / "cities.toml", "rb") as fh:
        return {c["name"]: c for c in tomllib.load(fh).get("city", [])}
