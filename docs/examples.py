"""Find, run and refresh the shell examples of ``README.md`` and ``docs/*.md``.

What counts as an example:

* a fenced block whose language is ``console``: each line starting with ``$ `` is a
  command, and the lines after it (up to the next ``$ `` line or the end of the
  block) are its output as shown. In the shown output a line ``...`` stands for
  any number of lines, so long outputs can be cut, and ``...`` inside a line for
  any text (figures that change whenever the data does, such as file sizes);
* a fenced block whose language is ``sh``, ``bash`` or ``shell``: every line that is
  not blank and not a ``#`` comment is a command (its output is not shown);
* a line ending in ``\\`` continues on the next line.

Python examples are ``pycon`` blocks (``>>>`` prompts with the output below them);
they run as doctests (``ELLIPSIS`` and ``NORMALIZE_WHITESPACE`` on), after the shell
examples of the same file, in the same working directory, sharing one namespace
from block to block.

Not run: ``text`` blocks (and every other language); a block right after the HTML
comment ``<!-- docs-test: skip -->``; the README's *Quick start* block (it installs
the package and runs the test suite); any command containing ``pip install`` or
``pytest``.

The commands of one file run in order, with bash, in one fresh working directory
(so an example may use a file an earlier one wrote), with the Python environment's
``bin`` folder first on ``PATH``. The working directory is seeded with what the
examples name: ``my-plan.txt`` (a copy of the bundled plan, standing for the
reader's own plan file), ``my-plan.errata.toml`` (an errata file for it, with no
fixes) and ``docs/examples/`` (the sample plans of the docs).

Usage::

    python docs/examples.py                     # run every example, report failures
    python docs/examples.py --update FILE...    # rewrite the shown output of console
                                                # examples whose output no longer matches
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
SHELL_LANGUAGES = {"sh", "bash", "shell"}
SKIP_MARK = "<!-- docs-test: skip -->"
SKIP_WORDS = ("pip install", "pytest")
ERRATA = """\
# Errata for the examples: my-plan.txt is a copy of the bundled plan, whose own
# errata ship with the package, so this file has nothing left to fix.
document = "武政办〔2023〕1号"
"""


def example_files() -> list[Path]:
    """README.md and every Markdown file in docs/, in a fixed order."""
    return [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


@dataclass
class Example:
    path: Path
    line: int  # 1-based line of the command in the file
    command: str
    shown: list[str] | None  # console: the output lines as shown; sh: None
    output_lines: tuple[int, int] | None = None  # [start, end) of the shown output (0-based)

    def where(self) -> str:
        try:
            name = self.path.relative_to(ROOT)
        except ValueError:
            name = self.path
        return f"{name}:{self.line}"


@dataclass
class Block:
    language: str
    start: int  # 0-based index of the opening fence
    lines: list[str]
    skipped: bool


def blocks(text: str, *, readme: bool = False) -> list[Block]:
    """The fenced blocks of a Markdown text."""
    lines = text.splitlines()
    out: list[Block] = []
    heading = ""
    previous = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lstrip("#").strip().lower()
        fence = re.match(r"^(`{3,}|~{3,})\s*([\w+-]*)", line)
        if not fence:
            if line.strip():
                previous = line.strip()
            i += 1
            continue
        marker, language = fence.group(1), fence.group(2).lower()
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not lines[j].startswith(marker):
            body.append(lines[j])
            j += 1
        skipped = previous == SKIP_MARK or (readme and heading == "quick start")
        out.append(Block(language, i, body, skipped))
        previous = ""
        i = j + 1
    return out


def _joined(lines: list[str], start: int) -> tuple[str, int]:
    """A command from ``lines[start]`` on, with ``\\`` continuations; returns the
    command and the index of the next line."""
    parts = [lines[start]]
    i = start + 1
    while parts[-1].endswith("\\") and i < len(lines):
        parts[-1] = parts[-1][:-1]
        parts.append(lines[i].removeprefix("> "))
        i += 1
    return " ".join(p.strip() for p in parts), i


def examples(path: Path) -> list[Example]:
    """The runnable examples of one Markdown file, in order."""
    text = path.read_text(encoding="utf-8")
    out: list[Example] = []
    for block in blocks(text, readme=path.resolve() == ROOT / "README.md"):
        if block.skipped:
            continue
        first = block.start + 2  # 1-based line of the block's first body line
        if block.language == "console":
            i = 0
            while i < len(block.lines):
                line = block.lines[i]
                if not line.startswith("$ "):
                    i += 1
                    continue
                command, nxt = _joined(block.lines, i)
                command = command[2:]
                end = nxt
                while end < len(block.lines) and not block.lines[end].startswith("$ "):
                    end += 1
                out.append(
                    Example(
                        path,
                        first + i,
                        command,
                        block.lines[nxt:end],
                        (block.start + 1 + nxt, block.start + 1 + end),
                    )
                )
                i = end
        elif block.language in SHELL_LANGUAGES:
            i = 0
            while i < len(block.lines):
                line = block.lines[i]
                if not line.strip() or line.lstrip().startswith("#"):
                    i += 1
                    continue
                command, nxt = _joined(block.lines, i)
                out.append(Example(path, first + i, command, None))
                i = nxt
    return [e for e in out if not any(word in e.command for word in SKIP_WORDS)]


def python_examples(path: Path) -> list[tuple[int, str]]:
    """The ``pycon`` blocks of a Markdown file: (1-based line of the block's first
    line, its text), in order."""
    text = path.read_text(encoding="utf-8")
    return [
        (block.start + 2, "\n".join(block.lines) + "\n")
        for block in blocks(text, readme=path.resolve() == ROOT / "README.md")
        if block.language == "pycon" and not block.skipped
    ]


def run_python(path: Path, cwd: Path) -> tuple[int, str]:
    """Run the ``pycon`` blocks of ``path`` as doctests in ``cwd``; returns the
    number of failed examples and the doctest report."""
    import doctest
    import io

    path = path.resolve()
    parser = doctest.DocTestParser()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=flags)
    globs: dict = {"__name__": "__docs__"}
    here = Path.cwd()
    os.chdir(cwd)
    try:
        for line, source in python_examples(path):
            test = parser.get_doctest(source, globs, path.name, str(path), line - 1)
            runner.run(test, out=report.write, clear_globs=False)
            globs.update(test.globs)  # DocTest works on a copy; carry names to the next block
    finally:
        os.chdir(here)
    return runner.failures, report.getvalue()


def prepare(folder: Path) -> Path:
    """Seed a working directory with the files the examples name."""
    from graph.data import bundled_plan_path

    shutil.copyfile(bundled_plan_path(), folder / "my-plan.txt")
    (folder / "my-plan.errata.toml").write_text(ERRATA, encoding="utf-8")
    if (DOCS / "examples").is_dir():
        shutil.copytree(DOCS / "examples", folder / "docs" / "examples", dirs_exist_ok=True)
    return folder


def environment() -> dict[str, str]:
    """The environment examples run in: this Python's ``bin`` first on PATH."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONIOENCODING"] = "utf-8"
    env.setdefault("LANG", "C.UTF-8")
    env.pop("COLUMNS", None)
    return env


