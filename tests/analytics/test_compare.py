"""``compare``: two plans aligned item by item, every change the generator made found.

Recall and precision are measured against the synthetic corpus's truth
(bench/synth.py): every item pair (carried, reworded, new, dropped, with both refs),
every target change (kind, refs, values, units), every lead change and every
responsible change. The figures asserted below were hand-checked against the plan
texts (see tests/bench/test_synth.py for the same pair read off the texts).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.analytics import compare as cmp
from graph.analytics.compare import compare_plans
from graph.cli.main import cli
from graph.data import bundled_plan_path
from graph.model.targets import Target
from graph.parse.plan import parse_plan
from tests.bench.synthetic import corpus, parsed

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"


# --- scoring against the truth -----------------------------------------------------


def truth_of(change: dict) -> dict[str, set]:
    return {
        "items": {(i["status"], i["old"], i["new"]) for i in change["items"]},
        "targets": {
            (
                t["change"],
                t["old"],
                t["new"],
                Decimal(t["old_value"]),
                Decimal(t["new_value"]),
                t["old_unit"],
                t["new_unit"],
            )
            for t in change["targets"]
        },
        "leads": {
            (x["old"], x["new"], frozenset(x["old_lead"]), frozenset(x["new_lead"]))
            for x in change["leads"]
        },
        "responsible": {
            (x["old"], x["new"], frozenset(x["added"]), frozenset(x["removed"]))
            for x in change["responsible"]
        },
    }


def found_in(result: cmp.Comparison) -> dict[str, set]:
    return {
        "items": {(m.status, m.ref_a, m.ref_b) for m in result.items},
        "targets": {
            (t.change, t.ref_a, t.ref_b, t.value_a, t.value_b, t.unit_a, t.unit_b)
            for t in result.targets
        },
        "leads": {
            (x.ref_a, x.ref_b, frozenset(x.lead_a), frozenset(x.lead_b)) for x in result.leads
        },
        "responsible": {
            (x.ref_a, x.ref_b, frozenset(x.added), frozenset(x.removed)) for x in result.responsible
        },
    }


def changes_only(sets: dict[str, set]) -> set:
    """Every change as one set (carried items are not changes)."""
    return {
        (kind, *row)
        for kind, rows in sets.items()
        for row in rows
        if not (kind == "items" and row[0] == "carried")
    }


def recall_precision(truth: set, found: set) -> tuple[float, float]:
    hit = len(truth & found)
    return hit / len(truth), hit / len(found)


# --- the bundled plan against itself ------------------------------------------------


def test_the_bundled_plan_against_itself_reports_no_change(plan):
    again = parse_plan()  # another parse: equal, not the same objects
    for other in (plan, again):
        result = compare_plans(plan, other)
        assert result.unchanged and result.same_issuer
        assert result.counts() == {
            "carried": 322,
            "reworded": 0,
            "new": 0,
            "dropped": 0,
            "targets": 0,
            "leads": 0,
            "responsible": 0,
        }
        assert [(m.ref_a, m.ref_b) for m in result.items] == [(i.ref, i.ref) for i in plan.items]
        assert {(m.score, m.text_similarity) for m in result.items} == {(1.0, 1.0)}
        assert [s for s in result.units + result.functions if s.change] == []
        # 市发改委 leads 41 items of the bundled plan, in both.
        ndrc = next(s for s in result.units if s.name == "市发改委")
        assert (ndrc.a.lead, ndrc.b.lead, ndrc.function) == (41, 41, "development-reform")


# --- two synthetic years of one issuer ---------------------------------------------


def test_two_synthetic_years_every_change_found():
    """Wuhan 2022 → 2023 (seed 7): recall 1.0 and precision 1.0 over the 109 changes,
    and every carried item paired with its own next-year self."""
    change = corpus(2, 7).changes[0]
    plans = parsed(2, 7)
    result = compare_plans(plans["wuhan-2022"], plans["wuhan-2023"])
    truth, found = truth_of(change), found_in(result)
    assert found == truth  # every pair, carried items included
    assert recall_precision(changes_only(truth), changes_only(found)) == (1.0, 1.0)
    assert len(changes_only(truth)) == 25 + 16 + 15 + 39 + 8 + 6 == 109
    assert result.counts() == {
        "carried": 281,
        "reworded": 25,
        "new": 15,
        "dropped": 16,
        "targets": 39,
        "leads": 8,
        "responsible": 6,
    }
    by_refs = {(t.ref_a, t.ref_b): t for t in result.targets}
    # 固定资产投资增长10%以上 → 10个百分点以上
    unit = by_refs[("2.17", "2.17")]
    assert (unit.change, unit.value_a, unit.value_b, unit.unit_a, unit.unit_b) == (
        "unit",
        Decimal("10"),
        Decimal("10"),
        "%",
        "个百分点",
    )
    assert (unit.counted, unit.snippet_a, unit.snippet_b) == (
        "固定资产投资",
        "10%以上",
        "10个百分点以上",
    )
    # 新增“四上”企业1000家 → 1500家; 全民健身中心6个 → 3个, lead 市体育局 → 市人社局
    assert by_refs[("2.18", "2.18")].change == "raised"
    fitness = by_refs[("4.68", "4.67")]
    assert (fitness.change, fitness.value_a, fitness.value_b) == ("lowered", 6, 3)
    lead = next(x for x in result.leads if x.ref_a == "4.68")
    assert (lead.lead_a, lead.lead_b) == (("市体育局",), ("市人社局",))
    # 2.26 → 2.27: 进一步 left out, the only difference: Dice of the bigrams.
    reworded = next(m for m in result.items if m.ref_a == "2.26")
    assert (reworded.status, reworded.ref_b) == ("reworded", "2.27")
    dropped = next(m for m in result.items if m.ref_a == "1.5")
    assert (dropped.status, dropped.ref_b) == ("dropped", None)
    # A dropped item is listed after the item that preceded it in A.
    order = [m.ref_a or m.ref_b for m in result.items]
    assert order[:6] == ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1"]


def test_every_pair_of_successive_years_in_a_corpus():
    """Eight plans (Wuhan and Chengdu, 2022–2025, seed 3): six comparisons, every
    change found, nothing else reported."""
    c = corpus(8, 3)
    plans = parsed(8, 3)
    truth_total, found_total = set(), set()
    per_pair = []
    for change in c.changes:
        result = compare_plans(plans[change["from"]], plans[change["to"]])
        truth, found = truth_of(change), found_in(result)
        assert found == truth, (change["from"], change["to"])
        per_pair.append(len(changes_only(truth)))
        truth_total |= {(change["to"], *x) for x in changes_only(truth)}
        found_total |= {(change["to"], *x) for x in changes_only(found)}
    assert len(c.changes) == 6
    assert per_pair == [111, 133, 96, 112, 96, 110]
    assert len(truth_total) == 658
    assert recall_precision(truth_total, found_total) == (1.0, 1.0)


# --- different issuers and real plans ------------------------------------------------


def test_two_issuers_pair_by_wording_and_compare_functions():
    plans = parsed(16, 1)
    a, b = plans["wuhan-2022"], plans["chengdu-2022"]
    result = compare_plans(a, b)
    assert not result.same_issuer
    counts = result.counts()
    assert counts["carried"] + counts["reworded"] + counts["dropped"] == len(a.items) == 323
    assert counts["carried"] + counts["reworded"] + counts["new"] == len(b.items) == 322
    pair = next(m for m in result.items if m.ref_a == "2.216")
    # 加快建设武汉图书馆新馆 / 加快建设成都图书馆新馆: 7 of 10 bigrams each shared.
    assert (pair.status, pair.ref_b, pair.score) == ("reworded", "2.212", 0.7)
    assert (pair.text_a, pair.text_b) == ("加快建设武汉图书馆新馆。", "加快建设成都图书馆新馆。")
    functions = {s.name: s for s in result.functions}
    districts = functions["district-government"]
    assert (districts.units_a, districts.units_b) == (16, 14)
    assert districts.function == "区县政府"


def test_a_real_pair_of_one_issuer_has_nothing_in_common():
    """The State Council's 2016 quantified targets (10 items) and its 2020 放管服
    tasks (3 items): no item pairs up, and the finance ministry's load falls from 3
    leads (1.3–1.5) to one lead (1.1.1) and one of twelve responsible units (1.1)."""
    a = parse_plan(REAL / "02_state-council-2016-quantified.txt")
    b = parse_plan(REAL / "04_state-council-2020-fangguanfu.txt")
    result = compare_plans(a, b)
    assert result.same_issuer  # both 国务院办公厅
    assert result.counts() == {
        "carried": 0,
        "reworded": 0,
        "new": 3,
        "dropped": 10,
        "targets": 0,
        "leads": 0,
        "responsible": 0,
    }
    assert [m.ref_b for m in result.items if m.status == "new"] == ["1.1", "1.1.1", "1.1.2"]
    finance = next(s for s in result.units if s.name == "财政部")
    assert (finance.a.lead, finance.b.lead, finance.b.responsible) == (3, 1, 1)
    assert finance.change == round(1 + 1 / 12 - 3, 3) == -1.917


# --- parts ------------------------------------------------------------------------------


def target(value: str, unit: str, counted: str, comparator: str = "exactly", **kw) -> Target:
    return Target(
        item=kw.get("item", "x"),
        index=kw.get("index", 0),
        value=Decimal(value),
        unit=unit,
        measure=kw.get("measure", "count"),
        unit_iri="",
        comparator=comparator,
        kind="new",
        counted=counted,
        snippet=f"{value}{unit}",
        span=(0, 0),
        phrase="",
        number=value,
    )


def test_target_changes_pair_by_what_is_counted():
    before = [target("100", "公里", "绿道", measure="kilometre"), target("5", "个", "公园")]
    after = [
        target("8", "个", "公园", comparator="at_least"),
        target("100", "公里", "全力建设绿道", measure="kilometre"),  # 绿道 is still 绿道
        target("3", "座", "消防站"),
    ]
    changes = cmp.target_changes("2.1", "2.2", before, after)
    assert [(c.change, c.value_a, c.value_b, c.counted) for c in changes] == [
        ("raised", Decimal(5), Decimal(8), "公园"),
        ("added", None, Decimal(3), "消防站"),
    ]
    unit = cmp.target_changes("a", "b", [target("10", "个", "站")], [target("10", "处", "站")])
    assert [(c.change, c.unit_a, c.unit_b) for c in unit] == [("unit", "个", "处")]
    about = cmp.target_changes(
        "a", "b", [target("3", "%", "涨幅", "at_most")], [target("3", "%", "涨幅", "about")]
    )
    assert [(c.change, c.comparator_a, c.comparator_b) for c in about] == [
        ("comparator", "at_most", "about")
    ]
    gone = cmp.target_changes("a", "b", [target("3", "%", "涨幅", measure="percent")], [])
    assert [(c.change, c.ref_b, c.value_b) for c in gone] == [("removed", "b", None)]


def test_agency_functions_by_name():
    expected = {
        "市发改委": "development-reform",
        "市人民政府各部门": "government-office",  # 人民政府 contains 民政: not civil affairs
        "市民政局": "civil-affairs",
        "市委农办": "agriculture-rural",  # before party organ
        "市政府国资委": "state-assets",  # before the government office
        "市委宣传部": "party-organ",
        "团市委": "peoples-organisation",
        "江岸区人民政府": "district-government",
        "各区人民政府": "district-government",
        "浏阳市人民政府": "district-government",  # a county-level city
        "东湖高新区管委会": "management-committee",
        "武汉地铁集团": "state-owned-enterprise",
        "市税务局": "taxation",
        "工业和信息化部": "economy-information",
        "市房管局": "housing-construction",
        "不知道的机构": "other",
    }
    assert {unit: cmp.agency_function(unit) for unit in expected} == expected
    assert set(cmp.agency_function(u) for u in expected) <= set(cmp.FUNCTIONS)


def test_the_function_lookup_is_pluggable(plan):
    mapping = {"市发改委": "planning", "市财政局": "planning"}
    result = compare_plans(plan, plan, functions=mapping)
    keys = {s.name: s for s in result.functions}
    assert set(keys) == {"planning", "other"}
    assert keys["planning"].units_a == 2
    assert keys["planning"].function == "planning"  # not one of ours: the key is the label
    # A callable works too: 15 names end in 区人民政府 (12 districts, 3 groups).
    by_kind = compare_plans(
        plan, plan, functions=lambda u: "district" if u.endswith("区人民政府") else "city"
    )
    assert {s.name: s.units_a for s in by_kind.functions} == {"district": 15, "city": 71}


def test_candidate_blocking_scores_few_pairs():
    """Items with the same masked text pair without scoring; of the rest, MinHash LSH
    and shared figures propose 4.4% of the pairs (Wuhan → Chengdu), and every pair
    the comparison reports as reworded is among them."""
    plans = parsed(16, 1)
    a, b = cmp._Side.of(plans["wuhan-2022"]), cmp._Side.of(plans["chengdu-2022"])
    carried = cmp._carried(a, b)
    free_a = [i for i in range(len(a.plan.items)) if i not in carried]
    free_b = [j for j in range(len(b.plan.items)) if j not in set(carried.values())]
    candidates = cmp._candidates(a, b, free_a, free_b)
    assert (len(carried), len(free_a), len(free_b), len(candidates)) == (129, 194, 193, 1632)
    result = compare_plans(a.plan, b.plan)
    index_a = {item.ref: n for n, item in enumerate(a.plan.items)}
    index_b = {item.ref: n for n, item in enumerate(b.plan.items)}
    reworded = {
        (index_a[m.ref_a], index_b[m.ref_b]) for m in result.items if m.status == "reworded"
    }
    assert len(reworded) == 159 and reworded <= candidates


def test_the_index_finds_what_scoring_every_pair_finds(monkeypatch):
    """Few unpaired items are all scored against each other; forcing MinHash LSH on
    the same two years changes nothing the comparison reports."""
    plans = parsed(2, 7)
    every = found_in(compare_plans(plans["wuhan-2022"], plans["wuhan-2023"]))
    monkeypatch.setattr(cmp, "ALL_PAIRS", 0)
    indexed = found_in(compare_plans(plans["wuhan-2022"], plans["wuhan-2023"]))
    assert indexed == every == truth_of(corpus(2, 7).changes[0])


def test_min_score_and_table_names_are_checked(plan):
    from graph.errors import OptionError

    with pytest.raises(OptionError, match="between 0 and 1"):
        compare_plans(plan, plan, min_score=1.5)
    with pytest.raises(OptionError, match="unknown table 'rows'"):
        compare_plans(plan, plan).table("rows")


def test_progress_names_every_stage(plan):
    stages: list[str] = []
    compare_plans(plan, plan, progress=stages.append)
    assert tuple(stages) == cmp.STAGES


# --- duplicate detection's blocking (graph.analytics.overlaps) ---------------------------


def test_duplicate_blocking_gives_the_answers_of_comparing_every_pair(tables):
    """Prefix filtering plus figure buckets find exactly the pairs that scoring all
    51,681 pairs finds, at every threshold (the old rare-bigram heuristic missed 10
    of the 78 pairs at 0.3, among them 2.13/2.214)."""
    from itertools import combinations

    from graph.analytics import overlaps

    refs = list(tables.items["ref"])
    texts = dict(zip(tables.items["ref"], tables.items["text"], strict=True))
    grams = {r: overlaps.bigrams(str(texts[r])) for r in refs}
    figures, commitments = overlaps._figures(tables), overlaps._commitments(tables)

    def score(a: str, b: str) -> float | None:
        ga, gb = grams[a], grams[b]
        if not ga or not gb:
            return None
        c = len(ga & gb) / min(len(ga), len(gb))
        fa, fb = figures.get(a, frozenset()), figures.get(b, frozenset())
        shared = fa & fb
        if fa or fb:
            s = c * (0.6 + 0.4 * (len(shared) / min(len(fa), len(fb)) if fa and fb else 0.0))
        else:
            s = c * 0.6
        if shared and overlaps._same_commitment(commitments.get(a, []), commitments.get(b, [])):
            s = max(s, 0.6 + 0.4 * c)
        return s

    scores = {(a, b): score(a, b) for a, b in combinations(refs, 2)}
    assert len(scores) == 51681
    counts = {}
    for threshold in (0.2, 0.3, 0.55, 0.9):
        every = {pair for pair, s in scores.items() if s is not None and s >= threshold}
        found = overlaps.duplicates(tables, min_score=threshold)
        assert set(zip(found["item_a"], found["item_b"], strict=True)) == every
        counts[threshold] = len(every)
    assert counts == {0.2: 183, 0.3: 78, 0.55: 27, 0.9: 20}
    low = overlaps.duplicates(tables, min_score=0.3).set_index(["item_a", "item_b"])
    assert ("2.13", "2.214") in low.index


# --- the command ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    for plan in corpus(2, 7).plans:
        (folder / plan.file).write_text(plan.text, encoding="utf-8")
    return folder / "wuhan-2022.txt", folder / "wuhan-2023.txt"


def invoke(*args: str):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


def test_cli_the_bundled_plan_against_itself():
    path = bundled_plan_path()
    result = invoke("compare", path, path)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "wuhan-2023 (武政办〔2023〕1号, 322 items) -> wuhan-2023 (武政办〔2023〕1号, 322 items); same issuer",
        "carried 322 · reworded 0 · new 0 · dropped 0 · target changes 0 · lead changes 0 · responsible changes 0",
        "no change: all 322 items carried over unchanged",
    ]
    assert result.stderr == ""  # not a terminal: no progress bar


def test_cli_formats(synthetic_files):
    a, b = synthetic_files
    summary = invoke("compare", a, b).stdout
    assert "carried 281 · reworded 25 · new 15 · dropped 16 · target changes 39" in summary
    for heading in ("Items (", "Target changes", "Lead changes", "Responsible changes"):
        assert heading in summary
    data = json.loads(invoke("compare", a, b, "--format", "json").stdout)
    assert set(data) == {"plan_a", "plan_b", "same_issuer", "min_score", "counts", *cmp.TABLES}
    assert data["counts"]["reworded"] == 25 and len(data["items"]) == 281 + 25 + 15 + 16
    assert {"ref_a": "2.17", "ref_b": "2.17", "change": "unit"}.items() <= data["targets"][
        0
    ].items()
    leads = json.loads(invoke("compare", a, b, "--format", "json", "--table", "leads").stdout)
    assert len(leads) == 8 and {"ref_a": "4.68", "ref_b": "4.67"}.items() <= leads[-1].items()
    csv_text = invoke("compare", a, b, "--format", "csv", "--table", "targets").stdout
    assert csv_text.splitlines()[0] == ",".join(cmp.COLUMNS["targets"])
    assert len(csv_text.splitlines()) == 1 + 39
    items_csv = invoke("compare", a, b, "--format", "csv").stdout.splitlines()
    assert items_csv[0].startswith("status,ref_a,ref_b,score") and len(items_csv) == 1 + 337
    only_changed = invoke("compare", a, b, "--table", "items").stdout.splitlines()
    assert len(only_changed) == 2 + 25 + 15 + 16
    everything = invoke("compare", a, b, "--table", "items", "--all").stdout.splitlines()
    assert len(everything) == 2 + 337


def test_cli_writes_an_offline_page(synthetic_files, tmp_path):
    a, b = synthetic_files
    out = tmp_path / "changes.html"
    result = invoke("compare", a, b, "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert "wrote comparison (25 reworded, 15 new, 16 dropped, 39 target changes)" in result.stderr
    page = out.read_text("utf-8")
    assert "default-src 'none'" in page and "<script" not in page
    assert "http://" not in page and "https://" not in page
    assert "事项变化(56 项)" in page and "指标变化(39 项)" in page and "沿用事项(281 项)" in page
    assert "固定资产投资增长10个百分点以上。" in page
    bad = invoke("compare", a, b, "-o", tmp_path / "x.png")
    assert bad.exit_code == 2 and "must end in .html" in bad.stderr


def test_cli_errors_are_one_line(tmp_path):
    missing = invoke("compare", tmp_path / "nope.txt", bundled_plan_path())
    assert missing.exit_code == 2
    assert missing.stderr.startswith("dutygraph: error: ") and "no such file" in missing.stderr


def test_cli_progress_bar_only_on_a_terminal(monkeypatch):
    """On a terminal the bar counts eight steps on stderr; --quiet keeps it silent."""
    from graph.cli import compare_cmd

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for quiet, shown in ((False, True), (True, False)):
        screen = Terminal()
        monkeypatch.setattr(sys, "stderr", screen)
        tell, close = compare_cmd._progress_bar(quiet)
        for stage in ("read A", "read B", *cmp.STAGES):
            tell(stage)
        close()
        assert ("8/8" in screen.getvalue()) is shown
        assert (screen.getvalue() == "") is (not shown)


def test_cli_tables_match_the_library():
    from graph.cli import compare_cmd

    assert compare_cmd.TABLES == cmp.TABLES
    assert compare_cmd.STAGES == 2 + len(cmp.STAGES)


def test_compare_help_loads_nothing_heavy():
    probe = (
        "import sys, contextlib, io\n"
        "from graph.cli.main import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    cli(['compare', '--help'], prog_name='dutygraph', standalone_mode=False)\n"
        "print(sorted(m for m in ('tqdm', 'datasketch', 'numpy', 'pandas') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- the page -------------------------------------------------------------------------------


def test_the_page_escapes_plan_text(plan):
    from dataclasses import replace

    from graph.views.view_compare import render_compare

    hostile = replace(plan.items[0], text='<script>alert("x")</script>&')
    other = replace(plan, items=[hostile, *plan.items[1:]])
    page = render_compare(compare_plans(plan, other))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in page
    assert "事项变化(2 项)" in page  # 1.1 dropped, its hostile twin new


def test_cli_plans_of_a_store_by_id(synthetic_files, tmp_path):
    """With --store, PLAN_A and PLAN_B are plan ids: each plan is read again from the
    file it was added from (recorded beside the store), checked to be unchanged."""
    a, b = synthetic_files
    work = tmp_path / "files"
    work.mkdir()
    copies = [work / a.name, work / b.name]
    for src, dst in zip((a, b), copies, strict=True):
        dst.write_bytes(src.read_bytes())
    store = tmp_path / "corpus"
    assert invoke("add", *copies, "--store", store, "-q").exit_code == 0
    by_id = invoke("compare", "wuhan-2022", "wuhan-2023", "--store", store, "--format", "json")
    assert by_id.exit_code == 0, by_id.output
    by_file = json.loads(invoke("compare", *copies, "--format", "json").stdout)
    got = json.loads(by_id.stdout)
    for side, path in (("plan_a", copies[0]), ("plan_b", copies[1])):
        # the same plans, each named by the file it was read from (now its full path)
        assert (got[side].pop("source"), by_file[side].pop("source")) == (
            str(path.resolve()),
            str(path),
        )
    assert got == by_file and got["counts"]["reworded"] == 25

    unknown = invoke("compare", "wuhan-2022", "wuhan-2030", "--store", store)
    assert unknown.exit_code == 2
    assert unknown.output.strip() == (
        "dutygraph: error: no plan 'wuhan-2030' in the store (plans: wuhan-2022, wuhan-2023)"
    )
    copies[1].write_text(copies[1].read_text("utf-8") + "\n", encoding="utf-8")
    changed = invoke("compare", "wuhan-2022", "wuhan-2023", "--store", store)
    assert changed.exit_code == 1
    assert changed.output.strip() == (
        f"dutygraph: error: {copies[1].resolve()} changed since plan wuhan-2023 was added "
        "from it; add it again"
    )
    assert invoke("add", copies[1], "--store", store, "-q").exit_code == 0
    assert invoke("compare", "wuhan-2022", "wuhan-2023", "--store", store).exit_code == 0
    assert invoke("remove", "wuhan-2022", "--store", store).exit_code == 0
    record = json.loads((store / "dutygraph-sources.json").read_text("utf-8"))
    assert sorted(record["plans"]) == ["wuhan-2023"]
    missing = invoke("compare", "wuhan-2023", "wuhan-2023", "--store", tmp_path / "none")
    assert (missing.exit_code, missing.output.strip()) == (
        2,
        f"dutygraph: error: {tmp_path / 'none'} holds no dutygraph store",
    )
