"""The pages: home, named queries (forms, answers, downloads, citable URLs), units,
items, groups and plans with their RDF, views and charts. Numbers are the bundled
plan's, checked by hand against the README and the analytics."""

from __future__ import annotations

import csv
import io
import re

import pyoxigraph as ox
import pytest

from graph.export.render import render
from graph.store.library import library
from graph.store.sparql import select
from tests.serve.conftest import item_iri, local, unit_iri


def _rows(html: str, table_id: str) -> list[list[str]]:
    """The text of each row of the table ``table_id`` (tags dropped)."""
    match = re.search(rf'<table[^>]*id="{table_id}"[^>]*>(.*?)</table>', html, re.S)
    assert match, table_id
    body = match.group(1).split("<tbody>")[-1]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


def test_home_lists_the_plan_and_the_pages(client):
    page = client.get("/")
    assert page.status_code == 200
    (plan,) = _rows(page.text, "plans")
    assert plan[1:] == ["武政办〔2023〕1号", "2023-01-12", "322"]
    for href in (
        'href="/queries"',
        'href="/editor"',
        'href="/units"',
        'href="/views"',
        'href="/api"',
    ):
        assert href in page.text
    assert f'<code id="endpoint">{client.base_url}/sparql</code>' in page.text


def test_queries_page_lists_every_named_query(client):
    page = client.get("/queries")
    names = [row[0] for row in _rows(page.text, "queries")]
    assert names == sorted(library())


def test_a_named_query_page_has_typed_fields_with_defaults(client):
    page = client.get("/queries/unit-pairs").text
    assert '<input name="min" type="number" value="5">' in page
    assert re.search(r'<select name="expand">\s*<option value="false" selected>', page)
    keyword = client.get("/queries/keyword-items").text
    assert re.search(r'<input name="keyword" type="text" value="[^"]+">', keyword)


def test_answer_table_download_and_citable_url(client, graph_store):
    page = client.get("/queries/unit-pairs", params={"min": "20", "expand": "0"})
    assert page.status_code == 200
    rows = _rows(page.text, "results")
    assert rows == [
        ["市发改委", "市经信局", "34"],
        ["各区人民政府", "市城管执法委", "24"],
        ["各区人民政府", "市发改委", "21"],
    ]
    # the URL to cite names every parameter, canonically
    assert re.search(r'id="cite" href="/queries/unit-pairs\?min=20&amp;expand=false"', page.text)
    download = client.get("/queries/unit-pairs.csv", params={"min": "20", "expand": "false"})
    assert download.headers["content-type"] == "text/csv; charset=utf-8"
    assert download.headers["content-disposition"] == 'attachment; filename="unit-pairs.csv"'
    result = select(library()["unit-pairs"], {"min": "20"}, store=graph_store)
    assert download.text == render(result.records(), result.columns, "csv")
    assert list(csv.reader(io.StringIO(download.text)))[1] == ["市发改委", "市经信局", "34"]
    data = client.get("/queries/unit-pairs.json", params={"min": "20"}).json()
    assert data["params"] == {"min": "20", "expand": "false"}
    assert data["rows"][0] == {"unit_a": "市发改委", "unit_b": "市经信局", "shared": 34}


def test_a_bad_parameter_is_a_400_page(client):
    page = client.get("/queries/unit-pairs", params={"min": "many"})
    assert page.status_code == 400
    assert "parameter min must be an integer, not &#39;many&#39;" in page.text
    unknown = client.get("/queries/unit-pairs", params={"colour": "red"})
    assert unknown.status_code == 400
    assert client.get("/queries/no-such-query").status_code == 404


def test_units_page_links_every_unit(client, graph_store):
    page = client.get("/units").text
    rows = _rows(page, "units")
    names = {row[0] for row in rows}
    assert {"市发改委", "各区人民政府", "新洲区人民政府"} <= names
    assert f'<a href="{local(unit_iri(graph_store, "市发改委"))}">市发改委</a>' in page


def test_unit_page(client, graph_store):
    page = client.get(local(unit_iri(graph_store, "市发改委")))
    assert page.status_code == 200
    text = page.text
    assert '<h1 id="name">市发改委</h1>' in text
    assert _rows(text, "load") == [
        ["as written 按原文", "41", "32", "73", "0"],
        ["with groups 含单位集合", "41", "32", "73", "0"],
    ]
    assert "Leads 牵头 (41)" in text and "Responsible 责任 (32)" in text
    assert _rows(text, "partners")[0] == ["市经信局", "34"]
    targets = _rows(text, "targets")
    assert targets[0][:4] == ["1.1", "lead", "6.5", "%"]


