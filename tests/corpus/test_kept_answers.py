"""The answers a persisted store keeps per plan (graph.store.answers): the tables put
together from them are the tables its SPARQL answers give, after every kind of
change; anything missing, damaged or of another version is not used, and an update
by SPARQL forgets them.

The corpus is the one of tests/corpus/test_corpus.py: the bundled plan, two
synthetic plans and a real plan of another issuer (two plans share item refs and
unit names)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli.main import cli
from graph.data import bundled_plan_path
from graph.parse.sources import Source, parse_sources
from graph.store import answers
from graph.store.local import (
    add_plans,
    build_corpus,
    disk_store,
    kept_answers,
    remove_plan,
    store_data,
)
from tests.bench.synthetic import corpus
from tests.corpus.kept import assert_kept_answers_agree

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "08_liaoning-2024.txt"


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("kept-corpus")
    synthetic = {p.slug: p for p in corpus(5, 3).plans}
    out = [bundled_plan_path()]
    for slug in ("wuhan-2022", "chengdu-2022"):
        path = folder / f"{slug}.txt"
        path.write_text(synthetic[slug].text, encoding="utf-8")
        out.append(path)
    shutil.copy(REAL, folder / REAL.name)
    return [*out, folder / REAL.name]


@pytest.fixture(scope="module")
def plans(files):
    return parse_sources([str(f) for f in files])


def _files(folder: Path) -> list[Path]:
    (data,) = [p for p in folder.iterdir() if p.name.startswith(".data-")]
    return sorted((data / answers.FOLDER).glob("*.pickle"))


def _load(folder: Path, monkeypatch, tmp_path: Path) -> str:
    """``dutygraph load`` on the store, with a new cache (no answer kept from before)."""
    monkeypatch.setenv("DUTYGRAPH_CACHE_DIR", tempfile.mkdtemp(dir=tmp_path))
    result = CliRunner().invoke(cli, ["load", "--store", str(folder), "--format", "csv"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_built_added_replaced_and_removed(plans, files, tmp_path):
    """A corpus built in worker processes, then each kind of change: the kept
    answers agree with the store's after each, one file per plan."""
    folder = tmp_path / "built"
    build_corpus(folder, [Source(str(f)) for f in files[:3]])
    assert_kept_answers_agree(folder)
    assert len(_files(folder)) == 3
    add_plans(folder, plans[3:])  # a new plan
    add_plans(folder, plans[1:2])  # a plan replaced: its graph changes name
    assert_kept_answers_agree(folder)
    assert len(_files(folder)) == 4
    remove_plan(folder, "chengdu-2022")
    assert_kept_answers_agree(folder)
    assert len(_files(folder)) == 3


def test_the_first_add_keeps_them_too(plans, tmp_path):
    folder = tmp_path / "added"
    add_plans(folder, plans[:2])
    assert_kept_answers_agree(folder)


def test_missing_damaged_or_foreign_answers_are_not_used(plans, tmp_path, monkeypatch):
    folder = tmp_path / "s"
    add_plans(folder, plans[:2])
    store = disk_store(folder)
    assert kept_answers(folder, store, store_data(folder)) is not None
    first, second = _files(folder)
    asked = _load(folder, monkeypatch, tmp_path)
    # the store was opened from a data folder the marker no longer names
    assert kept_answers(folder, store, ".data-replaced") is None
    # another version's answers
    monkeypatch.setattr(answers, "_stamp", lambda: "another version")
    assert kept_answers(folder, store, store_data(folder)) is None
    monkeypatch.undo()
    # a damaged file, then a missing one: the store is asked, with the same answer
    first.write_bytes(first.read_bytes()[:100])
    assert kept_answers(folder, store, store_data(folder)) is None
    assert _load(folder, monkeypatch, tmp_path) == asked
    second.unlink()
    assert kept_answers(folder, store, store_data(folder)) is None
    assert _load(folder, monkeypatch, tmp_path) == asked


def test_a_sparql_update_forgets_them(plans, tmp_path, monkeypatch):
    folder = tmp_path / "s"
    add_plans(folder, plans[:1])
    update = tmp_path / "u.rq"
    update.write_text(
        "PREFIX dg: <https://w3id.org/dutygraph/ontology#>\n"
        "DELETE { GRAPH ?g { ?i dg:text ?t } } INSERT { GRAPH ?g { ?i dg:text ?new } }\n"
        'WHERE { GRAPH ?g { ?i dg:ref "2.201" ; dg:text ?t } BIND (STRLANG("改写", LANG(?t)) AS ?new) }',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["query", str(update), "--allow-update", "--store", str(folder)]
    )
    assert result.exit_code == 0, result.output
    store = disk_store(folder)
    assert kept_answers(folder, store, store_data(folder)) is None
    from graph.analytics.frames import load_tables

    items = load_tables(store).items
    assert items.loc[items["ref"] == "2.201", "text"].tolist() == ["改写"]


def test_adding_a_plan_does_not_load_pandas(tmp_path):
    """The answers are kept as plain columns, typed when read: ``add`` (about a
    second) does not pay for importing pandas (more than half a second)."""
    code = (
        "import sys; from graph.parse.plan import parse_plan; "
        "from graph.store.local import add_plans; "
        "add_plans(sys.argv[1], [parse_plan()]); add_plans(sys.argv[1], [parse_plan()]); "
        "print(sorted(m for m in ('pandas', 'numpy') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "s")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]"]
    assert_kept_answers_agree(tmp_path / "s")
