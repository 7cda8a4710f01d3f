"""The analytics commands: column contract, errors, and output identical across runs."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.cli.main import cli


@pytest.fixture
def run(monkeypatch, graph_store):
    """Invoke the CLI on the session's store (no rebuild per command)."""
    import graph.cli.inputs as inputs

    monkeypatch.setattr(inputs, "open_graph", lambda sources, store: graph_store)

    def invoke(*args: str):
        result = CliRunner().invoke(cli, list(args))
        assert "Traceback" not in result.output, result.output
        return result

    return invoke


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_load_columns(run):
    result = run("load", "--format", "csv")
    assert result.exit_code == 0
    table = rows(result.stdout)
    assert {"unit", "kind", "lead", "responsible", "total", "weighted"} <= set(table[0])
    assert (table[0]["unit"], table[0]["total"]) == ("各区人民政府", "139")
    fgw = next(r for r in table if r["unit"] == "市发改委")
    assert (fgw["lead"], fgw["responsible"], fgw["total"]) == ("41", "32", "73")


def test_load_options(run):
    by_lead = rows(run("load", "--by", "lead", "--top", "3", "--format", "csv").stdout)
    assert [r["unit"] for r in by_lead] == ["市发改委", "市城管执法委", "市经信局"]
    districts = json.loads(
        run("load", "--expand-groups", "--kind", "district_government", "--format", "json").stdout
    )
    assert len(districts) == 13
    assert districts[0]["unit"] == "新洲区人民政府" and districts[0]["total"] == 164
    zones = rows(run("load", "--per", "zone", "--format", "csv").stdout)
    assert [(r["zone"], r["districts"]) for r in zones] == [("central", "7"), ("new", "6")]
    per_district = rows(run("load", "--per", "district", "--format", "csv").stdout)
    assert {"unit", "named", "via_groups", "total", "lead"} <= set(per_district[0])
    markdown = run("load", "--top", "2", "--format", "markdown").stdout
    assert markdown.startswith("|") and "市发改委" in markdown


def test_load_unknown_kind(run):
    result = run("load", "--kind", "ministry")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "district_government" in result.stderr


def test_overlaps_duplicates_contract(run):
    result = run("overlaps", "--format", "csv")
    assert result.exit_code == 0
    table = rows(result.stdout)
    assert list(table[0])[:3] == ["item_a", "item_b", "score"]
    assert {"assignments_agree", "difference"} <= set(table[0])
    pair = next(r for r in table if (r["item_a"], r["item_b"]) == ("2.142", "4.33"))
    assert pair["assignments_agree"] == "false"
    assert pair["difference"].startswith("only in 4.33: ")
    assert {"4.33", "4.1", "4.60"} <= {r["item_b"] for r in table}
    shown = run("overlaps").stdout  # the table leaves the texts out
    assert "text_a" not in shown and "2.91" in shown


def test_overlaps_other_kinds(run):
    co = rows(
        run("overlaps", "--kind", "co-assignment", "--min-shared", "30", "--format", "csv").stdout
    )
    assert co == [
        {
            "unit_a": "市发改委",
            "unit_b": "市经信局",
            "shared": "34",
            "jaccard": "0.37",
            "items_a": "73",
            "items_b": "53",
        }
    ]
    multi = json.loads(run("overlaps", "--kind", "multi-lead", "--format", "json").stdout)
    assert [(m["item"], m["units"]) for m in multi] == [("2.49", "市发改委、市经信局")]
    shared = run("overlaps", "--kind", "shared-target", "--format", "csv")
    assert shared.exit_code == 0
    assert rows(shared.stdout) == []


def test_structure(run):
    table = rows(run("structure", "--format", "csv").stdout)
    assert table[0]["unit"] == "市发改委"
    assert {"degree", "weighted_degree", "betweenness", "pagerank", "community"} <= set(table[0])
    communities = rows(run("structure", "--view", "communities", "--format", "csv").stdout)
    assert communities[0]["community"] == "1"
    assert sum(int(c["size"]) for c in communities) == len(table)


