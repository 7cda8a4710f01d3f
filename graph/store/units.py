"""Which unit did the user mean? One answer for every command and page.

A user types a unit the way they know it: the short name (市发改委), an alias
(市文明办 for 市委宣传部), the official name, the English name, or any of these in
Traditional characters (市發改委), perhaps with full-width letters. Every command
that takes a unit (``show``, ``viz --unit``, ``query -p unit=…``, ``targets
--unit``) and every page resolves it here to the short name the tables and queries
use, so an alias that works in one place works in all of them, and a name that
matches nothing is the same usage error everywhere (:class:`~graph.errors.OptionError`,
exit 2) with the nearest names the graph holds.

The names come from the store itself (``queries/internal/unit-names.rq``: the
labels the registry gave each unit when the graph was built), so units of any
jurisdiction resolve, not only those of the shipped registry; tables without a
store fall back to the shipped registry for the units they name.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.errors import OptionError

NEAREST = 5  # names suggested with an unknown unit


@dataclass(frozen=True)
class UnitNames:
    """A unit's short name and the other names it may be given by."""

    name: str
    aliases: tuple[str, ...] = ()
    full_name: str = ""
    name_en: str = ""
    # The jurisdiction (``wuhan``) where the graph holds several: the unit is then
    # named ``wuhan:市发改委`` in the analytics tables, and a bare 市发改委 may name
    # two bodies.
    scope: str = ""


def _key(text: str) -> str:
    """The form names are compared in: NFKC (full-width letters and digits become
    ASCII), outer spaces removed, runs of spaces one space."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).split())


def _english(text: str) -> str:
    return _key(text).casefold()


class UnitResolver:
    """Resolve what a user wrote to a unit's short name, among ``units``."""

    def __init__(self, units: Iterable[UnitNames]) -> None:
        self.units: dict[str, UnitNames] = {}
        for unit in units:
            old = self.units.get(unit.name)
            if old is not None:  # rows of one unit (one per alias): merge them
                unit = UnitNames(
                    unit.name,
                    tuple(dict.fromkeys((*old.aliases, *unit.aliases))),
                    old.full_name or unit.full_name,
                    old.name_en or unit.name_en,
                    old.scope or unit.scope,
                )
            self.units[unit.name] = unit
        # Short names first: a unit's own name wins over another unit's alias.
        self._exact: dict[str, set[str]] = {}
        self._english: dict[str, set[str]] = {}
        for unit in self.units.values():
            self._exact.setdefault(_key(unit.name), set()).add(unit.name)
            if unit.scope and unit.name.startswith(f"{unit.scope}:"):  # wuhan:市发改委
                self._exact.setdefault(_key(unit.name[len(unit.scope) + 1 :]), set()).add(unit.name)
        short = set(self._exact)
        for unit in self.units.values():
            for other in (*unit.aliases, unit.full_name):
                if other and _key(other) not in short:
                    self._exact.setdefault(_key(other), set()).add(unit.name)
        for unit in self.units.values():
            if unit.name_en:
                self._english.setdefault(_english(unit.name_en), set()).add(unit.name)

    def __contains__(self, written: str) -> bool:
        return self.find(written) is not None

    def names(self) -> list[str]:
        """Every short name, sorted."""
        return sorted(self.units)

    def find(self, written: str) -> str | None:
        """The short name ``written`` stands for, or None (an ambiguous name raises)."""
        for key in _variants(written):
            found = self._exact.get(key) or self._english.get(key.casefold())
            if found:
                if len(found) > 1:
                    raise OptionError(
                        f"the unit name {written!r} is ambiguous: it names "
                        f"{'、'.join(sorted(found))}; give the short name"
                    )
                return next(iter(found))
        return None

    def resolve(self, written: str) -> str:
        """The short name ``written`` stands for; an unknown name is an OptionError
        naming the nearest names the graph holds."""
        found = self.find(written)
        if found is not None:
            return found
        near = self.nearest(written)
        hint = f"; did you mean {'、'.join(near)}" if near else ""
        raise OptionError(f"no unit named {written!r} in the graph{hint}")

    def nearest(self, written: str, count: int = NEAREST) -> list[str]:
        """Short names close to ``written``: names containing it (or contained in it),
        then difflib's closest names and aliases, best first."""
        keys = list(_variants(written))
        text = keys[-1] if keys else _key(written)
        if not text:
            return []
        owners: dict[str, str] = {}
        for unit in self.units.values():
            for name in (unit.name, *unit.aliases, unit.full_name):
                if name:
                    owners.setdefault(_key(name), unit.name)
        out: list[str] = []
        for key, owner in sorted(owners.items()):
            if (text in key or key in text) and owner not in out:
                out.append(owner)
        for key in difflib.get_close_matches(text, sorted(owners), n=count * 2, cutoff=0.5):
            if owners[key] not in out:
                out.append(owners[key])
        return out[:count]


def _variants(written: str) -> list[str]:
    """``written`` as typed, then in Simplified characters (OpenCC with the plan
    reader's override table), each in the compared form; no duplicates."""
    from graph.read.normalise import apply_overrides

    typed = _key(written)
    out = [typed]
    simplified = _key(apply_overrides(_t2s(typed)))
    if simplified and simplified not in out:
        out.append(simplified)
    return out


@functools.cache
def _opencc() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def _t2s(text: str) -> str:
    """OpenCC t2s without the plan reader's is-it-Traditional test (a name of four
    characters with one Traditional one, 市發改委, is Traditional input too). Tried
    only after the name as typed found nothing, so OpenCC's phrase table cannot
    change a Simplified name that is in the graph."""
    return _opencc().convert(text)


def store_units(store: Any, *, scoped: bool = False) -> UnitResolver:
    """A resolver for the units ``store`` holds (every jurisdiction's, with the names
    its registry gave them). ``scoped``: where the store holds several jurisdictions,
    resolve to ``wuhan:市发改委``, as the analytics tables name units then (a bare
    name that two jurisdictions share is ambiguous); otherwise to the short name, as
    the named queries match it."""
    from graph.store.library import internal_query
    from graph.store.sparql import select

    rows = select(internal_query("unit-names"), {}, store=store).records()
    scopes = {str(row["jurisdiction"]) for row in rows if row.get("jurisdiction")}
    qualify = scoped and len(scopes) > 1
    return UnitResolver(
        UnitNames(
            f"{row['jurisdiction']}:{row['unit']}"
            if qualify and row.get("jurisdiction")
            else str(row["unit"]),
            (str(row["alias"]),) if row.get("alias") else (),
            str(row.get("full_name") or ""),
            str(row.get("unit_en") or ""),
            str(row.get("jurisdiction") or "") if qualify else "",
        )
        for row in rows
    )


def registry_units(names: Iterable[str], registry: Any = None) -> UnitResolver:
    """A resolver for ``names`` (short names), with the aliases, official and English
    names ``registry`` (default: the shipped one) gives them: for tables without a
    store."""
    from graph.read.registry import load_registry

    known = registry if registry is not None else load_registry()
    out = []
    for name in sorted(set(names)):
        unit = known.units.get(name)
        if unit is None:
            out.append(UnitNames(name))
        else:
            out.append(UnitNames(name, tuple(unit.aliases), unit.full_name, unit.name_en))
    return UnitResolver(out)


def resolve_unit(store: Any, written: str) -> str:
    """The short name of the unit ``written`` names in ``store`` (an OptionError if none)."""
    return store_units(store).resolve(written)
