"""Which rules run, at which severity, for which platform and category."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from listlint.findings import Severity
from listlint.kinds import kind
from listlint.kinds.base import Rule


def matches_prefix(rule_id: str, prefix: str) -> bool:
    """``adlaw`` and ``adlaw/absolute-terms`` both match ``adlaw/absolute-terms``."""
    prefix = prefix.strip().rstrip("/")
    return rule_id == prefix or rule_id.startswith(prefix + "/")


class Selection:
    """The config's ``select`` / ``ignore`` / ``severity`` applied to rule ids."""

    def __init__(
        self,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        severity: Mapping[str, str] | None = None,
    ) -> None:
        self.select, self.ignore = list(select), list(ignore)
        self.severity = dict(severity or {})

    def selected(self, rule_id: str) -> bool:
        if self.select and not any(matches_prefix(rule_id, p) for p in self.select):
            return False
        return not any(matches_prefix(rule_id, p) for p in self.ignore)

    def severity_override(self, rule_id: str) -> Severity | None:
        """The configured severity of the longest matching prefix, if any."""
        best: tuple[int, str] | None = None
        for prefix, level in self.severity.items():
            if matches_prefix(rule_id, prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), level)
        return Severity.parse(best[1]) if best else None


class Plans:
    """The selected rules that apply to a platform and category, with their check functions:
    decided once per (platform, category), not once per draft and rule."""

    LIMIT = 4096

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = list(rules)
        self._plans: dict[tuple[str, str, str | None], list[tuple[Rule, Any]]] = {}

    def __call__(
        self, platform: str, category: str, family: str | None = None
    ) -> list[tuple[Rule, Any]]:
        key = (platform, category, family)
        plan = self._plans.get(key)
        if plan is None:
            plan = []
            for rule in self.rules:
                k = kind(rule.kind)
                if rule.applies_to(platform, category, family) and k.applies(
                    rule, platform, category, family
                ):
                    plan.append((rule, k.check))
            if len(self._plans) >= self.LIMIT:
                self._plans.clear()
            self._plans[key] = plan
        return plan
