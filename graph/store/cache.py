"""A cache of built stores, so graph-reading commands do not parse and build the plan
on every run.

Parsing a plan and building its graph costs about a second; opening a store built
earlier costs a few milliseconds. Each entry is an Oxigraph store on disk, keyed by
a hash of everything the graph is made from: the plan files' *content* and file
names (the name is written into the graph as the source's label; the path and the
modification time are not), the package's own files (code, unit registry, errata,
ontology, queries, and with them the package version), the base IRI, the Python
version and the installed libraries. Any change there is a different key, so an
entry is never stale in what it says; it can only be damaged, and a damaged entry
is rebuilt, never trusted.

Layout of the cache folder (``$DUTYGRAPH_CACHE_DIR``, else
``$XDG_CACHE_HOME/dutygraph``, else ``~/.cache/dutygraph``)::

    graphs/KEY/dutygraph-cache.txt   marker, written last
    graphs/KEY/manifest.json         key, sources, triple count, store files and sizes
    graphs/KEY/store/                the Oxigraph (RocksDB) store
    graphs/KEY/plans.json            what commands need from the parsed plans
    graphs/KEY/blobs/                derived data callers add later (tables, answers)
    graphs/.build-*                  entries being built (renamed into place)

An entry is built in a temporary folder next to its final place and renamed there
in one step, so a killed build leaves no half entry, and of two processes building
the same entry one wins and the other uses the winner's. Hits open the store
read-only, so any number of processes can read one entry at once. The cache keeps
the :data:`KEEP` entries used most recently.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from graph.data import PACKAGE_DIR, bundled_plan_path, ontology_dir, queries_dir
from graph.rdf.namespaces import DEFAULT_BASE

CACHE_ENV = "DUTYGRAPH_CACHE_DIR"
FORMAT = 1  # the layout of an entry; a different number makes every entry stale
KEEP = 8  # entries kept: the most recently used
BLOBS_KEEP = 256  # derived blobs kept per entry: the most recently written
ABANDONED = 3600.0  # seconds after which a build folder no process renamed is removed

MARKER = "dutygraph-cache.txt"
MANIFEST = "manifest.json"
STORE = "store"
PLANS = "plans.json"
BLOBS = "blobs"
_MARKER_HEAD = "dutygraph cache entry\n"
_MARKER_TEXT = f"{_MARKER_HEAD}format {FORMAT}\n"

# Libraries whose versions are part of the key: the store's format, and (for
# callers caching answers derived from the store) the analytics' results.
_LIBRARIES = ("pyoxigraph", "pandas", "numpy", "networkx", "scipy")

Notify = Callable[[str], None]


@dataclass(frozen=True)
class Unread:
    """A figure in a plan that the target reader could not understand, kept so that
    ``targets`` can warn about it without parsing the plan again."""

    plan: int  # index of the plan among the sources
    ref: str
    units: tuple[str, ...]  # lead, responsible and effective lead units of the item
    problem: str  # str() of the graph.model.targets.Unreadable


@dataclass
class Entry:
    """One cache entry: its folder and what it holds besides the store."""

    folder: Path
    key: str
    manifest: dict

    def read_blob(self, name: str) -> bytes | None:
        """Derived data stored earlier under ``name``, or None."""
        try:
            return (self.folder / BLOBS / _blob_file(name)).read_bytes()
        except OSError:
            return None

    def write_blob(self, name: str, data: bytes) -> None:
        """Keep derived data under ``name`` (atomically; silently not when the cache
        folder cannot be written, since the cache is only ever a shortcut)."""
        folder = self.folder / BLOBS
        try:
            folder.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".blob-", dir=folder)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, folder / _blob_file(name))
            except BaseException:
                _unlink(Path(tmp))
                raise
            _prune(folder, BLOBS_KEEP)
        except OSError:
            pass


@dataclass
class CachedGraph:
    """A store for some sources, with what the parsed plans told us about them.

    ``entry`` is None when the cache could not be used (the store is then in memory).
    ``built`` says whether this call parsed and built the graph.
    """

    store: ox.Store
    unread: list[Unread]
    sources: list[str]  # each plan's source as the parser names it
    entry: Entry | None
    built: bool


def cache_dir() -> Path:
    """The cache folder: ``$DUTYGRAPH_CACHE_DIR``, ``$XDG_CACHE_HOME/dutygraph`` or
    ``~/.cache/dutygraph`` (XDG base directory rules: a relative value is ignored)."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "dutygraph"


