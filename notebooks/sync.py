"""Write each notebook's ``.ipynb`` from its source, the jupytext ``.py`` beside it.

    python notebooks/sync.py            # rewrite notebooks/NN-*.ipynb from notebooks/NN-*.py
    python notebooks/sync.py --check    # exit 1, naming them, if any .ipynb is not current

The ``.py`` files are the notebooks (jupytext percent format: ``# %%`` starts a code
cell, ``# %% [markdown]`` a markdown cell written as comments): ruff lints them with
the rest of the code, and ``tests/docs/test_notebooks.py`` executes them and checks
what they print. Edit them, or edit the ``.ipynb`` in Jupyter with the jupytext
extension, which writes both (the sources declare the pairing); then run this script.

The ``.ipynb`` files are kept for people who open the notebooks in Jupyter, and are
written **without outputs**, with stable cell ids, so that a source always gives the
same bytes and the test can require each ``.ipynb`` to be exactly what its source
gives. Outputs are left out because the test already executes the sources and checks
their results, so committed outputs would add no check, only something to keep
current: they change with the data, the queries and the matplotlib and font versions
(with its charts and inlined network page, notebook 02 alone took 1.7 MB of the
1.8 MB the executed notebooks did), and keeping them current took a kernel run and
rules for which differences to ignore. Each notebook runs in seconds in Jupyter.

``jupytext --to ipynb`` gives the same cells but random cell ids and its own
metadata, so use this script rather than that command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat

HERE = Path(__file__).resolve().parent
KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}
PAIRING = {"formats": "ipynb,py:percent"}


def sources() -> list[Path]:
    """The notebook sources, ``NN-name.py``, in order (this script is not one)."""
    return sorted(HERE.glob("[0-9][0-9]-*.py"))


def notebook(source: Path) -> nbformat.NotebookNode:
    """The notebook a source gives: its cells, no outputs, stable ids and metadata.

    Cell ids are numbered rather than random, and the metadata is fixed (kernel
    ``python3`` and the jupytext pairing), so converting the same source twice gives
    the same notebook, and the ``.ipynb`` files change only when their sources do.
    """
    nb = jupytext.read(source, fmt="py:percent")
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{number:02d}"
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata = nbformat.from_dict({"jupytext": dict(PAIRING), "kernelspec": dict(KERNEL)})
    nbformat.validate(nb)
    return nb


def ipynb_text(source: Path) -> str:
    """The exact text of the ``.ipynb`` for ``source`` (what Jupyter itself writes)."""
    return nbformat.writes(notebook(source)) + "\n"


def stale() -> list[Path]:
    """The ``.ipynb`` files that are missing or differ from what their source gives."""
    out = []
    for source in sources():
        target = source.with_suffix(".ipynb")
        if not target.exists() or target.read_text(encoding="utf-8") != ipynb_text(source):
            out.append(target)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if any .ipynb is stale"
    )
    args = parser.parse_args(argv)
    if args.check:
        behind = stale()
        for target in behind:
            print(f"notebooks/{target.name} is not what notebooks/{target.stem}.py gives")
        return 1 if behind else 0
    for source in sources():
        target = source.with_suffix(".ipynb")
        text = ipynb_text(source)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            print(f"wrote notebooks/{target.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
