"""Shared test configuration: hypothesis settings profiles.

Select one with the environment variable ``HYPOTHESIS_PROFILE``: ``ci`` (the default,
quick enough for every push) or ``nightly`` (fifty times the examples: at least 10,000
per property). Costly properties (tests/test_testing.py, tests/test_fuzz.py) take their
count from ``newsclean.testing.profile_settings(n)``: ``n`` under ``ci``, the profile's own
under ``nightly``, so a nightly run is never cut short; never hard-code a small
``max_examples``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "nightly",
    max_examples=10_000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
assert settings.get_profile("nightly").max_examples >= 10_000  # the nightly promise
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
