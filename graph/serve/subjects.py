"""What the pages say about a subject: plans, items, units and groups, and any other
resource, as plain JSON-ready dicts (the HTML pages and the JSON API share them).

A subject is found by its IRI and rendered by its ``rdf:type``, read through the
ontology's ``rdfs:subClassOf`` (a ``dg:Group`` is an ``org:Organization``), never by
the shape of the IRI: the IRI layout may change, the vocabulary does not. Facts come
from the store's triples (every graph: the union), counts from the analytics tables
(:class:`graph.analytics.frames.Tables`), which key units by their short name
(``skos:prefLabel``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from graph.analytics.frames import Tables
from graph.rdf.namespaces import DCT, DG, ORG, PROV, RDF, RDFS, SKOS

TYPE = ox.NamedNode(RDF + "type")
SUBCLASS = ox.NamedNode(RDFS + "subClassOf")
LABEL = ox.NamedNode(RDFS + "label")
PREF = ox.NamedNode(SKOS + "prefLabel")
NOTATION = ox.NamedNode(SKOS + "notation")
MEMBER = ox.NamedNode(ORG + "hasMember")


def _p(namespace: str, name: str) -> ox.NamedNode:
    return ox.NamedNode(namespace + name)


PLAN_CLASS = DG + "Plan"
ITEM_CLASS = DG + "Item"
UNIT_CLASSES = (ORG + "Organization", ORG + "OrganizationalUnit")
ROLE_ORDER = {"lead": 0, "responsible": 1, "cooperating": 2}
# Item properties the item page shows in their own places; the rest are listed as facts.
_ITEM_SHOWN = {
    RDF + "type", RDFS + "label", SKOS + "notation", DG + "ref", DG + "number", DG + "text",
    DG + "plan", DG + "part", DG + "section", DG + "theme", DG + "sourceLine", DG + "sourceText",
    DG + "unitClause", DG + "leadByRule", DG + "target", PROV + "qualifiedAssociation",
    DG + "leadUnit", DG + "responsibleUnit", DG + "cooperatingUnit", DG + "effectiveLeadUnit",
    DG + "charStart", DG + "charEnd", PROV + "wasDerivedFrom",
}  # fmt: skip


def _present(value: Any) -> bool:
    if value is None:
        return False
    try:
        import pandas as pd

        return not bool(pd.isna(value))
    except (TypeError, ValueError):
        return True


def _plain(value: Any) -> Any:
    """A pandas or numpy scalar as a JSON value."""
    if not _present(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


class Subjects:
    """Look-ups over one store and its tables, with what they derive kept (the
    store is read-only while it is served; :meth:`forget` after an update)."""

    def __init__(self, store: ox.Store, tables: Callable[[], Tables], base: str) -> None:
        self.store = store
        self._tables = tables
        self.base = base
        self._lock = threading.Lock()
        self._kept: dict[tuple, Any] = {}

    # -- plumbing ---------------------------------------------------------------------

    def forget(self) -> None:
        with self._lock:
            self._kept.clear()

    def _keep(self, key: tuple, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._kept:
                return self._kept[key]
        value = make()
        with self._lock:
            self._kept[key] = value
        return value

    @property
    def tables(self) -> Tables:
        return self._tables()

    def path(self, iri: str) -> str:
        """The app's page for ``iri``: ``/id/…`` under the data's base, else the
        resolver."""
        if iri.startswith(self.base):
            return "/id/" + quote(iri[len(self.base) :], safe="/:@!$&'()*+,;=-._~")
        return "/resource?" + urlencode({"iri": iri})

    def objects(self, subject: str | ox.NamedNode, predicate: ox.NamedNode) -> list:
        node = ox.NamedNode(subject) if isinstance(subject, str) else subject
        seen: dict = {}
        for quad in self.store.quads_for_pattern(node, predicate, None):
            seen.setdefault(quad.object, None)
        return list(seen)

    def one(self, subject: str | ox.NamedNode, predicate: ox.NamedNode) -> Any:
        values = self.objects(subject, predicate)
        if not values:
            return None
        return sorted(values, key=str)[0]

    def text(self, subject: str | ox.NamedNode, predicate: ox.NamedNode) -> str | None:
        term = self.one(subject, predicate)
        return None if term is None else term.value

    def exists(self, iri: str) -> bool:
        node = ox.NamedNode(iri)
        for _ in self.store.quads_for_pattern(node, None, None):
            return True
        for _ in self.store.quads_for_pattern(None, None, node):
            return True
        return False

    def label(self, iri: str, *, lang: str = "zh") -> str:
        """The best label: skos:prefLabel, then rdfs:label in ``lang``, then any
        rdfs:label, then the IRI's last segment."""
        return self._keep(("label", iri, lang), lambda: self._label(iri, lang))

    def _label(self, iri: str, lang: str) -> str:
        node = ox.NamedNode(iri)
        pref = self.objects(node, PREF)
        if pref and lang == "zh":
            return sorted(p.value for p in pref)[0]
        labels = [t for t in self.objects(node, LABEL) if isinstance(t, ox.Literal)]
        wanted = [t.value for t in labels if (t.language or "").lower().startswith(lang)]
        if wanted:
            return sorted(wanted)[0]
        if pref:
            return sorted(p.value for p in pref)[0]
        if labels:
            return sorted(t.value for t in labels)[0]
        title = self.text(node, _p(DCT, "title"))
        if title:
            return title
        return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri

    def english(self, iri: str) -> str | None:
        labels = [t for t in self.objects(iri, LABEL) if isinstance(t, ox.Literal)]
        found = sorted(t.value for t in labels if (t.language or "").lower().startswith("en"))
        return found[0] if found else None

    def link(self, iri: str) -> dict[str, Any]:
        return {"iri": iri, "label": self.label(iri), "path": self.path(iri)}

    def superclasses(self, cls: str) -> frozenset[str]:
        """``cls`` and every class above it by rdfs:subClassOf."""

        def make() -> frozenset[str]:
            found, todo = {cls}, [cls]
            while todo:
                for parent in self.objects(todo.pop(), SUBCLASS):
                    if isinstance(parent, ox.NamedNode) and parent.value not in found:
                        found.add(parent.value)
                        todo.append(parent.value)
            return frozenset(found)

        return self._keep(("super", cls), make)

    def kind(self, iri: str) -> str | None:
        """``plan``, ``item``, ``unit`` or ``resource`` by the subject's types; None
        when the store says nothing of it."""
        types = [t.value for t in self.objects(iri, TYPE) if isinstance(t, ox.NamedNode)]
        above: set[str] = set()
        for cls in types:
            above |= self.superclasses(cls)
        if PLAN_CLASS in above:
            return "plan"
        if ITEM_CLASS in above:
            return "item"
        if above & set(UNIT_CLASSES):
            return "unit"
        return "resource" if self.exists(iri) else None

    def describe(self, iri: str) -> dict[str, Any]:
        """The page data for any subject, by its kind."""
        kind = self.kind(iri)
        if kind == "plan":
            return self.plan(iri)
        if kind == "item":
            return self.item(iri)
        if kind == "unit":
            return self.unit(iri)
        return self.resource(iri)

    def _concept(self, term: Any) -> dict[str, Any] | None:
        """A concept (role, derivation, kind, comparator …) as notation and labels."""
        if not isinstance(term, ox.NamedNode):
            return None
        return {
            "iri": term.value,
            "notation": self.text(term, NOTATION),
            "label": self.label(term.value),
            "label_en": self.english(term.value),
        }

    # -- the dataset ------------------------------------------------------------------

    def plans(self) -> list[dict[str, Any]]:
        """Every plan in the store, with its title, identifier and item count."""

        def make() -> list[dict[str, Any]]:
            items = self.tables.items
            counts = items.groupby("plan").size().to_dict() if len(items) else {}
            found = sorted(
                {
                    q.subject.value
                    for q in self.store.quads_for_pattern(None, TYPE, _p(DG, "Plan"))
                    if isinstance(q.subject, ox.NamedNode)
                }
            )
            return [
                {
                    **self.link(iri),
                    "title": self.text(iri, _p(DCT, "title")) or self.label(iri),
                    "label_en": self.english(iri),
                    "identifier": self.text(iri, _p(DCT, "identifier")),
                    "issued": self.text(iri, _p(DCT, "issued")),
                    "items": int(counts.get(iri, 0)),
                }
                for iri in found
            ]

        return self._keep(("plans",), make)

    def summary(self) -> dict[str, Any]:
        def make() -> dict[str, Any]:
            tables = self.tables
            return {
                "plans": len(self.plans()),
                "items": len(tables.items),
                "units": int(tables.assignments["unit"].nunique()),
                "assignments": len(tables.assignments),
                "targets": len(tables.targets),
                "triples": len(self.store),
                "sources": self.sources(),
            }

        return self._keep(("summary",), make)

    def sources(self) -> list[dict[str, Any]]:
        """The source files the data was read from, with their SHA-256: what a
        citation of a result names as the data it came from."""
        files = sorted(
            {
                q.subject.value
                for q in self.store.quads_for_pattern(None, TYPE, _p(DG, "SourceFile"))
                if isinstance(q.subject, ox.NamedNode)
            }
        )
        return [
            {"iri": f, "name": self.label(f), "sha256": self.text(f, _p(DG, "sha256"))}
            for f in files
        ]

    def unit_iris(self) -> dict[str, str]:
        """Unit short name → IRI (the tables know units by name)."""

        def make() -> dict[str, str]:
            out: dict[str, str] = {}
            for cls in UNIT_CLASSES:
                for quad in self.store.quads_for_pattern(None, TYPE, ox.NamedNode(cls)):
                    if isinstance(quad.subject, ox.NamedNode):
                        for name in self.objects(quad.subject, PREF):
                            current = out.get(name.value)
                            if current is None or quad.subject.value < current:
                                out[name.value] = quad.subject.value
            return out

        return self._keep(("unit_iris",), make)

    def unit_link(self, name: Any) -> dict[str, Any] | None:
        if not _present(name):
            return None
        iri = self.unit_iris().get(str(name))
        return {"label": str(name), "iri": iri, "path": self.path(iri) if iri else None}

    def item_texts(self) -> dict[str, dict[str, Any]]:
        def make() -> dict[str, dict[str, Any]]:
            items = self.tables.items
            return {
                str(item): {"ref": str(ref), "text": str(text), "plan": str(plan)}
                for item, ref, text, plan in zip(
                    items["item"], items["ref"], items["text"], items["plan"], strict=True
                )
            }

        return self._keep(("item_texts",), make)

    # -- plans ------------------------------------------------------------------------

    def plan(self, iri: str) -> dict[str, Any]:
        return self._keep(("plan", iri), lambda: self._plan(iri))

    def _plan(self, iri: str) -> dict[str, Any]:
        from graph.analytics.load import unit_load

        tables = self.tables
        items = tables.items[tables.items["plan"] == iri]
        a = tables.assignments
        mine = a[(a["plan"] == iri) & (a["derivation"] != "group")]
        leads: dict[str, list[str]] = {}
        for item, unit, role in zip(mine["item"], mine["unit"], mine["role"], strict=True):
            if role == "lead" and _present(unit) and str(unit) not in leads.setdefault(item, []):
                leads[item].append(str(unit))
        structure = self.one(iri, _p(DG, "structure"))
        part_titles: dict[int, str] = {}
        if structure is not None:
            for quad in self.store.quads_for_pattern(None, _p(SKOS, "inScheme"), structure):
                part = quad.subject
                if isinstance(part, ox.NamedNode) and _p(DG, "Part") in self.objects(part, TYPE):
                    number = self.text(part, _p(DG, "number"))
                    if number is not None and number.isdigit():
                        part_titles[int(number)] = self.label(part.value)
        parts: list[dict[str, Any]] = []
        for row in items.itertuples(index=False):
            part = _plain(row.part)
            if not parts or parts[-1]["number"] != part:
                parts.append(
                    {"number": part, "title": part_titles.get(part or 0, ""), "sections": []}
                )
            sections = parts[-1]["sections"]
            section = _plain(row.section)
            if not sections or sections[-1]["number"] != section:
                sections.append(
                    {"number": section, "title": _plain(row.section_title) or "", "items": []}
                )
            sections[-1]["items"].append(
                {
                    "iri": row.item,
                    "path": self.path(str(row.item)),
                    "ref": row.ref,
                    "text": row.text,
                    "lead": [self.unit_link(u) for u in leads.get(str(row.item), [])],
                    "lead_by_rule": bool(_plain(row.lead_by_rule)),
                }
            )
        scoped = _scoped(tables, iri)
        load = unit_load(scoped, expand=False, top=15) if len(scoped.assignments) else None
        rule = self.one(iri, _p(DG, "leadRule"))
        return {
            "type": "plan",
            **self.link(iri),
            "title": self.text(iri, _p(DCT, "title")) or self.label(iri),
            "label_en": self.english(iri),
            "identifier": self.text(iri, _p(DCT, "identifier")),
            "issued": self.text(iri, _p(DCT, "issued")),
            "city": self.text(iri, _p(DG, "city")),
            "year": self.text(iri, _p(DG, "year")),
            "publisher": [self.link(t.value) for t in self.objects(iri, _p(DCT, "publisher"))],
            "no_lead_rule": self.text(iri, _p(DG, "noLeadRule")) == "true",
            "lead_rule": self._concept(rule),
            "lead_rule_text": self.text(iri, _p(DG, "leadRuleText")),
            "reporting_duties": [
                self.link(t.value) for t in self.objects(iri, _p(DG, "reportingDuty"))
            ],
            "sources": [
                {**self.link(t.value), "sha256": self.text(t, _p(DG, "sha256"))}
                for t in self.objects(iri, _p(DCT, "source"))
            ],
            "items": len(items),
            "parts": parts,
            "load": [] if load is None else _load_rows(self, load),
        }

    # -- items ------------------------------------------------------------------------

    def item(self, iri: str) -> dict[str, Any]:
        return self._keep(("item", iri), lambda: self._item(iri))

    def _item(self, iri: str) -> dict[str, Any]:
        node = ox.NamedNode(iri)
        assignments: list[dict[str, Any]] = []
        for a in self.objects(node, _p(PROV, "qualifiedAssociation")):
            agent = self.one(a, _p(PROV, "agent"))
            if not isinstance(agent, ox.NamedNode):
                continue
            role = self._concept(self.one(a, _p(DG, "role")))
            derivation = self._concept(self.one(a, _p(DG, "derivation")))
            via = self.one(a, _p(DG, "derivedThrough"))
            assignments.append(
                {
                    "unit": self.link(agent.value),
                    "role": role["notation"] if role else None,
                    "role_label": role["label"] if role else None,
                    "derivation": derivation["notation"] if derivation else None,
                    "via_group": self.link(via.value) if isinstance(via, ox.NamedNode) else None,
                }
            )
        assignments.sort(
            key=lambda x: (ROLE_ORDER.get(x["role"] or "", 9), x["unit"]["label"], x["unit"]["iri"])
        )
        targets = []
        for t in self.objects(node, _p(DG, "target")):
            index = self.text(t, _p(DG, "index"))
            targets.append(
                {
                    "iri": t.value,
                    "index": int(index) if index and index.isdigit() else None,
                    "value": self.text(t, _p(DG, "value")),
                    "unit": self.text(t, _p(DG, "unitAsWritten")),
                    "comparator": self._concept(self.one(t, _p(DG, "comparator"))),
                    "kind": self._concept(self.one(t, _p(DG, "targetKind"))),
                    "counted": self.text(t, _p(DG, "counted")),
                    "phrase": self.text(t, _p(DG, "phrase")),
                }
            )
        targets.sort(key=lambda t: (t["index"] is None, t["index"] or 0, t["iri"]))
        plan = self.one(node, _p(DG, "plan"))
        structure = []
        for name in ("part", "section", "theme"):
            term = self.one(node, _p(DG, name))
            if isinstance(term, ox.NamedNode):
                structure.append(
                    {"level": name, "notation": self.text(term, NOTATION), **self.link(term.value)}
                )
        line = self.text(node, _p(DG, "sourceLine"))
        return {
            "type": "item",
            **self.link(iri),
            "ref": self.text(node, _p(DG, "ref")),
            "text": self.text(node, _p(DG, "text")),
            "plan": self.link(plan.value) if isinstance(plan, ox.NamedNode) else None,
            "structure": structure,
            "source_line": int(line) if line and line.isdigit() else None,
            "source_text": self.text(node, _p(DG, "sourceText")),
            "unit_clause": self.text(node, _p(DG, "unitClause")),
            "lead_by_rule": self.text(node, _p(DG, "leadByRule")) == "true",
            "written": [x for x in assignments if x["derivation"] == "written"],
            "by_rule": [x for x in assignments if x["derivation"] == "no_lead_rule"],
            "through_groups": [x for x in assignments if x["derivation"] == "group"],
            "targets": targets,
            "facts": self._facts(node, _ITEM_SHOWN),
        }

    def _facts(self, node: ox.NamedNode, shown: set[str]) -> list[dict[str, Any]]:
        """The subject's other properties, labelled by the ontology."""
        out = []
        for quad in self.store.quads_for_pattern(node, None, None):
            if quad.predicate.value in shown:
                continue
            out.append(self._fact(quad.predicate.value, quad.object))
        unique = {(f["predicate"]["iri"], f["value"], f.get("path")): f for f in out}
        return sorted(unique.values(), key=lambda f: (f["predicate"]["label"], f["value"]))

    def _fact(self, predicate: str, term: Any) -> dict[str, Any]:
        fact: dict[str, Any] = {
            "predicate": {
                "iri": predicate,
                "label": self.english(predicate) or self.label(predicate),
            }
        }
        if isinstance(term, ox.NamedNode):
            fact.update(value=self.label(term.value), iri=term.value, path=self.path(term.value))
        elif isinstance(term, ox.Literal):
            fact.update(value=term.value, language=term.language or None)
        else:
            fact.update(value=str(term))
        return fact

    # -- units and groups -------------------------------------------------------------

    def unit(self, iri: str) -> dict[str, Any]:
        return self._keep(("unit", iri), lambda: self._unit(iri))

    def _unit(self, iri: str) -> dict[str, Any]:
        from graph.analytics.load import unit_load
        from graph.analytics.networks import coassignment_graph

        node = ox.NamedNode(iri)
        name = self.text(node, PREF) or self.label(iri)
        tables = self.tables
        a = tables.assignments
        mine = a[a["unit"] == name]
        texts = self.item_texts()

        def entry(item: str, **extra: Any) -> dict[str, Any]:
            known = texts.get(item, {})
            return {
                "iri": item,
                "path": self.path(item),
                "ref": known.get("ref"),
                "text": known.get("text"),
                "plan": known.get("plan"),
                **extra,
            }

        by_item: dict[str, list[tuple[str, str, Any]]] = {}
        for item, role, derivation, via in zip(
            mine["item"], mine["role"], mine["derivation"], mine["via_group"], strict=True
        ):
            by_item.setdefault(str(item), []).append((str(role), str(derivation), via))
        roles: dict[str, list[dict[str, Any]]] = {"lead": [], "responsible": [], "cooperating": []}
        through: list[dict[str, Any]] = []
        for item, entries in by_item.items():
            own = [(r, d) for r, d, _ in entries if d != "group"]
            if own:
                role = min((r for r, _ in own), key=lambda r: ROLE_ORDER.get(r, 9))
                how = sorted({d for r, d in own if r == role})
                roles.setdefault(role, []).append(entry(item, how=how))
            else:
                role = min((r for r, _, _ in entries), key=lambda r: ROLE_ORDER.get(r, 9))
                groups = sorted({str(v) for _, _, v in entries if _present(v)})
                through.append(entry(item, role=role, via=[self.unit_link(g) for g in groups]))

        def load_row(expand: bool, scoped: Tables = tables) -> dict[str, Any] | None:
            frame = unit_load(scoped, expand=expand)
            rows = _load_rows(self, frame[frame["unit"] == name])
            return rows[0] if rows else None

        partners = []
        graph = coassignment_graph(tables, expand=False)
        if name in graph:
            ranked = sorted(
                ((other, int(d["weight"])) for other, d in graph[name].items()),
                key=lambda kv: (-kv[1], kv[0]),
            )[:10]
            partners = [{"unit": self.unit_link(u), "shared": w} for u, w in ranked]
        across = []
        for plan in self.plans():
            scoped = _scoped(tables, plan["iri"])
            if not (scoped.assignments["unit"] == name).any():
                continue
            across.append(
                {
                    "plan": {k: plan[k] for k in ("iri", "label", "path", "title")},
                    "written": load_row(False, scoped),
                    "with_groups": load_row(True, scoped),
                }
            )
        kind = self._concept(self.one(node, _p(ORG, "classification")))
        return {
            "type": "unit",
            **self.link(iri),
            "name": name,
            "name_en": self.english(iri),
            "official_name": self.text(node, _p(DG, "officialName")),
            "kind": kind,
            "zone": self._concept(self.one(node, _p(DG, "zone"))),
            "flags": sorted(t.value for t in self.objects(node, _p(DG, "flag"))),
            "is_group": bool(self.objects(node, MEMBER)),
            "group_note": self.text(node, _p(DG, "groupNote")),
            "members": sorted(
                (self.link(m.value) for m in self.objects(node, MEMBER) if m != node),
                key=lambda x: (x["label"], x["iri"]),
            ),
            "member_of": sorted(
                (
                    self.link(q.subject.value)
                    for q in self.store.quads_for_pattern(None, MEMBER, node)
                    if isinstance(q.subject, ox.NamedNode) and q.subject != node
                ),
                key=lambda x: (x["label"], x["iri"]),
            ),
            "items": roles,
            "through_groups": through,
            "load": {"written": load_row(False), "with_groups": load_row(True)},
            "partners": partners,
            "targets": self._unit_targets(name, by_item),
            "plans": across,
        }

    def _unit_targets(self, name: str, by_item: dict) -> list[dict[str, Any]]:
        """The unit's targets by the ``unit-targets`` named query (items it leads or
        is responsible for, as written)."""
        from graph.store.library import library
        from graph.store.sparql import select

        named = library().get("unit-targets")
        if named is None or not named.param("unit"):
            return []
        given = {"unit": name}
        result = select(named, given, store=self.store)
        refs: dict[str, list[str]] = {}
        texts = self.item_texts()
        for item in by_item:
            ref = texts.get(item, {}).get("ref")
            if ref:
                refs.setdefault(ref, []).append(item)
        out = []
        for row in result.records():
            record = {
                k: (str(v) if v is not None and not isinstance(v, int | str) else v)
                for k, v in row.items()
            }
            items = refs.get(str(row.get("ref")), [])
            record["path"] = self.path(items[0]) if len(items) == 1 else None
            out.append(record)
        return out

    # -- anything else ----------------------------------------------------------------

    def resource(self, iri: str) -> dict[str, Any]:
        node = ox.NamedNode(iri)
        incoming: dict[str, None] = {}
        for quad in self.store.quads_for_pattern(None, None, node):
            if isinstance(quad.subject, ox.NamedNode):
                incoming.setdefault(quad.subject.value, None)
            if len(incoming) >= 50:
                break
        types = sorted(t.value for t in self.objects(node, TYPE) if isinstance(t, ox.NamedNode))
        return {
            "type": "resource",
            **self.link(iri),
            "label_en": self.english(iri),
            "types": [self.link(t) for t in types],
            "facts": self._facts(node, {RDF + "type"}),
            "linked_from": [self.link(s) for s in sorted(incoming)],
        }


def _scoped(tables: Tables, plan: str) -> Tables:
    """The tables of one plan (assignments and items of that plan only)."""
    a = tables.assignments
    items = tables.items
    return Tables(
        a[a["plan"] == plan].reset_index(drop=True),
        items[items["plan"] == plan].reset_index(drop=True),
        tables.targets,
        tables.store,
    )


def _load_rows(subjects: Subjects, frame) -> list[dict[str, Any]]:
    rows = []
    for record in frame.to_dict("records"):
        row = {k: _plain(v) for k, v in record.items()}
        row["unit_link"] = subjects.unit_link(row.get("unit"))
        rows.append(row)
    return rows
