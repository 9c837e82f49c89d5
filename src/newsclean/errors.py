"""Every error newsclean raises, in one place.

All subclass :class:`NewscleanError`, and each also subclasses the built-in error a
caller would expect (``ValueError`` for bad data, ``TimeoutError`` for a rule that ran
too long), so ``except ValueError`` keeps working.
"""

from __future__ import annotations


class NewscleanError(Exception):
    """Base class of newsclean's own errors."""


class RulePackError(NewscleanError, ValueError):
    """A rule pack could not be loaded; the message names the file, the rule and why."""

    def __init__(self, path: str, rule: str | None, reason: str) -> None:
        self.path = path
        self.rule = rule
        self.reason = reason
        where = f"{path}: rule {rule!r}" if rule else path
        super().__init__(f"{where}: {reason}")


class AliasTableError(NewscleanError, ValueError):
    """An alias table could not be loaded; the message names the file, the entry and why."""

    def __init__(self, path: str, entry: str | None, reason: str) -> None:
        self.path = path
        self.entry = entry
        self.reason = reason
        where = f"{path}: entry {entry!r}" if entry else path
        super().__init__(f"{where}: {reason}")


class RuleTimeoutError(NewscleanError, TimeoutError):
    """A rule's pattern ran past its time limit (a catastrophic pattern)."""

    def __init__(self, rule: str, source: str, seconds: float) -> None:
        self.rule = rule
        self.source = source
        self.seconds = seconds
        super().__init__(
            f"rule {rule!r} (from {source}) ran longer than its {seconds:g} s time limit; "
            "its pattern probably backtracks catastrophically"
        )


class InputError(NewscleanError, ValueError):
    """An input file could not be read or decoded; the message names the file and line."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class OutputError(NewscleanError, OSError):
    """An output folder cannot be used: not writable, another run is writing into it,
    or its journal is from a run with other options; the message names the folder."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class StepError(NewscleanError, ValueError):
    """A cleaning step failed or returned edits that do not fit the text."""


class DedupIndexError(NewscleanError, ValueError):
    """A saved dedup index could not be loaded; the message names the file and why."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")
