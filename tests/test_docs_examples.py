"""The code in docs/testing.md runs as written.

The python blocks run in order in one namespace, as a reader would run them; every
``test_*`` function they define is then called (a ``NotApplicable`` check counts as a
skip). A python block followed by a ``text`` block must print that text. Hypothesis runs
the examples under a profile derived from the loaded one, with ``profile_settings``'s
count: a few examples under ``ci``, all of them under ``nightly``.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import unittest
from pathlib import Path

import pytest
from hypothesis import settings

from newsclean.testing import profile_settings

DOC = Path(__file__).resolve().parent.parent / "docs" / "testing.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(DOC.read_text(encoding="utf-8"))]


@pytest.fixture
def docs_profile():
    """Load a profile for the examples (the loaded one's settings, fewer examples under ci)."""
    loaded = os.environ.get("HYPOTHESIS_PROFILE", "ci")
    settings.register_profile(
        "docs-examples", settings.get_profile(loaded), max_examples=profile_settings(20).max_examples, deadline=None
    )
    settings.load_profile("docs-examples")
    try:
        yield
    finally:
        settings.load_profile(loaded)


def test_the_page_has_python_examples():
    kinds = [kind for kind, _ in blocks()]
    assert kinds.count("python") >= 3 and "text" in kinds


def test_the_python_examples_run_and_print_what_the_page_says(docs_profile):
    namespace: dict[str, object] = {"__name__": "docs_testing_md"}
    found = blocks()
    for i, (kind, code) in enumerate(found):
        if kind != "python":
            continue
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"{DOC}:block{i}", "exec"), namespace)  # noqa: S102 - our own documentation
        if i + 1 < len(found) and found[i + 1][0] == "text":
            assert out.getvalue().strip() == found[i + 1][1].strip()
    tests = {name: f for name, f in namespace.items() if name.startswith("test_") and callable(f)}
    assert len(tests) >= 5
    skipped = []
    for name, test in tests.items():
        try:
            test()
        except unittest.SkipTest:
            skipped.append(name)
    assert skipped == ["test_tidy_news_replays"]
