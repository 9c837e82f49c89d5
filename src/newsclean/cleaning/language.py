"""The language step: flag (or drop) paragraphs that are not in the wanted languages."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import StepError
from ..language import Language, detect_language, known_languages, paragraph_spans
from .edits import Edit
from .lines import fenced_spans
from .pipeline import StepContext

RULE = "language.other"


class LanguageStep:
    """Judge every paragraph (lines separated by blank lines) with
    :func:`~newsclean.language.detect_language`; a paragraph judged to be in a language
    outside ``languages`` gets a flag named ``language.other`` whose message names the
    language and its probability, or, with ``drop=True``, is removed together with the
    blank lines after it (a change named ``language.other``). Paragraphs too short to
    judge, and lines inside code fences, are left alone.

    >>> from newsclean import Cleaner
    >>> text = ("The minister spoke to reporters on Tuesday about the new budget.\\n\\n"
    ...         "Der Minister sprach am Dienstag mit Journalisten über den neuen Haushalt.\\n")
    >>> result = Cleaner(steps=[LanguageStep({"en"})]).clean(text)
    >>> [(f.rule, text[f.start:f.end][:12]) for f in result.flags]
    [('language.other', 'Der Minister')]
    >>> Cleaner(steps=[LanguageStep({"en"}, drop=True)]).clean(text).text
    'The minister spoke to reporters on Tuesday about the new budget.\\n'
    """

    name = "language"

    def __init__(self, languages: Iterable[str] | str, *, drop: bool = False) -> None:
        self.languages = parse_languages(languages)
        self.drop = drop

    def edits(self, text: str, ctx: StepContext) -> list[Edit]:
        spans = paragraph_spans(text)
        fenced = fenced_spans(text)
        other: list[tuple[int, Language]] = []  # (paragraph index, its language)
        for i, (start, end) in enumerate(spans):
            if any(s < end and start < e for s, e in fenced):
                continue
            lang = detect_language(text[start:end])
            if lang is not None and lang.code not in self.languages:
                other.append((i, lang))
        if not self.drop:
            for i, lang in other:
                start, end = spans[i]
                ctx.flag(RULE, start, end, self._message(lang))
            return []
        dropped = {i for i, _ in other}
        last_kept = max((i for i in range(len(spans)) if i not in dropped), default=-1)
        edits = []
        for i, _ in other:
            start, end = spans[i]
            if i < last_kept:  # the paragraph and the blank lines after it
                edits.append(Edit(start, spans[i + 1][0], "", RULE))
            elif last_kept >= 0:  # after the last kept paragraph: the blank lines before it
                edits.append(Edit(spans[i - 1][1], end, "", RULE))
            else:  # nothing is kept
                edits.append(Edit(start, spans[i + 1][0] if i + 1 < len(spans) else len(text), "", RULE))
        return edits

    def _message(self, lang: Language) -> str:
        wanted = ", ".join(sorted(self.languages))
        return f"paragraph in {lang.code} (probability {lang.probability:.2f}), not in {wanted}"


def parse_languages(languages: Iterable[str] | str) -> frozenset[str]:
    """Language codes from an iterable or a comma-separated string, checked against
    the languages langdetect knows.

    >>> sorted(parse_languages("en, de"))
    ['de', 'en']
    """
    if isinstance(languages, str):
        languages = languages.split(",")
    codes = frozenset(code.strip().lower() for code in languages if code.strip())
    if not codes:
        raise StepError("no language given: name at least one (e.g. 'en')")
    known = known_languages()
    unknown = sorted(codes - known)
    if unknown:
        raise StepError(f"unknown language code(s) {', '.join(unknown)}; langdetect knows: {', '.join(sorted(known))}")
    return codes
