"""Pages, charts and the report written to disk, atomically.

The views render strings and bytes (:mod:`graph.views`); writing them is an export,
so it lives here beside every other file the package writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.analytics.frames import Tables
from graph.errors import OptionError
from graph.export.files import ensure_writable_dir, write_all_atomic, write_atomic
from graph.views import render_view
from graph.views.charts import FORMATS, chart_bytes
from graph.views.report import report_files


def write_view(tables: Any, view: str, path: str | Path, **filters: Any) -> Path:
    """Render ``view`` and write it to ``path`` as UTF-8 (atomically); returns the path."""
    target = Path(path)
    write_atomic(target, render_view(tables, view, **filters).encode("utf-8"))
    return target


def write_chart(tables: Tables, kind: str, path: str | Path, *, expand: bool = False) -> Path:
    """Write the chart to ``path`` (``.png`` or ``.svg``, atomically)."""
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise OptionError(f"chart file must end in .png or .svg, not {target.name!r}")
    write_atomic(target, chart_bytes(tables, kind, fmt, expand=expand))
    return target


def write_report(tables: Tables, folder: str | Path, *, expand: bool = False) -> list[Path]:
    """Write the report into ``folder`` (created if needed); returns the files written."""
    target = ensure_writable_dir(Path(folder))
    files = report_files(tables, target, expand=expand)
    write_all_atomic(files)
    return list(files)
