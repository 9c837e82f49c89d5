"""Machine-translation artefacts: fix what is certain, flag what is not.

- **Bracketed untranslated words** (``[Vladimiru Putinu]``, ``[abi]``): a translator left
  source-language words in brackets. A bracket is judged *foreign* when none of its words
  is English and at least one is common in another language and rare in English (word
  frequencies from ``wordfreq``); editorial brackets (``[sic]``, ``[Putin]``,
  ``[the militants]``, ``[3rd photo left]``) have English words or names and are left
  alone. A foreign bracket is resolved when the alias table turns all of it into names, or
  the user's glossary knows every foreign word; the brackets go with it. Otherwise the text
  stays and a flag names the likely language.
- **Known mistranslations** from a phrase table ("Radio Freedom" -> "Radio Liberty"): whole
  words, any case, each a recorded change.
- **Broken sentences**: a full stop followed by a lower-case word, where the word before is
  no English abbreviation (". and more people."): a source-language abbreviation was cut
  in two. Flagged.
- **Misplaced closing quotes** around attributions (``threats, ”Lukashenko said``,
  ``Organization,”Lukashenko``): moved or spaced when an opening quote earlier in the
  paragraph shows it closes a quotation, flagged when nothing does.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from ..aliases import AliasEntry, AliasTable
from ..errors import AliasTableError
from .edits import Edit
from .lines import fenced_spans
from .pipeline import StepContext

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


@functools.cache
def settings() -> dict[str, Any]:
    """The step's word lists and thresholds (``newsclean/rules/translation.toml``)."""
    text = (resources.files("newsclean") / "rules" / "translation.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


# -- bracketed words ---------------------------------------------------------------------

_BRACKET = regex.compile(r"(?<![\]\w])\[([^\[\]\n]{1,80})\](?![\[(\w])")  # not [text](link) or [a][b]
_WORD = regex.compile(r"\p{L}+(?:['’]\p{L}+)*")


@dataclass(frozen=True)
class Verdict:
    """What the words of one bracket are: ``foreign`` with its likely ``language``, or not."""

    foreign: bool
    language: str = ""
    english: tuple[str, ...] = ()  # the words judged English
    source: tuple[str, ...] = ()  # the words judged foreign


class WordJudge:
    """Tell English words from words of another language by their frequencies.

    >>> judge = WordJudge()
    >>> judge.verdict("abi").foreign, judge.verdict("the militants").foreign, judge.verdict("sic").foreign
    (True, False, False)
    """

    def __init__(
        self, languages: Sequence[str] | None = None, cyrillic_languages: Sequence[str] | None = None, **thresholds: float
    ) -> None:
        conf = settings()["brackets"]
        self.languages = tuple(languages if languages is not None else conf["languages"])
        self.cyrillic_languages = tuple(cyrillic_languages if cyrillic_languages is not None else conf["cyrillic_languages"])
        self.english_zipf = float(thresholds.get("english_zipf", conf["english_zipf"]))
        self.foreign_zipf = float(thresholds.get("foreign_zipf", conf["foreign_zipf"]))
        self.foreign_margin = float(thresholds.get("foreign_margin", conf["foreign_margin"]))
        self.min_letters = int(thresholds.get("min_letters", conf["min_letters"]))
        self.acronym_letters = int(thresholds.get("acronym_letters", conf["acronym_letters"]))

    def word(self, word: str) -> tuple[str, str, float]:
        """("english" | "foreign" | "neutral", likely language, its Zipf frequency)."""
        if len(word) < self.min_letters or (word.isupper() and len(word) <= self.acronym_letters):
            return "neutral", "", 0.0
        w = word.lower().replace("’", "'")
        en = _zipf(w, "en")
        if en >= self.english_zipf:
            return "english", "en", en
        bar = max(self.foreign_zipf, en + self.foreign_margin)
        cyrillic = any("\u0400" <= c <= "\u052f" for c in w)
        for code in self.cyrillic_languages if cyrillic else self.languages:
            zipf = _zipf(w, code)  # loads the language's list on first use: stop early
            if zipf >= bar:
                return "foreign", code, zipf
        if en >= self.foreign_zipf:
            return "english", "en", en
        return "neutral", "", 0.0

    def verdict(self, text: str) -> Verdict:
        words = _WORD.findall(text)
        judged = [(w, *self.word(w)) for w in words]
        english = tuple(w for w, kind, _, _ in judged if kind == "english")
        source = tuple(w for w, kind, _, _ in judged if kind == "foreign")
        if english or not source:
            return Verdict(False, english=english, source=source)
        votes: dict[str, float] = {}
        for _, kind, lang, zipf in judged:
            if kind == "foreign":
                votes[lang] = votes.get(lang, 0.0) + zipf
        return Verdict(True, max(votes, key=votes.__getitem__), english, source)


@functools.lru_cache(maxsize=4096)
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency  # loaded on the first bracket that needs it

    return float(zipf_frequency(word, lang))


class Glossary:
    """Source-language words and their English, from a TOML file::

        [glossary]
        name = "lithuanian-news"
        language = "lt"            # what the words are (shown in messages)

        [words]
        abi = "both"
        "ir kt" = "and others"

    >>> g = Glossary({"abi": "both"})
    >>> g.translate("Abi")
    'Both'
    """

    def __init__(self, words: Mapping[str, str], language: str = "", path: str = "<dict>") -> None:
        self.words = {k.casefold(): v for k, v in words.items()}
        self.language = language
        self.path = path

    @classmethod
    def load(cls, path: str | Path) -> Glossary:
        p = Path(path)
        data = _read_toml(p)
        words = data.get("words", {})
        if not isinstance(words, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in words.items()):
            raise AliasTableError(str(p), None, "[words] must map source words to English strings")
        for k, v in words.items():
            if not k.strip() or not v.strip():
                raise AliasTableError(str(p), k or "(empty)", "an empty word or translation")
        meta = data.get("glossary", {})
        return cls(words, str(meta.get("language", "")), str(p))

    def translate(self, word: str) -> str | None:
        """The English for ``word`` (a leading capital kept), or None."""
        english = self.words.get(word.casefold())
        if english is None:
            return None
        return _match_case(word, english)


def _read_toml(path: Path) -> dict[str, Any]:
    """A glossary's or phrase table's TOML, or an error naming the file and the reason."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise AliasTableError(str(path), None, f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise AliasTableError(str(path), None, f"not valid TOML: {exc}") from None


# -- phrase tables ---------------------------------------------------------------------------


def phrase_table(path: str | Path | None = None, data: Mapping[str, Any] | None = None) -> AliasTable:
    """A table of known mistranslations, as an :class:`~newsclean.aliases.AliasTable` from
    wrong phrases to the right one (whole words, any case)::

        [[phrases]]
        wrong = ["Radio Freedom"]
        right = "Radio Liberty"
        note = "Radio Svoboda, Laisvės radijas: Radio Free Europe/Radio Liberty"

    >>> table = phrase_table(data={"phrases": [{"wrong": ["voice manipulation"], "right": "vote manipulation"}]})
    >>> table.apply("accused of Voice Manipulation")
    'accused of vote manipulation'
    """
    where = str(path) if path is not None else "<dict>"
    if data is None:
        if path is None:
            raise ValueError("give a path or data")
        data = _read_toml(Path(path))
    extra = set(data) - {"table", "phrases"}
    if extra:
        raise AliasTableError(where, None, f"unknown top-level keys {sorted(extra)}; phrases go in [[phrases]]")
    entries = []
    phrases = data.get("phrases", [])
    if not isinstance(phrases, list):
        raise AliasTableError(where, None, "phrases must be an array of tables: [[phrases]]")
    for item in phrases:
        if not isinstance(item, dict) or not isinstance(item.get("right"), str):
            raise AliasTableError(where, str(item), "each [[phrases]] needs right = \"...\" and wrong = [...]")
        wrong = item.get("wrong", [])
        if isinstance(wrong, str):
            wrong = [wrong]
        if not wrong or not all(isinstance(w, str) and w.strip() for w in wrong):
            raise AliasTableError(where, item["right"], "wrong must list at least one phrase")
        right = item["right"].strip()
        # surname = the whole phrase: a one-word wrong phrase becomes all of `right`
        entries.append(AliasEntry(right, tuple(wrong), surname=right, case="insensitive", source=str(item.get("note", "")),
                                  path=where))
    return AliasTable(entries)


# -- the step ------------------------------------------------------------------------------

# a full stop, spaces, a lower-case word (not a domain or an address: "house. pic.twitter.com")
_STOP_THEN_LOWER = regex.compile(r"\.[ \t]+\p{Ll}+(?![.\w/@-])")
# the word before that full stop: lower-case letters (with inner dots: "p.m"), nothing glued before
_WORD_BEFORE_STOP = regex.compile(r"(?<![.\w])(\p{Ll}[\p{Ll}.]*\p{Ll}|\p{Ll})\Z")
_CLOSING_MARKS = ",.!?…"  # what ends a quoted sentence, before its closing quote


class TranslationStep:
    """Fix or flag machine-translation artefacts (see the module docstring).

    >>> from newsclean import Cleaner
    >>> step = TranslationStep(glossary=Glossary({"abi": "both"}))
    >>> r = Cleaner(steps=[step]).clean("However [abi] countries are ready, ”Lukashenko said.")
    >>> r.text
    'However both countries are ready, ”Lukashenko said.'
    >>> [f.rule for f in r.flags]
    ['mt.stray_quote']
    """

    name = "translation"

    def __init__(
        self,
        *,
        aliases: AliasTable | None = None,
        glossary: Glossary | str | Path | None = None,
        phrases: AliasTable | str | Path | None = None,
        judge: WordJudge | None = None,
    ) -> None:
        self.aliases = aliases
        self.glossary = Glossary.load(glossary) if isinstance(glossary, (str, Path)) else glossary
        self.phrases = phrase_table(phrases) if isinstance(phrases, (str, Path)) else phrases
        self.judge = judge or WordJudge()
        self.abbreviations = frozenset(a.casefold() for a in settings()["sentences"]["abbreviations"])

    def edits(self, text: str, ctx: StepContext) -> list[Edit]:
        found: list[Edit] = []
        if "[" in text:
            found += self._brackets(text, ctx)
        if self.phrases is not None:
            found += [Edit(m.start, m.end, _match_case(m.before, m.after), f"mt.phrase:{m.canonical}")
                      for m in self.phrases.find(text)]
        if "”" in text:
            found += self._quotes(text, ctx)
        self._broken_sentences(text, ctx)
        if not found:
            return found
        fenced = fenced_spans(text)
        found = [e for e in found if not any(s < e.end and e.start < t for s, t in fenced)]
        found.sort(key=lambda e: (e.start, -e.end))
        kept: list[Edit] = []
        for e in found:  # the earliest (and longest) wins an overlap
            if not kept or e.start >= kept[-1].end:
                kept.append(e)
        return kept

    # brackets ------------------------------------------------------------------------

    def _brackets(self, text: str, ctx: StepContext) -> list[Edit]:
        out = []
        for m in _BRACKET.finditer(text):
            inner = m.group(1)
            resolved = self._by_aliases(inner)
            if resolved is not None:
                out.append(Edit(m.start(), m.end(), resolved, "mt.bracket_resolved"))
                continue
            verdict = self.judge.verdict(inner)
            if not verdict.foreign:
                continue
            resolved = self._by_glossary(inner, verdict)
            if resolved is not None:
                out.append(Edit(m.start(), m.end(), resolved, "mt.bracket_resolved"))
                continue
            ctx.flag(
                "mt.bracket_foreign", m.start(), m.end(),
                f"untranslated words in brackets, likely {_language_name(verdict.language)} ({verdict.language}): "
                f"{', '.join(verdict.source)}; add them to a glossary to translate them",
            )
        return out

    def _by_aliases(self, inner: str) -> str | None:
        """The bracket's words as names, when the alias table rewrites every one of them."""
        if self.aliases is None:
            return None
        matches = self.aliases.find(inner)
        covered = sum(len(_WORD.findall(m.before)) for m in matches)
        if not matches or covered != len(_WORD.findall(inner)):
            return None
        return self.aliases.apply(inner)

    def _by_glossary(self, inner: str, verdict: Verdict) -> str | None:
        if self.glossary is None:
            return None
        whole = self.glossary.translate(inner.strip())
        if whole is not None:
            return whole
        pieces, pos = [], 0
        for w in _WORD.finditer(inner):
            if w.group() in verdict.source:
                english = self.glossary.translate(w.group())
                if english is None:
                    return None
                pieces += [inner[pos : w.start()], english]
                pos = w.end()
        pieces.append(inner[pos:])
        return "".join(pieces)

    # sentences and quotes ---------------------------------------------------------------

    def _broken_sentences(self, text: str, ctx: StepContext) -> None:
        for m in _STOP_THEN_LOWER.finditer(text):  # few: then look at the word before
            before = _WORD_BEFORE_STOP.search(text, max(0, m.start() - 40), m.start())
            if before is None or before.group(1).casefold() in self.abbreviations or "." in before.group(1):
                continue  # "1. to", "U.S. senators", "etc. and", "p.m. local"
            ctx.flag(
                "mt.broken_sentence", before.start(), m.end(),
                "a full stop before a lower-case word: a sentence broken at a source-language abbreviation?",
            )

    def _quotes(self, text: str, ctx: StepContext) -> list[Edit]:
        """``, ”Name`` (the quote after the space) and ``,”Name`` (no space after it)."""
        out = []
        at = text.find("”")
        while at >= 0:
            nxt = text[at + 1 : at + 2]
            start = -1
            if nxt.isalpha() and at >= 2 and text[at - 1] == " " and text[at - 2] in _CLOSING_MARKS and nxt.isupper():
                start = at - 1  # threats, ”Lukashenko
            elif nxt.isalpha() and at >= 1 and text[at - 1] in _CLOSING_MARKS:
                start = at  # Organization,”Lukashenko
            if start >= 0:
                if _closes_a_quotation(text, start):
                    out.append(Edit(start, at + 1, "” ", "mt.quote"))
                else:
                    ctx.flag("mt.stray_quote", start, at + 1, "a closing quote with no quotation open before it in the paragraph")
            at = text.find("”", at + 1)
        return out


def _closes_a_quotation(text: str, at: int) -> bool:
    """Is a quotation opened (“ or „) and not yet closed before ``at`` in its paragraph?"""
    start = text.rfind("\n\n", 0, at) + 1
    before = text[start:at]
    return before.count("“") + before.count("„") > before.count("”")


def _match_case(written: str, replacement: str) -> str:
    """Keep a leading capital ("Abi" -> "Both") or all capitals."""
    if written.isupper() and len(written) > 1:
        return replacement.upper()
    if written[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


_LANGUAGE_NAMES = {
    "lt": "Lithuanian", "lv": "Latvian", "pl": "Polish", "cs": "Czech", "sk": "Slovak", "sl": "Slovenian",
    "hr": "Croatian", "sh": "Serbo-Croatian", "ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian",
    "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
    "ro": "Romanian", "hu": "Hungarian", "fi": "Finnish", "sv": "Swedish", "tr": "Turkish",
}


def _language_name(code: str) -> str:
    return _LANGUAGE_NAMES.get(code, code)
