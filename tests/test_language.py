"""Language identification: detect_language, detect_paragraphs, the language step and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import langdetect
import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st
from langdetect import DetectorFactory
from langdetect.detector import Detector
from langdetect.lang_detect_exception import LangDetectException

import newsclean
from newsclean import Cleaner, Language, LanguageStep, StepError, detect_language, detect_paragraphs, replay
from newsclean.cli import main
from newsclean.language import (
    MIN_LETTERS,
    STAGES,
    _get_factory,
    _langdetect,
    _sample,
    known_languages,
    paragraph_spans,
)

SEEDS = sorted((Path(__file__).resolve().parents[1] / "examples" / "seeds").glob("*.txt"))

# one short news paragraph in each language, written for these tests
PARAGRAPHS = {
    "en": "The city council voted on Tuesday to expand the bus network, adding three new routes that will "
          "connect the northern suburbs with the hospital and the university. Officials said the first buses "
          "would run in the spring.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, das Busnetz zu erweitern. Drei neue Linien sollen die "
          "nördlichen Vororte mit dem Krankenhaus und der Universität verbinden. Die ersten Busse sollen im "
          "Frühjahr fahren, teilte die Verwaltung mit.",
    "ru": "Городской совет во вторник проголосовал за расширение автобусной сети. Три новых маршрута соединят "
          "северные пригороды с больницей и университетом. По словам чиновников, первые автобусы выйдут на "
          "линию весной.",
    "lt": "Miesto taryba antradienį nubalsavo už autobusų tinklo plėtrą. Trys nauji maršrutai sujungs "
          "šiaurinius priemiesčius su ligonine ir universitetu. Pasak pareigūnų, pirmieji autobusai pradės "
          "važiuoti pavasarį.",
}
EN_2 = ("Residents had asked for better connections for years, and the council said the cost would be shared "
        "with the regional transport authority over the next five years.")
EN_3 = ("Bus drivers welcomed the plan but warned that the depot was already short of space, and asked the "
        "council to build a second one before the new routes open.")


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in SEEDS]


def stock_probabilities(text: str) -> list[tuple[str, float]]:
    """langdetect's own Detector, on the same profiles, seed 0."""
    detector = Detector(_get_factory())
    detector.seed = 0
    detector.append(text)
    try:
        return [(lang.lang, lang.prob) for lang in detector.get_probabilities()]
    except LangDetectException:
        return []


def letters(text: str) -> int:
    """Letters as detect_language counts them: Unicode letters, ``\\p{L}``."""
    return len(regex.findall(r"\p{L}", text))


@pytest.fixture
def seeded_langdetect(monkeypatch):
    monkeypatch.setattr(DetectorFactory, "seed", 0)


# --- detect_language -----------------------------------------------------------------


def test_the_seeds_are_there():
    assert len(SEEDS) >= 4


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_each_fixture_paragraph_is_recognised(code):
    lang = detect_language(PARAGRAPHS[code])
    assert isinstance(lang, Language)
    assert lang.code == code
    assert 0.95 <= lang.probability <= 1.0


@pytest.mark.parametrize("index", range(len(SEEDS)))
def test_sampled_answer_equals_whole_text_langdetect_on_the_seeds(index, seeded_langdetect):
    text = seed_texts()[index]
    assert len(text) > 2000  # long enough that only a sample is judged
    ours = detect_language(text)
    theirs = langdetect.detect_langs(text)
    assert ours is not None
    assert ours.code == theirs[0].lang == "en"
    assert 0 < ours.probability <= 1


@pytest.mark.parametrize("text", [*PARAGRAPHS.values(), *seed_texts()])
def test_the_fast_detector_is_langdetect_exactly(text):
    # all seven trials: the same languages and the very same probabilities as langdetect's Detector
    assert [(lang.code, lang.probability) for lang in _langdetect(text)] == stock_probabilities(text)


@pytest.mark.parametrize("text", [*PARAGRAPHS.values(), seed_texts()[0]])
def test_the_fast_detector_agrees_with_langdetect_detect_langs(text, seeded_langdetect):
    ours = _langdetect(text)
    theirs = langdetect.detect_langs(text)
    assert [lang.code for lang in ours] == [lang.lang for lang in theirs]
    for a, b in zip(ours, theirs):
        assert a.probability == pytest.approx(b.prob, abs=1e-9)


MIXED_SCRIPTS = st.text(
    alphabet=st.sampled_from(
        list("aeiou bcdfgkl mnrst ABC ÄÖÜß äöü ąčęėįšųūž привет мир 東京日本 ひらがな カタカナ 한국어 .,!?-'1\n")
    )
    | st.characters(),
    max_size=300,
)


