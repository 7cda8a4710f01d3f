"""Stable, readable IRIs, derived from content (plan slug, item ref, unit slug),
never from processing order or hashes."""

from __future__ import annotations

import re
from urllib.parse import quote

from graph.errors import OptionError
from graph.model.units import Unit

_BASE = re.compile(r"^https?://[^\s<>\"{}|\\^`]+[/#]$")


def _is_iri(value: str) -> bool:
    """pyoxigraph's own IRI check: what it rejects here would crash the build later."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def check_base(base: str) -> str:
    """A base IRI must be absolute http(s) and end with '/' or '#'."""
    if not (_BASE.match(base) and _is_iri(base)):
        raise OptionError(
            f"bad base IRI {base!r}: it must be an absolute http(s) IRI ending with '/' or '#'"
        )
    return base


def check_iri(value: str, option: str) -> str:
    """An option that becomes an IRI in the data (``--license``) must be an absolute IRI.

    Checked before any work, so a typo is one clear line, not a crash after parsing.
    """
    if not _is_iri(value):
        raise OptionError(f"bad {option} {value!r}: it must be an absolute IRI (https://…)")
    return value


def check_folder_url(value: str, option: str) -> str:
    """A folder URL (``--download-url``) as an absolute IRI ending with '/'.

    File names are appended to it, so a missing final slash would glue them onto
    the last path segment (``…/datadutygraph.ttl``).
    """
    return check_iri(value if value.endswith("/") else value + "/", option)


def _iunreserved(ch: str) -> bool:
    """RFC 3987 ``iunreserved``: ASCII letters, digits, ``-._~`` and ``ucschar``
    (most of Unicode beyond ASCII, but not controls, surrogates, private use or
    noncharacters)."""
    code = ord(ch)
    if code < 0x80:
        return ch.isalnum() or ch in "-._~"
    if code in (0xFFFD,):  # the replacement character: a damaged name, kept visible
        return False
    if code & 0xFFFE == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:  # noncharacters
        return False
    return (
        0xA0 <= code <= 0xD7FF
        or 0xF900 <= code <= 0xFDCF
        or 0xFDF0 <= code <= 0xFFEF
        or 0x10000 <= code <= 0xEFFFD
        and not 0xE0000 <= code <= 0xE0FFF
    )


def segment(text: str) -> str:
    """An IRI path segment: Chinese stays readable, everything else outside
    ``iunreserved`` is percent-encoded (as UTF-8), so any name a plan prints makes a
    valid IRI and can be read back (``［专班］`` normalised to ``[专班]`` is
    ``%5B专班%5D``); whitespace at the ends is not part of the name."""
    text = text.strip()
    if not text:
        return "-"
    if all(_iunreserved(ch) for ch in text):
        return text
    return "".join(ch if _iunreserved(ch) else quote(ch, safe="") for ch in text)


def unit_slug(unit: Unit) -> str:
    return unit.slug or segment(unit.name)


class Iris:
    """Mints the IRIs of one dataset under ``base``."""

    def __init__(self, base: str):
        self.base = check_base(base)

    def plan(self, slug: str) -> str:
        return f"{self.base}plan/{slug}"

    def source(self, slug: str) -> str:
        return f"{self.plan(slug)}/source"

    def structure(self, slug: str) -> str:
        return f"{self.plan(slug)}/structure"

    def part(self, slug: str, part: int) -> str:
        return f"{self.plan(slug)}/part/{part}"

    def section(self, slug: str, part: int, section: int) -> str:
        return f"{self.part(slug, part)}/section/{section}"

    def theme(self, slug: str, part: int, section: int, index: int) -> str:
        return f"{self.section(slug, part, section)}/theme/{index}"

    def item(self, slug: str, ref: str) -> str:
        return f"{self.plan(slug)}/item/{ref}"

    def subtask(self, slug: str, ref: str, index: int) -> str:
        return f"{self.item(slug, ref)}/subtask/{index}"

    def target(self, slug: str, ref: str, index: int) -> str:
        return f"{self.item(slug, ref)}/target/{index}"

    def duty(self, slug: str, key: str) -> str:
        return f"{self.plan(slug)}/duty/{segment(key)}"

    def unit(self, unit: Unit, scope: str) -> str:
        """A unit of one jurisdiction (``scope``): two cities' 市发改委 are two IRIs,
        one city's 市发改委 in several years is one."""
        return f"{self.base}unit/{segment(scope)}/{unit_slug(unit)}"

    def units(self, scope: str) -> str:
        """The folder of a jurisdiction's units (the ``dgunit:`` prefix of a dataset)."""
        return f"{self.base}unit/{segment(scope)}/"

    def jurisdiction(self, scope: str) -> str:
        return f"{self.base}jurisdiction/{segment(scope)}"

    # -- named graphs of a store: one per plan, one per jurisdiction's units, one for
    # the vocabulary, so a plan can be added, replaced or removed on its own.
    def plan_graph(self, slug: str) -> str:
        return f"{self.base}graph/{slug}"

    def units_graph(self, scope: str) -> str:
        return f"{self.base}graph/units/{segment(scope)}"

    def units_graph_of(self, jurisdiction: str) -> str:
        """The units graph of a jurisdiction IRI this object minted."""
        return self.units_graph(jurisdiction.rsplit("/", 1)[-1])

    def vocabulary_graph(self) -> str:
        return f"{self.base}graph/ontology"

    def assignment(
        self, slug: str, ref: str, role: str, unit: Unit, *, by_rule: bool, via: Unit | None
    ) -> str:
        iri = f"{self.item(slug, ref)}/assignment/{role}/{unit_slug(unit)}"
        if via is not None:
            return f"{iri}/via/{unit_slug(via)}"
        return f"{iri}/rule" if by_rule else iri

    def dataset(self, slugs: list[str]) -> str:
        return f"{self.base}dataset/{'+'.join(slugs)}"

    def catalog(self) -> str:
        return f"{self.base}catalog"
