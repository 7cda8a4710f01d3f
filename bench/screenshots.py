"""Screenshots of every view at 1600×1000, for a person to read.

    python bench/screenshots.py                 # the bundled plan into ./screenshots/
    python bench/screenshots.py --out shots plan-2024.txt --unit 市水务局

Writes, into the output folder, each page (``pages/*.html``, as ``dutygraph viz``
writes them) and a PNG of it at 1600×1000 in Debian's Chromium
(``/usr/bin/chromium``, headless, offline; Playwright drives it, nothing is
downloaded): ``load.png``, ``load-lead.png`` (the load view switched to items led),
``tasks.png`` (the section the page opens on), ``tasks-all.png`` (the whole plan,
chosen in the page), ``districts.png``, ``overlaps.png``, ``unit.png`` and the
report's ``index.png``. The first screen of each page is what is taken, as a
reader sees it on opening.

What to read in them (the test plan's terms): in ``load.png``, who carries the most
load is answerable without hovering: the biggest discs carry the biggest figures,
the ranked list beside them gives the same figures in order, and no label hides
another; in ``tasks.png`` one section, readable, with the chooser above; in
``districts.png`` districts of nearly equal load look nearly equal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
SIZE = {"width": 1600, "height": 1000}


def write_pages(sources: list[str], folder: Path, unit: str) -> dict[str, Path]:
    from graph.analytics.frames import load_tables
    from graph.export.pages import write_report, write_view
    from graph.store.local import memory_store
    from graph.views import VIEWS

    tables = load_tables(memory_store(sources or None))
    folder.mkdir(parents=True, exist_ok=True)
    pages = {view: write_view(tables, view, folder / f"{view}.html") for view in VIEWS}
    pages["unit"] = write_view(tables, "unit", folder / "unit.html", unit=unit)
    write_report(tables, folder / "report")
    pages["index"] = folder / "report" / "index.html"
    return pages


def shoot(pages: dict[str, Path], out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    taken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        try:
            context = browser.new_context(offline=True, viewport=SIZE)
            for name, path in pages.items():
                shots = {name: None}
                if name == "load":
                    shots["load-lead"] = "window.dutygraph.setMeasure(1, 0, 0)"
                if name == "tasks":
                    shots["tasks-all"] = "window.dutygraph.showScope('all')"
                page = context.new_page()
                page.goto(path.resolve().as_uri(), wait_until="load")
                if name != "index":
                    page.wait_for_selector("html[data-ready='1']", state="attached")
                for shot, script in shots.items():
                    if script:
                        page.evaluate(f"() => {script}")
                    page.wait_for_timeout(200)
                    target = out / f"{shot}.png"
                    page.screenshot(path=str(target))
                    taken.append(target)
                page.close()
        finally:
            browser.close()
    return taken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", help="plan files (default: the bundled plan)")
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="output folder")
    parser.add_argument("--unit", default="市发改委", help="the unit page's unit")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(
            f"{CHROMIUM} is missing: apt-get install chromium fonts-wqy-microhei", file=sys.stderr
        )
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    pages = write_pages(args.sources, args.out / "pages", args.unit)
    for path in shoot(pages, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
