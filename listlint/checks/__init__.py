"""Rule kinds.  A kind is code (a module here); a rule is data (YAML in a pack)."""

from __future__ import annotations

import importlib
from types import ModuleType

KINDS: dict[str, str] = {
    "terms": "listlint.checks.terms",
    "pattern": "listlint.checks.pattern",
    "length": "listlint.checks.length",
    "required": "listlint.checks.required",
    "compare": "listlint.checks.compare",
    "structure": "listlint.checks.structure",
    "documents": "listlint.checks.documents",
    "image": "listlint.checks.image",
    "sku": "listlint.checks.sku",
    "listing": "listlint.checks.listing",
    "loader": "listlint.checks.loader",
}


_MODULES: dict[str, ModuleType] = {}


def kind_module(kind: str) -> ModuleType:
    module = _MODULES.get(kind)
    if module is None:
        module = _MODULES[kind] = importlib.import_module(KINDS[kind])
    return module
