"""Rule packs: rule *data* in TOML, loaded, validated and compiled once.

A pack is a TOML file with a ``[pack]`` table and a list of ``[[rules]]``::

    [pack]
    name = "my-site"
    disable = ["navigation.menu_caps"]     # switch built-in rules off by name

    [[rules]]
    name = "promo.my_site_app"             # <kind>.<what>; the kind is the artefact kind
    step = "boilerplate"                   # artefacts | meta | boilerplate
    scope = "line"                         # line: the whole (stripped) line must match
    action = "drop"                        # drop | meta | replace (span rules only)
    patterns = ['Get the My Site app\\W*']
    description = "My Site's app promo under every article"
    examples = ["Get the My Site app!"]

``scope = "span"`` rules remove (or ``replace``) matches anywhere in the text;
``scope = "structure"`` rules name a detector written in code
(:mod:`newsclean.cleaning.boilerplate`) and give it parameters in ``[rules.params]``.
Every pattern runs under a time limit, so a catastrophic user pattern stops with
:class:`~newsclean.errors.RuleTimeoutError` instead of hanging a run.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from ..errors import RulePackError, RuleTimeoutError
from .gate import Gate
from .lines import has_markup, plain_view

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

STEPS = ("artefacts", "meta", "boilerplate")
SCOPES = ("line", "span", "structure")
ACTIONS = ("drop", "meta", "replace")
BUILTIN_PACKS = ("artefacts.toml", "meta.toml", "boilerplate.toml")
DEFAULT_TIMEOUT = 1.0  # seconds, per pattern call
DEFAULT_MAX_CHARS = 200

_RULE_KEYS = {
    "name", "step", "scope", "action", "kind", "patterns", "ignore_case", "max_chars",
    "replacement", "needs", "opens_block", "takes_next", "match", "detector", "params", "description",
    "examples", "counter_examples", "timeout",
}
_PACK_KEYS = {"name", "description", "disable", "step", "timeout"}


@dataclass(frozen=True)
class Rule:
    """One rule as loaded from a pack (its patterns compiled)."""

    name: str
    kind: str
    step: str
    scope: str
    action: str
    source: str
    patterns: tuple[str, ...] = ()
    ignore_case: bool = False
    max_chars: int = DEFAULT_MAX_CHARS
    replacement: str = ""
    needs: tuple[str, ...] = ()
    opens_block: bool = False
    takes_next: bool = False
    contains: bool = False
    detector: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    timeout: float = DEFAULT_TIMEOUT
    compiled: tuple[Any, ...] = ()

    def matches_line(self, line: str) -> bool:
        """True when this line rule matches the stripped line (all of it, or for a
        ``contains`` rule anywhere in it)."""
        line = line.strip()
        return len(line) <= self.max_chars and any(
            _run(p.search if self.contains else p.fullmatch, line, self) is not None for p in self.compiled
        )

    def finditer(self, text: str, pattern: Any = None) -> Iterator[Any]:
        """Matches of this span rule in ``text`` (of one of its compiled patterns if
        given, else of each in turn), under the rule's time limit."""
        for p in self.compiled if pattern is None else (pattern,):
            try:
                yield from p.finditer(text, timeout=self.timeout)
            except TimeoutError:
                raise RuleTimeoutError(self.name, self.source, self.timeout) from None


def _run(fn: Any, text: str, rule: Rule) -> Any:
    try:
        return fn(text, timeout=rule.timeout)
    except TimeoutError:
        raise RuleTimeoutError(rule.name, rule.source, rule.timeout) from None


def _flags(ignore_case: bool) -> int:
    return regex.V0 | (regex.IGNORECASE if ignore_case else 0)


def _load_toml(path: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulePackError(path, None, f"not valid TOML: {exc}") from None


def parse_pack(text: str, source: str) -> tuple[list[Rule], list[str]]:
    """Parse one pack's TOML text; return its rules and the names it disables."""
    data = _load_toml(source, text)
    pack = data.get("pack", {})
    if not isinstance(pack, dict):
        raise RulePackError(source, None, "[pack] must be a table")
    unknown = set(pack) - _PACK_KEYS
    if unknown:
        raise RulePackError(source, None, f"unknown [pack] keys: {sorted(unknown)}")
    extra = set(data) - {"pack", "rules"}
    if extra:
        raise RulePackError(source, None, f"unknown top-level keys: {sorted(extra)} (rules go in [[rules]])")
    disable = pack.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(x, str) for x in disable):
        raise RulePackError(source, None, "[pack].disable must be a list of rule names")
    rules = [_parse_rule(entry, source, pack) for entry in _rule_entries(data, source)]
    return rules, list(disable)


