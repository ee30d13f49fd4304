"""Rule kinds.  A kind is code (one module here); a rule is data (YAML in a pack).

Every kind module follows the protocol of ``listlint.kinds.base.Kind``: a ``Params`` model of
its own keys and ``check(rule, ctx)``, plus optional hooks.  ``kind(name)`` returns the kind
with every hook present (absent hooks are no-ops), so callers never probe modules by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

KINDS: dict[str, str] = {
    "terms": "listlint.kinds.terms",
    "pattern": "listlint.kinds.pattern",
    "length": "listlint.kinds.length",
    "required": "listlint.kinds.required",
    "compare": "listlint.kinds.compare",
    "structure": "listlint.kinds.structure",
    "documents": "listlint.kinds.documents",
    "image": "listlint.kinds.image",
    "sku": "listlint.kinds.sku",
    "listing": "listlint.kinds.listing",
    "loader": "listlint.kinds.loader",
}


def _never(*_: Any) -> None:
    return None


def _always(*_: Any) -> bool:
    return True


def _nothing(*_: Any) -> tuple[()]:
    return ()


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind's module seen through the protocol (see ``listlint.kinds.base``)."""

    name: str
    Params: Any
    check: Callable[..., Iterable[Any]]
    prepare: Callable[..., None]
    applies: Callable[..., bool]
    dictionary_words: Callable[..., Iterable[str]]
    shared: Callable[..., Any] | None
    restore: Callable[..., None]


_LOADED: dict[str, Kind] = {}


def kind(name: str) -> Kind:
    found = _LOADED.get(name)
    if found is None:
        module = importlib.import_module(KINDS[name])
        found = _LOADED[name] = Kind(
            name=name,
            Params=module.Params,
            check=module.check,
            prepare=getattr(module, "prepare", _never),
            applies=getattr(module, "applies", _always),
            dictionary_words=getattr(module, "dictionary_words", _nothing),
            shared=getattr(module, "shared", None),
            restore=getattr(module, "restore", _never),
        )
    return found
