"""The input options every graph-reading command shares, and how commands get the graph.

``SOURCE...`` plan files (default: the bundled plan), or ``--store DIR`` for a store
persisted earlier (built there from SOURCE... or the bundled plan if DIR is new).
Without ``--store`` the graph comes from the cache of built graphs
(:mod:`graph.store.cache`), so only the first run on a plan parses and builds it;
``--no-cache`` builds it afresh in memory and leaves the cache alone.

On top of the cached store, commands keep what they derive from it in the same
cache entry, keyed by what it depends on: the analytics tables (a pickle of
:class:`graph.analytics.frames.Tables`) and, through :func:`remembered`, the text
a command printed for the same options. Those cost pandas and networkx time on
every run otherwise (importing pandas alone takes longer than opening the store
and answering a query). Everything here is imported lazily: ``--help`` must not
load the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:  # pragma: no cover
    from graph.store.cache import CachedGraph

T = TypeVar("T")

_NO_CACHE = "dutygraph.no_cache"  # ctx.meta: --no-cache was given
_GRAPHS = "dutygraph.graphs"  # ctx.meta: the graphs opened in this run, by sources
TABLES_BLOB = "analytics tables (pickle, format 1)"
_TABLES_KEPT_MAX = 512 * 2**20  # bytes of pickled tables a cache entry keeps at most


def _set_no_cache(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    ctx.meta[_NO_CACHE] = bool(value)
    return value


def _store_folder(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A ``--store`` that names a file: the one-line ``PATH:0:0:`` error, not click's."""
    import os

    from graph.errors import InputError, OptionError

    if value is not None and not value.strip():
        raise OptionError("the store folder name is empty: name a folder to keep the store in")
    if value is not None and os.path.exists(value) and not os.path.isdir(value):
        raise InputError("is a file, not a store folder", path=value)
    return value


