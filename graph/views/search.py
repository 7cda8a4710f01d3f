"""What a page's search box finds, and how it reads Traditional input.

Each node a page can show gets one entry: its names (for a unit: the short name,
its aliases, official and English names, the same the command-line resolver
accepts; for an item: its key and ref) and other texts (an item's text), all
matched by substring after the same folding on both sides (NFKC, lower case,
Traditional characters to Simplified). The page has no OpenCC, so it gets the
part of OpenCC's character table it can need: every Traditional character whose
Simplified form occurs in the page's entries, as a string of (Traditional,
Simplified) pairs. A query typed in Traditional characters, or mixed, then finds
what the Simplified name holds.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from graph.analytics.frames import Tables
from graph.views.scope import unit_resolver

CJK_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@functools.cache
def _traditional() -> dict[str, str]:
    """Every CJK character (basic plane) OpenCC's t2s changes, to what it becomes:
    one conversion of the whole table, some 15 ms, once per process."""
    import opencc

    chars = [chr(c) for low, high in CJK_BLOCKS for c in range(low, high + 1)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # a phrase rule joined lines: per character then
        converter = opencc.OpenCC("t2s")
        converted = [converter.convert(ch) for ch in chars]
    return {t: s for t, s in zip(chars, converted, strict=True) if t != s and len(s) == 1}


def t2s_pairs(texts: list[str]) -> str:
    """(Traditional, Simplified) character pairs, concatenated, for the Simplified
    characters that occur in ``texts``."""
    wanted = {ch for text in texts for ch in unicodedata.normalize("NFKC", text)}
    return "".join(t + s for t, s in sorted(_traditional().items()) if s in wanted)


def unit_entry(tables: Tables, node_id: str, unit: str) -> list[Any]:
    names = unit_resolver(tables).units.get(unit)
    others = [] if names is None else [*names.aliases, names.full_name, names.name_en]
    return [node_id, unit, "unit", [unit, *(n for n in others if n and n != unit)], []]


def item_entry(node_id: str, key: str, ref: str, text: str) -> list[Any]:
    return [node_id, key, "item", [key] if key == ref else [key, ref], [text]]


def index(tables: Tables, nodes: list[dict]) -> list[list[Any]]:
    """Search entries for ``nodes`` (vis-network node dicts with ``id``, ``label`` and,
    where the label is not the name, ``name``), in the order given."""
    from graph.views import facts

    known = facts.items(tables)
    out: list[list[Any]] = []
    seen: set[str] = set()
    for node in nodes:
        node_id = str(node["id"])
        if node_id in seen:
            continue
        seen.add(node_id)
        kind, _, rest = node_id.partition(":")
        if kind == "item" and rest in known:
            item = known[rest]
            out.append(item_entry(node_id, rest, item.ref, item.text))
        elif kind in ("unit", "group"):
            out.append(unit_entry(tables, node_id, str(node.get("name") or rest)))
    return out


def search_data(tables: Tables, nodes: list[dict]) -> dict[str, Any]:
    """The page data the search box needs: ``search`` entries and the ``t2s`` pairs."""
    entries = index(tables, nodes)
    texts = [t for e in entries for t in (*e[3], *e[4])]
    return {"search": entries, "t2s": t2s_pairs(texts)}