def source_names(sources: Sequence[str | Path] | None) -> list[str]:
    """Each plan's source as :func:`graph.parse.plan.parse_plan` names it: the path
    as given, or ``<bundled>/NAME`` for the bundled plan (never this machine's path)."""
    if sources:
        return [str(Path(s)) for s in sources]
    return [f"<bundled>/{bundled_plan_path().name}"]


def cache_key(sources: Sequence[str | Path] | None, *, base: str = DEFAULT_BASE) -> str | None:
    """The key of the graph these sources build, or None if a source cannot be read
    (the uncached path then reports the problem exactly as it always has)."""
    paths = [Path(s) for s in sources] if sources else [bundled_plan_path()]
    digest = hashlib.sha256()
    digest.update(f"dutygraph cache {FORMAT}\nbase {base}\n".encode())
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        digest.update(f"source {path.name}\n{hashlib.sha256(data).hexdigest()}\n".encode())
    digest.update(_package_fingerprint().encode())
    digest.update(_environment_fingerprint().encode())
    return digest.hexdigest()


def cached_graph(
    sources: Sequence[str | Path] | None,
    *,
    base: str = DEFAULT_BASE,
    folder: Path | None = None,
    notify: Notify | None = None,
) -> CachedGraph:
    """The store of ``sources`` (none: the bundled plan) from the cache, built and
    added to it first on a miss.

    ``notify`` gets a one-line message when a damaged entry is rebuilt. Errors in
    the sources (unreadable, not a plan) are raised exactly as without the cache.
    """
    key = cache_key(sources, base=base)
    try:
        root = (folder or cache_dir()) / "graphs"
    except RuntimeError:  # no home folder to hold a cache
        key = None
    if key is None:
        return uncached_graph(sources, base=base)
    final = root / key[:40]
    if final.exists():
        opened, problem = _open_entry(final, key)
        if opened is not None:
            _touch(final)
            opened.sources = source_names(sources)
            return opened
        if problem and notify:
            notify(f"cache entry {final} is damaged ({problem}); rebuilding it")
        _discard(final)
    return _build(root, final, key, sources, base)


def store_entry(folder: str | Path, *, root: Path | None = None) -> Entry | None:
    """The cache entry for what is derived from the persisted store in ``folder``
    (analytics tables, command answers), or None when the cache cannot be used.

    Its key is the store's folder, its marker and a listing of its data folder's
    files (name, size, modification time): adding or removing a plan, an update or
    any other write changes that listing, so an answer kept for one state of the
    store is never given for another. The entry holds no store of its own, only
    blobs, and the cache keeps the :data:`KEEP` such entries used most recently.
    """
    from graph.store.local import store_state

    state = store_state(folder)
    try:
        top = (root or cache_dir()) / "stores"
    except RuntimeError:  # no home folder to hold a cache
        return None
    if state is None:
        return None
    digest = hashlib.sha256()
    digest.update(f"dutygraph store cache {FORMAT}\n{state}\n".encode())
    digest.update(_package_fingerprint().encode())
    digest.update(_environment_fingerprint().encode())
    key = digest.hexdigest()
    entry = top / key[:40]
    try:
        entry.mkdir(parents=True, exist_ok=True)
        _touch(entry)
        _evict(top, keep=KEEP + 1, spare=entry)
    except OSError:
        return None
    return Entry(entry, key, {})


