"""``kill -9`` a store build and a store change at random moments: the store reopens
with the old plans or the new ones, or says it is mid-change until the next writer
finishes it; never an answer from half a store.

Two kinds of trial, alternating:

* a rebuild (``dutygraph query units --store DIR PLAN``) of a store that holds plan A
  into one that holds plan B: killed at any moment, the store holds A or B, whole;
* an ``add`` of plan B to a store holding A: killed at any moment, readers either get
  the whole store or refuse it as being changed; the next ``add`` or ``remove``
  finishes or undoes the change, and the store then holds {A} or {A, B}, whole.

Either way the answers the store keeps per plan (graph.store.answers) are then those
of the plans it holds.

A few trials in CI, 30 with ``DUTYGRAPH_HARDENING=long`` (tests/hardening/profiles.py).
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import pytest

from graph.errors import DataError
from graph.parse.plan import parse_plan
from graph.store.local import add_plans, disk_store, plan_ids, recover_store, store_from_plans
from tests.corpus.kept import assert_kept_answers_agree
from tests.hardening.profiles import LONG

TRIALS = 30 if LONG else 2


@pytest.fixture(scope="module")
def plans(tmp_path_factory, raw_lines):
    """Two small plans of one city: the bundled plan's first 120 lines, and the same
    with another year (another id)."""
    folder = tmp_path_factory.mktemp("kill-plans")
    a = folder / "a.txt"
    a.write_text("\n".join(raw_lines[:120]), encoding="utf-8")
    b = folder / "b.txt"
    b.write_text("\n".join(raw_lines[:120]).replace("2023年", "2024年"), encoding="utf-8")
    parsed = {p.slug: p for p in (parse_plan(a), parse_plan(b))}
    assert sorted(parsed) == ["wuhan-2023", "wuhan-2024"]
    return a, b, parsed


def _quads(store) -> set:
    return {(q.subject, q.predicate, q.object, q.graph_name) for q in store}


def _run(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "graph", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill_after(process: subprocess.Popen, seconds: float) -> None:
    time.sleep(seconds)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)


@pytest.mark.parametrize("trial", range(TRIALS))
def test_a_killed_rebuild_leaves_the_old_store_or_the_new(plans, tmp_path, trial):
    a, b, parsed = plans
    folder = tmp_path / "store"
    add_plans(folder, [parsed["wuhan-2023"]])
    whole = {
        "old": _quads(store_from_plans([parsed["wuhan-2023"]])),
        "new": _quads(store_from_plans([parsed["wuhan-2024"]])),
    }
    rng = random.Random(trial)
    process = _run(["query", "units", str(b), "--store", str(folder), "--format", "csv"])
    _kill_after(process, rng.uniform(0.05, 2.5))
    store = disk_store(folder)
    assert _quads(store) in (whole["old"], whole["new"])
    assert_kept_answers_agree(folder)  # the answers kept are those of the plan it holds
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".data-")]
    assert len(leftovers) >= 1
    del store
    # the next build cleans up what the killed one left
    disk_store(folder, [str(a)])
    assert len([p for p in folder.iterdir() if p.name.startswith(".data-")]) == 1


@pytest.mark.parametrize("trial", range(TRIALS))
def test_a_killed_add_is_finished_or_undone_by_the_next_writer(plans, tmp_path, trial):
    a, b, parsed = plans
    folder = tmp_path / "store"
    add_plans(folder, [parsed["wuhan-2023"]])
    old = _quads(store_from_plans([parsed["wuhan-2023"]]))
    rng = random.Random(1000 + trial)
    process = _run(["add", str(b), "--store", str(folder), "--quiet"])
    _kill_after(process, rng.uniform(0.05, 3.0))
    try:
        seen = plan_ids(disk_store(folder))
        assert seen in (["wuhan-2023"], ["wuhan-2023", "wuhan-2024"])
    except DataError as error:  # killed mid-change: readers refuse, and say so
        assert "is being changed, or a change to it was interrupted (plan wuhan-2024)" in str(error)
    # a writer finishes or undoes it; then the store is whole: {A} or {A, B}
    recover_store(folder)
    store = disk_store(folder)
    ids = plan_ids(store)
    assert ids in (["wuhan-2023"], ["wuhan-2023", "wuhan-2024"])
    if ids == ["wuhan-2023"]:
        assert _quads(store) == old
    else:
        assert _quads(store) == _quads(
            store_from_plans([parsed["wuhan-2023"], parsed["wuhan-2024"]])
        )
    del store
    assert_kept_answers_agree(folder)


def test_a_remove_cut_short_is_finished_with_its_units_by_the_next_writer(
    plans, tmp_path, monkeypatch
):
    """A remove that dies after the plan's graph went but before the units only it
    named were pruned: the next writer prunes them, so the store is exactly A's."""
    from graph.store import local

    _, _, parsed = plans
    folder = tmp_path / "store"
    add_plans(folder, [parsed["wuhan-2023"], parsed["wuhan-2024"]])
    # give B a unit A never names, so that pruning has something to do
    store = local._writable(folder)[2]
    graph = next(g for g in store.named_graphs() if g.value.endswith("/graph/wuhan-2024"))
    units = next(g for g in store.named_graphs() if g.value.endswith("/graph/units/wuhan"))
    only_b = local.ox.NamedNode("https://w3id.org/dutygraph/id/unit/wuhan/only-b")
    org = local.ox.NamedNode("http://www.w3.org/ns/org#Organization")
    store.add(local.ox.Quad(only_b, local._RDF_TYPE, org, units))
    store.add(local.ox.Quad(graph, local.ox.NamedNode("urn:x:names"), only_b, graph))
    store.flush()
    del store

    def killed(*args):
        raise SystemExit("killed")

    monkeypatch.setattr(local, "_prune_units", killed)
    with pytest.raises(SystemExit):
        local.remove_plan(folder, "wuhan-2024")
    monkeypatch.undo()
    with pytest.raises(DataError, match="interrupted"):
        disk_store(folder)
    assert recover_store(folder) == "an interrupted remove of wuhan-2024 was finished"
    assert _quads(disk_store(folder)) == _quads(store_from_plans([parsed["wuhan-2023"]]))
    assert_kept_answers_agree(folder)


def test_a_half_made_store_folder_is_built_over(plans, tmp_path):
    """Finding 16.11: a folder a killed first build left (a data folder, no marker) is
    not "a folder that holds no dutygraph store" forever: the next build uses it."""
    a, _, parsed = plans
    folder = tmp_path / "store"
    (folder / ".data-1-deadbeef").mkdir(parents=True)
    (folder / ".data-1-deadbeef" / "000001.sst").write_bytes(b"half")
    store = disk_store(folder, [str(a)])
    assert plan_ids(store) == ["wuhan-2023"]
    assert [p.name for p in folder.iterdir() if p.name.startswith(".data-")] != [".data-1-deadbeef"]
    assert not (folder / ".data-1-deadbeef").exists()


def test_several_processes_read_one_store_at_once(plans, tmp_path):
    """Finding 16.11: a second reader does not fail on the store's lock."""
    _, _, parsed = plans
    folder = tmp_path / "store"
    add_plans(folder, [parsed["wuhan-2023"]])
    code = (
        "import sys, time; from graph.store.local import disk_store, plan_ids; "
        "s = disk_store(sys.argv[1]); time.sleep(1.5); print(plan_ids(s))"
    )
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(folder)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    outputs = [r.communicate(timeout=60)[0].strip() for r in readers]
    assert outputs == ["['wuhan-2023']"] * 3
    assert all(r.returncode == 0 for r in readers)
