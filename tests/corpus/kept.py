"""The check every test of a changed store makes of its kept answers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from graph.analytics.frames import load_tables
from graph.store.local import disk_store, kept_answers, store_data


def assert_kept_answers_agree(folder: Path) -> None:
    """The store in ``folder`` keeps answers for every plan it holds, and the tables
    put together from them are the tables its SPARQL answers give."""
    data = store_data(folder)
    store = disk_store(folder)
    kept = kept_answers(folder, store, data)
    assert kept is not None, "the store keeps no answers for some plan"
    asked, read = load_tables(store), load_tables(store, kept)
    for name in ("assignments", "items", "targets"):
        pd.testing.assert_frame_equal(getattr(read, name), getattr(asked, name))
