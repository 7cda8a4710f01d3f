"""Shared fixtures: the bundled plan is parsed once per test session."""

from __future__ import annotations

import pytest

from graph.parse.plan import parse_plan


@pytest.fixture(scope="session")
def plan():
    return parse_plan()
