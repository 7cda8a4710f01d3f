"""The files the pages inline: vis-network from the installed pyvis package, and our
own stylesheets, page script and HTML templates, shipped as package data.

pyvis ships vis-network inside its templates folder; the pages inline these two
files and nothing else (no Bootstrap, no tom-select, no CDN), so they open with
no network at all. pyvis is located, not imported: importing it pulls IPython,
jinja2 and jsonpickle into the process (a fifth of a second) for two files.

Our CSS and JS live in ``graph/views/static/`` and the page skeletons in
``graph/views/templates/`` (``string.Template`` placeholders, ``${name}``), so they
are edited as what they are, linted by tools that know them, and read once per
process. Each file is inlined verbatim: what is in the file is what the page holds
(the CSP hash of the page script is the hash of ``static/page.js`` made inline-safe).
"""

from __future__ import annotations

import functools
import importlib.util
import re
import string
from importlib import resources
from pathlib import Path

from graph.errors import DataError

VIS_VERSION = "9.1.2"
_CANDIDATES = (f"templates/lib/vis-{VIS_VERSION}", f"lib/vis-{VIS_VERSION}")
NO_PYVIS = "the views need pyvis (pip install 'pyvis>=0.3.2')"


def _pyvis_folder() -> Path:
    """The installed pyvis package's folder, found without importing pyvis."""
    try:
        spec = importlib.util.find_spec("pyvis")
    except (ImportError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise DataError(NO_PYVIS)
    return Path(locations[0])


@functools.cache
def vis_assets() -> tuple[str, str]:
    """(vis-network.min.js, vis-network.css) as text, safe to inline."""
    root = _pyvis_folder()
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


@functools.cache
def static_text(name: str) -> str:
    """``graph/views/static/NAME`` (a stylesheet or script of ours), as text."""
    return _package_text("static", name)


@functools.cache
def template(name: str) -> string.Template:
    """``graph/views/templates/NAME``, an HTML skeleton with ``${name}`` placeholders."""
    return string.Template(_package_text("templates", name))


def _package_text(folder: str, name: str) -> str:
    try:
        return resources.files("graph.views").joinpath(folder, name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(
            f"graph/views/{folder}/{name} is missing from the installed package"
        ) from None
