"""The notebooks run top to bottom without errors, and their committed outputs are current.

Each notebook in ``notebooks/`` is executed once per test run with nbclient (kernel
``python3``: the Python running the tests, through ipykernel) in a temporary
directory, and then:

* no cell may raise, and no output may be an error;
* the committed notebook must hold the cells ``notebooks/build.py`` generates, all
  executed;
* **outputs are current**: for every code cell, the committed outputs and the fresh
  ones must give the same text. Compared: stream output (stdout and stderr) and the
  ``text/plain`` form of results and displays (DataFrames included; their HTML form
  is derived from the same frame and not compared); an image counts as the marker
  ``<image/png>``, because PNG bytes change with the matplotlib and font versions
  while the picture does not. Normalised before comparing: consecutive pieces of
  one stream are joined (the kernel may cut a stream anywhere), trailing whitespace and
  memory addresses (``at 0x7f…``); in cells tagged ``volatile-numbers`` every number
  (file sizes, which change whenever the data or the query files change); cells
  tagged ``nondeterministic`` are not compared. The notebooks print no timings,
  ports or paths, so nothing else needs normalising.

When a notebook, the data or the queries change, refresh the committed notebooks
with ``python notebooks/build.py``.
"""

from __future__ import annotations

import copy
import re
import tempfile
from pathlib import Path

import nbformat
import pytest

from tests.docs.conftest import ROOT, load

builder = load("notebooks/build.py", "dutygraph_notebooks_build")
NAMES = sorted(builder.NOTEBOOKS)
FIX = "run `python notebooks/build.py` and commit the notebooks"
# Paths of the machine the notebooks were run on: the folder holding the checkout,
# the temp folder and the home folder, plus other systems' home and drive roots.
_HERE = {str(ROOT.parent), tempfile.gettempdir(), str(Path.home())}
MACHINE_PATHS = re.compile(
    "|".join(re.escape(p.rstrip("/") + "/") for p in sorted(_HERE) if p not in ("", "/"))
    + r"|/home/|/Users/|[A-Z]:\\\\"
)


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Notebook name -> the committed notebook executed afresh (cached per module)."""
    cache: dict[str, nbformat.NotebookNode] = {}

    def run(name: str) -> nbformat.NotebookNode:
        if name not in cache:
            committed = nbformat.read(ROOT / "notebooks" / name, as_version=4)
            fresh = copy.deepcopy(committed)
            for cell in fresh.cells:
                if cell.cell_type == "code":
                    cell.outputs = []
                    cell.execution_count = None
            cwd = tmp_path_factory.mktemp(name.split("-")[0])
            cache[name] = builder.execute(fresh, cwd)
        return cache[name]

    return run


def committed(name: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "notebooks" / name, as_version=4)


def texts(cell) -> list[str]:
    """A code cell's outputs as comparable text (see the module docstring)."""
    tags = cell.metadata.get("tags", [])
    merged: list = []  # a stream can arrive in pieces, cut anywhere: join neighbours
    for output in cell.get("outputs", []):
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            merged[-1] = nbformat.from_dict({**previous, "text": previous.text + output.text})
        else:
            merged.append(output)
    out = []
    for output in merged:
        if output.output_type == "stream":
            text = f"[{output.name}] {output.text}"
        elif output.output_type in ("execute_result", "display_data"):
            parts = [output.data.get("text/plain", "")]
            parts += [f"<{kind}>" for kind in sorted(output.data) if kind.startswith("image/")]
            text = "[result] " + "\n".join(parts)
        else:
            text = f"[{output.output_type}] {output.get('ename', '')}: {output.get('evalue', '')}"
        text = re.sub(r" at 0x[0-9a-fA-F]+", " at 0x…", text)
        if "volatile-numbers" in tags:
            text = re.sub(r"\d+", "N", text)
        out.append("\n".join(line.rstrip() for line in text.splitlines()))
    return out


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_without_errors(name, executed):
    nb = executed(name)  # nbclient raises CellExecutionError on the first failing cell
    errors = [
        (n, o.get("ename"))
        for n, cell in enumerate(nb.cells)
        for o in cell.get("outputs", [])
        if o.output_type == "error"
    ]
    assert not errors
    streams = [
        o.text for cell in nb.cells for o in cell.get("outputs", []) if o.get("name") == "stderr"
    ]
    assert not streams, f"{name} writes to stderr: {streams[:3]}"


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_is_generated_and_executed(name):
    nb = committed(name)
    expected = builder.notebook(builder.NOTEBOOKS[name])
    assert [c.source for c in nb.cells] == [c.source for c in expected.cells], (
        f"{name} differs from the cells in notebooks/build.py; {FIX}"
    )
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), f"{name} is not executed; {FIX}"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))


@pytest.mark.parametrize("name", NAMES)
def test_committed_outputs_carry_no_machine_paths(name):
    text = (ROOT / "notebooks" / name).read_text(encoding="utf-8")
    found = sorted(set(MACHINE_PATHS.findall(text)))
    assert not found, f"{name} shows paths of the machine that ran it: {found}"


@pytest.mark.parametrize("name", NAMES)
def test_committed_outputs_are_current(name, executed):
    fresh = executed(name)
    old = committed(name)
    for number, (was, now) in enumerate(zip(old.cells, fresh.cells, strict=True)):
        if was.cell_type != "code" or "nondeterministic" in was.metadata.get("tags", []):
            continue
        assert texts(was) == texts(now), (
            f"{name}, cell {number} ({was.source.splitlines()[0][:60]!r}): the committed "
            f"outputs are not what the notebook gives now; {FIX}"
        )
