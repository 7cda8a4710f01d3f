"""Quantitative targets as RDF: one ``dg:Target`` node per target of every item.

A target node (``{item}/target/{index}``, index from 0 in text order as in
:class:`graph.model.targets.Target`) carries its normalised value (``dg:value``,
``xsd:decimal``), its unit of measure (``qudt:unit``: a QUDT unit, or a ``dg:`` unit
where QUDT has none; ``graph/data/measures.toml`` decides), the unit as written
(``dg:unitAsWritten``), the comparator and kind as concepts of the ontology's schemes
``dg:comparators`` and ``dg:targetKinds`` (``skos:notation`` is the vocabulary key),
what is counted, the snippet the figure was read from and the phrase that states it.
The item points to each of its targets with ``dg:target``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from graph.model import Plan
from graph.model.targets import ABOUT, AT_LEAST, AT_MOST, EXACTLY, KINDS, Target
from graph.rdf.iris import Iris
from graph.rdf.namespaces import DG, QUDT, RDF

if TYPE_CHECKING:  # pragma: no cover
    from graph.targets.measures import MeasureTable


class TripleSink(Protocol):
    """What adding targets needs of :class:`graph.rdf.build.GraphBuilder`.

    Named here rather than imported, so that :mod:`graph.rdf.build` can import this
    module without an import cycle.
    """

    @property
    def iris(self) -> Iris: ...

    def link(self, s: str, p: str, o: str) -> None: ...

    def labels(self, s: str, zh: str, en: str = "") -> None: ...

    def text(self, s: str, p: str, value: str, lang: str | None = ...) -> None: ...

    def typed(self, s: str, p: str, value: object, datatype: str) -> None: ...


COMPARATOR_IRI = {
    AT_LEAST: DG + "AtLeast",
    ABOUT: DG + "About",
    EXACTLY: DG + "Exactly",
    AT_MOST: DG + "AtMost",
}


def kind_iri(kind: str) -> str:
    """The ``dg:TargetKind`` concept of a kind key: ``growth_rate`` → dg:GrowthRateTarget."""
    if kind not in KINDS:
        raise ValueError(f"unknown target kind {kind!r}")
    return DG + "".join(word.capitalize() for word in kind.split("_")) + "Target"


KIND_IRI = {kind: kind_iri(kind) for kind in KINDS}


def decimal_text(value: Decimal) -> str:
    """The canonical ``xsd:decimal`` lexical form: no exponent, no trailing zeros.

    ``Decimal('5E+11')`` → ``500000000000``, ``Decimal('6.50')`` → ``6.5``.
    """
    text = format(value.normalize(), "f")
    return text if text not in ("-0", "") else "0"


def target_label(target: Target) -> tuple[str, str]:
    """The Chinese and English labels of a target node."""
    return (
        f"{target.item} 目标{target.index}:{target.snippet}",
        f"Target {target.index} of item {target.item}",
    )


def add_target(builder: TripleSink, slug: str, target: Target) -> str:
    """Add one target of plan ``slug``; returns the target's IRI."""
    b = builder
    i = b.iris.item(slug, target.item)
    t = b.iris.target(slug, target.item, target.index)
    b.link(t, RDF + "type", DG + "Target")
    b.link(i, DG + "target", t)
    b.link(t, DG + "item", i)
    b.labels(t, *target_label(target))
    b.typed(t, DG + "index", target.index, "integer")
    b.typed(t, DG + "value", decimal_text(target.value), "decimal")
    b.link(t, QUDT + "unit", target.unit_iri)
    b.text(t, DG + "unitAsWritten", target.unit)  # skipped when the figure has no unit word
    b.link(t, DG + "comparator", COMPARATOR_IRI[target.comparator])
    b.link(t, DG + "targetKind", KIND_IRI[target.kind])
    b.text(t, DG + "counted", target.counted)
    b.text(t, DG + "snippet", target.snippet)
    b.text(t, DG + "phrase", target.phrase)
    return t


def add_targets(builder: TripleSink, plan: Plan, table: MeasureTable | None = None) -> int:
    """Add every target of every item of ``plan``; returns how many were added."""
    from graph.targets.extract import plan_targets

    targets = plan_targets(plan, table)
    for target in targets:
        add_target(builder, plan.slug, target)
    return len(targets)
