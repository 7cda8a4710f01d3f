"""How hard the hardening suites push: a bounded run for CI, a long one for local use.

``DUTYGRAPH_HARDENING=long python -m pytest -n 2 tests/hardening`` runs the long
profile: 2,000 mutated plans through the parser, 300 through the build, 10 pairs of
processes with different hash seeds, 40 random kills of a real ``dutygraph build``
(see tests/hardening/README.md). Without it, CI runs a few of each, derandomised so
that a run is repeatable.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

LONG = os.environ.get("DUTYGRAPH_HARDENING", "") == "long"

_COMMON = dict(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dutygraph-parse-ci", max_examples=40, derandomize=True, **_COMMON)
settings.register_profile("dutygraph-parse-long", max_examples=2000, **_COMMON)
settings.register_profile("dutygraph-build-ci", max_examples=8, derandomize=True, **_COMMON)
settings.register_profile("dutygraph-build-long", max_examples=300, **_COMMON)

PARSE = settings.get_profile("dutygraph-parse-long" if LONG else "dutygraph-parse-ci")
BUILD = settings.get_profile("dutygraph-build-long" if LONG else "dutygraph-build-ci")
SEED_PAIRS = 10 if LONG else 1
KILL_TRIALS = 40 if LONG else 3
