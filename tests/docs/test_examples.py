"""Every shell example in README.md and docs/*.md runs, and shows its real output.

What is run (see ``docs/examples.py``): ``console`` blocks (lines starting with
``$ ``; the lines after a command are its output as shown, compared with what it
prints — ``...`` stands for lines or text cut from the page), ``sh``/``bash`` blocks
(every command line; exit status only) and ``pycon`` blocks (as doctests). Skipped:
``text`` blocks, blocks after ``<!-- docs-test: skip -->``, the README's Quick start
block, and commands containing ``pip install`` or ``pytest``. The commands of one
file run in order in one fresh temporary directory, with this Python's ``bin``
folder first on PATH, seeded with ``my-plan.txt`` (a copy of the bundled plan),
``my-plan.errata.toml`` and ``docs/examples/``. Commands that need a server belong
in ``text`` blocks.
"""

from __future__ import annotations

import textwrap

import pytest

from tests.docs.conftest import ROOT, load

examples_module = load("docs/examples.py", "dutygraph_docs_examples")
FILES = examples_module.example_files()


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_shell_and_python_examples_run(path, examples, tmp_path):
    cwd = examples.prepare(tmp_path)
    problems = []
    for example in examples.examples(path):
        result = examples.run(example, cwd)
        if result.returncode != 0:
            problems.append(
                f"{example.where()}: `{example.command}` exited {result.returncode}:\n"
                + textwrap.indent(result.stdout[-3000:], "    ")
            )
        elif example.shown is not None and not examples.matches(example.shown, result.stdout):
            problems.append(
                f"{example.where()}: `{example.command}` printed something else than the page "
                f"shows (refresh with `python docs/examples.py --update {path.relative_to(ROOT)}`):\n"
                + textwrap.indent(result.stdout[-3000:], "    ")
            )
    failed, report = examples.run_python(path, cwd)
    if failed:
        problems.append(f"{path.relative_to(ROOT)}: {failed} Python example(s) failed:\n{report}")
    assert not problems, "\n".join(problems)


def test_the_docs_have_examples(examples):
    counted = {str(p.relative_to(ROOT)): len(examples.examples(p)) for p in FILES}
    assert counted["README.md"] >= 1
    assert counted["docs/user-guide.md"] >= 20
    assert counted["docs/new-plan.md"] >= 2
    assert len(examples.python_examples(ROOT / "docs" / "user-guide.md")) >= 3


def test_the_readme_quick_start_is_not_run(examples):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = [b for b in examples.blocks(readme, readme=True) if b.skipped]
    assert quick and any("pytest" in line for line in quick[0].lines)
    assert all("pytest" not in e.command for e in examples.examples(ROOT / "README.md"))


def test_extraction_rules(examples, tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        textwrap.dedent(
            """\
            ## Quick start

            ```sh
            pip install . && make
            echo quick
            ```

            ```console
            $ echo one \\
            >   two
            one two
            $ printf 'a\\nb\\nc\\nd\\n'
            a
            ...
            d
            ```

            <!-- docs-test: skip -->
            ```sh
            echo skipped
            ```

            ```text
            $ echo not run
            ```

            ```bash
            # a comment
            echo three   # trailing comment
            ```
            """
        ),
        encoding="utf-8",
    )
    found = examples.examples(page)
    assert [e.command for e in found] == [
        "echo quick",
        "echo one two",
        "printf 'a\\nb\\nc\\nd\\n'",
        "echo three   # trailing comment",
    ]
    assert found[1].shown == ["one two"] and found[3].shown is None
    assert examples.matches(found[2].shown, "a\nb\nc\nd\n")
    assert not examples.matches(found[2].shown, "a\nb\nc\n")
    assert examples.matches(["size ... bytes"], "size 12345 bytes\n")
    assert not examples.matches(["size ... bytes"], "size 12345 kB\n")