@given(MIXED_SCRIPTS)
@example("AḀ̀̀")  # Latin Extended Additional counts as non-Latin in langdetect (found in CI)
@settings(max_examples=150)
def test_the_fast_detector_is_langdetect_exactly_on_any_text(text):
    assert [(lang.code, lang.probability) for lang in _langdetect(text)] == stock_probabilities(text)


@pytest.mark.parametrize("text", ["", " \n\t ", "12345 678 90", "Hi!", "---- 2024-05-01 ----", "a" * (MIN_LETTERS - 1)])
def test_too_short_or_letterless_text_is_not_judged(text):
    assert detect_language(text) is None


@given(st.text(max_size=400))
def test_fewer_letters_than_the_threshold_give_none(text):
    if letters(text) < MIN_LETTERS:
        assert detect_language(text) is None


@given(st.text(max_size=3000))
def test_detect_language_never_raises_and_probability_is_in_range(text):
    lang = detect_language(text)
    assert lang is None or (lang.code in known_languages() and 0 < lang.probability <= 1)


@given(st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyz  .\n")), min_size=0, max_size=9000))
@settings(max_examples=50)
def test_latin_text_of_any_length_never_raises(text):
    lang = detect_language(text)
    assert lang is None or 0 < lang.probability <= 1


def test_detect_language_rejects_bytes():
    with pytest.raises(TypeError):
        detect_language(b"The council met on Tuesday.")  # type: ignore[arg-type]


def test_language_is_a_frozen_value():
    lang = detect_language(PARAGRAPHS["en"])
    assert lang == Language(lang.code, lang.probability)
    with pytest.raises(AttributeError):
        lang.code = "de"  # type: ignore[misc]
    assert lang.to_dict()["code"] == "en" and 0 < lang.to_dict()["probability"] <= 1


# --- determinism -----------------------------------------------------------------------

PROBE = r"""
import json, sys
from newsclean import detect_language, detect_paragraphs
texts = json.loads(sys.stdin.read())
out = []
for t in texts:
    lang = detect_language(t)
    out.append([lang.code, lang.probability] if lang else None)
out.append([[s, e, l.code if l else None, l.probability if l else None] for s, e, l in detect_paragraphs(texts[-1])])
print(json.dumps(out))
"""


def _probe_texts() -> list[str]:
    mixed = "\n\n".join([PARAGRAPHS["en"], PARAGRAPHS["de"], "OK.", PARAGRAPHS["ru"], PARAGRAPHS["lt"]])
    return [*PARAGRAPHS.values(), *seed_texts(), mixed]


def _in_process(texts: list[str]) -> list:
    out: list = []
    for t in texts:
        lang = detect_language(t)
        out.append([lang.code, lang.probability] if lang else None)
    out.append([[s, e, g.code if g else None, g.probability if g else None] for s, e, g in detect_paragraphs(texts[-1])])
    return out


def test_same_answers_in_other_processes_with_other_hash_seeds():
    texts = _probe_texts()
    expected = _in_process(texts)
    for hash_seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        run = subprocess.run([sys.executable, "-c", PROBE], input=json.dumps(texts), capture_output=True,
                             text=True, env=env, timeout=60, check=True)
        assert json.loads(run.stdout) == expected


def test_order_of_calls_does_not_matter():
    texts = _probe_texts()
    alone = {i: detect_language(t) for i, t in enumerate(texts)}
    for i in reversed(range(len(texts))):
        detect_language(texts[(i + 1) % len(texts)])  # something else first
        assert detect_language(texts[i]) == alone[i]


def test_langdetects_global_seed_and_random_state_do_not_leak_in(monkeypatch):
    import random

    expected = [detect_language(t) for t in PARAGRAPHS.values()]
    monkeypatch.setattr(DetectorFactory, "seed", None)
    langdetect.detect_langs(PARAGRAPHS["de"])  # langdetect's own factory, unseeded
    random.seed(12345)
    assert [detect_language(t) for t in PARAGRAPHS.values()] == expected


# --- sampling --------------------------------------------------------------------------


def test_samples_are_bounded_on_a_huge_text():
    text = (PARAGRAPHS["en"] + "\n\n") * 5000  # about 1 MB
    for stage, count in enumerate(STAGES, 1):
        sample, whole = _sample(text, count, spread=stage == len(STAGES))
        assert not whole
        assert count <= letters(sample) < count + 100  # up to the end of the last word (or window)
        assert len(sample) < 2 * count
    assert detect_language(text).code == "en"


def test_the_last_stage_takes_windows_from_across_the_text():
    parts = [PARAGRAPHS[c] for c in ("en", "de", "ru", "lt")]
    text = "\n\n".join(p * 6 for p in parts)  # four long quarters, one per language
    sample, whole = _sample(text, STAGES[-1], spread=True)
    assert not whole
    # every quarter contributes: each language's words or letters are in the sample
    assert "council" in sample
    assert "Stadtrat" in sample or "Dienstag" in sample
    assert any("\u0400" <= ch <= "\u04ff" for ch in sample)
    assert "ą" in sample or "ų" in sample or "į" in sample


def test_a_short_text_is_judged_whole():
    text = PARAGRAPHS["de"] + "\n"
    sample, whole = _sample(text, STAGES[0], spread=False)
    assert whole and sample == text


# --- paragraphs ------------------------------------------------------------------------

LINES = st.lists(
    st.one_of(st.just(""), st.just("   "), st.just("\t"), st.text(alphabet="ab c.", min_size=1, max_size=12)),
    max_size=14,
)


@given(LINES)
def test_paragraph_spans_cover_the_paragraphs_exactly(lines):
    text = "\n".join(lines)
    spans = paragraph_spans(text)
    blank = [not line.strip() for line in lines]
    # expected: runs of non-blank lines, as (first line, last line)
    runs, start = [], None
    for i, is_blank in enumerate(blank + [True]):
        if not is_blank and start is None:
            start = i
        elif is_blank and start is not None:
            runs.append((start, i - 1))
            start = None
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    assert spans == [(offsets[a], offsets[b] + len(lines[b])) for a, b in runs]
    for s, e in spans:
        assert "\n\n" not in text[s:e] and all(line.strip() for line in text[s:e].split("\n"))


def test_detect_paragraphs_gives_each_paragraph_its_language():
    order = ["en", "de", None, "ru", "lt", "en"]
    chunks = [PARAGRAPHS[c] if c else "OK." for c in order[:-1]] + [EN_2]
    text = "\n\n\n".join(chunks) + "\n"
    found = detect_paragraphs(text)
    assert [text[s:e] for s, e, _ in found] == chunks
    assert [lang.code if lang else None for _, _, lang in found] == order
    assert all(lang == detect_language(text[s:e]) for s, e, lang in found)


def test_detect_paragraphs_of_empty_text():
    assert detect_paragraphs("") == [] and detect_paragraphs("\n \n") == []


# --- the language step -----------------------------------------------------------------

DOC = "\n\n".join([PARAGRAPHS["en"], PARAGRAPHS["de"], "Short one.", EN_2]) + "\n"


def test_no_language_step_by_default():
    assert "language" not in Cleaner().step_names


def test_the_step_goes_just_before_whitespace():
    names = Cleaner(languages=("en",)).step_names
    assert names[-2:] == ["language", "whitespace"]
    assert Cleaner().step_names == [n for n in names if n != "language"]
    with_aliases = Cleaner(languages="en",
                           aliases=Path(__file__).resolve().parents[1] / "examples" / "aliases" / "belarus-2020.toml")
    assert with_aliases.step_names[-3:] == ["names", "language", "whitespace"]


def test_the_step_flags_a_german_paragraph_and_leaves_english_alone():
    result = Cleaner(languages=("en",)).clean(DOC)
    assert result.text == DOC  # flags change nothing
    assert [(f.rule, f.text) for f in result.flags] == [("language.other", PARAGRAPHS["de"])]
    flag = result.flags[0]
    assert DOC[flag.start:flag.end] == PARAGRAPHS["de"]
    assert "de" in flag.message and "probability" in flag.message


def test_wanting_german_too_flags_nothing():
    assert Cleaner(languages="en, de").clean(DOC).flags == ()


def test_drop_mode_removes_the_paragraph_and_the_changes_replay():
    result = Cleaner(languages=["en"], drop_other_languages=True).clean(DOC)
    assert result.flags == ()
    assert result.text == "\n\n".join([PARAGRAPHS["en"], "Short one.", EN_2]) + "\n"
    dropped = [c for c in result.changes if c.rule == "language.other"]
    assert len(dropped) == 1 and dropped[0].before == PARAGRAPHS["de"] + "\n\n" and dropped[0].after == ""
    assert replay(DOC, result.changes) == result.text


@pytest.mark.parametrize(
    "order",
    [
        ["de", "en"],
        ["en", "de"],
        ["en", "de", "ru"],
        ["de", "ru", "en", "lt", "en"],
        ["de", "ru"],
        ["ru"],
    ],
)
def test_drop_mode_wherever_the_paragraphs_are(order):
    english = iter([PARAGRAPHS["en"], EN_2, EN_3])
    chunks = [next(english) if c == "en" else PARAGRAPHS[c] for c in order]
    text = "\n\n".join(chunks) + "\n"
    result = Cleaner(languages=["en"], drop_other_languages=True).clean(text)
    kept = [chunk for chunk, c in zip(chunks, order) if c == "en"]
    assert result.text == ("\n\n".join(kept) + "\n" if kept else "")
    assert replay(text, result.changes) == result.text
    removed = [c for c in result.changes if c.rule == "language.other"]
    assert len(removed) == sum(c != "en" for c in order)  # one change per paragraph
    for change, chunk in zip(removed, [ch for ch, c in zip(chunks, order) if c != "en"]):
        assert chunk in change.before and change.before.strip() == chunk


def test_drop_mode_without_the_whitespace_step():
    text = PARAGRAPHS["en"] + "\n\n" + PARAGRAPHS["de"] + "\n"
    result = Cleaner(steps=[LanguageStep({"en"}, drop=True)]).clean(text)
    assert result.text == PARAGRAPHS["en"] + "\n"
    assert replay(text, result.changes) == result.text


def test_paragraphs_too_short_to_judge_are_left_alone():
    text = PARAGRAPHS["en"] + "\n\nDanke schön!\n\nСпасибо\n"
    result = Cleaner(languages=["en"], drop_other_languages=True).clean(text)
    assert result.text == text


def test_code_fences_are_left_alone():
    text = PARAGRAPHS["en"] + "\n\n```\n" + PARAGRAPHS["de"] + "\n```\n"
    assert Cleaner(languages=["en"]).clean(text).flags == ()


def test_the_step_can_be_disabled_by_name():
    assert "language" not in Cleaner(languages="en", disable=["language"]).step_names


@pytest.mark.parametrize("bad", [[], "", "en,xx", ["eng"]])
def test_unknown_or_missing_language_codes_are_an_error(bad):
    with pytest.raises(StepError):
        Cleaner(languages=bad)


def test_language_step_is_exported():
    assert newsclean.LanguageStep is LanguageStep
    assert {"Language", "LanguageStep", "detect_language", "detect_paragraphs"} <= set(newsclean.__all__)


# --- the command -----------------------------------------------------------------------


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_report_has_each_documents_language(tmp_path, capsys):
    src = tmp_path / "in"
    _write(src, "en.txt", DOC)
    _write(src, "ru.txt", PARAGRAPHS["ru"] + "\n")
    _write(src, "tiny.txt", "OK\n")
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "--no-progress"]) == 0
    records = {r["id"]: r for r in map(json.loads, (tmp_path / "out" / "report.jsonl").read_text(encoding="utf-8").splitlines())}
    assert records["en.txt"]["language"]["code"] == "en"
    assert records["ru.txt"]["language"]["code"] == "ru"
    assert 0 < records["ru.txt"]["language"]["probability"] <= 1
    assert records["tiny.txt"]["language"] is None
    cleaned = (tmp_path / "out" / "en.txt").read_text(encoding="utf-8")
    assert records["en.txt"]["language"]["code"] == detect_language(cleaned).code
    assert records["en.txt"]["flags"] == []  # no --languages: nothing flagged


