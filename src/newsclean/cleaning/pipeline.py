"""The cleaner: an ordered list of named steps, each returning edits, all recorded.

A step is anything with a ``name`` and an ``edits(text, ctx)`` method returning
:class:`~newsclean.cleaning.edits.Edit`\\ s over ``text``; a plain ``str -> str``
callable works too (its output is diffed against its input line by line).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..document import Cleaned, Document, Flag
from ..errors import StepError
from .edits import Edit, EditLog
from .rules import RuleSet

if TYPE_CHECKING:
    from ..aliases import AliasTable


@dataclass
class StepContext:
    """What a step may look at besides the text, and where it raises flags."""

    document: Document
    rules: RuleSet
    corpus: Any = None  # a RepeatedLines built over the batch, or None
    memo: dict[str, Any] = field(default_factory=dict)
    """Scratch space the steps of one document share (e.g. the lines' plain views)."""
    _flags: list[tuple[str, int, int, str]] = field(default_factory=list)

    def flag(self, rule: str, start: int, end: int, message: str) -> None:
        """Raise a warning over ``text[start:end]`` of the text the step was given."""
        self._flags.append((rule, start, end, message))


@runtime_checkable
class Step(Protocol):
    """A cleaning step: ``edits(text, ctx)`` returns sorted, non-overlapping edits."""

    name: str

    def edits(self, text: str, ctx: StepContext) -> Iterable[Edit]: ...


class FunctionStep:
    """Wrap a plain ``str -> str`` function as a step; its changes are found by diffing.

    >>> step = FunctionStep(str.upper, name="shout")
    >>> Cleaner(steps=[step]).clean("a\\nb\\n").text
    'A\\nB\\n'
    """

    def __init__(self, fn: Callable[[str], str], name: str | None = None) -> None:
        self.fn = fn
        self.name: str = name if name else getattr(fn, "__name__", "custom")

    def edits(self, text: str, ctx: StepContext) -> list[Edit]:
        out = self.fn(text)
        if not isinstance(out, str):
            raise StepError(f"step {self.name!r} returned {type(out).__name__}, not str")
        return diff_edits(text, out, self.name)


def diff_edits(before: str, after: str, rule: str) -> list[Edit]:
    """Edits that turn ``before`` into ``after``, one per changed run of lines."""
    if before == after:
        return []
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    a_off = [0]
    for line in a:
        a_off.append(a_off[-1] + len(line))
    b_off = [0]
    for line in b:
        b_off.append(b_off[-1] + len(line))
    edits = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append(Edit(a_off[i1], a_off[i2], after[b_off[j1] : b_off[j2]], rule))
    return edits


StepLike = Step | Callable[[str], str]


def as_step(step: StepLike) -> Step:
    """A step as it is, or a plain function wrapped in :class:`FunctionStep`."""
    if isinstance(step, Step):
        return step
    if callable(step):
        return FunctionStep(step)
    raise TypeError(f"a step must have .name and .edits(), or be a str -> str callable; got {step!r}")


def default_steps(rules: RuleSet) -> list[Step]:
    """The built-in pipeline: line endings, encoding, artefacts, meta, boilerplate,
    translation (machine-translation artefacts), whitespace."""
    from .boilerplate import BoilerplateStep
    from .encoding import EncodingStep
    from .rulestep import RuleStep
    from .translation import TranslationStep
    from .whitespace import LineEndingStep, WhitespaceStep

    return [
        LineEndingStep(),
        EncodingStep(),
        RuleStep("artefacts", rules),
        RuleStep("meta", rules),
        BoilerplateStep(rules),
        TranslationStep(),
        WhitespaceStep(),
    ]


class Cleaner:
    """Clean documents with an ordered pipeline of steps and record every change.

    >>> cleaner = Cleaner()
    >>> result = cleaner.clean("[ad_1]\\n\\nThe story.\\n\\nLeave a Comment\\n")
    >>> result.text
    'The story.\\n'
    >>> [c.rule for c in result.changes][:2]
    ['ad_placeholder.ad_n', 'whitespace.leading_blank_lines']

    ``steps`` replaces the pipeline (see :func:`default_steps`); ``rule_packs`` adds
    TOML packs; ``disable`` switches off steps, rules or whole kinds by name;
    ``aliases`` (an :class:`~newsclean.aliases.AliasTable` or a table file) adds the
    ``names`` step before the final whitespace step, and lets the translation step
    resolve bracketed names through it; ``glossary`` (source words -> English, a TOML
    file or :class:`~newsclean.cleaning.translation.Glossary`) and ``phrases`` (known
    mistranslations, a TOML file) configure the translation step.
    """

    def __init__(
        self,
        steps: Sequence[StepLike] | None = None,
        *,
        rule_packs: Iterable[str | Path] = (),
        disable: Iterable[str] = (),
        aliases: AliasTable | str | Path | None = None,
        languages: Iterable[str] | str | None = None,
        drop_other_languages: bool = False,
        glossary: Any = None,
        phrases: Any = None,
    ) -> None:
        disable = list(disable)
        chosen = [as_step(s) for s in steps] if steps is not None else None
        step_names = {s.name for s in (chosen or [])} | {
            "line_endings", "encoding", "artefacts", "meta", "boilerplate", "translation", "names", "language", "whitespace"
        }
        self.rules = RuleSet.load(rule_packs, [n for n in disable if n not in step_names])
        all_steps = chosen if chosen is not None else default_steps(self.rules)
        if aliases is not None:
            from ..aliases import AliasTable as _Table

            if not isinstance(aliases, _Table):
                aliases = _Table.load(aliases)
        if aliases is not None or glossary is not None or phrases is not None:
            from .translation import TranslationStep

            configured = TranslationStep(aliases=aliases, glossary=glossary, phrases=phrases)
            all_steps = [configured if isinstance(s, TranslationStep) else s for s in all_steps]
        if aliases is not None:  # the names step goes before the final whitespace step
            from .names import AliasStep

            at = len(all_steps) - 1 if all_steps and all_steps[-1].name == "whitespace" else len(all_steps)
            all_steps = [*all_steps[:at], AliasStep(aliases), *all_steps[at:]]
        if languages is not None:  # the language step goes before the final whitespace step
            from .language import LanguageStep

            at = len(all_steps) - 1 if all_steps and all_steps[-1].name == "whitespace" else len(all_steps)
            all_steps = [*all_steps[:at], LanguageStep(languages, drop=drop_other_languages), *all_steps[at:]]
        names = [s.name for s in all_steps]
        if len(set(names)) != len(names):
            raise StepError(f"step names must be unique: {names}")
        self.steps: tuple[Step, ...] = tuple(s for s in all_steps if s.name not in disable)

    @property
    def step_names(self) -> list[str]:
        return [s.name for s in self.steps]

    def __call__(self, text: str) -> str:
        """The cleaned text alone: a Cleaner is a ``str -> str`` function, for
        ``Series.map``, ``map()`` and anything else that takes one. The changes are
        dropped; call :meth:`clean` to keep them.

        >>> list(map(Cleaner(), ["The story.\\n\\nLeave a Comment\\n"]))
        ['The story.\\n']
        """
        return self.clean(text).text

    def clean(self, document: Document | str, *, corpus: Any = None) -> Cleaned:
        """Clean one document (or a bare string, whose id is ``""``)."""
        doc = document if isinstance(document, Document) else Document("", document)
        if not isinstance(doc.text, str):
            raise TypeError(f"document {doc.id!r}: text must be str, not {type(doc.text).__name__}")
        log = EditLog(doc.text)
        flags: list[Flag] = []
        memo: dict[str, Any] = {}
        for step in self.steps:
            ctx = StepContext(doc, self.rules, corpus, memo)
            try:
                edits = sorted(step.edits(log.text, ctx), key=lambda e: (e.start, e.end))
                flags.extend(log.flag(*f) for f in ctx._flags)
                log.apply(edits)
            except ValueError as exc:
                if isinstance(exc, StepError) or type(exc) is not ValueError:
                    raise
                raise StepError(f"document {doc.id!r}, step {step.name!r}: {exc}") from exc
        return Cleaned(doc.id, log.text, tuple(log.changes()), tuple(flags), tuple(log.meta))

    def clean_many(self, documents: Iterable[Document], *, corpus: Any = None) -> Iterator[Cleaned]:
        """Clean documents one by one (a generator, so a large batch streams)."""
        for doc in documents:
            yield self.clean(doc, corpus=corpus)

    def clean_batch(self, documents: Sequence[Document], *, repeated_lines: bool = True) -> list[Cleaned]:
        """Clean a batch, first learning which lines recur across its documents
        (site templates; see :class:`~newsclean.cleaning.boilerplate.RepeatedLines`).

        Batches of fewer than six documents give that signal nothing, so this is
        safe on tiny batches; ``repeated_lines=False`` switches it off.
        """
        from .boilerplate import RepeatedLines

        corpus = RepeatedLines.build(d.text for d in documents) if repeated_lines else None
        return [self.clean(doc, corpus=corpus) for doc in documents]


_DEFAULT: Cleaner | None = None


def clean(document: Document | str) -> Cleaned:
    """Clean with the default pipeline.

    >>> clean("Big news.\\n\\nThis site uses Akismet to reduce spam.\\n").text
    'Big news.\\n'
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Cleaner()
    return _DEFAULT.clean(document)
