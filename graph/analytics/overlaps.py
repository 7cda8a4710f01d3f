"""Where duties overlap: restated items, co-responsibility, several leads, and one
target figure owned by different leads.

Duplicates are found from two signals read from the graph: the items' texts
(character bigrams, so no word segmentation is needed) and the quantitative
targets they state (value and unit). A pair's score is

    score = containment × (0.6 + 0.4 × figure_overlap)   if either item states figures
    score = containment × 0.6                            otherwise

where ``containment`` is the share of the shorter text's bigrams (digits and
punctuation removed) found in the other text, and ``figure_overlap`` the share of
the smaller set of figures found in the other item. When both items promise the
same figure for the same thing (a shared value and unit whose counted phrases are
alike: 体育公园10个 in a long key-work item and in a short 民生实事 item), that
shared commitment alone makes the pair a restatement, so the score is at least
``0.6 + 0.4 × containment``. A short 民生实事 item that
repeats a clause of a long key-work item therefore scores high, and two items
that only share a template sentence (推动…做强主导产业) but no figure score low.

Not every pair is scored: candidate pairs are blocked out first, and exactly those
that can reach ``min_score`` are kept, so the answers are the ones comparing every
pair would give. A pair that shares a figure is a candidate (its figures alone can
make it a restatement); a pair that shares none scores at most ``0.6 ×
containment``, so it needs a containment of ``min_score / 0.6``, and prefix
filtering over an inverted index of bigrams finds every such pair by looking only
at the items that hold each item's rarest bigrams (see :func:`_text_candidates`).
This filter is exact where MinHash LSH (used by :mod:`graph.analytics.compare`,
whose alignment is fuzzy by design) is not: LSH estimates Jaccard similarity, and
a short 民生实事 item contained in a long key-work item has high containment but
low Jaccard (0.11 for 2.216/4.56), which no Jaccard threshold separates from noise.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from itertools import combinations
from typing import Any

from graph.analytics.frames import Tables

DUPLICATE_COLUMNS = (
    "item_a",
    "item_b",
    "score",
    "text_similarity",
    "shared_figures",
    "assignments_agree",
    "difference",
    "text_a",
    "text_b",
)
KINDS = ("duplicates", "co-assignment", "multi-lead", "shared-target")
_NOISE = re.compile(r"[\d.%,。、;:“”‘’()《》〈〉\s\-—]+")
COMMITMENT_SIMILARITY = 0.6  # counted phrases this alike count the same thing


def bigrams(text: str) -> frozenset[str]:
    """The character bigrams of a text, digits and punctuation removed: what item
    texts are compared by (no word segmentation needed)."""
    clean = _NOISE.sub("|", text)
    return frozenset(clean[i : i + 2] for i in range(len(clean) - 1) if "|" not in clean[i : i + 2])


def _figure(value: Any, unit: Any) -> str:
    number = float(value)
    shown = str(int(number)) if number.is_integer() else f"{number:g}"
    return f"{shown}{'' if unit is None or str(unit) == '<NA>' else unit}"


def _figures(tables: Tables) -> dict[str, frozenset[str]]:
    def make():
        out: dict[str, set[str]] = defaultdict(set)
        t = tables.targets
        for ref, value, unit in zip(t["item"], t["value"], t["unit"], strict=True):
            out[ref].add(_figure(value, unit))
        return {ref: frozenset(v) for ref, v in out.items()}

    return tables.cached(("figures",), make)


def _commitments(tables: Tables) -> dict[str, list[tuple[str, str]]]:
    """Per item ref: its targets as (figure, counted phrase)."""

    def make():
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        t = tables.targets
        for ref, value, unit, counted in zip(
            t["item"], t["value"], t["unit"], t["counted"], strict=True
        ):
            out[ref].append(
                (
                    _figure(value, unit),
                    "" if counted is None or str(counted) == "<NA>" else str(counted),
                )
            )
        return dict(out)

    return tables.cached(("commitments",), make)


def _same_commitment(a: list[tuple[str, str]], b: list[tuple[str, str]]) -> bool:
    """Both items promise the same figure for the same thing (counted phrases alike)."""
    return any(
        fa == fb and ca and cb and _similar(ca, cb) >= COMMITMENT_SIMILARITY
        for fa, ca in a
        for fb, cb in b
    )


def _written_units(tables: Tables) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Per item ref: (effective lead units, responsible-not-lead units), as written."""

    def make():
        view = tables.view(False)
        leads: dict[str, set[str]] = defaultdict(set)
        units: dict[str, set[str]] = defaultdict(set)
        for ref, unit, role in zip(view["ref"], view["unit"], view["role"], strict=True):
            units[ref].add(unit)
            if role == "lead":
                leads[ref].add(unit)
        return {
            ref: (tuple(sorted(leads[ref])), tuple(sorted(units[ref] - leads[ref])))
            for ref in units
        }

    return tables.cached(("written_units",), make)