def test_cli_languages_flags_and_explains(tmp_path, capsys):
    src = tmp_path / "in"
    _write(src, "a.txt", DOC)
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "--languages", "en", "--explain", "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "flag  language.other" in err and "paragraph in de" in err
    record = json.loads((tmp_path / "out" / "report.jsonl").read_text(encoding="utf-8"))
    assert [f["rule"] for f in record["flags"]] == ["language.other"]
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == DOC


def test_cli_drop_other_languages(tmp_path, capsys):
    src = tmp_path / "in"
    _write(src, "a.txt", DOC)
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--languages", "en", "--drop-other-languages", "--explain",
                 "--no-progress"]) == 0
    assert "removed  language.other" in capsys.readouterr().err
    cleaned = (out / "a.txt").read_text(encoding="utf-8")
    assert PARAGRAPHS["de"] not in cleaned and PARAGRAPHS["en"] in cleaned
    record = json.loads((out / "report.jsonl").read_text(encoding="utf-8"))
    changes = [newsclean.Change(**{**c, "via": tuple(c.get("via", ()))}) for c in record["changes"]]
    assert replay(DOC, changes) == cleaned


@pytest.mark.parametrize("argv", [["--drop-other-languages"], ["--languages", "xx"], ["--languages", ","]])
def test_cli_bad_language_options_exit_2(tmp_path, capsys, argv):
    src = tmp_path / "in"
    _write(src, "a.txt", DOC)
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), *argv]) == 2
    assert not (tmp_path / "out").exists()
    assert "newsclean:" in capsys.readouterr().err
