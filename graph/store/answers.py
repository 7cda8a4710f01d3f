"""The answers of the analytics' table queries, kept per plan beside a persisted store.

The analytics start from three whole-store answers: every item (``items``), every
target (``targets``) and every assignment (``queries/internal/assignments.rq``). On a
corpus they are the largest answers there are (a thousand plans: 3.2 million
assignment rows, 320,000 items; some two minutes of SPARQL together), yet each plan's
rows depend on that plan's graph alone: item and assignment IRIs are the plan's own,
and the union's rows are the plans' rows, in plan order. So each plan's rows are
worked out once, when the plan is written, and kept in the data folder of the store
(a build asks the finished store, each plan's queries scoped to its graphs, in
worker processes; ``add`` asks a scratch store holding the plan, its units and the
ontology); reading the corpus's tables is then reading those files.

Crash safety comes from the order of writes, not from checking contents (counting a
graph's quads would cost what the files save): ``add`` writes a plan's answers, in
one rename, *before* its graph is loaded, under the name of that graph; a graph is only
ever loaded under a name the store does not hold (a replaced plan alternates between
two names, graph.store.local), so while a graph is in the store the file of its name
describes it. A rebuild writes a new data folder, files included, and switches to it
in one rename of the marker. A store opened to be changed by SPARQL updates forgets
every plan's answers first.

Anything missing, damaged or written under another stamp (another query text, or
another version of the engine: :func:`_stamp`) makes :func:`read_answers` return
None, and the caller asks the store instead: the files make reading faster, never
different (tests compare both on a corpus, after every kind of change and kill).

Each plan's rows are kept as plain Python columns, not as DataFrames, and typed once
when read, as the whole store's answer would be: so ``add`` does not import pandas,
and a column that is empty in one plan and numbers in another gets the type the
store's own answer gives it. The assignments' columns (IRIs, a few hundred distinct
in a plan's 1,800 rows) are kept coded: each column's distinct values and, per row,
the position of its value among them. Read, the codes of every plan are put on one
list of values and the columns come out as pandas ``Categorical``s, whose values are
the text the store's answer gives: the analytics turn them into labels per distinct
value instead of hashing 3.2 million rows per column (a thousand plans).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from array import array
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graph.data import ontology_dir, queries_dir

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FOLDER = "dutygraph-answers"  # inside the data folder, beside RocksDB's own files
FORMAT = 3
# a table as kept: its column names and, for each, the list of its values ("frame"
# tables) or its distinct values and each row's position among them ("strings")
Columns = tuple[tuple[str, ...], list[Any]]
# name -> how it is read: a named query's typed frame, or an internal query's text
TABLES = {"items": "frame", "targets": "frame", "assignments": "strings"}


@cache
def _stamp() -> str:
    """What a plan's kept answers depend on besides the plan's graph: the three
    query texts, the code that runs them and turns their answers into columns, the
    ontology, and the engine's version. Answers kept under another stamp are not
    used. A change elsewhere in the package (the parser, the analytics) changes no
    answer of a store already built, so it keeps its answers."""
    from importlib.metadata import version

    here = Path(__file__).resolve().parent
    files = [here / "answers.py", here / "sparql.py", here / "library.py"]
    files += [queries_dir() / "items.rq", queries_dir() / "targets.rq"]
    files += [queries_dir() / "internal" / "assignments.rq", ontology_dir() / "dutygraph.ttl"]
    digest = hashlib.sha256(f"dutygraph answers {FORMAT}\n".encode())
    for path in files:
        digest.update(path.name.encode() + b"\n" + hashlib.sha256(path.read_bytes()).digest())
    return f"{digest.hexdigest()}\npyoxigraph {version('pyoxigraph')}"


def _file(data: Path, graph: str) -> Path:
    return data / FOLDER / (hashlib.sha256(graph.encode("utf-8")).hexdigest()[:32] + ".pickle")


@cache
def _ontology() -> tuple[ox.Triple, ...]:
    """The ontology's triples, read once per process (every plan needs them)."""
    store = ox.Store()
    store.bulk_load(path=str(ontology_dir() / "dutygraph.ttl"), format=ox.RdfFormat.TURTLE)
    return tuple(ox.Triple(q.subject, q.predicate, q.object) for q in store)


def answer_columns(store: ox.Store, plan: str | None = None) -> dict[str, Columns]:
    """The three table answers of ``store`` (the union of its graphs, or one plan's
    graphs: its id) as column names and plain Python columns, without pandas: a
    plan's rows, to be put below the other plans' and typed once, as the answer of
    the whole store is (graph.store.sparql.frame_of)."""
    from graph.store.library import internal_query, library
    from graph.store.sparql import python_columns, select, text_columns

    queries = library()
    params = {"plan": plan} if plan else {}
    out = {}
    for name, kind in TABLES.items():
        query = queries[name] if kind == "frame" else internal_query(name)
        result = select(query, params, store=store)
        if kind == "frame":
            columns: list[Any] = python_columns(result)
        else:
            columns = [_coded(values) for values in text_columns(result)]
        out[name] = (tuple(result.columns), columns)
    return out


def _coded(values: list[str | None]) -> tuple[list[str | None], array]:
    """A column as its distinct values (in order of first appearance, None among
    them when a row has none) and each row's position among them."""
    index: dict[str | None, int] = {}
    codes = array("i", [index.setdefault(v, len(index)) for v in values])
    return list(index), codes


