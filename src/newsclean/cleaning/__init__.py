"""The cleaning pipeline and its steps."""

from .boilerplate import BoilerplateStep, RepeatedLines
from .edits import Edit, EditLog
from .encoding import EncodingStep
from .names import AliasStep
from .pipeline import Cleaner, FunctionStep, Step, StepContext, clean, default_steps
from .rules import Rule, RuleSet
from .rulestep import RuleStep
from .whitespace import WhitespaceStep

__all__ = [
    "AliasStep",
    "BoilerplateStep",
    "Cleaner",
    "Edit",
    "EditLog",
    "EncodingStep",
    "FunctionStep",
    "RepeatedLines",
    "Rule",
    "RuleSet",
    "RuleStep",
    "Step",
    "StepContext",
    "WhitespaceStep",
    "clean",
    "default_steps",
]