def run(example: Example, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run one example with bash in ``cwd``; stdout and stderr are captured together."""
    return subprocess.run(
        ["bash", "-c", example.command],
        cwd=cwd,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        text=True,
        encoding="utf-8",
    )


def _clean(lines: list[str]) -> list[str]:
    out = [line.rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


def matches(shown: list[str], actual: str) -> bool:
    """Whether ``actual`` output agrees with the output shown (a ``...`` line matches
    any number of lines, ``...`` in a line any text; trailing spaces and blank lines
    do not count)."""
    pattern = []
    for line in _clean(shown):
        if line == "...":
            pattern.append(r"(?:[^\n]*\n)*?")
        else:
            pattern.append(r"[^\n]*?".join(re.escape(part) for part in line.split("...")) + r"\n")
    text = "\n".join(_clean(actual.splitlines())) + "\n"
    if not _clean(shown):
        return not _clean(actual.splitlines())
    return re.fullmatch("".join(pattern), text) is not None


def update(path: Path, cwd: Path) -> int:
    """Refresh the shown output of console examples in ``path`` that no longer
    match; returns how many were rewritten."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    replacements: list[tuple[tuple[int, int], list[str]]] = []
    for example in examples(path):
        result = run(example, cwd)
        if result.returncode != 0:
            raise SystemExit(
                f"{example.where()}: `{example.command}` exited {result.returncode}:\n{result.stdout}"
            )
        if example.shown is not None and not matches(example.shown, result.stdout):
            replacements.append((example.output_lines, _clean(result.stdout.splitlines())))
    for (start, end), new in sorted(replacements, reverse=True):
        lines[start:end] = new
    if replacements:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    return len(replacements)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", nargs="+", metavar="FILE", type=Path)
    args = parser.parse_args(argv)
    failures = 0
    for path in args.update or example_files():
        with tempfile.TemporaryDirectory(prefix="dutygraph-docs-") as tmp:
            cwd = prepare(Path(tmp))
            if args.update:
                count = update(path.resolve(), cwd)
                print(f"{path}: {count} output(s) refreshed")
                continue
            for example in examples(path):
                result = run(example, cwd)
                ok = result.returncode == 0 and (
                    example.shown is None or matches(example.shown, result.stdout)
                )
                if not ok:
                    failures += 1
                    print(f"FAIL {example.where()}: {example.command} (exit {result.returncode})")
                    print(result.stdout)
                else:
                    print(f"ok   {example.where()}: {example.command}")
            failed, report = run_python(path, cwd)
            if failed:
                failures += failed
                print(report)
            elif python_examples(path):
                print(f"ok   {path.relative_to(ROOT)}: Python examples")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
