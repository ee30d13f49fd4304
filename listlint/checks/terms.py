"""The ``terms`` kind: lists of banned or risky terms, matched as words in normalised text.

All ``terms`` rules of all packs share one Aho–Corasick automaton (built by the engine), so each
text field is scanned once whatever the number of terms.  A candidate becomes a finding when

1. it does not overlap a protected name (the draft's ``brand``, the pack's ``protected``
   trademarks and product names, the user's ``allow`` list);
2. no exception covers it (an exception is a longer phrase containing the term, e.g. 第一次 for
   第一, or a regex over the normalised text);
3. it is a word in context: jieba's segmentation has a token boundary at its start and its end
   (``boundary: word``), only at its start (``start``), or none is required (``none``);
4. no longer candidate of the same rule overlaps it (100%有效 wins over 100%).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, Field

from listlint.checks.base import Context, Rule
from listlint.findings import Finding, Severity
from listlint.text.normalize import normalize_term

Boundary = Literal["word", "start", "none"]


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid")

    term: str
    suggestion: str | None = None
    exceptions: list[str] = Field(default_factory=list)
    boundary: Boundary | None = None
    severity: Literal["error", "warning", "info"] | None = None
    fix: Literal["delete"] | str | None = Field(
        None, description="'delete', or the replacement text"
    )


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    terms: list[str | Term] = Field(min_length=1)
    exceptions: list[str] = Field(default_factory=list, description="phrases that contain a term")
    exception_patterns: list[str] = Field(default_factory=list, description="regexes")
    boundary: Boundary = "word"
    qualified_by: str | None = Field(
        None, description="regex: when it matches the field, severity drops to qualified_severity"
    )
    qualified_severity: Literal["error", "warning", "info"] = "warning"


class Compiled:
    def __init__(self, params: Params) -> None:
        self.terms: list[Term] = [t if isinstance(t, Term) else Term(term=t) for t in params.terms]
        self.keys: list[str] = [normalize_term(t.term) for t in self.terms]
        self.term_exceptions: list[list[str]] = [
            [normalize_term(e) for e in t.exceptions] for t in self.terms
        ]
        self.exceptions = [normalize_term(e) for e in params.exceptions]
        self.patterns = [regex.compile(p) for p in params.exception_patterns]
        self.qualified = regex.compile(params.qualified_by) if params.qualified_by else None


def prepare(rule: Rule) -> None:
    rule.compiled = Compiled(rule.params)


def _covered(text: str, phrases: Iterable[str], start: int, end: int) -> bool:
    for phrase in phrases:
        if not phrase:
            continue
        i = text.find(phrase, max(0, end - len(phrase)))
        while i != -1 and i <= start:
            if i + len(phrase) >= end:
                return True
            i = text.find(phrase, i + 1)
    return False


def _pattern_covers(text: str, patterns: list[regex.Pattern[str]], start: int, end: int) -> bool:
    for pattern in patterns:
        for m in pattern.finditer(text, max(0, start - 20), min(len(text), end + 20), timeout=0.05):
            if m.start() <= start and m.end() >= end:
                return True
    return False


def _is_word(tokens: list[tuple[int, int]], start: int, end: int, mode: Boundary) -> bool:
    if mode == "none":
        return True
    starts = {s for s, _ in tokens}
    if start not in starts:
        return False
    return mode == "start" or end in {e for _, e in tokens}


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    comp: Compiled = rule.compiled
    params: Params = rule.params
    for path, text in ctx.texts(rule):
        hits = ctx.engine.term_hits(ctx, path, text).get(rule.id)
        if not hits:
            continue
        norm = ctx.normalized(path, text)
        ntext = norm.text
        protected = ctx.engine.protected_spans(ctx, rule.pack, path, text)
        survivors: list[tuple[int, int, int]] = []
        for start, end, idx in hits:
            if any(ps < end and start < pe for ps, pe in protected):
                continue
            if _covered(ntext, comp.term_exceptions[idx], start, end) or _covered(
                ntext, comp.exceptions, start, end
            ):
                continue
            if comp.patterns and _pattern_covers(ntext, comp.patterns, start, end):
                continue
            survivors.append((start, end, idx))
        if not survivors:
            continue
        tokens = ctx.tokens(path, text)
        chosen: list[tuple[int, int, int]] = []
        for start, end, idx in sorted(survivors, key=lambda h: (h[0] - h[1], h[0])):
            if any(cs < end and start < ce for cs, ce, _ in chosen):
                continue
            mode = comp.terms[idx].boundary or params.boundary
            if _is_word(tokens, start, end, mode):
                chosen.append((start, end, idx))
        qualified = bool(comp.qualified and comp.qualified.search(ntext, timeout=0.05))
        for start, end, idx in sorted(chosen):
            term = comp.terms[idx]
            o_start, o_end = norm.span(start, end)
            severity = rule.severity
            if term.severity:
                severity = Severity.parse(term.severity)
            if qualified:
                severity = min(severity, Severity.parse(params.qualified_severity))
            fix_spec = term.fix or (rule.spec.fix and rule.spec.fix.action)
            fix: str | None = None
            if fix_spec == "delete":
                fix = ""
            elif fix_spec == "replace" and rule.spec.fix is not None:
                fix = rule.spec.fix.with_ or ""
            elif fix_spec:
                fix = fix_spec
            yield ctx.finding(
                rule,
                path,
                start=o_start,
                end=o_end,
                severity=severity,
                suggestion=term.suggestion,
                fix=fix,
                term=term.term,
            )
