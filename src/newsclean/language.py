"""Language identification: langdetect, seeded, on a bounded sample of the text.

>>> from newsclean import detect_language
>>> detect_language("The committee approved the budget after a long debate on Tuesday.").code
'en'
>>> detect_language("12 345") is None   # too few letters to judge
True

langdetect guesses by random walks over a text's character n-grams; here its random
generator is seeded afresh on every call (:data:`SEED`), so an answer never depends on
the run, the process or what was judged before. It is slow on whole articles, so only
a sample is judged (:data:`STAGES`), and the sample grows only while the answer is not
clear. See docs/language.md.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, cast

import regex

MIN_LETTERS = 20
"""Text with fewer letters than this is not judged (:func:`detect_language` returns None)."""

SEED = 0
"""The seed of langdetect's random sampling, set afresh for every call."""

STAGES = (400, 1500, 4000)
"""Letters judged at each stage: the first 400, then the first 1,500, then 4,000 taken
in four windows spread across the text. A stage whose sample holds the whole text is
the last one."""

CONFIDENT = 0.95
"""Stop widening the sample once the top language has at least this probability (the
runner-up then has at most 0.05)."""

AGREEING_TRIALS = 3
"""Of langdetect's seven trials (random walks over the sample's n-grams), stop after
the first three when all three converged on the same language."""

_WINDOWS = 4  # the last stage's sample: this many windows spread across the text


@dataclass(frozen=True)
class Language:
    """A language code (ISO 639-1 as langdetect names it: ``en``, ``de``, ``zh-cn``)
    and langdetect's probability for it.

    >>> Language("en", 0.99).to_dict()
    {'code': 'en', 'probability': 0.99}
    """

    code: str
    probability: float

    def to_dict(self) -> dict[str, Any]:
        """For JSON: the probability rounded to four places."""
        return {"code": self.code, "probability": round(self.probability, 4)}


_lock = threading.Lock()
_factory: Any = None


def _get_factory() -> Any:
    """langdetect's profiles, loaded once, in sorted file order (``os.listdir`` order
    differs between machines, and the language order decides ties)."""
    global _factory
    if _factory is None:
        with _lock:
            if _factory is None:
                from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
                from langdetect.utils.lang_profile import LangProfile

                factory = DetectorFactory()
                files = sorted(p for p in Path(PROFILES_DIRECTORY).iterdir() if p.is_file() and not p.name.startswith("."))
                for index, path in enumerate(files):
                    data = json.loads(path.read_text(encoding="utf-8"))
                    factory.add_profile(LangProfile(**data), index, len(files))
                factory.set_seed(SEED)
                _factory = factory
    return _factory


def known_languages() -> frozenset[str]:
    """The language codes langdetect has profiles for (55: ``af`` … ``zh-tw``).

    >>> {"en", "de", "ru", "lt"} <= known_languages()
    True
    """
    from langdetect.detector_factory import PROFILES_DIRECTORY

    return frozenset(p.name for p in Path(PROFILES_DIRECTORY).iterdir() if p.is_file() and not p.name.startswith("."))


def _normalize_char(ch: str) -> str:
    from langdetect.utils.ngram import NGram

    return cast(str, NGram.normalize(ch))  # langdetect is untyped


class _NormalizeTable(dict):  # type: ignore[type-arg]
    """``str.translate`` table for langdetect's per-character normalisation, filled on demand."""

    def __missing__(self, code: int) -> str:
        out = self[code] = _normalize_char(chr(code))
        return out


_NORMALIZE = _NormalizeTable()
_LATIN = "[A-z]"  # langdetect's test for Latin: 'A' <= ch <= 'z'
# >= U+0300. langdetect means to leave out Latin Extended Additional, but compares the
# block's number with its name, so it never does; the same answer needs the same count
_NON_LATIN = "[\u0300-\U0010ffff]"
_WORD_CACHE_SIZE = 50_000  # words whose n-grams are kept; the cache is emptied when full


