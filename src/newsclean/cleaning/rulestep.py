"""The generic rule step: span rules, then whole-line rules, of one step's packs."""

from __future__ import annotations

from .edits import Edit
from .lines import Line, line_span, split_lines
from .pipeline import StepContext
from .rules import LineMatcher, Rule, RuleSet


class RuleStep:
    """Apply the ``line`` and ``span`` rules that the rule packs give to one step.

    >>> from newsclean import Cleaner
    >>> from newsclean.cleaning.rules import RuleSet
    >>> step = RuleStep("meta", RuleSet.load())
    >>> r = Cleaner(steps=[step]).clean("Story.\\nSource link\\n")
    >>> r.text, r.meta_by_kind()
    ('Story.\\n', {'source_link': ['Source link']})
    """

    def __init__(self, name: str, rules: RuleSet) -> None:
        self.name = name
        self.span_rules = rules.for_step(name, "span")
        self.line_rules = LineMatcher(rules.for_step(name, "line"))

    def span_edits(self, text: str) -> list[Edit]:
        found: list[Edit] = []
        for rule in self.span_rules:
            if rule.needs and not any(n in text for n in rule.needs):
                continue
            for m in rule.finditer(text):
                if m.end() == m.start():
                    continue
                after = m.expand(rule.replacement) if rule.action == "replace" else ""
                meta = rule.kind if rule.action == "meta" else None
                found.append(Edit(m.start(), m.end(), after, rule.name, meta))
        found.sort(key=lambda e: (e.start, -e.end))
        kept: list[Edit] = []
        for e in found:  # the earliest (and longest) match wins an overlap
            if not kept or e.start >= kept[-1].end:
                kept.append(e)
        return kept

    def line_edit(self, line: Line, rule: Rule, text_len: int) -> Edit:
        start, end = line_span(line, text_len)
        return Edit(start, end, "", rule.name, rule.kind if rule.action == "meta" else None)

    def match_lines(self, text: str, lines: list[Line], taken: list[Edit]) -> dict[int, Rule]:
        """Line index -> the line rule that claims it (lines under span edits excluded)."""
        out: dict[int, Rule] = {}
        if not self.line_rules.rules:
            return out
        j = 0
        for line in lines:
            if line.protected or line.blank:
                continue
            while j < len(taken) and taken[j].end <= line.start:
                j += 1
            if j < len(taken) and taken[j].start <= line.end:
                continue  # a span rule already edits this line
            rule = self.line_rules.match(line.text)
            if rule is not None:
                out[line.index] = rule
        return out

    def edits(self, text: str, ctx: StepContext) -> list[Edit]:
        spans = self.span_edits(text)
        lines = split_lines(text)
        claimed = self.match_lines(text, lines, spans)
        edits = spans + [self.line_edit(lines[i], rule, len(text)) for i, rule in claimed.items()]
        return edits
