"""Conditions shared by kinds that apply only when something holds (``when:`` blocks)."""

from __future__ import annotations

from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, Field

from listlint.categories.globs import category_matches, family_matches
from listlint.kinds.base import Context
from listlint.kinds.regexes import Regex, safe_search
from listlint.text.normalize import normalize_term


class When(BaseModel):
    """All given keys must hold."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    categories: list[str] | None = Field(None, description="category globs (any)")
    not_categories: list[str] = Field(default_factory=list)
    families: list[str] | None = Field(None, description="category table families (any)")
    not_families: list[str] = Field(default_factory=list)
    category_text: str | None = Field(
        None, description="regex over the category as written (e.g. a device class: 二类)"
    )
    platforms: list[str] | None = None
    brand: Literal["present", "absent"] | None = None
    brand_owner: bool | None = None
    text: Regex | None = Field(None, description="regex over the normalised text fields")
    attribute_text: Regex | None = Field(None, description="regex over the attribute values")

    def static_holds(self, platform: str, category: str, family: str | None = None) -> bool:
        """The keys that depend only on the platform and the category (decided once per
        platform, category and family by the engine's rule plan)."""
        if self.categories is not None and not any(
            category_matches(category, g) for g in self.categories
        ):
            return False
        if any(category_matches(category, g) for g in self.not_categories):
            return False
        if not family_matches(family, self.families, self.not_families):
            return False
        if self.category_text is not None and not _compiled(self.category_text).search(category):
            return False
        return self.platforms is None or platform in self.platforms

    def holds(self, ctx: Context, trusted: bool = False) -> bool:
        """Whether every key holds; `trusted`: the rule is built-in (see checks.regexes)."""
        if not self.static_holds(ctx.platform, ctx.category, ctx.family):
            return False
        draft = ctx.draft
        if self.brand == "present" and not (draft.brand or "").strip():
            return False
        if self.brand == "absent" and (draft.brand or "").strip():
            return False
        if self.brand_owner is not None and draft.brand_owner != self.brand_owner:
            return False
        if self.text is not None:
            rx = _compiled(self.text)
            if not any(
                safe_search(rx, ctx.normalized(p, t).text, trusted) for p, _, t in ctx.fields
            ):
                return False
        if self.attribute_text is not None:
            rx = _compiled(self.attribute_text)
            # keys also in their normalised form: 類別 (Traditional) reads as 类别
            values = " ".join(
                f"{k}:{v} {normalize_term(k)}:{v}" for k, v in draft.attributes.items()
            )
            if not safe_search(rx, values, trusted):
                return False
        return True


_CACHE: dict[str, regex.Pattern[str]] = {}


def _compiled(pattern: str) -> regex.Pattern[str]:
    rx = _CACHE.get(pattern)
    if rx is None:
        rx = _CACHE[pattern] = regex.compile(pattern, regex.V1)
    return rx