def test_district_page_counts_what_reaches_it_through_groups(client, graph_store):
    text = client.get(local(unit_iri(graph_store, "新洲区人民政府"))).text
    assert _rows(text, "load") == [
        ["as written 按原文", "1", "7", "8", "0"],
        ["with groups 含单位集合", "6", "158", "164", "156"],
    ]
    assert "Through groups 经单位集合 (156)" in text


def test_group_page_lists_its_members(client, graph_store):
    text = client.get(local(unit_iri(graph_store, "各区人民政府"))).text
    members = re.search(r'<dd id="members">(.*?)</dd>', text, re.S).group(1)
    assert len(re.findall(r"<a ", members)) == 18
    assert "新洲区人民政府" in members and "东湖高新区管委会" in members


def test_item_page(client, graph_store):
    text = client.get(local(item_iri(graph_store, "2.5"))).text
    assert '<p class="text" id="text">新增品牌连锁便利店200家、智慧商店1000家。</p>' in text
    assert "<dt>source line 原文行</dt><dd>26</dd>" in text
    rows = _rows(text, "assignments")
    assert rows[:2] == [
        ["市商务局", "牵头单位", "as written"],
        ["各区人民政府", "责任单位", "as written"],
    ]
    assert len(rows) == 2 + 18  # and each member of the group, through it
    assert all(row[2] == "through 各区人民政府" for row in rows[2:])
    assert [row[:2] for row in _rows(text, "targets")] == [["200", "家"], ["1000", "家"]]


def test_plan_page(client, graph_store):
    plans = client.get("/api/plans").json()
    (plan,) = plans
    text = client.get(plan["path"]).text
    assert text.count('<td class="ref">') == 322
    assert "<h3>4、民生实事</h3>" in text


def test_subject_rdf_by_suffix_and_by_accept(client, graph_store):
    item = item_iri(graph_store, "2.5")
    path = local(item)
    expected = {
        (q.subject, q.predicate, q.object)
        for q in graph_store.quads_for_pattern(ox.NamedNode(item), None, None)
    }
    for suffix, fmt in (
        ("ttl", ox.RdfFormat.TURTLE),
        ("jsonld", ox.RdfFormat.JSON_LD),
        ("nt", ox.RdfFormat.N_TRIPLES),
    ):
        response = client.get(f"{path}.{suffix}")
        assert response.status_code == 200
        got = {(t.subject, t.predicate, t.object) for t in ox.parse(response.content, format=fmt)}
        assert got == expected, suffix
    seen = client.get(path, headers={"Accept": "text/turtle"})
    assert seen.status_code == 303 and seen.headers["location"] == f"{path}.ttl"
    assert f'<a href="{path}.jsonld">JSON-LD</a>' in client.get(path).text


def test_other_iris_resolve_and_unknown_ones_are_404(client):
    lead = client.get("/resource", params={"iri": "https://w3id.org/dutygraph/ontology#Lead"})
    assert lead.status_code == 200 and "牵头单位" in lead.text
    assert client.get("/id/no/such/thing").status_code == 404
    assert client.get("/resource", params={"iri": "urn:x:nothing"}).status_code == 404


@pytest.mark.parametrize("view", ["districts", "overlaps"])
def test_views_are_the_viz_pages(client, view):
    """Two of the four (the views' own tests cover each); all four are listed."""
    from graph.serve.site import page_policy

    response = client.get(f"/views/{view}")
    assert response.status_code == 200
    page = response.text
    assert response.headers["content-security-policy"] == page_policy(page)
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert 'src="http' not in page and 'href="http' not in page


def test_view_filters_and_charts(client):
    listed = client.get("/views").text
    for view in ("load", "tasks", "districts", "overlaps"):
        assert f'<a href="/views/{view}">{view}</a>' in listed
    section = client.get("/views/tasks", params={"section": "2.5"})
    assert section.status_code == 200
    assert client.get("/views/nothing").status_code == 404
    bad = client.get("/views/tasks", params={"part": "two"})
    assert bad.status_code == 400
    svg = client.get("/charts/districts.svg")
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg.content.startswith(b"<?xml")
    assert client.get("/charts/nothing.svg").status_code == 404


def test_rdflib_dereferences_an_item_iri(served, graph_store):
    import rdflib

    item = item_iri(graph_store, "2.5")
    graph = rdflib.Graph().parse(served.url + local(item))
    expected = sum(1 for _ in graph_store.quads_for_pattern(ox.NamedNode(item), None, None))
    assert len(graph) == expected
    assert (
        rdflib.URIRef(item),
        rdflib.URIRef("https://w3id.org/dutygraph/ontology#ref"),
        rdflib.Literal("2.5"),
    ) in graph
