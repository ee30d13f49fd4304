"""The ``length`` kind: a text field's length in characters or in platform units.

``units`` counts a CJK (or other full-width) character as 2 and an ASCII character as 1, as
Taobao's title limit of 60 does; ``chars`` counts code points."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict

from listlint.findings import Finding
from listlint.kinds.base import Context, Rule
from listlint.platforms import resolve

UNIT_NAMES = {"units": "字符单位（汉字计 2，英文数字计 1）", "chars": "字"}


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    field: Literal["title", "subtitle", "description", "selling_points"] = "title"
    mode: Literal["units", "chars"] | str = "chars"
    max: int | str | None = None
    min: int | str | None = None


def count(text: str, mode: str) -> int:
    """The one definition of text length: ``chars`` counts code points; ``units`` counts an
    ASCII or half-width character as 1 and anything else (CJK, full-width, symbols such as ★)
    as 2, as Taobao's 60-unit title limit does."""
    if mode == "chars":
        return len(text)
    if mode != "units":
        raise ValueError(f"unknown length mode {mode!r} (units, chars)")
    if text.isascii():
        return len(text)
    return sum(map(_UNITS.__getitem__, text))


class _Units(dict[str, int]):
    """Units of a character (1 for ASCII and half-width, else 2), looked up once per character."""

    def __missing__(self, c: str) -> int:
        units = 1 if c.isascii() or unicodedata.east_asian_width(c) in ("Na", "H") else 2
        if len(self) < 65536:
            self[c] = units
        return units


_UNITS = _Units()


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    params: Params = rule.params
    mode = str(resolve(params.mode, ctx.profile) or "chars")
    limit_max = resolve(params.max, ctx.profile)
    limit_min = resolve(params.min, ctx.profile)
    for path, scope, text in ctx.fields:
        if scope != params.field:
            continue
        length = count(text, mode)
        unit = "单位" if mode == "units" else "字"
        if isinstance(limit_max, int) and length > limit_max:
            # point at the characters beyond the limit
            cut = _cut_index(text, mode, limit_max)
            yield ctx.finding(
                rule,
                path,
                start=cut,
                end=len(text),
                length=length,
                max=limit_max,
                min=limit_min,
                unit=unit,
                platform=ctx.profile.name,
            )
        elif isinstance(limit_min, int) and length < limit_min:
            yield ctx.finding(
                rule,
                path,
                length=length,
                max=limit_max,
                min=limit_min,
                unit=unit,
                platform=ctx.profile.name,
            )


def _cut_index(text: str, mode: str, limit: int) -> int:
    total = 0
    for i, c in enumerate(text):
        total += count(c, mode)
        if total > limit:
            return i
    return len(text)
