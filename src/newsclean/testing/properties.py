"""Property checks for any cleaner: a ``str -> str`` function or a newsclean ``Cleaner``.

Each check runs a hypothesis test there and then (a ``@given`` function, called at once)
and returns ``None`` when the property holds. When it does not, it raises an
``AssertionError`` whose message names the property and shows the (shrunk) input and
what the cleaner made of it; hypothesis adds a note with the failing example (its
``Falsifying example`` / ``Failing test case`` report). Call the checks from a plain test
function, not from inside another ``@given`` test.

``settings=`` takes a :class:`hypothesis.settings`; by default the loaded profile's, with
no deadline. Either way only one failure is reported (``report_multiple_bugs=False``), so
that a check raises exactly one ``AssertionError``; hypothesis's ``explain`` phase is
skipped (it costs seconds per failure here and adds nothing to the message); the
``too_slow`` and ``data_too_large`` health checks are off (articles are slow to draw by
hypothesis's standards); and the cleaner is called on a few short samples first, so that
its lazy setup (loading word lists, compiling patterns) does not count against a deadline.
"""

from __future__ import annotations

import functools
import unicodedata
import unittest
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, Union

import ftfy
import regex
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as Settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from ..document import Cleaned, replay
from .strategies import LANGUAGES, ScrapedArticle, cleaner_inputs, scraped_articles

if TYPE_CHECKING:
    from ..cleaning.pipeline import Cleaner

__all__ = [
    "CleanerLike",
    "NotApplicable",
    "PropertyFailure",
    "check_all",
    "check_idempotent",
    "check_keeps_sentences",
    "check_never_raises",
    "check_no_new_words",
    "check_replays",
    "profile_settings",
]

CleanerLike = Union["Cleaner", Callable[[str], str], Callable[[str], Cleaned]]
"""What the checks accept: a ``Cleaner``, or a function from text to text (or to a
``Cleaned``)."""


class NotApplicable(unittest.SkipTest):
    """A check that does not apply to this cleaner (``check_replays`` on a plain function).

    A subclass of :class:`unittest.SkipTest`, so pytest and unittest report the test that
    raised it as skipped, with the reason.
    """


# -- helpers ------------------------------------------------------------------------------------


class PropertyFailure(AssertionError):
    """What a check raises when its property does not hold: an ``AssertionError`` whose
    message names the property and shows the input and the output. (An assertion that
    fails inside the cleaner itself is reported as the cleaner raising.)"""


def _is_cleaner(cleaner: Any) -> bool:
    from ..cleaning.pipeline import Cleaner

    return isinstance(cleaner, Cleaner)


def _describe(cleaner: Any) -> str:
    if _is_cleaner(cleaner):
        return f"Cleaner(steps={cleaner.step_names})"
    return str(getattr(cleaner, "__qualname__", None) or getattr(cleaner, "__name__", None) or repr(cleaner))


def _text_of(cleaner: Any, out: Any) -> str:
    if isinstance(out, Cleaned):
        return out.text
    if not isinstance(out, str):
        raise PropertyFailure(f"{_describe(cleaner)} returned {type(out).__name__}, not str: {out!r:.200}")
    return out


def _as_function(cleaner: Any) -> Callable[[str], str]:
    if _is_cleaner(cleaner):
        return lambda text: cleaner.clean(text).text
    if not callable(cleaner):
        raise TypeError(f"a cleaner must be a newsclean Cleaner or a str -> str function, got {cleaner!r}")
    return lambda text: _text_of(cleaner, cleaner(text))


