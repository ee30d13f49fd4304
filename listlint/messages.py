"""Finding texts as data.  Every rule's message, suggestion, reference and message variants
live in its pack (``message``, ``suggestion``, ``reference``, ``messages: {key: …}``); the
findings that code outside a rule kind reports (the draft loader's ``draft/*``, suppressions,
internal errors) take their texts from here, so a reviewer corrects a message in YAML without
reading Python.

A variant is ``{text, suggestion, severity}`` or just a text; placeholders are ``{name}``.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from listlint.findings import Severity


class _Default(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with ``{name}`` placeholders filled; unknown names stay as written."""
    if "{" not in template:
        return template
    try:
        return template.format_map(_Default(values))
    except (ValueError, IndexError, AttributeError):
        return template


@dataclass(frozen=True, slots=True)
class Text:
    """A finding's texts."""

    message: str
    suggestion: str | None
    reference: str
    severity: Severity


@dataclass(frozen=True, slots=True)
class _Rule:
    message: str
    suggestion: str | None
    reference: str
    severity: Severity
    variants: Mapping[str, tuple[str, str | None, Severity | None]]
    data: Mapping[str, Any]


class Messages:
    """Texts of rules by id and variant key."""

    def __init__(self, rules: Mapping[str, _Rule]) -> None:
        self.rules = dict(rules)

    @classmethod
    def from_specs(cls, specs: Any, data: Mapping[str, Any] | None = None) -> Messages:
        """From rule specs (``packs.model.RuleSpec`` or their dicts) of one pack."""
        out: dict[str, _Rule] = {}
        for spec in specs:
            get = (
                spec.get if isinstance(spec, dict) else (lambda k, d=None, s=spec: getattr(s, k, d))
            )
            variants: dict[str, tuple[str, str | None, Severity | None]] = {}
            for key, value in (get("messages") or {}).items():
                if isinstance(value, str):
                    variants[key] = (value, None, None)
                else:
                    raw = value if isinstance(value, dict) else value.model_dump()
                    sev = raw.get("severity")
                    variants[key] = (
                        raw["text"],
                        raw.get("suggestion"),
                        Severity.parse(sev) if sev else None,
                    )
            out[get("id")] = _Rule(
                message=get("message") or "",
                suggestion=get("suggestion"),
                reference=get("reference") or "",
                severity=Severity.parse(get("severity") or "warning"),
                variants=variants,
                data=dict(data or {}),
            )
        return cls(out)

    def text(self, rule: str, variant: str | None = None, /, **values: Any) -> Text:
        """The texts of `rule` (its `variant`), placeholders filled from `values`."""
        found = self.rules.get(rule)
        if found is None:
            return Text(fill(variant or rule, values), None, "", Severity.ERROR)
        message, suggestion, severity = found.message, found.suggestion, found.severity
        if variant is not None and variant in found.variants:
            text, sugg, sev = found.variants[variant]
            message = text
            suggestion = sugg if sugg is not None else suggestion
            severity = sev if sev is not None else severity
        return Text(
            fill(message, values),
            fill(suggestion, values) if suggestion else None,
            found.reference,
            severity,
        )

    def data(self, rule: str) -> Mapping[str, Any]:
        found = self.rules.get(rule)
        return found.data if found is not None else {}


_lock = threading.Lock()
_builtin: Messages | None = None


def builtin() -> Messages:
    """The texts of the built-in ``draft`` pack (rules/packs/draft.yaml), read once: what the
    draft loader reports when no run passed its own."""
    global _builtin
    if _builtin is None:
        with _lock:
            if _builtin is None:
                from listlint.data import builtin_rules_dir, read_yaml

                data, _ = read_yaml(builtin_rules_dir() / "packs" / "draft.yaml")
                _builtin = Messages.from_specs(data.get("rules") or [], data.get("data") or {})
    return _builtin
