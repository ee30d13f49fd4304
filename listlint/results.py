"""A run's result: what the library API returns and what every reporter reads."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from listlint.findings import Finding, Severity

if TYPE_CHECKING:
    from listlint.kinds.base import Rule


@dataclass
class Report:
    """Findings of a run, the rules that ran (for rule descriptions in SARIF and statistics),
    and counts of what was read, checked and left out."""

    files: int
    findings: list[Finding]
    rules: Sequence[Rule] = ()
    selected: frozenset[str] = frozenset()  # ids of the rules selected in this run
    paths: list[str] = field(default_factory=list)  # display paths of the checked files
    stats: Counter[str] = field(default_factory=Counter)  # skipped files, hidden advice …
    notes: list[str] = field(default_factory=list)  # one-line notes for the summary
    # the bytes of the drafts with findings, as read for their check (display path → bytes):
    # reporters that show the text (tree, html) never read a file again
    sources: dict[str, bytes] = field(default_factory=dict)
    today: date | None = None  # the check date (expiry checks; days to expiry in reports)
    fail_on: str = "error"  # the lowest severity that fails the run (the summary's verdict)
    advice_hidden: int = 0  # advice findings left out of `findings` (shown with --advice)

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def summary(self) -> dict[str, int]:
        """Findings per severity; ``advice`` counts the advice shown, ``advice_hidden`` the
        advice left out (keys added to the JSON contract's summary, never renamed)."""
        counts = {"error": 0, "warning": 0, "info": 0, "advice": 0}
        for f in self.findings:
            counts[f.severity.label] = counts.get(f.severity.label, 0) + 1
        counts["advice_hidden"] = self.advice_hidden
        return counts

    def failed(self, fail_on: str | None = None) -> bool:
        """Whether a finding reaches the failing severity (`fail_on`, else the run's)."""
        fail_on = fail_on or self.fail_on
        if fail_on == "never":
            return False
        level = Severity.parse(fail_on)
        return any(f.severity >= level for f in self.findings)

    def failing_files(self) -> int:
        """Files with a finding that fails the run."""
        if self.fail_on == "never":
            return 0
        level = Severity.parse(self.fail_on)
        return len({f.path for f in self.findings if f.severity >= level})
