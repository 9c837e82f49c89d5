"""The generic rule step: span rules, then whole-line rules, of one step's packs."""

from __future__ import annotations

from bisect import bisect_right

from .edits import Edit
from .gate import Gate
from .lines import Line, fenced_spans, line_span, split_lines
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
        # the span patterns, in order, behind one RE2 gate over the whole text
        self._span_patterns = [(rule, p) for rule in self.span_rules for p in rule.compiled]
        self._span_gate = Gate.build(
            tuple((p, rule.ignore_case, False) for rule in self.span_rules for p in rule.patterns)
        )

    def span_edits(self, text: str) -> list[Edit]:
        found: list[Edit] = []
        folded = ""
        fenced: list[tuple[int, int]] | None = None
        for k in self._span_gate.candidates(text):
            rule, pattern = self._span_patterns[k]
            if rule.needs:
                if rule.ignore_case:  # the prefilter must not be stricter than the pattern
                    folded = folded or text.casefold()
                    if not any(n.casefold() in folded for n in rule.needs):
                        continue
                elif not any(n in text for n in rule.needs):
                    continue
            if fenced is None:
                fenced = fenced_spans(text)
            for m in rule.finditer(text, pattern):
                if m.end() == m.start():
                    continue
                if any(s < m.end() and m.start() < e for s, e in fenced):
                    continue  # lines inside code fences are never touched
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

    def line_edits(self, line: Line, rule: Rule, text_len: int, moved: list[Edit]) -> list[Edit]:
        """The edits that take a claimed line: one for the whole line, or, where span edits
        move parts of it to meta (``moved``, in order), those edits and one of ``rule`` for
        each stretch between them, so the meta is kept whatever the line rule does."""
        if not moved:
            return [self.line_edit(line, rule, text_len)]
        start, end = line_span(line, text_len)
        kind = rule.kind if rule.action == "meta" else None
        out: list[Edit] = []
        for gap_end, e in [*((m.start, m) for m in moved), (end, None)]:
            if gap_end > start:
                piece = line.text[start - line.start : gap_end - line.start]
                out.append(Edit(start, gap_end, "", rule.name, kind if piece.strip() else None))
            if e is not None:
                out.append(e)
                start = e.end
        return out

    def match_lines(
        self, text: str, lines: list[Line], taken: list[Edit], ctx: StepContext | None = None
    ) -> dict[int, Rule]:
        """Line index -> the line rule that claims it. A line that span edits touch
        is judged by what they leave of it (so a second run finds nothing more to do),
        unless an edit reaches past the line."""
        out: dict[int, Rule] = {}
        if not self.line_rules.rules:
            return out
        plain_views = None if ctx is None else ctx.memo.setdefault("plain_views", {})
        match = self.line_rules.match
        j = 0
        for line in lines:
            if line.protected or line.blank:
                continue
            while j < len(taken) and taken[j].end <= line.start:
                j += 1
            view = line.stripped
            if j < len(taken) and taken[j].start <= line.end:
                after = _after_spans(line, taken, j)
                if after is None:
                    continue  # a span rule edits this line and beyond
                view = after
            rule = match(view, plain_views)
            if rule is not None:
                out[line.index] = rule
        return out

    def edits(self, text: str, ctx: StepContext) -> list[Edit]:
        spans = self.span_edits(text)
        if not self.uses_lines():
            return spans
        lines = split_lines(text)
        claimed = self.match_lines(text, lines, spans, ctx)
        self.claim_more(lines, claimed, ctx)
        # span edits on claimed lines are dropped: the whole line goes
        if not claimed:
            return spans
        # span edits on claimed lines go with the line, but those that move text to meta
        kept: list[Edit] = []
        moved: dict[int, list[Edit]] = {}
        for e in spans:
            i = _line_of(lines, e)
            if i is None or i not in claimed:
                kept.append(e)
            elif e.meta_kind is not None:
                moved.setdefault(i, []).append(e)
        for i, rule in claimed.items():
            kept.extend(self.line_edits(lines[i], rule, len(text), moved.get(i, [])))
        return kept

    def uses_lines(self) -> bool:
        """Does the step judge whole lines (else its span rules are all it has)?"""
        return bool(self.line_rules.rules)

    def claim_more(self, lines: list[Line], claims: dict[int, Rule], ctx: StepContext) -> None:
        """Claim further lines after the line rules (the boilerplate step's detectors)."""


def _line_of(lines: list[Line], e: Edit) -> int | None:
    """The index of the line (with its newline) that holds all of ``e``, or None."""
    i = bisect_right(lines, e.start, key=lambda line: line.start) - 1
    if i >= 0 and e.end <= lines[i].next_start:
        return i
    return None


def _after_spans(line: Line, spans: list[Edit], j: int) -> str | None:
    """The line as the span edits from ``spans[j]`` on leave it (text moved to meta
    leaves nothing), or None when one of them reaches outside the line."""
    out, pos = [], line.start
    while j < len(spans) and spans[j].start <= line.end:
        e = spans[j]
        if e.start < line.start or e.end > line.end:
            return None
        out.append(line.text[pos - line.start : e.start - line.start])
        out.append(e.after)
        pos = e.end
        j += 1
    out.append(line.text[pos - line.start :])
    return "".join(out)
