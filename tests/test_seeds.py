"""The bundled example documents against a human's list of their boilerplate lines
(tests/fixtures/seed_boilerplate.toml): every listed line goes, every other non-blank
line survives unchanged apart from whitespace."""

from __future__ import annotations

from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from newsclean import Cleaner, Document, replay

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"
TRUTH = tomllib.loads((Path(__file__).resolve().parent / "fixtures" / "seed_boilerplate.toml").read_text(encoding="utf-8"))[
    "files"
]
SEED_FILES = sorted(SEEDS.glob("*.txt"))
CLEANER = Cleaner()


def boilerplate_of(seed: Path) -> list[str]:
    return TRUTH[seed.name[:3]]["boilerplate"]


def non_blank(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_the_fixture_covers_every_seed_and_only_the_seeds():
    assert len(SEED_FILES) == 4
    assert sorted(TRUTH) == sorted(seed.name[:3] for seed in SEED_FILES)


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_every_listed_boilerplate_line_is_in_the_seed(seed):
    lines = non_blank(seed.read_text(encoding="utf-8"))
    for line in boilerplate_of(seed):
        assert lines.count(line) == 1, line


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_every_boilerplate_line_is_removed(seed):
    output = set(non_blank(CLEANER.clean(seed.read_text(encoding="utf-8")).text))
    assert not output & set(boilerplate_of(seed))


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_every_content_line_survives_unchanged_and_in_order(seed):
    """Unchanged, that is, but for the translation step's fixes (misplaced quotes), which
    are tested in test_translation.py; here the step is off."""
    text = seed.read_text(encoding="utf-8")
    content = [line for line in non_blank(text) if line not in boilerplate_of(seed)]
    assert non_blank(Cleaner(disable=["translation"]).clean(text).text) == content


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_with_the_translation_step_content_lines_change_only_where_it_says(seed):
    text = seed.read_text(encoding="utf-8")
    result = CLEANER.clean(text)
    content = [line for line in non_blank(text) if line not in boilerplate_of(seed)]
    output = non_blank(result.text)
    assert len(output) == len(content)
    fixed = [c for c in result.changes if c.rule.startswith("mt.")]
    for before, after in zip(content, output):
        if before != after:  # a line that changed holds a translation change
            assert any(c.before.strip() and c.before in before for c in fixed), before


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_seed_changes_replay_and_a_second_run_changes_nothing(seed):
    text = seed.read_text(encoding="utf-8")
    result = CLEANER.clean(Document(seed.name, text))
    assert result.id == seed.name
    assert replay(text, result.changes) == result.text
    again = CLEANER.clean(result.text)
    assert again.text == result.text and again.changes == ()


def test_the_seed_without_boilerplate_has_no_removals():
    [seed] = [s for s in SEED_FILES if s.name.startswith("001")]
    text = seed.read_text(encoding="utf-8")
    result = CLEANER.clean(text)
    assert all(not c.before.strip() or c.after.strip() for c in result.changes)
