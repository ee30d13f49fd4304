"""The ``documents`` kind: checks on each qualification document of a draft.

``check`` selects what is checked:

* ``number``: the number matches its type's format (``rules/documents.yaml``);
* ``expiry``: ``expires`` before today is the rule's severity; within ``warn_days`` a warning;
* ``issued``: ``issued`` after today;
* ``age``: documents of ``types`` issued more than ``max_age_days`` ago (a stale report);
* ``file``: the scan named by ``file:`` exists (paths are relative to the draft).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, Field

from listlint.checks.base import Context, Rule
from listlint.findings import Finding, Severity


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    check: Literal["number", "expiry", "issued", "age", "file"]
    types: list[str] | None = Field(None, description="only these document types")
    warn_days: int = 30
    max_age_days: int = 365


_NUMBER_CACHE: dict[str, regex.Pattern[str]] = {}


def _number_rx(pattern: str) -> regex.Pattern[str]:
    rx = _NUMBER_CACHE.get(pattern)
    if rx is None:
        rx = _NUMBER_CACHE[pattern] = regex.compile(pattern)
    return rx


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p: Params = rule.params
    types = ctx.engine.document_types
    for i, doc in enumerate(ctx.draft.documents):
        if p.types is not None and doc.type not in p.types:
            continue
        info = types.get(doc.type, {})
        name = str(info.get("name", doc.type))
        base = f"documents[{i}]"
        if p.check == "number":
            pattern = info.get("number")
            if not pattern:
                continue
            number = (doc.number or "").strip()
            if not number:
                yield ctx.finding(
                    rule,
                    base,
                    doc_name=name,
                    format=info.get("format", ""),
                    message=f"{name}缺少编号",
                )
            elif not _number_rx(pattern).fullmatch(number):
                yield ctx.finding(
                    rule,
                    f"{base}.number",
                    start=0,
                    end=len(doc.number or ""),
                    doc_name=name,
                    format=info.get("format", pattern),
                )
        elif p.check == "expiry" and doc.expires is not None:
            if doc.expires < ctx.today:
                yield ctx.finding(
                    rule, f"{base}.expires", doc_name=name, expires=doc.expires.isoformat()
                )
            elif doc.expires <= ctx.today + timedelta(days=p.warn_days):
                days = (doc.expires - ctx.today).days
                yield ctx.finding(
                    rule,
                    f"{base}.expires",
                    severity=Severity.WARNING,
                    message=f"{name}将于 {doc.expires.isoformat()} 到期（剩余 {days} 天）",
                    suggestion="尽快办理续期并更新证件",
                )
        elif p.check == "issued" and doc.issued is not None and doc.issued > ctx.today:
            yield ctx.finding(rule, f"{base}.issued", doc_name=name, issued=doc.issued.isoformat())
        elif p.check == "age" and doc.issued is not None:
            age = (ctx.today - doc.issued).days
            if age > p.max_age_days:
                yield ctx.finding(
                    rule, f"{base}.issued", doc_name=name, issued=doc.issued.isoformat(), days=age
                )
        elif p.check == "file" and doc.file:
            target = ctx.engine.resolve_path(ctx, doc.file)
            if target is not None and not target.exists():
                yield ctx.finding(rule, f"{base}.file", doc_name=name, file=doc.file)