def _make_detector_class() -> type:
    """A langdetect ``Detector`` that gives exactly langdetect's answer, faster.

    Same features, same random draws, same arithmetic in the same order: the character
    loops of ``append``, ``cleaning_text`` and ``_extract_ngrams`` become regular
    expressions, ``str.translate`` and a cache of each word's n-grams, and the update
    and normalisation loops become list comprehensions. The tests check the equality
    against langdetect's own ``Detector`` on real and random text.
    """
    import re

    from langdetect.detector import Detector
    from langdetect.utils.ngram import NGram

    spaces = re.compile(" {2,}")
    latin = re.compile(_LATIN)
    non_latin = re.compile(_NON_LATIN)
    n_gram = NGram.N_GRAM

    class FastDetector(Detector):  # type: ignore[misc]
        _word_grams: ClassVar[dict[str, tuple[str, ...]]] = {}  # shared by every detector: one cache
        agreeing_trials = 0  # stop after this many trials if all converged on one language; 0: never
        text: str  # set by Detector.__init__ (langdetect is untyped): the text appended so far

        def append(self, text: str) -> None:
            text = self.URL_RE.sub(" ", text)
            text = self.MAIL_RE.sub(" ", text)
            text = NGram.normalize_vi(text)
            self.text += spaces.sub(" ", text[: self.max_text_length])

        def cleaning_text(self) -> None:
            if len(latin.findall(self.text)) * 2 < len(non_latin.findall(self.text)):
                self.text = latin.sub("", self.text)

        def _extract_ngrams(self) -> list[str]:
            table = self.word_lang_prob_map
            cache = self._word_grams
            if len(cache) > _WORD_CACHE_SIZE:
                cache.clear()
            words = self.text.translate(_NORMALIZE).split(" ")
            result: list[str] = []
            last = len(words) - 1
            for i, word in enumerate(words):
                if not word:
                    continue
                if i < last:
                    word += " "
                grams = cache.get(word)
                if grams is None:
                    grams = cache[word] = _grams_of_word(word, table, n_gram)
                result.extend(grams)
            return result

        def _detect_block(self) -> None:
            from langdetect.lang_detect_exception import ErrorCode, LangDetectException

            self.cleaning_text()
            ngrams = self._extract_ngrams()
            if not ngrams:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            table = self.word_lang_prob_map
            langprob = [0.0] * len(self.langlist)
            n_trial = self.n_trial
            conv, limit = self.CONV_THRESHOLD, self.ITERATION_LIMIT
            rand = self.random
            rand.seed(self.seed)
            # random.choice(ngrams), inlined: the draws of Random._randbelow_with_getrandbits
            getrandbits = rand.getrandbits
            n = len(ngrams)
            k = n.bit_length()
            agreed = -1  # the language every trial so far converged on; -2: they did not all
            for trial in range(1, n_trial + 1):
                prob = self._init_probability()
                alpha = self.alpha + rand.gauss(0.0, 1.0) * self.ALPHA_WIDTH
                weight = alpha / self.BASE_FREQ
                # langdetect updates once, then checks convergence after every fifth
                # update; here five updates are one pass, multiplying in the same order,
                # and the normalisation is folded into the next pass (max(p) / total is
                # max(p / total): division by a positive number keeps the order)
                r = getrandbits(k)
                while r >= n:
                    r = getrandbits(k)
                prob = [p * (weight + q) for p, q in zip(prob, table[ngrams[r]])]
                i = 0
                while True:
                    total = sum(prob)
                    top = max(prob)
                    if top / total > conv:
                        winner = prob.index(top)
                        agreed = winner if agreed in (-1, winner) else -2
                        break
                    if i >= limit:
                        agreed = -2
                        break
                    rows = []
                    for _ in range(5):
                        r = getrandbits(k)
                        while r >= n:
                            r = getrandbits(k)
                        rows.append(table[ngrams[r]])
                    prob = [
                        p / total * (weight + a) * (weight + b) * (weight + c) * (weight + d) * (weight + e)
                        for p, a, b, c, d, e in zip(prob, *rows)
                    ]
                    i += 5
                langprob = [acc + p / total / n_trial for acc, p in zip(langprob, prob)]
                if self.agreeing_trials and trial >= self.agreeing_trials and agreed >= 0 and trial < n_trial:
                    # the first trials all converged on one language: the answer is clear
                    langprob = [acc * n_trial / trial for acc in langprob]
                    break
            self.langprob = langprob

    return FastDetector


def _grams_of_word(chars: str, table: dict[str, Any], n_gram: int) -> tuple[str, ...]:
    """The n-grams langdetect's ``NGram`` yields for one word of normalised text (``chars``
    ends with the space that follows the word, if one does), in its order, kept only
    when the profiles know them."""
    out = []
    grams = " "
    capital = False
    for ch in chars:
        prev = grams[-1]
        if prev != " " and len(grams) >= n_gram:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            if prev.isupper():
                capital = True
        else:
            capital = False
        if capital:
            continue
        for n in range(1, n_gram + 1):
            if len(grams) < n:
                break
            w = grams[-n:]
            if w != " " and w in table:
                out.append(w)
    return tuple(out)


_detector_class: Any = None


def _langdetect(text: str, agreeing_trials: int = 0) -> list[Language]:
    """langdetect's languages for ``text`` (at most its first 10,000 characters, as
    langdetect reads), most probable first, with a fixed seed; [] if it finds nothing.

    With ``agreeing_trials=0`` this is exactly ``langdetect.detect_langs`` with
    ``DetectorFactory.seed = 0``; with ``agreeing_trials=N`` it stops after N of
    langdetect's seven trials when they all converged on the same language."""
    global _detector_class
    from langdetect.lang_detect_exception import LangDetectException

    if _detector_class is None:
        _detector_class = _make_detector_class()
    detector = _detector_class(_get_factory())
    detector.seed = SEED  # per call: no randomness carries over from call to call
    detector.agreeing_trials = agreeing_trials
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return []
    return [Language(lang.lang, min(1.0, lang.prob)) for lang in found]


