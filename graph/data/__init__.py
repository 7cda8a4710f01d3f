"""Where the files that ship with the package live (data, ontology, queries).

In a normal (non-editable) install the top-level ``ontology/`` and ``queries/``
folders are mapped into the package as ``graph/ontology`` and ``graph/queries``.
In an editable install or a source checkout they stay at the repository root, so
we fall back to that location.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
PACKAGE_DIR = DATA_DIR.parent
BUNDLED_PLAN = "wuhan-2023.txt"


def _packaged_or_checkout(name: str) -> Path:
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name


def bundled_plan_path() -> Path:
    """The plan bundled as the default input (Wuhan 2023, 武政办〔2023〕1号)."""
    return DATA_DIR / BUNDLED_PLAN


def errata_path_for(plan_path: Path) -> Path | None:
    """The errata file shipped next to a bundled plan (``NAME.errata.toml``), if any."""
    candidate = plan_path.with_name(plan_path.stem + ".errata.toml")
    return candidate if candidate.is_file() else None


def ontology_dir() -> Path:
    return _packaged_or_checkout("ontology")


def queries_dir() -> Path:
    return _packaged_or_checkout("queries")
