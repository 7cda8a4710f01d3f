"""Fixtures for the views: the analytics tables, expected counts, and Debian's
Chromium driven headless through Playwright with every network request blocked.

The browser is the system one (``/usr/bin/chromium``, ``apt-get install chromium``);
nothing is ever downloaded. If it is missing the browser tests fail, loudly.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMINGS: dict[str, float] = {}
HOSTILE_TEXT = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
HOSTILE_UNIT = '<img src=y onerror="window.__pwned=3">'


def write_hostile_plan(folder: Path) -> Path:
    """The bundled plan with item 2.9's text and one unit's name made markup
    (HOSTILE_TEXT, HOSTILE_UNIT), written into ``folder``."""
    from graph.data import bundled_plan_path

    text = bundled_plan_path().read_text(encoding="utf-8")
    # Item 2.9 as the web copy writes it (Traditional, with pinyin readings).
    old = "示范城市。(牽頭單位:市文旅局;責(zé)任單位:各區(qū)人民政府)"
    assert old in text
    new = (
        f"示范城市{HOSTILE_TEXT}。(牽頭單位:市文旅局;責(zé)任單位:各區(qū)人民政府,{HOSTILE_UNIT})"
    )
    path = folder / "hostile-plan.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tables(graph_store):
    from graph.analytics.frames import load_tables

    return load_tables(graph_store)


# Unit names that are also names of JavaScript object properties, or end a script:
# #16.16, a page's search broke on them when its lookups were object keys.
HOSTILE_NAMES = ("__proto__", "constructor", "toString", "</script><b>x")


@pytest.fixture(scope="session")
def hostile_names_tables(tmp_path_factory):
    """The bundled plan with item 2.9 given four more responsible units, named as
    :data:`HOSTILE_NAMES`."""
    from graph.analytics.frames import load_tables
    from graph.data import bundled_plan_path
    from graph.store.local import memory_store

    text = bundled_plan_path().read_text(encoding="utf-8")
    old = "示范城市。(牽頭單位:市文旅局;責(zé)任單位:各區(qū)人民政府)"
    assert old in text
    new = old.replace("各區(qū)人民政府)", "各區(qū)人民政府," + ",".join(HOSTILE_NAMES) + ")")
    path = tmp_path_factory.mktemp("hostile-names") / "hostile-names.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    tables = load_tables(memory_store([path]))
    assert set(HOSTILE_NAMES) <= set(tables.assignments["unit"])
    return tables


@pytest.fixture(scope="session")
def expected(tables) -> dict[str, tuple[int, int]]:
    """Nodes and edges each view must show, counted from the analytics directly."""
    from graph.analytics.load import district_load
    from graph.analytics.networks import bipartite_graph, coassignment_graph
    from graph.analytics.overlaps import duplicates

    out: dict[str, tuple[int, int]] = {}
    co = coassignment_graph(tables)
    out["load"] = (co.number_of_nodes(), co.number_of_edges())
    bi = bipartite_graph(tables)
    out["tasks-all"] = (bi.number_of_nodes(), bi.number_of_edges())

    written = tables.view(False)
    for name, number in (("tasks", 1), ("tasks-2.5", 5)):  # the page opens on 2.1
        section = written[(written["part"] == 2) & (written["section"] == number).fillna(False)]
        pairs = set(zip(section["unit"], section["ref"], strict=True))
        out[name] = (section["unit"].nunique() + section["ref"].nunique(), len(pairs))

    districts = set(district_load(tables)["unit"])
    expanded = tables.view(True)
    mine = expanded[expanded["unit"].isin(districts)]
    via = mine[mine["derivation"] == "group"]
    named = mine[mine["derivation"] != "group"]
    group_edges = set(zip(via["via_group"], via["unit"], strict=True))
    named_edges = set(zip(named["unit"], named["ref"], strict=True))
    out["districts"] = (
        len(districts) + via["via_group"].nunique() + named["ref"].nunique(),
        len(group_edges) + len(named_edges),
    )

    dups = duplicates(tables)
    refs = set(dups["item_a"]) | set(dups["item_b"])
    on = written[written["ref"].isin(refs)]
    unit_edges = set(zip(on["unit"], on["ref"], strict=True))
    out["overlaps"] = (len(refs) + on["unit"].nunique(), len(dups) + len(unit_edges))
    return out


def _leave_a_leftover_event_loop() -> None:
    """The notebook tests run nbclient in this process, which can leave its asyncio
    loop marked as running in the main thread; Playwright's sync API then refuses to
    start. No test here runs inside a loop, so a loop marked running is a leftover."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    asyncio.events._set_running_loop(None)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, for the whole session."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's browser with `apt-get install -y chromium "
            "fonts-wqy-microhei` (CI does); the browser tests never download one",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "the browser tests need Playwright's Python package: pip install '.[test]' "
            "(never `playwright install`; the system chromium is used)",
            pytrace=False,
        )
    _leave_a_leftover_event_loop()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Opened:
    page: Any
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    origin: str = "the file"  # what a request may not leave (the server, for the app)

    def assert_clean(self) -> None:
        assert self.outside == [], f"requests that left {self.origin}: {self.outside}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"


