"""The state one served store needs: its limits, its runner, its named queries,
its subjects and its pictures, each kept as long as the store does not change."""

from __future__ import annotations

import html
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from graph.analytics.frames import Tables
from graph.rdf.namespaces import DEFAULT_BASE, prefixes_for
from graph.serve.named import NamedQueries
from graph.serve.runner import Runner
from graph.serve.subjects import Subjects

_META_CSP = re.compile(
    r'<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"', re.IGNORECASE
)
_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S
)
PICTURES_KEPT = 24


@dataclass(frozen=True)
class Settings:
    """How the app was asked to serve (the command line's options)."""

    base: str = DEFAULT_BASE
    timeout: float = 10.0
    max_rows: int = 10_000
    allow_update: bool = False
    cors: str | None = None
    workers: int = 2


def page_policy(page: str) -> str:
    """The Content-Security-Policy a rendered view page was written with (its
    ``<meta>``), so the header says what the page says; a page without one gets a
    policy allowing its own inline scripts by hash and nothing else."""
    match = _META_CSP.search(page[:20_000])
    if match:
        return html.unescape(match.group(1))
    import base64
    import hashlib

    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(page)
    )
    return (
        f"default-src 'none'; script-src {hashes or chr(39) + 'none' + chr(39)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; "
        "form-action 'none'"
    )


class Site:
    """Everything the routes share."""

    def __init__(self, store: ox.Store, settings: Settings, tables: Tables | None = None) -> None:
        self.store = store
        self.settings = settings
        self.prefixes = prefixes_for(settings.base)
        self._tables = tables
        self._tables_lock = threading.Lock()
        self.runner = Runner(
            store,
            timeout=settings.timeout,
            max_rows=settings.max_rows,
            prefixes=self.prefixes,
            workers=settings.workers,
        )
        self.named = NamedQueries(store, timeout=settings.timeout, max_rows=settings.max_rows)
        self.subjects = Subjects(store, self.tables, settings.base)
        self._pictures: OrderedDict[tuple, Any] = OrderedDict()
        self._pictures_lock = threading.Lock()

    def tables(self) -> Tables:
        """The analytics tables, read from the store on first use."""
        with self._tables_lock:
            if self._tables is None:
                from graph.analytics.frames import load_tables

                self._tables = load_tables(self.store)
            return self._tables

    def picture(self, key: tuple, make: Callable[[], Any]) -> Any:
        """A view page or chart, made once per key (they take up to a second)."""
        with self._pictures_lock:
            if key in self._pictures:
                self._pictures.move_to_end(key)
                return self._pictures[key]
        value = make()
        with self._pictures_lock:
            self._pictures[key] = value
            while len(self._pictures) > PICTURES_KEPT:
                self._pictures.popitem(last=False)
        return value

    def changed(self) -> None:
        """After an update: nothing kept may be served again."""
        with self._tables_lock:
            self._tables = None
        self.named.forget()
        self.subjects.forget()
        with self._pictures_lock:
            self._pictures.clear()

    def close(self) -> None:
        self.runner.close()