def graph_inputs(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``SOURCE...``, ``--store DIR`` and ``--no-cache`` to a command (the first
    two as ``sources`` and ``store``; ``--no-cache`` is read from the click context by
    :func:`open_graph` and friends, so command functions do not carry it)."""
    command = click.option(
        "--no-cache",
        is_flag=True,
        expose_value=False,
        callback=_set_no_cache,
        help="Build the graph afresh in memory: neither read nor write the cache of built graphs.",
    )(command)
    command = click.option(
        "--store",
        "store",
        default=None,
        type=click.Path(),
        callback=_store_folder,
        help="Oxigraph store folder: opened if it holds a store, else built there first.",
    )(command)
    command = click.argument("sources", nargs=-1, type=click.Path())(command)
    return command


def cache_off() -> bool:
    """Whether this run was given ``--no-cache``."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(_NO_CACHE))


def _notify(message: str) -> None:
    from graph.cli.terminal import say

    say(f"dutygraph: {message}")


def cached(sources: Sequence[str]) -> CachedGraph:
    """The graph of ``sources`` through the cache, opened once per command run."""
    from graph.store.cache import cached_graph

    ctx = click.get_current_context(silent=True)
    opened: dict = ctx.meta.setdefault(_GRAPHS, {}) if ctx is not None else {}
    key = tuple(sources)
    if key not in opened:
        opened[key] = cached_graph(list(sources) or None, notify=_notify)
    return opened[key]


def open_graph(sources: tuple[str, ...], store: str | None, *, writable: bool = False):
    """The pyoxigraph store for these options: ``--store DIR``, else the cache (a
    read-only store), else, with ``--no-cache`` or when the caller will change the
    store (``writable``), a fresh in-memory build."""
    if store is not None:
        from graph.store.local import open_store

        return open_store(list(sources) or None, store, writable=writable)
    if writable or cache_off():
        from graph.store.local import memory_store

        return memory_store(list(sources) or None)
    return cached(sources).store


def plan_graph(sources: tuple[str, ...]) -> CachedGraph:
    """The graph with the facts the parse found (figures the target reader could not
    read), for commands that report them; from the cache unless ``--no-cache``."""
    if cache_off():
        from graph.store.cache import uncached_graph

        return uncached_graph(list(sources) or None)
    return cached(sources)


PLAN = click.option(
    "--plan",
    "plan",
    default=None,
    metavar="PLAN",
    help="Only this plan of the store (its id, as `dutygraph plans` lists it).",
)

EXPAND_GROUPS = click.option(
    "--expand-groups/--no-expand-groups",
    "expand",
    default=False,
    show_default=True,
    help="Count an item given to a group for each of its members.",
)


def open_tables(sources: tuple[str, ...], store: str | None):
    """The analytics tables (graph.analytics.frames.Tables) for these options; read
    once per cache entry and kept there, since the queries behind them are the
    slowest part of opening the graph."""
    from graph.analytics.frames import load_tables

    if store is None:
        if cache_off():
            return load_tables(open_graph(sources, store))
        graph = cached(sources)
        return _kept_tables(graph.store, graph.entry)
    from graph.store.local import kept_answers, store_data

    if sources:  # a build: nothing kept yet (no data folder known before it was opened)
        return load_tables(open_graph(sources, store))
    data = store_data(store)  # before the store is opened: see kept_answers
    if cache_off():
        store_object = open_graph(sources, store)
        return load_tables(store_object, kept_answers(store, store_object, data))
    from graph.store.cache import store_entry

    # a persisted store, as it is now: the key first, then the store, so that a change
    # landing in between is kept under the key of the state before it, which no later
    # reader asks for
    entry = store_entry(store)
    store_object = open_graph(sources, store)
    return _kept_tables(store_object, entry, lambda: kept_answers(store, store_object, data))


def _kept_tables(store, entry, answers=lambda: None):
    """The tables of ``store``, from ``entry`` when it keeps them, else read (with
    the store's kept ``answers``, a callable) and kept there (an entry of None keeps
    nothing)."""
    import dataclasses
    import pickle

    from graph.analytics.frames import Tables, load_tables

    data = entry.read_blob(TABLES_BLOB) if entry is not None else None
    if data is not None:
        try:
            kept = pickle.loads(data)
        except Exception:  # written by another version, or damaged: recompute
            kept = None
        if isinstance(kept, Tables):
            kept.store = store
            return kept
    tables = load_tables(store, answers())
    if entry is not None:
        kept = dataclasses.replace(tables, store=None, _cache={})
        blob = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
        if len(blob) <= _TABLES_KEPT_MAX:  # a thousand synthetic plans: 260 MB, kept
            entry.write_blob(TABLES_BLOB, blob)
    return tables


def remembered(
    make: Callable[[], T], *, ignore: Sequence[str] = (), key: dict[str, Any] | None = None
) -> T:
    """What ``make`` returns (JSON data: the text a command prints), kept in the
    graph's cache entry under the command's name and options, so running the same
    command again on the same graph neither imports pandas nor recomputes.

    The entry's key covers the plan, the package's code and the library versions,
    so a kept answer is the answer ``make`` would give. With ``--store DIR`` the
    key is the store as it is now (graph.store.cache.store_entry: any change to the
    store is a new key). Options that do not change the answer (an output file name)
    are ``ignore``d. With ``--no-cache``, or when the command builds the store from
    files, ``make`` just runs.
    """
    import json

    ctx = click.get_current_context()
    params = ctx.params
    store, sources = params.get("store"), params.get("sources") or ()
    if cache_off() or (store is not None and sources):  # a build: nothing kept yet
        return make()
    if store is not None:  # a persisted store, as it is now (see store_entry)
        from graph.store.cache import store_entry

        entry = store_entry(store)
    else:
        entry = cached(sources).entry
    if entry is None:
        return make()
    options = {k: v for k, v in sorted(params.items()) if k not in ("sources", "store", *ignore)}
    options.update(key or {})  # what an ignored option still decides (a file's format)
    name = "answer " + json.dumps([ctx.info_name, options], ensure_ascii=False, default=str)
    data = entry.read_blob(name)
    if data is not None:
        try:
            kept = json.loads(data)
            if kept["name"] == name:
                return kept["value"]
        except (ValueError, KeyError, TypeError):
            pass  # damaged: answer again and keep the new one
    value = make()
    text = json.dumps({"name": name, "value": value}, ensure_ascii=False)
    entry.write_blob(name, text.encode("utf-8"))
    return value
