"""The named queries as the app serves them: typed parameters from a query string,
one canonical URL per answer, and answers kept per (query, parameters).

The store does not change while it is served (unless updates are allowed, and then
every kept answer is dropped after each update), so a named query with the same
parameters always gives the same answer: it is run once and kept, which is what lets
a busy endpoint answer ``unit-load`` hundreds of times a second.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox

from graph.errors import DutygraphError, OptionError
from graph.export.render import render
from graph.store.library import NamedQuery, library
from graph.store.sparql import Result, bind, select

KEEP = 512  # answers kept (each a few kB to a few hundred kB)
OPENAPI_TYPES = {
    "string": {"type": "string"},
    "label": {"type": "string"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "iri": {"type": "string", "format": "iri"},
}
INPUT_TYPES = {"integer": "number", "decimal": "number", "date": "date", "iri": "url"}


@dataclass(frozen=True)
class Answer:
    query: NamedQuery
    values: tuple[tuple[str, str], ...]  # every parameter, canonical, in declared order
    result: Result
    truncated: bool

    @property
    def params(self) -> dict[str, str]:
        return dict(self.values)

    def records(self) -> list[dict[str, Any]]:
        """Rows as JSON values (decimals and dates as text)."""
        return [{k: _json_value(v) for k, v in row.items()} for row in self.result.records()]

    def document(self) -> dict[str, Any]:
        """The JSON API's answer."""
        return {
            "query": self.query.name,
            "params": self.params,
            "columns": list(self.result.columns),
            "rows": self.records(),
            "truncated": self.truncated,
        }


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def query_or_404(name: str) -> NamedQuery:
    named = library().get(name)
    if named is None:
        raise LookupError(name)
    return named


def canonical(named: NamedQuery, given: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """Every declared parameter with its value as the engine will see it (defaults
    filled in, ``1`` → ``true`` for a boolean): the key of the answer and of its URL.
    Raises OptionError for an unknown parameter or a value not of its type."""
    terms = bind(named, dict(given))
    return tuple(
        (name, term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term))
        for name, term in terms.items()
    )


def page_url(name: str, values: tuple[tuple[str, str], ...], suffix: str = "") -> str:
    """The stable URL of an answer: every parameter written out, in declared order."""
    query = urlencode(list(values))
    return f"/queries/{name}{suffix}" + (f"?{query}" if query else "")


class NamedQueries:
    """Runs named queries on one store and keeps their answers."""

    def __init__(self, store: ox.Store, *, timeout: float, max_rows: int) -> None:
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self._lock = threading.Lock()
        self._answers: OrderedDict[tuple, Answer] = OrderedDict()
        self._bodies: OrderedDict[tuple, bytes] = OrderedDict()

    def forget(self) -> None:
        with self._lock:
            self._answers.clear()
            self._bodies.clear()

    def answer(self, name: str, given: Mapping[str, str]) -> Answer:
        """The answer of ``name`` with ``given`` parameters (run once, then kept)."""
        named = query_or_404(name)
        values = canonical(named, given)
        key = (name, values)
        with self._lock:
            kept = self._answers.get(key)
            if kept is not None:
                self._answers.move_to_end(key)
                return kept
        try:
            result = select(named, dict(values), store=self.store, timeout=self.timeout)
        except OptionError:
            raise
        except DutygraphError as error:
            raise RuntimeError(str(error)) from None
        truncated = len(result.rows) > self.max_rows
        if truncated:
            result = Result(result.columns, result.rows[: self.max_rows])
        answer = Answer(named, values, result, truncated)
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > KEEP:
                self._answers.popitem(last=False)
        return answer

    def body(self, name: str, given: Mapping[str, str], fmt: str) -> tuple[bytes, Answer]:
        """The answer written as ``fmt`` (``json``: the API document; ``csv``,
        ``tsv``: as ``dutygraph query --format``), kept too."""
        answer = self.answer(name, given)
        key = (name, answer.values, fmt)
        with self._lock:
            kept = self._bodies.get(key)
            if kept is not None:
                self._bodies.move_to_end(key)
                return kept, answer
        if fmt == "json":
            data = json.dumps(answer.document(), ensure_ascii=False).encode("utf-8")
        else:
            data = render(answer.result.records(), answer.result.columns, fmt).encode("utf-8")
        with self._lock:
            self._bodies[key] = data
            while len(self._bodies) > KEEP:
                self._bodies.popitem(last=False)
        return data, answer


def describe_query(named: NamedQuery) -> dict[str, Any]:
    """A named query's metadata, as ``dutygraph queries --format json`` lists it."""
    return {
        "name": named.name,
        "title": named.title,
        "title_zh": named.title_zh,
        "description": named.description,
        "params": [
            {"name": p.name, "type": p.type, "default": p.default, "description": p.description}
            for p in named.params
        ],
        "columns": list(named.columns),
        "keywords": list(named.keywords),
    }