@pytest.mark.parametrize(
    "which,fmt,read",
    [
        ("coassignment", "graphml", nx.read_graphml),
        ("districts", "gexf", nx.read_gexf),
        ("bipartite", "json", None),
    ],
)
def test_network_files(run, tmp_path, which, fmt, read):
    path = tmp_path / f"net.{fmt}"
    result = run("network", "--graph", which, "--format", fmt, "-o", str(path))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert f"wrote {which} network" in result.stderr
    graph = (
        nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
        if read is None
        else read(path)
    )
    counts = re.search(r"\((\d+) nodes, (\d+) edges\)", result.stderr)
    assert counts, result.stderr
    assert (graph.number_of_nodes(), graph.number_of_edges()) == tuple(map(int, counts.groups()))


def test_show_item(run):
    text = run("show", "2.201")
    assert text.exit_code == 0
    assert text.stdout.startswith("2.201  推进7个区级养老服务中心建设")
    assert "as written: 各区人民政府 (responsible)、市民政局 (lead)" in text.stdout
    assert "新洲区人民政府 (responsible, via 各区人民政府)" in text.stdout
    assert "target: 70 个 exactly" in text.stdout
    assert "restated in 4.1 (score 1.0): same units" in text.stdout
    data = json.loads(run("show", "2.201", "--format", "json").stdout)
    assert data["ref"] == "2.201" and len(data["through_groups"]) == 18


def test_show_unit(run):
    text = run("show", "市水务局")
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0] == "市水务局  Wuhan Municipal Water Affairs Bureau  [municipal_department]"
    assert lines[1] == "lead 17 (by rule 1), responsible 12, total 29, weighted 19.351"
    assert any(line.split()[:3] == ["2.75", "lead", "no_lead_rule"] for line in lines)
    assert "main partners: 各区人民政府 (11)" in text.stdout
    data = json.loads(run("show", "市水务局", "--format", "json").stdout)
    assert data["load"]["total"] == 29 and len(data["items"]) == 29


@pytest.mark.parametrize("what", ["市不存在局", "9.99"])
def test_show_unknown(run, what):
    result = run("show", what)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("dutygraph: error: ")
    assert result.stderr.count("\n") == 1


# --- identical across runs ------------------------------------------------------

RUNS = [
    ["load", "--format", "csv"],
    ["overlaps", "--format", "csv"],
    ["structure", "--view", "communities", "--format", "csv"],
]


def test_identical_across_cli_runs(monkeypatch):
    """Two full runs (the plan parsed and its store built afresh each time, every
    command's answer computed) print the same bytes."""
    import graph.cli.inputs as inputs
    from graph.store.local import memory_store

    outputs = []
    for _ in range(2):
        store = memory_store()
        monkeypatch.setattr(inputs, "open_graph", lambda sources, s, store=store: store)
        # --no-cache: the tables are read from the store above, never a kept answer
        outputs.append(
            [CliRunner().invoke(cli, [*args, "--no-cache"]).stdout_bytes for args in RUNS]
        )
    assert outputs[0] == outputs[1]
    assert all(outputs[0])


SCRIPT = """
from click.testing import CliRunner
from graph.cli.main import cli
import graph.cli.inputs as inputs
from graph.store.local import memory_store
store = memory_store()
inputs.open_graph = lambda sources, s: store
import sys
for args in {runs!r}:
    sys.stdout.buffer.write(CliRunner().invoke(cli, [*args, "--no-cache"]).stdout_bytes)
"""


def test_identical_across_hash_seeds(tmp_path):
    """Sets of unit names iterate in a different order under another hash seed: the
    output must not depend on it (stable sorts, seeded Louvain)."""
    outputs = []
    for seed in ("1", "2"):  # a cache folder each, so no run replays the other's answers
        env = {**os.environ, "PYTHONHASHSEED": seed, "DUTYGRAPH_CACHE_DIR": str(tmp_path / seed)}
        outputs.append(
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    SCRIPT.format(runs=RUNS + [["structure", "--format", "csv"]]),
                ],
                env=env,
                capture_output=True,
                check=True,
            ).stdout
        )
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 10_000
