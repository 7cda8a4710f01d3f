"""``/sparql``: a SPARQL 1.1 Protocol endpoint over the served store.

* query by GET (``?query=``) or POST (a form, or an ``application/sparql-query``
  body), with ``default-graph-uri`` and ``named-graph-uri`` (without them the
  default graph is the union of every graph: each plan has its own);
* SELECT and ASK answered as JSON, XML, CSV or TSV, CONSTRUCT and DESCRIBE as
  Turtle, N-Triples, JSON-LD or RDF/XML, by ``Accept`` (or ``?format=``);
* a time limit and a row cap (:mod:`graph.serve.runner`); a cut answer says so in
  the ``Dutygraph-Truncated`` header;
* UPDATE refused (403) unless the server was started with updates allowed, and
  ``SERVICE`` and ``LOAD`` always refused: the server fetches nothing itself;
* without a query, the SPARQL service description (a browser is sent to the editor).
"""

from __future__ import annotations

from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from graph.serve import rdfio
from graph.serve.runner import Job, Refused
from graph.serve.site import Site

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RESULT_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "ttl": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD",
    "rdf": "RDF_XML",
}
FORM = "application/x-www-form-urlencoded"
TRUNCATED = "Dutygraph-Truncated"
ROW_CAP = "Dutygraph-Row-Cap"


def _fail(error: Refused) -> Response:
    return PlainTextResponse(error.message + "\n", status_code=error.status)


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise Refused(400, f"give one {name} parameter, not {len(values)}")
    return values[0] if values else None


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "the request body is not UTF-8") from None


async def _operation(request: Request) -> tuple[str | None, str | None, dict[str, list[str]]]:
    """(query, update, parameters) of a protocol request."""
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = _decode(await request.body())
        if ctype == FORM:
            for key, values in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif ctype == "application/sparql-query":
            if "query" in params:
                raise Refused(400, "a query body and a query parameter: give one")
            params["query"] = [body]
        elif ctype == "application/sparql-update":
            params["update"] = [body]
        else:
            raise Refused(
                415,
                "POST a form (application/x-www-form-urlencoded), an application/sparql-query "
                "or an application/sparql-update body",
            )
    elif "update" in params:
        raise Refused(405, "updates are sent with POST")
    query = _one(params.get("query", []), "query")
    update = _one(params.get("update", []), "update")
    if query is not None and update is not None:
        raise Refused(400, "a request is a query or an update, not both")
    return query, update, params


def _formats(request: Request, params: dict[str, list[str]]) -> tuple[str | None, str | None]:
    """The results format and the graph format the client accepts (either may be
    None: a query of that form is then a 406)."""
    chosen = _one(params.get("format", []), "format")
    if chosen:
        results = rdfio.by_key(chosen, rdfio.RESULTS)
        graphs = rdfio.by_key(chosen, rdfio.GRAPHS)
        if results is None and graphs is None:
            keys = ", ".join(f.key for f in (*rdfio.RESULTS, *rdfio.GRAPHS))
            raise Refused(400, f"unknown format {chosen!r}; formats: {keys}")
        return (results.key if results else None), (graphs.key if graphs else None)
    accept = request.headers.get("accept")
    results = rdfio.negotiate(accept, rdfio.RESULTS)
    graphs = rdfio.negotiate(accept, rdfio.GRAPHS)
    if results is None and graphs is None:
        raise Refused(406, "none of the accepted media types is offered: " + _offered())
    return (results.key if results else None), (graphs.key if graphs else None)


def _offered() -> str:
    return ", ".join(f.media_type for f in (*rdfio.RESULTS, *rdfio.GRAPHS))


