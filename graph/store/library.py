"""The named query library: ``queries/*.rq`` files with a comment header.

Header lines (``# key: value``) at the top of each file::

    # title: Units ranked by load
    # title@zh: 单位任务量排名
    # description: What the query answers and how it counts.
    # param: expand boolean false  Count items reached through a group for each member
    # columns: unit, unit_en, kind, lead, responsible, total
    # keywords: load, ranking, 任务量

A parameter is ``NAME TYPE DEFAULT DESCRIPTION`` (TYPE: string, label, integer,
decimal, boolean, date, iri; a string DEFAULT may be quoted). The query text refers
to a parameter as ``$NAME``; values are bound by the engine, never spliced in as text.

A ``label`` is a name as the graph writes its labels, a zh-Hans literal (市发改委):
bound to a variable (``{ BIND ($unit AS ?name) } ?u skos:prefLabel ?name``) the
engine finds the unit by index, where ``FILTER (STR(?name) = $unit)`` reads and
compares the text of every label in the store.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from graph.data import queries_dir
from graph.errors import InputError, OptionError

PARAM_TYPES = ("string", "label", "integer", "decimal", "boolean", "date", "iri")
_HEADER = re.compile(r"^#\s*([A-Za-z@_-]+)\s*:\s*(.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    title: str = ""
    title_zh: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    path: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


# Every query takes ``plan`` beside the parameters it declares: on a corpus store, the
# id of the one plan to answer for (its graphs become the query's default graph);
# empty, the union of every plan. Not listed in ``params``: no query text uses it.
PLAN_PARAM = Param(
    "plan", "string", "", "Only this plan of the store (its id: wuhan-2023); empty: every plan"
)

_PARAM = re.compile(r'^([A-Za-z_][A-Za-z0-9_]*)\s+(\S+)\s+("(?:[^"\\]|\\.)*"|\S+)\s*(.*)$')


def _param(value: str, path: str, line: int) -> Param:
    match = _PARAM.match(value)
    if not match or match.group(2) not in PARAM_TYPES:
        raise InputError(
            f"param needs NAME TYPE DEFAULT [DESCRIPTION] with TYPE one of {', '.join(PARAM_TYPES)}",
            path=path,
            line=line,
            column=1,
        )
    name, kind, default, description = match.groups()
    if default.startswith('"'):
        default = json.loads(default)
    return Param(name, kind, default, description.strip())


def parse_query_file(text: str, name: str, path: str = "") -> NamedQuery:
    """Read the header of a query file; the whole text stays the query."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "param":
            params.append(_param(value, path or name, number))
        elif key in fields and key in ("description",):
            fields[key] += " " + value
        else:
            fields[key] = value
    split = lambda v: tuple(x.strip() for x in v.split(",") if x.strip())  # noqa: E731
    return NamedQuery(
        name=fields.pop("name", name),
        text=text,
        title=fields.pop("title", ""),
        title_zh=fields.pop("title@zh", ""),
        description=fields.pop("description", ""),
        params=tuple(params),
        columns=split(fields.pop("columns", "")),
        keywords=split(fields.pop("keywords", "")),
        path=path,
        extra=fields,
    )


@lru_cache(maxsize=1)
def library() -> dict[str, NamedQuery]:
    """Every named query shipped in ``queries/``, by name."""
    out: dict[str, NamedQuery] = {}
    for path in sorted(queries_dir().glob("*.rq")):
        query = parse_query_file(
            path.read_text(encoding="utf-8"), path.stem, f"queries/{path.name}"
        )
        out[query.name] = query
    return out


@cache
def internal_query(name: str) -> NamedQuery:
    """A query the package itself runs (``queries/internal/NAME.rq``), not listed in
    the public library: table reads for analytics, views and commands."""
    path = queries_dir() / "internal" / f"{name}.rq"
    return parse_query_file(path.read_text(encoding="utf-8"), name, f"queries/internal/{name}.rq")


def resolve(spec: str, stdin_text: str | None = None) -> NamedQuery:
    """A query by library name, by file path, or ``-`` for text on stdin."""
    if spec == "-":
        return parse_query_file(stdin_text or "", "<stdin>", "<stdin>")
    known = library()
    if spec in known:
        return known[spec]
    path = Path(spec)
    if path.suffix in (".rq", ".sparql") or path.exists():
        from graph.read.formats import read_input  # bounded; FIFOs and devices refused

        data = read_input(path, spec, what="a query file")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                "a query file must be UTF-8", path=spec, line=1, column=exc.start + 1
            ) from None
        return parse_query_file(text, path.stem, spec)
    names = ", ".join(sorted(known))
    raise OptionError(f"no query named {spec!r}; named queries: {names}")