def _difference(a: str, b: str, units: dict) -> tuple[bool, str]:
    lead_a, resp_a = units.get(a, ((), ()))
    lead_b, resp_b = units.get(b, ((), ()))
    parts = []
    if lead_a != lead_b:
        parts.append(
            f"lead changed: {'、'.join(lead_a) or '-'} ({a}) vs {'、'.join(lead_b) or '-'} ({b})"
        )
    all_a, all_b = set(lead_a) | set(resp_a), set(lead_b) | set(resp_b)
    only_a = sorted(all_a - all_b)
    only_b = sorted(all_b - all_a)
    if only_a:
        parts.append(f"only in {a}: {'、'.join(only_a)}")
    if only_b:
        parts.append(f"only in {b}: {'、'.join(only_b)}")
    moved = sorted((set(resp_a) & set(lead_b)) | (set(lead_a) & set(resp_b)))
    if moved and lead_a == lead_b:
        parts.append(f"role changed: {'、'.join(moved)}")
    return (not parts), "; ".join(parts)


def duplicates(tables: Tables, *, min_score: float = 0.55):
    """Pairs of items that restate the same commitment (columns: :data:`DUPLICATE_COLUMNS`).

    Computed once per ``min_score`` and cached on ``tables`` (``show`` of an item
    needs them too); each call returns its own copy.
    """
    frame = tables.cached(("duplicates", min_score), lambda: _duplicates(tables, min_score))
    return frame.copy()


def _duplicates(tables: Tables, min_score: float):
    import pandas as pd

    items = tables.items
    refs = list(items["ref"])
    texts = dict(zip(items["ref"], items["text"], strict=True))
    order = {ref: n for n, ref in enumerate(refs)}
    grams = {ref: bigrams(str(texts[ref])) for ref in refs}
    figures = _figures(tables)
    candidates = _text_candidates(refs, grams, min_score / TEXT_ONLY_WEIGHT)
    candidates |= _figure_candidates(figures, order)
    if any(":" in ref for ref in refs):  # several plans (PLAN:REF): restatements within
        candidates = {(a, b) for a, b in candidates if _plan_of(a) == _plan_of(b)}  # one
    units = _written_units(tables)
    commitments = _commitments(tables)
    rows = []
    for a, b in candidates:
        a, b = sorted((a, b), key=order.__getitem__)
        ga, gb = grams[a], grams[b]
        if not ga or not gb:
            continue
        containment = len(ga & gb) / min(len(ga), len(gb))
        fa, fb = figures.get(a, frozenset()), figures.get(b, frozenset())
        shared = sorted(fa & fb)
        if fa or fb:
            overlap = len(shared) / min(len(fa), len(fb)) if fa and fb else 0.0
            score = containment * (0.6 + 0.4 * overlap)
        else:
            score = containment * 0.6
        if shared and _same_commitment(commitments.get(a, []), commitments.get(b, [])):
            score = max(score, 0.6 + 0.4 * containment)
        if score < min_score:
            continue
        agree, difference = _difference(a, b, units)
        rows.append(
            {
                "item_a": a,
                "item_b": b,
                "score": round(score, 3),
                "text_similarity": round(containment, 3),
                "shared_figures": "、".join(shared),
                "assignments_agree": agree,
                "difference": difference,
                "text_a": texts[a],
                "text_b": texts[b],
            }
        )
    rows.sort(key=lambda r: (-r["score"], order[r["item_a"]], order[r["item_b"]]))
    return pd.DataFrame(rows, columns=list(DUPLICATE_COLUMNS))