_LETTERS_RE: dict[int, Any] = {}
_WORD_REST = regex.compile(r"\S*")
_NOT_SPACE = regex.compile(r"\S")


def _letters(count: int) -> Any:
    """A pattern matching the shortest stretch that holds ``count`` letters (``\\p{L}``)."""
    pattern = _LETTERS_RE.get(count)
    if pattern is None:
        pattern = _LETTERS_RE[count] = regex.compile(r"(?:\P{L}*\p{L}){%d}" % count)  # noqa: UP031 - braces stay unescaped
    return pattern


def _letters_end(text: str, start: int, letters: int) -> int:
    """Where the stretch of ``text`` from ``start`` that holds ``letters`` letters ends,
    moved on to the end of its last word; ``len(text)`` if the text runs out first."""
    m = _letters(letters).match(text, start)
    if m is None:
        return len(text)
    rest = _WORD_REST.match(text, m.end())
    assert rest is not None  # \S* matches anywhere
    return rest.end()


def _sample(text: str, letters: int, spread: bool) -> tuple[str, bool]:
    """About ``letters`` letters of ``text``: its start, or (``spread``) windows spread
    evenly across it; and whether that is the whole text (but for whitespace)."""
    end = _letters_end(text, 0, letters)
    if _NOT_SPACE.search(text, end) is None:
        return text, True
    if not spread:
        return text[:end], False
    n = len(text)
    parts = []
    end = 0
    for w in range(_WINDOWS):
        start = max(end, n * w // _WINDOWS)
        if start > end:  # start a window at the start of a word
            rest = _WORD_REST.match(text, start)
            assert rest is not None  # \S* matches anywhere
            start = rest.end()
        end = _letters_end(text, start, letters // _WINDOWS)
        parts.append(text[start:end])
    return "\n".join(parts), False


def detect_language(text: str) -> Language | None:
    """The language of ``text`` and its probability, or None when the text is too short
    to judge (fewer than :data:`MIN_LETTERS` letters) or langdetect finds nothing in it.

    Deterministic: the same text gives the same answer in every run and process, and
    whatever was judged before does not matter. Only a bounded sample is judged
    (see :data:`STAGES`): the first 400 letters, widened only when the answer is not
    clear.

    >>> lang = detect_language("Der Ausschuss hat den Haushalt nach langer Debatte am Dienstag gebilligt.")
    >>> lang.code, lang.probability > 0.9
    ('de', True)
    >>> print(detect_language("Hi! 2024-05-01"))
    None
    """
    return _detect(text)[0]


def _detect(text: str) -> tuple[Language | None, int]:
    """:func:`detect_language`, and how many stages it took (0: none, too few letters)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if _letters(MIN_LETTERS).match(text) is None:
        return None, 0
    found: list[Language] = []
    stage = 0
    for stage, letters in enumerate(STAGES, 1):
        sample, whole = _sample(text, letters, spread=stage == len(STAGES))
        found = _langdetect(sample, AGREEING_TRIALS)
        if whole or (found and found[0].probability >= CONFIDENT):
            break
    return (found[0] if found else None), stage


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the paragraphs of ``text``: runs of lines that are not blank (a blank
    line holds nothing or only whitespace). ``text[start:end]`` is the paragraph without
    the line break that ends its last line.

    >>> paragraph_spans("One.\\nStill one.\\n\\n\\nTwo.\\n")
    [(0, 15), (18, 22)]
    """
    out = []
    start = last_end = -1
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            if start < 0:
                start = pos
            last_end = end
        elif start >= 0:
            out.append((start, last_end))
            start = -1
        pos = end + 1
    if start >= 0:
        out.append((start, last_end))
    return out


def detect_paragraphs(text: str) -> list[tuple[int, int, Language | None]]:
    """The language of every paragraph of ``text`` (paragraphs are separated by blank
    lines): ``(start, end, language)`` with ``text[start:end]`` the paragraph, and
    None for a paragraph too short to judge.

    >>> text = ("The minister spoke to reporters on Tuesday morning.\\n\\n"
    ...         "Der Minister sprach am Dienstag mit Journalisten.\\n\\nOK.\\n")
    >>> [(text[s:e][:12], lang and lang.code) for s, e, lang in detect_paragraphs(text)]
    [('The minister', 'en'), ('Der Minister', 'de'), ('OK.', None)]
    """
    return [(start, end, detect_language(text[start:end])) for start, end in paragraph_spans(text)]
