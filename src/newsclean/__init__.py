"""newsclean: clean, deduplicate and name-normalise scraped news, and say what changed.

>>> import newsclean
>>> result = newsclean.clean("[ad_1]\\n\\nThe story.\\n\\nSource link\\n")
>>> result.text
'The story.\\n'
>>> result.meta_by_kind()
{'source_link': ['Source link']}
"""

import typing

from .aliases import AliasMatch, AliasTable
from .cleaning import (
    Cleaner,
    Edit,
    FunctionStep,
    RepeatedLines,
    RuleSet,
    Step,
    StepContext,
    clean,
    default_steps,
)
from .cleaning.language import LanguageStep
from .document import Change, Cleaned, Document, Flag, MetaItem, replay
from .errors import (
    AliasTableError,
    DedupIndexError,
    InputError,
    NewscleanError,
    RulePackError,
    RuleTimeoutError,
    StepError,
)
from .language import Language, detect_language, detect_paragraphs

__version__ = "0.1.0"

# Near-duplicate detection loads numpy (and numba, when installed) only when first used,
# so that cleaning alone starts fast: newsclean.find_duplicates is newsclean.dedup's.
if typing.TYPE_CHECKING:
    from .dedup import DedupConfig, DedupIndex, DuplicateFinder, DuplicateGroup, Duplicates, find_duplicates

_DEDUP = ("DedupConfig", "DedupIndex", "DuplicateFinder", "DuplicateGroup", "Duplicates", "find_duplicates")


def __getattr__(name: str) -> object:
    if name in _DEDUP:
        from . import dedup

        return getattr(dedup, name)
    raise AttributeError(f"module 'newsclean' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_DEDUP])

__all__ = [
    "AliasMatch",
    "AliasTable",
    "AliasTableError",
    "Change",
    "Cleaned",
    "Cleaner",
    "DedupConfig",
    "DedupIndex",
    "DedupIndexError",
    "Document",
    "DuplicateFinder",
    "DuplicateGroup",
    "Duplicates",
    "Edit",
    "Flag",
    "FunctionStep",
    "InputError",
    "Language",
    "LanguageStep",
    "MetaItem",
    "NewscleanError",
    "RepeatedLines",
    "RulePackError",
    "RuleSet",
    "RuleTimeoutError",
    "Step",
    "StepContext",
    "StepError",
    "__version__",
    "clean",
    "default_steps",
    "detect_language",
    "detect_paragraphs",
    "find_duplicates",
    "replay",
]
