"""The package's architecture, pinned: folders are layers, and the CLI starts light.

Every module under ``graph/`` is parsed with :mod:`ast` (imports at the top and
inside functions alike, ``TYPE_CHECKING`` blocks included: a lower layer that
names a higher layer's type depends on it too), so a layering mistake fails here
instead of surfacing later as a slow start-up or an import cycle.

Layers, lowest first (a module may import its own layer and the ones below)::

    errors, data  0      derive, targets  4      views   8
    model         1      rdf              5      export  9
    read          2      store            6      serve  10
    parse         3      analytics        7      cli    11

``graph/__init__.py`` (the lazy public facade) and ``graph/__main__.py`` are
exempt as importers; the facade re-exports every layer, so as an import target it
ranks with the CLI.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "graph"

RANKS = {
    "errors": 0,
    "data": 0,
    "model": 1,
    "read": 2,
    "parse": 3,
    "derive": 4,
    "targets": 4,
    "rdf": 5,
    "store": 6,
    "analytics": 7,
    "views": 8,
    "export": 9,
    "serve": 10,
    "cli": 11,
}
FACADE_RANK = RANKS["cli"]
EXEMPT = {"graph", "graph.__main__"}

# Libraries that make a command slow to start; none may load for ``--help``.
HEAVY = {
    "pandas",
    "numpy",
    "networkx",
    "scipy",
    "rdflib",
    "oxrdflib",
    "pyoxigraph",
    "pyshacl",
    "matplotlib",
    "pyvis",
    "jinja2",
    "opencc",
    "lxml",
    "charset_normalizer",
    "openpyxl",
    "docx",
    "pdfplumber",
    "pdfminer",
}
PYOXIGRAPH_LAYERS = {"store", "rdf", "analytics", "views", "export", "serve"}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the module imported (a graph module, or a top-level library name)
    line: int
    local: bool  # inside a function


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    return {
        _module_name(path): path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


@cache
def trees() -> dict[str, ast.Module]:
    return {
        name: ast.parse(path.read_text(encoding="utf-8"), str(path))
        for name, path in modules().items()
    }


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = modules()[module].name == "__init__.py"
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _local_nodes(tree: ast.Module) -> set[int]:
    """ids of the import nodes that sit inside a function."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inside.update(id(sub) for sub in ast.walk(node) if sub is not node)
    return inside


@cache
def imports() -> tuple[Import, ...]:
    """Every import statement of the package, resolved to the module it loads."""
    known = modules()
    found: list[Import] = []
    for module, tree in trees().items():
        local = _local_nodes(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                source = _absolute(module, node)
                # ``from graph.views import view_load`` loads the submodule.
                targets = [
                    f"{source}.{alias.name}" if f"{source}.{alias.name}" in known else source
                    for alias in node.names
                ]
            else:
                continue
            for target in dict.fromkeys(targets):
                if target != "graph" and not target.startswith("graph."):
                    target = target.split(".")[0]
                found.append(Import(module, target, node.lineno, id(node) in local))
    return tuple(found)


def rank(module: str) -> int:
    if module == "graph":
        return FACADE_RANK
    return RANKS[module.split(".")[1]]


def third_party(target: str) -> bool:
    return (
        target != "graph"
        and not target.startswith("graph.")
        and target not in sys.stdlib_module_names
        and target != "__future__"
    )


def where(imp: Import) -> str:
    kind = "function-local import" if imp.local else "import"
    return f"{modules()[imp.module].relative_to(REPO)}:{imp.line}: {kind} of {imp.target}"


# The import graph --------------------------------------------------------------


def test_every_module_is_in_a_layer():
    folders = {name.split(".")[1] for name in modules() if name not in EXEMPT}
    assert folders == set(RANKS)


def test_the_parser_sees_the_imports_we_know_of():
    """A check on the checker: imports it must resolve, top-level and local."""
    found = {(i.module, i.target, i.local) for i in imports()}
    assert ("graph.cli.main", "click", False) in found
    assert ("graph.cli.main", "graph.cli.analytics_cmd", True) in found  # from graph.cli import
    assert ("graph.store.library", "graph.data", False) in found
    assert ("graph.views", "graph.views.view_load", True) in found
    assert ("graph.cli.main", "graph", False) in found  # from graph import __version__


def upward(found: tuple[Import, ...]) -> list[Import]:
    """The imports of a higher layer than the importer's."""
    return [
        imp
        for imp in found
        if imp.module not in EXEMPT
        and (imp.target == "graph" or imp.target.startswith("graph."))
        and rank(imp.target) > rank(imp.module)
    ]


def test_upward_imports_are_caught():
    model_to_rdf = Import("graph.model.plan", "graph.rdf.build", 1, True)
    parse_to_facade = Import("graph.parse.plan", "graph", 1, False)
    store_to_rdf = Import("graph.store.local", "graph.rdf.build", 1, False)
    cli_to_facade = Import("graph.cli.main", "graph", 1, False)
    found = (model_to_rdf, parse_to_facade, store_to_rdf, cli_to_facade)
    assert upward(found) == [model_to_rdf, parse_to_facade]
    assert rank("graph.errors") == rank("graph.data") == 0
    assert rank("graph.derive.assignments") == rank("graph.targets.extract") == 4


def test_no_module_imports_a_higher_layer():
    wrong = [
        f"{where(imp)} (layer {rank(imp.target)} above {rank(imp.module)})"
        for imp in upward(imports())
    ]
    assert wrong == []


def test_no_dynamic_imports_outside_the_facade():
    """``importlib.import_module`` and ``__import__`` would hide imports from these
    tests; only the lazy facade (``graph/__init__.py``) may use them."""
    wrong = []
    for module, tree in trees().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in ("import_module", "__import__") and module != "graph":
                    wrong.append(f"{modules()[module].relative_to(REPO)}:{node.lineno}")
    assert wrong == []


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path that returns to its start) per strongly connected
    component of more than one module, by Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.add(top)
                if top == node:
                    break
            if len(component) > 1 or node in edges.get(node, ()):
                components.append(component)

    for node in sorted(edges):
        if node not in index:
            visit(node)

    cycles = []
    for component in components:
        start = min(component)
        path, seen = [start], {start}
        while True:  # walk inside the component until the path closes
            options = sorted(edges[path[-1]] & component)
            nxt = start if start in options else next(o for o in options if o not in seen)
            path.append(nxt)
            if nxt == start:
                break
            seen.add(nxt)
        cycles.append(path)
    return sorted(cycles)


