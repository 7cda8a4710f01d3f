"""The synthetic corpus generator (bench/synth.py): plans that parse as written, and a
truth that lists every change the generator made.

The hand-checked figures (seed 7, two plans: Wuhan 2022 and 2023) were read off the
two texts the generator writes, line by line, not off the truth file.
"""

from __future__ import annotations

import csv
import json
import tomllib
from collections import Counter
from decimal import Decimal

import pytest

from graph.data import DATA_DIR
from graph.parse.plan import PROBLEMS
from tests.bench.synthetic import corpus, parsed, synth


def test_schedule_fills_issuer_by_issuer_then_reaches_back():
    s = synth()
    slugs = lambda n: [(i.slug, years) for i, years in s.schedule(n)]  # noqa: E731
    assert slugs(0) == []
    assert slugs(2) == [("wuhan", [2022, 2023])]
    assert slugs(5) == [("wuhan", [2022, 2023, 2024, 2025]), ("chengdu", [2022])]
    assert slugs(16) == [
        (slug, [2022, 2023, 2024, 2025]) for slug in ("wuhan", "chengdu", "changsha", "nanjing")
    ]
    thousand = s.schedule(1000)
    assert [len(years) for _, years in thousand] == [250, 250, 250, 250]
    assert all(years == list(range(1776, 2026)) for _, years in thousand)
    assert [len(y) for _, y in s.schedule(17)] == [5, 4, 4, 4]
    with pytest.raises(ValueError):
        s.schedule(-1)


def test_same_seed_same_corpus_other_seed_other_corpus():
    s = synth()
    first, again, other = (s.generate_corpus(2, seed=seed) for seed in (7, 7, 8))
    assert [p.text for p in first.plans] == [p.text for p in again.plans]
    assert first.truth() == again.truth()
    assert [p.text for p in first.plans] != [p.text for p in other.plans]
    assert first.truth()["changes"] != other.truth()["changes"]


def test_every_plan_parses_into_the_items_the_generator_wrote():
    """Refs, texts, leads and responsible units of every item of 16 plans (four
    issuers, 2022–2025) are what the generator meant, and the notice gives issuer,
    year and document number."""
    plans = parsed(16, 1)
    cities = {
        c["slug"]: c for c in tomllib.loads((DATA_DIR / "cities.toml").read_text("utf-8"))["city"]
    }
    for plan in corpus(16, 1).plans:
        read = plans[plan.slug]
        assert (read.slug, read.city, read.year, read.doc_number) == (
            plan.slug,
            plan.issuer.name,
            plan.year,
            plan.doc_number,
        )
        assert read.issuer == plan.issuer.office
        assert plan.issuer.doc_prefix in cities[plan.issuer.slug]["doc_prefixes"]
        assert read.doc_number.startswith(plan.issuer.doc_prefix)
        assert read.lead_rule == "responsible_lead"
        assert [n.kind for n in read.notices if n.kind in PROBLEMS] == []
        written = {
            plan.refs[key]: (e.text, list(e.lead), list(e.responsible))
            for key, e in plan.entries.items()
        }
        got = {item.ref: (item.text, item.lead, item.responsible) for item in read.items}
        assert got == written, plan.slug
        assert 300 <= len(read.items) <= 340, plan.slug  # about the bundled plan's 322


def test_the_new_cities_are_listed_with_their_document_prefixes():
    listed = tomllib.loads((DATA_DIR / "cities.toml").read_text("utf-8"))["city"]
    by_slug = {c["slug"]: c for c in listed}
    for issuer in synth().ISSUERS:
        city = by_slug[issuer.slug]
        assert (city["name"], city["province"]) == (issuer.name, issuer.province)
        assert issuer.doc_prefix in city["doc_prefixes"]
        assert city["name_en"] == issuer.slug.capitalize()
    assert len({i.province for i in synth().ISSUERS}) == 4  # four provinces
    assert len({i.doc_prefix for i in synth().ISSUERS}) == 4


def test_other_issuers_are_localised():
    """Chengdu's plan names Chengdu's districts and bodies, none of Wuhan's."""
    chengdu = parsed(16, 1)["chengdu-2022"]
    units = {u for item in chengdu.items for u in item.units()}
    assert {"青羊区人民政府", "成都地铁集团", "成都高新区管委会"} <= units
    assert not {u for u in units if "武汉" in u or u in synth().WUHAN.districts}
    assert not any("武汉" in item.text for item in chengdu.items)
    wuhan = parsed(16, 1)["wuhan-2022"]
    assert wuhan.group_definitions[0].note == "含开发区、长江新区、风景区管委会,下同"
    assert chengdu.group_definitions == []


