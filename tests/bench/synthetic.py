"""The synthetic corpus generator (``bench/synth.py``, a script, not a package),
loaded as a module for the tests that need synthetic plans."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]


@cache
def synth() -> ModuleType:
    """``bench/synth.py`` as the module ``synth`` (imported once per process)."""
    if "synth" in sys.modules:
        return sys.modules["synth"]
    spec = importlib.util.spec_from_file_location("synth", REPO / "bench" / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth"] = module  # dataclasses look their module up while defined
    spec.loader.exec_module(module)
    return module


@cache
def corpus(n: int, seed: int):
    """``synth.generate_corpus(n, seed)``, made once per process."""
    return synth().generate_corpus(n, seed=seed)


@cache
def parsed(n: int, seed: int) -> dict:
    """Every plan of that corpus, written to a temporary file and parsed, by slug."""
    import tempfile

    from graph.parse.plan import parse_plan

    folder = Path(tempfile.mkdtemp(prefix="dutygraph-synth-"))
    plans = {}
    for plan in corpus(n, seed).plans:
        path = folder / plan.file
        path.write_text(plan.text, encoding="utf-8")
        plans[plan.slug] = parse_plan(path)
    return plans
