"""Facts checked by hand against the bundled plan, read back from the RDF.

Expected values come from reading the source (武政办〔2023〕1号), not from the parser.
"""

from __future__ import annotations

import hashlib

from graph.data import bundled_plan_path
from tests.rdf.conftest import BASE, PLAN, item_iri
from tests.rdf.sparql import select, values

DRC = f"{BASE}unit/wuhan/development-and-reform-commission"  # 市发改委


def unit_names(store, item: str, predicate: str) -> set[str]:
    return values(
        store, f"SELECT ?n WHERE {{ <{item}> {predicate} ?u . ?u skos:prefLabel ?n }}", "n"
    )


def test_item_2_7_units(store):
    # 7.着力振兴汉派服装。(牵头单位:市经信局;责任单位:市发改委、市商务局、市文旅局、
    # 市政府国资委、市市场监管局、市地方金融局,江汉、硚口、黄陂、新洲区人民政府)
    item = item_iri("2.7")
    assert unit_names(store, item, "dg:leadUnit") == {"市经信局"}
    assert unit_names(store, item, "dg:effectiveLeadUnit") == {"市经信局"}
    assert unit_names(store, item, "dg:responsibleUnit") == {
        "市发改委",
        "市商务局",
        "市文旅局",
        "市政府国资委",
        "市市场监管局",
        "市地方金融局",
        "江汉区人民政府",
        "硚口区人民政府",
        "黄陂区人民政府",
        "新洲区人民政府",
    }
    assert values(store, f"SELECT ?b WHERE {{ <{item}> dg:leadByRule ?b }}", "b") == {"false"}


def test_item_2_7_text_and_provenance(store, raw_lines):
    item = item_iri("2.7")
    (row,) = select(
        store,
        f"""SELECT ?text ?line ?start ?end ?src ?source WHERE {{
            <{item}> dg:text ?text ; dg:sourceLine ?line ; dg:charStart ?start ;
                dg:charEnd ?end ; dg:sourceText ?src ; prov:wasDerivedFrom ?source }}""",
    )
    assert row["text"] == "着力振兴汉派服装。"
    assert row["line"] == "28"
    assert row["src"] == raw_lines[27]
    assert raw_lines[27].startswith("7.著力振興漢派服裝")
    assert (int(row["start"]), int(row["end"])) == (2, len(raw_lines[27]))
    assert row["source"] == f"{PLAN}/source"


def test_source_file_digest(store):
    digest = hashlib.sha256(bundled_plan_path().read_bytes()).hexdigest()
    found = values(store, f"SELECT ?h WHERE {{ <{PLAN}/source> dg:sha256 ?h }}", "h")
    assert {h.lower() for h in found} == {digest}


def test_item_1_3_has_no_lead_so_its_responsible_unit_leads(store):
    # (三)居民消费价格涨幅3%左右。(责任单位:市发改委)
    item = item_iri("1.3")
    assert values(store, f"SELECT ?b WHERE {{ <{item}> dg:leadByRule ?b }}", "b") == {"true"}
    assert values(store, f"SELECT ?u WHERE {{ <{item}> dg:effectiveLeadUnit ?u }}", "u") == {DRC}
    assert values(store, f"SELECT ?u WHERE {{ <{item}> dg:leadUnit ?u }}", "u") == set()
    assert values(store, f"SELECT ?u WHERE {{ <{item}> dg:responsibleUnit ?u }}", "u") == {DRC}
    rows = select(
        store,
        f"""SELECT ?role ?derivation ?written ?rule WHERE {{
            ?a dg:item <{item}> ; prov:agent <{DRC}> ; dg:role ?role ;
               dg:derivation ?derivation ; dg:written ?written ; dg:leadByRule ?rule }}""",
    )
    dg = "https://w3id.org/dutygraph/ontology#"
    assert sorted(tuple(row.values()) for row in rows) == [
        (f"{dg}Lead", f"{dg}ByNoLeadRule", "false", "true"),
        (f"{dg}Responsible", f"{dg}AsWritten", "true", "false"),
    ]


def test_plan_metadata(store):
    (row,) = select(
        store,
        f"""SELECT ?id ?issued ?title ?year ?rule ?publisher WHERE {{
            <{PLAN}> dct:identifier ?id ; dct:issued ?issued ; dg:planTitle ?title ;
                dg:year ?year ; dg:noLeadRule ?rule ; dct:publisher/skos:prefLabel ?publisher }}""",
    )
    assert row == {
        "id": "武政办〔2023〕1号",
        "issued": "2023-01-12",
        "title": "2023年市《政府工作报告》目标任务责任分解方案",
        "year": "2023",
        "rule": "true",
        "publisher": "武汉市人民政府办公厅",
    }
    datatype = select(store, f"SELECT (DATATYPE(?d) AS ?t) WHERE {{ <{PLAN}> dct:issued ?d }}")
    assert datatype == [{"t": "http://www.w3.org/2001/XMLSchema#date"}]


def test_reporting_duties(store):
    # 各牵头单位于2023年2月10日前将……办理方案……报市人民政府督查室;
    # 从2023年第二季度起,各牵头单位要在每个季度第1个月的20日前,将责任事项完成情况报市人民政府督查室.
    rows = select(
        store,
        f"""SELECT ?duty ?due ?to ?role WHERE {{
            <{PLAN}> dg:reportingDuty ?duty . ?duty a dg:ReportingDuty ; dg:dueDate ?due ;
                dg:reportTo/skos:prefLabel ?to ; dg:bearerRole ?role }}""",
    )
    due: dict[str, set[str]] = {}
    for row in rows:
        due.setdefault(row["duty"].rsplit("/", 1)[-1], set()).add(row["due"])
        assert row["to"] == "市人民政府督查室"
        assert row["role"] == "https://w3id.org/dutygraph/ontology#Lead"
    assert due == {
        "work-plan": {"2023-02-10"},
        "quarterly-progress": {"2023-04-20", "2023-07-20", "2023-10-20"},
    }


def test_unit_labels_in_chinese_and_english(store):
    rows = select(store, f"SELECT ?l (LANG(?l) AS ?lang) WHERE {{ <{DRC}> rdfs:label ?l }}")
    labels = {row["lang"].lower(): row["l"] for row in rows}
    assert labels == {
        "zh-hans": "市发改委",
        "en": "Wuhan Municipal Development and Reform Commission",
    }
    full = values(store, f"SELECT ?n WHERE {{ <{DRC}> dg:officialName ?n }}", "n")
    assert full == {"武汉市发展和改革委员会"}
    kind = values(store, f"SELECT ?k WHERE {{ <{DRC}> org:classification ?k }}", "k")
    assert kind == {"https://w3id.org/dutygraph/kind/municipal_department"}


def test_item_2_201_is_assigned_to_the_group(store):
    # 201.推进7个区级养老服务中心建设……(牵头单位:市民政局;责任单位:各区人民政府)
    item = item_iri("2.201")
    assert unit_names(store, item, "dg:leadUnit") == {"市民政局"}
    assert unit_names(store, item, "dg:responsibleUnit") == {"各区人民政府"}
    derived = values(
        store,
        f"""SELECT ?u WHERE {{ ?a dg:item <{item}> ; dg:role dg:Responsible ;
               dg:derivation dg:ByGroupExpansion ; prov:agent ?u }}""",
        "u",
    )
    assert len(derived) == 18