@contextlib.contextmanager
def opened(browser, path: Path, *, ready: bool = True, viewport=(1280, 860)):
    """Open ``path`` from a file:// URL with networking off and every non-file
    request aborted and recorded; wait until the network is drawn."""
    context = browser.new_context(
        offline=True, viewport={"width": viewport[0], "height": viewport[1]}
    )
    result = Opened(page=None)

    def route(handle) -> None:
        url = handle.request.url
        if url.startswith("file:"):
            handle.continue_()
        else:
            result.outside.append(url)
            handle.abort()

    context.route("**/*", route)
    page = context.new_page()
    result.page = page
    page.on(
        "console", lambda m: result.console_errors.append(m.text) if m.type == "error" else None
    )
    page.on("pageerror", lambda e: result.console_errors.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: result.failed.append(r.url))
    page.on(
        "request",
        lambda r: (
            result.outside.append(r.url)
            if not r.url.startswith(("file:", "data:")) and r.url not in result.outside
            else None
        ),
    )
    try:
        page.goto(path.resolve().as_uri(), wait_until="load")
        if ready:
            # Not wait_for_function: the page's CSP forbids the eval it relies on.
            page.wait_for_selector("html[data-ready='1']", state="attached", timeout=20_000)
        yield result
    finally:
        context.close()


def focus_node(page, node_id: str) -> tuple[float, float]:
    """Centre the view on a node, zoomed in; a point (page coordinates) where that
    node, and no node drawn over it, is under the pointer."""
    point = page.evaluate(
        """(id) => {
            const net = window.dutygraph.network;
            const at = net.getPositions([id])[id];
            net.moveTo({position: at, scale: 2.5, animation: false});
            net.redraw();
            const box = net.getBoundingBox(id);
            const frame = document.getElementById('mynetwork').getBoundingClientRect();
            for (let fy = 0.5; fy > 0.02 && fy < 0.98; fy = fy <= 0.5 ? 1 - fy + 0.08 : 1 - fy) {
                for (let fx = 0.5; fx > 0.02 && fx < 0.98; fx = fx <= 0.5 ? 1 - fx + 0.08 : 1 - fx) {
                    const canvas = {x: box.left + fx * (box.right - box.left),
                                    y: box.top + fy * (box.bottom - box.top)};
                    const dom = net.canvasToDOM(canvas);
                    if (net.getNodeAt(dom) === id) {
                        return [frame.left + dom.x, frame.top + dom.y];
                    }
                }
            }
            return null;
        }""",
        node_id,
    )
    assert point is not None, f"{node_id} is hidden under other nodes"
    return point[0], point[1]


def pytest_terminal_summary(terminalreporter) -> None:
    if TIMINGS:
        terminalreporter.section("dutygraph views: time to interactive (reported, not asserted)")
        for name, value in TIMINGS.items():
            terminalreporter.write_line(f"{name}: {value:.0f} ms")
