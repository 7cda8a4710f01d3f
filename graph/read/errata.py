"""Errata: corrections for known damage in a source, kept as data files.

An errata file names the document it belongs to (its number, e.g. 武政办〔2023〕1号)
and lists ``damaged`` -> ``corrected`` pairs in normalised text. The errata shipped
with the package are applied to any rendering of that document (web copy,
Simplified, GB18030), because they are matched by document number, not by file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from graph.data import DATA_DIR
from graph.errors import InputError
from graph.model import Notice, SourceLine


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


_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_END = re.compile(r"\(at end of document\)")


def _read_toml(path: Path) -> tuple[dict, str]:
    """The parsed file and its text, or InputError naming where reading failed."""
    from graph.read.formats import read_input  # bounded: never a FIFO or /dev/zero

    shown = str(path)
    try:
        if path.is_dir():
            raise IsADirectoryError
        if not path.exists():
            raise FileNotFoundError
        data = read_input(path, shown, what="an errata file")
    except FileNotFoundError:
        raise InputError("errata file not found", path=shown, line=0, column=0) from None
    except IsADirectoryError:
        raise InputError(
            "errata path is a directory, not a file", path=shown, line=0, column=0
        ) from None
    except OSError as exc:  # permissions, a device…: still one line, never a traceback
        raise InputError(
            f"cannot read errata file: {exc.strerror}", path=shown, line=0, column=0
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        raise InputError(
            "errata file is not UTF-8 (TOML must be)",
            path=shown,
            line=before.count(b"\n") + 1,
            column=exc.start - (before.rfind(b"\n") + 1) + 1,
        ) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        # Python < 3.14 puts the position only in the message: "(at line 2, column 3)".
        message = str(exc.args[0]) if exc.args else str(exc)
        where = _TOML_WHERE.search(message)
        line, column = (int(where.group(1)), int(where.group(2))) if where else (0, 0)
        if not where and "end of document" in message:
            rows = text.split("\n")
            line, column = len(rows), len(rows[-1]) + 1
        raise InputError(
            f"errata file is not valid TOML: {_TOML_END.sub('', _TOML_WHERE.sub('', message)).strip()}",
            path=shown,
            line=getattr(exc, "lineno", 0) or line,
            column=getattr(exc, "colno", 0) or column,
        ) from None


def _fix_line(text: str, number: int) -> int:
    """Line of the ``number``-th ``[[fix]]`` table, so a bad entry can be pointed at."""
    seen = 0
    for line_no, line in enumerate(text.splitlines(), start=1):
        if line.strip().replace(" ", "") == "[[fix]]":
            seen += 1
            if seen == number:
                return line_no
    return 0


def load_errata(path: Path) -> Errata:
    """Read an errata file; anything malformed is an InputError, never a traceback."""
    path = Path(path)
    data, text = _read_toml(path)
    document = data.get("document", "")
    if not isinstance(document, str):
        raise InputError("'document' must be a string", path=str(path), line=0, column=0)
    entries = data.get("fix", [])
    if not isinstance(entries, list):
        raise InputError("'fix' must be a list of [[fix]] tables", path=str(path), line=0, column=0)
    fixes = []
    for number, entry in enumerate(entries, start=1):
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("damaged"), str)
            or not entry["damaged"]
            or not isinstance(entry.get("corrected"), str)
        ):
            raise InputError(
                f"fix #{number} needs text 'damaged' and 'corrected'",
                path=str(path),
                line=_fix_line(text, number),
                column=1 if _fix_line(text, number) else 0,
            )
        fixes.append(Fix(entry["damaged"], entry["corrected"], str(entry.get("why", ""))))
    return Errata(document, tuple(fixes), str(path))


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
