"""docs/ecosystem.md's recipes run (pandas, datasets, generators), and clean_columns keeps
its promises on the seeds: the same text and record as Cleaner.clean, bad rows kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsclean import Cleaner, RuleSet
from newsclean.columns import COLUMNS, clean_columns, record

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "examples" / "seeds").glob("*.txt"))


def code_blocks(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S)


def test_clean_columns_equals_clean_on_the_seeds():
    cleaner = Cleaner()
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    batch = clean_columns({"id": [p.name for p in SEEDS], "text": texts}, cleaner=cleaner, id_column="id")
    assert set(batch) == set(COLUMNS)
    for i, text in enumerate(texts):
        expected = cleaner.clean(text)
        assert batch["text"][i] == expected.text
        assert json.loads(batch["changes"][i]) == [c.to_dict() for c in expected.changes]
        assert json.loads(batch["meta"][i]) == [m.to_dict() for m in expected.meta]
        assert batch["language"][i] == "en" and batch["error"][i] is None
    assert any("Leave a Comment" in c for c in batch["changes"])  # the seeds' comment forms went


def test_a_bad_row_does_not_stop_the_batch(tmp_path):
    pack = tmp_path / "slow.toml"
    pack.write_text('[pack]\nname = "slow"\nstep = "artefacts"\n\n[[rules]]\nname = "slow.backtrack"\nscope = "span"\n'
                    'patterns = [\'(?:a|aa)+$\']\ntimeout = 0.01\n', encoding="utf-8")
    try:
        cleaner = Cleaner(rule_packs=[pack])
    except Exception as exc:  # noqa: BLE001 - the pack format is the library's; show why if it refuses
        pytest.fail(f"could not load the test pack: {exc}")
    batch = clean_columns({"text": ["Fine.\n", None, "a" * 5000 + "b"]}, cleaner=cleaner)
    assert batch["text"][0] == "Fine.\n" and batch["error"][0] is None
    assert batch["text"][1] is None and batch["error"][1].startswith("TypeError")
    assert batch["text"][2] is None and "RuleTimeoutError" in batch["error"][2]


def test_a_cleaner_is_a_string_function():
    cleaner = Cleaner()
    text = SEEDS[0].read_text(encoding="utf-8")
    assert cleaner(text) == cleaner.clean(text).text
    assert record(cleaner.clean(text))["text"] == cleaner(text)


def test_missing_column_is_named():
    with pytest.raises(KeyError, match="body"):
        clean_columns({"text": ["x"]}, text_column="body")
    assert RuleSet.load()  # the default rules load without the optional packages
