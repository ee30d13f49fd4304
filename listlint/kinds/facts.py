"""Facts: what a kind knows about a draft beyond its fields (the main image's real pixels and
bytes, the title's core word and its position), offered to rules of the ``compare`` kind so
that a limit is data in a pack, not a Python function.

A target names a function ``(rule, ctx) -> list[Facts]``; each ``Facts`` holds named values
(read by ``field:``), the values for the message's placeholders, and where a finding about it
points (``anchor`` field path, ``span`` of characters in it)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from listlint.kinds.base import Context, Rule

TARGETS: dict[str, str] = {
    "main_image": "listlint.kinds.image:main_image_facts",
    "detail_images": "listlint.kinds.image:detail_image_facts",
    "title": "listlint.kinds.structure:title_facts",
}


@dataclass(slots=True)
class Facts:
    anchor: str  # the field a finding points at
    fields: Mapping[str, Any]  # the facts, by name
    values: dict[str, Any] = field(default_factory=dict)  # message placeholders
    span: tuple[int, int] | None = None  # characters of the anchor's value

    def __getattr__(self, name: str) -> Any:
        try:
            return self.fields[name]  # type: ignore[index]
        except (KeyError, AttributeError):
            return None


_PROVIDERS: dict[str, Callable[..., list[Facts]]] = {}


def facts_of(target: str, rule: Rule, ctx: Context) -> list[Facts]:
    """The facts of `target` for this draft (computed once per draft and target)."""
    cache: dict[str, list[Facts]] = ctx.scratch.setdefault("facts", {})
    found = cache.get(target)
    if found is None:
        provider = _PROVIDERS.get(target)
        if provider is None:
            module, _, name = TARGETS[target].partition(":")
            provider = _PROVIDERS[target] = getattr(importlib.import_module(module), name)
        found = cache[target] = provider(rule, ctx)
    return found