async def sparql(request: Request) -> Response:
    site: Site = request.app.state.site
    try:
        query, update, params = await _operation(request)
        if query is None and update is None:
            return _service_description(request, site)
        if update is not None or rdfio.lexical_form(query or "") == "update":
            return await _update(
                site, update if update is not None else query or "", update is None
            )
        assert query is not None
        keyword = rdfio.outbound(query)
        if keyword:
            raise Refused(403, f"{keyword} is refused: this server sends no requests of its own")
        results_key, graph_key = _formats(request, params)
        job = Job(
            query,
            tuple(params.get("default-graph-uri", [])),
            tuple(params.get("named-graph-uri", [])),
            results_key or "",
            graph_key or "",
        )
        for iri in (*job.default_graphs, *job.named_graphs):
            try:
                ox.NamedNode(iri)
            except ValueError:
                raise Refused(400, f"not an IRI: {iri!r}") from None
        answer = await site.runner.query(job)
    except Refused as error:
        return _fail(error)
    headers = {ROW_CAP: str(site.settings.max_rows)}
    if answer.truncated:
        headers[TRUNCATED] = "true"
    media = answer.media_type
    if media.startswith("text/") or media.endswith(("json", "xml")):
        media += "; charset=utf-8"
    return Response(answer.body, headers=headers, media_type=media)


async def _update(site: Site, text: str, sent_as_query: bool) -> Response:
    if not site.settings.allow_update:
        raise Refused(403, "SPARQL UPDATE is refused: this server is read-only")
    if sent_as_query:
        raise Refused(400, "this is an update: send it as one (POST update=…)")
    keyword = rdfio.outbound(text)
    if keyword:
        raise Refused(403, f"{keyword} is refused: this server sends no requests of its own")
    await anyio.to_thread.run_sync(site.runner.update, text)
    site.changed()
    return Response(status_code=204)


def _service_description(request: Request, site: Site) -> Response:
    """The SPARQL 1.1 service description of this endpoint, in a graph format; a
    browser asking for HTML goes to the editor instead."""
    accept = request.headers.get("accept")
    chosen = rdfio.negotiate(accept, (*rdfio.GRAPHS, rdfio.HTML))
    if chosen is rdfio.HTML:
        return RedirectResponse("/editor", status_code=303)
    if chosen is None:
        offered = ", ".join(f.media_type for f in rdfio.GRAPHS)
        return _fail(Refused(406, f"the service description is offered as {offered}"))
    endpoint = str(request.url.replace(query="", fragment=""))
    triples = service_triples(endpoint, site)
    prefixes = {"sd": SD, "formats": FORMATS}
    body = rdfio.write_triples(triples, chosen.key, prefixes)
    return Response(body, media_type=chosen.media_type + "; charset=utf-8")


def service_triples(endpoint: str, site: Site) -> list[ox.Triple]:
    """sd:Service: the endpoint, its languages, formats and features, and its
    dataset (the union default graph and the named graphs of the store)."""
    n = ox.NamedNode
    service = n(endpoint + "#service")
    dataset = ox.BlankNode("dataset")
    default = ox.BlankNode("default")
    triples = [
        ox.Triple(service, n(RDF_TYPE), n(SD + "Service")),
        ox.Triple(service, n(SD + "endpoint"), n(endpoint)),
        ox.Triple(service, n(SD + "supportedLanguage"), n(SD + "SPARQL11Query")),
        ox.Triple(service, n(SD + "feature"), n(SD + "UnionDefaultGraph")),
        ox.Triple(
            service, n(SD + "defaultEntailmentRegime"), n("http://www.w3.org/ns/entailment/Simple")
        ),
        ox.Triple(service, n(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, n(RDF_TYPE), n(SD + "Dataset")),
        ox.Triple(dataset, n(SD + "defaultGraph"), default),
        ox.Triple(default, n(RDF_TYPE), n(SD + "Graph")),
    ]
    if site.settings.allow_update:
        triples.append(ox.Triple(service, n(SD + "supportedLanguage"), n(SD + "SPARQL11Update")))
    for key in ("json", "xml", "csv", "tsv", "ttl", "nt", "jsonld", "rdf"):
        triples.append(
            ox.Triple(service, n(SD + "resultFormat"), n(FORMATS + RESULT_FORMAT_IRIS[key]))
        )
    for number, graph in enumerate(sorted(site.store.named_graphs(), key=str)):
        if not isinstance(graph, ox.NamedNode):
            continue
        named = ox.BlankNode(f"graph{number}")
        triples += [
            ox.Triple(dataset, n(SD + "namedGraph"), named),
            ox.Triple(named, n(RDF_TYPE), n(SD + "NamedGraph")),
            ox.Triple(named, n(SD + "name"), graph),
        ]
    return triples
