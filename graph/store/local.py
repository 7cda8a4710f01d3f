"""The embedded store: Oxigraph (pyoxigraph), in memory or persisted on disk.

A store holds a corpus: one named graph per plan (``{base}graph/{slug}``), one per
jurisdiction's units (``{base}graph/units/{scope}``: the plans of one issuer share
its bodies) and one for the ontology (``{base}graph/ontology``). Queries see their
union (:func:`graph.store.sparql.select` asks for it), so a single plan reads as it
always did, and a plan can be added, replaced or removed without touching the others.

A persisted store is a folder: a marker file naming the data folder in use, and that
data folder. A rebuild fills a new data folder and then replaces the marker (one
rename), so a kill at any moment leaves the old store or the new one; a data folder
no marker names is a half-made build, removed the next time the store is opened for
writing. Adding or removing a plan is one SPARQL update: one transaction.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.data import ontology_dir
from graph.errors import DataError, InputError, OptionError
from graph.rdf.iris import Iris
from graph.rdf.namespaces import DEFAULT_BASE, DG, ORG, RDF
from graph.store.answers import (
    drop_answers,
    forget_answers,
    keep_answers,
    plan_answers,
    read_answers,
    write_answers,
)
from graph.store.recorded import RECORD, forget_source, record_sources
from graph.store.workers import process_pool, worker_count

if TYPE_CHECKING:  # pragma: no cover
    from graph.parse.sources import Source

_MARKER = "dutygraph-store.txt"
_RDF_TYPE = ox.NamedNode(RDF + "type")
_DG_PLAN = ox.NamedNode(DG + "Plan")
_DG_JURISDICTION = ox.NamedNode(DG + "Jurisdiction")
_DG_JURISDICTION_OF = ox.NamedNode(DG + "jurisdiction")  # a plan's issuing jurisdiction
_ORG_ORGANIZATION = ox.NamedNode(ORG + "Organization")
# the links a unit is reached by within its units graph (ontology/dutygraph.ttl)
_REACHED_FROM = tuple(
    ox.NamedNode(iri)
    for iri in (ORG + "hasMember", DG + "administers", DG + "sharesSeatWith", DG + "hostedBy")
)
_HEAD = "dutygraph store"


def _build(plans: Sequence, base: str):
    from graph.rdf.build import build_graph

    return build_graph(plans, base)


def _quads(triples, graph: str) -> Iterator[ox.Quad]:
    name = ox.NamedNode(graph)
    return (ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)


def plan_quads(plans: Iterable, base: str = DEFAULT_BASE) -> Iterator[ox.Quad]:
    """The quads of ``plans``: each plan's triples in its graph, then each
    jurisdiction's units in theirs (the ontology is not included).

    Plans are built one at a time and only the units (a few hundred per
    jurisdiction) are kept until the end, so memory does not grow with the corpus.
    """
    units: dict[str, set[ox.Triple]] = {}
    iris = Iris(base)
    for plan in plans:
        builder = _build([plan], base)
        for slug, triples in builder.plan_triples.items():
            yield from _quads(triples, iris.plan_graph(slug))
        for scope, triples in builder.unit_triples.items():
            units.setdefault(scope, set()).update(triples)
    for scope in sorted(units):
        yield from _quads(units[scope], iris.units_graph(scope))


def _load_ontology(store: ox.Store, base: str) -> None:
    store.bulk_load(
        path=str(ontology_dir() / "dutygraph.ttl"),
        format=ox.RdfFormat.TURTLE,
        to_graph=ox.NamedNode(Iris(base).vocabulary_graph()),
    )


def fill_store(store: ox.Store, plans: Sequence, base: str = DEFAULT_BASE) -> None:
    """Add ``plans`` (already parsed), each in its named graph, and the ontology.

    Shared by the in-memory, persisted and cached stores, so all three hold the
    same quads.
    """
    store.bulk_extend(plan_quads(plans, base))
    _load_ontology(store, base)


def store_from_plans(plans: Sequence, *, base: str = DEFAULT_BASE) -> ox.Store:
    """An in-memory store holding plans already parsed (no second parse)."""
    store = ox.Store()
    fill_store(store, plans, base)
    return store


def memory_store(
    sources: Sequence[str | Path] | None = None, *, base: str = DEFAULT_BASE
) -> ox.Store:
    """A fresh in-memory store holding ``sources`` (default: the bundled plan)."""
    from graph.parse.sources import parse_sources

    return store_from_plans(parse_sources(sources), base=base)


# -- building a corpus: plans parsed and built in worker processes -----------------


@dataclass(frozen=True)
class BuiltPlan:
    """One plan as the store needs it: its id, source, and N-Triples per graph."""

    slug: str
    source: str
    triples: bytes
    units: dict[str, bytes]
    answers: bytes | None = None  # the plan's table answers (graph.store.answers)


def build_plan(plan, base: str = DEFAULT_BASE, *, answers: bool = False) -> BuiltPlan:
    """Build one parsed plan into N-Triples: its own graph's, and its units'; with
    ``answers``, also the answers a persisted store keeps for it."""
    builder = _build([plan], base)
    (own,) = builder.plan_triples.values()
    kept = None
    if answers:
        kept = plan_answers(own, builder.unit_triples)
    return BuiltPlan(
        plan.slug,
        plan.source,
        ox.serialize(own, format=ox.RdfFormat.N_TRIPLES) or b"",
        {
            scope: ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            for scope, triples in builder.unit_triples.items()
        },
        kept,
    )


def _parse_and_build(job: tuple) -> BuiltPlan:
    from graph.parse.sources import parse_source

    source, base = job
    return build_plan(parse_source(source), base)


def built_plans(
    sources: Sequence,
    base: str,
    workers: int | None = None,
    on_plan: Callable[[str], None] | None = None,
) -> Iterator[BuiltPlan]:
    """Each source (a :class:`graph.parse.sources.Source`) parsed and built, in order.

    Parsing and building are CPU work in Python, loading is the store's: with several
    plans they run in worker processes (one per CPU) while the caller loads what is
    ready, so a corpus builds at close to the store's own loading speed and memory
    holds a few plans at a time, whatever the corpus size.
    """
    for built in _built(sources, base, workers):
        if on_plan is not None:
            on_plan(built.slug)
        yield built


def _built(sources: Sequence, base: str, workers: int | None) -> Iterator[BuiltPlan]:
    jobs = [(source, base) for source in sources]
    count = worker_count(len(jobs), workers)
    if not count:
        yield from map(_parse_and_build, jobs)
        return
    with process_pool(count) as pool:
        # a bounded window of pending plans: memory does not grow with the corpus
        pending = []
        window = 2 * count
        it = iter(jobs)
        for job in it:
            pending.append(pool.submit(_parse_and_build, job))
            if len(pending) >= window:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def load_built(store: ox.Store, plans: Iterable[BuiltPlan], base: str) -> list[str]:
    """Load built plans into ``store`` (bulk loading, each in its graph) and their
    units (one graph per jurisdiction, every unit once); returns the plan ids.

    Plan ids must be distinct: two sources of one plan would become one graph.
    """
    iris = Iris(base)
    units: dict[str, set[bytes]] = {}
    seen: dict[str, str] = {}
    for built in plans:
        if built.slug in seen:
            raise DataError(
                f"{built.source} and {seen[built.slug]} are the same plan ({built.slug}); give "
                "each plan once, or give one of them its own id (a manifest's slug)"
            )
        seen[built.slug] = built.source
        store.bulk_load(
            built.triples,
            format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(iris.plan_graph(built.slug)),
        )
        for scope, data in built.units.items():
            units.setdefault(scope, set()).update(data.splitlines())
    for scope in sorted(units):
        store.bulk_load(
            b"\n".join(sorted(units[scope])) + b"\n",
            format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(iris.units_graph(scope)),
        )
    return list(seen)


# -- persisted stores -------------------------------------------------------------


@dataclass(frozen=True)
class _Marker:
    base: str
    data: str  # the data folder in use, relative to the store folder


def _read_marker(path: Path) -> _Marker | None:
    """The marker of a store folder; None when the folder holds none."""
    try:
        text = (path / _MARKER).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read the store marker in {path}: {exc}") from None
    fields = dict(line.split(" ", 1) for line in text.splitlines()[1:] if " " in line)
    if not text.startswith(_HEAD):
        raise DataError(f"{path / _MARKER} is not a dutygraph store marker")
    # A store made before data folders existed keeps its data beside the marker.
    return _Marker(fields.get("base", DEFAULT_BASE), fields.get("data", "."))


def store_state(folder: str | Path) -> str | None:
    """A text that changes whenever the store in ``folder`` changes: its marker (base,
    data folder) and its data folder's files with their sizes and modification times
    (RocksDB appends to its log and writes new files on every change; its own text
    logs, LOG*, are left out, since a read-only open writes them). None when the
    folder holds no store or a change to it is under way."""
    path = Path(folder).resolve()
    try:
        marker = _read_marker(path)
        if marker is None or (path / _PENDING).exists():
            return None
        data = path / marker.data
        files = []
        for name in sorted(os.listdir(data)):
            item = data / name
            if not name.startswith("LOG") and item.is_file():
                st = item.stat()
                files.append(f"{name} {st.st_size} {st.st_mtime_ns}")
    except (OSError, DataError):
        return None
    return f"{path}\nbase {marker.base}\ndata {marker.data}\n" + "\n".join(files)


def _write_marker(path: Path, marker: _Marker) -> None:
    """Replace the marker in one rename: the switch from old data to new."""
    tmp = path / f".{_MARKER}.{os.getpid()}.tmp"
    tmp.write_text(f"{_HEAD}\nbase {marker.base}\ndata {marker.data}\n", encoding="utf-8")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path / _MARKER)
    _sync_dir(path)


def _sync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _check_folder(path: Path) -> _Marker | None:
    if path.exists() and not path.is_dir():
        raise InputError("a store location must be a folder", path=str(path), line=0, column=0)
    marker = _read_marker(path) if path.is_dir() else None
    if marker is None and path.is_dir():
        leftovers = [p for p in path.iterdir() if not p.name.startswith(".data-")]
        if leftovers:
            raise DataError(
                f"{path} is not empty and holds no dutygraph store; choose an empty or new folder"
            )
    return marker


def _clean(path: Path, keep: str) -> None:
    """Remove data folders the marker does not name: half-made or replaced builds."""
    for child in path.iterdir():
        if child.name.startswith(".data-") and child.name != keep and child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        elif child.name.startswith(
            (f".{_MARKER}.", f"{_PENDING}.", f".{RECORD}.")
        ) and child.name.endswith(".tmp"):
            child.unlink(missing_ok=True)


def _open(path: Path, marker: _Marker, *, writable: bool) -> ox.Store:
    if not writable and (record := _pending(path)) is not None:
        raise DataError(
            f"the store in {path} is being changed, or a change to it was interrupted "
            f"(plan {record.get('plan', '?')}); add or remove a plan to finish it"
        )
    data = path / marker.data
    try:
        return ox.Store(str(data)) if writable else ox.Store.read_only(str(data))
    except OSError as exc:
        raise DataError(
            f"cannot open the store in {path}: {exc}; build it again into a new folder"
        ) from None


def _rebuild(
    path: Path,
    plans: Sequence | None,
    base: str,
    sources: Sequence = (),
    on_plan: Callable[[str], None] | None = None,
) -> ox.Store:
    """Fill a new data folder, switch the marker to it, drop the old one.

    ``plans`` already parsed, or ``sources`` to parse and build in worker processes.
    """
    path.mkdir(parents=True, exist_ok=True)
    name = f".data-{os.getpid()}-{os.urandom(4).hex()}"
    data = path / name
    slugs: list[str] = []  # each source's plan id, in order (for the record)

    def loaded(slug: str) -> None:
        slugs.append(slug)
        if on_plan is not None:
            on_plan(slug)

    try:
        store = ox.Store(str(data))
        built: Iterable[BuiltPlan]
        if plans is not None:
            built = (build_plan(plan, base) for plan in plans)
        else:
            built = built_plans(sources, base, on_plan=loaded)
        ids = load_built(store, built, base)
        _load_ontology(store, base)
        store.flush()
        store.optimize()  # compacted once after building: every later query reads faster
        del store
        iris = Iris(base)
        keep_answers(data, [(slug, iris.plan_graph(slug)) for slug in ids])
    except OSError as exc:
        shutil.rmtree(data, ignore_errors=True)
        raise DataError(f"cannot build the store in {path}: {exc.strerror or exc}") from None
    except BaseException:  # bad input, an interrupt: the old store stays as it was
        shutil.rmtree(data, ignore_errors=True)
        raise
    old = _read_marker(path)
    _write_marker(path, _Marker(base, name))
    if old is not None and old.data == ".":  # a store of the earlier layout
        for child in path.iterdir():
            if child.is_file() and child.name != _MARKER and not child.name.startswith("."):
                child.unlink()
    _clean(path, keep=name)
    if plans is not None:
        record_sources(path, _own_sources(plans), replace_all=True)
    else:
        record_sources(path, zip(slugs, sources, strict=True), replace_all=True)
    return ox.Store.read_only(str(data))


def _own_sources(plans: Sequence, sources: Sequence | None = None) -> list[tuple[str, Source]]:
    """(plan id, Source) of each plan read from a file (the bundled plan is none)."""
    from graph.parse.sources import Source

    if sources is not None:
        return [(plan.slug, source) for plan, source in zip(plans, sources, strict=True)]
    return [(plan.slug, Source(plan.source)) for plan in plans if Path(plan.source).is_file()]


def disk_store(
    folder: str | Path,
    sources: Sequence[str | Path] | None = None,
    *,
    base: str = DEFAULT_BASE,
    rebuild: bool = False,
    writable: bool = False,
) -> ox.Store:
    """Open the store persisted in ``folder``; build it there first if it is new.

    Giving ``sources`` (or ``rebuild``) replaces what the folder holds. The store is
    opened read-only, so several processes can read it at once, unless the caller
    will change it (``writable``: one process at a time; the answers the store keeps
    per plan are forgotten first, since SPARQL updates could change them).
    """
    path = Path(folder)
    marker = _check_folder(path)
    if sources or rebuild or marker is None:
        if sources:
            from graph.parse.sources import expand_sources

            store = _rebuild(path, None, base, expand_sources(sources))
        else:
            from graph.parse.sources import parse_sources

            store = _rebuild(path, parse_sources(None), base)
        if not writable:
            return store
        del store
        marker = _read_marker(path)
        assert marker is not None
    if marker.data == ".":
        # the earlier layout (one default graph, no data folder): rebuilt, once
        raise DataError(
            f"{path} holds a store of an earlier dutygraph; build it again "
            "(give its plan files) to make it a corpus store"
        )
    if writable:  # for SPARQL updates, which the kept answers cannot follow
        forget_answers(path / marker.data)
    return _open(path, marker, writable=writable)


def open_store(
    sources: Sequence[str | Path] | None = None,
    store_dir: str | Path | None = None,
    *,
    base: str = DEFAULT_BASE,
    writable: bool = False,
) -> ox.Store:
    """The one way commands get the graph: a persisted store or an in-memory build."""
    if store_dir is not None:
        return disk_store(store_dir, sources, base=base, writable=writable)
    return memory_store(sources, base=base)


# -- a corpus in a store: add, replace, remove, list -------------------------------


_PENDING = ".pending.json"


def _pending(path: Path) -> dict | None:
    try:
        return json.loads((path / _PENDING).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"state": "unknown"}


def _set_pending(path: Path, record: dict | None) -> None:
    """Record the change under way (or its end) before the store is touched: a kill
    in the middle is then undone, or finished, the next time the store is opened for
    writing, and readers never answer from a half-changed store."""
    if record is None:
        (path / _PENDING).unlink(missing_ok=True)
    else:
        tmp = path / f"{_PENDING}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(record), encoding="utf-8")
        os.replace(tmp, path / _PENDING)
    _sync_dir(path)


def _recover(path: Path, store: ox.Store) -> str | None:
    """Undo or finish an interrupted change; returns what was done, for a message."""
    record = _pending(path)
    if record is None:
        return None
    state = record.get("state")
    if state == "loading" and record.get("new"):  # the new graph may be partial
        graph = ox.NamedNode(record["new"])
        store.remove_graph(graph)
        _prune_units(store, graph)  # and the units only it named
        done = f"an interrupted add of {record.get('plan')} was undone"
    elif state == "dropping" and record.get("old"):  # the new graph is whole
        graph = ox.NamedNode(record["old"])
        store.remove_graph(graph)
        if record.get("new"):
            done = f"an interrupted replace of {record.get('plan')} was finished"
        else:  # a remove: its units go too, as remove_plan would have done
            _prune_units(store, graph)
            done = f"an interrupted remove of {record.get('plan')} was finished"
    else:
        raise DataError(
            f"{path} records a change it cannot undo; build the store again into a new folder"
        )
    store.flush()
    _set_pending(path, None)
    return done


def _writable(folder: str | Path) -> tuple[Path, _Marker, ox.Store]:
    path = Path(folder)
    marker = _check_folder(path)
    if marker is None or marker.data == ".":
        raise OptionError(f"{path} holds no corpus store yet; build one there first")
    _clean(path, keep=marker.data)
    store = _open(path, marker, writable=True)
    _recover(path, store)
    return path, marker, store


def recover_store(folder: str | Path) -> str | None:
    """Finish or undo a change to the store in ``folder`` that was interrupted; what
    was done (for a message), or None when nothing was pending."""
    path = Path(folder)
    marker = _check_folder(path)
    if marker is None or marker.data == ".":
        return None
    store = _open(path, marker, writable=True)
    try:
        return _recover(path, store)
    finally:
        del store


def _graph_of(store: ox.Store, slug: str) -> ox.NamedNode | None:
    """The graph that holds plan ``slug`` now (it alternates between two names as the
    plan is replaced), or None."""
    from graph.store.scope import plan_graphs

    try:
        return plan_graphs(store, slug)[0]
    except OptionError:
        return None


def build_corpus(
    folder: str | Path,
    sources: Sequence,
    *,
    base: str = DEFAULT_BASE,
    on_plan: Callable[[str], None] | None = None,
) -> list[str]:
    """Build a new store in ``folder`` from ``sources`` (:class:`Source` entries),
    parsing and building in worker processes; replaces what the folder held, in one
    switch. ``on_plan`` is called with each plan's id as it is loaded (progress)."""
    path = Path(folder)
    _check_folder(path)
    store = _rebuild(path, None, base, sources, on_plan=on_plan)
    ids = plan_ids(store)
    del store
    return ids


