"""The HTML pages: home, named queries, the SPARQL editor, units, subjects (plans,
items, units, groups, anything else), views and charts.

Templates are Jinja2 with autoescaping on, so plan text is always escaped; no page
has an inline script or style (the Content-Security-Policy allows neither), and the
editor's script and CodeMirror are the app's own files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
import pyoxigraph as ox
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from graph.errors import DutygraphError, OptionError
from graph.serve import rdfio
from graph.serve.named import INPUT_TYPES, Answer, page_url, query_or_404
from graph.serve.site import Site, page_policy
from graph.store.library import library
from graph.store.sparql import bind, substitute_text

TEMPLATES = Path(__file__).parent / "templates"
VIEW_TEXT = {
    "load": "Units sized by load, coloured by kind, linked by the items they share",
    "tasks": "Units and items: lead and responsible links (filter by section or unit)",
    "districts": "Districts and committees, with what reaches them through groups",
    "overlaps": "Items written twice and the units they involve, differences highlighted",
}
CHART_TEXT = {
    "load": "The 20 units on most items: lead and responsible items, stacked",
    "districts": "Items per district and committee: named directly or through groups",
    "sections": "District × section heat map",
}
SUFFIXES = {"csv": "text/csv", "tsv": "text/tab-separated-values", "json": "application/json"}
EXAMPLE = "unit-pairs"  # the named query the editor opens with


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["qs"] = lambda pairs: urlencode(list(pairs))
    return env


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    site: Site = request.app.state.site
    env: jinja2.Environment = request.app.state.templates
    text = env.get_template(template).render(
        request=request, settings=site.settings, nav=_NAV, **context
    )
    return HTMLResponse(text, status_code=status)


_NAV = (
    ("/", "Home 首页"),
    ("/queries", "Queries 查询"),
    ("/editor", "SPARQL"),
    ("/units", "Units 单位"),
    ("/views", "Views 图示"),
    ("/api", "API"),
)


def _site(request: Request) -> Site:
    return request.app.state.site


def _single(request: Request) -> dict[str, str]:
    """The query string as one value per name (a repeated name is a 400)."""
    out: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in out:
            raise HTTPException(400, f"parameter {key} given more than once")
        out[key] = value
    return out


def home(request: Request) -> Response:
    site = _site(request)
    named = [library()[n] for n in sorted(library())]
    return render(
        request,
        "home.html",
        plans=site.subjects.plans(),
        summary=site.subjects.summary(),
        queries=named,
        endpoint=str(request.url_for("sparql")),
    )


def queries(request: Request) -> Response:
    return render(request, "queries.html", queries=[library()[n] for n in sorted(library())])


def query_page(request: Request) -> Response:
    """A named query: its form, text and answer (``.csv``/``.tsv``/``.json``: the
    answer as a download)."""
    site = _site(request)
    name = request.path_params["name"]
    suffix = ""
    stem, dot, ext = name.rpartition(".")
    if dot and ext in SUFFIXES and stem in library():
        name, suffix = stem, ext
    try:
        named = query_or_404(name)
    except LookupError:
        raise HTTPException(404, f"no named query {name!r}") from None
    given = _single(request)
    if suffix:
        try:
            body, _ = site.named.body(name, given, suffix)
        except OptionError as refused:
            raise HTTPException(400, str(refused)) from None
        disposition = f'attachment; filename="{name}.{suffix}"'
        media = SUFFIXES[suffix] + "; charset=utf-8"
        return Response(body, media_type=media, headers={"content-disposition": disposition})
    error: str | None = None
    answer: Answer | None = None
    values = tuple((p.name, given.get(p.name, p.default)) for p in named.params)
    try:
        answer = site.named.answer(name, given)
        values = answer.values
    except (OptionError, RuntimeError) as exc:
        error = str(exc)
    rows = []
    if answer is not None:
        units = site.subjects.unit_iris()
        for row in answer.result.rows:
            rows.append([_cell(site, term, units) for term in row])
    try:
        editor_text = substitute_text(named.text, dict(bind(named, dict(values))))
    except DutygraphError:
        editor_text = named.text
    return render(
        request,
        "query.html",
        status=400 if error else 200,
        query=named,
        values=dict(values),
        input_types=INPUT_TYPES,
        error=error,
        answer=answer,
        rows=rows,
        url=page_url(name, values),
        csv_url=page_url(name, values, ".csv"),
        json_url=page_url(name, values, ".json"),
        api_url=f"/api/queries/{name}/results" + (f"?{urlencode(list(values))}" if values else ""),
        editor_url="/editor?" + urlencode({"query": editor_text}),
        sources=site.subjects.summary()["sources"],
    )


def _cell(site: Site, term: Any, units: dict[str, str]) -> dict[str, Any]:
    """A result cell: an IRI links to its page, and so does a unit's short name."""
    if term is None:
        return {"text": ""}
    if isinstance(term, ox.NamedNode):
        return {"text": term.value, "path": site.subjects.path(term.value)}
    if isinstance(term, ox.Literal):
        iri = units.get(term.value)
        return {"text": term.value, "path": site.subjects.path(iri) if iri else None}
    return {"text": str(term)}


def editor(request: Request) -> Response:
    site = _site(request)
    text = request.query_params.get("query")
    if not text:
        example = library()[EXAMPLE]
        text = substitute_text(example.text, dict(bind(example, {})))
    return render(
        request,
        "editor.html",
        text=text,
        prefixes=site.prefixes,
        endpoint=str(request.url_for("sparql")),
    )


def units(request: Request) -> Response:
    site = _site(request)
    answer = site.named.answer("units", {})
    rows = answer.records()
    for row in rows:
        row["path"] = site.subjects.path(row["iri"]) if row.get("iri") else None
    return render(request, "units.html", rows=rows, columns=answer.result.columns)


