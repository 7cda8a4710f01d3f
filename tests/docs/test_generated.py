"""The generated references (docs/ontology.md, docs/queries.md) match their sources.

The generator runs in memory and its pages are compared with the files on disk;
when a source changes, run ``python docs/generate.py`` and commit the pages.
"""

from __future__ import annotations

import re

import rdflib

from tests.docs.conftest import ROOT

FIX = "run `python docs/generate.py` and commit the result"


def test_generated_pages_are_current(generate):
    pages = generate.render_all()
    stale = generate.stale(pages)
    names = ", ".join(str(p.relative_to(ROOT)) for p in stale)
    assert not stale, f"out of date: {names}; {FIX}"


def test_generation_is_deterministic(generate):
    assert generate.render_all() == generate.render_all()


def test_check_mode_reports_a_stale_page(generate, tmp_path, capsys):
    page = tmp_path / "ontology.md"
    page.write_text("edited by hand\n", encoding="utf-8")
    assert generate.stale({page: "generated\n"}) == [page]
    assert generate.stale({page: "edited by hand\n"}) == []
    assert generate.main(["--check"]) == 0  # the committed pages are current
    assert "up to date" in capsys.readouterr().out


def test_every_described_term_is_in_the_ontology_reference(generate):
    page = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    vocabulary = generate._Vocabulary(ROOT / "ontology")
    ontologies = set(vocabulary.graph.subjects(rdflib.RDF.type, rdflib.OWL.Ontology))
    labelled = {
        s
        for s in vocabulary.graph.subjects(rdflib.RDFS.label, None)
        if isinstance(s, rdflib.URIRef) and s not in ontologies
    }
    assert len(labelled) > 100
    missing = [vocabulary.qname(s) for s in labelled if f"`{vocabulary.qname(s)}`" not in page]
    assert not missing, f"not in docs/ontology.md: {missing}; {FIX}"
    for term in labelled:  # both labels are on the page
        for label in vocabulary.graph.objects(term, rdflib.RDFS.label):
            assert str(label) in page, (vocabulary.qname(term), str(label))


def test_ontology_reference_has_a_diagram_and_the_shapes():
    page = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    diagram = page[page.index("```mermaid") : page.index("```", page.index("```mermaid") + 3)]
    assert "classDiagram" in diagram
    assert "prov_Association <|-- dg_Assignment" in diagram  # rdfs:subClassOf
    assert "dg_Item --> dg_Part : part" in diagram  # domain and range
    assert "dg_Plan : +gYear year" in diagram  # a datatype property
    assert "### `dgsh:ItemShape`" in page


def test_every_named_query_is_in_the_catalogue():
    from graph.store.library import library

    page = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    headings = re.findall(r"(?m)^## (\S+)$", page)
    assert headings == sorted(library())
    for query in library().values():
        assert query.title in page and query.title_zh in page
        for param in query.params:
            assert f"| `{param.name}` | {param.type} |" in page