def add_plans(
    folder: str | Path,
    plans: Sequence,
    *,
    base: str = DEFAULT_BASE,
    sources: Sequence[Source] | None = None,
) -> list[str]:
    """Add ``plans`` to the store in ``folder``, replacing any plan with the same id.

    ``sources`` (one per plan) say where the plans were read from, recorded beside
    the store (graph.store.recorded); by default each plan's own file.

    The other plans are left as they are. Each plan is loaded in bulk into a graph
    of its own and only then does the old version go, with the step under way
    recorded first: a kill at any moment leaves the plan's old version or its new
    one once the store is next opened for writing (readers refuse a store mid-change).
    A jurisdiction's units graph only grows: the units a replaced plan no longer
    names stay described until :func:`remove_plan` tidies them.
    """
    path = Path(folder)
    if _check_folder(path) is None:  # a new folder: the corpus starts with these plans
        _rebuild(path, plans, base)
        if sources is not None:
            record_sources(path, _own_sources(plans, sources), replace_all=True)
        return [plan.slug for plan in plans]
    path, marker, store = _writable(folder)
    iris = Iris(marker.base)
    added: list[str] = []
    kept = path / marker.data  # the data folder, where each plan's answers are kept
    for plan in plans:
        built = build_plan(plan, marker.base, answers=True)
        old = _graph_of(store, plan.slug)
        canonical = iris.plan_graph(plan.slug)
        new = canonical if old is None or old.value != canonical else canonical + "~"
        record = {"plan": plan.slug, "new": new, "old": old.value if old else None}
        assert built.answers is not None
        write_answers(kept, new, built.answers)  # before the graph: see graph.store.answers
        _set_pending(path, {**record, "state": "loading"})
        store.bulk_load(built.triples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(new))
        for scope, data in built.units.items():
            store.bulk_load(
                data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iris.units_graph(scope))
            )
        store.flush()
        if old is not None:
            _set_pending(path, {**record, "state": "dropping"})
            store.remove_graph(old)
            store.flush()
            drop_answers(kept, old.value)
        _set_pending(path, None)
        added.append(plan.slug)
    del store
    record_sources(path, _own_sources(plans, sources))
    return added


