"""newsclean: clean, deduplicate and name-normalise scraped news, and say what changed.

>>> import newsclean
>>> result = newsclean.clean("[ad_1]\\n\\nThe story.\\n\\nSource link\\n")
>>> result.text
'The story.\\n'
>>> result.meta_by_kind()
{'source_link': ['Source link']}
"""

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
from .errors import AliasTableError, InputError, NewscleanError, RulePackError, RuleTimeoutError, StepError
from .language import Language, detect_language, detect_paragraphs

__version__ = "0.1.0"

__all__ = [
    "AliasMatch",
    "AliasTable",
    "AliasTableError",
    "Change",
    "Cleaned",
    "Cleaner",
    "Document",
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
    "replay",
]
