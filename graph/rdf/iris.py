"""Stable, readable IRIs, derived from content (plan slug, item ref, unit slug),
never from processing order or hashes."""

from __future__ import annotations

import re

from graph.errors import OptionError
from graph.model.units import Unit

_BASE = re.compile(r"^https?://[^\s<>\"{}|\\^`]+[/#]$")
_UNSAFE = re.compile(r"[\s<>\"{}|\\^`#?/%]")


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


def segment(text: str) -> str:
    """An IRI path segment: Chinese stays readable, unsafe characters become '-'."""
    return _UNSAFE.sub("-", text.strip()) or "-"


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

    def unit(self, unit: Unit) -> str:
        return f"{self.base}unit/{unit_slug(unit)}"

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