def remove_plan(folder: str | Path, slug: str) -> None:
    """Remove one plan's graph; units no plan of the store names any longer go too."""
    path, marker, store = _writable(folder)
    graph = _graph_of(store, slug)
    if graph is None:
        known = ", ".join(plan_ids(store)) or "none"
        raise OptionError(f"no plan {slug!r} in the store (plans: {known})")
    _set_pending(path, {"plan": slug, "state": "dropping", "old": graph.value, "new": None})
    store.remove_graph(graph)
    _prune_units(store, graph)
    store.flush()
    drop_answers(path / marker.data, graph.value)
    _set_pending(path, None)
    forget_source(path, slug)


def _prune_units(store: ox.Store, removed: ox.NamedNode) -> None:
    """Drop, from every units graph, the units no remaining plan names, and the
    jurisdictions no remaining plan was issued by.

    A unit stays while a plan names it, or names a unit it is reached from in its
    units graph (a group's members, an office's host, the districts a committee
    administers, a shared seat). Each test is a few index look-ups: the units graph
    is walked from the unit, and each unit met is looked up as an object of the plan
    graphs, stopping at the first. (The same test as one SPARQL query read every quad
    of the corpus once per unit: minutes on a store of 100 plans.)
    """
    plans = {
        quad.graph_name
        for quad in store.quads_for_pattern(None, _RDF_TYPE, _DG_PLAN, None)
        if quad.graph_name != removed
    }

    def in_a_plan(node: ox.NamedNode, predicate: ox.NamedNode | None = None) -> bool:
        return any(q.graph_name in plans for q in store.quads_for_pattern(None, predicate, node))

    def named(unit: ox.NamedNode, graph: ox.NamedNode) -> bool:
        seen, todo = {unit}, [unit]
        while todo:
            node = todo.pop()
            if in_a_plan(node):
                return True
            for link in _REACHED_FROM:
                for quad in store.quads_for_pattern(None, link, node, graph):
                    if isinstance(quad.subject, ox.NamedNode) and quad.subject not in seen:
                        seen.add(quad.subject)
                        todo.append(quad.subject)
        return False

    for graph in sorted(store.named_graphs(), key=lambda g: str(g)):
        if graph in plans or graph == removed or not isinstance(graph, ox.NamedNode):
            continue
        gone = [
            q.subject
            for q in store.quads_for_pattern(None, _RDF_TYPE, _ORG_ORGANIZATION, graph)
            if isinstance(q.subject, ox.NamedNode) and not named(q.subject, graph)
        ]
        gone += [
            q.subject
            for q in store.quads_for_pattern(None, _RDF_TYPE, _DG_JURISDICTION, graph)
            if isinstance(q.subject, ox.NamedNode) and not in_a_plan(q.subject, _DG_JURISDICTION_OF)
        ]
        for node in gone:
            for quad in [
                *store.quads_for_pattern(node, None, None, graph),
                *store.quads_for_pattern(None, None, node, graph),
            ]:
                store.remove(quad)


