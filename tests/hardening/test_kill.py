"""``kill -9`` a real ``dutygraph build --out`` at random moments: every trial leaves
the complete old set or the complete new one, and the next build cleans up.

Each trial builds the other of two sets (two base IRIs, so every file but the
ontology and shapes differs) into the same folder and is killed either at a
random moment of the whole run or a random few milliseconds after it starts
writing (the moments that matter, found by watching for its staged folder). A README kept
in the folder by hand must survive every trial.

A few trials in CI, 40 with ``DUTYGRAPH_HARDENING=long`` (profiles.py). The
deterministic kill at every file-system step is in ``test_output_folder.py``.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.export.dataset import write_dataset
from graph.parse.plan import parse_plan
from tests.hardening.profiles import KILL_TRIALS, LONG

BASES = ("https://old.example.org/", "https://new.example.org/")
README = "README.txt"


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != README}


@pytest.fixture(scope="module")
def source(tmp_path_factory, raw_lines) -> Path:
    """The bundled plan's notice and first 120 lines: a build of a third of a second,
    so that a trial costs little and its writing is a fair share of its time."""
    path = tmp_path_factory.mktemp("kill-source") / "plan.txt"
    path.write_text("\n".join(raw_lines[:120]), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sets(source, tmp_path_factory):
    root = tmp_path_factory.mktemp("kill-sets")
    plan = parse_plan(source)
    return [listing(write_dataset([plan], root / str(i), base=b).out) for i, b in enumerate(BASES)]


def _build(source: Path, out: Path, base: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graph",
            "build",
            str(source),
            "--out",
            str(out),
            "--base-iri",
            base,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _writing(parent: Path, out: Path) -> bool:
    """Whether the build has started writing: its staged folder (or, where a build
    writes in place, a temporary file in the folder) is there."""
    prefix = f".{out.name}.dutygraph-"
    return any(name.startswith(prefix) for name in os.listdir(parent)) or any(
        name.endswith(".tmp") for name in os.listdir(out)
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no kill -9 here")
def test_kill_9_at_random_moments(tmp_path, source, sets):
    rng = random.Random() if LONG else random.Random(16)
    out = tmp_path / "out"
    started = time.perf_counter()
    first = _build(source, out, BASES[1])
    assert first.wait(timeout=300) == 0, first.stderr.read() if first.stderr else ""
    duration = time.perf_counter() - started
    assert listing(out) == sets[1]
    (out / README).write_text("kept by hand\n")
    current = 1
    outcomes: dict[str, int] = {"old": 0, "new": 0}
    for trial in range(KILL_TRIALS):
        target = 1 - current
        proc = _build(source, out, BASES[target])
        if trial % 2 == 0:  # watch for the writing to start, kill soon after
            deadline = time.perf_counter() + 300
            while not _writing(tmp_path, out) and proc.poll() is None:
                assert time.perf_counter() < deadline
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, 0.03))
        else:
            time.sleep(rng.uniform(0, duration * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        assert proc.stderr is not None
        error = proc.stderr.read()
        proc.stderr.close()
        assert b"Traceback" not in error
        found = listing(out)
        assert found in (sets[current], sets[target]), f"trial {trial}: old and new files mixed"
        assert (out / README).read_text() == "kept by hand\n"
        if found == sets[target]:
            outcomes["new"] += 1
            current = target
        else:
            outcomes["old"] += 1
    # A build that runs to its end removes whatever the killed ones left.
    last = _build(source, out, BASES[0])
    assert last.wait(timeout=300) == 0
    assert last.stderr is not None
    last.stderr.close()
    assert listing(out) == sets[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert not [name for name in os.listdir(out) if name.endswith(".tmp")]
    if LONG:
        print(
            f"\nkill -9 trials: {KILL_TRIALS}, left the old set {outcomes['old']}, the new {outcomes['new']}"
        )
