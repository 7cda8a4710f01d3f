"""Where each plan of a persisted store came from, so that a plan can be named by its
id later (``dutygraph compare wuhan-2022 wuhan-2023 --store DIR``) and read again.

The store's graphs hold what a plan says, not the document itself; what compares
two plans works on the parsed plans (their text, figures and clauses). So ``add``
records, next to the store, each plan's file (as an absolute path), what the manifest
said about it (issuer, year, id, layout, registry) and the file's SHA-256; reading a
plan back checks that the file is still there and unchanged.

The record is one JSON file in the store folder, replaced in one rename after each
change. It is a convenience beside the store, not part of it: a change killed
between the store's switch and the record's leaves a record one change behind,
which reading a plan back reports (the file is missing, changed, or not recorded).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import DataError, OptionError

if TYPE_CHECKING:  # pragma: no cover
    from graph.parse.sources import Source

RECORD = "dutygraph-sources.json"
FORMAT = 1


def _read(folder: Path) -> dict[str, dict]:
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read {folder / RECORD}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DataError(f"{folder / RECORD} is not a record of this version")
    plans = data.get("plans")
    return plans if isinstance(plans, dict) else {}


def _write(folder: Path, plans: dict[str, dict]) -> None:
    text = json.dumps(
        {"format": FORMAT, "plans": dict(sorted(plans.items()))},
        ensure_ascii=False,
        indent=1,
    )
    tmp = folder / f".{RECORD}.{os.getpid()}.tmp"
    tmp.write_text(text + "\n", encoding="utf-8")
    os.replace(tmp, folder / RECORD)


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def record_sources(
    folder: str | Path, added: Iterable[tuple[str, Source]], *, replace_all: bool = False
) -> None:
    """Record the source of each ``(plan id, Source)`` added to the store in
    ``folder``; ``replace_all`` for a store built anew (earlier records go)."""
    path = Path(folder)
    plans = {} if replace_all else _read(path)
    for slug, source in added:
        file = Path(source.path).resolve()
        plans[slug] = {
            "file": str(file),
            "issuer": source.issuer,
            "year": source.year,
            "slug": source.slug,
            "layout": source.layout,
            "registry": str(Path(source.registry).resolve()) if source.registry else None,
            "sha256": _digest(file),
        }
    _write(path, plans)


def forget_source(folder: str | Path, slug: str) -> None:
    """Drop the record of plan ``slug`` (removed from the store)."""
    path = Path(folder)
    plans = _read(path)
    if plans.pop(slug, None) is not None:
        _write(path, plans)


def recorded_source(folder: str | Path, slug: str, known: Iterable[str]) -> Source:
    """The source plan ``slug`` of the store in ``folder`` was added from, checked to
    be there and unchanged. ``known`` are the ids the store holds (for the message
    when ``slug`` is not one of them)."""
    path = Path(folder)
    ids = sorted(known)
    if slug not in ids:
        raise OptionError(f"no plan {slug!r} in the store (plans: {', '.join(ids) or 'none'})")
    entry = _read(path).get(slug)
    if entry is None:
        raise DataError(f"the store in {folder} has no record of the file plan {slug} came from")
    file = Path(entry["file"])
    digest = _digest(file)
    if digest is None:
        raise DataError(f"{file}, the file plan {slug} was added from, cannot be read")
    if entry.get("sha256") and digest != entry["sha256"]:
        raise DataError(f"{file} changed since plan {slug} was added from it; add it again")
    from graph.parse.sources import Source

    return Source(
        str(file),
        entry.get("issuer") or "",
        entry.get("year"),
        entry.get("slug") or "",
        entry.get("layout"),
        entry.get("registry"),
    )