def subject(request: Request) -> Response:
    """Any IRI under the data's base: ``/id/PATH`` is ``{base}PATH``; ``.ttl``,
    ``.jsonld``, ``.nt`` or ``.rdf`` after it gives the subject's RDF."""
    site = _site(request)
    path = request.path_params["path"]
    return _subject(request, site, site.settings.base + path, allow_suffix=True)


def resource(request: Request) -> Response:
    """Any IRI at all, by ``?iri=`` (ontology terms, other bases)."""
    site = _site(request)
    iri = request.query_params.get("iri", "")
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise HTTPException(400, "give ?iri= with an IRI") from None
    key = request.query_params.get("format")
    if key:
        fmt = rdfio.by_key(key, rdfio.GRAPHS)
        if fmt is None:
            raise HTTPException(400, f"unknown format {key!r}")
        return _rdf(site, iri, fmt)
    return _subject(request, site, iri, allow_suffix=False)


def _rdf(site: Site, iri: str, fmt: rdfio.Format) -> Response:
    if site.subjects.kind(iri) is None:
        raise HTTPException(404, f"nothing is known of {iri}")
    body = rdfio.write_triples(rdfio.describe(site.store, iri), fmt.key, site.prefixes)
    return Response(body, media_type=fmt.media_type + "; charset=utf-8")


def _subject(request: Request, site: Site, iri: str, *, allow_suffix: bool) -> Response:
    subjects = site.subjects
    kind = subjects.kind(iri)
    if kind is None and allow_suffix:
        stem, dot, ext = iri.rpartition(".")
        fmt = rdfio.by_key(ext, rdfio.GRAPHS) if dot else None
        if fmt is not None and subjects.kind(stem) is not None:
            return _rdf(site, stem, fmt)
    if kind is None:
        raise HTTPException(404, f"nothing is known of {iri}")
    chosen = rdfio.negotiate(request.headers.get("accept"), (rdfio.HTML, *rdfio.GRAPHS))
    if chosen is not None and chosen is not rdfio.HTML:
        page = subjects.path(iri)
        target = (
            f"{page}.{chosen.key}"
            if page.startswith("/id/")
            else f"{page}&{urlencode({'format': chosen.key})}"
        )
        return RedirectResponse(target, status_code=303)
    data = subjects.describe(iri)
    page = subjects.path(iri)
    rdf = (
        {key: f"{page}.{key}" for key in ("ttl", "jsonld", "nt")}
        if page.startswith("/id/")
        else {key: f"{page}&format={key}" for key in ("ttl", "jsonld", "nt")}
    )
    return render(request, f"{data['type']}.html", data=data, rdf=rdf)


def views(request: Request) -> Response:
    site = _site(request)
    return render(
        request,
        "views.html",
        views=VIEW_TEXT,
        charts=CHART_TEXT,
        parts=sorted({int(p) for p in site.tables().items["part"].dropna()}),
    )


_VIEW_FILTERS = {
    "part": int,
    "section": str,
    "unit": str,
    "kind": str,
    "min_load": int,
    "min_score": float,
}


def _flag(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes", "on"):
        return True
    if lowered in ("false", "0", "no", "off", ""):
        return False
    raise HTTPException(400, f"{name} must be true or false, not {value!r}")


def view_page(request: Request) -> Response:
    """A view page exactly as ``dutygraph viz`` writes it, with its own policy."""
    site = _site(request)
    name = request.path_params["view"]
    if name not in VIEW_TEXT:
        raise HTTPException(404, f"no view {name!r}; views: {', '.join(VIEW_TEXT)}")
    filters: dict[str, Any] = {}
    for key, value in sorted(_single(request).items()):
        if value == "":
            continue
        if key == "expand":
            filters["expand"] = _flag(value, key)
        elif key in _VIEW_FILTERS:
            try:
                filters[key] = _VIEW_FILTERS[key](value)
            except ValueError:
                raise HTTPException(400, f"{key} must be a number, not {value!r}") from None
        else:
            raise HTTPException(400, f"unknown filter {key!r}")

    def make() -> tuple[str, str]:
        from graph.views import render_view

        page = render_view(site.tables(), name, **filters)
        return page, page_policy(page)

    try:
        page, policy = site.picture(("view", name, tuple(sorted(filters.items()))), make)
    except DutygraphError as error:
        raise HTTPException(400, str(error)) from None
    return HTMLResponse(page, headers={"content-security-policy": policy})


def chart(request: Request) -> Response:
    site = _site(request)
    name = request.path_params["chart"]
    stem, _, ext = name.rpartition(".")
    if stem not in CHART_TEXT or ext not in ("png", "svg"):
        raise HTTPException(404, f"no chart {name!r}")
    expand = _flag(request.query_params.get("expand", "false"), "expand")

    def make() -> bytes:
        from graph.views.charts import chart_bytes

        return chart_bytes(site.tables(), stem, ext, expand=expand)

    try:
        data = site.picture(("chart", stem, ext, expand), make)
    except DutygraphError as error:
        raise HTTPException(503, str(error)) from None
    media = "image/png" if ext == "png" else "image/svg+xml"
    return Response(data, media_type=media)


def charts(request: Request) -> Response:
    return render(request, "charts.html", charts=CHART_TEXT)


def static(request: Request) -> Response:
    found = request.app.state.assets.get(request.path_params["path"])
    if found is None:
        raise HTTPException(404, "no such file")
    data, media = found
    return Response(data, media_type=media, headers={"cache-control": "public, max-age=3600"})


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", status=status, code=status, message=message)
