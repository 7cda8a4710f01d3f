"""One self-contained HTML page per view.

The page is ours, not pyvis's template: pyvis's template pulls Bootstrap (and
with menus tom-select) from a CDN even in ``in_line`` mode and escapes neither
heading nor node ids. Its skeleton is ``templates/page.html``; its stylesheet
``static/page.css`` (``__FONT__`` becomes :data:`FONT_STACK`) and its script
``static/page.js`` (ES5, no ``innerHTML`` anywhere, every text set with
``textContent``) are package files, inlined verbatim.

Offline: vis-network's script and stylesheet are inlined from the installed pyvis
package; the page references nothing outside itself, and a Content-Security-Policy
(``default-src 'none'``) forbids any fetch, so a stray reference could not leave
the machine either.

Escaping: all plan text travels as JSON in a ``<script type="application/json">``
block with ``<``, ``>`` and ``&`` written as ``\\u003c`` etc., so it cannot end the
block; the page script builds tooltips, the legend and the details panel with
``textContent`` only (never ``innerHTML``), and the heading is HTML-escaped. The CSP
allows only the two inline scripts by their SHA-256 hashes, so even injected markup
could run no script and no ``onerror`` handler.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
from typing import Any

from graph.views.assets import inline_safe, static_text, template, vis_assets

FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", '
    '"PingFang SC", "Hiragino Sans GB", "SimHei", sans-serif'
)


def script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _hash(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


def csp(scripts: list[str]) -> str:
    allowed = " ".join(_hash(s) for s in scripts) or "'none'"
    return (
        f"default-src 'none'; script-src {allowed}; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )


def render_page(
    *,
    view: str,
    heading: str,
    subtitle: str,
    nodes: list[dict],
    edges: list[dict],
    options: dict,
    legend: list[dict],
    extra: dict[str, Any] | None = None,
) -> str:
    """The complete HTML page (a ``str``; write it as UTF-8). ``extra``: what the
    page script reads beyond the network (``load``: the load view's measures;
    ``scopes``: the tasks view's parts and sections; ``search`` and ``t2s``: the
    search box's entries and Traditional-character table)."""
    vis_js, vis_css, css, app_js, policy = _fixed_parts()
    data = {
        "view": view,
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "legend": legend,
        "counts": {"nodes": len(nodes), "edges": len(edges)},
        **(extra or {}),
    }
    esc = html.escape
    return template("page.html").substitute(
        csp=policy,
        heading=esc(heading),
        subtitle=esc(subtitle),
        vis_css=vis_css,
        css=css,
        vis_js=vis_js,
        data=script_json(data),
        app_js=app_js,
    )


@functools.cache
def _fixed_parts() -> tuple[str, str, str, str, str]:
    """What every page shares, built once per process: vis-network's script and
    stylesheet, our stylesheet and page script (inline-safe), and the CSP (whose two
    script hashes cost a SHA-256 over the 700 kB library)."""
    vis_js, vis_css = vis_assets()
    app_js = inline_safe(static_text("page.js"), "script")
    css = inline_safe(static_text("page.css").replace("__FONT__", FONT_STACK), "style")
    return vis_js, vis_css, css, app_js, html.escape(csp([vis_js, app_js]))
