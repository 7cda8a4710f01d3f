"""Errata: corrections for known damage in a source, kept as data files.

An errata file names the document it belongs to (its number, e.g. 武政办〔2023〕1号)
and lists ``damaged`` -> ``corrected`` pairs in normalised text. The errata shipped
with the package are applied to any rendering of that document (web copy,
Simplified, GB18030), because they are matched by document number, not by file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from graph.errors import InputError
from graph.model import Notice, SourceLine
from graph.resources import DATA_DIR


@dataclass(frozen=True)
class Fix:
    damaged: str
    corrected: str
    why: str = ""


@dataclass(frozen=True)
class Errata:
    document: str
    fixes: tuple[Fix, ...]
    path: str


def load_errata(path: Path) -> Errata:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise InputError("errata file not found", path=str(path), line=0, column=0) from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", 0) or 0
        column = getattr(exc, "colno", 0) or 0
        raise InputError(
            f"errata file is not valid TOML: {exc.args[0] if exc.args else exc}",
            path=str(path),
            line=line,
            column=column,
        ) from None
    fixes = []
    for number, entry in enumerate(data.get("fix", []), start=1):
        if not isinstance(entry, dict) or not entry.get("damaged") or "corrected" not in entry:
            raise InputError(f"fix #{number} needs 'damaged' and 'corrected'", path=str(path))
        fixes.append(Fix(entry["damaged"], entry["corrected"], entry.get("why", "")))
    return Errata(data.get("document", ""), tuple(fixes), str(path))


def shipped_errata() -> list[Errata]:
    folder = DATA_DIR / "errata"
    return [load_errata(p) for p in sorted(folder.glob("*.toml"))]


def errata_for(lines: list[SourceLine], head: int = 12) -> list[Errata]:
    """The shipped errata whose document number appears near the top of the text."""
    top = "\n".join(line.text for line in lines[:head])
    return [e for e in shipped_errata() if e.document and e.document in top]


def apply_errata(lines: list[SourceLine], errata: list[Errata]) -> list[Notice]:
    """Apply every fix wherever its damaged text occurs; report each repair."""
    notices = []
    for sheet in errata:
        for fix in sheet.fixes:
            for line in lines:
                start = line.text.find(fix.damaged)
                while start != -1:
                    column = line.raw_column(start)
                    line.text = (
                        line.text[:start] + fix.corrected + line.text[start + len(fix.damaged) :]
                    )
                    # Positions after a repair no longer map one to one; keep the
                    # mapping for the part before it, which is what reports need.
                    line.raw_index = (
                        line.raw_index[:start]
                        + [line.raw_index[start]] * len(fix.corrected)
                        + line.raw_index[start + len(fix.damaged) :]
                        if line.raw_index
                        else []
                    )
                    notices.append(
                        Notice(
                            "damage-repaired",
                            f"{fix.damaged} -> {fix.corrected}",
                            line.number,
                            column,
                            fix.damaged,
                        )
                    )
                    start = line.text.find(fix.damaged, start + len(fix.corrected))
    return notices
