"""Pages, charts and the report written to disk, atomically.

The views render strings and bytes (:mod:`graph.views`); writing them is an export,
so it lives here beside every other file the package writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.analytics.frames import Tables
from graph.errors import OptionError
from graph.export.files import (
    check_folder_name,
    ensure_writable_dir,
    write_atomic,
    write_folder_atomic,
)
from graph.views import render_view
from graph.views.charts import FORMATS, chart_bytes
from graph.views.report import report_files


def write_view(tables: Any, view: str, path: str | Path, **filters: Any) -> Path:
    """Render ``view`` and write it to ``path`` as UTF-8 (atomically); returns the path."""
    target = Path(path)
    write_atomic(target, render_view(tables, view, **filters).encode("utf-8"))
    return target


def write_chart(
    tables: Tables, kind: str, path: str | Path, *, expand: bool = False, lang: str = "zh"
) -> Path:
    """Write the chart to ``path`` (``.png`` or ``.svg``, atomically), its words in
    ``lang`` (zh or en)."""
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise OptionError(f"chart file must end in .png or .svg, not {target.name!r}")
    write_atomic(target, chart_bytes(tables, kind, fmt, expand=expand, lang=lang))
    return target


def write_report(
    tables: Tables, folder: str | Path, *, expand: bool = False, lang: str = "zh"
) -> list[Path]:
    """Write the report into ``folder`` (created if needed), in ``lang`` (zh or en)
    throughout; returns the files written."""
    target = ensure_writable_dir(check_folder_name(folder))
    files = report_files(tables, target, expand=expand, lang=lang)
    # one set (the page embeds its charts): switched into place as a whole
    write_folder_atomic(target, {path.name: data for path, data in files.items()})
    return list(files)