def _show(text: str, limit: int = 3000) -> str:
    """``repr`` of a text, cut in the middle when it is long (hypothesis's own note shows
    it whole)."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[: limit // 2]!r} ... [{len(text) - limit} more characters; {len(text)} in all] ... {text[-limit // 2 :]!r}"


def _settings(user: Settings | None) -> Settings:
    if user is not None and not isinstance(user, Settings):
        raise TypeError(f"settings must be a hypothesis.settings, got {user!r}")
    if user is None:
        user = Settings(deadline=None)
    # one failure; no explain phase (on these inputs it costs seconds per failure and says
    # nothing the message does not); and articles take longer to draw than hypothesis likes
    return Settings(
        user,
        report_multiple_bugs=False,
        phases=[p for p in user.phases if p is not Phase.explain],
        suppress_health_check=[*user.suppress_health_check, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


_WARM_UP = (
    "Minister [Ragnarsson] said “yes” (Reuters).\n\nSource link\n",
    "«Да», — сказал [Иванов].\n",
    "Lukashenkoâ€™s &amp; café\r\n",
)


def _run(test: Callable[..., None], strategy: SearchStrategy[Any], settings: Settings | None, fn: Callable[[str], Any]) -> None:
    for text in _WARM_UP:  # a cleaner's lazy setup (word lists...) must not count against a deadline
        try:
            fn(text)
        except Exception:  # noqa: BLE001, S110 - the property run will find it
            pass
    _settings(settings)(given(strategy)(test))()


def _inputs(texts: SearchStrategy[str] | None) -> SearchStrategy[str]:
    if texts is None:
        return cleaner_inputs()
    if not isinstance(texts, SearchStrategy):
        raise TypeError(f"texts must be a hypothesis strategy of str, got {texts!r}")
    return texts


T = TypeVar("T")


def _call(fn: Callable[[str], T], name: str, prop: str, text: str) -> T:
    """Run the cleaner; an exception in it fails the property, naming it."""
    try:
        return fn(text)
    except PropertyFailure as failure:
        raise PropertyFailure(f"{prop}: {failure}\n  input:  {_show(text)}") from None
    except Exception as exc:  # an assert inside the cleaner too
        raise PropertyFailure(f"{prop}: {name} raised {type(exc).__name__}: {exc}\n  input:  {_show(text)}") from exc


# -- the checks --------------------------------------------------------------------------------


def check_never_raises(cleaner: CleanerLike, *, texts: SearchStrategy[str] | None = None,
                       settings: Settings | None = None) -> None:
    """The cleaner returns a ``str`` for every input and never raises.

    ``texts`` (default :func:`~newsclean.testing.cleaner_inputs`: scraped articles, soup
    of markup and control characters, arbitrary Unicode) are the inputs.

    >>> from hypothesis import settings
    >>> check_never_raises(str.strip, settings=settings(max_examples=20))
    """
    fn, name = _as_function(cleaner), _describe(cleaner)

    def never_raises(text: str) -> None:
        _call(fn, name, "check_never_raises", text)

    _run(never_raises, _inputs(texts), settings, fn)


def check_idempotent(cleaner: CleanerLike, *, texts: SearchStrategy[str] | None = None, settings: Settings | None = None) -> None:
    """Cleaning the output again changes nothing: ``f(f(x)) == f(x)``. For a
    ``Cleaner``, the second run also records no changes.

    >>> from hypothesis import settings
    >>> check_idempotent(str.lower, settings=settings(max_examples=20))
    """
    fn, name = _as_function(cleaner), _describe(cleaner)
    is_cleaner = _is_cleaner(cleaner)
    prop = "check_idempotent"

    def idempotent(text: str) -> None:
        once = _call(fn, name, prop, text)
        if is_cleaner:
            second = _call(lambda t: cleaner.clean(t), name, prop, once)  # type: ignore[union-attr]
            twice, changes = second.text, second.changes
        else:
            twice, changes = _call(fn, name, prop, once), ()
        if twice != once or changes:
            extra = f"\n  changes of the second run: {list(changes)!r:.2000}" if changes else ""
            raise PropertyFailure(
                f"{prop}: {name} is not idempotent: cleaning its output changed it again\n"
                f"  input:  {_show(text)}\n  once:   {_show(once)}\n  twice:  {_show(twice)}{extra}"
            )

    _run(idempotent, _inputs(texts), settings, fn)


_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")


def _words(text: str) -> set[str]:
    return {unicodedata.normalize("NFC", w).casefold() for w in _WORD.findall(text)}


def _declared_words(cleaner: Any) -> set[str]:
    """Words a ``Cleaner`` may write that are not in its input: the canonical names of
    its alias tables, its glossary's translations and its phrase tables' corrections
    (casefolded). Empty for a plain function."""
    if not _is_cleaner(cleaner):
        return set()
    out: set[str] = set()
    for step in cleaner.steps:
        for attr in ("table", "aliases", "phrases"):
            table = getattr(step, attr, None)
            if table is not None and hasattr(table, "entries"):
                for entry in table.entries:
                    out |= _words(entry.canonical) | _words(entry.canonical_surname)
        glossary = getattr(step, "glossary", None)
        if glossary is not None and hasattr(glossary, "words"):
            for english in glossary.words.values():
                out |= _words(english)
    return out


def check_no_new_words(
    cleaner: CleanerLike,
    *,
    allowed: Iterable[str] = (),
    texts: SearchStrategy[str] | None = None,
    settings: Settings | None = None,
) -> None:
    """The cleaner never writes a word that its input does not have.

    Words are runs of letters, marks and digits, compared casefolded (NFC). Allowed
    besides the input's words: the words of ``allowed`` (words or phrases), those of the
    input as ``ftfy.fix_text`` repairs it (a mojibake or an HTML entity fixed), and, for a
    ``Cleaner``, the words of its declared tables (alias tables' canonical names, glossary
    translations, phrase-table corrections). Two words glued together where an artefact
    between them was cut out count as a new word.

    >>> from hypothesis import settings
    >>> check_no_new_words(lambda t: t.replace("colour", "color"), allowed=["color"],
    ...                    settings=settings(max_examples=20))
    """
    if isinstance(allowed, str):
        allowed = [allowed]
    fn, name = _as_function(cleaner), _describe(cleaner)
    extra = set().union(*(_words(a) for a in allowed)) | _declared_words(cleaner)
    prop = "check_no_new_words"

    def no_new_words(text: str) -> None:
        out = _call(fn, name, prop, text)
        new = _words(out) - _words(text) - extra
        if new:
            new -= _words(ftfy.fix_text(text))
        if new:
            raise PropertyFailure(
                f"{prop}: {name} wrote words that are not in its input: {sorted(new)!r:.500}\n"
                f"  input:  {_show(text)}\n  output: {_show(out)}"
            )

    _run(no_new_words, _inputs(texts), settings, fn)


@functools.lru_cache(maxsize=1)
def _any_scraped() -> SearchStrategy[ScrapedArticle]:
    return st.one_of([scraped_articles(language=lang, title=title) for title in (False, True) for lang in LANGUAGES])


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def check_keeps_sentences(
    cleaner: CleanerLike,
    *,
    articles: SearchStrategy[ScrapedArticle] | None = None,
    settings: Settings | None = None,
) -> None:
    """Cleaning a scraped article keeps every sentence of the article.

    ``articles`` is a strategy of :class:`~newsclean.testing.ScrapedArticle` (default:
    ``scraped_articles()`` in every language, titled or not); each of their ``sentences`` must appear in the cleaned
    ``text``, whitespace runs counted as one space.

    >>> from hypothesis import settings
    >>> check_keeps_sentences(lambda t: t, settings=settings(max_examples=10))
    """
    fn, name = _as_function(cleaner), _describe(cleaner)
    strategy = _any_scraped() if articles is None else articles
    if not isinstance(strategy, SearchStrategy):
        raise TypeError(f"articles must be a hypothesis strategy of ScrapedArticle, got {articles!r}")
    prop = "check_keeps_sentences"

    def keeps_sentences(article: ScrapedArticle) -> None:
        if not isinstance(article, ScrapedArticle):
            raise TypeError(f"{prop}: articles must give ScrapedArticle, got {type(article).__name__}")
        out = _call(fn, name, prop, article.text)
        flat = _normalise(out)
        lost = [s for s in article.sentences if _normalise(s) not in flat]
        if lost:
            raise PropertyFailure(
                f"{prop}: {name} lost {len(lost)} of the article's {len(article.sentences)} sentences: "
                f"{lost!r:.1500}\n  input:  {_show(article.text)}\n  output: {_show(out)}"
            )

    _run(keeps_sentences, strategy, settings, fn)


def check_replays(cleaner: CleanerLike, *, texts: SearchStrategy[str] | None = None, settings: Settings | None = None) -> None:
    """For a ``Cleaner``: its recorded changes rebuild the output from the input
    (``replay(text, result.changes) == result.text``), and every change is in order and
    names the input text it replaced.

    A plain function records no changes, so for one this raises :class:`NotApplicable`
    (a ``unittest.SkipTest``: the calling test is reported as skipped, with the reason).

    >>> from hypothesis import settings
    >>> from newsclean import Cleaner
    >>> check_replays(Cleaner(), settings=settings(max_examples=10))
    """
    if not _is_cleaner(cleaner):
        raise NotApplicable(
            f"check_replays applies to a newsclean Cleaner (it replays the recorded changes); "
            f"{_describe(cleaner)} is a plain function with no changes to replay"
        )
    name = _describe(cleaner)
    prop = "check_replays"

    def replays(text: str) -> None:
        result = _call(lambda t: cleaner.clean(t), name, prop, text)  # type: ignore[union-attr]
        problem = ""
        pos = 0
        for change in result.changes:
            if not (pos <= change.start <= change.end <= len(text)) or text[change.start : change.end] != change.before:
                problem = f"change out of order or not matching the input: {change!r:.500}"
                break
            pos = change.end
        if not problem:
            try:
                rebuilt = replay(text, result.changes)
            except ValueError as exc:
                problem = f"replay raised ValueError: {exc}"
            else:
                if rebuilt != result.text:
                    problem = f"replay gives {_show(rebuilt)}"
        if problem:
            raise PropertyFailure(
                f"{prop}: the changes {name} recorded do not rebuild its output: {problem}\n"
                f"  input:  {_show(text)}\n  output: {_show(result.text)}"
            )

    _run(replays, _inputs(texts), settings, cleaner.clean)  # type: ignore[union-attr]


_CHECKS = ("check_never_raises", "check_idempotent", "check_no_new_words", "check_keeps_sentences", "check_replays")


def check_all(
    cleaner: CleanerLike,
    *,
    allowed: Iterable[str] = (),
    settings: Settings | None = None,
) -> dict[str, str]:
    """Run every check on the cleaner, with the default inputs; return what each gave
    (``"passed"`` or ``"not applicable: ..."``), or raise one ``AssertionError`` that
    holds the message of every check that failed.

    >>> from hypothesis import settings
    >>> check_all(lambda t: t, settings=settings(max_examples=10))["check_replays"][:15]
    'not applicable:'
    """
    allowed = list(allowed)
    runs: dict[str, Callable[[], None]] = {
        "check_never_raises": lambda: check_never_raises(cleaner, settings=settings),
        "check_idempotent": lambda: check_idempotent(cleaner, settings=settings),
        "check_no_new_words": lambda: check_no_new_words(cleaner, allowed=allowed, settings=settings),
        "check_keeps_sentences": lambda: check_keeps_sentences(cleaner, settings=settings),
        "check_replays": lambda: check_replays(cleaner, settings=settings),
    }
    outcome: dict[str, str] = {}
    failures: list[str] = []
    for check in _CHECKS:
        try:
            runs[check]()
        except NotApplicable as exc:
            outcome[check] = f"not applicable: {exc}"
        except AssertionError as exc:
            notes = "\n".join(getattr(exc, "__notes__", ()))
            outcome[check] = "failed"
            failures.append(f"{exc}\n{notes}".rstrip())
        else:
            outcome[check] = "passed"
    if failures:
        raise AssertionError(
            f"check_all: {len(failures)} of {len(_CHECKS)} properties failed for {_describe(cleaner)}:\n\n"
            + "\n\n".join(failures)
        )
    return outcome


def profile_settings(quick_examples: int, *, quick_profile_examples: int = 200) -> Settings:
    """Settings for a costly property that keep a quick run quick and a long run long.

    While the loaded hypothesis profile asks for at most ``quick_profile_examples``
    examples (a quick run, such as newsclean's ``ci`` profile: 200), the property gets
    ``quick_examples`` (or the profile's count, if smaller); under a longer profile (such
    as ``nightly``: 10,000) it gets the profile's own count, never fewer. Every other
    setting is the profile's.

    >>> profile_settings(10, quick_profile_examples=10**9).max_examples  # a quick profile
    10
    >>> profile_settings(10, quick_profile_examples=1).max_examples >= 10  # a longer one
    True
    """
    if isinstance(quick_examples, bool) or not isinstance(quick_examples, int) or quick_examples < 1:
        raise ValueError(f"profile_settings: quick_examples must be a positive int, got {quick_examples!r}")
    loaded = Settings().max_examples  # settings() is the loaded profile
    if loaded <= quick_profile_examples:
        return Settings(max_examples=min(quick_examples, loaded))
    return Settings(max_examples=loaded)
