"""The app in Debian's Chromium (Playwright, headless, the views' browser fixture):
home → named query form → a unit → a view, the SPARQL editor, and a hostile plan,
each with no console error and no request leaving the server."""

from __future__ import annotations

import contextlib

from tests.serve.conftest import item_iri, local
from tests.views.conftest import (
    Opened,
    browser,  # noqa: F401  (the session's Chromium)
)


@contextlib.contextmanager
def visiting(browser, base: str):  # noqa: F811
    """A page whose every request to anywhere but ``base`` is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    visit = Opened(page=None, origin="the server")

    def route(handle) -> None:
        url = handle.request.url
        if url.startswith(base + "/") or url == base:
            handle.continue_()
        else:
            visit.outside.append(url)
            handle.abort()

    context.route("**/*", route)
    page = context.new_page()
    visit.page = page
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.console_errors.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: visit.failed.append(r.url))
    page.set_default_timeout(20_000)
    try:
        yield visit
    finally:
        context.close()


def test_home_query_form_unit_and_view(browser, served):  # noqa: F811
    with visiting(browser, served.url) as visit:
        page = visit.page
        page.goto(served.url + "/")
        assert page.inner_text("#plans tbody td:last-child") == "322"
        page.click("header nav a[href='/queries']")
        page.click("#queries a[href='/queries/unit-pairs']")
        page.fill("input[name=min]", "20")
        page.click("#params button[type=submit]")
        page.wait_for_url("**/queries/unit-pairs?min=20&expand=false")
        rows = page.locator("#results tbody tr")
        assert rows.count() == 3
        assert rows.nth(0).inner_text().split("\t") == ["市发改委", "市经信局", "34"]
        rows.nth(0).locator("a", has_text="市经信局").click()
        assert page.inner_text("h1#name") == "市经信局"
        assert page.locator("#partners tbody tr").first.inner_text().split("\t") == [
            "市发改委",
            "34",
        ]
        page.click("header nav a[href='/views']")
        page.click("#views a[href='/views/districts']")
        page.wait_for_selector("html[data-ready='1']", state="attached")
        assert page.locator("#mynetwork canvas").count() == 1
        visit.assert_clean()


def test_editor_highlights_completes_and_runs(browser, served):  # noqa: F811
    with visiting(browser, served.url) as visit:
        page = visit.page
        page.goto(served.url + "/editor")
        page.wait_for_selector("html[data-ready='1']", state="attached")
        assert page.locator(".CodeMirror .cm-keyword").count() > 0  # SELECT, WHERE …
        page.evaluate(
            "() => { const e = window.dutygraphEditor; "
            "e.setValue('SELECT (COUNT(*) AS ?items) WHERE { ?i a '); "
            "e.focus(); e.setCursor(e.posFromIndex(e.getValue().length)); }"
        )
        # complete "dg" into dg: and add its PREFIX line
        page.keyboard.type("dg")
        page.keyboard.press("Control+Space")
        page.wait_for_selector(".CodeMirror-hints")
        page.keyboard.press("Enter")
        page.keyboard.type("Item }")
        text = page.evaluate("() => window.dutygraphEditor.getValue()")
        assert text.splitlines() == [
            "PREFIX dg: <https://w3id.org/dutygraph/ontology#>",
            "SELECT (COUNT(*) AS ?items) WHERE { ?i a dg:Item }",
        ]
        page.click("#run")
        page.wait_for_selector("#results tbody tr")
        assert page.inner_text("#results tbody td") == "322"
        assert page.inner_text("#status").startswith("1 rows in ")
        visit.assert_clean()


def test_hostile_plan_runs_no_script(browser, hostile, hostile_store):  # noqa: F811
    with visiting(browser, hostile.url) as visit:
        page = visit.page
        page.goto(hostile.url + local(item_iri(hostile_store, "2.9")))
        assert "<script>window.__pwned=1</script>" in page.inner_text("#text")
        assert page.evaluate("() => window.__pwned === undefined")
        page.goto(
            hostile.url + "/queries/keyword-items?keyword=%E7%A4%BA%E8%8C%83%E5%9F%8E%E5%B8%82"
        )
        assert page.evaluate("() => window.__pwned === undefined")
        visit.assert_clean()
