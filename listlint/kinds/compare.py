"""The ``compare`` kind: conditions on SKUs, images, the draft, or the facts other kinds know
about a draft (the main image's real size, bytes and format; the title's anatomy).

The finding fires when ``field OP limit`` does NOT hold, where the limit is ``value`` (a number,
a list for ``in``/``not in``, or ``profile:NAME``) or ``value_field`` (another field of the same
item) times ``factor``.  ``when_field``/``when_equals`` restrict the items checked; ``only_if:
profile:NAME`` runs the rule only where that platform parameter is true; ``missing: fail`` makes
an absent field a finding (a presale SKU without ``ship_within_days``).

Targets: ``skus``, ``images`` and ``draft`` are the draft's own fields; every other target is a
set of facts (``listlint.kinds.facts``): ``main_image``, ``detail_images``, ``title``.  A fact
knows where a finding about it points (the image's path, the title's core word)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from listlint.findings import Finding
from listlint.kinds.base import Context, Rule
from listlint.kinds.facts import TARGETS, Facts, facts_of
from listlint.platforms import resolve

OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    "in": lambda a, b: a in b,
    "not in": lambda a, b: a not in b,
}
DRAFT_TARGETS = ("skus", "images", "draft")


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    target: Literal["skus", "images", "draft", "main_image", "detail_images", "title"] = "skus"
    field: str
    op: Literal["<", "<=", ">", ">=", "==", "!=", "in", "not in"] | None = None
    value: float | int | str | list[str] | None = None
    value_field: str | None = None
    factor: float = 1.0
    integer: bool = False
    missing: Literal["ignore", "fail"] = "ignore"
    when_field: str | None = None
    when_equals: Any = None
    only_if: str | None = None  # profile:NAME: run only where the platform parameter is true
    unit: Literal["bytes"] | None = None  # how {value} and {limit} are shown (bytes: KB/MB)


def prepare(rule: Rule) -> None:
    p: Params = rule.params
    if p.target not in DRAFT_TARGETS and p.target not in TARGETS:
        raise ValueError(f"未知的 target {p.target!r}")
    if p.op in ("in", "not in") and not isinstance(p.value, list):
        raise ValueError(f"op {p.op!r} 需要一个列表作为 value")


def _items(rule: Rule, ctx: Context) -> list[tuple[str, Any, Facts | None]]:
    p: Params = rule.params
    if p.target == "draft":
        return [("", ctx.draft, None)]
    if p.target in DRAFT_TARGETS:
        items = getattr(ctx.draft, p.target)
        return [(f"{p.target}[{i}]", item, None) for i, item in enumerate(items)]
    return [(f.anchor, f, f) for f in facts_of(p.target, rule, ctx)]


def _limit(p: Params, item: Any, limit_value: Any) -> Any:
    if p.value_field is None:
        return limit_value
    other = getattr(item, p.value_field, None)
    return None if other is None else other * p.factor


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p: Params = rule.params
    if p.only_if is not None and resolve(p.only_if, ctx.profile) is not True:
        return
    limit_value = resolve(p.value, ctx.profile)
    for prefix, item, facts in _items(rule, ctx):
        if p.when_field is not None and getattr(item, p.when_field, None) != p.when_equals:
            continue
        actual = getattr(item, p.field, None)
        values = _values(p, item, prefix, actual)
        fmt = _size if p.unit == "bytes" else _fmt
        if actual is None:
            if p.missing == "fail":
                yield _finding(rule, ctx, prefix, facts, values, limit_value, fmt)
            continue
        path = prefix if facts is not None else (f"{prefix}.{p.field}" if prefix else p.field)
        if p.integer and (not isinstance(actual, int) or isinstance(actual, bool)):
            yield _finding(rule, ctx, path, facts, values, limit_value, fmt)
            continue
        limit = _limit(p, item, limit_value)
        if p.op is None or not _comparable(p.op, actual, limit):
            continue
        if not OPS[p.op](actual, limit):
            if _is_number(actual):
                values["value"] = fmt(actual)
            yield _finding(rule, ctx, path, facts, values, limit, fmt)


def _comparable(op: str, actual: Any, limit: Any) -> bool:
    if op in ("in", "not in"):
        return isinstance(limit, list)
    if op in ("==", "!="):
        return limit is not None
    number = (int, float)
    return (
        isinstance(limit, number)
        and not isinstance(limit, bool)
        and isinstance(actual, number)
        and not isinstance(actual, bool)
    )


def _values(p: Params, item: Any, prefix: str, actual: Any) -> dict[str, Any]:
    values = dict(item.values) if isinstance(item, Facts) else {}
    values.update(
        index=prefix,
        field=p.field,
        value=_fmt(actual) if _is_number(actual) else actual,
        name=getattr(item, "name", ""),
    )
    return values


def _finding(
    rule: Rule,
    ctx: Context,
    path: str,
    facts: Facts | None,
    values: dict[str, Any],
    limit: Any,
    fmt: Callable[[float], str] = lambda n: _fmt(n),
) -> Finding:
    if _is_number(limit):
        shown = fmt(limit)
    else:
        shown = "/".join(limit) if isinstance(limit, list) else limit
    values.setdefault("limit", shown)
    if facts is not None and facts.span is not None:
        return ctx.finding(rule, path, start=facts.span[0], end=facts.span[1], **values)
    return ctx.finding(rule, path, **values)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _size(n: float) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n / 1024:.0f} KB"


def _fmt(number: float | int) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:.2f}"