def _rule_entries(data: Mapping[str, Any], source: str) -> list[dict[str, Any]]:
    entries = data.get("rules", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RulePackError(source, None, "rules must be an array of tables: [[rules]]")
    return entries


def _parse_rule(entry: dict[str, Any], source: str, pack: Mapping[str, Any]) -> Rule:
    name = entry.get("name")
    if not isinstance(name, str) or not regex.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)*", name):
        raise RulePackError(source, str(name), "a rule needs a name of lower-case words joined by dots")

    def bad(reason: str) -> RulePackError:
        return RulePackError(source, name, reason)

    unknown = set(entry) - _RULE_KEYS
    if unknown:
        raise bad(f"unknown keys {sorted(unknown)}")
    step = entry.get("step", pack.get("step"))
    if step not in STEPS:
        raise bad(f"step must be one of {STEPS}, not {step!r}")
    scope = entry.get("scope", "line")
    if scope not in SCOPES:
        raise bad(f"scope must be one of {SCOPES}, not {scope!r}")
    action = entry.get("action", "meta" if step == "meta" else "drop")
    if action not in ACTIONS:
        raise bad(f"action must be one of {ACTIONS}, not {action!r}")
    if action == "replace" and scope != "span":
        raise bad("action 'replace' is for span rules only")
    patterns = entry.get("patterns", [])
    if isinstance(patterns, str):
        patterns = [patterns]
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise bad("patterns must be a list of strings")
    detector = entry.get("detector", "")
    if scope == "structure":
        if not detector:
            raise bad("a structure rule names its detector")
    elif not patterns:
        raise bad("a line or span rule needs at least one pattern")
    match = entry.get("match", "line")
    if match not in ("line", "contains"):
        raise bad(f"match must be 'line' (the whole line) or 'contains', not {match!r}")
    if match == "contains" and scope != "line":
        raise bad("match = 'contains' is for line rules only")
    ignore_case = bool(entry.get("ignore_case", False))
    timeout = float(entry.get("timeout", pack.get("timeout", DEFAULT_TIMEOUT)))
    if not timeout > 0:
        raise bad("timeout must be a positive number of seconds")
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(regex.compile(pattern, _flags(ignore_case)))
        except regex.error as exc:
            raise bad(f"bad regex {pattern!r}: {exc}") from None
    max_chars = entry.get("max_chars", DEFAULT_MAX_CHARS)
    if not isinstance(max_chars, int) or max_chars <= 0:
        raise bad("max_chars must be a positive integer")
    params = entry.get("params", {})
    if not isinstance(params, dict):
        raise bad("params must be a table")
    return Rule(
        name=name,
        kind=str(entry.get("kind", name.split(".")[0])),
        step=step,
        scope=scope,
        action=action,
        source=source,
        patterns=tuple(patterns),
        ignore_case=ignore_case,
        max_chars=max_chars,
        replacement=str(entry.get("replacement", "")),
        needs=tuple(entry.get("needs", ())),
        opens_block=bool(entry.get("opens_block", False)),
        takes_next=bool(entry.get("takes_next", False)),
        contains=match == "contains",
        detector=str(detector),
        params=params,
        description=str(entry.get("description", "")),
        examples=tuple(entry.get("examples", ())),
        counter_examples=tuple(entry.get("counter_examples", ())),
        timeout=timeout,
        compiled=tuple(compiled),
    )


