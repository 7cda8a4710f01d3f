"""vis-network's script and stylesheet, read from the installed pyvis package.

pyvis ships vis-network inside its templates folder; the pages inline these two
files and nothing else (no Bootstrap, no tom-select, no CDN), so they open with
no network at all.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from graph.errors import DataError

VIS_VERSION = "9.1.2"
_CANDIDATES = (f"templates/lib/vis-{VIS_VERSION}", f"lib/vis-{VIS_VERSION}")


@functools.cache
def vis_assets() -> tuple[str, str]:
    """(vis-network.min.js, vis-network.css) as text, safe to inline."""
    try:
        root = resources.files("pyvis")
    except ModuleNotFoundError:
        raise DataError("the views need pyvis (pip install 'pyvis>=0.3.2')") from None
    for folder in _CANDIDATES:
        js = root.joinpath(folder, "vis-network.min.js")
        css = root.joinpath(folder, "vis-network.css")
        if js.is_file() and css.is_file():
            return (
                inline_safe(js.read_text(encoding="utf-8"), "script"),
                inline_safe(css.read_text(encoding="utf-8"), "style"),
            )
    raise DataError(f"vis-network {VIS_VERSION} not found in the installed pyvis package")


def inline_safe(text: str, tag: str) -> str:
    """Text that cannot close its ``<script>``/``<style>`` element early."""
    return re.sub(rf"</({tag})", r"<\\/\1", text, flags=re.IGNORECASE)