def uncached_graph(
    sources: Sequence[str | Path] | None, *, base: str = DEFAULT_BASE
) -> CachedGraph:
    """The same as :func:`cached_graph`, built in memory and leaving the cache alone."""
    from graph.parse.sources import parse_sources
    from graph.store.local import store_from_plans

    plans = parse_sources(sources)
    return CachedGraph(
        store_from_plans(plans, base=base),
        _unread(plans),
        [plan.source for plan in plans],
        None,
        True,
    )


# Building ---------------------------------------------------------------------


def _build(
    root: Path, final: Path, key: str, sources: Sequence[str | Path] | None, base: str
) -> CachedGraph:
    from graph.parse.sources import parse_sources
    from graph.store.local import fill_store, store_from_plans

    plans = parse_sources(sources)  # errors in the input surface here, before any write
    unread = _unread(plans)
    names = [plan.source for plan in plans]
    try:
        root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".build-{key[:12]}-", dir=root))
    except OSError:  # no cache folder to write: build in memory, as without a cache
        return CachedGraph(store_from_plans(plans, base=base), unread, names, None, True)
    try:
        disk = ox.Store(str(work / STORE))
        fill_store(disk, plans, base)
        disk.optimize()  # one compaction: fewer, larger files make reads faster
        disk.flush()
        triples = len(disk)
        del disk  # closes the store: its files are final from here on
        manifest = {
            "format": FORMAT,
            "key": key,
            "base": base,
            "version": _version(),
            "sources": [
                {"name": Path(n).name, "sha256": p.sha256}
                for n, p in zip(names, plans, strict=True)
            ],
            "plans": [plan.slug for plan in plans],
            "triples": triples,
            "files": _store_files(work / STORE),
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        facts = {"format": FORMAT, "unread": [_unread_json(u) for u in unread]}
        _write(work / PLANS, json.dumps(facts, ensure_ascii=False, indent=1))
        _write(work / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        _write(work / MARKER, _MARKER_TEXT)  # last: an entry without it is damaged
        try:
            os.rename(work, final)
        except OSError:  # another process put the same entry in place first
            shutil.rmtree(work, ignore_errors=True)
    except Exception:  # a full disk, a store that cannot be created: do without the cache
        shutil.rmtree(work, ignore_errors=True)
        return CachedGraph(store_from_plans(plans, base=base), unread, names, None, True)
    _evict(root, keep=KEEP, spare=final)
    opened, _ = _open_entry(final, key)
    if opened is None:  # the winner's entry vanished or is unusable: not our problem now
        return CachedGraph(store_from_plans(plans, base=base), unread, names, None, True)
    opened.built = True
    opened.sources = names
    return opened


def _unread(plans: Sequence) -> list[Unread]:
    from graph.targets.extract import scan_item

    found = []
    for index, plan in enumerate(plans):
        for item in plan.items:
            problems = scan_item(item).unreadable
            if problems:
                units = tuple(dict.fromkeys([*item.lead, *item.responsible, *item.effective_lead]))
                found += [Unread(index, item.ref, units, str(p)) for p in problems]
    return found


def _unread_json(u: Unread) -> dict:
    return {"plan": u.plan, "ref": u.ref, "units": list(u.units), "problem": u.problem}


def _store_files(folder: Path) -> dict[str, int]:
    """The store's files and sizes; RocksDB's own text logs (LOG*) are left out,
    since losing one loses nothing."""
    return {
        p.name: p.stat().st_size
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith("LOG")
    }


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


# Opening ----------------------------------------------------------------------


def _open_entry(folder: Path, key: str) -> tuple[CachedGraph | None, str | None]:
    """The entry in ``folder`` if it is whole, else (None, what is wrong) — the
    problem is None for an entry of another cache format (stale, not damaged)."""
    try:
        marker = (folder / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None, "no marker"
    if marker != _MARKER_TEXT:
        stale = marker.startswith(f"{_MARKER_HEAD}format ")
        return None, None if stale else "garbled marker"
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        triples = int(manifest["triples"])
        files = dict(manifest["files"])
        facts = json.loads((folder / PLANS).read_text(encoding="utf-8"))
        unread = [
            Unread(int(u["plan"]), str(u["ref"]), tuple(u["units"]), str(u["problem"]))
            for u in facts["unread"]
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None, "unreadable manifest"
    if manifest.get("format") != FORMAT or manifest.get("key") != key:
        return None, "manifest of another entry"
    store_dir = folder / STORE
    for name, size in files.items():
        try:
            if (store_dir / name).stat().st_size != size:
                return None, f"store file {name} changed"
        except OSError:
            return None, f"store file {name} missing"
    try:
        store = ox.Store.read_only(str(store_dir))
        count = len(store)
    except Exception:  # OSError for bad data, but whatever it raises: not trusted
        return None, "store does not open"
    if count != triples:
        return None, f"store holds {count} triples, manifest says {triples}"
    return CachedGraph(store, unread, [], Entry(folder, key, manifest), False), None


# Housekeeping -----------------------------------------------------------------


def _touch(folder: Path) -> None:
    """Mark an entry as just used (its folder's time), for keeping the recent ones."""
    try:
        os.utime(folder)
    except OSError:
        pass


def _discard(folder: Path) -> None:
    """Take an entry out of the way in one step, then delete it."""
    trash = folder.with_name(f".trash-{folder.name}-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.rename(folder, trash)
    except OSError:
        return  # gone already (another process discarded it)
    shutil.rmtree(trash, ignore_errors=True)


def _evict(root: Path, *, keep: int, spare: Path) -> None:
    """Keep the ``keep`` entries used most recently; clear abandoned builds."""
    try:
        children = list(root.iterdir())
    except OSError:
        return
    now = time.time()
    entries = []
    for child in children:
        try:
            mtime = child.stat().st_mtime
        except OSError:
            continue
        if child.name.startswith(".trash-"):
            shutil.rmtree(child, ignore_errors=True)
        elif child.name.startswith(".build-"):
            if now - mtime > ABANDONED:
                shutil.rmtree(child, ignore_errors=True)
        elif child.is_dir() and child != spare:
            entries.append((mtime, child.name, child))
    entries.sort(reverse=True)
    for _, _, old in entries[max(keep - 1, 0) :]:
        _discard(old)


def _prune(folder: Path, keep: int) -> None:
    try:
        files = [(p.stat().st_mtime, p.name, p) for p in folder.iterdir() if p.is_file()]
    except OSError:
        return
    files.sort(reverse=True)
    for _, _, old in files[keep:]:
        _unlink(old)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _blob_file(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:40]


# Fingerprints -----------------------------------------------------------------


@cache
def _package_fingerprint() -> str:
    """A hash of every file the package reads or runs: code, data (registry, errata,
    bundled plan, measures), ontology and queries. Covers the package version (it is
    in ``graph/__init__.py``) and edits in a source checkout alike. A few ms."""
    digest = hashlib.sha256()
    roots = [PACKAGE_DIR]
    roots += [d for d in (ontology_dir(), queries_dir()) if PACKAGE_DIR not in d.parents]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if "__pycache__" in path.parts or path.suffix == ".pyc" or not path.is_file():
                continue
            digest.update(f"{path.relative_to(root.parent).as_posix()}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def _environment_fingerprint() -> str:
    """The Python version and the installed versions of the libraries whose
    behaviour the store and answers derived from it depend on, read from the
    ``*.dist-info`` folder names (no library is imported)."""
    import importlib.util

    folders = set()
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            folders.add(Path(spec.origin).parent.parent)
    wanted = {name.lower() for name in _LIBRARIES}
    found = []
    for folder in sorted(folders):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        found += [
            n for n in names if n.endswith(".dist-info") and n.split("-")[0].lower() in wanted
        ]
    return f"python {sys.version}\n" + "\n".join(sorted(found)) + "\n"


def _version() -> str:
    """The package version, for people reading a manifest (the key covers it through
    the package fingerprint). The ``graph`` package is always loaded before any of
    its modules, so this imports nothing."""
    return str(getattr(sys.modules.get("graph"), "__version__", ""))