def load_pack(path: str | Path) -> tuple[list[Rule], list[str]]:
    """Load a user's rule pack file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulePackError(str(p), None, f"cannot read: {exc}") from None
    return parse_pack(text, str(p))


def builtin_pack_texts() -> Iterator[tuple[str, str]]:
    """(name, TOML text) of the packs shipped in ``newsclean/rules``."""
    base = resources.files("newsclean") / "rules"
    for name in BUILTIN_PACKS:
        yield f"newsclean/rules/{name}", (base / name).read_text(encoding="utf-8")


class LineMatcher:
    """All line rules of one step, matched fast.

    An RE2 gate (:class:`~newsclean.cleaning.gate.Gate`) names, in one pass over the
    line, the few patterns whose widened form matches it. Only those are tried with
    ``regex``, in the rules' order, each rule only where one of its ``needs`` occurs and
    under its time limit. The result is what :meth:`match_slowly` gives by definition.
    """

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = [r for r in rules if r.scope == "line"]
        self.max_chars = max((r.max_chars for r in self.rules), default=0)
        self._needs = [tuple(n.casefold() for n in r.needs) for r in self.rules]
        self._owner: list[tuple[Rule, tuple[str, ...], Any]] = []  # gate index -> rule, needs, pattern
        patterns = []
        for rule, needs in zip(self.rules, self._needs):
            for source, compiled in zip(rule.patterns, rule.compiled):
                self._owner.append((rule, needs, compiled.search if rule.contains else compiled.fullmatch))
                patterns.append((source, rule.ignore_case, not rule.contains))
        self.gate = Gate.build(tuple(patterns))

    def match(self, line: str, plain_views: dict[str, str] | None = None) -> Rule | None:
        """The first rule matching the stripped line, or else its plain view
        (markdown link, list and heading syntax taken out).

        ``plain_views`` may hold plain views already made (the steps of one document
        meet the same lines); new ones are added to it."""
        line = line.strip()
        if not line or len(line) > self.max_chars:
            return None
        candidates = self.gate.candidates(line)
        rule = self._first(line, candidates) if candidates else None
        if rule is None and has_markup(line):
            plain = None if plain_views is None else plain_views.get(line)
            if plain is None:
                plain = plain_view(line)
                if plain_views is not None:
                    plain_views[line] = plain
            if plain != line:
                rule = self._match(plain)
        return rule

    def match_slowly(self, line: str) -> Rule | None:
        """What :meth:`match` computes, by the definition: each rule in turn, on the
        line and then on its plain view, a rule with ``needs`` only where one occurs."""
        line = line.strip()
        if not line:
            return None
        for view in dict.fromkeys((line, plain_view(line))):
            folded = view.casefold()
            for rule in self.rules:
                needs_ok = not rule.needs or any(n.casefold() in folded for n in rule.needs)
                if needs_ok and rule.matches_line(view):
                    return rule
        return None

    def _match(self, line: str) -> Rule | None:
        return self._first(line, self.gate.candidates(line)) if line else None

    def _first(self, line: str, candidates: list[int]) -> Rule | None:
        """The first rule, in order, whose pattern among ``candidates`` matches the line."""
        n = len(line)
        folded = ""
        for k in candidates:
            rule, needs, match = self._owner[k]
            if n > rule.max_chars:
                continue
            if needs:
                folded = folded or line.casefold()
                if not any(needle in folded for needle in needs):
                    continue
            try:
                if match(line, timeout=rule.timeout) is not None:
                    return rule
            except TimeoutError:
                raise RuleTimeoutError(rule.name, rule.source, rule.timeout) from None
        return None


DETECTORS = (
    "block_after_header",
    "trailing_headlines",
    "headline_run",
    "link_list",
    "short_line_run",
    "truncated_repeat",
    "repeated_line",
    "stray_fragment",
    "corpus_repeated",
)
"""Names of the structure detectors written in code (see :mod:`newsclean.cleaning.boilerplate`)."""


class RuleSet:
    """The rules in force: the built-in packs, the user's packs, less what is disabled.

    >>> rules = RuleSet.load(disable=["ad_placeholder.ad_n"])
    >>> "ad_placeholder.ad_n" in rules.names()
    False
    """

    def __init__(self, rules: Iterable[Rule], disable: Iterable[str] = (), disable_source: str = "disable") -> None:
        all_rules = list(rules)
        seen: dict[str, Rule] = {}
        for rule in all_rules:
            if rule.name in seen:
                raise RulePackError(
                    rule.source, rule.name,
                    f"name already used by {seen[rule.name].source}; disable that rule and give yours another name",
                )
            if rule.scope == "structure" and rule.detector not in DETECTORS:
                raise RulePackError(rule.source, rule.name, f"unknown detector {rule.detector!r}; known: {DETECTORS}")
            seen[rule.name] = rule
        kinds = {r.kind for r in all_rules}
        off = set()
        for name in disable:
            if name in seen:
                off.add(name)
            elif name in kinds:
                off.update(r.name for r in all_rules if r.kind == name)
            elif name in STEPS:
                off.update(r.name for r in all_rules if r.step == name)
            else:
                raise RulePackError(disable_source, name, "cannot disable an unknown rule (no rule, kind or step has that name)")
        self.rules = tuple(r for r in all_rules if r.name not in off)
        self.disabled = frozenset(off)

    @classmethod
    def load(cls, packs: Iterable[str | Path] = (), disable: Iterable[str] = ()) -> RuleSet:
        """The built-in packs plus ``packs`` (paths), with ``disable`` switched off."""
        rules: list[Rule] = []
        off: list[tuple[str, str]] = []
        for source, text in builtin_pack_texts():
            r, d = parse_pack(text, source)
            rules += r
            off += [(source, n) for n in d]
        for path in packs:
            r, d = load_pack(path)
            rules += r
            off += [(str(path), n) for n in d]
        ruleset = cls(rules)
        # disabled names are checked against every loaded rule, naming the pack that asked
        for source, name in off:
            cls(ruleset.rules, [name], source)
        names = [n for _, n in off] + list(disable)
        return cls(rules, names)

    def names(self) -> list[str]:
        return [r.name for r in self.rules]

    def for_step(self, step: str, scope: str | None = None) -> list[Rule]:
        return [r for r in self.rules if r.step == step and (scope is None or r.scope == scope)]

    def get(self, name: str) -> Rule | None:
        return next((r for r in self.rules if r.name == name), None)
