"""Plans of other issuers build into graphs that conform to the shapes.

Each real excerpt whose items all name their units (the others were cut by the
excerpt's end, and ``validate`` rightly reports items without units) is built on its
own, with the registry of its jurisdiction: units kept as written and flagged
unregistered, people as text, never as organisations.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from graph.parse.plan import parse_plan
from graph.parse.sources import registry_for_plans
from graph.rdf.build import build_graph, sort_triples
from graph.rdf.namespaces import DG, ORG
from graph.rdf.serialise import ntriples
from graph.rdf.validate import validate_graph

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
WHOLE = [
    "02_state-council-2016-quantified",
    "05_hunan-2016",
    "07_guangdong-2021",
    "15_shaoxing-2020-table",
    "17_gangcheng-2021",
    "20_caidian-2023",
    "29_wuhu-2021",
    "31_qinxian-2025-heading-lead",
    "32_hubei-2018-trad",
    "34_shaoguan-2023-trad-mojibake",
    "37_daxing-2023",
]
BASE = "https://w3id.org/dutygraph/id/"


def _graph(name: str):
    plan = parse_plan(REAL / f"{name}.txt")
    builder = build_graph([plan], BASE, registry_for_plans([plan]))
    return plan, sort_triples(builder.triples)


@pytest.mark.parametrize("name", WHOLE)
def test_builds_and_conforms(name):
    _, triples = _graph(name)
    report = validate_graph(ntriples(triples))
    assert report.conforms, [str(v) for v in report.violations]


def test_people_stay_text_and_units_are_flagged_unregistered():
    plan, triples = _graph("07_guangdong-2021")
    leaders = {
        str(t.object.value) for t in triples if t.predicate.value == DG + "responsibleLeader"
    }
    assert leaders == {"林克庆"}
    organisations = {t.subject.value for t in triples if t.object.value == ORG + "Organization"}
    assert not [iri for iri in organisations if "林克庆" in iri]
    flagged = {
        t.subject.value
        for t in triples
        if t.predicate.value == DG + "flag" and t.object.value == "unregistered"
    }
    names = {unquote(iri.rsplit("/", 1)[1]) for iri in flagged}
    assert "省发展改革委" in names and "各地" not in names  # 各地 is a generic group
    cooperating = [t for t in triples if t.predicate.value == DG + "cooperatingUnit"]
    assert len(cooperating) == 2  # 各地, 各部门
    assert plan.items[0].cooperating == ["各地", "各部门"]