def test_cycle_finder_reports_a_cycle():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert _cycles(edges) == [["a", "b", "c", "a"], ["e", "e"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    edges: dict[str, set[str]] = {name: set() for name in modules()}
    for imp in imports():
        if imp.target in modules() and imp.target != imp.module:
            edges[imp.module].add(imp.target)
    assert [" -> ".join(cycle) for cycle in _cycles(edges)] == []


# Third-party libraries -----------------------------------------------------------


def test_only_the_cli_imports_click():
    wrong = [
        where(imp)
        for imp in imports()
        if imp.target == "click" and not imp.module.startswith("graph.cli.")
    ]
    assert wrong == []


def test_the_model_imports_nothing_third_party():
    wrong = [
        where(imp)
        for imp in imports()
        if imp.module.startswith("graph.model") and third_party(imp.target)
    ]
    assert wrong == []


def test_pyoxigraph_stays_in_the_graph_layers():
    wrong = [
        where(imp)
        for imp in imports()
        if imp.target == "pyoxigraph"
        and imp.module not in EXEMPT
        and imp.module.split(".")[1] not in PYOXIGRAPH_LAYERS
    ]
    assert wrong == []


# SPARQL lives in .rq files -------------------------------------------------------


def _docstrings(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def test_no_sparql_in_python_strings():
    """Queries are ``queries/*.rq`` (named) or ``queries/internal/*.rq`` files, with a
    header, loaded by :mod:`graph.store.library`; docstrings may show examples."""
    wrong = []
    for module, tree in trees().items():
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docs
                and "SELECT " in node.value.upper()
                and "WHERE" in node.value.upper()
            ):
                wrong.append(f"{modules()[module].relative_to(REPO)}:{node.lineno}")
    assert wrong == []


# Library messages name no command-line flag -------------------------------------

_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")

# Messages allowed to name a flag anyway: none. Keep it that way; the library says
# "a store location must be a folder", and the CLI adds the flag where it helps.
KNOWN_FLAG_MESSAGES: set[tuple[str, str]] = set()


def flag_messages() -> set[tuple[str, str]]:
    """(file, flag) for every flag named in the text of a ``raise`` outside the CLI."""
    found = set()
    for module, tree in trees().items():
        if module.startswith("graph.cli"):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Raise) or node.exc is None:
                continue
            for sub in ast.walk(node.exc):
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                    for flag in _FLAG.findall(sub.value):
                        found.add((str(modules()[module].relative_to(REPO)), flag))
    return found


def test_library_messages_name_no_cli_flags():
    """The library is used from Python too, where ``--store`` means nothing: its
    messages name the argument (the store location); the CLI adds the flag."""
    assert flag_messages() - KNOWN_FLAG_MESSAGES == set()


INTERNAL = REPO / "queries" / "internal"


def test_internal_queries_have_the_library_header():
    """Every internal query names its title (English and Chinese), says what it is
    for, and lists the columns its SELECT projects, in order."""
    import re

    from graph.store.library import internal_query

    names = sorted(path.stem for path in INTERNAL.glob("*.rq"))
    assert {"assignments", "part-titles", "target-filters"} <= set(names)
    for name in names:
        query = internal_query(name)
        assert query.title and query.title_zh and query.description, name
        select = re.search(r"^SELECT (.*)$", query.text, re.MULTILINE)
        assert select is not None, name
        projected = tuple(re.findall(r"\?(\w+)(?=\s|\)|$)", select.group(1)))
        assert query.columns == projected, name


def test_part_titles_query(graph_store):
    """The titles the views show for parts 一 to 四 of the Wuhan 2023 plan."""
    from graph.store.library import internal_query
    from graph.store.sparql import select

    rows = select(internal_query("part-titles"), {}, store=graph_store).records()
    assert sorted((row["n"], row["title"]) for row in rows) == [
        (1, "经济社会发展主要预期目标"),
        (2, "重点工作"),
        (3, "建设人民满意的服务型政府"),
        (4, "民生实事"),
    ]


def test_target_filters_query(graph_store):
    """Item 2.204 exists and 9.99 does not; 市文明办 is an alias of 市委宣传部, which
    the plan names on items 2.193 and 2.238; an empty filter matches nothing."""
    from graph.store.library import internal_query
    from graph.store.sparql import select

    def counts(item: str, unit: str) -> dict:
        query = internal_query("target-filters")
        return select(query, {"item": item, "unit": unit}, store=graph_store).records()[0]

    assert counts("2.204", "市文明办") == {"items": 1, "unit_items": 2}
    assert counts("9.99", "不存在的单位") == {"items": 0, "unit_items": 0}
    assert counts("", "") == {"items": 0, "unit_items": 0}


# Start-up cost of the command line -----------------------------------------------

_HELP_PROBE = """
import contextlib, io, json, sys
before = set(sys.modules)
from graph.cli.main import cli
commands = sys.argv[1:]
for args in [["--help"]] + [[name, "--help"] for name in commands]:
    with contextlib.redirect_stdout(io.StringIO()):
        cli(args, prog_name="dutygraph", standalone_mode=False)
    if args == ["--help"]:
        top = sorted(set(sys.modules) - before)
print(json.dumps({"top": top, "all": sorted(set(sys.modules) - before)}))
"""

# What ``dutygraph --help`` may load: click and these modules of ours, nothing else
# beyond the standard library.
HELP_MODULES = [
    "graph",
    "graph.cli",
    "graph.cli.analytics_cmd",
    "graph.cli.build_cmd",
    "graph.cli.compare_cmd",
    "graph.cli.corpus_cmd",
    "graph.cli.excel",
    "graph.cli.inputs",
    "graph.cli.main",
    "graph.cli.parse_cmd",
    "graph.cli.query_cmd",
    "graph.cli.serve_cmd",
    "graph.cli.targets_cmd",
    "graph.cli.terminal",
    "graph.cli.units_cmd",
    "graph.cli.views_cmd",
    "graph.errors",
    "graph.export",
    "graph.export.render",
    "graph.rdf",
    "graph.rdf.namespaces",
    "graph.views",
    "graph.views.style",
]


@cache
def _help_imports() -> dict[str, list[str]]:
    from graph.cli.main import cli

    result = subprocess.run(
        [sys.executable, "-c", _HELP_PROBE, *sorted(cli.commands)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def _split(loaded: list[str]) -> tuple[list[str], list[str]]:
    ours = [name for name in loaded if name == "graph" or name.startswith("graph.")]
    libraries = sorted({name.split(".")[0] for name in loaded if third_party(name.split(".")[0])})
    return ours, libraries


def test_help_loads_only_click_and_light_modules():
    ours, libraries = _split(_help_imports()["top"])
    assert libraries == ["click"]
    assert ours == HELP_MODULES


def test_no_command_help_loads_a_heavy_library():
    loaded = _help_imports()["all"]
    assert sorted(HEAVY & {name.split(".")[0] for name in loaded}) == []
    _, libraries = _split(loaded)
    assert libraries == ["click"]
