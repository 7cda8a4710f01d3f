"""Mutated plans through the parser and the build: no crash, no silent loss,
deterministic output.

A mutated plan is a window of the bundled plan (its notice, then any run of its
lines), or one of the small plans, edited up to six times: lines deleted,
duplicated, swapped, joined, split or cut; text inserted anywhere (the grammar's
own characters, invisible and control characters, escape sequences, numerals, big
numbers, any Unicode); headers damaged (``二二、``, a full stop, a bracket); line
endings changed.

Whatever comes out, the parser raises nothing but a one-line InputError, every
task line an independent reader finds (:mod:`tests.hardening.tasks`) is an item,
part of one, or named by a warning, and a second parse gives the same answer. The
build of what parses raises nothing, keeps every item, and renders the same bytes
twice; two processes with different hash seeds write the same files.

Bounded in CI; ``DUTYGRAPH_HARDENING=long`` runs the long profile (profiles.py).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.data import bundled_plan_path
from graph.errors import InputError
from graph.parse.plan import PROBLEMS, parse_text
from graph.parse.serialise import plan_json
from tests.hardening.catalogue import SMALL, TRADITIONAL
from tests.hardening.profiles import BUILD, PARSE, SEED_PAIRS
from tests.hardening.tasks import unaccounted

RAW = bundled_plan_path().read_text(encoding="utf-8").split("\n")
NOTICE = RAW[:12]
ROLE_LINES = (
    "四川省人民政府办公厅\n关于分解落实2022年政府工作报告重点任务的通知\n一、稳定经济增长\n"
    "1.扩大有效投资。\n牵头单位:省发展改革委\n责任单位:省财政厅\n"
    "2.促进消费回补。\n牵头单位:省商务厅\n完成时限:2022年12月底\n"
)
FLAT_TABLE = "序号|工作任务|牵头单位\n1|新建基站5000个|市经信局\n2|新建学校|市教育局\n"
BASES = [SMALL, TRADITIONAL, ROLE_LINES, FLAT_TABLE]

# Loose lines the parser now accepts as part of an item (its text, its roles, its row).
MERGED = {"continuation", "role", "row-cell"}

SPECIAL = [
    *"()（）〈〉《》[]【】〔〕?？:：;；,，、。.．-—0123456789一二三十百",
    "牵头单位:",
    "责任单位:",
    "配合单位:",
    "牽(qiān)頭(tóu)",
    "(zé)",
    "各区人民政府",
    "二二、",
    "(十十)",
    "10000.",
    "123456789.",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\u3000",
    "\ufeff",
    "\u200b",
    "\u2060",
    "\u00ad",
    "\u202e",
    "\x1b[2J",
    "\x1b]0;x\x07",
    "\x9b",
    "\x00",
    "\u0301",
    "\ufffd",
]
INSERT = st.lists(
    st.one_of(st.sampled_from(SPECIAL), st.characters(exclude_categories=("Cs",))),
    min_size=1,
    max_size=6,
).map("".join)
INDEX = st.integers(min_value=0, max_value=10**6)
EDIT = st.one_of(
    st.tuples(st.just("delete"), INDEX),
    st.tuples(st.just("duplicate"), INDEX),
    st.tuples(st.just("swap"), INDEX, INDEX),
    st.tuples(st.just("join"), INDEX),
    st.tuples(st.just("split"), INDEX, st.integers(0, 200)),
    st.tuples(st.just("insert"), INDEX, st.integers(0, 200), INSERT),
    st.tuples(st.just("prefix"), INDEX, st.sampled_from(["\u200b", "\ufeff", "\u2060", " ", "\t"])),
    st.tuples(
        st.just("renumber"), INDEX, st.sampled_from(["10000", "123456789", "1234567890", "0"])
    ),
    st.tuples(st.just("header"), INDEX, st.sampled_from(["。", "(", "二二、", "(十十)"])),
    st.tuples(st.just("cut-line"), INDEX, st.integers(0, 200)),
    st.tuples(st.just("cut"), st.integers(0, 10**6)),
    st.tuples(st.just("endings"), st.sampled_from(["\r\n", "\r"])),
)


@st.composite
def plans(draw) -> str:
    """A plan to mutate: a window of the bundled plan under its notice, or a small one."""
    if draw(st.booleans()):
        start = draw(st.integers(12, len(RAW) - 1))
        length = draw(st.integers(1, 80))
        return "\n".join(NOTICE + RAW[start : start + length])
    return draw(st.sampled_from(BASES))


def apply(text: str, edit: tuple) -> str:
    kind = edit[0]
    if kind == "cut":
        return text[: edit[1] % (len(text) + 1)]
    if kind == "endings":
        return text.replace("\n", edit[1])
    lines = text.split("\n")
    i = edit[1] % len(lines)
    line = lines[i]
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, line)
    elif kind == "swap":
        j = edit[2] % len(lines)
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "join" and i + 1 < len(lines):
        lines[i : i + 2] = [line + lines[i + 1]]
    elif kind == "split":
        col = min(edit[2], len(line))
        lines[i : i + 1] = [line[:col], line[col:]]
    elif kind == "insert":
        col = min(edit[2], len(line))
        lines[i] = line[:col] + edit[3] + line[col:]
    elif kind == "prefix":
        lines[i] = edit[2] + line
    elif kind == "renumber":
        digits = len(line) - len(line.lstrip("0123456789"))
        if digits:
            lines[i] = edit[2] + line[digits:]
    elif kind == "header":
        if "、" in line[:4]:
            lines[i] = edit[2] + line[line.index("、") + 1 :] if "、" in edit[2] else line + edit[2]
    elif kind == "cut-line":
        lines[i] = line[: edit[2]]
    return "\n".join(lines)


MUTATED = st.tuples(plans(), st.lists(EDIT, min_size=1, max_size=6)).map(
    lambda pair: _mutate(*pair)
)


def _mutate(text: str, edits: list[tuple]) -> str:
    for edit in edits:
        text = apply(text, edit)
    return text


def parsed(text: str):
    """The plan, or None for input refused with a proper one-line InputError."""
    try:
        return parse_text(text, path="mutated.txt")
    except InputError as exc:
        assert exc.path == "mutated.txt" and exc.line >= 0 and exc.column >= 0
        assert "\n" not in str(exc)
        return None


def check_nothing_lost(text: str, plan) -> None:
    items = {item.line for item in plan.items}
    merged = {line.number for line in plan.lines if line.kind in MERGED}
    warned = {n.line for n in plan.notices if n.kind in PROBLEMS}
    assert unaccounted(text, items | merged, warned) == []
    # every item has its line, and every line a kind
    assert {item.line for item in plan.items} <= {line.number for line in plan.lines}
    assert all(line.kind for line in plan.lines)


@PARSE
@given(MUTATED)
def test_mutated_plans_parse_without_crash_or_silent_loss(text):
    plan = parsed(text)
    if plan is None:
        return
    check_nothing_lost(text, plan)
    again = parse_text(text, path="mutated.txt")
    assert json.dumps(plan_json(again), ensure_ascii=False) == json.dumps(
        plan_json(plan), ensure_ascii=False
    )


FILES = ("dutygraph.nt", "dutygraph.ttl", "items.csv", "assignments.csv", "units.csv")


def render(plan) -> dict[str, bytes]:
    from graph.export.dataset import prepare_exports
    from graph.parse.sources import registry_for_plans
    from graph.rdf.namespaces import DEFAULT_BASE

    exports = prepare_exports([plan], DEFAULT_BASE, registry_for_plans([plan]))
    return {name: exports.render(name) for name in FILES}


@BUILD
@given(MUTATED)
def test_mutated_plans_build_without_crash_or_loss(text):
    plan = parsed(text)
    if plan is None:
        return
    files = render(plan)
    rows = list(csv.DictReader(io.StringIO(files["items.csv"].decode("utf-8"))))
    assert [row["ref"] for row in rows] == [item.ref for item in plan.items]
    graph = files["dutygraph.nt"].decode("utf-8")
    assert all(f"<{row['iri']}>" in graph for row in rows)  # every item in the graph
    assert render(plan) == files


SCRIPT = """
import sys
from graph.parse.plan import parse_text
from tests.hardening.test_mutation import render
plan = parse_text(open(sys.argv[1], encoding="utf-8").read(), path="mutated.txt")
for name, data in render(plan).items():
    open(sys.argv[2] + "/" + name, "wb").write(data)
"""


@pytest.mark.parametrize("pair", range(SEED_PAIRS))
def test_two_processes_with_different_hash_seeds_write_the_same_bytes(tmp_path, pair):
    rng = random.Random(2023 + pair)
    text = "\n".join(NOTICE + RAW[12 + rng.randrange(300) :][: rng.randrange(40, 120)])
    for _ in range(3):  # three edits that keep it a plan: a duplicated and a joined line
        text = apply(text, (rng.choice(["duplicate", "join", "delete"]), rng.randrange(10**6)))
    source = tmp_path / "plan.txt"
    source.write_text(text, encoding="utf-8")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed-{seed}"
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", SCRIPT, str(source), str(out)],
            check=True,
            env=env,
            timeout=300,
            cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
        )
        outputs.append({name: (out / name).read_bytes() for name in FILES})
    assert outputs[0] == outputs[1]
    assert outputs[0]["items.csv"].count(b"\n") > 1