def store_data(folder: str | Path) -> str | None:
    """The data folder the store in ``folder`` uses now (its marker's), or None.

    Read before the store is opened and given to :func:`kept_answers`: the marker
    still naming it afterwards proves the store was opened from it (a rebuild always
    switches to a new data folder), so the answers read are that store's."""
    try:
        marker = _read_marker(Path(folder))
    except DataError:
        return None
    return None if marker is None or marker.data == "." else marker.data


def kept_answers(folder: str | Path, store: ox.Store, data: str | None) -> dict | None:
    """The table answers kept in the store in ``folder`` (graph.store.answers) for
    the plans ``store`` holds, put together in the order of the plans' IRIs, as the
    queries order them. ``data``: what :func:`store_data` said before ``store`` was
    opened from ``folder``.

    None when the store switched data folders since, a plan has no answers kept, or
    a plan is in more than one graph (a change under way). A reader that keeps the
    store open while a plan is replaced twice could read the answers of the second
    replacement under the graph name of its snapshot; a command reads them right
    after opening the store.
    """
    if data is None or store_data(folder) != data:
        return None
    graphs: dict[str, str] = {}
    for quad in store.quads_for_pattern(None, _RDF_TYPE, _DG_PLAN, None):
        name = quad.graph_name
        if not isinstance(quad.subject, ox.NamedNode) or not isinstance(name, ox.NamedNode):
            return None
        if graphs.setdefault(quad.subject.value, name.value) != name.value:
            return None
    return read_answers(Path(folder) / data, [graphs[plan] for plan in sorted(graphs)])


def plan_ids(store: ox.Store, base: str = DEFAULT_BASE) -> list[str]:
    """The ids of the plans a store holds (sorted)."""
    from graph.store.scope import plans_in

    return plans_in(store)


def store_exists(folder: Path) -> bool:
    """Whether ``folder`` holds a store (of this layout or an earlier one)."""
    return folder.is_dir() and (folder / _MARKER).exists()


def store_base(folder: str | Path) -> str:
    """The base IRI a persisted store was built with."""
    marker = _read_marker(Path(folder))
    return marker.base if marker else DEFAULT_BASE


# -- rdflib -----------------------------------------------------------------------


def to_rdflib(store: ox.Store):
    """Copy the store's triples (the union of its graphs) into an rdflib ``Graph``."""
    import rdflib

    data = (
        ox.serialize(
            (ox.Triple(q.subject, q.predicate, q.object) for q in store),
            format=ox.RdfFormat.N_TRIPLES,
        )
        or b""
    )
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


def from_rdflib(graph) -> ox.Store:
    """A new in-memory Oxigraph store holding an rdflib ``Graph``'s triples."""
    store = ox.Store()
    data = graph.serialize(format="nt", encoding="utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return store
