"""The ``sku`` kind: checks across the SKUs of a draft that ``compare`` (one field of one SKU
against a limit) cannot express.

``check`` selects what is checked:

* ``duplicates``: two SKUs whose names are the same once normalised (full-/half-width, case,
  spaces, Traditional/Simplified): the later one is reported;
* ``round-price``: a price that is a whole multiple of ``multiple`` and at least ``min_price``
  (100, 200, 130 …) gets a suggestion of the psychological step just below (99, 199, 129);
* ``spread``: the highest price more than ``max_ratio`` times the lowest (a cheap decoy SKU that
  wins the "from ¥x" price); the cheapest SKU is reported.  With ``quantity`` (a regex with
  groups ``n`` and ``unit`` over the SKU name: 整卷20枚, 3件装, ×2), prices are compared per
  unit when the two SKUs count the same unit (a single coin and a roll of twenty are not a
  decoy); a name without a quantity counts as one.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from typing import Any, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field

from listlint.findings import Finding
from listlint.kinds.base import Context, Rule
from listlint.kinds.regexes import Regex, search
from listlint.platforms import resolve


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    check: Literal["duplicates", "round-price", "spread"]
    multiple: float | str = Field(100, description="round-price: a price that is a multiple")
    min_price: float | str = Field(0, description="round-price: only prices at least this")
    step: float | str = Field(1, description="round-price: suggested price = price - step")
    max_ratio: float | str = Field(10, description="spread: highest / lowest price")
    quantity: Regex | None = Field(
        None, description="spread: a quantity in a SKU name (groups n and unit): per-unit prices"
    )


def _money(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def _num(value: float | str, ctx: Context) -> float | None:
    got = resolve(value, ctx.profile)
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return None
    return float(got)


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p: Params = rule.params
    if ctx.draft.skus:
        yield from _CHECKS[p.check](rule, ctx, p)


def _duplicates(rule: Rule, ctx: Context, p: Params) -> Iterator[Finding]:
    skus = ctx.draft.skus
    seen: dict[str, int] = {}
    for i, sku in enumerate(skus):
        key = ctx.normalized(f"skus[{i}].name", sku.name).text.strip()
        if not key:
            continue
        if key not in seen:
            seen[key] = i
            continue
        first = seen[key]
        yield ctx.finding(
            rule,
            f"skus[{i}].name",
            start=0,
            end=len(sku.name),
            name=sku.name,
            first=skus[first].name,
            first_index=first + 1,
            index=i + 1,
        )


def _round_price(rule: Rule, ctx: Context, p: Params) -> Iterator[Finding]:
    multiple, least, step = (_num(v, ctx) for v in (p.multiple, p.min_price, p.step))
    if not multiple or least is None or step is None:
        return
    for i, sku in enumerate(ctx.draft.skus):
        price = sku.price
        if not math.isfinite(price) or price < least or price <= 0:
            continue
        cents = round(price * 100)
        if abs(price * 100 - cents) > 1e-6 or cents % round(multiple * 100):
            continue
        yield ctx.finding(
            rule,
            f"skus[{i}].price",
            name=sku.name,
            price=_money(price),
            suggested=_money(price - step),
        )


def _spread(rule: Rule, ctx: Context, p: Params) -> Iterator[Finding]:
    skus = ctx.draft.skus
    limit = _num(p.max_ratio, ctx)
    priced = [
        (sku.price, i) for i, sku in enumerate(skus) if math.isfinite(sku.price) and sku.price > 0
    ]
    if limit is None or len(priced) < 2:
        return
    low, low_i = min(priced)
    high, high_i = max(priced)
    if high > low * limit and p.quantity is not None:
        rx = _compiled(p.quantity)
        (n_low, u_low), (n_high, u_high) = (
            _quantity(rx, skus[i].name, rule.trusted) for i in (low_i, high_i)
        )
        if u_low == u_high or None in (u_low, u_high):
            high, low = high / n_high, low / n_low  # per unit: 整卷20枚 against 单枚
    if high > low * limit:
        yield ctx.finding(
            rule,
            f"skus[{low_i}].price",
            name=skus[low_i].name,
            low=_money(low),
            high=_money(high),
            high_name=skus[high_i].name,
            ratio=f"{high / low:.1f}",
            limit=_money(limit),
        )


@functools.lru_cache(maxsize=32)
def _compiled(pattern: str) -> Any:
    return regex.compile(pattern)


def _quantity(rx: Any, name: str, trusted: bool) -> tuple[float, str | None]:
    """(count, unit) written in a SKU name; (1, None) when it names none."""
    try:
        m = search(rx, name, trusted)
    except TimeoutError:
        return 1.0, None
    if m is None:
        return 1.0, None
    try:
        n = float(m.group("n"))
    except (TypeError, ValueError):
        return 1.0, None
    return (n, m.group("unit") or None) if 0 < n < 1e6 else (1.0, None)


_CHECKS = {"duplicates": _duplicates, "round-price": _round_price, "spread": _spread}
