"""The ``compare`` kind: numeric conditions on SKU, image or draft fields.

The finding fires when the condition ``field OP limit`` does NOT hold, where the limit is
``value`` (a number or ``profile:NAME``) or ``value_field`` (another field of the same item)
times ``factor``.  ``when_field``/``when_equals`` restrict the items checked; ``missing: fail``
makes an absent field a finding (e.g. a presale SKU without ``ship_within_days``)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from listlint.findings import Finding
from listlint.kinds.base import Context, Rule
from listlint.platforms import resolve

OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    target: Literal["skus", "images", "draft"] = "skus"
    field: str
    op: Literal["<", "<=", ">", ">=", "==", "!="] | None = None
    value: float | int | str | None = None
    value_field: str | None = None
    factor: float = 1.0
    integer: bool = False
    missing: Literal["ignore", "fail"] = "ignore"
    when_field: str | None = None
    when_equals: Any = None


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p: Params = rule.params
    items: list[tuple[str, Any]]
    if p.target == "draft":
        items = [("", ctx.draft)]
    else:
        items = [(f"{p.target}[{i}]", item) for i, item in enumerate(getattr(ctx.draft, p.target))]
    limit_value = resolve(p.value, ctx.profile)
    for prefix, item in items:
        if p.when_field is not None and getattr(item, p.when_field, None) != p.when_equals:
            continue
        path = f"{prefix}.{p.field}" if prefix else p.field
        actual = getattr(item, p.field, None)
        values = {
            "index": prefix,
            "field": p.field,
            "value": _fmt(actual)
            if isinstance(actual, (int, float)) and not isinstance(actual, bool)
            else actual,
            "name": getattr(item, "name", ""),
        }
        if actual is None:
            if p.missing == "fail":
                yield ctx.finding(rule, prefix, **values, limit=limit_value)
            continue
        if p.integer and (not isinstance(actual, int) or isinstance(actual, bool)):
            yield ctx.finding(rule, path, **values, limit=limit_value)
            continue
        if p.op is None:
            continue
        limit = limit_value
        if p.value_field is not None:
            other = getattr(item, p.value_field, None)
            if other is None:
                continue
            limit = other * p.factor
        if limit is None or not isinstance(limit, (int, float)):
            continue
        if not OPS[p.op](actual, limit):
            yield ctx.finding(rule, path, **values, limit=_fmt(limit))


def _fmt(number: float | int) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:.2f}"
