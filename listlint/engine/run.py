"""Run the rules on loaded drafts: the platform and rule plan of each draft, the checks, the
config's severities, de-duplication and suppressions.  No I/O but what the checks do."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from listlint.draft.load import Content, LoadedDraft, load_draft
from listlint.engine.select import Plans
from listlint.engine.suppress import apply as apply_suppressions
from listlint.findings import Finding
from listlint.kinds import kind
from listlint.kinds.base import Context, Rule
from listlint.kinds.regexes import budget as regex_budget
from listlint.platforms import Platform

if TYPE_CHECKING:
    from listlint.engine.resources import Resources

log = logging.getLogger(__name__)


class Checker:
    """Checks drafts with the rules of `resources`; `today` (default: the config's, else the
    current date) is the date documents are judged on."""

    def __init__(self, resources: Resources, today: date | None = None) -> None:
        self.resources = resources
        self.config = resources.config
        self.selection = resources.selection
        self.plans = Plans(resources.selected_rules())
        self._today = today or resources.config.today
        self._clock: tuple[float, date] | None = None

    @property
    def rules(self) -> list[Rule]:
        return self.plans.rules

    def today(self) -> date:
        """The configured date, or today's (looked up at most once a minute)."""
        if self._today is not None:
            return self._today
        now = time.monotonic()
        if self._clock is None or now - self._clock[0] > 60:
            self._clock = (now, date.today())
        return self._clock[1]

    def platform_of(self, doc: LoadedDraft) -> str:
        """The draft's platform id (its alias resolved), else the config's; an unknown name is
        reported on the draft (``draft/unknown-platform``) and the default platform is used."""
        written = doc.draft.platform if doc.draft is not None else None
        if not written:
            return self.config.platform
        platforms = self.resources.platforms
        found = platforms.resolve(written)
        if found is not None:
            return found
        if any(f.rule == "draft/unknown-platform" for f in doc.findings):
            return self.config.platform  # reported already (a second check of this draft)
        guess = platforms.suggest(written)
        doc.report(
            "draft/unknown-platform",
            None,
            "platform",
            match=written,
            name=written,
            hint=f"，是否想写 {guess}？" if guess else "",
            default=self.config.platform,
            platforms="、".join(platforms.ids),
        )
        return self.config.platform

    def check_doc(
        self,
        doc: LoadedDraft,
        rules: Iterable[Rule] | None = None,
        *,
        default_profiles: bool = False,
    ) -> list[Finding]:
        """Findings of one loaded draft.  ``rules``: only these (pack self-tests), with the
        platforms as shipped when ``default_profiles`` (the user's overrides must not change
        what a pack's examples mean)."""
        doc.messages = doc.messages or self.resources.messages
        found = list(doc.findings)
        if doc.draft is not None:
            platform = self.platform_of(doc)
            found = [*doc.findings, *self._run(doc, platform, rules, default_profiles)]
        # an explicit rule list (a pack's self-test) runs whatever the selection says
        findings = [f for f in found if rules is not None or self.selection.selected(f.rule)]
        for f in findings:
            override = self.selection.severity_override(f.rule)
            if override is not None:
                f.severity = override
        return apply_suppressions(
            self.resources, self.selection, doc, dedupe(findings), report_unused=rules is None
        )

    def _run(
        self, doc: LoadedDraft, platform: str, rules: Iterable[Rule] | None, default: bool
    ) -> list[Finding]:
        platforms = self.resources.builtin_platforms if default else self.resources.platforms
        profile = platforms.get(platform) or Platform(platform)
        ctx = Context(doc, platform, profile, self.today(), self.resources)
        if rules is None:
            plan = self.plans(platform, ctx.category)
        else:
            plan = [(r, kind(r.kind).check) for r in rules if r.applies_to(platform, ctx.category)]
        out: list[Finding] = []
        with regex_budget():  # limited regex searches: bounded time per text and per draft
            for rule, check in plan:
                try:
                    out.extend(check(rule, ctx))
                except MemoryError:  # not a rule's bug: the run cannot go on (exit 2)
                    raise
                except Exception as exc:  # a bug in a check must not stop the run
                    log.debug("rule %s crashed", rule.id, exc_info=True)
                    error = repr(exc)[:300]
                    out.append(doc.make("draft/internal-error", rule=rule.id, error=error))
        return out

    def check_file(
        self, file: Path, display: str, content: Content | None = None
    ) -> tuple[list[Finding], list[Path]]:
        """Findings of one file, and the local files (images, scans) they depend on;
        `content`: the file as already read (``draft.load.read_content``)."""
        out: list[Finding] = []
        deps: list[Path] = []
        for doc in load_draft(
            file, display, self.resources.limits, content, self.resources.messages
        ):
            out.extend(self.check_doc(doc))
            deps.extend(local_files(doc))
        return out, deps


def local_files(doc: LoadedDraft) -> list[Path]:
    """Files inside the draft's folder that findings depend on (never outside paths)."""
    if doc.draft is None:
        return []
    from listlint.kinds.documents import classify

    names = [im.path for im in doc.draft.images] + [d.file for d in doc.draft.documents if d.file]
    out = []
    for name in names:
        status, target = classify(doc.root, name)
        if status == "local" and target is not None and "\0" not in name:
            out.append(target)
    return out


def dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int, int, int, int, str]] = set()
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        key = (f.rule, f.line, f.column, f.end_line, f.end_column, f.field)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
