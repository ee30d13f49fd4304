"""The ``pattern`` kind: regular expressions over a text field (normalised by default).

Patterns run with the ``regex`` module and a per-match timeout, so a catastrophic pattern in a
user's pack cannot hang a run; a pattern that times out is reported once as a warning.

With ``required: true`` the rule reports the opposite: one finding when *none* of the fields in
its scope matches any of the patterns (a notice the law requires, e.g. a health food's
本品不能代替药物).  The finding points at the description when there is one, else at the draft."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, model_validator

from listlint.findings import Finding, Severity
from listlint.kinds.base import Context, Rule
from listlint.kinds.regexes import MATCH_TIMEOUT, Regex, finditer, search


class PatternItem(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    regex: Regex
    message: str | None = None
    suggestion: str | None = None
    fix: Literal["delete"] | str | None = None


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    patterns: list[PatternItem] = Field(default_factory=list)
    regex: Regex | None = Field(None, description="shorthand for one pattern")
    on: Literal["normalized", "original"] = "normalized"
    exceptions: list[Regex] = Field(default_factory=list, description="regexes covering a match")
    required: bool = Field(
        False, description="report when no field in scope matches (the text must be present)"
    )

    @model_validator(mode="after")
    def _one_or_more(self) -> Params:
        if self.regex:
            self.patterns.insert(0, PatternItem(regex=self.regex))
            self.regex = None
        if not self.patterns:
            raise ValueError("a pattern rule needs `regex` or `patterns`")
        return self


def prepare(rule: Rule) -> None:
    params: Params = rule.params
    rule.compiled = (
        [regex.compile(p.regex, regex.V1) for p in params.patterns],
        [regex.compile(e, regex.V1) for e in params.exceptions],
    )


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    params: Params = rule.params
    patterns, exceptions = rule.compiled
    if params.required:
        yield from _check_required(rule, ctx, patterns)
        return
    for path, text in ctx.texts(rule):
        if params.on == "normalized":
            norm = ctx.normalized(path, text)
            subject, span = norm.text, norm.span
        else:
            subject, span = text, _identity
        seen: set[tuple[int, int]] = set()
        for item, pattern in zip(params.patterns, patterns, strict=True):
            try:
                matches = list(finditer(pattern, subject, rule.trusted))
                for m in matches:
                    if m.end() == m.start() or _excepted(
                        subject, exceptions, m.start(), m.end(), rule.trusted
                    ):
                        continue
                    start, end = span(m.start(), m.end())
                    if (start, end) in seen:
                        continue
                    seen.add((start, end))
                    fix = "" if item.fix == "delete" else item.fix
                    yield ctx.finding(
                        rule,
                        path,
                        start=start,
                        end=end,
                        message=item.message,
                        suggestion=item.suggestion,
                        fix=fix,
                    )
            except TimeoutError:
                yield ctx.finding(
                    rule,
                    path,
                    severity=Severity.WARNING,
                    message=f"规则的正则表达式超时（>{MATCH_TIMEOUT}s），已跳过：{item.regex}",
                    suggestion="简化该正则表达式，避免嵌套量词，例如 (a+)+",
                )


def _check_required(
    rule: Rule, ctx: Context, patterns: list[regex.Pattern[str]]
) -> Iterator[Finding]:
    params: Params = rule.params
    for path, text in ctx.texts(rule):
        subject = ctx.normalized(path, text).text if params.on == "normalized" else text
        for pattern in patterns:
            try:
                if search(pattern, subject, rule.trusted):
                    return
            except TimeoutError:
                continue
    anchor = "description" if ctx.draft.description else ""
    yield ctx.finding(rule, anchor)


def _identity(start: int, end: int) -> tuple[int, int]:
    return start, end


def _excepted(
    text: str, exceptions: list[regex.Pattern[str]], start: int, end: int, trusted: bool
) -> bool:
    for exc in exceptions:
        lo, hi = max(0, start - 30), min(len(text), end + 30)
        for m in finditer(exc, text, trusted, lo, hi):
            if m.start() <= start and m.end() >= end:
                return True
    return False
