"""The plans a job reads: the files given, or the bundled plan when none is.

One place decides what "the sources" are, so that ``build``, the store and every
graph-reading command agree. A source is a plan file, a folder (its plan files, in
name order), a glob (``plans/*.docx``) or a manifest: a TOML or CSV file listing
plan files with what their notices do not say (issuer, year, id, layout, registry).
Plan ids must be distinct, or two files would become one plan in the graph.
"""

from __future__ import annotations

import csv
import glob
import io
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.errors import DataError, InputError
from graph.model import Plan
from graph.model.units import Registry
from graph.parse.plan import parse_plan, registry_for
from graph.read.jurisdiction import read_jurisdiction
from graph.read.registry import load_registry, user_registry, with_generic

# Files a folder contributes: the formats plans are published in.
PLAN_SUFFIXES = (".txt", ".text", ".html", ".htm", ".docx", ".xlsx", ".csv", ".pdf")
MANIFEST_COLUMNS = ("file", "issuer", "year", "slug", "layout", "registry")


@dataclass(frozen=True)
class Source:
    """One plan file and what the user says about it (empty: read from the notice)."""

    path: str
    issuer: str = ""
    year: int | None = None
    slug: str = ""
    layout: str | None = None
    registry: str | None = None


def _is_manifest_csv(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            first = fh.readline()
    except (OSError, UnicodeDecodeError):
        return False
    return first.strip().lower().split(",")[0].strip() == "file"


def _entry(row: dict, where: Path, line: int) -> Source:
    unknown = sorted(set(row) - set(MANIFEST_COLUMNS))
    if unknown:
        raise InputError(
            f"unknown manifest field {unknown[0]!r} (fields: {', '.join(MANIFEST_COLUMNS)})",
            path=str(where),
            line=line,
            column=1,
        )
    file = str(row.get("file") or "").strip()
    if not file:
        raise InputError("a manifest entry needs a file", path=str(where), line=line, column=1)
    year = row.get("year")
    try:
        year_value = int(year) if year not in (None, "") else None
    except (TypeError, ValueError):
        raise InputError(
            f"year {year!r} is not a year", path=str(where), line=line, column=1
        ) from None
    resolve = lambda p: str((where.parent / p) if not Path(p).is_absolute() else Path(p))  # noqa: E731
    registry = str(row.get("registry") or "").strip()
    return Source(
        resolve(file),
        issuer=str(row.get("issuer") or "").strip(),
        year=year_value,
        slug=str(row.get("slug") or "").strip(),
        layout=str(row.get("layout") or "").strip() or None,
        registry=resolve(registry) if registry else None,
    )


def read_manifest(path: Path) -> list[Source]:
    """The entries of a manifest: TOML (``[[plan]]`` tables) or CSV (a ``file`` column
    first); relative paths are relative to the manifest."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path), line=0, column=0) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            "a manifest must be UTF-8", path=str(path), line=1, column=exc.start + 1
        ) from None
    if path.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError(
                f"not valid TOML: {getattr(exc, 'msg', exc)}",
                path=str(path),
                line=getattr(exc, "lineno", 1),
                column=getattr(exc, "colno", 1),
            ) from None
        plans = data.get("plan", [])
        if not isinstance(plans, list) or not plans:
            raise InputError(
                "a TOML manifest lists its plans as [[plan]] tables",
                path=str(path),
                line=1,
                column=1,
            )
        return [_entry(dict(p), path, 1) for p in plans]
    rows = list(csv.DictReader(io.StringIO(text)))
    return [
        _entry({k.strip().lower(): v for k, v in row.items() if k}, path, number)
        for number, row in enumerate(rows, start=2)
    ]


def expand_sources(sources: Sequence[str | Path]) -> list[Source]:
    """Files, folders, globs and manifests, as the plan files they stand for."""
    out: list[Source] = []
    for given in sources:
        path = Path(given)
        text = str(given)
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in PLAN_SUFFIXES
            )
            if not found:
                raise InputError("the folder holds no plan file", path=text, line=0, column=0)
            out.extend(Source(str(p)) for p in found)
        elif path.suffix.lower() == ".toml" or (
            path.suffix.lower() == ".csv" and path.is_file() and _is_manifest_csv(path)
        ):
            out.extend(read_manifest(path))
        elif not path.exists() and glob.has_magic(text):
            matches = sorted(glob.glob(text))
            if not matches:
                raise InputError("no file matches the pattern", path=text, line=0, column=0)
            out.extend(Source(m) for m in matches if Path(m).is_file())
        else:
            out.append(Source(text))
    return out


def parse_source(source: Source, errata: Sequence[str | Path] = ()) -> Plan:
    """Parse one source and apply what the manifest says over what the notice says."""
    registry = user_registry(source.registry) if source.registry else None
    plan = parse_plan(source.path, errata=list(errata), registry=registry, layout=source.layout)
    if source.issuer:
        plan.issuer = source.issuer
        place = read_jurisdiction(source.issuer)
        if place is not None:
            plan.jurisdiction, plan.jurisdiction_name = place.slug, place.name
            plan.jurisdiction_level = place.level
    if source.year is not None:
        plan.year = source.year
    if source.slug:
        plan.plan_id = source.slug
    return plan


def iter_plans(
    sources: Sequence[str | Path] | None, errata: Sequence[str | Path] = ()
) -> Iterator[Plan]:
    """Each plan of ``sources`` (none: the bundled plan), parsed one at a time, so a
    corpus need not be held in memory at once; plan ids must be distinct."""
    if not sources:
        yield parse_plan(errata=list(errata))
        return
    seen: dict[str, str] = {}
    for source in expand_sources(sources):
        plan = parse_source(source, errata)
        if plan.slug in seen:
            raise DataError(
                f"{plan.source} and {seen[plan.slug]} are the same plan ({plan.slug}); give each "
                "plan once, or give one of them its own id (a manifest's slug)"
            )
        seen[plan.slug] = plan.source
        yield plan


def parse_sources(
    sources: Sequence[str | Path] | None, errata: Sequence[str | Path] = ()
) -> list[Plan]:
    """Parse each source (none: the bundled plan); plan ids must be distinct."""
    return list(iter_plans(sources, errata))


def registry_for_plans(plans: Sequence[Plan]) -> Registry:
    """One registry for what describes ``plans`` together (the query catalogue of an
    export): their jurisdiction's when they share one, else Wuhan's over the generic
    base. Units themselves are described with each plan's own registry."""
    registries = {id(r): r for r in (plan.registry or registry_for(plan.lines) for plan in plans)}
    if len(registries) == 1:
        return next(iter(registries.values()))
    return with_generic(load_registry())
