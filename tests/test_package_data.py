"""Every data file the reader needs ships in a non-editable install.

setuptools copies only what ``[options.package_data]`` names, by glob, and a glob
without ``**`` does not reach into sub-folders: the errata under ``graph/data/errata``
once stayed behind, so a ``pip install .`` parsed the bundled plan unrepaired.
"""

from __future__ import annotations

import configparser
from pathlib import Path

from graph.data import DATA_DIR

SETUP_CFG = Path(__file__).resolve().parents[1] / "setup.cfg"


def _patterns() -> list[str]:
    config = configparser.ConfigParser()
    config.read(SETUP_CFG, encoding="utf-8")
    value = config["options.package_data"]["graph.data"]
    return [p.strip() for p in value.replace("\n", ",").split(",") if p.strip()]


def test_every_data_file_is_package_data():
    covered = {path for pattern in _patterns() for path in DATA_DIR.glob(pattern)}
    needed = {
        path
        for path in DATA_DIR.rglob("*")
        if path.is_file() and path.suffix != ".py" and "__pycache__" not in path.parts
    }
    assert needed - covered == set()


def test_errata_and_bundled_plan_are_among_them():
    covered = {path for pattern in _patterns() for path in DATA_DIR.glob(pattern)}
    assert DATA_DIR / "errata" / "wuhan-2023.toml" in covered
    assert DATA_DIR / "wuhan-2023.txt" in covered