def plan_answers(plan: Iterable[ox.Triple], units: Mapping[str, Iterable[ox.Triple]]) -> bytes:
    """One plan's answers, ready to write: the tables of a scratch store holding the
    plan's triples, its units' and the ontology (each in a graph of its own, as in the
    store; which names the graphs have changes no answer), loaded from the terms the
    plan was just built into."""
    scratch = "urn:dutygraph:scratch:"
    graphs = {"plan": plan, "ontology": _ontology()}
    graphs.update({f"units:{scope}": triples for scope, triples in sorted(units.items())})
    store = ox.Store()
    for name, triples in graphs.items():
        graph = ox.NamedNode(scratch + name)
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return pickle.dumps(answer_columns(store), protocol=pickle.HIGHEST_PROTOCOL)


_OPENED: dict[str, ox.Store] = {}


def _keep_one(job: tuple[str, str, str]) -> None:
    data, plan, graph = job
    store = _OPENED.get(data)
    if store is None:
        store = _OPENED[data] = ox.Store.read_only(data)
    tables = answer_columns(store, plan)
    write_answers(Path(data), graph, pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL))


def keep_answers(data: Path, plans: Sequence[tuple[str, str]], workers: int | None = None) -> None:
    """Work out and keep the answers of each ``(plan id, graph)`` of the store just
    built in the data folder ``data`` (closed, not yet in use), each plan's queries
    scoped to its graphs; in worker processes (one per CPU), each reading the store.

    A plan's answers cost some 80 ms this way, against 250 ms from a scratch store
    (most of it loading the plan's triples again), and the build's workers are busy
    while the store loads: so a build keeps them at the end, and only ``add``, whose
    answers must be written before the plan's graph, uses :func:`plan_answers`.
    """
    from graph.store.workers import process_pool, worker_count

    jobs = [(str(data), plan, graph) for plan, graph in plans]
    count = worker_count(len(jobs), workers)
    try:
        if not count:
            for job in jobs:
                _keep_one(job)
            return
        with process_pool(count) as pool:
            chunk = max(1, len(jobs) // (8 * count))
            for _ in pool.map(_keep_one, jobs, chunksize=chunk):
                pass
    finally:
        _OPENED.pop(str(data), None)


def write_answers(data: Path, graph: str, tables: bytes) -> None:
    """Keep one plan's answers (``tables``, from :func:`plan_answers`) for the graph
    named ``graph`` of the store in the data folder ``data``: written whole, then
    renamed into place."""
    path = _file(data, graph)
    path.parent.mkdir(exist_ok=True)
    kept = {"format": FORMAT, "stamp": _stamp(), "graph": graph, "tables": tables}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def drop_answers(data: Path, graph: str) -> None:
    """Forget the answers of a graph that left the store (a file left behind by a
    kill is harmless: it is rewritten before a graph of that name is loaded again)."""
    _file(data, graph).unlink(missing_ok=True)


def forget_answers(data: Path) -> None:
    """Forget every plan's answers: the store is about to be changed by SPARQL
    updates, which they cannot follow (until the store is built again, its tables
    are read from the store itself)."""
    import shutil

    shutil.rmtree(data / FOLDER, ignore_errors=True)


def read_answers(data: Path, graphs: Sequence[str]) -> dict[str, pd.DataFrame] | None:
    """The tables of the store whose plans are in ``graphs`` (in plan order), put
    together from each plan's kept answers and typed as the store's own answers
    are (the assignments' text columns as ``Categorical``s of that text); None when
    one is missing or unusable."""
    stamp = _stamp()
    names: dict[str, tuple[str, ...]] = {}
    columns: dict[str, list[Any]] = {}
    for graph in graphs:
        try:
            kept: Any = pickle.loads(_file(data, graph).read_bytes())
        except Exception:  # missing or damaged: ask the store
            return None
        if (
            not isinstance(kept, dict)
            or kept.get("format") != FORMAT
            or kept.get("stamp") != stamp
            or kept.get("graph") != graph
        ):
            return None
        try:
            tables = pickle.loads(kept["tables"])
            for name, kind in TABLES.items():
                header, values = tables[name]
                if names.setdefault(name, header) != header or len(values) != len(header):
                    return None
                if name not in columns:
                    columns[name] = [[] if kind == "frame" else _Codes() for _ in header]
                for whole, part in zip(columns[name], values, strict=True):
                    whole.extend(part)
        except Exception:
            return None
    from graph.store.sparql import frame_of

    if not graphs:
        return None
    return {
        name: frame_of(names[name], columns[name])
        if kind == "frame"
        # the assignments: the columns select_strings reads, their text the categories
        else _categorical_frame(names[name], columns[name])
        for name, kind in TABLES.items()
    }


class _Codes:
    """One coded column of every plan, put together: one list of the distinct values
    of all plans, and each plan's codes turned into positions on it."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}  # a value -> its position on the one list
        self.parts: list[Any] = []  # each plan's rows, as positions

    def extend(self, part: tuple[list[str | None], array]) -> None:
        import numpy as np

        values, codes = part
        index = self.index  # an unbound value (None) is code -1, as pandas has it
        known = [-1 if v is None else index.setdefault(v, len(index)) for v in values]
        self.parts.append(np.asarray(known, dtype=np.int32)[np.frombuffer(codes, np.intc)])


def _categorical_frame(names: Sequence[str], columns: Sequence[_Codes]):
    """A DataFrame of :class:`_Codes` columns, each a ``Categorical`` whose values are
    the columns' text (``string`` categories; unbound: missing)."""
    import numpy as np
    import pandas as pd

    df = pd.DataFrame(index=pd.RangeIndex(sum(map(len, columns[0].parts)) if columns else 0))
    for name, column in zip(names, columns, strict=True):
        codes = np.concatenate(column.parts) if column.parts else np.empty(0, np.int32)
        categories = pd.Index(list(column.index), dtype="string")
        df[name] = pd.Categorical.from_codes(codes, categories=categories)
    return df