def _plan_of(ref: str) -> str:
    return ref.rpartition(":")[0]


TEXT_ONLY_WEIGHT = 0.6  # the most a pair that shares no figure can score, per unit of containment


def _figure_candidates(
    figures: dict[str, frozenset[str]], order: dict[str, int]
) -> set[tuple[str, str]]:
    """Every pair of items that state a figure in common (value and unit): the
    formula can rate any of them a restatement, whatever their texts."""
    by_figure: dict[str, list[str]] = defaultdict(list)
    for ref, figs in figures.items():
        for fig in figs:
            by_figure[fig].append(ref)
    pairs: set[tuple[str, str]] = set()
    for holders in by_figure.values():
        pairs.update(combinations(sorted(holders, key=order.__getitem__), 2))
    return pairs


def _text_candidates(
    refs: list[str], grams: dict[str, frozenset[str]], least: float
) -> set[tuple[str, str]]:
    """Every pair whose containment can be at least ``least``, found by prefix
    filtering instead of comparing every pair.

    A pair that shares no figure scores ``0.6 × containment``, so it can reach
    ``min_score`` only if ``containment >= min_score / 0.6`` (``least``). If the
    smaller set Q (m bigrams) shares at least k = ⌈least·m⌉ bigrams with X, then X
    holds at least one of Q's m − k + 1 *rarest* bigrams (otherwise more than m − k
    of Q's bigrams would be missing from X). So each item looks up only the items
    holding its rarest bigrams (an inverted index, the shortest posting lists): every
    qualifying pair is a candidate (the answers are those of comparing every pair),
    and an item with a near-unique bigram meets almost nobody.
    """
    if least > 1.0:
        return set()
    if least <= 0.0:  # every pair qualifies, even two with no bigram in common
        return {(a, b) if a < b else (b, a) for a, b in combinations(refs, 2)}
    frequency: dict[str, int] = defaultdict(int)
    for ref in refs:
        for gram in grams[ref]:
            frequency[gram] += 1
    postings: dict[str, list[str]] = defaultdict(list)
    for ref in refs:
        for gram in grams[ref]:
            postings[gram].append(ref)
    pairs: set[tuple[str, str]] = set()
    for ref in refs:
        own = grams[ref]
        if not own:
            continue
        size = len(own)
        need = max(1, math.ceil(least * size - 1e-9))
        prefix = sorted(own, key=lambda g: (frequency[g], g))[: size - need + 1]
        for gram in prefix:
            for other in postings[gram]:
                if other != ref and len(grams[other]) >= size:
                    pairs.add((ref, other) if ref < other else (other, ref))
    return pairs


def co_assignment(tables: Tables, *, expand: bool = False, min_shared: int = 5):
    """Unit pairs that share many items: shared count and Jaccard of their item sets."""
    import pandas as pd

    view = tables.view(expand)
    items: dict[str, set[str]] = defaultdict(set)
    for unit, item in zip(view["unit"], view["item"], strict=True):
        items[unit].add(item)
    from graph.analytics.networks import coassignment_graph

    graph = coassignment_graph(tables, expand=expand)
    rows = []
    for a, b, data in graph.edges(data=True):
        if data["weight"] < min_shared:
            continue
        a, b = sorted((a, b))
        union = len(items[a] | items[b])
        rows.append(
            {
                "unit_a": a,
                "unit_b": b,
                "shared": data["weight"],
                "jaccard": round(data["weight"] / union, 3),
                "items_a": len(items[a]),
                "items_b": len(items[b]),
            }
        )
    rows.sort(key=lambda r: (-r["shared"], -r["jaccard"], r["unit_a"], r["unit_b"]))
    return pd.DataFrame(
        rows, columns=["unit_a", "unit_b", "shared", "jaccard", "items_a", "items_b"]
    )