def test_the_truth_pairs_every_item_once_and_each_change_reads_back():
    s = synth()
    c = corpus(16, 1)
    plans = {p.slug: p for p in c.plans}
    assert len(c.changes) == 12  # three successive pairs for each of four issuers
    for change in c.changes:
        old, new = plans[change["from"]], plans[change["to"]]
        assert old.issuer is new.issuer and new.year == old.year + 1
        olds = [i["old"] for i in change["items"] if i["old"]]
        news = [i["new"] for i in change["items"] if i["new"]]
        assert sorted(olds) == sorted(old.refs.values())
        assert sorted(news) == sorted(new.refs.values())
        by_old = {v: k for k, v in old.refs.items()}
        by_new = {v: k for k, v in new.refs.items()}
        for item in change["items"]:
            assert (item["old"] is None) == (item["status"] == "new")
            assert (item["new"] is None) == (item["status"] == "dropped")
            if item["status"] in ("carried", "reworded"):
                a, b = old.entries[by_old[item["old"]]], new.entries[by_new[item["new"]]]
                same = s.masked(a.text, a.figures) == s.masked(b.text, b.figures)
                assert same is (item["status"] == "carried")
        for t in change["targets"]:
            before, after = Decimal(t["old_value"]), Decimal(t["new_value"])
            if t["change"] == "raised":
                assert after > before and t["old_unit"] == t["new_unit"]
            elif t["change"] == "lowered":
                assert after < before and t["old_unit"] == t["new_unit"]
            else:
                assert t["change"] == "unit" and before == after
                assert t["old_unit"] != t["new_unit"]
        for lead in change["leads"]:
            assert set(lead["old_lead"]) != set(lead["new_lead"])
        for r in change["responsible"]:
            assert bool(r["added"]) != bool(r["removed"])


def test_hand_checked_changes_of_wuhan_2022_to_2023():
    """Seed 7: what the two texts show, checked by reading them."""
    c = corpus(2, 7)
    old, new = c.plans
    assert (old.slug, new.slug) == ("wuhan-2022", "wuhan-2023")
    assert (len(old.refs), len(new.refs)) == (322, 321)
    change = c.changes[0]
    assert Counter(i["status"] for i in change["items"]) == {
        "carried": 281,
        "reworded": 25,
        "dropped": 16,
        "new": 15,
    }
    assert (len(change["targets"]), len(change["leads"]), len(change["responsible"])) == (39, 8, 6)
    a = {ref: old.entries[key].text for key, ref in old.refs.items()}
    b = {ref: new.entries[key].text for key, ref in new.refs.items()}
    # 2.17 固定资产投资增长10%以上 → 10个百分点以上: the unit changed.
    assert (a["2.17"], b["2.17"]) == (
        "固定资产投资增长10%以上。",
        "固定资产投资增长10个百分点以上。",
    )
    assert {
        "old": "2.17",
        "new": "2.17",
        "change": "unit",
        "old_value": "10",
        "new_value": "10",
        "old_unit": "%",
        "new_unit": "个百分点",
    } in change["targets"]
    # 2.18 新增“四上”企业1000家 → 1500家.
    assert "新增“四上”企业1000家" in a["2.18"] and "新增“四上”企业1500家" in b["2.18"]
    # 4.68 → 4.67 全民健身中心6个 → 3个, and 市体育局 no longer leads: 市人社局 does.
    assert a["4.68"] == "突出重点区域和薄弱环节,新建园区全民健身中心6个。"
    assert b["4.67"] == "突出重点区域和薄弱环节,新建园区全民健身中心3个。"
    assert {"old": "4.68", "new": "4.67", "old_lead": ["市体育局"], "new_lead": ["市人社局"]} in (
        change["leads"]
    )
    # 2.141 → 2.145: 市生态环境局 is no longer responsible.
    assert {"old": "2.141", "new": "2.145", "added": [], "removed": ["市生态环境局"]} in (
        change["responsible"]
    )
    # 2.26 → 2.27 reworded (进一步 left out); 1.5 dropped; 2.24 new.
    assert b["2.27"] == a["2.26"].removeprefix("进一步")
    assert {"old": "2.26", "new": "2.27", "status": "reworded"} in change["items"]
    assert {"old": "1.5", "new": None, "status": "dropped"} in change["items"]
    assert b["2.24"] == "坚持规划引领、分步实施,建成街道级零碳示范园区10个。"
    assert {"old": None, "new": "2.24", "status": "new"} in change["items"]


def test_write_corpus_from_the_command_line(tmp_path):
    s = synth()
    assert s.main(["2", str(tmp_path), "--seed", "7"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "manifest.csv",
        "truth.json",
        "wuhan-2022.txt",
        "wuhan-2023.txt",
    ]
    c = corpus(2, 7)
    assert json.loads((tmp_path / "truth.json").read_text("utf-8")) == c.truth()
    for plan in c.plans:
        assert (tmp_path / plan.file).read_text("utf-8") == plan.text
    with open(tmp_path / "manifest.csv", encoding="utf-8", newline="") as fh:
        assert list(csv.reader(fh)) == [
            ["file", "issuer", "year"],
            ["wuhan-2022.txt", "武汉市人民政府办公厅", "2022"],
            ["wuhan-2023.txt", "武汉市人民政府办公厅", "2023"],
        ]


def test_long_chains_keep_the_plans_size():
    """Ten years of each issuer: plans stay about the bundled plan's size (as many
    items added as dropped) and dropped commitments can come back."""
    c = corpus(40, 2)
    sizes = [len(p.refs) for p in c.plans]
    assert min(sizes) >= 290 and max(sizes) <= 345
    texts_by_issuer: dict[str, list[set[str]]] = {}
    for p in c.plans:
        texts_by_issuer.setdefault(p.issuer.slug, []).append({e.text for e in p.entries.values()})
    revived = 0
    for years in texts_by_issuer.values():
        for k in range(2, len(years)):
            earlier = set().union(*years[: k - 1])
            revived += len((years[k] - years[k - 1]) & earlier)
    assert revived > 0
