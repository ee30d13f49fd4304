"""A run's result: what the library API returns and what every reporter reads."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from listlint.findings import Finding, Severity

if TYPE_CHECKING:
    from listlint.kinds.base import Rule


ROW_COUNTS = ("rows_read", "rows_checked", "rows_rejected")


class FindingStream:
    """Findings reported while they are produced (a catalogue run: a million rows' findings
    are never held at once).  Read once, in report order; the counts by severity and the
    paths with findings are kept as they pass, for the summary that ends a report."""

    def __init__(self, source: Iterable[Finding], *, hide_advice: bool = False) -> None:
        self._source = iter(source)
        self.counts: Counter[Severity] = Counter()
        self.paths: set[str] = set()
        # the paths with a finding of each severity (the files that fail the run)
        self.paths_by_severity: dict[Severity, set[str]] = {s: set() for s in Severity}
        self.hide_advice = hide_advice
        self.hidden = 0  # advice left out (hide_advice)
        self.consumed = False
        self.stats: Counter[str] = Counter()  # a catalogue's rows read, checked, rejected

    def __iter__(self) -> Iterator[Finding]:
        if self.consumed:
            raise RuntimeError("a finding stream is read once")
        self.consumed = True
        counts, paths, by_severity = self.counts, self.paths, self.paths_by_severity
        hide = self.hide_advice
        for f in self._source:
            if hide and f.severity is Severity.ADVICE:
                self.hidden += 1
                continue
            counts[f.severity] += 1
            paths.add(f.path)
            by_severity[f.severity].add(f.path)
            yield f

    def drain(self) -> None:
        """Read what is left (the run's status needs every finding counted)."""
        if not self.consumed:
            for _ in self:
                pass


@dataclass
class Report:
    """Findings of a run, the rules that ran (for rule descriptions in SARIF and statistics),
    and counts of what was read, checked and left out."""

    files: int
    findings: list[Finding] | FindingStream
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
    skipped_non_drafts: int = 0  # files that hold no draft keys (``draft/not-a-draft``)

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    @property
    def streamed(self) -> bool:
        return isinstance(self.findings, FindingStream)

    def by_severity(self) -> Counter[Severity]:
        if isinstance(self.findings, FindingStream):
            self.findings.drain()
            return self.findings.counts
        return Counter(f.severity for f in self.findings)

    def paths_with_findings(self) -> int:
        if isinstance(self.findings, FindingStream):
            self.findings.drain()
            return len(self.findings.paths)
        return len({f.path for f in self.findings})

    def summary(self) -> dict[str, int]:
        """Findings per severity; ``advice`` counts the advice shown, ``advice_hidden`` the
        advice left out, ``skipped_non_drafts`` the files without draft keys; after a catalogue
        run also the rows read, checked and rejected (keys added to the JSON contract's
        summary, never renamed)."""
        counts = {"error": 0, "warning": 0, "info": 0, "advice": 0}
        for severity, n in sorted(self.by_severity().items()):
            counts[severity.label] = counts.get(severity.label, 0) + n
        counts["advice_hidden"] = self.hidden_advice()
        counts["skipped_non_drafts"] = self.skipped_non_drafts
        if self.stats.get("catalogues"):
            for key in ROW_COUNTS:
                counts[key] = self.stats[key]
        return counts

    def failed(self, fail_on: str | None = None) -> bool:
        """Whether a finding reaches the failing severity (`fail_on`, else the run's)."""
        fail_on = fail_on or self.fail_on
        if fail_on == "never":
            return False
        level = Severity.parse(fail_on)
        return any(n and severity >= level for severity, n in self.by_severity().items())

    def hidden_advice(self) -> int:
        """Advice left out of the findings (of the drafts, and of a streamed catalogue)."""
        if isinstance(self.findings, FindingStream):
            self.findings.drain()
            return self.advice_hidden + self.findings.hidden
        return self.advice_hidden

    def failing_files(self) -> int:
        """Files with a finding that fails the run."""
        if self.fail_on == "never":
            return 0
        level = Severity.parse(self.fail_on)
        if isinstance(self.findings, FindingStream):
            self.findings.drain()
            groups = self.findings.paths_by_severity
            return len(set().union(*(p for s, p in groups.items() if s >= level)))
        return len({f.path for f in self.findings if f.severity >= level})