def multi_lead(tables: Tables):
    """Items with several lead units, and units named both lead and responsible on one item."""
    import pandas as pd

    written = tables.assignments[tables.assignments["derivation"] == "written"]
    texts = dict(zip(tables.items["ref"], tables.items["text"], strict=True))
    order = {ref: n for n, ref in enumerate(tables.items["ref"])}
    leads: dict[str, list[str]] = defaultdict(list)
    responsible: dict[str, list[str]] = defaultdict(list)
    for ref, unit, role in zip(written["ref"], written["unit"], written["role"], strict=True):
        (leads if role == "lead" else responsible)[ref].append(unit)
    rows = []
    for ref in sorted(set(leads) | set(responsible), key=order.__getitem__):
        if len(set(leads[ref])) > 1:
            rows.append(
                {
                    "item": ref,
                    "finding": "several-leads",
                    "units": "、".join(sorted(set(leads[ref]))),
                    "text": texts[ref],
                }
            )
        both = sorted(set(leads[ref]) & set(responsible[ref]))
        if both:
            rows.append(
                {
                    "item": ref,
                    "finding": "lead-and-responsible",
                    "units": "、".join(both),
                    "text": texts[ref],
                }
            )
    return pd.DataFrame(rows, columns=["item", "finding", "units", "text"])


def _similar(a: str, b: str) -> float:
    ga, gb = bigrams(a), bigrams(b)
    if not ga or not gb:
        return 1.0 if a == b else 0.0
    return len(ga & gb) / min(len(ga), len(gb))


def shared_targets(tables: Tables, *, min_similarity: float = 0.5):
    """One target figure owned by different leads: the same value and unit, counting
    the same thing (counted phrases at least ``min_similarity`` alike), stated in
    items whose effective lead units differ. One row per figure and pair of items:
    where either item states the figure more than once, the most alike counted
    phrases (the first such pair in text order on a tie)."""
    import pandas as pd

    t = tables.targets
    units = _written_units(tables)
    order = {ref: n for n, ref in enumerate(tables.items["ref"])}
    holders: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for ref, value, unit, counted in zip(
        t["item"], t["value"], t["unit"], t["counted"], strict=True
    ):
        holders[_figure(value, unit)].append((ref, "" if counted is None else str(counted)))
    best: dict[tuple[str, str, str], tuple[float, dict[str, str]]] = {}
    for figure, entries in holders.items():
        for (a, ca), (b, cb) in combinations(
            sorted(set(entries), key=lambda e: (order[e[0]], e[1])), 2
        ):
            similarity = _similar(ca, cb)
            if a == b or similarity < min_similarity:
                continue
            lead_a, lead_b = units.get(a, ((), ()))[0], units.get(b, ((), ()))[0]
            if lead_a == lead_b:
                continue
            key = (figure, a, b)
            if key in best and best[key][0] >= similarity:
                continue
            best[key] = (
                similarity,
                {
                    "figure": figure,
                    "item_a": a,
                    "item_b": b,
                    "counted_a": ca,
                    "counted_b": cb,
                    "lead_a": "、".join(lead_a),
                    "lead_b": "、".join(lead_b),
                },
            )
    rows = [row for _, row in best.values()]
    rows.sort(key=lambda r: (order[r["item_a"]], order[r["item_b"]], r["figure"]))
    return pd.DataFrame(
        rows, columns=["figure", "item_a", "item_b", "counted_a", "counted_b", "lead_a", "lead_b"]
    )
